"""Attempted seizures and robberies by armed men are violent events; the same verbs without an attacker are not."""

from __future__ import annotations

import pytest

import sahel_ie

PUBLISHED = "2022-03-10"  # a Thursday


def attacks(nlp, text: str):
    result = sahel_ie.extract(text, published=PUBLISHED, doc_id="t", nlp=nlp)
    assert result.ok, result.errors
    return result.attacks


@pytest.mark.parametrize("text", [
    "Gunmen tried to rob a bus outside Mopti on Sunday.",
    "Armed men attempted to steal a truck from the health centre in Gao on Tuesday.",
    "Two gunmen attempted to seize a humanitarian vehicle near Ansongo on Monday.",
    "Suspected jihadists attempted to hijack a fuel tanker on the road to Douentza.",
])
def test_an_armed_attempt_to_seize_or_rob_makes_one_record(nlp, text):
    found = attacks(nlp, text)
    assert len(found) == 1
    assert found[0].attack_type == "armed_assault"
    assert found[0].perpetrator is not None


@pytest.mark.parametrize("text", [
    "Traders tried to steal the show at the cattle fair in Bamako.",
    "The club attempted to seize the initiative in the second half.",
])
def test_the_same_verbs_without_an_attacker_make_no_record(nlp, text):
    assert attacks(nlp, text) == []


def test_plural_detonations_are_an_explosion(nlp):
    found = attacks(nlp, "Gunmen detonated two bombs near the airport in Kidal; the detonations shook the town.")
    assert found and found[0].attack_type == "bombing"


def test_a_french_armed_attempt_to_seize_makes_one_record(nlp_fr):
    found = attacks(nlp_fr, "Des hommes armés ont tenté de s'emparer d'un véhicule de l'ONU près de Gao dimanche.")
    assert len(found) == 1
    assert found[0].attack_type == "armed_assault"
