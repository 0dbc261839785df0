"""Actors in context, second round, on sentences written for these tests through the full pipeline: a third
party telling what the attack's perpetrator did in any sentence is an attribution of its own."""

from __future__ import annotations

import sahel_ie

PUBLISHED = "2021-06-20"


def run(nlp, text, published=PUBLISHED):
    return sahel_ie.extract(text, published=published, doc_id="t", nlp=nlp)


def attributions_to(extraction, actor_id):
    return [t for t in extraction.attributions if t.actor.actor_id == actor_id]


def test_a_witness_telling_what_the_group_did_later_is_an_attribution(nlp):
    text = ("JNIM fighters attacked the village of Dioura on Friday, killing nine civilians. "
            "The fighters first burnt the granaries. "
            "JNIM fighters then opened fire on the fleeing herders, according to witnesses.")
    ex = run(nlp, text)
    found = attributions_to(ex, "jnim")
    assert [t.attributed_by.text for t in found] == ["witnesses"], [t.to_dict() for t in ex.attributions]
    assert found[0].attack_ids == [ex.attacks[0].id]
    assert found[0].certainty == "asserted"


def test_two_speakers_naming_the_same_group_are_two_attributions(nlp):
    text = ("Boko Haram fighters attacked an army base near Baga on Sunday, killing 12 soldiers, the army said. "
            "\"The base was overrun by members of Boko Haram,\" a local source said.")
    ex = run(nlp, text)
    speakers = sorted(t.attributed_by.text or "" for t in attributions_to(ex, "boko_haram"))
    assert "a local source" in speakers and len(speakers) == 2, [t.to_dict() for t in ex.attributions]


def test_a_group_named_but_doing_nothing_in_the_attack_is_no_attribution(nlp):
    text = ("Boko Haram fighters attacked an army base near Baga on Sunday, killing 12 soldiers. "
            "The road to the base was controlled by Boko Haram, a military official said.")
    ex = run(nlp, text)
    assert not [t for t in attributions_to(ex, "boko_haram") if t.attributed_by.text == "a military official"]


def test_a_toll_source_after_the_deed_is_not_the_perpetrator_source(nlp):
    text = "JNIM fighters attacked the village of Dioura on Friday, killing nine civilians, according to a mayor."
    ex = run(nlp, text)
    assert not [t for t in attributions_to(ex, "jnim") if t.attributed_by.text and "mayor" in t.attributed_by.text]


def test_a_group_noun_with_the_name_in_apposition_is_that_group(nlp):
    text = ("Gunmen attacked a police post in Koutiala on Friday, killing four officers. "
            "The Mali-based al-Qaeda-linked group Jama'at Nusrat al-Islam wal-Muslimin claimed responsibility "
            "for the attack.")
    ex = run(nlp, text)
    assert [c.claimant.actor_id for c in ex.claims] == ["jnim"], [c.to_dict() for c in ex.claims]


def test_an_insurgency_claiming_thousands_of_lives_is_no_claim(nlp):
    text = ("VDP volunteers were killed in an attack on Monday in Sima. The country is fighting an insurgency "
            "that has claimed thousands of lives.")
    ex = run(nlp, text)
    assert not [c for c in ex.claims if c.status == "claimed"], [c.to_dict() for c in ex.claims]


def test_unnamed_government_forces_are_the_countrys_army(nlp):
    text = ("Government forces in Burkina Faso are alleged to have killed at least 40 civilians in an assault "
            "near Djibo in Burkina Faso on Monday.")
    attack = run(nlp, text).attacks[0]
    assert attack.perpetrator.actor_id == "bf_armed_forces", attack.perpetrator.to_dict()
    assert attack.perpetrator.resolved_as == "national"


def test_soldiers_exchanging_fire_are_defenders_not_a_national_perpetrator(nlp):
    text = ("When the convoy was attacked near Djibo in Burkina Faso on Monday, the soldiers exchanged fire with "
            "the assailants.")
    ex = run(nlp, text)
    assert all(a.perpetrator.actor_id != "bf_armed_forces" for a in ex.attacks), [a.to_dict() for a in ex.attacks]


def test_counted_soldiers_are_no_national_perpetrator(nlp):
    text = "Burkina Faso says 12 soldiers killed in an ambush near Djibo on Monday."
    ex = run(nlp, text)
    assert all(a.perpetrator.actor_id != "bf_armed_forces" for a in ex.attacks), [a.to_dict() for a in ex.attacks]


def test_unnamed_soldiers_yield_to_the_group_that_claimed(nlp):
    text = ("Soldiers killed two herders in an attack near Djibo in Burkina Faso on Monday. "
            "JNIM claimed responsibility for the attack.")
    ex = run(nlp, text)
    assert [a.perpetrator.actor_id for a in ex.attacks] == ["jnim"], [a.to_dict() for a in ex.attacks]


def test_attackers_belonging_to_a_group_after_an_adverb(nlp):
    text = ("Ten Chadian soldiers were killed near Baga Sola on Sunday after suspected jihadists, reportedly "
            "belonging to the Boko Haram group, attacked their post.")
    attack = run(nlp, text).attacks[0]
    assert attack.perpetrator.actor_id == "boko_haram", attack.perpetrator.to_dict()
    assert attack.perpetrator.certainty == "suspected"


def test_troops_attacked_with_no_object_are_no_national_perpetrator(nlp):
    text = ("Gunmen struck an army post near Baga Sola in Chad on Sunday. A commander said the troops attacked "
            "had been resting after a patrol.")
    ex = run(nlp, text)
    assert all(a.perpetrator.actor_id != "chad_armed_forces" for a in ex.attacks), [a.to_dict() for a in ex.attacks]


def test_clashes_between_two_parties_give_the_first_as_perpetrator(nlp):
    text = "Clashes between Fulani militiamen and Dogon hunters left six dead in Koro on Monday."
    attack = run(nlp, text).attacks[0]
    assert attack.perpetrator.actor_id == "fulani_militia", attack.perpetrator.to_dict()
    assert attack.perpetrator.co_actors == ["dogon_militia"]


def test_the_french_acronym_aqm_is_aqim():
    from sahel_ie.kb.actors import default_kb

    assert default_kb().resolve("AQM").actor.id == "aqim"


def test_blame_on_the_army_and_a_shared_alias_gives_both_on_the_articles_date(nlp):
    text = ("Drone strikes killed eight civilians in Kidal in Mali on Tuesday. The rebel spokesman blamed the "
            "army and Russian mercenaries that work with the junta.")
    ex = sahel_ie.extract(text, published="2023-10-10", doc_id="t", nlp=nlp)
    assert sorted(t.actor.actor_id for t in ex.attributions) == ["fama", "wagner_group"], \
        [t.to_dict() for t in ex.attributions]


def test_it_continuing_the_national_army_subject_claims_for_the_army(nlp):
    text = ("Drone strikes killed eight civilians in Kidal in Mali on Tuesday, rebels said. "
            "Mali's army did not answer questions. It released a statement saying it had carried out strikes "
            "on the camp in Kidal.")
    ex = sahel_ie.extract(text, published="2023-10-10", doc_id="t", nlp=nlp)
    assert [(c.claimant.actor_id, c.status) for c in ex.claims] == [("fama", "claimed")], \
        [c.to_dict() for c in ex.claims]
