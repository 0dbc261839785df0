"""Candidate pairs without comparing everything with everything: blocks by country, week and area.

A report is only ever compared with reports of the same country whose dates can overlap and whose
places can be the same: a week bucket for each week its date interval (with slack) touches, and in it

* a located town/village report (level 1-2) in a grid cell of ``CELL_DEG`` degrees (about 55 km, more
  than ``matching.NEAR_KM``), compared with the reports of its own and the eight neighbouring cells;
* a region-level report under each admin name it covers, compared with every report carrying that
  admin name;
* a report with no place under each actor it names: with no place, only a shared actor can speak for a
  match (``matching.MERGE_SCORE_PLACE_UNKNOWN``), so reports that share none are never compared.

Pairs are generated once (ordered by index) however many buckets they share. Work grows with the number
of reports times the reports of one country-week-area, not with the square of the input.

``segments`` cuts the reports into groups with no candidate pair between them (other country, or dates
that cannot reach): fusion can run on each alone, which is what the Dask runner distributes.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Iterator, Sequence

from sahel_ie.fusion.reports import AttackReport

CELL_DEG = 0.5
UNDATED = -1  # the bucket of reports with no date and no publication day


def _weeks(report: AttackReport) -> list[int]:
    if report.lo is None:
        return [UNDATED]
    # Monday-based week numbers from ordinals: consecutive, cheap, and the same on every run
    first, last = (report.lo - 1) // 7, (report.hi - 1) // 7  # type: ignore[operator]
    return list(range(first, last + 1))


def _cell(report: AttackReport) -> tuple[int, int] | None:
    if report.lat is None or report.lon is None:
        return None
    return int(report.lat // CELL_DEG), int(report.lon // CELL_DEG)


def _keys(r: AttackReport) -> tuple[list[tuple], list[tuple]]:
    """(index keys, probe keys) of one report, per week: a pair is a candidate when one report's probe
    key is the other's index key. Every rule is symmetric, so each pair is found from both sides and
    kept from the lower index only."""
    index: list[tuple] = []
    probe: list[tuple] = []
    points: list[tuple[int, int]] = []
    if r.level in (1, 2):
        cell = _cell(r)
        if cell is not None:
            points.append(cell)
    points.extend((int(h.lat // CELL_DEG), int(h.lon // CELL_DEG)) for h in r.hints)
    own_admin = set(r.admin_keys) | ({r.place_key} if r.place_key and r.level != 3 else set())
    for h in r.hints:
        own_admin |= h.admin_keys
    for week in _weeks(r):
        base = (r.country or "?", week)
        index.append(("all",) + base)
        probe.append(("region",) + base + ("*",))  # a country-level report is compatible with all
        for cx, cy in points:
            index.append(("cell",) + base + (cx, cy))
            probe.extend(("cell",) + base + (cx + dx, cy + dy) for dx in (-1, 0, 1) for dy in (-1, 0, 1))
        if r.level in (1, 2) and _cell(r) is None and r.place_key:
            index.append(("name",) + base + (r.place_key,))
            probe.append(("name",) + base + (r.place_key,))
        if r.level == 3:
            if r.country_only:
                index.append(("region",) + base + ("*",))
                probe.append(("all",) + base)
            else:
                for key in r.region_keys | r.admin_keys:
                    index.append(("region",) + base + (key,))
                    probe.append(("admin",) + base + (key,))
                    probe.append(("region",) + base + (key,))
        if r.level != 3:
            for key in own_admin:
                index.append(("admin",) + base + (key,))
                probe.append(("region",) + base + (key,))
        for actor in r.actors:
            if r.level is None:
                index.append(("unplaced",) + base + (actor,))
                probe.append(("actor",) + base + (actor,))
            index.append(("actor",) + base + (actor,))
            probe.append(("unplaced",) + base + (actor,))
    return index, probe


def candidate_pairs(reports: Sequence[AttackReport]) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) of reports that may be one event, each pair once.

    Memory is the bucket lists (each report in a few buckets) and one report's neighbours at a time.
    """
    buckets: dict[tuple, list[int]] = defaultdict(list)
    probes: list[list[tuple]] = []
    for i, r in enumerate(reports):
        index, probe = _keys(r)
        for key in set(index):
            buckets[key].append(i)
        probes.append(sorted(set(probe)))
    for i, keys in enumerate(probes):
        found: set[int] = set()
        for key in keys:
            members = buckets.get(key)
            if members:
                found.update(members)
        for j in sorted(found):
            if j > i:
                yield i, j
    # (a pair is found from the side whose probe hits the other's index; the rules are symmetric)


def segments(reports: Sequence[AttackReport]) -> list[list[int]]:
    """Groups of report indices with no possible pair across groups, in a stable order.

    Per country, reports are swept by the first day their date allows; a new group starts where no
    earlier report's interval reaches. Undated reports of a country form one group of their own.
    """
    by_country: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        by_country[r.country or "?"].append(i)
    out: list[list[int]] = []
    for country in sorted(by_country):
        indices = by_country[country]
        undated = [i for i in indices if reports[i].lo is None]
        dated = sorted((i for i in indices if reports[i].lo is not None), key=lambda i: (reports[i].lo, i))
        current: list[int] = []
        reach = None
        for i in dated:
            r = reports[i]
            if current and r.lo > reach:  # type: ignore[operator]
                out.append(current)
                current = []
                reach = None
            current.append(i)
            reach = r.hi if reach is None else max(reach, r.hi)  # type: ignore[type-var]
        if current:
            out.append(current)
        if undated:
            out.append(undated)
    return out


def week_label(ordinal_week: int) -> str:
    """A readable label for a week bucket (its Monday), for diagnostics."""
    if ordinal_week == UNDATED:
        return "undated"
    return dt.date.fromordinal(ordinal_week * 7 + 1).isoformat()
