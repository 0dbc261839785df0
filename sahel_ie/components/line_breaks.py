"""Line breaks end sentences before the parser reads them.

News text puts a headline, a kicker or a byline on a line of its own, often without a full stop. The
statistical parser, left to itself, runs such a line into the lede ("Civilians killed in Tongomayel /
Gunmen killed seven civilians ..." parses "Gunmen" as the object of the headline's "in"), and the lede's
attack is lost. A line break in news text always ends a unit (``sahel_ie.parsing.segments`` cuts the
parser's sentences there afterwards for the same reason), so this component, placed before the parser,
marks the first token after every whitespace token holding a line break as a sentence start, unless that
token is a lower-case word (a sentence hard-wrapped at a fixed width goes on in lower case) or a list
bullet, or the line before ends in a colon, semicolon or comma (a list goes on its sentence). spaCy's
parser keeps preset sentence starts, so the two lines are parsed apart. Tokens it does not mark are left
unset: the parser still decides every other boundary.
"""

from __future__ import annotations

import numpy
from spacy.attrs import IS_SPACE
from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc


def mark_line_breaks(doc: Doc) -> Doc:
    """Set ``is_sent_start`` on the token after each line-break whitespace token (in place)."""
    if len(doc) < 2:
        return doc
    for i in numpy.flatnonzero(doc.to_array(IS_SPACE)).tolist():
        if i + 1 >= len(doc) or "\n" not in doc[i].text or not _opens_a_line(doc[i + 1].text):
            continue
        if i > 0 and doc[i - 1].text in CONTINUED:
            continue  # "The toll is as follows:" / "- one soldier killed;": the list goes on the sentence
        doc[i + 1].is_sent_start = True
    _end_date_label_lines(doc)
    return doc


# "date 2019-12-01 Insurgents on motorcycles rode into ...": a corpus's date label run into the lede
DATE_LINE_LABELS = frozenset({"date", "dated"})


def _end_date_label_lines(doc: Doc) -> None:
    """A line opening with a date label and an ISO date ("date 2019-12-01") and going on with a
    capitalised word: the label is a unit of its own, and the lede starts at that word. Run into it, the
    parser made "date" the subject of the lede's verb and the attackers a modifier of the date."""
    n = len(doc)
    for i, token in enumerate(doc):
        if token.lower_ not in DATE_LINE_LABELS or i + 6 >= n:
            continue
        if i > 0 and not (doc[i - 1].is_space and (i == 1 or "\n" in doc[i - 1].text)):
            continue  # the label opens the text or a line
        year, dash1, month, dash2, day, word = (doc[i + k] for k in range(1, 7))
        if not (len(year.text) == 4 and year.is_digit and dash1.text == "-" == dash2.text
                and month.is_digit and day.is_digit):
            continue
        if word.text[:1].isupper() and word.is_alpha:
            word.is_sent_start = True


# A line ending in one of these goes on in the next line (a list announced by a colon, items separated
# by semicolons or commas); a line opening with a bullet is an item of the list before it.
CONTINUED = frozenset({":", ";", ",", "-", "–", "—"})
BULLETS = frozenset({"-", "–", "—", "•", "*", "·", "o"})


def _opens_a_line(text: str) -> bool:
    """A token that can open a new unit: not space, not a list bullet, not a lower-case word (a line
    that goes on in lower case is a sentence wrapped at a fixed width: "two children were killed / on
    Sunday as ...")."""
    return bool(text.strip()) and text not in BULLETS and not text[0].islower()


class LineBreakMarker:
    """The component: ``mark_line_breaks`` on each Doc. It has ``pipe`` so that a batch runner keeps the
    parser and the other neural components after it batched (they come before the per-article rules);
    the work is one pass over the space tokens, linear in length and never slow."""

    def __init__(self, name: str = "sahel_line_breaks") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        return mark_line_breaks(doc)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            yield mark_line_breaks(doc)


@Language.factory("sahel_line_breaks")
def make_line_breaks(nlp: Language, name: str) -> LineBreakMarker:
    return LineBreakMarker(name)
