"""Where the article's actors operate (``regions`` in ``models/actors.json``) as a clue to its places: a
namesake in an actor's region is likelier, and a village no gazetteer holds takes the one region every
named actor shares. Sentences are the tests' own; GeoNames entries are read from ``../shared/geonames``."""

from __future__ import annotations

import pytest
from conftest import GEONAMES_DIR, first_location

from sahel_ie.gazetteer.build import ADMIN1_SPELLINGS
from sahel_ie.gazetteer.index import Candidate
from sahel_ie.gazetteer.keys import key
from sahel_ie.gazetteer.resolve import PlaceContext, choose
from sahel_ie.kb.actors import ActorKB, default_kb
from sahel_ie.kb.extras import ExtraDataError, validate_actors


def _admin1_names() -> dict[str, set[str]]:
    """Country -> folded first-level names as GeoNames publishes them, plus the current spellings."""
    names: dict[str, set[str]] = {}
    with open(GEONAMES_DIR / "admin1CodesASCII.txt", encoding="utf-8") as table:
        for line in table:
            code, name = line.split("\t")[:2]
            names.setdefault(code.split(".")[0], set()).add(key(name))
    for country, spellings in ADMIN1_SPELLINGS.items():
        names.setdefault(country, set()).update(key(v) for v in spellings.values())
    return names


def test_every_actor_region_is_a_first_level_region_of_its_country():
    known = _admin1_names()
    listed = [(actor.id, country, admin1) for actor in default_kb() for country, admin1 in actor.regions]
    assert len(listed) > 40
    wrong = [x for x in listed if x[1] in known and key(x[2]) not in known[x[1]]]
    assert not wrong
    # a region lies in one of the actor's countries
    assert all(country in default_kb().get(actor_id).countries for actor_id, country, _ in listed)


def test_regions_round_trip_through_to_dict():
    macina = default_kb().get("katiba_macina")
    assert ("ML", "Mopti") in macina.regions
    raw = macina.to_dict()
    assert raw["regions"] == {"ML": ["Mopti", "Ségou"]}
    entry = {"id": "x", "name": "x", "type": "militia", "regions": raw["regions"]}
    assert ActorKB._actor_from(entry).regions == macina.regions


@pytest.mark.parametrize("regions", [["Mopti"], {"Mali": ["Mopti"]}, {"ML": "Mopti"}, {"ML": [""]}])
def test_user_actors_with_malformed_regions_are_refused(regions):
    entry = {"id": "new_militia", "name": "New militia", "type": "militia", "countries": ["ML"], "regions": regions}
    with pytest.raises(ExtraDataError, match="regions"):
        validate_actors({"actors": [entry]})


def test_user_actors_may_give_regions():
    entry = {"id": "new_militia", "name": "New militia", "type": "militia", "countries": ["ML"],
             "regions": {"ML": ["Mopti"]}}
    assert validate_actors({"actors": [entry]})[0]["regions"] == {"ML": ["Mopti"]}


def _candidate(geonameid: int, admin1: str, lat: float, lon: float) -> Candidate:
    return Candidate(geonameid=geonameid, name="Kelbo", fclass="P", fcode="PPL", country="ML", admin1=admin1,
                     admin2=None, lat=lat, lon=lon, population=0)


def test_a_namesake_where_the_actors_operate_wins_a_tie():
    text = "Fighters attacked Kelbo."
    north, centre = _candidate(1, "Gao", 16.0, 0.0), _candidate(2, "Mopti", 14.5, -3.5)
    plain = choose("Kelbo", [north, centre], 18, 23, PlaceContext(text=text))
    assert plain.best.geonameid == 1  # the lower id breaks the tie
    ctx = PlaceContext(text=text, actor_regions=frozenset({("ML", "mopti")}))
    chosen = choose("Kelbo", [north, centre], 18, 23, ctx)
    assert chosen.best.geonameid == 2 and chosen.reason == "where the article's actors operate"
    # a prior about the actor, not the place: the region the article writes beside the name outweighs it
    beside = PlaceContext(text="Fighters attacked Kelbo, Gao.", actor_regions=frozenset({("ML", "mopti")}))
    assert choose("Kelbo", [north, centre], 18, 23, beside).best.geonameid == 1


def test_the_actors_region_picks_the_namesake_in_the_real_pipeline(geo_nlp):
    # GeoNames lists a Doro in Gao and a Doro in Mopti; a northern militia's ambush is the one in Gao
    plain = first_location(geo_nlp, "Gunmen ambushed a convoy near Doro on Monday.")
    northern = first_location(geo_nlp, "GATIA militiamen ambushed a convoy near Doro on Monday.")
    assert plain.admin1 == "Mopti"
    assert northern.admin1 == "Gao" and northern.geonames_id != plain.geonames_id
    assert "actors operate" in northern.reason


def test_an_unknown_village_takes_the_one_region_its_actors_share(geo_nlp):
    text = "{} attacked the hamlet of Kwelbodou on Monday, killing three herders."
    found = first_location(geo_nlp, text.format("Dan Na Ambassagou militiamen"), country="ML")
    assert (found.name, found.admin1, found.lat, found.geonames_id) == ("Kwelbodou", "Mopti", None, None)
    assert "actors operate" in found.reason
    assert first_location(geo_nlp, text.format("Gunmen"), country="ML").admin1 is None
    # ISGS and GATIA share two regions: no single one to give
    assert first_location(geo_nlp, text.format("ISGS fighters and GATIA militiamen"), country="ML").admin1 is None
    # the region must lie in the article's country, and that country must be known
    assert first_location(geo_nlp, text.format("Dan Na Ambassagou militiamen"), country="BF").admin1 is None
    assert first_location(geo_nlp, text.format("Dan Na Ambassagou militiamen")).admin1 is None
