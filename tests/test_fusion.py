"""Event fusion: matching, grouping, consolidation, incremental runs, the contract and the CLI.

Records are built by hand with the real gazetteer (coordinates and admin names) and the real actor
knowledge base, in sentences of the fixtures' own kind: one attack told by several outlets.
"""

from __future__ import annotations

import json
import random

import jsonschema
import pytest

import sahel_ie
from sahel_ie.events import Event, build_event_schema, load_event_schema, validate_event
from sahel_ie.evaluate.events import cluster_scores, violations
from sahel_ie.fusion import fuse, fuse_into, read_events
from sahel_ie.fusion.reports import date_interval, day_number
from sahel_ie.kb.places import default_gazetteer
from sahel_ie.records import ActorRef, Attack, Attribution, Casualty, Claim, DateValue, Extraction, Location, Source


def place(name: str, relation: str = "in") -> Location:
    p = default_gazetteer().lookup(name)[0]
    precision = 3 if p.kind in ("region", "country") else (1 if relation == "in" else 2)
    return Location(text=name, name=p.name, country=p.country, admin1=p.admin1, lat=p.lat, lon=p.lon,
                    relation="region" if precision == 3 else relation, place_id=p.id, geo_precision=precision)


def report(doc: str, published: str, where: str | None, day: str | None, *, precision: str = "day",
           actor: str | None = None, certainty: str | None = "stated", killed: int | None = None,
           group: str = "civilians", kind: str = "raid", relation: str = "in", claims=(), attributions=(),
           outlet: str | None = None, extra: list[Attack] | None = None) -> Extraction:
    attack = Attack(
        id="a1", attack_type=kind, text="attacked",
        date=DateValue(value=day, precision=precision if day else "unknown"),
        location=place(where, relation) if where else Location(),
        perpetrator=ActorRef(text=actor or "gunmen", actor_id=actor, kind="jihadist_group" if actor else "unknown",
                             certainty=certainty if actor else "stated"),
        casualties=[Casualty(outcome="killed", group=group, count=killed, text=f"{killed} {group}")] if killed else [],
    )
    return Extraction(doc_id=doc, published=published, source=Source(outlet=outlet or f"Outlet {doc}", url=f"https://x.invalid/{doc}"),
                      attacks=[attack] + (extra or []), claims=list(claims), attributions=list(attributions))


def groups(events: list[Event]) -> set[frozenset[str]]:
    return {frozenset(m.doc_id for m in e.members) for e in events}


# -- matching ---------------------------------------------------------------------------------------------

def test_one_village_one_day_from_three_outlets_is_one_event_and_says_what_matched():
    events = fuse([
        report("wire", "2025-02-17", "Dourou", "2025-02-16", killed=23),
        report("local", "2025-02-18", "Dourou", "2025-02-16", killed=31, group="unspecified"),
        report("monitor", "2025-02-18", "Dourou", "2025-02-16", actor="jnim", certainty="claimed", killed=40,
               group="militia"),
    ])
    assert groups(events) == {frozenset({"wire", "local", "monitor"})}
    event = events[0]
    assert len(event.merges) == 2
    assert all("place" in m.matched and "date" in m.matched for m in event.merges)
    assert event.location.name == "Dourou" and event.date.value == "2025-02-16" and event.date.precision == "day"
    assert [(m.doc_id, m.record_id) for m in event.members] == [("wire", "a1"), ("local", "a1"), ("monitor", "a1")]
    assert event.members[0].outlet == "Outlet wire" and event.members[0].url == "https://x.invalid/wire"


def test_neighbouring_villages_attacked_the_same_day_stay_apart():
    # Solhan and Tadaryat are about 5 km apart: two attacks, even on the same night by the same kind of men
    events = fuse([
        report("s1", "2025-03-16", "Solhan", "2025-03-15", killed=38),
        report("s2", "2025-03-17", "Solhan", "2025-03-15", killed=45),
        report("t1", "2025-03-16", "Tadaryat", "2025-03-15", killed=9),
        report("t2", "2025-03-18", "Tadaryat", "2025-03-15", killed=11),
    ])
    assert groups(events) == {frozenset({"s1", "s2"}), frozenset({"t1", "t2"})}


def test_the_same_village_attacked_twice_in_a_month_is_two_events():
    events = fuse([
        report("first", "2025-07-08", "Foubé", "2025-07-07", killed=10),
        report("first_b", "2025-07-09", "Foubé", "2025-07-07", killed=12),
        report("second", "2025-07-29", "Foubé", "2025-07-28", killed=4),
        report("second_b", "2025-07-30", "Foubé", "2025-07-28", killed=5),
    ])
    assert groups(events) == {frozenset({"first", "first_b"}), frozenset({"second", "second_b"})}


def test_a_village_and_its_region_merge_but_not_another_region():
    events = fuse([
        report("village", "2025-05-13", "Tidermène", "2025-05-12", killed=14),
        report("region", "2025-05-14", "Ménaka region", "2025-05-12", killed=12),
        report("elsewhere", "2025-05-14", "Gao region", "2025-05-12", killed=12),
    ])
    assert groups(events) == {frozenset({"village", "region"}), frozenset({"elsewhere"})}
    merged = next(e for e in events if len(e.members) == 2)
    assert merged.location.name == "Tidermène"  # the most precise place
    assert "place~region" in merged.merges[0].matched


def test_a_district_report_does_not_chain_two_villages_into_one_event():
    events = fuse([
        report("ogossagou", "2025-03-03", "Ogossagou", "2025-03-02", killed=17),
        report("kani", "2025-03-03", "Kani-Kombolé", "2025-03-02", killed=6),
        report("region", "2025-03-04", "Mopti region", "2025-03-02", killed=17),
    ])
    together = [g for g in groups(events) if len(g) > 1]
    assert len(together) == 1 and "region" in next(iter(together))
    assert frozenset({"ogossagou", "kani"}) not in groups(events)
    assert not any({"ogossagou", "kani"} <= g for g in groups(events))


def test_a_member_and_its_parent_group_are_one_perpetrator():
    events = fuse([
        report("macina", "2025-06-04", "Farabougou", "2025-06-03", actor="katiba_macina", killed=5, group="militia"),
        report("jnim", "2025-06-05", "Farabougou", "2025-06-03", actor="jnim", killed=6, group="militia"),
    ])
    assert len(events) == 1
    assert "perpetrator~parent" in events[0].merges[0].matched


def test_two_unrelated_groups_both_named_firmly_never_merge():
    events = fuse([
        report("a", "2025-02-10", "Inates", "2025-02-09", actor="jnim", certainty="claimed", killed=12, group="military"),
        report("b", "2025-02-10", "Inates", "2025-02-09", actor="is_sahel", certainty="claimed", killed=12, group="military"),
    ])
    assert len(events) == 2


def test_a_hedged_competing_attribution_merges_and_is_kept():
    events = fuse([
        report("claim", "2025-02-11", "Inates", "2025-02-09", actor="is_sahel", certainty="claimed", killed=50,
               group="military"),
        report("army", "2025-02-10", "Inates", "2025-02-09", actor="jnim", certainty="suspected", killed=12,
               group="military"),
    ])
    assert len(events) == 1
    event = events[0]
    assert event.perpetrator.actor_id == "is_sahel" and event.perpetrator.certainty == "claimed"
    assert [(c.actor.actor_id, c.certainty) for c in event.perpetrator.competing] == [("jnim", "suspected")]
    assert "perpetrator~competing" in event.merges[0].matched


def test_strongest_certainty_wins_claimed_over_stated_over_attributed_over_suspected():
    claim = Claim(id="c1", claimant=ActorRef(text="JNIM", actor_id="jnim"), status="claimed", attack_ids=["a1"])
    blame = Attribution(id="t1", attributed_by=ActorRef(text="the army"), actor=ActorRef(text="JNIM", actor_id="jnim"),
                        certainty="suspected", attack_ids=["a1"])
    events = fuse([
        report("suspected", "2025-04-21", "Djibo", "2025-04-20", actor="jnim", certainty="suspected", relation="near"),
        report("attributed", "2025-04-21", "Djibo", "2025-04-20", actor="jnim", certainty="attributed",
               attributions=[blame], relation="near"),
        report("claimed", "2025-04-22", "Djibo", "2025-04-20", claims=[claim], relation="near"),
    ])
    assert len(events) == 1
    event = events[0]
    assert (event.perpetrator.actor_id, event.perpetrator.certainty) == ("jnim", "claimed")
    assert [c.actor.actor_id for c in event.claims] == ["jnim"]
    assert [(t.actor.actor_id, t.by.text) for t in event.attributions] == [("jnim", "the army")]


def test_an_undated_follow_up_with_a_revised_toll_joins_its_event():
    events = fuse([
        report("first", "2025-05-31", "Petelkolé", "2025-05-30", killed=16, group="military", kind="ambush"),
        report("toll", "2025-06-02", "Petelkolé", None, killed=21, group="military", kind="ambush"),
    ])
    assert len(events) == 1
    casualty = events[0].casualty("killed", "military")
    assert (casualty.count, casualty.low, casualty.high, casualty.latest) == (16, 16, 21, 21)
    assert [r.count for r in casualty.reports] == [16, 21]


def test_dates_that_cannot_overlap_never_merge_even_with_everything_else_equal():
    events = fuse([
        report("a", "2025-01-11", "Boulkessi", "2025-01-10", actor="jnim", killed=7, group="military"),
        report("b", "2025-01-14", "Boulkessi", "2025-01-13", actor="jnim", killed=7, group="military"),
    ])
    assert len(events) == 2


def test_dates_a_day_apart_merge_and_the_event_keeps_the_range():
    events = fuse([
        report("a", "2025-09-09", "Sobane Da", "2025-09-08", killed=21),
        report("b", "2025-09-10", "Sobane Da", "2025-09-07", killed=24),
        report("c", "2025-09-10", "Sobane Da", "2025-09-08", killed=22),
    ])
    assert len(events) == 1
    date = events[0].date
    assert (date.value, date.precision, date.disagree, date.earliest, date.latest) == (
        "2025-09-08", "day", True, "2025-09-07", "2025-09-08")


def test_a_day_and_a_week_give_the_day():
    events = fuse([
        report("day", "2025-09-03", "Natiaboani", "2025-09-02", killed=5),
        report("week", "2025-09-08", "Natiaboani", "2025-09-01", precision="week", killed=6),
    ])
    assert len(events) == 1 and (events[0].date.value, events[0].date.precision) == ("2025-09-02", "day")


def test_records_of_one_article_are_never_merged():
    second = Attack(id="a2", attack_type="raid", date=DateValue(value="2025-03-02", precision="day"),
                    location=place("Ogossagou"))
    events = fuse([report("roundup", "2025-03-06", "Ogossagou", "2025-03-02", extra=[second])])
    assert len(events) == 2


def test_an_air_strike_and_a_ground_raid_never_merge():
    events = fuse([
        report("strike", "2025-06-20", "Chinagodrar", "2025-06-19", kind="air_strike"),
        report("raid", "2025-06-20", "Chinagodrar", "2025-06-19", kind="raid"),
    ])
    assert len(events) == 2


def test_places_in_different_countries_never_merge():
    events = fuse([
        report("ml", "2025-02-10", "Boulkessi", "2025-02-09", killed=7),
        report("bf", "2025-02-10", "Djibo", "2025-02-09", killed=7, relation="near"),
    ])
    assert len(events) == 2


def test_casualties_keep_the_lowest_credible_figure_and_every_source():
    a = report("army", "2025-09-15", "Soumpi", "2025-09-14", killed=5, group="military", kind="ambush", relation="near")
    b = report("claim", "2025-09-16", "Soumpi", "2025-09-14", killed=20, group="military", kind="ambush", relation="near")
    b.attacks[0].casualties[0].source = "JNIM"
    c = report("wire", "2025-09-15", "Soumpi", "2025-09-14", killed=8, group="military", kind="ambush", relation="near")
    c.attacks[0].casualties[0].qualifier = "at_least"
    event = fuse([a, b, c])[0]
    killed = event.casualty("killed", "military")
    assert (killed.count, killed.low, killed.high) == (5, 5, 20)
    assert sorted((r.doc_id, r.count, r.source) for r in killed.reports) == [
        ("army", 5, None), ("claim", 20, "JNIM"), ("wire", 8, None)]
    assert (event.totals[0].outcome, event.totals[0].count, event.totals[0].high) == ("killed", 5, 20)


# -- identity, order, incremental -------------------------------------------------------------------------

def fixture_reports() -> list[Extraction]:
    return [
        report("w1", "2025-02-17", "Dourou", "2025-02-16", killed=23),
        report("w2", "2025-02-18", "Dourou", "2025-02-16", killed=31),
        report("s1", "2025-03-16", "Solhan", "2025-03-15", killed=38),
        report("t1", "2025-03-16", "Tadaryat", "2025-03-15", killed=9),
        report("s2", "2025-03-17", "Solhan", "2025-03-15", killed=45),
    ]


def test_event_ids_are_stable_across_reruns_and_input_order():
    first = fuse(fixture_reports())
    shuffled = fixture_reports()
    random.Random(4).shuffle(shuffled)
    second = fuse(shuffled)
    assert [e.to_dict() for e in first] == [e.to_dict() for e in second]
    assert len({e.event_id for e in first}) == len(first) == 3


def test_fusing_a_new_day_into_existing_events_keeps_ids_and_reports_changes():
    day1 = fixture_reports()[:4]
    old = fuse(day1)
    old_ids = {frozenset(m.doc_id for m in e.members): e.event_id for e in old}
    day2 = [fixture_reports()[4], report("new", "2025-03-20", "Djibo", "2025-03-19", killed=3, relation="near")]
    result = fuse_into(day2, old)
    by_members = {frozenset(m.doc_id for m in e.members): e.event_id for e in result.events}
    assert by_members[frozenset({"s1", "s2"})] == old_ids[frozenset({"s1"})]
    assert by_members[frozenset({"w1", "w2"})] == old_ids[frozenset({"w1", "w2"})]
    assert result.changed == [old_ids[frozenset({"s1"})]]
    assert result.new == [by_members[frozenset({"new"})]]
    assert result.added_reports == 2
    # the same day fused again changes nothing
    again = fuse_into(day2, result.events)
    assert again.new == [] and again.changed == [] and again.added_reports == 0
    assert [e.to_dict() for e in again.events] == [e.to_dict() for e in result.events]


def test_incremental_fusion_from_scratch_gives_the_same_groups():
    everything = fuse(fixture_reports())
    stepwise = fuse_into(fixture_reports()[4:], fuse(fixture_reports()[:4])).events
    assert groups(everything) == groups(stepwise)
    assert {e.event_id for e in everything} == {e.event_id for e in stepwise}


# -- contract ---------------------------------------------------------------------------------------------

def test_events_round_trip_and_follow_the_shipped_schema():
    for event in fuse(fixture_reports()):
        data = json.loads(json.dumps(event.to_dict()))
        validate_event(data)
        assert Event.from_dict(data) == event


def test_shipped_event_schema_matches_the_dataclasses():
    assert load_event_schema() == json.loads(json.dumps(build_event_schema()))


def test_event_schema_rejects_values_outside_the_vocabulary():
    data = fuse(fixture_reports())[0].to_dict()
    data["perpetrator"]["certainty"] = "rumoured"
    with pytest.raises(jsonschema.ValidationError):
        validate_event(data)


def test_fuse_is_public_api_and_reads_jsonl(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text("".join(json.dumps(x.to_dict()) + "\n" for x in fixture_reports()) + "{broken\n", encoding="utf-8")
    assert "fuse" in sahel_ie.__all__
    assert groups(sahel_ie.fuse(path)) == groups(fuse(fixture_reports()))


# -- the invariant on many perturbed records --------------------------------------------------------------

def test_no_event_joins_places_over_50_km_apart_or_dates_that_cannot_overlap():
    import importlib.util
    from pathlib import Path

    spec = importlib.util.spec_from_file_location(
        "fusion_data", Path(__file__).resolve().parent.parent / "benchmarks" / "fusion_data.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    extractions, truth = module.synthetic_extractions(3_000, seed=7)
    events = fuse(extractions)
    assert violations(events) == []
    gold = {tuple(k.split("#")): str(v) for k, v in truth.items()}
    from sahel_ie.evaluate.events import event_labels

    assert cluster_scores(gold, event_labels(events)).b3_f1 > 0.9


def test_date_intervals_follow_precision():
    assert date_interval("2025-03-05", None, "month", None) == (day_number("2025-03-01"), day_number("2025-03-31"))
    assert date_interval(None, None, "unknown", "2025-03-20") == (day_number("2025-03-10"), day_number("2025-03-20"))
    assert date_interval("2025-03-05", None, "day", "2025-03-06") == (day_number("2025-03-05"),) * 2


# -- CLI --------------------------------------------------------------------------------------------------

def test_cli_fuse_writes_events_csv_geojson_and_fuses_into_earlier_events(tmp_path):
    from sahel_ie.cli import main

    day1, day2 = tmp_path / "day1.jsonl", tmp_path / "day2.jsonl"
    day1.write_text("".join(json.dumps(x.to_dict()) + "\n" for x in fixture_reports()[:4]), encoding="utf-8")
    day2.write_text(json.dumps(fixture_reports()[4].to_dict()) + "\n", encoding="utf-8")
    events = tmp_path / "events.jsonl"
    assert main(["fuse", str(day1), "-o", str(events), "--csv", str(tmp_path / "e.csv"),
                 "--geojson", str(tmp_path / "e.geojson"), "--quiet"]) == 0
    first = read_events(events)
    assert len(first) == 3
    rows = (tmp_path / "e.csv").read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("event_id,event_date") and len(rows) == 4
    assert len(json.loads((tmp_path / "e.geojson").read_text(encoding="utf-8"))["features"]) == 3
    changes = tmp_path / "changes.json"
    assert main(["fuse", str(day2), "-o", str(events), "--into", str(events), "--changes", str(changes), "--quiet"]) == 0
    after = read_events(events)
    assert {e.event_id for e in after} == {e.event_id for e in first}
    assert len(json.loads(changes.read_text(encoding="utf-8"))["changed"]) == 1
    assert main(["fuse", str(tmp_path / "missing.jsonl"), "-o", str(events)]) == 2


def test_reports_that_cannot_be_placed_in_time_never_merge():
    events = fuse([
        report("a", None, "Kidal", None, killed=12, group="military"),
        report("b", None, "Kidal", None, killed=12, group="military"),
    ])
    assert len(events) == 2


def test_the_event_total_sums_the_lowest_figure_of_each_group():
    army = report("army", "2025-01-11", "Boulkessi", "2025-01-10", killed=7, group="military")
    army.attacks[0].casualties.append(Casualty(outcome="killed", group="assailants", count=30, text="30 assailants"))
    wire = report("wire", "2025-01-11", "Boulkessi", "2025-01-10", killed=10, group="military")
    people = report("people", "2025-01-12", "Boulkessi", "2025-01-10", killed=50, group="unspecified")
    event = fuse([army, wire, people])[0]
    assert len(event.members) == 3
    total = next(t for t in event.totals if t.outcome == "killed")
    assert (total.count, total.high) == (37, 40)  # 7 soldiers + 30 assailants; "50 people" is not added


def test_broken_lines_of_batch_output_are_skipped(tmp_path):
    path = tmp_path / "out.jsonl"
    good = fixture_reports()[0].to_dict()
    path.write_text("\n".join([json.dumps(good), "[1, 2]", json.dumps({"doc_id": "x", "attacks": 5}), "{"]) + "\n",
                    encoding="utf-8")
    assert [m.doc_id for e in fuse(path) for m in e.members] == ["w1"]
