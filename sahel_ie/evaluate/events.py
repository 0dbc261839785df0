"""Scoring event fusion: which records of which articles are one event (B-cubed and pairwise P/R/F1).

Gold is the corpus format itself: a gold attack record may carry ``"event": "<label>"``; records of any
articles with the same label are one event, and a record without a label is an event of its own. The
record scores are untouched by this: the key is ignored by the record loader.

Two measurements, because fusion sits on top of extraction:

* **end to end**: the pipeline's records of every article are fused; each gold record is aligned to a
  predicted record of its article with the record scorer's own alignment (``align``), and takes the
  event of that record. A gold record the pipeline missed is a singleton (it costs recall only if its
  event has other members);
* **fusion alone**: the gold records themselves are fused, so the figure is that of the matching and
  grouping, not of the extractor.

B-cubed (Bagga & Baldwin 1998) averages, over gold records, the share of a record's predicted event that
is in its gold event (precision) and the share of its gold event that is in its predicted event (recall).
Pairwise scores count pairs of records put together. ``violations`` lists every predicted event whose
located members lie more than ``MAX_KM`` apart or whose dates cannot overlap: there must be none.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any, Sequence

from sahel_ie.events import Event
from sahel_ie.evaluate.align import attack_similarity, hungarian
from sahel_ie.evaluate.gold import GoldArticle
from sahel_ie.records import Extraction, Source

MAX_KM = 50.0
Item = tuple[str, str]  # (doc_id, attack id)


def gold_event_labels(articles: Sequence[GoldArticle]) -> dict[Item, str]:
    """Every gold attack record and its event label (its own key when it has none)."""
    labels: dict[Item, str] = {}
    for article in articles:
        raw = json.loads(article.path.read_text(encoding="utf-8"))
        for attack in raw.get("attacks", []) or []:
            item = (article.doc_id, attack["id"])
            label = attack.get("event")
            labels[item] = f"event:{label}" if isinstance(label, str) and label else f"record:{item[0]}#{item[1]}"
    return labels


def has_event_gold(articles: Sequence[GoldArticle]) -> bool:
    return any(label.startswith("event:") for label in gold_event_labels(articles).values())


@dataclass
class ClusterScores:
    """B-cubed and pairwise precision, recall and F1 of one clustering against the gold one."""

    b3_precision: float
    b3_recall: float
    pair_precision: float
    pair_recall: float
    pairs_gold: int
    pairs_predicted: int
    pairs_correct: int
    records: int
    gold_events: int
    predicted_events: int

    @staticmethod
    def _f1(p: float, r: float) -> float:
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    @property
    def b3_f1(self) -> float:
        return self._f1(self.b3_precision, self.b3_recall)

    @property
    def pair_f1(self) -> float:
        return self._f1(self.pair_precision, self.pair_recall)

    def to_dict(self) -> dict[str, Any]:
        return {
            "b3": {"precision": round(self.b3_precision, 4), "recall": round(self.b3_recall, 4),
                   "f1": round(self.b3_f1, 4)},
            "pairwise": {"precision": round(self.pair_precision, 4), "recall": round(self.pair_recall, 4),
                         "f1": round(self.pair_f1, 4), "gold_pairs": self.pairs_gold,
                         "predicted_pairs": self.pairs_predicted, "correct_pairs": self.pairs_correct},
            "records": self.records, "gold_events": self.gold_events, "predicted_events": self.predicted_events,
        }


def cluster_scores(gold: dict[Item, str], predicted: dict[Item, str]) -> ClusterScores:
    """Compare two labellings of the same items (an item missing from ``predicted`` is a singleton)."""
    items = sorted(gold)
    pred = {i: predicted.get(i, f"single:{i}") for i in items}
    gold_groups: dict[str, set[Item]] = {}
    pred_groups: dict[str, set[Item]] = {}
    for i in items:
        gold_groups.setdefault(gold[i], set()).add(i)
        pred_groups.setdefault(pred[i], set()).add(i)
    precision = recall = 0.0
    for i in items:
        g, p = gold_groups[gold[i]], pred_groups[pred[i]]
        both = len(g & p)
        precision += both / len(p)
        recall += both / len(g)
    n = len(items) or 1
    gold_pairs = {pair for group in gold_groups.values() for pair in combinations(sorted(group), 2)}
    pred_pairs = {pair for group in pred_groups.values() for pair in combinations(sorted(group), 2)}
    correct = len(gold_pairs & pred_pairs)
    return ClusterScores(
        b3_precision=precision / n if items else 1.0, b3_recall=recall / n if items else 1.0,
        pair_precision=correct / len(pred_pairs) if pred_pairs else 1.0,
        pair_recall=correct / len(gold_pairs) if gold_pairs else 1.0,
        pairs_gold=len(gold_pairs), pairs_predicted=len(pred_pairs), pairs_correct=correct,
        records=len(items), gold_events=len(gold_groups), predicted_events=len(pred_groups),
    )


def with_gold_metadata(article: GoldArticle, extraction: Extraction) -> Extraction:
    """The prediction with the article's outlet, url, title and publication date (provenance for fusion)."""
    gold_source = article.extraction.source
    source = Source(path=extraction.source.path or str(article.path), url=extraction.source.url or gold_source.url,
                    outlet=extraction.source.outlet or gold_source.outlet,
                    title=extraction.source.title or gold_source.title)
    return Extraction(doc_id=extraction.doc_id, source=source, published=extraction.published or article.published,
                      attacks=extraction.attacks, claims=extraction.claims, attributions=extraction.attributions,
                      actors=extraction.actors, errors=extraction.errors)


def event_labels(events: Sequence[Event]) -> dict[Item, str]:
    return {(m.doc_id, m.record_id): e.event_id for e in events for m in e.members}


def violations(events: Sequence[Event], max_km: float = MAX_KM) -> list[dict[str, Any]]:
    """Members of one event more than ``max_km`` apart (both located at town level) or with dates that
    cannot overlap (``fusion.reports.date_interval`` with its day of slack)."""
    from sahel_ie.fusion.matching import dates_overlap, km
    from sahel_ie.fusion.reports import report_from_member

    out = []
    for event in events:
        reports = [report_from_member(m) for m in event.members if m.attack is not None]
        for a, b in combinations(reports, 2):
            if a.lat is not None and b.lat is not None and (a.level or 9) <= 2 and (b.level or 9) <= 2:
                distance = km(a.lat, a.lon, b.lat, b.lon)  # type: ignore[arg-type]
                if distance > max_km:
                    out.append({"event_id": event.event_id, "a": a.key, "b": b.key, "kind": "distance",
                                "km": round(distance, 1)})
            if not dates_overlap(a, b):
                out.append({"event_id": event.event_id, "a": a.key, "b": b.key, "kind": "date"})
    return out


@dataclass
class EventReport:
    """Event scores end to end and for fusion alone, with the invariant check of both runs."""

    end_to_end: ClusterScores
    fusion_only: ClusterScores
    violations: list[dict[str, Any]] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"end_to_end": self.end_to_end.to_dict(), "fusion_only": self.fusion_only.to_dict(),
                "violations": self.violations, "errors": self.errors}


def _errors(gold: dict[Item, str], predicted: dict[Item, str], limit: int = 50) -> list[dict[str, Any]]:
    """Gold records split from their event or joined to another one, for a person to read."""
    out = []
    for a, b in combinations(sorted(gold), 2):
        same_gold = gold[a] == gold[b]
        same_pred = a in predicted and b in predicted and predicted[a] == predicted[b]
        if same_gold != same_pred:
            out.append({"kind": "split" if same_gold else "merged", "a": "#".join(a), "b": "#".join(b)})
            if len(out) >= limit:
                break
    return out


def score_events(articles: Sequence[GoldArticle], predictions: dict[str, Extraction]) -> EventReport:
    """Fuse the predictions (and, apart, the gold records) and score both against the gold events."""
    from sahel_ie.fusion import fuse

    gold = gold_event_labels(articles)
    preds = [with_gold_metadata(a, predictions.get(a.doc_id) or Extraction(doc_id=a.doc_id)) for a in articles]
    events = fuse(preds)
    by_record = event_labels(events)
    aligned: dict[Item, str] = {}
    for article, pred in zip(articles, preds):
        pairs = hungarian(article.extraction.attacks, pred.attacks,
                          lambda g, p: attack_similarity(g, p, article.accept.get(g.id)))
        for gi, pi, _ in pairs:
            key = (article.doc_id, pred.attacks[pi].id)
            if key in by_record:
                aligned[(article.doc_id, article.extraction.attacks[gi].id)] = by_record[key]
    end_to_end = cluster_scores(gold, aligned)

    gold_events = fuse([with_gold_metadata(a, a.extraction) for a in articles])
    fusion_only = cluster_scores(gold, event_labels(gold_events))
    return EventReport(end_to_end, fusion_only, violations(events) + violations(gold_events),
                       _errors(gold, aligned))


def format_event_table(report: EventReport) -> str:
    lines = ["event fusion (records of several articles that are one event)",
             f"{'':38s}{'P':>7s}{'R':>7s}{'F1':>7s}  events gold/pred  pairs gold/pred/correct"]
    for name, s in (("end to end", report.end_to_end), ("fusion alone (gold records)", report.fusion_only)):
        for metric, p, r, f in (("B-cubed", s.b3_precision, s.b3_recall, s.b3_f1),
                                ("pairwise", s.pair_precision, s.pair_recall, s.pair_f1)):
            lines.append(f"{name + ' ' + metric:38s}{p:7.3f}{r:7.3f}{f:7.3f}  {s.gold_events:>6d}/{s.predicted_events:<6d}"
                         f"     {s.pairs_gold}/{s.pairs_predicted}/{s.pairs_correct}")
    lines.append(f"merges > {MAX_KM:.0f} km apart or with dates that cannot overlap: {len(report.violations)}")
    return "\n".join(lines)
