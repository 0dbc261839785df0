"""One document's parse and entity tags read into Python lists, for the attack finders' walks.

spaCy builds a new ``Token`` object on every ``doc[i]``, ``token.head``, ``token.children``,
``token.subtree`` and ``span.root``, and a new string on every ``doc.text`` and ``span.text``. The attack
finders walk the same few arcs around each trigger many times over, so building those objects was most
of their cost. ``ParseTable`` builds every token once (``list(doc)``, the cheap way), reads the heads and
entity tags as arrays, and answers the walks from lists. Its answers are spaCy's, in spaCy's order; it
lives for one component call on a document that the call does not change.
"""

from __future__ import annotations

import numpy
from spacy.attrs import ENT_IOB, ENT_TYPE, HEAD, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

IOB_INSIDE = 1  # spaCy's ENT_IOB codes: "I" and "B"
IOB_BEGIN = 3


class ParseTable:
    """Tokens, heads, children, subtrees, ancestors and entities of one Doc, by token index."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.tokens: list[Token] = list(doc)
        n = len(self.tokens)
        self.heads: list[int] = []
        self.ent_iob: list[int] = []
        self.ent_type: list[int] = []
        # children: token indices ordered by head, then by position; a head's children are one slice
        self._child_order: list[int] = []
        self._child_offsets: list[int] = [0]
        if n:
            array = doc.to_array([HEAD, ENT_IOB, ENT_TYPE])
            # HEAD is an offset stored as an unsigned 64-bit value: reinterpret, then make it absolute
            heads = array[:, 0].astype(numpy.int64) + numpy.arange(n)
            self.heads = heads.tolist()
            self.ent_iob = array[:, 1].tolist()
            self.ent_type = array[:, 2].tolist()
            child = heads != numpy.arange(n)  # a root is not its own child
            self._child_order = numpy.argsort(numpy.where(child, heads, n), kind="stable").tolist()
            counts = numpy.bincount(heads[child], minlength=n)
            self._child_offsets = [0, *numpy.cumsum(counts).tolist()]
        self._children: dict[int, list[Token]] = {}
        self._subtrees: dict[int, list[Token]] = {}
        self._subtree_sets: dict[int, frozenset[int]] = {}
        self._entities: dict[int, Span | None] = {}
        self._roots: dict[tuple[int, int], Token] = {}
        self._text: str | None = None
        self._ents: tuple[Span, ...] | None = None
        self._lowers: numpy.ndarray | None = None
        self._positions: dict[frozenset[str], list[int]] = {}

    def __len__(self) -> int:
        return len(self.tokens)

    # ------------------------------------------------------------ text
    @property
    def text(self) -> str:
        """``doc.text``, built once (spaCy joins every token's text on each access)."""
        if self._text is None:
            self._text = "".join([token.text_with_ws for token in self.tokens])
        return self._text

    def span_text(self, span: Span) -> str:
        """``span.text``: the slice of the document's text between the span's character offsets."""
        return self.text[span.start_char:span.end_char]

    # ------------------------------------------------------------ tree
    def head(self, token: Token) -> Token:
        return self.tokens[self.heads[token.i]]

    def children(self, token: Token) -> list[Token]:
        """``token.children``: the tokens whose head it is, in text order. Do not modify the list."""
        i = token.i
        found = self._children.get(i)
        if found is None:
            tokens = self.tokens
            found = self._children[i] = [tokens[j] for j in
                                         self._child_order[self._child_offsets[i]:self._child_offsets[i + 1]]]
        return found

    def lefts(self, token: Token) -> list[Token]:
        i = token.i
        return [c for c in self.children(token) if c.i < i]

    def rights(self, token: Token) -> list[Token]:
        i = token.i
        return [c for c in self.children(token) if c.i > i]

    def subtree(self, token: Token) -> list[Token]:
        """``token.subtree``: left children's subtrees, the token, right children's subtrees."""
        found = self._subtrees.get(token.i)
        if found is None:
            found = []
            i = token.i
            placed = False
            for child in self.children(token):
                if not placed and child.i > i:
                    found.append(token)
                    placed = True
                found.extend(self.subtree(child))
            if not placed:
                found.append(token)
            self._subtrees[i] = found
        return found

    def subtree_ids(self, token: Token) -> frozenset[int]:
        """The token indices of ``token.subtree``."""
        found = self._subtree_sets.get(token.i)
        if found is None:
            found = self._subtree_sets[token.i] = frozenset(t.i for t in self.subtree(token))
        return found

    def ancestors(self, token: Token) -> list[Token]:
        """``token.ancestors``: the heads up to the sentence root, nearest first."""
        out = []
        heads = self.heads
        i = token.i
        for _ in range(len(heads)):
            head = heads[i]
            if head == i:
                break
            out.append(self.tokens[head])
            i = head
        return out

    def conjuncts(self, token: Token) -> tuple[Token, ...]:
        """``token.conjuncts``: the coordination the token is in, found from its first conjunct."""
        start = token
        while start.i != self.heads[start.i]:
            if start.dep_ == "conj":
                start = self.tokens[self.heads[start.i]]
            else:
                break
        queue = [start]
        output = [start]
        for word in queue:
            for child in self.rights(word):
                if child.dep_ == "conj":
                    output.append(child)
                    queue.append(child)
        return tuple(w for w in output if w.i != token.i)

    def root(self, span: Span) -> Token:
        """``span.root``, remembered per (start, end)."""
        key = (span.start, span.end)
        found = self._roots.get(key)
        if found is None:
            found = self._roots[key] = span.root
        return found

    def dominates(self, top: int, i: int) -> bool:
        """Whether token ``i`` is in the subtree of token ``top`` (``top`` is ``i`` or one of its ancestors)."""
        return self.covered(i, {top})

    def covered(self, i: int, tops: set[int] | frozenset[int]) -> bool:
        """Whether token ``i`` is in the subtree of any of the tokens ``tops``."""
        heads = self.heads
        for _ in range(len(heads)):
            if i in tops:
                return True
            if heads[i] == i:
                return False
            i = heads[i]
        return False

    def positions_of(self, words: frozenset[str]) -> list[int]:
        """The indices of the tokens whose lower-case form is one of ``words``, in text order."""
        found = self._positions.get(words)
        if found is None:
            if self._lowers is None:
                self._lowers = self.doc.to_array(LOWER) if len(self.tokens) else numpy.zeros(0, dtype=numpy.uint64)
            mask = numpy.zeros(len(self._lowers), dtype=bool)
            for word in words:
                mask |= self._lowers == get_string_id(word)
            found = self._positions[words] = numpy.flatnonzero(mask).tolist()
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
        found = []
        for ent in self.ents:
            if ent.start >= span.start:
                if ent.end <= span.end:
                    found.append(ent)
                else:
                    break
        return found

    def entity_starts(self, label: str) -> list[int]:
        """The first token of every entity with this label (as ``doc.ents`` reads the IOB tags)."""
        label_id = get_string_id(label)
        return [i for i, (iob, ent_type) in enumerate(zip(self.ent_iob, self.ent_type))
                if iob == IOB_BEGIN and ent_type == label_id]

    def entity_at(self, token: Token) -> Span | None:
        """The entity covering ``token``, read from the IOB tags as spaCy's token attributes give them."""
        i = token.i
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
            found = Span(self.doc, start, end, label=token.ent_type, kb_id=token.ent_kb_id, span_id=token.ent_id)
        self._entities[i] = found
        return found
