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


def candidate_pairs(reports: Sequence[AttackReport]) -> Iterator[tuple[int, int]]:
    """Index pairs (i < j) of reports that may be one event, each pair once."""
    cells: dict[tuple, list[int]] = defaultdict(list)
    admins: dict[tuple, list[int]] = defaultdict(list)
    actors: dict[tuple, list[int]] = defaultdict(list)
    regions: list[tuple[int, tuple, str]] = []
    unplaced: list[tuple[int, tuple, str]] = []
    unlocated: dict[tuple, list[int]] = defaultdict(list)  # named places without coordinates
    for i, r in enumerate(reports):
        country = r.country or "?"
        for week in _weeks(r):
            base = (country, week)
            if r.level is None:
                for actor in r.actors:
                    unplaced.append((i, base, actor))
                for hint in r.hints:  # a town named in the evidence: compared like a located report
                    cells[(base, (int(hint.lat // CELL_DEG), int(hint.lon // CELL_DEG)))].append(i)
                    for key in hint.admin_keys:
                        admins[(base, key)].append(i)
            elif r.level == 3:
                keys = r.region_keys | r.admin_keys if not r.country_only else {"*"}
                for key in keys:
                    regions.append((i, base, key))
            else:
                cell = _cell(r)
                if cell is None:
                    unlocated[(base, r.place_key)].append(i)
                else:
                    cells[(base, cell)].append(i)
            for key in r.admin_keys | ({r.place_key} if r.place_key else set()):
                admins[(base, key)].append(i)
            admins[(base, "*")].append(i)
            for actor in r.actors:
                actors[(base, actor)].append(i)
    seen: set[tuple[int, int]] = set()

    def emit(i: int, j: int) -> Iterator[tuple[int, int]]:
        if i != j:
            pair = (i, j) if i < j else (j, i)
            if pair not in seen:
                seen.add(pair)
                yield pair

    for (base, (cx, cy)), members in cells.items():
        neighbours: list[int] = []
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                neighbours.extend(cells.get((base, (cx + dx, cy + dy)), ()))
        for i in members:
            for j in neighbours:
                if i < j:
                    yield from emit(i, j)
    for members in unlocated.values():
        for n, i in enumerate(members):
            for j in members[n + 1:]:
                yield from emit(i, j)
    for i, base, key in regions:
        for j in admins.get((base, key), ()):
            yield from emit(i, j)
    for i, base, actor in unplaced:
        for j in actors.get((base, actor), ()):
            yield from emit(i, j)


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
