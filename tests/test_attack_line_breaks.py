"""A line break ends a sentence before the parser reads it (``sahel_line_breaks``), so a headline
without a full stop no longer runs into the lede and takes its attack with it."""

from __future__ import annotations

import sahel_ie
from sahel_ie.components.line_breaks import mark_line_breaks


def _starts(nlp, text: str) -> list[str]:
    doc = nlp(text)
    return [s[0].text for s in doc.sents if not s[0].is_space]


def test_the_marker_sits_right_before_the_parser(nlp):
    names = nlp.pipe_names
    assert names.index("sahel_line_breaks") == names.index("parser") - 1


def test_a_headline_without_a_full_stop_is_parsed_apart_from_the_lede(nlp):
    text = "Herders killed near Ansongo\n\nArmed men killed five herders near Ansongo on Thursday, a local official said.\n"
    assert _starts(nlp, text) == ["Herders", "Armed"]
    extraction = sahel_ie.extract(text, published="2025-04-12", nlp=nlp)
    assert len(extraction.attacks) == 1
    attack = extraction.attacks[0]
    assert attack.location.name == "Ansongo"
    assert attack.date.value == "2025-04-10"
    assert [(c.outcome, c.count) for c in attack.casualties if c.count] == [("killed", 5)]


def test_a_passive_lede_after_a_headline_keeps_its_record(nlp):
    text = "Market shooting in Ansongo\n\nNine traders were shot dead at the Ansongo market on 3 April, the mayor said.\n"
    extraction = sahel_ie.extract(text, published="2025-04-06", nlp=nlp)
    assert len(extraction.attacks) == 1
    assert extraction.attacks[0].date.value == "2025-04-03"


def test_a_sentence_wrapped_in_lower_case_stays_one_sentence(nlp):
    text = "Two traders and a soldier were killed\non Monday when gunmen raided the market of Ansongo.\n"
    assert _starts(nlp, text) == ["Two"]


def test_a_list_announced_by_a_colon_goes_on_its_sentence(nlp):
    text = ("The army gave the following toll:\n- one soldier killed and three wounded;\n"
            "- four attackers killed.\n")
    assert _starts(nlp, text)[0] == "The"
    assert "-" not in _starts(nlp, text)


def test_the_marker_leaves_other_boundaries_to_the_parser(nlp):
    doc = nlp.make_doc("Gunmen attacked Ansongo. Five died.\nThe army said so.")
    mark_line_breaks(doc)
    assert doc[doc.text.index("The") and [t.text for t in doc].index("The")].is_sent_start
    assert doc[[t.text for t in doc].index("Five")].is_sent_start is None


def test_a_group_claiming_in_a_reported_headline_is_no_attribution(nlp):
    text = "Niger army says 12 soldiers killed in Ayorou attack claimed by ISWAP\n"
    extraction = sahel_ie.extract(text, published="2025-04-06", nlp=nlp)
    assert extraction.attributions == []
    assert [c.claimant.actor_id for c in extraction.claims] == ["iswap"]


# -- passive killings without an attacker ------------------------------------------------------------

def _attacks(nlp, text: str, published: str = "2025-07-23"):
    return sahel_ie.extract(text, published=published, nlp=nlp).attacks


def test_a_passive_killing_with_a_town_and_a_day_is_an_attack(nlp):
    attacks = _attacks(nlp, "Four herders were killed in Ansongo on Monday, a community leader said.")
    assert len(attacks) == 1
    assert attacks[0].location.name == "Ansongo"
    assert attacks[0].date.value == "2025-07-21"
    assert [(c.outcome, c.count) for c in attacks[0].casualties] == [("killed", 4)]
    assert attacks[0].perpetrator.text is None


def test_a_passive_killing_without_town_or_day_is_no_record(nlp):
    assert _attacks(nlp, "Dozens of civilians were killed in the region last year.") == []
    assert _attacks(nlp, "In 2023, more than 500 civilians were killed in Mali.") == []


def test_a_death_no_attack_caused_is_no_record(nlp):
    assert _attacks(nlp, "Six passengers were killed in a road accident near Ansongo on Monday.") == []


def test_a_killing_that_did_not_happen_is_no_record(nlp):
    assert _attacks(nlp, "Four herders were not killed in Ansongo on Monday.") == []
    assert _attacks(nlp, "Four herders could be killed in Ansongo on Monday.") == []


def test_a_passive_killing_beside_an_attack_trigger_stays_that_attack(nlp):
    attacks = _attacks(nlp, "Four herders were killed when gunmen raided Ansongo on Monday, officials said on "
                            "Wednesday.")
    assert len(attacks) == 1
    assert attacks[0].date.value == "2025-07-21"
    assert attacks[0].text == "raided"


def test_the_victims_of_a_passive_killing_do_not_split_it_from_the_raid(nlp):
    text = ("Gunmen raided the village of Ansongo on Monday, killing about 20 people. "
            "The mayor of Ansongo was killed on Monday, his brother said.")
    attacks = _attacks(nlp, text)
    assert len(attacks) == 1
    assert sorted(c.count for c in attacks[0].casualties if c.outcome == "killed") == [1, 20]


# -- more event constructions -----------------------------------------------------------------------

def test_an_attacker_who_wounds_makes_an_attack(nlp):
    attacks = _attacks(nlp, "Armed men wounded three traders near Ansongo on Monday.")
    assert len(attacks) == 1
    assert [(c.outcome, c.count) for c in attacks[0].casualties] == [("injured", 3)]


def test_wounded_people_evacuated_elsewhere_give_no_place(nlp):
    attacks = _attacks(nlp, "Gunmen raided Boni on Monday, killing four. Two soldiers were wounded and "
                            "flown to Bamako.")
    assert [a.location.name for a in attacks] == ["Boni"]


def test_a_count_of_victims_is_no_aggregate_of_attacks(nlp):
    text = ("Gunmen raided the villages of Boni and Hombori on Monday. Twelve civilians were killed in the two "
            "villages and several others were injured.")
    attacks = _attacks(nlp, text)
    assert len(attacks) == 2
    assert all(any(c.count == 12 and c.shared for c in a.casualties) for a in attacks)


def test_an_event_reported_in_the_passive_took_place_there(nlp):
    attacks = _attacks(nlp, "A blast was reported in Ansongo on Monday.")
    assert [a.location.name for a in attacks] == ["Ansongo"]
    attacks = _attacks(nlp, "The army camp in Ansongo was subjected to rocket fire on Monday.")
    assert [a.location.name for a in attacks] == ["Ansongo"]


# -- dates -----------------------------------------------------------------------------------------

def test_shortly_after_dates_the_next_attack_from_the_one_before(nlp):
    text = ("Gunmen ambushed an army patrol near Boni on Sunday, killing four soldiers. "
            "Shortly after, assailants attacked a bus on the road between Douentza and Hombori, killing six.")
    attacks = _attacks(nlp, text, published="2025-03-04")
    assert [(a.location.name, a.date.value) for a in attacks] == [("Boni", "2025-03-02"),
                                                                   ("Douentza", "2025-03-02")]


def test_shortly_after_an_attack_names_no_date_of_its_own(nlp):
    text = "Gunmen ambushed an army patrol near Boni on Sunday. Soon after the ambush, the army sent troops."
    doc = nlp(sahel_ie.make_doc(nlp, text, published="2025-03-04"))
    assert [d.span.text for d in doc._.date_mentions] == ["on Sunday"]


def test_a_weekday_before_a_full_date_is_one_date(nlp):
    doc = nlp(sahel_ie.make_doc(nlp, "Gunmen attacked the post of Boni on Thursday, 9 January 2020.", published=None))
    assert [(d.span.text, d.value) for d in doc._.date_mentions] == [("on Thursday, 9 January 2020", "2020-01-09")]
    assert doc._.attacks[0].date.value == "2020-01-09"


# -- background kept out of a record's evidence ----------------------------------------------------

def test_a_habitual_telling_lends_the_attack_no_perpetrator(nlp):
    text = ("Armed men attacked the village of Boni on Monday, killing six people. "
            "\"It was an unprecedented attack for the area,\" the mayor said, in a zone where bandits often kill "
            "and loot.")
    text = text.replace("\\\\", "")
    attacks = _attacks(nlp, text, published="2025-03-04")
    assert len(attacks) == 1
    second = text.index("It was")
    assert all(ev.end <= second for ev in attacks[0].evidence)
    assert attacks[0].perpetrator.text == "Armed men"


def test_a_bare_reference_is_no_evidence(nlp):
    text = ("Gunmen killed five traders in Boni on Monday. "
            "Residents said the attack came in an area long neglected by the state.")
    attacks = _attacks(nlp, text, published="2025-03-04")
    assert len(attacks) == 1
    assert len(attacks[0].evidence) == 1


# -- tolls -------------------------------------------------------------------------------------------

def test_a_toll_in_an_after_clause_is_the_earlier_events(nlp):
    text = ("Gunmen attacked Boni on Monday, killing 12 people. The attack came three days after 65 people "
            "were killed at a wedding in a revenge attack by the same group.")
    attacks = _attacks(nlp, text, published="2025-03-04")
    assert [c.count for c in attacks[0].casualties] == [12]
    assert all(65 not in [c.count for c in a.casualties] for a in attacks[:1])


def test_un_soldiers_are_peacekeepers(nlp):
    attacks = _attacks(nlp, "Militants shelled a UN camp in Kidal on Monday, killing one Minusma soldier and "
                            "wounding two UN troops.", published="2025-03-04")
    assert {(c.outcome, c.group) for c in attacks[0].casualties} == {("killed", "peacekeepers"),
                                                                    ("injured", "peacekeepers")}


def test_a_second_kind_of_person_keeps_its_own_group(nlp):
    doc = nlp(sahel_ie.make_doc(nlp, "Gunmen killed four soldiers and three herders near Boni on Monday.",
                                published="2025-03-04"))
    groups = {m.span.text: m.group for m in doc._.casualty_mentions}
    assert groups == {"four soldiers": "military", "three herders": "civilians"}
    doc = nlp(sahel_ie.make_doc(nlp, "Gunmen killed a village chief and his two sons near Boni on Monday.",
                                published="2025-03-04"))
    assert len({m.group for m in doc._.casualty_mentions}) == 1


def test_an_event_the_news_is_measured_by_is_a_record_of_its_own(nlp):
    text = ("Gunmen attacked Boni on Monday, killing 12 people. The claim came three days after 65 people were "
            "killed at a wedding in a revenge attack by the same group.")
    attacks = _attacks(nlp, text, published="2025-03-04")
    assert [[c.count for c in a.casualties] for a in attacks] == [[12], [65]]


def test_a_toll_noun_names_whose_dead_it_counts(nlp):
    doc = nlp(sahel_ie.make_doc(nlp, "Gunmen attacked the base of Boni on Monday. The army death toll rose to 40.",
                                published="2025-03-04"))
    assert [(m.count, m.group) for m in doc._.casualty_mentions] == [(40, "military")]
    doc = nlp(sahel_ie.make_doc(nlp, "Gunmen attacked Boni on Monday. The death toll rose to 40.",
                                published="2025-03-04"))
    assert [(m.count, m.group) for m in doc._.casualty_mentions] == [(40, "unspecified")]


def test_later_deaths_add_to_the_killed_toll(nlp):
    attacks = _attacks(nlp, "An ambush near Boni by gunmen left five soldiers wounded and one killed. Two later "
                            "died of their injuries.", published="2025-03-04")
    killed = [c for c in attacks[0].casualties if c.outcome == "killed"]
    assert [(c.group, c.count) for c in killed] == [("military", 3)]


def test_later_deaths_without_a_killed_toll_are_the_toll(nlp):
    attacks = _attacks(nlp, "Gunmen ambushed a patrol near Boni, wounding four soldiers. Two of them later died.",
                       published="2025-03-04")
    assert [c.count for c in attacks[0].casualties if c.outcome == "killed"] == [2]


def test_a_plain_death_is_no_later_death(nlp):
    doc = nlp(sahel_ie.make_doc(nlp, "Gunmen attacked Boni. Four soldiers died in the attack.", published="2025-03-04"))
    assert [m.extras for m in doc._.casualty_mentions] == [{}]


def test_a_later_toll_of_the_articles_one_attack_is_kept(nlp):
    text = ("Drone strikes hit the town of Kidal on Tuesday, killing at least 12 civilians, officials said. "
            "The army said its aircraft targeted a meeting of rebel commanders. "
            "A doctor at the local hospital said the wounded included children. "
            "Residents said they heard several explosions. "
            "A spokesman for the rebels said 20 people died.")
    attacks = _attacks(nlp, text, published="2025-03-06")
    assert len(attacks) == 1
    assert sorted(c.count for c in attacks[0].casualties if c.outcome == "killed") == [12, 20]


def test_a_later_tally_is_not_the_attacks_toll(nlp):
    text = ("Drone strikes hit the town of Kidal on Tuesday, killing at least 12 civilians, officials said. "
            "The army said its aircraft targeted a meeting of rebel commanders. "
            "A doctor at the local hospital said the wounded included children. "
            "Residents said they heard several explosions. "
            "More than 300 people have been killed in the region since January.")
    attacks = _attacks(nlp, text, published="2025-03-06")
    assert [c.count for c in attacks[0].casualties if c.outcome == "killed"] == [12]


# -- clashes between armed parties -----------------------------------------------------------------

def test_clashes_reported_between_armed_parties_are_an_event(nlp):
    attacks = _attacks(nlp, "Clashes reported between the army and gunmen in Bentia, near Ansongo.",
                       published="2017-07-23")
    # a village the tables lack is coded at the town written after it, the village kept as its site
    assert [(a.location.name, a.location.site) for a in attacks] == [("Ansongo", "Bentia")]


def test_clashes_between_students_or_over_months_are_no_event(nlp):
    assert _attacks(nlp, "Clashes erupted between students of two faculties in Bamako.", published="2017-07-23") == []
    text = "Attacks by the group killed several hundred civilians between March and September in the Ménaka region."
    assert _attacks(nlp, text, published="2017-07-23") == []


def test_a_telegraphic_killing_note_is_an_attack(nlp):
    attacks = _attacks(nlp, "Three herders killed in Boni on Monday.", published="2025-03-04")
    assert [(a.location.name, a.date.value) for a in attacks] == [("Boni", "2025-03-03")]
    assert _attacks(nlp, "A photo of soldiers killed in Boni.", published="2025-03-04") == []


def test_attacks_named_one_by_one_take_the_day_of_the_plural_before(nlp):
    text = ("The Kati raid follows attacks July 21 in several areas of the country. "
            "Officials said militants attacked army posts in Douentza, Koro and Kolokani.")
    attacks = _attacks(nlp, text, published="2022-07-25")
    assert [(a.location.name, a.date.value) for a in attacks] == [
        ("Douentza", "2022-07-21"), ("Koro", "2022-07-21"), ("Kolokani", "2022-07-21")]


def test_an_event_plural_told_in_the_past_is_one_event(nlp):
    attacks = _attacks(nlp, "Airstrikes by helicopters hit militant positions near Nampala.", published="2017-07-23")
    assert [a.location.name for a in attacks] == ["Nampala"]
    assert _attacks(nlp, "Airstrikes have killed many civilians in the region.", published="2017-07-23") == []


# -- a group's own killings ------------------------------------------------------------------------

def test_a_group_that_claims_to_have_killed_is_the_attacker(nlp):
    for text in ("JNIM claimed to have killed ten soldiers in Boni.", "JNIM said it killed ten soldiers in Boni."):
        extraction = sahel_ie.extract(text, published="2017-12-13", nlp=nlp)
        assert [(a.location.name, a.perpetrator.actor_id) for a in extraction.attacks] == [("Boni", "jnim")]
        assert extraction.attributions == []
    assert _attacks(nlp, "Officials said it killed ten people.", published="2017-12-13") == []


def test_the_official_toll_survives_the_claimants_equal_figure(nlp):
    text = ("Gunmen attacked an army post in Boni on Monday. Officials said eight soldiers were killed. "
            "JNIM, according to a monitoring group, said it had killed eight soldiers.")
    attacks = _attacks(nlp, text, published="2025-03-04")
    assert [c.count for c in attacks[0].casualties if c.outcome == "killed"] == [8]


def test_a_month_first_range_of_days_is_a_range():
    from sahel_ie.parsing.date_expressions import analyse_date_expression

    info = analyse_date_expression("July 2-3", "2022-08-09")
    assert (info.value, info.end, info.precision) == ("2022-07-02", "2022-07-03", "range")
    info = analyse_date_expression("July 14-15, 2021", "2022-08-09")
    assert (info.value, info.end) == ("2021-07-14", "2021-07-15")


def test_a_passive_killing_over_two_days_is_its_own_record(nlp):
    text = "Gunmen attacked Boni on Monday, killing ten people. Thirty villagers were killed on July 2-3 in the north."
    attacks = _attacks(nlp, text, published="2022-08-09")
    assert [(a.date.value, [c.count for c in a.casualties]) for a in attacks] == [("2022-08-08", [10]),
                                                                                ("2022-07-02", [30])]


def test_counted_enemies_are_assailants_but_the_enemy_is_no_count(nlp):
    doc = nlp(sahel_ie.make_doc(nlp, 'Gunmen attacked the camp. The army said seven "enemies" had died.',
                                published="2022-08-09"))
    assert [(m.count, m.group) for m in doc._.casualty_mentions] == [(7, "assailants")]
    doc = nlp(sahel_ie.make_doc(nlp, 'Gunmen attacked the camp. "The enemy was neutralised," he said.',
                                published="2022-08-09"))
    assert doc._.casualty_mentions == []


def test_shot_and_killed_is_a_killing(nlp):
    doc = nlp(sahel_ie.make_doc(nlp, "One guard was shot and killed in Gao by two gunmen.", published="2017-07-23"))
    assert [(m.outcome, m.count) for m in doc._.casualty_mentions] == [("killed", 1)]


def test_the_line_break_marker_keeps_the_neural_components_batched(nlp):
    """The marker sits before the parser; a batch runner batches every component up to the first one
    without ``pipe``, so the marker must have one or the parser and NER would run one article at a time."""
    from sahel_ie.io.batch import split_pipeline

    batched, rules = split_pipeline(nlp)
    names = [name for name, _ in batched]
    assert "sahel_line_breaks" in names and {"parser", "ner"} <= set(names)
    assert all(name.startswith("sahel_") for name, _ in rules)
    marker = nlp.get_pipe("sahel_line_breaks")
    docs = [nlp.make_doc("Two killed in Gao\nGunmen killed two men."), nlp.make_doc("No break here.")]
    assert [[t.is_sent_start for t in d] for d in marker.pipe(docs)] == [[t.is_sent_start for t in marker(d)] for d in docs]
