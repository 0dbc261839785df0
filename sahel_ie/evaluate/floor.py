"""Score floors: the recorded minimum scores the corpus evaluation must keep (``evaluation_floor.json``).

A floor is a measured score minus a small margin, so that a change that makes extraction worse fails
the test suite, while noise-free rule output can still move by a hair. Floors cover the record-type F1s,
the micro/macro summaries and the key slots; raise them (``--write-floor``) when extraction improves.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from sahel_ie.evaluate.scoring import Report

FLOOR_KEYS = (
    "attack", "claim", "attribution", "records.micro_f1", "slots.micro_f1",
    "attack.perpetrator", "attack.place", "attack.date", "attack.killed", "attack.type",
    "claim.status", "claim.attack_links", "attribution.actor", "attribution.certainty",
)


def measure(report: Report) -> dict[str, float]:
    return {key: round(report.f1(key), 4) for key in FLOOR_KEYS}


def write_floor(report: Report, path: str | Path, margin: float = 0.02, gold: list[str] | None = None) -> dict[str, Any]:
    """Record floors = measured F1 - margin (never below 0), with the date measured."""
    measured = measure(report)
    data = {
        "measured_on": dt.date.today().isoformat(),
        "gold": gold or report.meta.get("gold", []),
        "articles": len(report.articles),
        "margin": margin,
        "measured": measured,
        "floors": {key: max(0.0, round(value - margin, 4)) for key, value in measured.items()},
    }
    Path(path).write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return data


def check_floor(report: Report, path: str | Path) -> list[str]:
    """One line per score below its floor; empty when all pass."""
    floors = json.loads(Path(path).read_text(encoding="utf-8"))["floors"]
    failures = []
    for key, floor in floors.items():
        value = report.f1(key)
        if value + 1e-9 < floor:
            failures.append(f"{key}: F1 {value:.4f} is below the floor {floor:.4f}")
    return failures
