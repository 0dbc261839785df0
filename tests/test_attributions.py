"""Attributions on sentences written for these tests, with the real parser.

Checks who attributes (and the speaker kind), whom, how firmly, which outlet relays it, and that a group
speaking of itself never becomes an attribution.
"""

from __future__ import annotations

import pytest
from conftest import parse_with_actors

from sahel_ie.parsing.attack_linking import apply_perpetrators
from sahel_ie.components.attributions import extract_attributions
from sahel_ie.components.claims import extract_claims
from sahel_ie.parsing.sources import outlet_of
from sahel_ie.records import ActorRef, Attack, Casualty, Location, Target

ACTORS = {
    "JNIM": ("ARMED_GROUP", "jnim"),
    "Islamic State in the Greater Sahara": ("ARMED_GROUP", "is_sahel"),
    "Islamic State": ("ARMED_GROUP", "islamic_state"),
    "ISWAP": ("ARMED_GROUP", "iswap"),
    "Ansarul Islam": ("ARMED_GROUP", "ansarul_islam"),
    "Mali's military": ("STATE_FORCE", "fama"),
    "The army": ("STATE_FORCE", "fama"),
    "jihadists": ("UNKNOWN_ACTOR", ""),
}


def annotate(nlp, text, attacks=(), spans=None):
    """Parse ``text``, mark the test's actors as KB entities, attach hand-made attacks, extract records."""
    doc = parse_with_actors(nlp, text, ACTORS, attacks, spans)
    doc._.claims = extract_claims(doc)
    doc._.attributions = extract_attributions(doc)
    return doc


def one(doc):
    assert len(doc._.attributions) == 1, [t.to_dict() for t in doc._.attributions]
    return doc._.attributions[0]


def test_attributing_with_to_on_the_noun_and_relay(nlp):
    doc = annotate(nlp, "The BBC reports that Mali's military is attributing the attacks to JNIM.")
    t = one(doc)
    assert t.actor.actor_id == "jnim"
    assert t.attributed_by.actor_id == "fama" and t.attributed_by.kind == "military"
    assert t.certainty == "asserted" and t.reported_by == ["BBC"]
    assert doc._.claims == []


def test_blamed_on_and_suspected_by_residents(nlp):
    doc = annotate(nlp, "The army blamed the ambush on JNIM, while residents said they suspected Islamic State "
                        "fighters.")
    by_actor = {t.actor.actor_id: t for t in doc._.attributions}
    assert by_actor["jnim"].certainty == "asserted" and by_actor["jnim"].attributed_by.kind == "military"
    assert by_actor["islamic_state"].certainty == "suspected"
    assert by_actor["islamic_state"].attributed_by.kind == "residents"


def test_suspected_jihadists_is_a_perpetrator_hedge_not_an_attribution(nlp):
    # no named actor: the attack's perpetrator carries the hedge, no attribution record is made
    assert annotate(nlp, "Suspected jihadists killed 12 villagers on Sunday, a local official told AFP.")._.attributions == []


def test_suspected_members_of_named_group_told_afp(nlp):
    t = one(annotate(nlp, "Suspected members of JNIM killed 12 villagers on Sunday, a local official told AFP."))
    assert t.certainty == "suspected" and t.actor.actor_id == "jnim"
    assert t.attributed_by.kind == "official" and t.reported_by == ["AFP"]


def test_hallmarks_is_suspected_and_speaker_is_not_the_attack(nlp):
    t = one(annotate(nlp, "The raid bore the hallmarks of the Islamic State in the Greater Sahara, analysts said."))
    assert t.actor.actor_id == "is_sahel" and t.certainty == "suspected" and t.attributed_by.kind == "analyst"


def test_security_sources_behind(nlp):
    t = one(annotate(nlp, "Security sources said JNIM was behind the raid."))
    assert t.attributed_by.kind == "security_source" and t.actor.actor_id == "jnim"


def test_believed_to_be_members(nlp):
    t = one(annotate(nlp, "The gunmen, believed to be members of ISWAP, stormed the town."))
    assert t.actor.actor_id == "iswap" and t.certainty == "suspected"


def test_allegedly_is_alleged(nlp):
    t = one(annotate(nlp, "Fighters of JNIM allegedly abducted ten women, according to Human Rights Watch."))
    assert t.certainty == "alleged" and t.attributed_by.kind == "rights_group"


def test_blamed_actor_cut_before_preposition(nlp):
    t = one(annotate(nlp, "Authorities blamed Ansarul Islam for the killings."))
    assert t.actor.text == "Ansarul Islam" and t.attributed_by.kind == "government"


def test_state_forces_accused_is_alleged(nlp):
    t = one(annotate(nlp, "Survivors interviewed by AFP said the killers were soldiers of Mali's military."))
    assert t.actor.actor_id == "fama" and t.certainty == "alleged"
    assert t.attributed_by.kind == "residents" and t.reported_by == ["AFP"]


def test_group_speaking_of_itself_is_a_claim_not_an_attribution(nlp):
    doc = annotate(nlp, "JNIM said it was behind the attack on the convoy.")
    assert doc._.attributions == []
    assert [c.claimant.actor_id for c in doc._.claims] == ["jnim"]


@pytest.mark.parametrize("text, speaker, kind", [
    ("The convoy was ambushed near Boni, the army said in a statement on Monday. The governor, who blamed JNIM "
     "for the ambush, promised reinforcements.", "The governor", "official"),
    # a relative clause on a statement speaks for the statement's source
    ("Forty soldiers were killed in the attack, according to a statement from the presidency, which blamed "
     "JNIM.", "the presidency", "government"),
])
def test_relative_clause_speaker_is_the_noun_it_hangs_from(nlp, text, speaker, kind):
    """"..., which blamed JNIM": the relative pronoun stands for the noun before it, not for the group
    named after it (which would make the record look like a group speaking of itself)."""
    t = one(annotate(nlp, text))
    assert t.actor.actor_id == "jnim"
    assert (t.attributed_by.text, t.attributed_by.kind) == (speaker, kind)


def test_statistics_are_not_attributions(nlp):
    assert annotate(nlp, "Most attacks in the country are attributed to Ansarul Islam.")._.attributions == []


def test_outlet_aliases():
    assert outlet_of("the Associated Press") == "AP"
    assert outlet_of("AP") == "AP" and outlet_of("ap") is None
    assert outlet_of("Agence France-Presse") == "AFP"


def test_attribution_links_both_prior_attacks_and_sets_perpetrators(nlp):
    camp = Attack(id="a1", text="attacked", targets=[Target("a military camp", "military")],
                  perpetrator=ActorRef(text="Militants", certainty="stated"))
    shared = [Casualty("killed", "civilians", 49, shared=True, text="49 civilians")]
    boat = Attack(id="a2", text="hit", targets=[Target("a passenger boat", "civilians")], casualties=list(shared),
                  location=Location(name="Timbuktu"), perpetrator=ActorRef(text="terrorist-linked groups"))
    post = Attack(id="a3", text="hit", targets=[Target("a military position", "military")], casualties=list(shared),
                  location=Location(name="Bamba"), perpetrator=ActorRef(text="terrorist-linked groups"))
    text = ("Militants attacked a military camp on Friday. A day earlier, terrorist-linked groups hit a passenger "
            "boat near Timbuktu and a military position in Bamba; 49 civilians died in those attacks. The BBC "
            "reports that Mali's military is attributing the attacks to JNIM.")
    doc = annotate(nlp, text, [camp, boat, post], {"a1": "attacked a military camp", "a2": "passenger boat",
                                                   "a3": "military position"})
    t = one(doc)
    assert t.attack_ids == ["a2", "a3"]
    apply_perpetrators(doc._.attacks, doc._.claims, doc._.attributions)
    assert doc._.attacks[1].perpetrator.actor_id == "jnim"
    assert doc._.attacks[1].perpetrator.certainty == "attributed"
    assert doc._.attacks[1].perpetrator.text == "terrorist-linked groups"
    assert doc._.attacks[0].perpetrator.actor_id is None


def test_headline_attribution_joins_the_body(nlp):
    text = ("Mali says soldiers killed in attack on camp, blames JNIM\n\n"
            "Gunmen attacked an army camp on Sunday. The army blamed JNIM for the attack.")
    doc = annotate(nlp, text)
    t = one(doc)
    assert t.attributed_by.kind == "military" and t.actor.actor_id == "jnim"


def test_lost_verb_falls_back_on_word_order(nlp):
    # the parser reads "attribute" as a noun after a long subject; the cue still holds
    doc = annotate(nlp, "Military sources cited by the AFP attribute the two attacks of Thursday to the Groupe "
                        "de soutien à l'islam et aux musulmans (GSIM, JNIM in its Arabic acronym).")
    t = one(doc)
    # unnamed military sources are security sources, not the army's institutional voice (docs/attributions.md)
    assert t.actor.actor_id == "jnim" and t.attributed_by.kind == "security_source"


def test_attribute_is_asserted_even_for_state_forces(nlp):
    t = one(annotate(nlp, "The UN report attributes the killings to Mali's military."))
    assert t.actor.actor_id == "fama" and t.certainty == "asserted" and t.attributed_by.kind == "un"


def test_accusation_not_about_an_attack_is_ignored(nlp):
    doc = annotate(nlp, "Soldiers' wives protested on Wednesday, accusing commanders of leaving troops exposed.")
    assert doc._.attributions == []


def test_conjoined_accused_actors_are_two_attributions(nlp):
    ACTORS["Wagner"] = ("FOREIGN_FORCE", "wagner_group")
    try:
        doc = annotate(nlp, "Human Rights Watch accused Malian soldiers and Wagner fighters of executing civilians in Moura.")
    finally:
        del ACTORS["Wagner"]
    assert sorted(t.actor.actor_id for t in doc._.attributions) == ["fama", "wagner_group"]
    assert {t.certainty for t in doc._.attributions} == {"alleged"}


def test_believed_to_be_behind_without_a_speaker(nlp):
    ACTORS["ISSP"] = ("ARMED_GROUP", "is_sahel")
    try:
        t = one(annotate(nlp, "ISSP is believed to be behind the attack."))
    finally:
        del ACTORS["ISSP"]
    assert t.actor.actor_id == "is_sahel" and t.certainty == "suspected" and t.attributed_by.text is None


def test_background_description_of_militants_linked_to_groups_is_no_attribution(nlp):
    import sahel_ie

    text = ("Gunmen killed 12 villagers in Seytenga on Sunday, residents said. The assault happened in a "
            "border region where militants linked to al Qaeda and Islamic State are waging an insurgency.")
    extraction = sahel_ie.extract(text, "2024-06-11", nlp=nlp)
    assert extraction.attributions == []
    assert extraction.attacks[0].perpetrator.actor_id is None


def test_linking_an_attack_to_a_group_is_still_an_attribution(nlp):
    import sahel_ie

    extraction = sahel_ie.extract("Gunmen killed 12 villagers in Seytenga on Sunday. The army linked the attack "
                                  "to JNIM.", "2024-06-11", nlp=nlp)
    assert [(t.actor.actor_id, t.certainty) for t in extraction.attributions] == [("jnim", "asserted")]
