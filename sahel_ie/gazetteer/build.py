"""Compiling GeoNames dumps into one SQLite index per country.

Input: the files GeoNames publishes at https://download.geonames.org/export/dump/ — a country dump
(``ML.txt`` or ``ML.zip``), ``allCountries``-style files (every country in one table; split here by the
country column, optionally filtered), and ``admin1CodesASCII.txt`` for the names of first-level
divisions. Only the feature classes attacks happen at are kept (:data:`KEEP`): settlements, administrative
units, and the wells, wadis, lakes, forests, camps, mines, markets and bases that reporting locates events
at. Mountains, streams and the like stay out, since their names are mostly words or river names that the
shipped table already resolves.

First-level names are those in use now: GeoNames dumps older than Mali's 2016 reform file Ménaka's
cercle under Gao and Taoudénit's area under Tombouctou; :data:`ADMIN1_RENAMES` maps them, and the project's
spellings of regions (``Ségou``, ``Tillabéri``) replace GeoNames' ASCII ones.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import sys
import time
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from sahel_ie.gazetteer import home as home_module
from sahel_ie.gazetteer.home import ATTRIBUTION, SCHEMA_VERSION, gazetteer_dir, index_path
from sahel_ie.gazetteer.keys import key as make_key
from sahel_ie.gazetteer.keys import skeleton

KEEP: dict[str, frozenset[str] | None] = {
    "P": None,  # every populated place
    "A": frozenset({"ADM1", "ADM2", "ADM3", "ADM4", "ADMD", "PCLI"}),
    # waterholes and intermittent streams are where herders camp and where attacks in the north are coded
    "H": frozenset({"WLL", "WLLS", "WTRH", "WTRHS", "WAD", "WADS", "STMI", "SPNG", "LK", "LKI", "LKS", "PND",
                    "PNDI", "OAS", "WTLD", "WTLDI"}),
    # a named dune or hill is a camp's address in the desert; ranges, plateaus and ergs span too much land
    "T": frozenset({"DUNE", "HLL", "HLLS"}),
    "V": frozenset({"FRST", "FRSTF", "GRSLD"}),
    "L": frozenset({"LCTY", "OAS", "AREA", "RGN", "MILB", "CMN"}),
    "S": frozenset({"CMP", "CMPRF", "CMPMN", "MILB", "INSM", "MKT", "AIRP", "AIRF", "FT", "PSTB", "PSTP",
                    "MN", "MNAU", "MNQR", "DAM", "BDG", "SCH", "MSQE", "HSP"}),
}
# (country, GeoNames admin1 name, admin2 name or None, minimum latitude or None) -> current admin1 name
ADMIN1_RENAMES: tuple[tuple[str, str, str | None, float | None, str], ...] = (
    ("ML", "Gao", "Ménaka", None, "Ménaka"),
    ("ML", "Gao", "Menaka", None, "Ménaka"),
    ("ML", "Tombouctou", None, 18.5, "Taoudéni"),
)
ADMIN1_SPELLINGS = {
    "ML": {"Segou": "Ségou", "Menaka": "Ménaka", "Taoudenit": "Taoudéni", "Taoudénit": "Taoudéni"},
    "NE": {"Tillaberi": "Tillabéri"},
    "MR": {"Hodh Ech Chargi": "Hodh ech Chargui"},
}
_ADMIN2_PREFIXES = ("cercle de ", "cercle d'", "cercle d’", "cercle du ", "province du ", "province de la ",
                    "province de ", "province des ", "département de ", "departement de ")
_ADMIN2_SUFFIXES = (" cercle", " province", " department", " département")


@dataclass
class Row:
    """One GeoNames row, the columns the index keeps."""

    geonameid: int
    name: str
    asciiname: str
    alternates: list[str]
    lat: float
    lon: float
    fclass: str
    fcode: str
    country: str
    admin1: str
    admin2: str
    population: int


def _open_text(path: Path) -> Iterator[tuple[str, io.TextIOBase]]:
    """(member name, text stream) for a .txt file or each .txt member of a .zip, README files left out."""
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            for member in archive.namelist():
                if member.lower().endswith(".txt") and "readme" not in member.lower():
                    with archive.open(member) as raw:
                        yield Path(member).name, io.TextIOWrapper(raw, encoding="utf-8")
    else:
        with path.open(encoding="utf-8") as handle:
            yield path.name, handle


def is_admin1_table(name: str) -> bool:
    return name.lower().startswith("admin1codes")


def read_admin1(stream: Iterable[str]) -> dict[tuple[str, str], str]:
    """``admin1CodesASCII.txt``: (country, admin1 code) -> name as published."""
    table = {}
    for line in stream:
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 2 and "." in parts[0]:
            cc, code = parts[0].split(".", 1)
            table[(cc, code)] = parts[1]
    return table


def read_rows(stream: Iterable[str], countries: set[str] | None = None) -> Iterator[Row]:
    """The kept rows of a dump (19 tab-separated columns), optionally only ``countries``."""
    for parts in csv.reader(stream, delimiter="\t", quoting=csv.QUOTE_NONE):
        if len(parts) < 15 or not parts[0].isdigit():
            continue
        cc, fclass, fcode = parts[8], parts[6], parts[7]
        if countries is not None and cc not in countries:
            continue
        codes = KEEP.get(fclass, frozenset())
        if codes is not None and fcode not in codes:
            continue
        try:
            lat, lon = float(parts[4]), float(parts[5])
        except ValueError:
            continue
        yield Row(
            geonameid=int(parts[0]), name=parts[1].strip(), asciiname=parts[2].strip(),
            alternates=[a.strip() for a in parts[3].split(",") if a.strip()], lat=lat, lon=lon,
            fclass=fclass, fcode=fcode, country=cc, admin1=parts[10], admin2=parts[11],
            population=int(parts[14]) if parts[14].isdigit() else 0,
        )


def clean_admin2(name: str) -> str:
    """"Cercle de Bourem" -> "Bourem", "Douentza Cercle" -> "Douentza", "Soum Province" -> "Soum"."""
    low = name.lower()
    for prefix in _ADMIN2_PREFIXES:
        if low.startswith(prefix):
            return name[len(prefix):].strip()
    for suffix in _ADMIN2_SUFFIXES:
        if low.endswith(suffix):
            return name[: -len(suffix)].strip()
    return name


def current_admin1(country: str, admin1: str | None, admin2: str | None, lat: float) -> str | None:
    """The admin1 name in use today (renamed or created regions, the project's spellings)."""
    if admin1 is None:
        return None
    for cc, old, old_admin2, min_lat, new in ADMIN1_RENAMES:
        if cc == country and admin1 == old and (old_admin2 is None or admin2 == old_admin2) and (
                min_lat is None or lat >= min_lat):
            admin1 = new
            break
    return ADMIN1_SPELLINGS.get(country, {}).get(admin1, admin1)


def _seats(rows: list[Row]) -> dict[str, list[tuple[str, float, float]]]:
    """Seats of second-level units (PPLA, PPLA2) per admin1 code. Many dumps give villages no admin2
    code; the nearest seat then stands in for the cercle or department, for the renamed regions and for
    matching "(village, cercle)" context, though never as the record's admin2."""
    seats: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for row in rows:
        if row.fclass == "P" and row.fcode in ("PPLA", "PPLA2", "PPLC"):
            seats[row.admin1].append((row.name, row.lat, row.lon))
    return seats


def _nearest_seat(seats: Iterable[tuple[str, float, float]], lat: float, lon: float) -> str | None:
    import math

    best, best_d = None, float("inf")
    scale = math.cos(math.radians(lat))
    for name, slat, slon in seats:
        d = (slat - lat) ** 2 + ((slon - lon) * scale) ** 2
        if d < best_d:
            best, best_d = name, d
    return best


NEIGHBOUR_ADMIN1_KM = 25.0  # how far the entries that lend an admin1 to one GeoNames gives none may lie
NEIGHBOUR_ADMIN1_COUNT = 5


def fill_admin1(rows: list[Row], known: set[str]) -> set[int]:
    """Give the entries with no first-level code ("00" or blank: about one Malian village in twelve, and
    many wells and wadis of the north) the code most of their nearest coded neighbours share, when those
    lie within ``NEIGHBOUR_ADMIN1_KM``. An analyst mapping an incident at such a village still needs its
    region; the neighbours' majority is right wherever the village is not on a boundary. Returns the ids
    of the entries filled (the index marks them, so the record can say the region was inferred)."""
    import math

    cell = 0.25
    grid: dict[tuple[int, int], list[Row]] = defaultdict(list)
    for row in rows:
        if row.admin1 in known:
            grid[(int(math.floor(row.lat / cell)), int(math.floor(row.lon / cell)))].append(row)
    filled: set[int] = set()
    for row in rows:
        if row.admin1 in known:
            continue
        ci, cj = int(math.floor(row.lat / cell)), int(math.floor(row.lon / cell))
        scale = math.cos(math.radians(row.lat))
        near = []
        for di in (-1, 0, 1):
            for dj in (-1, 0, 1):
                for other in grid.get((ci + di, cj + dj), ()):
                    d = 111.2 * math.hypot(other.lat - row.lat, (other.lon - row.lon) * scale)
                    if d <= NEIGHBOUR_ADMIN1_KM:
                        near.append((d, other.admin1))
        if not near:
            continue
        votes = Counter(code for _, code in sorted(near)[:NEIGHBOUR_ADMIN1_COUNT])
        code, count = votes.most_common(1)[0]
        if count * 2 > sum(votes.values()):  # a clear majority; a split neighbourhood says nothing
            row.admin1 = code
            filled.add(row.geonameid)
    return filled


def _index_names(row: Row) -> set[str]:
    """The keys a row is found under: its name, ASCII name, and Latin-script alternates of 3+ letters."""
    keys = {make_key(row.name), make_key(row.asciiname)}
    for alternate in row.alternates:
        k = make_key(alternate)
        if len(k) >= 3 and not alternate.isupper():  # airport and ISO codes are no place names in prose
            keys.add(k)
    keys.discard("")
    return keys


def compile_country(country: str, rows: list[Row], admin1_table: dict[tuple[str, str], str], target: Path,
                    sources: list[str]) -> int:
    """Write one country's index (replacing an older one atomically); returns the number of places."""
    admin1_names = dict(admin1_table)
    admin2_names: dict[tuple[str, str], str] = {}
    for row in rows:
        if row.fcode == "ADM1" and (row.country, row.admin1) not in admin1_names:
            admin1_names[(row.country, row.admin1)] = row.asciiname or row.name
        if row.fcode == "ADM2" and row.admin2:
            admin2_names[(row.admin1, row.admin2)] = clean_admin2(row.name)
    filled = fill_admin1(rows, {code for cc, code in admin1_names if cc == country})
    seats = _seats(rows)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    if tmp.exists():
        tmp.unlink()
    db = sqlite3.connect(tmp)
    db.executescript(
        """
        CREATE TABLE meta (k TEXT PRIMARY KEY, v TEXT);
        CREATE TABLE places (id INTEGER PRIMARY KEY, name TEXT, fclass TEXT, fcode TEXT, country TEXT,
                             admin1 TEXT, admin2 TEXT, lat REAL, lon REAL, population INTEGER, seat TEXT,
                             admin1_inferred INTEGER);
        CREATE TABLE names (key TEXT, skel TEXT, id INTEGER);
        """
    )
    place_rows, name_rows = [], []
    for row in rows:
        admin2 = admin2_names.get((row.admin1, row.admin2)) if row.admin2 else None
        seat = _nearest_seat(seats.get(row.admin1, ()), row.lat, row.lon)
        admin1 = current_admin1(country, admin1_names.get((row.country, row.admin1)), admin2 or seat, row.lat)
        place_rows.append((row.geonameid, row.name, row.fclass, row.fcode, row.country, admin1, admin2,
                           round(row.lat, 5), round(row.lon, 5), row.population, seat,
                           int(row.geonameid in filled)))
        name_rows.extend((k, skeleton(k), row.geonameid) for k in _index_names(row))
    db.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", place_rows)
    db.executemany("INSERT INTO names VALUES (?,?,?)", name_rows)
    db.execute("CREATE INDEX names_key ON names(key)")
    db.execute("CREATE INDEX names_skel ON names(skel)")
    meta = {"schema": SCHEMA_VERSION, "country": country, "places": str(len(place_rows)),
            "names": str(len(name_rows)), "sources": ", ".join(sources), "attribution": ATTRIBUTION,
            "built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    db.executemany("INSERT INTO meta VALUES (?,?)", sorted(meta.items()))
    db.commit()
    db.execute("VACUUM")
    db.close()
    tmp.replace(target)
    return len(place_rows)


def add_files(paths: Iterable[Path], countries: Iterable[str] | None = None, home: Path | None = None,
              log=None) -> dict[str, int]:
    """Compile dumps into the data directory; returns country -> number of places indexed.

    ``admin1CodesASCII.txt`` may come in any position; without it, first-level names come from the
    ADM1 rows of the dumps themselves. ``countries`` keeps only those countries (for allCountries files).
    """
    log = log or (lambda message: print(message, file=sys.stderr))
    wanted = {c.upper() for c in countries} if countries else None
    paths = [Path(p) for p in paths]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"no such file: {', '.join(missing)}")
    admin1: dict[tuple[str, str], str] = {}
    by_country: dict[str, list[Row]] = defaultdict(list)
    sources: dict[str, set[str]] = defaultdict(set)
    for path in paths:
        for member, stream in _open_text(path):
            if is_admin1_table(member):
                admin1.update(read_admin1(stream))
                continue
            for row in read_rows(stream, wanted):
                by_country[row.country].append(row)
                sources[row.country].add(member)
    if not by_country:
        raise ValueError("no GeoNames rows found (expected tab-separated dumps such as ML.txt or ML.zip)")
    done = {}
    for country in sorted(by_country):
        start = time.perf_counter()
        count = compile_country(country, by_country[country], admin1, index_path(country, home),
                                sorted(sources[country]))
        done[country] = count
        log(f"{country}: {count} places indexed in {time.perf_counter() - start:.1f} s -> "
            f"{index_path(country, home)}")
    home_module.changed()
    return done


__all__ = ["KEEP", "SCHEMA_VERSION", "add_files", "compile_country", "current_admin1", "gazetteer_dir", "read_rows"]
