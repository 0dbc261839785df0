"""Claims of responsibility on sentences written for these tests, with the real parser.

Entities and attack records are set by hand on top of the real pipeline's parse, so the claim rules are
tested on their own: which group claims, with which status and channel, and which attacks it concerns.
"""

from __future__ import annotations

from conftest import parse_with_actors

from sahel_ie.parsing.attack_linking import apply_perpetrators
from sahel_ie.components.claims import channel_of, extract_claims
from sahel_ie.records import ActorRef, Attack, Casualty, DateValue, Location, Target

ACTORS = {
    "JNIM": ("ARMED_GROUP", "jnim"),
    "Islamic State Sahel Province": ("ARMED_GROUP", "is_sahel"),
    "Islamic State": ("ARMED_GROUP", "islamic_state"),
    "ISWAP": ("ARMED_GROUP", "iswap"),
    "Ansarul Islam": ("ARMED_GROUP", "ansarul_islam"),
    "al-Qaeda": ("ARMED_GROUP", "al_qaeda"),
    "the army": ("STATE_FORCE", "fama"),
    "Malian army": ("STATE_FORCE", "fama"),
}


def annotate(nlp, text, attacks=(), spans=None):
    """Parse ``text``, mark the test's actors as KB entities, attach hand-made attacks, extract claims."""
    doc = parse_with_actors(nlp, text, ACTORS, attacks, spans)
    doc._.claims = extract_claims(doc)
    return doc


def one(doc):
    assert len(doc._.claims) == 1, [c.to_dict() for c in doc._.claims]
    return doc._.claims[0]


def test_plain_claim_with_channel_amaq(nlp):
    claim = one(annotate(nlp, "The Islamic State claimed the ambush through its Amaq news agency on Saturday."))
    assert (claim.claimant.actor_id, claim.status, claim.channel) == ("islamic_state", "claimed", "amaq")


def test_zallaqa_channel_beats_statement(nlp):
    doc = annotate(nlp, "JNIM claimed the raid in a statement released by its al-Zallaqa media arm.")
    assert one(doc).channel == "al_zallaqa"


def test_took_credit_is_a_claim(nlp):
    claim = one(annotate(nlp, "Ansarul Islam took credit for the bombing of the bridge."))
    assert claim.claimant.actor_id == "ansarul_islam" and claim.status == "claimed"


def test_passive_claim_by_affiliate_keeps_unresolved_claimant(nlp):
    claim = one(annotate(nlp, "The attack was claimed by a group affiliated to al-Qaeda."))
    assert claim.status == "claimed"
    assert claim.claimant.actor_id is None and claim.claimant.text.startswith("a group")


def test_statement_in_groups_voice_resolves_the_group(nlp):
    doc = annotate(nlp, "JNIM fighters overran the post on Monday. In a statement, the group said its fighters "
                        "carried out the operation.")
    claim = one(doc)
    assert claim.claimant.actor_id == "jnim" and claim.channel == "statement"


def test_no_group_has_claimed_is_not_claimed(nlp):
    claim = one(annotate(nlp, "No group has claimed responsibility for the attack."))
    assert claim.status == "not_claimed" and claim.claimant.actor_id is None


def test_denial(nlp):
    claim = one(annotate(nlp, "JNIM denied any involvement in the massacre of the herders."))
    assert claim.status == "denied" and claim.claimant.actor_id == "jnim"


def test_rejected_accusations_is_denial(nlp):
    assert one(annotate(nlp, "Ansarul Islam rejected accusations that it had burned the market.")).status == "denied"


def test_army_claiming_kills_is_no_claim_of_responsibility(nlp):
    assert annotate(nlp, "The army claimed to have killed 20 terrorists in the counter-offensive.")._.claims == []


def test_army_blaming_is_not_a_claim(nlp):
    assert annotate(nlp, "The army said JNIM was behind the ambush near the river.")._.claims == []


def test_channel_lexicon():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    assert channel_of(next(nlp("The group spoke by telephone to a reporter.").sents)) == "phone_call"
    assert channel_of(next(nlp("It posted a video on Telegram.").sents)) == "video"
    assert channel_of(next(nlp("Nothing else was said.").sents)) is None


CAMP = Attack(id="a1", attack_type="raid", text="attacked", targets=[Target("a military camp", "military")],
              date=DateValue("on Friday", "2023-09-08"), perpetrator=ActorRef(text="Militants", certainty="stated"))
BOAT = Attack(id="a2", attack_type="armed_assault", text="attack", targets=[Target("a passenger boat", "civilians")],
              location=Location(text="near Timbuktu", name="Timbuktu"),
              casualties=[Casualty("killed", "civilians", 49, shared=True, text="49 civilians")],
              perpetrator=ActorRef(text="terrorist-linked groups", certainty="stated"))
POST = Attack(id="a3", attack_type="armed_assault", text="attack", targets=[Target("a military position", "military")],
              location=Location(text="in Bamba", name="Bamba"),
              casualties=[Casualty("killed", "civilians", 49, shared=True, text="49 civilians")],
              perpetrator=ActorRef(text="terrorist-linked groups", certainty="stated"))
STORY = ("Gunmen attacked a military camp on Friday. A day earlier, raiders hit a passenger boat near Timbuktu "
         "and a military position in Bamba. JNIM has claimed responsibility for the attack on the army camp, "
         "but not the boat attack.")
STORY_SPANS = {"a1": "attacked a military camp", "a2": "passenger boat", "a3": "military position"}


def fresh(*attacks):
    return [Attack.from_dict(a.to_dict()) for a in attacks]


def test_claimed_and_not_claimed_are_two_records_linked_to_their_attacks(nlp):
    doc = annotate(nlp, STORY, fresh(CAMP, BOAT, POST), STORY_SPANS)
    by_status = {c.status: c for c in doc._.claims}
    assert set(by_status) == {"claimed", "not_claimed"}
    assert by_status["claimed"].attack_ids == ["a1"]
    assert by_status["not_claimed"].attack_ids == ["a2"]
    assert by_status["not_claimed"].claimant.actor_id == "jnim"


def test_claim_gives_generic_perpetrator_the_claimant(nlp):
    doc = annotate(nlp, STORY, fresh(CAMP, BOAT, POST), STORY_SPANS)
    apply_perpetrators(doc._.attacks, doc._.claims, [])
    camp = doc._.attacks[0]
    assert camp.perpetrator.actor_id == "jnim" and camp.perpetrator.certainty == "claimed"
    assert camp.perpetrator.text == "Militants"
    assert doc._.attacks[1].perpetrator.actor_id is None  # the boat attack was not claimed


def test_stated_perpetrator_is_not_overwritten(nlp):
    stated = Attack(id="a1", text="attacked", perpetrator=ActorRef(text="ISWAP", actor_id="iswap", certainty="stated"))
    doc = annotate(nlp, "ISWAP attacked the camp. JNIM claimed the attack.", [stated], {"a1": "attacked"})
    apply_perpetrators(doc._.attacks, doc._.claims, [])
    assert doc._.attacks[0].perpetrator.actor_id == "iswap"
    assert doc._.attacks[0].perpetrator.certainty == "stated"


def test_claim_for_undescribed_attack_keeps_empty_links(nlp):
    doc = annotate(nlp, "Gunmen attacked a military camp on Friday. JNIM also claimed an attack on a gendarmerie "
                        "post in Segou last month.", fresh(CAMP), {"a1": "attacked a military camp"})
    claim = one(doc)
    assert claim.claimant.actor_id == "jnim" and claim.attack_ids == []


def test_plural_reference_takes_the_attacks_sharing_a_toll(nlp):
    text = ("Gunmen attacked a military camp on Friday. A day earlier, raiders hit a passenger boat near Timbuktu "
            "and a military position in Bamba, killing 49 civilians in those attacks. JNIM claimed both attacks.")
    doc = annotate(nlp, text, fresh(CAMP, BOAT, POST), STORY_SPANS)
    assert one(doc).attack_ids == ["a2", "a3"]


def test_singular_reference_takes_the_last_attack_mentioned(nlp):
    text = "Gunmen attacked a military camp on Friday. Hours later the group struck a passenger boat. ISWAP claimed the attack."
    doc = annotate(nlp, text, fresh(CAMP, BOAT), {"a1": "attacked a military camp", "a2": "struck a passenger boat"})
    assert one(doc).attack_ids == ["a2"]


def test_claimant_toll_stays_on_the_claim_and_off_the_attack(nlp):
    assert "sahel_casualties" in nlp.pipe_names
    text = "Gunmen ambushed a convoy on Sunday. JNIM claimed to have killed 30 soldiers in the ambush, but the army said 12 died."
    ambush = Attack(id="a1", attack_type="ambush", text="ambushed", targets=[Target("a convoy", "military")])
    doc = annotate(nlp, text, [ambush], {"a1": "ambushed"})
    claim = one(doc)
    assert [(c.count, c.group) for c in claim.claimed_casualties] == [(30, "military")]
    assert claim.attack_ids == ["a1"]


def test_toll_sentence_after_claim_joins_the_claim(nlp):
    assert "sahel_casualties" in nlp.pipe_names
    text = ("Islamic State claimed responsibility for the ambush. ISWAP said the attack killed at least 100 soldiers, "
            "while an army spokesman said 71 soldiers were killed.")
    claim = one(annotate(nlp, text))
    assert [c.count for c in claim.claimed_casualties] == [100]


def test_runs_without_a_parser():
    """A blank pipeline (no parser) degrades to phrase cues and never fails."""
    import spacy

    from sahel_ie.components import attributions, claims  # noqa: F401  (registers the factories)

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("sahel_claims")
    nlp.add_pipe("sahel_attributions")
    doc = nlp("No group has claimed responsibility. The army blamed JNIM.")
    assert [c.status for c in doc._.claims] == ["not_claimed"]
    assert nlp("")._.claims == []


def test_government_denial_is_a_denied_claim_by_the_state(nlp):
    doc = annotate(nlp, "Burkinabe soldiers were accused of the killings in Karma. The government of Burkina Faso "
                        "denied that the army had taken part in the killings.")
    denied = [c for c in doc._.claims if c.status == "denied"]
    assert len(denied) == 1 and denied[0].claimant.actor_id == "bf_government"
    assert denied[0].channel == "statement"


def test_parent_name_resolves_to_the_branch_the_article_names(nlp):
    text = ("Gunmen attacked an army camp in Tessit. The army blamed the Islamic State Sahel Province. "
            "The Islamic State group claimed the attack through its Amaq news agency.")
    camp = Attack(id="a1", text="attacked", targets=[Target("an army camp", "military")],
                  location=Location(name="Tessit"))
    doc = annotate(nlp, text, [camp], {"a1": "attacked an army camp"})
    claim = one(doc)
    assert claim.claimant.actor_id == "is_sahel" and claim.channel == "amaq" and claim.attack_ids == ["a1"]


def test_phrase_naming_an_unreported_place_links_nothing(nlp):
    camp = Attack(id="a1", text="attacked", targets=[Target("the military camp", "military")],
                  location=Location(name="Chinagodrar"))
    text = ("Jihadists attacked the military camp of Chinagodrar on Thursday. The Islamic State claimed it. "
            "The same group had claimed the attack against the camp of Inates in December.")
    doc = annotate(nlp, text, [camp], {"a1": "attacked the military camp"})
    links = sorted(tuple(c.attack_ids) for c in doc._.claims)
    assert links == [(), ("a1",)]


def test_none_of_these_attacks_claimed(nlp):
    assert one(annotate(nlp, "None of these attacks has been formally claimed.")).status == "not_claimed"


def test_tally_of_claims_since_a_year_is_background(nlp):
    assert annotate(nlp, "Analysts say JNIM has claimed hundreds of attacks since 2017.")._.claims == []
    assert one(annotate(nlp, "JNIM claimed several recent attacks across Mali on Monday.")).status == "claimed"


def test_spokesman_by_telephone_is_a_phone_claim(nlp):
    text = "Gunmen ambushed a convoy near Boni on Monday. A JNIM spokesman told AFP by telephone that the group carried out the ambush."
    ambush = Attack(id="a1", attack_type="ambush", text="ambushed", targets=[Target("a convoy", "military")])
    claim = one(annotate(nlp, text, [ambush], {"a1": "ambushed"}))
    assert (claim.claimant.actor_id, claim.channel, claim.attack_ids) == ("jnim", "phone_call", ["a1"])
    assert annotate(nlp, "Security sources told AFP the group carried out the ambush.")._.claims == []


def test_site_intelligence_is_not_a_website_channel(nlp):
    assert one(annotate(nlp, "ISWAP claimed responsibility, according to SITE Intelligence Group.")).channel is None


def test_translated_french_claim_verbs(nlp):
    ACTORS["GSIM"] = ("ARMED_GROUP", "jnim")
    try:
        first = one(annotate(nlp, "The attack was revendicated by the GSIM."))
        second = one(annotate(nlp, "The GSIM claimed paternity of the attack in a communiqué."))
    finally:
        del ACTORS["GSIM"]
    assert first.claimant.actor_id == second.claimant.actor_id == "jnim"
    assert second.channel == "statement"
