"""Cost of the offline GeoNames gazetteers: build time, index size, load time, memory and throughput.

    python benchmarks/gazetteer_load.py [--dumps ../shared/geonames] [--countries ML BF NE MR]
                                        [--notes ../shared/dev/acled_mali_2017_2018.jsonl --limit 300]

The dumps are installed into a temporary ``SAHEL_IE_HOME``; each measurement runs in a fresh Python
process (``import sahel_ie; sahel_ie.load()``, then a few place look-ups so that the indexes are really
opened), once with the gazetteers and once without, so the figures compare like with like. Memory is the
process's resident set size. With ``--notes``, both pipelines also process the same notes and the
throughput ratio is printed. A benchmark, not a test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

_PROBE = r"""
import json, sys, time, warnings
def rss_mb():
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
warnings.simplefilter("ignore")
before = rss_mb()
start = time.perf_counter()
import sahel_ie
nlp = sahel_ie.load(gazetteers=sys.argv[1])
load_s = time.perf_counter() - start
after_load = rss_mb()
sentences = ["Gunmen attacked the village of Okoyeri on Monday, killing three herders.",
             "Militants killed four soldiers in Douna, Koro, on Friday.",
             "An IED struck a convoy in the area of Tamkoutat on Sunday."]
start = time.perf_counter()
for text in sentences:
    sahel_ie.extract(text, nlp=nlp)
first_s = time.perf_counter() - start
after_lookups = rss_mb()
throughput = None
if len(sys.argv) > 2:
    from sahel_ie.evaluate.acled import load_acled, predict_notes
    rows = load_acled(sys.argv[2], limit=int(sys.argv[3]))
    predict_notes(rows[:10], nlp=nlp)
    start = time.perf_counter()
    predict_notes(rows, nlp=nlp)
    throughput = len(rows) / (time.perf_counter() - start)
print(json.dumps({"load_s": load_s, "rss_start_mb": before, "rss_after_load_mb": after_load,
                  "rss_after_lookups_mb": after_lookups, "first_extracts_s": first_s,
                  "notes_per_s": throughput}))
"""


def probe(home: Path, gazetteers: str, notes: Path | None, limit: int) -> dict:
    env = {**os.environ, "SAHEL_IE_HOME": str(home), "PYTHONPATH": str(ROOT)}
    args = [sys.executable, "-c", _PROBE, gazetteers]
    if notes is not None:
        args += [str(notes), str(limit)]
    out = subprocess.run(args, env=env, capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dumps", type=Path, default=ROOT.parent / "shared" / "geonames")
    parser.add_argument("--countries", nargs="+", default=["ML", "BF", "NE", "MR"])
    parser.add_argument("--notes", type=Path, help="ACLED-style JSONL notes for a throughput comparison")
    parser.add_argument("--limit", type=int, default=300)
    parser.add_argument("--json", type=Path, help="write the figures as JSON")
    args = parser.parse_args(argv)
    files = [args.dumps / f"{c}.txt" for c in args.countries] + [args.dumps / "admin1CodesASCII.txt"]
    if not all(f.is_file() for f in files):
        print(f"skipped: GeoNames dumps not found in {args.dumps}")
        return 0
    from sahel_ie.gazetteer.build import add_files
    from sahel_ie.gazetteer.home import installed

    notes = args.notes if args.notes is not None and args.notes.is_file() else None
    with tempfile.TemporaryDirectory(prefix="sahel-ie-home-") as tmp:
        home = Path(tmp)
        start = time.perf_counter()
        add_files(files, home=home, log=lambda message: None)
        build_s = time.perf_counter() - start
        size_mb = sum(p.stat().st_size for p in installed(home).values()) / 1e6
        bare = probe(home, "none", notes, args.limit)
        geo = probe(home, "installed", notes, args.limit)
    result = {"countries": args.countries, "build_s": round(build_s, 2), "index_mb": round(size_mb, 1),
              "without": bare, "with": geo,
              "load_s_extra": round(geo["load_s"] - bare["load_s"], 3),
              "rss_mb_extra_after_lookups": round(geo["rss_after_lookups_mb"] - bare["rss_after_lookups_mb"], 1)}
    if notes is not None:
        result["throughput_ratio"] = round(geo["notes_per_s"] / bare["notes_per_s"], 3)
    print(f"built {'+'.join(args.countries)} in {build_s:.1f} s, {size_mb:.1f} MB of indexes")
    print(f"load: {bare['load_s']:.2f} s without, {geo['load_s']:.2f} s with the gazetteers")
    print(f"memory after load and first look-ups: {bare['rss_after_lookups_mb']:.0f} MB without, "
          f"{geo['rss_after_lookups_mb']:.0f} MB with (+{result['rss_mb_extra_after_lookups']:.0f} MB)")
    if notes is not None:
        print(f"throughput: {bare['notes_per_s']:.1f} notes/s without, {geo['notes_per_s']:.1f} with "
              f"(ratio {result['throughput_ratio']:.2f})")
    if args.json:
        args.json.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
