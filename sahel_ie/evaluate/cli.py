"""``sahel-ie evaluate GOLD_DIR [--pred PREDICTIONS.jsonl] [--json OUT.json] [--html OUT.html]``.

The main ``sahel-ie`` dispatcher calls ``add_evaluate_arguments`` and ``run_evaluate``; ``python -m
sahel_ie.evaluate`` uses the same two functions.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_evaluate_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("gold_dir", nargs="+", type=Path,
                        help="folder(s) of <doc_id>.txt + <doc_id>.gold.json, or of real-news NNN.json gold "
                             "(format detected per file), or single gold files")
    parser.add_argument("--texts", type=Path, metavar="DIR",
                        help="folder of <id>.txt article texts for real-news gold files (default: beside them)")
    parser.add_argument("--pred", type=Path, help="predictions JSONL (one Extraction a line); default: run the pipeline")
    parser.add_argument("--json", type=Path, help="write the full report (scores and errors) as JSON")
    parser.add_argument("--html", type=Path, help="write the report as a self-contained HTML page with a chart")
    parser.add_argument("--model", help="spaCy base model name or path for the pipeline")
    parser.add_argument("--batch-size", type=int, default=16, help="documents per nlp.pipe batch")
    parser.add_argument("--check-floor", type=Path, metavar="FLOOR.json",
                        help="exit 1 when a score falls below the floors recorded in this file")
    parser.add_argument("--write-floor", type=Path, metavar="FLOOR.json",
                        help="record the measured scores minus --margin as the new floors")
    parser.add_argument("--margin", type=float, default=0.02, help="margin below measured scores for --write-floor")
    parser.add_argument("--errors", type=int, default=0, metavar="N", help="also print the first N errors")
    parser.add_argument("--errors-by-slot", type=int, nargs="?", const=0, default=None, metavar="N",
                        help="also print the errors grouped by slot, with the evidence sentence "
                             "(at most N per slot; all when N is omitted)")


def run_evaluate(args: argparse.Namespace) -> int:
    """Score and print the table; 2 for a broken gold or prediction file, 1 below a checked floor, else 0."""
    from sahel_ie.evaluate.gold import GoldFormatError
    from sahel_ie.evaluate.report import format_errors_by_slot, format_table, write_html, write_json
    from sahel_ie.evaluate.runner import evaluate, read_predictions

    texts = getattr(args, "texts", None)
    missing = [str(p) for p in args.gold_dir if not p.exists()]
    if texts is not None and not texts.is_dir():
        missing.append(f"{texts} (--texts)")
    if missing:
        print(f"sahel-ie evaluate: not found: {', '.join(missing)}", file=sys.stderr)
        return 2
    try:
        predictions = read_predictions(args.pred) if args.pred else None
        nlp = None
        if predictions is None:
            import sahel_ie

            nlp = sahel_ie.load(args.model) if getattr(args, "model", None) else sahel_ie.load()
        report = evaluate(args.gold_dir, predictions, nlp=nlp, batch_size=args.batch_size, texts=texts)
    except (GoldFormatError, ValueError, OSError) as error:
        print(f"sahel-ie evaluate: {error}", file=sys.stderr)
        return 2
    if not report.articles:
        print("sahel-ie evaluate: no gold files found (*.gold.json or real-news NNN.json)", file=sys.stderr)
        return 2
    print(format_table(report))
    for error in report.errors[: getattr(args, "errors", 0) or 0]:
        print(f"  {error['doc_id']} {error['record']} {error['kind']} {error['slot'] or ''} "
              f"gold={error['gold']!r} pred={error['pred']!r} | {error['evidence']}")
    if getattr(args, "errors_by_slot", None) is not None:
        print()
        print(format_errors_by_slot(report, args.errors_by_slot or None))
    if args.json:
        write_json(report, args.json)
        print(f"wrote {args.json}")
    if args.html:
        write_html(report, args.html)
        print(f"wrote {args.html}")
    if getattr(args, "write_floor", None):
        from sahel_ie.evaluate.floor import write_floor

        write_floor(report, args.write_floor, margin=args.margin)
        print(f"wrote {args.write_floor}")
    if getattr(args, "check_floor", None):
        from sahel_ie.evaluate.floor import check_floor

        failures = check_floor(report, args.check_floor)
        for line in failures:
            print(f"below floor: {line}", file=sys.stderr)
        if failures:
            return 1
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sahel_ie.evaluate",
                                     description="Score the sahel_ie pipeline against annotated gold files.")
    add_evaluate_arguments(parser)
    return run_evaluate(parser.parse_args(argv))
