"""Argument finders for an attack trigger: perpetrator, targets, location, date, from the dependency parse.

Each finder starts at the trigger and walks a few typed arcs: the subject of an active trigger verb or the
"by" agent of a passive one is the perpetrator; the object of an active verb or the subject of a passive
one is the target; prepositions "in / near / between / at / outside" under the trigger, its target or its
clause give the place. Nouns get the same treatment through their own arcs ("attack by X on Y in Z",
"the JNIM attack", "Friday's assault"). Knowledge-base look-ups (actors, places) go through the other
modules' public interfaces and degrade to unresolved values when those are missing.

Every finder reads the parse through an ``ArgumentParse`` built once per document: spaCy builds a new
Token object for each ``head``, ``children`` or ``subtree`` step, and those walks repeat around every
trigger (see ``parse_table``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from sahel_ie.components.attack_triggers import is_verbal
from sahel_ie.components.context import BLOCKING, categories
from sahel_ie.components.parse_table import ParseTable
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


# ---------------------------------------------------------------- the parse

class ArgumentParse(ParseTable):
    """A document's ``ParseTable`` plus what the finders ask of each trigger again and again (dating,
    building and the agent check each want the same trigger's attacker), remembered per (start, end)."""

    def __init__(self, doc: Doc) -> None:
        super().__init__(doc)
        self._verbal: dict[tuple[int, int], bool] = {}
        self._categories: dict[tuple[int, int], set[str]] = {}
        self._anchor_places: dict[int, list[tuple[Span, Token, str]]] = {}
        self._noun_phrases: dict[tuple[int, bool], Span] = {}
        self._target_categories: dict[int, str] = {}
        self._agents: dict[tuple[int, int], tuple[Token | None, bool | None]] = {}
        self._perpetrators: dict[int, Perpetrator] = {}
        # the doc's extension values read once (each ``doc._`` access builds an accessor object)
        self.published: str | None = doc._.published
        self.date_mentions: list | None = doc._.date_mentions
        self._abbreviations: dict | None = None

    def verbal(self, trigger: Span) -> bool:
        """``is_verbal(trigger)``."""
        key = (trigger.start, trigger.end)
        found = self._verbal.get(key)
        if found is None:
            found = self._verbal[key] = is_verbal(trigger)
        return found

    def anchor_places(self, anchor: Token) -> list[tuple[Span, Token, str]]:
        """``anchor_places(self, anchor)``. Do not modify the list."""
        found = self._anchor_places.get(anchor.i)
        if found is None:
            found = self._anchor_places[anchor.i] = anchor_places(self, anchor)
        return found

    def noun_phrase(self, token: Token, drop_det: bool = True) -> Span:
        """``noun_phrase(self, token, drop_det)``."""
        key = (token.i, drop_det)
        found = self._noun_phrases.get(key)
        if found is None:
            found = self._noun_phrases[key] = noun_phrase(self, token, drop_det)
        return found

    def target_category(self, token: Token) -> str:
        """``target_category(self, token)``."""
        found = self._target_categories.get(token.i)
        if found is None:
            found = self._target_categories[token.i] = target_category(self, token)
        return found

    def categories(self, trigger: Span) -> set[str]:
        """The trigger's modifier categories (``context.categories``). Do not modify the set."""
        key = (trigger.start, trigger.end)
        found = self._categories.get(key)
        if found is None:
            found = self._categories[key] = categories(trigger)
        return found

    def blocked(self, trigger: Span) -> bool:
        """``context.is_blocked(trigger)``: a modifier says the trigger reports no actual attack."""
        return bool(self.categories(trigger) & BLOCKING)

    @property
    def abbreviations(self) -> dict | None:
        """``doc._.abbreviations``, read when first asked for."""
        if self._abbreviations is None:
            self._abbreviations = self.doc._.abbreviations
        return self._abbreviations

    def perpetrator(self, trigger: Span, require_attacker: bool = False) -> Perpetrator | None:
        """``find_perpetrator(self, trigger, require_attacker)``."""
        key = (trigger.start, trigger.end)
        if key not in self._agents:
            self._agents[key] = (perpetrator_token(self, trigger), None)
        token, attacker = self._agents[key]
        if token is None:
            return None
        if require_attacker:
            if attacker is None:
                attacker = _is_attacker(self, token)
                self._agents[key] = (token, attacker)
            if not attacker:
                return None
        if token.i not in self._perpetrators:
            self._perpetrators[token.i] = perpetrator_at(self, token)
        return self._perpetrators[token.i]


# ---------------------------------------------------------------- helpers

def evidence_of(parse: ParseTable, span: Span | Token, sent_index: int | None) -> Evidence:
    if isinstance(span, Token):
        span = parse.doc[span.i:span.i + 1]
    return Evidence(span.start_char, span.end_char, sent_index, parse.span_text(span))


NOUN_PHRASE_LEFTS = frozenset({"det", "amod", "compound", "nummod", "poss", "nmod", "case", "quantmod", "npadvmod",
                               "punct", "advmod"})


def noun_phrase(parse: ParseTable, token: Token, drop_det: bool = True) -> Span:
    """The token's left modifiers + token + 'of'-less right compounds, minus leading determiners."""
    left = [t for t in parse.lefts(token) if t.dep_ in NOUN_PHRASE_LEFTS]
    start = min([t.left_edge.i for t in left] + [token.i])
    end = token.i + 1
    ent = parse.entity_at(token)
    if ent is not None:
        start, end = min(start, ent.start), max(end, ent.end)
    tokens = parse.tokens
    while drop_det and start < token.i and tokens[start].dep_ in {"det", "punct", "case"}:
        start += 1
    return parse.doc[start:end]


OCCURRENCE_VERBS = {"kill", "wound", "injure", "die", "happen", "occur", "take", "leave", "target", "hit", "strike",
                    "cost", "erupt", "break", "unfold", "start", "begin", "perish", "lose", "claim", "tear",
                    "rock", "destroy", "carry", "launch", "conduct", "mount", "stage", "commit", "perpetrate",
                    "fall", "suffer", "repel", "repulse", "survive", "face", "blow", "detonate", "explode"}


def event_verb(parse: ArgumentParse, trigger: Span) -> Token | None:
    """For a noun trigger, the verb that reports the event itself ("the attack killed", "killed in an
    ambush", "an attack took place"), whose dates and places are the attack's; None for other verbs
    ("claimed the attack", "left ... since the attack")."""
    root = parse.root(trigger)
    if parse.verbal(trigger):
        return root
    head = parse.head(root)
    if root.dep_ in {"nsubj", "nsubjpass", "dobj"} and head.lemma_.lower() in OCCURRENCE_VERBS:
        return head
    if root.dep_ == "pobj" and head.lower_ in {"in", "during", "by", "from"}:
        verb = parse.head(head)
        if verb.pos_ in {"VERB", "AUX"} and verb.lemma_.lower() in OCCURRENCE_VERBS:
            return verb
    return None


class EventScope:
    """Token indices whose dates and places belong to a trigger's event: the subtrees of some tokens (the
    trigger's, its event verb's clause parts) and the event verb itself. Membership walks up from the
    token asked about, instead of listing every subtree."""

    def __init__(self, parse: ParseTable, top: int) -> None:
        self.parse = parse
        self.tops = {top}
        self.verb: int | None = None

    def add_subtree(self, top: int) -> None:
        self.tops.add(top)

    def __contains__(self, i: int) -> bool:
        return i == self.verb or self.parse.covered(i, self.tops)


def event_scope(parse: ArgumentParse, trigger: Span) -> EventScope:
    """Token indices whose dates and places belong to the trigger's event."""
    verb = event_verb(parse, trigger)
    root = parse.root(trigger)
    scope = EventScope(parse, root.i)
    if verb is not None and verb.dep_ in {"advcl", "conj", "xcomp"} and \
            parse.head(verb).lemma_.lower() in OCCURRENCE_VERBS:
        # "soldiers were killed on Wednesday when militants ambushed ...": the main verb's date and place
        for child in parse.children(parse.head(verb)):
            if child.dep_ in {"prep", "npadvmod", "advmod"} and child.i not in scope:
                scope.add_subtree(child.i)
    if verb is not None:
        for child in parse.children(verb):
            if child.dep_ in {"ccomp", "conj", "advcl", "relcl", "parataxis"} and child.i not in scope:
                if child.pos_ in {"VERB", "AUX"} and not (child.i <= root.i and parse.dominates(child.i, root.i)):
                    continue
            scope.add_subtree(child.i)
        scope.verb = verb.i
    return scope


def is_reference(parse: ArgumentParse, trigger: Span) -> bool:
    """Noun triggers that point at an attack rather than report one: "since the attack", "after the
    massacre of Inates", "the deadliest attack the country has suffered"."""
    root = parse.root(trigger)
    children = parse.children(root)
    if parse.verbal(trigger):
        # "an Australian doctor abducted in Mali": a participle describing someone, not a report
        return root.dep_ == "acl" and root.tag_ == "VBN" and parse.head(root).tag_ in {"NN", "NNS", "NNP"} and \
            not any(c.dep_ == "agent" for c in children)
    head = parse.head(root)
    if root.dep_ == "pobj" and head.lower_ in {"since", "after", "before", "following", "like"}:
        definite = any(c.dep_ in {"det", "poss"} and c.lower_ not in {"a", "an"} for c in children)
        # "two months after an attack in January on the UN camp": an earlier event, told as background
        distant = any(c.dep_ == "npadvmod" and c.lemma_.lower() in {"month", "year", "week", "decade"}
                      for c in parse.children(head))
        if head.lower_ == "since" or definite or distant:
            return True
    if any(c.tag_ in {"JJS", "RBS"} for c in children):
        return True
    if root.dep_ == "dobj" and head.lemma_.lower() in {"recall", "condemn", "remember", "mark", "commemorate",
                                                        "investigate", "denounce", "follow"}:
        return True
    return False


# ---------------------------------------------------------------- perpetrator

@dataclass
class Perpetrator:
    token: Token
    span: Span
    certainty: str


def _agent_of_passive(parse: ArgumentParse, verb: Token) -> Token | None:
    """The object of the verb's "by" agent."""
    for child in parse.children(verb):
        if child.dep_ == "agent":
            for grand in parse.children(child):
                if grand.dep_ == "pobj":
                    return grand
    return None


def _subject_of(parse: ArgumentParse, verb: Token) -> Token | None:
    for child in parse.children(verb):
        if child.dep_ == "nsubj":
            return child
    return None


def _agent_token(parse: ArgumentParse, trigger: Span) -> Token | None:
    root = parse.root(trigger)
    children = parse.children(root)
    if parse.verbal(trigger):
        passive = any(c.dep_ in {"auxpass", "nsubjpass"} for c in children)
        if (root.tag_ == "VBN" and root.dep_ in {"pcomp", "acl", "advcl", "amod"}
                and not any(c.dep_ == "aux" for c in children)):
            passive = True  # "with three people kidnapped": a bare participle's subject is its victim
        agent = _agent_of_passive(parse, root)
        if agent is not None:
            return agent
        if passive:
            # "eleven soldiers were killed and two dozen wounded by jihadists": the agent of a conjoined
            # passive verb acts in both; a conjunct with a subject of its own ("and survivors were found by
            # the army") is another clause with another agent
            for other in parse.conjuncts(root):
                if other.tag_ == "VBN" and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in parse.children(other)):
                    agent = _agent_of_passive(parse, other)
                    if agent is not None:
                        return agent
        if not passive:
            # "jihadists targeting a military base": the noun the participle describes is the attacker
            if root.dep_ == "acl" and root.tag_ == "VBG" and parse.head(root).pos_ in {"NOUN", "PROPN"}:
                return parse.head(root)
            # the closest subject: a parse run across a line break can give a verb two
            for child in sorted(children, key=lambda c: abs(c.i - root.i)):
                if child.dep_ == "nsubj":
                    return child
            # "... and ambushed" sharing the first verb's subject
            if root.dep_ == "conj":
                subject = _subject_of(parse, parse.head(root))
                if subject is not None:
                    return subject
            # "gunmen stormed the village, killing 12" : participle takes the main subject
            if root.dep_ in {"advcl", "xcomp"} and root.tag_ == "VBG":
                subject = _subject_of(parse, parse.head(root))
                if subject is not None:
                    return subject
        return None
    # nouns: "attack by X", "X attack", "X's attack", "X carried out / launched an attack"
    for child in children:
        if child.dep_ == "prep" and child.lower_ == "by":
            for grand in parse.children(child):
                if grand.dep_ == "pobj":
                    return grand
    for child in children:  # "an attack blamed on jihadists", "attacks attributed to JNIM"
        if child.dep_ == "acl" and child.lemma_.lower() in BLAME_VERBS:
            for prep in parse.children(child):
                if prep.dep_ == "prep" and prep.lower_ in {"on", "to"}:
                    for pobj in parse.children(prep):
                        if pobj.dep_ == "pobj":
                            return pobj
    for child in children:  # "drone strikes carried out by the Malian army"
        if child.dep_ == "acl" and child.lemma_.lower() in {"carry", "conduct", "launch", "lead", "mount",
                                                            "perpetrate", "claim", "stage"}:
            agent = _agent_of_passive(parse, child)
            if agent is not None:
                return agent
    for child in children:
        if child.i < trigger.start and child.dep_ in {"compound", "poss", "amod", "nmod"}:
            ent = parse.entity_at(child)
            if ent is not None and (ent.label_ in ACTOR_LABELS or ent.label_ == GENERIC_LABEL):
                return child
    head = parse.head(root)
    if root.dep_ in {"dobj", "nsubjpass"} and head.lemma_.lower() in {
        "carry", "launch", "conduct", "mount", "stage", "perpetrate", "commit", "lead", "execute", "orchestrate",
    }:
        for child in parse.children(head):
            if child.dep_ == "nsubj" and root.dep_ == "dobj":
                return child
            if child.dep_ == "agent":
                for grand in parse.children(child):
                    if grand.dep_ == "pobj":
                        return grand
    return None


ATTACKER_MODIFIER_LABELS = ACTOR_LABELS | {GENERIC_LABEL}


def _is_attacker(parse: ArgumentParse, token: Token) -> bool:
    ent = parse.entity_at(token)
    if ent is not None and (ent.label_ in ACTOR_LABELS or ent.label_ == GENERIC_LABEL):
        return True
    if token.lower_ in target_lexicon()["attackers"] or token.lemma_.lower() in target_lexicon()["attackers"]:
        return True
    return any(parse.entity_at(c) is not None and parse.entity_at(c).label_ in ATTACKER_MODIFIER_LABELS
               for c in parse.children(token) if c.dep_ in {"compound", "amod", "nmod"})


BLAME_VERBS = frozenset({"blame", "attribute", "ascribe", "impute", "pin"})


def _speaker_for(parse: ArgumentParse, pronoun: Token) -> Token:
    """"France's armed forces said that they had launched a drone strike": the pronoun in a reported clause
    stands for the speaker of the reporting verb above it, when that speaker is a noun."""
    verb = parse.head(pronoun)
    if verb.dep_ == "ccomp" and parse.head(verb).pos_ in {"VERB", "AUX"}:
        for child in parse.children(parse.head(verb)):
            if child.dep_ == "nsubj" and child.pos_ in {"NOUN", "PROPN"}:
                return child
    return pronoun


HEDGED_WORDS = SUSPECT_WORDS | {"unidentified", "unknown", "armed"} - {"armed"}


def find_perpetrator(parse: ArgumentParse, trigger: Span, require_attacker: bool = False) -> Perpetrator | None:
    """The trigger's attacker; with ``require_attacker``, only a word that names one (an actor entity or
    an attacker noun: "were killed" by "the floods" has no perpetrator)."""
    token = perpetrator_token(parse, trigger)
    if token is None or require_attacker and not _is_attacker(parse, token):
        return None
    return perpetrator_at(parse, token)


def perpetrator_token(parse: ArgumentParse, trigger: Span) -> Token | None:
    """The agent of the trigger, a plural pronoun standing for its speaker; None for other pronouns."""
    token = _agent_token(parse, trigger)
    if token is None or token.pos_ == "PRON" and token.lower_ not in {"they", "we"}:
        return None
    if token.i >= trigger.start and token.i < trigger.end:
        return None
    if token.lower_ in {"they", "we"}:
        token = _speaker_for(parse, token)
    return token


def perpetrator_at(parse: ArgumentParse, token: Token) -> Perpetrator:
    """The perpetrator phrase around its agent token."""
    # "a group of gunmen": take the noun of the "of" phrase
    if token.lower_ in {"group", "band", "dozens", "hundreds", "number", "unit"}:
        for child in parse.children(token):
            if child.dep_ == "prep" and child.lower_ == "of":
                for grand in parse.children(child):
                    if grand.dep_ == "pobj":
                        token = grand
    # "fighters of Jama'at Nusrat al-Islam wal-Muslimin (JNIM)": the organisation named after "of"
    for child in parse.children(token):
        if child.dep_ == "prep" and child.lower_ in {"of", "from", "belonging"}:
            for grand in parse.children(child):
                ent = parse.entity_at(grand)
                if grand.dep_ == "pobj" and ent is not None and ent.label_ in ACTOR_LABELS:
                    token = grand
    span = parse.noun_phrase(token)
    words = {t.lower_ for t in parse.subtree(token)}
    certainty = "suspected" if words & SUSPECT_WORDS else "stated"
    blamed = parse.head(token) if token.dep_ == "pobj" else None
    if blamed is not None and parse.head(blamed).lemma_.lower() in BLAME_VERBS:
        certainty = "suspected"  # "blamed on jihadists": an attribution, not an account of who attacked
    # "suspected jihadists": keep the actor words only
    tokens = parse.tokens
    start = span.start
    while start < token.i and tokens[start].lower_ in HEDGED_WORDS:
        start += 1
    if start < span.start:
        start = span.start
    span = parse.doc[start:span.end]
    if span and tokens[span.start].lower_ in SUSPECT_WORDS:
        span = parse.doc[span.start + 1:span.end]
    return Perpetrator(token=token, span=span, certainty=certainty)


def actor_ref(parse: ArgumentParse, perp: Perpetrator, sent_index: int | None, date: str | None) -> ActorRef:
    """Resolve the perpetrator's words: KB entity id first, then the KB resolver; generic attackers
    ("gunmen", "suspected jihadists") stay unresolved with kind "unknown"."""
    ent = None
    for candidate in [perp.token, *parse.children(perp.token)]:
        found = parse.entity_at(candidate)
        if found is not None and found.label_ in ACTOR_LABELS and found.ent_id_:
            ent = found
            break
    kb = actor_kb()
    perp_text = parse.span_text(perp.span)
    if ent is not None:
        actor = kb.get(ent.ent_id_)
    else:
        resolution = kb.resolve(perp_text, date, parse.abbreviations)
        actor = resolution.actor if resolution is not None else None
    ent_text = parse.span_text(ent) if ent is not None else None
    text = ent_text if ent_text is not None and len(ent_text) >= len(perp_text) - 1 else perp_text
    evidence = [evidence_of(parse, perp.span, sent_index)]
    if actor is None:
        generic = kb.generic_kind(perp_text)
        certainty = "suspected" if generic is not None and generic.get("hedge") else perp.certainty
        return ActorRef(text=text, actor_id=None, name=None, kind="unknown", certainty=certainty,
                        evidence=evidence)
    return ActorRef(text=text, actor_id=actor.id, name=actor.name_on(date), kind=actor.type or "unknown",
                    certainty=perp.certainty, evidence=evidence)


# ---------------------------------------------------------------- targets

def target_category(parse: ArgumentParse, token: Token) -> str:
    lex = target_lexicon()
    lemma = token.lemma_.lower()
    if lemma in {"convoy", "column", "group"}:
        # "a convoy of five buses": the convoy is what it carries
        for child in parse.children(token):
            if child.dep_ == "prep" and child.lower_ == "of":
                for grand in parse.children(child):
                    if grand.dep_ == "pobj":
                        inner = parse.target_category(grand)
                        if inner != "unknown":
                            return inner
    if lemma in lex["raid"] or token.lower_ in lex["raid"]:
        # "a post of the Volunteers for the Defence of the Homeland": the post is whose it is
        for child in parse.children(token):
            if child.dep_ == "prep" and child.lower_ == "of":
                for grand in parse.children(child):
                    owner = parse.entity_at(grand) if grand.dep_ == "pobj" else None
                    if owner is not None and owner.label_ in lex["labels"] and owner.label_ != "PLACE":
                        return lex["labels"][owner.label_]
    ent = parse.entity_at(token)
    if ent is not None and ent.label_ in lex["labels"]:
        if ent.label_ != "PLACE":
            return lex["labels"][ent.label_]
    for child in parse.children(token):
        if child.dep_ in {"amod", "compound", "nmod", "poss"}:
            found = parse.entity_at(child)
            if found is not None and found.label_ in lex["labels"] and found.label_ != "PLACE":
                return lex["labels"][found.label_]
            if child.lower_ in lex["modifiers"]:
                return lex["modifiers"][child.lower_]
    phrase = parse.span_text(parse.noun_phrase(token)).lower()
    for words in (phrase, f"{token.lower_}", lemma):
        if words in lex["heads"]:
            return lex["heads"][words]
    lefts = parse.lefts(token)
    for child in lefts:
        if child.dep_ in {"compound", "amod"} and child.lower_ in lex["heads"]:
            return lex["heads"][child.lower_]
    compound = " ".join(t.lower_ for t in lefts if t.dep_ == "compound") + " " + token.lower_
    if compound.strip() in lex["heads"]:
        return lex["heads"][compound.strip()]
    if ent is not None and ent.label_ == "PLACE":
        return "civilians"
    return "unknown"


NOT_TARGET_LABELS = ACTOR_LABELS | {GENERIC_LABEL} | PLACE_LABELS


def target_tokens(parse: ArgumentParse, trigger: Span) -> list[Token]:
    root = parse.root(trigger)
    children = parse.children(root)
    found: list[Token] = []
    if parse.verbal(trigger):
        passive = any(c.dep_ in {"auxpass"} for c in children) or root.dep_ == "acl"
        for child in children:
            if child.dep_ == "dobj" or (passive and child.dep_ == "nsubjpass"):
                found.append(child)
        if passive and not found and root.dep_ in {"acl", "relcl"} and parse.head(root).pos_ in {"NOUN", "PROPN"}:
            found.append(parse.head(root))
        if not found:
            for child in children:
                if child.dep_ == "prep" and child.lower_ in {"on", "against"}:
                    found.extend(g for g in parse.children(child) if g.dep_ == "pobj")
        if found:
            # gapping: "attacked a post in Boni on Tuesday and a convoy near Hombori" parses the second
            # object as a conjunct of the verb
            found.extend(c for c in children if c.dep_ == "conj" and c.pos_ in {"NOUN", "PROPN"}
                         and not any(g.dep_ in {"nsubj", "nsubjpass"} for g in parse.children(c)))
    else:
        for child in children:
            if child.dep_ == "prep" and child.lower_ in {"on", "against", "targeting", "of"}:
                for grand in parse.children(child):
                    if grand.dep_ == "pobj" and (child.lower_ != "of" or parse.target_category(grand) != "unknown"):
                        found.append(grand)
            if child.dep_ == "compound" and child.i < trigger.start:
                ent = parse.entity_at(child)
                if ent is None or ent.label_ not in NOT_TARGET_LABELS:
                    if child.lower_ not in {"suicide", "mortar", "rocket", "drone", "car", "bomb", "gun",
                                            "militant", "jihadist", "terrorist"}:
                        found.append(child)
            if child.dep_ == "acl" and child.lower_ in {"targeting", "targetting"}:
                found.extend(g for g in parse.children(child) if g.dep_ == "dobj")
            if child.dep_ == "relcl" and child.lemma_.lower() in {"strike", "hit", "target", "affect"}:
                found.extend(g for g in parse.children(child) if g.dep_ == "dobj")
        # "the detachment ... was the target of a major attack", "the camp was the scene of an attack"
        head = parse.head(root)
        if root.dep_ == "pobj" and head.lower_ == "of" and parse.head(head).lemma_.lower() in {
                "target", "object", "scene", "victim", "site"}:
            noun = parse.head(head)
            if noun.dep_ in {"attr", "acomp"} and parse.head(noun).lemma_.lower() == "be":
                found.extend(c for c in parse.children(parse.head(noun)) if c.dep_ in {"nsubj", "nsubjpass"}
                             and c.pos_ in {"NOUN", "PROPN"})
        # "the attacks targeted a boat ..."
        if root.dep_ == "nsubj" and head.lemma_.lower() in {"target", "hit", "strike", "affect"}:
            found.extend(c for c in parse.children(head) if c.dep_ == "dobj")
    verb = event_verb(parse, trigger)
    # a verbal trigger is its own event verb, and its objects were read above
    if not found and verb is not None and verb.i != root.i and verb.lemma_.lower() in {
            "kill", "target", "hit", "strike", "wound", "injure", "destroy"}:
        found.extend(c for c in parse.children(verb) if c.dep_ == "dobj")
    found = [t for t in found if not (trigger.start <= t.i < trigger.end)]
    if not found and trigger.end - trigger.start > 1:  # "set fire to a market"
        for token in parse.tokens[trigger.start:trigger.end]:
            if token.dep_ == "prep":
                found.extend(c for c in parse.children(token) if c.dep_ == "pobj")
    found = [t for t in found if not _is_time_word(parse, t)]
    if not found:
        return []
    out: list[Token] = []
    for token in found:
        out.append(token)
        out.extend(t for t in parse.conjuncts(token) if t.i > token.i and t.pos_ in {"NOUN", "PROPN"})
    return out


def _is_time_word(parse: ArgumentParse, token: Token) -> bool:
    """"an ambush on Saturday": a day is not a target."""
    ent = parse.entity_at(token)
    return (ent is not None and ent.label_ in {"DATE", "TIME"}) or token.lower_ in WEEKDAY_INDEX or token.lower_ in {
        "night", "morning", "evening", "afternoon", "dawn", "day", "week"}


def make_target(parse: ArgumentParse, token: Token, sent_index: int | None) -> Target:
    span = parse.noun_phrase(token, drop_det=False)
    # cut relative clauses and prepositional tails: the noun phrase up to the head token
    return Target(text=parse.span_text(span), category=parse.target_category(token),
                  evidence=[evidence_of(parse, span, sent_index)])


# ---------------------------------------------------------------- location

@dataclass
class PlaceHit:
    ent: Span
    relation: str
    text_span: Span
    second: Span | None = None


def _is_named_thing(parse: ArgumentParse, start: int) -> bool:
    """"a boat named Timbuktu": the name (starting at token ``start``) of a vehicle or vessel, not the place."""
    tokens = parse.tokens
    prev = tokens[start - 1] if start > 0 else None
    if prev is not None and prev.is_quote and start > 1:
        prev = tokens[start - 2]
    return prev is not None and prev.lower_ in NAMING_WORDS


PLACE_PREPS = LOCATIVE_PREPS | {"near"}


def _place_ents_under(parse: ArgumentParse, token: Token) -> list[tuple[Span, Token]]:
    """Place entities that are objects of locative prepositions below ``token``: (entity, preposition)."""
    hits: list[tuple[Span, Token]] = []
    for child in parse.children(token):
        if child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
            for pobj in parse.children(child):
                if pobj.dep_ != "pobj":
                    continue
                ent = parse.entity_at(pobj)
                if ent is None and pobj.lemma_.lower() in SETTLEMENTS:
                    named = _settlement_name(parse, pobj)
                    if named is not None:
                        hits.append((named, child))
                        continue
                if ent is None:
                    # "in the village of X", "in the Mopti region"; in "northern Benin's Pendjari National
                    # Park" the possessor only says where the park lies, so it is looked at last
                    owner = {t.i for c in parse.children(pobj) if c.dep_ == "poss" for t in parse.subtree(c)}
                    subtree = parse.subtree(pobj)
                    inner = [t for t in subtree if t.i not in owner]
                    for grand in inner + [t for t in subtree if t.i in owner]:
                        if grand.i in owner and pobj.pos_ == "PROPN":
                            break  # the possessed proper name below is the place, known or not
                        e = parse.entity_at(grand)
                        if e is not None and e.label_ in PLACE_LABELS:
                            ent = e
                            break
                if ent is not None and ent.label_ in PLACE_LABELS and not _is_named_thing(parse, ent.start):
                    hits.append((ent, child))
                elif (child.lower_ in {"in", "near", "at", "outside", "around", "between"} and pobj.pos_ == "PROPN"
                      and pobj.text[:1].isupper() and (ent is None or ent.label_ in {"ORG", "PERSON", "NORP"})
                      and not _is_named_thing(parse, pobj.i)):
                    # a proper name after "in/near/at" that neither gazetteer nor NER knows: a small place
                    start = ent.start if ent is not None else min(
                        [t.i for t in parse.lefts(pobj) if t.dep_ == "compound"] + [pobj.i])
                    end = ent.end if ent is not None else pobj.i + 1
                    hits.append((Span(parse.doc, start, end, label="UNKNOWN_PLACE"), child))
                elif pobj.lemma_.lower() in SETTLEMENTS:
                    named = _settlement_name(parse, pobj)
                    if named is not None:
                        hits.append((named, child))
    return hits


SETTLEMENTS = {"village", "town", "locality", "hamlet", "commune", "city", "settlement"}
TOWN_LABELS = {"PLACE", "GPE", "FAC", "UNKNOWN_PLACE"}


NOT_SETTLEMENT_COMPOUND_LABELS = ACTOR_LABELS | {GENERIC_LABEL, "COUNTRY", "REGION", "PERSON", "NORP"}
NOT_SETTLEMENT_OF_LABELS = ACTOR_LABELS | {GENERIC_LABEL, "COUNTRY", "REGION"}


def _settlement_compound(parse: ArgumentParse, noun: Token) -> Span | None:
    """The proper name compounded before a settlement noun ("in Seytenga village"), if it is a place."""
    names = [t for t in parse.lefts(noun) if t.dep_ == "compound" and t.pos_ == "PROPN" and t.text[:1].isupper()]
    if not names:
        return None
    ent = parse.entity_at(names[-1])
    if ent is not None and ent.label_ in NOT_SETTLEMENT_COMPOUND_LABELS:
        return None
    if ent is not None and ent.end <= noun.i:
        return Span(parse.doc, ent.start, ent.end, label="PLACE")
    start = names[0].i
    heads = {t.i for t in names} | {noun.i}
    while start > 0 and parse.tokens[start - 1].dep_ == "compound" and parse.heads[start - 1] in heads:
        start -= 1
    return Span(parse.doc, start, names[-1].i + 1, label="PLACE")


def _settlement_name(parse: ArgumentParse, noun: Token) -> Span | None:
    """"the village of Tadamakat": a proper noun the gazetteer and NER missed is still the place's name.
    "Seytenga village of northern Burkina Faso" names the village before the noun; the country after "of"
    only says where the village lies, so the name in front wins and a country or region is never the name."""
    named = _settlement_compound(parse, noun)
    if named is not None:
        return named
    for child in parse.children(noun):
        if child.dep_ == "prep" and child.lower_ == "of":
            for pobj in parse.children(child):
                if pobj.dep_ == "pobj" and pobj.pos_ == "PROPN":
                    ent = parse.entity_at(pobj)
                    if ent is not None and ent.label_ in NOT_SETTLEMENT_OF_LABELS:
                        return None
                    if ent is not None:
                        return Span(parse.doc, ent.start, ent.end, label="PLACE")
                    compounds = [t.i for t in parse.lefts(pobj) if t.dep_ == "compound"]
                    start = min(compounds) if compounds else pobj.i
                    return Span(parse.doc, start, pobj.i + 1, label="PLACE")
    return None


def _relation(parse: ArgumentParse, prep: Token, ent: Span, pobj_phrase: Span) -> str:
    low = prep.lower_
    words = {t.lower_ for t in parse.tokens[pobj_phrase.start:pobj_phrase.end]}
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


def _road_ends(parse: ArgumentParse, ent: Span) -> tuple[Span, Span] | None:
    """"on the Bamako-Kayes highway", "the Djibo-Namsiguia axis": a road named by its two ends puts the
    attack between them, not in either town."""
    road = parse.root(ent)
    while road.dep_ == "compound" and parse.heads[road.i] != road.i:
        road = parse.head(road)
    if road.lemma_.lower() not in ROAD_NOUNS:
        return None
    subtree = parse.subtree(road)
    names = [t for t in subtree if t.i < road.i and t.pos_ == "PROPN"]
    if len(names) < 2 or not any(t.text in {"-", "–"} for t in subtree if names[0].i < t.i < names[-1].i):
        return None
    ends: list[Span] = []
    for token in names:
        found = parse.entity_at(token)
        span = found if found is not None and found.end <= road.i else Span(parse.doc, token.i, token.i + 1,
                                                                              label="PLACE")
        if all(e.start != span.start for e in ends):
            ends.append(span)
    return (ends[0], ends[1]) if len(ends) >= 2 else None


def anchor_places(parse: ArgumentParse, anchor: Token) -> list[tuple[Span, Token, str]]:
    """The place candidates below one anchor of ``find_place``, as (entity, preposition, label)."""
    candidates: list[tuple[Span, Token]] = []
    children = parse.children(anchor)
    candidates.extend(_place_ents_under(parse, anchor))
    # "stormed the village of Solhan"
    for child in children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for grand in parse.children(child):
                e = parse.entity_at(grand)
                if e is not None and e.label_ in {"PLACE"}:
                    candidates.append((e, child))
        if child.dep_ in {"compound", "appos"}:
            e = parse.entity_at(child)
            if e is not None and e.label_ in {"PLACE", "REGION"} and not _is_named_thing(parse, e.start):
                candidates.append((e, child))
    # "a bus taking traders ... near the village of Songho": places in the target's own clause
    for child in children:
        if child.dep_ in {"acl", "relcl"} and anchor.pos_ in {"NOUN", "PROPN"}:
            candidates.extend(_place_ents_under(parse, child))
    # "a convoy near Gao": prepositions also hang from the head noun's own prep chain
    for child in children:
        if child.dep_ == "prep":
            for pobj in parse.children(child):
                if pobj.dep_ == "pobj" and pobj.pos_ in {"NOUN"}:
                    candidates.extend(_place_ents_under(parse, pobj))
    return [(ent, prep, ent.label_) for ent, prep in candidates]


# town-level names first, in text order ("near Tassia, in the Téra area"), then regions, features, countries
PLACE_RANK = {"PLACE": 0, "GPE": 0, "FAC": 0, "UNKNOWN_PLACE": 0, "REGION": 2, "LOC": 3, "FEATURE": 3, "COUNTRY": 4}


def find_place(parse: ArgumentParse, trigger: Span, anchors: list[Token]) -> PlaceHit | None:
    """The best place for a trigger: under its targets first, then the trigger, then the clause verb."""
    candidates: list[tuple[Span, Token, str]] = []
    for anchor in anchors:
        if anchor is None:
            continue
        found = parse.anchor_places(anchor)
        candidates.extend(found)
        if any(label in TOWN_LABELS for _, _, label in found):
            break  # a town under the nearest anchor; otherwise look further for one
    if not candidates:
        return None
    # prefer towns/places over features/regions/countries
    candidates.sort(key=lambda c: PLACE_RANK.get(c[2], 5))  # stable: anchor order, then text order
    ent, prep, _label = candidates[0]
    doc = parse.doc
    phrase = doc[prep.i:max(ent.end, max(parse.subtree_ids(prep)) + 1)] if prep.dep_ == "prep" else ent
    pair = _road_ends(parse, ent)
    if pair is not None:
        return PlaceHit(ent=pair[0], relation="between", text_span=phrase, second=pair[1])
    if prep.lower_ == "between":
        second = None
        for other, p, _label in candidates[1:]:
            if p.i == prep.i and other.start != ent.start:
                second = other
        if second is None:
            for t in parse.conjuncts(parse.root(ent)):
                e = parse.entity_at(t)
                if e is not None and e.label_ in PLACE_LABELS:
                    second = e
        return PlaceHit(ent=ent, relation="between", text_span=phrase, second=second)
    return PlaceHit(ent=ent, relation=_relation(parse, prep, ent, phrase), text_span=phrase)


def conjoined_places(parse: ArgumentParse, token: Token) -> list[PlaceHit]:
    """"the villages of Intazayene, Bakorat and Wistane", "camps at Boulkessi and Mondoro": one hit per
    place, so that each village becomes its own attack as ACLED and the gold files count them."""
    for child in parse.children(token):
        if child.dep_ != "prep" or child.lower_ not in {"of", "at", "in"}:
            continue
        for pobj in parse.children(child):
            if pobj.dep_ != "pobj":
                continue
            if pobj.lemma_.lower() in SETTLEMENTS and pobj.tag_ == "NNS":
                inner = conjoined_places(parse, pobj)  # "in the towns of A, B and C"
                if inner:
                    return inner
            hits = []
            settlement = token.lemma_.lower() in SETTLEMENTS
            for t in [pobj, *parse.conjuncts(pobj)]:
                ent = parse.entity_at(t)
                if settlement and t.pos_ == "PROPN" and (ent is None or ent.label_ in {"PERSON", "ORG", "NORP"}):
                    # "the villages of A, B and C": the statistical NER calls unknown village names people
                    ent = Span(parse.doc, ent.start, ent.end, label="PLACE") if ent is not None else \
                        Span(parse.doc, t.i, t.i + 1, label="PLACE")
                if ent is not None and ent.label_ in {"PLACE", "GPE"} and not _is_named_thing(parse, ent.start):
                    if all(h.ent.start != ent.start for h in hits):
                        hits.append(PlaceHit(ent=ent, relation="in", text_span=ent))
            if len(hits) >= 2:
                return hits
    return []


def location_record(parse: ArgumentParse, hit: PlaceHit | None, sent_index: int | None,
                    fallback_country: str | None) -> Location:
    if hit is None:
        return Location(country=fallback_country, geo_precision=None)
    ent = hit.ent
    gaz = gazetteer()
    place = gaz.get(ent.ent_id_) if ent.ent_id_ else None
    ent_text = parse.span_text(ent)
    if place is None:
        place = gaz.best(ent_text)
    name = place.name if place is not None else ent_text
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
        text=parse.span_text(hit.text_span), name=name.strip(), country=country,
        admin1=place.admin1 if place is not None else None,
        lat=float(lat) if lat is not None else None, lon=float(lon) if lon is not None else None,
        relation=relation, place_id=place.id if place is not None else (ent.ent_id_ or None),
        geo_precision=precision, evidence=[evidence_of(parse, hit.text_span, sent_index)],
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


def sentence_dates(parse: ArgumentParse, sent: Span) -> list[DateHit]:
    doc = parse.doc
    mentions = parse.date_mentions
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
            hits.append(DateHit(doc[start:end], weekday_value(token.text, parse.published), None, "day"))
    return hits


def tree_distance(parse: ParseTable, a: Token, b: Token) -> int:
    """The number of arcs between two tokens through their lowest common ancestor (99: none)."""
    heads = parse.heads
    index_b = {b.i: 0}
    i, n = b.i, 0
    for _ in range(len(heads)):  # b's ancestors, as ``Token.ancestors`` walks them
        if heads[i] == i:
            break
        i = heads[i]
        n += 1
        index_b[i] = n
    i, n = a.i, 0
    if i in index_b:
        return index_b[i]
    for _ in range(len(heads)):
        if heads[i] == i:
            break
        i = heads[i]
        n += 1
        if i in index_b:
            return n + index_b[i]
    return 99


def nearest_date(parse: ArgumentParse, trigger: Span, dates: list[DateHit],
                 exclude_clauses: list[Token]) -> DateHit | None:
    """The date mention closest to the trigger in the parse, skipping dates inside other triggers' clauses."""
    best: tuple[int, int, DateHit] | None = None
    root = parse.root(trigger)
    for hit in dates:
        if hit.anchor_offset_days is not None:
            continue
        date_root = parse.root(hit.span)
        if any(date_root.i in parse.subtree_ids(clause) and root.i not in parse.subtree_ids(clause)
               for clause in exclude_clauses):
            continue
        key = (tree_distance(parse, root, date_root), abs(hit.span.start - trigger.start))
        if best is None or key < best[:2]:
            best = (key[0], key[1], hit)
    return best[2] if best else None


def date_record(parse: ParseTable, hit: DateHit | None, sent_index: int | None) -> DateValue:
    if hit is None:
        return DateValue(precision="unknown")
    return DateValue(text=parse.span_text(hit.span), value=hit.value, end=hit.end, precision=hit.precision or "unknown",
                     evidence=[evidence_of(parse, hit.span, sent_index)])


def shift_date(value: str | None, days: int) -> str | None:
    if value is None:
        return None
    try:
        return (dt.date.fromisoformat(value[:10]) + dt.timedelta(days=days)).isoformat()
    except ValueError:
        return None


ANCHOR_WORDS = frozenset({"after", "before"})


def relative_clause_anchor(parse: ArgumentParse, trigger: Span) -> tuple[Token, int] | None:
    """"X on Friday, a day after Y": for a trigger inside the 'after/before' clause, (that clause's verb,
    offset in days of this event relative to the main one). "hours after" gives 0."""
    words = parse.positions_of(ANCHOR_WORDS)
    if not words:
        return None
    root = parse.root(trigger)
    chain = [root, *parse.ancestors(root)]
    heads = parse.heads
    above = {t.i for t in chain}
    if not any(heads[i] in above for i in words):
        return None  # no "after" or "before" hangs from the trigger or above it
    for ancestor in chain:
        for child in parse.children(ancestor):
            if child.dep_ in {"mark", "prep"} and child.lower_ in {"after", "before"}:
                if child.dep_ == "prep" and root.i not in parse.subtree_ids(child):
                    continue
                days = None
                for mod in parse.children(child):
                    if mod.lower_ in {"day", "days", "hours", "hour", "week", "weeks", "night"}:
                        n = 1
                        for num in parse.children(mod):
                            if num.like_num:
                                try:
                                    n = int(num.text)
                                except ValueError:
                                    n = {"two": 2, "three": 3, "four": 4, "five": 5}.get(num.lower_, 1)
                        unit = 7 if mod.lower_.startswith("week") else (0 if mod.lower_.startswith("hour") else 1)
                        days = n * unit
                if days is None:
                    prev = parse.tokens[child.i - 1] if child.i > 0 else None
                    if prev is not None and prev.lower_ in {"day", "days"}:
                        days = 1
                if days is not None:
                    sign = -1 if child.lower_ == "after" else 1
                    return (ancestor if child.dep_ == "mark" else child), sign * days
    return None
