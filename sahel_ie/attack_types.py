"""The contract's attack types in the vocabularies of ACLED and the GTD, for users who code with them.

The mapping is data (``models/lexicons/attack_type_map.json``, explained in ``docs/attack_types.md``).
ACLED sorts direct attacks by who was attacked rather than how, so the ACLED pair of an assault depends
on its targets: an assault on civilians is "Violence against civilians / Attack", one on an armed party a
battle. Remote violence (bombs, shelling, air and drone strikes) keeps its kind whatever the target.
"""

from __future__ import annotations

from functools import lru_cache

from sahel_ie.records import ATTACK_TYPES, Attack
from sahel_ie.resources import read_json


@lru_cache(maxsize=1)
def _table() -> dict:
    data = read_json("lexicons/attack_type_map.json")
    missing = set(ATTACK_TYPES) - set(data["types"])
    if missing:
        raise ValueError(f"attack type map: no entry for {sorted(missing)}")
    return data


def _civilian_only(attack: Attack) -> bool:
    """Targets (or, without targets, the victims) are civilians and no armed party."""
    categories = {t.category for t in attack.targets if t.category != "unknown"}
    if not categories:
        categories = {"civilians" if c.group == "civilians" else "armed" for c in attack.casualties
                      if c.group not in ("unspecified", "assailants")}
    return categories == {"civilians"}


def acled_event(attack: Attack) -> tuple[str, str]:
    """ACLED's (event type, sub-event type) for an attack record."""
    entry = _table()["types"].get(attack.attack_type, _table()["types"]["unknown"])["acled"]
    if attack.attack_type == "bombing" and "suicide" in (attack.text or "").lower():
        return tuple(_table()["suicide_bombing"]["acled"])  # type: ignore[return-value]
    if "civilians" in entry and _civilian_only(attack):
        return tuple(entry["civilians"])  # type: ignore[return-value]
    categories = {t.category for t in attack.targets}
    if "infrastructure" in entry and categories == {"infrastructure"}:
        return tuple(entry["infrastructure"])  # type: ignore[return-value]
    return tuple(entry["default"])  # type: ignore[return-value]


def gtd_attack_type(attack_type: str) -> str:
    """The GTD attack type of a contract attack type."""
    return _table()["types"].get(attack_type, _table()["types"]["unknown"])["gtd"]
