"""Whether two attack reports tell the same attack: slot by slot, with vetoes, as a coder would judge.

Each slot either *conflicts* (the pair can never be one event, whatever else agrees), or agrees with a
named strength (``events.MATCH_SLOTS``), or says nothing. A pair merges when no slot conflicts and the
agreements add up to ``MERGE_SCORE`` (more when the place is unknown on one side: then only the other
slots speak for the match). The vetoes:

* date: the days the two dates allow (``reports.date_interval``, plus a day of slack between day-precise
  dates) do not overlap, or one report has neither a date nor a publication day;
* place: different countries; two different towns or villages (more than ``SAME_PLACE_KM`` apart); a
  place "near" a town more than ``NEAR_KM`` from the other; a town outside the other's region; two
  places without coordinates under different names. Points are never merged beyond ``NEAR_KM``, so no
  event spans more than that between located members;
* perpetrator: two unrelated actors that both reports name firmly (stated or claimed). An attributed or
  suspected actor that differs is a competing attribution, kept on the event, not a veto;
* attack type: an air or drone strike against a ground attack;
* the same article: its records are distinct attacks by the extractor's own judgement.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from sahel_ie.fusion.reports import AttackReport

SAME_PLACE_KM = 2.0
NEAR_KM = 30.0
MERGE_SCORE = 4.0
MERGE_SCORE_PLACE_UNKNOWN = 5.0
GROUND_FAMILY = frozenset({"armed_assault", "ambush", "raid", "bombing", "shelling", "abduction", "arson"})


@dataclass(frozen=True)
class Match:
    """The verdict on a pair: ``conflict`` names the vetoing slot, else ``matched`` and ``score``."""

    score: float
    matched: tuple[str, ...]
    conflict: str | None = None

    @property
    def merges(self) -> bool:
        return self.conflict is None and self.score >= self.threshold

    @property
    def threshold(self) -> float:
        return MERGE_SCORE_PLACE_UNKNOWN if "place~unknown" in self.matched else MERGE_SCORE


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(h)))


def dates_overlap(a: AttackReport, b: AttackReport) -> bool:
    """Whether the days the two dates allow overlap (an undated report without publication allows any)."""
    if a.lo is None or b.lo is None:
        return True
    return a.lo <= b.hi and b.lo <= a.hi  # type: ignore[operator]


def match_date(a: AttackReport, b: AttackReport) -> tuple[str | None, float, bool]:
    """(slot, score, conflict). A report with neither a date nor a publication day cannot be placed in
    time: nothing says it overlaps the other, so it never merges."""
    if a.lo is None or b.lo is None:
        return None, 0.0, True
    if not dates_overlap(a, b):
        return None, 0.0, True
    if a.day_precise and b.day_precise and a.own_lo == b.own_lo:
        return "date", 2.0, False
    if a.day_precise and b.day_precise:
        return "date~overlap", 1.5, False
    # an undated follow-up overlaps ten days: it speaks less for the match than a stated month or week
    width = max(a.hi - a.lo, b.hi - b.lo)  # type: ignore[operator]
    return "date~overlap", 1.0 if width <= 10 else 0.5, False


def _region_contains(region: AttackReport, other: AttackReport) -> bool:
    if region.country_only:
        return True
    return bool(region.region_keys & (other.admin_keys | ({other.place_key} if other.place_key else set()))) \
        or bool(region.admin_keys & other.admin_keys and other.level != 3)


def _match_hints(unplaced: AttackReport, other: AttackReport) -> tuple[str | None, float, bool]:
    """A record without a place against another: the towns its evidence names may speak for a match."""
    for hint in unplaced.hints:
        if other.level is None:
            if any(h.place_id == hint.place_id for h in other.hints):
                return "place~evidence", 2.0, False
        elif other.level == 3:
            if other.country_only or other.region_keys & hint.admin_keys:
                return "place~evidence", 1.0, False
        elif hint.place_id == other.place_id or (
                other.lat is not None and km(hint.lat, hint.lon, other.lat, other.lon) <= SAME_PLACE_KM):
            return "place~evidence", 2.0, False
    return "place~unknown", 0.0, False


def match_place(a: AttackReport, b: AttackReport) -> tuple[str | None, float, bool]:
    if a.country and b.country and a.country != b.country:
        return None, 0.0, True
    if a.level is None or b.level is None:
        return _match_hints(a, b) if a.level is None else _match_hints(b, a)
    if (a.place_id and a.place_id == b.place_id) or (a.place_key and a.place_key == b.place_key):
        return "place", 3.0 if max(a.level, b.level) < 3 else 1.5, False
    if a.level == 3 or b.level == 3:
        if a.level == 3 and b.level == 3:
            if a.country_only or b.country_only:
                return "place~region", 0.5, False
            return (None, 0.0, True) if not (a.region_keys & b.region_keys) else ("place~region", 1.0, False)
        region, other = (a, b) if a.level == 3 else (b, a)
        if _region_contains(region, other):
            return "place~region", 0.5 if region.country_only else 1.0, False
        return None, 0.0, True
    if a.lat is None or b.lat is None:
        return None, 0.0, True  # two named places that cannot be compared are not the same place
    distance = km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
    if a.level == 1 and b.level == 1:
        return ("place", 3.0, False) if distance <= SAME_PLACE_KM else (None, 0.0, True)
    if distance <= NEAR_KM:
        return "place~near", 2.0, False
    return None, 0.0, True


@lru_cache(maxsize=1)
def _kb():
    from sahel_ie.kb.actors import default_kb

    return default_kb()


@lru_cache(maxsize=65_536)
def actor_relation(a: str, b: str) -> str | None:
    """How two KB actors relate: "perpetrator" (same), "~parent", "~lineage", "~affiliate" or None."""
    if a == b:
        return "perpetrator"
    kb = _kb()

    def ancestors(actor_id: str) -> set[str]:
        seen, todo = set(), [actor_id]
        while todo:
            actor = kb.get(todo.pop())
            if actor is None:
                continue
            for parent in actor.parents:
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen

    if a in ancestors(b) or b in ancestors(a):
        return "perpetrator~parent"

    def lineage(actor_id: str) -> set[str]:
        seen, todo = {actor_id}, [actor_id]
        while todo:
            actor = kb.get(todo.pop())
            if actor is None:
                continue
            for other in (*actor.predecessors, *([actor.successor] if actor.successor else [])):
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        return seen

    if b in lineage(a):
        return "perpetrator~lineage"
    actor_a, actor_b = kb.get(a), kb.get(b)
    if actor_a is not None and actor_b is not None and (a in actor_b.affiliations or b in actor_a.affiliations):
        return "perpetrator~affiliate"
    return None


PERPETRATOR_SCORES = {
    "perpetrator": 2.0, "perpetrator~parent": 1.5, "perpetrator~lineage": 1.5, "perpetrator~affiliate": 0.5,
}


def match_perpetrator(a: AttackReport, b: AttackReport) -> tuple[str | None, float, bool]:
    if a.actor_id is None or b.actor_id is None:
        # unknown vs any; an actor the other names only through a claim or attribution still counts
        if a.actors & b.actors:
            return "perpetrator", 1.0, False
        return "perpetrator~unknown", 0.0, False
    relation = actor_relation(a.actor_id, b.actor_id)
    if relation is not None:
        return relation, PERPETRATOR_SCORES[relation], False
    if a.firm and b.firm:
        return None, 0.0, True
    return "perpetrator~competing", 0.0, False


def _aerial(attack_type: str) -> bool:
    return "air" in attack_type or "drone" in attack_type


def match_type(a: AttackReport, b: AttackReport) -> tuple[str | None, float, bool]:
    if a.attack_type == "unknown" or b.attack_type == "unknown":
        return None, 0.0, False
    if a.attack_type == b.attack_type:
        return "attack_type", 1.0, False
    if _aerial(a.attack_type) != _aerial(b.attack_type):
        return None, 0.0, True
    return "attack_type~compatible", 0.0, False


def _close(x: int, y: int) -> bool:
    return abs(x - y) <= max(2, 0.25 * max(x, y))


def match_casualties(a: AttackReport, b: AttackReport) -> tuple[str | None, float, bool]:
    for outcome, count in a.figures:
        for other_outcome, other in b.figures:
            if outcome == other_outcome and _close(count, other):
                return "casualties", 1.0, False
    return None, 0.0, False


def match_targets(a: AttackReport, b: AttackReport) -> tuple[str | None, float, bool]:
    return ("targets", 0.5, False) if a.targets & b.targets else (None, 0.0, False)


SLOT_MATCHERS = (
    ("date", match_date), ("place", match_place), ("perpetrator", match_perpetrator),
    ("attack_type", match_type), ("casualties", match_casualties), ("targets", match_targets),
)


def compare(a: AttackReport, b: AttackReport) -> Match:
    """The verdict on one pair of reports."""
    if a.member.doc_id == b.member.doc_id:
        return Match(0.0, (), "same_article")
    matched: list[str] = []
    score = 0.0
    for name, matcher in SLOT_MATCHERS:
        slot, points, conflict = matcher(a, b)
        if conflict:
            return Match(0.0, tuple(matched), name)
        if slot is not None:
            matched.append(slot)
            score += points
    return Match(round(score, 3), tuple(matched))
