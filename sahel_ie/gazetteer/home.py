"""Where installed gazetteers live: ``$SAHEL_IE_HOME/gazetteers``, else the platform's user data directory.

The data directory is per user, not per environment, so that one download serves every virtual
environment; ``SAHEL_IE_HOME`` overrides it (tests, shared servers, read-only homes).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# the layout of a compiled index (its tables and keys): written by ``build``, checked by ``index`` on opening
SCHEMA_VERSION = "2"
ATTRIBUTION = (
    "GeoNames geographical database (https://www.geonames.org), licensed under "
    "Creative Commons Attribution 4.0 (https://creativecommons.org/licenses/by/4.0/)"
)
INDEX_PREFIX = "geonames-"
INDEX_SUFFIX = ".sqlite"


def data_home() -> Path:
    """The sahel_ie data directory (not created here)."""
    override = os.environ.get("SAHEL_IE_HOME")
    if override:
        return Path(override).expanduser()
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "sahel_ie"


def gazetteer_dir(home: Path | None = None) -> Path:
    return (home or data_home()) / "gazetteers"


def index_path(country: str, home: Path | None = None) -> Path:
    """The index file of one country ("ML" -> .../gazetteers/geonames-ML.sqlite)."""
    return gazetteer_dir(home) / f"{INDEX_PREFIX}{country.upper()}{INDEX_SUFFIX}"


def installed(home: Path | None = None) -> dict[str, Path]:
    """Installed country code -> index file, sorted by code."""
    folder = gazetteer_dir(home)
    if not folder.is_dir():
        return {}
    found = {}
    for path in sorted(folder.glob(f"{INDEX_PREFIX}*{INDEX_SUFFIX}")):
        code = path.name[len(INDEX_PREFIX):-len(INDEX_SUFFIX)]
        if code:
            found[code] = path
    return found


# Bumped whenever this process installs or removes an index, so that lookups see the change at once
# (changes made by other processes are seen through the folder's mtime; see index._home_marker).
generation = 0


def changed() -> None:
    """Say that this process installed or removed an index."""
    global generation
    generation += 1


def remove(country: str, home: Path | None = None) -> bool:
    """Delete one installed index; False when it was not installed."""
    path = index_path(country, home)
    if not path.is_file():
        return False
    path.unlink()
    changed()
    return True
