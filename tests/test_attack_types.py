"""The ACLED / GTD mapping of the contract's attack types (``sahel_ie.attack_types``)."""

from __future__ import annotations

import pytest

from sahel_ie.attack_types import acled_event, gtd_attack_type
from sahel_ie.records import ATTACK_TYPES, Attack, Casualty, Target


def test_every_type_is_mapped():
    for attack_type in ATTACK_TYPES:
        assert acled_event(Attack(id="a", attack_type=attack_type))[0]
        assert gtd_attack_type(attack_type)


@pytest.mark.parametrize("attack, event", [
    (Attack(id="a", attack_type="raid", targets=[Target(text="village", category="civilians")]),
     ("Violence against civilians", "Attack")),
    (Attack(id="a", attack_type="ambush", targets=[Target(text="patrol", category="military")]),
     ("Battles", "Armed clash")),
    (Attack(id="a", attack_type="armed_assault", casualties=[Casualty(outcome="killed", group="civilians", count=3)]),
     ("Violence against civilians", "Attack")),
    (Attack(id="a", attack_type="airstrike", targets=[Target(text="wedding", category="civilians")]),
     ("Explosions/Remote violence", "Air/drone strike")),
    (Attack(id="a", attack_type="bombing", text="suicide bomber"), ("Explosions/Remote violence", "Suicide bomb")),
    (Attack(id="a", attack_type="abduction"), ("Violence against civilians", "Abduction/forced disappearance")),
])
def test_acled_event_reads_type_and_targets(attack, event):
    assert acled_event(attack) == event


def test_gtd_types():
    assert gtd_attack_type("airstrike") == "Bombing/Explosion"
    assert gtd_attack_type("abduction") == "Hostage Taking (Kidnapping)"
    assert gtd_attack_type("ambush") == "Armed Assault"
