"""Worst-case extraction time per 10,000 characters, over texts built to be slow.

Real articles cost about the same per character; these shapes are what makes rule-based steps
super-linear: one sentence without a full stop (chains of "said that", coordinations, numbers, lists),
hundreds of attack words, tolls and dates in one article. Each shape is run at several lengths; if the
work is linear, the time per 10,000 characters stays flat as the length grows.

    python benchmarks/worst_case.py                 # 10k, 20k, 40k characters
    python benchmarks/worst_case.py --sizes 10000 20000 --json out.json

All texts are generated here. The time limit is off, so the figures are the pipeline's own.
"""

from __future__ import annotations

import argparse
import json
import time
import warnings

# Repeated units: each shape is its unit repeated (no full stop inside) to the length wanted.
SHAPES = {
    "said_that_chain": "the spokesman said that the group claimed that ",
    "claim_coordination": "JNIM said it killed 5 soldiers and ",
    "claim_clauses": "the group claimed that its fighters killed 12 soldiers in Menaka and said that ",
    "attack_words": "attack ",
    "ambush_tolls": "an ambush killed 7 soldiers near Gao while ",
    "numbers": "12 ",
    "dates": "on 3 March 2019 and on Friday and last week ",
    "place_list": "Menaka, Gao, Kidal, Djibo, ",
    "huge_numbers": "gunmen killed 1000000000000000000000 civilians and ",
    "attribution_chain": "officials blamed the attack on jihadists who they said were linked to JNIM and ",
    "mixed_sentences": "Gunmen killed 12 civilians in Djibo on Sunday, residents said. ",
}


def text_of(unit: str, chars: int) -> str:
    return (unit * (chars // len(unit) + 1))[:chars]


def run(sizes: list[int], shapes: list[str] | None = None) -> list[dict]:
    import sahel_ie
    from sahel_ie.extraction import extract

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        nlp = sahel_ie.load()
    extract("A warm-up sentence about an attack in Gao.", nlp=nlp)
    rows = []
    for name, unit in SHAPES.items():
        if shapes and name not in shapes:
            continue
        for chars in sizes:
            text = text_of(unit, chars)
            started = time.perf_counter()
            result = extract(text, "2020-06-01", f"{name}-{chars}", nlp=nlp)
            seconds = time.perf_counter() - started
            rows.append({"shape": name, "chars": chars, "seconds": round(seconds, 3),
                         "per_10k": round(seconds * 10_000 / chars, 3),
                         "errors": [e.kind for e in result.errors]})
            print(f"{name:20} {chars:>7,} chars {seconds:8.2f} s  {rows[-1]['per_10k']:6.2f} s/10k  "
                  f"{rows[-1]['errors']}", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 20_000, 40_000])
    parser.add_argument("--shapes", nargs="*", help="only these shapes")
    parser.add_argument("--json", help="write the rows to this file")
    args = parser.parse_args()
    rows = run(args.sizes, args.shapes)
    worst = max(rows, key=lambda r: r["per_10k"])
    print(f"worst: {worst['per_10k']:.2f} s per 10,000 characters ({worst['shape']}, {worst['chars']:,} chars)")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump({"rows": rows, "worst_per_10k": worst["per_10k"]}, handle, indent=1)


if __name__ == "__main__":
    main()
