"""Choosing places with the GeoNames gazetteers installed: the caller's stated country against namesakes
abroad, shipped villages that GeoNames knows only by their water point, wetlands kept in the index, and
two-word names the NER cut in two that GeoNames spells otherwise. Sentences are the tests' own; the
places are real entries of the dumps in ``../shared/geonames`` (read from there, never copied)."""

from __future__ import annotations

import re

from conftest import GEONAMES_DIR, first_location

from sahel_ie.gazetteer.resolve import km
from sahel_ie.kb.places import Gazetteer

HERDERS = "Gunmen killed two herders in {} on Monday."


def _dump_rows(country: str, name: str) -> list[list[str]]:
    """The dump's rows whose name or ASCII name is ``name``."""
    rows = []
    with open(GEONAMES_DIR / f"{country}.txt", encoding="utf-8") as dump:
        for line in dump:
            cols = line.rstrip("\n").split("\t")
            if name in (cols[1], cols[2]):
                rows.append(cols)
    return rows


def test_a_namesake_abroad_with_nothing_for_it_is_not_taken_for_the_stated_country(geo_nlp):
    # "Saye" has GeoNames settlements in Mauritania and Burkina Faso and none in Mali
    assert not _dump_rows("ML", "Saye") and not _dump_rows("ML", "Sayé")
    abroad = first_location(geo_nlp, HERDERS.format("Saye"), country="ML")
    assert abroad.name == "Saye" and abroad.lat is None and abroad.geonames_id is None
    at_home = first_location(geo_nlp, HERDERS.format("Saye"), country="MR")
    assert at_home.country == "MR" and at_home.geonames_id is not None


def test_a_namesake_abroad_that_the_text_supports_is_still_taken(geo_nlp):
    # the article names Mauritania: its Sayé is meant although the caller's feed is Malian
    found = first_location(geo_nlp, "Gunmen killed two herders in Saye in southern Mauritania on Monday.",
                           country="ML")
    assert found.country == "MR" and found.geonames_id is not None


def test_a_shipped_town_of_another_country_yields_to_a_namesake_in_the_stated_one(geo_nlp):
    text = "An IED killed two soldiers near Manga on Tuesday."
    shipped = first_location(geo_nlp, text)
    assert shipped.country == "BF" and shipped.gazetteer == "shipped"
    malian = first_location(geo_nlp, text, country="ML")
    assert malian.country == "ML" and malian.gazetteer == "geonames:ML"
    assert "outside the article's country" in malian.reason


def test_a_shipped_town_keeps_its_country_when_the_article_names_that_country(geo_nlp):
    found = first_location(geo_nlp, "An IED killed two Burkinabe soldiers near Manga on Tuesday.", country="ML")
    assert found.country == "BF" and found.gazetteer == "shipped"


def test_a_shipped_village_takes_the_point_of_its_water_point_within_its_stated_uncertainty(geo_nlp):
    table = Gazetteer.load()
    village = table.get("ml-n-daki")
    assert village.point_uncertainty_deg == 1.0 and village.uncertainty_km == 111.0
    water = {int(r[0]): (float(r[4]), float(r[5])) for r in _dump_rows("ML", "Ndaki") if r[6] == "H"}
    assert water and not [r for r in _dump_rows("ML", "Ndaki") if r[6] == "P"]
    found = first_location(geo_nlp, HERDERS.format("N'Daki"))
    assert found.gazetteer == "shipped" and found.name == "N'Daki"
    assert found.geonames_id in water and (found.lat, found.lon) == water[found.geonames_id]
    assert km((village.lat, village.lon), water[found.geonames_id]) <= village.uncertainty_km
    assert "from GeoNames" in found.reason


def test_every_stated_uncertainty_of_the_table_is_a_field_too():
    table = Gazetteer.load()
    import json

    from sahel_ie.resources import read_json

    for raw in read_json("places.json")["places"]:
        stated = re.search(r"approximate to ([0-9.]+)°", raw.get("source") or "")
        assert raw.get("point_uncertainty_deg") == (float(stated.group(1)) if stated else None), raw["id"]
        assert table.get(raw["id"]).point_uncertainty_deg == raw.get("point_uncertainty_deg")
    assert json.dumps(table.get("ml-n-daki").to_dict())  # the field serialises with the entry


def test_intermittent_wetlands_are_kept_in_the_index(geo_home):
    from sahel_ie.gazetteer import home
    from sahel_ie.gazetteer.index import GeoNamesIndex

    wetlands = [r for r in _dump_rows("ML", "Agoufou") if r[7] in ("WTLD", "WTLDI")]
    assert wetlands
    index = GeoNamesIndex(home.installed(geo_home)["ML"])
    kept = {c.geonameid for c in index.lookup_key("agoufou")}
    assert {int(r[0]) for r in wetlands} <= kept


def test_a_two_word_name_spelt_otherwise_in_geonames_is_joined_and_found(geo_nlp):
    official = _dump_rows("ML", "Toguere-Koumbe")
    assert official
    found = first_location(geo_nlp, "Gunmen shot dead a trader in Tougere Koumbe on Friday.", country="ML")
    assert found.geonames_id == int(official[0][0])
    assert "written Tougere Koumbe" in found.reason


def test_a_spelling_of_a_reviewed_village_the_table_lacks_is_that_village(nlp, geo_nlp):
    from sahel_ie.gazetteer.locate import shipped_variant

    table = Gazetteer.load()
    assert not table.lookup("Boulikassi")
    assert shipped_variant(table, "Boulikassi").id == "ml-boulkessi"
    assert shipped_variant(table, "Boulikessi").id == "ml-boulkessi"  # an alias, spelt as listed
    assert shipped_variant(table, "Bamako") is None or shipped_variant(table, "Bamako").name == "Bamako"
    for pipeline in (nlp, geo_nlp):
        found = first_location(pipeline, HERDERS.format("Boulikassi"))
        assert found.place_id == "ml-boulkessi" and found.reason.startswith("written Boulikassi")


def test_a_town_the_ruler_finds_inside_the_mention_is_no_neighbour_of_it(geo_nlp):
    # "Baroua" (a town of Niger's Diffa region) is half of the Malian village's hyphenated name
    text = "Gunmen abducted a man between Gomso-Baroua and Kobou (coded as Gomso-Baroua at geoprecision 2)."
    found = first_location(geo_nlp, text)
    assert found.name == "Gomso-Baroua" and found.admin1 is None and found.place_id is None
    assert first_location(geo_nlp, text, country="ML").country == "ML"  # the caller's country, not Baroua's


def test_a_village_named_after_a_known_one_is_coded_there(nlp):
    found = first_location(nlp, "Gunmen killed a merchant in the area of Djebock-Semit on Monday.")
    assert (found.name, found.site, found.geo_precision) == ("Djebock", "Djebock-Semit", 2)
    assert "the known part of its name" in found.reason


def test_a_prefixed_or_community_name_is_not_cut_into_parts(nlp):
    for name in ("Tin-Djebock", "Djebocko-Peulh"):
        found = first_location(nlp, HERDERS.format(name))
        assert found.site is None and found.name == name, found


def test_a_spelling_variant_of_the_whole_name_beats_a_known_part(geo_nlp):
    whole = [r for r in _dump_rows("ML", "Bourem Inali")]
    assert whole
    found = first_location(geo_nlp, HERDERS.format("Bourem-Inaly"), country="ML")
    assert found.geonames_id == int(whole[0][0]) and found.site is None


def test_the_coders_parenthesis_places_a_record_the_parse_places_nowhere(geo_nlp):
    text = ("On Monday, a truck was struck by an IED on the axis Kobou-Tinkarazeina (coded as Dankoussa at "
            "geoprecision {}), one killed and two wounded.")
    assert _dump_rows("ML", "Dankoussa")
    for precision, relation in ((1, "in"), (2, "near")):
        found = first_location(geo_nlp, text.format(precision))
        assert (found.name, found.geo_precision, found.relation) == ("Dankoussa", precision, relation)
        assert found.geonames_id is not None and "the coder's place" in found.reason


def test_a_spelling_variant_where_the_text_puts_the_village_is_the_village(geo_nlp):
    # GeoNames spells the village "Orowara" and lists no "Orowaran"; it lies in the cercle written beside it
    assert _dump_rows("ML", "Orowara") and not _dump_rows("ML", "Orowaran")
    found = first_location(geo_nlp, "Gunmen killed two herders in Orowaran, Cercle of Koro, on Monday.")
    assert found.name == "Orowara" and found.geo_precision == 1 and found.geonames_id is not None
    assert "variant" in found.reason and "Koro" in found.reason
    assert found.site is None and "Orowaran" in found.text


def test_the_variant_must_lie_at_the_distance_the_text_states(geo_nlp):
    near = first_location(geo_nlp, "Gunmen killed two herders in the area of Inghalaman, about 45km southeast of "
                                   "Hombori, on Monday.")
    assert near.name == "Ghalaman" and near.geonames_id is not None
    far = first_location(geo_nlp, "Gunmen killed two herders in the area of Inghalaman, about 150km southeast of "
                                  "Hombori, on Monday.")
    assert far.name == "Hombori" and far.site == "Inghalaman" and far.geo_precision == 2


def test_a_short_name_is_not_matched_to_a_nearby_variant(geo_nlp):
    # a close spelling of a five-letter name lies near almost any town: the village stays coded at Koro
    found = first_location(geo_nlp, "Gunmen killed two herders near the village of Bondo, Cercle of Koro, on Monday.")
    assert found.name == "Koro" and found.site == "Bondo"


def test_one_sentence_placing_its_event_by_the_village_and_by_its_reference_is_one_attack(geo_nlp):
    # the blast is placed by the town the village is measured from, the device by the village: one event
    import sahel_ie

    found = sahel_ie.extract("On Sunday, a herder was killed by the explosion of an IED which struck the cart he "
                             "was riding in the area of Inghalaman, about 45km southeast of Hombori.", nlp=geo_nlp)
    assert len(found.attacks) == 1
    assert sum(c.count for c in found.attacks[0].casualties if c.outcome == "killed") == 1
