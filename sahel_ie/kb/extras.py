"""A user's own actors, aliases and places, added to the shipped knowledge base and gazetteer.

Analysts follow groups and villages the shipped data lacks (a new katiba, a local militia, a hamlet), so
``sahel_ie.load(extra_actors=..., extra_places=...)`` and the entity ruler's config accept JSON in the same
reviewed format as ``models/actors.json`` and ``models/places.json``: a file path, or the parsed object
(``{"actors": [...]}`` / ``{"places": [...]}`` or a bare list). An actor entry with only ``id`` and
``aliases`` adds aliases to a shipped actor. Every entry is validated, and an error names the entry and
the field.

The knowledge base is one per process (the components share it), so the additions apply to every
pipeline built afterwards in the process; ``clear_extras()`` goes back to the shipped data.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

from sahel_ie.resources import read_json

ACTOR_TYPES = ("jihadist_group", "state_force", "government_body", "militia", "rebel_movement", "foreign_force",
               "international_mission", "private_military_company")
PLACE_KINDS = ("country", "region", "town", "village", "river", "lake", "forest", "park", "border_area", "area")
ALIAS_KINDS = ("name", "acronym", "transliteration", "dataset")
_ID = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_extra_actors: list[dict] = []
_extra_places: list[dict] = []


class ExtraDataError(ValueError):
    """User-supplied actors or places that do not follow the reviewed format."""


def _read(source: Any, what: str, key: str) -> list[dict]:
    if isinstance(source, (str, Path)):
        path = Path(source)
        try:
            source = json.loads(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise ExtraDataError(f"extra_{what}: cannot read {path}: {error.strerror or error}") from None
        except ValueError as error:
            raise ExtraDataError(f"extra_{what}: {path} is not valid JSON: {error}") from None
    if isinstance(source, dict):
        if key not in source:
            raise ExtraDataError(f"extra_{what}: a JSON object needs a {key!r} list")
        source = source[key]
    if not isinstance(source, list):
        raise ExtraDataError(f"extra_{what}: expected a list of {what} (or {{{key!r}: [...]}}), "
                             f"got {type(source).__name__}")
    return source


def _where(what: str, index: int, entry: Any) -> str:
    ident = entry.get("id") if isinstance(entry, dict) else None
    return f"extra_{what}[{index}]" + (f" ({ident!r})" if ident else "")


def _aliases(entry: dict, where: str) -> list[dict]:
    out = []
    for n, alias in enumerate(entry.get("aliases", [])):
        if isinstance(alias, str):
            alias = {"text": alias, "lang": "en", "kind": "name"}
        if not isinstance(alias, dict) or not isinstance(alias.get("text"), str) or not alias["text"].strip():
            raise ExtraDataError(f"{where}: aliases[{n}] must be a non-empty string or {{'text': ...}}")
        kind = alias.get("kind", "name")
        if kind not in ALIAS_KINDS:
            raise ExtraDataError(f"{where}: aliases[{n}] kind {kind!r} is not one of {', '.join(ALIAS_KINDS)}")
        out.append({"lang": "en", **alias, "kind": kind})
    return out


def _entry_id(entry: Any, where: str, what: str, seen: set[str], id_example: str) -> str:
    """The checked id of one user entry (a JSON object with a new, well-formed id), remembered in ``seen``;
    actors and places are checked alike, so their errors read alike."""
    if not isinstance(entry, dict):
        raise ExtraDataError(f"{where}: {what} must be a JSON object")
    entry_id = entry.get("id")
    if not isinstance(entry_id, str) or not _ID.match(entry_id):
        raise ExtraDataError(f"{where}: 'id' must be a lower-case ASCII id {id_example}")
    if entry_id in seen:
        raise ExtraDataError(f"{where}: id {entry_id!r} appears twice")
    seen.add(entry_id)
    return entry_id


def validate_actors(source: Any) -> list[dict]:
    """Checked actor entries (new actors, or aliases for shipped ones), in the shipped format."""
    shipped = {a["id"] for a in read_json("actors.json")["actors"]}
    seen: set[str] = set()
    out: list[dict] = []
    for index, entry in enumerate(_read(source, "actors", "actors")):
        where = _where("actors", index, entry)
        actor_id = _entry_id(entry, where, "an actor", seen, "(letters, digits, _ or -)")
        aliases = _aliases(entry, where)
        if actor_id in shipped and set(entry) <= {"id", "aliases"}:
            out.append({"id": actor_id, "aliases": aliases, "_extends": True})
            continue
        if actor_id in shipped:
            raise ExtraDataError(f"{where}: {actor_id!r} is a shipped actor; to add names give only 'id' and 'aliases'")
        if not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise ExtraDataError(f"{where}: 'name' is required")
        if entry.get("type") not in ACTOR_TYPES:
            raise ExtraDataError(f"{where}: 'type' must be one of {', '.join(ACTOR_TYPES)}")
        countries = entry.get("countries", [])
        if not isinstance(countries, list) or not all(isinstance(c, str) and re.match(r"^[A-Z]{2}$", c) for c in countries):
            raise ExtraDataError(f"{where}: 'countries' must be a list of ISO 3166 alpha-2 codes such as 'ML'")
        regions = entry.get("regions", {})
        if not isinstance(regions, dict) or not all(
                isinstance(c, str) and re.match(r"^[A-Z]{2}$", c) and isinstance(names, list)
                and all(isinstance(n, str) and n.strip() for n in names) for c, names in regions.items()):
            raise ExtraDataError(f"{where}: 'regions' must map ISO 3166 alpha-2 codes to lists of first-level "
                                 "region names, such as {'ML': ['Mopti']}")
        for field in ("valid_from", "valid_to"):
            if entry.get(field) is not None and not (isinstance(entry[field], str) and _DATE.match(entry[field])):
                raise ExtraDataError(f"{where}: {field!r} must be an ISO date (YYYY-MM-DD) or null")
        for field in ("parents", "affiliations"):
            for ref in entry.get(field, []):
                if ref not in shipped and ref not in seen:
                    raise ExtraDataError(f"{where}: {field} names {ref!r}, which is no known actor")
        actor = {"parents": [], "affiliations": [], "valid_from": None, "valid_to": None, "names": [],
                 "predecessors": [], "successor": None, "sources": ["user-supplied"], **entry,
                 "countries": countries, "aliases": aliases}
        out.append(actor)
    return out


def validate_places(source: Any) -> list[dict]:
    """Checked place entries in the shipped format."""
    seen: set[str] = set()
    out: list[dict] = []
    for index, entry in enumerate(_read(source, "places", "places")):
        where = _where("places", index, entry)
        place_id = _entry_id(entry, where, "a place", seen, "such as 'ml-my-village'")
        if not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise ExtraDataError(f"{where}: 'name' is required")
        if entry.get("kind") not in PLACE_KINDS:
            raise ExtraDataError(f"{where}: 'kind' must be one of {', '.join(PLACE_KINDS)}")
        if not isinstance(entry.get("country"), str) or not re.match(r"^[A-Z]{2}$", entry["country"]):
            raise ExtraDataError(f"{where}: 'country' must be an ISO 3166 alpha-2 code such as 'ML'")
        for field, bound in (("lat", 90), ("lon", 180)):
            value = entry.get(field)
            if value is not None and (isinstance(value, bool) or not isinstance(value, (int, float)) or abs(value) > bound):
                raise ExtraDataError(f"{where}: {field!r} must be a number within ±{bound} (or null)")
        aliases = entry.get("aliases", [])
        if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise ExtraDataError(f"{where}: 'aliases' must be a list of non-empty strings")
        out.append({"admin1": None, "admin2": None, "lat": None, "lon": None, "source": "user-supplied", **entry,
                    "aliases": aliases})
    return out


def set_extras(actors: Any = None, places: Any = None) -> None:
    """Validate and install additions (replacing earlier ones of the same kind); caches are rebuilt."""
    global _extra_actors, _extra_places
    if actors is not None:
        _extra_actors = validate_actors(actors)
    if places is not None:
        _extra_places = validate_places(places)
    _clear_caches()


def clear_extras() -> None:
    """Back to the shipped knowledge base and gazetteer."""
    global _extra_actors, _extra_places
    _extra_actors, _extra_places = [], []
    _clear_caches()


def _clear_caches() -> None:
    from sahel_ie.kb.actors import default_kb
    from sahel_ie.kb.places import default_gazetteer

    default_kb.cache_clear()
    default_gazetteer.cache_clear()


def actor_data() -> dict:
    """``models/actors.json`` with the user's actors added (the shipped object itself when there are none)."""
    data = read_json("actors.json")
    if not _extra_actors:
        return data
    merged = copy.deepcopy(data)
    by_id = {a["id"]: a for a in merged["actors"]}
    for entry in _extra_actors:
        if entry.get("_extends"):
            by_id[entry["id"]]["aliases"].extend(entry["aliases"])
        else:
            merged["actors"].append(copy.deepcopy(entry))
    return merged


def place_data() -> dict:
    """``models/places.json`` with the user's places added; a user's place replaces a shipped one of its id."""
    data = read_json("places.json")
    if not _extra_places:
        return data
    ids = {p["id"] for p in _extra_places}
    return {**data, "places": [p for p in data["places"] if p["id"] not in ids] + copy.deepcopy(_extra_places)}
