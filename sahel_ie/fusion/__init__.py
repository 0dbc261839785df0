"""Fusing attack records across articles into events (``sahel_ie.events.Event``).

::

    events = sahel_ie.fuse(extractions)                 # Extractions, their dicts, or JSONL paths
    result = fuse_into(new_extractions, old_events)     # keeps old event ids, says which changed

The steps, one module each: ``reports`` (one comparable report per attack record), ``blocking``
(candidate pairs by country, week and area; independent segments), ``matching`` (slot-by-slot verdict
with vetoes), ``cluster`` (best pairs first, never a conflict inside an event), ``consolidate`` (the
event's values and provenance). ``distributed`` runs the segments on Dask; ``cli`` is ``sahel-ie fuse``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator, Sequence

from sahel_ie.events import Event
from sahel_ie.fusion.blocking import candidate_pairs, segments
from sahel_ie.fusion.cluster import group_reports
from sahel_ie.fusion.consolidate import build_event
from sahel_ie.fusion.reports import AttackReport, report_from_member, reports_of
from sahel_ie.records import Extraction

ExtractionLike = Extraction | dict | str | Path


def iter_extractions(items: Iterable[ExtractionLike] | ExtractionLike) -> Iterator[Extraction]:
    """Extractions from objects, dicts or JSONL files (batch output, or a Dask output folder of parts).

    Lines that do not parse and error entries without attacks are skipped: fusion reads what the batch
    wrote, and a failed article simply contributes no report.
    """
    if isinstance(items, (str, Path, Extraction, dict)):
        items = [items]
    for item in items:
        if isinstance(item, Extraction):
            yield item
        elif isinstance(item, dict):
            yield Extraction.from_dict(item)
        else:
            path = Path(item)
            files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
            for file in files:
                with open(file, encoding="utf-8") as handle:
                    for line in handle:
                        if not line.strip():
                            continue
                        try:
                            yield Extraction.from_dict(json.loads(line))
                        except (ValueError, TypeError, KeyError, AttributeError):  # JSONDecodeError is a ValueError
                            continue


def fuse_reports(reports: Sequence[AttackReport], locked: dict[int, str] | None = None,
                 seeds: Sequence[Sequence[int]] = ()) -> list[Event]:
    """Events from comparable reports (one block or all of them), in a stable order."""
    groups = group_reports(reports, candidate_pairs(reports), locked=locked, seeds=seeds)
    events = [build_event(g, reports) for g in groups]
    return sort_events(events)


def sort_events(events: list[Event]) -> list[Event]:
    """By date, country, place and id: the order a reader of the output expects, the same on every run."""
    return sorted(events, key=lambda e: (e.date.value or "9999", e.location.country or "", e.location.name or "",
                                         e.event_id))


def fuse(extractions: Iterable[ExtractionLike] | ExtractionLike) -> list[Event]:
    """One ``Event`` per real attack from the attack records of many articles.

    Records are grouped by segment (``blocking.segments``), so memory and time grow with the input and
    with the size of one country's overlapping weeks, not with the square of the input.
    """
    reports = reports_of(iter_extractions(extractions))
    events: list[Event] = []
    for block, _, _ in blocks(reports):
        events.extend(fuse_reports([reports[i] for i in block]))
    return sort_events(events)


@dataclass
class FusionResult:
    """The events after an incremental run, and what changed: new events and grown ones (by id)."""

    events: list[Event]
    new: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: int = 0
    added_reports: int = 0

    def summary(self) -> dict[str, Any]:
        return {"events": len(self.events), "new": len(self.new), "changed": len(self.changed),
                "unchanged": self.unchanged, "added_reports": self.added_reports}


def read_events(path: str | Path) -> list[Event]:
    """Events from a JSONL file written by ``sahel-ie fuse``."""
    with open(path, encoding="utf-8") as handle:
        return [Event.from_dict(json.loads(line)) for line in handle if line.strip()]


def _join_seeded(parts: list[list[int]], seeds: Sequence[Sequence[int]]) -> list[list[int]]:
    """Segments joined where one earlier event has members in several (an event is never cut)."""
    where = {i: n for n, part in enumerate(parts) for i in part}
    parent = list(range(len(parts)))

    def root(n: int) -> int:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    for seed in seeds:
        for i in seed[1:]:
            a, b = root(where[seed[0]]), root(where[i])
            if a != b:
                parent[max(a, b)] = min(a, b)
    joined: dict[int, list[int]] = {}
    for n, part in enumerate(parts):
        joined.setdefault(root(n), []).extend(part)
    return list(joined.values())


def blocks(reports: Sequence[AttackReport], locked: dict[int, str] | None = None,
           seeds: Sequence[Sequence[int]] = ()) -> Iterator[tuple[list[int], dict[int, str], list[list[int]]]]:
    """Independent pieces of work: report indices, and their locks and seeds renumbered within the piece."""
    locked = locked or {}
    for segment in _join_seeded(segments(reports), seeds):
        index = {old: new for new, old in enumerate(segment)}
        block_locked = {index[i]: locked[i] for i in segment if i in locked}
        block_seeds = [[index[i] for i in seed] for seed in seeds if seed and seed[0] in index]
        yield segment, block_locked, block_seeds


@dataclass
class Plan:
    """The reports of an incremental run: earlier events' members first (seeded, locked), then new ones."""

    reports: list[AttackReport]
    locked: dict[int, str]
    seeds: list[list[int]]
    before: dict[str, set[str]]
    existing: list[Event]
    added: int


def plan(extractions: Iterable[ExtractionLike] | ExtractionLike, existing: Iterable[Event] = ()) -> Plan:
    existing = list(existing)
    reports: list[AttackReport] = []
    seeds: list[list[int]] = []
    locked: dict[int, str] = {}
    known: set[str] = set()
    before: dict[str, set[str]] = {}
    for event in existing:
        seed = []
        for member in event.members:
            if member.key in known or member.attack is None:
                continue
            known.add(member.key)
            locked[len(reports)] = event.event_id
            seed.append(len(reports))
            reports.append(report_from_member(member))
        if seed:
            seeds.append(seed)
        before[event.event_id] = {m.key for m in event.members}
    added = [r for r in reports_of(iter_extractions(extractions)) if r.key not in known]
    reports.extend(added)
    return Plan(reports, locked, seeds, before, existing, len(added))


def finish(events: list[Event], work: Plan) -> FusionResult:
    """The result of a run from its events: which are new, which grew; events without records kept."""
    new = [e.event_id for e in events if e.event_id not in work.before]
    changed = [e.event_id for e in events
               if e.event_id in work.before and {m.key for m in e.members} != work.before[e.event_id]]
    earlier = {e.event_id: e for e in work.existing}
    for event in events:  # an earlier event keeps the record of the joins that made it
        old = earlier.get(event.event_id)
        if old is not None:
            event.merges = list(old.merges) + [m for m in event.merges if m not in old.merges]
    kept = {e.event_id for e in events}
    events = events + [e for e in work.existing if e.event_id not in kept]  # events whose members lack records
    return FusionResult(sort_events(events), new=new, changed=changed,
                        unchanged=len(work.existing) - len(changed), added_reports=work.added)


def fuse_into(extractions: Iterable[ExtractionLike] | ExtractionLike, existing: Iterable[Event]) -> FusionResult:
    """Fuse new articles into earlier events: old ids stay, new reports join them or make new events.

    An earlier event is never split and never merged into another earlier event; a report already in
    an event (the same doc id and record id, e.g. a rerun of the same article) is not added twice.
    """
    work = plan(extractions, existing)
    events: list[Event] = []
    for block, block_locked, block_seeds in blocks(work.reports, work.locked, work.seeds):
        events.extend(fuse_reports([work.reports[i] for i in block], locked=block_locked, seeds=block_seeds))
    return finish(events, work)


__all__ = ["fuse", "fuse_into", "fuse_reports", "FusionResult", "read_events", "iter_extractions", "Event"]
