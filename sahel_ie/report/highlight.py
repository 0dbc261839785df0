"""Every slot of every record as a highlight span over the article text, and the text marked up with them.

An analyst accepts a record only after seeing where each slot was read, so each evidence offset of an
attack (trigger, perpetrator, place, date, targets, each casualty phrase), claim (claimant, claimed
tolls) and attribution (actor, attributing source) becomes one span tagged with its kind and record id.
Overlapping spans are flattened into segments, each carrying every span that covers it, so nested slots
(a place inside the record's sentence) stay visible and clickable.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Iterable

from sahel_ie.records import Evidence, Extraction

# Most specific first: a segment is coloured by the first of its kinds in this order.
KIND_ORDER = ("trigger", "perpetrator", "claimant", "actor", "attributed_by", "place", "date", "casualty",
              "target", "sentence")


@dataclass(frozen=True)
class Highlight:
    """One slot's evidence: ``[start, end)`` in the article, what it is and which record it belongs to."""

    start: int
    end: int
    kind: str
    record: str
    label: str = ""


def _spans(evidence: Iterable[Evidence], kind: str, record: str, label: str = "") -> list[Highlight]:
    return [Highlight(ev.start, ev.end, kind, record, label) for ev in evidence if ev.end > ev.start >= 0]


def _trigger(attack, record: str) -> list[Highlight]:
    """The trigger word's span: the contract keeps its text, so it is found inside the record's sentences."""
    trigger = (attack.text or "").strip()
    if not trigger:
        return []
    for ev in attack.evidence:
        if ev.text:
            at = ev.text.find(trigger)
            if at >= 0:
                return [Highlight(ev.start + at, ev.start + at + len(trigger), "trigger", record, trigger)]
    return []


def extraction_highlights(extraction: Extraction) -> list[Highlight]:
    """All highlight spans of one article's records, in record order."""
    out: list[Highlight] = []
    for attack in extraction.attacks:
        rid = attack.id
        out += _spans(attack.evidence, "sentence", rid)
        out += _trigger(attack, rid)
        out += _spans(attack.perpetrator.evidence, "perpetrator", rid, attack.perpetrator.name or "")
        out += _spans(attack.location.evidence, "place", rid, attack.location.name or "")
        out += _spans(attack.date.evidence, "date", rid, attack.date.value or "")
        for target in attack.targets:
            out += _spans(target.evidence, "target", rid, target.category)
        for casualty in attack.casualties:
            out += _spans(casualty.evidence, "casualty", rid, f"{casualty.outcome} {casualty.count}")
    for claim in extraction.claims:
        out += _spans(claim.evidence, "sentence", claim.id)
        out += _spans(claim.claimant.evidence, "claimant", claim.id, claim.claimant.name or "")
        for casualty in claim.claimed_casualties:
            out += _spans(casualty.evidence, "casualty", claim.id, f"{casualty.outcome} {casualty.count}")
    for attribution in extraction.attributions:
        out += _spans(attribution.evidence, "sentence", attribution.id)
        out += _spans(attribution.actor.evidence, "actor", attribution.id, attribution.actor.name or "")
        out += _spans(attribution.attributed_by.evidence, "attributed_by", attribution.id,
                      attribution.attributed_by.name or "")
    return out


def evidence_pieces(extraction: Extraction) -> list[tuple[int, str]]:
    """The article's known text when the file is gone: every evidence sentence at its own offset."""
    known: dict[int, str] = {}
    records = [*extraction.attacks, *extraction.claims, *extraction.attributions]
    for record in records:
        for ev in record.evidence:
            if ev.text and len(ev.text) == ev.end - ev.start:
                known.setdefault(ev.start, ev.text)
    pieces: list[tuple[int, str]] = []
    for start in sorted(known):
        text = known[start]
        if pieces and start <= pieces[-1][0] + len(pieces[-1][1]):
            prev_start, prev = pieces[-1]
            overlap_end = start + len(text)
            if overlap_end > prev_start + len(prev):
                pieces[-1] = (prev_start, prev + text[prev_start + len(prev) - start:])
            continue
        pieces.append((start, text))
    return pieces


def _segment(start: int, text: str, spans: list[Highlight]) -> str:
    end = start + len(text)
    inside = [s for s in spans if s.end > start and s.start < end]
    cuts = sorted({start, end, *(max(start, s.start) for s in inside), *(min(end, s.end) for s in inside)})
    parts: list[str] = []
    for left, right in zip(cuts, cuts[1:]):
        chunk = html.escape(text[left - start: right - start])
        covering = [s for s in inside if s.start <= left and s.end >= right]
        if not covering:
            parts.append(chunk)
            continue
        kinds = sorted({s.kind for s in covering}, key=KIND_ORDER.index)
        records = sorted({s.record for s in covering})
        labels = sorted({f"{s.kind}: {s.label}" if s.label else s.kind for s in covering if s.kind != "sentence"})
        title = f' title="{html.escape("; ".join(labels))}"' if labels else ""
        classes = " ".join(f"k-{k}" for k in kinds)
        parts.append(f'<span class="hl {classes}" data-rec="{" ".join(records)}"{title}>{chunk}</span>')
    return "".join(parts)


def highlight_html(pieces: list[tuple[int, str]], spans: list[Highlight]) -> str:
    """HTML of the text pieces (offset, text) with every span marked; gaps between pieces shown as [...]."""
    spans = [s for s in spans if s.kind in KIND_ORDER]
    out: list[str] = []
    previous_end = 0
    for start, text in pieces:
        if start > previous_end:
            out.append('<span class="gap">[…]</span> ')
        out.append(_segment(start, text, spans))
        previous_end = start + len(text)
    return "".join(out)
