"""Read access to compiled GeoNames indexes: exact lookups on normalised names, fuzzy ones on request.

An index is opened on its first lookup (read-only, immutable), so loading the pipeline with several
countries installed costs almost nothing until a place the shipped table lacks is looked up; SQLite
reads only the pages a lookup touches, so memory stays small.
"""

from __future__ import annotations

import logging
import math
import os
import re
import time
import sqlite3
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Sequence

from sahel_ie.gazetteer.home import SCHEMA_VERSION, installed
from sahel_ie.gazetteer.keys import key as make_key
from sahel_ie.gazetteer.keys import skeleton

logger = logging.getLogger(__name__)
FUZZY_MIN_RATIO = 85.0
# Lower is more prominent: capitals, then seats of regions, cercles, communes, other settlements,
# administrative units, and last the wells, camps and other features.
_FCODE_RANK = {"PPLC": 0, "PPLA": 1, "PPLA2": 2, "PPLA3": 3, "PPLA4": 4, "PPL": 4, "PPLL": 5, "PPLX": 5}
_CLASS_RANK = {"P": 5, "A": 6, "L": 7, "S": 7, "H": 7, "V": 7}


@dataclass(frozen=True)
class Candidate:
    """One GeoNames entry a name may denote."""

    geonameid: int
    name: str
    fclass: str
    fcode: str
    country: str
    admin1: str | None
    admin2: str | None
    lat: float
    lon: float
    population: int
    seat: str | None = None
    admin1_inferred: bool = False  # GeoNames gives no admin1; the index took its neighbours' (build.fill_admin1)

    @property
    def feature_rank(self) -> int:
        if self.fclass == "P":
            return _FCODE_RANK.get(self.fcode, 5)
        return _CLASS_RANK.get(self.fclass, 8)

    @property
    def is_terrain(self) -> bool:
        """A dune, hill or intermittent stream: found under its own name only, never as a spelling variant
        (thousands of short Tamasheq names, one of which is always close to some village's spelling)."""
        return self.fclass == "T" or self.fcode == "STMI"

    @property
    def is_settlement(self) -> bool:
        return self.fclass == "P" or self.fcode == "LCTY"

    def describe(self) -> str:
        """"Boni (Mopti / Douentza, ML; geonames 123)", for evidence and explanations."""
        admin = " / ".join(x for x in (self.admin1, self.admin2) if x)
        return f"{self.name} ({admin + ', ' if admin else ''}{self.country}; geonames {self.geonameid})"


_COLUMNS = ("p.id, p.name, p.fclass, p.fcode, p.country, p.admin1, p.admin2, p.lat, p.lon, p.population, p.seat, "
            "p.admin1_inferred")
# indexes built by an earlier version lack the newer columns; they are read with defaults until rebuilt
_COLUMNS_V1 = _COLUMNS.replace("p.admin1_inferred", "0")


class GeoNamesIndex:
    """One compiled country index (see :mod:`sahel_ie.gazetteer.build`)."""

    def __init__(self, path: Path, country: str | None = None) -> None:
        self.path = Path(path)
        self.country = country or self.path.stem.split("-", 1)[-1]
        self._db: sqlite3.Connection | None = None
        self._lock = threading.RLock()
        self._columns = _COLUMNS

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            with self._lock:
                if self._db is None:
                    uri = f"file:{self.path.resolve().as_posix()}?mode=ro&immutable=1"
                    db = sqlite3.connect(uri, uri=True, check_same_thread=False)
                    self._columns = self._check_schema(db)
                    self._db = db
        return self._db

    def _check_schema(self, db: sqlite3.Connection) -> str:
        """The columns to read: an index compiled by an earlier version is still read (with defaults for what
        it lacks, and its older spelling-variant keys), and the user is told once to compile it again."""
        found = dict(db.execute("SELECT k, v FROM meta")).get("schema")
        if found == SCHEMA_VERSION:
            return _COLUMNS
        logger.warning("GeoNames index %s was compiled by an earlier version (schema %s, now %s): run "
                       "`sahel-ie gazetteer add` on its dumps again for the current lookups", self.path, found,
                       SCHEMA_VERSION)
        return _COLUMNS_V1

    def meta(self) -> dict[str, str]:
        return dict(self._conn().execute("SELECT k, v FROM meta"))

    def _rows(self, sql: str, args: Sequence) -> list[Candidate]:
        with self._lock:
            found = self._conn().execute(sql, args).fetchall()
        return [Candidate(*r) for r in found]

    def lookup_key(self, key: str) -> list[Candidate]:
        """Entries whose name or alternate name normalises to ``key``."""
        if not key:
            return []
        self._conn()  # opened first: the columns depend on the index's schema
        return self._rows(f"SELECT DISTINCT {self._columns} FROM names n JOIN places p ON p.id = n.id WHERE n.key = ?",
                          (key,))

    def fuzzy_key(self, key: str, min_ratio: float = FUZZY_MIN_RATIO) -> list[tuple[float, Candidate]]:
        """Spelling variants of ``key``: same transliteration skeleton, similar full key."""
        skel = skeleton(key)
        if not skel or len(key) < 5:
            return []
        from rapidfuzz import fuzz

        # a leading vowel is written as heard ("Egharghar" / "Igharghar", "Ouro" / "Uro"): the skeleton keeps
        # the first letter, so every leading vowel is tried; the ratio below still confirms the name
        skels = [v + skel[1:] for v in "aeiou"] if skel[0] in "aeiou" else [skel]
        db = self._conn()
        with self._lock:
            found = db.execute(
                f"SELECT n.key, {self._columns} FROM names n JOIN places p ON p.id = n.id "
                f"WHERE n.skel IN ({', '.join('?' * len(skels))})", skels
            ).fetchall()
        best: dict[int, tuple[float, Candidate]] = {}
        for name_key, *cols in found:
            ratio = fuzz.ratio(key, name_key)
            if ratio >= min_ratio and ratio > best.get(cols[0], (0.0, None))[0]:
                candidate = Candidate(*cols)
                if not candidate.is_terrain:
                    best[cols[0]] = (ratio, candidate)
        return sorted(best.values(), key=lambda x: -x[0])

    def names_within(self, lat: float, lon: float, radius_km: float) -> list[tuple[str, Candidate]]:
        """Every (name key, entry) of the entries in the box around a point that holds the circle of
        ``radius_km``: the names a text may spell its own way for a place it writes near that point."""
        dlat = radius_km / 111.0
        dlon = radius_km / max(1.0, 111.0 * math.cos(math.radians(lat)))
        db = self._conn()
        with self._lock:
            found = db.execute(
                f"SELECT n.key, {self._columns} FROM places p JOIN names n ON n.id = p.id "
                "WHERE p.lat BETWEEN ? AND ? AND p.lon BETWEEN ? AND ?",
                (lat - dlat, lat + dlat, lon - dlon, lon + dlon)).fetchall()
        return [(name_key, Candidate(*cols)) for name_key, *cols in found]

    def points(self) -> list[tuple[float, float]]:
        """Every entry's (lat, lon): the country's extent, for "near the X border" (``gazetteer.borders``)."""
        db = self._conn()
        with self._lock:
            return db.execute("SELECT lat, lon FROM places").fetchall()

    def lists_key(self, geonameid: int, key: str) -> bool:
        """Whether the entry is indexed under ``key`` (its name, ASCII name or an alternate name), as opposed
        to being found as a spelling variant of it."""
        with self._lock:
            return self._conn().execute("SELECT 1 FROM names WHERE id = ? AND key = ? LIMIT 1",
                                        (geonameid, key)).fetchone() is not None

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


_TAMASHEQ_PREFIX = re.compile(r"^(t?i)(?: n |n )(?=\S)")


def prefix_variant(key: str) -> str | None:
    """The other spelling of a Tamasheq "In-"/"Tin-" prefix ("in tamede" <-> "i n tamede", "tin tegrin" <->
    "ti n tegrin"): GeoNames writes the prefix "I-n-"/"Ti-n-", reporting "In-"/"Tin-" or "In "/"Tin ". Only
    for a prefix written apart from the rest of the name ("Inekar" is no "I-n-Ekar")."""
    match = _TAMASHEQ_PREFIX.match(key)
    if match is None:
        return None
    rest = key[match.end():]
    return f"{match.group(1)}n {rest}" if key[len(match.group(1)):].startswith(" n ") else f"{match.group(1)} n {rest}"


class GeoNamesSet:
    """Several country indexes searched together."""

    def __init__(self, indexes: Iterable[GeoNamesIndex]) -> None:
        self.indexes = list(indexes)

    def __bool__(self) -> bool:
        return bool(self.indexes)

    @property
    def countries(self) -> list[str]:
        return [i.country for i in self.indexes]

    def lookup(self, name: str) -> list[Candidate]:
        k = make_key(name)
        found = [c for index in self.indexes for c in index.lookup_key(k)]
        variant = prefix_variant(k)
        if variant:  # "In-Kakane" is "I-n-Kakane" in one country's dump and "In-Kakane" in another's
            seen = {c.geonameid for c in found}
            found += [c for index in self.indexes for c in index.lookup_key(variant) if c.geonameid not in seen]
        return found

    def lists_name(self, candidate: Candidate, name: str) -> bool:
        """Whether GeoNames lists ``name`` (or its other Tamasheq prefix form) among the candidate's names."""
        k = make_key(name)
        keys = [k, *([v] if (v := prefix_variant(k)) else [])]
        return any(index.lists_key(candidate.geonameid, key) for index in self.indexes
                   if index.country == candidate.country for key in keys)

    def names_within(self, lat: float, lon: float, radius_km: float) -> list[tuple[str, Candidate]]:
        return [hit for index in self.indexes for hit in index.names_within(lat, lon, radius_km)]

    def fuzzy(self, name: str) -> list[tuple[float, Candidate]]:
        k = make_key(name)
        found = [hit for index in self.indexes for hit in index.fuzzy_key(k)]
        return sorted(found, key=lambda x: -x[0])


def _selection_key(selection: object) -> tuple[str, ...] | None:
    if selection is None or selection in ("installed", "auto", "all", True):
        return None
    if selection in ("none", False, ""):
        return ()
    if isinstance(selection, str):
        return tuple(s.strip() for s in selection.split(",") if s.strip())
    return tuple(str(s) for s in selection)  # type: ignore[union-attr]


def open_indexes(selection: object = None) -> GeoNamesSet:
    """The indexes a pipeline uses: all installed (None, "installed"), none ([], "none", False), or the
    given country codes or index paths. Unknown codes are reported once and skipped."""
    return _open(_selection_key(selection), _home_marker())


_MARKER_SECONDS = 1.0  # how long one look at the data directory stands for every lookup
_marker_seen: tuple[float, tuple, str] | None = None  # (when, what chose the directory, marker)


def _home_marker() -> str:
    """The data directory and its modification time, looked at most once a second: every place lookup
    asks, and a ``stat`` per lookup costs more than the lookup. Installing or removing an index (an
    atomic rename or unlink) changes the folder's mtime, so a change is seen within a second."""
    global _marker_seen
    from sahel_ie.gazetteer import home

    # the variables that choose the folder, compared before the folder's path is built again
    environ = os.environ
    where = (environ.get("SAHEL_IE_HOME"), environ.get("XDG_DATA_HOME"), environ.get("LOCALAPPDATA"),
             environ.get("HOME"), home.generation)
    now = time.monotonic()
    seen = _marker_seen
    if seen is not None and seen[1] == where and now - seen[0] < _MARKER_SECONDS:
        return seen[2]
    folder = str(home.gazetteer_dir())
    try:
        stamp = os.stat(folder).st_mtime_ns
    except OSError:
        stamp = 0
    marker = f"{folder}:{stamp}:{home.generation}"
    _marker_seen = (now, where, marker)
    return marker


@lru_cache(maxsize=8)
def _open(selection: tuple[str, ...] | None, _marker: str) -> GeoNamesSet:
    available = installed()
    if selection is None:
        return GeoNamesSet(GeoNamesIndex(path, code) for code, path in available.items())
    chosen = []
    for item in selection:
        path = Path(item)
        if item.upper() in available:
            chosen.append(GeoNamesIndex(available[item.upper()], item.upper()))
        elif path.suffix == ".sqlite" and path.is_file():
            chosen.append(GeoNamesIndex(path))
        else:
            logger.warning("GeoNames gazetteer %r is not installed (sahel-ie gazetteer add/download)", item)
    return GeoNamesSet(chosen)
