"""Fusion time and memory for 10k and 100k attack records (synthetic, from the corpus by perturbation).

Each size runs in a fresh process so memory figures do not mix: the records are generated first (not
timed), then ``sahel_ie.fuse`` runs over them on one core. Reported: wall and CPU seconds (on a shared
machine the CPU time is the figure to compare), records per second, the
process's peak resident memory before and after fusing (the input itself, then what fusion adds),
events made, and B-cubed / pairwise scores against the synthetic truth.

    python benchmarks/fusion_bench.py                 # 10,000 and 100,000 records
    python benchmarks/fusion_bench.py --records 20000 --one
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # kilobytes on Linux


def run_one(n: int, seed: int) -> dict:
    import gc

    from fusion_data import synthetic_extractions

    import sahel_ie
    from sahel_ie.evaluate.events import cluster_scores, event_labels

    extractions, truth = synthetic_extractions(n, seed=seed)
    gc.collect()
    before = _peak_mb()
    start, cpu = time.perf_counter(), time.process_time()
    events = sahel_ie.fuse(extractions)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    after = _peak_mb()
    gold = {tuple(k.split("#")): str(v) for k, v in truth.items()}
    scores = cluster_scores(gold, event_labels(events))
    return {
        "records": n, "events": len(events), "true_events": len(set(truth.values())),
        "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "records_per_s": round(n / seconds), "peak_rss_input_mb": round(before, 1),
        "peak_rss_after_fusion_mb": round(after, 1), "fusion_added_mb": round(after - before, 1),
        "b3_f1": round(scores.b3_f1, 4), "b3_precision": round(scores.b3_precision, 4),
        "b3_recall": round(scores.b3_recall, 4), "pair_f1": round(scores.pair_f1, 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, nargs="*", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--one", action="store_true", help="run the (first) size in this process")
    parser.add_argument("--json", type=Path, help="write the results as JSON")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.records[0], args.seed)))
        return 0
    results = []
    for n in args.records:
        done = subprocess.run([sys.executable, __file__, "--one", "--records", str(n), "--seed", str(args.seed)],
                              check=True, capture_output=True, text=True)
        result = json.loads(done.stdout.strip().splitlines()[-1])
        results.append(result)
        print(json.dumps(result))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
