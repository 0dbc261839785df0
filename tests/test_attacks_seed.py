"""The seed article: three attacks, a toll shared by the first two, no records from background."""

from __future__ import annotations

import json

from conftest import SEED_DIR, SEED_ID


def by_place(seed_doc):
    return {a.location.name: a for a in seed_doc._.attacks}


def test_exactly_three_attacks(seed_doc):
    places = by_place(seed_doc)
    assert len(seed_doc._.attacks) == 3
    assert set(places) == {"Timbuktu", "Bamba", "Mali"}


def test_places_and_relations(seed_doc):
    places = by_place(seed_doc)
    boat, bamba, camp = places["Timbuktu"], places["Bamba"], places["Mali"]
    assert boat.location.relation == "near" and boat.location.country == "ML"
    assert boat.location.admin1 == "Tombouctou" and boat.location.geo_precision == 2
    assert bamba.location.relation == "in" and bamba.location.geo_precision == 1
    assert camp.location.relation == "region" and camp.location.geo_precision == 3


def test_targets(seed_doc):
    places = by_place(seed_doc)
    assert places["Timbuktu"].targets[0].text == "a civilian passenger boat"
    assert places["Timbuktu"].targets[0].category == "civilians"
    assert places["Bamba"].targets[0].category == "military"
    assert places["Mali"].targets[0].text == "a military camp"


def test_dates_resolve_the_day_after_anchor(seed_doc):
    places = by_place(seed_doc)
    assert places["Timbuktu"].date.value == "2023-09-07"
    assert places["Bamba"].date.value == "2023-09-07"
    assert places["Mali"].date.value == "2023-09-08"
    assert all(a.date.precision == "day" for a in seed_doc._.attacks)


def test_shared_toll_on_the_first_two(seed_doc):
    places = by_place(seed_doc)
    for name in ("Timbuktu", "Bamba"):
        tolls = {(c.group, c.count, c.qualifier): c.shared for c in places[name].casualties}
        assert tolls == {
            ("civilians", 49, "exact"): True,
            ("military", 15, "exact"): True,
            ("assailants", 50, "about"): True,
            ("unspecified", 60, "nearly"): True,
        }
    assert places["Mali"].casualties == []


def test_perpetrator_of_the_prior_attacks(seed_doc):
    # the text names "terrorist-linked groups"; the army's attribution to JNIM then fills in the actor
    places = by_place(seed_doc)
    for name in ("Timbuktu", "Bamba"):
        perp = places[name].perpetrator
        assert perp.text == "terrorist-linked groups"
        assert perp.actor_id == "jnim" and perp.certainty == "attributed"


def test_generic_perpetrator_stays_unresolved(nlp):
    from sahel_ie.components.attacks import AttackExtractor
    from sahel_ie.extraction import make_doc

    text = "Mali's army said two assaults by terrorist-linked groups killed nearly 60 people in Bamba on Thursday."
    doc = make_doc(nlp, text, "2023-09-08", "t")
    for name, proc in nlp.pipeline:
        if name in {"sahel_claims", "sahel_attributions"}:
            break
        doc = proc(doc)
    assert isinstance(nlp.get_pipe("sahel_attacks"), AttackExtractor)
    (attack,) = doc._.attacks
    assert attack.perpetrator.text == "terrorist-linked groups"
    assert attack.perpetrator.actor_id is None and attack.perpetrator.kind == "unknown"


def test_no_record_from_background_statistics_or_generic_sentences(seed_doc, seed_text):
    excluded = [
        "JNIM regularly attacks French",
        "more than 1,800 terrorist attacks",
        "is intensifying attacks in Mali",
        "In 2013, Mali requested",
    ]
    for attack in seed_doc._.attacks:
        for ev in attack.evidence:
            quote = seed_text[ev.start:ev.end]
            assert not any(phrase in quote for phrase in excluded), quote


def test_evidence_and_spans(seed_doc, seed_text):
    places = by_place(seed_doc)
    boat = places["Timbuktu"]
    quotes = [seed_text[e.start:e.end] for e in boat.evidence]
    assert any("When the boat was attacked" in q for q in quotes)
    assert any("river boat attack" in q for q in quotes)
    spans = seed_doc._.attack_spans
    assert set(spans) == {a.id for a in seed_doc._.attacks}
    boat_words = [seed_text[s.start_char:s.end_char] for s in spans[boat.id]]
    assert "attacked" in boat_words and "attack" in boat_words


def test_matches_gold_places_and_dates(seed_doc):
    gold = json.loads((SEED_DIR / f"{SEED_ID}.gold.json").read_text(encoding="utf-8"))
    gold_pairs = {(a["location"]["name"], a["date"]["value"]) for a in gold["attacks"]}
    assert gold_pairs == {("Timbuktu", "2023-09-07"), ("Bamba", "2023-09-07"), (None, "2023-09-08")}
    predicted = {(a.location.name if a.location.geo_precision != 3 else None, a.date.value)
                 for a in seed_doc._.attacks}
    assert predicted == gold_pairs
