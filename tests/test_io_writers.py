"""Writers: JSONL lines in the contract, ACLED-like CSV rows, GeoJSON that parses after close, resume helpers."""

from __future__ import annotations

import csv
import json

import pytest

from sahel_ie.io.writers import (CSV_COLUMNS, CsvWriter, GeoJsonWriter, JsonlWriter, done_ids, lowest_total,
                                 repair_jsonl_tail, writer_for)
from sahel_ie.records import (ActorRef, Attack, Attribution, Casualty, Claim, DateValue, Evidence, Extraction,
                              Location, Source, Target)
from sahel_ie.schema import validate_extraction


def attack(attack_id: str, *casualties: Casualty, located: bool = True) -> Attack:
    location = (Location(text="in Djibo", name="Djibo", country="BF", admin1="Sahel", lat=14.1, lon=-1.63,
                         relation="in", geo_precision=1) if located else Location(text="in the north"))
    return Attack(id=attack_id, attack_type="raid", text="attacked",
                  date=DateValue(text="on Sunday", value="2024-05-12", precision="day"), location=location,
                  perpetrator=ActorRef(text="JNIM", actor_id="jnim", name="JNIM", kind="armed_group"),
                  targets=[Target(text="the army base", category="military")], casualties=list(casualties),
                  evidence=[Evidence(start=0, end=40, sentence=0, text="JNIM fighters attacked the base")],
                  confidence=0.8)


def extraction() -> Extraction:
    return Extraction(
        doc_id="djibo-1", source=Source(path="in/djibo.txt", outlet="Wire"), published="2024-05-13",
        attacks=[attack("a1", Casualty("killed", "military", 20), Casualty("killed", "military", 15),
                        Casualty("killed", "civilians", 4), Casualty("injured", "unspecified", 9)),
                 attack("a2", located=False)],
        claims=[Claim(id="c1", claimant=ActorRef(text="JNIM", name="JNIM"), status="claimed", attack_ids=["a1"]),
                Claim(id="c2", claimant=ActorRef(text="ISSP", name="ISSP"), status="denied", attack_ids=["a1"])],
        attributions=[Attribution(id="t1", attributed_by=ActorRef(text="the army"),
                                  actor=ActorRef(text="terrorists"), attack_ids=["a1", "a2"])],
    )


def test_lowest_total_takes_the_lowest_per_group_and_sums_groups():
    a1 = extraction().attacks[0]
    assert lowest_total(a1, "killed") == 15 + 4
    assert lowest_total(a1, "injured") == 9
    assert lowest_total(a1, "abducted") is None
    only_total = attack("x", Casualty("killed", "unspecified", 30), Casualty("killed", "unspecified", 25))
    assert lowest_total(only_total, "killed") == 25
    breakdown_wins = attack("y", Casualty("killed", "unspecified", 30), Casualty("killed", "police", 3))
    assert lowest_total(breakdown_wins, "killed") == 3
    uncounted = attack("z", Casualty("killed", "civilians", None, text="dozens"))
    assert lowest_total(uncounted, "killed") is None


def test_jsonl_lines_follow_the_contract(tmp_path):
    path = tmp_path / "out.jsonl"
    with JsonlWriter(path) as writer:
        writer.write(extraction())
        writer.write(Extraction.failed("bad", "binary", "not text"))
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert [line["doc_id"] for line in lines] == ["djibo-1", "bad"]
    for line in lines:
        validate_extraction(line)
    assert Extraction.from_dict(lines[0]).to_dict() == extraction().to_dict()


def test_sahel_csv_has_one_row_per_attack_in_its_own_columns(tmp_path):
    path = tmp_path / "out.csv"
    with CsvWriter(path, format="sahel") as writer:
        writer.write(extraction())
        writer.write(Extraction.failed("bad", "binary", "not text"))
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert reader.fieldnames == CSV_COLUMNS
        rows = list(reader)
    assert [row["attack_id"] for row in rows] == ["a1", "a2"]
    first = rows[0]
    assert first["event_date"] == "2024-05-12" and first["event_type"] == "raid"
    assert first["actor1"] == "JNIM" and first["actor2"] == "military"
    assert first["country"] == "Burkina Faso" and first["location"] == "Djibo"
    assert (first["latitude"], first["longitude"]) == ("14.1", "-1.63")
    assert (first["fatalities"], first["injured"], first["abducted"]) == ("19", "9", "")
    assert first["claimed_by"] == "JNIM"  # the denial is not a claim
    assert first["attributed_to"] == "terrorists"
    assert first["notes"] == "JNIM fighters attacked the base"
    assert first["source"] == "Wire" and first["source_path"] == "in/djibo.txt"
    assert rows[1]["fatalities"] == "" and rows[1]["claimed_by"] == ""


def test_csv_unknown_perpetrator_is_an_unidentified_armed_group(tmp_path):
    data = extraction()
    data.attacks[0].perpetrator = ActorRef(text="gunmen")
    path = tmp_path / "out.csv"
    with CsvWriter(path, format="sahel") as writer:
        writer.write(data)
    rows = list(csv.DictReader(open(path, encoding="utf-8", newline="")))
    assert rows[0]["actor1"] == "Unidentified Armed Group (Burkina Faso)"


def test_csv_append_does_not_repeat_the_header(tmp_path):
    path = tmp_path / "out.csv"
    with CsvWriter(path) as writer:
        writer.write(extraction())
    with CsvWriter(path, append=True) as writer:
        writer.write(extraction())
    lines = path.read_text(encoding="utf-8").splitlines()
    assert sum(line.startswith("event_id_cnty,") for line in lines) == 1
    assert len(list(csv.DictReader(open(path, encoding="utf-8", newline="")))) == 4


def test_geojson_holds_only_located_attacks_and_is_valid_after_close(tmp_path):
    path = tmp_path / "out.geojson"
    writer = GeoJsonWriter(path)
    writer.write(extraction())
    writer.write(Extraction.failed("bad", "binary", "not text"))
    writer.write(extraction())
    writer.close()
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert len(data["features"]) == 2
    feature = data["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [-1.63, 14.1]}
    assert feature["properties"]["attack_id"] == "a1"


def test_empty_geojson_is_valid(tmp_path):
    path = tmp_path / "none.geojson"
    GeoJsonWriter(path).close()
    assert json.loads(path.read_text(encoding="utf-8")) == {"type": "FeatureCollection", "features": []}


def test_writer_for_picks_by_suffix(tmp_path):
    for name, cls in [("a.jsonl", JsonlWriter), ("b.ndjson", JsonlWriter), ("c.CSV", CsvWriter),
                      ("d.geojson", GeoJsonWriter)]:
        writer = writer_for(tmp_path / name)
        assert type(writer) is cls
        writer.close()
    with pytest.raises(ValueError):
        writer_for(tmp_path / "e.xlsx")


def test_torn_last_line_is_cut_and_ignored_by_resume(tmp_path):
    path = tmp_path / "out.jsonl"
    with JsonlWriter(path) as writer:
        writer.write(extraction())
    whole = path.read_bytes()
    path.write_bytes(whole + b'{"doc_id": "half-writ')
    assert done_ids(path) == {"djibo-1"}
    repair_jsonl_tail(path)
    assert path.read_bytes() == whole
    repair_jsonl_tail(path)  # a clean file is left alone
    assert path.read_bytes() == whole
    assert done_ids(tmp_path / "missing.jsonl") == set()


def test_a_toll_shared_by_several_attacks_is_counted_apart():
    from sahel_ie.records import Attack, Casualty

    attack = Attack(id="a1", casualties=[
        Casualty(outcome="killed", group="civilians", count=49, shared=True),
        Casualty(outcome="killed", group="military", count=15, shared=True),
        Casualty(outcome="killed", group="military", count=2),
    ])
    assert lowest_total(attack, "killed") == 2
    assert lowest_total(attack, "killed", shared=True) == 64
