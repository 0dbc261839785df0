"""Offline GeoNames gazetteers: compiling the published dumps, lookups, the CLI, downloading from a local
server, and place resolution in the pipeline (context, renamed regions, precision, actor names).

The dumps are read from ``../shared/geonames`` beside the clone (never copied into the repository); the
sentences are the tests' own.
"""

from __future__ import annotations

import functools
import http.server
import threading
import zipfile
from pathlib import Path

import pytest
from conftest import first_location

import sahel_ie
from sahel_ie.cli import main as cli_main
from sahel_ie.gazetteer import home, open_indexes
from sahel_ie.gazetteer.build import add_files, clean_admin2, current_admin1, read_rows
from sahel_ie.gazetteer.download import download
from sahel_ie.gazetteer.index import GeoNamesIndex, GeoNamesSet, prefix_variant
from sahel_ie.gazetteer.keys import skeleton
from sahel_ie.gazetteer.locate import resolve
from sahel_ie.kb.places import default_gazetteer

ROOT = Path(__file__).resolve().parent.parent
GEONAMES = ROOT.parent / "shared" / "geonames"
COUNTRIES = ("ML", "BF", "NE", "MR")


def _dump(code: str) -> Path:
    path = GEONAMES / f"{code}.txt"
    assert path.is_file(), f"GeoNames dump missing: {path} (../shared/geonames must sit beside the clone)"
    return path


@pytest.fixture(scope="session")
def indexes(geo_home) -> GeoNamesSet:
    return GeoNamesSet(GeoNamesIndex(path, code) for code, path in home.installed(geo_home).items())


# ------------------------------------------------------------------ building and lookups

def test_every_country_gets_an_index_with_attribution(geo_home):
    found = home.installed(geo_home)
    assert sorted(found) == sorted(COUNTRIES)
    meta = GeoNamesIndex(found["ML"], "ML").meta()
    assert int(meta["places"]) > 1000 and "Creative Commons Attribution 4.0" in meta["attribution"]


def test_lookups_ignore_diacritics_hyphens_and_case(indexes):
    for spelling in ("Diafarabé", "Diafarabe", "DIAFARABE"):
        found = indexes.lookup(spelling)
        assert [c.admin1 for c in found] == ["Mopti"], spelling
    assert {c.geonameid for c in indexes.lookup("Gorom-Gorom")} == {c.geonameid for c in indexes.lookup("Gorom Gorom")}


def test_spelling_variants_are_found_only_through_the_fuzzy_lookup(indexes):
    assert indexes.lookup("Diafarrabe") == []
    assert [c.name for _, c in indexes.fuzzy("Diafarrabe")][:1] == ["Diafarabé"]
    assert skeleton("boulikessi") == skeleton("boulkessi")


def test_the_tamasheq_prefix_is_one_name_however_written(indexes):
    assert prefix_variant("in tamede") == "i n tamede" and prefix_variant("i n tamede") == "in tamede"
    assert prefix_variant("tin tegrin") == "ti n tegrin" and prefix_variant("ti n tegrin") == "tin tegrin"
    assert prefix_variant("inekar") is None and prefix_variant("tinzawatene") is None  # one word: no prefix
    written = {c.geonameid for c in indexes.lookup("In-Tamede")}
    assert written and written == {c.geonameid for c in indexes.lookup("I-n-Tamédé")}


def test_only_places_attacks_happen_at_are_kept(tmp_path):
    rows = [  # made-up rows in the dump's 19-column layout
        "1\tKalamba\tKalamba\t\t14.1\t-3.2\tP\tPPL\tML\t\t04\t\t\t\t120\t\t280\tAfrica/Bamako\t2016-01-01",
        "2\tKalamba Hill\tKalamba Hill\t\t14.2\t-3.3\tT\tHLL\tML\t\t04\t\t\t\t0\t\t300\tAfrica/Bamako\t2016-01-01",
        "3\tPuits Kalamba\tPuits Kalamba\t\t14.3\t-3.4\tH\tWLL\tML\t\t04\t\t\t\t0\t\t290\tAfrica/Bamako\t2016-01-01",
        "4\tKalamba Stream\tKalamba Stream\t\t14.3\t-3.4\tH\tSTM\tML\t\t04\t\t\t\t0\t\t290\tAfrica/Bamako\t2016-01-01",
        "5\tMare Kalamba\tMare Kalamba\t\t14.4\t-3.4\tH\tWTRH\tML\t\t04\t\t\t\t0\t\t290\tAfrica/Bamako\t2016-01-01",
        "6\tKalamba Range\tKalamba Range\t\t14.5\t-3.4\tT\tMTS\tML\t\t04\t\t\t\t0\t\t290\tAfrica/Bamako\t2016-01-01",
        "7\tErg Kalamba\tErg Kalamba\t\t14.6\t-3.4\tT\tERG\tML\t\t04\t\t\t\t0\t\t290\tAfrica/Bamako\t2016-01-01",
    ]
    kept = list(read_rows(rows))
    # the village, the hill, the well and the waterhole a camp is named by; not a river, a range or an erg
    assert [r.geonameid for r in kept] == [1, 2, 3, 5]


def test_zip_and_all_countries_files_are_split_by_country(tmp_path):
    archive = tmp_path / "allCountries.zip"
    with zipfile.ZipFile(archive, "w", compression=zipfile.ZIP_DEFLATED) as out:
        out.writestr("allCountries.txt", _dump("MR").read_text(encoding="utf-8") + _dump("BF").read_text(encoding="utf-8"))
        out.writestr("readme.txt", "not a dump")
    done = add_files([archive], countries=["MR"], home=tmp_path / "home", log=lambda m: None)
    assert list(done) == ["MR"] and list(home.installed(tmp_path / "home")) == ["MR"]


def test_admin_names_are_the_current_ones():
    assert current_admin1("ML", "Gao", "Ménaka", 15.9) == "Ménaka"
    assert current_admin1("ML", "Tombouctou", None, 19.2) == "Taoudéni"
    assert current_admin1("ML", "Tombouctou", None, 16.7) == "Tombouctou"
    assert current_admin1("NE", "Tillaberi", None, 14.2) == "Tillabéri"
    assert clean_admin2("Cercle de Bourem") == "Bourem" and clean_admin2("Douentza Cercle") == "Douentza"


def test_renamed_regions_apply_to_the_indexed_villages(indexes):
    assert {c.admin1 for c in indexes.lookup("Inékar")} == {"Ménaka"}
    assert {c.admin1 for c in indexes.lookup("Araouane")} == {"Taoudéni"}


# ------------------------------------------------------------------ CLI and download

def test_cli_add_list_remove(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SAHEL_IE_HOME", str(tmp_path))
    assert cli_main(["gazetteer", "add", str(_dump("MR")), str(GEONAMES / "admin1CodesASCII.txt")]) == 0
    assert cli_main(["gazetteer", "list"]) == 0
    listed = capsys.readouterr().out
    assert "MR" in listed and "Creative Commons Attribution 4.0" in listed and str(tmp_path) in listed
    assert cli_main(["gazetteer", "remove", "MR"]) == 0
    assert home.installed(tmp_path) == {}
    assert cli_main(["gazetteer", "remove", "MR"]) == 1
    assert cli_main(["gazetteer", "add", str(tmp_path / "missing.txt")]) == 1


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep the test output clean
        pass


def test_download_from_a_local_server(tmp_path):
    served = tmp_path / "dump"
    served.mkdir()
    with zipfile.ZipFile(served / "MR.zip", "w") as out:
        out.write(_dump("MR"), "MR.txt")
    (served / "admin1CodesASCII.txt").write_bytes((GEONAMES / "admin1CodesASCII.txt").read_bytes())
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(served)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        done = download(["mr"], url=url, home=tmp_path / "home", log=lambda m: None)
        assert list(done) == ["MR"] and "MR" in home.installed(tmp_path / "home")
        with pytest.raises(OSError):
            download(["SN"], url=url, home=tmp_path / "home", log=lambda m: None)  # not served: 404
        with pytest.raises(ValueError):
            download(["Mali"], url=url, home=tmp_path / "home")
    finally:
        server.shutdown()
        server.server_close()


def test_selection_of_installed_gazetteers(geo_home, monkeypatch):
    monkeypatch.setenv("SAHEL_IE_HOME", str(geo_home))
    assert sorted(open_indexes().countries) == sorted(COUNTRIES)
    assert open_indexes(["ML"]).countries == ["ML"]
    assert not open_indexes("none")


# ------------------------------------------------------------------ resolution in the pipeline

def test_a_village_missing_from_the_shipped_table_gets_its_geonames_entry(geo_nlp, nlp):
    text = "Gunmen attacked the village of Okoyéri on Monday, killing three herders."
    with_geo = first_location(geo_nlp, text)
    assert (with_geo.admin1, with_geo.country, with_geo.geo_precision) == ("Mopti", "ML", 1)
    assert with_geo.geonames_id is not None and with_geo.gazetteer == "geonames:ML"
    assert with_geo.lat is not None and with_geo.lon is not None
    bare = first_location(nlp, text)  # no gazetteer installed: the name only
    assert bare.name == "Okoyéri" and bare.lat is None and bare.geonames_id is None


def test_the_cercle_named_beside_the_village_decides(geo_nlp):
    koro = first_location(geo_nlp, "Militants killed four soldiers in Douna, Koro, on Friday.")
    assert (koro.admin1, koro.geonames_id is not None) == ("Mopti", True)
    bla = first_location(geo_nlp, "Militants killed four soldiers in Douna (Bla, Ségou) on Friday.")
    assert bla.admin1 == "Ségou"
    assert koro.geonames_id != bla.geonames_id
    assert koro.runner_up and koro.reason and "cercle" in koro.reason


def test_the_articles_other_places_decide(geo_nlp):
    text = "Jihadists attacked a military post in Douna on Sunday. The army sent troops from Douentza and Hombori."
    location = first_location(geo_nlp, text)
    assert (location.country, location.admin1) == ("ML", "Mopti")
    assert location.reason == "near the article's other places" and location.runner_up


def test_an_unknown_village_is_coded_at_the_cercle_named_beside_it(nlp):
    location = first_location(nlp, "Gunmen killed two herders in the village of Zorotaga, Cercle of Douentza, on Friday.")
    assert (location.name, location.site, location.admin1, location.geo_precision) == ("Douentza", "Zorotaga", "Mopti", 2)
    assert location.lat is not None and "Zorotaga" in location.reason


def test_an_unknown_village_without_a_reference_keeps_its_name_and_the_articles_admin1(nlp):
    text = "Gunmen killed two herders in the village of Zorotaga on Friday. Soldiers later reached Douentza."
    location = first_location(nlp, text)
    assert (location.name, location.site, location.admin1, location.lat) == ("Zorotaga", None, "Mopti", None)


def test_the_shipped_table_keeps_priority(geo_nlp):
    location = first_location(geo_nlp, "Gunmen attacked a checkpoint in Ménaka on Friday, killing two soldiers.")
    assert location.place_id == "ml-menaka" and location.gazetteer == "shipped" and location.admin1 == "Ménaka"
    twin = default_gazetteer().get("ml-menaka")
    assert location.geonames_id is not None  # its GeoNames twin gives the id and the surveyed point
    assert abs(location.lat - twin.lat) < 0.5 and abs(location.lon - twin.lon) < 0.5


def test_renamed_regions_reach_the_record(geo_nlp):
    location = first_location(geo_nlp, "Gunmen attacked the village of Ouaritoufoulout on Friday, killing two herders.")
    assert (location.admin1, location.gazetteer) == ("Ménaka", "geonames:ML")


def test_coded_as_parenthesis_gives_the_coders_place(geo_nlp):
    location = first_location(geo_nlp, "Militiamen killed two traders in the village of Kalamba (coded as Koumaga at geoprecision 2).")
    assert (location.name, location.admin1, location.geo_precision) == ("Koumaga", "Mopti", 2)


def test_the_area_of_a_village_is_precision_two(geo_nlp):
    location = first_location(geo_nlp, "Gunmen killed three herders in the area of Kargue on Tuesday.")
    assert (location.name, location.relation, location.geo_precision, location.admin1) == ("Kargue", "near", 2, "Mopti")


@pytest.mark.parametrize("text, name", [
    ("Militants attacked an army post in the Sahel, killing four soldiers.", None),
    ("Gunmen killed ten villagers in northern Mali on Sunday.", "Mali"),
    ("Gunmen killed ten villagers in the tri-border area on Sunday.", None),
])
def test_regions_and_wider_areas_are_precision_three(geo_nlp, nlp, text, name):
    for pipeline in (geo_nlp, nlp):
        location = first_location(pipeline, text)
        assert location.geo_precision == 3 and location.relation == "region", text
        if name:
            assert location.name == name


@pytest.mark.parametrize("text", [
    "Gunmen killed three herders in Dogon on Friday.",
    "Soldiers clashed with militants in Tin on Friday.",
])
def test_peoples_and_common_words_are_not_looked_up_in_geonames(geo_nlp, text):
    location = first_location(geo_nlp, text)
    assert location.geonames_id is None and location.lat is None


def test_a_village_name_run_into_its_cercle_is_cut(geo_nlp):
    location = first_location(geo_nlp, "Gunmen killed three herders on the outskirts of Zorotaga, Douentza.")
    assert (location.site, location.name, location.admin1, location.relation, location.geo_precision) == (
        "Zorotaga", "Douentza", "Mopti", "near", 2)


def test_the_settlement_noun_is_not_part_of_an_unknown_name(nlp):
    location = first_location(nlp, "Jihadists attacked residents in Kolobane Village on Friday.")
    assert location.name == "Kolobane"  # the NER's place is "Kolobane Village"


def test_actor_and_people_names_are_never_places(geo_home):
    gaz = default_gazetteer()
    doc = sahel_ie.load(components=(), gazetteers=[str(p) for p in home.installed(geo_home).values()])(
        "Soldiers clashed with Fama fighters near Bambara.")
    assert resolve(doc, "Fama", 21, 25, gaz=gaz, shipped=None, label="UNKNOWN_PLACE",
                   is_actor=lambda name: name == "Fama") is None
    assert resolve(doc, "Bambara", 40, 47, gaz=gaz, shipped=None, label="NORP") is None
    assert resolve(doc, "Malian", 0, 6, gaz=gaz, shipped=None, label="UNKNOWN_PLACE") is None


# ------------------------------------------------------------------ curated identity, GeoNames point

def test_a_shipped_village_takes_its_geonames_twins_point_and_says_so(geo_nlp, nlp):
    text = "Militants clashed with hunters in Nouhoun-Bozo on Monday, killing five."
    twin = default_gazetteer().get("ml-nouh-bozo")
    with_geo = first_location(geo_nlp, text)
    assert (with_geo.place_id, with_geo.name, with_geo.admin1) == ("ml-nouh-bozo", "Nouhoun-Bozo", twin.admin1)
    assert with_geo.geonames_id is not None and (with_geo.lat, with_geo.lon) != (twin.lat, twin.lon)
    assert "point and id from GeoNames" in with_geo.reason
    bare = first_location(nlp, text)  # without GeoNames the table's own point, and nothing to say
    assert (bare.lat, bare.lon, bare.geonames_id, bare.reason) == (twin.lat, twin.lon, None, None)


def test_a_shipped_name_written_in_another_countrys_town_is_not_the_shipped_place(geo_nlp, nlp):
    # "camp Kandi in Kidal": the table's Kandi is in Benin; the camp no gazetteer locates in Kidal is coded at
    # the town it is written in (precision 2), the camp kept as the site
    text = "Gunmen opened fire on a checkpoint a few kilometres from camp Kandi in Kidal on Friday."
    kidal = default_gazetteer().get("ml-kidal")
    for pipeline in (geo_nlp, nlp):
        location = first_location(pipeline, text)
        assert (location.name, location.country, location.admin1, location.site) == ("Kidal", "ML", "Kidal", "Kandi")
        assert location.place_id != "bj-kandi" and location.geo_precision == 2
        assert location.lat is not None and abs(location.lat - kidal.lat) < 0.2
        assert "Kandi" in location.reason and "facility" in location.reason


def test_a_shipped_place_written_in_its_own_region_stays(geo_nlp):
    location = first_location(geo_nlp, "Gunmen attacked a checkpoint in Douentza in Mopti region on Friday.")
    assert (location.place_id, location.admin1) == ("ml-douentza", "Mopti")


def test_a_separate_place_is_no_alias_of_its_neighbouring_town(geo_nlp):
    assert all(p.id != "ml-tessalit" for p in default_gazetteer().lookup("Amachach"))
    location = first_location(geo_nlp, "Rockets struck near Amachach on Monday, wounding two soldiers.")
    assert location.name == "Amachach" and location.place_id != "ml-tessalit"
    assert (location.country, location.admin1) == ("ML", "Kidal")


def test_an_exact_namesake_abroad_gives_way_to_a_spelling_variant_near_the_articles_places(geo_nlp, indexes):
    # the skeleton keeps the first letter, so a leading vowel written differently is tried too
    assert any(c.country == "ML" for _, c in indexes.fuzzy("Egharghar"))
    location = first_location(geo_nlp, "A mine struck a patrol in the Egharghar valley between Aguelhok and Tessalit "
                                  "on Sunday, wounding two soldiers.")
    assert (location.country, location.admin1, location.gazetteer) == ("ML", "Kidal", "geonames:ML")
    assert location.lat is not None and "spelling variant near the article's places" in location.reason


def test_among_namesakes_alike_the_established_geonames_entry_wins():
    from sahel_ie.gazetteer.index import Candidate
    from sahel_ie.gazetteer.resolve import ESTABLISHED_MAX_ID, PlaceContext, choose

    def village(geonameid: int, lat: float) -> Candidate:
        return Candidate(geonameid, "Kolomba", "P", "PPL", "ML", "Mopti", None, lat, -3.5, 0)

    text = "Gunmen killed a herder in Kolomba on Monday."
    start = text.index("Kolomba")
    later, established = village(ESTABLISHED_MAX_ID * 3, 14.2), village(ESTABLISHED_MAX_ID - 10, 14.6)
    for order in ([later, established], [established, later]):
        choice = choose("Kolomba", order, start, start + 7, PlaceContext(text=text))
        assert choice.best == established and choice.reason == "an established GeoNames entry"
    # the article's own clues still come first: a cercle named beside the later entry's seat
    beside = "Gunmen killed a herder in Kolomba, Koro, on Monday."
    seated = Candidate(ESTABLISHED_MAX_ID * 3, "Kolomba", "P", "PPL", "ML", "Mopti", None, 14.2, -3.5, 0, seat="Koro")
    choice = choose("Kolomba", [seated, established], start, start + 7, PlaceContext(text=beside))
    assert choice.best == seated


def test_a_geonames_namesake_far_from_the_town_it_is_written_near_is_coded_at_that_town(geo_nlp):
    location = first_location(geo_nlp, "Militiamen clashed in the village of Tonou, near Dioungani, on Monday, killing two.")
    assert (location.name, location.site, location.geo_precision) == ("Dioungani", "Tonou", 2)
    assert "namesake lies far from Dioungani" in location.reason
    # a namesake close to the town it is written near is the village itself
    close = first_location(geo_nlp, "Militants killed nine traders in the Monimpe area, near Macina, on Sunday.")
    assert close.name == "Monimpe" and close.site is None and close.gazetteer == "geonames:ML"


@pytest.mark.parametrize("text", [
    "Gunmen executed three herders near Bangui Mallam on Friday.",  # read as two places
    "Unknown gunmen abducted a trader in the area of Bangui Mallam on Monday.",  # read as a person
])
def test_a_two_word_name_the_ner_cut_is_read_whole_when_a_gazetteer_holds_it(geo_nlp, nlp, text):
    location = first_location(geo_nlp, text)
    assert (location.name, location.gazetteer, location.admin1) == ("Bangui Mallam", "geonames:ML", "Tombouctou")
    assert first_location(nlp, text).name == "Mallam"  # no table holds the whole name: the NER's part stays
