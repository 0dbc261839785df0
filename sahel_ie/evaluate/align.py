"""One-to-one alignment of predicted to gold records within an article.

As in MUC-4 template scoring and CEAF, each predicted record may stand for at most one gold record and
the pairing that maximises total similarity is chosen (Hungarian algorithm,
``scipy.optimize.linear_sum_assignment``), so a predicted record cannot be credited twice and the
choice does not depend on record order. A pair only counts when it passes a minimum: without it a
spurious prediction would be paired with whatever gold record is left and scored as a near miss.

Minimums (a pair below them has similarity 0 and is never matched):

* attack: its evidence overlaps the gold evidence (same trigger sentence/passage), or place and date both
  agree;
* claim: the same claimant actor;
* attribution: the same attributed actor.

Above the minimum, slot agreement breaks ties (two predicted attacks in one sentence, say).
"""

from __future__ import annotations

from typing import Callable, Sequence, TypeVar

import numpy as np
from scipy.optimize import linear_sum_assignment

from sahel_ie.records import Attack, Attribution, Claim, Evidence
from sahel_ie.evaluate import slots as S

G = TypeVar("G")
P = TypeVar("P")


def hungarian(gold: Sequence[G], pred: Sequence[P], similarity: Callable[[G, P], float]) -> list[tuple[int, int, float]]:
    """Pairs (gold index, pred index, similarity) of the best one-to-one matching with similarity > 0."""
    if not gold or not pred:
        return []
    sim = np.zeros((len(gold), len(pred)))
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            sim[i, j] = similarity(g, p)
    rows, cols = linear_sum_assignment(sim, maximize=True)
    return [(int(i), int(j), float(sim[i, j])) for i, j in zip(rows, cols) if sim[i, j] > 0]


def spans_overlap(a: Sequence[Evidence], b: Sequence[Evidence]) -> bool:
    return any(x.start < y.end and y.start < x.end for x in a for y in b)


def place_agrees(gold: Attack, pred: Attack, accept: dict) -> bool:
    gold_places = S.place_values(gold) | {S.fold(v) for v in accept.get("location.name", [])} | {
        f"id:{v}" for v in accept.get("location.place_id", [])
    }
    return bool(gold_places & S.place_values(pred))


def date_agrees(gold: Attack, pred: Attack, accept: dict) -> bool:
    value = pred.date.value if pred.date else None
    return value is not None and value in S.accepted(gold.date.value, accept, "date.value")


def attack_similarity(gold: Attack, pred: Attack, accept: dict | None = None) -> float:
    """0 below the minimum; else 0.5 for the minimum plus up to 0.5 for slot agreement."""
    accept = accept or {}
    overlap = spans_overlap(gold.evidence, pred.evidence)
    place, date = place_agrees(gold, pred, accept), date_agrees(gold, pred, accept)
    if not overlap and not (place and date):
        return 0.0
    g, p = S.attack_single_values(gold), S.attack_single_values(pred)
    checks = [place, date]
    for key in ("perpetrator", "type", "killed"):
        if g[key] is not None or p[key] is not None:
            checks.append(g[key] == p[key])
    agreement = sum(checks) / len(checks)
    return 0.5 + 0.3 * overlap + 0.2 * agreement


def map_links(ids: Sequence[str], mapping: dict[str, str]) -> set[str]:
    """Predicted attack ids in gold terms; an unaligned predicted attack stays a distinct, wrong id."""
    return {mapping.get(i, f"pred:{i}") for i in ids}


def _jaccard(a: set, b: set) -> float:
    return 1.0 if not a and not b else len(a & b) / len(a | b)


def claim_similarity(gold: Claim, pred: Claim, mapping: dict[str, str]) -> float:
    key = S.claimant_value(gold)
    if key is None or key != S.claimant_value(pred):
        return 0.0
    links = _jaccard(set(gold.attack_ids), map_links(pred.attack_ids, mapping))
    return 0.5 + 0.25 * (gold.status == pred.status) + 0.2 * links + 0.05 * spans_overlap(gold.evidence, pred.evidence)


def attribution_similarity(gold: Attribution, pred: Attribution, mapping: dict[str, str]) -> float:
    key = S.actor_value(gold.actor)
    if key is None or key != S.actor_value(pred.actor):
        return 0.0
    links = _jaccard(set(gold.attack_ids), map_links(pred.attack_ids, mapping))
    gold_by = S.speaker_values(gold)
    by = bool(gold_by & S.speaker_values(pred, predicted=True)) if gold_by else not S.speaker_values(pred)
    return (0.4 + 0.15 * (gold.certainty == pred.certainty) + 0.15 * by + 0.2 * links
            + 0.1 * spans_overlap(gold.evidence, pred.evidence))
