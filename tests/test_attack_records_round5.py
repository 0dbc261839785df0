"""Riots and protests are no attacks; camps of civilian owners are civilian targets; the tolls ACLED reads
in "many casualties", militiamen killed by the attackers, and a toll told beside a negated harm. Every
sentence here was written for these tests."""

from __future__ import annotations

import pytest

from sahel_ie.evaluate import slots as S
from sahel_ie.extraction import make_doc

PUBLISHED = "2018-05-10"


def attacks(nlp, text: str):
    return nlp(make_doc(nlp, text, PUBLISHED, "records5"))._.attacks


def killed(nlp, text: str) -> int | None:
    found = attacks(nlp, text)
    assert found, text
    return max((S.outcome_total(a, "killed") or 0) for a in found)


# ---------------------------------------------------------------- riots and protests: no attack

@pytest.mark.parametrize("text", [
    "On 4 June, residents of Bla looted the police station and set fire to cars in protest against the murder of a child.",
    "On 3 May, youths protesting the arrest of a trader clashed with gendarmes in Kati, several demonstrators were arrested.",
    "Riots broke out in Kayes after a dispute over land, the town hall was set ablaze. One demonstrator was killed "
    "and five others wounded in clashes with security forces.",
    "On 2 May, police opened fire on protesters in Sikasso, killing two protesters.",
])
def test_a_crowds_violence_or_forces_firing_on_it_is_no_attack(nlp, text):
    assert attacks(nlp, text) == []


@pytest.mark.parametrize("text", [
    "Gunmen killed five villagers in Koro on Monday. Residents protested in the town the next day.",
    "On 2 May, jihadists attacked a crowd of protesters in Sikasso, killing two protesters.",
    "Soldiers killed three villagers in Boni on Monday, which sparked protests in the town.",
])
def test_an_armed_attack_beside_a_protest_stays_an_attack(nlp, text):
    assert len(attacks(nlp, text)) == 1


def test_on_march_4_is_no_march(nlp):
    assert len(attacks(nlp, "On March 4, gunmen attacked the village of Boni, killing two villagers.")) == 1


def test_french_protesters_burning_a_gendarmerie_make_no_attack(nlp_fr):
    doc = nlp_fr(make_doc(nlp_fr, "Le 4 juin, des manifestants ont saccagé et incendié la gendarmerie de Bla pour "
                                  "protester contre le meurtre d'un enfant.", PUBLISHED, "records5fr"))
    assert doc._.attacks == []


def test_french_armed_men_before_a_protest_stay_an_attack(nlp_fr):
    doc = nlp_fr(make_doc(nlp_fr, "Des hommes armés ont tué cinq villageois à Koro. Les habitants ont manifesté "
                                  "le lendemain.", PUBLISHED, "records5fr"))
    assert len(doc._.attacks) == 1


# ---------------------------------------------------------------- camps of civilian owners

@pytest.mark.parametrize("text", [
    "A herders' camp was attacked by militiamen near Bankass.",
    "Gunmen attacked a camp for displaced people near Menaka.",
    "Gunmen attacked a nomad camp near Menaka.",
    "Gunmen attacked a camp of herders near Menaka.",
    "Gunmen attacked a refugee camp near Gao.",
])
def test_a_camp_with_a_civilian_owner_is_a_civilian_target(nlp, text):
    (attack,) = attacks(nlp, text)
    assert "civilians" in S.target_categories(attack)
    assert "military" not in S.target_categories(attack)


def test_an_army_camp_stays_military(nlp):
    (attack,) = attacks(nlp, "Gunmen attacked the army camp in Boni.")
    assert S.target_categories(attack) == {"military"}


@pytest.mark.parametrize("text", [
    "Des hommes armés ont attaqué un camp de déplacés près de Ménaka.",
    "Des hommes armés ont attaqué un campement d'éleveurs près de Ménaka.",
])
def test_french_camps_of_civilian_owners(nlp_fr, text):
    (attack,) = nlp_fr(make_doc(nlp_fr, text, PUBLISHED, "records5fr"))._.attacks
    assert S.target_categories(attack) == {"civilians"}


# ---------------------------------------------------------------- tolls

def test_many_casualties_is_acleds_unknown_toll_of_ten(nlp):
    assert killed(nlp, "Soldiers clashed with militants near Tenenkou, causing numerous casualties.") == 10


def test_a_figure_of_casualties_tells_no_dead(nlp):
    assert killed(nlp, "Soldiers clashed with militants near Tenenkou, causing three casualties.") == 0


def test_a_negated_harm_in_its_own_clause_leaves_the_toll_alone(nlp):
    text = ("Soldiers clashed with militants near Tenenkou. A military statement said that many casualties were "
            "reported among the militants while no soldiers were injured.")
    assert killed(nlp, text) == 10


def test_militiamen_killed_by_attackers_are_militia_and_add_to_the_attackers_dead(nlp):
    text = ("Gunmen attacked a group of militiamen near Ansongo, killing 7 militiamen, two attackers were also "
            "killed in the clashes.")
    (attack,) = attacks(nlp, text)
    assert S.casualty_triples(attack) >= {("killed", "militia", 7), ("killed", "assailants", 2)}
    assert S.outcome_total(attack, "killed") == 9


def test_french_many_losses_are_ten_dead(nlp_fr):
    doc = nlp_fr(make_doc(nlp_fr, "Des militaires ont attaqué une position jihadiste près de Boni. L'armée a fait "
                                  "état de nombreuses pertes parmi les assaillants.", PUBLISHED, "records5fr"))
    assert max(S.outcome_total(a, "killed") or 0 for a in doc._.attacks) == 10


def test_a_part_of_a_toll_of_its_own_group_adds_nothing(nlp):
    assert killed(nlp, "Gunmen attacked the village of Sido, killing 10 civilians, among them 3 children.") == 10


def test_the_parts_of_a_toll_of_people_break_it_down(nlp):
    text = ("At least 47 people, among them 30 civilians, fourteen soldiers and three volunteers, were killed on "
            "Wednesday in an attack against a convoy near Gao.")
    (attack,) = attacks(nlp, text)
    assert {("killed", "civilians", 30), ("killed", "military", 14), ("killed", "militia", 3)} <= S.casualty_triples(attack)
    assert S.outcome_total(attack, "killed") == 47


def test_a_plural_relative_clause_on_the_last_conjunct_tells_the_fate_of_all(nlp):
    assert killed(nlp, "Soldiers tied up the village chief and his son, who were burned alive.") == 2


def test_a_headline_passive_hung_from_the_of_phrase_counts_its_person(nlp):
    assert killed(nlp, "Agent of the customs office killed by unknown gunmen in Gao.") == 1


def test_a_bare_opening_noun_with_a_participle_is_the_report_itself(nlp):
    text = ("Army post attacked in Dianke, as many as 9 soldiers and 3 assailants killed and around 12 soldiers "
            "wounded evacuated to Gao. Gunmen on motorbikes attacked the post with heavy weapons.")
    assert killed(nlp, text) == 12


def test_a_described_person_with_an_article_stays_a_description(nlp):
    text = "A Canadian engineer abducted in Mali was freed on Monday."
    assert attacks(nlp, text) == []


def test_a_listed_person_the_amount_reader_missed_counts_one(nlp):
    assert killed(nlp, "A Water and Forests department agent was killed with a machete in Boni.") == 1


def test_a_killing_participle_on_the_noun_is_its_fate(nlp):
    (attack,) = attacks(nlp, "Young man beheaded by presumed jihadists in Boni, his father was abducted.")
    assert S.outcome_total(attack, "killed") == 1
    assert S.outcome_total(attack, "abducted") == 1



def test_a_sum_over_the_villages_of_one_attack_is_shared_by_them(nlp):
    found = attacks(nlp, "On 3 May, gunmen attacked the villages of Sido, Koro and Boni, killing 12 civilians in total.")
    assert found and all(S.outcome_total(a, "killed") == 12 for a in found)


def test_a_sum_told_after_the_attack_is_its_toll(nlp):
    assert killed(nlp, "Clashes between two militias near Anefis. Over 6 dead reported in total.") == 6


def test_a_statistic_with_a_sum_word_stays_out(nlp):
    text = ("Jihadists attacked a post in Boni on Monday, killing 3 soldiers. In total, 40 soldiers have been "
            "killed in the region this year.")
    assert killed(nlp, text) == 3



def test_french_a_sum_over_villages_and_a_statistic(nlp_fr):
    def tolls(text: str) -> list:
        return [S.outcome_total(a, "killed") for a in nlp_fr(make_doc(nlp_fr, text, PUBLISHED, "records5fr"))._.attacks]

    assert 12 in tolls("Le 3 mai, des hommes armés ont attaqué les villages de Sido, Koro et Boni, faisant au total 12 morts.")
    assert tolls("Des jihadistes ont attaqué un poste à Boni lundi, tuant 3 soldats. Au total, 40 soldats ont été "
                 "tués dans la région cette année.") == [3]
