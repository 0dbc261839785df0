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


# ---------------------------------------------------------------- people and descriptions

def test_people_stand_for_their_group_on_the_day():
    from sahel_ie.kb.people import default_people

    people = default_people()
    assert people.group_of("Iyad Ag Ghaly", "2012-06-01")[1].actor == "ansar_dine"
    assert people.group_of("Iyad Ag Ghaly", "2019-06-01")[1].actor == "jnim"
    assert people.group_of("Amadou Kouffa")[1].actor == "katiba_macina"
    assert people.group_of("Someone Unknown") is None
    kb = default_kb()
    assert all(kb.get(role.actor) is not None for person in people for role in person.roles)


def test_who_leads_makes_the_group_the_denier(nlp):
    extraction = run(nlp, "Seydou Kamara, who leads the Dogon militia known as Dan Na Ambassagou, has denied any "
                          "involvement in the attack on the village of Tori.")
    claim = next(c for c in extraction.claims if c.status == "denied")
    assert claim.claimant.actor_id == "dan_na_ambassagou"
    assert claim.claimant.resolved_as == "person"


def test_known_leader_claims_for_the_group(nlp):
    extraction = run(nlp, "Gunmen killed 20 soldiers in an attack on an army camp near Boni on Sunday. In a video, "
                          "Iyad Ag Ghaly claimed the attack.")
    assert [c.claimant.actor_id for c in extraction.claims] == ["jnim"]
    assert only_attack(extraction).perpetrator.certainty == "claimed"


def test_group_spokesman_claims_for_the_group(nlp):
    extraction = run(nlp, "Gunmen killed 20 soldiers in an attack on an army camp near Boni on Sunday. ISGS "
                          "spokesman Abdul Karim said the group carried out the attack.")
    assert [c.claimant.actor_id for c in extraction.claims] == ["is_sahel"]


def test_headline_description_tied_to_the_body_name(nlp):
    text = ("Al Qaeda-linked group says it was behind killing of two French soldiers\n\n"
            "BAMAKO (Sahel Wire) - The Group to Support Islam and Muslims (JNIM) said in a statement on Sunday "
            "that its fighters had attacked a French patrol near Gao on Friday, killing two soldiers.\n")
    extraction = run(nlp, text)
    assert [c.claimant.actor_id for c in extraction.claims] == ["jnim"]
    claimant = extraction.claims[0].claimant
    assert claimant.resolved_as == "description" and claimant.antecedent is not None
    assert text[claimant.antecedent.start:claimant.antecedent.end] in ("JNIM", "Group to Support Islam and Muslims")


def test_affiliate_description_tied_to_the_named_affiliate(nlp):
    extraction = run(nlp, "Al Qaeda's West Africa affiliate claimed responsibility for an attack on an army base in "
                          "Boni on Sunday. The attack by Jama'at Nusrat al-Islam wal-Muslimin killed 12 soldiers.")
    assert [c.claimant.actor_id for c in extraction.claims] == ["jnim"]


def test_description_without_a_fitting_name_stays_unknown(nlp):
    extraction = run(nlp, "An Islamic State-linked group claimed an attack on an army base in Boni on Sunday. "
                          "Ansarul Islam is also active in the area.")
    assert all(c.claimant.actor_id in (None, "islamic_state") for c in extraction.claims)


def test_relative_clause_claim_after_an_interruption(nlp):
    extraction = run(nlp, "The attack, which was claimed, two days later, by Al Qaeda in the Islamic Maghreb, killed "
                          "four soldiers in Tessit on Friday.")
    assert [(c.claimant.actor_id, c.status) for c in extraction.claims] == [("aqim", "claimed")]
    assert only_attack(extraction).perpetrator.certainty == "claimed"


# ---------------------------------------------------------------- attribution convention and claims

@pytest.mark.parametrize("text, speaker", [
    ("According to a security source, JNIM fighters attacked the gendarmerie in Kayes on Monday, killing two "
     "gendarmes.", "a security source"),
    ("Officials said that Katiba Macina militants attacked an army post in Koro on Monday.", "Officials"),
])
def test_third_party_naming_the_perpetrator_is_an_attribution(nlp, text, speaker):
    extraction = run(nlp, text)
    assert [(t.attributed_by.text, t.actor.actor_id, t.attack_ids) for t in extraction.attributions] == [
        (speaker, extraction.attacks[0].perpetrator.actor_id, ["a1"])]
    assert extraction.attacks[0].perpetrator.certainty == "attributed"


def test_trailing_according_to_after_a_toll_is_the_toll_source(nlp):
    extraction = run(nlp, "Boko Haram fighters attacked a military base on an island of Lake Chad on Sunday, killing "
                          "about 30 soldiers, according to the presidency.")
    assert extraction.attributions == []
    assert only_attack(extraction).perpetrator.certainty == "stated"


def test_one_attribution_for_the_attacks_of_one_sentence(nlp):
    extraction = run(nlp, "Officials said Katiba Macina militants attacked army posts in Koro, Douentza and Bandiagara "
                          "on Monday.")
    assert len(extraction.attacks) == 3
    assert [sorted(t.attack_ids) for t in extraction.attributions] == [["a1", "a2", "a3"]]


def test_rebels_description_tied_to_the_named_movement(nlp):
    extraction = run(nlp, "Gunmen killed four civilians near Gao on Sunday. The Malian army accused Tuareg rebels on "
                          "Tuesday over the attack. The MNLA denied it.", published="2013-03-12")
    assert [(t.attributed_by.actor_id, t.actor.actor_id) for t in extraction.attributions] == [("fama", "mnla")]
    assert extraction.attributions[0].actor.resolved_as == "description"


def test_group_claiming_its_fighters_killed(nlp):
    extraction = run(nlp, "Gunmen killed 15 soldiers near Diffa on Sunday. ISWAP claimed its fighters killed the "
                          "soldiers.")
    assert [(c.claimant.actor_id, c.status) for c in extraction.claims] == [("iswap", "claimed")]


def test_a_plain_parent_name_claiming_stays_the_parent(nlp):
    extraction = run(nlp, "JNIM fighters killed ten soldiers in Tillaberi on Sunday. Al-Qaeda has claimed "
                          "responsibility for the attack.")
    assert [c.claimant.actor_id for c in extraction.claims] == ["al_qaeda"]


def test_tally_of_past_attacks_is_no_claim(nlp):
    extraction = run(nlp, "Gunmen killed ten soldiers in Tillaberi on Sunday. The group claimed several attacks on "
                          "the army last year.")
    assert extraction.claims == []


def test_denial_of_any_relationship_with_a_kidnapping(nlp):
    extraction = run(nlp, "Armed men kidnapped an aid worker in Agadez on Saturday. JNIM denied in a statement any "
                          "relationship with the kidnapping.")
    assert [(c.claimant.actor_id, c.status) for c in extraction.claims] == [("jnim", "denied")]


def test_the_group_is_not_a_lineage_named_as_relative(nlp):
    extraction = run(nlp, "Fighters of JNIM, a faction linked to al-Qaeda, attacked a police post in Nioro on Monday, "
                          "killing two officers. The group claimed the attack on Tuesday.")
    assert [c.claimant.actor_id for c in extraction.claims] == ["jnim"]
    attack = only_attack(extraction)
    assert attack.perpetrator.actor_id == "jnim"


def test_a_parent_claiming_keeps_the_named_unit(nlp):
    extraction = run(nlp, "Katiba Macina fighters attacked an army post in Diafarabe on Monday, killing four soldiers. "
                          "Al-Qaeda has claimed the attack.")
    attack = only_attack(extraction)
    assert attack.perpetrator.actor_id == "katiba_macina"


def test_presumed_read_as_a_verb_still_gives_the_hedged_attacker(nlp):
    attack = only_attack(run(nlp, "On May 30, presumed ISGS militants aboard motorbikes opened fire on a convoy near "
                                  "Menaka, wounding two militiamen."))
    assert (attack.perpetrator.actor_id, attack.perpetrator.certainty) == ("is_sahel", "suspected")


def test_rockets_fired_by_either_group(nlp):
    attack = only_attack(run(nlp, "On December 15, a rocket attack hit the airport of Menaka. The rockets were fired "
                                  "by JNIM or ISGS militants."))
    assert attack.perpetrator.actor_id == "jnim"
    assert attack.perpetrator.co_actors == ["is_sahel"]
    assert attack.perpetrator.certainty == "suspected"


@pytest.mark.parametrize("published, actor_id", [(None, "jnim"), ("2018-12-20", "jnim"), ("2016-06-01", "al_mourabitoun")])
def test_a_group_glossed_with_its_successor(nlp, published, actor_id):
    attack = only_attack(run(nlp, "Al-Mourabitoun (JNIM) militants detonated an IED against an armored vehicle near "
                                  "Anefis.", published=published))
    assert attack.perpetrator.actor_id == actor_id


def test_next_sentence_naming_the_attackers(nlp):
    attack = only_attack(run(nlp, "Gunmen killed four civilians near Gao on Sunday. The attackers were fighters of the "
                                  "MNLA.", published="2013-03-12"))
    assert (attack.perpetrator.actor_id, attack.perpetrator.certainty) == ("mnla", "stated")


def test_a_survivor_naming_the_fighters_is_an_attribution(nlp):
    extraction = run(nlp, "Gunmen killed four civilians near Gao on Sunday. A survivor said the fighters were from "
                          "the MNLA.", published="2013-03-12")
    assert [(t.attributed_by.text, t.actor.actor_id) for t in extraction.attributions] == [("A survivor", "mnla")]
    assert only_attack(extraction).perpetrator.certainty == "attributed"


def test_blame_on_two_parties_split_by_the_parse(nlp):
    extraction = run(nlp, "Drone strikes killed eight civilians in Kidal in northern Mali on Tuesday, the CMA said. "
                          "The rebel spokesman blamed the army and Russian mercenaries that work with the junta.",
                     published="2019-03-12")
    by_actor = {t.actor.actor_id: t.attributed_by.actor_id for t in extraction.attributions}
    assert by_actor.get("fama") == "cma"


def test_hedged_link_to_two_rival_groups_is_two_suspicions_and_no_perpetrator(nlp):
    extraction = run(nlp, "Militants likely affiliated with al-Qaeda and Islamic State-linked groups attacked a "
                          "security post in Kati overnight on Monday.")
    assert {t.actor.actor_id for t in extraction.attributions} == {"al_qaeda", "islamic_state"}
    assert all(t.certainty == "suspected" for t in extraction.attributions)
    assert only_attack(extraction).perpetrator.actor_id is None


def test_accusation_of_a_pattern_of_abuse_is_no_attribution(nlp):
    extraction = run(nlp, "Gunmen killed 12 villagers near Mopti in Mali on Sunday. Herder groups have accused the "
                          "Malian army of arresting and killing civilians.")
    assert extraction.attributions == []


def test_accusation_of_a_specific_killing_is_an_attribution(nlp):
    extraction = run(nlp, "Gunmen killed 12 villagers near Mopti in Mali on Sunday. Residents accused the Malian army "
                          "of killing 12 villagers in Mopti.")
    assert [(t.attributed_by.text, t.actor.actor_id) for t in extraction.attributions] == [("Residents", "fama")]


def test_the_accused_is_the_object_not_a_noun_of_the_charge(nlp):
    extraction = run(nlp, "Gunmen kidnapped a cleric near Nioro in Mali on Sunday. According to the jihadists, the "
                          "cleric was accused of collaborating with the Malian army.")
    assert extraction.attributions == []


def test_plain_islamic_state_in_an_article_naming_its_province(nlp):
    extraction = run(nlp, "Gunmen killed 30 villagers near Menaka on Sunday. The Islamic State Sahel Province is "
                          "active in the area. The officials blamed the Islamic State for the killings.")
    assert [t.actor.actor_id for t in extraction.attributions] == ["is_sahel"]


def test_misspelt_longer_name_beats_the_part_the_ruler_matched(nlp):
    # dated before JNIM's founding: later, AQIM's Sahara branch in Niger is JNIM (``absorbed_branch``)
    attack = only_attack(run(nlp, "Gunmen from Al-Qaeda in the Islamic Magreb kidnapped five workers near Arlit on "
                                  "Sunday.", published="2010-09-20"))
    assert attack.perpetrator.actor_id == "aqim"
    assert attack.perpetrator.text == "Al-Qaeda in the Islamic Magreb"


def test_an_unknown_proper_name_is_not_tied_as_a_description(nlp):
    extraction = run(nlp, "Dozo hunters killed four herders near Mopti on Sunday. The Alliance for the Salvation of "
                          "the Herders claimed responsibility for the attack.")
    assert all(c.claimant.actor_id != "dozo" for c in extraction.claims)


def test_title_cased_headline_description_is_still_tied(nlp):
    text = ("Al Qaeda-Linked Group Says It Was Behind Killing Of Two French Soldiers\n\n"
            "BAMAKO (Sahel Wire) - The Group to Support Islam and Muslims (JNIM) said in a statement on Sunday "
            "that its fighters had attacked a French patrol near Gao on Friday, killing two soldiers.\n")
    assert [c.claimant.actor_id for c in run(nlp, text).claims] == ["jnim"]


def test_confirmed_offensive_through_amaq_with_the_claimants_own_toll(nlp):
    extraction = run(nlp, "Gunmen attacked the army base in Diffa on Monday. The army said five soldiers died. Islamic "
                          "State West Africa Province has confirmed its offensive on the army base in Diffa in a "
                          "statement issued through its news agency Amaq, saying it killed 200 soldiers.")
    claim = next(c for c in extraction.claims if c.status == "claimed")
    assert (claim.claimant.actor_id, claim.channel) == ("iswap", "amaq")
    assert [c.count for c in claim.claimed_casualties] == [200]
    assert all(c.count != 200 for a in extraction.attacks for c in a.casualties)
