"""Events that are no attacks in ACLED's sense (looting, burned property, arrests, weapons found) and the
tolls ACLED reads where a text gives no plain figure (vague words, claims, unlisted victims, hostages
killed afterwards). Every sentence here was written for these tests."""

from __future__ import annotations

import pytest

from sahel_ie.evaluate import slots as S
from sahel_ie.evaluate.acled import with_claimed_fatalities
from sahel_ie.extraction import make_doc
from sahel_ie.records import Attack, Casualty, Claim

PUBLISHED = "2018-05-10"


def attacks(nlp, text: str):
    return nlp(make_doc(nlp, text, PUBLISHED, "records4"))._.attacks


def killed(nlp, text: str) -> int | None:
    found = attacks(nlp, text)
    assert found, text
    return max((S.outcome_total(a, "killed") or 0) for a in found)


# ---------------------------------------------------------------- property, arrests, weapons: no attack

@pytest.mark.parametrize("text", [
    "On May 6, gunmen raided a hamlet near Sido and seized the livestock.",
    "On May 6, armed men attacked and looted the shops of the weekly market in Sido.",
    "On May 6, soldiers raided a house in Sido and arrested four suspects.",
    "On May 6, gunmen raided the village of Sido and stole the cattle, without causing casualties.",
])
def test_property_or_arrests_with_nobody_hurt_make_no_attack(nlp, text):
    assert attacks(nlp, text) == []


def test_a_mine_found_and_defused_makes_no_attack(nlp):
    assert attacks(nlp, "On May 6, a mine was discovered and defused by an army patrol near Sido.") == []


@pytest.mark.parametrize("text", [
    # an armed party attacked: a battle, whatever was burned
    "On May 6, gunmen attacked the gendarmerie in Sido and set the offices on fire.",
    # somebody hurt, though the toll is told in a sentence of its own
    "On May 6, gunmen raided the village of Sido and stole the cattle. A herder was wounded.",
    # a killing beside the looting
    "On May 6, gunmen stormed the village of Sido, stole livestock and killed two herders.",
    # burning buildings is kept as an arson (a facility attack), mapped to ACLED's property destruction
    "On May 6, presumed militants attacked and burned the town hall and the school in Sido.",
    # a device that went off
    "On May 6, a mine exploded under a truck near Sido.",
])
def test_violence_beside_property_stays_an_attack(nlp, text):
    assert len(attacks(nlp, text)) == 1


# ---------------------------------------------------------------- tolls

def test_killing_and_wounding_several_counts_three_dead(nlp):
    assert killed(nlp, "On May 6, JNIM ambushed a convoy of hunters near Sido, killing and wounding several.") == 3


def test_killed_and_wounded_with_a_figure_gives_no_dead(nlp):
    # the dead among 14 killed and wounded are not told: no figure is made up
    assert killed(nlp, "On May 6, gunmen killed and wounded 14 hunters near Sido.") == 0


def test_an_unknown_number_killed_is_acleds_ten(nlp):
    assert killed(nlp, "On May 6, gunmen attacked militiamen near Sido, killing an unknown number of fighters.") == 10


def test_many_counts_the_dead_only(nlp):
    (a,) = attacks(nlp, "On May 6, gunmen attacked a base near Sido, at least seven soldiers were confirmed dead, "
                        "with many others reported missing.")
    assert S.outcome_total(a, "killed") == 7
    assert S.outcome_total(a, "missing") is None


def test_a_definite_person_the_lexicon_does_not_list_counts_once(nlp):
    assert killed(nlp, "On May 6, the town clerk of the district was assassinated at his home in Sido.") == 1


def test_a_telegraphic_passive_read_as_active_counts_its_subject(nlp):
    assert killed(nlp, "The deputy secretary at the town hall in Sido assassinated at his home this evening.") == 1


def test_a_name_in_apposition_with_a_person_counts_once(nlp):
    assert killed(nlp, "On May 6, Amadou Diallo, a 40-year-old farmer, was killed by soldiers near Sido.") == 1


def test_shot_dead_with_a_title_and_a_name_counts_once(nlp):
    assert killed(nlp, "On May 6, gunmen shot dead police officer Ali Toure in Sido.") == 1


def test_things_and_places_are_no_victims(nlp):
    # "left the village and killed ...": the village is no victim, the two herders are
    assert killed(nlp, "On May 6, the militiamen came back after the army had left the village of Sido and "
                       "killed two herders.") == 2
    # a dateline before the toll is no victim
    assert killed(nlp, "SIDO, May 6 - Forty-two soldiers were killed when militants attacked an army camp.") == 42


def test_the_explosion_of_a_device_is_one_telling_with_its_toll(nlp):
    assert killed(nlp, "On May 6, four soldiers were killed and two others wounded by the detonation of an IED "
                       "near Sido, axis Kara-Dori.") == 4


def test_hostages_killed_afterwards_count_as_killed(nlp):
    assert killed(nlp, "On May 6, militiamen abducted five herders in the village of Sido, they were executed "
                       "a few kilometers away.") == 5
    assert killed(nlp, "A trader looking for his camels was abducted by gunmen near Sido. He was later found dead.") == 1


def test_a_pronoun_of_another_number_is_not_the_hostages(nlp):
    (a,) = attacks(nlp, "On May 6, gunmen abducted two traders near Sido. He was killed by soldiers later.")
    assert S.outcome_total(a, "killed") in (None, 0)


# ---------------------------------------------------------------- the ACLED reading of claims

def _dead(group: str, count: int) -> Casualty:
    return Casualty(outcome="killed", group=group, count=count, qualifier="exact", text=str(count))


def test_a_claimed_toll_counts_when_the_report_has_none():
    attack = Attack(id="a1", casualties=[Casualty(outcome="injured", group="military", count=5, text="5")])
    claim = Claim(id="c1", attack_ids=["a1"], claimed_casualties=[_dead("military", 8)])
    assert S.outcome_total(with_claimed_fatalities(attack, [claim]), "killed") == 8


def test_a_reported_toll_beats_the_claimants():
    attack = Attack(id="a1", casualties=[_dead("unspecified", 11)])
    claim = Claim(id="c1", attack_ids=["a1"], claimed_casualties=[_dead("militia", 15)])
    assert S.outcome_total(with_claimed_fatalities(attack, [claim]), "killed") == 11


# ---------------------------------------------------------------- French

def test_french_looting_with_nobody_hurt_makes_no_attack(nlp_fr):
    doc = nlp_fr(make_doc(nlp_fr, "Le 6 mai, des hommes armés ont attaqué le village de Sido et emporté le bétail.",
                          PUBLISHED, "records4fr"))
    assert doc._.attacks == []


def test_french_burning_with_a_death_stays_an_attack(nlp_fr):
    doc = nlp_fr(make_doc(nlp_fr, "Le 6 mai, des hommes armés ont incendié le village de Sido. "
                                  "Un vieillard a péri dans les flammes.", PUBLISHED, "records4fr"))
    assert len(doc._.attacks) == 1
