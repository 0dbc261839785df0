"""Perpetrator constructions of short event notes, on sentences written for these tests: a hedge the parser
reads as the main verb, a finite verb hung on its subject, verbs of trying, weapons fired, parties of a
reported clash, and a group that merged into an organisation and goes on as its unit."""

from __future__ import annotations

import pytest

import sahel_ie
from sahel_ie.kb.actors import default_kb


def perpetrators(nlp, text, published="2018-06-20"):
    extraction = sahel_ie.extract(text, published=published, doc_id="t", nlp=nlp)
    assert extraction.attacks, text
    return [a.perpetrator.actor_id for a in extraction.attacks]


@pytest.mark.parametrize("text, actor_id", [
    # "presumed" read as a participle heading the clause, the attackers as its object
    ("On 4 May, presumed MSA and GATIA militiamen arrested and executed three herders near Menaka.", "msa"),
    ("On 8 March, presumed Katiba Macina militants carried out an ambush against an army convoy near Dioura, "
     "five soldiers were wounded.", "katiba_macina"),
    # a finite verb the parser hangs on its subject
    ("On 2 June, presumed JNIM militants clashed with a self-defence group in the Ber area.", "jnim"),
    # weapons fired by the attackers
    ("JNIM militants fired mortar shells at the army camp in Boni on Sunday, wounding three soldiers.", "jnim"),
    # the subject of a verb of trying does the deed it tries
    ("On 3 April, Dogon militiamen attempted to assassinate two herders near Bankass.", "dogon_militia"),
    ("Gunmen of the Islamic State in the Greater Sahara tried to kill the mayor of Talataye on Monday.", "is_sahel"),
])
def test_note_constructions_give_the_named_perpetrator(nlp, text, actor_id):
    assert actor_id in perpetrators(nlp, text)


@pytest.mark.parametrize("text, actor_id", [
    ("A clash was reported between Malian soldiers and gunmen near Tenenkou on Tuesday.", "fama"),
    ("Clashes reported between the Malian army and armed men on motorbikes near Ansongo.", "fama"),
    ("Exchanges of gunfire between the Malian army and JNIM militants took place in Boni on Friday.", "fama"),
])
def test_the_first_party_of_a_reported_clash(nlp, text, actor_id):
    assert perpetrators(nlp, text)[0] == actor_id


def test_merged_group_goes_on_as_a_unit_of_its_organisation(nlp):
    kb = default_kb()
    assert kb.parent_chain("ansar_dine") == ["ansar_dine", "jnim", "al_qaeda"]
    assert kb.get("ansar_dine").successor == "jnim"  # the independent group ended in the merger
    # named beside its organisation, the unit stays the perpetrator, as a katiba does
    text = "On 5 October, presumed Ansar Dine militants (JNIM) fired rockets at the camp near Tessalit, wounding two peacekeepers."
    assert "ansar_dine" in perpetrators(nlp, text)
    # a predecessor that did not go on as a unit still gives the organisation of the day
    text = "On 5 October, Al-Mourabitoun (JNIM) militants fired rockets at the camp near Tessalit, wounding two peacekeepers."
    assert "jnim" in perpetrators(nlp, text)


def test_french_verb_of_trying(nlp_fr):
    extraction = sahel_ie.extract("Le 3 avril, des jihadistes du JNIM ont tenté de tuer le maire de Boni.",
                                  published="2018-06-20", doc_id="t", nlp=nlp_fr)
    assert "jnim" in [a.perpetrator.actor_id for a in extraction.attacks]


def test_either_a_unit_or_the_organisation_far_above_it_gives_the_units_branch(nlp):
    text = "On 2 May, suspected IS or Katiba Salaheddine gunmen abducted a herder near Anderamboukane."
    assert "is_sahel" in perpetrators(nlp, text)


def test_dozos_named_with_their_militia_give_the_militia(nlp):
    assert "dozo" in default_kb().get("dan_na_ambassagou").affiliations
    text = "On 3 June, Dozos (Dan Na Ambassagou) attacked a group of herders near Bankass, killing one."
    assert "dan_na_ambassagou" in perpetrators(nlp, text)


def test_battalion_name_without_its_article_resolves(nlp):
    assert default_kb().resolve("Mourabitoun Battalion").actor.id == "al_mourabitoun"
    text = "The Mourabitoun Battalion claimed responsibility for an attack on a police post in Ansongo on Monday."
    assert "al_mourabitoun" in perpetrators(nlp, text, published="2016-11-20")


@pytest.mark.parametrize("text", [
    "JNIM damaged an armoured truck carrying peacekeepers by IED detonation near Aguelhok, a local source says.",
    "JNIM fighters damaged a truck carrying soldiers by IED detonation near Tessalit on Monday.",
])
def test_means_of_a_deed_on_an_object_with_a_participle(nlp, text):
    assert "jnim" in perpetrators(nlp, text)


@pytest.mark.parametrize("text, actor_id", [
    ("Four herders arrested by soldiers of the Malian army near Dioura on Sunday were executed.", "fama"),
    ("Two traders detained by JNIM fighters near Boni were executed on Friday.", "jnim"),
])
def test_victims_held_by_an_actor_before_a_killing_without_agent(nlp, text, actor_id):
    assert actor_id in perpetrators(nlp, text)


def test_a_holder_who_is_no_attacker_gives_no_perpetrator(nlp):
    extraction = sahel_ie.extract("Two men detained by their relatives were killed near Mopti.", published="2018-06-20",
                                  doc_id="t", nlp=nlp)
    assert all(a.perpetrator.actor_id is None for a in extraction.attacks)


def test_the_named_leader_of_an_unnamed_coalition(nlp):
    text = "On 2 May, a coalition led by French forces and the Malian army clashed with ISGS militants near Akabar."
    assert perpetrators(nlp, text)[0] == "french_forces"


@pytest.mark.parametrize("text, actor_id", [
    # the organisation is not placed in Mali and has one unit there: its Sahel province
    ("On 16 May, Islamic State militants attacked a village near Menaka, killing four civilians.", "is_sahel"),
    # where the organisation itself operates, it stays
    ("Islamic State fighters attacked a checkpoint in Mosul on Sunday, killing four.", "islamic_state"),
])
def test_an_organisation_named_where_one_of_its_branches_operates(nlp, text, actor_id):
    assert perpetrators(nlp, text)[0] == actor_id


def test_no_branch_is_chosen_between_two_that_operate_there():
    from sahel_ie.parsing.attack_arguments import local_branch
    from sahel_ie.records import ActorRef

    ref = ActorRef(text="Islamic State fighters", actor_id="islamic_state")
    assert local_branch(ref, "NE", "2019-05-01").actor_id == "islamic_state"  # is_sahel and iswap both there
    branch = local_branch(ref, "ML", "2019-05-01")
    assert branch.actor_id == "is_sahel" and branch.resolved_as == "branch" and branch.text == ref.text
    assert local_branch(ActorRef(text="JNIM", actor_id="jnim"), "ML", None).actor_id == "jnim"


def test_branches_of_lists_the_actors_naming_a_parent_in_knowledge_base_order():
    from sahel_ie.kb.actors import default_kb

    kb = default_kb()
    expected = [a.id for a in kb if "islamic_state" in a.parents]
    assert [a.id for a in kb.branches_of("islamic_state")] == expected and expected
    assert kb.branches_of("no_such_actor") == ()
