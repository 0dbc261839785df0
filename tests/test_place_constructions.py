"""Place constructions (docs/gazetteer.md): a GeoNames spelling variant takes the entry's main name, an armed
group's unit name is no place, a victim's office town yields on the sentence fallback too, a base or camp
no gazetteer knows is coded at the town it is written in, the sides of a border rank with regions, and a
site "X (near Y)" is coded at its reference, while "X, between A and B" names X. Sentences are the
project's own."""

from __future__ import annotations

from conftest import first_location

from sahel_ie.evaluate import slots as S
from sahel_ie.gazetteer.reference import facility_before, reference_after
from sahel_ie.parsing import attack_arguments as args
from sahel_ie.parsing.place_fallback import _sentence_candidates
from sahel_ie.records import Attack, Location

# -- 1. a GeoNames match is named by the entry, the article's spelling stays in the text

def test_a_spelling_variant_takes_the_geonames_main_name(geo_nlp):
    location = first_location(geo_nlp, "A roadside bomb wounded two soldiers in the Egharghar valley between Aguelhok "
                                  "and Tessalit on Sunday.")
    assert location.gazetteer == "geonames:ML" and location.name != "Egharghar"
    assert location.name.startswith("Igh")  # the entry's own spelling
    assert "Egharghar" in location.text and "Egharghar" in location.evidence[0].text


def test_an_alternate_name_geonames_lists_is_kept_as_written(geo_nlp):
    # an alternate name is a name of the place that reports and coders share; only a spelling GeoNames
    # does not list is replaced
    location = first_location(geo_nlp, "Gunmen killed two herders in the village of Mougna near Djenne on Sunday.")
    assert location.gazetteer == "geonames:ML" and location.name == "Mougna"


def test_the_news_scorer_accepts_the_written_name():
    assert S.written_name("the area of In-Delimane, axis Ansongo-Menaka") == "In-Delimane"
    assert S.written_name("in the Savanes region of Togo") == "Savanes"
    assert S.written_name("near the border") is None
    predicted = Attack(id="a1", attack_type="bombing", text="bomb",
                       location=Location(text="in Egharghar valley", name="Igharghar"))
    assert {"igharghar", "egharghar"} <= S.place_values(predicted)


# -- 2. an actor's name never yields a place

def _candidate_names(nlp, text):
    doc = nlp(text)
    parse = args.ArgumentParse(doc)
    return [c.hit.ent.text for s in doc.sents for c in _sentence_candidates(parse, s)]


def test_a_unit_name_is_no_place(nlp):
    text = "Presumed Katiba Macina or Serma militants planted a mine that wounded four soldiers."
    assert "Serma" not in _candidate_names(nlp, text)
    assert first_location(nlp, text).name != "Serma"
    doc = nlp("The katiba Serma claimed the attack.")
    parse = args.ArgumentParse(doc)
    serma = [e for e in doc.ents if e.text == "Serma"]
    assert all(args._unit_name(parse, e) for e in serma)


# -- 3. the office town on the sentence fallback

def test_an_office_town_is_flagged_on_the_fallback(nlp):
    doc = nlp("Gunmen on motorbikes abducted the mayor of Boni and his driver, taking them between Douentza and Bore.")
    parse = args.ArgumentParse(doc)
    candidates = {c.hit.ent.text: c for s in doc.sents for c in _sentence_candidates(parse, s)}
    assert candidates["Boni"].office and not candidates["Douentza"].office


# -- 4. a base or camp no gazetteer knows, at the town it is written in

def test_an_unknown_base_in_a_town_is_coded_at_the_town(nlp):
    location = first_location(nlp, "Mortar shells hit the Tabarotin base in Gao on Tuesday, wounding two peacekeepers.")
    assert (location.name, location.site, location.geo_precision) == ("Gao", "Tabarotin", 2)
    location = first_location(nlp, "Rockets fell near camp Tabarotin in Gao on Tuesday, wounding two peacekeepers.")
    assert (location.name, location.site, location.geo_precision) == ("Gao", "Tabarotin", 2)


def test_a_force_s_base_keeps_the_town(nlp):
    location = first_location(nlp, "Mortar shells hit the MINUSMA base in Gao on Tuesday, wounding two peacekeepers.")
    assert location.name == "Gao" and location.site is None


def test_facility_connectors():
    text = "the Tabarotin base in Gao"
    refs = reference_after(text, text.index(" base"), len(text))
    assert [(r.kind, text[r.start:r.end]) for r in refs] == [("facility", "Gao")]
    text = "camp Tabarotin in Gao"
    assert facility_before(text, text.index("Tabarotin"))
    refs = reference_after(text, text.index(" in"), len(text), facility=True)
    assert ("facility", "Gao") in [(r.kind, text[r.start:r.end]) for r in refs]
    assert not reference_after(text, text.index(" in"), len(text))


# -- 5. other constructions

def test_the_sides_of_a_border_yield_to_the_town(nlp):
    location = first_location(nlp, "A mine killed two soldiers in the area of Dioura towards Diabaly on the border "
                              "between Segou and Mopti.")
    assert location.name == "Dioura"


def test_a_site_on_a_road_named_by_its_ends_keeps_its_name(nlp):
    location = first_location(nlp, "A mine killed two traders in Tabarotin, axis Gao-Bourem, on Monday.")
    # the road's end may lie far from the site: no point, the end's admin1 only
    assert (location.name, location.admin1, location.lat, location.site) == ("Tabarotin", "Gao", None, None)


def test_a_village_written_between_two_towns_is_the_scene(nlp):
    location = first_location(nlp, "Soldiers clashed with militants in the area of Tabarotin, between Gossi and "
                              "Hombori, on Monday.")
    assert location.site == "Tabarotin" or location.name == "Tabarotin"


def test_near_in_a_parenthesis_is_a_reference(nlp):
    location = first_location(nlp, "Hunters killed four herders in the village of Kassobaro (near Dioungani) on Friday.")
    assert (location.name, location.site, location.geo_precision) == ("Dioungani", "Kassobaro", 2)


def test_a_distance_hung_from_the_preposition_measures_from_the_town(nlp):
    doc = nlp("Militiamen clashed with gunmen after discovering their hideout about 15km from Boni.")
    parse = args.ArgumentParse(doc)
    prep = next(t.i for t in doc if t.lower_ == "from")
    if any(t.head.i == prep and t.lower_ in ("km", "15km") for t in doc):
        assert args._distance_from(parse, prep)
    location = first_location(nlp, "Militiamen clashed with gunmen after discovering their hideout about 15km from Boni.")
    assert location.name == "Boni" and location.relation == "near"


# -- the people of a place, and the source of a report

def test_the_victims_home_is_the_place_when_the_clause_names_no_other(nlp):
    location = first_location(nlp, "Jihadists shot dead two Kobolagou residents on their farms on Thursday.")
    assert location.name == "Kobolagou"


def test_a_town_the_clause_writes_the_event_at_beats_the_victims_home(nlp):
    location = first_location(nlp, "Gunmen killed two Gao residents in Menaka on Friday.")
    assert location.name == "Ménaka"


def test_a_peoples_name_before_villagers_is_no_place(nlp):
    location = first_location(nlp, "Gunmen killed two Fulani villagers on Friday.")
    assert location.name != "Fulani"


def test_the_source_of_according_to_is_never_the_place(nlp):
    location = first_location(nlp, "Jihadists shot dead two farmers outside the village on Thursday, "
                                    "according to Abdiye and Kyari.")
    assert location.name not in ("Abdiye", "Kyari")
