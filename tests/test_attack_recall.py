"""Recall on the shapes real reporting and event notes take: noun, passive and participial triggers,
telegraphic notes without a finite verb, the event words the lexicon gained, and the air-strike type.
Each shape has a negative twin that must stay without a record. Every sentence here was written for
these tests."""

from __future__ import annotations

import pytest

from sahel_ie.extraction import make_doc

PUBLISHED = "2022-03-10"  # a Thursday


def attacks(nlp, text: str, published: str | None = PUBLISHED):
    return nlp(make_doc(nlp, text, published, "recall"))._.attacks


def killed(attack) -> int:
    return sum(c.count or 0 for c in attack.casualties if c.outcome == "killed")


@pytest.mark.parametrize("text, attack_type", [
    # nouns
    ("The killings in the village of Dinangourou on Monday left nine herders dead.", "raid"),
    ("An ambush on a supply convoy near Boni on Tuesday left four soldiers dead.", "ambush"),
    ("Heavy fighting between the army and jihadists near Hombori on Sunday left six fighters dead.",
     "armed_assault"),
    # passive and participial
    ("An army patrol came under attack near Léré on Tuesday.", "armed_assault"),
    ("A police truck was struck by an IED near Douentza on Monday, killing two officers.", "bombing"),
    ("Three traders were found dead near Gossi on Sunday.", "armed_assault"),
    ("Unknown gunmen assassinated a village chief in Ansongo on Monday.", "armed_assault"),
    ("The camp in Aguelhok was hit by rockets on Monday night.", "shelling"),
    ("A vehicle of the gendarmerie hit a mine near Boni on Tuesday, wounding three gendarmes.", "bombing"),
    ("The UN camp in Tessalit was hit by rockets/mortars on Monday.", "shelling"),
    ("A local official was killed at the market in Talataye on Monday amidst clashes with rival fighters.",
     "armed_assault"),
])
def test_new_trigger_shapes_make_a_record(nlp, text, attack_type):
    found = attacks(nlp, text)
    assert len(found) == 1, text
    assert found[0].attack_type == attack_type


@pytest.mark.parametrize("text", [
    "A grenade was discovered near the school in Koro and defused by soldiers.",
    "Shells and rockets have fallen on the city on several occasions.",
    "The movement has lost dozens of fighters in clashes with the group since it was founded.",
    "Miners at the gold mine of Kalsaka stopped work on Monday.",
    "Two militants planting a mine near Boni on Monday were killed when it went off.",
])
def test_negative_twins_make_no_record(nlp, text):
    assert attacks(nlp, text) == []


def test_explosions_heard_do_not_make_a_raid_a_bombing(nlp):
    text = ("Militants attacked a gendarmerie school in Bamako on Tuesday. Gunfire and explosions were heard in "
            "the district before dawn, residents said.")
    found = attacks(nlp, text)
    assert len(found) == 1 and found[0].attack_type != "bombing"


def test_came_under_fire_makes_the_subject_a_target_and_the_from_phrase_the_attacker(nlp):
    (a,) = attacks(nlp, "A convoy of the army came under fire from dozens of gunmen near Tessit on Monday.")
    assert a.perpetrator.text and "gunmen" in a.perpetrator.text
    assert any("convoy" in t.text for t in a.targets)


def test_came_under_fire_told_after_the_ambush_is_the_same_attack(nlp):
    text = ("Six soldiers were killed when militants ambushed an army patrol near the village of Tin-Akoff, "
            "officials said on Thursday. The patrol of about 30 soldiers came under fire on Tuesday evening "
            "as it left the village. Two soldiers were wounded.")
    found = attacks(nlp, text)
    assert len(found) == 1
    assert found[0].date.value == "2022-03-08"


@pytest.mark.parametrize("text", [
    "Army patrol ambushed near Boni, Mopti region, two soldiers wounded.",
    "On 3 March, presumed jihadists clashed with a self-defence militia in Tessit.",
    "Clashes between the army and unknown gunmen near Ansongo, three assailants killed.",
])
def test_telegraphic_notes_are_reports(nlp, text):
    assert len(attacks(nlp, text)) == 1, text


def test_an_abducted_doctor_is_still_a_reference(nlp):
    """A participle describing someone inside a sentence about something else reports no attack."""
    assert attacks(nlp, "An aid worker abducted in Mali in 2019 was freed on Monday, his employer said.") == []


def test_the_month_may_is_not_a_modal(nlp):
    (a,) = attacks(nlp, "On May 5, gunmen attacked the village of Tin-Akoff, killing four herders.",
                   published="2022-05-08")
    assert a.date.value == "2022-05-05" and killed(a) == 4


def test_in_the_wake_of_the_attack_points_back(nlp):
    text = ("Gunmen attacked an army post in Tin-Akoff on Monday, killing five soldiers. In the wake of the "
            "attack, drone strikes on Tuesday destroyed a column of the attackers north of the town.")
    found = attacks(nlp, text)
    assert [a.attack_type for a in found] == ["raid", "airstrike"] or [a.attack_type for a in found] == [
        "armed_assault", "airstrike"]
    assert found[1].date.value == "2022-03-08"


@pytest.mark.parametrize("text", [
    "A drone strike hit a camp of the group near Kidal on Sunday.",
    "Helicopter strikes on a column of fighters near Ménaka on Sunday killed about twenty of them.",
    "The air force carried out airstrikes on a base of the group near Boulkessi on Sunday.",
])
def test_air_and_drone_strikes_are_airstrikes(nlp, text):
    (a,) = attacks(nlp, text)
    assert a.attack_type == "airstrike"


def test_uncounted_clashes_are_one_event_and_counted_ones_a_group(nlp):
    from sahel_ie.parsing.triggers import is_plural, load_lexicon

    doc = nlp(make_doc(nlp, "Clashes broke out in Tessit on Monday. Two clashes were reported in Ménaka.",
                       PUBLISHED, "p"))
    flags = [is_plural(t, load_lexicon()) for t in doc._.attack_triggers]
    assert flags == [False, True]


@pytest.mark.parametrize("text, count", [
    ("Councilman in Tin-Akoff assassinated by presumed jihadists on motorbikes.", 1),
    ("On Monday, militiamen assassinated a health worker named Ali Maiga in Gao.", 1),
])
def test_a_lone_victim_of_a_killing_verb_is_one_killed(nlp, text, count):
    (a,) = attacks(nlp, text)
    assert killed(a) == count
