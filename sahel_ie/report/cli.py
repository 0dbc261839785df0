"""``sahel-ie report OUT.jsonl [events.jsonl] -o report.html`` and ``sahel-ie show ARTICLE -o page.html``.

Both write the same self-contained review page: ``report`` for a batch's JSONL output (article texts read
back from the files the batch recorded), ``show`` for one article run through the pipeline now, read like
``extract`` reads it (``.txt``/``.md``/``.html``/``.json`` with a ``.meta.json`` sidecar).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("output_jsonl", type=Path, help="a JSONL output of `sahel-ie extract`")
    parser.add_argument("events", type=Path, nargs="?", help="optional fused events JSONL (`sahel-ie fuse`)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="HTML file to write")
    parser.add_argument("--title", help="page title (default: the JSONL's name)")
    parser.add_argument("--no-texts", action="store_true",
                        help="do not read the articles back: cards show only the sentences the records cite")


def run_report(args: argparse.Namespace) -> int:
    from sahel_ie.report import build_report

    for path in filter(None, (args.output_jsonl, args.events)):
        if not path.is_file():
            print(f"error: no such file: {path}", file=sys.stderr)
            return 2
    page = build_report(args.output_jsonl, args.events, title=args.title, texts=not args.no_texts)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(page, encoding="utf-8")
    print(f"wrote {args.output} ({len(page.encode('utf-8')):,} bytes)", file=sys.stderr)
    return 0


def add_show_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="one article: .txt/.md/.html/.json (a .meta.json beside it is read)")
    parser.add_argument("-o", "--output", type=Path, required=True, help="HTML file to write")
    parser.add_argument("--published", help="publication date (ISO) to anchor relative dates (overrides metadata)")
    parser.add_argument("--model", help="spaCy model name or path")


def run_show(args: argparse.Namespace) -> int:
    from sahel_ie.extraction import extract
    from sahel_ie.io.readers import read_path
    from sahel_ie.pipeline import default_pipeline
    from sahel_ie.records import Extraction
    from sahel_ie.report import render_extractions

    if not args.path.is_file():
        print(f"error: no such file: {args.path}", file=sys.stderr)
        return 2
    article = next(iter(read_path(args.path)), None)
    if article is None or article.error is not None:
        error = article.error if article is not None else None
        extraction = Extraction.failed(args.path.stem, error.kind if error else "empty",
                                       error.message if error else "no article in the file")
        text = None
    else:
        published = args.published or article.published
        extraction = extract(article.text, published, article.doc_id, nlp=default_pipeline(args.model),
                             source=article.source)
        extraction.errors.extend(article.warnings)
        text = article.text
    page = render_extractions([(extraction, text)], title=extraction.source.title or extraction.doc_id)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(page, encoding="utf-8")
    print(f"wrote {args.output}")
    from sahel_ie.io.batch import failed

    return 1 if failed(extraction) else 0
