"""Clear errors for a pipeline assembled out of order.

spaCy runs whatever components it is given, so an extractor added without the components whose results
it reads would quietly find nothing. The factories that cannot work alone check the pipeline when they are
added, and their ``__call__`` checks the Doc, naming what is missing and how to build the pipeline.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

# factory -> the factories it reads, which must come before it
PREREQUISITES: dict[str, tuple[str, ...]] = {
    "sahel_attacks": ("sahel_attack_triggers",),
    "sahel_context": ("sahel_attack_triggers",),
}
HOW_TO = "build the pipeline with sahel_ie.load() or sahel_ie.add_sahel_components(nlp)"


class PipelineOrderError(ValueError):
    """A sahel component was added or run without the components it needs before it."""


def check_pipeline(nlp: Language, factory: str) -> None:
    """Raise when ``factory``'s prerequisites are not already in ``nlp`` (called when it is added)."""
    present = {nlp.get_pipe_meta(name).factory for name in nlp.component_names}
    missing = [p for p in PREREQUISITES.get(factory, ()) if p not in present]
    if missing:
        raise PipelineOrderError(
            f"{factory} needs {', '.join(missing)} earlier in the pipeline (it reads their results); "
            f"add them first, or {HOW_TO}. Pipeline now: {nlp.component_names}"
        )


def check_doc(doc: Doc, factory: str, extension: str, producer: str) -> None:
    """Raise when the Doc lacks ``doc._.<extension>`` (its producer did not run on this Doc)."""
    if getattr(doc._, extension) is None:
        raise PipelineOrderError(
            f"{factory}: doc._.{extension} is not set, so {producer} did not run on this Doc "
            f"(disabled, or placed after {factory}); {HOW_TO}"
        )


_warned_unpublished = False


def warn_unpublished_once(doc: Doc) -> None:
    """Log once per process that a Doc without ``doc._.published`` keeps its relative dates unresolved.

    ``nlp(text)`` is the natural first call, and its Docs carry no publication date: "on Friday" then has
    no anchor. Saying so once points to ``sahel_ie.make_doc(nlp, text, published=...)`` without flooding
    a batch's log.
    """
    global _warned_unpublished
    if _warned_unpublished or doc._.published is not None:
        return
    _warned_unpublished = True
    import logging

    logging.getLogger("sahel_ie").warning(
        "a Doc has no publication date (doc._.published), so relative dates such as 'on Friday' stay "
        "unresolved; make Docs with sahel_ie.make_doc(nlp, text, published='YYYY-MM-DD') or set "
        "doc._.published before the pipeline runs (said once per process)"
    )
