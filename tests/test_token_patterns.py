"""The anchored token-pattern matcher returns exactly what spaCy's Matcher returns on the lexicon patterns."""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.matcher import Matcher
from spacy.tokens import Doc

from sahel_ie.components.dates import _expand
from sahel_ie.parsing.token_patterns import AnchoredMatcher, TokenTable
from sahel_ie.resources import read_lexicon

NLP = spacy.blank("en")
LEX = read_lexicon("dates")
PATTERNS = [(entry["id"], _expand(entry["pattern"], LEX["lists"])) for entry in LEX["patterns"]]
CONTEXT_PATTERNS = [(f"RULE_{i}", rule["pattern"]) for i, rule in
                    enumerate(read_lexicon("context_rules")["rules"]) if "pattern" in rule]
WORDS = sorted(
    {w for words in LEX["lists"].values() for w in words}
    | {"On", "MONDAY", "the", "of", "since", "12th", "3rd", "1", "31", "2023", "1999", "twelve", ",", ".",
       "killed", "soldiers", "-", "&", "same", "next", "just", "that", "in", "over", "weekend"}
)


def _reference(patterns, doc, span=None):
    matcher = Matcher(NLP.vocab)
    for key, pattern in patterns:
        matcher.add(key, [pattern])
    target = doc if span is None else doc[span[0]:span[1]]
    offset = 0 if span is None else span[0]
    return {(NLP.vocab.strings[k], s + offset, e + offset) for k, s, e in matcher(target)}


def _anchored(patterns, doc, regions=None, rare=()):
    matcher = AnchoredMatcher(rare_words=rare, rare_shapes=("dddd",))
    for key, pattern in patterns:
        matcher.add(key, pattern)
    return set(matcher(TokenTable(doc), regions))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14), st.integers(0, 13), st.integers(1, 14))
def test_same_matches_as_spacy_matcher(words, cut, length):
    doc = Doc(NLP.vocab, words=words)
    rare = {w for name in ("WEEKDAY", "MONTH", "PART_OF_DAY", "UNIT", "PERIOD") for w in LEX["lists"][name]}
    assert _anchored(PATTERNS, doc, rare=rare) == _reference(PATTERNS, doc)
    assert _anchored(CONTEXT_PATTERNS, doc) == _reference(CONTEXT_PATTERNS, doc)
    start = min(cut, len(doc) - 1)
    end = min(len(doc), start + length)
    assert _anchored(PATTERNS, doc, [(start, end)], rare) == _reference(PATTERNS, doc, (start, end))


def test_matches_inside_regions_only():
    doc = Doc(NLP.vocab, words="on Monday morning . on Tuesday".split())
    matcher = AnchoredMatcher(rare_words={"monday", "tuesday"})
    matcher.add("DAY", [{"LOWER": "on", "OP": "?"}, {"LOWER": {"IN": ["monday", "tuesday"]}},
                        {"LOWER": "morning", "OP": "?"}])
    table = TokenTable(doc)
    assert matcher(table) == [("DAY", 0, 2), ("DAY", 0, 3), ("DAY", 1, 2), ("DAY", 1, 3), ("DAY", 4, 6),
                              ("DAY", 5, 6)]
    assert matcher(table, [(1, 2), (4, 6)]) == [("DAY", 1, 2), ("DAY", 4, 6), ("DAY", 5, 6)]
    assert matcher(table, []) == []


@pytest.mark.parametrize("pattern", [
    [{"LEMMA": "kill"}],
    [{"LOWER": "a", "OP": "*"}, {"LOWER": "b"}],
    [{"LOWER": {"NOT_IN": ["a"]}}],
    [{"LOWER": "a", "OP": "?"}],
])
def test_unsupported_patterns_are_rejected(pattern):
    with pytest.raises(ValueError):
        AnchoredMatcher().add("X", pattern)
