"""GeoNames entries the index keeps and completes: waterholes, dunes and hills found under their own names
(never as spelling variants), a region lent by the neighbours to an entry GeoNames gives none, the silent
"h" of French spellings, and indexes compiled by an earlier version still read. Rows are made up in the
dump's 19-column layout; the real dumps come from ``../shared/geonames`` through the session fixture."""

from __future__ import annotations

import logging
import sqlite3

from sahel_ie.gazetteer.build import add_files, fill_admin1, read_rows
from sahel_ie.gazetteer.index import GeoNamesIndex, GeoNamesSet
from sahel_ie.gazetteer.keys import skeleton
from sahel_ie.gazetteer.locate import from_geonames


def _row(gid: int, name: str, lat: float, lon: float, fclass: str, fcode: str, admin1: str) -> str:
    return "\t".join([str(gid), name, name, "", str(lat), str(lon), fclass, fcode, "ML", "", admin1, "", "", "",
                      "0", "", "280", "Africa/Bamako", "2016-01-01"])


def _village_ring(admin1: str, lat: float, lon: float, first_id: int) -> list[str]:
    """Five villages a few kilometres around a point, all in ``admin1``."""
    offsets = [(0.03, 0.0), (-0.03, 0.0), (0.0, 0.03), (0.0, -0.03), (0.05, 0.05)]
    return [_row(first_id + i, f"Village{first_id + i}", lat + a, lon + b, "P", "PPL", admin1)
            for i, (a, b) in enumerate(offsets)]


def test_an_entry_without_a_region_takes_its_neighbours_one():
    lines = _village_ring("04", 14.0, -3.0, 10) + [_row(1, "Woroba", 14.01, -3.01, "P", "PPL", "00")]
    rows = list(read_rows(lines))
    filled = fill_admin1(rows, {"04"})
    assert filled == {1}
    assert next(r for r in rows if r.geonameid == 1).admin1 == "04"


def test_no_region_is_lent_from_far_away_or_from_a_split_neighbourhood():
    far = _village_ring("04", 14.0, -3.0, 10) + [_row(1, "Woroba", 15.0, -3.0, "P", "PPL", "00")]
    rows = list(read_rows(far))
    assert fill_admin1(rows, {"04"}) == set()
    split = (_village_ring("04", 14.0, -3.0, 10)[:2] + _village_ring("06", 14.0, -3.0, 20)[2:4]
             + [_row(1, "Woroba", 14.0, -3.0, "P", "PPL", "00")])
    rows = list(read_rows(split))
    assert fill_admin1(rows, {"04", "06"}) == set()


def test_the_record_says_when_the_region_was_inferred(tmp_path):
    dump = tmp_path / "ML.txt"
    lines = _village_ring("04", 14.0, -3.0, 10) + [_row(1, "Woroba", 14.01, -3.01, "P", "PPL", "00")]
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    admin1 = tmp_path / "admin1CodesASCII.txt"
    admin1.write_text("ML.04\tMopti\tMopti\t2453347\n", encoding="utf-8")
    add_files([dump, admin1], home=tmp_path / "home", log=lambda m: None)
    index = GeoNamesIndex(tmp_path / "home" / "gazetteers" / "geonames-ML.sqlite", "ML")
    (entry,) = index.lookup_key("woroba")
    assert entry.admin1 == "Mopti" and entry.admin1_inferred
    resolved = from_geonames(entry, None, None, written="Woroba")
    assert resolved.admin1 == "Mopti" and "from the GeoNames entries around it" in resolved.reason


def test_the_silent_initial_h_of_french_spellings():
    assert skeleton("houlere") == skeleton("oulere")
    assert skeleton("hamdallaye") == skeleton("amdallaye")
    assert skeleton("hkoro") != skeleton("koro")  # only before a vowel


def test_waterholes_dunes_and_hills_are_found_by_name_but_never_as_variants(geo_home):
    from sahel_ie.gazetteer import home

    indexes = GeoNamesSet(GeoNamesIndex(path, code) for code, path in home.installed(geo_home).items())
    ml = GeoNamesIndex(home.installed(geo_home)["ML"], "ML")
    kinds = {fcode for (fcode,) in ml._conn().execute("SELECT DISTINCT fcode FROM places WHERE fclass = 'T'")}
    assert kinds <= {"DUNE", "HLL", "HLLS"} and kinds
    name, = ml._conn().execute("SELECT name FROM places WHERE fcode = 'WTRH' LIMIT 1").fetchone()
    assert any(c.fcode == "WTRH" for c in indexes.lookup(name))
    for (dune,) in ml._conn().execute("SELECT name FROM places WHERE fcode = 'DUNE' LIMIT 50"):
        assert not any(c.is_terrain for _, c in indexes.fuzzy(dune))


def test_an_index_of_an_earlier_version_is_read_and_the_user_told(tmp_path, caplog):
    dump = tmp_path / "ML.txt"
    dump.write_text("\n".join(_village_ring("04", 14.0, -3.0, 10)) + "\n", encoding="utf-8")
    add_files([dump], home=tmp_path / "home", log=lambda m: None)
    path = tmp_path / "home" / "gazetteers" / "geonames-ML.sqlite"
    db = sqlite3.connect(path)  # turn it into what the first version wrote
    db.execute("ALTER TABLE places DROP COLUMN admin1_inferred")
    db.execute("UPDATE meta SET v = '1' WHERE k = 'schema'")
    db.commit()
    db.close()
    with caplog.at_level(logging.WARNING):
        (entry,) = GeoNamesIndex(path, "ML").lookup_key("village10")
    assert entry.name == "Village10" and not entry.admin1_inferred
    assert "gazetteer add" in caplog.text
