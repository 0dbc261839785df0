"""Attack records from short texts written for these tests, through the real pipeline."""

from __future__ import annotations

import pytest

from sahel_ie.extraction import make_doc
from sahel_ie.records import (
    ATTACK_TYPES, CASUALTY_GROUPS, DATE_PRECISIONS, LOCATION_RELATIONS, PERPETRATOR_CERTAINTIES, TARGET_CATEGORIES,
)

PUBLISHED = "2024-03-16"  # a Saturday


def attacks(nlp, text: str, published: str | None = PUBLISHED):
    doc = nlp(make_doc(nlp, text, published, "t"))
    return doc._.attacks


def only(nlp, text: str):
    found = attacks(nlp, text)
    assert len(found) == 1, [a.to_dict() for a in found]
    return found[0]


def test_active_perpetrator_place_date_and_toll(nlp):
    a = only(nlp, "Gunmen killed 12 villagers in Djibo on Sunday.")
    assert a.attack_type == "armed_assault"
    assert a.location.name == "Djibo" and a.location.relation == "in" and a.location.country == "BF"
    assert a.location.geo_precision == 1
    assert a.date.value == "2024-03-10" and a.date.precision == "day"
    assert a.perpetrator.text == "Gunmen" and a.perpetrator.actor_id is None and a.perpetrator.kind == "unknown"
    assert [(c.outcome, c.group, c.count) for c in a.casualties] == [("killed", "civilians", 12)]


def test_passive_agent_resolves_through_the_kb(nlp):
    a = only(nlp, "Three aid workers were abducted by JNIM militants near Ménaka on Tuesday.")
    assert a.attack_type == "abduction"
    assert a.perpetrator.actor_id == "jnim" and a.perpetrator.certainty == "stated"
    assert a.location.name == "Ménaka" and a.location.relation == "near" and a.location.geo_precision == 2
    assert a.targets[0].category == "civilians"


def test_suspected_perpetrator_and_between(nlp):
    a = only(nlp, "Suspected jihadists ambushed an army convoy between Gao and Ansongo on Monday, "
                  "killing four soldiers.")
    assert a.attack_type == "ambush"
    assert a.perpetrator.certainty == "suspected" and a.perpetrator.text == "jihadists"
    assert a.location.relation == "between" and a.location.name == "Gao"
    assert "Ansongo" in a.location.text
    assert a.targets[0].category == "military"
    assert a.date.value == "2024-03-11"


def test_region_relation(nlp):
    a = only(nlp, "Gunmen attacked a police station in the Mopti region on Friday.")
    assert a.location.relation == "region" and a.location.geo_precision == 3
    assert a.targets[0].category == "police"


@pytest.mark.parametrize(
    "text, attack_type",
    [
        ("A roadside bomb killed six soldiers near Boni on Wednesday.", "bombing"),
        ("Militants set fire to a market in the town of Tessit on Saturday.", "arson"),
        ("A drone strike hit a wedding party in the village of Tadamakat on Sunday, killing 13 civilians.",
         "airstrike"),
        ("Islamic State fighters stormed the military camp of Inates on Tuesday, killing 71 soldiers.", "raid"),
    ],
)
def test_types(nlp, text, attack_type):
    assert only(nlp, text).attack_type == attack_type


def test_named_boat_is_not_the_place(nlp):
    a = only(nlp, "A boat named Timbuktu was attacked on the Niger river near Mopti on Sunday.")
    assert a.location.name == "Mopti" and a.location.relation == "near"
    assert a.targets[0].category == "civilians"


@pytest.mark.parametrize(
    "text",
    [
        "JNIM threatened to attack the town of Djibo.",
        "No attack was reported in the region on Thursday.",
        "The army said militants could attack convoys on the road.",
        "More than 1,200 attacks killed 3,000 people in Burkina Faso between January and June.",
        "In 2012, rebels overran the garrison of Aguelhok.",
        "JNIM regularly attacks army posts in central Mali.",
        "The group is intensifying attacks in Mali, Burkina Faso and Niger.",
        "Kidnapping foreigners for ransom has long funded armed groups in the desert.",
    ],
)
def test_no_record(nlp, text):
    assert attacks(nlp, text) == []


def test_two_distinct_attacks(nlp):
    found = attacks(nlp, "Jihadists torched homes in Koulogon on Friday. On Saturday, soldiers were ambushed "
                         "near Dori.")
    assert [(a.attack_type, a.location.name, a.date.value) for a in found] == [
        ("arson", "Koulogon", "2024-03-15"), ("ambush", "Dori", "2024-03-16")]
    assert [a.id for a in found] == ["a1", "a2"]


def test_headline_lede_and_body_are_one_record(nlp):
    text = (
        "Gunmen kill 14 in attack on Burkina village\n\n"
        "Gunmen stormed the village of Tadaryat in northern Burkina Faso on Friday and killed 14 civilians, "
        "residents said.\n\n"
        "The attackers arrived on motorcycles and opened fire on the market. "
        "The attack was the second in the area this month."
    )
    found = attacks(nlp, text)
    assert len(found) == 1
    a = found[0]
    assert a.location.name == "Tadaryat" and a.date.value == "2024-03-15"
    assert len(a.evidence) >= 3
    assert {e.sentence for e in a.evidence} and all(e.end > e.start for e in a.evidence)


def test_shared_toll_on_both_attacks(nlp):
    text = (
        "Militants attacked an army post in Boni on Tuesday and a convoy near Hombori on Wednesday. "
        "Eleven soldiers were killed in the two attacks, the army said."
    )
    found = attacks(nlp, text)
    assert [a.location.name for a in found] == ["Boni", "Hombori"]
    for a in found:
        assert [(c.count, c.shared) for c in a.casualties] == [(11, True)]


def test_day_after_anchor(nlp):
    text = ("Gunmen attacked a checkpoint in Sévaré on Friday, a day after fighters ambushed a patrol "
            "near Djenné.")
    found = attacks(nlp, text)
    dates = {a.location.name: a.date.value for a in found}
    assert dates == {"Sévaré": "2024-03-15", "Djenné": "2024-03-14"}


def test_unknown_date_stays_unknown(nlp):
    a = only(nlp, "Gunmen killed 12 villagers in Djibo.")
    assert a.date.value is None and a.date.precision == "unknown"


def test_records_use_contract_vocabulary_and_spans(nlp):
    text = ("Suspected jihadists ambushed an army convoy between Gao and Ansongo on Monday, killing four "
            "soldiers. Separately, gunmen abducted a mayor in Ségou on Tuesday.")
    doc = nlp(make_doc(nlp, text, PUBLISHED, "t"))
    assert len(doc._.attacks) == 2
    for a in doc._.attacks:
        assert a.attack_type in ATTACK_TYPES
        assert a.date.precision in DATE_PRECISIONS
        assert a.location.relation in LOCATION_RELATIONS + (None,)
        assert a.perpetrator.certainty in PERPETRATOR_CERTAINTIES + (None,)
        assert all(t.category in TARGET_CATEGORIES for t in a.targets)
        assert all(c.group in CASUALTY_GROUPS for c in a.casualties)
        assert 0 < a.confidence < 1
        spans = doc._.attack_spans[a.id]
        assert spans and all(text[s.start_char:s.end_char] == s.text for s in spans)
        for ev in a.evidence:
            assert text[ev.start:ev.end] == ev.text


def test_toll_in_the_next_sentence_joins_the_attack(nlp):
    a = only(nlp, "Gunmen stormed the village of Tadaryat on Friday. Fourteen civilians were killed and "
                  "six were wounded, residents said.")
    assert {(c.outcome, c.count, c.shared) for c in a.casualties} >= {("killed", 14, False)}


def test_statistics_toll_does_not_join(nlp):
    a = only(nlp, "Gunmen stormed the village of Tadaryat on Friday. Since 2015 violence has killed "
                  "more than 10,000 people in the country.")
    assert all(c.count != 10000 for c in a.casualties)


def test_assault_on_a_camp_is_a_raid(nlp):
    assert only(nlp, "Militants attacked an army camp in Boulkessi on Monday.").attack_type == "raid"
    assert only(nlp, "Militants attacked a bus near Boni on Monday.").attack_type == "armed_assault"


def test_villages_of_a_b_and_c_are_three_attacks_sharing_the_toll(nlp):
    found = attacks(nlp, "On Sunday, armed men on motorcycles attacked the villages of Tadaryat, Solhan and "
                         "Sebba, killing 30 people.")
    assert [a.location.name for a in found] == ["Tadaryat", "Solhan", "Sebba"]
    for a in found:
        assert a.attack_type == "raid" and a.date.value == "2024-03-10"
        assert [(c.count, c.shared) for c in a.casualties] == [(30, True)]


def test_bombers_are_the_perpetrator_not_a_second_attack(nlp):
    a = only(nlp, "Three suicide bombers blew themselves up at a market in Konduga on Sunday, killing 30 people.")
    assert a.attack_type == "bombing" and a.location.name == "Konduga"
    assert "suicide bombers" in a.perpetrator.text


def test_fighters_of_a_named_group(nlp):
    a = only(nlp, "Fighters of the Islamic State West Africa Province stormed a military base in Metele on "
                  "Sunday.")
    assert a.perpetrator.actor_id == "iswap"


def test_background_reference_makes_no_second_record(nlp):
    found = attacks(nlp, "Gunmen attacked an army post in Boni on Sunday. The attack came two months after "
                         "an assault on the camp at Hombori.")
    assert [a.location.name for a in found] == ["Boni"]


def test_date_from_the_main_clause(nlp):
    a = only(nlp, "On Tuesday, ten soldiers were killed when assailants stormed the camp at Tessit.")
    assert a.date.value == "2024-03-12" and a.location.name == "Tessit"


def test_noun_phrase_trigger_mistagged_as_verb(nlp):
    a = only(nlp, "Drone strikes by the Malian army hit a market in Tinzaouaten on Sunday, killing 21 civilians.")
    assert a.attack_type == "airstrike" and a.perpetrator.actor_id == "fama"
    assert a.location.name == "Tinzaouaten" and a.targets[0].category == "civilians"


def test_a_day_is_not_a_target(nlp):
    a = only(nlp, "Sixteen soldiers were killed in an ambush by armed men on Saturday in the Tillia area.")
    assert a.attack_type == "ambush" and all(t.text != "Saturday" for t in a.targets)
    assert a.date.value == "2024-03-16"


def test_river_named_niger_and_country_named_niger(nlp):
    boat = only(nlp, "A passenger boat was attacked on the Niger River near Diré on Sunday.")
    assert boat.location.name == "Diré" and boat.location.country == "ML"
    village = only(nlp, "Gunmen attacked a village in Niger on Sunday, killing nine people.")
    assert village.location.country == "NE" and village.location.geo_precision == 3


def test_low_confidence_records_are_held_back(nlp):
    # a bare noun with nothing that pins an event down scores below the component's threshold
    assert attacks(nlp, "Attack.") == []
    a = only(nlp, "Gunmen attacked a police station in Mopti on Friday.")
    assert a.confidence >= nlp.get_pipe("sahel_attacks").min_confidence
