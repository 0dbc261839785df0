"""Tolls: whose ranks a figure counts, victims abducted and then killed, and a provisional figure that a
later one revises. Every sentence here was written for these tests."""

from __future__ import annotations

from sahel_ie.evaluate import slots as S
from sahel_ie.extraction import make_doc

PUBLISHED = "2019-03-10"


def attacks(nlp, text: str):
    return nlp(make_doc(nlp, text, PUBLISHED, "tolls2"))._.attacks


def tolls(attack, outcome: str = "killed") -> list[tuple[str, int]]:
    return sorted((c.group, c.count) for c in attack.casualties if c.outcome == outcome and c.count is not None)


# ---------------------------------------------------------------- whose ranks

def test_the_ranks_of_a_named_side_give_the_group(nlp):
    text = ("Gunmen attacked an army post in Sofara on Tuesday, killing two soldiers; three dead were reported "
            "in the ranks of the assailants.")
    (a,) = attacks(nlp, text)
    assert tolls(a) == [("assailants", 3), ("military", 2)]
    assert S.outcome_total(a, "killed") == 5


def test_a_possessive_side_gives_the_group(nlp):
    (a,) = attacks(nlp, "Militants ambushed a patrol near Sofara, 1 soldier killed, 2 dead in the militants' ranks.")
    assert tolls(a) == [("assailants", 2), ("military", 1)]


# ---------------------------------------------------------------- abducted, then killed

def test_victims_abducted_and_executed_count_as_killed(nlp):
    (a,) = attacks(nlp, "On March 3, five traders were abducted and executed by gunmen near Sofara.")
    assert tolls(a) == [("civilians", 5)]
    assert tolls(a, "abducted") == []


def test_a_killing_of_other_people_stays_apart_from_the_abduction(nlp):
    (a,) = attacks(nlp, "On March 3, gunmen abducted five traders and killed two herders near Sofara.")
    assert tolls(a) == [("civilians", 2)]
    assert tolls(a, "abducted") == [("civilians", 5)]


# ---------------------------------------------------------------- provisional figures

def test_a_later_figure_revises_the_initial_toll(nlp):
    text = ("Gunmen ambushed a convoy near Sofara on Tuesday. The initial toll was six dead and four wounded, "
            "the army said. A later report gave nine dead.")
    (a,) = attacks(nlp, text)
    assert tolls(a) == [("unspecified", 9)]
    assert tolls(a, "injured") == [("unspecified", 4)]  # no later figure: the first one stays


def test_a_provisional_toll_alone_stays(nlp):
    text = "Gunmen ambushed a convoy near Sofara on Tuesday. A provisional toll of six soldiers killed was given."
    (a,) = attacks(nlp, text)
    assert tolls(a) == [("military", 6)]


def test_competing_figures_without_a_provisional_word_both_stay(nlp):
    text = "Gunmen ambushed a convoy near Sofara on Tuesday, killing six soldiers. Residents later reported nine soldiers dead."
    (a,) = attacks(nlp, text)
    assert tolls(a) == [("military", 6), ("military", 9)]
    assert S.outcome_total(a, "killed") == 6  # the lowest credible figure


# ---------------------------------------------------------------- a day told in the sentence before

def test_later_that_night_takes_the_day_of_the_attack_told_before(nlp):
    text = ("Gunmen attacked an army post in Sofara on Sunday, killing four soldiers. Later that night, assailants "
            "attacked the police station in Kona, killing a policeman.")
    first, second = attacks(nlp, text)
    assert first.date.value == second.date.value == "2019-03-10"
    assert {first.location.name, second.location.name} == {"Sofara", "Kona"}


def test_a_sentence_without_a_same_day_cue_stays_undated(nlp):
    text = "Gunmen attacked an army post in Sofara on Sunday. Assailants attacked the police station in Kona."
    first, second = attacks(nlp, text)
    assert first.date.value == "2019-03-10"
    assert second.date.value is None


def test_a_same_day_plan_dates_no_attack(nlp):
    text = ("Gunmen attacked an army post in Sofara on Sunday. The army said that an attack on the market of Kona "
            "planned for the same day was prevented.")
    dates = {a.location.name: a.date.value for a in attacks(nlp, text)}
    assert dates.get("Sofara") == "2019-03-10"
    assert dates.get("Kona") is None
