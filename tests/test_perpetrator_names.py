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
    attacks = _attacks(nlp, "Residents told reporters that on May 3, more than 50 soldiers went door to door, "
                            "ordered people out of their homes and opened fire, killing 14 people in Kabo.",
                       published="2024-05-10")
    assert all(a.perpetrator.text != "Residents" for a in attacks)
