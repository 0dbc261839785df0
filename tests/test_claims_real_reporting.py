"""Claims and attributions on phrasings that real conflict reporting uses, through the whole pipeline.

Every sentence here was written for these tests; each imitates a construction seen in wire copy, local
press, think-tank notes or relayed jihadist statements (headlines without a full stop, claims made days
later, groups described only by their links, messages relayed by an agency, hedged blame by analysts).
"""

from __future__ import annotations

import pytest


def run(nlp, text: str, published: str = "2023-05-10"):
    doc = nlp.make_doc(text)
    doc._.published = published
    doc._.doc_id = "t"
    return nlp(doc)


def claims_of(doc):
    return [(c.claimant.actor_id, c.status, tuple(c.attack_ids)) for c in doc._.claims]


def attributions_of(doc):
    return [(a.attributed_by.text, a.actor.actor_id, a.certainty, tuple(a.attack_ids)) for a in doc._.attributions]


def test_nobody_claimed_is_not_a_speaker_of_the_analysts_suspicion(nlp):
    doc = run(nlp, "Gunmen killed 14 soldiers in an ambush near Djibo on Tuesday. Nobody has claimed the ambush, "
                   "but security analysts suggested that the Islamic State Sahel Province was responsible.")
    assert [c[1] for c in claims_of(doc)] == ["not_claimed"]
    (by, actor, certainty, links), = attributions_of(doc)
    assert by == "security analysts" and actor == "is_sahel" and certainty == "suspected"
    assert links == ("a1",)


def test_headline_without_full_stop_does_not_leak_into_the_claimant(nlp):
    doc = run(nlp, "Islamic State claims deadly ambush on Niger patrol\nThe Islamic State said in a statement "
                   "carried by its propaganda outlet that its fighters ambushed a patrol near Tillaberi on Monday, "
                   "killing 12 soldiers. The claim could not be independently verified.")
    assert len(doc._.claims) == 1
    claim = doc._.claims[0]
    assert claim.claimant.actor_id == "islamic_state" and claim.status == "claimed"
    assert "\n" not in (claim.claimant.text or "")


def test_attack_noun_subject_in_merged_headline_gives_no_claimant(nlp):
    doc = run(nlp, "Islamic State claimed the Niger raid that killed 18 soldiers\nThe Islamic State-backed "
                   "faction of Boko Haram on Wednesday claimed responsibility for a raid on an army camp in "
                   "western Niger.")
    assert "boko_haram" not in {c.claimant.actor_id for c in doc._.claims}


def test_linked_group_is_not_the_parent_and_joins_the_named_claim(nlp):
    doc = run(nlp, "An al-Qaeda-linked group said it carried out the bombing of a bus near Boni on Friday that "
                   "killed nine passengers. The Mauritanian agency Al Akhbar said JNIM issued an audio message "
                   "saying it was behind the bombing.")
    assert claims_of(doc) == [("jnim", "claimed", ("a1",))]


def test_linked_group_alone_stays_unresolved(nlp):
    doc = run(nlp, "An al-Qaeda-linked group claimed the bombing of a bus near Boni on Friday that killed nine "
                   "passengers.")
    (claim,) = doc._.claims
    assert claim.claimant.actor_id is None and "linked" in claim.claimant.text


def test_one_statement_claiming_both_attacks_links_both(nlp):
    doc = run(nlp, "Militants attacked an army post in Diafarabe on Monday, killing six soldiers. On Tuesday, "
                   "gunmen ambushed a convoy near Macina, killing four gendarmes. In a statement released on "
                   "Thursday, JNIM claimed both attacks.")
    assert len(doc._.attacks) == 2
    assert claims_of(doc) == [("jnim", "claimed", ("a1", "a2"))]


def test_passive_attribution_with_speaker_before_the_group(nlp):
    doc = run(nlp, "Fighters killed seven gendarmes in an ambush near Gao on Wednesday. The killings were "
                   "attributed by security sources to the Islamic State Sahel Province.")
    (by, actor, certainty, links), = attributions_of(doc)
    assert by == "security sources" and actor == "is_sahel" and certainty == "asserted"
    assert links == ("a1",)


@pytest.mark.parametrize("text", [
    "Suspected jihadists killed 20 villagers in Seytenga on Saturday. The attack has yet to be claimed.",
    "Jihadists killed 11 soldiers in an attack on a convoy near Menaka on Tuesday. No claim of responsibility "
    "has been made.",
])
def test_explicit_non_claims(nlp, text):
    doc = run(nlp, text)
    assert [(c[1], c[2]) for c in claims_of(doc)] == [("not_claimed", ("a1",))]
    assert doc._.attributions == []


def test_militants_from_a_group_named_by_officials_is_their_attribution_not_a_claim(nlp):
    # docs/attributions.md: a third party naming the perpetrator is an attribution, whatever the wording
    doc = run(nlp, "Militants from JNIM attacked a police post in Koutiala on Sunday, killing three officers, "
                   "local officials said.")
    assert doc._.claims == []
    assert [(t.attributed_by.text, t.actor.actor_id, t.certainty, t.attack_ids) for t in doc._.attributions] == [
        ("local officials", "jnim", "asserted", ["a1"])]
    assert doc._.attacks[0].perpetrator.actor_id == "jnim"
    assert doc._.attacks[0].perpetrator.certainty == "attributed"


def test_militants_from_a_group_in_the_article_voice_is_a_stated_perpetrator(nlp):
    doc = run(nlp, "Militants from JNIM attacked a police post in Koutiala on Sunday, killing three officers.")
    assert doc._.attributions == [] and doc._.claims == []
    assert doc._.attacks[0].perpetrator.actor_id == "jnim"
    assert doc._.attacks[0].perpetrator.certainty == "stated"


def test_generic_blame_makes_no_attribution(nlp):
    doc = run(nlp, "Jihadists killed 11 soldiers in an attack on a convoy near Menaka on Tuesday, officials said. "
                   "Authorities blamed the attack on terrorists.")
    assert doc._.attributions == []


def test_hallmarks_are_a_suspicion_by_the_source(nlp):
    doc = run(nlp, "Gunmen stormed the village of Yirgou on Monday, killing 12 people. The attack bore the "
                   "hallmarks of the Islamic State Sahel Province, a security source said.")
    (by, actor, certainty, _), = attributions_of(doc)
    assert actor == "is_sahel" and certainty == "suspected" and by == "a security source"


def test_spokesman_telling_an_agency_is_the_groups_claim(nlp):
    doc = run(nlp, "A spokesman for JNIM told AFP that its fighters had attacked the army base in Sevare on "
                   "Sunday.")
    assert claims_of(doc) == [("jnim", "claimed", ("a1",))]
    assert doc._.attributions == []


def test_denial_in_an_audio_message(nlp):
    doc = run(nlp, "Gunmen killed 22 civilians in the village of Bourasso on Sunday. The Islamic State Sahel "
                   "Province denied responsibility in an audio message on Wednesday.")
    assert claims_of(doc) == [("is_sahel", "denied", ("a1",))]


def test_headline_merged_with_a_linked_group_body_keeps_the_named_group(nlp):
    doc = run(nlp, "Al-Qaeda affiliate claims deadly raid in northern Burkina Faso\nAn armed group linked to "
                   "al-Qaeda, JNIM, has claimed responsibility for a raid on June 3 that killed 40 soldiers at "
                   "an army post in Djibo.", published="2024-06-09")
    (claim,) = doc._.claims
    assert claim.claimant.actor_id == "jnim" and "\n" not in claim.claimant.text
    assert "claims" not in claim.claimant.text


def test_report_author_accusing_the_army_of_killing(nlp):
    doc = run(nlp, "Amnesty International published a report on Tuesday accusing the Malian army and "
                   "allied militiamen of killing 40 villagers in Diafarabe in February.", published="2023-05-10")
    found = {(a.attributed_by.text, a.actor.actor_id, a.certainty) for a in doc._.attributions}
    assert any(actor == "fama" and by and "Amnesty" in by and certainty == "alleged"
               for by, actor, certainty in found)


def test_group_denying_and_blaming_the_army_in_one_sentence(nlp):
    doc = run(nlp, "Gunmen killed 22 civilians in the village of Bourasso in Burkina Faso on Sunday. The Islamic "
                   "State Sahel Province denied responsibility in an audio message on Wednesday and blamed the "
                   "army for the killings.")
    assert claims_of(doc) == [("is_sahel", "denied", ("a1",))]
    (attribution,) = doc._.attributions
    assert attribution.attributed_by.actor_id == "is_sahel" and attribution.actor.text == "the army"


def test_generic_claimant_after_a_named_claim_is_that_group(nlp):
    doc = run(nlp, "JNIM claimed the ambush near Gao on Monday that killed eight soldiers, the SITE Intelligence "
                   "Group said. The extremists also claimed an attack on a gendarmerie post in Tenenkou on "
                   "Tuesday.")
    assert {c.claimant.actor_id for c in doc._.claims} == {"jnim"}


@pytest.mark.parametrize("speaker", ["JNIM's media arm, az-Zallaqa,", "JNIM's propaganda wing"])
def test_a_groups_media_arm_speaks_for_the_group(nlp, speaker):
    doc = run(nlp, f"Militants attacked the town of Tessit on Sunday, killing 17 soldiers. {speaker} said the "
                   "group's fighters had carried out the raid.")
    assert claims_of(doc) == [("jnim", "claimed", ("a1",))]


def test_days_later_passive_claim_links_the_earlier_attack(nlp):
    doc = run(nlp, "Gunmen ambushed a convoy near Dori on Monday, killing nine soldiers. The ambush was claimed "
                   "four days later by JNIM.")
    assert claims_of(doc) == [("jnim", "claimed", ("a1",))]


def test_blamed_actor_text_stops_before_a_relative_clause(nlp):
    doc = run(nlp, "Gunmen killed 15 traders at a market in Djibo on Friday. Officials suspect Ansarul Islam, which "
                   "is active in the area, of carrying out the attack.")
    (attribution,) = doc._.attributions
    assert attribution.actor.text == "Ansarul Islam" and attribution.certainty == "suspected"
