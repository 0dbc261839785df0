"""Actors in context, on sentences written for these tests, through the full pipeline: communal militias,
several perpetrators named together, a later sentence telling who did it, and background sentences that
must not lend their actor to the article's attacks."""

from __future__ import annotations

import pytest

import sahel_ie
from sahel_ie.kb.actors import default_kb

PUBLISHED = "2019-03-12"


def run(nlp, text, published=PUBLISHED):
    return sahel_ie.extract(text, published=published, doc_id="t", nlp=nlp)


def only_attack(extraction):
    assert len(extraction.attacks) == 1, [a.to_dict() for a in extraction.attacks]
    return extraction.attacks[0]


# ---------------------------------------------------------------- communal and ethnic militias

@pytest.mark.parametrize("name, actor_id", [
    ("Fulani militiamen", "fulani_militia"),
    ("suspected Peul gunmen", "fulani_militia"),
    ("Dogon hunters", "dogon_militia"),
    ("the Dogon militiamen", "dogon_militia"),
    ("Dozos", "dozo"),
    ("Bambara militia", "bambara_militia"),
    ("Bambara militiamen", "bambara_militia"),
    ("Tuareg factions", "tuareg_militia"),
    ("Dawsahak militiamen", "dawsahak_militia"),
    ("Dan Na Ambassagou", "dan_na_ambassagou"),
    ("Fulani Ethnic Militia (Mali)", "fulani_militia"),
])
def test_communal_militias_resolve_as_acled_codes_them(name, actor_id):
    resolution = default_kb().resolve(name)
    assert resolution is not None and resolution.actor.id == actor_id


@pytest.mark.parametrize("name", ["Fulani civilians", "Dogon villagers", "Fulani jihadists", "Tuareg rebels"])
def test_a_community_without_a_militia_head_is_no_militia(name):
    resolution = default_kb().resolve(name)
    assert resolution is None or resolution.actor.id not in {"fulani_militia", "dogon_militia", "tuareg_militia"}


def test_communal_militia_as_perpetrator(nlp):
    attack = only_attack(run(nlp, "Presumed Bambara militiamen raided the hamlet of Kemi on Friday, killing five herders."))
    assert attack.perpetrator.actor_id == "bambara_militia"
    assert attack.perpetrator.certainty == "suspected"
    assert attack.perpetrator.resolved_as == "community"


def test_named_organisation_beats_the_community_militia(nlp):
    attack = only_attack(run(nlp, "Members of the Dogon militia Dan Na Ambassagou attacked the village of Tori "
                                  "on Friday, killing ten herders."))
    assert attack.perpetrator.actor_id == "dan_na_ambassagou"


# ---------------------------------------------------------------- several perpetrators

def test_and_or_gives_both_hedged(nlp):
    attack = only_attack(run(nlp, "JNIM and/or ISGS militants ambushed an army patrol near Menaka on Friday, "
                                  "killing five soldiers."))
    assert attack.perpetrator.actor_id == "jnim"
    assert attack.perpetrator.co_actors == ["is_sahel"]
    assert attack.perpetrator.certainty == "suspected"


def test_and_gives_both_stated(nlp):
    attack = only_attack(run(nlp, "Fighters of JNIM and the Islamic State attacked the village of Tori on Friday, "
                                  "killing ten herders."))
    assert attack.perpetrator.actor_id == "jnim"
    assert attack.perpetrator.co_actors == ["islamic_state"]
    assert attack.perpetrator.certainty == "stated"


def test_or_between_an_organisation_and_its_unit_gives_the_organisation(nlp):
    attack = only_attack(run(nlp, "Presumed ISGS or Katiba Salaheddine militants attacked a camp near Menaka on "
                                  "Friday, killing two herders."))
    assert attack.perpetrator.actor_id == "is_sahel"
    assert attack.perpetrator.co_actors == []


# ---------------------------------------------------------------- a later sentence tells who did it

def test_next_sentence_passive_agent_plainly(nlp):
    attack = only_attack(run(nlp, "A truck hit a roadside bomb near Gao on Monday, killing three drivers. "
                                  "The device was planted by JNIM fighters."))
    assert attack.perpetrator.actor_id == "jnim"
    assert attack.perpetrator.certainty == "stated"


def test_next_sentence_passive_agent_hedged(nlp):
    extraction = run(nlp, "A truck hit a roadside bomb near Gao on Monday, killing three drivers. "
                          "The device was most likely planted by JNIM fighters.")
    attack = only_attack(extraction)
    assert attack.perpetrator.actor_id == "jnim"
    assert attack.perpetrator.certainty == "suspected"


def test_participle_planted_by(nlp):
    attack = only_attack(run(nlp, "On Monday, an IED presumably planted by Ansarul Islam militants struck an army "
                                  "vehicle near Djibo, killing two soldiers."))
    assert attack.perpetrator.actor_id == "ansarul_islam"
    assert attack.perpetrator.certainty == "suspected"


def test_carried_out_by_in_next_sentence(nlp):
    attack = only_attack(run(nlp, "Gunmen stormed the village of Kera on Sunday and killed nine herders. "
                                  "The attack was carried out by Katiba Macina."))
    assert attack.perpetrator.actor_id == "katiba_macina"


# ---------------------------------------------------------------- background is no perpetrator

@pytest.mark.parametrize("closing", [
    "Gunmen linked to al-Qaeda have killed thousands of people across the Sahel since 2012.",
    "Extremists linked to al-Qaeda took control of the north in early 2012.",
    "Groups tied to al-Qaeda have operated in the region since 2015.",
])
def test_background_sentence_lends_no_perpetrator(nlp, closing):
    extraction = run(nlp, "Gunmen killed ten villagers near Mopti on Sunday. " + closing)
    attack = only_attack(extraction)
    assert attack.perpetrator.actor_id is None
    assert extraction.attributions == []
