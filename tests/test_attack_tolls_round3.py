"""Tolls of victims told with a companion ("killed a trader with his driver"), and the evaluation reading
tolls like with like (a claim's figures beside its attack's where the gold lists both; a note that ACLED
split over several rows at the sum of its rows). Every sentence and note here was written for these tests."""

from __future__ import annotations

import json

from sahel_ie.evaluate import slots as S
from sahel_ie.evaluate.acled import acled_fatalities, load_acled
from sahel_ie.extraction import make_doc
from sahel_ie.records import Attack, Casualty, Claim

PUBLISHED = "2019-03-10"


def attacks(nlp, text: str):
    return nlp(make_doc(nlp, text, PUBLISHED, "tolls3"))._.attacks


# ---------------------------------------------------------------- companions

def test_a_companion_with_a_possessive_joins_the_victims_toll(nlp):
    (a,) = attacks(nlp, "On March 4, gunmen shot dead a local chief with his son and his guard in Sofara.")
    assert S.outcome_total(a, "killed") == 3


def test_a_companion_and_a_conjoined_bare_noun_count(nlp):
    (a,) = attacks(nlp, "On March 4, unknown men killed a trader with his driver and bodyguard near Sofara.")
    assert S.outcome_total(a, "killed") == 3


def test_companions_of_another_group_are_counted_as_people(nlp):
    (a,) = attacks(nlp, "On March 4, gunmen shot dead a wealthy business man with his driver and bodyguard in Sofara.")
    assert S.outcome_total(a, "killed") == 3


def test_a_companion_the_parser_joins_inside_an_of_phrase_counts(nlp):
    (a,) = attacks(nlp, "On March 4, gunmen attacked a car near Sofara, killing a leader of the Kel Ansar faction and his driver.")
    assert S.outcome_total(a, "killed") == 2


def test_a_companion_after_nested_of_phrases_counts(nlp):
    text = "On March 4, gunmen attacked a car near Sofara, killing a leader of the youth wing of the Kel Ansar and his driver."
    (a,) = attacks(nlp, text)
    assert S.outcome_total(a, "killed") == 2


def test_a_weapon_after_with_is_no_victim(nlp):
    (a,) = attacks(nlp, "On March 4, gunmen killed the mayor with his own rifle in Sofara.")
    assert S.outcome_total(a, "killed") == 1


def test_a_companion_without_a_possessive_is_not_counted(nlp):
    (a,) = attacks(nlp, "On March 4, gunmen attacked a convoy with their motorbikes near Sofara, killing two soldiers.")
    assert S.outcome_total(a, "killed") == 2


# ---------------------------------------------------------------- claimant tolls in the evaluation

def _killed(group, count):
    return Casualty(outcome="killed", group=group, count=count)


def test_a_claim_of_one_attack_lends_its_tolls():
    attack = Attack(id="a1", casualties=[_killed("unspecified", 40)])
    claim = Claim(id="c1", attack_ids=["a1"], claimed_casualties=[_killed("military", 120)])
    read = S.with_claimed_tolls(attack, [claim])
    assert S.outcome_total(read, "killed") == 120
    assert S.outcome_total(attack, "killed") == 40  # the record itself is left as it is


def test_the_lowest_figure_still_wins_for_one_group():
    attack = Attack(id="a1", casualties=[_killed("military", 12)])
    claim = Claim(id="c1", attack_ids=["a1"], claimed_casualties=[_killed("military", 30)])
    assert S.outcome_total(S.with_claimed_tolls(attack, [claim]), "killed") == 12


def test_a_claim_of_several_attacks_lends_nothing():
    attack = Attack(id="a1", casualties=[])
    claim = Claim(id="c1", attack_ids=["a1", "a2"], claimed_casualties=[_killed("military", 9)])
    assert S.outcome_total(S.with_claimed_tolls(attack, [claim]), "killed") is None


def test_news_gold_is_flagged_and_fixture_gold_is_not():
    from pathlib import Path

    from sahel_ie.evaluate.sources import load_gold_sources

    news = Path(__file__).resolve().parent / "data" / "news"
    assert all(a.claimant_tolls_on_attack for a in load_gold_sources(news, texts=news / "texts"))


# ---------------------------------------------------------------- ACLED rows of one note

def test_a_note_split_over_rows_is_scored_at_their_sum(tmp_path):
    shared = "Gunmen raided two hamlets near Sofara over two days, killing nine herders."
    rows = [{"id": "N1", "text": shared, "killed": 5}, {"id": "N2", "text": "A soldier was shot dead in Sofara.", "killed": 1},
            {"id": "N3", "text": shared, "killed": 4}]
    path = tmp_path / "notes.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    every = load_acled(path)
    assert [acled_fatalities(r) for r in every] == [9, 1, 9]
    # the sum is taken over the whole file, so each half compares the same figure
    assert [acled_fatalities(r) for r in load_acled(path, half="a")] == [9, 9]
    assert [acled_fatalities(r) for r in load_acled(path, half="b")] == [1]


# ---------------------------------------------------------------- title-case headlines, one target read two ways

def test_an_attack_word_in_a_title_case_headline_is_no_place(nlp):
    text = ("Army Says 30 Militants Killed in Ambush on Patrol\n\n"
            "Three soldiers and at least 30 militants were killed in northern Mali when an army patrol was "
            "ambushed, the army said on Friday.\n\n"
            "The incident happened on Thursday near Sofara, when the patrol came under attack by dozens of "
            "gunmen, it said.\n")
    (a,) = attacks(nlp, text)
    assert a.location.name == "Sofara"


def test_one_target_read_as_two_categories_still_merges(nlp):
    text = ("Two drivers were killed in central Mali when a supply convoy escorted by troops was ambushed, the "
            "army said.\n\n"
            "The attack happened on Thursday near Sofara, when the convoy of trucks came under fire from gunmen.\n")
    (a,) = attacks(nlp, text)
    assert a.location.name == "Sofara"
    assert S.outcome_total(a, "killed") == 2


def test_different_targets_of_disjoint_categories_still_split(nlp):
    text = ("On Thursday, gunmen attacked an army base in Sofara. On Thursday, gunmen also attacked a market "
            "in Sofara, killing four traders.")
    found = attacks(nlp, text)
    assert len(found) == 2


# ---------------------------------------------------------------- "burned alive"

def test_victims_burned_alive_are_killed(nlp):
    text = "On March 4, soldiers entered the hamlet of Kona and tied up the hamlet chief and his son who were burned alive."
    (a,) = attacks(nlp, text)
    assert S.outcome_total(a, "killed") == 2


def test_burning_without_alive_kills_nobody(nlp):
    (a,) = attacks(nlp, "On March 4, gunmen attacked Kona and burned the houses of two herders.")
    assert S.outcome_total(a, "killed") is None


def test_french_victims_burned_alive_are_killed(nlp_fr):
    text = "Le 3 mars, des hommes armés ont attaqué le village de Kona, où deux bergers ont été brûlés vifs."
    (a,) = nlp_fr(make_doc(nlp_fr, text, PUBLISHED, "tolls3fr"))._.attacks
    assert S.outcome_total(a, "killed") == 2


# ---------------------------------------------------------------- a day and month in figures

def test_a_day_and_month_in_figures_is_read_against_the_publication_date():
    from sahel_ie.parsing.date_expressions import analyse_date_expression

    assert analyse_date_expression("on 10/12", "2017-12-13").value == "2017-12-10"  # day first: 3 days before
    assert analyse_date_expression("on 11/5", "2019-11-08").value == "2019-11-05"   # month first fits better
    assert analyse_date_expression("on 25/11", "2017-12-13").value == "2017-11-25"  # only one reading
    assert analyse_date_expression("on 31/12", "2018-01-02").value == "2017-12-31"  # last year's day


def test_a_killing_dated_in_figures_is_an_attack_with_its_day(nlp):
    (a,) = nlp(make_doc(nlp, "A village chief was killed near Sofara on 7/3.", PUBLISHED, "num"))._.attacks
    assert a.date.value == "2019-03-07"
