"""Segments: the document's sentences cut again at line breaks, and which of them are headlines.

The parser sometimes runs a headline, a byline and the lede together into one sentence; a line break in
news text always ends a unit, so every rule that looks at "the sentence" looks at a segment. Headlines
use the present tense for past events and repeat the lede, so the context modifiers and the attack
builder both ask ``is_headline``.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable

import numpy
from spacy.attrs import IS_SPACE
from spacy.tokens import Doc, Span, Token

from sahel_ie.resources import per_language, read_lexicon
from sahel_ie.extensions import doc_cache

YEAR_RE = re.compile(r"^(19[5-9]\d|20[0-4]\d)$")

WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today",
            "overnight", "tonight", "weekend"}

MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
          "dec"}

TERMINAL = {".", "!", "?", "”", '"', "’", "'", ":"}


def segments(doc: Doc) -> list[Span]:
    """The doc's sentences cut again at line breaks.

    The parser sometimes runs a headline, a byline and the lede together into one sentence; a line break
    in news text always ends a unit, so rules that look at "the sentence" look at these segments.
    Cached in ``doc_cache(doc)``.
    """
    return _segment_table(doc)[1]


def _segment_table(doc: Doc) -> tuple[int, list[Span], list[int]]:
    """(doc length, segments, their start tokens), cached in ``doc_cache(doc)`` while the length holds."""
    cached = doc_cache(doc).get("sahel_segments")
    if cached is not None and len(cached) == 3 and cached[0] == len(doc):
        return cached
    breaks = _line_breaks(doc)
    out: list[Span] = []
    k = 0
    for sent in doc.sents:
        start = sent.start
        while k < len(breaks) and breaks[k] < sent.end:
            if breaks[k] >= sent.start:
                if breaks[k] > start:
                    out.append(Span(doc, start, breaks[k]))
                start = breaks[k] + 1
            k += 1
        if start < sent.end:
            out.append(Span(doc, start, sent.end))
    table = (len(doc), out, [segment.start for segment in out])
    doc_cache(doc)["sahel_segments"] = table
    return table


def _line_breaks(doc: Doc) -> list[int]:
    """The whitespace tokens holding a line break, in order (space tokens found on the token array)."""
    if len(doc) == 0:
        return []
    spaces = numpy.flatnonzero(doc.to_array(IS_SPACE)).tolist()
    return [i for i in spaces if "\n" in doc[i].text]


def _segment_position(span: Span | Token) -> int:
    """Index of the segment holding the span's first token, or -1 (a line-break token is in none)."""
    i = span.i if isinstance(span, Token) else span.start
    _, out, starts = _segment_table(span.doc)
    n = bisect_right(starts, i) - 1
    return n if n >= 0 and i < out[n].end else -1


def segment_of(span: Span | Token) -> Span:
    """The segment (sentence cut at line breaks) holding the span's first token."""
    n = _segment_position(span)
    return _segment_table(span.doc)[1][n] if n >= 0 else span.sent


def segment_index(span: Span | Token) -> int:
    return _segment_position(span)


def _first_body_segment(doc: Doc) -> int:
    """Index of the first segment that reads like a sentence of running text (the lede)."""
    cached = doc_cache(doc).get("sahel_first_body")
    if cached is not None and cached[0] == len(doc):
        return cached[1]
    found = 0
    for n, segment in enumerate(segments(doc)):
        if segment[-1].text in TERMINAL and sum(1 for t in segment if t.is_alpha) >= 8:
            found = n
            break
    doc_cache(doc)["sahel_first_body"] = (len(doc), found)
    return found


def is_headline(sent: Span) -> bool:
    """Headlines, kickers and subheads (lines without a final full stop before the lede, or Title Case
    lines anywhere) use the present tense for past events and repeat the lede's attack."""
    if sent[-1].text in TERMINAL:  # read first: it settles most sentences without a walk over the words
        return False
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    if not words:
        return False
    if segment_index(sent) < _first_body_segment(sent.doc):
        return True
    return sum(1 for t in words if t.text[0].isupper()) >= 0.7 * len(words)


def names_specific_day(sent: Span) -> bool:
    """A weekday, 'yesterday', or 'Month DD' / 'DD Month' in the sentence."""
    return names_specific_day_at(sent, range(sent.start, sent.end))


@per_language
def calendar_words() -> tuple[frozenset[str], frozenset[str], bool]:
    """The current language's day words, month words and whether months are capitalised (``dates.json``)."""
    lex = read_lexicon("dates")
    return frozenset(lex["day_words"]), frozenset(lex["month_words"]), bool(lex["months_capitalised"])


def names_specific_day_at(sent: Span, positions: Iterable[int]) -> bool:
    """``names_specific_day`` reading only the tokens at ``positions``: those of the sentence that may be
    a day or month word (the others cannot make it true)."""
    doc = sent.doc
    weekdays, months, capitalised = calendar_words()
    for i in positions:
        token = doc[i]
        low = token.lower_
        if low in weekdays:
            return True
        if low in months and (token.text[0].isupper() or not capitalised):
            neighbours = [doc[j] for j in (i - 1, i + 1) if sent.start <= j < sent.end]
            if any(n.like_num and not YEAR_RE.match(n.text) and len(n.text) <= 2 for n in neighbours):
                return True
    return False
