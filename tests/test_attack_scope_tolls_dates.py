"""The scope of a sentence's facts, the tolls a record keeps, dates without an anchor, and the mentions a
record lists. Every sentence here was written for these tests."""

from __future__ import annotations

import pytest

from sahel_ie.parsing.date_expressions import partial_date
from sahel_ie.parsing.numbers import is_vague_amount
from sahel_ie.extraction import extract, make_doc
from sahel_ie.records import Attack, DateValue

PUBLISHED = "2022-03-10"  # a Thursday


def attacks(nlp, text: str, published: str | None = PUBLISHED):
    return nlp(make_doc(nlp, text, published, "scope"))._.attacks


def killed(attack) -> list[int]:
    return sorted(c.count for c in attack.casualties if c.outcome == "killed" and c.count is not None)


# ---------------------------------------------------------------- tolls

def test_the_body_figure_beats_the_headline_vague_word(nlp):
    text = ("Dozens killed in attack on army post in Tin-Akoff\n\n"
            "About 40 soldiers were killed on Tuesday when gunmen attacked an army post in Tin-Akoff, "
            "the army said.")
    (a,) = attacks(nlp, text)
    assert killed(a) == [40]


def test_a_vague_word_alone_keeps_its_count(nlp):
    (a,) = attacks(nlp, "Gunmen attacked an army post in Tin-Akoff on Tuesday, killing dozens of soldiers.")
    assert killed(a) == [12]


def test_a_vague_word_for_another_group_stays(nlp):
    text = ("Gunmen attacked the town of Tin-Akoff on Tuesday. Dozens of soldiers were killed, and a nurse "
            "put the civilian toll at 30 civilians.")
    (a,) = attacks(nlp, text)
    groups = {(c.group, c.count) for c in a.casualties if c.outcome == "killed"}
    assert ("military", 12) in groups


@pytest.mark.parametrize("text, vague", [
    ("Dozens", True), ("several dozen civilians", True), ("hundreds of people", True),
    ("about 40", False), ("two hundred people", False), ("a soldier", False), ("12 soldiers", False),
])
def test_vague_amounts(text, vague):
    assert is_vague_amount(text) is vague


# ---------------------------------------------------------------- scope

@pytest.mark.parametrize("text", [
    "Extremist attacks have killed more than 100 soldiers in just six weeks.",
    "Hundreds of local officials have been killed or abducted since the beginning of 2018.",
    "The group claimed the attack on Tin-Akoff as well as other attacks in Mali and Niger.",
    "The group is notorious for abducting travellers on the roads of the region.",
    "Their fighters have started to attack villages and army posts.",
    "The group has intensified its attacks on the islands of the lake.",
    "The army has for some weeks faced a resurgence of assaults from the group.",
    "The group, which has a history of kidnapping foreigners, denied any role.",
    "Further such assaults remain possible near the capital.",
])
def test_aggregates_and_trends_are_no_records(nlp, text):
    found = attacks(nlp, text)
    assert all("Tin-Akoff" == (a.location.name or "") for a in found), [a.text for a in found]
    assert len(found) <= (1 if "Tin-Akoff" in text else 0)


def test_a_comment_on_the_attack_adds_no_evidence(nlp):
    text = ("Gunmen attacked an army post in Tin-Akoff on Tuesday, killing seven soldiers. This attack is part "
            "of a growing wave of violence across the region.")
    (a,) = attacks(nlp, text)
    assert all("wave" not in (e.text or "") for e in a.evidence)


def test_the_event_the_news_comes_after_is_no_second_record(nlp):
    text = ("Gunmen attacked an army post in Tin-Akoff on Tuesday, killing seven soldiers. This attack comes "
            "just weeks after the group stormed a base in Boni.")
    found = attacks(nlp, text)
    assert [a.location.name for a in found] == ["Tin-Akoff"]


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize("text, partial", [
    ("On August 18", "--08-18"), ("on 18 August", "--08-18"), ("in March", "--03"), ("the 3rd of June", "--06-03"),
    ("on Christmas Eve", "--12-24"), ("on Tuesday", None), ("on 18 August 2021", None), ("last month", None),
])
def test_partial_dates(text, partial):
    assert partial_date(text) == partial


def test_a_day_without_an_anchor_keeps_its_text_and_what_it_fixes(nlp):
    (a,) = extract("On August 18, gunmen attacked a village near Gao, killing five people.", None,
                   nlp=nlp).attacks
    assert (a.date.text, a.date.value, a.date.precision, a.date.partial) == ("On August 18", None, "day", "--08-18")


def test_a_relative_day_without_an_anchor_stays_unresolved_but_quoted(nlp):
    (a,) = extract("Gunmen attacked a village near Gao on Tuesday, killing five people.", None, nlp=nlp).attacks
    assert (a.date.text, a.date.value, a.date.precision) == ("on Tuesday", None, "day")


@pytest.mark.parametrize("text", [
    "Bamako, 7 October 2023 - Gunmen attacked a village near Gao on Tuesday, killing five people.",
    "COMMUNIQUE\n\nBamako, 7 October 2023\n\nGunmen attacked a village near Gao on Tuesday, killing five people.",
])
def test_the_dateline_anchors_an_article_without_metadata(nlp, text):
    (a,) = extract(text, None, nlp=nlp).attacks
    assert a.date.value == "2023-10-03"


def test_metadata_beats_the_dateline(nlp):
    (a,) = extract("Bamako, 7 October 2023 - Gunmen attacked a village near Gao on Tuesday, killing five "
                   "people.", "2023-10-12", nlp=nlp).attacks
    assert a.date.value == "2023-10-10"


@pytest.mark.parametrize("text", [
    "Gunmen attacked a village near Gao this year, killing five people.",
    "Gunmen attacked a village near Gao in recent months, killing five people.",
])
def test_this_year_and_recent_months_are_never_a_day(nlp, text):
    for a in extract(text, "2021-06-01", nlp=nlp).attacks:
        assert a.date.precision != "day"


def test_christmas_eve_resolves_to_the_nearest_one(nlp):
    (a,) = extract("Insurgents attacked the town of Arbinda on Christmas Eve, killing at least 35 civilians.",
                   "2020-01-02", nlp=nlp).attacks
    assert a.date.value == "2019-12-24"


# ---------------------------------------------------------------- mentions

def test_a_record_lists_the_mentions_it_was_built_from(nlp):
    text = ("Gunmen kill seven soldiers in Tin-Akoff\n\n"
            "Gunmen attacked an army post in Tin-Akoff on Tuesday, killing seven soldiers, the army said. "
            "The assault lasted two hours.")
    (a,) = attacks(nlp, text)
    told = [m.text.lower() for m in a.mentions]
    assert "attacked" in told and "assault" in told
    assert all(text[m.start:m.end] == m.text for m in a.mentions)
    assert [m.start for m in a.mentions] == sorted(m.start for m in a.mentions)


def test_new_fields_round_trip_and_older_records_load():
    attack = Attack(id="a1", date=DateValue(text="On August 18", precision="day", partial="--08-18"))
    assert Attack.from_dict(attack.to_dict()) == attack
    old = attack.to_dict()
    del old["mentions"]
    del old["date"]["partial"]
    assert Attack.from_dict(old).mentions == [] and Attack.from_dict(old).date.partial is None


# ---------------------------------------------------------------- coreference: merge and split rules

def test_spelling_variants_of_one_place_are_one_attack(nlp):
    text = ("Gunmen attacked the village of Tinabaou on Monday, killing six herders, a local official said. "
            "Witnesses said gunmen on motorbikes stormed the village of Tinabau on Monday and burned the "
            "granaries.")
    found = attacks(nlp, text)
    assert len(found) == 1  # without the spelling rule the two places conflict and make two records


def test_spelling_variants_rule():
    from sahel_ie.parsing.attack_merging import spelling_variants

    assert spelling_variants("Thiem", "Theim") and spelling_variants("Boulkessi", "Boulikessi")
    assert spelling_variants("Ménaka", "Menaka")
    assert not spelling_variants("Gao", "Goa") and not spelling_variants("Tessit", "Tessalit")
    assert not spelling_variants("Kidal", "Kidat")  # a changed letter in a five-letter name: another place


def test_a_town_and_its_region_are_compatible_places():
    from sahel_ie.parsing.attack_merging import _place_compatible
    from sahel_ie.records import Location

    town = Location(name="Djibo", admin1="Sahel", country="BF", geo_precision=1)
    region = Location(name="Sahel", country="BF", geo_precision=3)
    other = Location(name="Arbinda", admin1="Sahel", country="BF", geo_precision=1)
    assert _place_compatible(town, region) is None
    assert _place_compatible(town, other) is False


def test_perpetrator_lineage_is_compatible_and_rivals_split():
    from sahel_ie.parsing.attack_merging import same_lineage

    assert same_lineage("jnim", "al_qaeda")
    assert not same_lineage("jnim", "is_sahel")


def test_two_days_two_villages_are_two_attacks(nlp):
    text = ("Gunmen killed 37 civilians in the village of Tin-Akoff on Monday. On Friday, gunmen attacked the "
            "village of Boni, killing 12 people.")
    found = attacks(nlp, text, published="2022-03-12")
    assert sorted(a.location.name for a in found) == ["Boni", "Tin-Akoff"]
    assert {a.location.name: sorted(killed(a)) for a in found} == {"Tin-Akoff": [37], "Boni": [12]}


def test_the_day_of_a_visit_to_the_scene_does_not_date_the_attack(nlp):
    text = ("Jihadists killed 40 soldiers in an attack on an army base in Boma on Monday. The president said "
            "he went to the scene of the attack on Wednesday.")
    (a,) = attacks(nlp, text, published="2022-03-10")
    assert a.date.value == "2022-03-07"


def test_a_date_line_run_into_the_lede_dates_no_attack(nlp):
    text = ("date 2017-01-25 Gunmen on Monday abducted seven women and killed three men when they attacked a "
            "village in Borno State, witnesses said.")
    (a,) = attacks(nlp, text, published="2017-01-25")
    assert a.date.value == "2017-01-23"


# ---------------------------------------------------------------- lists of victims

@pytest.mark.parametrize("text, tolls", [
    ("Gunmen attacked a UN base in Gao on Monday: 5 guards, 1 gendarme & 6 assailants killed, 2 guards wounded.",
     {("killed", 5), ("killed", 1), ("killed", 6)}),
    ("Gunmen killed a militia commander and his associate in Hombori on Monday.", {("killed", 2)}),
    ("Gunmen assassinated a village chief and his three sons in Boni on Monday.", {("killed", 4)}),
])
def test_a_list_shares_its_outcome_and_conjoined_victims_are_one_toll(nlp, text, tolls):
    (a,) = attacks(nlp, text)
    assert {(c.outcome, c.count) for c in a.casualties if c.outcome == "killed"} == tolls


def test_victims_abducted_then_found_dead_are_killed(nlp):
    (a,) = attacks(nlp, "On Monday, eight herders abducted by militiamen the day before were found dead near Boni.")
    assert {(c.outcome, c.count) for c in a.casualties} == {("killed", 8)}
    (b,) = attacks(nlp, "Eight herders abducted by militiamen on Monday near Boni were released.")
    assert {(c.outcome, c.count) for c in b.casualties} == {("abducted", 8)}
