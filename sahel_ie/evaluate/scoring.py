"""Precision, recall and F1 of predicted records against gold, per record type and per slot.

Per article, predicted records are aligned one to one to gold records (``align``); attacks first, so
that the attack links of claims and attributions can be compared through the attack mapping.

Record level: an aligned pair is a true positive, an unaligned prediction a false positive, an unaligned
gold record a false negative.

Slot level (MUC style: recall over every gold slot, precision over every predicted slot):

* single-valued slots: in an aligned pair, equal (or accepted) values are a TP; different values are a
  FP and a FN; a value only in gold is a FN, only in the prediction a FP; both empty counts nothing.
  Slots of an unaligned gold record are FNs, of an unaligned prediction FPs.
* set-valued slots (targets, casualties, attack links): TP = shared elements, FP/FN = the rest.

Micro scores pool the counts; macro scores average F1 over record types / over slots that have any
count. A score with nothing to count (no gold, no prediction) is reported as 1.0 with zero support.
Every FP/FN is listed as an error with its article and evidence, for a person to read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

from sahel_ie.records import Attack, Attribution, Claim, Evidence, Extraction
from sahel_ie.evaluate import align as A
from sahel_ie.evaluate import slots as S
from sahel_ie.evaluate.gold import GoldArticle

RECORD_TYPES = ("attack", "claim", "attribution")
ATTACK_SLOTS = ("perpetrator", "place", "date", "killed", "injured", "abducted", "casualties", "targets", "type")
CLAIM_SLOTS = ("claimant", "status", "attack_links")
ATTRIBUTION_SLOTS = ("actor", "attributed_by", "certainty", "attack_links")
SLOT_NAMES = (
    [f"attack.{s}" for s in ATTACK_SLOTS] + [f"claim.{s}" for s in CLAIM_SLOTS]
    + [f"attribution.{s}" for s in ATTRIBUTION_SLOTS]
)


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: "Counts") -> None:
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn

    @property
    def empty(self) -> bool:
        return self.tp + self.fp + self.fn == 0

    @property
    def precision(self) -> float:
        return 1.0 if self.tp + self.fp == 0 else self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        return 1.0 if self.tp + self.fn == 0 else self.tp / (self.tp + self.fn)

    @property
    def f1(self) -> float:
        if self.empty:
            return 1.0
        return 2 * self.tp / (2 * self.tp + self.fp + self.fn)

    def to_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4), "support": self.tp + self.fn}


@dataclass
class ArticleScore:
    """Counts and errors of one article."""

    doc_id: str
    style: str | None = None
    records: dict[str, Counts] = field(default_factory=lambda: {t: Counts() for t in RECORD_TYPES})
    slots: dict[str, Counts] = field(default_factory=lambda: {s: Counts() for s in SLOT_NAMES})
    errors: list[dict[str, Any]] = field(default_factory=list)
    negatives: int = 0
    negatives_violated: list[dict[str, Any]] = field(default_factory=list)
    attack_mapping: dict[str, str] = field(default_factory=dict)  # pred attack id -> gold attack id
    # per slot, over aligned pairs whose gold slot has a value: [right, total] ("accuracy on matched")
    matched: dict[str, list[int]] = field(default_factory=dict)
    unmapped: list[dict[str, str]] = field(default_factory=list)


def _quote(text: str, evidence: Sequence[Evidence], limit: int = 300) -> str | None:
    if not evidence:
        return None
    ev = evidence[0]
    quote = ev.text if ev.text else text[ev.start:ev.end]
    return quote if len(quote) <= limit else quote[: limit - 3] + "..."


_SENTENCE_END = re.compile(r"(?<=[.!?”\"])\s+(?=[A-Z“\"])|\n+")


def sentence_around(text: str, evidence: Sequence[Evidence], limit: int = 400) -> str | None:
    """The sentence of the article holding the first evidence span, for a person reading an error.

    Gold evidence may be a short phrase (a place name in the real-news gold); the sentence around it is
    what one needs to see why the pipeline read it differently.
    """
    if not evidence:
        return None
    ev = evidence[0]
    start = 0
    for match in _SENTENCE_END.finditer(text, 0, min(len(text), ev.start + 2)):  # +2: the lookahead
        if match.end() <= ev.start:
            start = match.end()
    end_match = _SENTENCE_END.search(text, max(ev.end, start))
    end = end_match.start() if end_match else len(text)
    sentence = text[start:max(end, ev.end)].strip()
    return sentence if len(sentence) <= limit else sentence[: limit - 3] + "..."


class _Scorer:
    def __init__(self, gold: GoldArticle, pred: Extraction):
        self.gold, self.pred = gold, pred
        self.out = ArticleScore(doc_id=gold.doc_id, style=gold.style)

    # -- bookkeeping -------------------------------------------------------------------------------
    def error(self, rtype: str, kind: str, slot: str | None, gold_rec: Any, pred_rec: Any,
              gold_value: Any = None, pred_value: Any = None) -> None:
        rec = gold_rec if gold_rec is not None else pred_rec
        read = pred_rec if pred_rec is not None else gold_rec  # the sentence the pipeline read, if any
        self.out.errors.append({
            "doc_id": self.gold.doc_id, "record": rtype, "kind": kind, "slot": slot,
            "gold_id": getattr(gold_rec, "id", None), "pred_id": getattr(pred_rec, "id", None),
            "gold": _jsonable(gold_value), "pred": _jsonable(pred_value),
            "evidence": _quote(self.gold.text, rec.evidence) if rec is not None else None,
            "sentence": sentence_around(self.gold.text, read.evidence) if read is not None else None,
        })

    def single(self, rtype: str, slot: str, gold_rec: Any, pred_rec: Any, gold_ok: set, pred_value: Any,
               gold_shown: Any) -> None:
        """Score one single-valued slot; ``gold_ok`` holds every acceptable gold value."""
        if f"{rtype}.{slot}" in self.gold.unscored_slots:
            return
        counts = self.out.slots[f"{rtype}.{slot}"]
        has_gold = bool(gold_ok) and gold_rec is not None
        has_pred = pred_value is not None and pred_value != set() and pred_rec is not None
        hit = has_gold and has_pred and (
            bool(pred_value & gold_ok) if isinstance(pred_value, set) else pred_value in gold_ok)
        if has_gold and pred_rec is not None:
            right_total = self.out.matched.setdefault(f"{rtype}.{slot}", [0, 0])
            right_total[0] += int(hit)
            right_total[1] += 1
        if has_gold and has_pred:
            if hit:
                counts.tp += 1
                return
            counts.fp += 1
            counts.fn += 1
            self.error(rtype, "wrong_slot", slot, gold_rec, pred_rec, gold_shown, pred_value)
        elif has_gold:
            counts.fn += 1
            if pred_rec is not None:
                self.error(rtype, "missing_slot", slot, gold_rec, pred_rec, gold_shown, None)
        elif has_pred:
            counts.fp += 1
            if gold_rec is not None:
                self.error(rtype, "spurious_slot", slot, gold_rec, pred_rec, None, pred_value)

    def multi(self, rtype: str, slot: str, gold_rec: Any, pred_rec: Any, gold_set: set, pred_set: set) -> None:
        if f"{rtype}.{slot}" in self.gold.unscored_slots:
            return
        counts = self.out.slots[f"{rtype}.{slot}"]
        gold_set = gold_set if gold_rec is not None else set()
        pred_set = pred_set if pred_rec is not None else set()
        counts.tp += len(gold_set & pred_set)
        counts.fp += len(pred_set - gold_set)
        counts.fn += len(gold_set - pred_set)
        if gold_rec is not None and pred_rec is not None and gold_set != pred_set:
            self.error(rtype, "wrong_slot", slot, gold_rec, pred_rec, sorted(gold_set - pred_set, key=str),
                       sorted(pred_set - gold_set, key=str))

    # -- record types ------------------------------------------------------------------------------
    def attack_slots(self, g: Attack | None, p: Attack | None) -> None:
        accept = self.gold.accept.get(g.id, {}) if g is not None else {}
        gv = S.attack_single_values(g) if g is not None else {}
        if p is not None and self.gold.claimant_tolls_on_attack:
            p = S.with_claimed_tolls(p, self.pred.claims)
        pv = S.attack_single_values(p) if p is not None else {}
        gold_places = set()
        if g is not None:
            gold_places = S.place_values(g) | {S.fold(v) for v in accept.get("location.name", []) if S.fold(v)}
            gold_places |= {f"id:{v}" for v in accept.get("location.place_id", [])}
        pred_places = S.place_values(p) if p is not None else set()
        self.single("attack", "place", g, p, gold_places, pred_places or None,
                    g.location.name if g is not None else None)
        for slot, keys in (("perpetrator", ("perpetrator.actor_id", "perpetrator")), ("date", ("date.value", "date")),
                           ("type", ("attack_type", "type")), ("killed", ("killed",)), ("injured", ("injured",)),
                           ("abducted", ("abducted",))):
            ok = S.accepted(gv.get(slot), accept, *keys) if g is not None else set()
            self.single("attack", slot, g, p, ok, pv.get(slot), gv.get(slot))
        self.multi("attack", "casualties", g, p, S.casualty_triples(g) if g else set(),
                   S.casualty_triples(p) if p else set())
        gold_targets = S.target_categories(g) if g else set()
        gold_targets |= set(accept.get("targets.category", [])) & (S.target_categories(p) if p else set())
        self.multi("attack", "targets", g, p, gold_targets, S.target_categories(p) if p else set())

    def claim_slots(self, g: Claim | None, p: Claim | None) -> None:
        mapping = self.out.attack_mapping
        self.single("claim", "claimant", g, p, {S.claimant_value(g)} - {None} if g else set(),
                    S.claimant_value(p) if p else None, S.claimant_value(g) if g else None)
        self.single("claim", "status", g, p, {g.status} if g else set(), p.status if p else None,
                    g.status if g else None)
        self.multi("claim", "attack_links", g, p, set(g.attack_ids) if g else set(),
                   A.map_links(p.attack_ids, mapping) if p else set())

    def attribution_slots(self, g: Attribution | None, p: Attribution | None) -> None:
        mapping = self.out.attack_mapping
        gval = S.actor_value(g.actor) if g else None
        self.single("attribution", "actor", g, p, {gval} - {None}, S.actor_value(p.actor) if p else None, gval)
        gold_by = S.speaker_values(g)
        self.single("attribution", "attributed_by", g, p, gold_by, S.speaker_values(p, predicted=True) or None,
                    S.actor_value(g.attributed_by) if g else None)
        self.single("attribution", "certainty", g, p, {g.certainty} if g else set(), p.certainty if p else None,
                    g.certainty if g else None)
        self.multi("attribution", "attack_links", g, p, set(g.attack_ids) if g else set(),
                   A.map_links(p.attack_ids, mapping) if p else set())

    def records(self, rtype: str, gold: list, pred: list, pairs: list[tuple[int, int, float]], slot_fn) -> None:
        counts = self.out.records[rtype]
        matched_g = {i for i, _, _ in pairs}
        matched_p = {j for _, j, _ in pairs}
        for i, j, _ in pairs:
            counts.tp += 1
            slot_fn(gold[i], pred[j])
        for i, g in enumerate(gold):
            if i not in matched_g:
                counts.fn += 1
                self.error(rtype, "missed", None, g, None, gold_value=summarise(g))
                slot_fn(g, None)
        for j, p in enumerate(pred):
            if j not in matched_p:
                counts.fp += 1
                self.error(rtype, "spurious", None, None, p, pred_value=summarise(p))
                slot_fn(None, p)

    def negatives(self) -> None:
        self.out.negatives = len(self.gold.negatives)
        for neg in self.gold.negatives:
            for p in self.pred.attacks:
                inside = [ev for ev in p.evidence
                          if ev.end > ev.start and min(ev.end, neg.end) - max(ev.start, neg.start) >= (ev.end - ev.start) / 2]
                if not inside and self.gold.negatives_by_trigger:
                    inside = [ev for ev in p.evidence if _trigger_inside(self.gold.text, p.text, ev, neg)]
                if inside:
                    self.out.negatives_violated.append({
                        "doc_id": self.gold.doc_id, "pred_id": p.id, "reason": neg.reason, "evidence": neg.quote,
                    })
                    break

    def run(self) -> ArticleScore:
        g, p = self.gold.extraction, self.pred
        accept = self.gold.accept
        pairs = A.hungarian(g.attacks, p.attacks, lambda a, b: A.attack_similarity(a, b, accept.get(a.id, {})))
        self.out.attack_mapping = {p.attacks[j].id: g.attacks[i].id for i, j, _ in pairs}
        self.records("attack", g.attacks, p.attacks, pairs, self.attack_slots)
        mapping = self.out.attack_mapping
        pairs = A.hungarian(g.claims, p.claims, lambda a, b: A.claim_similarity(a, b, mapping))
        self.records("claim", g.claims, p.claims, pairs, self.claim_slots)
        pairs = A.hungarian(g.attributions, p.attributions, lambda a, b: A.attribution_similarity(a, b, mapping))
        self.records("attribution", g.attributions, p.attributions, pairs, self.attribution_slots)
        self.negatives()
        self.out.unmapped = list(self.gold.unmapped)
        return self.out


def _trigger_inside(text: str, trigger: str, ev: Evidence, neg: Any) -> bool:
    """Whether the trigger word occurs in the part of the evidence span that lies inside the negative."""
    if not trigger:
        return False
    start, end = max(ev.start, neg.start), min(ev.end, neg.end)
    if end <= start:
        return False
    pattern = re.compile(r"(?<!\w)" + re.escape(trigger) + r"(?!\w)", re.IGNORECASE)
    return pattern.search(text, start, end) is not None


def summarise(record: Any) -> str:
    """A one-line description of a record for the error list."""
    if isinstance(record, Attack):
        killed = S.outcome_total(record, "killed")
        return (f"{record.attack_type} at {record.location.name or '?'} on {record.date.value or '?'} by "
                f"{S.perpetrator_value(record.perpetrator) or '?'}, killed {killed if killed is not None else '?'}")
    if isinstance(record, Claim):
        return f"{S.claimant_value(record)} {record.status} {record.attack_ids}"
    if isinstance(record, Attribution):
        return (f"{S.actor_value(record.attributed_by)} -> {S.actor_value(record.actor)} ({record.certainty}) "
                f"{record.attack_ids}")
    return str(record)


def _jsonable(value: Any) -> Any:
    if isinstance(value, (set, frozenset)):
        return sorted((_jsonable(v) for v in value), key=str)
    if isinstance(value, tuple):
        return list(value)
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def score_article(gold: GoldArticle, pred: Extraction | None) -> ArticleScore:
    """Align and score one article; a missing prediction scores as an empty one."""
    return _Scorer(gold, pred or Extraction(doc_id=gold.doc_id)).run()


@dataclass
class Report:
    """Pooled scores over articles, with every error; ``to_dict()`` is the JSON report."""

    articles: list[ArticleScore]
    missing_predictions: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    def record_counts(self) -> dict[str, Counts]:
        out = {t: Counts() for t in RECORD_TYPES}
        for art in self.articles:
            for t, c in art.records.items():
                out[t].add(c)
        return out

    def slot_counts(self) -> dict[str, Counts]:
        out = {s: Counts() for s in SLOT_NAMES}
        for art in self.articles:
            for s, c in art.slots.items():
                out[s].add(c)
        return out

    @staticmethod
    def _micro(counts: Iterable[Counts]) -> Counts:
        total = Counts()
        for c in counts:
            total.add(c)
        return total

    @staticmethod
    def _macro(counts: Iterable[Counts]) -> float:
        scored = [c.f1 for c in counts if not c.empty]
        return sum(scored) / len(scored) if scored else 1.0

    def _per_style(self) -> dict[str, dict[str, Any]]:
        """Record F1 per article style (wire, analysis, translated_french...): where the rules are weak."""
        groups: dict[str, dict[str, Counts]] = {}
        for art in self.articles:
            bucket = groups.setdefault(art.style or "unknown", {t: Counts() for t in RECORD_TYPES})
            for t, c in art.records.items():
                bucket[t].add(c)
        return {style: {t: round(c.f1, 4) for t, c in counts.items()} | {"articles": sum(
            1 for a in self.articles if (a.style or "unknown") == style)} for style, counts in sorted(groups.items())}

    @property
    def errors(self) -> list[dict[str, Any]]:
        return [e for art in self.articles for e in art.errors]

    @property
    def negatives_violated(self) -> list[dict[str, Any]]:
        return [v for art in self.articles for v in art.negatives_violated]

    def matched_accuracy(self) -> dict[str, dict[str, Any]]:
        """Per slot, over aligned record pairs whose gold slot has a value: right / total.

        This is the "perpetrator accuracy on matched attacks" figure: unlike slot F1 it does not mix in
        the records the pipeline missed or invented, so it isolates how well a found record is filled.
        """
        pooled: dict[str, list[int]] = {}
        for art in self.articles:
            for slot, (right, total) in art.matched.items():
                cell = pooled.setdefault(slot, [0, 0])
                cell[0] += right
                cell[1] += total
        return {slot: {"right": r, "total": t, "accuracy": round(r / t, 4) if t else 1.0}
                for slot, (r, t) in sorted(pooled.items(), key=lambda item: SLOT_NAMES.index(item[0]))}

    @property
    def unmapped(self) -> list[dict[str, str]]:
        """Gold actor names the knowledge base does not resolve (doc_id, role, name)."""
        return [u for art in self.articles for u in art.unmapped]

    def errors_by_slot(self) -> dict[str, list[dict[str, Any]]]:
        """Errors grouped by what went wrong: ``attack.place`` etc. for slots, ``attack.missed`` /
        ``attack.spurious`` for whole records; groups in scoring order, then by article."""
        order = [f"{t}.{k}" for t in RECORD_TYPES for k in ("missed", "spurious")] + list(SLOT_NAMES)
        groups: dict[str, list[dict[str, Any]]] = {}
        for error in self.errors:
            key = f"{error['record']}.{error['slot'] or error['kind']}"
            groups.setdefault(key, []).append(error)
        return {key: groups[key] for key in sorted(groups, key=lambda k: order.index(k) if k in order else len(order))}

    def f1(self, name: str) -> float:
        """F1 of a record type ("attack") or a slot ("attack.place"), or "records.micro" etc."""
        if name in RECORD_TYPES:
            return self.record_counts()[name].f1
        if name in SLOT_NAMES:
            return self.slot_counts()[name].f1
        summary = self.to_dict(with_errors=False)["summary"]
        return summary[name]

    def to_dict(self, with_errors: bool = True) -> dict[str, Any]:
        records, slots = self.record_counts(), self.slot_counts()
        out: dict[str, Any] = {
            "articles": len(self.articles),
            "missing_predictions": list(self.missing_predictions),
            "summary": {
                "records.micro_f1": round(self._micro(records.values()).f1, 4),
                "records.macro_f1": round(self._macro(records.values()), 4),
                "slots.micro_f1": round(self._micro(slots.values()).f1, 4),
                "slots.macro_f1": round(self._macro(slots.values()), 4),
            },
            "records": {t: c.to_dict() for t, c in records.items()},
            "records_micro": self._micro(records.values()).to_dict(),
            "slots": {s: c.to_dict() for s, c in slots.items()},
            "slots_micro": self._micro(slots.values()).to_dict(),
            "negatives": {
                "total": sum(a.negatives for a in self.articles),
                "violated": len(self.negatives_violated),
                # share of negative sentences/phrases that yielded a predicted attack ("background leak")
                "leak": round(len(self.negatives_violated) / max(1, sum(a.negatives for a in self.articles)), 4),
            },
            "matched_accuracy": self.matched_accuracy(),
            "unmapped_actors": self.unmapped,
            "per_style": self._per_style(),
            "per_article": {
                a.doc_id: {t: c.to_dict() for t, c in a.records.items()} for a in self.articles
            },
            "meta": dict(self.meta),
        }
        if with_errors:
            out["errors"] = self.errors
            out["errors_by_slot"] = self.errors_by_slot()
            out["negatives"]["violations"] = self.negatives_violated
        return out


def score(gold: Sequence[GoldArticle], predictions: dict[str, Extraction] | Iterable[Extraction],
          meta: dict[str, Any] | None = None) -> Report:
    """Score predictions (by doc_id) against gold articles; gold without a prediction scores as empty."""
    if not isinstance(predictions, dict):
        predictions = {p.doc_id: p for p in predictions}
    missing = [g.doc_id for g in gold if g.doc_id not in predictions]
    return Report([score_article(g, predictions.get(g.doc_id)) for g in gold], missing, dict(meta or {}))
