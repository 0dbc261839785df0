"""ConText-style modifiers on attack triggers: the reasons not to emit a record, or to weaken it.

Following medspaCy's ConText (NegEx family), every cue is data (``models/lexicons/context_rules.json``):
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

import re
from dataclasses import dataclass

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span, Token

from sahel_ie import extensions  # noqa: F401
from sahel_ie.components.attack_triggers import is_verbal
from sahel_ie.resources import read_json

CATEGORIES = (
    "NEGATED", "HYPOTHETICAL", "THREAT", "HISTORICAL", "AGGREGATE", "GENERIC", "SUSPECTED", "CLAIMED", "DENIED",
)
BLOCKING = frozenset({"NEGATED", "HYPOTHETICAL", "THREAT", "HISTORICAL", "AGGREGATE", "GENERIC", "DENIED"})
DIRECTIONS = ("forward", "backward", "bidirectional", "terminate")
YEAR_RE = re.compile(r"^(19[5-9]\d|20[0-4]\d)$")
WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today",
            "overnight", "tonight", "weekend"}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
          "dec"}


@dataclass(frozen=True)
class ContextRule:
    """One cue: what it matches, what it means, which way and how far it reaches."""

    category: str
    direction: str
    max_scope: int
    literal: str | None = None
    pattern: list | None = None

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
                   literal=data.get("literal"), pattern=data.get("pattern"))


def segments(doc: Doc) -> list[Span]:
    """The doc's sentences cut again at line breaks.

    The parser sometimes runs a headline, a byline and the lede together into one sentence; a line break
    in news text always ends a unit, so rules that look at "the sentence" look at these segments.
    Cached in ``doc.user_data``.
    """
    cached = doc.user_data.get("sahel_segments")
    if cached is not None and cached[0] == len(doc):
        return cached[1]
    out: list[Span] = []
    for sent in doc.sents:
        start = sent.start
        for token in sent:
            if token.is_space and "\n" in token.text:
                if token.i > start:
                    out.append(doc[start:token.i])
                start = token.i + 1
        if start < sent.end:
            out.append(doc[start:sent.end])
    doc.user_data["sahel_segments"] = (len(doc), out)
    return out


def segment_of(span: Span | Token) -> Span:
    """The segment (sentence cut at line breaks) holding the span's first token."""
    i = span.i if isinstance(span, Token) else span.start
    doc = span.doc
    for segment in segments(doc):
        if segment.start <= i < segment.end:
            return segment
    return span.sent


def segment_index(span: Span | Token) -> int:
    i = span.i if isinstance(span, Token) else span.start
    for n, segment in enumerate(segments(span.doc)):
        if segment.start <= i < segment.end:
            return n
    return -1


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


TERMINAL = {".", "!", "?", "”", '"', "’", "'", ":"}


def _first_body_segment(doc: Doc) -> int:
    """Index of the first segment that reads like a sentence of running text (the lede)."""
    cached = doc.user_data.get("sahel_first_body")
    if cached is not None and cached[0] == len(doc):
        return cached[1]
    found = 0
    for n, segment in enumerate(segments(doc)):
        words = [t for t in segment if t.is_alpha]
        if len(words) >= 8 and segment[-1].text in TERMINAL:
            found = n
            break
    doc.user_data["sahel_first_body"] = (len(doc), found)
    return found


def is_headline(sent: Span) -> bool:
    """Headlines, kickers and subheads (lines without a final full stop before the lede, or Title Case
    lines anywhere) use the present tense for past events and repeat the lede's attack."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    if not words or sent[-1].text in TERMINAL:
        return False
    if segment_index(sent) < _first_body_segment(sent.doc):
        return True
    return sum(1 for t in words if t.text[0].isupper()) >= 0.7 * len(words)


def names_specific_day(sent: Span) -> bool:
    """A weekday, 'yesterday', or 'Month DD' / 'DD Month' in the sentence."""
    tokens = list(sent)
    for i, token in enumerate(tokens):
        low = token.lower_
        if low in WEEKDAYS:
            return True
        if low in MONTHS and token.text[0].isupper():
            neighbours = tokens[max(0, i - 1):i] + tokens[i + 1:i + 2]
            if any(n.like_num and not YEAR_RE.match(n.text) and len(n.text) <= 2 for n in neighbours):
                return True
    return False


class ContextModifier:
    """Writes ``Span._.modifiers`` (list of ``{category, cue, direction}``) on every attack trigger."""

    def __init__(self, nlp: Language, name: str = "sahel_context", rules: dict | None = None) -> None:
        self.name = name
        data = rules if rules is not None else read_json("lexicons/context_rules.json")
        self.rules = [ContextRule.from_dict(r) for r in data["rules"]]
        sentence = data.get("sentence_rules", {})
        self.period_literals = [p.lower() for p in sentence.get("period_literals", [])]
        self.aggregate_min_count = int(sentence.get("aggregate_min_count", 10))
        self.aggregate_sentence_min = int(sentence.get("aggregate_sentence_min_number", 100))
        self.historical_cues = {c.lower() for c in sentence.get("historical_cues", [])}
        self.phrase_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.matcher = Matcher(nlp.vocab)
        for index, rule in enumerate(self.rules):
            key = f"RULE_{index}"
            if rule.literal is not None:
                self.phrase_matcher.add(key, [nlp.make_doc(rule.literal)])
            else:
                self.matcher.add(key, [rule.pattern])

    @classmethod
    def from_dict(cls, nlp: Language, data: dict, name: str = "sahel_context") -> "ContextModifier":
        return cls(nlp, name, rules=data)

    def _cues(self, doc: Doc) -> list[tuple[ContextRule, int, int]]:
        found = []
        for match_id, start, end in list(self.phrase_matcher(doc)) + list(self.matcher(doc)):
            index = int(doc.vocab.strings[match_id].split("_")[1])
            found.append((self.rules[index], start, end))
        return found

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

    def _sentence_modifiers(self, doc: Doc, trigger: Span, plural: bool) -> list[dict]:
        sent = segment_of(trigger)
        text = sent.text.lower()
        found: list[dict] = []
        root = trigger.root
        # AGGREGATE: "more than 1,800 attacks", or plural attacks + period + large number.
        counts = [c for c in root.children if c.dep_ == "nummod"]
        if plural and _has_number_at_least(counts, self.aggregate_min_count):
            found.append({"category": "AGGREGATE", "cue": counts[0].text, "direction": "structure"})
        elif plural:
            has_period = any(p in text for p in self.period_literals) or self._has_between_range(sent)
            if has_period and _has_number_at_least(sent, self.aggregate_sentence_min):
                found.append({"category": "AGGREGATE", "cue": "period+number", "direction": "sentence"})
        # HISTORICAL: "the deadliest since 23 March 2020, when fighters overran ...": an event told as the
        # yardstick of a "since" phrase is background even with its day.
        year = _published_year(doc)
        for ancestor in root.ancestors:
            if ancestor.lower_ == "since" and ancestor.dep_ == "prep" and year is not None:
                years = [t for t in ancestor.subtree if YEAR_RE.match(t.text) and int(t.text) < year]
                if years and root.i > years[0].i:
                    found.append({"category": "HISTORICAL", "cue": "since " + years[0].text, "direction": "syntax"})
                    break
        if year is not None and not names_specific_day(sent):
            for token in sent:
                previous = token.doc[token.i - 1].lower_ if token.i > 0 else ""
                if previous in MONTHS:
                    continue  # "in March 2022" dates an event; a bare "in 2013" is background
                if YEAR_RE.match(token.text) and int(token.text) < year:
                    found.append({"category": "HISTORICAL", "cue": token.text, "direction": "sentence"})
                    break
        return found

    @staticmethod
    def _has_between_range(sent: Span) -> bool:
        tokens = [t.lower_ for t in sent]
        if "between" in tokens:
            after = tokens[tokens.index("between"):]
            return any(t in MONTHS for t in after) and "and" in after
        return False

    def _grammar_modifiers(self, trigger: Span, headline: bool) -> list[dict]:
        found: list[dict] = []
        root = trigger.root
        if is_verbal(trigger):
            verb = root
            for child in verb.children:
                if child.dep_ == "neg":
                    found.append({"category": "NEGATED", "cue": child.text, "direction": "syntax"})
            has_aux = any(c.dep_ in {"aux", "auxpass"} for c in verb.children)
            if verb.tag_ in {"VBZ", "VBP"} and not has_aux and not headline:
                found.append({"category": "GENERIC", "cue": verb.text, "direction": "syntax"})
            perfect = any(c.dep_ in {"aux"} and c.lemma_.lower() == "have" and c.tag_ in {"VBZ", "VBP"}
                          for c in verb.children)
            if perfect and any(t.lower_ == "since" for t in segment_of(trigger)):
                found.append({"category": "AGGREGATE", "cue": "have ... since", "direction": "syntax"})
            opening_gerund = verb.tag_ == "VBG" and verb.i == segment_of(trigger).start and not names_specific_day(
                segment_of(trigger))
            if opening_gerund or (verb.tag_ == "VBG" and verb.dep_ in {"csubj", "nsubj", "csubjpass"}):
                found.append({"category": "GENERIC", "cue": verb.text, "direction": "syntax"})
            if verb.tag_ in {"VB"} and verb.dep_ in {"xcomp"}:
                governor = verb.head.lemma_.lower()
                if governor in {"threaten", "vow", "plan", "promise", "intend", "want", "seek", "try", "attempt",
                                "prepare", "plot", "aim"}:
                    category = "THREAT" if governor in {"threaten", "vow", "promise"} else "HYPOTHETICAL"
                    if governor in {"try", "attempt"}:
                        category = ""
                    if category:
                        found.append({"category": category, "cue": verb.head.text, "direction": "syntax"})
        else:
            determiners = [c for c in root.children if c.dep_ in {"det", "poss", "nummod", "amod", "compound"}
                           and not (trigger.start <= c.i < trigger.end)]
            if (root.tag_ in {"NNS", "NNPS"} and not determiners and root.dep_ not in {"compound"} and not headline
                    and not names_specific_day(segment_of(trigger))):
                found.append({"category": "GENERIC", "cue": "bare plural", "direction": "syntax"})
            elif (root.lower_.endswith("ing") and not determiners and root.dep_ in {"nsubj", "csubj", "nsubjpass"}
                  and not headline and not names_specific_day(segment_of(trigger))):
                # "Kidnapping foreigners for ransom has been a source of income": the activity, not an event
                found.append({"category": "GENERIC", "cue": "bare gerund", "direction": "syntax"})
        return found

    def __call__(self, doc: Doc) -> Doc:
        triggers = doc._.attack_triggers or []
        if not triggers:
            return doc
        cues = self._cues(doc)
        for trigger in triggers:
            sent = segment_of(trigger)
            local = [(r, s, e) for r, s, e in cues if s >= sent.start and e <= sent.end]
            terminators = [s for r, s, e in local if r.direction == "terminate"]
            modifiers: list[dict] = []
            for rule, start, end in local:
                if rule.direction == "terminate":
                    continue
                if self._in_scope(rule, start, end, trigger, terminators):
                    modifiers.append({"category": rule.category, "cue": doc[start:end].text,
                                      "direction": rule.direction})
            plural = trigger.root.tag_ in {"NNS", "NNPS"} and not is_verbal(trigger)
            modifiers.extend(self._sentence_modifiers(doc, trigger, plural))
            modifiers.extend(self._grammar_modifiers(trigger, is_headline(sent)))
            trigger._.modifiers = modifiers
        return doc


def categories(span: Span) -> set[str]:
    """The modifier categories on a trigger span (empty when the context component did not run)."""
    return {m["category"] for m in (span._.modifiers or [])}


def is_blocked(span: Span) -> bool:
    """True when a modifier says the trigger reports no actual, specific attack."""
    return bool(categories(span) & BLOCKING)


@Language.factory("sahel_context")
def make_sahel_context(nlp: Language, name: str) -> ContextModifier:
    return ContextModifier(nlp, name)
