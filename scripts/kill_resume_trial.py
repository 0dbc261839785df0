"""Kill -9 / --resume trial: interrupt ``sahel-ie extract`` at random moments, resume, and count what
was lost or written twice.

Each trial builds a folder of generated articles (text files, a JSONL whose lines share ids, a few
hostile entries), then runs ``sahel-ie extract`` and kills it with SIGKILL after a random delay, again
and again with ``--resume`` (alternating relative and absolute spellings of the input), and finally lets
a resumed run finish. The output must then hold exactly one line per input article: none lost, none
doubled, no torn line.

    python scripts/kill_resume_trial.py --trials 8 --kills 3
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

PLACES = ["Djibo", "Gao", "Menaka", "Kidal", "Dori", "Mopti", "Tillaberi", "Diffa"]


def build_inputs(root: Path, articles: int, seed: int) -> None:
    rng = random.Random(seed)
    root.mkdir(parents=True)
    for i in range(articles):
        place = rng.choice(PLACES)
        (root / f"a{i:04d}.txt").write_text(
            f"Gunmen killed {rng.randint(2, 40)} civilians near {place} on Sunday, officials said. "
            f"The army said it had sent reinforcements to {place}.", encoding="utf-8")
    lines = [json.dumps({"id": f"dup{i % 5}", "text": f"Fighters ambushed a patrol near {rng.choice(PLACES)}."})
             for i in range(articles // 2)]
    (root / "feed.jsonl").write_text("\n".join(lines) + "\n{broken\n", encoding="utf-8")
    (root / "empty.txt").write_bytes(b"")
    os.mkfifo(root / "pipe.txt")


def expected_keys(root: Path) -> Counter:
    from sahel_ie.io.readers import read_articles
    from sahel_ie.io.writers import resume_key

    return Counter(resume_key(a.source.path, a.doc_id) for a in read_articles([root]))


def output_keys(out: Path) -> tuple[Counter, int]:
    from sahel_ie.io.writers import resume_key

    keys: Counter = Counter()
    torn = 0
    for line in out.read_bytes().decode("utf-8").splitlines():
        try:
            data = json.loads(line)
        except ValueError:
            torn += 1
            continue
        keys[resume_key(data["source"]["path"], data["doc_id"])] += 1
    return keys, torn


def trial(number: int, articles: int, kills: int, work: Path) -> dict:
    root = work / f"trial{number}" / "in"
    build_inputs(root, articles, seed=number)
    out = work / f"trial{number}" / "out.jsonl"
    rng = random.Random(1000 + number)
    killed = 0
    at_kill: list[int] = []  # lines in the output right after each kill: kills must land mid-run
    for attempt in range(kills + 1):
        spelling = os.path.relpath(root, work) if attempt % 2 else str(root)
        command = [sys.executable, "-m", "sahel_ie", "extract", spelling, "-o", str(out), "--quiet"]
        if attempt:
            command.append("--resume")
        process = subprocess.Popen(command, cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        if attempt < kills:
            # wait for this run's first new line (the model loads first), then kill at a random moment
            before = out.read_bytes().count(b"\n") if out.exists() else 0
            deadline = time.monotonic() + 120
            while process.poll() is None and time.monotonic() < deadline and (
                    not out.exists() or out.read_bytes().count(b"\n") <= before):
                time.sleep(0.05)
            time.sleep(rng.uniform(0.0, 1.5))
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                killed += 1
            process.wait()
            at_kill.append(out.read_bytes().count(b"\n") if out.exists() else 0)
        else:
            process.wait(timeout=600)
    here = os.getcwd()
    os.chdir(work)  # relative source paths in the output are relative to the runs' folder
    try:
        want = expected_keys(root)
        got, torn = output_keys(out)
    finally:
        os.chdir(here)
    return {"trial": number, "inputs": sum(want.values()), "lines": sum(got.values()), "kills": killed, "lines_at_kills": at_kill,
            "lost": sum((want - got).values()), "duplicated": sum((got - want).values()), "torn": torn}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=6)
    parser.add_argument("--kills", type=int, default=3, help="interrupted runs per trial before the last")
    parser.add_argument("--articles", type=int, default=400, help="text files per trial (plus a JSONL of half)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        rows = [trial(i, args.articles, args.kills, Path(tmp)) for i in range(args.trials)]
    for row in rows:
        print(json.dumps(row))
    total = {k: sum(r[k] for r in rows) for k in ("inputs", "lines", "kills", "lost", "duplicated", "torn")}
    print(f"{args.trials} trials, {total['kills']} kill -9, {total['inputs']} inputs: {total['lost']} lost, "
          f"{total['duplicated']} duplicated, {total['torn']} torn lines")


if __name__ == "__main__":
    main()
