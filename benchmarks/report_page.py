"""Size and load time of the review page (``sahel-ie report``) for a batch of generated articles.

Generates news-like articles (``generate_corpus.py``, never copied text), extracts them as a batch run does
(article files with sidecars, JSONL output), builds the page, and loads it in headless Chromium (Debian's
``chromium`` driven by playwright) to time it until the script has built the table and map.

    python benchmarks/report_page.py --articles 1000
    python benchmarks/report_page.py --jsonl out.jsonl          # an existing batch output instead
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generate_corpus import generate, write_corpus  # noqa: E402


def extract_batch(n: int, folder: Path) -> Path:
    import warnings

    warnings.simplefilter("ignore")
    import sahel_ie
    from sahel_ie.io.batch import extract_many
    from sahel_ie.io.readers import read_articles
    from sahel_ie.io.writers import JsonlWriter

    write_corpus(generate(articles=n, seed=41), folder / "articles")
    output = folder / "out.jsonl"
    nlp = sahel_ie.load()
    started = time.perf_counter()
    with JsonlWriter(output) as writer:
        for extraction in extract_many(read_articles([folder / "articles"]), nlp=nlp):
            writer.write(extraction)
    print(f"extracted {n} articles in {time.perf_counter() - started:.0f} s", file=sys.stderr)
    return output


def browser_load_seconds(page_path: Path, runs: int = 3) -> list[float] | None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    if chromium is None:
        return None
    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            for _ in range(runs):
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                started = time.perf_counter()
                page.goto(page_path.as_uri())
                page.wait_for_selector("body[data-ready='1']", timeout=120_000)
                times.append(time.perf_counter() - started)
                page.close()
        finally:
            browser.close()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--jsonl", type=Path, help="report on this batch output instead of generating one")
    parser.add_argument("--keep", type=Path, help="folder to keep the articles, JSONL and page in")
    args = parser.parse_args(argv)
    from sahel_ie.report import build_report

    with tempfile.TemporaryDirectory() as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        output = args.jsonl or extract_batch(args.articles, folder)
        started = time.perf_counter()
        page = build_report(output)
        build_seconds = time.perf_counter() - started
        page_path = folder / "report.html"
        page_path.write_text(page, encoding="utf-8")
        size = page_path.stat().st_size
        rows = sum(1 for line in open(output, encoding="utf-8") if line.strip())
        loads = browser_load_seconds(page_path)
    print(f"articles: {rows:,}; page: {size / 1e6:.1f} MB; built in {build_seconds:.1f} s; "
          + (f"browser load (to table and map ready): {', '.join(f'{t:.2f}' for t in loads)} s"
             if loads else "no browser (install chromium and playwright) for the load time"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
