"""CSV in ACLED's and GTD's vocabularies: columns, event types, actor names by date, tolls split like ACLED's."""

from __future__ import annotations

import csv

import pytest

from sahel_ie.io.csv_formats import (ACLED_COLUMNS, GTD_COLUMNS, acled_name, acled_rows, event_types, gtd_rows,
                                     split_tolls)
from sahel_ie.io.writers import CsvWriter, writer_for
from sahel_ie.records import (ActorRef, Attack, Casualty, Claim, DateValue, Evidence, Extraction, Location, Source,
                              Target)

ACLED_ISSUE_COLUMNS = (
    "event_id_cnty event_date year time_precision disorder_type event_type sub_event_type actor1 assoc_actor_1 "
    "inter1 actor2 assoc_actor_2 inter2 interaction civilian_targeting iso region country admin1 admin2 admin3 "
    "location latitude longitude geo_precision source source_scale notes fatalities tags timestamp"
).split()


def make_attack(attack_id: str, attack_type: str = "raid", *, targets=("military",), casualties=(),
                perpetrator: ActorRef | None = None, date: DateValue | None = None, country: str = "ML") -> Attack:
    return Attack(
        id=attack_id, attack_type=attack_type, text="attacked",
        date=date or DateValue(text="on Sunday", value="2022-05-08", precision="day"),
        location=Location(text="in Boni", name="Boni", country=country, admin1="Mopti", lat=15.05, lon=-1.87,
                          relation="in", geo_precision=1),
        perpetrator=perpetrator or ActorRef(text="JNIM", actor_id="jnim", name="JNIM", certainty="claimed"),
        targets=[Target(text=t, category=t) for t in targets], casualties=list(casualties),
        evidence=[Evidence(0, 30, 0, "Fighters attacked a post in Boni.")], confidence=0.9,
    )


def article(*attacks: Attack, published: str | None = "2022-05-10", claims=()) -> Extraction:
    return Extraction(doc_id="boni-1", source=Source(path="in/boni.txt", outlet="Test Wire"), published=published,
                      attacks=list(attacks), claims=list(claims))


def test_acled_csv_has_acleds_columns_first(tmp_path):
    assert ACLED_COLUMNS == ACLED_ISSUE_COLUMNS
    path = tmp_path / "out.csv"
    with writer_for(path) as writer:  # ACLED is the default CSV format
        writer.write(article(make_attack("a1", casualties=[Casualty("killed", "military", 7)])))
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames[: len(ACLED_COLUMNS)] == ACLED_COLUMNS
        row = next(reader)
    assert row["event_date"] == "2022-05-08" and row["year"] == "2022" and row["time_precision"] == "1"
    assert (row["disorder_type"], row["event_type"], row["sub_event_type"]) == (
        "Political violence", "Battles", "Armed clash")
    assert row["actor1"] == "JNIM: Group for Support of Islam and Muslims" and row["inter1"] == "2"
    assert row["actor2"] == "Military Forces of Mali (2021-)" and row["inter2"] == "1"
    assert row["interaction"] == "12"
    assert (row["iso"], row["region"], row["country"]) == ("466", "Western Africa", "Mali")
    assert row["fatalities"] == "7" and row["source"] == "Test Wire"
    assert row["event_id_cnty"].startswith("MLI") and row["event_id_cnty"][3:].isdigit()
    assert row["timestamp"] == "1652140800"  # the publication day, so reruns write the same file
    assert row["doc_id"] == "boni-1" and row["attack_id"] == "a1"


def test_actor_names_follow_the_period_of_the_event():
    assert acled_name("fama", 2018, "ML") == "Military Forces of Mali (2013-2020)"
    assert acled_name("fama", 2023, "ML") == "Military Forces of Mali (2021-)"
    assert acled_name("fulani_militia", 2020, "BF") == "Fulani Ethnic Militia (Burkina Faso)"
    assert acled_name("mali_police", 2019, "ML") == "Police Forces of Mali (2013-2020)"  # no unit suffix
    assert acled_name("jnim", 2019) == "JNIM: Group for Support of Islam and Muslims"


@pytest.mark.parametrize("attack_type, targets, expected", [
    ("raid", ("civilians",), ("Violence against civilians", "Attack")),
    ("ambush", ("military",), ("Battles", "Armed clash")),
    ("armed_assault", ("police", "civilians"), ("Battles", "Armed clash")),
    ("bombing", ("military",), ("Explosions/Remote violence", "Remote explosive/landmine/IED")),
    ("shelling", ("un_peacekeepers",), ("Explosions/Remote violence", "Shelling/artillery/missile attack")),
    ("airstrike", ("militia",), ("Explosions/Remote violence", "Air/drone strike")),
    ("abduction", ("civilians",), ("Violence against civilians", "Abduction/forced disappearance")),
    ("arson", ("infrastructure",), ("Strategic developments", "Looting/property destruction")),
    ("arson", ("civilians",), ("Violence against civilians", "Attack")),
    ("a_type_added_later", ("military",), ("Battles", "Armed clash")),  # unknown types fall back sensibly
    ("a_type_added_later", ("civilians",), ("Violence against civilians", "Attack")),
])
def test_event_types_follow_the_projects_attack_type_map(attack_type, targets, expected):
    assert event_types(make_attack("a1", attack_type, targets=targets)) == expected


def test_every_gtd_attack_type_name_has_its_code():
    from sahel_ie.attack_types import gtd_attack_type
    from sahel_ie.io.csv_formats import mapping
    from sahel_ie.records import ATTACK_TYPES

    codes = mapping()["gtd"]["attacktype_codes"]
    assert all(gtd_attack_type(t) in codes for t in ATTACK_TYPES)


def test_a_shared_toll_is_split_evenly_with_the_remainder_first():
    shared = [Casualty("killed", "unspecified", 64, shared=True, evidence=[Evidence(100, 110)])]
    a1, a2, a3 = (make_attack(f"a{i}", casualties=list(shared)) for i in (1, 2, 3))
    own = make_attack("a4", casualties=[*shared, Casualty("killed", "military", 5)])
    extraction = article(a1, a2, a3, own)
    split = split_tolls(extraction, "killed")
    assert split == {"a1": 22, "a2": 21, "a3": 21, "a4": 5}
    assert sum(split[a] for a in ("a1", "a2", "a3")) == 64
    rows = acled_rows(extraction)
    assert [r["fatalities"] for r in rows] == [22, 21, 21, 5]
    assert "fatalities split from a shared toll" in rows[0]["tags"]
    assert "split" not in rows[3]["tags"]


def test_fatalities_are_never_empty():
    extraction = article(make_attack("a1"), make_attack("a2", casualties=[Casualty("killed", "civilians", None,
                                                                                  text="dozens")]))
    rows = acled_rows(extraction)
    assert [r["fatalities"] for r in rows] == [0, 0]
    assert "fatalities reported without a number" in rows[1]["tags"]


def test_unidentified_and_suspected_perpetrators():
    unknown = make_attack("a1", targets=("civilians",), perpetrator=ActorRef(text="gunmen"))
    suspected = make_attack("a2", targets=("civilians",),
                            perpetrator=ActorRef(text="ISGS", actor_id="is_sahel", name="ISGS", certainty="suspected"))
    stationed = make_attack("a3", targets=("militia",), country="ML",
                            perpetrator=ActorRef(text="Burkinabe troops", actor_id="bf_armed_forces", certainty="stated"))
    rows = acled_rows(article(unknown, suspected, stationed))
    assert rows[0]["actor1"] == "Unidentified Armed Group (Mali)" and rows[0]["inter1"] == 3
    assert rows[0]["actor2"] == "Civilians (Mali)" and rows[0]["interaction"] == 37
    assert rows[0]["civilian_targeting"] == "Civilian targeting"
    assert rows[1]["actor1"] == "Unidentified Armed Group (Mali)"
    assert "suspected perpetrator: ISGS" in rows[1]["tags"]
    assert rows[2]["inter1"] == 8  # a state's forces acting abroad are external forces


def test_dates_acled_style():
    week = make_attack("a1", date=DateValue(value="2022-05-02", end="2022-05-08", precision="week"))
    undated = make_attack("a2", date=DateValue())
    rows = acled_rows(article(week, undated))
    assert (rows[0]["event_date"], rows[0]["time_precision"]) == ("2022-05-05", 2)
    assert (rows[1]["event_date"], rows[1]["time_precision"]) == ("2022-05-10", 3)
    assert "date from publication" in rows[1]["tags"]


def test_gtd_rows():
    claim = Claim(id="c1", claimant=ActorRef(name="JNIM"), status="claimed", attack_ids=["a1"], channel="video")
    attacks = (make_attack("a1", "ambush", casualties=[Casualty("killed", "military", 4), Casualty("injured", "military", 2)]),
               make_attack("a2", "abduction", targets=("civilians",), date=DateValue(value="2022-05-01", precision="month"),
                           perpetrator=ActorRef(text="ISGS", actor_id="is_sahel", name="ISGS", certainty="attributed"),
                           casualties=[Casualty("abducted", "civilians", 9)]))
    rows = gtd_rows(article(*attacks, claims=[claim]))
    assert list(rows[0]) == GTD_COLUMNS
    first, second = rows
    assert (first["iyear"], first["imonth"], first["iday"]) == (2022, 5, 8)
    assert (first["attacktype1"], first["attacktype1_txt"]) == (2, "Armed Assault")
    assert (first["targtype1"], first["targtype1_txt"]) == (4, "Military")
    assert (first["gname"], first["guncertain1"], first["claimed"]) == ("JNIM", 0, 1)
    assert (first["claimmode"], first["claimmode_txt"]) == (6, "Video")
    assert (first["nkill"], first["nwound"], first["nhostkid"]) == (4, 2, "")
    assert (second["imonth"], second["iday"], second["approxdate"]) == (5, 0, "2022-05-01")
    assert (second["attacktype1"], second["guncertain1"], second["claimed"], second["nhostkid"]) == (6, 1, -9, 9)
    assert str(first["eventid"]).startswith("20220508")


def test_gtd_and_unknown_formats_through_the_writer(tmp_path):
    path = tmp_path / "gtd.csv"
    with CsvWriter(path, format="gtd") as writer:
        writer.write(article(make_attack("a1")))
    assert path.read_text(encoding="utf-8").splitlines()[0].split(",") == GTD_COLUMNS
    with pytest.raises(ValueError, match="unknown CSV format"):
        CsvWriter(tmp_path / "x.csv", format="excel")


def test_extract_format_option(tmp_path, nlp, monkeypatch):
    from sahel_ie import pipeline
    from sahel_ie.cli import main

    monkeypatch.setattr(pipeline, "default_pipeline", lambda model=None: nlp)
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text("Gunmen killed 12 civilians in an attack on the village of Djibo in northern "
                                  "Burkina Faso on Sunday, officials said.", encoding="utf-8")
    out, table = tmp_path / "out.jsonl", tmp_path / "out.csv"
    assert main(["extract", str(folder), "-o", str(out), "--csv", str(table), "--format", "gtd", "--quiet",
                 "--published", "2024-03-06"]) == 0
    rows = list(csv.DictReader(open(table, encoding="utf-8", newline="")))
    assert rows and rows[0]["country_txt"] == "Burkina Faso" and rows[0]["nkill"] == "12"
