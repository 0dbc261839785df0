"""The review page's map: country outlines shipped with the package, drawn as inline SVG.

The page must work with no network, so no tile server or web map library: the outlines are Natural
Earth's public-domain 1:110m countries, cut down to the Sahel and its neighbours
(``models/country_outlines.json``, built by ``scripts/build_country_outlines.py``), projected
equirectangularly. Attack points are added by the page's script with the same projection, so that
filtering the table hides them too.
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

from sahel_ie.resources import read_json

OUTLINES = "country_outlines.json"
FOCUS = ("ML", "BF", "NE", "TD", "MR")  # the countries labelled and shaded as the Sahel


@dataclass(frozen=True)
class Projection:
    """lon/lat -> SVG pixels over a fixed window of West Africa and the Sahel."""

    west: float = -18.5
    east: float = 24.5
    south: float = 3.5
    north: float = 27.5
    width: float = 860.0

    @property
    def scale(self) -> float:
        return self.width / (self.east - self.west)

    @property
    def x_scale(self) -> float:
        # shrink longitudes by the cosine of the window's middle latitude, so shapes keep their proportions
        return self.scale * math.cos(math.radians((self.north + self.south) / 2))

    @property
    def height(self) -> float:
        return round((self.north - self.south) * self.scale, 1)

    @property
    def view_width(self) -> float:
        return round((self.east - self.west) * self.x_scale, 1)

    def point(self, lon: float, lat: float) -> tuple[float, float]:
        return round((lon - self.west) * self.x_scale, 1), round((self.north - lat) * self.scale, 1)

    def as_dict(self) -> dict[str, float]:
        return {"west": self.west, "north": self.north, "sx": self.x_scale, "sy": self.scale}


def outlines() -> dict:
    """The shipped outlines (source and licence fields included)."""
    return read_json(OUTLINES)


def map_svg(projection: Projection = Projection()) -> str:
    """An SVG of the country outlines with the Sahel countries labelled; ``<g id="points">`` left empty."""
    data = outlines()
    paths: list[str] = []
    labels: list[str] = []
    for country in data["countries"]:
        d = " ".join(
            "M" + " L".join(f"{x},{y}" for x, y in (projection.point(lon, lat) for lon, lat in ring)) + " Z"
            for ring in country["rings"]
        )
        cls = "country focus" if country["iso"] in FOCUS else "country"
        paths.append(f'<path class="{cls}" d="{d}"><title>{html.escape(country["name"])}</title></path>')
        if country["iso"] in FOCUS:
            ring = max(country["rings"], key=len)
            lon = sum(p[0] for p in ring) / len(ring)
            lat = sum(p[1] for p in ring) / len(ring)
            x, y = projection.point(lon, lat)
            labels.append(f'<text class="label" x="{x}" y="{y}">{html.escape(country["name"])}</text>')
    return (
        f'<svg id="map" viewBox="0 0 {projection.view_width} {projection.height}" role="img" '
        f'aria-label="Map of located attacks">'
        f'<rect class="sea" width="{projection.view_width}" height="{projection.height}"/>'
        f'{"".join(paths)}{"".join(labels)}<g id="points"></g></svg>'
    )
