"""Actors in context, round 5, on sentences written for these tests: a state force's strike and an unnamed
armed group's raids told one after the other stay two attacks; the ACLED measure of notes whose text
names their perpetrator."""

from __future__ import annotations

import sahel_ie
from sahel_ie.evaluate.acled import ActorNames, names_its_perpetrator, score_notes
from sahel_ie.kb.actors import default_kb
from sahel_ie.parsing.attack_merging import opposite_sides
from sahel_ie.records import ActorRef, Attack, Casualty, Extraction, Location


def test_a_state_force_and_described_militants_are_opposite_sides():
    army = ActorRef(text="the Nigerien army", actor_id="niger_armed_forces", kind="state_force", certainty="stated")
    militants = ActorRef(text="armed militants", kind="unknown", certainty="stated")
    jihadists = ActorRef(text="jihadists", kind="unknown", certainty="stated")
    assert opposite_sides(army, militants) and opposite_sides(jihadists, army)
    # a suspected description, two armed groups, or a description of nobody in particular: no conflict
    assert not opposite_sides(army, ActorRef(text="armed militants", certainty="suspected"))
    assert not opposite_sides(ActorRef(text="JNIM", actor_id="jnim", kind="jihadist_group", certainty="stated"),
                              militants)
    assert not opposite_sides(army, ActorRef(text="the villagers", certainty="stated"))


def test_militants_raids_after_an_army_strike_are_another_attack(nlp):
    text = ("A drone strike carried out by the Nigerien army on Sunday killed a group of herders, officials said.\n\n"
            "The army said the strike hit what it took for a column of fighters in the north.\n\n"
            "Residents said on Monday that armed militants killed at least nine villagers in raids on hamlets in "
            "northern Niger.")
    extraction = sahel_ie.extract(text, published="2023-05-10", doc_id="t", nlp=nlp)
    by_actor = {a.perpetrator.actor_id: a for a in extraction.attacks}
    assert "niger_armed_forces" in by_actor and None in by_actor
    assert not any(c.count == 9 for c in by_actor["niger_armed_forces"].casualties)
    assert any(c.count == 9 for c in by_actor[None].casualties)


def test_a_note_names_its_perpetrator_by_alias_unit_or_parent():
    kb = default_kb()
    assert names_its_perpetrator({"text": "Suspected JNIM militants ambushed a convoy."}, "jnim", kb)
    assert names_its_perpetrator({"text": "Fighters of Katiba Macina burnt a village."}, "jnim", kb)  # its unit
    assert names_its_perpetrator({"text": "Al-Qaeda fighters attacked a post."}, "jnim", kb)  # its parent
    assert names_its_perpetrator({"text": "The Malian army killed two suspects."}, "fama", kb)
    # the coder knew more than the note says
    assert not names_its_perpetrator({"text": "Gunmen ambushed a convoy near the town."}, "jnim", kb)
    # an acronym counts only as written, as a whole word
    assert not names_its_perpetrator({"text": "The jnimble fighters left."}, "jnim", kb)
    assert not names_its_perpetrator({"text": "Gunmen attacked."}, "<generic>", kb)


def test_the_named_in_text_measure_leaves_out_notes_that_do_not_name_the_actor():
    rows = [
        {"id": "N1", "text": "JNIM militants attacked a post in Boni, killing two soldiers.",
         "event_type": "Battles", "perpetrator": "JNIM: Group for Support of Islam and Muslims", "killed": 2},
        {"id": "N2", "text": "Gunmen attacked a post in Boni, killing two soldiers.",
         "event_type": "Battles", "perpetrator": "JNIM: Group for Support of Islam and Muslims", "killed": 2},
        {"id": "N3", "text": "Katiba Macina fighters killed a herder in Boni.",
         "event_type": "Violence against civilians", "perpetrator": "JNIM: Group for Support of Islam and Muslims",
         "killed": 1},
    ]

    def attack(actor_id, text, killed):
        return Attack(id="a", location=Location(name="Boni"), perpetrator=ActorRef(text=text, actor_id=actor_id),
                      casualties=[Casualty(outcome="killed", group="unspecified", count=killed)])

    preds = [Extraction(doc_id="N1", attacks=[attack("jnim", "JNIM militants", 2)]),
             Extraction(doc_id="N2", attacks=[attack(None, "Gunmen", 2)]),
             Extraction(doc_id="N3", attacks=[attack("katiba_macina", "Katiba Macina fighters", 1)])]
    result = score_notes(rows, preds, ActorNames())
    assert result["perpetrator_named"] == {"rate": round(1 / 3, 4), "hits": 1, "n": 3}
    assert result["perpetrator_named_in_text"] == {"rate": 0.5, "hits": 1, "n": 2}
    assert result["perpetrator_named_in_text_units_as_organisation"] == {"rate": 1.0, "hits": 2, "n": 2}
    misses = {m["id"]: m for m in result["mismatches"] if m["field"] == "perpetrator"}
    assert misses["N2"]["in_text"] is False and misses["N3"]["in_text"] is True


def test_a_second_verb_of_attackers_the_parser_hung_on_them_as_a_participle(nlp):
    # the parser makes "militants" the subject of a later "worth" and "abducted ... executed" a participle
    for text, actor_id in (
            ("On 9 October, Ansarul Islam militants abducted and later executed a village chief in the hamlet of "
             "Sola, worth noting that the chief had refused to pay them the month before.", "ansarul_islam"),
            ("On 9 October, JNIM militants abducted and later executed two herders in the village of Sola, worth "
             "noting that both men had refused to pay them the month before.", "jnim")):
        extraction = sahel_ie.extract(text, published="2018-10-12", doc_id="t", nlp=nlp)
        assert extraction.attacks and all(a.perpetrator.actor_id == actor_id for a in extraction.attacks), text


def test_victims_described_as_held_were_held_by_the_earlier_deed_s_subject(nlp):
    text = ("On 2 May, the Malian army rounded up and arrested 12 herders in two villages near Mopti, those arrested "
            "were executed and found in a mass grave.")
    extraction = sahel_ie.extract(text, published="2018-05-05", doc_id="t", nlp=nlp)
    assert [a.perpetrator.actor_id for a in extraction.attacks] == ["fama"]
    # no deed of custody told before them: no holder
    text = ("On 2 May, soldiers patrolled two villages near Mopti, those arrested were executed and found in a "
            "mass grave.")
    extraction = sahel_ie.extract(text, published="2018-05-05", doc_id="t", nlp=nlp)
    assert all(a.perpetrator.actor_id != "fama" for a in extraction.attacks)


def test_a_total_told_again_by_victim_group_is_one_attack(nlp):
    text = ("Twelve people, including five soldiers, have been killed by suspected jihadists in northern Burkina "
            "Faso, a security source said on Wednesday.\n\n"
            "Seven civilians and five soldiers died on Tuesday in an attack in Titao, in Loroum province, the source "
            "said.\n\nOn May 2, 40 people were massacred at Solhan in the northeast.")
    extraction = sahel_ie.extract(text, published="2021-06-09", doc_id="t", nlp=nlp)
    assert len(extraction.attacks) == 2
    first, second = extraction.attacks
    counts = {c.count for c in first.casualties}
    assert {12, 7, 5} <= counts and 40 not in counts  # the older massacre is not the news attack's
    assert {c.count for c in second.casualties} == {40}


def test_one_day_one_attack_placed_by_two_nearby_towns(nlp):
    text = ("Burkina Faso: Est Region - Flash Update (as of 12 March 2024)\n\nHIGHLIGHTS\n"
            "- A bus carrying traders struck an explosive device on the Fada N'Gourma - Pama road on 8 March; nine "
            "passengers killed.\n\nSITUATION OVERVIEW\n"
            "On Friday 8 March, at around 09:30, a bus travelling from Fada N'Gourma to Pama hit an improvised "
            "explosive device near the village of Natiaboani. According to local sources, nine passengers were "
            "killed and five others injured.")
    extraction = sahel_ie.extract(text, published="2024-03-12", doc_id="t", nlp=nlp)
    assert len(extraction.attacks) == 1
    attack = extraction.attacks[0]
    assert attack.date.value == "2024-03-08"
    assert {(c.outcome, c.count) for c in attack.casualties} == {("killed", 9), ("injured", 5)}


def test_two_towns_far_apart_on_one_day_stay_two_attacks(nlp):
    text = ("On 8 March, an improvised explosive device hit a bus near Fada N'Gourma, killing nine passengers.\n\n"
            "On 8 March, an improvised explosive device hit a truck near Dori, killing four drivers.")
    extraction = sahel_ie.extract(text, published="2024-03-12", doc_id="t", nlp=nlp)
    assert len(extraction.attacks) == 2


def test_an_earlier_event_told_after_after_keeps_its_toll_and_attackers(nlp):
    # "by the jihadists" hung by the parser on "a market"; the verb under "came ... after" points back,
    # and the noun of its sentence ("a reprisal attack") is the earlier event that takes its toll
    text = ("JNIM said it attacked an army post in Diafarabe on Sunday, killing eight soldiers.\n\n"
            "The statement came two days after 30 herders were killed at a market by the jihadists in a reprisal "
            "attack.")
    extraction = sahel_ie.extract(text, published="2019-08-13", doc_id="t", nlp=nlp)
    earlier = [a for a in extraction.attacks if any(c.count == 30 for c in a.casualties)]
    assert len(earlier) == 1 and earlier[0].perpetrator.text == "jihadists"
    assert all(a.perpetrator.actor_id != "jnim" for a in earlier)


def test_a_by_phrase_on_an_attack_noun_is_that_noun_s_agent_not_a_place_s(nlp):
    text = "On Sunday, 12 soldiers were killed during an ambush by gunmen near Diafarabe."
    extraction = sahel_ie.extract(text, published="2019-08-13", doc_id="t", nlp=nlp)
    assert len(extraction.attacks) == 1 and extraction.attacks[0].perpetrator.text == "gunmen"


def test_aqim_in_mali_after_its_sahara_branch_joined_jnim_is_jnim(nlp):
    text = "AQIM militants attacked an army post in Gao on Tuesday, killing four soldiers."
    cases = (("2018-05-04", "jnim"), ("2012-05-04", "aqim"))  # before JNIM existed: AQIM itself
    for published, actor_id in cases:
        extraction = sahel_ie.extract(text, published=published, doc_id="t", nlp=nlp)
        assert [a.perpetrator.actor_id for a in extraction.attacks] == [actor_id], published
    # outside the branch's countries the organisation stays itself
    text = "AQIM militants attacked an army post in Tamanrasset, Algeria, on Tuesday, killing four soldiers."
    extraction = sahel_ie.extract(text, published="2018-05-04", doc_id="t", nlp=nlp)
    assert [a.perpetrator.actor_id for a in extraction.attacks] == ["aqim"]
    # a claim keeps its claimant as written; the attack's perpetrator is the branch's successor
    text = "Four soldiers were killed in an attack on an army post in Gao on Tuesday. AQIM claimed the attack."
    extraction = sahel_ie.extract(text, published="2018-05-04", doc_id="t", nlp=nlp)
    assert [c.claimant.actor_id for c in extraction.claims] == ["aqim"]
    assert [a.perpetrator.actor_id for a in extraction.attacks] == ["jnim"]


def test_absorbed_branch_needs_a_country_and_a_day():
    from sahel_ie.parsing.attack_arguments import absorbed_branch

    ref = ActorRef(text="AQIM", actor_id="aqim", kind="jihadist_group", certainty="stated")
    assert absorbed_branch(ref, "ML", "2018-01-01").actor_id == "jnim"
    assert absorbed_branch(ref, None, "2018-01-01") is ref
    assert absorbed_branch(ref, "ML", None) is ref
    jnim = ActorRef(text="JNIM", actor_id="jnim", kind="jihadist_group", certainty="stated")
    assert absorbed_branch(jnim, "ML", "2018-01-01") is jnim
