"""The ACLED-style note adapter, on a tiny hand-written file (never the real data set)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sahel_ie.records import ActorRef, Attack, Casualty, DateValue, Extraction, Location
from sahel_ie.evaluate.acled import (ActorNames, _note_date, format_acled, format_perpetrator_errors, is_violent,
                                     load_acled, predict_notes, primary_attack, score_notes)

ROOT = Path(__file__).resolve().parent.parent
NOTES = ROOT / "tests" / "data" / "eval" / "acled_notes.jsonl"


class FakeKB:
    """Stands in for the actor KB: knows a few names, returns objects with ``actor_id`` like a resolution."""

    table = {"jnim": "jnim", "military forces of mali": "fama", "minusma": "minusma",
             "dozo communal militia (mali)": "dozo"}

    def resolve(self, name):
        actor_id = self.table.get(name.lower())
        return type("Resolution", (), {"actor_id": actor_id})() if actor_id else None


def attack(place=None, perp=None, perp_text=None, killed=None, date=None, admin1=None):
    return Attack(id="a", location=Location(name=place, admin1=admin1), perpetrator=ActorRef(text=perp_text or perp, actor_id=perp),
                  casualties=[] if killed is None else [Casualty(outcome="killed", group="unspecified", count=killed)],
                  date=DateValue(value=date))


def test_loading_and_violence():
    rows = load_acled(NOTES)
    assert len(rows) == 6 and len(load_acled(NOTES, limit=2)) == 2
    assert [is_violent(r) for r in rows] == [True, True, True, True, False, False]


def test_actor_names_resolve_parts_and_generics():
    names = ActorNames(FakeKB())
    assert names.resolve("JNIM: Group for Support of Islam and Muslims") == "jnim"
    assert names.resolve("Military Forces of Mali (2013-2020)") == "fama"
    assert names.resolve("Unidentified Armed Group (Mali)") == "<generic>"
    assert names.resolve("Fulani Ethnic Militia (Mali)") == "<generic>"
    assert names.resolve("Dozo Communal Militia (Mali)") == "dozo"  # the KB wins over the generic pattern
    assert names.resolve("Military Forces of Mali (2013-2020) Operational Coordination Mechanism") == "fama"
    assert names.resolve("Ganda Koy") == "~ganda koy"
    assert names.resolve(None) is None


def test_note_dates():
    assert _note_date("On 12 June 2018, fighters attacked") == "2018-06-12"
    assert _note_date("on June 3, 2017 a mine") == "2017-06-03"
    assert _note_date("On 12 June, fighters attacked") is None


def test_hand_made_predictions_score_known_figures():
    rows = load_acled(NOTES)
    preds = [
        # T1: right perpetrator, place, toll and stated date
        Extraction(doc_id="T1", attacks=[attack("Nampala", "jnim", killed=4, date="2018-06-12", admin1="Ségou")]),
        # T2: generic perpetrator (generic in ACLED too), place folded, no toll given -> 0 vs 1
        Extraction(doc_id="T2", attacks=[attack("Ténenkou", perp_text="gunmen")]),
        # T3: JNIM is ACLED's actor 2 in a battle: a match; toll 9 vs 10 is within 20%
        Extraction(doc_id="T3", attacks=[attack("Dioura", "jnim", killed=9, admin1="Mopti")]),
        # T4: missed
        Extraction(doc_id="T4"),
        # T5: a protest read as an attack: a false positive; T6 right to have nothing
        Extraction(doc_id="T5", attacks=[attack("Bamako")]),
        Extraction(doc_id="T6"),
    ]
    result = score_notes(rows, preds, ActorNames(FakeKB()))
    d = result["detection"]
    assert (d["tp"], d["fp"], d["fn"], d["tn"]) == (3, 1, 1, 1)
    assert d["precision"] == 0.75 and d["recall"] == 0.75 and d["accuracy"] == round(4 / 6, 4)
    assert result["perpetrator"] == {"rate": 1.0, "hits": 3, "n": 3}
    assert result["fatalities"]["exact"]["hits"] == 1 and result["fatalities"]["within_20pct"]["hits"] == 2
    assert result["fatalities"]["mae"] == round((0 + 1 + 1) / 3, 3)
    assert result["location"]["hits"] == 3
    assert result["location_where_named"] == {"rate": 1.0, "hits": 3, "n": 3}  # each note writes its place
    assert result["location_admin1"] == {"rate": round(2 / 3, 4), "hits": 2, "n": 3}  # T2 gives no admin1
    assert result["location_within_10km"]["n"] == 0  # no predicted points
    assert result["date_where_stated"] == {"rate": 1.0, "hits": 1, "n": 1}
    assert {(m["id"], m["field"]) for m in result["mismatches"]} == {
        ("T2", "killed"), ("T3", "killed"), ("T4", "detection"), ("T5", "detection"), ("T2", "admin1")}
    assert all("text" not in m for m in result["mismatches"])  # no note text leaves the adapter
    assert "perpetrator match: 1.000 (3/3)" in format_acled(result)


def test_wrong_perpetrator_is_a_miss():
    rows = load_acled(NOTES, limit=1)
    result = score_notes(rows, [Extraction(doc_id="T1", attacks=[attack("Nampala", "is_sahel", killed=4)])],
                         ActorNames(FakeKB()))
    assert result["perpetrator"]["hits"] == 0


def test_a_unit_counts_as_its_organisation_and_misses_are_listed_by_id():
    rows = load_acled(NOTES, limit=1)
    names = ActorNames(FakeKB())
    for unit in ("katiba_macina", "ansar_dine"):  # ACLED codes both under JNIM in 2017-2018
        result = score_notes(rows, [Extraction(doc_id="T1", attacks=[attack("Nampala", unit, killed=4)])], names)
        assert result["perpetrator_named"]["hits"] == 0
        assert result["perpetrator_named_units_as_organisation"]["hits"] == 1
    result = score_notes(rows, [Extraction(doc_id="T1", attacks=[attack("Nampala", "is_sahel", killed=4)])], names)
    miss = next(m for m in result["mismatches"] if m["field"] == "perpetrator")
    assert miss["named"] and not miss["unit_match"]
    listing = format_perpetrator_errors(result)
    assert listing.startswith(f"{rows[0]['id']}\t") and "predicted=is_sahel" in listing
    assert (rows[0].get("text") or "")[:20] not in listing


def test_location_accepts_admin_names_and_spelling_variants():
    rows = load_acled(NOTES, limit=3)
    preds = [Extraction(doc_id="T1", attacks=[attack("Niono")]),          # admin2
             Extraction(doc_id="T2", attacks=[attack("Tenenkoun")]),      # a variant spelling
             Extraction(doc_id="T3", attacks=[attack("Dioro")])]          # another town
    assert score_notes(rows, preds, ActorNames(FakeKB()))["location"] == {"rate": round(2 / 3, 4), "hits": 2, "n": 3}


def test_primary_attack_is_the_deadliest():
    small, big = attack("A", killed=1), attack("B", killed=5)
    assert primary_attack(Extraction(doc_id="x", attacks=[small, big])) is big
    assert primary_attack(Extraction(doc_id="x")) is None


def test_real_pipeline_runs_over_notes(nlp):
    rows = load_acled(NOTES)
    extractions = predict_notes(rows, nlp=nlp, batch_size=4)
    assert [e.doc_id for e in extractions] == [r["id"] for r in rows]
    result = score_notes(rows, extractions)
    assert result["notes"] == 6 and result["violent"] == 4
    assert result["processing_errors"] == 0


def test_benchmark_skips_missing_file(tmp_path):
    run = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "acled_eval.py"), str(tmp_path / "none.jsonl")],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and "skipped: file not found" in run.stdout
