"""Actors in context, round 6, on sentences written for these tests: an explosion told beside a state
force's airstrike is that strike's blast, while the militants' raids told after it stay an attack of
their own; an attack noun with an indefinite article and its own toll is another event; a country name
links no claim to one attack."""

from __future__ import annotations

import sahel_ie

STRIKE_THEN_RAIDS = (
    "Air raid error kills herders\n\n"
    "An airstrike carried out by the Nigerien army on Saturday killed a group of herders, officials said.\n\n"
    "The army later admitted that the herders killed in western Niger were hit by an airstrike.\n\n"
    "A hospital source said the victims were all young men.\n\n"
    "The commander said the crew took them for fighters on the move.\n\n"
    "The army had first said that six civilians were killed and three injured in an explosion in the "
    "village of Dargol.\n\n"
    "Residents said on Monday that armed militants killed at least nine villagers in raids on hamlets in "
    "western Niger.\n\n"
    "Those raids were the worst in the area this year, after an ambush that killed five soldiers."
)


def _by_count(extraction, count):
    return [a for a in extraction.attacks if any(c.count == count for c in a.casualties)]


def test_an_explosion_beside_an_army_airstrike_is_its_blast(nlp):
    extraction = sahel_ie.extract(STRIKE_THEN_RAIDS, published="2023-05-10", doc_id="t", nlp=nlp)
    strike = _by_count(extraction, 6)
    assert len(strike) == 1 and strike[0].attack_type == "airstrike"
    assert strike[0].perpetrator is not None and strike[0].perpetrator.actor_id == "niger_armed_forces"
    assert strike[0].location.name == "Dargol"
    raids = _by_count(extraction, 9)
    assert len(raids) == 1 and raids[0] is not strike[0]
    assert raids[0].perpetrator is None or raids[0].perpetrator.actor_id != "niger_armed_forces"


def test_an_indefinite_attack_noun_with_its_own_toll_is_another_event(nlp):
    extraction = sahel_ie.extract(STRIKE_THEN_RAIDS, published="2023-05-10", doc_id="t", nlp=nlp)
    ambush = _by_count(extraction, 5)
    assert len(ambush) == 1 and not any(c.count == 9 for c in ambush[0].casualties)


def test_a_restated_noun_with_the_toll_of_its_clause_elaborates_the_story(nlp):
    text = ("Niger says 19 soldiers were killed in an ambush near the border on Tuesday.\n\n"
            "They were killed during a complex ambush, it said, adding that about 20 attackers had been "
            "neutralised.")
    extraction = sahel_ie.extract(text, published="2023-05-10", doc_id="t", nlp=nlp)
    assert len(extraction.attacks) == 1


def _perpetrators(nlp, text):
    extraction = sahel_ie.extract(text, published="2018-05-10", doc_id="t", nlp=nlp)
    return [a.perpetrator for a in extraction.attacks]


def test_a_force_reporting_airstrikes_struck(nlp):
    perps = _perpetrators(nlp, "Airstrikes targeting suspected militants were reported in the forest area near "
                               "Boni by French forces on Monday.")
    assert [p.actor_id for p in perps] == ["french_forces"]


def test_a_ground_attack_reported_by_a_force_is_only_reported(nlp):
    perps = _perpetrators(nlp, "An attack on a convoy was reported near Boni by French forces on Monday.")
    assert all(p is None or p.actor_id != "french_forces" for p in perps)


def test_militants_killed_after_a_clause_where_a_force_acts(nlp):
    perps = _perpetrators(nlp, "On May 2, Malian soldiers intercepted a truck carrying ISGS fighters near Boni, "
                               "two militants were killed and a third one was arrested after an exchange of fire.")
    assert [p.actor_id for p in perps] == ["fama"]
    # civilians killed beside the clause of an unnamed group: no force, nobody named
    perps = _perpetrators(nlp, "On May 2, gunmen stopped a bus near Boni, two passengers were killed.")
    assert all(p is None or p.actor_id is None for p in perps)


def test_the_platform_as_written_is_the_coalition(nlp):
    perps = _perpetrators(nlp, "Fighters of the Platform attacked a CMA position in Anefis on Sunday, killing three.")
    assert [p.actor_id for p in perps] == ["platform"]
    perps = _perpetrators(nlp, "Gunmen attacked a drilling platform near Gao on Sunday, killing three.")
    assert all(p is None or p.actor_id != "platform" for p in perps)


def test_a_coordination_split_by_the_parser_gives_the_first_with_a_co_actor(nlp):
    perps = _perpetrators(nlp, "JNIM (Katiba Macina), and Fulani militiamen killed 12 Dogon villagers in "
                               "Koulogon on Tuesday.")
    assert len(perps) == 1 and perps[0].actor_id in {"jnim", "katiba_macina"}
    assert perps[0].co_actors == ["fulani_militia"]


def test_a_date_label_run_into_the_lede_is_a_unit_of_its_own(nlp):
    perps = _perpetrators(nlp, "date 2019-12-01 Insurgents on motorbikes rode into the town of Djibo on Christmas "
                               "Eve, killing at least 20 civilians in an attack.")
    assert len(perps) == 1 and perps[0] is not None and perps[0].text == "Insurgents"


def test_a_counted_summary_followed_by_each_attack_is_no_attack_of_its_own(nlp):
    text = ("Niger suffered a bloody Sunday, 15 September 2024, as three coordinated attacks hit the army in the "
            "Tillaberi, Diffa and Dosso regions, leaving at least 30 dead.\n\n"
            "In the morning, gunmen attacked an army post in Makalondi, killing 20 soldiers.\n\n"
            "Earlier that day, a patrol was ambushed near Bosso, killing four soldiers.\n\n"
            "Later that night, armed men attacked the police station in Gaya.")
    extraction = sahel_ie.extract(text, published="2024-09-17", doc_id="t", nlp=nlp)
    places = sorted(a.location.name for a in extraction.attacks if a.location and a.location.name)
    assert len(extraction.attacks) == 3, places
    assert not any(c.count == 30 for a in extraction.attacks for c in a.casualties)
    assert all(a.date.value == "2024-09-15" for a in extraction.attacks)


def test_the_subject_engaged_in_a_clash_is_its_first_party(nlp):
    perps = _perpetrators(nlp, "On November 11, French forces carried out an operation with helicopters and engaged "
                               "in a firefight with Katiba Al Mansour militants near Menaka, seven militants were "
                               "killed.")
    assert [p.actor_id for p in perps] == ["french_forces"]
    # a passive killing in clashes: the party the clash was with
    perps = _perpetrators(nlp, "Two herders were killed in clashes with Barkhane near Menaka on Monday.")
    assert [p.actor_id for p in perps] == ["french_forces"]


def test_a_total_told_with_one_part_s_group_counts_its_dead_unspecified_once():
    from sahel_ie.parsing.attack_merging import total_over_parts
    from sahel_ie.records import Casualty

    told = [Casualty(outcome="killed", group="civilians", count=12, qualifier="exact", text="Twelve civilians"),
            Casualty(outcome="killed", group="civilians", count=8, qualifier="exact", text="eight civilians"),
            Casualty(outcome="killed", group="militia", count=4, qualifier="exact")]
    kept = total_over_parts(told)
    assert [(c.group, c.count) for c in kept] == [("unspecified", 12), ("civilians", 8), ("militia", 4)]
    # parts that do not add up, or a total of a group no part has, keep their words
    other = [Casualty(outcome="killed", group="civilians", count=12, qualifier="exact"),
             Casualty(outcome="killed", group="civilians", count=7, qualifier="exact"),
             Casualty(outcome="killed", group="militia", count=4, qualifier="exact")]
    assert [c.group for c in total_over_parts(other)] == ["civilians", "civilians", "militia"]
    # "at least 20 people, including 16 civilians": "people" read as civilians, not told so
    read = [Casualty(outcome="killed", group="civilians", count=20, qualifier="at_least", text="20 people"),
            Casualty(outcome="killed", group="civilians", count=16, qualifier="exact", text="16 civilians"),
            Casualty(outcome="killed", group="military", count=4, qualifier="exact", text="four soldiers")]
    assert [c.group for c in total_over_parts(read)] == ["civilians", "civilians", "military"]


def test_a_total_then_its_parts_in_an_article(nlp):
    from sahel_ie.evaluate.slots import outcome_total

    text = ("Twelve civilians, including four militiamen, were killed by gunmen in northern Burkina Faso, a "
            "source said on Tuesday.\n\n"
            "Eight civilians and four members of the VDP died on Monday in an attack in Sima, the source said.")
    extraction = sahel_ie.extract(text, published="2022-08-10", doc_id="t", nlp=nlp)
    assert len(extraction.attacks) == 1
    attack = extraction.attacks[0]
    assert outcome_total(attack, "killed") == 12
    assert ("killed", "unspecified", 12) in {(c.outcome, c.group, c.count) for c in attack.casualties}


def test_the_agent_of_a_passive_clause_on_the_victim_of_an_attack_noun(nlp):
    perps = _perpetrators(nlp, "The kidnapping on Saturday of an aid worker, who was captured by armed individuals "
                               "in Agadez, was condemned by the government.")
    assert [p.text for p in perps] == ["armed individuals"]


def test_a_claim_of_the_raids_links_the_raids_not_the_strike(nlp):
    text = STRIKE_THEN_RAIDS + "\n\nThe al-Qaeda-linked JNIM claimed responsibility for Monday's raids."
    extraction = sahel_ie.extract(text, published="2023-05-10", doc_id="t", nlp=nlp)
    raids = _by_count(extraction, 9)[0]
    claims = [c for c in extraction.claims if c.claimant is not None and c.claimant.actor_id == "jnim"]
    assert claims and all(c.attack_ids == [raids.id] for c in claims)


def test_two_unresolved_weekdays_are_two_events():
    text = ("Gunmen stormed the village of Kalio on Friday evening, killing five residents, witnesses said.\n\n"
            "In an earlier incident on Thursday, the gunmen also shot dead two farmers near Kalio.")
    extraction = sahel_ie.extract(text, doc_id="t")  # no publication date: the weekdays stay unresolved
    tolls = sorted(sorted(c.count for c in a.casualties if c.outcome == "killed") for a in extraction.attacks)
    assert tolls == [[2], [5]]


def test_a_camp_used_by_or_of_a_mission_is_a_peacekeepers_target(nlp):
    for text in ("Militants attacked a barracks used by the UN Minusma force in northern Mali on Sunday.",
                 "Militants attacked a camp of the Minusma force in northern Mali on Sunday."):
        extraction = sahel_ie.extract(text, published="2023-05-10", doc_id="t", nlp=nlp)
        assert [t.category for a in extraction.attacks for t in a.targets] == ["un_peacekeepers"], text
    extraction = sahel_ie.extract("Militants attacked a barracks used by the Malian army near Gao on Sunday.",
                                  published="2023-05-10", doc_id="t", nlp=nlp)
    assert [t.category for a in extraction.attacks for t in a.targets] == ["military"]


def test_a_caption_and_the_body_tell_one_attack_on_a_mission_camp(nlp):
    text = ("Two civilians and a peacekeeper were killed as militants attacked a barracks used by the Minusma "
            "force in northern Mali.\n\n"
            "A peacekeeper and two children were killed on Sunday as militants shelled a UN base in northern Mali.\n\n"
            "The Minusma force said more than 20 rockets were fired at its camp in Kidal at dawn.")
    extraction = sahel_ie.extract(text, published="2023-05-10", doc_id="t", nlp=nlp)
    assert len(extraction.attacks) == 1
