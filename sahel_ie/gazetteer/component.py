"""``sahel_gazetteer``: the pipeline component that says which GeoNames gazetteers a document uses.

It only writes the choice on the document (``doc._.sahel_gazetteers``, a tuple of country codes or index
paths, or ``("installed",)``); the place finders open the indexes lazily through
:func:`sahel_ie.gazetteer.open_indexes`. Keeping the choice on the document, not the index itself, keeps
documents picklable for multi-process runs.
"""

from __future__ import annotations

from typing import Sequence

from spacy.language import Language
from spacy.tokens import Doc

EXTENSION = "sahel_gazetteers"
if not Doc.has_extension(EXTENSION):
    Doc.set_extension(EXTENSION, default=None)


def selection_of(value: str | Sequence[str] | bool | None) -> tuple[str, ...]:
    """Config value -> the tuple stored on documents: "installed" (default), "none", or codes/paths."""
    if value is None or value is True or value in ("installed", "auto", "all"):
        return ("installed",)
    if value is False or value in ("none", ""):
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    return tuple(str(v) for v in value)


class GazetteerChoice:
    def __init__(self, gazetteers: tuple[str, ...]) -> None:
        self.gazetteers = gazetteers

    def __call__(self, doc: Doc) -> Doc:
        doc._.set(EXTENSION, self.gazetteers)
        return doc


@Language.factory("sahel_gazetteer", default_config={"gazetteers": "installed"}, assigns=["doc._.sahel_gazetteers"])
def make_gazetteer_choice(nlp: Language, name: str, gazetteers) -> GazetteerChoice:
    """``gazetteers``: "installed" (every installed GeoNames index), "none", or a list of country codes."""
    return GazetteerChoice(selection_of(gazetteers))


def selection_for(doc: Doc) -> object:
    """What :func:`sahel_ie.gazetteer.open_indexes` should open for ``doc`` (installed ones by default)."""
    value = doc._.get(EXTENSION) if Doc.has_extension(EXTENSION) else None
    if value is None or value == ("installed",):
        return None
    return list(value)
