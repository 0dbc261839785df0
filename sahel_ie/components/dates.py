"""``sahel_dates``: date expressions, resolved against the article's publication date.

Candidates are the statistical NER's DATE and TIME entities united with token patterns from
``models/lexicons/en/dates.json`` for what the small model misses ("the night of Saturday to Sunday",
"a day after", "over the weekend"). Each span is normalised by ``normalise_date_expression``: the news
conventions that dateparser gets wrong are handled first (a weekday is the most recent such day on or
before publication, the same day included; "night of X to Y" is X's date; "in July 2023" is the first of
the month; "last week" is the previous week's Monday; ranges keep both ends), then dateparser parses what
is left, on the date span only and with English only (about 0.5 ms a call; language detection costs ten
times that, and ``search_dates`` over an article returns "now" and worse). Expressions relative to another
event ("a day after") keep ``anchor_offset_days`` so the attack assembler can resolve them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from sahel_ie import extensions  # noqa: F401  (registers Doc/Span extensions)
from sahel_ie.parsing.date_expressions import (
    DateMention, analyse_date_expression, as_date, month_index, weekday_index,
)
from sahel_ie.parsing.requirements import warn_unpublished_once
from sahel_ie.parsing.token_patterns import AnchoredMatcher, TokenTable
from sahel_ie.resources import read_lexicon, in_document_language


def _expand(pattern: list[dict[str, Any]], lists: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Replace "$NAME" placeholders in token patterns by {"IN": lists[NAME]}."""
    out = []
    for token in pattern:
        new = {}
        for key, value in token.items():
            if isinstance(value, str) and value.startswith("$") and value[1:] in lists:
                new[key] = {"IN": lists[value[1:]]}
            else:
                new[key] = value
        out.append(new)
    return out


def _merge(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Unite overlapping candidate (start, end) token ranges: NER's "just a day" and the pattern's "a day
    after" are one date."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(ranges, key=lambda r: (r[0], -r[1])):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _split_at_commas(span: Span) -> list[tuple[int, int]]:
    """NER joins neighbours across commas ("Tuesday, two days"); a comma inside a date stays
    ("September 7, 2023", "Thursday, September 7"). Gives the (start, end) of the pieces."""
    doc = span.doc
    pieces: list[tuple[int, int]] = []
    start = span.start
    for token in span:
        if token.text not in (",", ";") or token.i + 1 >= span.end:
            continue
        nxt, prev = doc[token.i + 1], doc[token.i - 1]
        day_month = nxt.like_num and nxt.i + 1 < len(doc) and month_index(doc[nxt.i + 1].text)
        if nxt.shape_ == "dddd" or (weekday_index(prev.text) is not None and (month_index(nxt.text) or day_month)):
            continue
        if token.i > start:
            pieces.append((start, token.i))
        start = token.i + 1
    if span.end > start:
        pieces.append((start, span.end))
    return pieces


def _join_weekday_and_date(doc: Doc, ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """"on Thursday, 9 January 2020" is one date: a weekday, a comma and a day of the month found as two
    candidates are joined (the full date then resolves the weekday without a publication date)."""
    out: list[tuple[int, int]] = []
    for start, end in ranges:
        if out:
            p_start, p_end = out[-1]
            if (start == p_end + 1 and doc[p_end].text == "," and weekday_index(doc[p_end - 1].text) is not None
                    and (month_index(doc[start].text) or (doc[start].like_num and start + 1 < len(doc)
                                                          and month_index(doc[start + 1].text)))):
                out[-1] = (p_start, end)
                continue
        out.append((start, end))
    return out


class SahelDates:
    """Writes ``doc._.date_mentions``."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        lex = read_lexicon("dates", nlp.lang)
        self.leading = set(lex["leading_words"])
        # every pattern holds one of these words (or a year) but "on the 12th": matching starts from them, and
        # sentences without any are not matched at all (so "on the 12th" counts only next to a date word)
        lists = lex["lists"]
        self.keywords = frozenset(
            w for name in ("WEEKDAY", "MONTH", "PART_OF_DAY", "UNIT", "PERIOD") for w in lists[name]
        ) | frozenset(lex["keywords"])
        self._keyword_ids = frozenset(get_string_id(w) for w in self.keywords)
        self._year_shape = get_string_id("dddd")
        # a day and month in figures ("on 10/12") marks a sentence to search as a year does
        self._day_month_shapes = frozenset(get_string_id(x) for x in ("d/d", "dd/d", "d/dd", "dd/dd"))
        self.matcher = AnchoredMatcher(rare_words=self.keywords, rare_shapes=("dddd",))
        for entry in lex["patterns"]:
            self.matcher.add(entry["id"], _expand(entry["pattern"], lex["lists"]))

    def _keyword_sentences(self, doc: Doc, table: TokenTable) -> list[tuple[int, int]]:
        """(start, end) of the sentences holding a date keyword or a year."""
        keywords, year = self._keyword_ids, self._year_shape
        hits = [i for i, lower in enumerate(table.lowers) if lower in keywords]
        numeric = self._day_month_shapes
        hits = sorted(set(hits).union(i for i, shape in enumerate(table.shapes) if shape == year or shape in numeric))
        if not hits:
            return []
        regions: list[tuple[int, int]] = []
        k = 0
        for sent in doc.sents:
            while k < len(hits) and hits[k] < sent.start:
                k += 1
            if k == len(hits):
                break
            if hits[k] < sent.end:
                regions.append((sent.start, sent.end))
        return regions

    def _matches(self, doc: Doc) -> list[tuple[int, int]]:
        """(start, end) of the pattern matches, inside sentences that hold a date keyword."""
        table = TokenTable(doc)
        regions = self._keyword_sentences(doc, table) if doc.has_annotation("SENT_START") else None
        return [(start, end) for _, start, end in self.matcher(table, regions)]

    def candidates(self, doc: Doc) -> list[Span]:
        ranges: list[tuple[int, int]] = []
        for ent in doc.ents:
            if ent.label_ in ("DATE", "TIME"):
                ranges.extend(_split_at_commas(ent))
        ranges.extend(self._matches(doc))
        out = []
        for start, end in _join_weekday_and_date(doc, _merge(ranges)):
            while end > start and (doc[end - 1].is_punct or doc[end - 1].lower_ in ("'s", "’s")):
                end -= 1
            while start < end and doc[start].is_punct:
                start += 1
            if end - start >= 3 and doc[end - 2].text == "," and doc[end - 1].like_num and end < len(doc) \
                    and (doc[end].pos_ in ("NOUN", "PROPN", "ADJ") or doc[end].lower_ in ("of", "people")):
                end -= 2  # "In September, 12 soldiers were killed": the figure is a toll, not a day
            for _ in range(2):
                if start > 0 and doc[start - 1].lower_ in self.leading:
                    start -= 1
            if end > start:
                out.append(Span(doc, start, end))
        return out

    @staticmethod
    def _dateline(doc: Doc, spans: list[Span]) -> dt.date | None:
        """The day an article gives itself at its head when no metadata does: "Bamako, 7 October 2023 -",
        a line holding only "Ouagadougou, 5 September 2023". A full date (with its year) within the first
        lines, at most five words after its line's start, followed by a dash, a bracket or the line's end."""
        for span in spans:
            if span.start > 80:
                break
            start = span.start
            while start > 0 and "\n" not in doc[start - 1].text and span.start - start <= 6:
                start -= 1
            if start > 0 and "\n" not in doc[start - 1].text:
                continue  # deep inside a sentence
            labelled = span.start > start and doc[span.start - 1].lower_ in ("date", "dated", "published")
            if any(t.pos_ in ("VERB", "AUX") for t in doc[start:span.start]):
                continue
            after = doc[span.end] if span.end < len(doc) else None
            if not labelled and after is not None and not (
                    "\n" in after.text or after.text in ("-", "–", "—", "(", ":", "/")):
                continue
            info = analyse_date_expression(span.text, None)
            if info.precision == "day" and info.value and not info.relative:
                return dt.date.fromisoformat(info.value)
        return None

    @in_document_language
    def __call__(self, doc: Doc) -> Doc:
        warn_unpublished_once(doc)
        published = as_date(doc._.published)
        mentions = []
        spans = self.candidates(doc)
        if published is None:
            published = self._dateline(doc, spans)  # the article's own date line anchors it
        for span in spans:
            info = analyse_date_expression(span.text, published)
            if info.precision == "unknown" and info.anchor_offset_days is None:
                continue
            mentions.append(
                DateMention(span, info.value, info.end, info.precision, info.relative, info.anchor_offset_days)
            )
        doc._.date_mentions = mentions
        return doc


@Language.factory("sahel_dates", requires=["doc.ents", "doc.sents"], assigns=["doc._.date_mentions"])
def make_sahel_dates(nlp: Language, name: str) -> SahelDates:
    return SahelDates(nlp, name)
