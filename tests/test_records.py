"""The record contract: round-trips, schema validity of real outputs, and the shipped schema file."""

from __future__ import annotations

import json

import jsonschema
import pytest

from sahel_ie.records import (
    ActorRef, Attack, Attribution, Casualty, Claim, DateValue, Evidence, Extraction, Location, Source, Target,
)
from sahel_ie.schema import build_schema, load_schema, validate_extraction


def full_extraction() -> Extraction:
    return Extraction(
        doc_id="000_test",
        source=Source(path="a.txt", title="Militants attack camp"),
        published="2023-09-08",
        attacks=[
            Attack(
                id="a1", attack_type="armed_assault", text="attacked",
                date=DateValue(text="on Friday", value="2023-09-08", precision="day"),
                location=Location(text="near Timbuktu", name="Timbuktu", country="ML", admin1="Tombouctou",
                                  lat=16.77, lon=-3.0, relation="near"),
                perpetrator=ActorRef(text="JNIM", actor_id="jnim", name="JNIM", kind="jihadist_group",
                                     certainty="claimed"),
                targets=[Target(text="boat", category="civilians")],
                casualties=[Casualty(outcome="killed", group="civilians", count=49, text="Forty-nine civilians",
                                     shared=True, evidence=[Evidence(10, 30, 2)])],
                evidence=[Evidence(start=0, end=8, sentence=0, text="attacked")],
                confidence=0.9,
            )
        ],
        claims=[Claim(id="c1", claimant=ActorRef(text="JNIM", actor_id="jnim"), status="not_claimed",
                      attack_ids=["a1"])],
        attributions=[Attribution(id="t1", attributed_by=ActorRef(text="the army", actor_id="fama"),
                                  actor=ActorRef(text="JNIM", actor_id="jnim"), certainty="suspected",
                                  reported_by=["BBC"], attack_ids=["a1"])],
    )


def test_round_trip_through_json():
    extraction = full_extraction()
    data = json.loads(json.dumps(extraction.to_dict()))
    assert Extraction.from_dict(data) == extraction


def test_from_dict_tolerates_missing_optional_keys():
    extraction = Extraction.from_dict({"doc_id": "x", "attacks": [{"id": "a1"}]})
    assert extraction.attacks[0].date.precision == "unknown"
    assert extraction.attacks[0].casualties == []


def test_full_extraction_is_valid_against_shipped_schema():
    validate_extraction(full_extraction().to_dict())


def test_schema_rejects_values_outside_the_vocabulary():
    data = full_extraction().to_dict()
    data["attacks"][0]["casualties"][0]["outcome"] = "dead"
    with pytest.raises(jsonschema.ValidationError):
        validate_extraction(data)
    data = full_extraction().to_dict()
    data["claims"][0]["status"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        validate_extraction(data)


def test_shipped_schema_matches_the_dataclasses():
    assert load_schema() == json.loads(json.dumps(build_schema()))


def test_failed_extraction_is_valid_and_not_ok():
    failed = Extraction.failed("x", "binary", "file holds NUL bytes")
    validate_extraction(failed.to_dict())
    assert not failed.ok
    assert failed.errors[0].kind == "binary"


def test_real_seed_output_is_valid(nlp, seed_text):
    import sahel_ie

    extraction = sahel_ie.extract(seed_text, published="2023-09-08", doc_id="seed", nlp=nlp)
    data = extraction.to_dict()
    validate_extraction(data)
    assert Extraction.from_dict(json.loads(json.dumps(data))) == extraction
