"""Token patterns matched outwards from one rare word, for the lexicons' date and cue patterns.

spaCy's token ``Matcher`` starts every pattern at every token and evaluates each ``IN`` list and
``REGEX`` as a Python call per token: on the date patterns that is about 5 µs a token, most of the date
component's time. The patterns in the lexicons each hold a required token drawn from a short list of
rare words (a weekday, a month, "night", "since") or a year, so ``AnchoredMatcher`` looks those tokens up
in one pass over the token hashes and grows each match from there, backwards and forwards: the cost
follows the number of date words in the text rather than its length.

It reads the subset of spaCy's token-pattern language that the lexicons use (``LOWER`` as a string,
``{"IN": [...]}`` or ``{"REGEX": ...}``, ``LIKE_NUM``, ``SHAPE`` and the operator ``"?"``) and rejects
anything else, so a lexicon edit cannot silently change what matches. The matches are those spaCy's
``Matcher`` returns: for a pattern whose element ``r`` (the anchor) matches token ``j``, the elements
before ``r`` read backwards from ``j`` and the elements after it read forwards independently, so every
pair of a reachable start and a reachable end is one match.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from spacy.attrs import LOWER, SHAPE
from spacy.strings import get_string_id
from spacy.tokens import Doc


class TokenTable:
    """The token hashes patterns test, read from a doc once (as the Matcher compares them): the lower-case
    form of every token, its shape when first asked for; LIKE_NUM is read per token, only where a pattern
    asks."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.lowers: list[int] = doc.to_array(LOWER).tolist() if len(doc) else []

    def __len__(self) -> int:
        return len(self.lowers)

    @cached_property
    def shapes(self) -> list[int]:
        return self.doc.to_array(SHAPE).tolist() if len(self.doc) else []

    def like_num(self, i: int) -> bool:
        return self.doc[i].like_num


@dataclass(frozen=True)
class _Element:
    """One token of a pattern: every test given must hold."""

    lowers: frozenset[int] | None
    regex: re.Pattern[str] | None
    shape: int | None
    like_num: bool | None
    optional: bool

    @classmethod
    def parse(cls, spec: dict[str, Any]) -> "_Element":
        unknown = set(spec) - {"LOWER", "SHAPE", "LIKE_NUM", "OP"}
        if unknown:
            raise ValueError(f"token pattern: unsupported keys {sorted(unknown)}")
        op = spec.get("OP")
        if op not in (None, "?"):
            raise ValueError(f"token pattern: unsupported operator {op!r}")
        lowers: frozenset[int] | None = None
        regex: re.Pattern[str] | None = None
        lower = spec.get("LOWER")
        if isinstance(lower, str):
            lowers = frozenset({get_string_id(lower)})
        elif isinstance(lower, dict) and set(lower) == {"IN"}:
            lowers = frozenset(get_string_id(w) for w in lower["IN"])
        elif isinstance(lower, dict) and set(lower) == {"REGEX"}:
            regex = re.compile(lower["REGEX"])
        elif lower is not None:
            raise ValueError(f"token pattern: unsupported LOWER value {lower!r}")
        shape = spec.get("SHAPE")
        if shape is not None and not isinstance(shape, str):
            raise ValueError(f"token pattern: unsupported SHAPE value {shape!r}")
        like_num = spec.get("LIKE_NUM")
        if like_num is not None and not isinstance(like_num, bool):
            raise ValueError(f"token pattern: unsupported LIKE_NUM value {like_num!r}")
        if lowers is None and regex is None and shape is None and like_num is None:
            raise ValueError("token pattern: an element must test LOWER, SHAPE or LIKE_NUM")
        return cls(lowers, regex, None if shape is None else get_string_id(shape), like_num, op == "?")

    def test(self, table: TokenTable, i: int) -> bool:
        if self.lowers is not None and table.lowers[i] not in self.lowers:
            return False
        if self.shape is not None and table.shapes[i] != self.shape:
            return False
        if self.like_num is not None and table.like_num(i) != self.like_num:
            return False
        if self.regex is not None and not self.regex.search(table.doc.vocab.strings[table.lowers[i]]):
            return False
        return True


@dataclass(frozen=True)
class _Pattern:
    key: str
    elements: tuple[_Element, ...]
    anchor: int  # index of the required element matching starts from

    def matches_at(self, table: TokenTable, j: int, low: int, high: int) -> list[tuple[int, int]]:
        """Every (start, end) of this pattern within ``[low, high)`` whose anchor element is token ``j``."""
        if not self.elements[self.anchor].test(table, j):
            return []
        ends = {j + 1}
        for element in self.elements[self.anchor + 1:]:
            reached = {p + 1 for p in ends if p < high and element.test(table, p)}
            ends = reached | ends if element.optional else reached
            if not ends:
                return []
        starts = {j}
        for element in reversed(self.elements[:self.anchor]):
            reached = {p - 1 for p in starts if p > low and element.test(table, p - 1)}
            starts = reached | starts if element.optional else reached
            if not starts:
                return []
        return [(start, end) for start in starts for end in ends]


class AnchoredMatcher:
    """Finds token patterns by looking up one rare required token of each, then growing the match.

    ``rare_words`` and ``rare_shapes`` say which tokens are rare enough to start from: a pattern starts
    from its first required element whose words (or shape) are all rare, else from its first required
    element that lists words, else from its first required element (tested at every token).
    """

    def __init__(self, rare_words: Iterable[str] = (), rare_shapes: Iterable[str] = ()) -> None:
        self.rare_words = frozenset(get_string_id(w) for w in rare_words)
        self.rare_shapes = frozenset(get_string_id(s) for s in rare_shapes)
        self.patterns: list[_Pattern] = []
        self._key_order: dict[str, int] = {}  # patterns added under one key give one match per span
        self._by_lower: dict[int, list[int]] = {}
        self._by_shape: dict[int, list[int]] = {}
        self._everywhere: list[int] = []

    def __len__(self) -> int:
        return len(self.patterns)

    def add(self, key: str, pattern: list[dict[str, Any]]) -> None:
        elements = tuple(_Element.parse(spec) for spec in pattern)
        anchor = self._choose_anchor(elements)
        index = len(self.patterns)
        self.patterns.append(_Pattern(key, elements, anchor))
        self._key_order.setdefault(key, len(self._key_order))
        element = elements[anchor]
        if element.lowers is not None:
            for word in element.lowers:
                self._by_lower.setdefault(word, []).append(index)
        elif element.shape is not None:
            self._by_shape.setdefault(element.shape, []).append(index)
        else:
            self._everywhere.append(index)

    def _choose_anchor(self, elements: Sequence[_Element]) -> int:
        required = [i for i, e in enumerate(elements) if not e.optional]
        if not required:
            raise ValueError("token pattern: at least one element must be required")
        for i in required:
            element = elements[i]
            if element.lowers is not None and element.lowers <= self.rare_words:
                return i
            if element.lowers is None and element.shape is not None and element.shape in self.rare_shapes:
                return i
        for i in required:
            if elements[i].lowers is not None:
                return i
        for i in required:
            if elements[i].shape is not None:
                return i
        return required[0]

    def __call__(self, table: TokenTable, regions: Sequence[tuple[int, int]] | None = None) -> list[tuple[str, int, int]]:
        """(key, start, end) of every match lying inside one of ``regions`` (sorted, disjoint ``(start,
        end)`` token ranges; the whole doc when None), sorted by start, end and the order keys were added."""
        if regions is None:
            regions = [(0, len(table))]
        if not regions:
            return []
        region_starts = [start for start, _ in regions]
        found: set[tuple[int, int, int]] = set()  # (start, end, key order)
        for j, indices in self._anchored(table):
            n = bisect_right(region_starts, j) - 1
            if n < 0 or j >= regions[n][1]:
                continue
            low, high = regions[n]
            for index in indices:
                pattern = self.patterns[index]
                order = self._key_order[pattern.key]
                for start, end in pattern.matches_at(table, j, low, high):
                    found.add((start, end, order))
        keys = list(self._key_order)
        return [(keys[order], start, end) for start, end, order in sorted(found)]

    def _anchored(self, table: TokenTable) -> list[tuple[int, list[int]]]:
        """(token, patterns anchored there) for every token that may be a pattern's anchor, in text order."""
        if self._everywhere:
            return [(j, self._anchors_at(table, j)) for j in range(len(table))]
        by_lower, by_shape = self._by_lower, self._by_shape
        hits = [j for j, lower in enumerate(table.lowers) if lower in by_lower]
        if by_shape:
            hits = sorted(set(hits).union(j for j, shape in enumerate(table.shapes) if shape in by_shape))
        return [(j, self._anchors_at(table, j)) for j in hits]

    def _anchors_at(self, table: TokenTable, j: int) -> list[int]:
        by_shape = self._by_shape.get(table.shapes[j], []) if self._by_shape else []
        return self._by_lower.get(table.lowers[j], []) + by_shape + self._everywhere
