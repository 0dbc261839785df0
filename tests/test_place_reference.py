"""Villages no gazetteer locates are coded, as ACLED codes them, at the town, commune or cercle the text
measures them from ("X, 8 km from Y", "X (Y)", "X, Cercle of Y") at geo precision 2, keeping the village
as the record's ``site``; a village a gazetteer knows keeps its own entry; a region beside a village only
gives its admin1. Also the coder's "(coded as Y ...)" parenthesis later in the sentence.

The sentences are the tests' own; the village names are made up so that no gazetteer holds them."""

from __future__ import annotations

import pytest
from conftest import first_location

import sahel_ie
from sahel_ie.evaluate import slots as S
from sahel_ie.gazetteer.locate import coded_as
from sahel_ie.gazetteer.reference import reference_after


def _refs(text, village):
    end = text.index(village) + len(village)
    return [(text[r.start:r.end], r.kind, r.unit) for r in reference_after(text, end, len(text))]


@pytest.mark.parametrize("text, village, expected", [
    ("raided Kobolaga, 12 km from Boni, at dawn", "Kobolaga", ("Boni", "distance", None)),
    ("in Kobolaga, about 30km south-east of Hombori.", "Kobolaga", ("Hombori", "distance", None)),
    ("in Kobolaga village, a few kilometres from Boni", "Kobolaga", ("Boni", "distance", None)),
    ("in Kobolaga, west of Talataye.", "Kobolaga", ("Talataye", "direction", None)),
    ("near Kobolaga, not far from Ménaka", "Kobolaga", ("Ménaka", "near", None)),
    ("in Kobolaga (Mondoro) on Friday", "Kobolaga", ("Mondoro", "parenthesis", None)),
    ("in Kobolaga, Cercle of Koro, Mopti Region", "Kobolaga", ("Koro", "unit", "cercle")),
    ("in Kobolaga in the commune of Dioungani", "Kobolaga", ("Dioungani", "unit", "commune")),
    ("in Kobolaga in Ténenkou Cercle", "Kobolaga", ("Ténenkou", "unit", "cercle")),
    ("in Kobolaga, Gao Region", "Kobolaga", ("Gao", "apposition", "region")),
])
def test_the_words_that_tie_a_village_to_its_reference(text, village, expected):
    assert _refs(text, village)[0] == expected


def test_nothing_follows_a_village_that_ends_its_phrase():
    assert _refs("Gunmen raided Kobolaga and burned the granaries.", "Kobolaga") == []


@pytest.mark.parametrize("text, village, town", [
    ("Gunmen killed two herders in Kobolaga, 12 km from Boni, on Friday.", "Kobolaga", "Boni"),
    ("Jihadists abducted a teacher in Tinzalbat (Bourem) on Monday.", "Tinzalbat", "Bourem"),
    ("Militiamen attacked the hamlet of Sabourdé, Cercle of Koro, on Tuesday, killing four.", "Sabourdé", "Koro"),
    ("Gunmen shot a trader at the market in Kobolaga, west of Talataye.", "Kobolaga", "Talataye"),
])
def test_an_unlocated_village_is_coded_at_its_reference_town(nlp, text, village, town):
    location = first_location(nlp, text)
    assert (location.name, location.site, location.geo_precision, location.relation) == (town, village, 2, "near")
    assert location.lat is not None and location.place_id
    assert village in location.reason and town in location.reason
    assert S.fold(village) in S.place_values(sahel_ie.extract(text, nlp=nlp).attacks[0])


def test_a_known_village_keeps_its_own_entry(nlp):
    location = first_location(nlp, "Gunmen killed two herders in Gossi, 40 km from Hombori, on Friday.")
    assert (location.name, location.site) == ("Gossi", None)


def test_a_region_beside_a_village_only_gives_its_admin1(nlp):
    location = first_location(nlp, "Gunmen killed two herders in Kobolaga, Mopti Region, on Friday.")
    assert (location.name, location.site, location.admin1, location.lat) == ("Kobolaga", None, "Mopti", None)


def test_a_capital_written_beside_a_village_may_be_its_region(nlp):
    # "X, Mopti" names the region as often as the town; a distance from Mopti names the town
    beside = first_location(nlp, "Gunmen killed two herders in Kobolaga, Mopti, on Friday.")
    assert (beside.name, beside.site, beside.admin1) == ("Kobolaga", None, "Mopti")
    measured = first_location(nlp, "Gunmen killed two herders in Kobolaga, 20 km from Mopti, on Friday.")
    assert (measured.name, measured.site, measured.geo_precision) == ("Mopti", "Kobolaga", 2)


def test_a_road_between_an_unlocated_village_and_a_town_is_coded_at_the_town(nlp):
    location = first_location(nlp, "An IED hit a lorry on the Kobolaga-Hombori road on Monday, killing the driver.")
    assert (location.name, location.site, location.relation, location.geo_precision) == (
        "Hombori", "Kobolaga", "between", 2)


def test_peoples_names_are_no_village_to_recode(nlp):
    location = first_location(nlp, "Gunmen attacked Fulani herders near Boni on Friday, killing three.")
    assert location.site is None and location.name == "Boni"


@pytest.mark.parametrize("text, name, precision", [
    ("killed two men between Kobolaga and Boni (coded as Kobolaga at geoprecision 2), then fled", "Kobolaga", 2),
    ("hit a truck east of Ansongo (coded as Tassiga prec2), killing", "Tassiga", 2),
    ("struck a car south of Talataye (coded as approximate location at Kobolaga, geoprecision 2)", "Kobolaga", 2),
])
def test_the_coders_parenthesis_later_in_the_sentence(text, name, precision):
    found = coded_as(text, text.index(" ") + 1, len(text))
    assert found is not None and (found[0], found[3]) == (name, precision)


# ---------------------------------------------------------------- settlement names the parse reads awkwardly

@pytest.mark.parametrize("text", [
    "On May 2, presumed militiamen attacked the Dogon village of Kobolaga, the attack was repelled and one killed.",
    "On May 2, militiamen attacked the Fulani hamlet Kobolaga, the hamlet was burned and two herders killed.",
    "Islamist militants abducted the village chief of Kobolaga.",
    "Gunmen killed two herders in the Kobolaga area on Friday.",
])
def test_the_settlement_is_named_whatever_the_people_or_office_beside_it(nlp, text):
    assert first_location(nlp, text).name == "Kobolaga"


def test_a_known_town_before_the_settlement_noun_only_says_where_the_village_lies(nlp):
    location = first_location(nlp, "Gunmen killed twelve civilians in an attack on the Tillaberi village of Kobolaga.")
    assert location.name == "Kobolaga"
    # the village is the attack's target: the town written in front is still no candidate of its own
    target = first_location(nlp, "In May, 22 civilians were killed in an attack on the Mopti village of Kobolaga.")
    assert target.name == "Kobolaga" and target.admin1 == "Mopti"
    seytenga = first_location(nlp, "Gunmen attacked Seytenga village of northern Burkina Faso on Friday, killing ten.")
    assert seytenga.name == "Seytenga"  # a country after "of" is never the village's name


def test_a_peoples_name_before_the_settlement_noun_is_no_place(nlp):
    location = first_location(nlp, "On May 2, militiamen attacked a Dogon village, killing two herders.")
    assert location.name != "Dogon"


def test_the_unknown_area_of_a_commune_is_coded_at_the_commune(nlp):
    location = first_location(nlp, "Gunmen abducted a herder in the Kobolagaa area of Mondoro on Friday.")
    assert (location.name, location.site, location.geo_precision) == ("Mondoro", "Kobolagaa", 2)


@pytest.mark.parametrize("text, village, town", [
    ("Gunmen attacked a checkpoint in Kobolaga, near Boni, on Friday.", "Kobolaga", "Boni"),
    ("Gunmen killed a trader in Tinzalbat, 30 km north of Bourem.", "Tinzalbat", "Bourem"),
])
def test_the_village_measured_from_a_known_town_is_the_scene(nlp, text, village, town):
    # the town ranks first among the candidates, but it only says where the village lies
    location = first_location(nlp, text)
    assert (location.name, location.site, location.geo_precision) == (town, village, 2)
    assert village in location.reason


def test_a_tamasheq_prefix_split_at_its_hyphen_stays_on_the_name(nlp):
    location = first_location(nlp, "Gunmen opened fire on a convoy in the area of In-Kobolaga, wounding two.")
    assert location.name == "In-Kobolaga"


def test_the_market_of_a_village_names_the_village(nlp):
    location = first_location(nlp, "Gunmen killed a trader at the market of Kobolaga on Monday.")
    assert (location.name, location.geo_precision) == ("Kobolaga", 1)


def test_an_unknown_first_end_of_a_stretch_is_not_read_as_its_known_second_end(nlp):
    # the parse hangs "Dioungani" below "Kobolaga": the known town is the other end, not the name's place
    location = first_location(nlp, "On Monday, an army truck was struck by a bomb between Kobolaga and Dioungani, "
                              "killing two soldiers.")
    assert (location.site, location.name, location.relation) == ("Kobolaga", "Dioungani", "between")
    assert "the other end" in location.reason


@pytest.mark.parametrize("text, first", [
    ("An army vehicle was struck by an IED, axis Tenenkou-Dia, two wounded.", "Ténenkou"),
    ("An army truck was struck by a mine on the axis Koro-Mondoro on Monday.", "Koro"),
])
def test_a_road_noun_written_before_its_two_ends(nlp, text, first):
    location = first_location(nlp, text)
    assert (location.name, location.relation, location.geo_precision) == (first, "between", 2)


@pytest.mark.parametrize("text, name", [
    ("Gunmen clashed in the area of Kobo-Inaly, Tombouctou Region, killing seven.", "Kobo-Inaly"),
    ("Gunmen clashed in the area of Bourem-Kobolaga, Tombouctou Region, killing seven.", "Bourem-Kobolaga"),
])
def test_a_hyphenated_name_cut_at_its_hyphen_is_one_place(nlp, text, name):
    # a known town on one side of the hyphen ("Bourem") is no reason to read the name as that town
    location = first_location(nlp, text)
    assert location.name == name and location.admin1 == "Tombouctou"


def test_both_words_of_a_hyphenated_village_are_its_site(nlp):
    location = first_location(nlp, "An IED attack against the army was reported in the Kobo-Koura area of Diabaly.")
    assert (location.site, location.name) == ("Kobo-Koura", "Diabaly")


def test_a_place_inside_a_town_is_coded_at_the_town_itself(nlp):
    square = first_location(nlp, "A gendarmerie vehicle was attacked by gunmen at Kobolaga Square, central "
                                 "Timbuktu, wounding two.")
    assert (square.name, square.site, square.geo_precision, square.relation) == ("Timbuktu", "Kobolaga Square", 1, "in")
    quarter = first_location(nlp, "Gunmen shot dead a trader in the Kobolagou neighbourhood of Bamako on Monday.")
    assert quarter.name == "Bamako" and quarter.geo_precision == 1


def test_an_actors_headquarters_in_a_town_is_coded_at_the_town(nlp):
    location = first_location(nlp, "On Friday, a suicide bomber drove a car bomb into the MINUSMA headquarters in "
                                   "Sevare, killing two soldiers.")
    assert location.name == "Sévaré"
    unknown = first_location(nlp, "Gunmen attacked the Kobolaga headquarters in Sevare on Friday, killing two.")
    assert unknown.name == "Sévaré"


def test_a_religious_feast_is_no_place(nlp):
    location = first_location(nlp, "A group of preachers commemorating the Mawlid were attacked by gunmen on "
                                   "Friday, and two were killed.")
    assert location.name != "Mawlid"


def test_the_headquarters_connector_reads_a_base_written_in_a_town():
    text = "Gunmen attacked the Kobolaga headquarters in Sevare on Friday."
    refs = reference_after(text, text.index(" headquarters"), len(text))
    assert [(text[r.start:r.end], r.kind) for r in refs][:1] == [("Sevare", "facility")]
    text = "Gunmen attacked Kobolaga Square, central Timbuktu, on Friday."
    refs = reference_after(text, text.index(", central"), len(text))
    assert [(text[r.start:r.end], r.kind) for r in refs][:1] == [("Timbuktu", "inside")]
