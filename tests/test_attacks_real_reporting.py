"""Attack records on the shapes of real wire copy: background events, statistics, repeated tolls,
passive agents and statement phrasing. Every sentence here was written for these tests."""

from __future__ import annotations

from sahel_ie.extraction import make_doc

PUBLISHED = "2021-06-15"  # a Tuesday


def attacks(nlp, text: str, published: str | None = PUBLISHED):
    return nlp(make_doc(nlp, text, published, "real"))._.attacks


def killed(attack) -> list[int | None]:
    return [c.count for c in attack.casualties if c.outcome == "killed"]


def test_background_event_with_its_own_month_and_year_never_merges(nlp):
    text = ("Nine gendarmes were killed on Monday when gunmen attacked their post in Tin-Akoff, officials said.\n\n"
            "The bloodiest raid on the gendarmerie so far killed 20 officers at Inata in November 2018.")
    found = attacks(nlp, text)
    news = next(a for a in found if a.date.value == "2021-06-14")
    assert news.location.name == "Tin-Akoff"
    assert killed(news) == [9]
    for other in found:
        if other is not news:
            assert other.date.value is None or other.date.value.startswith("2018")


def test_background_without_town_and_toll_is_dropped(nlp):
    text = ("Gunmen attacked a military post in Tin-Akoff on Monday, killing five soldiers, the army said.\n\n"
            "The insurgency began in the region in March 2015, when militants attacked a border post.")
    found = attacks(nlp, text)
    assert len(found) == 1
    assert found[0].date.value == "2021-06-14"


def test_toll_counted_since_a_year_is_a_statistic(nlp):
    text = ("Gunmen killed seven villagers in Tin-Akoff on Monday, a local official said. "
            "The militants are thought to be behind some 800 deaths since 2017.")
    a = attacks(nlp, text)[0]
    assert killed(a) == [7]


def test_toll_spread_over_regions_and_a_period_is_a_statistic(nlp):
    text = ("Gunmen killed seven villagers in Tin-Akoff on Monday, a local official said.\n\n"
            "Over a 48-hour period, 40 people were killed in three regions of the country.")
    a = attacks(nlp, text)[0]
    assert killed(a) == [7]


def test_toll_of_already_told_villages_still_counts(nlp):
    text = ("Gunmen attacked the villages of Tin-Akoff, Markoye and Gorom-Gorom on Monday. "
            "Officials said 30 civilians were killed in the three villages.")
    found = attacks(nlp, text)
    assert found and all(30 in killed(a) for a in found)


def test_same_figure_told_twice_is_one_casualty(nlp):
    text = ("Gunmen attacked an army post in Tin-Akoff on Monday, and at least eight soldiers were killed, "
            "the army said.\n\n"
            "\"At least eight soldiers were killed and the post was set ablaze,\" the army statement read.")
    a = attacks(nlp, text)[0]
    assert killed(a) == [8]


def test_different_figures_are_both_kept(nlp):
    text = ("Gunmen attacked an army post in Tin-Akoff on Monday, killing at least eight soldiers.\n\n"
            "A local source said later that 11 soldiers had been killed in the attack.")
    a = attacks(nlp, text)[0]
    assert sorted(killed(a)) == [8, 11]


def test_toll_dated_last_week_is_not_this_weeks_attack(nlp):
    text = ("At least six soldiers were killed on Monday when gunmen attacked a patrol near Tin-Akoff, "
            "security sources said.\n\n"
            "Last week at least nine herders were killed in the same area.")
    found = attacks(nlp, text)
    news = next(a for a in found if a.date.value == "2021-06-14")
    assert 9 not in killed(news)


def test_passive_agent_shared_by_conjoined_outcomes_and_targeting_trigger(nlp):
    text = ("Nine gendarmes were killed and about a dozen wounded by militants targeting a police post in "
            "northern Burkina Faso, the ministry said.\n\n"
            "The attack on the post in Tin-Akoff happened on Monday, a spokesman said.")
    found = attacks(nlp, text)
    assert len(found) == 1
    a = found[0]
    assert a.perpetrator.text == "militants" and a.perpetrator.kind == "unknown"
    assert killed(a) == [9]
    assert [c.count for c in a.casualties if c.outcome == "injured"] == [12]
    assert a.location.name == "Tin-Akoff"
    assert a.date.value == "2021-06-14"


def test_agent_of_a_clause_with_its_own_subject_is_not_the_attacker(nlp):
    text = ("Twenty villagers were killed, and ten survivors were found by the army in the bush near "
            "Tin-Akoff on Monday.")
    for a in attacks(nlp, text):
        assert a.perpetrator.text is None or "army" not in a.perpetrator.text


def test_attack_blamed_on_a_description_is_a_suspected_generic_perpetrator(nlp):
    text = ("At least five soldiers were killed Monday in an attack blamed on jihadists in northern "
            "Burkina Faso, security sources said.\n\n"
            "The terrorists targeted an army post between Markoye and Gorom-Gorom, one source said.")
    found = attacks(nlp, text)
    assert len(found) == 1
    a = found[0]
    assert a.perpetrator.text == "jihadists"
    assert a.perpetrator.actor_id is None and a.perpetrator.kind == "unknown"
    assert a.perpetrator.certainty == "suspected"
    assert a.location.relation == "between" and a.location.name == "Markoye"
    assert killed(a) == [5]


def test_was_the_target_of_an_attack_gives_target_and_department_place(nlp):
    text = ("On Monday the gendarmerie post of the Koutougou department in Soum province was the target "
            "of a heavy attack by armed terrorist groups, the army said.")
    a = attacks(nlp, text)[0]
    assert a.location.name == "Koutougou" and a.location.country == "BF"
    assert a.targets and a.targets[0].text.endswith("post")
    assert a.date.value == "2021-06-14"
