"""Access to the reviewed data files under ``models/``.

The knowledge base ships inside the wheel as the package ``sahel_ie.models`` (``pyproject.toml`` maps the
repository's top-level ``models/`` folder onto it), so installed copies are read with
``importlib.resources``. When the code runs from a source checkout without installation, the same files
are found next to the package. Parsed JSON is cached: every component reads the same immutable data.
"""

from __future__ import annotations

import json
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache, wraps
from importlib import resources
from pathlib import Path
from typing import Any


def _installed_root() -> Any | None:
    try:
        root = resources.files("sahel_ie.models")
    except ModuleNotFoundError:
        return None
    return root if root.joinpath("actors.json").is_file() else None


def models_root() -> Any:
    """The folder holding the knowledge base, as a ``Traversable``/``Path``."""
    root = _installed_root()
    if root is not None:
        return root
    source = Path(__file__).resolve().parent.parent / "models"
    if source.is_dir():
        return source
    raise FileNotFoundError(
        "sahel_ie's knowledge base (models/) was not found: reinstall the package with `pip install .`"
    )


def read_text(relative_path: str) -> str:
    """Read a data file below ``models/`` as UTF-8 text."""
    node = models_root()
    for part in relative_path.split("/"):
        node = node.joinpath(part)
    return node.read_text(encoding="utf-8")


@lru_cache(maxsize=None)
def read_json(relative_path: str) -> Any:
    """Parse a JSON data file below ``models/`` once per process."""
    return json.loads(read_text(relative_path))


DEFAULT_LEXICON_LANGUAGE = "en"
# Languages with a lexicon folder (models/lexicons/<lang>/); any other code reads the English data.
LEXICON_LANGUAGES: frozenset[str] = frozenset({"en", "fr"})

# The language of the document a sahel component is processing. Each component sets it from
# ``doc.lang_`` for the length of its call (``document_language``), so that the rule helpers deep in
# ``sahel_ie.parsing`` read the lexicon of the document's language without every call site threading it
# through; the caches below are keyed by it, so pipelines of several languages share one process.
_CURRENT_LANGUAGE: ContextVar[str] = ContextVar("sahel_ie_language", default=DEFAULT_LEXICON_LANGUAGE)


def lexicon_language(lang: str | None) -> str:
    """The lexicon folder for a language code: the code itself when it has one, else English."""
    if not lang:
        return _CURRENT_LANGUAGE.get()
    return lang if lang in LEXICON_LANGUAGES else DEFAULT_LEXICON_LANGUAGE


def current_language() -> str:
    """The lexicon language of the document being processed (English outside any component call)."""
    return _CURRENT_LANGUAGE.get()


@contextmanager
def document_language(lang: str | None):
    """Read lexicons in ``lang`` (a spaCy ``nlp.lang`` / ``doc.lang_``) inside the block."""
    token = _CURRENT_LANGUAGE.set(lexicon_language(lang) if lang else DEFAULT_LEXICON_LANGUAGE)
    try:
        yield
    finally:
        _CURRENT_LANGUAGE.reset(token)


def read_lexicon(name: str, lang: str | None = None) -> Any:
    """One language's lexicon (``models/lexicons/<lang>/<name>.json``), parsed once per process.

    Every language keeps its words in a folder of its own with the same file names and keys, so one rule
    reads any language's data: the components pass the language of the pipeline they belong to
    (``nlp.lang``); without ``lang``, the language of the document being processed (``document_language``).
    """
    return read_json(f"lexicons/{lexicon_language(lang)}/{name}.json")


def in_document_language(method):
    """Decorate a component's ``__call__(self, doc)``: the lexicons read during the call are those of
    ``doc.lang_`` (the language of the pipeline that made the Doc)."""

    @wraps(method)
    def wrapper(self, doc, *args, **kwargs):
        token = _CURRENT_LANGUAGE.set(lexicon_language(doc.lang_))
        try:
            return method(self, doc, *args, **kwargs)
        finally:
            _CURRENT_LANGUAGE.reset(token)

    return wrapper


def per_language(function):
    """Cache a lexicon-derived table once per language: ``function(*args)`` is computed with the current
    document language in force and remembered under (language, args). ``lang=`` overrides it."""
    cached = lru_cache(maxsize=None)(lambda lang, *args: _compute(function, lang, args))
    # most tables take no argument and are read at every token the rules look at: a plain dict by
    # language answers those without building a cache key
    by_language: dict[str, Any] = {}
    missing = object()

    @wraps(function)
    def wrapper(*args, lang: str | None = None):
        key = _CURRENT_LANGUAGE.get() if not lang else lexicon_language(lang)
        if args:
            return cached(key, *args)
        found = by_language.get(key, missing)
        if found is missing:
            found = by_language[key] = _compute(function, key, ())
        return found

    def cache_clear() -> None:
        cached.cache_clear()
        by_language.clear()

    wrapper.cache_clear = cache_clear  # type: ignore[attr-defined]
    return wrapper


def _compute(function, lang: str, args: tuple) -> Any:
    token = _CURRENT_LANGUAGE.set(lang)
    try:
        return function(*args)
    finally:
        _CURRENT_LANGUAGE.reset(token)


def has_resource(relative_path: str) -> bool:
    """Whether a data file exists below ``models/``."""
    try:
        node = models_root()
    except FileNotFoundError:
        return False
    for part in relative_path.split("/"):
        node = node.joinpath(part)
    return node.is_file()
