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

from typing import Iterable

from spacy.language import Language
from spacy.pipeline import SpanRuler
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from sahel_ie import extensions  # noqa: F401  (registers Doc/Span extensions)

ACTOR_LABELS = ("ARMED_GROUP", "MILITIA", "STATE_FORCE", "FOREIGN_FORCE", "INTL_MISSION", "GOV_BODY")
GENERIC_LABEL = "UNKNOWN_ACTOR"
PLACE_LABELS = ("COUNTRY", "REGION", "PLACE", "FEATURE")


def _keep_longest(existing: Iterable[Span], new: Iterable[Span]) -> list[Span]:
    """Knowledge-base spans beat whatever was there; among themselves the longest match wins."""
    new = list(new)
    kept = filter_spans(new)
    taken = {i for span in kept for i in range(span.start, span.end)}
    for span in existing:
        if not any(i in taken for i in range(span.start, span.end)):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


class SahelEntityRuler:
    """A ``SpanRuler`` fed from the knowledge base, writing ``doc.ents`` with KB ids."""

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
        self._ruler = SpanRuler(
            nlp,
            name=f"{name}_matcher",
            spans_key=None,
            annotate_ents=True,
            ents_filter=_keep_longest,
            phrase_matcher_attr="LOWER",
            overwrite=False,  # keep ner's entities the KB does not overlap (see _keep_longest)
        )
        # Phrase patterns on LOWER need only the tokenizer; without this, spaCy would run the whole
        # pipeline (tagger, parser...) over each of the ~3,000 patterns, tripling start-up time.
        with nlp.select_pipes(disable=nlp.pipe_names):
            self._ruler.add_patterns(list(self._patterns()))

    def _patterns(self) -> Iterable[dict]:
        if (self.include_actors or self.include_generic):
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
        return self._ruler.patterns

    def __call__(self, doc: Doc) -> Doc:
        return self._ruler(doc)

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
    default_config={"include_actors": True, "include_generic": True, "include_places": True},
    requires=[],
    assigns=["doc.ents", "token.ent_type", "token.ent_iob"],
)
def make_sahel_entity_ruler(
    nlp: Language, name: str, include_actors: bool, include_generic: bool, include_places: bool
) -> SahelEntityRuler:
    """Build the ruler; place it after ``ner`` so knowledge-base spans replace overlapping statistical ones."""
    return SahelEntityRuler(
        nlp, name, include_actors=include_actors, include_generic=include_generic, include_places=include_places
    )
