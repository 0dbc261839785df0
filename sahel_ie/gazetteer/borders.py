"""Borders an article names, and how far a place lies from a country's territory.

"Gunmen entered the village of X near the Burkina Faso border": of a dozen villages called X, the one meant
lies within some tens of kilometres of Burkina Faso, not one far inland. The article names the border of
a country (the country written beside a border noun of ``syntax.json``: "the Niger border", "the border
with Niger", "the Burkina-Niger border", "la frontière nigérienne"); the installed GeoNames index of that
country stands in for its territory: its places' points, thinned to a coarse grid, are close enough to the
border line for a bonus counted in tens of kilometres.
"""

from __future__ import annotations

import math
from typing import Iterable

from spacy.tokens import Doc

from sahel_ie.gazetteer.index import GeoNamesIndex, GeoNamesSet
from sahel_ie.gazetteer.resolve import KnownPlaces
from sahel_ie.kb.places import Gazetteer
from sahel_ie.resources import read_lexicon

BEFORE_TOKENS = 5  # the border noun before the country: "the border between Mali and Niger", "la frontière avec le Niger"
AFTER_TOKENS = 3  # the border noun after the country: "the Burkina Faso border", "the Burkina-Niger border"
THIN_DEGREES = 0.05  # one point per ~5 km square is enough to tell 40 km from 200 km


class CountryPoints(KnownPlaces):
    """A country's places on a one-degree grid: ``nearest_km`` sees about 100 km around a point, as far
    as a border bonus reaches."""

    CELL = 1.0


_GRIDS: dict[str, CountryPoints] = {}


def country_points(index: GeoNamesIndex) -> CountryPoints:
    """The thinned points of one installed country index, read once per index file."""
    key = str(index.path)
    grid = _GRIDS.get(key)
    if grid is None:
        rows = index.points()
        thinned = {(math.floor(lat / THIN_DEGREES), math.floor(lon / THIN_DEGREES)): (lat, lon)
                   for lat, lon in rows if lat is not None and lon is not None}
        grid = _GRIDS[key] = CountryPoints(thinned.values())
    return grid


def border_nouns(lang: str | None = None) -> frozenset[str]:
    return frozenset(w.lower() for w in read_lexicon("syntax", lang).get("border_nouns", ()))


def named_borders(doc: Doc, gaz: Gazetteer) -> set[str]:
    """The countries whose border the article names: a country (its name or demonym) written within a few
    tokens of a border noun, in the same sentence."""
    nouns = border_nouns(doc.lang_)
    at_border = [t.i for t in doc if t.lower_ in nouns]
    if not at_border:
        return set()
    countries: set[str] = set()

    def near(first: int, last: int) -> bool:
        """A border noun a few tokens after the country ("the Niger border") or before it ("the border with
        Niger"), in its sentence."""
        sent = doc[first].sent
        return any(sent.start <= i < sent.end and (last < i <= last + AFTER_TOKENS or first - BEFORE_TOKENS <= i < first)
                   for i in at_border)

    for ent in doc.ents:
        place = gaz.get(ent.ent_id_) if ent.ent_id_ else None
        if place is not None and place.kind == "country" and place.country and near(ent.start, ent.end - 1):
            countries.add(place.country)
    for i in at_border:  # "the Malian border", "la frontière nigérienne"
        for token in doc[max(0, i - AFTER_TOKENS):min(len(doc), i + BEFORE_TOKENS + 1)]:
            country = gaz.country_of_demonym(token.text)
            if country and near(token.i, token.i):
                countries.add(country)
    return countries


def border_points(countries: Iterable[str], indexes: GeoNamesSet) -> list[tuple[str, KnownPlaces]]:
    """Each named border's country with its installed index's points (countries not installed are left out)."""
    wanted = set(countries)
    return [(index.country, country_points(index)) for index in indexes.indexes if index.country in wanted]


__all__ = ["CountryPoints", "border_points", "country_points", "named_borders"]
