"""What the review page shows, as plain data: one table row per attack, the article texts, the events.

Kept apart from the HTML so that the page's content can be checked without a browser: the rows carry
exactly the values the table displays and the filters match on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from sahel_ie.records import Attack, Extraction

COUNTRY_NAMES = {
    "ML": "Mali", "BF": "Burkina Faso", "NE": "Niger", "TD": "Chad", "MR": "Mauritania", "NG": "Nigeria",
    "BJ": "Benin", "TG": "Togo", "GH": "Ghana", "CI": "Côte d'Ivoire", "SN": "Senegal", "GN": "Guinea",
    "DZ": "Algeria", "LY": "Libya", "CM": "Cameroon",
}


@dataclass
class ArticleView:
    """One article as the page shows it: its records and the text (or evidence excerpts) they point into."""

    index: int
    extraction: Extraction
    text: str | None = None  # the full article when its file could be read back and still matches
    events: dict[str, str] = field(default_factory=dict)  # attack id -> event id


def read_extractions(path: str | Path) -> Iterator[Extraction]:
    """The records of a ``sahel-ie extract`` JSONL output; lines that do not parse are skipped."""
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            line = line.strip()
            if not line:
                continue
            try:
                data = json.loads(line)
            except ValueError:
                continue
            if isinstance(data, dict) and "doc_id" in data:
                yield Extraction.from_dict(data)


def read_events(path: str | Path | None) -> tuple[list[dict[str, Any]], dict[tuple[str, str], str]]:
    """Fused events (one JSON object per line, ``event_id`` and ``members`` of ``doc_id``/``record_id``)
    and the index (doc_id, attack id) -> event id."""
    if path is None:
        return [], {}
    events: list[dict[str, Any]] = []
    index: dict[tuple[str, str], str] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            try:
                event = json.loads(line)
            except ValueError:
                continue
            if not isinstance(event, dict) or "event_id" not in event:
                continue
            events.append(event)
            for member in event.get("members") or []:
                if isinstance(member, dict) and member.get("doc_id") is not None:
                    record = member.get("record_id") or member.get("attack_id")
                    index[(str(member["doc_id"]), str(record))] = str(event["event_id"])
    return events, index


def _matches(text: str, extraction: Extraction) -> bool:
    """Whether a text is the one the records were read from (their evidence offsets still fit)."""
    for record in [*extraction.attacks, *extraction.claims, *extraction.attributions]:
        for ev in record.evidence:
            if ev.text is not None:
                return text[ev.start:ev.end] == ev.text
    return True


class TextLoader:
    """Reads articles back from the paths the batch recorded, with the batch's own readers.

    A JSONL input holds many articles, so each file is read once and its texts kept by doc_id. Relative
    paths are tried from the working folder and from the folder of the output being reported.
    """

    def __init__(self, base_dirs: Iterable[Path] = ()) -> None:
        self.base_dirs = [Path(".")] + [Path(d) for d in base_dirs]
        self._cache: dict[str, dict[str, str]] = {}

    def _resolve(self, raw: str) -> Path | None:
        path = Path(raw)
        candidates = [path] if path.is_absolute() else [base / path for base in self.base_dirs]
        return next((c for c in candidates if c.is_file()), None)

    def text_for(self, extraction: Extraction) -> str | None:
        raw = extraction.source.path
        if not raw:
            return None
        if raw not in self._cache:
            from sahel_ie.io.readers import read_path

            path = self._resolve(raw)
            texts: dict[str, str] = {}
            if path is not None:
                try:
                    texts = {a.doc_id: a.text for a in read_path(path) if a.text}
                except Exception:  # an unreadable file only costs the full text, never the page
                    texts = {}
            self._cache[raw] = texts
        text = self._cache[raw].get(extraction.doc_id)
        return text if text is not None and _matches(text, extraction) else None


def _names(values: Iterable[str | None]) -> str:
    return "; ".join(sorted({v for v in values if v}))


def toll(attack: Attack, outcome: str) -> int | None:
    """The lowest figure per victim group, summed (the conservative toll the CSV writes too)."""
    from sahel_ie.io.writers import lowest_total

    own = lowest_total(attack, outcome)
    shared = lowest_total(attack, outcome, shared=True)
    return own if own is not None else shared


def attack_row(view: ArticleView, attack: Attack) -> dict[str, Any]:
    """The table row of one attack: the values shown, sorted and filtered on."""
    extraction = view.extraction
    claims = [c for c in extraction.claims if attack.id in c.attack_ids]
    attributions = [t for t in extraction.attributions if attack.id in t.attack_ids]
    location = attack.location
    return {
        "article": view.index,
        "doc_id": extraction.doc_id,
        "attack_id": attack.id,
        "event_id": view.events.get(attack.id, ""),
        "date": attack.date.value or "",
        "date_precision": attack.date.precision,
        "country": COUNTRY_NAMES.get(location.country or "", location.country or ""),
        "admin1": location.admin1 or "",
        "place": location.name or location.text or "",
        "lat": location.lat,
        "lon": location.lon,
        "type": attack.attack_type,
        "perpetrator": attack.perpetrator.name or attack.perpetrator.text or "",
        "certainty": attack.perpetrator.certainty or "",
        "killed": toll(attack, "killed"),
        "injured": toll(attack, "injured"),
        "abducted": toll(attack, "abducted"),
        "claims": _names(f"{c.claimant.name or c.claimant.text} ({c.status})" for c in claims),
        "attributed": _names(t.actor.name or t.actor.text for t in attributions),
        "confidence": round(attack.confidence, 2),
        "title": extraction.source.title or extraction.doc_id,
        "outlet": extraction.source.outlet or "",
    }
