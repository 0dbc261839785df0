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
import re
from dataclasses import dataclass, replace

from spacy import symbols
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token
from spacy.tokens.underscore import Underscore

from sahel_ie.parsing.triggers import (
    ANAPHORIC_ADJECTIVES, DETERMINERS_ANAPHORIC, _distinct_words, is_verbal, load_lexicon,
)
from sahel_ie.parsing.date_expressions import partial_date
from sahel_ie.parsing.modifiers import BLOCKING, categories
from sahel_ie.parsing.parse_table import ParseTable, document_text, ids
from sahel_ie.parsing.sources import national_actor, same_line
from sahel_ie.parsing.syntax import function_word_ids, is_according_object, role_ids
from sahel_ie.kb.actors import Actor, ActorKB, default_kb
from sahel_ie.kb.normalize import normalise_name as fold_name
from sahel_ie.kb.places import Gazetteer, default_gazetteer
from sahel_ie.records import ActorRef, DateValue, Evidence, Location, Target
from sahel_ie.resources import read_lexicon, per_language

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


@per_language
def target_lexicon() -> dict:
    data = read_lexicon("targets")
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


# ---------------------------------------------------------------- hashes
# The finders compare the parse table's hash arrays with these sets (see ``parse_table``).

def _symbols(*names: str) -> frozenset[int]:
    return frozenset(getattr(symbols, name) for name in names)


NOUN_PROPN = _symbols("NOUN", "PROPN")
VERB_AUX = _symbols("VERB", "AUX")
NOUN_POS, PROPN_POS, PRON_POS, VERB_POS = symbols.NOUN, symbols.PROPN, symbols.PRON, symbols.VERB

(PREP, POBJ, AGENT, NSUBJ, NSUBJPASS, DOBJ, CONJ, ACL, RELCL, COMPOUND, POSS, CCOMP, NPADVMOD, MARK, APPOS,
 NUMMOD, DET, AMOD, NMOD) = (get_string_id(dep) for dep in (
    "prep", "pobj", "agent", "nsubj", "nsubjpass", "dobj", "conj", "acl", "relcl", "compound", "poss", "ccomp",
    "npadvmod", "mark", "appos", "nummod", "det", "amod", "nmod"))
NEG, ADVMOD_DEP = get_string_id("neg"), get_string_id("advmod")
OF, BY, BETWEEN, SINCE, AFTER, WITH = (get_string_id(word) for word in ("of", "by", "between", "since", "after",
                                                                       "with"))
IT = get_string_id("it")
VBN, VBG, NNS = (get_string_id(tag) for tag in ("VBN", "VBG", "NNS"))
PLACE_ID, REGION_ID, COUNTRY_ID = (get_string_id(label) for label in ("PLACE", "REGION", "COUNTRY"))

ACTOR_IDS = ids(ACTOR_LABELS)
ACTOR_OR_GENERIC_IDS = ids(ACTOR_LABELS | {GENERIC_LABEL})
PLACE_IDS = ids(PLACE_LABELS)
SUSPECT_IDS = ids(SUSPECT_WORDS)


@per_language
def _target_ids() -> dict:
    """``target_lexicon`` keyed by hashes, for the tests on token arrays."""
    lex = target_lexicon()
    return {"heads": {get_string_id(w): c for w, c in lex["heads"].items()},
            "modifiers": {get_string_id(w): c for w, c in lex["modifiers"].items()},
            "labels": {get_string_id(label): c for label, c in lex["labels"].items()},
            "raid": ids(lex["raid"]), "attackers": ids(lex["attackers"])}


# ---------------------------------------------------------------- the parse

class ArgumentParse(ParseTable):
    """A document's ``ParseTable`` plus what the finders ask of each trigger again and again (dating,
    building and the agent check each want the same trigger's attacker), remembered per (start, end)."""

    def __init__(self, doc: Doc) -> None:
        super().__init__(doc)
        self._verbal: dict[tuple[int, int], bool] = {}
        self._categories: dict[tuple[int, int], set[str]] = {}
        self._extensions: dict[tuple[int, int], Underscore] = {}
        self._anchor_places: dict[int, list[tuple[Span, int, int]]] = {}
        self._noun_phrases: dict[tuple[int, bool], Span] = {}
        self._target_categories: dict[int, str] = {}
        self._agents: dict[tuple[int, int], tuple[int | None, bool | None]] = {}
        self._perpetrators: dict[int, Perpetrator] = {}
        # the doc's extension values read once (each ``doc._`` access builds an accessor object)
        self.published: str | None = doc._.published
        self.date_mentions: list | None = doc._.date_mentions
        self.date_bounds: list[tuple[int, int]] | None = None  # (start, end) of each date mention
        self.event_verbs: dict[tuple[int, int], int | None] = {}
        self._abbreviations: dict | None = None

    def verbal(self, trigger: Span) -> bool:
        """``is_verbal(trigger)``."""
        key = (trigger.start, trigger.end)
        found = self._verbal.get(key)
        if found is None:
            found = self._verbal[key] = is_verbal(trigger)
        return found

    def anchor_places(self, anchor: int) -> list[tuple[Span, int, int]]:
        """``anchor_places(self, anchor)``. Do not modify the list."""
        found = self._anchor_places.get(anchor)
        if found is None:
            found = self._anchor_places[anchor] = anchor_places(self, anchor)
        return found

    def noun_phrase(self, i: int, drop_det: bool = True) -> Span:
        """``noun_phrase(self, i, drop_det)``."""
        key = (i, drop_det)
        found = self._noun_phrases.get(key)
        if found is None:
            found = self._noun_phrases[key] = noun_phrase(self, i, drop_det)
        return found

    def target_category(self, i: int) -> str:
        """``target_category(self, i)``."""
        found = self._target_categories.get(i)
        if found is None:
            found = self._target_categories[i] = target_category(self, i)
        return found

    def read_trigger(self, trigger: Span) -> None:
        """Read the trigger's extension values once: each ``span._`` access builds an accessor object, and
        the steps ask for its modifiers and type again and again. A trigger without modifiers gets an empty
        list, which the later components read."""
        extensions = trigger._
        modifiers = extensions.modifiers
        if modifiers is None:
            extensions.modifiers = modifiers = []
        key = (trigger.start, trigger.end)
        self._categories[key] = {m["category"] for m in modifiers}  # as ``modifiers.categories``
        self._extensions[key] = extensions

    def attack_type(self, trigger: Span) -> str | None:
        """``trigger._.attack_type``."""
        extensions = self._extensions.get((trigger.start, trigger.end))
        return (extensions if extensions is not None else trigger._).attack_type

    def categories(self, trigger: Span) -> set[str]:
        """The trigger's modifier categories (``modifiers.categories``). Do not modify the set."""
        key = (trigger.start, trigger.end)
        found = self._categories.get(key)
        if found is None:
            found = self._categories[key] = categories(trigger)
        return found

    def blocked(self, trigger: Span) -> bool:
        """``modifiers.is_blocked(trigger)``: a modifier says the trigger reports no actual attack."""
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
        i, attacker = self._agents[key]
        if i is None:
            return None
        if require_attacker:
            if attacker is None:
                attacker = _is_attacker(self, i)
                self._agents[key] = (i, attacker)
            if not attacker:
                return None
        if i not in self._perpetrators:
            self._perpetrators[i] = perpetrator_at(self, i)
        return self._perpetrators[i]


# ---------------------------------------------------------------- helpers

def evidence_of(parse: ParseTable, span: Span | Token, sent_index: int | None) -> Evidence:
    if isinstance(span, Token):
        span = parse.doc[span.i:span.i + 1]
    return Evidence(span.start_char, span.end_char, sent_index, parse.span_text(span))


NOUN_PHRASE_LEFTS = ids({"det", "amod", "compound", "nummod", "poss", "nmod", "case", "quantmod", "npadvmod",
                         "punct", "advmod"})
LEADING_DROPPED = ids({"det", "punct", "case"})


def noun_phrase(parse: ParseTable, i: int, drop_det: bool = True) -> Span:
    """The token's left modifiers + token + 'of'-less right compounds, minus leading determiners."""
    deps = parse.deps
    left = [c for c in parse.kids(i) if c < i and deps[c] in NOUN_PHRASE_LEFTS]
    start = min([parse.tokens[c].left_edge.i for c in left] + [i])
    end = i + 1
    ent = parse.entity(i)
    if ent is not None:
        start, end = min(start, ent.start), max(end, ent.end)
    while drop_det and start < i and deps[start] in LEADING_DROPPED:
        start += 1
    return parse.span(start, end)


OCCURRENCE_VERBS = {"kill", "wound", "injure", "die", "happen", "occur", "take", "leave", "target", "hit", "strike",
                    "cost", "erupt", "break", "unfold", "start", "begin", "perish", "lose", "claim", "tear",
                    "rock", "destroy", "carry", "launch", "conduct", "mount", "stage", "commit", "perpetrate",
                    "fall", "suffer", "repel", "repulse", "survive", "face", "blow", "detonate", "explode",
                    "subject"}  # "the base was subjected to mortar fire"
EVENT_NOUN_DEPS = ids({"nsubj", "nsubjpass", "dobj"})


def event_verb_index(parse: ArgumentParse, trigger: Span) -> int | None:
    """``find_event_verb``, remembered per trigger."""
    key = (trigger.start, trigger.end)
    if key not in parse.event_verbs:
        parse.event_verbs[key] = find_event_verb(parse, trigger)
    return parse.event_verbs[key]


# "An explosion was reported in Gao", "a clash was recorded near X": the passive of a report verb with the
# event noun as its subject tells that the event took place, there and then
PASSIVE_OCCURRENCE_VERBS = frozenset({"report", "record", "signal", "hear"})


def find_event_verb(parse: ArgumentParse, trigger: Span) -> int | None:
    """For a noun trigger, the verb that reports the event itself ("the attack killed", "killed in an
    ambush", "an attack took place"), whose dates and places are the attack's; None for other verbs
    ("claimed the attack", "left ... since the attack")."""
    root = parse.root(trigger).i
    if parse.verbal(trigger):
        return root
    head = parse.heads[root]
    dep = parse.deps[root]
    if dep in EVENT_NOUN_DEPS and parse.lemma(head) in OCCURRENCE_VERBS:
        return head
    if dep == NSUBJPASS and parse.lemma(head) in PASSIVE_OCCURRENCE_VERBS:
        return head
    if dep == NSUBJ and parse.lemma(head) in PASSIVE_OCCURRENCE_VERBS and not any(
            parse.deps[c] == DOBJ for c in parse.kids(head)):
        return head  # "Clashes reported between the army and gunmen in X": the note's participle
    if dep == POBJ and parse.lowers[head] in role_ids("in", "during", "by", "from", "to"):
        verb = parse.heads[head]
        if parse.poses[verb] in VERB_AUX and parse.lemma(verb) in OCCURRENCE_VERBS:
            return verb
    return None


def event_verb(parse: ArgumentParse, trigger: Span) -> Token | None:
    """``event_verb_index`` as a Token."""
    i = event_verb_index(parse, trigger)
    return parse.tokens[i] if i is not None else None


class EventScope:
    """Token indices whose dates and places belong to a trigger's event: the subtrees of some tokens (the
    trigger's, its event verb's clause parts) and the event verb itself. Membership walks up from the
    token asked about, instead of listing every subtree."""

    def __init__(self, parse: ParseTable, top: int) -> None:
        self.parse = parse
        self.tops = {top}
        self.verb: int | None = None
        self.no_dates = False  # the trigger is told inside another noun's phrase: no day of the sentence is its

    def add_subtree(self, top: int) -> None:
        self.tops.add(top)

    def __contains__(self, i: int) -> bool:
        return i == self.verb or self.parse.covered(i, self.tops)


VERB_CHAIN_DEPS = ids({"advcl", "conj", "xcomp"})
MAIN_VERB_MODIFIERS = ids({"prep", "npadvmod", "advmod"})
CLAUSE_DEPS = ids({"ccomp", "conj", "advcl", "relcl", "parataxis"})


def _inside_noun_phrase(parse: ArgumentParse, root: int, verb: int | None) -> bool:
    """The noun trigger hangs from another noun's "of" phrase on its way up to the verb ("the scene of the
    attack", "the site of the ambush"): the verb's own dates and places tell of that noun, not the attack."""
    if root == verb or parse.poses[root] not in NOUN_PROPN:
        return False
    heads, deps, lowers, poses = parse.heads, parse.deps, parse.lowers, parse.poses
    i = root
    while i != verb and heads[i] != i and poses[i] not in VERB_AUX:
        head = heads[i]
        if deps[i] == POBJ and lowers[head] in function_word_ids("of") and poses[heads[head]] in NOUN_PROPN:
            return True
        i = head
    return False


def event_scope(parse: ArgumentParse, trigger: Span) -> EventScope:
    """Token indices whose dates and places belong to the trigger's event."""
    verb = event_verb_index(parse, trigger)
    root = parse.root(trigger).i
    scope = EventScope(parse, root)
    deps = parse.deps
    if _inside_noun_phrase(parse, root, verb):
        # "he went to the scene of the attack on Tuesday": the day is the visit's, not the attack's, even
        # where the parser hangs it from the attack
        scope.no_dates = True
        return scope
    if verb is not None and deps[verb] in VERB_CHAIN_DEPS and parse.lemma(parse.heads[verb]) in OCCURRENCE_VERBS:
        # "soldiers were killed on Wednesday when militants ambushed ...": the main verb's date and place
        for child in parse.kids(parse.heads[verb]):
            if deps[child] in MAIN_VERB_MODIFIERS and child not in scope:
                scope.add_subtree(child)
    if verb is not None:
        for child in parse.kids(verb):
            if deps[child] in CLAUSE_DEPS and child not in scope:
                if parse.poses[child] in VERB_AUX and not (child <= root and parse.dominates(child, root)):
                    continue
            scope.add_subtree(child)
        scope.verb = verb
    return scope


PARTICIPLE_HEAD_TAGS = ids({"NN", "NNS", "NNP"})
ROOT_DEP = get_string_id("ROOT")
LOOSE_HEAD_DEPS = ids({"ROOT", "dep"})
SUBJECT_OR_OBJECT = ids({"nsubj", "dobj"})
NUMMOD = get_string_id("nummod")
LOOKING_BACK_PREPS = ids({"since", "after", "before", "following", "like"})
LOOKING_BACK_NOUNS = frozenset({"wake", "aftermath"})
DEFINITE_DEPS = ids({"det", "poss"})
INDEFINITE = ids({"a", "an"})
SUPERLATIVE_TAGS = ids({"JJS", "RBS"})


ANAPHORIC_DEPS = ids({"det", "poss", "predet"})
ANAPHORIC_WORDS = ids(DETERMINERS_ANAPHORIC | {"’s", "'s"})
ANAPHORIC_ADJECTIVE_IDS = ids(ANAPHORIC_ADJECTIVES)
ANOTHER = get_string_id("another")
DET_AMOD = ids({"det", "amod"})
AMOD_ADVMOD = ids({"amod", "advmod"})


@per_language
def _distinct_ids() -> frozenset[int]:
    return ids(_distinct_words())


PLURAL_TAGS = ids({"NNS", "NNPS"})


def noun_is_plural(parse: ArgumentParse, trigger: Span, plural_forms: frozenset[str]) -> bool:
    """``triggers.is_plural`` for a noun trigger: a plural form of the lexicon or a plural noun tag.
    An uncounted plural that tells one event ("clashes between the army and gunmen", "hit by rockets") is
    not a group of attacks."""
    text = parse.span_text(trigger).lower()
    if text in load_lexicon().event_plurals:
        root = parse.root(trigger).i
        return any(parse.deps[c] == NUMMOD for c in parse.kids(root))
    return text in plural_forms or parse.tags[parse.root(trigger).i] in PLURAL_TAGS


@per_language
def _anaphoric_ids() -> tuple[frozenset[int], frozenset[int]]:
    """The language's pointing determiners (and the possessive clitic) and adjectives, as hashes."""
    return (function_word_ids("anaphoric_determiners") | ids({"’s", "'s"}), function_word_ids("anaphoric_adjectives"))


def noun_is_anaphoric(parse: ArgumentParse, trigger: Span) -> bool:
    """``triggers.is_anaphoric`` for a noun trigger, read from the parse table: a definite or
    demonstrative determiner, a possessor or "prior", "same"... before it points back."""
    deps, lowers = parse.deps, parse.lowers
    anaphoric_words, anaphoric_adjectives = _anaphoric_ids()
    for child in parse.kids(parse.root(trigger).i):
        if trigger.start <= child < trigger.end:
            continue
        dep = deps[child]
        if dep in ANAPHORIC_DEPS and lowers[child] in anaphoric_words:
            return True
        if dep == POSS:
            return True
        if dep == AMOD and lowers[child] in anaphoric_adjectives:
            return True
    return False


def noun_is_distinct(parse: ArgumentParse, trigger: Span) -> bool:
    """``triggers.is_distinct`` for a noun trigger, read from the parse table: "another attack", "a
    separate ambush" is not the event told so far."""
    deps, lowers = parse.deps, parse.lowers
    children = parse.kids(parse.root(trigger).i)
    words = _distinct_ids()
    indefinite_ids, another_ids = function_word_ids("indefinite"), function_word_ids("another")
    indefinite = any(deps[c] == DET and lowers[c] in indefinite_ids for c in children)
    for child in children:
        if lowers[child] in another_ids and deps[child] in DET_AMOD:
            return True
        if deps[child] in AMOD_ADVMOD and lowers[child] in words and indefinite:
            return True
    return False


HEDGE_OR_REPORT_LEMMAS = frozenset({"presume", "suspect", "allege", "say", "report", "believe", "confirm"})


def _telegraphic_head(parse: ArgumentParse, head: int) -> bool:
    """The noun a participle hangs from heads the report itself: the sentence has no other verb ("Army
    patrol ambushed near Boni."), or the parser took a hedge or a later reporting verb for the noun's
    governor ("presumed militants clashed with ...", "unit ambushed in X, ..., the army says")."""
    if parse.deps[head] in LOOSE_HEAD_DEPS:  # the root, or a noun the parser could not attach ("dep")
        return True
    governor = parse.heads[head]
    if parse.deps[head] in SUBJECT_OR_OBJECT and parse.lemma(governor) in HEDGE_OR_REPORT_LEMMAS:
        return True
    return _bare_opening_noun(parse, head)


SINGULAR_NOUN_TAGS = ids({"NN", "NNP"})


def _bare_opening_noun(parse: ArgumentParse, head: int) -> bool:
    """"FAMa camp attacked in X, 14 soldiers killed and 20 wounded evacuated to Y": a singular noun with no
    determiner that opens its sentence is a note's headline style, whatever verb the parser made it the
    subject of; a described person or thing has its article ("an Australian doctor abducted in Mali")."""
    token = parse.tokens[head]
    if parse.tags[head] not in SINGULAR_NOUN_TAGS or parse.deps[head] != NSUBJ:
        return False
    if any(parse.deps[c] in DEFINITE_DEPS or parse.deps[c] == DET for c in parse.kids(head)):
        return False
    return token.left_edge.i == token.sent.start


FOLLOWING_VERBS = frozenset({"come", "follow"})
AFTER_BEFORE = ids({"after", "before", "since"})


def _after_clause_of_following(parse: ArgumentParse, verb: int) -> bool:
    """The verb heads an "after ..." clause of "come"/"follow": the earlier event the news is measured by."""
    deps, lowers, heads = parse.deps, parse.lowers, parse.heads
    if not any(deps[c] in MARK_PREP and lowers[c] in AFTER_BEFORE for c in parse.kids(verb)):
        return False
    governor = heads[verb]
    return governor != verb and parse.lemma(governor) in FOLLOWING_VERBS


PASSIVE_KILLING_LEMMAS = frozenset({"kill", "shoot", "murder", "gun", "execute", "slaughter", "massacre",
                                    "behead", "butcher", "wound", "injure"})
PASSIVE_AUXILIARIES = frozenset({"was", "were", "been"})


def passive_killing(parse: ArgumentParse, trigger: Span, nonviolent: frozenset[str] = frozenset()) -> bool:
    """A killing told in the passive with no attacker named, as reports of an event put it: "Eight
    villagers were shot dead in X on Sunday", "the mayor was killed". The victims are the subject, named
    or counted; the verb is a plain past ("was/were", "have been"), not negated, not under a modal ("could
    be killed"), and no word of the sentence tells a death no attack caused (``nonviolent``: "in a road
    accident"). Whether it is an attack record is then up to its place and day (``AttackExtractor``)."""
    root = parse.root(trigger)
    if root.tag_ != "VBN" or root.lemma_.lower() not in PASSIVE_KILLING_LEMMAS:
        return False
    kids = list(root.children)
    if any(c.dep_ == "neg" or (c.dep_ == "aux" and c.tag_ == "MD") for c in kids):
        return False
    if any(c.dep_ == "auxpass" and c.lower_ in PASSIVE_AUXILIARIES for c in kids):
        subject = next((c for c in kids if c.dep_ == "nsubjpass"), None)
    elif not any(c.dep_ in ("aux", "auxpass") for c in kids):
        # the telegraphic note: "three herders killed during the week", "Six killed in X"
        if root.dep_ == "acl" and root.head.dep_ in ("ROOT", "dep"):
            subject = root.head
        elif root.dep_ == "ROOT":
            subject = next((c for c in kids if c.dep_ in ("nsubj", "nsubjpass")), None)
        else:
            return False
    else:
        return False
    if subject is None:
        return False
    counted = subject.like_num or any(c.dep_ == "nummod" or c.like_num for c in subject.children)
    named = subject.ent_type_ == "PERSON" or subject.lemma_.lower() in {"mayor", "chief", "imam", "leader",
                                                                          "official", "soldier", "civilian"}
    # "A trader was shot dead": a victim the casualty reader took for a toll of this verb
    tolled = any((m.head.i == root.i or trigger.start <= m.head.i < trigger.end)
                 and m.span.start <= subject.i < m.span.end
                 for m in parse.doc._.casualty_mentions or [])
    if not (counted or named or tolled):
        return False
    sent = root.sent
    return not any(t.lower_ in nonviolent for t in sent)


def is_reference(parse: ArgumentParse, trigger: Span) -> bool:
    """Noun triggers that point at an attack rather than report one: "since the attack", "after the
    massacre of Inates", "the deadliest attack the country has suffered"."""
    deps, lowers, tags = parse.deps, parse.lowers, parse.tags
    root = parse.root(trigger).i
    children = parse.kids(root)
    head = parse.heads[root]
    if parse.verbal(trigger) and _after_clause_of_following(parse, root):
        return True  # "this attack comes just weeks after the group stormed a base in Damboa"
    if parse.verbal(trigger):
        # "an Australian doctor abducted in Mali": a participle describing someone, not a report
        # ... but a participle on the noun heading a verbless sentence is the telegraphic report itself
        # ("Army patrol ambushed near Boni, two wounded.")
        return deps[root] == ACL and tags[root] == VBN and tags[head] in PARTICIPLE_HEAD_TAGS and \
            not any(deps[c] == AGENT for c in children) and not _telegraphic_head(parse, head)
    if deps[root] == POBJ and lowers[head] in function_word_ids("of") and parse.lemma(parse.heads[head]) in LOOKING_BACK_NOUNS:
        # "in the wake of the attack", "in the aftermath of the ambush": what came after it is told
        if any(deps[c] in DEFINITE_DEPS and lowers[c] not in INDEFINITE for c in children):
            return True
    if deps[root] == POBJ and lowers[head] in LOOKING_BACK_PREPS:
        definite = any(deps[c] in DEFINITE_DEPS and lowers[c] not in INDEFINITE for c in children)
        # "two months after an attack in January on the UN camp": an earlier event, told as background
        distant = any(deps[c] == NPADVMOD and parse.lemma(c) in {"month", "year", "week", "decade"}
                      for c in parse.kids(head))
        if lowers[head] in function_word_ids("since") or definite or distant:
            return True
    if any(tags[c] in SUPERLATIVE_TAGS for c in children):
        return True
    if deps[root] == DOBJ and parse.lemma(head) in {"recall", "condemn", "remember", "mark", "commemorate",
                                                    "investigate", "denounce", "follow"}:
        return True
    return False


# ---------------------------------------------------------------- perpetrator

@dataclass
class Perpetrator:
    token: Token
    span: Span
    certainty: str
    phrase: int | None = None  # the agent token before "members of X" moved to X: its phrase names too


def _agent_of_passive(parse: ArgumentParse, verb: int) -> int | None:
    """The object of the verb's "by" agent."""
    deps = parse.deps
    for child in parse.kids(verb):
        if deps[child] == AGENT:
            for grand in parse.kids(child):
                if deps[grand] == POBJ:
                    return grand
    return _agent_hung_on_place(parse, verb)


def _attack_noun_lemmas() -> frozenset[str]:
    from sahel_ie.parsing.attack_linking import attack_nouns

    return attack_nouns()


def _agent_hung_on_place(parse: ArgumentParse, verb: int) -> int | None:
    """"65 people were killed at a funeral by the extremists": the parser hangs the "by" phrase on the noun
    of the passive verb's place or time phrase. It is the verb's agent when it names an attacker, an actor
    or a force (not "a funeral by the river", "an attack by night"). Only for a passive verb."""
    deps = parse.deps
    if not any(deps[c] in PASSIVE_MARKS for c in parse.kids(verb)):
        return None
    for prep in parse.kids(verb):
        if deps[prep] != PREP:
            continue
        for noun in parse.kids(prep):
            if deps[noun] != POBJ or parse.lemma(noun) in _attack_noun_lemmas():
                continue  # "killed during an attack by armed men": the attack noun tells its own agent
            for by in parse.kids(noun):
                if deps[by] != PREP or parse.lowers[by] not in function_word_ids("by"):
                    continue
                for agent in parse.kids(by):
                    if deps[agent] == POBJ and _is_attacker_or_force(parse, agent):
                        return agent
    return None


def _subject_of(parse: ArgumentParse, verb: int) -> int | None:
    deps = parse.deps
    for child in parse.kids(verb):
        if deps[child] == NSUBJ:
            return child
    return None


def _shared_subject(parse: ArgumentParse, verb: int) -> int | None:
    """The subject a verb with none of its own shares with the verbs it is conjoined to or hangs from as
    a participle clause, up the whole chain: "soldiers went door to door, ordered people out and opened
    fire, killing 14" (killing -> opened -> ordered -> went). A passive verb on the way ends the chain:
    its subject is a victim."""
    deps, heads, tags = parse.deps, parse.heads, parse.tags
    current = verb
    for depth in range(4):
        # beyond the first step a subjectless adverbial clause is a conjunct the parser misread
        # ("..., ordered people out and opened fire": "ordered" hung on "went" as an adverbial clause)
        if not (deps[current] == CONJ or deps[current] in PARTICIPLE_CLAUSE_DEPS and (tags[current] == VBG or depth)):
            return None
        head = heads[current]
        if head == current or any(deps[c] in PASSIVE_MARKS for c in parse.kids(head)):
            return None
        subject = _subject_of(parse, head)
        if subject is not None:
            if depth == 0 or _is_attacker_or_force(parse, subject):
                return subject
            # further up the chain only attackers and forces count: a parse that runs the deeds into the
            # clause of their speaker ("residents told reporters that soldiers went door to door, ordered
            # people out and opened fire") gives the speaker; the deeds belong with the reported clause
            # before them, whose subject does them
            for clause in parse.kids(head):
                if deps[clause] == CCOMP and clause < current:
                    for reported in parse.kids(clause):
                        if deps[reported] == NSUBJ and _is_attacker_or_force(parse, reported):
                            return reported
            return None
        current = head
    return None


PASSIVE_MARKS = ids({"auxpass", "nsubjpass"})
BARE_PARTICIPLE_DEPS = ids({"pcomp", "acl", "advcl", "amod"})
AUX = get_string_id("aux")
SUBJECTS = ids({"nsubj", "nsubjpass"})
PARTICIPLE_CLAUSE_DEPS = ids({"advcl", "xcomp"})
BLAME_PREPS = ids({"on", "to"})
CARRY_OUT_VERBS = {"carry", "conduct", "launch", "lead", "mount", "perpetrate", "claim", "stage"}
ACTOR_MODIFIER_DEPS = ids({"compound", "poss", "amod", "nmod"})
OBJECT_DEPS = ids({"dobj", "nsubjpass"})
LAUNCH_VERBS = {"carry", "launch", "conduct", "mount", "stage", "perpetrate", "commit", "lead", "execute",
                "orchestrate"}


def _agent_token(parse: ArgumentParse, trigger: Span) -> int | None:
    deps, tags, heads = parse.deps, parse.tags, parse.heads
    root = parse.root(trigger).i
    children = parse.kids(root)
    if parse.verbal(trigger):
        if deps[root] == ACL and _misread_participle(parse, root):
            return heads[root]  # "presumed X militants clashed with Y": a finite verb hung on its subject
        if deps[root] == CONJ and deps[heads[root]] == ACL and _misread_participle(parse, heads[root]):
            return heads[heads[root]]  # "X militants abducted and later executed a chief": both verbs' subject
        passive = any(deps[c] in PASSIVE_MARKS for c in children)
        if (tags[root] == VBN and deps[root] in BARE_PARTICIPLE_DEPS
                and not any(deps[c] == AUX for c in children)):
            passive = True  # "with three people kidnapped": a bare participle's subject is its victim
            if _misread_participle(parse, root):
                return heads[root]
        agent = _agent_of_passive(parse, root)
        if agent is not None:
            return agent
        if passive:
            held = _custodian(parse, root)
            if held is not None:
                return held
            spliced = _force_of_spliced_clause(parse, root)
            if spliced is not None:
                return spliced
            # "eleven soldiers were killed and two dozen wounded by jihadists": the agent of a conjoined
            # passive verb acts in both; a conjunct with a subject of its own ("and survivors were found by
            # the army") is another clause with another agent
            for other in parse.conjuncts_of(root):
                if tags[other] == VBN and not any(deps[c] in SUBJECTS for c in parse.kids(other)):
                    agent = _agent_of_passive(parse, other)
                    if agent is not None:
                        return agent
        if not passive and tags[root] == VBN and not any(deps[c] in (AUX, DOBJ) for c in children) and any(
                deps[c] == NSUBJ and any(deps[g] == NUMMOD for g in parse.subtree_of(c) if g < c) for c in children):
            return None  # "Two FAMa soldiers killed and 4 wounded": a headline's passive, its subject the victims
        if not passive:
            # "jihadists targeting a military base": the noun the participle describes is the attacker
            if deps[root] == ACL and tags[root] == VBG and parse.poses[heads[root]] in NOUN_PROPN:
                return heads[root]
            # "JNIM (Katiba Macina), and Fulani militiamen killed ...": two subjects the parser split at
            # the "and" of one coordination; the first named is the perpetrator, the other a co-actor
            for child in children:
                if deps[child] == NSUBJ and split_conjunct(parse, child) is not None:
                    return child
            # the closest subject: a parse run across a line break can give a verb two
            for child in sorted(children, key=lambda c: abs(c - root)):
                if deps[child] == NSUBJ:
                    return child
            # "... and ambushed" sharing the first verb's subject
            if deps[root] == CONJ:
                subject = _shared_subject(parse, root)
                if subject is not None:
                    return subject
            # "Government forces are alleged to have killed ...", "X is believed to have attacked": the
            # subject of the raising verb above does the deed
            if deps[root] == XCOMP and parse.lemma(heads[root]) in _argument_lemmas("raising_lemmas"):
                for child in parse.kids(heads[root]):
                    if deps[child] == NSUBJPASS and _is_attacker_or_force(parse, child):
                        return child
            # "JNIM claimed to have killed ten soldiers": the subject of the claim did the deed
            if deps[root] == XCOMP and parse.lemma(heads[root]) in CONTROL_LEMMAS:
                for child in parse.kids(heads[root]):
                    if deps[child] == NSUBJ and _is_attacker_or_force(parse, child):
                        return child
            # "militiamen attempted to assassinate two men", "gunmen tried to kill": the subject of the
            # verb of trying does the deed it tries
            if deps[root] == XCOMP and parse.lemma(heads[root]) in _argument_lemmas("attempt_verbs"):
                subject = _subject_of(parse, heads[root])
                if subject is not None and _is_attacker_or_force(parse, subject):
                    return subject
            # "Soldiers were killed after suspected jihadists attacked troops": the parser hangs the second
            # verb on the first as a conjunct with no subject; the attacker named between them does it
            if deps[root] == CONJ and _subject_of(parse, heads[root]) is None:
                between = [i for i in range(heads[root] + 1, root) if deps[i] == POBJ
                           and parse.lowers[heads[i]] in function_word_ids("after") and _is_attacker(parse, i)]
                if between:
                    return between[-1]
            # "On 3 May, presumed ISGS militants attacked ...": the parser reads "presumed" as the main verb
            # and the attackers as its object
            hedged = _hedge_verb_object(parse, root)
            if hedged is None and deps[root] == CONJ:
                hedged = _hedge_verb_object(parse, heads[root])  # "presumed X militants arrested and executed"
            if hedged is not None:
                return hedged
            # "gunmen stormed the village, killing 12" : participle takes the main subject
            if deps[root] in PARTICIPLE_CLAUSE_DEPS and tags[root] == VBG:
                subject = _shared_subject(parse, root)
                if subject is not None:
                    return subject
        return None
    # nouns: "attack by X", "X attack", "X's attack", "X carried out / launched an attack"
    lowers = parse.lowers
    claimed_before = [c for c in children if deps[c] in RELATIVE_CLAUSE_DEPS and parse.lemma(c) in _argument_lemmas("claim_lemmas")]
    for child in children:
        if deps[child] == PREP and lowers[child] in function_word_ids("by"):
            if any(c < child for c in claimed_before):
                continue  # "the attack, which was claimed, days later, by AQIM": the claimant, not a statement
            for grand in parse.kids(child):
                if deps[grand] == POBJ:
                    return grand
    if parse.lemma(root) in _argument_lemmas("clash_lemmas"):
        # "clashes between JNIM and an army patrol": the first party named, as ACLED codes its actor 1;
        # "fighting between Fulani and Bambara": communities fighting are their militias. The parties may
        # hang from a word of the trigger ("exchanges of gunfire between X and Y") or from the verb that
        # reports the clash ("a clash was reported between X and Y")
        holders = [*children, *(c for t in range(trigger.start, trigger.end) if t != root for c in parse.kids(t))]
        verb = find_event_verb(parse, trigger)
        if verb is not None and parse.lemma(verb) in PASSIVE_OCCURRENCE_VERBS:
            holders += parse.kids(verb)
        for child in holders:
            if deps[child] == PREP and lowers[child] in function_word_ids("between"):
                for grand in parse.kids(child):
                    if deps[grand] == POBJ and (_is_attacker_or_force(parse, grand)
                                                or community_militia(parse, grand) is not None):
                        return grand
        # "French forces engaged in a firefight with X militants": the subject of the active verb the clash
        # hangs from is its first party, as ACLED codes actor 1
        engaged = _clash_joiner(parse, root)
        if engaged is not None:
            return engaged
        # "two men were killed in clashes with Barkhane": the party the clash was with
        for child in children:
            if deps[child] == PREP and lowers[child] in function_word_ids("with"):
                for grand in parse.kids(child):
                    if deps[grand] == POBJ and _is_attacker(parse, grand):
                        return grand
    for child in children:  # "an attack blamed on jihadists", "attacks attributed to JNIM"
        if deps[child] == ACL and parse.lemma(child) in _argument_lemmas("blame_verbs"):
            for prep in parse.kids(child):
                if deps[prep] == PREP and lowers[prep] in role_ids("on", "to"):
                    for pobj in parse.kids(prep):
                        if deps[pobj] == POBJ:
                            return pobj
    for child in children:  # "drone strikes carried out by the Malian army"
        if deps[child] == ACL and parse.lemma(child) in _argument_lemmas("carry_out_verbs"):
            agent = _agent_of_passive(parse, child)
            if agent is not None:
                return agent
    reporter = _force_reporting_its_strike(parse, trigger, root)
    if reporter is not None:
        return reporter
    held = _agent_of_victims_clause(parse, root)
    if held is not None:
        return held
    for child in children:
        if (child < trigger.start and deps[child] in ACTOR_MODIFIER_DEPS
                and parse.ent_type[child] in ACTOR_OR_GENERIC_IDS):
            return child
    head = heads[root]
    if deps[root] in OBJECT_DEPS and parse.lemma(head) in _argument_lemmas("launch_verbs"):
        for child in parse.kids(head):
            if deps[child] == NSUBJ and deps[root] == DOBJ:
                return child
            if deps[child] == AGENT:
                for grand in parse.kids(child):
                    if deps[grand] == POBJ:
                        return grand
        if deps[root] == DOBJ:
            return _hedge_verb_object(parse, head)  # "presumed X militants carried out an ambush"
    return _means_subject(parse, root)


FORCE_LABEL_IDS = ids({"STATE_FORCE", "FOREIGN_FORCE", "INTL_MISSION"})
SPLICE_DEPS = ids({"ccomp", "parataxis", "conj"})


def _is_force(parse: ArgumentParse, i: int) -> bool:
    """A state's or a foreign force, or a mission ("Malian soldiers", "French forces"), not an armed group."""
    return parse.ent_type[i] in FORCE_LABEL_IDS


def _force_of_spliced_clause(parse: ArgumentParse, verb: int) -> int | None:
    """"Soldiers intercepted a truck carrying fighters near X, two militants were killed": a passive killing
    of attackers with no agent, spliced by a comma to an earlier clause in which a force acts on someone
    (the parser hangs one clause on the other). The force killed them. Only attackers as victims: the
    dead of a force's operation are its enemies; civilians killed beside it may be anyone's."""
    deps, heads = parse.deps, parse.heads
    victims = [c for c in parse.kids(verb) if deps[c] == NSUBJPASS]
    if not victims or not all(_is_attacker(parse, v) and not _is_force(parse, v)
                              and parse.lowers[v] not in FORCE_WORDS for v in victims):
        return None
    clauses = [c for c in parse.kids(verb) if deps[c] in SPLICE_DEPS and c < verb]
    if deps[verb] in SPLICE_DEPS and heads[verb] < verb:
        clauses.append(heads[verb])
    for clause in clauses:
        if parse.poses[clause] != VERB_POS or any(deps[c] in PASSIVE_MARKS for c in parse.kids(clause)):
            continue
        if not any(deps[c] == DOBJ for c in parse.kids(clause)):
            continue
        subject = _subject_of(parse, clause)
        if subject is not None and _is_force(parse, subject):
            return subject
    return None


def _force_reporting_its_strike(parse: ArgumentParse, trigger: Span, root: int) -> int | None:
    """"Airstrikes targeting militants were reported near X by French forces": only states fly them, and the
    force that reports airstrikes reports its own; the agent of the report verb whose subject they are
    struck. A ground attack "reported by" a force is only reported."""
    if getattr(trigger._, "attack_type", None) != "airstrike" or parse.deps[root] != NSUBJPASS:
        return None
    verb = parse.heads[root]
    if parse.lemma(verb) not in PASSIVE_OCCURRENCE_VERBS:
        return None
    agent = _agent_of_passive(parse, verb)
    return agent if agent is not None and _is_force(parse, agent) else None


DATE_ID = get_string_id("DATE")


def _agent_of_victims_clause(parse: ArgumentParse, root: int) -> int | None:
    """"the kidnapping on Saturday of an aid worker, who was captured by armed individuals": the victim
    of an attack noun ("of" its object) described by a passive relative clause whose agent is an attacker
    or an actor; that agent did the deed the noun names."""
    deps = parse.deps
    # "the kidnapping on Saturday of X": the parser may hang the "of" phrase on the day told between
    holders = [root, *(t for t in range(root + 1, min(root + 4, len(deps))) if parse.ent_type[t] == DATE_ID)]
    for prep in (p for h in holders for p in parse.kids(h)):
        if deps[prep] != PREP or parse.lowers[prep] not in function_word_ids("of"):
            continue
        for victim in parse.kids(prep):
            if deps[victim] != POBJ:
                continue
            for clause in parse.kids(victim):
                if deps[clause] not in RELATIVE_CLAUSE_DEPS or not any(
                        deps[c] in PASSIVE_MARKS for c in parse.kids(clause)):
                    continue
                agent = _agent_of_passive(parse, clause)
                if agent is not None and _is_attacker(parse, agent):
                    return agent
    return None


def _clash_joiner(parse: ArgumentParse, root: int) -> int | None:
    """"Soldiers engaged in a firefight with militants", "troops were involved in clashes with X" read as
    active: the clash noun in a phrase of an active verb whose subject is an attacker or a force; that
    subject. A passive killing ("two men were killed in clashes with X") has its victims as subject."""
    deps, heads = parse.deps, parse.heads
    prep = heads[root]
    if deps[root] != POBJ or deps[prep] != PREP:
        return None
    verb = heads[prep]
    if parse.poses[verb] != VERB_POS or any(deps[c] in PASSIVE_MARKS for c in parse.kids(verb)):
        return None
    subject = _subject_of(parse, verb)
    if subject is None and deps[verb] == CONJ:
        subject = _shared_subject(parse, verb)
    if subject is None or parse.poses[subject] == PRON_POS or not _is_attacker_or_force(parse, subject):
        return None
    return subject


def _custodian(parse: ArgumentParse, verb: int) -> int | None:
    """"Three men arrested by soldiers at X were executed": a passive killing with no agent of its own,
    whose victims the clause describes as held by a named actor (``custody_verbs``: arrested, detained,
    captured by): the holder. Only an actor, a force or an attacker counts, not "by their relatives"."""
    if _agent_of_passive(parse, verb) is not None or parse.lemma(verb) not in PASSIVE_KILLING_LEMMAS:
        return None
    for victims in parse.kids(verb):
        if parse.deps[victims] != NSUBJPASS:
            continue
        for clause in parse.kids(victims):
            if parse.deps[clause] == ACL and parse.tags[clause] == VBN and parse.lemma(clause) in _argument_lemmas(
                    "custody_verbs"):
                holder = _agent_of_passive(parse, clause)
                if holder is None:
                    holder = _earlier_holder(parse, victims, parse.lemma(clause))
                if holder is not None and _is_attacker_or_force(parse, holder):
                    return holder
    return None


def _earlier_holder(parse: ArgumentParse, victims: int, lemma: str) -> int | None:
    """"The army rounded up and arrested 25 men ..., those arrested were executed": the victims described as
    held ("those arrested") with no holder of their own were held by whoever the sentence told, before
    them, doing that very deed to someone (the same custody verb, active, with an object): its subject."""
    sent = parse.tokens[victims].sent
    for i in range(sent.start, victims):
        if parse.poses[i] != VERB_POS or parse.lemma(i) != lemma or parse.tags[i] == VBN and any(
                parse.deps[c] in PASSIVE_MARKS for c in parse.kids(i)):
            continue
        if not any(parse.deps[c] == DOBJ for c in parse.kids(i)):
            continue
        subject = _subject_of(parse, i)
        if subject is None:
            subject = _shared_subject(parse, i)
        if subject is not None and parse.poses[subject] != PRON_POS:
            return subject
    return None


def _means_subject(parse: ArgumentParse, root: int) -> int | None:
    """"JNIM destroyed a truck by IED detonation", "X killed three soldiers in an ambush": the attack noun in
    a phrase of a deed verb (``perpetrator_verbs``, ``deed_verbs``) with an object; the verb's subject, when
    it names an attacker or a force, did it. Defending verbs ("repelled the assailants in an attack") and
    others ("soldiers lost their lives in an attack") do not count."""
    deps, heads = parse.deps, parse.heads
    for _ in range(3):  # "by IED/mine detonation": the trigger modifies the noun the phrase is about
        if deps[root] in (COMPOUND, NMOD) and heads[root] != root:
            root = heads[root]
    prep = heads[root]
    if deps[root] != POBJ or deps[prep] != PREP:
        return None
    verb = heads[prep]
    if deps[verb] == ACL and parse.tags[verb] == VBG and deps[heads[verb]] == DOBJ:
        verb = heads[verb]  # "damaged a vehicle carrying troops by IED detonation": hung on the participle
    if deps[verb] == DOBJ and parse.poses[heads[verb]] == VERB_POS:
        verb = heads[verb]  # "damaged a vehicle by IED detonation": the parser hangs the means on the object
    if parse.poses[verb] != VERB_POS or parse.lemma(verb) in DEFENCE_LEMMAS:
        return None
    if parse.lemma(verb) not in _deed_verbs() or not any(deps[c] == DOBJ for c in parse.kids(verb)):
        return None  # "soldiers lost their lives in an attack": no deed of theirs
    subject = _subject_of(parse, verb)
    if subject is None and (deps[verb] == CONJ or deps[verb] in PARTICIPLE_CLAUSE_DEPS and parse.tags[verb] == VBG):
        # "stormed the village and burned homes in a raid", "rode into the town, killing 35 in an attack"
        subject = _shared_subject(parse, verb)
    if subject is None or parse.poses[subject] == PRON_POS or not _is_attacker_or_force(parse, subject):
        return None
    return subject if same_line(parse.doc, subject, root) else None  # not a headline run into the body


ROOT_DEP = get_string_id("ROOT")


def _misread_participle(parse: ArgumentParse, verb: int) -> bool:
    """"On May 3, X militants abducted and later executed a chief": the parser makes the attackers the
    sentence's root (or the object of a hedge verb it made the root: "presumed X militants clashed with
    Y") and the verb a participle describing them. With an object the verb (or its conjunct) acts on, or a
    clash "with" someone, the attackers are its subject, not its victims."""
    deps, heads = parse.deps, parse.heads
    head = heads[verb]
    if deps[verb] != ACL or parse.poses[head] not in NOUN_PROPN or not _is_attacker(parse, head):
        return False
    hedged = deps[head] == DOBJ and deps[heads[head]] == ROOT_DEP and parse.lemma(heads[head]) in HEDGE_VERB_LEMMAS
    # "X militants abducted and executed a chief ..., worth noting that ...": the attackers made the subject
    # of a later word the parser took for the root, the verbs between them a participle describing them
    subject_of_later_root = deps[head] == NSUBJ and deps[heads[head]] == ROOT_DEP and verb < heads[head]
    if deps[head] != ROOT_DEP and not hedged and not subject_of_later_root:
        return False  # "On 3 May, presumed [X militants] clashed with ...": the hedge verb's object
    verbs = [verb, *parse.conjuncts_of(verb)]
    if any(deps[c] == DOBJ for v in verbs for c in parse.kids(v)):
        return True
    return parse.lemma(verb) in _argument_lemmas("clash_lemmas") and any(
        deps[c] == PREP and parse.lowers[c] in function_word_ids("with") for c in parse.kids(verb))


HEDGE_VERB_LEMMAS = frozenset({"presume", "suspect", "allege"})
CLASH_LEMMAS = frozenset({"clash", "fighting", "fight", "confrontation", "battle", "skirmish", "firefight",
                          "exchange"})
RAISING_LEMMAS = frozenset({"allege", "believe", "suspect", "think", "say", "report", "presume", "accuse"})
CONTROL_LEMMAS = frozenset({"claim", "admit", "boast", "acknowledge", "confess"})
XCOMP = get_string_id("xcomp")
FORCE_WORDS = ids({"forces", "soldiers", "troops", "army", "military", "militiamen", "fighters"})


def _is_attacker_or_force(parse: ArgumentParse, i: int) -> bool:
    return _is_attacker(parse, i) or parse.lowers[i] in FORCE_WORDS
HEDGED_CLAUSE_DEPS = ids({"conj", "xcomp", "ccomp"})
HEDGE_HEAD_DEPS = ids({"ROOT", "ccomp", "conj"})


def _hedge_verb_object(parse: ArgumentParse, verb: int) -> int | None:
    """The object of a hedge verb the trigger hangs from ("presumed [ISGS militants] attacked"), when that
    object names an attacker."""
    head = parse.heads[verb]
    if head == verb or parse.deps[verb] not in HEDGED_CLAUSE_DEPS or parse.lemma(head) not in HEDGE_VERB_LEMMAS:
        return None
    if _subject_of(parse, head) is not None:
        return None
    if parse.tokens[head].tag_ != "VBD" and (parse.tags[head] != VBN or parse.deps[head] not in HEDGE_HEAD_DEPS or any(
            parse.deps[c] in PASSIVE_MARKS or parse.deps[c] == AUX for c in parse.kids(head))):
        return None  # "presumed" read as a participle heading the clause, with nothing of a passive about it
    for child in parse.kids(head):
        if parse.deps[child] == DOBJ and child < verb and _is_attacker(parse, child):
            return child
    return None


ATTACKER_MODIFIER_DEPS = ids({"compound", "amod", "nmod"})
RELATIVE_CLAUSE_DEPS = ids({"relcl", "acl"})
CLAIM_LEMMAS = frozenset({"claim"})


@per_language
def _argument_lemmas(name: str) -> frozenset[str]:
    """A lemma list of ``attack_triggers.json``'s ``argument_lemmas`` in the current document language."""
    return frozenset(read_lexicon("attack_triggers")["argument_lemmas"][name])


def _is_attacker(parse: ArgumentParse, i: int) -> bool:
    if parse.ent_type[i] in ACTOR_OR_GENERIC_IDS:
        return True
    attackers = _target_ids()["attackers"]
    if parse.lowers[i] in attackers or parse.lemma(i) in target_lexicon()["attackers"]:
        return True
    deps, ent_type = parse.deps, parse.ent_type
    return any(ent_type[c] in ACTOR_OR_GENERIC_IDS for c in parse.kids(i) if deps[c] in ATTACKER_MODIFIER_DEPS)


BLAME_VERBS = frozenset({"blame", "attribute", "ascribe", "impute", "pin"})


def _speaker_for(parse: ArgumentParse, pronoun: int) -> int:
    """"France's armed forces said that they had launched a drone strike": the pronoun in a reported clause
    stands for the speaker of the reporting verb above it, when that speaker is a noun."""
    heads = parse.heads
    verb = heads[pronoun]
    if parse.deps[verb] == CCOMP and parse.poses[heads[verb]] in VERB_AUX:
        for child in parse.kids(heads[verb]):
            if parse.deps[child] == NSUBJ and parse.poses[child] in NOUN_PROPN:
                return child
    return pronoun


HEDGED_IDS = ids(SUSPECT_WORDS | {"unidentified", "unknown", "armed"} - {"armed"})
THEY_WE = ids({"they", "we"})
COLLECTIVE_NOUNS = ids({"group", "band", "dozens", "hundreds", "number", "unit"})
MEMBER_PREPS = ids({"of", "from", "belonging"})


def find_perpetrator(parse: ArgumentParse, trigger: Span, require_attacker: bool = False) -> Perpetrator | None:
    """The trigger's attacker; with ``require_attacker``, only a word that names one (an actor entity or
    an attacker noun: "were killed" by "the floods" has no perpetrator)."""
    i = perpetrator_token(parse, trigger)
    if i is None or require_attacker and not _is_attacker(parse, i):
        return None
    return perpetrator_at(parse, i)


def perpetrator_token(parse: ArgumentParse, trigger: Span) -> int | None:
    """The agent of the trigger, a plural pronoun standing for its speaker; None for other pronouns."""
    if _answered(parse, trigger):
        return None
    i = _agent_token(parse, trigger)
    if i is None and not parse.verbal(trigger) and parse.lemma(parse.root(trigger).i) in BOMBER_LEMMAS:
        return parse.root(trigger).i  # "a suicide bomber blew himself up": the trigger names its attacker
    if i is not None and parse.lowers[i] == IT:
        # "JNIM said it killed ten soldiers": "it" in a reported clause stands for a group speaking
        speaker = _speaker_for(parse, i)
        i = speaker if speaker != i and parse.ent_type[speaker] in ACTOR_IDS else None
    if i is not None and parse.lowers[i] in RELATIVE_SUBJECTS:
        i = _relative_antecedent(parse, i)
    if i is None or parse.poses[i] == PRON_POS and parse.lowers[i] not in THEY_WE:
        return None
    if trigger.start <= i < trigger.end:
        return None
    if parse.lowers[i] in THEY_WE:
        i = _speaker_for(parse, i)
    return i


@per_language
def _deed_verbs() -> frozenset[str]:
    lex = read_lexicon("attribution_cues")
    return frozenset(lex["perpetrator_verbs"]) | frozenset(lex["deed_verbs"])


@per_language
def _motive_words() -> frozenset[str]:
    return frozenset(read_lexicon("attribution_cues")["motive_words"])


def _answered(parse: ArgumentParse, trigger: Span) -> bool:
    """Plural attacks an attack answers ("... to respond to the deadly attacks by the army against our
    people", "in revenge for killings by X"): past deeds of another party, whose doer is not the
    perpetrator of the attack told."""
    root = parse.root(trigger).i
    if parse.tags[root] != NNS:
        return False
    motives, i = _motive_words(), root
    for _ in range(4):
        head = parse.heads[i]
        if head == i:
            return False
        i = head
        if parse.lemma(i) in motives or parse.tokens[i].lower_ in motives:
            return True
    return False


RELATIVE_SUBJECTS = ids({"who", "that", "which"})
BOMBER_LEMMAS = frozenset({"bomber", "kamikaze"})
ATTR, ADVMOD, MOST = get_string_id("attr"), get_string_id("advmod"), get_string_id("most")
IT = get_string_id("it")
CLEFT_HEDGES = ids({"probably", "likely", "possibly", "presumably", "apparently", "reportedly", "allegedly",
                    "perhaps", "maybe"})


def cleft_focus(parse: ArgumentParse, verb: int) -> int | None:
    """The focus of a cleft ("it was X who attacked", "it was X that attacked"): the copula's ``attr``
    when the verb is the clause of a copula whose subject is "it" (the parser hangs the clause on the
    focus as ``relcl`` or on the copula as ``ccomp``)."""
    deps, heads = parse.deps, parse.heads
    head = heads[verb]
    if deps[verb] == RELCL and deps[head] == ATTR:
        copula = heads[head]
        focus = head
    elif deps[verb] == CCOMP:
        copula = head
        focus = next((c for c in parse.kids(copula) if deps[c] == ATTR and c < verb), None)
    else:
        return None
    if focus is None or parse.lemma(copula) != "be":
        return None
    if not any(deps[c] == NSUBJ and parse.lowers[c] == IT for c in parse.kids(copula)):
        return None
    return focus


def cleft_hedged(parse: ArgumentParse, focus: int) -> bool:
    """"It was most likely X who planted the device": an adverb on the copula hedges the focus."""
    copula = parse.heads[focus]
    return any(parse.lowers[c] in CLEFT_HEDGES for c in parse.kids(copula) if parse.deps[c] == ADVMOD)


def _relative_antecedent(parse: ArgumentParse, pronoun: int) -> int | None:
    """The noun a relative pronoun subject stands for: the cleft's focus ("it was X who attacked"), or the
    noun the relative clause hangs on ("JNIM fighters, who attacked ..."); None when neither."""
    verb = parse.heads[pronoun]
    focus = cleft_focus(parse, verb)
    if focus is not None:
        return focus
    if parse.deps[verb] == RELCL and parse.poses[parse.heads[verb]] in NOUN_PROPN:
        return parse.heads[verb]
    return None


def perpetrator_at(parse: ArgumentParse, i: int) -> Perpetrator:
    """The perpetrator phrase around its agent token."""
    deps, lowers = parse.deps, parse.lowers
    agent = i
    # "a group of gunmen": take the noun of the "of" phrase
    if lowers[i] in COLLECTIVE_NOUNS:
        for child in parse.kids(i):
            if deps[child] == PREP and lowers[child] in function_word_ids("of"):
                for grand in parse.kids(child):
                    if deps[grand] == POBJ:
                        i = grand
    # "fighters of Jama'at Nusrat al-Islam wal-Muslimin (JNIM)": the organisation named after "of"
    for child in parse.kids(i):
        if deps[child] == PREP and lowers[child] in role_ids("of", "from", "belonging"):
            for grand in parse.kids(child):
                if deps[grand] == POBJ and parse.ent_type[grand] in ACTOR_IDS:
                    i = grand
    member, hedged_member = _belonging_to(parse, i)
    if member is not None:
        i = member
    # "a coalition led by French forces": the named actor leading the unnamed one
    if parse.ent_type[i] not in ACTOR_IDS:
        for child in parse.kids(i):
            if deps[child] == ACL and parse.lemma(child) in _argument_lemmas("leading_verbs"):
                leader = _agent_of_passive(parse, child)
                if leader is not None and parse.ent_type[leader] in ACTOR_IDS:
                    i = leader
                    break
    span = parse.noun_phrase(i)
    suspected = hedged_member or any(lowers[t] in SUSPECT_IDS for t in parse.subtree_of(i)) or (
        deps[i] == DOBJ and parse.lemma(parse.heads[i]) in HEDGE_VERB_LEMMAS) or (
        deps[i] == ATTR and cleft_hedged(parse, i))
    certainty = "suspected" if suspected else "stated"
    if deps[i] == POBJ and parse.lemma(parse.heads[parse.heads[i]]) in _argument_lemmas("blame_verbs"):
        certainty = "suspected"  # "blamed on jihadists": an attribution, not an account of who attacked
    # "suspected jihadists": keep the actor words only
    start = span.start
    while start < i and (lowers[start] in HEDGED_IDS or lowers[start] in CLEFT_HEDGES or lowers[start] == MOST):
        start += 1  # "(most) likely X fighters" of a cleft: the actor's words only
    if start < span.start:
        start = span.start
    span = parse.span(start, span.end)
    if span and lowers[span.start] in SUSPECT_IDS:
        span = parse.span(span.start + 1, span.end)
    return Perpetrator(token=parse.tokens[i], span=span, certainty=certainty, phrase=agent)


MEMBER_HEDGES = frozenset({"purportedly", "allegedly", "reportedly", "apparently", "presumably", "possibly",
                           "probably", "likely"})


def _belonging_to(parse: ArgumentParse, i: int) -> tuple[int | None, bool]:
    """"suspected jihadists, purportedly belonging to the X group, attacked": the parser hangs the
    participle on the verb, not on the attackers; the group named right after them is theirs. Returns the
    group's entity token and whether an adverb hedges the membership."""
    if parse.ent_type[i] in ACTOR_IDS:
        return None, False
    doc = parse.doc
    j = parse.noun_phrase(i).end
    hedged = False
    while j < len(doc) and (doc[j].is_punct and doc[j].text == "," or doc[j].pos_ == "ADV") and j - i < 6:
        hedged = hedged or doc[j].lower_ in MEMBER_HEDGES
        j += 1
    if j + 1 >= len(doc) or doc[j].lemma_.lower() != "belong" or doc[j + 1].lower_ != "to":
        return None, False
    for k in range(j + 2, min(j + 8, len(doc))):
        if parse.ent_type[k] in ACTOR_IDS:
            return k, hedged
        if doc[k].is_punct:
            break
    return None, False


OR_WORDS = ids({"or", "and/or", "and-or"})
NAME_PREPS = ids({"in", "of", "for"})
AND_WORDS = ids({"and", "&"})
RELATIVE_DEPS = ids({"relcl", "acl", "advcl", "ccomp"})


def named_actors(parse: ArgumentParse, i: int, own: bool = False) -> list[Span]:
    """The KB actor entities of the perpetrator phrase headed by token ``i``, in text order: its own
    words and its conjuncts' ("JNIM and/or ISGS militants", "ISGS or Katiba Salaheddine militants"),
    not those of clauses hanging from it ("gunmen, whom the army later linked to ...")."""
    deps = parse.deps
    skipped: set[int] = set()
    for j in parse.subtree_of(i):
        if j != i and (deps[j] in RELATIVE_DEPS or own and deps[j] == CONJ) and j not in skipped:
            skipped.update(parse.subtree_of(j))
    out: list[Span] = []
    seen: set[int] = set()
    for j in parse.subtree_of(i):
        if j in skipped or parse.ent_type[j] not in ACTOR_IDS:
            continue
        ent = parse.entity(j)
        if ent is None or not ent.ent_id_ or ent.start in seen:
            continue
        seen.add(ent.start)
        out.append(ent)
    if not out and _is_attacker(parse, i):
        out = _names_before(parse, i)
    split = split_conjunct(parse, i) if not own else None
    if out and split is not None:
        out += [e for e in named_actors(parse, split, own=True) if all(e.start != o.start for o in out)]
    return out


CC_DEP = get_string_id("cc")


def split_conjunct(parse: ArgumentParse, i: int) -> int | None:
    """The conjunct the parser split off token i: "JNIM (Katiba Macina), and Fulani militiamen killed"
    gave "JNIM" a dangling "and" and made "militiamen" a second subject of the verb. The sibling with the
    same role whose phrase starts right after i's "and"/"or", when i has no conjunct of its own."""
    deps, heads = parse.deps, parse.heads
    kids = parse.kids(i)
    if any(deps[c] == CONJ for c in kids):
        return None
    cc = [c for c in kids if deps[c] == CC_DEP and c > i and parse.lowers[c] in LIST_WORDS]
    head = heads[i]
    if not cc or head == i:
        return None
    for sibling in parse.kids(head):
        if sibling > cc[-1] and deps[sibling] == deps[i] and parse.tokens[sibling].left_edge.i == cc[-1] + 1:
            return sibling
    return None


LIST_WORDS = ids({"and", "or", "and/or", "&", ","})


def _names_before(parse: ArgumentParse, i: int) -> list[Span]:
    """"presumed ISGS or Katiba Salaheddine militants attacked": the parser made the names the object of
    "presumed" and left the attackers bare; the actor names written right before them, joined by and/or,
    are theirs (word order, since the parse lost it)."""
    out: list[Span] = []
    j = i - 1
    while j >= 0:
        if parse.ent_type[j] in ACTOR_IDS:
            ent = parse.entity(j)
            if ent is None or not ent.ent_id_:
                break
            out.insert(0, ent)
            j = ent.start - 1
        elif out and parse.lowers[j] in LIST_WORDS:
            j -= 1
        else:
            break
    if not out or not same_line(parse.doc, out[0].start, i):
        return []
    return out


def related(kb: ActorKB, a: str, b: str) -> bool:
    """Whether one actor is a unit, member or affiliate of the other (their names then describe one
    perpetrator: "JNIM's Katiba Macina", "the Dogon militia Dan Na Ambassagou")."""
    first, second = kb.get(a), kb.get(b)
    if first is None or second is None:
        return False
    return (a in kb.parent_chain(b) or b in kb.parent_chain(a) or a in second.affiliations
            or b in first.affiliations or succeeded(kb, a, b) or succeeded(kb, b, a))


def succeeded(kb: ActorKB, old: str, new: str) -> bool:
    """Whether ``new`` is the organisation ``old`` merged into or became (al-Mourabitoun -> JNIM)."""
    actor = kb.get(old)
    return actor is not None and (actor.successor == new or old in (kb.get(new).predecessors if kb.get(new) else ()))


def _specific(kb: ActorKB, a: str, b: str) -> str:
    """Of two related actors, the narrower: the unit below its parent, the named organisation over the
    community militia or coalition it is affiliated with."""
    if a in kb.parent_chain(b) or a in (kb.get(b).affiliations if kb.get(b) else ()):
        return b
    return a


def choose_named(parse: ArgumentParse, perp: Perpetrator, date: str | None = None
                 ) -> tuple[Span | None, list[Span], bool, str | None]:
    """The entity that names the perpetrator, the other actors named beside it, whether the text
    hedges between them ("X or Y", "X and/or Y"), and the id of a narrower organisation the entity
    stands for ("IS or Katiba Salaheddine": the unit's own branch of the Islamic State), else None.

    Related names describe one actor and give the narrower one; unrelated ones are co-actors, the first
    named being the perpetrator."""
    if not named_actors(parse, perp.token.i, own=True) and not (
            perp.phrase is not None and named_actors(parse, perp.phrase, own=True)):
        # "soldiers and Russian fighters of the Africa Corps": the head names no actor, so the conjunct's
        # name is not the perpetrator's
        return None, [], False, None
    found = named_actors(parse, perp.token.i)
    if perp.phrase is not None and perp.phrase != perp.token.i:
        found += [e for e in named_actors(parse, perp.phrase) if all(e.start != f.start for f in found)]
    if not found:
        return None, [], False, None
    kb = actor_kb()
    primary = found[0]
    organisation: str | None = None
    others: list[Span] = []
    lo, hi = min(e.start for e in found), max(e.end for e in found)
    either = any(parse.lowers[j] in OR_WORDS for j in range(lo, hi))
    for ent in found[1:]:
        if ent.ent_id_ == primary.ent_id_:
            continue
        if succeeded(kb, primary.ent_id_, ent.ent_id_) or succeeded(kb, ent.ent_id_, primary.ent_id_):
            # "Al-Mourabitoun (JNIM) militants": the organisation of the day, else the later one; a group
            # that merged into the organisation and goes on as its unit ("Ansar Dine militants (JNIM)")
            # stays the narrower name, as a unit does
            old, new = (primary, ent) if succeeded(kb, primary.ent_id_, ent.ent_id_) else (ent, primary)
            if new.ent_id_ in kb.parent_chain(old.ent_id_):
                primary = old
            else:
                primary = old if date is not None and kb.get(old.ent_id_).valid_on(date) else new
            continue
        if related(kb, primary.ent_id_, ent.ent_id_):
            narrower = _specific(kb, primary.ent_id_, ent.ent_id_) == ent.ent_id_
            unit = ent.ent_id_ if narrower else primary.ent_id_
            if narrower != either:  # "ISGS or its Katiba Salaheddine": the organisation both belong to
                primary = ent
            chain = kb.parent_chain(unit)
            if either and primary.ent_id_ in chain[2:]:
                # "IS or Katiba Salaheddine gunmen": the organisation both belong to is the unit's own,
                # the branch of the one named
                organisation = chain[1]
            continue
        if all(ent.ent_id_ != o.ent_id_ for o in others):
            others.append(ent)
    hedged = False
    if others:
        lo = min(e.start for e in [primary, *others])
        hi = max(e.end for e in [primary, *others])
        hedged = any(parse.lowers[j] in OR_WORDS for j in range(lo, hi))
        if not hedged and not any(parse.lowers[j] in AND_WORDS or parse.tokens[j].text in {",", "/"}
                                  for j in range(lo, hi)):
            others = []  # two names without a conjunction between them: not a list of perpetrators
    if organisation is not None and primary.ent_id_ in kb.parent_chain(organisation)[1:]:
        return primary, others, hedged, organisation
    return primary, others, hedged, None


def actor_ref(parse: ArgumentParse, perp: Perpetrator, sent_index: int | None, date: str | None) -> ActorRef:
    """Resolve the perpetrator's words: KB entity id first, then the KB resolver; generic attackers
    ("gunmen", "suspected jihadists") stay unresolved with kind "unknown". Several actors named as the
    perpetrators ("JNIM and/or ISGS militants") give the first, with the others as ``co_actors`` and a
    ``suspected`` certainty when the text hedges between them."""
    ent, others, hedged, organisation = choose_named(parse, perp, date)
    kb = actor_kb()
    perp_text = parse.span_text(perp.span)
    if ent is not None:
        actor = kb.get(organisation or ent.ent_id_)
        edge = ent.end
        if ent.end < len(parse.lowers) and parse.lowers[ent.end] in role_ids("in", "near", "at", "outside", "around", "between") and parse.heads[ent.end] == ent.root.i:
            edge = parse.tokens[ent.end].right_edge.i + 1  # the name's own "in the Islamic Maghreb"
        elif ent.end < len(parse.lowers) and parse.lowers[ent.end] in role_ids("in"):
            # "kidnapped by Al-Qaeda in the Islamic Magreb": the parser hung the name's own "in" phrase
            # on the verb; the phrase counts only when name and phrase resolve as one narrower actor below
            edge = parse.tokens[ent.end].right_edge.i + 1
        if not others and ent.end < edge <= ent.end + 6:
            # "Al-Qaeda in the Islamic Magreb": a misspelt longer name the ruler matched only in part
            longer = kb.resolve(parse.span_text(parse.span(ent.start, edge)), date, parse.abbreviations)
            if longer is not None and longer.actor.id != actor.id and actor.id in kb.parent_chain(longer.actor.id):
                actor, ent = longer.actor, None
                perp_text = parse.span_text(parse.span(perp.span.start, edge))
    else:
        resolution = kb.resolve(perp_text, date, parse.abbreviations)
        actor = resolution.actor if resolution is not None else None
    ent_text = parse.span_text(ent) if ent is not None else None
    text = ent_text if ent_text is not None and len(ent_text) >= len(perp_text) - 1 else perp_text
    evidence = [evidence_of(parse, perp.span, sent_index)]
    national_army = False
    if actor is None and parse.deps[perp.token.i] in (POBJ, CONJ):
        actor = community_militia(parse, perp.token.i)  # "fighting between Fulani and Bambara"
    if actor is None:
        national = _national_army(parse, perp)
        if national is not None:
            actor, national_army = kb.get(national), True
    if actor is None:
        generic = kb.generic_kind(perp_text)
        certainty = "suspected" if generic is not None and generic.get("hedge") else perp.certainty
        return ActorRef(text=text, actor_id=None, name=None, kind="unknown", certainty=certainty,
                        evidence=evidence)
    certainty = "suspected" if hedged else perp.certainty
    resolved_as = "national" if national_army else "community" if actor.communities else None
    return ActorRef(text=text, actor_id=actor.id, name=actor.name_on(date), kind=actor.type or "unknown",
                    certainty=certainty, evidence=evidence, co_actors=[o.ent_id_ for o in others],
                    resolved_as=resolved_as)


def local_branch(ref: ActorRef | None, country: str | None, date: str | None) -> ActorRef | None:
    """The perpetrator as the branch of its organisation that operates where the attack was: "Islamic
    State militants" attacking in Mali are its Sahel province. Only for an organisation the knowledge
    base does not place in ``country`` with exactly one unit there (valid on ``date``); else ``ref``."""
    if ref is None or not ref.actor_id or not country:
        return ref
    kb = actor_kb()
    actor = kb.get(ref.actor_id)
    if actor is None or country in actor.countries:
        return ref
    branches = [a for a in kb.branches_of(ref.actor_id) if country in a.countries and a.valid_on(date)]
    if len(branches) != 1:
        return ref
    branch = branches[0]
    return replace(ref, actor_id=branch.id, name=branch.name_on(date), kind=branch.type or ref.kind,
                   resolved_as=ref.resolved_as or "branch")


def absorbed_branch(ref: ActorRef | None, country: str | None, date: str | None) -> ActorRef | None:
    """The perpetrator as the organisation its local branch merged into: "AQIM militants" attacking in
    Mali after March 2017 are JNIM, which AQIM's Sahara branch joined (the knowledge base's ``successor``
    of the branch). Only when the organisation has exactly one unit in ``country``, that unit's successor
    operates there and already existed on ``date``; else ``ref``."""
    if ref is None or not ref.actor_id or not country or not date:
        return ref
    kb = actor_kb()
    units = [a for a in kb.branches_of(ref.actor_id) if country in a.countries]
    if len(units) != 1 or not units[0].successor:
        return ref
    successor = kb.get(units[0].successor)
    if successor is None or country not in successor.countries or not successor.valid_from:
        return ref
    if date < successor.valid_from or not successor.valid_on(date):
        return ref
    return replace(ref, actor_id=successor.id, name=successor.name_on(date), kind=successor.type or ref.kind,
                   resolved_as=ref.resolved_as or "branch")


def community_militia(parse: ArgumentParse, i: int) -> Actor | None:
    """The militia of a community named alone as a party ("between Fulani and Bambara"), or None."""
    word = parse.tokens[i].text
    if not word[:1].isupper() or parse.ent_type[i] in ACTOR_IDS:
        return None
    kb = actor_kb()
    found = kb.resolve(f"{word} militia")
    if found is None or not found.actor.communities:
        return None
    return found.actor if fold_name(word) in {fold_name(c) for c in found.actor.communities} else None


NATIONAL_MODIFIER_DEPS = ids({"compound", "amod"})
DEFENCE_LEMMAS = frozenset({"exchange", "return", "repel", "repulse", "respond", "retaliate", "fight", "clash",
                            "engage", "defend", "counter", "resist"})


def _national_army(parse: ArgumentParse, perp: Perpetrator) -> str | None:
    """The article's national army for an unnamed one ("soldiers", "the army", "government forces in
    Burkina Faso"), as for attributing speakers: a reporter naming soldiers as the attackers means the
    country's forces. Any named or proper-noun modifier ("UN troops", "Wagner soldiers") keeps it out."""
    root = perp.token.i
    kids = parse.kids(root)
    if any(parse.deps[c] == POSS or parse.deps[c] == PREP and parse.lowers[c] in function_word_ids("of") for c in kids):
        return None  # "its soldiers", "soldiers of the caliphate": someone's men
    # "beat and killed two herders": the conjoined verbs on the subject's line (a headline the parser ran
    # into the body's first sentence is not one clause with it)
    verbs = [v for v in [parse.heads[root], *parse.conjuncts_of(parse.heads[root])]
             if v == parse.heads[root] or same_line(parse.doc, root, v)]
    verb = parse.heads[root]
    if parse.deps[verb] == CCOMP:
        # "residents said soldiers went door to door, ordered people out and opened fire": the parser hangs
        # the later deeds on the reporting verb; subjectless conjuncts after the reported clause are its own
        verbs += [v for v in parse.conjuncts_of(parse.heads[verb]) if v > verb and same_line(parse.doc, root, v)
                  and not any(parse.deps[c] in SUBJECTS for c in parse.kids(v))]
    acting = parse.deps[root] == NSUBJ and any(parse.deps[c] == DOBJ for v in verbs for c in parse.kids(v))
    deeds = _deed_verbs()
    doing = acting and parse.tags[parse.heads[root]] != VBN and any(
        parse.lemma(v) in deeds and any(parse.deps[c] == DOBJ for c in parse.kids(v)) for v in verbs)
    if any(parse.deps[c] == NUMMOD for c in kids) and not doing:
        return None  # "25 soldiers" are victims ("lose their lives"), unless they do a deed ("opened fire")
    if parse.deps[root] == NSUBJ and not acting:
        return None  # "the troops attacked had been resting": a subject with nothing done to anyone
    if parse.lemma(parse.heads[root]) in DEFENCE_LEMMAS:
        return None  # "the soldiers on board exchanged fire with the terrorists": defenders, not attackers
    lefts = [c for c in kids if c < root and parse.deps[c] in NATIONAL_MODIFIER_DEPS]
    if any(parse.ent_type[c] or parse.poses[c] == PROPN_POS for c in lefts):
        return None
    span = parse.span(min(lefts + [root]), root + 1)
    found = national_actor(span)
    # the army, or the gendarmerie and national guard ("gendarmes beat ...": the country's police forces)
    return found[0] if found is not None and found[1] in ("military", "police") else None


# ---------------------------------------------------------------- targets

CATEGORY_MODIFIER_DEPS = ids({"amod", "compound", "nmod", "poss"})
HEAD_MODIFIER_DEPS = ids({"compound", "amod"})
OWNER_PREPS = ids({"for"})  # "a camp for displaced people" (of-words come from function_word_ids)


def target_category(parse: ArgumentParse, i: int) -> str:
    lex = _target_ids()
    deps, lowers, ent_type = parse.deps, parse.lowers, parse.ent_type
    lemma = parse.lemma(i)
    if lemma in {"convoy", "column", "group"}:
        # "a convoy of five buses": the convoy is what it carries
        for child in parse.kids(i):
            if deps[child] == PREP and lowers[child] in function_word_ids("of"):
                for grand in parse.kids(child):
                    if deps[grand] == POBJ:
                        inner = parse.target_category(grand)
                        if inner != "unknown":
                            return inner
    if lemma in target_lexicon()["raid"] or lowers[i] in lex["raid"]:
        # "a post of the Volunteers for the Defence of the Homeland": the post is whose it is
        for child in parse.kids(i):
            if deps[child] == PREP and (lowers[child] in function_word_ids("of") or lowers[child] in OWNER_PREPS):
                for grand in parse.kids(child):
                    owner = ent_type[grand] if deps[grand] == POBJ else 0
                    if owner in lex["labels"] and owner != PLACE_ID:
                        return lex["labels"][owner]
                    # "a camp for displaced people", "a camp of herders": a civilian owner's camp
                    if deps[grand] == POBJ and lex["modifiers"].get(lowers[grand]) == "civilians":
                        return "civilians"
                    if deps[grand] == POBJ and any(deps[m] in HEAD_MODIFIER_DEPS and lex["modifiers"].get(lowers[m]) == "civilians"
                                                   for m in parse.kids(grand)):
                        return "civilians"
                    # "a camp of the Minusma force": the actor naming the owner
                    named = _owner_label(parse, grand, lex) if deps[grand] == POBJ else None
                    if named is not None:
                        return named
            # "a barracks used by the UN Minusma force": the force that uses it
            if deps[child] == ACL and parse.tags[child] == VBN:
                agent = _agent_of_passive(parse, child)
                owner = _owner_label(parse, agent, lex) if agent is not None else None
                if owner is not None:
                    return owner
    if ent_type[i] in lex["labels"] and ent_type[i] != PLACE_ID:
        return lex["labels"][ent_type[i]]
    for child in parse.kids(i):
        if deps[child] in CATEGORY_MODIFIER_DEPS:
            if ent_type[child] in lex["labels"] and ent_type[child] != PLACE_ID:
                return lex["labels"][ent_type[child]]
            if lowers[child] in lex["modifiers"]:
                return lex["modifiers"][lowers[child]]
    heads = target_lexicon()["heads"]
    phrase = parse.span_text(parse.noun_phrase(i)).lower()
    if phrase in heads:
        return heads[phrase]
    if lowers[i] in lex["heads"]:
        return lex["heads"][lowers[i]]
    if lemma in heads:
        return heads[lemma]
    lefts = [c for c in parse.kids(i) if c < i]
    for child in lefts:
        if deps[child] in HEAD_MODIFIER_DEPS and lowers[child] in lex["heads"]:
            return lex["heads"][lowers[child]]
    compound = " ".join(parse.tokens[t].lower_ for t in lefts if deps[t] == COMPOUND) + " " + parse.tokens[i].lower_
    if compound.strip() in heads:
        return heads[compound.strip()]
    if ent_type[i] == PLACE_ID:
        return "civilians"
    return "unknown"


def _owner_label(parse: ArgumentParse, i: int, lex: dict) -> str | None:
    """The target category of an actor owning a place: its entity's ("the VDP"), or that of the actor
    naming it ("the Minusma force", "the UN mission"); None for a place or no actor."""
    ent_type = parse.ent_type
    if ent_type[i] in lex["labels"] and ent_type[i] != PLACE_ID:
        return lex["labels"][ent_type[i]]
    for child in parse.kids(i):
        if parse.deps[child] in CATEGORY_MODIFIER_DEPS and ent_type[child] in lex["labels"] \
                and ent_type[child] != PLACE_ID:
            return lex["labels"][ent_type[child]]
    return None


NOT_TARGET_IDS = ids(ACTOR_LABELS | {GENERIC_LABEL} | PLACE_LABELS)
VICTIM_DEPS = ids({"dobj", "nsubjpass"})
AGAINST = ids({"on", "against"})
NOUN_TARGET_PREPS = ids({"on", "against", "targeting", "of"})
WEAPON_COMPOUNDS = ids({"suicide", "mortar", "rocket", "drone", "car", "bomb", "gun", "militant", "jihadist",
                        "terrorist"})
TARGETING = ids({"targeting", "targetting"})
SCENE_NOUNS = {"target", "object", "scene", "victim", "site"}
ATTRIBUTE_DEPS = ids({"attr", "acomp"})
HIT_VERBS = {"target", "hit", "strike", "affect"}
AUXPASS = get_string_id("auxpass")


def target_tokens(parse: ArgumentParse, trigger: Span) -> list[Token]:
    deps, lowers, poses, heads = parse.deps, parse.lowers, parse.poses, parse.heads
    root = parse.root(trigger).i
    children = parse.kids(root)
    found: list[int] = []
    if parse.verbal(trigger):
        passive = any(deps[c] == AUXPASS for c in children) or deps[root] == ACL
        victim_subject = parse.span_text(trigger).lower() in load_lexicon().victim_subject
        for child in children:
            if deps[child] == DOBJ or (passive and deps[child] == NSUBJPASS) or (victim_subject and deps[child] == NSUBJ):
                found.append(child)
        if passive and not found and deps[root] in {ACL, RELCL} and poses[heads[root]] in NOUN_PROPN:
            found.append(heads[root])
        if not found:
            for child in children:
                if deps[child] == PREP and lowers[child] in AGAINST:
                    found.extend(g for g in parse.kids(child) if deps[g] == POBJ)
        if found:
            # gapping: "attacked a post in Boni on Tuesday and a convoy near Hombori" parses the second
            # object as a conjunct of the verb
            found.extend(c for c in children if deps[c] == CONJ and poses[c] in NOUN_PROPN
                         and not any(deps[g] in SUBJECTS for g in parse.kids(c)))
    else:
        for child in children:
            if deps[child] == PREP and lowers[child] in role_ids("noun_target"):
                for grand in parse.kids(child):
                    if deps[grand] == POBJ and (lowers[child] not in function_word_ids("of") or parse.target_category(grand) != "unknown"):
                        found.append(grand)
            if deps[child] == COMPOUND and child < trigger.start:
                if parse.ent_type[child] not in NOT_TARGET_IDS and lowers[child] not in WEAPON_COMPOUNDS:
                    found.append(child)
            if deps[child] == ACL and lowers[child] in TARGETING:
                found.extend(g for g in parse.kids(child) if deps[g] == DOBJ)
            if deps[child] in (ACL, AMOD) and parse.lemma(child) in _argument_lemmas("target_carrier_verbs"):
                # "l'attaque menée le 18 mars contre un convoi": the carrying-out participle holds the target
                for prep in parse.kids(child):
                    if deps[prep] == PREP and lowers[prep] in role_ids("noun_target") and lowers[prep] not in function_word_ids("of"):
                        found.extend(g for g in parse.kids(prep) if deps[g] == POBJ)
            if deps[child] == RELCL and parse.lemma(child) in HIT_VERBS:
                found.extend(g for g in parse.kids(child) if deps[g] == DOBJ)
        # "the detachment ... was the target of a major attack", "the camp was the scene of an attack"
        head = heads[root]
        if deps[root] == POBJ and lowers[head] in function_word_ids("of") and parse.lemma(heads[head]) in SCENE_NOUNS:
            noun = heads[head]
            if deps[noun] in ATTRIBUTE_DEPS and parse.lemma(heads[noun]) == "be":
                found.extend(c for c in parse.kids(heads[noun]) if deps[c] in SUBJECTS and poses[c] in NOUN_PROPN)
        # "the attacks targeted a boat ..."
        if deps[root] == NSUBJ and parse.lemma(head) in HIT_VERBS:
            found.extend(c for c in parse.kids(head) if deps[c] == DOBJ)
    verb = event_verb_index(parse, trigger)
    # a verbal trigger is its own event verb, and its objects were read above
    if not found and verb is not None and verb != root and parse.lemma(verb) in {
            "kill", "target", "hit", "strike", "wound", "injure", "destroy"}:
        found.extend(c for c in parse.kids(verb) if deps[c] == DOBJ)
    found = [t for t in found if not (trigger.start <= t < trigger.end)]
    if not found and trigger.end - trigger.start > 1:  # "set fire to a market"
        for i in range(trigger.start, trigger.end):
            if deps[i] == PREP:
                found.extend(c for c in parse.kids(i) if deps[c] == POBJ)
    found = [t for t in found if not _is_time_word(parse, t)]
    if not found:
        return []
    out: list[int] = []
    for i in found:
        out.append(i)
        out.extend(t for t in parse.conjuncts_of(i) if t > i and poses[t] in NOUN_PROPN)
    return [parse.tokens[i] for i in out]


TIME_LABELS = ids({"DATE", "TIME"})
TIME_WORDS = ids(set(WEEKDAY_INDEX) | {"night", "morning", "evening", "afternoon", "dawn", "day", "week"})


def _is_time_word(parse: ArgumentParse, i: int) -> bool:
    """"an ambush on Saturday": a day is not a target."""
    return parse.ent_type[i] in TIME_LABELS or parse.lowers[i] in TIME_WORDS


def make_target(parse: ArgumentParse, token: Token, sent_index: int | None) -> Target:
    span = parse.noun_phrase(token.i, drop_det=False)
    # cut relative clauses and prepositional tails: the noun phrase up to the head token
    return Target(text=parse.span_text(span), category=parse.target_category(token.i),
                  evidence=[evidence_of(parse, span, sent_index)])


# ---------------------------------------------------------------- location

@dataclass
class PlaceHit:
    ent: Span
    relation: str
    text_span: Span
    second: Span | None = None


NAMING_IDS = ids(NAMING_WORDS)


def _is_named_thing(parse: ArgumentParse, start: int) -> bool:
    """"a boat named Timbuktu": the name (starting at token ``start``) of a vehicle or vessel, not the place."""
    prev = start - 1 if start > 0 else None
    if prev is not None and parse.tokens[prev].is_quote and start > 1:
        prev = start - 2
    return prev is not None and parse.lowers[prev] in NAMING_IDS


@per_language
def _unit_noun_ids() -> frozenset[int]:
    return ids(w.lower() for w in read_lexicon("syntax").get("unit_nouns", ()))


ACTOR_LABEL_IDS = ids(ACTOR_LABELS)


def _unit_name(parse: ArgumentParse, ent: Span) -> bool:
    """"Katiba Serma", "la katiba Macina": a place name right after a unit noun names an armed group's unit;
    so does one joined by "or"/"and" to such a unit name ("Katiba Macina or Serma militants"). An actor's
    name never gives a place, even where the ruler knows the town it is named after."""
    units = _unit_noun_ids()
    start = ent.start
    if start > 0 and parse.lowers[start - 1] in units:
        return True
    if start < 2 or not (parse.tokens[start - 1].pos_ == "CCONJ" or parse.tokens[start - 1].text == ","):
        return False
    other = parse.entity(start - 2)
    if other is not None and other.label in ACTOR_LABEL_IDS:
        return parse.lowers[other.start] in units or (other.start > 0 and parse.lowers[other.start - 1] in units)
    # "Katiba Macina or Serma" where the ruler marks "Macina" a place after the noun
    return other is not None and other.start > 0 and parse.lowers[other.start - 1] in units


PLACE_PREPS = ids(LOCATIVE_PREPS | {"near"})
NAME_PREPS = ids({"in", "near", "at", "outside", "around", "between"})
UNKNOWN_NAME_LABELS = ids({"ORG", "PERSON", "NORP"})
FROM = get_string_id("from")
DISTANCE_IDS = ids({"km", "kms", "kilometres", "kilometers", "kilometre", "kilometer", "miles", "mile"})


def _distance_from(parse: ArgumentParse, prep: int) -> bool:
    """"a few km from Diabata", "attacked 10 kilometres from Boni": "from" measuring a distance to a place.
    The parse may hang the distance from the preposition itself ("their camp about 15 km from X")."""
    if parse.lowers[prep] != FROM and parse.lowers[prep] not in function_word_ids("from"):
        return False
    head = parse.heads[prep]
    return _is_distance(parse, head) or any(_is_distance(parse, c) for c in parse.kids(head) if c < prep) or any(
        _is_distance(parse, c) for c in parse.kids(prep) if c < prep)


def _not_far_from(parse: ArgumentParse, prep: int) -> bool:
    """"not far from Abanko", "non loin de Boni": a negated "far" puts the event near the place."""
    if parse.lowers[prep] not in function_word_ids("from"):
        return False
    head = parse.heads[prep]
    if head != prep and parse.lowers[head] in function_word_ids("far") and _negated(parse, head):
        return True
    # "un convoi non loin de Kobou": the French parse hangs "de Kobou" from the noun, beside "loin"
    return prep >= 1 and parse.lowers[prep - 1] in function_word_ids("far") and _negated(parse, prep - 1)


def _negated(parse: ArgumentParse, i: int) -> bool:
    """Whether word ``i`` is negated: a "neg" dependent or a negation word right before it ("not far")."""
    return (any(parse.deps[c] == NEG or parse.lowers[c] in function_word_ids("not") for c in parse.kids(i))
            or (i >= 1 and parse.lowers[i - 1] in function_word_ids("not")))


def _is_distance(parse: ArgumentParse, i: int) -> bool:
    """"km", "kilometres", or a figure run into its unit ("15km")."""
    if parse.lowers[i] in DISTANCE_IDS or parse.lowers[i] in role_ids("km", "kilometres", "miles"):
        return True
    text = parse.tokens[i].lower_
    return text[:1].isdigit() and text.rstrip("s").endswith(("km", "kilometre", "kilometer"))


def _under_nested_prep(parse: ArgumentParse, token: int, top: int) -> bool:
    """Whether ``token`` hangs below ``top`` through a preposition other than "of" ("members [on the
    outskirts of X]"), not through a compound, apposition or "of" ("the villages of X and Y")."""
    i = token
    while i != top:
        head = parse.heads[i]
        if head == i:
            return False
        if parse.deps[i] == PREP and parse.lowers[i] not in function_word_ids("of"):
            return True
        i = head
    return False


def _place_ents_under(parse: ArgumentParse, i: int) -> list[tuple[Span, int]]:
    """Place entities that are objects of locative prepositions below token i: (entity, preposition)."""
    deps, lowers, poses = parse.deps, parse.lowers, parse.poses
    hits: list[tuple[Span, int]] = []
    for child in parse.kids(i):
        if deps[child] == PREP and lowers[child] in role_ids("locative"):
            for pobj in parse.kids(child):
                if deps[pobj] != POBJ:
                    continue
                ent = parse.entity(pobj)
                if ent is None and parse.lemma(pobj) in NAMED_AREAS:
                    named = _settlement_name(parse, pobj)
                    if named is not None:
                        hits.append((named, child))
                        continue
                if ent is None:
                    # "in the village of X", "in the Mopti region"; in "northern Benin's Pendjari National
                    # Park" the possessor only says where the park lies, so it is looked at last
                    owner = {t for c in parse.kids(pobj) if deps[c] == POSS for t in parse.subtree_of(c)}
                    subtree = parse.subtree_of(pobj)
                    if poses[pobj] == PROPN_POS:
                        # "between Aldouma and Dioungani": a name no model knows is the place itself; the
                        # place conjoined to it is the other end, not the place the name stands for
                        # place conjoined to it is the other end, not the place the name stands for; in
                        # "near Abanko (Tessalit, Kidal)" the apposition says where the name lies
                        conjoined = {t for c in parse.kids(pobj) if deps[c] in (CONJ, APPOS)
                                     for t in parse.subtree_of(c)}
                        subtree = [t for t in subtree if t not in conjoined]
                    if lowers[child] in function_word_ids("between") and poses[pobj] != PROPN_POS:
                        # "clashes between Ansarul Islam members and Dogon militia on the outskirts of Douna,
                        # Mopti": the sides of a fight and what the parse conjoins to them are no places; a
                        # place under their own prepositions is found from those. "between the Mopti and
                        # Segou regions" keeps its compounds
                        sides = {t for c in parse.kids(pobj) if deps[c] == CONJ for t in parse.subtree_of(c)}
                        subtree = [t for t in subtree if t not in sides and not _under_nested_prep(parse, t, pobj)]
                    inner = [t for t in subtree if t not in owner]
                    for grand in inner + [t for t in subtree if t in owner]:
                        if grand in owner and poses[pobj] == PROPN_POS:
                            break  # the possessed proper name below is the place, known or not
                        if parse.ent_type[grand] in PLACE_IDS:
                            ent = parse.entity(grand)
                            noun = parse.heads[grand]
                            if deps[grand] == COMPOUND and parse.lemma(noun) in SETTLEMENTS:
                                # "an attack on the Tillaberi village of X": the village, not the town
                                ent = _settlement_name(parse, noun) or ent
                            break
                if ent is not None and ent.label in PLACE_IDS and not _is_named_thing(parse, ent.start):
                    hits.append((ent, child))
                elif ((lowers[child] in role_ids("in", "near", "at", "outside", "around", "between")
                       or _distance_from(parse, child) or _not_far_from(parse, child)) and poses[pobj] == PROPN_POS
                      and parse.tokens[pobj].text[:1].isupper() and (ent is None or ent.label in UNKNOWN_NAME_LABELS)
                      and not _is_named_thing(parse, pobj) and not _event_word(parse, pobj)):
                    # a proper name after "in/near/at" that neither gazetteer nor NER knows: a small place
                    start = ent.start if ent is not None else min(
                        [t for t in parse.kids(pobj) if t < pobj and deps[t] == COMPOUND] + [pobj])
                    end = ent.end if ent is not None else pobj + 1
                    hits.append((Span(parse.doc, start, end, label="UNKNOWN_PLACE"), child))
                elif parse.lemma(pobj) in NAMED_AREAS:
                    named = _settlement_name(parse, pobj)
                    if named is not None:
                        hits.append((named, child))
    return hits


@per_language
def _attack_noun_lemmas() -> frozenset[str]:
    return frozenset(read_lexicon("attack_triggers")["attack_nouns"])


def _event_word(parse: ArgumentParse, i: int) -> bool:
    """A capitalised word that names the event, not a place: "Killed in Attack on Convoy" in a headline
    written in title case ("in Attack" is no unknown town)."""
    token = parse.tokens[i]
    return token.lemma_.lower() in _attack_noun_lemmas() or token.lower_ in _attack_noun_lemmas()


SETTLEMENTS = {"village", "town", "locality", "hamlet", "commune", "city", "settlement"}


@per_language
def _resident_nouns() -> frozenset[str]:
    """Lemmas of nouns for the people of a place ("Balumri residents", "Kidal inhabitants")."""
    return frozenset(read_lexicon("syntax").get("resident_nouns", ()))
# "in the area of Sagagou", "in the Douna area": the name is the place, the noun says near it
NAMED_AREAS = SETTLEMENTS | {"market", "area", "vicinity", "outskirts", "outskirt", "surroundings", "surrounding", "environs"}
TOWN_LABELS = {"PLACE", "GPE", "FAC", "UNKNOWN_PLACE"}
TOWN_IDS = ids(TOWN_LABELS)


NOT_SETTLEMENT_COMPOUND_LABELS = ids(ACTOR_LABELS | {GENERIC_LABEL, "COUNTRY", "REGION", "PERSON", "NORP"})
NOT_SETTLEMENT_OF_LABELS = ids(ACTOR_LABELS | {GENERIC_LABEL, "COUNTRY", "REGION"})
PERSON_ENT = get_string_id("PERSON")
MISREAD_VILLAGE_LABELS = ids({"PERSON", "NORP"})


def _settlement_compound(parse: ArgumentParse, noun: int) -> Span | None:
    """The proper name compounded before a settlement noun ("in Seytenga village"), if it is a place."""
    deps, poses, tokens = parse.deps, parse.poses, parse.tokens
    names = [t for t in parse.kids(noun) if t < noun and deps[t] == COMPOUND and poses[t] == PROPN_POS
             and tokens[t].text[:1].isupper()]
    if not names:
        return None
    ent = parse.entity(names[-1])
    if ent is not None and ent.label in NOT_SETTLEMENT_COMPOUND_LABELS and not (
            ent.label in MISREAD_VILLAGE_LABELS and ent.end - ent.start == 1 and ent.end <= noun
            and not gazetteer().country_of_demonym(ent.text)):
        # "the Douna area", "the Tougou area of Segou": the statistical NER reads a lone unknown village
        # name as a person's or a people's (a people's name the reviewed list knows is still refused below)
        return None
    if ent is not None and ent.end <= noun:
        span = Span(parse.doc, ent.start, ent.end, label="PLACE")
        # "the Dogon village of X": a people's name before the noun says who lives there, the name is after
        return None if _people_name(parse, span) else span
    start = names[0]
    heads = set(names) | {noun}
    while start > 0 and deps[start - 1] == COMPOUND and parse.heads[start - 1] in heads:
        start -= 1
    return Span(parse.doc, start, names[-1] + 1, label="PLACE")


def _settlement_office(parse: ArgumentParse, i: int) -> bool:
    """"the village chief of X", "the town's mayor of X": a noun compounded with a settlement noun, whose
    "of" names the settlement."""
    return parse.poses[i] == NOUN_POS and any(
        parse.deps[c] == COMPOUND and c < i and parse.lemma(c) in SETTLEMENTS for c in parse.kids(i))


def _named_after_settlement_noun(parse: ArgumentParse, i: int) -> bool:
    """"the hamlet Samani", "the Fulani village Kobolaga": a proper name the settlement noun is compounded
    onto (the parse makes the name the head), unless an actor's or a people's name."""
    if parse.poses[i] != PROPN_POS or not parse.tokens[i].text[:1].isupper():
        return False
    ent = parse.entity(i)
    if ent is not None and ent.label in NOT_SETTLEMENT_OF_LABELS:
        return False
    return any(parse.deps[c] == COMPOUND and c < i and parse.lemma(c) in SETTLEMENTS
               and parse.tokens[c].text[:1].islower() for c in parse.kids(i))


def _settlement_name(parse: ArgumentParse, noun: int) -> Span | None:
    """"the village of Tadamakat": a proper noun the gazetteer and NER missed is still the place's name.
    "Seytenga village of northern Burkina Faso" names the village before the noun; the country after "of"
    only says where the village lies, so the name in front wins and a country or region is never the name.
    In "the Tillaberi village of Motogatta" the name in front is a town the gazetteer knows, which only says
    where the village lies: the name after "of" wins."""
    named = _settlement_compound(parse, noun)
    if named is not None:
        known = parse.entity(named.start)
        after = _of_name(parse, noun) if known is not None and known.ent_id_ else None
        return after or named
    return _of_name(parse, noun)


def _of_name(parse: ArgumentParse, noun: int) -> Span | None:
    """The proper name after "of" below a settlement noun ("the village of X"), never a country or region."""
    deps = parse.deps
    for child in parse.kids(noun):
        if deps[child] == PREP and parse.lowers[child] in function_word_ids("of"):
            for pobj in parse.kids(child):
                # "the area of Edjerir (Tessalit, Kidal)": the tagger may call an unknown name a common noun
                # where the NER still marks it as a name
                if deps[pobj] == POBJ and (parse.poses[pobj] == PROPN_POS or (
                        parse.poses[pobj] == NOUN_POS and parse.tokens[pobj].text[:1].isupper()
                        and parse.entity(pobj) is not None)):
                    ent = parse.entity(pobj)
                    if ent is not None and ent.label in NOT_SETTLEMENT_OF_LABELS:
                        return None
                    if ent is not None:
                        return Span(parse.doc, ent.start, ent.end, label="PLACE")
                    compounds = [t for t in parse.kids(pobj) if t < pobj and deps[t] == COMPOUND]
                    start = min(compounds) if compounds else pobj
                    return Span(parse.doc, start, pobj + 1, label="PLACE")
    return None


DIRECTION_IDS = ids(DIRECTION_ADJ)
# by role (``syntax.json``'s function words: the English word, or the document language's words for it)
NEAR_PREP_ROLES = ("near", "outside", "around", "close")
NEAR_PHRASE_ROLES = ("near", "outskirts", "vicinity", "km", "kilometres", "kilometers", "miles")
REGION_ROLES = ("region", "province", *sorted(DIRECTION_ADJ))


def _relation(parse: ArgumentParse, prep: int, ent: Span, pobj_phrase: Span) -> str:
    low = parse.lowers[prep]
    words = set(parse.lowers[pobj_phrase.start:pobj_phrase.end])
    if low in function_word_ids("between"):
        return "between"
    if (low in role_ids(*NEAR_PREP_ROLES) or words & role_ids(*NEAR_PHRASE_ROLES) or _distance_from(parse, prep)
            or _not_far_from(parse, prep)):
        return "near"
    if low in function_word_ids("of") and parse.lowers[parse.heads[prep]] in role_ids(*REGION_ROLES[2:]) and ent.label not in (REGION_ID, COUNTRY_ID):
        return "near"  # "east of Aguelhok", "50 km south of Gao": away from the town, not in it
    if ent.label == REGION_ID or words & role_ids(*REGION_ROLES):
        return "region"
    if ent.label == COUNTRY_ID:
        return "region"
    return "in"


ROAD_NOUNS = frozenset({"highway", "road", "axis", "route", "corridor", "stretch", "section", "track"})


def _road_ends(parse: ArgumentParse, ent: Span) -> tuple[Span, Span] | None:
    """"on the Bamako-Kayes highway", "the Djibo-Namsiguia axis": a road named by its two ends puts the
    attack between them, not in either town."""
    before = _road_noun_before(parse, ent)
    if before is not None:
        return before
    road = parse.root(ent).i
    while parse.deps[road] == COMPOUND and parse.heads[road] != road:
        road = parse.heads[road]
    if parse.lemma(road) not in ROAD_NOUNS:
        return None
    subtree = parse.subtree_of(road)
    names = [t for t in subtree if t < road and parse.poses[t] == PROPN_POS]
    if len(names) < 2 or not any(parse.tokens[t].text in {"-", "–"} for t in subtree if names[0] < t < names[-1]):
        return None
    ends: list[Span] = []
    for t in names:
        found = parse.entity(t)
        span = found if found is not None and found.end <= road else Span(parse.doc, t, t + 1, label="PLACE")
        if all(e.start != span.start for e in ends):
            ends.append(span)
    return (ends[0], ends[1]) if len(ends) >= 2 else None


def _road_noun_before(parse: ArgumentParse, ent: Span) -> tuple[Span, Span] | None:
    """"on the axis Koro-Mondoro", "axis Tenenkou-Dia": the road noun written before its two ends, joined
    by a hyphen (or "to"); the first end is ``ent``."""
    doc = parse.doc
    hyphens = {"-", "–", "‐"}
    if ent.start >= 3 and parse.tokens[ent.start - 1].text in hyphens and parse.tokens[ent.start - 2].text[:1].isupper():
        # the parse or the ruler took the second end ("on the axis Koro-Mondoro" read as "Mondoro")
        found = parse.entity(ent.start - 2)
        first = found if found is not None and found.end == ent.start - 1 else Span(doc, ent.start - 2, ent.start - 1, label="PLACE")
        pair = _road_noun_before(parse, first) if first.start < ent.start - 1 else None
        return (first, ent) if pair is not None else None
    i = ent.start - 1
    if i >= 0 and parse.tokens[i].lower_ in function_word_ids("the"):
        i -= 1
    if i < 0 or parse.lemma(i) not in ROAD_NOUNS:
        return None
    j = ent.end
    if j + 1 >= len(doc) or parse.tokens[j].text not in {"-", "–", "‐"} or not parse.tokens[j + 1].text[:1].isupper():
        return None
    other = parse.entity(j + 1)
    second = other if other is not None and other.start == j + 1 else Span(doc, j + 1, j + 2, label="PLACE")
    return ent, second


CLAUSE_MODIFIER_DEPS = ids({"acl", "relcl"})
LISTED_PLACE_DEPS = ids({"compound", "appos"})
LISTED_PLACE_LABELS = ids({"PLACE", "REGION"})


def anchor_places(parse: ArgumentParse, anchor: int) -> list[tuple[Span, int, int]]:
    """The place candidates below one anchor of ``find_place``, as (entity, preposition, label)."""
    deps, ent_type = parse.deps, parse.ent_type
    candidates: list[tuple[Span, int]] = []
    children = parse.kids(anchor)
    candidates.extend(_place_ents_under(parse, anchor))
    # "stormed the village of Solhan"
    for child in children:
        if deps[child] == PREP and parse.lowers[child] in function_word_ids("of"):
            for grand in parse.kids(child):
                if ent_type[grand] == PLACE_ID:
                    candidates.append((parse.entity(grand), child))
                elif ((ent_type[grand] == 0 or ent_type[grand] in MISREAD_PLACE_LABELS)
                      and (parse.lemma(anchor) in SETTLEMENTS or _settlement_office(parse, anchor))
                      and parse.poses[grand] == PROPN_POS and parse.tokens[grand].text[:1].isupper()):
                    # "attacked the village of X", "the village chief of X", X unknown
                    named = _settlement_name(parse, anchor)
                    if named is not None:
                        candidates.append((named, child))
        if deps[child] in LISTED_PLACE_DEPS and ent_type[child] in LISTED_PLACE_LABELS:
            e = parse.entity(child)
            if not _is_named_thing(parse, e.start):
                candidates.append((e, child))
    compound = None  # the name compounded before a settlement noun
    if parse.lemma(anchor) in SETTLEMENTS:  # "raided Arkodia village"
        compound = _settlement_compound(parse, anchor)
        if compound is not None:
            candidates.append((compound, anchor))
    elif parse.lemma(anchor) in _resident_nouns():
        # "shot dead two Balumri residents": where the victims live, ranked after any town the clause names
        # ("two Gao residents were killed in Menaka" happened in Menaka)
        named = _settlement_compound(parse, anchor)
        if named is not None and not _is_named_thing(parse, named.start):
            known = parse.entity(named.start)
            candidates = [(ent, prep) for ent, prep in candidates if ent.start != named.start]
            candidates.append((Span(parse.doc, named.start, named.end, label="RESIDENCE",
                                    span_id=known.ent_id_ if known is not None else ""), anchor))
    elif _named_after_settlement_noun(parse, anchor):  # "attacked the Fulani hamlet Samani"
        ent = parse.entity(anchor)
        span = Span(parse.doc, ent.start, ent.end, label="PLACE") if ent is not None and ent.end == anchor + 1 \
            else Span(parse.doc, anchor, anchor + 1, label="PLACE")
        if not _is_named_thing(parse, span.start):
            candidates.append((span, anchor))
    # "struck a vehicle not far from Abanko", "close to Boni": the preposition hangs from the adverb
    for child in children:
        if deps[child] == ADVMOD_DEP and (parse.lowers[child] in role_ids("close", "near") or (
                parse.lowers[child] in function_word_ids("far") and _negated(parse, child))):
            candidates.extend(_place_ents_under(parse, child))
    # "a bus taking traders ... near the village of Songho": places in the target's own clause
    if parse.poses[anchor] in NOUN_PROPN:
        for child in children:
            if deps[child] in CLAUSE_MODIFIER_DEPS:
                candidates.extend(_place_ents_under(parse, child))
    # "a convoy near Gao": prepositions also hang from the head noun's own prep chain
    for child in children:
        if deps[child] == PREP:
            for pobj in parse.kids(child):
                if deps[pobj] == POBJ and parse.poses[pobj] == NOUN_POS:
                    candidates.extend(_place_ents_under(parse, pobj))
                    # "a post of the army and its allies near Ansongo": the place hangs from the conjunct
                    for conj in parse.kids(pobj):
                        if deps[conj] == CONJ and parse.poses[conj] == NOUN_POS:
                            candidates.extend(_place_ents_under(parse, conj))
    if compound is not None:
        # "an attack on the Tillaberi village of Motogatta": the town in front only says where the village
        # named after "of" lies (``_settlement_name``), so it is no candidate of its own
        named = _settlement_name(parse, anchor)
        if named is not None and named.start != compound.start:
            candidates = [(ent, prep) for ent, prep in candidates if ent.start != compound.start]
    # "according to Abdiye": the object of "according to" is a source, whatever the NER calls it
    return [(ent, prep, ent.label) for ent, prep in candidates
            if not _people_name(parse, ent) and not _unit_name(parse, ent)
            and not is_according_object(parse.tokens[parse.root(ent).i])]


ETHNIC_IDS = ids({"ethnic", "ethnically"})


def _people_name(parse: ArgumentParse, ent: Span) -> bool:
    """"fighting between Fulani and Bambara", "between ethnic Doosaak": a people or community written where a
    place could stand. Names of the reviewed not-a-place list (``models/places_not_names.json``) and names
    said to be ethnic are no place, unless the shipped table itself knows the mention as one."""
    from sahel_ie.gazetteer.keys import key as make_key
    from sahel_ie.gazetteer.locate import not_place_names

    if ent.ent_id_:
        return False
    if make_key(parse.span_text(ent).strip()) in not_place_names():
        return True
    root = parse.root(ent).i
    return any(parse.lowers[c] in ETHNIC_IDS for c in parse.kids(root)) or (
        ent.start > 0 and parse.lowers[ent.start - 1] in ETHNIC_IDS)


# town-level names first, in text order ("near Tassia, in the Téra area"), then regions, features, countries
PLACE_RANK = {get_string_id(label): rank for label, rank in (
    ("PLACE", 0), ("GPE", 0), ("FAC", 0), ("UNKNOWN_PLACE", 0), ("RESIDENCE", 1), ("REGION", 2), ("LOC", 3),
    ("FEATURE", 3),
    ("COUNTRY", 4))}


@per_language
def _distance_yields() -> bool:
    return bool(read_lexicon("syntax").get("distance_yields_to_place", False))


def _distance_phrase(parse: ArgumentParse, prep: int, ent: Span) -> bool:
    """Whether the preposition heads a distance to the place ("à 15 km de X", "10 kilometres from X")."""
    if parse.deps[prep] != PREP:
        return False
    if _distance_from(parse, prep):
        return True
    return any(_is_distance(parse, t) for t in range(prep + 1, ent.start))


@per_language
def _office_nouns() -> frozenset[str]:
    return frozenset(w.lower() for w in read_lexicon("syntax").get("office_nouns", ()))


def _office_of(parse: ArgumentParse, prep: int) -> bool:
    """Whether the preposition is the "of" of an office holder's title ("the mayor of Mondoro", "the village
    chief of X"): the place it names is where the victim holds office, not necessarily where the event was."""
    if parse.deps[prep] != PREP or parse.lowers[prep] not in function_word_ids("of"):
        return False
    head = parse.heads[prep]
    return head != prep and parse.lemma(head) in _office_nouns()


BORDER_NOUNS = ids({"border", "borders", "frontier", "boundary", "frontière", "limite"})


def border_sides(parse: ArgumentParse, prep: int) -> bool:
    """"on the regional border between Segou and Mopti", "la frontière entre X et Y": the two names are the
    sides of a border (regions, as often as not, whatever the table calls them), not where the event was;
    they rank with regions, after a town the clause writes the event at."""
    if parse.deps[prep] != PREP or parse.lowers[prep] not in function_word_ids("between"):
        return False
    head = parse.heads[prep]
    return head != prep and parse.lowers[head] in BORDER_NOUNS


def _candidate_rank(parse: ArgumentParse, cand: tuple[Span, int, int]) -> int:
    rank = PLACE_RANK.get(cand[2], 5)
    return max(rank, 2) if border_sides(parse, cand[1]) else rank


def find_place(parse: ArgumentParse, trigger: Span, anchors: list[Token | None]) -> PlaceHit | None:
    """The best place for a trigger: under its targets first, then the trigger, then the clause verb. A town
    that only names an office ("the mayor of Mondoro was killed in Douentza") yields to a town the clause
    writes the event at, and so do the two sides of a border ("on the border between X and Y")."""
    candidates: list[tuple[Span, int, int]] = []
    for anchor in anchors:
        if anchor is None:
            continue
        found = parse.anchor_places(anchor.i)
        candidates.extend(found)
        if any(label in TOWN_IDS and not (_distance_yields() and _distance_phrase(parse, prep, ent))
               and not _office_of(parse, prep) and not border_sides(parse, prep) for ent, prep, label in found):
            break  # a town under the nearest anchor; otherwise look further for one
    if not candidates:
        return None
    # prefer towns/places over features/regions/countries; an office's town after the clause's own towns
    candidates.sort(key=lambda c: (_candidate_rank(parse, c), _candidate_rank(parse, c) == 0 and _office_of(parse, c[1])))
    if len(candidates) > 1 and _distance_yields() and _distance_phrase(parse, candidates[0][1], candidates[0][0]):
        # "le camp de Kati, à une quinzaine de kilomètres de Bamako": the distance locates the place told
        rank = PLACE_RANK.get(candidates[0][2], 5)
        first = candidates[0][0]
        told = [c for c in candidates[1:] if PLACE_RANK.get(c[2], 5) <= rank and c[0].start != first.start
                and not _distance_phrase(parse, c[1], c[0])]
        if told:
            candidates.remove(told[0])
            candidates.insert(0, told[0])
    ent, prep, _label = _measured_from(parse, candidates) or _described_by_between(parse, candidates) or candidates[0]
    phrase = parse.span(prep, max(ent.end, max(parse.subtree_of(prep)) + 1)) if parse.deps[prep] == PREP else ent
    pair = _road_ends(parse, ent)
    if pair is not None:
        return PlaceHit(ent=pair[0], relation="between", text_span=phrase, second=pair[1])
    if parse.lowers[prep] in function_word_ids("between"):
        second = None
        for other, p, _label in candidates[1:]:
            if p == prep and other.start != ent.start:
                second = other
        if second is None:
            for t in parse.conjuncts_of(parse.root(ent).i):
                if parse.ent_type[t] in PLACE_IDS:
                    second = parse.entity(t)
        return PlaceHit(ent=ent, relation="between", text_span=phrase, second=second)
    return PlaceHit(ent=ent, relation=_relation(parse, prep, ent, phrase), text_span=phrase)


def _described_by_between(parse: ArgumentParse, candidates: list[tuple[Span, int, int]]) -> tuple[Span, int, int] | None:
    """"in the area of X, between Gossi and Hombori": when the best-ranked candidate is a "between" written
    right after another candidate and a comma, the two ends say where that one lies; it is the scene."""
    first, prep, _label = candidates[0]
    if parse.deps[prep] != PREP or parse.lowers[prep] not in function_word_ids("between") or prep < 2 \
            or parse.tokens[prep - 1].text != ",":
        return None
    for cand in candidates[1:]:
        if cand[0].end == prep - 1 and PLACE_RANK.get(cand[2], 5) == 0:
            return cand
    return None


MEASURED_KINDS = frozenset({"distance", "direction", "near", "unit"})
VILLAGE_CANDIDATE_LABELS = ids({"LOC", "GPE", "FAC", "UNKNOWN_PLACE", "PLACE"})


def _measured_from(parse: ArgumentParse, candidates: list[tuple[Span, int, int]]) -> tuple[Span, int, int] | None:
    """"in Marina, near Mopti", "X, 20 km south of Y", "X, Cercle of Y": when the best-ranked candidate is
    the place another candidate is measured from, the other one is where the event happened (a village the
    NER labels less surely than the town the ruler knows). The reference rule codes it at that town when
    no gazetteer locates it."""
    from sahel_ie.gazetteer.reference import reference_after

    first = candidates[0][0]
    text = None
    for cand in candidates[1:]:
        other = cand[0]
        if other.end > first.start or cand[2] not in VILLAGE_CANDIDATE_LABELS or other.ent_id_ == first.ent_id_ != "":
            continue
        if text is None:
            text = document_text(parse.doc)
        end_char = other.start_char + len(parse.span_text(other).rstrip())
        refs = reference_after(text, end_char, first.sent.end_char)
        if any(r.start == first.start_char and r.kind in MEASURED_KINDS for r in refs):
            return cand
    return None


LISTING_PREPS = ids({"of", "at", "in"})
MISREAD_PLACE_LABELS = ids({"PERSON", "ORG", "NORP"})
LISTED_TOWN_LABELS = ids({"PLACE", "GPE"})


def conjoined_places(parse: ArgumentParse, token: Token) -> list[PlaceHit]:
    """"the villages of Intazayene, Bakorat and Wistane", "camps at Boulkessi and Mondoro": one hit per
    place, so that each village becomes its own attack as ACLED and the gold files count them."""
    return _conjoined_places(parse, token.i)


def _conjoined_places(parse: ArgumentParse, i: int) -> list[PlaceHit]:
    deps, lowers = parse.deps, parse.lowers
    for child in parse.kids(i):
        if deps[child] != PREP or lowers[child] not in role_ids("of", "at", "in"):
            continue
        for pobj in parse.kids(child):
            if deps[pobj] != POBJ:
                continue
            if parse.lemma(pobj) in SETTLEMENTS and parse.tags[pobj] == NNS:
                inner = _conjoined_places(parse, pobj)  # "in the towns of A, B and C"
                if inner:
                    return inner
            hits = []
            settlement = parse.lemma(i) in SETTLEMENTS
            for t in [pobj, *parse.conjuncts_of(pobj)]:
                ent = parse.entity(t)
                if settlement and parse.poses[t] == PROPN_POS and (ent is None or ent.label in MISREAD_PLACE_LABELS):
                    # "the villages of A, B and C": the statistical NER calls unknown village names people
                    ent = Span(parse.doc, ent.start, ent.end, label="PLACE") if ent is not None else \
                        Span(parse.doc, t, t + 1, label="PLACE")
                if ent is not None and ent.label in LISTED_TOWN_LABELS and not _is_named_thing(parse, ent.start):
                    if all(h.ent.start != ent.start for h in hits):
                        hits.append(PlaceHit(ent=ent, relation="in", text_span=ent))
            if len(hits) >= 2:
                return hits
    return []


VICINITY_WORDS = ids({"area", "areas", "zone", "vicinity", "surroundings", "environs", "outskirts"})
ADMIN_AREA_WORDS = ids({"region", "province", "région"})
BORDER_WORDS = ids({"border", "borders", "frontier", "frontiers", "borderlands"})
AREA_WORDS = VICINITY_WORDS | ADMIN_AREA_WORDS | ids(DIRECTION_ADJ)


def _is_actor_name(name: str) -> bool:
    """Whether ``name`` is an armed group's or force's name in the actor KB (actors win over places)."""
    try:
        return actor_kb().resolve(name) is not None
    except Exception:  # a KB failure must not take place resolution down
        return False


DISTRICT_WORDS = ids({"department", "département", "cercle", "commune", "district", "prefecture"})


def _named_unit(parse: ArgumentParse, ent: Span) -> str | None:
    """"the Mopti region", "the region of Mopti" -> "region"; "Torodi department", "the cercle of Koro" ->
    "district": the administrative unit a town's name stands for, when the words say so."""
    after = parse.lowers[ent.end] if ent.end < len(parse.lowers) else None
    before = parse.lowers[ent.start - 2] if ent.start >= 2 and parse.lowers[ent.start - 1] in function_word_ids("of") else None
    for word in (after, before):
        if word in ADMIN_AREA_WORDS:
            return "region"
        if word in DISTRICT_WORDS:
            return "district"
    return None


def _precision(scale: str, relation: str, words: set[int]) -> tuple[str, int]:
    """ACLED's geo precision and the record's relation from the place's size and how the text puts it:
    a region or wider area is 3 whatever the preposition; a district-sized place, or a town the text
    places the event near, around or in the area of, is 2; a town or village itself is 1."""
    if scale == "country":
        return "region", 3  # "near the Burkina Faso border", "in northern Mali": somewhere in the country
    if scale == "region":
        return ("region" if relation in {"in", "region"} else relation), 3
    if relation == "in" and words & VICINITY_WORDS:
        relation = "near"
    if relation == "region":
        relation = "in"  # "the northern town of Kidal": the adjective places the town, not the event
    if scale == "district":
        return ("in" if relation == "region" else relation), 2
    return relation, 1 if relation == "in" else 2


HYPHENS = frozenset({"-", "‐"})


def coded_as_free(doc: Doc, ent: Span) -> bool:
    """Whether the words around ``ent`` are plain text (no road noun right before or after it)."""
    before = ent.start - 1
    if before >= 0 and doc[before].lower_ in function_word_ids("the"):
        before -= 1
    if before >= 0 and doc[before].lemma_.lower() in ROAD_NOUNS:
        return False
    after = ent.end + 2
    while after < len(doc) and doc[after].pos_ == "PROPN" and doc[after].text[:1].isupper():
        after += 1
    return not (after < len(doc) and doc[after].lemma_.lower() in ROAD_NOUNS)


def _hyphenated_name(doc: Doc, ent: Span, start_char: int, end_char: int) -> tuple[int, int] | None:
    """The characters of the whole name when a capitalised word is joined to ``ent`` by a hyphen with no
    space ("Bourem-Inaly", "Kobo-Koura"), unless that word is itself a place the shipped table knows."""
    def joinable(i: int) -> bool:
        tok = doc[i]
        return tok.text[:1].isupper() and tok.is_alpha and not (tok.ent_type_ and tok.ent_id_)

    start, end = start_char, end_char
    last = ent.end
    if last + 1 < len(doc) and doc[last].text in HYPHENS and doc[last].idx == end and not doc[last].whitespace_ \
            and joinable(last + 1) and not doc[last - 1].whitespace_:
        end = doc[last + 1].idx + len(doc[last + 1].text)
    first = ent.start
    if first >= 2 and doc[first - 1].text in HYPHENS and not doc[first - 1].whitespace_ \
            and not doc[first - 2].whitespace_ and joinable(first - 2) and doc[first - 1].idx + 1 == start:
        start = doc[first - 2].idx
    return (start, end) if (start, end) != (start_char, end_char) else None
TAMASHEQ_PREFIXES = frozenset({"In", "Tin", "I", "Ti"})


def location_record(parse: ArgumentParse, hit: PlaceHit | None, sent_index: int | None,
                    fallback_country: str | None) -> Location:
    """The record's location for a place hit: resolved in the shipped table, then the installed GeoNames
    gazetteers (context-disambiguated), with ACLED's geo precision, admin1/admin2 and GeoNames id."""
    from sahel_ie.gazetteer.locate import coded_as, resolve

    if hit is None:
        return Location(country=fallback_country, geo_precision=None)
    ent = hit.ent
    gaz = gazetteer()
    doc = parse.doc
    ent_text = parse.span_text(ent).strip()
    for stop in "(,;":  # "Koba (Commune of Pondori", "Zorotaga, Douentza": a name run into what follows
        if stop in ent_text:
            ent_text = ent_text.split(stop, 1)[0].strip() or ent_text
    if not ent.ent_id_:  # "stormed into Zorotaga village": the settlement noun is not part of the name
        head, _, last = ent_text.rpartition(" ")
        if head and last.lower() in SETTLEMENTS:
            ent_text = head
    start_char = ent.start_char
    end_char = start_char + len(ent_text)
    before = doc[ent.start - 1] if ent.start > 0 else None
    if before is not None and before.text == "In" and not before.is_sent_start and not ent.ent_id_ \
            and before.idx + 3 == start_char:
        # "15 km from In Kadagotan": a capitalised "In" inside a sentence is the Tamasheq prefix of the name
        ent_text, start_char = f"In {ent_text}", before.idx
    elif (before is not None and before.text in HYPHENS and ent.start > 1 and not ent.ent_id_
          and doc[ent.start - 2].text in TAMASHEQ_PREFIXES and before.idx == doc[ent.start - 2].idx + len(doc[ent.start - 2].text)
          and before.idx + len(before.text) == start_char):
        # "the area of In-Kakane": the tokenizer splits the prefix off at its hyphen, the NER keeps the rest
        prefix = doc[ent.start - 2]
        ent_text, start_char = f"{prefix.text}-{ent_text}", prefix.idx
    if not ent.ent_id_ and ent_text == ent.text and not gaz.lookup(ent_text):
        # "near Bangui Mallam": the NER cut a two-word name in two; the whole is the place a gazetteer knows
        from sahel_ie.gazetteer.locate import joined_name

        whole = joined_name(doc, ent.start, ent.end, gaz)
        if whole is not None:
            start_char, end_char = whole
            ent_text = document_text(doc)[start_char:end_char]
    if hit.second is None and hit.relation != "between" and coded_as_free(doc, ent):
        # "the area of Bourem-Inaly", "the Kobo-Koura area": a hyphenated name the ruler or NER cut at the
        # hyphen (a known town on one side) is one place; never a road's two ends ("the Gao-Gossi axis")
        joined = _hyphenated_name(doc, ent, start_char, end_char)
        if joined is not None:
            start_char, end_char = joined
            ent_text = document_text(doc)[start_char:end_char]
    else:
        joined = None
    if ent_text[:4] in ("the ", "The ") and not ent.ent_id_ and ent_text[4:5].isupper():
        ent_text, start_char = ent_text[4:], start_char + 4  # "the Goma-Coura": the article is no part of it
        end_char = start_char + len(ent_text)
    words = set(parse.lowers[hit.text_span.start:hit.text_span.end])
    relation = hit.relation
    stated_precision: int | None = None
    shipped = gaz.get(ent.ent_id_) if ent.ent_id_ and joined is None else None
    coded = coded_as(document_text(doc), end_char, doc[ent.start].sent.end_char)
    if coded is not None:  # "the village of X (coded as Y at geoprecision 2)": the coder put it at Y
        ent_text, start_char, end_char, stated_precision = coded
        shipped, relation = None, "near"
    if shipped is None:
        shipped = gaz.best(ent_text)
    # a bare "in X" the NER calls a people (NORP) is not looked up; "the village of X" is a place whatever
    # the NER says of X
    under = parse.entity(ent.start)
    label = under.label_ if ent.label_ in ("UNKNOWN_PLACE", "RESIDENCE") and under is not None else ent.label_
    found = resolve(doc, ent_text, start_char, end_char, gaz=gaz, shipped=shipped, label=label,
                    is_actor=_is_actor_name)
    unit = _named_unit(parse, ent) if coded is None else None
    if coded is None:
        referenced = _reference_location(parse, hit, ent_text, end_char, found, shipped, label, sent_index,
                                         fallback_country)
        if referenced is not None:
            return referenced
    if found is None:
        scale = "country" if ent.label_ == "COUNTRY" else "region" if ent.label_ == "REGION" else unit or "point"
        relation, precision = _precision(scale, relation, words & AREA_WORDS)
        return Location(
            text=parse.span_text(hit.text_span), name=ent_text, country=fallback_country, relation=relation,
            # the entity's id only names the words it covers: not the coder's place nor a name joined around it
            place_id=(ent.ent_id_ or None) if coded is None and joined is None else None,
            geo_precision=stated_precision or precision,
            evidence=[evidence_of(parse, hit.text_span, sent_index)],
        )
    scale = found.scale
    if coded is None and (ent.label_ == "COUNTRY" or found.kind == "country"):
        scale = "country"
    elif coded is None and ent.label_ == "REGION":
        scale = "region"
    elif unit is not None and scale == "point":
        scale = unit  # "in the Mopti region": the town's name carries its region (or cercle, department)
    relation, precision = _precision(scale, relation, words & AREA_WORDS)
    base = _unlocated_base(parse, hit) if coded is None and scale == "point" else None
    if base is not None:  # "the Tabarot base in Gao": coded at the town, near it, the base as the site
        relation, precision = "near", 2
    country = found.country or fallback_country
    if scale == "country" and words & BORDER_WORDS:
        country = fallback_country  # "near the border with Mali": the border area of the article's country
    return Location(
        text=parse.span_text(hit.text_span), name=found.name.strip(), country=country,
        admin1=found.admin1, lat=float(found.lat) if found.lat is not None else None,
        lon=float(found.lon) if found.lon is not None else None, relation=relation, place_id=found.place_id,
        geo_precision=stated_precision or precision, evidence=[evidence_of(parse, hit.text_span, sent_index)],
        admin2=found.admin2, geonames_id=found.geonames_id, gazetteer=found.gazetteer,
        runner_up=found.runner_up, site=base,
        reason=found.reason if base is None else (f"{base} is in no gazetteer; coded at {found.name.strip()}, "
                                                  f"the base written in it" + (f"; {found.reason}" if found.reason else "")),
    )


@per_language
def _facility_noun_lemmas() -> frozenset[str]:
    return frozenset(w.lower() for w in read_lexicon("syntax").get("facility_nouns", ()))


# a force's or people's name before "base" says whose base it is ("the MINUSMA base", "the Fulani camp")
NOT_BASE_NAME_LABELS = ids(ACTOR_LABELS | {GENERIC_LABEL, "NORP", "PERSON", "COUNTRY", "REGION"})


def _unlocated_base(parse: ArgumentParse, hit: PlaceHit) -> str | None:
    """"the Tabarot base in Gao", "the X camp at Y": the name of a base or camp written before its noun, whose
    "in/at" names the town the hit is; the name when no gazetteer knows it (the record is then coded at the
    town, near it, with the base as its site), else None."""
    from sahel_ie.gazetteer.locate import open_indexes, selection_for

    prep = hit.text_span.start
    if parse.deps[prep] != PREP or parse.lowers[prep] not in role_ids("in", "at"):
        return None
    noun = parse.heads[prep]
    if noun == prep or parse.lemma(noun) not in _facility_noun_lemmas():
        return None
    names = [t for t in parse.kids(noun) if t < noun and parse.deps[t] == COMPOUND and parse.poses[t] == PROPN_POS
             and parse.tokens[t].text[:1].isupper() and not parse.tokens[t].text.isupper()
             and parse.ent_type[t] not in NOT_BASE_NAME_LABELS]
    if not names:
        return None
    name = parse.span_text(parse.span(names[0], names[-1] + 1)).strip()
    indexes = open_indexes(selection_for(parse.doc))
    if gazetteer().lookup(name) or _is_actor_name(name) or (indexes and indexes.lookup(name)):
        return None
    return name


_NAME_PARTS = re.compile(r"[^\s\-–]+")


def _named_part(doc: Doc, name: str, start: int, label: str, admin1: str | None = None):
    """The village a two-part village name no gazetteer holds is named after: "Sabere Darah",
    "Tagourou-Peulh", "Naye Dogon", "Djebock-Semit" (a quarter, hamlet or community's half of a village
    written with the village's name): the first part a gazetteer holds exactly as a village, resolved in the
    article's context; None when no part is one. A town is no such part: "Bourem-Inaly" is a village of its
    own, far from Bourem. Nor is a village outside ``admin1``, the region the text writes beside the name
    ("Kobo-Inaly, Tombouctou Region"). A Tamasheq prefix ("Tin-Tegrin", "In Kadagotan") makes one name,
    and a people's name ("Peulh", "Dogon") is never the part."""
    from sahel_ie.gazetteer.locate import could_be_place, open_indexes, resolve, selection_for

    parts = list(_NAME_PARTS.finditer(name))
    if len(parts) < 2 or len(parts) > 3 or parts[0].group() in TAMASHEQ_PREFIXES:
        return None
    gaz = gazetteer()
    indexes = open_indexes(selection_for(doc))
    for part in parts:
        word = part.group()
        if len(word) < 3 or not word[:1].isupper() or not could_be_place(word, label, gaz, _is_actor_name):
            continue
        shipped = gaz.best(word)
        if shipped is not None and shipped.kind != "village":
            continue
        if shipped is None and not (indexes and any(c.is_settlement for c in indexes.lookup(word))):
            continue
        begin = start + part.start()
        place = resolve(doc, word, begin, begin + len(word), gaz=gaz, shipped=shipped, label=label,
                        is_actor=_is_actor_name)
        if (place is not None and place.lat is not None and place.scale == "point" and place.kind != "town"
                and (admin1 is None or place.admin1 == admin1)):
            return place
    return None


def _reference_location(parse: ArgumentParse, hit: PlaceHit, ent_text: str, end_char: int, found, shipped,
                        label: str, sent_index: int | None, fallback_country: str | None) -> Location | None:
    """A village no gazetteer locates is coded, as ACLED codes it, at the place the text measures it from:
    the town, commune or cercle written right after it ("X, 8 km from Boni", "X (Mondoro)", "X, Cercle of
    Koro") at geo precision 2; a road or stretch "between X and Y" at its other end when that one is known.
    The village stays on the record as its ``site``. A region beside it only gives its admin1."""
    from sahel_ie.gazetteer.locate import (could_be_place, far_from_reference, reference_place, resolve, unlocated,
                                           variant_near_reference)

    gaz = gazetteer()
    located = not unlocated(found, shipped)
    if located and (shipped is not None or found.lat is None):
        return None
    # "the G5 Sahel headquarters in Sevare": an actor's name is no place, but its base in a town is there
    if not could_be_place(ent_text, label, gaz, lambda name: False):
        return None
    actor_site = _is_actor_name(ent_text)
    doc = parse.doc
    text = document_text(doc)
    sentence_end = doc[hit.ent.start].sent.end_char
    ref = reference_place(doc, text, end_char, sentence_end, gaz=gaz, is_actor=_is_actor_name,
                          start=end_char - len(ent_text))
    if actor_site and (ref is None or ref.kind != "facility"):
        return None
    if located:
        # "Tonou, near Dioungani": a GeoNames namesake far from the town it is written near is another village
        # of that name; the one meant is one the gazetteers lack, coded at that town
        if ref is None or not far_from_reference(found, ref, gaz):
            return None
        place, kind, relation, precision = ref.place, "near", "near", 2
    elif ref is not None:
        variant = variant_near_reference(doc, ent_text, end_char, ref) if shipped is None else None
        if variant is not None:  # "Orowaran, Cercle of Koro": GeoNames spells the village "Orowara"
            relation, precision = _precision(variant.scale, hit.relation,
                                             set(parse.lowers[hit.text_span.start:hit.text_span.end]) & AREA_WORDS)
            return Location(
                text=parse.span_text(hit.text_span), name=variant.name.strip(),
                country=variant.country or fallback_country, admin1=variant.admin1, lat=float(variant.lat),
                lon=float(variant.lon), relation=relation, place_id=variant.place_id, geo_precision=precision,
                evidence=[evidence_of(parse, hit.text_span, sent_index)], admin2=variant.admin2,
                geonames_id=variant.geonames_id, gazetteer=variant.gazetteer, reason=variant.reason)
        place, kind, relation, precision = ref.place, ref.kind, "near", 2
        if kind == "inside":  # "Sankore Square, central Timbuktu": in the town itself
            relation, precision = "in", 1
    elif hit.relation == "between" and hit.second is not None:
        other = parse.span_text(hit.second).strip()
        other_shipped = gaz.get(hit.second.ent_id_) if hit.second.ent_id_ else gaz.best(other)
        place = resolve(doc, other, hit.second.start_char, hit.second.start_char + len(other), gaz=gaz,
                        shipped=other_shipped, label=hit.second.label_, is_actor=_is_actor_name)
        if place is None or place.lat is None or place.scale != "point":
            return None
        kind, relation, precision = "the other end", "between", 2
    elif ((found is None or (found.lat is None and found.place_id is None))  # not a spelling variant either
          and (part := _named_part(doc, ent_text, end_char - len(ent_text), label,
                                   found.admin1 if found is not None else None)) is not None):
        place, kind, relation, precision = part, "part of its name", "near", 2
    else:
        return None
    reason = f"{ent_text} is in no gazetteer; coded at {place.name}, written beside it ({kind})"
    if kind == "part of its name":
        reason = f"{ent_text} is in no gazetteer; coded at {place.name}, the known part of its name"
    if shipped is not None:  # "Camp Kandi in Kidal": the table's Kandi lies elsewhere
        reason = (f"{ent_text}: no gazetteer entry of that name lies where it is written; coded at {place.name}, "
                  f"written beside it ({kind})")
    if located:
        reason = (f"{ent_text}: its GeoNames namesake lies far from {place.name}, written near it; coded at "
                  f"{place.name}")
    if actor_site:
        reason = f"{ent_text} names an actor, not a place; coded at {place.name}, where its base is written"
    return Location(
        text=parse.span_text(hit.text_span), name=place.name.strip(), country=place.country or fallback_country,
        admin1=place.admin1, lat=float(place.lat) if place.lat is not None else None,
        lon=float(place.lon) if place.lon is not None else None, relation=relation,
        place_id=place.place_id, geo_precision=precision, evidence=[evidence_of(parse, hit.text_span, sent_index)],
        admin2=place.admin2, geonames_id=place.geonames_id, gazetteer=place.gazetteer,
        reason=reason, site=ent_text,
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


DATE_LABELS = ids({"date", "dated", "published", "updated"})


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
        if parse.date_bounds is None:
            parse.date_bounds = [(m.span.start, m.span.end) for m in mentions]
        start, end = sent.start, sent.end
        lowers = parse.lowers
        for m, (m_start, m_end) in zip(mentions, parse.date_bounds):
            if m_start >= start and m_end <= end:
                if m_start > 0 and lowers[m_start - 1] in DATE_LABELS:
                    continue  # "date 2017-01-25 Gunmen ...": the article's date line, no event's day
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
        if any(parse.dominates(clause.i, date_root.i) and not parse.dominates(clause.i, root.i)
               for clause in exclude_clauses):
            continue
        key = (tree_distance(parse, root, date_root), abs(hit.span.start - trigger.start))
        if best is None or key < best[:2]:
            best = (key[0], key[1], hit)
    return best[2] if best else None


def date_record(parse: ParseTable, hit: DateHit | None, sent_index: int | None) -> DateValue:
    if hit is None:
        return DateValue(precision="unknown")
    text = parse.span_text(hit.span)
    return DateValue(text=text, value=hit.value, end=hit.end, precision=hit.precision or "unknown",
                     evidence=[evidence_of(parse, hit.span, sent_index)],
                     partial=partial_date(text) if hit.value is None else None)


def shift_date(value: str | None, days: int) -> str | None:
    if value is None:
        return None
    try:
        return (dt.date.fromisoformat(value[:10]) + dt.timedelta(days=days)).isoformat()
    except ValueError:
        return None


ANCHOR_WORDS = frozenset({"after", "before"})
ANCHOR_IDS = ids(ANCHOR_WORDS)
MARK_PREP = ids({"mark", "prep"})
SPAN_UNITS = ids({"day", "days", "hours", "hour", "week", "weeks", "night"})
DAY_WORDS = ids({"day", "days"})


def relative_clause_anchor(parse: ArgumentParse, trigger: Span) -> tuple[Token, int] | None:
    """"X on Friday, a day after Y": for a trigger inside the 'after/before' clause, (that clause's verb,
    offset in days of this event relative to the main one). "hours after" gives 0."""
    words = parse.positions_of(ANCHOR_WORDS)
    if not words:
        return None
    root = parse.root(trigger).i
    chain = [root, *parse.ancestors_of(root)]
    deps, lowers, heads, tokens = parse.deps, parse.lowers, parse.heads, parse.tokens
    above = set(chain)
    if not any(heads[i] in above for i in words):
        return None  # no "after" or "before" hangs from the trigger or above it
    for ancestor in chain:
        for child in parse.kids(ancestor):
            if deps[child] in MARK_PREP and lowers[child] in ANCHOR_IDS:
                if deps[child] == PREP and not parse.dominates(child, root):
                    continue
                days = None
                for mod in parse.kids(child):
                    if lowers[mod] in SPAN_UNITS:
                        n = 1
                        for num in parse.kids(mod):
                            if tokens[num].like_num:
                                try:
                                    n = int(tokens[num].text)
                                except ValueError:
                                    n = {"two": 2, "three": 3, "four": 4, "five": 5}.get(tokens[num].lower_, 1)
                        unit_word = tokens[mod].lower_
                        unit = 7 if unit_word.startswith("week") else (0 if unit_word.startswith("hour") else 1)
                        days = n * unit
                if days is None:
                    prev = child - 1 if child > 0 else None
                    if prev is not None and lowers[prev] in DAY_WORDS:
                        days = 1
                if days is not None:
                    sign = -1 if lowers[child] in function_word_ids("after") else 1
                    return tokens[ancestor if deps[child] == MARK else child], sign * days
    return None
