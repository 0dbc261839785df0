"""ConText-style modifiers on attack triggers: the reasons not to emit a record, or to weaken it.

Following medspaCy's ConText (NegEx family), every cue is data (``models/lexicons/en/context_rules.json``):
a literal or token pattern, a category, a direction and a scope in tokens. A cue modifies a trigger in
its sentence when the trigger lies in the cue's scope and no termination cue ("but", "however", ";")
lies between them. Two checks need the whole sentence rather than one cue and are done here too:

* AGGREGATE — statistics over a period: a plural trigger with a large count ("more than 1,800 attacks")
  or a plural trigger in a sentence with a period expression and a large number;
* HISTORICAL — background: a year before the publication year ("in 2013", "founded in 2017") in a
  sentence that names no specific day.

Grammar supplies three more that cue words alone miss: a negated trigger verb (NEGATED), a trigger verb
in the simple present outside a headline (GENERIC: "JNIM regularly attacks ..."), and a bare plural
noun ("is intensifying attacks in Mali", GENERIC). ``sahel_attacks`` reads ``Span._.modifiers``.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from sahel_ie import extensions  # noqa: F401
from sahel_ie.parsing.modifiers import BLOCKING, CATEGORIES, categories, is_blocked  # noqa: F401  (re-read by the component's users)
from sahel_ie.parsing.segments import (
    MONTHS, YEAR_RE, calendar_words, is_headline, names_specific_day_at, segment_of,
)
from sahel_ie.parsing.triggers import is_verbal
from sahel_ie.parsing.token_patterns import AnchoredMatcher, TokenTable
from sahel_ie.resources import read_lexicon, in_document_language, per_language

DIRECTIONS = ("forward", "backward", "bidirectional", "terminate")


@dataclass(frozen=True)
class ContextRule:
    """One cue: what it matches, what it means, which way and how far it reaches."""

    category: str
    direction: str
    max_scope: int
    literal: str | None = None
    pattern: list | None = None
    tag: str | None = None  # the cue's first token must carry a tag starting so ("MD": "may" the verb, not May)

    @classmethod
    def from_dict(cls, data: dict) -> "ContextRule":
        category = data["category"]
        direction = data["direction"]
        if direction not in DIRECTIONS:
            raise ValueError(f"context rule: unknown direction {direction!r}")
        if direction != "terminate" and category not in CATEGORIES:
            raise ValueError(f"context rule: unknown category {category!r}")
        if ("literal" in data) == ("pattern" in data):
            raise ValueError("context rule: give exactly one of 'literal' and 'pattern'")
        return cls(category=category, direction=direction, max_scope=int(data.get("max_scope", 5)),
                   literal=data.get("literal"), pattern=data.get("pattern"), tag=data.get("tag"))


def _has_number_at_least(tokens, minimum: int) -> bool:
    for token in tokens:
        if token.like_num:
            text = token.text.replace(",", "")
            if text.isdigit() and int(text) >= minimum and not YEAR_RE.match(text):
                return True
    return False


def _published_year(doc: Doc) -> int | None:
    published = doc._.published
    if isinstance(published, str) and len(published) >= 4 and published[:4].isdigit():
        return int(published[:4])
    return None


def _token_matcher(nlp: Language, patterns: dict[str, list]) -> AnchoredMatcher | Matcher:
    """The anchored matcher when it reads every pattern (the shipped cue "since" + a year: one lookup per
    "since" instead of a Matcher pass over every token, same matches in text order); spaCy's Matcher for
    rules that use more of its pattern language."""
    anchored = AnchoredMatcher()
    try:
        for key, pattern in patterns.items():
            anchored.add(key, pattern)
        return anchored
    except ValueError:
        matcher = Matcher(nlp.vocab)
        for key, pattern in patterns.items():
            matcher.add(key, [pattern])
        return matcher


class ContextModifier:
    """Writes ``Span._.modifiers`` (list of ``{category, cue, direction}``) on every attack trigger."""

    def __init__(self, nlp: Language, name: str = "sahel_context", rules: dict | None = None) -> None:
        self.name = name
        data = rules if rules is not None else read_lexicon("context_rules", nlp.lang)
        self.rules = [ContextRule.from_dict(r) for r in data["rules"]]
        sentence = data.get("sentence_rules", {})
        self.period_literals = [p.lower() for p in sentence.get("period_literals", [])]
        self.aggregate_min_count = int(sentence.get("aggregate_min_count", 10))
        self.aggregate_sentence_min = int(sentence.get("aggregate_sentence_min_number", 100))
        self.historical_cues = {c.lower() for c in sentence.get("historical_cues", [])}
        self.threat_governors = frozenset(sentence.get("threat_governors", ()))
        self.attempt_governors = frozenset(sentence.get("attempt_governors", ()))
        self.intent_governors = frozenset(sentence.get("intent_governors", ())) | self.threat_governors \
            | self.attempt_governors
        self.trend_governors = frozenset(sentence.get("trend_governors", ()))
        self.perfect_auxiliaries = frozenset(sentence.get("perfect_auxiliaries", ()))
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for index, rule in enumerate(self.rules):
            if rule.literal is not None:
                self.phrase_matcher.add(f"RULE_{index}", [nlp.make_doc(rule.literal)])
        self.matcher = _token_matcher(
            nlp, {f"RULE_{index}": rule.pattern for index, rule in enumerate(self.rules) if rule.pattern is not None}
        )
        # match keys are string hashes, the same in every vocab
        self._rule_by_key = {get_string_id(f"RULE_{index}"): rule for index, rule in enumerate(self.rules)}

    @classmethod
    def from_dict(cls, nlp: Language, data: dict, name: str = "sahel_context") -> "ContextModifier":
        return cls(nlp, name, rules=data)

    def _cues(self, doc: Doc, table: TokenTable | None = None) -> list[tuple[ContextRule, int, int]]:
        rules = self._rule_by_key
        found = [(rules[key], start, end) for key, start, end in self.phrase_matcher(doc)]
        if isinstance(self.matcher, AnchoredMatcher):
            token_matches = self.matcher(table or TokenTable(doc)) if len(self.matcher) else []
            found.extend((rules[get_string_id(key)], start, end) for key, start, end in token_matches)
        else:
            found.extend((rules[key], start, end) for key, start, end in self.matcher(doc))
        return [(rule, start, end) for rule, start, end in found
                if rule.tag is None or doc[start].tag_.startswith(rule.tag)]

    def _in_scope(self, rule: ContextRule, start: int, end: int, trigger: Span, terminators: list[int]) -> bool:
        if start >= trigger.start and end <= trigger.end:
            return False
        if rule.direction in {"forward", "bidirectional"} and end <= trigger.start:
            if trigger.start - end <= rule.max_scope:
                return not any(end <= t < trigger.start for t in terminators)
        if rule.direction in {"backward", "bidirectional"} and start >= trigger.end:
            if start - trigger.end <= rule.max_scope:
                return not any(trigger.end <= t < start for t in terminators)
        return False

    def _sentence_modifiers(self, facts: "_DocFacts", trigger: Span, sent: Span, root: Token,
                            plural: bool) -> list[dict]:
        found: list[dict] = []
        # AGGREGATE: "more than 1,800 attacks", or plural attacks + period + large number.
        counts = [c for c in root.children if c.dep_ == "nummod"] if plural else []
        if plural and _has_number_at_least(counts, self.aggregate_min_count):
            found.append({"category": "AGGREGATE", "cue": counts[0].text, "direction": "structure"})
        elif plural and facts.period_and_large_number(sent):
            found.append({"category": "AGGREGATE", "cue": "period+number", "direction": "sentence"})
        # HISTORICAL: "the deadliest since 23 March 2020, when fighters overran ...": an event told as the
        # yardstick of a "since" phrase is background even with its day.
        year = facts.year
        if year is not None and facts.has_since:
            for ancestor in root.ancestors:
                if ancestor.lower_ == "since" and ancestor.dep_ == "prep":
                    years = [t for t in ancestor.subtree if YEAR_RE.match(t.text) and int(t.text) < year]
                    if years and root.i > years[0].i:
                        found.append({"category": "HISTORICAL", "cue": "since " + years[0].text, "direction": "syntax"})
                        break
        if year is not None and not facts.specific_day(sent):
            cue = facts.earlier_year(sent)
            if cue is not None:
                found.append({"category": "HISTORICAL", "cue": cue, "direction": "sentence"})
        return found

    @staticmethod
    def _has_between_range(sent: Span) -> bool:
        tokens = [t.lower_ for t in sent]
        if "between" in tokens:
            after = tokens[tokens.index("between"):]
            return any(t in MONTHS for t in after) and "and" in after
        return False

    def _grammar_modifiers(self, facts: "_DocFacts", trigger: Span, sent: Span, root: Token, verbal: bool,
                           headline: bool) -> list[dict]:
        found: list[dict] = []
        if verbal:
            verb = root
            children = list(verb.children)
            for child in children:
                if child.dep_ == "neg":
                    found.append({"category": "NEGATED", "cue": child.text, "direction": "syntax"})
            has_aux = any(c.dep_ in {"aux", "auxpass"} for c in children)
            if verb.tag_ in {"VBZ", "VBP"} and not has_aux and not headline:
                found.append({"category": "GENERIC", "cue": verb.text, "direction": "syntax"})
            # "have been killed or abducted since ...": a conjoined verb shares its first verb's auxiliary
            auxiliaries = children + (list(verb.head.children) if verb.dep_ == "conj" else [])
            perfect = any(c.dep_ in {"aux"} and c.lemma_.lower() in self.perfect_auxiliaries and c.tag_ in {"VBZ", "VBP"}
                          for c in auxiliaries)
            if perfect and facts.holds_since(sent):
                found.append({"category": "AGGREGATE", "cue": "have ... since", "direction": "syntax"})
            opening_gerund = verb.tag_ == "VBG" and verb.i == sent.start and not facts.specific_day(sent)
            if opening_gerund or (verb.tag_ == "VBG" and verb.dep_ in {"csubj", "nsubj", "csubjpass"}):
                found.append({"category": "GENERIC", "cue": verb.text, "direction": "syntax"})
            if verb.tag_ in {"VB"} and verb.dep_ in {"xcomp"}:
                governor = verb.head.lemma_.lower()
                if governor in self.trend_governors and any(
                        c.dep_ == "aux" and c.lemma_.lower() in self.perfect_auxiliaries for c in verb.head.children):
                    # "their fighters have started to attack communities": a trend, not an event
                    found.append({"category": "GENERIC", "cue": verb.head.text, "direction": "syntax"})
                if governor in self.intent_governors:
                    category = "THREAT" if governor in self.threat_governors else "HYPOTHETICAL"
                    if governor in self.attempt_governors:
                        category = ""
                    if category:
                        found.append({"category": category, "cue": verb.head.text, "direction": "syntax"})
        else:
            determiners = [c for c in root.children if c.dep_ in {"det", "poss", "nummod", "amod", "compound"}
                           and not (trigger.start <= c.i < trigger.end)]
            others = [c for c in root.children if c.dep_ == "amod" and c.lower_ in {"other", "more", "further"}]
            if root.tag_ in {"NNS", "NNPS"} and others and not any(c.dep_ in {"nummod", "det"} for c in root.children):
                # "as well as other attacks in Mali", "to launch more attacks": events left unnamed and uncounted
                found.append({"category": "AGGREGATE", "cue": "other", "direction": "syntax"})
            if (root.tag_ in {"NNS", "NNPS"} and not determiners and root.dep_ not in {"compound"} and not headline
                    and not facts.specific_day(sent) and not _told_as_event(root)):
                found.append({"category": "GENERIC", "cue": "bare plural", "direction": "syntax"})
            elif (root.lower_.endswith("ing") and not determiners and root.dep_ in {"nsubj", "csubj", "nsubjpass"}
                  and not headline and not facts.specific_day(sent)):
                # "Kidnapping foreigners for ransom has been a source of income": the activity, not an event
                found.append({"category": "GENERIC", "cue": "bare gerund", "direction": "syntax"})
        return found

    @in_document_language
    def __call__(self, doc: Doc) -> Doc:
        triggers = doc._.attack_triggers or []
        if not triggers:
            return doc
        table = TokenTable(doc)
        cues = self._cues(doc, table)
        facts = _DocFacts(self, doc, table)
        for trigger in triggers:
            sent = segment_of(trigger)
            local = [(r, s, e) for r, s, e in cues if s >= sent.start and e <= sent.end]
            terminators = [s for r, s, e in local if r.direction == "terminate"]
            modifiers: list[dict] = []
            root = trigger.root
            verbal = is_verbal(trigger)
            for rule, start, end in local:
                if rule.direction == "terminate":
                    continue
                if verbal and rule.category == "AGGREGATE" and _counts_a_participant(doc[start], root):
                    continue  # "several others were injured": the word counts the victims, not events
                if self._in_scope(rule, start, end, trigger, terminators):
                    modifiers.append({"category": rule.category, "cue": doc[start:end].text,
                                      "direction": rule.direction})
            plural = root.tag_ in {"NNS", "NNPS"} and not verbal
            modifiers.extend(self._sentence_modifiers(facts, trigger, sent, root, plural))
            modifiers.extend(self._grammar_modifiers(facts, trigger, sent, root, verbal, facts.headline(sent)))
            trigger._.modifiers = modifiers
        return doc


def _counts_a_participant(cue: Token, verb: Token) -> bool:
    """The cue word sits in the verb's subject or object ("several others were injured"): it counts the
    people the verb tells of, not attacks."""
    token = cue
    while token.head.i != token.i and token.i != verb.i:
        if token.head.i == verb.i:
            return token.dep_ in {"nsubj", "nsubjpass", "dobj"}
        token = token.head
    return False


_SINCE = get_string_id("since")
@per_language
def _day_word_ids() -> frozenset[int]:
    weekdays, months, _ = calendar_words()
    return frozenset(get_string_id(word) for word in weekdays | months)
_YEAR_SHAPES = frozenset({get_string_id("dddd"), get_string_id("dddd\n")})


class _DocFacts:
    """What the sentence and grammar rules read from a segment, read once per segment of one doc: the
    triggers of a segment share it, and every read walks the segment's tokens."""

    def __init__(self, modifier: ContextModifier, doc: Doc, table: TokenTable) -> None:
        self.modifier = modifier
        self.year = _published_year(doc)
        self.has_since = _SINCE in set(table.lowers)
        day_words = _day_word_ids()
        self.day_words = [i for i, lower in enumerate(table.lowers) if lower in day_words]
        self._table = table
        self._memo: dict[tuple[str, int, int], Any] = {}

    @cached_property
    def years(self) -> list[int]:
        """The tokens YEAR_RE takes, in order: only four-digit shapes can be one ($ also takes a final
        line break, hence the second shape)."""
        doc, shapes = self._table.doc, self._table.shapes
        return [i for i, shape in enumerate(shapes) if shape in _YEAR_SHAPES and YEAR_RE.match(doc[i].text)]

    def _read(self, name: str, sent: Span, read: Callable[[Span], Any]) -> Any:
        key = (name, sent.start, sent.end)
        if key not in self._memo:
            self._memo[key] = read(sent)
        return self._memo[key]

    def specific_day(self, sent: Span) -> bool:
        def read(s: Span) -> bool:
            words = self.day_words
            return names_specific_day_at(s, words[bisect_left(words, s.start):bisect_left(words, s.end)])

        return self._read("specific_day", sent, read)

    def headline(self, sent: Span) -> bool:
        return self._read("headline", sent, is_headline)

    def holds_since(self, sent: Span) -> bool:
        return self._read("since", sent, lambda s: any(t.lower_ == "since" for t in s))

    def period_and_large_number(self, sent: Span) -> bool:
        """A period expression and a number of at least the sentence minimum (a plural trigger's AGGREGATE)."""
        modifier = self.modifier

        def read(s: Span) -> bool:
            text = s.text.lower()
            has_period = any(p in text for p in modifier.period_literals) or modifier._has_between_range(s)
            return has_period and _has_number_at_least(s, modifier.aggregate_sentence_min)

        return self._read("period_number", sent, read)

    def earlier_year(self, sent: Span) -> str | None:
        """The first bare year before the publication year ("in 2013"; "in March 2022" dates an event)."""
        year = self.year

        def read(s: Span) -> str | None:
            doc = s.doc
            years = self.years
            for i in years[bisect_left(years, s.start):bisect_left(years, s.end)]:
                previous = doc[i - 1].lower_ if i > 0 else ""
                if previous in calendar_words()[1]:
                    continue  # "in March 2022" dates an event; a bare "in 2013" is background
                if int(doc[i].text) < year:
                    return doc[i].text
            return None

        return self._read("earlier_year", sent, read)


ARMED_LABELS = frozenset({"ARMED_GROUP", "STATE_FORCE", "MILITIA", "UNKNOWN_ACTOR", "FOREIGN_FORCE", "INTL_MISSION"})
ARMED_LEMMAS = frozenset({"army", "soldier", "troop", "force", "militant", "jihadist", "fighter", "gunman", "rebel",
                          "assailant", "militia", "militiaman", "insurgent", "terrorist", "attacker"})


def _event_plural(noun: Token) -> bool:
    """An uncounted plural that usually tells one event ("clashes", "airstrikes": ``event_plurals``)."""
    from sahel_ie.parsing.triggers import load_lexicon

    plurals = load_lexicon().event_plurals
    text = noun.lower_
    left = noun.doc[noun.i - 1].lower_ + " " + text if noun.i > 0 else text
    return (text in plurals or left in plurals) and not any(c.dep_ == "nummod" for c in noun.children)


def _between_parties(prep: Token) -> bool:
    """"between the army and gunmen": armed parties, not a period ("between March and September") nor a
    brawl ("between students of two faculties")."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    if not objects or any(o.ent_type_ in {"DATE", "TIME"} or o.like_num or o.lower_ in MONTHS for o in objects):
        return False
    return any(t.ent_type_ in ARMED_LABELS or t.lemma_.lower() in ARMED_LEMMAS for t in prep.subtree)


def _told_as_event(noun: Token) -> bool:
    """A bare plural told as one thing that happened, not as an activity: "clashes between the army and
    gunmen", a verbless note ("Reports of airstrikes near X."), or the bare participle of a telegraphic
    report ("Two herders killed in clashes with militiamen in X."). Prose with a finite verb ("lost dozens
    of fighters in clashes with the group", "is intensifying attacks") keeps the plural generic."""
    if any(c.dep_ == "prep" and c.lower_ == "between" for c in noun.children):
        return True
    if noun.dep_ == "nsubj" and noun.head.tag_ == "VBD" and _event_plural(noun) and not any(
            c.dep_ in {"aux", "auxpass"} or (c.dep_ == "prep" and c.lower_ == "between" and not _between_parties(c))
            for c in noun.head.children):
        # "Airstrikes hit militant positions near X": a plural that tells one event, in the past (not
        # "clashes erupted between students")
        return True
    if noun.dep_ in {"nsubj", "nsubjpass"} and noun.head.tag_ in {"VBD", "VBN"} and any(
            c.dep_ == "prep" and c.lower_ == "between" and _between_parties(c) for c in noun.head.children):
        return True  # "Clashes reported / erupted between the army and gunmen in X": told as one event
    for ancestor in noun.ancestors:
        if ancestor.pos_ in {"VERB", "AUX"}:
            if ancestor.tag_ != "VBN" or ancestor.lemma_.lower() in {"hear", "see", "feel"}:
                return False  # "gunfire and explosions were heard": the sound of an attack told elsewhere
            auxiliaries = [c for c in ancestor.children if c.dep_ in {"aux", "auxpass"}]
            if not auxiliaries:  # "Two herders killed in clashes with ...", as the note or its noun's participle
                return ancestor.dep_ == "ROOT" or (ancestor.dep_ == "acl" and ancestor.head.dep_ in {"ROOT", "dep"})
            # "an officer was killed amidst clashes": a passive in the simple past tells one event
            return all(c.dep_ == "auxpass" and c.lower_ in {"was", "were"} for c in auxiliaries)
    return not any(t.pos_ in {"VERB", "AUX"} for t in noun.sent)


@Language.factory("sahel_context", requires=["doc.sents", "doc._.attack_triggers"], assigns=["span._.modifiers"])
def make_sahel_context(nlp: Language, name: str) -> ContextModifier:
    return ContextModifier(nlp, name)
