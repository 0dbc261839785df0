"""The batch extraction on Dask: the same per-article results as ``sahel-ie extract``, beyond one machine.

The input is split into *units* on the client: one article file each, or a range of lines of a JSONL file
(big JSONL dumps are cut into pieces of ``partition_size`` lines, located by byte offset so no worker
reads more than its piece). Units are grouped into partitions; each partition is run on a worker with
``batch.process_chunk`` and written to ``part-NNNNN.jsonl`` in the output folder (written to a temporary
name and renamed, so a part file is either complete or absent). Workers only send back small count
dictionaries, never the records. Whatever fails, the job completes with every input accounted for: a
unit that cannot be read, or an article that fails, is an error line; a partition whose task fails as a
whole (a worker killed, the model missing there) is written by the client as error lines of its units.

``manifest.json`` in the output folder records the partition size and a fingerprint of each partition's
units (paths, line ranges, file sizes and times). ``resume=True`` reuses the manifest's partitioning
whatever ``partition_size`` is given now, keeps the part files whose units are unchanged and reruns the
rest, so no article is lost or doubled however the options or inputs changed in between.

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

import hashlib
import json
import os
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator

from spacy.language import Language

from sahel_ie.extraction import DEFAULT_TIME_LIMIT, MAX_CHARS
from sahel_ie.io.batch import DEFAULT_BATCH_CHARS, DEFAULT_BATCH_SIZE, RunSummary, chunks, failed, process_chunk
from sahel_ie.io.limits import DEFAULT_MAX_BYTES, bom_encoding, looks_binary
from sahel_ie.io.readers import JSONL_SUFFIXES, Article, clean_string, discover, read_jsonl_lines, read_path
from sahel_ie.io.writers import OutputLocked, jsonl_line, open_locked
from sahel_ie.records import ErrorEntry, Extraction, Source

DEFAULT_PARTITION_SIZE = 200  # articles (files or JSONL lines) per partition
MANIFEST = "manifest.json"
LOCK_NAME = ".sahel-ie.lock"


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
    try:
        with open(path, "rb") as handle:
            head = handle.read(8192)
            if bom_encoding(head) is not None or looks_binary(head):
                yield Unit(str(path))
                return
            handle.seek(0)
            for raw in handle:  # lines are decoded one by one on the worker, as read_path does
                content = content or bool(raw.strip())
                count += 1
                offset += len(raw)
                line += 1
                if count == lines_per_unit:
                    units.append(Unit(str(path), start_offset, start_line, count))
                    start_offset, start_line, count = offset, line, 0
    except OSError:  # read_path reports it on the worker
        yield Unit(str(path))
        return
    if not content:
        yield Unit(str(path))
        return
    if count:
        units.append(Unit(str(path), start_offset, start_line, count))
    yield from units


def read_unit(unit: Unit, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[Article]:
    """The articles of one unit, errors included (what ``read_articles`` gives for that piece); never
    raises."""
    path = Path(unit.path)
    if unit.count is None:
        return list(read_path(path, max_bytes=max_bytes))
    try:
        with open(path, "rb") as handle:
            handle.seek(unit.offset)
            lines = [handle.readline() for _ in range(unit.count)]
        return list(read_jsonl_lines(lines, path, first_line=unit.first_line))
    except Exception as error:  # the file vanished or changed since it was split
        return [_unit_failure(unit, f"reading failed: {type(error).__name__}: {error}", "unreadable")]


def _unit_failure(unit: Unit, message: str, kind: str) -> Article:
    """One error article standing for a unit that could not be read or run."""
    path = Path(unit.path)
    stem = clean_string(path.name[: -len(path.suffix)] if path.suffix else path.name)[0]
    doc_id = stem if unit.count is None else f"{stem}:{unit.first_line}-{unit.first_line + unit.count - 1}"
    return Article(doc_id, source=Source(path=clean_string(str(path))[0]), error=ErrorEntry(kind, message))


def part_name(index: int) -> str:
    return f"part-{index:05d}.jsonl"


def _write_part(target: Path, extractions: list[Extraction]) -> dict[str, Any]:
    """Write one part file atomically (temporary name, then rename); its counts. No ``.tmp`` is left."""
    summary = RunSummary()
    failures = 0
    temporary = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        with open(temporary, "w", encoding="utf-8", errors="replace") as handle:
            for extraction in extractions:
                handle.write(jsonl_line(extraction))
                summary.add(extraction)
                failures += failed(extraction)
        os.replace(temporary, target)
    finally:
        if temporary.exists():
            temporary.unlink()
    return {"part": target.name, "articles": summary.articles, "attacks": summary.attacks,
            "claims": summary.claims, "attributions": summary.attributions, "errors": summary.errors or {},
            "failed_articles": failures}


@dataclass(frozen=True)
class RunOptions:
    """What a local ``sahel-ie extract`` run is also told, so that a Dask run writes the same lines:
    the fallback publication date (``--published``: for articles whose metadata gives none), the forced
    language (``--lang``; None reads each article in its own), the characters per batch and the fallback
    article country (``--country``)."""

    published: str | None = None
    language: str | None = None
    batch_chars: int = DEFAULT_BATCH_CHARS
    country: str | None = None

    def as_manifest(self) -> dict[str, Any]:
        manifest = {"published": self.published, "language": self.language, "batch_chars": self.batch_chars}
        if self.country:  # only when given, so that parts made before the option existed still resume
            manifest["country"] = self.country
        return manifest


def run_partition(index: int, units: list[Unit], output_dir: str, model: str | None,
                  batch_size: int, max_bytes: int, max_chars: int = MAX_CHARS,
                  time_limit: float | None = DEFAULT_TIME_LIMIT,
                  options: RunOptions = RunOptions()) -> dict[str, Any]:
    """Worker side: read, extract and write one part file; return its counts.

    Reading and processing failures are per article (error lines); only a failure to load the pipeline
    or to write the part raises, and the client then writes the partition's units as error lines.
    Batches are cut as a local run cuts them (``batch_size`` articles, ``options.batch_chars``
    characters), so memory stays bounded on long articles here too.
    """
    target = Path(output_dir) / part_name(index)
    nlp = worker_pipeline(model)
    articles = [article for unit in units for article in read_unit(unit, max_bytes=max_bytes)]
    if options.published:
        for article in articles:
            if article.published is None:
                article.published = options.published
    if options.country:
        for article in articles:
            if article.country is None:
                article.country = options.country
    extractions: list[Extraction] = []
    with _LOCKS[model]:
        for chunk in chunks(articles, max(batch_size, 1), options.batch_chars):
            extractions += process_chunk(nlp, chunk, batch_size=batch_size, max_chars=max_chars,
                                         time_limit=time_limit, language=options.language)
    return _write_part(target, extractions)


def failed_partition(index: int, units: list[Unit], output_dir: str, reason: str,
                     max_bytes: int = DEFAULT_MAX_BYTES) -> dict[str, Any]:
    """Client side, for a partition whose task failed: one ``processing_error`` line per article of its
    units (read again here when possible), so the job still accounts for every input."""
    extractions = []
    for unit in units:
        try:
            articles = read_unit(unit, max_bytes=max_bytes)
        except Exception:
            articles = [_unit_failure(unit, "", "processing_error")]
        for article in articles:
            errors = [article.error] if article.error is not None else [
                ErrorEntry("processing_error", f"the partition's task failed: {reason[:300]}")]
            extractions.append(Extraction(doc_id=article.doc_id, source=article.source, errors=errors))
    return _write_part(Path(output_dir) / part_name(index), extractions)


@dataclass
class DaskSummary(RunSummary):
    """The run's counts plus what the partitioning did."""

    partitions: int = 0
    skipped_partitions: int = 0
    failed_articles: int = 0
    partition_size: int = 0  # the one used: a resumed run keeps its manifest's

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
        return (f"{super().describe(seconds)}; {self.partitions} partitions of up to {self.partition_size} "
                f"articles ({self.skipped_partitions} already done)")


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


def _fingerprint(group: list[Unit]) -> str:
    """What a part file was made from: its units and their files' sizes and modification times."""
    digest = hashlib.sha1()
    stats: dict[str, tuple[int, int]] = {}
    for unit in group:
        if unit.path not in stats:
            try:
                info = os.stat(unit.path)
                stats[unit.path] = (info.st_size, info.st_mtime_ns)
            except OSError:
                stats[unit.path] = (-1, -1)
        digest.update(json.dumps([unit.path, unit.offset, unit.first_line, unit.count, stats[unit.path]],
                                 ensure_ascii=True).encode())
    return digest.hexdigest()


def _load_manifest(output: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((output / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("partition_size"), int) \
            or not isinstance(data.get("parts"), dict):
        return None
    return data


def _write_manifest(output: Path, partition_size: int, parts: dict[str, str], options: RunOptions) -> None:
    temporary = output / f".{MANIFEST}.{os.getpid()}.tmp"
    data = {"partition_size": partition_size, "parts": parts, "options": options.as_manifest()}
    temporary.write_text(json.dumps(data, indent=0), encoding="utf-8")
    os.replace(temporary, output / MANIFEST)


def extract_with_dask(
    paths: Iterable[str | Path],
    output_dir: str | Path,
    *,
    client: Any = None,
    model: str | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_chars: int = MAX_CHARS,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    resume: bool = False,
    published: str | None = None,
    language: str | None = None,
    batch_chars: int = DEFAULT_BATCH_CHARS,
    country: str | None = None,
) -> DaskSummary:
    """Extract every article under ``paths`` on Dask, writing ``part-NNNNN.jsonl`` files to ``output_dir``.

    Concatenating the part files in name order gives exactly the lines a local ``sahel-ie extract`` run
    writes, in the same order. With ``client=None`` the current default Dask scheduler is used (a
    ``distributed.Client`` made earlier in the process, else Dask's local processes scheduler).
    ``resume=True`` keeps the part files whose units are unchanged (see ``manifest.json`` above; the
    manifest's partition size wins over ``partition_size``) and runs only the others; a part made with
    other options (``published``, ``language``, ``batch_chars``, ``country``, as ``--published``, ``--lang``,
    ``--batch-chars`` and ``--country`` of a local run) is made again.
    """
    output = Path(output_dir)
    output.mkdir(parents=True, exist_ok=True)
    lock = open_locked(output / LOCK_NAME, append=True)  # a second run on this folder fails at once
    try:
        options = RunOptions(published=published, language=language, batch_chars=max(batch_chars, 1),
                             country=country)
        return _extract_with_dask(paths, output, client, model, partition_size, batch_size, max_bytes,
                                  max_chars, time_limit, resume, options)
    finally:
        lock.close()


def _extract_with_dask(paths: Iterable[str | Path], output: Path, client: Any, model: str | None,
                       partition_size: int, batch_size: int, max_bytes: int, max_chars: int,
                       time_limit: float | None, resume: bool, options: RunOptions) -> DaskSummary:
    import dask

    manifest = _load_manifest(output) if resume else None
    size = max(partition_size, 1)
    if manifest is not None:
        size = manifest["partition_size"]
    units = list(split_units(paths, lines_per_unit=size, max_bytes=max_bytes, exclude=[output]))
    groups = _partitions(units, size)
    prints = {part_name(i): _fingerprint(g) for i, g in enumerate(groups)}
    same_options = manifest is not None and manifest.get("options") == options.as_manifest()
    known = manifest["parts"] if same_options else {}
    keep = {name for name, fp in prints.items() if known.get(name) == fp and (output / name).exists()}
    for stale in list(output.glob("part-*.jsonl")) + list(output.glob(".part-*.tmp")):
        if stale.name not in keep:
            stale.unlink()
    _write_manifest(output, size, prints, options)
    summary = DaskSummary(partitions=len(groups), partition_size=size)
    todo = []
    for index, group in enumerate(groups):
        if part_name(index) in keep:
            summary.skipped_partitions += 1
            summary.skipped += _count_lines(output / part_name(index))
            continue
        todo.append((index, group))
    if not todo:
        return summary
    where = str(output.resolve())
    tasks = [dask.delayed(run_partition, pure=False)(index, group, where, model, batch_size, max_bytes,
                                                     max_chars, time_limit, options) for index, group in todo]
    results: list[Any] = [None] * len(tasks)
    reasons: list[str] = ["no result"] * len(tasks)
    if client is not None:
        futures = client.compute(tasks)
        for i, future in enumerate(futures):
            try:
                results[i] = future.result()
            except Exception as error:  # a killed worker, a failed pipeline load: written below
                reasons[i] = f"{type(error).__name__}: {error}"
    else:
        try:
            results = list(dask.compute(*tasks, scheduler=_default_scheduler()))
        except Exception as error:
            reasons = [f"{type(error).__name__}: {error}"] * len(tasks)
    for (index, group), result, reason in zip(todo, results, reasons):
        if result is None or not (output / part_name(index)).exists():
            result = failed_partition(index, group, where, reason, max_bytes=max_bytes)
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
    if output.exists() and not output.is_dir():
        print(f"error: with Dask, -o is a folder; {output} is a file", file=sys.stderr)
        return 2
    started = time.perf_counter()
    cluster = None
    if args.dask_scheduler:
        client = Client(args.dask_scheduler)
    else:
        cluster = LocalCluster(n_workers=args.dask_local, threads_per_worker=1, processes=True,
                               dashboard_address=":0")
        client = Client(cluster)
    from sahel_ie.io.cli import size_limits

    max_bytes, max_chars = size_limits(args)
    try:
        summary = extract_with_dask(
            args.paths, output, client=client, model=getattr(args, "model", None),
            partition_size=getattr(args, "partition_size", None) or DEFAULT_PARTITION_SIZE,
            batch_size=getattr(args, "batch_size", DEFAULT_BATCH_SIZE),
            max_bytes=max_bytes, max_chars=max_chars,
            time_limit=getattr(args, "time_limit", DEFAULT_TIME_LIMIT) or None,
            resume=getattr(args, "resume", False),
            published=getattr(args, "published", None) or None,
            language=None if getattr(args, "lang", "auto") in (None, "auto") else args.lang,
            batch_chars=getattr(args, "batch_chars", None) or DEFAULT_BATCH_CHARS,
            country=getattr(args, "country", None) or None,
        )
    except OutputLocked as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
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
