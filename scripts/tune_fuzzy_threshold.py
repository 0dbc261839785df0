"""Measure the fuzzy-match threshold of the actor resolver and print the margin.

Two lists are scored with ``fuzz.ratio`` on normalised keys, under the same guards the resolver applies
(no acronyms, same word count, same distinguishing words, minimum length):

* variants that must match: hand-written spelling variants seen in reporting, plus synthetic one-edit
  typos of every alias (a letter dropped, doubled or two neighbours swapped, never in a short word);
* near misses that must not: every pair of aliases of *different* actors in ``models/actors.json``, plus
  hand-written names of groups the knowledge base does not hold (other IS and AQ branches).

The threshold must lie above the best near miss and at or below the worst variant; the script prints both,
the margin between them, and the chosen threshold from ``models/actors.json`` with its error counts.
Usage: ``python scripts/tune_fuzzy_threshold.py [--show 10]``.
"""

from __future__ import annotations

import argparse
import sys
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rapidfuzz import fuzz  # noqa: E402

from sahel_ie.kb.actors import ActorKB, _is_acronym, same_distinguishing_words, same_shape  # noqa: E402
from sahel_ie.kb.normalize import normalise_name  # noqa: E402

VARIANTS = [  # (as printed, alias it should meet)
    ("Jamaat Nusrat al-Islam wal Muslimeen", "Jama'at Nusrat al-Islam wal-Muslimin"),
    ("Jamaat Nusrat al-Islam wal-Musilmin", "Jama'at Nusrat al-Islam wal-Muslimin"),
    ("Jamaat Nosrat al-Islam wal-Muslimin", "Jama'at Nusrat al-Islam wal-Muslimin"),
    ("Islamic State in the Greater Sahra", "Islamic State in the Greater Sahara"),
    ("Islamic State Sahel Provnce", "Islamic State Sahel Province"),
    ("Islamic State West Afrca Province", "Islamic State West Africa Province"),
    ("Katiba Masina", "Katiba Macina"),
    ("Ansar Dinne", "Ansar Dine"),
    ("al-Mourabitoune", "al-Mourabitoun"),
    ("al-Moura bitoun", "al-Mourabitoun"),
    ("Dan Na Ambasagou", "Dan Na Ambassagou"),
    ("Koglweego", "Koglweogo"),
    ("Ansarul Islaam", "Ansarul Islam"),
    ("Imghad Tuareg and Allies Self Defence Group", "Imghad Tuareg and Allies Self-Defence Group"),
    ("Movement for the Salvation of the Azawad", "Movement for the Salvation of Azawad"),
]
OUTSIDERS = [
    "Islamic State Central Africa Province", "Islamic State Somalia Province", "Islamic State Khorasan Province",
    "Islamic State in Libya", "al-Qaeda in the Arabian Peninsula", "al-Qaeda in the Indian Subcontinent",
    "Ansar al-Sharia", "Ansar Bayt al-Maqdis", "al-Shabaab", "Military Forces of Guinea", "Government of Guinea",
    "Police Forces of Guinea", "Islamic State Sahara", "Islamic State Greater Sahel",
]


def typos(key: str) -> list[str]:
    """One-edit typos inside words longer than four letters (drop, double, swap)."""
    out: list[str] = []
    words = key.split()
    for wi, w in enumerate(words):
        if len(w) <= 4:
            continue
        mid = len(w) // 2
        for new in (w[:mid] + w[mid + 1:], w[:mid] + w[mid] + w[mid:], w[:mid - 1] + w[mid] + w[mid - 1] + w[mid + 1:]):
            if new != w:
                out.append(" ".join(words[:wi] + [new] + words[wi + 1:]))
    return out


def eligible(kb: ActorKB, a: str, b: str) -> bool:
    return (
        len(a) >= kb.fuzzy_min_length and len(b) >= kb.fuzzy_min_length
        and same_shape(a, b) and same_distinguishing_words(a, b)
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=8, help="how many hardest cases of each list to print")
    args = parser.parse_args(argv)
    kb = ActorKB.load()
    entries = [(e.key, e.actor_id, e.text) for e in kb._entries if e.kind != "acronym" and not _is_acronym(e.text)]
    exact_keys = {k for k, _, _ in entries}

    positives: list[tuple[float, str, str]] = []
    for printed, alias in VARIANTS:
        a, b = normalise_name(printed), normalise_name(alias)
        positives.append((fuzz.ratio(a, b) if eligible(kb, a, b) else 0.0, printed, alias))
    for key, _, text in entries:
        for t in typos(key):
            if t in exact_keys:
                continue
            positives.append((fuzz.ratio(t, key) if eligible(kb, t, key) else 0.0, t, text))

    # near misses: pairs with the same word count (the only ones the resolver could ever compare);
    # ``raw`` keeps their plain ratio, ``negatives`` only those that pass every guard
    raw: list[tuple[float, str, str]] = []
    negatives: list[tuple[float, str, str]] = []
    pairs = [((ka, ta), (kb_, tb)) for (ka, ia, ta), (kb_, ib, tb) in combinations(entries, 2) if ia != ib and ka != kb_]
    pairs += [((normalise_name(n), n), (k, t)) for n in OUTSIDERS for k, _, t in entries]
    for (ka, ta), (kb_, tb) in pairs:
        if len(ka.split()) != len(kb_.split()) or min(len(ka), len(kb_)) < kb.fuzzy_min_length:
            continue
        score = fuzz.ratio(ka, kb_)
        raw.append((score, ta, tb))
        if eligible(kb, ka, kb_):
            negatives.append((score, ta, tb))
    raw.sort(reverse=True)

    positives.sort()
    negatives.sort(reverse=True)
    worst_pos = min((p for p in positives if p[0] > 0), default=(0.0, "", ""))
    best_neg = negatives[0] if negatives else (0.0, "", "")
    threshold = kb.fuzzy_threshold
    missed = [p for p in positives if p[0] < threshold]
    wrong = [n for n in negatives if n[0] >= threshold]
    print(f"variants scored: {len(positives)} (blocked by guards: {sum(1 for p in positives if p[0] == 0)})")
    print(f"near misses (same word count): {len(raw)}; passing the word guards: {len(negatives)}")
    if raw:
        print(f"highest near miss on ratio alone:     {raw[0][0]:.1f}  {raw[0][1]!r} ~ {raw[0][2]!r}")
        print(f"near misses a bare ratio >= threshold would accept: {sum(1 for r in raw if r[0] >= kb.fuzzy_threshold)}")
    print(f"lowest variant score (guards passed): {worst_pos[0]:.1f}  {worst_pos[1]!r} ~ {worst_pos[2]!r}")
    print(f"highest near miss under the guards:   {best_neg[0]:.1f}  {best_neg[1]!r} ~ {best_neg[2]!r}")
    ref = raw[0][0] if raw else 0.0
    print(f"margin under the guards (lowest variant - highest guarded near miss): {worst_pos[0] - best_neg[0]:.1f}")
    print(f"margin on ratio alone (lowest variant - highest near miss): {worst_pos[0] - ref:.1f}")
    print(f"threshold in models/actors.json: {threshold:g} -> variants missed {len(missed)}/{len(positives)}, "
          f"near misses accepted {len(wrong)}/{len(negatives)}")
    for t in (80, 84, 86, 88, 90, 92, 94):
        m = sum(1 for p in positives if p[0] < t)
        w = sum(1 for n in negatives if n[0] >= t)
        print(f"  threshold {t}: variants missed {m}, near misses accepted {w}")
    print("hardest near misses on ratio alone (the guards reject them):")
    for s, a, b in raw[: args.show]:
        print(f"  {s:5.1f}  {a!r} ~ {b!r}")
    print("hardest variants:")
    for s, a, b in [p for p in positives if p[0] > 0][: args.show]:
        print(f"  {s:5.1f}  {a!r} ~ {b!r}")
    return 0 if not wrong else 1


if __name__ == "__main__":
    raise SystemExit(main())
