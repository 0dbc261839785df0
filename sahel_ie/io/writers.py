"""Streaming writers: JSON Lines (the contract), CSV one row per attack (ACLED's columns by default, or
GTD's, or sahel_ie's own: ``sahel_ie.io.csv_formats``), GeoJSON.

Each record is written and flushed as soon as it exists, so memory stays constant however many articles
run, and an interrupted run leaves every finished line intact.
"""

from __future__ import annotations

import csv
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import IO, Any

from sahel_ie.records import Attack, Extraction

CSV_COLUMNS = [
    "doc_id", "attack_id", "event_date", "date_precision", "event_type", "actor1", "actor1_id",
    "actor1_certainty", "assoc_actor_1", "actor2", "country", "admin1", "location", "latitude", "longitude",
    "geo_precision", "fatalities", "fatalities_shared", "injured", "abducted", "claimed_by", "attributed_to", "notes", "source",
    "source_path", "confidence",
]
COUNTRY_NAMES = {"ML": "Mali", "BF": "Burkina Faso", "NE": "Niger", "TD": "Chad", "NG": "Nigeria",
                 "BJ": "Benin", "TG": "Togo", "GH": "Ghana", "CI": "Ivory Coast", "MR": "Mauritania"}


def lowest_total(attack: Attack, outcome: str, *, shared: bool = False) -> int | None:
    """ACLED-style conservative total for one outcome: the lowest figure per victim group, summed.

    Several sources' tolls for the same group are alternatives, not additions; a total over all groups
    ("unspecified") is used only when no group breakdown exists. Tolls given for several attacks together
    (``shared``) are counted apart (``shared=True``), so that summing the column over rows never counts
    one toll once per attack.
    """
    per_group: dict[str, int] = {}
    for casualty in attack.casualties:
        if casualty.outcome != outcome or casualty.count is None or casualty.shared != shared:
            continue
        per_group[casualty.group] = min(per_group.get(casualty.group, casualty.count), casualty.count)
    if not per_group:
        return None
    broken_down = {g: n for g, n in per_group.items() if g != "unspecified"}
    if broken_down:
        return max(sum(broken_down.values()), 0)
    return per_group["unspecified"]


def attack_row(extraction: Extraction, attack: Attack, text_by_id: dict[str, str] | None = None) -> dict[str, Any]:
    """One CSV row for one attack, in ACLED's column spirit."""
    perpetrator = attack.perpetrator
    country = attack.location.country
    actor1 = perpetrator.name or (
        f"Unidentified Armed Group ({COUNTRY_NAMES.get(country, country)})" if country else "Unidentified Armed Group"
    )
    claims = [c.claimant.name or c.claimant.text for c in extraction.claims
              if attack.id in c.attack_ids and c.status == "claimed"]
    attributed = [t.actor.name or t.actor.text for t in extraction.attributions if attack.id in t.attack_ids]
    notes = " | ".join(e.text for e in attack.evidence if e.text) or attack.text
    return {
        "doc_id": extraction.doc_id,
        "attack_id": attack.id,
        "event_date": attack.date.value,
        "date_precision": attack.date.precision,
        "event_type": attack.attack_type,
        "actor1": actor1,
        "actor1_id": perpetrator.actor_id,
        "actor1_certainty": perpetrator.certainty,
        "assoc_actor_1": "",
        "actor2": "; ".join(sorted({t.category for t in attack.targets})),
        "country": COUNTRY_NAMES.get(country, country) if country else "",
        "admin1": attack.location.admin1,
        "location": attack.location.name,
        "latitude": attack.location.lat,
        "longitude": attack.location.lon,
        "geo_precision": attack.location.geo_precision,
        "fatalities": lowest_total(attack, "killed"),
        "fatalities_shared": lowest_total(attack, "killed", shared=True),
        "injured": lowest_total(attack, "injured"),
        "abducted": lowest_total(attack, "abducted"),
        "claimed_by": "; ".join(sorted(set(filter(None, claims)))),
        "attributed_to": "; ".join(sorted(set(filter(None, attributed)))),
        "notes": notes,
        "source": extraction.source.outlet or extraction.source.url or "",
        "source_path": extraction.source.path or "",
        "confidence": attack.confidence,
    }


class OutputLocked(Exception):
    """Another process is writing this output file."""


def open_locked(path: Path, append: bool) -> IO[str]:
    """The output file opened for writing under an exclusive lock, taken *before* any truncation.

    A second run writing the same file fails at once (``OutputLocked``) instead of both interleaving or
    one truncating the other's records. Appending opens with ``O_APPEND``, so every line goes to the
    current end even after ``repair_jsonl_tail`` cut a torn line. Characters that cannot be encoded
    (lone surrogates) are replaced rather than failing the write.
    """
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if append else 0)
    fd = os.open(path, flags, 0o666)
    try:
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks; the run goes on unlocked
            fcntl = None  # type: ignore[assignment]
        if fcntl is not None:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise OutputLocked(f"{path} is being written by another process") from None
            except OSError:
                pass  # a file system without locks (some network mounts)
        if not append:
            os.ftruncate(fd, 0)
        return open(fd, "a" if append else "w", encoding="utf-8", newline="", errors="replace")
    except BaseException:
        os.close(fd)
        raise


class OutputWriter:
    """Base of the streaming writers: open (locked), write one Extraction at a time, close."""

    def __init__(self, path: Path, append: bool = False) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.append = append and self.path.exists()
        self.handle: IO[str] = open_locked(self.path, self.append)

    def write(self, extraction: Extraction) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.handle.close()

    def __enter__(self) -> "OutputWriter":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


_SURROGATES = re.compile("[\ud800-\udfff]")


def jsonl_line(extraction: Extraction) -> str:
    """One record as a JSON line that always encodes as UTF-8 (lone surrogates become U+FFFD)."""
    line = json.dumps(extraction.to_dict(), ensure_ascii=False)
    return _SURROGATES.sub("\ufffd", line) + "\n"


class JsonlWriter(OutputWriter):
    """One contract object per line, flushed: the run's primary, resumable output."""

    def write(self, extraction: Extraction) -> None:
        self.handle.write(jsonl_line(extraction))
        self.handle.flush()


class CsvWriter(OutputWriter):
    """One row per attack, in one of ``csv_formats.CSV_FORMATS`` (default ``acled``)."""

    def __init__(self, path: Path, append: bool = False, format: str = "acled") -> None:
        from sahel_ie.io.csv_formats import formats

        table = formats()
        if format not in table:
            raise ValueError(f"unknown CSV format {format!r}: use one of {', '.join(table)}")
        super().__init__(path, append)
        self.format = format
        columns, self.rows = table[format]
        self.writer = csv.DictWriter(self.handle, fieldnames=columns)
        if not self.append:
            self.writer.writeheader()

    def write(self, extraction: Extraction) -> None:
        for row in self.rows(extraction):
            self.writer.writerow(row)
        self.handle.flush()


class GeoJsonWriter(OutputWriter):
    """A FeatureCollection of the attacks that have coordinates, written feature by feature."""

    def __init__(self, path: Path, append: bool = False) -> None:
        super().__init__(path, append=False)  # a FeatureCollection cannot be appended to; rewritten per run
        self.handle.write('{"type": "FeatureCollection", "features": [\n')
        self.count = 0

    def write(self, extraction: Extraction) -> None:
        for attack in extraction.attacks:
            if attack.location.lat is None or attack.location.lon is None:
                continue
            feature = {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [attack.location.lon, attack.location.lat]},
                "properties": attack_row(extraction, attack),
            }
            self.handle.write((",\n" if self.count else "") + json.dumps(feature, ensure_ascii=False))
            self.count += 1
        self.handle.flush()

    def close(self) -> None:
        self.handle.write("\n]}\n")
        super().close()


WRITERS = {".jsonl": JsonlWriter, ".ndjson": JsonlWriter, ".csv": CsvWriter, ".geojson": GeoJsonWriter}


def writer_for(path: Path, append: bool = False, csv_format: str = "acled") -> OutputWriter:
    """The writer matching the output file's suffix (``csv_format`` for a .csv: acled, gtd or sahel)."""
    try:
        cls = WRITERS[Path(path).suffix.lower()]
    except KeyError:
        raise ValueError(f"unknown output format for {path}: use .jsonl, .csv or .geojson") from None
    if cls is CsvWriter:
        return CsvWriter(path, append=append, format=csv_format)
    return cls(path, append=append)


def done_ids(path: Path) -> set[str]:
    """doc_ids already written to a JSONL output (for --resume); a torn last line is ignored."""
    done: set[str] = set()
    if not Path(path).exists():
        return done
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            try:
                done.add(json.loads(line)["doc_id"])
            except (ValueError, KeyError, TypeError):
                continue
    return done


# The first bytes of every line this tool writes (``Extraction.to_dict`` starts with doc_id).
RECORD_PREFIX = b'{"doc_id": '


class NotAnOutput(Exception):
    """A file given to --resume that is not a sahel-ie JSONL output (a CSV, a gzip, someone's data)."""


def check_resumable(path: Path) -> None:
    """Raise ``NotAnOutput`` unless ``path`` is empty or holds this tool's JSONL records.

    ``--resume`` appends to the file and may cut its last line, so it must never touch anything else.
    """
    path = Path(path)
    if not path.exists():
        return
    if not path.is_file():
        raise NotAnOutput(f"{path} is not a regular file")
    with open(path, "rb") as handle:
        head = handle.read(64 * 1024)
    if not head:
        return
    if head.startswith(b"\x1f\x8b"):
        raise NotAnOutput(f"{path} is gzip-compressed, not a sahel-ie JSONL output")
    if not head.startswith(RECORD_PREFIX):
        raise NotAnOutput(f"{path} does not start with a sahel-ie record (a {{\"doc_id\": ...}} line)")
    end = head.find(b"\n")
    if end >= 0:
        try:
            first = json.loads(head[:end].decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise NotAnOutput(f"{path}: the first line is not valid JSON") from None
        if not isinstance(first, dict) or "errors" not in first or "source" not in first:
            raise NotAnOutput(f"{path}: the first line is not a sahel-ie record")


def resume_key(path: str | None, doc_id: str) -> tuple[str | None, str]:
    """An article's identity for --resume: its input file, resolved (so ``data/a.txt``,
    ``./data/a.txt`` and ``/abs/data/a.txt`` are one), and its doc_id."""
    if path:
        try:
            path = os.path.realpath(path)
        except (OSError, ValueError):
            pass
    return path, doc_id


def done_keys(path: Path) -> Counter:
    """How many records of each article identity (``resume_key``) a JSONL output already holds.

    A multiset, not a set: lines of one JSONL sharing an id, or two folders' ``1.txt``, are as many
    articles, and resume skips exactly as many as were written, in input order. Relative source paths
    are resolved against the current folder (resume from the folder the run started in).
    """
    done: Counter = Counter()
    if not Path(path).exists():
        return done
    with open(path, encoding="utf-8", errors="replace") as handle:
        for line in handle:
            try:
                data = json.loads(line)
                done[resume_key((data.get("source") or {}).get("path"), data["doc_id"])] += 1
            except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
                continue
    return done


def repair_jsonl_tail(path: Path) -> None:
    """Cut a partial last line left by a killed process, so appended lines start clean."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return
    with open(path, "rb+") as handle:
        data = handle.read()
        if data.endswith(b"\n"):
            return
        cut = data.rfind(b"\n") + 1
        handle.truncate(cut)
