"""Attributions: someone other than the perpetrator says who carried out an attack.

The army, a minister, security sources, residents, rights groups or analysts name (or suspect) the
perpetrator; an outlet may relay what they said. Each attribution keeps who attributes (``attributed_by``,
with a speaker ``kind``), whom (``actor``), how firmly (``certainty``: asserted, suspected, alleged), the
relaying outlets (``reported_by``) and the attacks concerned. Cues come from
``models/lexicons/en/attribution_cues.json``:

* attribution verbs: "is attributing the attacks to JNIM", "blamed the ambush on", "blamed JNIM for",
  "accused JNIM of", "held ... responsible", "suspect";
* being behind: "said JNIM was behind the attack", "believed to be responsible";
* hedged descriptions: "suspected jihadists killed", "gunmen believed to be members of", "bore the
  hallmarks of".

A group speaking of itself ("JNIM said it was behind") is a claim, never an attribution; the claims
component handles it. This component runs last and also writes claimed and attributed actors onto the
attacks' perpetrators (``attack_linking.apply_perpetrators``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from sahel_ie import extensions  # noqa: F401
from sahel_ie.parsing.attack_linking import attack_nouns, apply_perpetrators, link_attacks, reset_cache
from sahel_ie.parsing.sources import (
    ACTOR_LABELS, GROUP_LABELS, PRONOUNS, actor_name, actor_ref, actor_type, article_country, document_text,
    entities, entity_in, evidence_of, fold, last_group_before, national_actor, phrase_span, plain_name,
    refresh_entities, relaying_outlets, sentence_speaker, snapshot, span_text, speaker_kind, specific_branch,
    word_ids,
)
from sahel_ie.parsing.descriptions import tie
from sahel_ie.parsing.speakers import canonical_speakers, named_in_text, specialise
from sahel_ie.extensions import doc_cache

from sahel_ie.kb.actors import default_kb
from sahel_ie.records import ActorRef, Attribution
from sahel_ie.resources import read_lexicon, per_language, in_document_language
from sahel_ie.parsing.syntax import function_words, is_according_object

GENERIC_PERPETRATORS = {
    "jihadist", "jihadists", "militant", "militants", "terrorist", "terrorists", "gunmen", "gunman", "extremist",
    "extremists", "islamist", "islamists", "insurgent", "insurgents", "assailant", "assailants", "attacker",
    "attackers", "fighter", "fighters", "bandit", "bandits", "group", "groups", "men", "elements", "militia",
    "militiamen", "rebels",
}
MEMBER_NOUNS = GENERIC_PERPETRATORS | {"member", "members", "faction", "branch", "wing", "element", "unit", "cell",
                                       "affiliate", "fighter", "combatant", "combatants"}
ATTACKER_NOUNS = frozenset({"attacker", "attackers", "assailant", "assailants", "perpetrator", "perpetrators",
                            "culprit", "culprits", "killer", "killers", "kidnapper", "kidnappers", "gunmen", "gunman",
                            "raiders"})
# "these were JNIM fighters"; members of the group only when someone says it ("the fighters were from X")
REPORTED_ONLY = frozenset({"these", "those", "fighters", "militants", "men", "jihadists", "insurgents"})
ATTACKER_WORDS = ATTACKER_NOUNS | REPORTED_ONLY
STATE_LABELS = {"STATE_FORCE", "FOREIGN_FORCE", "GOV_BODY", "INTL_MISSION", "MILITIA"}
SURFACE_CUES = {"attribute", "attributes", "attributed", "attributing", "blame", "blames", "blamed", "blaming"}
QUANTIFIED = {"most", "many", "some", "all", "several", "numerous", "majority", "much", "half", "third", "quarter",
              "percent", "%", "two-thirds"}


@per_language
def lexicon() -> dict[str, Any]:
    return read_lexicon("attribution_cues")


@per_language
def _word_set(key: str) -> frozenset[str]:
    """A word list of the lexicon as a set, built once (the cue tests run on every sentence)."""
    return frozenset(lexicon()[key])


@per_language
def _hallmark_phrases() -> tuple[str, ...]:
    return tuple(fold(p) for p in lexicon()["hallmark_phrases"])


def _is_perpetrator_phrase(span: Span) -> bool:
    """A phrase that can be the blamed party: an armed group entity or a generic attacker noun."""
    ent = entity_in(span, ACTOR_LABELS | {"UNKNOWN_ACTOR"})
    if ent is not None:
        return True
    national = national_actor(span)
    if national is not None and national[1] == "military":
        return True
    return span.root.lower_ in _rw().generic_perpetrators


def _actor_span(tok: Token) -> Span:
    """The blamed actor's phrase, cut before 'for the killings', 'of carrying out', 'on Sunday'."""
    span = phrase_span(tok)
    for child in tok.rights:
        if child.dep_ == "prep" and (child.lower_ not in function_words("of") or tok.lemma_.lower() not in _rw().member_nouns):
            end = child.i
            while end > span.start + 1 and tok.doc[end - 1].is_punct:
                end -= 1
            return tok.doc[span.start:max(min(end, span.end), tok.i + 1)]  # never past a relative clause
    return span


def _actor(tok: Token) -> ActorRef | None:
    """The blamed actor for the phrase headed by ``tok`` (conjoined heads are not followed)."""
    span = _actor_span(tok)
    if not _is_perpetrator_phrase(span):
        return None
    ent = entity_in(span, ACTOR_LABELS)
    ref = actor_ref(span)
    if ent is not None and not (ent.start <= tok.i < ent.end) and tok.lower_ in _rw().member_nouns:
        inner = [e for e in entities(span.doc) if e.label_ in ACTOR_LABELS and e.ent_id_ and span.start <= e.start
                 and e.end <= span.end and e.root.dep_ in ("pobj", "appos", "conj")]
        ent = inner[0] if inner else ent  # "fighters of the al-Qaeda-linked JNIM" -> JNIM
        # "fighters loyal to JNIM", "members of JNIM": the group is the actor
        ref = actor_ref(ent)
        ref.text = span.text
    if ref.actor_id is None and ent is not None and not ent.ent_id_:
        # a shared alias ("Russian mercenaries": Wagner, later the Africa Corps): the article's date decides,
        # else the latest date of its attacks
        resolution = default_kb().resolve(ent.text, _article_date(span.doc))
        if resolution is not None:
            ref.actor_id = resolution.actor.id
            ref.name = actor_name(resolution.actor.id, span.doc._.published)
    if ref.actor_id is None:
        for child in tok.children:
            if child.dep_ == "appos":
                ent = entity_in(phrase_span(child), ACTOR_LABELS)
                if ent is not None and ent.ent_id_:
                    named = actor_ref(ent)
                    ref.actor_id, ref.name = named.actor_id, named.name  # "the militia Dan Na Ambassagou"
                    break
    if ref.actor_id is None and tok.lower_ in _rw().member_nouns:
        # "fighters linked to the Islamic State", "gunmen loyal to JNIM"
        for ent in entities(tok.doc):
            if ent.label_ in GROUP_LABELS and ent.ent_id_ and tok.i < ent.start <= tok.right_edge.i:
                if all(t.dep_ in ("acl", "prep", "pobj", "amod", "compound", "det", "punct", "agent", "advmod")
                       or t.i >= ent.start for t in tok.doc[tok.i + 1:ent.start]):
                    named = actor_ref(ent)
                    ref.actor_id, ref.name = named.actor_id, named.name
                    break
    if ref.actor_id is None:
        national = national_actor(span)
        if national is not None and national[1] == "military":
            ref.actor_id = national[0]
            ref.name = actor_name(national[0], span.doc._.published)
    return ref


class _ActorMemo:
    """``_actor`` remembered per token while one sentence is searched: the branches of ``_find`` test a phrase
    before they keep it, and reading a phrase (entities, KB resolution, the national army) is the costly part.
    Every call gets its own copy, as from ``_actor``: the records are edited later (branches, merging)."""

    def __init__(self) -> None:
        self._refs: dict[int, ActorRef | None] = {}

    def __call__(self, tok: Token) -> ActorRef | None:
        ref = self._ref(tok)
        return None if ref is None else replace(ref, evidence=[replace(e) for e in ref.evidence])

    def found(self, tok: Token) -> bool:
        """Whether ``_actor(tok)`` finds a blamed actor (``is not None``), without a copy."""
        return self._ref(tok) is not None

    def named(self, tok: Token) -> bool:
        """Whether ``_actor(tok)`` finds a blamed actor of the KB."""
        ref = self._ref(tok)
        return ref is not None and bool(ref.actor_id)

    def _ref(self, tok: Token) -> ActorRef | None:
        if tok.i not in self._refs:
            self._refs[tok.i] = _actor(tok)
        return self._refs[tok.i]


def _certainty(tokens: list[Token]) -> str:
    suspected = _word_set("suspected_cues")
    alleged = _word_set("alleged_cues")
    words = {t.lower_ for t in tokens}
    if words & alleged:
        return "alleged"
    if words & suspected:
        return "suspected"
    return "asserted"


def _hedge_tokens(cue: Token, actor_tok: Token | None) -> list[Token]:
    """Words that may hedge an attribution: the cue, its modifiers and the verbs above it."""
    out = [cue]
    out += [c for c in cue.children if c.dep_ in ("advmod", "aux", "amod", "neg", "acomp")]
    tok = cue
    for _ in range(3):
        if tok.head == tok:
            break
        tok = tok.head
        out.append(tok)
        out += [c for c in tok.children if c.dep_ in ("advmod", "aux")]
    if actor_tok is not None:
        out += [c for c in actor_tok.children if c.dep_ in ("amod", "advmod")]
    return out


def _plausible_speaker(tok: Token) -> bool:
    """Attack nouns and the blamed attackers themselves do not speak; a group the words make a speaker
    of a known kind does ("the rights group", "the aid group")."""
    if tok.lower_ in lexicon()["non_speakers"] or any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children):
        return False  # "Nobody has claimed the attack, but analysts suggested ...": nobody speaks
    if tok.lemma_.lower() in attack_nouns():
        return False
    if tok.lower_ in _rw().generic_perpetrators:
        return tok.lower_ in ("group", "groups") and speaker_kind(phrase_span(tok)) in SPEAKING_GROUP_KINDS
    return True


# a speaker whose words give no kind, or an armed one's, may stand for the actor the article names; "the
# human rights organisation" is never the militia it accuses
UNTIED_SPEAKER_KINDS = frozenset({"unknown", "rebel_movement", "jihadist_group", "militia"})
SPEAKING_GROUP_KINDS = frozenset({"rights_group", "media", "un", "analyst", "local_source"})


def _speaker_span(tok: Token) -> Span:
    """The speaker's phrase, cut before 'to <actor>' / 'on <actor>': in "attributed by security sources to
    the Islamic State" the parser hangs the blamed group under the speaker."""
    span = phrase_span(tok)
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ in ("to", "on") and any(
                g.dep_ == "pobj" and entity_in(phrase_span(g), ACTOR_LABELS) is not None for g in child.children):
            return tok.doc[span.start:max(child.i, tok.i + 1)]
    return span


def _speaker(cue: Token, sent: Span, *, own: bool = True) -> tuple[Span | None, bool]:
    """Who attributes: the cue verb's own subject (``own``), else the subject of the say verb above, else
    'according to X'. Returns (phrase, whether it is the cue's own subject)."""
    say = _word_set("say_verbs")
    for child in cue.children:
        if not own:
            break
        if child.dep_ == "nsubj" and cue.pos_ in ("VERB", "AUX") and _plausible_speaker(child):
            return phrase_span(child, conj=True), True
        if child.dep_ == "agent":
            pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
            if pobj is not None:
                return _speaker_span(pobj), True
    shares_subject = cue.dep_ == "conj" or (cue.dep_ == "advcl" and cue.tag_ == "VBG")
    if own and shares_subject and cue.pos_ == "VERB" and not any(
            c.dep_ in ("nsubj", "nsubjpass") for c in cue.children):
        # "ISSP denied responsibility and blamed the army", "HRW published a report on Tuesday, accusing
        # the army": the main verb's subject does both
        shared = next((c for c in cue.head.children if c.dep_ == "nsubj" and _plausible_speaker(c)), None)
        if shared is not None:
            return phrase_span(shared), True
    tok = cue
    for _ in range(4):
        if tok.head == tok:
            break
        tok = tok.head
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in lexicon()["report_nouns"] and tok.dep_ in ("dobj", "pobj"):
            # "HRW issued a report accusing the army of ...": the report's author speaks
            verb = tok.head.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else tok.head
            author = next((c for c in verb.children if c.dep_ == "nsubj" and _plausible_speaker(c)), None)
            if author is not None and verb.pos_ in ("VERB", "AUX"):
                return phrase_span(author, conj=True), False
        if tok.lemma_.lower() in say or tok.lemma_.lower() in lexicon()["attribute_verbs"]:
            # the subject nearest the verb: a long sentence can leave the parser two ("..., a faction linked
            # to al-Qaeda, news outlet RFI said": the outlet speaks, the faction is the blamed group's gloss)
            subjects = [c for c in tok.children if c.dep_ == "nsubj" and _plausible_speaker(c)]
            if subjects:
                return phrase_span(min(subjects, key=lambda c: abs(c.i - tok.i)), conj=True), False
            for child in tok.children:
                if child.dep_ == "agent":
                    pobj = next((g for g in child.children if g.dep_ == "pobj"), None)
                    if pobj is not None:
                        return phrase_span(pobj), False
    return sentence_speaker(sent), False


RELATIVE_PRONOUNS = frozenset({"which", "who", "that"})


def _relative_clause_speaker(cue: Token) -> Span | None:
    """"the presidency, which blamed Boko Haram": the noun the relative clause hangs from speaks; for "a
    statement from the presidency, which blamed ...", the statement's source does."""
    head = cue.head
    if cue.dep_ != "relcl" or head.pos_ not in ("NOUN", "PROPN") or not _plausible_speaker(head):
        return None
    if head.lemma_.lower() in lexicon()["report_nouns"]:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in ("from", "by", "of"):
                source = next((g for g in prep.children if g.dep_ == "pobj"), None)
                if source is not None and _plausible_speaker(source):
                    return phrase_span(source)
    return phrase_span(head)


def _resolve_pronoun_speaker(span: Span | None, cue: Token) -> Span | None:
    """'they said they suspected' -> the subject of the enclosing say verb; 'X, which blamed' -> X."""
    if span is None or not (len(span) == 1 and span[0].lower_ in PRONOUNS):
        return span
    if span[0].lower_ in RELATIVE_PRONOUNS:
        relative = _relative_clause_speaker(cue)
        if relative is not None:
            return relative
    tok = cue
    say = _word_set("say_verbs")
    for _ in range(4):
        if tok.head == tok:
            break
        tok = tok.head
        if tok.lemma_.lower() in say:
            for child in tok.children:
                if child.dep_ == "nsubj" and child.i != span.start and child.lower_ not in PRONOUNS:
                    return phrase_span(child)
    return span


def _objects(tok: Token) -> list[Token]:
    """Nouns below a cue reached through objects and prepositions (dobj, 'to X', 'on X', 'for X', 'of X')."""
    out: list[Token] = []
    for child in tok.children:
        if child.dep_ in ("dobj", "pobj", "attr", "oprd", "nsubjpass", "dative"):
            out.append(child)
            out += _objects(child)
        elif child.dep_ in ("prep", "agent", "acomp", "xcomp", "pcomp"):
            out += _objects(child)
        elif child.dep_ == "conj" and child.pos_ in ("NOUN", "PROPN"):
            out.append(child)
    return out


def _accused_of_violence(cue: Token, sent: Span) -> bool:
    """'accusing X and Y of murdering ...' where the parser hung 'of murdering' outside the cue's subtree:
    an 'of' followed by a violent verb within a few words after the cue."""
    window = list(sent.doc[cue.i + 1:min(sent.end, cue.i + 16)])
    verbs = _word_set("perpetrator_verbs")
    of = function_words("of")
    return any(t.lower_ in of and nxt.lemma_.lower() in verbs for t, nxt in zip(window, window[1:]))


def _alternatives(tok: Token, actor: ActorRef | None) -> list[str]:
    """Other KB groups named in the agent's phrase beside ``actor`` ("JNIM or ISGS militants")."""
    if actor is None or not actor.actor_id:
        return []
    left, right = tok.left_edge.i, tok.right_edge.i + 1
    out: list[str] = []
    for ent in entities(tok.doc):
        if left <= ent.start and ent.end <= right and ent.label_ in GROUP_LABELS and ent.ent_id_ \
                and ent.ent_id_ != actor.actor_id and ent.ent_id_ not in out:
            out.append(ent.ent_id_)
    return out


def _in_clause_below(tok: Token, top: Token) -> bool:
    """Whether ``tok`` sits in a relative clause or an apposition hanging below ``top`` ("the MNLA, a group
    whose ... alongside French troops"); a participle ("accompanied by the VDP") still describes ``top``."""
    while tok.i != top.i and tok.head.i != tok.i:
        if tok.dep_ in ("relcl", "appos"):
            return True
        tok = tok.head
    return False


def _hedged_link(tok: Token) -> bool:
    """"likely affiliated with", "believed linked to": a linking participle under a hedge."""
    hedges = _word_set("suspected_cues")
    return any(c.dep_ == "advmod" and c.lower_ in hedges for c in tok.children)


def _linked_groups(tok: Token) -> list[tuple[Span, str | None]]:
    """The KB groups a linking participle names ("affiliated with al-Qaeda and Islamic State-linked
    groups"): objects of its preposition, their conjuncts, and groups qualifying those conjuncts."""
    out: list[tuple[Span, str | None]] = []
    doc = tok.doc
    for prep in tok.children:
        if prep.dep_ != "prep":
            continue
        for pobj in prep.children:
            if pobj.dep_ != "pobj":
                continue
            for head in [pobj, *pobj.conjuncts]:
                left, right = head.left_edge.i, head.i + 1  # the head and its modifiers, not its conjuncts
                named = [e for e in entities(doc) if left <= e.start and e.end <= right and e.label_ in GROUP_LABELS
                         and e.ent_id_ and all(e.start != o.start for o, _ in out)]
                if named:
                    out.append((named[0], None))
                    continue
                # "Islamic State-linked groups": the lineage before the linker
                linker = next((t for t in doc[left:right] if t.lower_ in _rw().link_participles), None)
                if linker is not None and linker.i > left:
                    words = doc[left:linker.i]
                    while len(words) and words[-1].is_punct:
                        words = words[:-1]
                    found = _kb_resolve(span_text(words), doc) if len(words) else None
                    if found is not None:
                        out.append((doc[left:right], found))
    return out


def _kb_resolve(text: str, doc: Doc) -> str | None:
    from sahel_ie.kb.actors import default_kb

    resolution = default_kb().resolve(text, doc._.published)
    return resolution.actor.id if resolution is not None else None


def _specific_charge(cue: Token) -> bool:
    """Whether an accusation names a deed of its own (a count, a place, a date), not a pattern of abuse."""
    labels = {"CARDINAL", "DATE", "PLACE", "GPE", "LOC", "REGION", "FEATURE"}
    return any(t.like_num or t.ent_type_ in labels for t in cue.subtree if t.i > cue.i)


def _third_party_voice(speaker: Span) -> bool:
    """A statement whose words name a third party ("the official statement", "the army's statement"), not
    the claimant's own."""
    return any(not v.startswith("kind:") or v.split(":")[1] in ("military", "government", "official", "un")
               for v in canonical_speakers(span_text(speaker), country=article_country(speaker.doc)))


IDENTIFY_LEMMAS = frozenset({"identify", "name", "describe", "recognise", "recognize"})
ALONGSIDE = frozenset({"collaboration", "cooperation", "conjunction", "coordination", "alongside", "together"})


def _identified_as(tok: Token) -> tuple[Token, list[Token]] | None:
    """(verb, the actors' heads) for "identified the perpetrators as members of X" and its companions
    ("..., in collaboration with Y", "alongside Y"); None when the attackers are not so identified."""
    verb = tok.head
    if tok.dep_ != "dobj" or verb.lemma_.lower() not in IDENTIFY_LEMMAS or verb.pos_ != "VERB":
        return None
    preps = [c for c in list(verb.children) + list(tok.children) if c.dep_ == "prep"]
    named = [g for p in preps if p.lower_ == "as" for g in p.children if g.dep_ == "pobj"]
    if not named:
        return None
    named += [c for g in named for c in g.conjuncts]
    preps += [t for t in named[0].subtree if t.dep_ == "prep" and t.lower_ in ("in", "alongside", "with")]
    for prep in preps:
        for head in (g for g in prep.children if g.dep_ == "pobj"):
            if prep.lower_ == "alongside" or head.lemma_.lower() in ALONGSIDE:
                named += [g for p in head.children if p.dep_ == "prep" and p.lower_ == "with"
                          for g in p.children if g.dep_ == "pobj"]
                if prep.lower_ == "alongside":
                    named.append(head)
    return verb, named


def _answered_attacks(attack_tok: Token) -> bool:
    """Plural attacks that the told attack answers ("... to respond to the deadly attacks by the army",
    "in revenge for killings by X"): a motive names past deeds of another party, not the attack itself."""
    if attack_tok.tag_ != "NNS":
        return False
    motives = _word_set("motive_words")
    tok = attack_tok
    for _ in range(4):
        if tok.head is tok:
            break
        tok = tok.head
        if tok.lemma_.lower() in motives or tok.lower_ in motives:
            return True
    return False


def _attackers_from(tok: Token, sent: Span) -> tuple[Span, bool] | None:
    """"attackers 'presumably from the Islamic State ...'", "the assailants, reportedly belonging to X":
    word order, since the parser hangs such a fragment anywhere. Returns the group's entity and whether an
    adverb hedges the membership."""
    doc = tok.doc
    members = _word_set("membership_words")
    j, hedges = tok.i + 1, []
    while j < sent.end and j - tok.i <= 4 and (doc[j].is_punct or doc[j].pos_ == "ADV"):
        if doc[j].pos_ == "ADV":
            hedges.append(doc[j])
        j += 1
    if j >= sent.end or doc[j].lower_ not in members:
        return None
    if doc[j].lower_ == "belonging" and (j + 1 >= sent.end or doc[j + 1].lower_ != "to"):
        return None
    for ent in entities(doc):
        if ent.label_ in GROUP_LABELS and ent.ent_id_ and j < ent.start <= j + 5 and ent.end <= sent.end:
            if any(t.is_punct and t.text not in ("'", "\"", "“", "‘") for t in doc[j + 1:ent.start]):
                return None
            return ent, _certainty(hedges) != "asserted"
    return None


def _cleft(copula: Token) -> tuple[Token, Token] | None:
    """(focus, verb) of "it was X who/that <deed>": the focus is the copula's ``attr``; its clause hangs
    on it (``relcl``) or on the copula (``ccomp``) with a relative subject; the verb must tell a deed."""
    deeds = _word_set("perpetrator_verbs") | _word_set("deed_verbs") | frozenset(PERPETRATION_LEMMAS)
    for focus in (c for c in copula.children if c.dep_ == "attr"):
        clauses = [c for c in focus.children if c.dep_ == "relcl"]
        clauses += [c for c in copula.children if c.dep_ == "ccomp" and c.i > focus.i]
        for verb in clauses:
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ in ("who", "that", "which") and verb.lemma_.lower() in deeds:
                return focus, verb
    return None


def _according_to(tok: Token) -> bool:
    """"According to the jihadists, X was accused of ...": the source of the words, not the accused."""
    return is_according_object(tok)


def _agent_of(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ == "agent":
            return next((g for g in child.children if g.dep_ == "pobj"), None)
    return None


class _Found:
    def __init__(self, cue: Token, actor_tok: Token, actor: ActorRef, attack_tok: Token | None,
                 speaker: Span | None, certainty: str, confidence: float) -> None:
        self.cue, self.actor_tok, self.actor, self.attack_tok = cue, actor_tok, actor, attack_tok
        self.speaker, self.certainty, self.confidence = speaker, certainty, confidence
        self.own_voice = False  # the article states the perpetrator itself (no one else speaks)


BACKGROUND_CATEGORIES = frozenset({"HISTORICAL", "AGGREGATE", "GENERIC"})
BACKGROUND_PREPS = frozenset({"since", "in", "until", "by", "from", "between"})


def background_sentence(sent: Span, doc: Doc, years: set[int]) -> bool:
    """A sentence of background or statistics ("militants linked to al-Qaeda have killed thousands since
    2012"): its attack triggers are all historical, aggregate or generic, or it has none and is set in a
    year none of the article's attacks (nor its publication) is in. An actor named there is the
    conflict's history, never the perpetrator of the attacks the article reports."""
    # a relative clause describing an actor ("ISSP, which has repeatedly targeted the area") is no report
    triggers = [t for t in (doc._.attack_triggers or []) if sent.start <= t.start < sent.end
                and not any(a.dep_ == "relcl" for a in [t.root, *t.root.ancestors])]
    if triggers:
        return all(t._.modifiers and {m["category"] for m in t._.modifiers} & BACKGROUND_CATEGORIES
                   for t in triggers)
    for tok in sent:
        if tok.like_num and len(tok.text) == 4 and tok.text.isdigit() and 1950 <= int(tok.text) <= 2049:
            head = tok.head
            while head.dep_ in ("amod", "compound", "npadvmod") and head.head != head:
                head = head.head
            prep = head if head.dep_ == "prep" else tok.head
            if (prep.lower_ in BACKGROUND_PREPS or tok.head.lower_ in BACKGROUND_PREPS) and int(tok.text) not in years:
                return True
    return False


def _article_date(doc: Doc) -> str | None:
    """The publication day, else the latest full day of the article's attacks."""
    if doc._.published:
        return doc._.published
    days = [a.date.value[:10] for a in (doc._.attacks or []) if a.date.value and len(a.date.value) >= 10]
    if days:
        return max(days)
    # no day at all: the latest year the article's dates write ("since 2021"), at mid-year, so that a
    # shared alias ("Russian mercenaries") still resolves to the actor of that time
    years = [int(m) for e in entities(doc) if e.label_ == "DATE" for m in re.findall(r"\b(?:19|20)\d\d\b", e.text)]
    return f"{max(years)}-07-01" if years else None


def _article_years(doc: Doc) -> set[int]:
    """The years of the article's attacks and of its publication."""
    years = set()
    for value in [doc._.published] + [a.date.value for a in (doc._.attacks or [])]:
        if value and value[:4].isdigit():
            years.add(int(value[:4]))
    return years


# "militants linked to al-Qaeda" describes attackers; an adjectival "linked" keeps its surface as lemma.
LINK_LEMMAS = {"link", "tie", "connect", "affiliate", "align"}
LINK_PARTICIPLES = {"linked", "tied", "connected", "affiliated", "aligned", "allied", "loyal"}
# The words that open the other branches of ``_find``.
ACCUSE_LEMMAS = ("accuse", "blame")
BEHIND_WORDS = ("behind", "responsible")
HEDGE_MODIFIERS = ("suspected", "alleged", "presumed", "suspect")
BELIEF_PARTICIPLES = ("believed", "thought", "presumed", "suspected")
BE_LEMMAS = ("be", "belong")
PERPETRATION_LEMMAS = ("carry", "perpetrate", "commit", "conduct", "orchestrate", "mastermind", "lay", "plant",
                       "fire", "detonate", "launch", "place")
HEDGE_ADVERBS = ("allegedly", "purportedly")
HALLMARK_NOUNS = ("hallmarks", "hallmark", "signature")
CUE_WORDS = frozenset(LINK_PARTICIPLES) | frozenset(SURFACE_CUES) | frozenset(
    BEHIND_WORDS + HEDGE_MODIFIERS + BELIEF_PARTICIPLES + HEDGE_ADVERBS)
CUE_OR_HALLMARK = CUE_WORDS | frozenset(HALLMARK_NOUNS)


@dataclass(frozen=True)
class _RuleWords:
    """The word lists of the attribution rules in the current document language (``rule_words`` of
    ``attribution_cues.json``; the English lists are the module constants above)."""

    generic_perpetrators: frozenset[str]
    member_nouns: frozenset[str]
    attacker_nouns: frozenset[str]
    reported_only: frozenset[str]
    surface_cues: frozenset[str]
    link_lemmas: frozenset[str]
    link_participles: frozenset[str]
    accuse_lemmas: frozenset[str]
    behind_words: frozenset[str]
    hedge_modifiers: frozenset[str]
    belief_participles: frozenset[str]
    be_lemmas: frozenset[str]
    perpetration_lemmas: frozenset[str]
    hedge_adverbs: frozenset[str]
    hallmark_nouns: frozenset[str]
    charge_lemmas: frozenset[str]
    subject_actor_lemmas: frozenset[str]

    @property
    def attacker_words(self) -> frozenset[str]:
        return self.attacker_nouns | self.reported_only

    @property
    def cue_words(self) -> frozenset[str]:
        return (self.link_participles | self.surface_cues | self.behind_words | self.hedge_modifiers
                | self.belief_participles | self.hedge_adverbs)

    @property
    def cue_or_hallmark(self) -> frozenset[str]:
        return self.cue_words | self.hallmark_nouns


@per_language
def _rw() -> _RuleWords:
    words = lexicon()["rule_words"]
    return _RuleWords(**{name: frozenset(words[name]) for name in _RuleWords.__dataclass_fields__})


@per_language
def _cue_lemmas() -> frozenset[str]:
    """Lower-cased lemmas that open a branch of ``_find`` (with ``_rw().cue_words``, the lower-cased forms that do):
    any other token of a sentence is skipped without building its ``Token``."""
    words = _rw()
    return words.link_lemmas | frozenset(lexicon()["attribute_verbs"]) | words.accuse_lemmas | words.be_lemmas \
        | words.perpetration_lemmas


def _find(sent: Span, doc: Doc) -> list[_Found]:
    snap = snapshot(doc)
    lemmas, lowers = snap.lemma, snap.lower_ids
    cue_lemmas, cue_words = _cue_lemmas(), word_ids(_rw().cue_or_hallmark)
    marked = [i for i in range(sent.start, sent.end) if lemmas[i] in cue_lemmas or lowers[i] in cue_words]
    attacker_ids = word_ids(ATTACKER_NOUNS)
    attackers = [i for i in range(sent.start, sent.end) if lowers[i] in attacker_ids]
    if not marked and not attackers:
        return []  # most sentences: no word opens a branch below
    attribute_verbs = _word_set("attribute_verbs")
    found: list[_Found] = []
    used: set[int] = set()
    actor_of = _ActorMemo()
    for i in marked:
        tok = doc[i]
        lemma, lower = lemmas[i], tok.lower_
        if lemma not in cue_lemmas and lower not in _rw().cue_words:
            continue  # a hallmark noun, for the phrases after the loop
        linking = lemma in _rw().link_lemmas or lower in _rw().link_participles
        if linking and tok.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass", "dobj") for c in tok.children):
            if _hedged_link(tok):
                # "militants likely affiliated with al-Qaeda and IS-linked groups attacked": a suspicion
                speaker, _ = _speaker(tok, sent, own=False)
                for group, actor_id in _linked_groups(tok):
                    if group.root.i not in used:
                        ref = actor_ref(group)
                        if actor_id and not ref.actor_id:
                            ref.actor_id, ref.name = actor_id, actor_name(actor_id, doc._.published)
                            ref.kind = actor_type(actor_id) or ref.kind
                        found.append(_Found(tok, group.root, ref,
                                            tok.head if tok.head.lemma_.lower() in attack_nouns() else None,
                                            speaker, "suspected", 0.55))
                        used.add(group.root.i)
            continue  # "where militants linked to al-Qaeda are waging ...": a bare participle describes them
        if linking and not (
                any(c.dep_ == "nsubj" for c in tok.children)
                or any(c.dep_ == "nsubjpass" and c.lemma_.lower() in attack_nouns() for c in tok.children)):
            continue  # "militants linked to al-Qaeda": a description of the attackers, not an attribution
        if lemma in _rw().accuse_lemmas and tok.dep_ == "amod" and tok.i > sent.start + 1:
            # mis-parsed "<long French name> accused VDP members of ...": subject = the words before
            head = tok.head
            speaker = sent.doc[sent.start:tok.i]
            ref = actor_of(head)
            if ref is None or not ref.actor_id or head.i in used:
                continue
            attack_tok = next((t for t in head.subtree if t.lemma_.lower() in attack_nouns()), None)
            found.append(_Found(tok, head, ref, attack_tok, speaker, _certainty(_hedge_tokens(tok, head)), 0.6))
            used.add(head.i)
            continue
        if lower in _rw().surface_cues and tok.pos_ != "VERB" and tok.i > sent.start:
            # the parser lost the verb ("... cited by the AFP attribute the two attacks ... to the Groupe de
            # soutien ...", long French names): fall back on word order
            prep = next((t for t in sent if t.i > tok.i and t.lower_ in ("to", "on")), None)
            ent = next((e for e in entities(sent.doc) if prep is not None and prep.i < e.start < sent.end
                        and e.label_ in GROUP_LABELS and e.ent_id_), None)
            if ent is None or ent.root.i in used:
                continue
            end = next((t.i for t in sent if sent.start < t.i < tok.i and (t.pos_ in ("VERB", "AUX") or t.is_punct)),
                       tok.i)
            speaker = sent.doc[sent.start:end]
            attack_tok = next((t for t in sent.doc[tok.i:ent.start] if t.lemma_.lower() in attack_nouns()), None)
            found.append(_Found(tok, ent.root, actor_ref(ent), attack_tok, speaker,
                                _certainty(list(sent.doc[sent.start:tok.i + 1])), 0.55))
            used.add(ent.root.i)
            continue
        if lemma in attribute_verbs and tok.pos_ == "VERB" and tok.dep_ not in ("amod", "compound"):
            objs = _objects(tok)
            actor_toks = [o for o in objs if actor_of.found(o) and o.lemma_.lower() not in attack_nouns()
                          and not _according_to(o)]
            attack_toks = [o for o in objs if o.lemma_.lower() in attack_nouns()]
            subj = next((c for c in tok.children if c.dep_ in ("nsubjpass",)), None)
            if tok.dep_ in ("acl", "relcl") and tok.head.lemma_.lower() in attack_nouns():
                attack_toks.insert(0, tok.head)  # "an attack attributed to jihadists"
            if subj is not None and subj.lemma_.lower() in attack_nouns():
                attack_toks.insert(0, subj)
            elif subj is not None and actor_of.found(subj) and lemma in _rw().subject_actor_lemmas:
                actor_toks.insert(0, subj)
            if not actor_toks:
                continue
            bad_for = [g for c in tok.children if c.dep_ == "prep" and c.lower_ == "for" for g in c.children
                       if g.dep_ == "pobj" and g.lemma_.lower() not in attack_nouns()]
            if lemma == "blame" and bad_for:
                continue  # "blamed the commanders for the losses"
            if not attack_toks and lemma in _rw().charge_lemmas and not any(
                    t.lemma_.lower() in attack_nouns() or t.lemma_.lower() in lexicon()["perpetrator_verbs"]
                    for t in tok.subtree if t.i != tok.i) and not _accused_of_violence(tok, sent):
                continue  # "accusing commanders of leaving troops exposed": not about an attack
            if lemma in _rw().charge_lemmas:
                # the accused is the verb's object (or its passive subject), not a noun deeper in the charge
                # ("X was accused of collaborating with the army")
                actor_toks = [a for a in actor_toks if a.head.i == tok.i or a.head.dep_ == "conj" and a.head.head.i == tok.i
                              or a.dep_ == "conj" and a.head.head.i == tok.i]
                if not actor_toks:
                    continue
                if not attack_toks and not _specific_charge(tok):
                    continue  # "have accused the military of arresting and killing civilians": a pattern
            if (attack_toks and any(c.lower_ in QUANTIFIED for c in attack_toks[0].subtree)) or (
                    subj is not None and subj.lower_ in QUANTIFIED):
                continue  # "most attacks are attributed to ..." is a statistic, not an attribution
            speaker, own = _speaker(tok, sent)
            speaker = _resolve_pronoun_speaker(speaker, tok)
            a_tok = actor_toks[0]
            certainty = _certainty(_hedge_tokens(tok, a_tok))
            if lemma == "suspect" and certainty == "asserted":
                certainty = "suspected"
            found.append(_Found(tok, a_tok, actor_of(a_tok), attack_toks[0] if attack_toks else None,
                                speaker, certainty, 0.8))
            used.add(a_tok.i)
            # "accused Malian soldiers and Wagner fighters of ...", and the parse that hangs "the army and"
            # under "Russian mercenaries" as a modifier
            split = [c for c in a_tok.children if c.dep_ in ("nmod", "compound") and c.i < a_tok.i
                     and any(g.dep_ == "cc" for g in c.children)]
            for other in list(a_tok.conjuncts) + split:
                ref = actor_of(other)
                if ref is not None and ref.actor_id and other.i not in used:
                    found.append(_Found(tok, other, ref, attack_toks[0] if attack_toks else None,
                                        speaker, certainty, 0.75))
                    used.add(other.i)
        elif lower in _rw().behind_words and tok.head.lemma_ in ("be", "remain"):
            be = tok.head
            subj = next((c for c in be.children if c.dep_ == "nsubj"), None)
            if subj is None and be.dep_ == "xcomp":
                # "ISSP is believed to be behind the attack"
                subj = next((c for c in be.head.children if c.dep_ in ("nsubjpass", "nsubj")), None)
            if subj is None or subj.i in used:
                continue
            actor = actor_of(subj)
            if actor is None:
                continue
            speaker, _ = _speaker(be, sent, own=False)
            speaker = _resolve_pronoun_speaker(speaker, be)
            if speaker is not None and subj.lower_ in PRONOUNS:
                continue  # "JNIM said it was behind": a claim
            objs = [o for o in _objects(tok) if o.lemma_.lower() in attack_nouns()]
            certainty = _certainty(_hedge_tokens(be, subj) + list(be.subtree)[:0])
            found.append(_Found(be, subj, actor, objs[0] if objs else None, speaker, certainty, 0.75))
            used.add(subj.i)
        elif lower in _rw().hedge_modifiers and tok.dep_ in ("amod", "compound"):
            head = tok.head
            if head.i in used or not actor_of.found(head):
                continue
            attack_tok = head.head if head.dep_ in ("nsubj", "nsubjpass", "pobj", "agent") else None
            if attack_tok is not None and attack_tok.dep_ in ("agent", "prep") and attack_tok.head is not None:
                attack_tok = attack_tok.head
            speaker, _ = _speaker(head.head if head.head != head else head, sent)
            if head.dep_ == "appos" and head.head.pos_ in ("NOUN", "PROPN"):
                speaker = phrase_span(head.head)  # "Security sources suspected fighters of ..." mis-parsed
            if speaker is not None and speaker.start <= head.i < speaker.end:
                speaker = sentence_speaker(sent)
                if speaker is not None and speaker.start <= head.i < speaker.end:
                    speaker = None
            certainty = "alleged" if lower == "alleged" else "suspected"
            found.append(_Found(tok, head, actor_of(head), attack_tok, speaker, certainty, 0.6))
            used.add(head.i)
        elif lower in _rw().belief_participles and tok.dep_ in ("acl", "relcl", "ROOT", "advcl", "ccomp", "conj"):
            xcomp = next((c for c in tok.children if c.dep_ == "xcomp"), None)
            if xcomp is None:
                continue
            targets = [o for o in _objects(xcomp) if actor_of.found(o)]
            if not targets:
                continue
            a_tok = targets[-1]
            if a_tok.i in used:
                continue
            subj = tok.head if tok.dep_ == "acl" else next(
                (c for c in tok.children if c.dep_ in ("nsubjpass", "nsubj")), None)
            attack_tok = None
            if subj is not None and subj.lemma_.lower() in attack_nouns():
                attack_tok = subj
            elif subj is not None and subj.lower_ in _rw().attacker_nouns:
                attack_tok = None  # "the assailants were believed to be ...": the attack just told
            elif subj is not None and subj.head.pos_ == "VERB":
                attack_tok = subj.head
            speaker, _ = _speaker(tok, sent, own=False)
            if speaker is not None and subj is not None and speaker.start <= subj.i < speaker.end:
                speaker = None
            found.append(_Found(tok, a_tok, actor_of(a_tok), attack_tok, speaker, "suspected", 0.65))
            used.add(a_tok.i)
        elif tok.lemma_ in _rw().be_lemmas and tok.pos_ in ("AUX", "VERB"):
            subj = next((c for c in tok.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.lower_ == "it":
                cleft = _cleft(tok)
                if cleft is not None and cleft[0].i not in used and actor_of.found(cleft[0]):
                    # "It was (most likely) X fighters who planted the device": the focus did the deed
                    focus, verb = cleft
                    speaker, _ = _speaker(tok, sent, own=False)
                    speaker = _resolve_pronoun_speaker(speaker, tok)
                    certainty = _certainty(_hedge_tokens(tok, focus))
                    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
                    item = _Found(tok, focus, actor_of(focus), obj if obj is not None else verb, speaker,
                                  certainty, 0.65)
                    item.own_voice = speaker is None and certainty == "asserted"
                    found.append(item)
                    used.add(focus.i)
                continue
            if subj is None or subj.lower_ not in _rw().attacker_words or subj.i in used:
                continue
            if subj.lower_ in _rw().reported_only and not any(t.lemma_.lower() in lexicon()["say_verbs"]
                                                        for t in tok.ancestors):
                continue  # "a survivor said the fighters were from X"; not the article's own "fighters were"
            cands = [c for c in tok.children if c.dep_ == "attr"]
            links = function_words("from") | function_words("of") | function_words("with") | function_words("to")
            cands += [g for c in tok.children if c.dep_ == "prep" and c.lower_ in links
                      for g in c.children if g.dep_ == "pobj"]
            extra = []
            for c in cands:
                for ent in entities(sent.doc):
                    if ent.label_ in ACTOR_LABELS and c.left_edge.i <= ent.root.i <= c.right_edge.i \
                            and ent.root.i != c.i and ent.ent_id_ and not _in_clause_below(ent.root, c):
                        extra.append(ent.root)  # "soldiers ... accompanied by VDP"
            cands = [c for c in cands + extra if actor_of.named(c)]
            if not cands:
                continue
            speaker, _ = _speaker(tok, sent, own=False)
            speaker = _resolve_pronoun_speaker(speaker, tok)
            certainty = _certainty(_hedge_tokens(tok, cands[0]))
            seen_ids: set[str] = set()
            for cand in cands:
                ref = actor_of(cand)
                if ref.actor_id in seen_ids:
                    continue
                seen_ids.add(ref.actor_id)
                item = _Found(tok, cand, ref, None, speaker, certainty, 0.7)
                # "The attackers were JNIM fighters.": the article's own word, the attack's perpetrator
                item.own_voice = speaker is None and certainty == "asserted"
                found.append(item)
                used.add(cand.i)
        elif lemma in _rw().perpetration_lemmas and tok.tag_ == "VBN" and (
                any(c.dep_ == "auxpass" for c in tok.children) or tok.dep_ in ("acl", "relcl")):
            # "the device was probably planted by JNIM fighters", "an IED presumably planted by ..."
            agent = _agent_of(tok)
            if agent is None or agent.i in used or not actor_of.found(agent):
                continue
            speaker, _ = _speaker(tok, sent, own=False)
            certainty = _certainty(_hedge_tokens(tok, agent))
            subj = next((c for c in tok.children if c.dep_ == "nsubjpass"), None)
            if subj is None and tok.dep_ in ("acl", "relcl"):
                subj = tok.head
            item = _Found(tok, agent, actor_of(agent), subj, speaker, certainty, 0.65)
            others = _alternatives(agent, item.actor)
            if others:  # "fired by JNIM or ISGS militants": both, hedged
                item.actor.co_actors = others
                if any(t.lower_ in ("or", "and/or") for t in agent.subtree):
                    item.certainty = "suspected"
            # the article itself telling who did it, plainly: the attack's perpetrator, not an attribution
            item.own_voice = speaker is None and item.certainty == "asserted"
            found.append(item)
            used.add(agent.i)
        elif lower in _rw().hedge_adverbs and tok.dep_ == "advmod" and tok.head.pos_ == "VERB":
            verb = tok.head
            subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subj is None or subj.i in used or not actor_of.found(subj):
                continue
            speaker, _ = _speaker(verb, sent, own=False)
            found.append(_Found(tok, subj, actor_of(subj), verb, speaker, "alleged", 0.6))
            used.add(subj.i)
    for i in attackers:
        tok = doc[i]
        if i in used:
            continue
        named = _identified_as(tok)
        if named is not None:
            # "the rights group identified the perpetrators as members of X, in collaboration with Y"
            verb, actor_toks = named
            speaker, _ = _speaker(verb, sent)
            certainty = _certainty(_hedge_tokens(verb, None))
            for a_tok in actor_toks:
                ref = actor_of(a_tok)
                if ref is not None and ref.actor_id and a_tok.i not in used:
                    found.append(_Found(verb, a_tok, ref, None, speaker, certainty, 0.7))
                    used.add(a_tok.i)
            continue
        member = _attackers_from(tok, sent)
        if member is None or member[0].root.i in used:
            continue
        group, hedged = member
        speaker, _ = _speaker(tok, sent, own=False)
        if speaker is not None and speaker.start <= group.start < speaker.end:
            speaker = None
        item = _Found(tok, group.root, actor_ref(group), None, speaker, "suspected" if hedged else "asserted", 0.6)
        item.own_voice = speaker is None and not hedged
        found.append(item)
        used.add(group.root.i)
    hallmark_nouns = word_ids(_rw().hallmark_nouns)
    nouns = [i for i in marked if lowers[i] in hallmark_nouns]
    if not nouns:
        return found  # a hallmark phrase below needs its noun
    lowered = fold(span_text(sent))
    for phrase in _hallmark_phrases():
        idx = lowered.find(phrase)
        if idx < 0:
            continue
        of_tok = doc[nouns[0]]
        targets = [o for o in _objects(of_tok) if actor_of.found(o)]
        if not targets or targets[0].i in used:
            break
        attack_tok = next((c for c in of_tok.head.children if c.dep_ == "nsubj"), None)
        speaker, _ = _speaker(of_tok.head, sent, own=False)
        found.append(_Found(of_tok, targets[0], actor_of(targets[0]), attack_tok, speaker, "suspected", 0.65))
        break
    return found


def _state_ids(doc: Doc) -> set[str]:
    """Actor ids of state forces, governments and pro-government militias mentioned in the article."""
    ids = {e.ent_id_ for e in entities(doc) if e.label_ in STATE_LABELS and e.ent_id_}
    national = lexicon()["national_actors"]["actors"]
    for table in national.values():
        ids |= set(table.values())
    return ids


def extract_attributions(doc: Doc) -> list[Attribution]:
    """All attribution records of a parsed document."""
    refresh_entities(doc)
    reset_cache(doc)
    out: list[Attribution] = []
    attacks = doc._.attacks or []
    spans = doc._.attack_spans or {}
    years: set[int] | None = None
    statements: list[tuple[list[str], ActorRef]] = []
    for sent in doc.sents:
        found = _find(sent, doc)
        if found:
            years = _article_years(doc) if years is None else years
            if background_sentence(sent, doc, years):
                continue
        for f in found:
            if f.actor is not None:
                tie(f.actor, doc)  # "the al-Qaeda affiliate" in an article naming JNIM
            if f.actor is None or not f.actor.actor_id:
                continue  # "blamed jihadists": no named actor, the attack's perpetrator says it already
            if f.own_voice:
                attack_ids = link_attacks(doc, f.attack_tok, f.cue, attacks, spans) if attacks else []
                f.actor.certainty = "stated"
                statements.append((attack_ids, f.actor))
                continue
            if f.speaker is not None and f.speaker.root.lemma_.lower() in lexicon()["claimant_voice_nouns"] \
                    and not _third_party_voice(f.speaker):
                continue  # "the claim said the attack was carried out by ...": the claimant's own voice
            if f.attack_tok is not None and _answered_attacks(f.attack_tok):
                continue  # "to respond to the deadly attacks by the army": past deeds the attack answers
            if f.certainty == "asserted" and f.actor.actor_id in _state_ids(doc) and \
                    f.cue.lemma_.lower() not in lexicon()["asserting_verbs"]:
                f.certainty = "alleged"  # accusations against state forces and their militias
            if f.attack_tok is None:
                nouns = snapshot(doc).find_lemmas(sent.start, sent.end, attack_nouns())
                first = next((i for i in nouns if i > f.cue.i), nouns[0] if nouns else None)
                f.attack_tok = doc[first] if first is not None else None
            if f.speaker is not None and not _plausible_speaker(f.speaker.root):
                f.speaker = None
            if f.speaker is not None:
                f.speaker = _with_named_apposition(_antecedent_speaker(f.speaker))
                by = actor_ref(f.speaker, speaker=True)
                if by.actor_id is None and by.kind in UNTIED_SPEAKER_KINDS:
                    tie(by, doc)  # "the rebel spokesman" in an article naming the FLA
                if by.actor_id is None and by.kind in ("military", "government"):
                    national = national_actor(f.speaker)
                    if national is not None and national[1] == by.kind:
                        by.actor_id, by.name = national[0], actor_name(national[0], doc._.published)
                if by.actor_id and by.actor_id == f.actor.actor_id:
                    continue  # a group speaking of itself: a claim
                if f.speaker[0].lower_ in PRONOUNS and len(f.speaker) == 1:
                    group = last_group_before(doc, f.speaker.start)
                    if group is not None and group.ent_id_ == f.actor.actor_id:
                        continue
                exclude = [f.speaker]
            else:
                by = ActorRef(text=None, kind="unknown")
                exclude = []
            attack_ids = link_attacks(doc, f.attack_tok, f.cue, attacks, spans) if attacks else []
            out.append(Attribution(
                id=f"t{len(out) + 1}", attributed_by=by, actor=f.actor, certainty=f.certainty,
                reported_by=relaying_outlets(sent, exclude=exclude), attack_ids=attack_ids,
                evidence=[evidence_of(sent)], confidence=f.confidence,
            ))
    out += reported_perpetrators(doc, attacks, out)
    for item in out:
        branch = specific_branch(item.actor.actor_id, doc)
        if branch is not None and not plain_name(item.actor):
            item.actor.actor_id = branch
            item.actor.name = actor_name(branch, doc._.published)
    doc_cache(doc)[STATEMENTS_KEY] = statements
    country = article_country(doc) if out else None
    named = named_in_text(document_text(doc)) if out else {}
    for item in out:
        by = item.attributed_by
        item.attributed_by_canonical = specialise(
            canonical_speakers(by.text, by.actor_id, by.kind, country=country), named)
    return _merge(out)


def reported_perpetrators(doc: Doc, attacks: list, found: list[Attribution]) -> list[Attribution]:
    """Attributions for perpetrators the article names on someone else's word: "Officials said Katiba
    Macina militants attacked ...", "according to a security source, JNIM fighters ...", "'... attacked by
    members of Boko Haram,' a local source said". The speaker of the sentence that names the attack's
    perpetrator is the attributing party; a group speaking of its own fighters is a claim and is left out."""
    out: list[Attribution] = []
    taken = {(t.actor.actor_id, tuple(t.attack_ids)) for t in found}
    heard = {(t.actor.actor_id, a, speaker_key(t.attributed_by)) for t in found for a in t.attack_ids}
    for attack in attacks:
        ref = attack.perpetrator
        if not ref.actor_id or ref.certainty not in ("stated", "suspected") or not ref.evidence:
            continue
        if (ref.actor_id, (attack.id,)) in taken:
            continue
        ev = ref.evidence[0]
        span = doc.char_span(ev.start, ev.end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        sent = span[0].sent
        if _claimed_by(span) or _speaks_itself(span):
            continue  # "... attack claimed by ISWAP", "JNIM, according to X, said it had killed ...": a claim
        speaker = _third_party_speaker(sent, span)
        if speaker is None:
            continue
        by = _speaker_ref(speaker, doc)
        if by.actor_id == ref.actor_id or (by.actor_id and actor_type(by.actor_id) in ARMED_TYPES):
            continue  # an armed group telling of an attack is a claim (or a denial), not a third party
        certainty = "suspected" if ref.certainty == "suspected" else "asserted"
        _add_reported(out, sent, speaker, by, ref, attack.id, certainty)
        taken.add((ref.actor_id, (attack.id,)))
        heard.add((ref.actor_id, attack.id, speaker_key(by)))
    # an attribution whose speaker the text leaves vague ("the report") is not doubled by a named one
    heard |= {(t.actor.actor_id, a, "*") for t in found for a in t.attack_ids if _weak_speaker(t.attributed_by)}
    out += _spoken_mentions(doc, attacks, heard)
    return out


INSTITUTION_KINDS = frozenset({"government", "military", "un", "rights_group"})


SAY_LEMMAS = frozenset({"say", "claim", "state", "announce", "add", "declare"})


def _speaks_itself(span: Span) -> bool:
    """The named group is the subject of the reporting verb ("JNIM, according to SITE, said it had killed
    eight soldiers"): its own word, relayed, not a third party's."""
    return span.root.dep_ == "nsubj" and span.root.head.lemma_.lower() in SAY_LEMMAS


def _claimed_by(span: Span) -> bool:
    """The span is the agent of "claimed by" ("the attack claimed by ISWAP"): a claim, not a third
    party's word on who did it."""
    by = span.root.head
    return by.lower_ == "by" and by.head.lemma_.lower() == "claim" and by.head.tag_ == "VBN"


def speaker_key(ref: ActorRef) -> str:
    """What tells two attributing parties apart: the actor id, else the speaker's words without articles
    and plural ("a local source" and "local sources" are one party, "residents" another)."""
    if ref.actor_id:
        return ref.actor_id
    if ref.kind in INSTITUTION_KINDS:
        return ref.kind  # "the presidency" and "the government", "the UN report" and "the report": one voice
    words = [w for w in fold(ref.text or "").split() if w not in ("a", "an", "the", "one", "another")]
    if words and words[-1].endswith("s") and len(words[-1]) > 3:
        words[-1] = words[-1][:-1]
    return " ".join(words) or ref.kind or ""


TOLL_WORDS = frozenset({"kill", "killing", "wound", "injure", "dead", "die", "death", "dozen", "dozens", "score",
                        "scores", "hundred", "hundreds"})


def _third_party_speaker(sent: Span, span: Span) -> Span | None:
    """The sentence's speaker when it is someone other than the named group and speaks of ``span``."""
    speaker = sentence_speaker(sent)
    if speaker is None or speaker.start <= span.start < speaker.end or span.start <= speaker.start < span.end:
        return None
    according_words = function_words("according")
    according = next((t for t in sent if t.lower_ in according_words and t.i < speaker.start
                      and speaker.start - t.i <= 3), None)
    if according is not None and according.i > span.start and any(
            t.like_num or t.lemma_.lower() in TOLL_WORDS for t in sent.doc[span.end:according.i]):
        return None  # "..., killing 40 soldiers, according to X": the source of the toll, not of the name
    if (len(speaker) == 1 and speaker[0].lower_ in PRONOUNS) or not _plausible_speaker(speaker.root) \
            or speaker.root.lemma_.lower() in lexicon()["claimant_voice_nouns"]:
        return None  # "it said its fighters ...": the group itself, or a claim's own words
    return speaker


def _antecedent_speaker(speaker: Span) -> Span:
    """"Cette source" for "une source sécuritaire" named earlier: the earlier phrase with the same head
    noun, when the speaker's determiner points back (``anaphoric_speaker_determiners``)."""
    pointing = lexicon().get("anaphoric_speaker_determiners", ())
    if not pointing:
        return speaker
    root = speaker.root
    dets = " ".join(c.lower_ for c in root.children if c.dep_ in ("det", "amod") and c.i < root.i)
    if not dets or not any(dets == p or dets.startswith(p + " ") or dets.endswith(" " + p) for p in pointing):
        return speaker
    lemma = root.lemma_.lower()
    for tok in reversed(speaker.doc[:speaker.start]):
        if tok.lemma_.lower() == lemma and tok.pos_ in ("NOUN", "PROPN"):
            if any(c.lower_ in pointing for c in tok.children if c.dep_ == "det"):
                continue  # another pointing mention: keep looking further back
            return phrase_span(tok)
    return speaker


CLOSERS = {"”": "“", ")": "(", '"': '"', "’": "‘", "»": "«"}


def _with_named_apposition(speaker: Span) -> Span:
    """The speaker with the name its head is glossed by ("news outlet 'RFI'", "the rights group, Human
    Rights Watch"): the apposition names the party, which the bare head ("news outlet") does not."""
    doc = speaker.doc
    for child in speaker.root.children:
        if child.dep_ != "appos" or child.i < speaker.end:
            continue
        end = child.right_edge.i + 1
        while end > child.i + 1 and doc[end - 1].is_punct and doc[end - 1].text not in CLOSERS:
            end -= 1
        if end < len(doc) and doc[end].text in CLOSERS and any(
                t.text == CLOSERS[doc[end].text] for t in doc[speaker.start:end]):
            end += 1  # the closing quote of "news outlet “RFI”"
        if end - speaker.start > 12:
            break
        longer = doc[speaker.start:end]
        named = [v for v in canonical_speakers(span_text(longer)) if v.count(":") >= 2 or not v.startswith("kind:")]
        if named:
            return longer
        break
    return speaker


def _speaker_ref(speaker: Span, doc: Doc) -> ActorRef:
    speaker = _with_named_apposition(_antecedent_speaker(speaker))
    by = actor_ref(speaker, speaker=True)
    if by.actor_id is None and by.kind in ("military", "government"):
        national = national_actor(speaker)
        if national is not None and national[1] == by.kind:
            by.actor_id, by.name = national[0], actor_name(national[0], doc._.published)
    return by


def _add_reported(out: list[Attribution], sent: Span, speaker: Span, by: ActorRef, ref: ActorRef,
                  attack_id: str, certainty: str) -> None:
    twin = next((t for t in out if t.evidence[0].start == sent.start_char and t.actor.actor_id == ref.actor_id
                 and t.attributed_by.text == by.text), None)
    if twin is not None:
        if attack_id not in twin.attack_ids:
            twin.attack_ids.append(attack_id)  # "officials said X attacked positions in A, B and C": one word
        return
    actor = ActorRef(text=ref.text, actor_id=ref.actor_id, name=ref.name, kind=ref.kind,
                     evidence=list(ref.evidence), resolved_as=ref.resolved_as, antecedent=ref.antecedent)
    out.append(Attribution(
        id="", attributed_by=by, actor=actor, certainty=certainty,
        reported_by=relaying_outlets(sent, exclude=[speaker]), attack_ids=[attack_id],
        evidence=[evidence_of(sent)], confidence=0.6))


DOER_DEPS = frozenset({"nsubj", "csubj"})
LIFT_DEPS = frozenset({"compound", "amod", "appos", "nmod", "poss", "npadvmod"})


def _doer(tok: Token) -> Token | None:
    """The verb a group's mention does something in: its subject ("the X fighters withdrew", "members of
    X opened fire", "They (X) killed"), or the agent of a passive ("was targeted by members of X")."""
    for _ in range(4):
        if tok.dep_ in LIFT_DEPS and tok.head is not tok:
            tok = tok.head
        elif tok.dep_ == "pobj" and tok.head.lower_ in function_words("of") and tok.head.head.lower_ in _rw().member_nouns:
            tok = tok.head.head
        else:
            break
    verb = None
    if tok.dep_ in DOER_DEPS and tok.head.pos_ in ("VERB", "AUX"):
        verb = tok.head
    elif tok.dep_ == "pobj" and tok.head.lower_ == "by" and (
            tok.head.dep_ == "agent" or (tok.head.dep_ == "prep" and tok.head.head.tag_ == "VBN")):
        verb = tok.head.head
    if verb is None:
        return None
    deeds = _word_set("perpetrator_verbs") | _word_set("deed_verbs")
    chain = [verb] + [c for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB"]
    # "access was controlled by X": X is named, but not as doing anything in an attack
    return verb if any(v.lemma_.lower() in deeds for v in chain) else None


def _spoken_mentions(doc: Doc, attacks: list, heard: set) -> list[Attribution]:
    """A third party telling what the attack's perpetrator did, in any sentence of the article: "X fighters
    then opened fire, according to witnesses", "'... was targeted by members of X,' a local source said",
    "the X fighters had already withdrawn, a military source said". Each speaker is its own attribution;
    the group must be the perpetrator of the attack the sentence speaks of, and do something in it."""
    by_actor: dict[str, list] = {}
    for attack in attacks:
        if attack.perpetrator.actor_id:
            by_actor.setdefault(attack.perpetrator.actor_id, []).append(attack)
    if not by_actor:
        return []
    out: list[Attribution] = []
    years: set[int] | None = None
    spans = doc._.attack_spans or {}
    for ent in entities(doc):
        candidates = by_actor.get(ent.ent_id_)
        if not candidates:
            continue
        verb = _doer(ent.root)
        if verb is None:
            continue
        sent = ent.sent
        speaker = _third_party_speaker(sent, ent)
        if speaker is None or speaker.start <= verb.i < speaker.end:
            continue
        years = _article_years(doc) if years is None else years
        if background_sentence(sent, doc, years):
            continue
        by = _speaker_ref(speaker, doc)
        if by.actor_id == ent.ent_id_ or (by.actor_id and actor_type(by.actor_id) in ARMED_TYPES):
            continue
        if len(candidates) == 1:
            ids = [candidates[0].id]
        else:
            linked = set(link_attacks(doc, verb, verb, attacks, spans))
            ids = [a.id for a in candidates if a.id in linked]
        ref = candidates[0].perpetrator
        hedged = any(t.lower_ in _rw().hedge_modifiers or t.lower_ in _rw().hedge_adverbs for t in ent.root.head.subtree
                     if t.i < ent.end)
        for attack_id in ids:
            key = (ent.ent_id_, attack_id, speaker_key(by))
            if key in heard or (ent.ent_id_, attack_id, "*") in heard:
                continue
            heard.add(key)
            _add_reported(out, sent, speaker, by, ref, attack_id, "suspected" if hedged else "asserted")
    return out


ARMED_TYPES = frozenset({"jihadist_group", "rebel_movement"})
STATEMENTS_KEY = "sahel_perpetrator_statements"


def perpetrator_statements(doc: Doc) -> list[tuple[list[str], ActorRef]]:
    """(attack ids, actor) for each sentence where the article itself says who did an attack it has
    already told ("The device was planted by JNIM fighters."), from the last ``extract_attributions``."""
    return list(doc_cache(doc).get(STATEMENTS_KEY, []))


def _institution(value: str) -> bool:
    if value.startswith("kind:"):
        return value.split(":")[1] in ("government", "military") and value.count(":") == 2
    return actor_type(value) in ("government_body", "state_force")


def _one_institution(a: Attribution, b: Attribution) -> bool:
    """Two attributions whose speakers share a state institution ("the presidency", "the government and
    local sources" in a Chadian article): one voice, however worded."""
    return any(_institution(v) for v in set(a.attributed_by_canonical) & set(b.attributed_by_canonical))


def _weak_speaker(ref: ActorRef) -> bool:
    return not ref.text or ref.kind == "unknown"


def _merge(items: list[Attribution]) -> list[Attribution]:
    """One record per (speaker, actor, attacks): the same attribution repeated is reported once; a
    headline's version ("Mali ... blames Islamic State") joins the body's, which names the speaker."""
    out: list[Attribution] = []
    for item in list(items):
        for other in list(out):
            if other.actor.actor_id == item.actor.actor_id and set(other.attack_ids) == set(item.attack_ids) \
                    and _weak_speaker(other.attributed_by) != _weak_speaker(item.attributed_by):
                if _weak_speaker(other.attributed_by):
                    out.remove(other)
                    item.reported_by += [r for r in other.reported_by if r not in item.reported_by]
                else:
                    other.reported_by += [r for r in item.reported_by if r not in other.reported_by]
                    item = None
                break
        if item is None:
            continue
        twin = next((o for o in out if o.actor.actor_id == item.actor.actor_id
                     and (o.actor.actor_id or fold(o.actor.text or "") == fold(item.actor.text or ""))
                     and (speaker_key(o.attributed_by) == speaker_key(item.attributed_by)
                          or _one_institution(o, item))
                     and set(o.attack_ids) == set(item.attack_ids)), None)
        if twin is None:
            out.append(item)
            continue
        twin.reported_by += [r for r in item.reported_by if r not in twin.reported_by]
        twin.evidence += item.evidence
    for i, item in enumerate(out, 1):
        item.id = f"t{i}"
    return out


class AttributionExtractor:
    """spaCy component writing ``doc._.attributions`` and updating attack perpetrators."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    @in_document_language
    def __call__(self, doc: Doc) -> Doc:
        doc._.attributions = extract_attributions(doc)
        for attack in doc._.attacks or []:
            if attack.perpetrator.text and attack.perpetrator.evidence:
                tie(attack.perpetrator, doc)  # "the militants", "the group"
        if doc._.attacks:
            apply_perpetrators(doc._.attacks, doc._.claims or [], doc._.attributions,
                               perpetrator_statements(doc))
        return doc


@Language.factory("sahel_attributions", requires=["doc.sents", "doc.ents", "doc._.attacks"],
                  assigns=["doc._.attributions", "doc._.attacks"])
def make_attributions(nlp: Language, name: str) -> AttributionExtractor:
    """Attributions of attacks to actors by officials, sources, residents and analysts."""
    return AttributionExtractor(nlp, name)
