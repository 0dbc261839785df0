"""Peak memory of a batch run on long and on short articles, batches bounded by characters or by count only.

Each scenario runs in a fresh process (peak RSS is per process): the full pipeline streams generated
articles (``generate_corpus.py``, never copied text) through ``extract_many`` into a JSONL file, and the
process reports its RSS after loading and its peak (VmHWM) at the end.

    python benchmarks/memory.py                       # 300 long (6 KB) and 10,000 short articles
    python benchmarks/memory.py --long 300 --short 0 --keep OUT_DIR   # also keep the JSONL and texts
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import generate, make_article  # noqa: E402
from throughput import _rss_mb  # noqa: E402  (current and peak RSS, read the same way in both benchmarks)

LONG_CHARS = 6_000


def long_articles(n: int, seed: int = 31) -> list[str]:
    """``n`` articles of about 6 KB: generated paragraphs, cut at a paragraph end past 6,000 characters."""
    rng = random.Random(seed)
    texts = []
    for _ in range(n):
        text = ""
        while len(text) < LONG_CHARS:
            text += make_article(rng) + "\n"
        texts.append(text.strip() + "\n")
    return texts




def worker(kind: str, n: int, batch_chars: int | None, keep: str | None) -> None:
    """Child process: load, stream the articles, print RSS figures as JSON."""
    import warnings

    warnings.simplefilter("ignore")
    import sahel_ie
    from sahel_ie.io.batch import extract_many
    from sahel_ie.io.readers import Article
    from sahel_ie.io.writers import JsonlWriter
    from sahel_ie.records import Source

    nlp = sahel_ie.load()
    texts = long_articles(n) if kind == "long" else generate(articles=n, short=True, seed=29)
    loaded = _rss_mb()
    folder = Path(keep) if keep else Path(tempfile.mkdtemp())
    folder.mkdir(parents=True, exist_ok=True)
    articles = []
    for i, text in enumerate(texts):
        path = None
        if keep:
            path = folder / f"{kind}{i:05d}.txt"
            path.write_text(text, encoding="utf-8")
        articles.append(Article(doc_id=f"{kind}{i:05d}", text=text, published="2024-05-13",
                                source=Source(path=str(path) if path else None)))
    options = {"batch_chars": batch_chars} if batch_chars else {"batch_chars": 10**12}
    started = time.perf_counter()
    with JsonlWriter(folder / f"{kind}.jsonl") as writer:
        for extraction in extract_many(iter(articles), nlp=nlp, batch_size=32, **options):
            writer.write(extraction)
    seconds = time.perf_counter() - started
    print(json.dumps({"kind": kind, "articles": n, "chars": sum(map(len, texts)), "batch_chars": batch_chars,
                      "loaded_mb": round(loaded[0]), "end_mb": round(_rss_mb()[0]), "peak_mb": round(_rss_mb()[1]),
                      "seconds": round(seconds, 1)}))


def run(kind: str, n: int, batch_chars: int | None, keep: str | None) -> dict:
    command = [sys.executable, __file__, "--worker", kind, str(n), str(batch_chars or 0), keep or ""]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--worker":
        kind, n, chars, keep = argv[1], int(argv[2]), int(argv[3]) or None, argv[4] or None
        worker(kind, n, chars, keep)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long", type=int, default=300, help="long (6 KB) articles (default 300)")
    parser.add_argument("--short", type=int, default=10_000, help="short articles (default 10,000)")
    parser.add_argument("--count-only", action="store_true",
                        help="also run the long articles with batches bounded by count only, for comparison")
    parser.add_argument("--keep", help="folder to keep the articles and JSONL outputs in")
    args = parser.parse_args(argv)
    from sahel_ie.io.batch import DEFAULT_BATCH_CHARS

    rows = []
    if args.long:
        rows.append(run("long", args.long, DEFAULT_BATCH_CHARS, args.keep))
        if args.count_only:
            rows.append(run("long", args.long, None, None))
    if args.short:
        rows.append(run("short", args.short, DEFAULT_BATCH_CHARS, args.keep))
    print("| articles | characters | batch bound | RSS after load | RSS at end | peak RSS | seconds |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        bound = f"32 docs / {r['batch_chars']:,} chars" if r["batch_chars"] else "32 docs only"
        print(f"| {r['articles']:,} {r['kind']} | {r['chars']:,} | {bound} | {r['loaded_mb']} MB | {r['end_mb']} MB "
              f"| {r['peak_mb']} MB | {r['seconds']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
