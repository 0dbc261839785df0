"""Choosing among namesakes with GeoNames installed: a hand-placed shipped point takes its one GeoNames twin
even a degree away, a shipped town far from the article's other places gives way to a namesake near them,
and a village whose namesakes all lie far from the place written beside it is coded at that neighbour.

The dumps are read from ``../shared/geonames`` beside the clone; the sentences are the tests' own."""

from __future__ import annotations

import pytest
from conftest import first_location

from sahel_ie.gazetteer import home
from sahel_ie.gazetteer.locate import COARSE_REFINE_KM, _coarse_point
from sahel_ie.gazetteer.resolve import km
from sahel_ie.kb.places import default_gazetteer


def test_a_hand_placed_point_takes_its_one_twin_further_away(geo_nlp):
    shipped = next(p for p in default_gazetteer() if p.id == "ml-talataye")
    assert _coarse_point(shipped.lat, shipped.lon)
    location = first_location(geo_nlp, "Gunmen killed five herders near Talataye on Sunday.")
    assert location.place_id == "ml-talataye" and location.geonames_id is not None
    moved = km((shipped.lat, shipped.lon), (location.lat, location.lon))
    assert 0 < moved <= COARSE_REFINE_KM


def test_a_shipped_town_far_from_the_article_gives_way_to_a_namesake_near_it(geo_nlp):
    location = first_location(geo_nlp, "Gunmen abducted three farmers in the village of Kara near Diafarabe.")
    assert (location.country, location.admin1, location.gazetteer) == ("ML", "Mopti", "geonames:ML")
    assert "far from the article's other places" in location.reason
    # with nothing else named, the curated entry keeps priority
    alone = first_location(geo_nlp, "Gunmen killed a trader in Kara, northern Togo.")
    assert alone.country == "TG" and alone.gazetteer == "shipped"


def test_far_namesakes_leave_the_cercle_named_beside(geo_nlp):
    location = first_location(geo_nlp, "Militants ambushed a patrol near the village of Bondo, Cercle of Koro, on Friday.")
    assert (location.site, location.name, location.admin1, location.geo_precision) == ("Bondo", "Koro", "Mopti", 2)
    assert "Bondo is in no gazetteer" in location.reason


def test_a_namesake_near_a_namesake_of_another_place_of_the_article(geo_nlp, geo_home):
    from sahel_ie.gazetteer.index import open_indexes

    location = first_location(geo_nlp, "Unknown gunmen shot dead a forest agent between Boulouli and Bougaria.")
    assert "namesake" in (location.reason or "")
    indexes = open_indexes([str(p) for p in home.installed(geo_home).values()])
    others = [(c.lat, c.lon) for c in indexes.lookup("Bougaria")]
    assert min(km((location.lat, location.lon), p) for p in others) <= 30


@pytest.mark.parametrize("text, village, admin1, precision", [
    ("Two soldiers were killed when gunmen attacked a checkpoint in Marina, near Mopti.", "Marina", "Mopti", 1),
    ("A hunter was killed by gunmen in the Tougou area of Segou.", "Tougou", "Ségou", 2),
    ("Militants abducted two men in the area of Edjerir (Tessalit, Kidal) last week.", "Edjerir", "Kidal", 2),
])
def test_a_village_geonames_knows_wins_the_town_written_beside_it(geo_nlp, text, village, admin1, precision):
    location = first_location(geo_nlp, text)
    assert (location.name, location.admin1, location.geo_precision) == (village, admin1, precision)
    assert location.gazetteer == "geonames:ML" and location.site is None


def test_a_region_written_beside_a_village_is_no_town_it_lies_near(geo_nlp):
    # "X, Segou" names the region: nearness to the town of Segou decides nothing, and a namesake far from
    # that town is still the village (not one the gazetteers lack)
    location = first_location(geo_nlp, "A dozen gunmen on motorbikes attacked the gendarmerie in Benena, Segou, on Monday.")
    assert location.admin1 == "Ségou" and location.lat is not None and location.geonames_id is not None
    assert "near the article's other places" not in (location.reason or "")
    # written elsewhere in the sentence, the town is one the village lies near
    zambougou = first_location(geo_nlp, "Gunmen attacked the gendarmerie post in Zambougou, on the road between "
                                   "Segou and Bamako, killing the commander.")
    assert zambougou.lat is not None and zambougou.admin1 == "Ségou"
