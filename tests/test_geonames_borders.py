"""A border the article names tells namesakes apart: the village "near the Burkina Faso border" is the one
within some tens of kilometres of Burkina Faso's places, not its namesake far inland.

The sentences and the places of the unit tests are the tests' own; the pipeline test reads the GeoNames
dumps of ``../shared/geonames`` (a name with one namesake by Burkina Faso and one far from it)."""

from __future__ import annotations

from conftest import first_location

from sahel_ie.gazetteer.borders import CountryPoints, named_borders
from sahel_ie.gazetteer.index import Candidate
from sahel_ie.gazetteer.resolve import W_BORDER_AROUND, W_BORDER_NEAR, PlaceContext, _scores, choose
from sahel_ie.kb.places import default_gazetteer


def _village(geonameid: int, country: str, lat: float, lon: float) -> Candidate:
    return Candidate(geonameid, "Kelbago", "P", "PPL", country, None, None, lat, lon, 0)


def test_the_border_of_a_named_country_is_found_beside_a_border_noun(nlp):
    gaz = default_gazetteer()
    assert named_borders(nlp("Gunmen raided a village near the Burkina Faso border."), gaz) == {"BF"}
    assert named_borders(nlp("Soldiers patrolled the border with Niger after the raid."), gaz) == {"NE"}
    assert named_borders(nlp("Militants fled towards the Malian border."), gaz) == {"ML"}
    assert named_borders(nlp("Gunmen from Niger raided a village; the border posts stayed shut."), gaz) == set()
    assert named_borders(nlp("Niger sent troops. Later that week a market burned near a border post."), gaz) == set()


def test_french_border_nouns_and_adjectives(nlp_fr):
    gaz = default_gazetteer()
    assert named_borders(nlp_fr("Des hommes armés ont attaqué un village près de la frontière nigérienne."), gaz) == {"NE"}
    assert named_borders(nlp_fr("Des soldats ont été tués près de la frontière avec le Burkina Faso."), gaz) == {"BF"}


def test_a_candidate_by_the_named_border_gets_the_points():
    border = CountryPoints([(14.50, -1.00), (14.40, -1.20)])
    ctx = PlaceContext(text="Gunmen raided Kelbago near the border.", borders=[("BF", border)])
    by_border = _village(1, "ML", 14.70, -1.00)  # about 22 km north of the neighbour's places
    around = _village(2, "ML", 15.05, -1.00)  # about 60 km
    inland = _village(3, "ML", 14.50, -5.00)
    inside = _village(4, "BF", 14.45, -1.10)  # in the named country: not "near its border"
    assert _scores(by_border, "Kelbago", 14, 21, ctx)["near the border the article names"] == W_BORDER_NEAR
    assert _scores(around, "Kelbago", 14, 21, ctx)["near the border the article names"] == W_BORDER_AROUND
    assert "near the border the article names" not in _scores(inland, "Kelbago", 14, 21, ctx)
    assert "near the border the article names" not in _scores(inside, "Kelbago", 14, 21, ctx)
    choice = choose("Kelbago", [inland, by_border], 14, 21, ctx)
    assert choice.best is by_border and choice.reason == "near the border the article names"
    assert choice.has_context


def test_the_namesake_by_the_named_border_wins_in_the_pipeline(geo_nlp):
    near = first_location(geo_nlp, "Gunmen killed two farmers in Mamabougou near the Burkina Faso border.")
    alone = first_location(geo_nlp, "Gunmen killed two farmers in Mamabougou.")
    assert near.gazetteer == alone.gazetteer == "geonames:ML"
    assert near.reason.startswith("near the border the article names")
    assert (near.lat, near.lon) != (alone.lat, alone.lon)


def test_the_established_entry_breaks_ties_only():
    from sahel_ie.gazetteer.resolve import ESTABLISHED_MAX_ID, KnownPlaces

    established = _village(ESTABLISHED_MAX_ID - 1, "ML", 14.0, -4.0)
    bulk = _village(ESTABLISHED_MAX_ID + 1, "ML", 15.5, -1.0)
    bare = PlaceContext(text="Gunmen raided Kelbago.", known=KnownPlaces([]))
    assert choose("Kelbago", [bulk, established], 14, 21, bare).best is established
    # one reviewed place of the conflict zone beside the bulk-imported entry outweighs the established id
    zone = PlaceContext(text="Gunmen raided Kelbago.", known=KnownPlaces([(15.6, -1.0)]))
    assert choose("Kelbago", [bulk, established], 14, 21, zone).best is bulk
