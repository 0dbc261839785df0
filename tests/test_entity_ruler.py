"""The KB entity ruler's matcher against spaCy's SpanRuler with the filter the ruler used to give it.

``KbMatcher`` replaced a ``SpanRuler`` (phrase patterns on LOWER, ``overwrite=False``) for speed; every
entity, label, id and token annotation it writes must be what that ruler wrote, ties and overlaps included.
"""

from __future__ import annotations

from typing import Iterable

import pytest
import spacy
from spacy.attrs import ENT_ID, ENT_IOB, ENT_KB_ID, ENT_TYPE
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from sahel_ie.components.entity_ruler import KbMatcher

PATTERNS = [
    {"label": "ARMED_GROUP", "pattern": "Macina Liberation Front", "id": "katiba_macina"},
    {"label": "ARMED_GROUP", "pattern": "Liberation Front"},  # no id, inside a longer match
    {"label": "ARMED_GROUP", "pattern": [{"TEXT": "JNIM"}], "id": "jnim"},
    {"label": "INTL_MISSION", "pattern": [{"TEXT": "EUTM"}, {"TEXT": "Mali"}], "id": "eutm"},
    {"label": "COUNTRY", "pattern": "Mali", "id": "ml"},
    {"label": "PLACE", "pattern": [{"TEXT": "Say", "IS_SENT_START": False}], "id": "ne-say"},
    # the same span under two labels and two ids: ties go by Span order (label, then id)
    {"label": "PLACE", "pattern": "Gao", "id": "ml-gao"},
    {"label": "REGION", "pattern": "Gao", "id": "ml-gao-region"},
    {"label": "PLACE", "pattern": "Gao", "id": "ml-gao-town"},
    # overlapping KB spans of equal length: the leftmost wins
    {"label": "PLACE", "pattern": "Niger River", "id": "niger-river"},
    {"label": "PLACE", "pattern": "River Delta", "id": "delta"},
]

TEXTS = [
    "Say what you will, JNIM fighters attacked Say and the EUTM Mali camp near Gao on Tuesday.",
    "The Macina Liberation Front and the jnim cell crossed the Niger River Delta. Say was calm.",
    "Fighters of the Liberation Front left Mali for Gao, where EUTM trainers had left Mali.",
    "Nothing to see here.",
    "",
]


def _keep_longest(existing: Iterable[Span], new: Iterable[Span]) -> list[Span]:
    """The ents filter the ruler gave SpanRuler: KB spans beat the rest, the longest KB span wins."""
    kept = filter_spans(list(new))
    taken = {i for span in kept for i in range(span.start, span.end)}
    kept.extend(span for span in existing if not any(i in taken for i in range(span.start, span.end)))
    return sorted(kept, key=lambda s: s.start)


@pytest.fixture(scope="module")
def blank_nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def span_ruler(nlp, patterns) -> SpanRuler:
    ruler = SpanRuler(
        nlp, name="reference", spans_key=None, annotate_ents=True, ents_filter=_keep_longest,
        phrase_matcher_attr="LOWER", overwrite=False,
    )
    ruler.add_patterns(patterns)
    return ruler


def annotate(nlp, text: str, preset: list[tuple[int, int, str]]) -> Doc:
    """A sentence-split doc with some statistical-looking entities already set (or none at all)."""
    doc = nlp(text)
    if preset:
        doc.ents = [Span(doc, start, end, label=label) for start, end, label in preset if end <= len(doc)]
    return doc


def state(doc: Doc) -> tuple:
    ents = [(e.start, e.end, e.label_, e.id_, e.kb_id_) for e in doc.ents]
    return ents, doc.to_array([ENT_IOB, ENT_TYPE, ENT_ID, ENT_KB_ID]).tolist()


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("preset", [[], [(0, 2, "PERSON"), (6, 8, "GPE"), (11, 13, "ORG")]])
def test_same_entities_as_span_ruler(blank_nlp, text, preset):
    reference = span_ruler(blank_nlp, PATTERNS)
    matcher = KbMatcher(blank_nlp.vocab, blank_nlp.make_doc, PATTERNS)
    expected = reference(annotate(blank_nlp, text, preset))
    got = matcher(annotate(blank_nlp, text, preset))
    assert state(got) == state(expected)


def test_ties_and_overlaps_are_broken_as_before(blank_nlp):
    doc = KbMatcher(blank_nlp.vocab, blank_nlp.make_doc, PATTERNS)(blank_nlp(TEXTS[0]))
    ents = {e.text: (e.label_, e.id_) for e in doc.ents}
    assert ents["JNIM"] == ("ARMED_GROUP", "jnim")
    assert ents["EUTM Mali"] == ("INTL_MISSION", "eutm")
    assert [e.start for e in doc.ents if e.text == "Say"] == [8]  # not the sentence-initial "Say"
    strings = blank_nlp.vocab.strings
    gao = min(
        [("PLACE", "ml-gao"), ("REGION", "ml-gao-region"), ("PLACE", "ml-gao-town")],
        key=lambda target: (strings[target[0]], strings[target[1]]),
    )
    assert ents["Gao"] == gao
    delta = KbMatcher(blank_nlp.vocab, blank_nlp.make_doc, PATTERNS)(blank_nlp(TEXTS[1]))
    assert "Niger River" in {e.text for e in delta.ents}
    assert "River Delta" not in {e.text for e in delta.ents}


def test_token_patterns_beyond_exact_words_still_match(blank_nlp):
    patterns = PATTERNS + [{"label": "PLACE", "pattern": [{"LOWER": "camp"}, {"IS_DIGIT": True}], "id": "camp"}]
    text = "Say, the EUTM Mali camp 4 near Say was hit."
    expected = span_ruler(blank_nlp, patterns)(blank_nlp(text))
    got = KbMatcher(blank_nlp.vocab, blank_nlp.make_doc, patterns)(blank_nlp(text))
    assert state(got) == state(expected)
    assert "camp 4" in {e.text for e in got.ents}


def test_component_keeps_its_patterns(nlp):
    ruler = nlp.get_pipe("sahel_entity_ruler")
    patterns = ruler.patterns
    assert any(isinstance(p["pattern"], str) for p in patterns)
    assert any(p["pattern"] == [{"TEXT": "JNIM"}] for p in patterns)
    assert ruler.to_bytes() == b""
