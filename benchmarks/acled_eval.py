"""Accuracy of the pipeline on ACLED-style event notes (see ``sahel_ie.evaluate.acled`` for what is scored).

    python benchmarks/acled_eval.py ../shared/dev/acled_mali_2017_2018.jsonl [--limit N] [--json OUT.json]
        [--published-offset-days 3] [--half a|b] [--country-from-notes] [--errors]

Perpetrator figures: every violent note with a detected attack; the notes where ACLED codes a KB actor
("named"); and the named notes whose own text writes a KB name of that actor, of one of its units or of an
organisation above it ("named in the note's text": ACLED coders also use knowledge from outside the note,
which an extractor reading only the note cannot match). Each is given strictly and with a unit (katiba)
counting as its organisation, as ACLED codes it. ``--errors`` marks each miss ``in_text`` or
``not_in_text``.

The data is third-party and never lives in the repository, so the path is an argument; when the file is
absent the script says so and exits 0, so that CI without the data still passes.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="ACLED-style JSONL file")
    parser.add_argument("--limit", type=int, help="score only the first N notes")
    parser.add_argument("--json", type=Path, help="write the figures and a sample of mismatches as JSON")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--published-offset-days", type=int, metavar="N",
                        help="give each note a publication date N days after its event (scores dates more widely)")
    parser.add_argument("--half", choices=("a", "b"), help="only the notes at even (a) or odd (b) positions")
    parser.add_argument("--country-from-notes", action="store_true",
                        help="give each note its own country field as the article's country (metadata a user "
                             "running a one-country feed would give)")
    parser.add_argument("--errors", action="store_true",
                        help="list the perpetrator misses where ACLED names a KB actor (ids and coded values only)")
    args = parser.parse_args(argv)
    if not args.path.is_file():
        print(f"skipped: file not found: {args.path}")
        return 0

    import sahel_ie
    from sahel_ie.evaluate.acled import evaluate_acled, format_acled, format_perpetrator_errors

    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nlp = sahel_ie.load()
    load_seconds = time.perf_counter() - start
    result = evaluate_acled(args.path, limit=args.limit, nlp=nlp, batch_size=args.batch_size,
                            published_offset_days=args.published_offset_days, half=args.half,
                            country_from_notes=args.country_from_notes,
                            max_mismatches=100_000 if args.errors else 200)
    result["load_seconds"] = round(load_seconds, 2)
    if args.errors:
        print(format_perpetrator_errors(result))
    print(format_acled(result))
    print(f"model load: {load_seconds:.1f} s")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False), encoding="utf-8")
        print(f"wrote {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
