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
