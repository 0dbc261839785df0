"""``sahel-ie fuse OUT.jsonl... -o events.jsonl [--csv F] [--geojson F] [--into events.jsonl]``.

Reads batch output (JSONL files, or Dask output folders of part files), writes one event a line. With
``--into`` the new articles are fused into earlier events (their ids kept) and the run says which events
are new and which grew (``--changes`` writes the lists as JSON). ``--dask-scheduler``/``--dask-local``
fuse the independent segments on a Dask cluster, with the same result as the local run.

Exit codes: 0 done; 2 a missing input or an unreadable ``--into`` file.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path
from typing import Iterable

from sahel_ie.events import Event

CSV_COLUMNS = [
    "event_id", "event_date", "date_precision", "date_earliest", "date_latest", "event_type", "actor1",
    "actor1_id", "actor1_certainty", "competing_actors", "country", "admin1", "location", "latitude",
    "longitude", "geo_precision", "fatalities", "fatalities_high", "injured", "abducted", "claimed_by",
    "attributed_to", "reports", "outlets", "doc_ids", "first_reported", "last_reported", "confidence",
]


def add_fuse_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("inputs", nargs="+", type=Path, help="batch output: JSONL files or folders of part-*.jsonl")
    parser.add_argument("-o", "--output", type=Path, required=True, help="events JSONL to write")
    parser.add_argument("--csv", type=Path, help="also write one row per event to this CSV file")
    parser.add_argument("--geojson", type=Path, help="also write located events to this GeoJSON file")
    parser.add_argument("--into", type=Path, metavar="EVENTS.jsonl",
                        help="earlier events to fuse the inputs into (ids kept; may be the -o file)")
    parser.add_argument("--changes", type=Path, help="with --into: write the new and changed event ids as JSON")
    parser.add_argument("--dask-scheduler", help="fuse on the Dask cluster at this address (needs [dask])")
    parser.add_argument("--dask-local", type=int, metavar="N", help="fuse on a local Dask cluster of N workers")
    parser.add_argument("--quiet", action="store_true", help="no summary line")


def _actor_label(event: Event) -> str:
    p = event.perpetrator
    if p.name:
        return p.name
    country = event.location.country
    from sahel_ie.io.writers import COUNTRY_NAMES

    return f"Unidentified Armed Group ({COUNTRY_NAMES.get(country, country)})" if country else "Unidentified Armed Group"


def event_row(event: Event) -> dict:
    """One CSV row, in ACLED's column spirit (fatalities: the lowest credible total)."""
    from sahel_ie.io.writers import COUNTRY_NAMES

    totals = {t.outcome: t for t in event.totals}
    loc = event.location
    claimed = sorted({c.actor.name or c.actor.text or "" for c in event.claims if c.status == "claimed"} - {""})
    attributed = sorted({t.actor.name or t.actor.text or "" for t in event.attributions} - {""})
    competing = sorted({a.actor.name or a.actor.actor_id or "" for a in event.perpetrator.competing} - {""})
    return {
        "event_id": event.event_id, "event_date": event.date.value, "date_precision": event.date.precision,
        "date_earliest": event.date.earliest, "date_latest": event.date.latest, "event_type": event.attack_type,
        "actor1": _actor_label(event), "actor1_id": event.perpetrator.actor_id,
        "actor1_certainty": event.perpetrator.certainty, "competing_actors": "; ".join(competing),
        "country": COUNTRY_NAMES.get(loc.country, loc.country) if loc.country else "", "admin1": loc.admin1,
        "location": loc.name, "latitude": loc.lat, "longitude": loc.lon, "geo_precision": loc.geo_precision,
        "fatalities": totals["killed"].count if "killed" in totals else None,
        "fatalities_high": totals["killed"].high if "killed" in totals else None,
        "injured": totals["injured"].count if "injured" in totals else None,
        "abducted": totals["abducted"].count if "abducted" in totals else None,
        "claimed_by": "; ".join(claimed), "attributed_to": "; ".join(attributed), "reports": len(event.members),
        "outlets": "; ".join(sorted({m.outlet for m in event.members if m.outlet})),
        "doc_ids": "; ".join(m.key for m in event.members), "first_reported": event.first_reported,
        "last_reported": event.last_reported, "confidence": event.confidence,
    }


def write_events(events: Iterable[Event], path: Path) -> int:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    n = 0
    with open(tmp, "w", encoding="utf-8") as handle:
        for event in events:
            handle.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
            n += 1
    tmp.replace(path)  # --into may name the output itself: it is read before it is replaced
    return n


def write_csv(events: Iterable[Event], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for event in events:
            writer.writerow(event_row(event))


def write_geojson(events: Iterable[Event], path: Path) -> None:
    features = []
    for event in events:
        loc = event.location
        if loc.lat is None or loc.lon is None:
            continue
        properties = event_row(event)
        features.append({"type": "Feature", "geometry": {"type": "Point", "coordinates": [loc.lon, loc.lat]},
                         "properties": properties})
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
                    encoding="utf-8")


def run_fuse(args: argparse.Namespace) -> int:
    from sahel_ie.fusion import FusionResult, fuse, fuse_into, read_events

    missing = [str(p) for p in args.inputs if not p.exists()]
    if missing:
        print(f"sahel-ie fuse: not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    start = time.perf_counter()
    existing = None
    if args.into is not None and args.into.exists():
        try:
            existing = read_events(args.into)
        except (OSError, ValueError, TypeError) as error:
            print(f"sahel-ie fuse: cannot read {args.into}: {error}", file=sys.stderr)
            return 2
    client = None
    if args.dask_scheduler or args.dask_local:
        from sahel_ie.fusion.distributed import dask_client

        client, closer = dask_client(args.dask_scheduler, args.dask_local)
    try:
        if client is not None:
            from sahel_ie.fusion.distributed import fuse_with_dask

            result = fuse_with_dask(args.inputs, client=client, existing=existing)
        elif existing is not None:
            result = fuse_into(args.inputs, existing)
        else:
            result = FusionResult(fuse(args.inputs))
            result.new = [e.event_id for e in result.events]
            result.added_reports = sum(len(e.members) for e in result.events)
    finally:
        if client is not None:
            closer()
    n = write_events(result.events, args.output)
    if args.csv:
        write_csv(result.events, args.csv)
    if args.geojson:
        write_geojson(result.events, args.geojson)
    if args.changes:
        args.changes.write_text(json.dumps({"new": result.new, "changed": result.changed}, indent=1), encoding="utf-8")
    if not args.quiet:
        reports = sum(len(e.members) for e in result.events)
        print(f"{reports} attack records -> {n} events ({len(result.new)} new, {len(result.changed)} changed); "
              f"{time.perf_counter() - start:.1f} s; wrote {args.output}")
    return 0
