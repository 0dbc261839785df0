"""Build ``models/country_outlines.json``: simplified outlines of the Sahel countries and their neighbours.

The review page draws its map offline from these outlines. The source is Natural Earth's 1:110m
admin-0 countries (public domain), as shipped in the ``naturalearth_lowres`` shapefile that several
Python packages carry as a test fixture (e.g. pyogrio's wheel: ``pyogrio/tests/fixtures/naturalearth_lowres``).
The shapefile is read with the standard library only (polygon records, type 5), coordinates are rounded
to 0.01 degree and collinear points dropped, so the file stays a few tens of kilobytes.

Usage::

    python scripts/build_country_outlines.py path/to/naturalearth_lowres.shp
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

# ISO 3166-1 alpha-3 -> alpha-2 of the countries drawn: the Sahel and every country bordering it.
COUNTRIES = {
    "MLI": "ML", "BFA": "BF", "NER": "NE", "TCD": "TD", "MRT": "MR", "SEN": "SN", "GMB": "GM", "GNB": "GW",
    "GIN": "GN", "SLE": "SL", "LBR": "LR", "CIV": "CI", "GHA": "GH", "TGO": "TG", "BEN": "BJ", "NGA": "NG",
    "CMR": "CM", "CAF": "CF", "SDN": "SD", "LBY": "LY", "DZA": "DZ", "MAR": "MA", "ESH": "EH", "TUN": "TN",
    "EGY": "EG", "SSD": "SS",
}


def read_dbf(path: Path) -> list[dict[str, str]]:
    """The attribute rows of a dBase III file, as strings (encoding from the ``.cpg`` beside it)."""
    data = path.read_bytes()
    cpg = path.with_suffix(".cpg")
    encoding = cpg.read_text().strip() if cpg.exists() else "utf-8"
    encoding = {"ISO-8859-1": "latin-1", "88591": "latin-1"}.get(encoding, encoding)
    count, header_len, record_len = struct.unpack("<IHH", data[4:12])
    fields = []
    offset = 32
    while data[offset] != 0x0D:
        name = data[offset:offset + 11].split(b"\0")[0].decode("ascii")
        length = data[offset + 16]
        fields.append((name, length))
        offset += 32
    rows = []
    for index in range(count):
        start = header_len + index * record_len + 1  # one deletion-flag byte
        row = {}
        for name, length in fields:
            row[name] = data[start:start + length].decode(encoding, "replace").strip()
            start += length
        rows.append(row)
    return rows


def read_polygons(path: Path) -> list[list[list[tuple[float, float]]]]:
    """Each record's rings (lists of (lon, lat)) from a polygon shapefile."""
    data = path.read_bytes()
    offset = 100
    shapes = []
    while offset < len(data):
        _number, length_words = struct.unpack(">ii", data[offset:offset + 8])
        content = data[offset + 8: offset + 8 + 2 * length_words]
        offset += 8 + 2 * length_words
        shape_type = struct.unpack("<i", content[:4])[0]
        if shape_type != 5:
            shapes.append([])
            continue
        num_parts, num_points = struct.unpack("<ii", content[36:44])
        parts = list(struct.unpack(f"<{num_parts}i", content[44:44 + 4 * num_parts]))
        base = 44 + 4 * num_parts
        points = [struct.unpack("<dd", content[base + 16 * i: base + 16 * i + 16]) for i in range(num_points)]
        rings = [points[start:end] for start, end in zip(parts, parts[1:] + [num_points])]
        shapes.append(rings)
    return shapes


def simplify(ring: list[tuple[float, float]]) -> list[list[float]]:
    """Round to 0.01 degree, dropping repeated and collinear points."""
    out: list[list[float]] = []
    for lon, lat in ring:
        point = [round(lon, 2), round(lat, 2)]
        if out and point == out[-1]:
            continue
        if len(out) >= 2:
            (x1, y1), (x2, y2) = out[-2], out[-1]
            if abs((x2 - x1) * (point[1] - y1) - (y2 - y1) * (point[0] - x1)) < 1e-9:
                out[-1] = point
                continue
        out.append(point)
    return out


def main(shp: str) -> None:
    shp_path = Path(shp)
    rows = read_dbf(shp_path.with_suffix(".dbf"))
    shapes = read_polygons(shp_path)
    countries = []
    for row, rings in zip(rows, shapes):
        iso2 = COUNTRIES.get(row.get("iso_a3", ""))
        if iso2 is None:
            continue
        countries.append({"iso": iso2, "name": row["name"],
                          "rings": [r for r in (simplify(ring) for ring in rings) if len(r) >= 4]})
    countries.sort(key=lambda c: c["iso"])
    out = {
        "source": "Natural Earth 1:110m Admin 0 - Countries (naturalearth_lowres), public domain",
        "licence": "Public domain (Natural Earth, https://www.naturalearthdata.com/about/terms-of-use/)",
        "coordinates": "WGS84 [lon, lat], rounded to 0.01 degree",
        "countries": countries,
    }
    target = Path(__file__).resolve().parent.parent / "models" / "country_outlines.json"
    target.write_text(json.dumps(out, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"wrote {len(countries)} countries to {target} ({target.stat().st_size:,} bytes)")


if __name__ == "__main__":
    main(sys.argv[1])
