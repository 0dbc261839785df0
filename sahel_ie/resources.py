"""Access to the reviewed data files under ``models/``.

The knowledge base ships inside the wheel as the package ``sahel_ie.models`` (``pyproject.toml`` maps the
repository's top-level ``models/`` folder onto it), so installed copies are read with
``importlib.resources``. When the code runs from a source checkout without installation, the same files
are found next to the package. Parsed JSON is cached: every component reads the same immutable data.
"""

from __future__ import annotations

import json
from functools import lru_cache
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


def read_lexicon(name: str, lang: str = DEFAULT_LEXICON_LANGUAGE) -> Any:
    """One language's lexicon (``models/lexicons/<lang>/<name>.json``), parsed once per process.

    Every language keeps its words in a folder of its own with the same file names and keys, so one rule
    reads any language's data: the components pass the language of the pipeline they belong to.
    """
    return read_json(f"lexicons/{lang}/{name}.json")


def has_resource(relative_path: str) -> bool:
    """Whether a data file exists below ``models/``."""
    try:
        node = models_root()
    except FileNotFoundError:
        return False
    for part in relative_path.split("/"):
        node = node.joinpath(part)
    return node.is_file()
