"""Grouping reports into events: best pairs first, and a group never holds two reports that conflict.

Single-link grouping alone chains: a district-level report matches two villages attacked the same day,
and the two villages end in one event. Here the candidate pairs that merge are taken best first (score,
then the reports' stable order, so reruns group identically), and two groups are joined only when every
pair across them is compatible (no vetoed slot, ``matching.compare``) and the dates of all members still
have a day in common. A group may also be *locked* (an event of an earlier run): two locked groups are
never joined, so no existing event disappears into another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

from sahel_ie.fusion.matching import Match, compare
from sahel_ie.fusion.reports import AttackReport


@dataclass
class Group:
    """Reports of one event while grouping (indices into the report list) and the joins that made it."""

    members: list[int]
    lo: int | None
    hi: int | None
    docs: set[str]
    locked_id: str | None = None
    joins: list[tuple[int, int, Match]] = field(default_factory=list)


def _intersect(a: tuple[int | None, int | None], b: tuple[int | None, int | None]) -> tuple[int | None, int | None]:
    lo = b[0] if a[0] is None else a[0] if b[0] is None else max(a[0], b[0])
    hi = b[1] if a[1] is None else a[1] if b[1] is None else min(a[1], b[1])
    return lo, hi


def group_reports(reports: Sequence[AttackReport], pairs: Iterable[tuple[int, int]],
                  locked: dict[int, str] | None = None, seeds: Sequence[Sequence[int]] = ()) -> list[Group]:
    """Groups of report indices. ``seeds`` are pre-made groups (earlier events) with ``locked`` ids."""
    locked = locked or {}
    group_of: list[int] = list(range(len(reports)))
    groups: dict[int, Group] = {}
    for i, r in enumerate(reports):
        groups[i] = Group([i], r.lo, r.hi, {r.member.doc_id}, locked.get(i))
    for seed in seeds:
        head = seed[0]
        for i in seed[1:]:
            g = groups.pop(i)
            groups[head].members.extend(g.members)
            groups[head].docs |= g.docs
            groups[head].lo, groups[head].hi = _intersect((groups[head].lo, groups[head].hi), (g.lo, g.hi))
            group_of[i] = head
    seeded = {i for seed in seeds for i in seed}

    # Only the pairs that merge are kept; the cross-pair checks of a join are recomputed when needed
    # (they are few: only pairs of groups about to join), so memory stays linear in the reports.
    edges: list[tuple[float, tuple, tuple, int, int, Match]] = []
    for i, j in pairs:
        if i in seeded and j in seeded:
            continue  # earlier events are kept as they were
        match = compare(reports[i], reports[j])
        if match.merges:
            edges.append((-match.score, reports[i].order, reports[j].order, i, j, match))
    edges.sort(key=lambda edge: edge[:5])

    @lru_cache(maxsize=65_536)
    def conflict(i: int, j: int) -> bool:
        return compare(reports[i], reports[j]).conflict is not None

    for _, _, _, i, j, match in edges:
        gi, gj = group_of[i], group_of[j]
        if gi == gj:
            continue
        a, b = groups[gi], groups[gj]
        if a.locked_id and b.locked_id:
            continue
        if a.docs & b.docs:
            continue
        lo, hi = _intersect((a.lo, a.hi), (b.lo, b.hi))
        if lo is not None and hi is not None and lo > hi:
            continue
        if any(conflict(min(x, y), max(x, y)) for x in a.members for y in b.members):
            continue
        keep, gone = (gi, gj) if (a.locked_id or not b.locked_id) and (a.locked_id or len(a.members) >= len(b.members)) else (gj, gi)
        target, source = groups[keep], groups.pop(gone)
        target.members.extend(source.members)
        target.docs |= source.docs
        target.lo, target.hi = lo, hi
        target.locked_id = target.locked_id or source.locked_id
        target.joins.extend(source.joins)
        target.joins.append((i, j, match))
        for index in source.members:
            group_of[index] = keep
    return list(groups.values())
