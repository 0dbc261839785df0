"""Trigger detection on sentences written for these tests, through the real pipeline."""

from __future__ import annotations

import pytest

from sahel_ie.parsing.triggers import TriggerLexicon, load_lexicon
from sahel_ie.extraction import make_doc
from sahel_ie.records import ATTACK_TYPES


def triggers(nlp, text: str) -> list[tuple[str, str, str]]:
    doc = nlp(make_doc(nlp, text, "2024-03-16", "t"))
    return [(t.text, t._.attack_type, t.label_) for t in doc._.attack_triggers]


def test_lexicon_uses_only_contract_types():
    lexicon = load_lexicon()
    assert set(lexicon.types.values()) <= set(ATTACK_TYPES)
    assert lexicon.types["ambushed"] == "ambush"
    assert "killed" in lexicon.weak


def test_lexicon_rejects_unknown_type():
    with pytest.raises(ValueError):
        TriggerLexicon.from_dict({"triggers": [{"forms": ["hit"], "type": "battle"}]})


@pytest.mark.parametrize(
    "text, word, attack_type",
    [
        ("Fighters ambushed a patrol outside Gossi.", "ambushed", "ambush"),
        ("Insurgents stormed the barracks before dawn.", "stormed", "raid"),
        ("Rebels overran the outpost at Tessalit.", "overran", "raid"),
        ("A roadside bomb hit a bus near Boni.", "roadside bomb", "bombing"),
        ("The convoy struck an improvised explosive device.", "improvised explosive device", "bombing"),
        ("A suicide car bomb exploded at the gate of the camp.", "suicide car bomb", "bombing"),
        ("Mortar fire fell on the base in Kidal.", "Mortar fire", "shelling"),
        ("A drone strike hit a market in the north.", "drone strike", "airstrike"),
        ("Armed men kidnapped two teachers in the village.", "kidnapped", "abduction"),
        ("Gunmen took hostage a group of traders.", "took hostage", "abduction"),
        ("The attackers torched the granaries of the village.", "torched", "arson"),
        ("Survivors described the massacre of herders at the well.", "massacre", "armed_assault"),
    ],
)
def test_trigger_types(nlp, text, word, attack_type):
    found = triggers(nlp, text)
    assert (word, attack_type) in [(w, t) for w, t, _ in found]


def test_longest_phrase_wins(nlp):
    found = triggers(nlp, "A suicide car bomb exploded near the mayor's office.")
    words = [w for w, _, _ in found]
    assert "suicide car bomb" in words and "bomb" not in words


def test_heart_attack_is_not_a_trigger(nlp):
    assert triggers(nlp, "The governor died of a heart attack last year.") == []


def test_weak_and_anaphoric_labels(nlp):
    found = triggers(nlp, "The attack left nine people dead and gunmen killed a guard.")
    labels = {w: label for w, _, label in found}
    assert labels["attack"] == "ANAPHOR"
    assert labels["killed"] == "WEAK"


def test_array_based_noun_tests_agree_with_the_token_based_ones(nlp):
    """``attack_arguments`` re-implements the noun-trigger tests on the parse table's arrays for speed; on
    every noun trigger of the fixture corpus they must answer as ``attack_triggers`` does."""
    from pathlib import Path

    from sahel_ie.parsing import attack_arguments as args
    from sahel_ie.parsing.triggers import is_anaphoric, is_distinct, is_plural, is_verbal

    corpus = Path(__file__).resolve().parent.parent / "corpus"
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*.txt"))]
    texts.append("Another attack hit the town. The prior raid, a separate ambush and their assaults were told "
                 "before; the same massacre and these attacks too.")
    lexicon = load_lexicon()
    checked = 0
    for doc in nlp.pipe(make_doc(nlp, text, "2024-03-16", f"t{i}") for i, text in enumerate(texts)):
        parse = args.ArgumentParse(doc)
        for trigger in doc._.attack_triggers:
            if is_verbal(trigger):
                continue
            checked += 1
            assert args.noun_is_plural(parse, trigger, lexicon.plural) == is_plural(trigger, lexicon), trigger.sent
            assert args.noun_is_anaphoric(parse, trigger) == is_anaphoric(trigger), trigger.sent
            assert args.noun_is_distinct(parse, trigger) == is_distinct(trigger), trigger.sent
    assert checked > 100
