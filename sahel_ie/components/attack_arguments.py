"""Argument finders for an attack trigger: perpetrator, targets, location, date, from the dependency parse.

Each finder starts at the trigger and walks a few typed arcs: the subject of an active trigger verb or the
"by" agent of a passive one is the perpetrator; the object of an active verb or the subject of a passive
one is the target; prepositions "in / near / between / at / outside" under the trigger, its target or its
clause give the place. Nouns get the same treatment through their own arcs ("attack by X on Y in Z",
"the JNIM attack", "Friday's assault"). Knowledge-base look-ups (actors, places) go through the other
modules' public interfaces and degrade to unresolved values when those are missing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from sahel_ie.components.attack_triggers import is_verbal
from sahel_ie.kb.actors import ActorKB, default_kb
from sahel_ie.kb.places import Gazetteer, default_gazetteer
from sahel_ie.records import ActorRef, DateValue, Evidence, Location, Target
from sahel_ie.resources import read_json

ACTOR_LABELS = {"ARMED_GROUP", "MILITIA", "STATE_FORCE", "FOREIGN_FORCE", "INTL_MISSION", "GOV_BODY"}
GENERIC_LABEL = "UNKNOWN_ACTOR"
PLACE_LABELS = {"PLACE", "REGION", "COUNTRY", "FEATURE", "GPE", "LOC", "FAC"}
NEAR_WORDS = {"near", "outside", "around", "close", "nearby", "from", "off", "north", "south", "east", "west",
              "km", "kilometres", "kilometers", "miles"}
LOCATIVE_PREPS = {"in", "near", "at", "outside", "around", "between", "on", "along", "inside", "within", "of",
                  "from", "to", "close", "into", "across"}
NAMING_WORDS = {"named", "called", "dubbed", "christened"}
SUSPECT_WORDS = {"suspected", "presumed", "alleged", "purported", "believed", "likely", "probable"}
DIRECTION_ADJ = {"northern", "southern", "eastern", "western", "central", "north", "south", "east", "west",
                 "northeastern", "northwestern", "southeastern", "southwestern", "north-eastern", "north-western",
                 "south-eastern", "south-western", "northeast", "northwest", "southeast", "southwest"}
WEEKDAY_INDEX = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
                 "sunday": 6}


# ---------------------------------------------------------------- knowledge-base access

def actor_kb() -> ActorKB:
    """The shared actor knowledge base (loaded once per process)."""
    return default_kb()


def gazetteer() -> Gazetteer:
    """The shared place gazetteer (loaded once per process)."""
    return default_gazetteer()


@lru_cache(maxsize=1)
def target_lexicon() -> dict:
    data = read_json("lexicons/targets.json")
    heads: dict[str, str] = {}
    for category, words in data["heads"].items():
        for word in words:
            heads.setdefault(word.lower(), category)
    modifiers: dict[str, str] = {}
    for category, words in data["modifiers"].items():
        for word in words:
            modifiers.setdefault(word.lower(), category)
    return {"heads": heads, "modifiers": modifiers, "labels": data["entity_labels"],
            "raid": set(w.lower() for w in data.get("raid_targets", [])),
            "casualty_groups": dict(data.get("casualty_groups", {})),
            "attackers": set(w.lower() for w in data["attacker_heads"])}


# ---------------------------------------------------------------- helpers

def evidence_of(span: Span | Token, sent_index: int | None) -> Evidence:
    if isinstance(span, Token):
        span = span.doc[span.i:span.i + 1]
    return Evidence(span.start_char, span.end_char, sent_index, span.text)


def entity_at(token: Token) -> Span | None:
    """The entity covering ``token``, read from its IOB tags.

    ``doc.ents`` builds fresh Span objects on every access, so scanning it per token was a hot spot; the
    token's own IOB tags give the same span directly.
    """
    if not token.ent_type:
        return None
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return Span(doc, start, end, label=token.ent_type, kb_id=token.ent_kb_id, span_id=token.ent_id)


def noun_phrase(token: Token, drop_det: bool = True) -> Span:
    """The token's left modifiers + token + 'of'-less right compounds, minus leading determiners."""
    doc = token.doc
    left = [t for t in token.lefts if t.dep_ in {"det", "amod", "compound", "nummod", "poss", "nmod", "case",
                                                 "quantmod", "npadvmod", "punct", "advmod"}]
    start = min([t.left_edge.i for t in left] + [token.i])
    end = token.i + 1
    ent = entity_at(token)
    if ent is not None:
        start, end = min(start, ent.start), max(end, ent.end)
    while drop_det and start < token.i and doc[start].dep_ in {"det", "punct", "case"}:
        start += 1
    return doc[start:end]


def clause_verb(trigger: Span) -> Token:
    """The verb whose clause the trigger belongs to (the trigger itself when verbal)."""
    token = trigger.root
    if is_verbal(trigger):
        return token
    seen = 0
    while token.head is not token and seen < 6:
        token = token.head
        seen += 1
        if token.pos_ in {"VERB", "AUX"}:
            return token
    return trigger.root


OCCURRENCE_VERBS = {"kill", "wound", "injure", "die", "happen", "occur", "take", "leave", "target", "hit", "strike",
                    "cost", "erupt", "break", "unfold", "start", "begin", "perish", "lose", "claim", "tear",
                    "rock", "destroy", "carry", "launch", "conduct", "mount", "stage", "commit", "perpetrate",
                    "fall", "suffer", "repel", "repulse", "survive", "face", "blow", "detonate", "explode"}


def event_verb(trigger: Span) -> Token | None:
    """For a noun trigger, the verb that reports the event itself ("the attack killed", "killed in an
    ambush", "an attack took place"), whose dates and places are the attack's; None for other verbs
    ("claimed the attack", "left ... since the attack")."""
    root = trigger.root
    if is_verbal(trigger):
        return root
    head = root.head
    if root.dep_ in {"nsubj", "nsubjpass", "dobj"} and head.lemma_.lower() in OCCURRENCE_VERBS:
        return head
    if root.dep_ == "pobj" and head.lower_ in {"in", "during", "by", "from"}:
        verb = head.head
        if verb.pos_ in {"VERB", "AUX"} and verb.lemma_.lower() in OCCURRENCE_VERBS:
            return verb
    return None


def event_scope(trigger: Span) -> set[int]:
    """Token indices whose dates and places belong to the trigger's event."""
    verb = event_verb(trigger)
    tokens = {t.i for t in trigger.root.subtree}
    if verb is not None and verb.dep_ in {"advcl", "conj", "xcomp"} and verb.head.lemma_.lower() in OCCURRENCE_VERBS:
        # "soldiers were killed on Wednesday when militants ambushed ...": the main verb's date and place
        for child in verb.head.children:
            if child.dep_ in {"prep", "npadvmod", "advmod"} and child.i not in tokens:
                tokens.update(t.i for t in child.subtree)
    if verb is not None:
        for child in verb.children:
            if child.dep_ in {"ccomp", "conj", "advcl", "relcl", "parataxis"} and child.i not in tokens:
                if child.pos_ in {"VERB", "AUX"} and not (child.i <= trigger.root.i and trigger.root.i in
                                                            {t.i for t in child.subtree}):
                    continue
            tokens.update(t.i for t in child.subtree)
        tokens.add(verb.i)
    return tokens


def is_reference(trigger: Span) -> bool:
    """Noun triggers that point at an attack rather than report one: "since the attack", "after the
    massacre of Inates", "the deadliest attack the country has suffered"."""
    root = trigger.root
    if is_verbal(trigger):
        # "an Australian doctor abducted in Mali": a participle describing someone, not a report
        return root.dep_ == "acl" and root.tag_ == "VBN" and root.head.tag_ in {"NN", "NNS", "NNP"} and not any(
            c.dep_ == "agent" for c in root.children)
    if root.dep_ == "pobj" and root.head.lower_ in {"since", "after", "before", "following", "like"}:
        definite = any(c.dep_ in {"det", "poss"} and c.lower_ not in {"a", "an"} for c in root.children)
        # "two months after an attack in January on the UN camp": an earlier event, told as background
        distant = any(c.dep_ == "npadvmod" and c.lemma_.lower() in {"month", "year", "week", "decade"}
                      for c in root.head.children)
        if root.head.lower_ == "since" or definite or distant:
            return True
    if any(c.tag_ in {"JJS", "RBS"} for c in root.children):
        return True
    if root.dep_ == "dobj" and root.head.lemma_.lower() in {"recall", "condemn", "remember", "mark", "commemorate",
                                                             "investigate", "denounce", "follow"}:
        return True
    return False


# ---------------------------------------------------------------- perpetrator

@dataclass
class Perpetrator:
    token: Token
    span: Span
    certainty: str


def _agent_token(trigger: Span) -> Token | None:
    root = trigger.root
    if is_verbal(trigger):
        passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in root.children)
        if (root.tag_ == "VBN" and root.dep_ in {"pcomp", "acl", "advcl", "amod"}
                and not any(c.dep_ == "aux" for c in root.children)):
            passive = True  # "with three people kidnapped": a bare participle's subject is its victim
        for child in root.children:
            if child.dep_ == "agent":
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        return grand
        if passive:
            # "eleven soldiers were killed and two dozen wounded by jihadists": the agent of a conjoined
            # passive verb acts in both; a conjunct with a subject of its own ("and survivors were found by
            # the army") is another clause with another agent
            for other in [*root.conjuncts]:
                if other.tag_ == "VBN" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in other.children):
                    for child in other.children:
                        if child.dep_ == "agent":
                            for grand in child.children:
                                if grand.dep_ == "pobj":
                                    return grand
        if not passive:
            # "jihadists targeting a military base": the noun the participle describes is the attacker
            if root.dep_ == "acl" and root.tag_ == "VBG" and root.head.pos_ in {"NOUN", "PROPN"}:
                return root.head
            # the closest subject: a parse run across a line break can give a verb two
            for child in sorted(root.children, key=lambda c: abs(c.i - root.i)):
                if child.dep_ == "nsubj":
                    return child
            # "... and ambushed" sharing the first verb's subject
            if root.dep_ == "conj":
                for child in root.head.children:
                    if child.dep_ == "nsubj":
                        return child
            # "gunmen stormed the village, killing 12" : participle takes the main subject
            if root.dep_ in {"advcl", "xcomp"} and root.tag_ == "VBG":
                for child in root.head.children:
                    if child.dep_ == "nsubj":
                        return child
        return None
    # nouns: "attack by X", "X attack", "X's attack", "X carried out / launched an attack"
    for child in root.children:
        if child.dep_ == "prep" and child.lower_ == "by":
            for grand in child.children:
                if grand.dep_ == "pobj":
                    return grand
    for child in root.children:  # "an attack blamed on jihadists", "attacks attributed to JNIM"
        if child.dep_ == "acl" and child.lemma_.lower() in BLAME_VERBS:
            for prep in child.children:
                if prep.dep_ == "prep" and prep.lower_ in {"on", "to"}:
                    for pobj in prep.children:
                        if pobj.dep_ == "pobj":
                            return pobj
    for child in root.children:  # "drone strikes carried out by the Malian army"
        if child.dep_ == "acl" and child.lemma_.lower() in {"carry", "conduct", "launch", "lead", "mount",
                                                            "perpetrate", "claim", "stage"}:
            for grand in child.children:
                if grand.dep_ == "agent":
                    for pobj in grand.children:
                        if pobj.dep_ == "pobj":
                            return pobj
    for child in root.children:
        if child.i < trigger.start and child.dep_ in {"compound", "poss", "amod", "nmod"}:
            ent = entity_at(child)
            if ent is not None and (ent.label_ in ACTOR_LABELS or ent.label_ == GENERIC_LABEL):
                return child
    if root.dep_ in {"dobj", "nsubjpass"} and root.head.lemma_.lower() in {
        "carry", "launch", "conduct", "mount", "stage", "perpetrate", "commit", "lead", "execute", "orchestrate",
    }:
        verb = root.head
        for child in verb.children:
            if child.dep_ == "nsubj" and root.dep_ == "dobj":
                return child
            if child.dep_ == "agent":
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        return grand
    return None


def _is_attacker(token: Token) -> bool:
    ent = entity_at(token)
    if ent is not None and (ent.label_ in ACTOR_LABELS or ent.label_ == GENERIC_LABEL):
        return True
    if token.lower_ in target_lexicon()["attackers"] or token.lemma_.lower() in target_lexicon()["attackers"]:
        return True
    return any(entity_at(c) is not None and entity_at(c).label_ in ACTOR_LABELS | {GENERIC_LABEL}
               for c in token.children if c.dep_ in {"compound", "amod", "nmod"})


BLAME_VERBS = frozenset({"blame", "attribute", "ascribe", "impute", "pin"})


def _speaker_for(pronoun: Token) -> Token:
    """"France's armed forces said that they had launched a drone strike": the pronoun in a reported clause
    stands for the speaker of the reporting verb above it, when that speaker is a noun."""
    verb = pronoun.head
    if verb.dep_ == "ccomp" and verb.head.pos_ in {"VERB", "AUX"}:
        for child in verb.head.children:
            if child.dep_ == "nsubj" and child.pos_ in {"NOUN", "PROPN"}:
                return child
    return pronoun


def find_perpetrator(trigger: Span, require_attacker: bool = False) -> Perpetrator | None:
    token = _agent_token(trigger)
    if token is None or token.pos_ == "PRON" and token.lower_ not in {"they", "we"}:
        return None
    if token.i >= trigger.start and token.i < trigger.end:
        return None
    if token.lower_ in {"they", "we"}:
        token = _speaker_for(token)
    if require_attacker and not _is_attacker(token):
        return None
    # "a group of gunmen": take the noun of the "of" phrase
    if token.lower_ in {"group", "band", "dozens", "hundreds", "number", "unit"}:
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        token = grand
    # "fighters of Jama'at Nusrat al-Islam wal-Muslimin (JNIM)": the organisation named after "of"
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in {"of", "from", "belonging"}:
            for grand in child.children:
                ent = entity_at(grand)
                if grand.dep_ == "pobj" and ent is not None and ent.label_ in ACTOR_LABELS:
                    token = grand
    span = noun_phrase(token)
    words = {t.lower_ for t in token.subtree}
    certainty = "suspected" if words & SUSPECT_WORDS else "stated"
    blamed = token.head if token.dep_ == "pobj" else None
    if blamed is not None and blamed.head.lemma_.lower() in BLAME_VERBS:
        certainty = "suspected"  # "blamed on jihadists": an attribution, not an account of who attacked
    # "suspected jihadists": keep the actor words only
    start = span.start
    while start < token.i and span.doc[start].lower_ in SUSPECT_WORDS | {"unidentified", "unknown", "armed"} - {"armed"}:
        start += 1
    if start < span.start:
        start = span.start
    span = span.doc[start:span.end]
    if span and span[0].lower_ in SUSPECT_WORDS:
        span = span.doc[span.start + 1:span.end]
    return Perpetrator(token=token, span=span, certainty=certainty)


def actor_ref(perp: Perpetrator, sent_index: int | None, date: str | None) -> ActorRef:
    """Resolve the perpetrator's words: KB entity id first, then the KB resolver; generic attackers
    ("gunmen", "suspected jihadists") stay unresolved with kind "unknown"."""
    ent = None
    for candidate in [perp.token, *perp.token.children]:
        found = entity_at(candidate)
        if found is not None and found.label_ in ACTOR_LABELS and found.ent_id_:
            ent = found
            break
    kb = actor_kb()
    if ent is not None:
        actor = kb.get(ent.ent_id_)
    else:
        resolution = kb.resolve(perp.span.text, date, perp.token.doc._.abbreviations)
        actor = resolution.actor if resolution is not None else None
    text = ent.text if ent is not None and len(ent.text) >= len(perp.span.text) - 1 else perp.span.text
    evidence = [evidence_of(perp.span, sent_index)]
    if actor is None:
        generic = kb.generic_kind(perp.span.text)
        certainty = "suspected" if generic is not None and generic.get("hedge") else perp.certainty
        return ActorRef(text=text, actor_id=None, name=None, kind="unknown", certainty=certainty,
                        evidence=evidence)
    return ActorRef(text=text, actor_id=actor.id, name=actor.name_on(date), kind=actor.type or "unknown",
                    certainty=perp.certainty, evidence=evidence)


# ---------------------------------------------------------------- targets

def target_category(token: Token) -> str:
    lex = target_lexicon()
    if token.lemma_.lower() in {"convoy", "column", "group"}:
        # "a convoy of five buses": the convoy is what it carries
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        inner = target_category(grand)
                        if inner != "unknown":
                            return inner
    if token.lemma_.lower() in lex["raid"] or token.lower_ in lex["raid"]:
        # "a post of the Volunteers for the Defence of the Homeland": the post is whose it is
        for child in token.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for grand in child.children:
                    owner = entity_at(grand) if grand.dep_ == "pobj" else None
                    if owner is not None and owner.label_ in lex["labels"] and owner.label_ != "PLACE":
                        return lex["labels"][owner.label_]
    ent = entity_at(token)
    if ent is not None and ent.label_ in lex["labels"]:
        if ent.label_ != "PLACE":
            return lex["labels"][ent.label_]
    for child in token.children:
        if child.dep_ in {"amod", "compound", "nmod", "poss"}:
            found = entity_at(child)
            if found is not None and found.label_ in lex["labels"] and found.label_ != "PLACE":
                return lex["labels"][found.label_]
            if child.lower_ in lex["modifiers"]:
                return lex["modifiers"][child.lower_]
    phrase = noun_phrase(token).text.lower()
    for words in (phrase, f"{token.lower_}", token.lemma_.lower()):
        if words in lex["heads"]:
            return lex["heads"][words]
    for child in token.lefts:
        if child.dep_ in {"compound", "amod"} and child.lower_ in lex["heads"]:
            return lex["heads"][child.lower_]
    compound = " ".join(t.lower_ for t in token.lefts if t.dep_ == "compound") + " " + token.lower_
    if compound.strip() in lex["heads"]:
        return lex["heads"][compound.strip()]
    if ent is not None and ent.label_ == "PLACE":
        return "civilians"
    return "unknown"


def target_tokens(trigger: Span) -> list[Token]:
    root = trigger.root
    found: list[Token] = []
    if is_verbal(trigger):
        passive = any(c.dep_ in {"auxpass"} for c in root.children) or root.dep_ == "acl"
        for child in root.children:
            if child.dep_ == "dobj" or (passive and child.dep_ == "nsubjpass"):
                found.append(child)
        if passive and not found and root.dep_ in {"acl", "relcl"} and root.head.pos_ in {"NOUN", "PROPN"}:
            found.append(root.head)
        if not found:
            for child in root.children:
                if child.dep_ == "prep" and child.lower_ in {"on", "against"}:
                    found.extend(g for g in child.children if g.dep_ == "pobj")
        if found:
            # gapping: "attacked a post in Boni on Tuesday and a convoy near Hombori" parses the second
            # object as a conjunct of the verb
            found.extend(c for c in root.children if c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"}
                         and not any(g.dep_ in {"nsubj", "nsubjpass"} for g in c.children))
    else:
        for child in root.children:
            if child.dep_ == "prep" and child.lower_ in {"on", "against", "targeting", "of"}:
                for grand in child.children:
                    if grand.dep_ == "pobj" and (child.lower_ != "of" or target_category(grand) != "unknown"):
                        found.append(grand)
            if child.dep_ == "compound" and child.i < trigger.start:
                ent = entity_at(child)
                if ent is None or ent.label_ not in ACTOR_LABELS | {GENERIC_LABEL} | PLACE_LABELS:
                    if child.lower_ not in {"suicide", "mortar", "rocket", "drone", "car", "bomb", "gun",
                                            "militant", "jihadist", "terrorist"}:
                        found.append(child)
            if child.dep_ == "acl" and child.lower_ in {"targeting", "targetting"}:
                found.extend(g for g in child.children if g.dep_ == "dobj")
            if child.dep_ == "relcl" and child.lemma_.lower() in {"strike", "hit", "target", "affect"}:
                found.extend(g for g in child.children if g.dep_ == "dobj")
        # "the detachment ... was the target of a major attack", "the camp was the scene of an attack"
        if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_.lower() in {
                "target", "object", "scene", "victim", "site"}:
            noun = root.head.head
            if noun.dep_ in {"attr", "acomp"} and noun.head.lemma_.lower() == "be":
                found.extend(c for c in noun.head.children if c.dep_ in {"nsubj", "nsubjpass"}
                             and c.pos_ in {"NOUN", "PROPN"})
        # "the attacks targeted a boat ..."
        if root.dep_ == "nsubj" and root.head.lemma_.lower() in {"target", "hit", "strike", "affect"}:
            found.extend(c for c in root.head.children if c.dep_ == "dobj")
    verb = event_verb(trigger)
    if not found and verb is not None and verb is not root and verb.lemma_.lower() in {
            "kill", "target", "hit", "strike", "wound", "injure", "destroy"}:
        found.extend(c for c in verb.children if c.dep_ == "dobj")
    found = [t for t in found if not (trigger.start <= t.i < trigger.end)]
    if not found and trigger.end - trigger.start > 1:  # "set fire to a market"
        for token in trigger:
            if token.dep_ == "prep":
                found.extend(c for c in token.children if c.dep_ == "pobj")
    found = [t for t in found if not _is_time_word(t)]
    if not found:
        return []
    out: list[Token] = []
    for token in found:
        out.append(token)
        out.extend(t for t in token.conjuncts if t.i > token.i and t.pos_ in {"NOUN", "PROPN"})
    return out


def _is_time_word(token: Token) -> bool:
    """"an ambush on Saturday": a day is not a target."""
    ent = entity_at(token)
    return (ent is not None and ent.label_ in {"DATE", "TIME"}) or token.lower_ in WEEKDAY_INDEX or token.lower_ in {
        "night", "morning", "evening", "afternoon", "dawn", "day", "week"}


def make_target(token: Token, sent_index: int | None) -> Target:
    span = noun_phrase(token, drop_det=False)
    # cut relative clauses and prepositional tails: the noun phrase up to the head token
    return Target(text=span.text, category=target_category(token), evidence=[evidence_of(span, sent_index)])


# ---------------------------------------------------------------- location

@dataclass
class PlaceHit:
    ent: Span
    relation: str
    text_span: Span
    second: Span | None = None


def _is_named_thing(ent: Span) -> bool:
    """"a boat named Timbuktu": the name of a vehicle or vessel, not the place."""
    doc = ent.doc
    prev = doc[ent.start - 1] if ent.start > 0 else None
    if prev is not None and prev.is_quote and ent.start > 1:
        prev = doc[ent.start - 2]
    return prev is not None and prev.lower_ in NAMING_WORDS


def _place_ents_under(token: Token) -> list[tuple[Span, Token]]:
    """Place entities that are objects of locative prepositions below ``token``: (entity, preposition)."""
    hits: list[tuple[Span, Token]] = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in LOCATIVE_PREPS | {"near"}:
            for pobj in child.children:
                if pobj.dep_ != "pobj":
                    continue
                ent = entity_at(pobj)
                if ent is None and pobj.lemma_.lower() in SETTLEMENTS:
                    named = _settlement_name(pobj)
                    if named is not None:
                        hits.append((named, child))
                        continue
                if ent is None:
                    # "in the village of X", "in the Mopti region"; in "northern Benin's Pendjari National
                    # Park" the possessor only says where the park lies, so it is looked at last
                    owner = {t.i for c in pobj.children if c.dep_ == "poss" for t in c.subtree}
                    inner = [t for t in pobj.subtree if t.i not in owner]
                    for grand in inner + [t for t in pobj.subtree if t.i in owner]:
                        if grand.i in owner and pobj.pos_ == "PROPN":
                            break  # the possessed proper name below is the place, known or not
                        e = entity_at(grand)
                        if e is not None and e.label_ in PLACE_LABELS:
                            ent = e
                            break
                if ent is not None and ent.label_ in PLACE_LABELS and not _is_named_thing(ent):
                    hits.append((ent, child))
                elif (child.lower_ in {"in", "near", "at", "outside", "around", "between"} and pobj.pos_ == "PROPN"
                      and pobj.text[:1].isupper() and (ent is None or ent.label_ in {"ORG", "PERSON", "NORP"})
                      and not _is_named_thing(pobj.doc[pobj.i:pobj.i + 1])):
                    # a proper name after "in/near/at" that neither gazetteer nor NER knows: a small place
                    start = ent.start if ent is not None else min([t.i for t in pobj.lefts if t.dep_ == "compound"]
                                                                  + [pobj.i])
                    end = ent.end if ent is not None else pobj.i + 1
                    hits.append((Span(pobj.doc, start, end, label="UNKNOWN_PLACE"), child))
                elif pobj.lemma_.lower() in SETTLEMENTS:
                    named = _settlement_name(pobj)
                    if named is not None:
                        hits.append((named, child))
    return hits


SETTLEMENTS = {"village", "town", "locality", "hamlet", "commune", "city", "settlement"}
TOWN_LABELS = {"PLACE", "GPE", "FAC", "UNKNOWN_PLACE"}


def _settlement_compound(noun: Token) -> Span | None:
    """The proper name compounded before a settlement noun ("in Seytenga village"), if it is a place."""
    names = [t for t in noun.lefts if t.dep_ == "compound" and t.pos_ == "PROPN" and t.text[:1].isupper()]
    if not names:
        return None
    ent = entity_at(names[-1])
    if ent is not None and ent.label_ in ACTOR_LABELS | {GENERIC_LABEL, "COUNTRY", "REGION", "PERSON", "NORP"}:
        return None
    if ent is not None and ent.end <= noun.i:
        return Span(noun.doc, ent.start, ent.end, label="PLACE")
    start = names[0].i
    while start > 0 and noun.doc[start - 1].dep_ == "compound" and noun.doc[start - 1].head.i in {
            t.i for t in names} | {noun.i}:
        start -= 1
    return Span(noun.doc, start, names[-1].i + 1, label="PLACE")


def _settlement_name(noun: Token) -> Span | None:
    """"the village of Tadamakat": a proper noun the gazetteer and NER missed is still the place's name.
    "Seytenga village of northern Burkina Faso" names the village before the noun; the country after "of"
    only says where the village lies, so the name in front wins and a country or region is never the name."""
    named = _settlement_compound(noun)
    if named is not None:
        return named
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.pos_ == "PROPN":
                    ent = entity_at(pobj)
                    if ent is not None and ent.label_ in ACTOR_LABELS | {GENERIC_LABEL, "COUNTRY", "REGION"}:
                        return None
                    if ent is not None:
                        return Span(ent.doc, ent.start, ent.end, label="PLACE")
                    start = min(t.i for t in pobj.lefts if t.dep_ == "compound") if any(
                        t.dep_ == "compound" for t in pobj.lefts) else pobj.i
                    return Span(noun.doc, start, pobj.i + 1, label="PLACE")
    return None


def _relation(prep: Token, ent: Span, pobj_phrase: Span) -> str:
    low = prep.lower_
    words = {t.lower_ for t in pobj_phrase}
    if low == "between":
        return "between"
    if low in {"near", "outside", "around", "close"} or words & {"near", "outskirts", "vicinity", "km", "kilometres",
                                                                  "kilometers", "miles"}:
        return "near"
    if ent.label_ == "REGION" or "region" in words or "province" in words or words & DIRECTION_ADJ:
        return "region"
    if ent.label_ == "COUNTRY":
        return "region"
    return "in"


ROAD_NOUNS = frozenset({"highway", "road", "axis", "route", "corridor", "stretch", "section", "track"})


def _road_ends(ent: Span) -> tuple[Span, Span] | None:
    """"on the Bamako-Kayes highway", "the Djibo-Namsiguia axis": a road named by its two ends puts the
    attack between them, not in either town."""
    road = ent.root
    while road.dep_ == "compound" and road.head.i != road.i:
        road = road.head
    if road.lemma_.lower() not in ROAD_NOUNS:
        return None
    names = [t for t in road.subtree if t.i < road.i and t.pos_ == "PROPN"]
    if len(names) < 2 or not any(t.text in {"-", "–"} for t in road.subtree if names[0].i < t.i < names[-1].i):
        return None
    ends: list[Span] = []
    for token in names:
        found = entity_at(token)
        span = found if found is not None and found.end <= road.i else Span(token.doc, token.i, token.i + 1,
                                                                              label="PLACE")
        if all(e.start != span.start for e in ends):
            ends.append(span)
    return (ends[0], ends[1]) if len(ends) >= 2 else None


def find_place(trigger: Span, anchors: list[Token]) -> PlaceHit | None:
    """The best place for a trigger: under its targets first, then the trigger, then the clause verb."""
    candidates: list[tuple[Span, Token]] = []
    anchors = [a for a in anchors if a is not None]
    for anchor in anchors:
        candidates.extend(_place_ents_under(anchor))
        # "stormed the village of Solhan"
        for child in anchor.children:
            if child.dep_ == "prep" and child.lower_ == "of":
                for grand in child.children:
                    e = entity_at(grand)
                    if e is not None and e.label_ in {"PLACE"}:
                        candidates.append((e, child))
            if child.dep_ in {"compound", "appos"}:
                e = entity_at(child)
                if e is not None and e.label_ in {"PLACE", "REGION"} and not _is_named_thing(e):
                    candidates.append((e, child))
        # "a bus taking traders ... near the village of Songho": places in the target's own clause
        for child in anchor.children:
            if child.dep_ in {"acl", "relcl"} and anchor.pos_ in {"NOUN", "PROPN"}:
                candidates.extend(_place_ents_under(child))
        # "a convoy near Gao": prepositions also hang from the head noun's own prep chain
        for child in anchor.children:
            if child.dep_ == "prep":
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.pos_ in {"NOUN"}:
                        candidates.extend(_place_ents_under(pobj))
        if any(c[0].label_ in TOWN_LABELS for c in candidates):
            break  # a town under the nearest anchor; otherwise look further for one
    if not candidates:
        return None
    # prefer towns/places over features/regions/countries
    # town-level names first, in text order ("near Tassia, in the Téra area"), then regions, features, countries
    rank = {"PLACE": 0, "GPE": 0, "FAC": 0, "UNKNOWN_PLACE": 0, "REGION": 2, "LOC": 3, "FEATURE": 3, "COUNTRY": 4}
    candidates.sort(key=lambda c: rank.get(c[0].label_, 5))  # stable: anchor order, then text order
    ent, prep = candidates[0]
    doc = ent.doc
    phrase = doc[prep.i:max(ent.end, max(t.i for t in prep.subtree) + 1)] if prep.dep_ == "prep" else ent
    pair = _road_ends(ent)
    if pair is not None:
        return PlaceHit(ent=pair[0], relation="between", text_span=phrase, second=pair[1])
    if prep.lower_ == "between":
        second = None
        for other, p in candidates[1:]:
            if p.i == prep.i and other.start != ent.start:
                second = other
        if second is None:
            for t in ent.root.conjuncts:
                e = entity_at(t)
                if e is not None and e.label_ in PLACE_LABELS:
                    second = e
        return PlaceHit(ent=ent, relation="between", text_span=phrase, second=second)
    return PlaceHit(ent=ent, relation=_relation(prep, ent, phrase), text_span=phrase)


def conjoined_places(token: Token) -> list[PlaceHit]:
    """"the villages of Intazayene, Bakorat and Wistane", "camps at Boulkessi and Mondoro": one hit per
    place, so that each village becomes its own attack as ACLED and the gold files count them."""
    for child in token.children:
        if child.dep_ != "prep" or child.lower_ not in {"of", "at", "in"}:
            continue
        for pobj in child.children:
            if pobj.dep_ != "pobj":
                continue
            if pobj.lemma_.lower() in SETTLEMENTS and pobj.tag_ == "NNS":
                inner = conjoined_places(pobj)  # "in the towns of A, B and C"
                if inner:
                    return inner
            hits = []
            settlement = token.lemma_.lower() in SETTLEMENTS
            for t in [pobj, *pobj.conjuncts]:
                ent = entity_at(t)
                if settlement and t.pos_ == "PROPN" and (ent is None or ent.label_ in {"PERSON", "ORG", "NORP"}):
                    # "the villages of A, B and C": the statistical NER calls unknown village names people
                    ent = Span(t.doc, ent.start, ent.end, label="PLACE") if ent is not None else \
                        Span(t.doc, t.i, t.i + 1, label="PLACE")
                if ent is not None and ent.label_ in {"PLACE", "GPE"} and not _is_named_thing(ent):
                    if all(h.ent.start != ent.start for h in hits):
                        hits.append(PlaceHit(ent=ent, relation="in", text_span=ent))
            if len(hits) >= 2:
                return hits
    return []


def location_record(hit: PlaceHit | None, sent_index: int | None, fallback_country: str | None) -> Location:
    if hit is None:
        return Location(country=fallback_country, geo_precision=None)
    ent = hit.ent
    gaz = gazetteer()
    place = gaz.get(ent.ent_id_) if ent.ent_id_ else None
    if place is None:
        place = gaz.best(ent.text)
    name = place.name if place is not None else ent.text
    kind = place.kind if place is not None else None
    country = (place.country if place is not None else None) or fallback_country
    if ent.label_ == "COUNTRY" or kind == "country":
        relation = "region"
        precision = 3
    elif ent.label_ == "REGION" or kind in {"region", "admin1", "province"}:
        relation = "region" if hit.relation in {"in", "region"} else hit.relation
        precision = 3
    else:
        relation = hit.relation if hit.relation != "region" else "in"
        precision = 1 if relation == "in" else 2
    lat = place.lat if place is not None else None
    lon = place.lon if place is not None else None
    return Location(
        text=hit.text_span.text, name=name.strip(), country=country,
        admin1=place.admin1 if place is not None else None,
        lat=float(lat) if lat is not None else None, lon=float(lon) if lon is not None else None,
        relation=relation, place_id=place.id if place is not None else (ent.ent_id_ or None),
        geo_precision=precision, evidence=[evidence_of(hit.text_span, sent_index)],
    )


# ---------------------------------------------------------------- dates

def weekday_value(word: str, published: str | None) -> str | None:
    """The most recent given weekday on or before the publication date (fallback when sahel_dates is absent)."""
    if not published or word.lower() not in WEEKDAY_INDEX:
        return None
    try:
        base = dt.date.fromisoformat(published[:10])
    except ValueError:
        return None
    delta = (base.weekday() - WEEKDAY_INDEX[word.lower()]) % 7
    return (base - dt.timedelta(days=delta)).isoformat()


@dataclass
class DateHit:
    span: Span
    value: str | None
    end: str | None
    precision: str
    anchor_offset_days: int | None = None


def sentence_dates(doc: Doc, sent: Span) -> list[DateHit]:
    mentions = doc._.date_mentions
    hits: list[DateHit] = []
    if mentions is not None:
        for m in mentions:
            if m.span.start >= sent.start and m.span.end <= sent.end:
                hits.append(DateHit(m.span, m.value, m.end, m.precision, m.anchor_offset_days))
        return hits
    for token in sent:  # fallback: weekdays only
        if token.lower_ in WEEKDAY_INDEX:
            start = token.i - 1 if token.i > sent.start and doc[token.i - 1].lower_ in {"on", "last"} else token.i
            end = token.i + 1
            if end < sent.end and doc[end].text in {"’s", "'s"}:
                end += 1
            hits.append(DateHit(doc[start:end], weekday_value(token.text, doc._.published), None, "day"))
    return hits


def _tree_distance(a: Token, b: Token) -> int:
    ancestors_a = [a] + list(a.ancestors)
    ancestors_b = [b] + list(b.ancestors)
    index_b = {t.i: n for n, t in enumerate(ancestors_b)}
    for n, t in enumerate(ancestors_a):
        if t.i in index_b:
            return n + index_b[t.i]
    return 99


def nearest_date(trigger: Span, dates: list[DateHit], exclude_clauses: list[Token]) -> DateHit | None:
    """The date mention closest to the trigger in the parse, skipping dates inside other triggers' clauses."""
    best: tuple[int, int, DateHit] | None = None
    for hit in dates:
        if hit.anchor_offset_days is not None:
            continue
        if any(hit.span.root.i in {t.i for t in clause.subtree} and trigger.root.i not in {t.i for t in clause.subtree}
               for clause in exclude_clauses):
            continue
        key = (_tree_distance(trigger.root, hit.span.root), abs(hit.span.start - trigger.start))
        if best is None or key < best[:2]:
            best = (key[0], key[1], hit)
    return best[2] if best else None


def date_record(hit: DateHit | None, sent_index: int | None) -> DateValue:
    if hit is None:
        return DateValue(precision="unknown")
    return DateValue(text=hit.span.text, value=hit.value, end=hit.end, precision=hit.precision or "unknown",
                     evidence=[evidence_of(hit.span, sent_index)])


def shift_date(value: str | None, days: int) -> str | None:
    if value is None:
        return None
    try:
        return (dt.date.fromisoformat(value[:10]) + dt.timedelta(days=days)).isoformat()
    except ValueError:
        return None


def relative_clause_anchor(trigger: Span) -> tuple[Token, int] | None:
    """"X on Friday, a day after Y": for a trigger inside the 'after/before' clause, (that clause's verb,
    offset in days of this event relative to the main one). "hours after" gives 0."""
    for ancestor in [trigger.root, *trigger.root.ancestors]:
        for child in ancestor.children:
            if child.dep_ in {"mark", "prep"} and child.lower_ in {"after", "before"}:
                if child.dep_ == "prep" and trigger.root.i not in {t.i for t in child.subtree}:
                    continue
                days = None
                for mod in child.children:
                    if mod.lower_ in {"day", "days", "hours", "hour", "week", "weeks", "night"}:
                        n = 1
                        for num in mod.children:
                            if num.like_num:
                                try:
                                    n = int(num.text)
                                except ValueError:
                                    n = {"two": 2, "three": 3, "four": 4, "five": 5}.get(num.lower_, 1)
                        unit = 7 if mod.lower_.startswith("week") else (0 if mod.lower_.startswith("hour") else 1)
                        days = n * unit
                if days is None:
                    prev = trigger.doc[child.i - 1] if child.i > 0 else None
                    if prev is not None and prev.lower_ in {"day", "days"}:
                        days = 1
                if days is not None:
                    sign = -1 if child.lower_ == "after" else 1
                    return (ancestor if child.dep_ == "mark" else child), sign * days
    return None
