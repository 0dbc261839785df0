"""Abbreviations an article defines for itself: "Macina Liberation Front (MLF)", "GSIM (Group for ...)".

Outlets coin or borrow short forms the knowledge base may not list ("the Macina Liberation Front
(MLF)" in one article, "(FLM)" in another), then use only the short form for the rest of the article. This
component, run after the entity ruler, finds such definitions the way Schwartz & Hearst (2003) and
scispaCy's abbreviation detector do - a parenthesised short form next to a long form whose words contain
the short form's letters in order - resolves the long form to a KB actor, and labels every later
occurrence of the short form with the long form's label and actor id.

Results: ``doc._.abbreviations`` (short form -> actor id, or None for a long form that is not an actor)
and ``doc._.abbreviation_spans`` (list of (long Span, short Span)). Short forms of non-actors are recorded
but never labelled.
"""

from __future__ import annotations

from bisect import bisect_right

import numpy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from sahel_ie.resources import in_document_language

ACTOR_LABELS = frozenset({"ARMED_GROUP", "MILITIA", "STATE_FORCE", "FOREIGN_FORCE", "INTL_MISSION", "GOV_BODY"})
MAX_SHORT_CHARS = 10
MAX_SHORT_TOKENS = 15  # a ")" further than this after "(" closes no short form

# Token texts are compared as ORTH ids on ``doc.to_array``: scanning every token as a ``Token`` object
# would cost more than the rest of the component.
_OPEN = numpy.uint64(get_string_id("("))
_CLOSE = numpy.uint64(get_string_id(")"))

for _name in ("abbreviations", "abbreviation_spans"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None, force=True)


def is_short_form(text: str) -> bool:
    """A plausible short form: 2-10 characters, starts alphanumeric, has a capital, few lowercase letters."""
    compact = text.replace("-", "").replace(".", "").replace("&", "")
    if not (2 <= len(text) <= MAX_SHORT_CHARS) or not compact or not text[0].isalnum():
        return False
    if not any(ch.isupper() for ch in compact):
        return False
    lowers = sum(ch.islower() for ch in compact)
    return lowers <= max(1, len(compact) // 3)


def best_long_form(short: str, words: list[str]) -> int | None:
    """Schwartz & Hearst: the index of the first word of the shortest tail of ``words`` that contains the
    short form's characters in order, its first character starting a word; None if there is none."""
    s = [ch.lower() for ch in short if ch.isalnum()]
    if not s:
        return None
    text = " ".join(words).lower()
    # start offsets of each word in text
    starts, pos = [], 0
    for w in words:
        starts.append(pos)
        pos += len(w) + 1
    s_index, l_index = len(s) - 1, len(text) - 1
    while s_index >= 0:
        ch = s[s_index]
        while l_index >= 0 and (
            text[l_index] != ch or (s_index == 0 and l_index > 0 and text[l_index - 1].isalnum())
        ):
            l_index -= 1
        if l_index < 0:
            return None
        l_index -= 1
        s_index -= 1
    begin = l_index + 1
    word_index = max(i for i, st in enumerate(starts) if st <= begin)
    if starts[word_index] != begin and begin > 0 and text[begin - 1].isalnum():
        return None
    return word_index


def _resolve(span: Span) -> tuple[str | None, str | None]:
    """(actor id, label) of a long form: the KB entity covering it, else the resolver."""
    for ent in span.doc.ents:
        if ent.start <= span.start and span.end <= ent.end and ent.label_ in ACTOR_LABELS and ent.ent_id_:
            return ent.ent_id_, ent.label_
        if ent.start >= span.start and ent.end == span.end and ent.label_ in ACTOR_LABELS and ent.ent_id_:
            return ent.ent_id_, ent.label_
    try:
        from sahel_ie.kb.actors import ENTITY_LABELS, default_kb
    except ImportError:  # pragma: no cover - the KB ships with the package
        return None, None
    kb = default_kb()
    res = kb.resolve(span.text, date=span.doc._.published)
    if res is None:
        return None, None
    return res.actor.id, ENTITY_LABELS[res.actor.type]


def _entity_ending_at(doc: Doc, end: int) -> Span | None:
    for ent in doc.ents:
        if ent.end == end and ent.label_ in ACTOR_LABELS:
            return ent
    return None


def find_definitions(doc: Doc) -> list[tuple[Span, Span]]:
    """(long, short) pairs for "Long Name (ABBR)" and "ABBR (Long Name)" in ``doc``."""
    pairs: list[tuple[Span, Span]] = []
    orths = doc.to_array(ORTH)
    closes = numpy.flatnonzero(orths == _CLOSE).tolist()
    resume = 0  # a definition's parentheses are not searched again
    for i in numpy.flatnonzero(orths == _OPEN).tolist():
        if i < resume:
            continue
        k = bisect_right(closes, i)
        close = closes[k] if k < len(closes) and closes[k] <= i + MAX_SHORT_TOKENS else None
        if close is None or close == i + 1:
            continue
        inner = doc[i + 1:close]
        sent_start = doc[i].sent.start if doc.has_annotation("SENT_START") or doc.has_annotation("DEP") else 0
        if len(inner.text) <= MAX_SHORT_CHARS and " " not in inner.text and is_short_form(inner.text):
            # Long Name (ABBR)
            ent = _entity_ending_at(doc, i)
            if ent is not None and best_long_form(inner.text, [t.text for t in ent]) is not None:
                pairs.append((ent, inner))
            else:
                # Schwartz & Hearst allow min(|A|+5, 2|A|) words; French particles and split
                # apostrophes ("l' islam") need a little more room in tokens.
                max_words = len(inner.text) + 6
                start = max(sent_start, i - max_words)
                window = [t for t in doc[start:i]]
                # stop at punctuation that ends a clause
                for k in range(len(window) - 1, -1, -1):
                    if window[k].text in {",", ";", ":", "(", ")", "\"", "“", "”"}:
                        window = window[k + 1:]
                        break
                words = [t.text for t in window]
                first = best_long_form(inner.text, words) if words else None
                if first is not None:
                    long_span = doc[window[first].i:i]
                    if long_span[0].lower_ in {"the", "a", "an"} and len(long_span) > 1:
                        long_span = long_span[1:]
                    pairs.append((long_span, inner))
        elif i > 0 and is_short_form(doc[i - 1].text) and len(inner) > 1:
            # ABBR (Long Name)
            short = doc[i - 1:i]
            if best_long_form(short.text, [t.text for t in inner]) == 0:
                pairs.append((inner, short))
        resume = close + 1
    return pairs


def _matches(orths: numpy.ndarray, short_tokens: list[str]) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of the token sequence ``short_tokens`` in a doc's ORTH ids."""
    wanted = numpy.array([get_string_id(text) for text in short_tokens], dtype=numpy.uint64)
    k = len(wanted)
    out = []
    for i in numpy.flatnonzero(orths[: max(0, len(orths) - k + 1)] == wanted[0]).tolist():
        if numpy.array_equal(orths[i:i + k], wanted):
            out.append((i, i + k))
    return out


class AbbreviationLearner:
    """Learn article-local short forms and label their occurrences with the long form's actor."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    @in_document_language
    def __call__(self, doc: Doc) -> Doc:
        table: dict[str, str | None] = {}
        spans: list[tuple[Span, Span]] = []
        labels: dict[str, str] = {}
        token_forms: dict[str, list[str]] = {}
        for long_span, short_span in find_definitions(doc):
            actor_id, label = _resolve(long_span)
            key = short_span.text
            spans.append((long_span, short_span))
            token_forms.setdefault(key, [t.text for t in short_span])
            if actor_id is not None:
                table[key] = actor_id
                labels[key] = label
            else:
                table.setdefault(key, None)
        doc._.abbreviations = table
        doc._.abbreviation_spans = spans
        if any(v for v in table.values()):
            self._label(doc, table, labels, token_forms)
        return doc

    @staticmethod
    def _label(
        doc: Doc, table: dict[str, str | None], labels: dict[str, str], token_forms: dict[str, list[str]]
    ) -> None:
        ents = list(doc.ents)
        orths = doc.to_array(ORTH)
        for short, actor_id in table.items():
            if actor_id is None:
                continue
            for start, end in _matches(orths, token_forms[short]):
                overlapping = [e for e in ents if e.start < end and start < e.end]
                # keep longer entities and KB entities already resolved
                if any((e.end - e.start) > (end - start) or (e.ent_id_ and e.label_ in ACTOR_LABELS) for e in overlapping):
                    continue
                ents = [e for e in ents if e not in overlapping]
                ents.append(Span(doc, start, end, label=labels[short], span_id=actor_id))
        doc.ents = sorted(ents, key=lambda e: e.start)


@Language.factory("sahel_abbreviations", requires=["doc.ents"],
                  assigns=["doc._.abbreviations", "doc._.abbreviation_spans", "doc.ents"])
def make_abbreviation_learner(nlp: Language, name: str) -> AbbreviationLearner:
    """Place after the entity ruler (and ``ner``), so long forms already carry their KB ids."""
    return AbbreviationLearner(nlp, name)
