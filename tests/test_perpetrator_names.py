"""Perpetrator names whose parts the parser splits, on sentences written for these tests."""

import pytest

import sahel_ie


@pytest.fixture(scope="module")
def nlp():
    return sahel_ie.load()


def _attacks(nlp, text, published="2016-05-10"):
    return sahel_ie.extract(text, published=published, nlp=nlp).attacks


def test_misspelt_long_name_after_passive_agent(nlp):
    # the parser hangs "in the Islamic Magreb" on the verb, not on the agent's name
    attacks = _attacks(nlp, "Four engineers were abducted by Al-Qaeda in the Islamic Magreb near Gao last week.")
    assert [a.perpetrator.actor_id for a in attacks] == ["aqim"]


def test_place_after_agent_is_not_part_of_the_name(nlp):
    attacks = _attacks(nlp, "Four engineers were abducted by JNIM in the Gao region last week.")
    assert [a.perpetrator.actor_id for a in attacks] == ["jnim"]


def test_subject_shared_along_a_chain_of_conjoined_deeds(nlp):
    # killing -> opened -> gathered -> entered: the subject sits on the first verb of the chain
    attacks = _attacks(nlp, "On May 3, gunmen entered the village, gathered the men and opened fire, killing 14 people.",
                       published="2024-05-10")
    assert [a.perpetrator.text for a in attacks] == ["gunmen"]


def test_misread_adverbial_clause_still_shares_the_subject(nlp):
    attacks = _attacks(nlp, "On May 3, more than 50 soldiers went door to door, ordered people out of their homes "
                            "and opened fire, killing 14 people in Kabo.", published="2024-05-10")
    assert [a.perpetrator.text for a in attacks] == ["more than 50 soldiers"]


def test_speaker_of_a_misparsed_report_is_not_the_attacker(nlp):
    # the parser hangs "ordered" and "opened" on "told": the reported clause's subject does the deeds
    attacks = _attacks(nlp, "Residents told reporters that on May 3, more than 50 soldiers went door to door, "
                            "ordered people out of their homes and opened fire, killing 14 people in Kabo.",
                       published="2024-05-10")
    assert [a.perpetrator.text for a in attacks] == ["more than 50 soldiers"]


def test_speaker_with_no_attacker_in_the_reported_clause(nlp):
    attacks = _attacks(nlp, "Residents told reporters that on May 3 the market was crowded, men came in and "
                            "opened fire, killing 14 people in Kabo.", published="2024-05-10")
    assert all(a.perpetrator.text != "Residents" for a in attacks)


def test_counted_soldiers_doing_deeds_hung_on_the_reporting_verb_are_the_army(nlp):
    attacks = _attacks(nlp, "Villagers in Burkina Faso told reporters that on May 3, more than 50 soldiers went door "
                            "to door, ordered people out of their homes and opened fire, killing 14 people in Kabo.",
                       published="2024-05-10")
    assert [(a.perpetrator.actor_id, a.perpetrator.resolved_as) for a in attacks] == [("bf_armed_forces", "national")]


def test_counted_soldiers_who_only_lose_their_lives_stay_victims(nlp):
    attacks = _attacks(nlp, "Officials in Burkina Faso said that on May 3, 25 soldiers were on patrol near Kabo, "
                            "and lost their lives when gunmen ambushed them.", published="2024-05-10")
    assert all(a.perpetrator.actor_id != "bf_armed_forces" for a in attacks)
