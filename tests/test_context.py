"""ConText-style modifiers on attack triggers: cues as data, scopes, terminators, sentence rules."""

from __future__ import annotations

import pytest

from sahel_ie.components.context import ContextModifier, ContextRule
from sahel_ie.parsing.modifiers import categories
from sahel_ie.extraction import make_doc


def mods(nlp, text: str, word: str, published: str = "2024-03-16") -> set[str]:
    doc = nlp(make_doc(nlp, text, published, "t"))
    for trigger in doc._.attack_triggers:
        if trigger.text == word:
            return categories(trigger)
    raise AssertionError(f"no trigger {word!r} in {[t.text for t in doc._.attack_triggers]}")


@pytest.mark.parametrize(
    "text, word, category",
    [
        ("No attack was reported in Ménaka on Sunday.", "attack", "NEGATED"),
        ("The militants did not attack the town.", "attack", "NEGATED"),
        ("Officials said the fighters could attack the convoy.", "attack", "HYPOTHETICAL"),
        ("The group threatened to attack polling stations.", "attack", "THREAT"),
        ("The army foiled a planned bombing in the capital.", "bombing", "NEGATED"),
        ("More than 1,800 attacks killed 4,600 people between January and July.", "attacks", "AGGREGATE"),
        ("JNIM regularly attacks army posts in the centre of the country.", "attacks", "GENERIC"),
        ("The group is intensifying attacks in Mali and Niger.", "attacks", "GENERIC"),
        ("In 2013 the rebels attacked the garrison of Konna.", "attacked", "HISTORICAL"),
        ("Suspected jihadists ambushed a patrol near Gao.", "ambushed", "SUSPECTED"),
        ("The movement claimed the ambush near Gao.", "ambush", "CLAIMED"),
    ],
)
def test_categories(nlp, text, word, category):
    assert category in mods(nlp, text, word)


def test_termination_cue_ends_scope(nlp):
    # "could" belongs to the first clause; "but" closes its scope before the actual attack.
    found = mods(nlp, "Officials feared the town could fall, but on Sunday gunmen attacked the market.", "attacked")
    assert "HYPOTHETICAL" not in found


def test_specific_day_is_not_history(nlp):
    found = mods(nlp, "On 16 December 2016 fighters attacked the camp at Nassoumbou.", "attacked",
                 published="2024-03-16")
    assert "HISTORICAL" not in found


def test_plain_report_has_no_blocking_modifier(nlp):
    found = mods(nlp, "Gunmen attacked a police station in Mopti on Friday.", "attacked")
    assert not found & {"NEGATED", "HYPOTHETICAL", "THREAT", "AGGREGATE", "GENERIC", "HISTORICAL"}


def test_rules_load_from_dict(nlp):
    component = ContextModifier.from_dict(nlp, {"rules": [
        {"literal": "rumoured", "category": "HYPOTHETICAL", "direction": "forward", "max_scope": 3},
        {"literal": "but", "category": "TERMINATE", "direction": "terminate", "max_scope": 0},
    ]})
    assert [r.literal for r in component.rules] == ["rumoured", "but"]


def test_rule_validation():
    with pytest.raises(ValueError):
        ContextRule.from_dict({"literal": "x", "category": "NEGATED", "direction": "sideways"})
    with pytest.raises(ValueError):
        ContextRule.from_dict({"literal": "x", "category": "MAYBE", "direction": "forward"})
    with pytest.raises(ValueError):
        ContextRule.from_dict({"category": "NEGATED", "direction": "forward"})


def test_month_and_year_date_an_event_not_background(nlp):
    found = mods(nlp, "Soldiers executed at least 500 people in the town of Moura in March 2022.", "executed",
                 published="2023-05-12")
    assert "HISTORICAL" not in found
    found = mods(nlp, "In 2012 rebels overran the garrison of Aguelhok.", "overran", published="2023-05-12")
    assert "HISTORICAL" in found
