"""The knowledge-base entity ruler: armed groups, state and foreign forces, generic attackers and places.

Runs right after the statistical ``ner`` and wins over it. The small English model tags "Mali" as a person,
"Jama'at Nusrat al-Islam Wal-Muslimin" as a person and misses AQIM and Timbuktu; matches from the
curated knowledge base are both more precise and already resolved, so every span carries its KB id in
``ent_id_`` (actor id or place id). Patterns are generated from ``models/actors.json``,
``models/generic_actors.json`` and ``models/places.json`` when the component is built, so editing the
reviewed data files is the one way to change what is recognised.

Why after ``ner`` rather than before it: preset entity labels that ``ner`` has never seen make spaCy add
untrained moves for them to ``ner`` at run time. That grew its output layer (74 to 114 moves on news
text), cost every later document about 28 % more ``ner`` time, and made what ``ner`` predicts depend on
which labels it had met earlier in the process. Placed after ``ner``, the ruler drops every statistical
entity that overlaps a knowledge-base match and keeps the others: KB spans still win, measured identical
on 342 documents, and ``ner`` stays the model that was trained.
"""

from __future__ import annotations

from typing import Callable, Iterable

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from sahel_ie import extensions  # noqa: F401  (registers Doc/Span extensions)
from sahel_ie.resources import in_document_language

ACTOR_LABELS = ("ARMED_GROUP", "MILITIA", "STATE_FORCE", "FOREIGN_FORCE", "INTL_MISSION", "GOV_BODY")
GENERIC_LABEL = "UNKNOWN_ACTOR"
PLACE_LABELS = ("COUNTRY", "REGION", "PLACE", "FEATURE")

# Match key of the words of the token patterns that check more than words ("Say", not at a sentence
# start): the ORTH phrase matcher finds them, and the token Matcher runs only on documents that have them.
_TOKEN_PATTERN_WORDS = "sahel_entity_ruler:token_pattern_words"

Match = tuple[int, int, int]  # (start, end, match key)


def _exact_words(pattern: list[dict]) -> list[str] | None:
    """The words a token pattern requires, one exact ``TEXT``/``ORTH`` string per token, else None."""
    words = []
    for token in pattern:
        spec = {attr.upper(): value for attr, value in token.items()}
        word = spec.get("TEXT", spec.get("ORTH"))
        if not isinstance(word, str) or "OP" in spec:
            return None
        words.append(word)
    return words


def _is_plain(pattern: list[dict]) -> bool:
    """Whether a token pattern constrains nothing but each token's exact text (a phrase on ``ORTH``)."""
    return _exact_words(pattern) is not None and all(len(token) == 1 for token in pattern)


class KbMatcher:
    """Find the knowledge-base spans in a document and merge them into ``doc.ents``.

    Behaves like spaCy's ``SpanRuler`` with phrase patterns on ``LOWER``, ``overwrite=False`` and an
    ents filter where KB spans beat overlapping entities and, among KB spans, the longest wins (ties as
    ``filter_spans`` breaks them, which follows ``Span`` order: label, then id). It is faster because a
    token ``Matcher`` costs about tokens x patterns: the case-sensitive token patterns that are plain
    words ("JNIM", "EUTM Mali") go to a second ``PhraseMatcher`` on ``ORTH``, the few others to a
    ``Matcher`` that runs only when their words occur, and the filter works on tuples, not ``Span``s.
    """

    def __init__(self, vocab: Vocab, make_doc: Callable[[str], Doc], patterns: Iterable[dict]) -> None:
        self._lower = PhraseMatcher(vocab, attr="LOWER")
        self._orth = PhraseMatcher(vocab, attr="ORTH")
        self._tokens = Matcher(vocab)
        self._words_key = vocab.strings.add(_TOKEN_PATTERN_WORDS)
        self._always_run_tokens = False
        # match key -> (label, span id) as string hashes: what the Span gets, and its sort order
        self._targets: dict[int, tuple[int, int]] = {}
        lower: dict[str, list[Doc]] = {}
        orth: dict[str, list[Doc]] = {}
        token_pattern_words: list[Doc] = []
        for entry in patterns:
            label, span_id = entry["label"], entry.get("id", "")
            key = repr((label, span_id))  # the key SpanRuler gives a (label, id) pair
            self._targets[vocab.strings.add(key)] = (vocab.strings.add(label), vocab.strings.add(span_id))
            pattern = entry["pattern"]
            if isinstance(pattern, str):
                lower.setdefault(key, []).append(make_doc(pattern))
            elif _is_plain(pattern):
                orth.setdefault(key, []).append(Doc(vocab, words=_exact_words(pattern)))
            else:
                self._tokens.add(key, [pattern])
                words = _exact_words(pattern)
                if words is None:
                    self._always_run_tokens = True  # its words alone cannot tell where it may match
                else:
                    token_pattern_words.append(Doc(vocab, words=words))
        if token_pattern_words and not self._always_run_tokens:
            orth[_TOKEN_PATTERN_WORDS] = token_pattern_words
        for key, docs in lower.items():
            self._lower.add(key, docs)
        for key, docs in orth.items():
            self._orth.add(key, docs)

    def matches(self, doc: Doc) -> set[Match]:
        """Every KB match in ``doc``, once per (start, end, label, id), as ``SpanRuler`` deduplicates."""
        found: set[Match] = set()
        run_tokens = self._always_run_tokens
        if len(self._lower):
            found.update((start, end, key) for key, start, end in self._lower(doc))
        if len(self._orth):
            for key, start, end in self._orth(doc):
                if key == self._words_key:
                    run_tokens = True
                else:
                    found.add((start, end, key))
        if run_tokens:
            found.update((start, end, key) for key, start, end in self._tokens(doc))
        return {match for match in found if match[0] != match[1]}

    def longest(self, matches: Iterable[Match]) -> list[Match]:
        """``filter_spans`` on match tuples: longest first, then leftmost, then ``Span`` order (label, id)."""
        targets = self._targets
        ordered = sorted(matches, key=lambda m: (m[0] - m[1], m[0], *targets[m[2]]))
        kept: list[Match] = []
        seen: set[int] = set()
        for match in ordered:
            start, end, _ = match
            if start not in seen and end - 1 not in seen:
                kept.append(match)
                seen.update(range(start, end))
        return kept

    def __call__(self, doc: Doc) -> Doc:
        """Set the longest KB matches as entities, with the entities already there that none overlaps."""
        kept = self.longest(self.matches(doc))
        taken = bytearray(len(doc))
        spans: list[Span] = []
        for start, end, key in kept:
            label, span_id = self._targets[key]
            spans.append(Span(doc, start, end, label=label, span_id=span_id))
            taken[start:end] = b"\x01" * (end - start)
        spans.extend(ent for ent in doc.ents if not any(taken[ent.start:ent.end]))
        # Every entity is set again, as SpanRuler did (``doc.ents = ...``): tokens outside them become "O".
        doc.set_ents(spans, default="outside")
        return doc


class SahelEntityRuler:
    """The knowledge-base patterns, matched by a ``KbMatcher`` that writes ``doc.ents`` with KB ids."""

    def __init__(
        self,
        nlp: Language,
        name: str,
        *,
        include_actors: bool,
        include_generic: bool,
        include_places: bool,
    ) -> None:
        self.name = name
        self.include_actors = include_actors
        self.include_generic = include_generic
        self.include_places = include_places
        self._patterns = list(self._generate_patterns())
        # Phrase patterns on LOWER need only the tokenizer, not the whole pipeline.
        self._matcher = KbMatcher(nlp.vocab, nlp.make_doc, self._patterns)

    def _generate_patterns(self) -> Iterable[dict]:
        if self.include_actors or self.include_generic:
            from sahel_ie.kb.actors import default_kb

            for pattern in default_kb().ruler_patterns():
                is_generic = pattern["label"] == GENERIC_LABEL
                if (is_generic and self.include_generic) or (not is_generic and self.include_actors):
                    yield pattern
        if self.include_places:
            from sahel_ie.kb.places import default_gazetteer

            yield from default_gazetteer().ruler_patterns()

    @property
    def patterns(self) -> list[dict]:
        """The generated patterns, for inspection and tests."""
        return self._patterns

    @in_document_language
    def __call__(self, doc: Doc) -> Doc:
        return self._matcher(doc)

    # The patterns are regenerated from the shipped knowledge base, so there is nothing to serialise.
    def to_disk(self, path, *, exclude=tuple()) -> None:  # noqa: D102
        return None

    def from_disk(self, path, *, exclude=tuple()) -> "SahelEntityRuler":  # noqa: D102
        return self

    def to_bytes(self, *, exclude=tuple()) -> bytes:  # noqa: D102
        return b""

    def from_bytes(self, data: bytes, *, exclude=tuple()) -> "SahelEntityRuler":  # noqa: D102
        return self


@Language.factory(
    "sahel_entity_ruler",
    default_config={"include_actors": True, "include_generic": True, "include_places": True,
                    "extra_actors": None, "extra_places": None},
    requires=[],
    assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
)
def make_sahel_entity_ruler(
    nlp: Language, name: str, include_actors: bool, include_generic: bool, include_places: bool,
    extra_actors: str | None = None, extra_places: str | None = None,
) -> SahelEntityRuler:
    """Build the ruler; place it after ``ner`` so knowledge-base spans replace overlapping statistical ones.

    ``extra_actors`` / ``extra_places``: JSON files of the user's own actors and places (the format of
    ``models/actors.json`` / ``models/places.json``), added to the knowledge base before the patterns are
    built (see ``sahel_ie.kb.extras``)."""
    if extra_actors or extra_places:
        from sahel_ie.kb.extras import set_extras

        set_extras(actors=extra_actors or None, places=extra_places or None)
    if nlp.lang == "en":
        from sahel_ie.kb.actors import lend_english_tokenizer

        lend_english_tokenizer(nlp.tokenizer)
    return SahelEntityRuler(
        nlp, name, include_actors=include_actors, include_generic=include_generic, include_places=include_places
    )
