"""One document's parse and entity tags read into Python lists, for the attack finders' walks.

spaCy builds a new ``Token`` object on every ``doc[i]``, ``token.head``, ``token.children``,
``token.subtree`` and ``span.root``, and a new string on every ``token.dep_``, ``doc.text`` and
``span.text``. The attack finders walk the same few arcs around each trigger many times over, so building
those objects was most of their cost. ``ParseTable`` reads the heads, dependency labels, lower-case
forms, tags, parts of speech and entity tags of the whole document as arrays once, so that the walks go
from token index to token index and compare string-store hashes (``get_string_id``) instead of strings;
it builds every ``Token`` once (``list(doc)``, the cheap way) for the callers that need one. Its answers
are spaCy's, in spaCy's order; it lives for one component call on a document that the call does not
change.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable

import numpy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LOWER, POS, SENT_START, TAG
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from sahel_ie.extensions import TEXT_KEY, doc_cache, document_text  # noqa: F401  (re-exported)

IOB_INSIDE = 1  # spaCy's ENT_IOB codes: "I" and "B"
IOB_BEGIN = 3
CONJ = get_string_id("conj")


def ids(words: Iterable[str]) -> frozenset[int]:
    """The string-store hashes of ``words``, for comparing with the table's arrays."""
    return frozenset(get_string_id(word) for word in words)




def span_text(span: Span) -> str:
    """``span.text`` sliced from the cached document text instead of joined from its tokens."""
    if not len(span):
        return ""
    return document_text(span.doc)[span.start_char:span.end_char]


class ParseTable:
    """Heads, labels, children, subtrees, ancestors and entities of one Doc, by token index.

    ``heads[i]`` is the index of token i's head (i itself for a root); ``deps``, ``lowers`` and ``tags``
    hold the hashes of ``dep_``, ``lower_`` and ``tag_``, ``poses`` the part-of-speech symbol ids
    (``spacy.symbols``), ``ent_type`` the entity label hash (0 outside entities).
    """

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.tokens: list[Token] = list(doc)
        n = len(self.tokens)
        self.heads: list[int] = []
        self.deps: list[int] = []
        self.lowers: list[int] = []
        self.tags: list[int] = []
        self.poses: list[int] = []
        self.ent_iob: list[int] = []
        self.ent_type: list[int] = []
        empty = numpy.zeros(0, dtype=numpy.uint64)
        self._lower_array, self._iob_array, self._type_array = empty, empty, empty
        # children: token indices ordered by head, then by position; a head's children are one slice
        self._child_order: list[int] = []
        self._child_offsets: list[int] = [0]
        if n:
            columns = doc.to_array([HEAD, DEP, LOWER, TAG, POS, ENT_IOB, ENT_TYPE]).T
            self._lower_array, self._iob_array, self._type_array = columns[2], columns[5], columns[6]
            # HEAD is an offset stored as an unsigned 64-bit value: reinterpret, then make it absolute
            heads = columns[0].astype(numpy.int64) + numpy.arange(n)
            self.heads = heads.tolist()
            self.deps, self.lowers, self.tags, self.poses, self.ent_iob, self.ent_type = columns[1:].tolist()
            child = heads != numpy.arange(n)  # a root is not its own child
            self._child_order = numpy.argsort(numpy.where(child, heads, n), kind="stable").tolist()
            self._child_offsets = [0, *numpy.cumsum(numpy.bincount(heads[child], minlength=n)).tolist()]
        self._lemmas: list[str | None] = [None] * n
        self._kids: dict[int, list[int]] = {}
        self._conjuncts: dict[int, list[int]] = {}
        self._subtrees: dict[int, list[int]] = {}
        self._entities: dict[int, Span | None] = {}
        self._roots: dict[tuple[int, int], Token] = {}
        self._text: str | None = None
        self._ents: tuple[Span, ...] | None = None
        self._ent_starts: list[int] | None = None
        self._positions: dict[frozenset[str], list[int]] = {}

    def __len__(self) -> int:
        return len(self.tokens)

    # ------------------------------------------------------------ text
    @property
    def text(self) -> str:
        """``doc.text``, built once from the tokens (spaCy joins every token's text on each access)."""
        if self._text is None:
            self._text = document_text(self.doc)
        return self._text

    def span_text(self, span: Span) -> str:
        """``span.text``: the slice of the document's text between the span's character offsets."""
        return self.text[span.start_char:span.end_char]

    def lemma(self, i: int) -> str:
        """Token i's lemma in lower case (``token.lemma_.lower()``), read when first asked for."""
        found = self._lemmas[i]
        if found is None:
            found = self._lemmas[i] = self.tokens[i].lemma_.lower()
        return found

    def positions_of(self, words: frozenset[str]) -> list[int]:
        """The indices of the tokens whose lower-case form is one of ``words``, in text order."""
        found = self._positions.get(words)
        if found is None:
            mask = numpy.zeros(len(self._lower_array), dtype=bool)
            for word in words:
                mask |= self._lower_array == numpy.uint64(get_string_id(word))
            found = self._positions[words] = numpy.flatnonzero(mask).tolist()
        return found

    def sentence_starts(self) -> list[int]:
        """The first token of each of ``doc.sents``, read from the sentence-start tags (``doc.sents``
        builds a Span per sentence)."""
        doc = self.doc
        if "sents" in doc.user_hooks or not len(self.tokens) or not doc.has_annotation("SENT_START"):
            return [sent.start for sent in doc.sents]  # spaCy's own answer (or error)
        starts = doc.to_array(SENT_START)[1:] == 1
        return [0, *(numpy.flatnonzero(starts) + 1).tolist()]

    # ------------------------------------------------------------ tree, by index
    def kids(self, i: int) -> list[int]:
        """``token.children`` as indices, in text order. Do not modify the list."""
        found = self._kids.get(i)
        if found is None:
            found = self._kids[i] = self._child_order[self._child_offsets[i]:self._child_offsets[i + 1]]
        return found

    def span(self, start: int, end: int) -> Span:
        """``doc[start:end]`` for 0 <= start <= end <= len(doc), without spaCy's slice normalising."""
        return Span(self.doc, start, end)

    def subtree_of(self, i: int) -> list[int]:
        """``token.subtree`` as indices: left children's subtrees, i, right children's subtrees. Do not
        modify the list."""
        found = self._subtrees.get(i)
        if found is None:
            found = []
            placed = False
            for child in self.kids(i):
                if not placed and child > i:
                    found.append(i)
                    placed = True
                found.extend(self.subtree_of(child))
            if not placed:
                found.append(i)
            self._subtrees[i] = found
        return found

    def ancestors_of(self, i: int) -> list[int]:
        """``token.ancestors`` as indices: the heads up to the sentence root, nearest first."""
        out = []
        heads = self.heads
        for _ in range(len(heads)):
            head = heads[i]
            if head == i:
                break
            out.append(head)
            i = head
        return out

    def covered(self, i: int, tops: set[int] | frozenset[int]) -> bool:
        """Whether token i is in the subtree of any of the tokens ``tops``."""
        heads = self.heads
        for _ in range(len(heads)):
            if i in tops:
                return True
            if heads[i] == i:
                return False
            i = heads[i]
        return False

    def dominates(self, top: int, i: int) -> bool:
        """Whether token i is in the subtree of token ``top`` (``top`` is i or one of its ancestors)."""
        return self.covered(i, {top})

    def conjuncts_of(self, i: int) -> list[int]:
        """``token.conjuncts`` as indices: the coordination i is in, found from its first conjunct.
        Remembered per token (the argument finders ask for the same few); do not modify the list."""
        found = self._conjuncts.get(i)
        if found is None:
            found = self._conjuncts[i] = self._conjuncts_uncached(i)
        return found

    def _conjuncts_uncached(self, i: int) -> list[int]:
        heads, deps = self.heads, self.deps
        start = i
        while start != heads[start] and deps[start] == CONJ:
            start = heads[start]
        queue = [start]
        output = [start]
        for word in queue:
            for child in self.kids(word):
                if child > word and deps[child] == CONJ:
                    output.append(child)
                    queue.append(child)
        return [w for w in output if w != i]

    # ------------------------------------------------------------ tree, by Token
    def head(self, token: Token) -> Token:
        return self.tokens[self.heads[token.i]]

    def children(self, token: Token) -> list[Token]:
        """``token.children``, in text order."""
        tokens = self.tokens
        return [tokens[j] for j in self.kids(token.i)]

    def root(self, span: Span) -> Token:
        """``span.root``, remembered per (start, end)."""
        key = (span.start, span.end)
        found = self._roots.get(key)
        if found is None:
            found = self._roots[key] = span.root
        return found

    # ------------------------------------------------------------ entities
    @property
    def ents(self) -> tuple[Span, ...]:
        """``doc.ents``, built once."""
        if self._ents is None:
            self._ents = self.doc.ents
        return self._ents

    def ents_within(self, span: Span) -> list[Span]:
        """``span.ents``: the entities wholly inside the span (spaCy builds ``doc.ents`` for each)."""
        ents = self.ents
        if self._ent_starts is None:
            self._ent_starts = [ent.start for ent in ents]
        found = []
        for ent in ents[bisect_left(self._ent_starts, span.start):]:
            if ent.end <= span.end:
                found.append(ent)
            else:
                break
        return found

    def entity_starts(self, label: str) -> list[int]:
        """The first token of every entity with this label (as ``doc.ents`` reads the IOB tags)."""
        starts = (self._iob_array == IOB_BEGIN) & (self._type_array == numpy.uint64(get_string_id(label)))
        return numpy.flatnonzero(starts).tolist()

    def entity(self, i: int) -> Span | None:
        """The entity covering token i, read from the IOB tags as spaCy's token attributes give them; its
        label is ``ent_type[i]``."""
        if i in self._entities:
            return self._entities[i]
        found = None
        if self.ent_type[i]:
            iob = self.ent_iob
            start = i
            while start > 0 and iob[start] == IOB_INSIDE:
                start -= 1
            end = i + 1
            while end < len(iob) and iob[end] == IOB_INSIDE:
                end += 1
            token = self.tokens[i]
            found = Span(self.doc, start, end, label=token.ent_type, kb_id=token.ent_kb_id, span_id=token.ent_id)
        self._entities[i] = found
        return found
