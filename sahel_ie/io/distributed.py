"""The batch extraction on Dask: the same per-article results as ``sahel-ie extract``, beyond one machine.

The input is split into *units* on the client: one article file each, or a range of lines of a JSONL file
(big JSONL dumps are cut into pieces of ``partition_size`` lines, located by byte offset so no worker
reads more than its piece). Units are grouped into partitions of a ``dask.bag``; each partition is run on a
worker with ``batch.process_chunk`` and written to ``part-NNNNN.jsonl`` in the output folder (written to a
temporary name and renamed, so a part file is either complete or absent, and a rerun skips finished parts).
Workers only send back small count dictionaries, never the records.

The pipeline is loaded once per worker process and kept in a module-level cache keyed by model name.
Dask workers run several threads by default; a lock per pipeline keeps one document batch at a time in
it, so start workers with ``--nthreads 1`` and more processes for full speed.

Running on a real cluster (the output folder and the inputs must be on storage every worker sees, e.g.
an NFS mount; every worker needs ``pip install 'sahel_ie[dask]'``)::

    dask scheduler                                   # on the head node, prints tcp://HOST:8786
    dask worker tcp://HOST:8786 --nworkers 8 --nthreads 1 --memory-limit 3GB   # on each node
    sahel-ie extract /shared/articles -o /shared/out --dask-scheduler tcp://HOST:8786

or from Python: ``extract_with_dask(paths, out_dir, client=Client("tcp://HOST:8786"))``.
Dask is imported only inside this module, so the core library does not need it.
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from spacy.language import Language

from sahel_ie.io.batch import DEFAULT_BATCH_SIZE, RunSummary, process_chunk
from sahel_ie.io.limits import DEFAULT_MAX_BYTES, looks_binary
from sahel_ie.io.readers import JSONL_SUFFIXES, Article, discover, read_jsonl_lines, read_path

DEFAULT_PARTITION_SIZE = 200  # articles (files or JSONL lines) per partition
NON_FATAL_ERRORS = {"invalid_published", "invalid_metadata", "invalid_language"}  # the article was still processed

_PIPELINES: dict[str | None, Language] = {}
_LOCKS: dict[str | None, threading.Lock] = {}
_CACHE_LOCK = threading.Lock()


def worker_pipeline(model: str | None = None) -> Language:
    """This process's pipeline for ``model``, loaded on first use and then reused by every partition."""
    with _CACHE_LOCK:
        nlp = _PIPELINES.get(model)
        if nlp is None:
            import warnings

            from sahel_ie.pipeline import load

            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                nlp = load(model)
            _PIPELINES[model] = nlp
            _LOCKS[model] = threading.Lock()
        return nlp


@dataclass(frozen=True)
class Unit:
    """One piece of input: a whole file, or ``count`` lines of a JSONL file starting at byte ``offset``."""

    path: str
    offset: int = 0
    first_line: int = 1
    count: int | None = None  # None: the whole file


def split_units(paths: Iterable[str | Path], *, lines_per_unit: int = DEFAULT_PARTITION_SIZE,
                max_bytes: int = DEFAULT_MAX_BYTES, exclude: Iterable[str | Path] = ()) -> Iterator[Unit]:
    """Units for every input, in the same stable order as the local run reads them."""
    for path in discover(paths, exclude=exclude):
        path = path.absolute()  # workers elsewhere do not share this process's working folder
        if path.suffix.lower() not in JSONL_SUFFIXES or not path.is_file():
            yield Unit(str(path))
            continue
        try:
            size = path.stat().st_size
        except OSError:
            size = -1
        if size < 0 or size > max_bytes:  # read_path reports it (unreadable / too_large) on the worker
            yield Unit(str(path))
            continue
        yield from _jsonl_units(path, lines_per_unit)


def _jsonl_units(path: Path, lines_per_unit: int) -> Iterator[Unit]:
    """Line ranges of a JSONL file; the whole file as one unit when it needs whole-file decoding.

    A file that is empty, binary, UTF-16 or not UTF-8 goes whole to ``read_path``, which reports or
    decodes it exactly as the local run does.
    """
    units: list[Unit] = []
    offset, line, start_offset, start_line, count, content = 0, 1, 0, 1, 0, False
    with open(path, "rb") as handle:
        head = handle.read(8192)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")) or looks_binary(head):
            yield Unit(str(path))
            return
        handle.seek(0)
        for raw in handle:
            try:
                content = bool(raw.decode("utf-8").strip()) or content
            except UnicodeDecodeError:
                yield Unit(str(path))
                return
            count += 1
            offset += len(raw)
            line += 1
            if count == lines_per_unit:
                units.append(Unit(str(path), start_offset, start_line, count))
                start_offset, start_line, count = offset, line, 0
    if not content:
        yield Unit(str(path))
        return
    if count:
        units.append(Unit(str(path), start_offset, start_line, count))
    yield from units


def read_unit(unit: Unit, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Article]:
    """The articles of one unit, errors included (what ``read_articles`` gives for that piece)."""
    path = Path(unit.path)
    if unit.count is None:
        return list(read_path(path, max_bytes=max_bytes))
    with open(path, "rb") as handle:
        handle.seek(unit.offset)
        lines = [handle.readline() for _ in range(unit.count)]
    return list(read_jsonl_lines(lines, path, first_line=unit.first_line))


def part_name(index: int) -> str:
    return f"part-{index:05d}.jsonl"


def run_partition(index: int, units: list[Unit], output_dir: str, model: str | None,
                  batch_size: int, max_bytes: int) -> dict[str, Any]:
    """Worker side: read, extract and write one part file; return its counts."""
    target = Path(output_dir) / part_name(index)
    nlp = worker_pipeline(model)
    articles = [article for unit in units for article in read_unit(unit, max_bytes=max_bytes)]
    with _LOCKS[model]:
        extractions = process_chunk(nlp, articles, batch_size=batch_size)
    summary = RunSummary()
    failed = 0
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        for extraction in extractions:
            handle.write(json.dumps(extraction.to_dict(), ensure_ascii=False) + "\n")
            summary.add(extraction)
            failed += any(e.kind not in NON_FATAL_ERRORS for e in extraction.errors)
    os.replace(temporary, target)
    return {"part": target.name, "articles": summary.articles, "attacks": summary.attacks,
            "claims": summary.claims, "attributions": summary.attributions, "errors": summary.errors or {},
            "failed_articles": failed}


@dataclass
class DaskSummary(RunSummary):
    """The run's counts plus what the partitioning did."""

    partitions: int = 0
    skipped_partitions: int = 0
    failed_articles: int = 0

    def merge(self, counts: dict[str, Any]) -> None:
        self.articles += counts["articles"]
        self.attacks += counts["attacks"]
        self.claims += counts["claims"]
        self.attributions += counts["attributions"]
        self.failed_articles += counts["failed_articles"]
        for kind, number in counts["errors"].items():
            self.errors = self.errors or {}
            self.errors[kind] = self.errors.get(kind, 0) + number

    def describe(self, seconds: float) -> str:
        return (f"{super().describe(seconds)}; {self.partitions} partitions "
                f"({self.skipped_partitions} already done)")


def _partitions(units: list[Unit], partition_size: int) -> list[list[Unit]]:
    """Consecutive groups of units holding about ``partition_size`` articles each."""
    groups: list[list[Unit]] = []
    current: list[Unit] = []
    weight = 0
    for unit in units:
        size = unit.count if unit.count is not None else 1
        if current and weight + size > partition_size:
            groups.append(current)
            current, weight = [], 0
        current.append(unit)
        weight += size
    if current:
        groups.append(current)
    return groups


def extract_with_dask(
    paths: Iterable[str | Path],
    output_dir: str | Path,
    *,
    client: Any = None,
    model: str | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    resume: bool = False,
) -> DaskSummary:
    """Extract every article under ``paths`` on Dask, writing ``part-NNNNN.jsonl`` files to ``output_dir``.

    Concatenating the part files in name order gives exactly the lines a local ``sahel-ie extract`` run
    writes, in the same order. With ``client=None`` the current default Dask scheduler is used (a
    ``distributed.Client`` made earlier in the process, else Dask's local processes scheduler).
    ``resume=True`` keeps part files that already exist (the partitioning is deterministic for
    unchanged inputs and options) and runs only the missing ones.
    """
    import dask.bag as db

    output = Path(output_dir)
    output.mkdir(parents=True, exist_ok=True)
    units = list(split_units(paths, lines_per_unit=max(partition_size, 1), max_bytes=max_bytes,
                             exclude=[output]))
    groups = _partitions(units, max(partition_size, 1))
    summary = DaskSummary(partitions=len(groups))
    if not resume:
        for stale in output.glob("part-*.jsonl"):
            stale.unlink()
    todo = []
    for index, group in enumerate(groups):
        done = output / part_name(index)
        if resume and done.exists():
            summary.skipped_partitions += 1
            summary.skipped += _count_lines(done)
            continue
        todo.append((index, group))
    if not todo:
        return summary
    bag = db.from_sequence(todo, npartitions=len(todo))
    counts = bag.map(lambda item: run_partition(item[0], item[1], str(output.resolve()), model,
                                                batch_size, max_bytes))
    compute_kwargs = {}
    if client is None:
        compute_kwargs["scheduler"] = _default_scheduler()
    results = client.compute(counts).result() if client is not None else counts.compute(**compute_kwargs)
    for result in results:
        summary.merge(result)
    return summary


def _default_scheduler() -> str | None:
    """A distributed Client if one is active in this process, else processes (the pipeline is CPU-bound)."""
    try:
        from distributed import default_client

        default_client()
        return None
    except (ImportError, ValueError):
        return "processes"


def _count_lines(path: Path) -> int:
    with open(path, "rb") as handle:
        return sum(1 for _ in handle)


def run_dask_extract(args: Any) -> int:
    """``sahel-ie extract ... --dask-scheduler ADDR | --dask-local N``: -o names the output folder."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        print("error: Dask is not installed: pip install 'sahel_ie[dask]'", file=sys.stderr)
        return 2
    output = Path(args.output)
    if output.suffix.lower() in {".jsonl", ".ndjson", ".csv", ".geojson"}:
        print(f"error: with Dask, -o is a folder for part-NNNNN.jsonl files, not {output.name}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    cluster = None
    if args.dask_scheduler:
        client = Client(args.dask_scheduler)
    else:
        cluster = LocalCluster(n_workers=args.dask_local, threads_per_worker=1, processes=True,
                               dashboard_address=":0")
        client = Client(cluster)
    try:
        summary = extract_with_dask(
            args.paths, output, client=client, model=getattr(args, "model", None),
            partition_size=getattr(args, "partition_size", None) or DEFAULT_PARTITION_SIZE,
            batch_size=getattr(args, "batch_size", DEFAULT_BATCH_SIZE),
            max_bytes=getattr(args, "max_bytes", DEFAULT_MAX_BYTES),
            resume=getattr(args, "resume", False),
        )
    except KeyboardInterrupt:
        print("interrupted: finished part files are complete; rerun with --resume", file=sys.stderr)
        return 130
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    print(summary.describe(time.perf_counter() - started), file=sys.stderr)
    return 1 if summary.failed_articles else 0


__all__ = ["extract_with_dask", "run_dask_extract", "worker_pipeline", "split_units", "read_unit", "DaskSummary"]
