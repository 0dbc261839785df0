"""Synthetic batch output for fusion benchmarks: the corpus's gold attack records, perturbed into reports.

Each synthetic event takes a gold attack record of the fixtures (its type, perpetrator, targets and
tolls) and puts it at a random gazetteer town or village of the three core countries on a random day (about ``RECORDS_PER_YEAR`` reports a year, so 100,000 records span several years);
one to four "outlets" then report it the way real coverage differs: the day or the day after, a month
only, no date; the town, "near" it, its region, no place; the perpetrator named, hedged or unknown;
tolls scaled by up to 30 % either way; published zero to three days later. Nothing is copied from any
text: the records are rebuilt from field values. The same seed gives the same records, and each record
knows its true event (``truth``), so the benchmark can also score the grouping.

    from fusion_data import synthetic_extractions
    extractions, truth = synthetic_extractions(10_000, seed=13)
"""

from __future__ import annotations

import copy
import datetime as dt
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sahel_ie.kb.places import default_gazetteer  # noqa: E402
from sahel_ie.records import ActorRef, Attack, DateValue, Extraction, Location, Source  # noqa: E402

FOLDERS = [ROOT / "corpus", ROOT / "corpus" / "heldout", ROOT / "corpus" / "events", ROOT / "seeds"]
RECORDS_PER_YEAR = 15_000  # about ACLED's yearly events in Mali, Burkina Faso and Niger, times two reports
OUTLETS = ["Wire A", "Wire B", "Local paper", "Radio", "Monitor", "Agency"]


def _templates() -> list[Attack]:
    from sahel_ie.evaluate.gold import load_gold_dir

    folders = [f for f in FOLDERS if f.is_dir()]
    return [a for g in load_gold_dir(*folders) for a in g.extraction.attacks]


def _places():
    gaz = default_gazetteer()
    towns = [p for p in gaz if p.kind in ("town", "village") and p.lat is not None and p.country in ("ML", "BF", "NE")]
    regions = {}
    for p in gaz:
        if p.kind == "region" and p.country in ("ML", "BF", "NE") and p.admin1:
            regions.setdefault((p.country, p.admin1), p)
    return towns, regions


def _location(rng: random.Random, town, regions) -> Location:
    roll = rng.random()
    if roll < 0.75:
        return Location(text=town.name, name=town.name, country=town.country, admin1=town.admin1, lat=town.lat,
                        lon=town.lon, relation="in", place_id=town.id, geo_precision=1)
    if roll < 0.85:
        return Location(text=f"near {town.name}", name=town.name, country=town.country, admin1=town.admin1,
                        lat=town.lat, lon=town.lon, relation="near", place_id=town.id, geo_precision=2)
    region = regions.get((town.country, town.admin1))
    if roll < 0.95 and region is not None:
        return Location(text=region.name, name=region.name, country=region.country, admin1=region.admin1,
                        lat=region.lat, lon=region.lon, relation="region", place_id=region.id, geo_precision=3)
    return Location(country=town.country)


def _date(rng: random.Random, day: dt.date) -> DateValue:
    roll = rng.random()
    if roll < 0.8:
        return DateValue(value=day.isoformat(), precision="day")
    if roll < 0.9:
        return DateValue(value=(day + dt.timedelta(days=rng.choice((-1, 1)))).isoformat(), precision="day")
    if roll < 0.95:
        return DateValue(value=day.replace(day=1).isoformat(), precision="month")
    return DateValue(precision="unknown")


def _perpetrator(rng: random.Random, template: ActorRef) -> ActorRef:
    if template.actor_id is None or rng.random() < 0.3:
        return ActorRef(text="gunmen", kind="unknown", certainty="stated")
    certainty = rng.choice(("stated", "attributed", "suspected", "claimed"))
    return ActorRef(text=template.text, actor_id=template.actor_id, name=template.name, kind=template.kind,
                    certainty=certainty)


def synthetic_extractions(n_records: int, seed: int = 13) -> tuple[list[Extraction], dict[str, int]]:
    """About ``n_records`` one-attack Extractions and the true event of each record (``doc#a1`` -> event)."""
    rng = random.Random(seed)
    templates = _templates()
    towns, regions = _places()
    start = dt.date(2015, 1, 1).toordinal()
    # a constant density whatever the size: about RECORDS_PER_YEAR reports a year over the three countries
    span_days = max(365, round(365 * n_records / RECORDS_PER_YEAR))
    out: list[Extraction] = []
    truth: dict[str, int] = {}
    event = 0
    while len(out) < n_records:
        template = rng.choice(templates)
        town = rng.choice(towns)
        day = dt.date.fromordinal(start + rng.randrange(span_days))
        for r in range(rng.choice((1, 1, 2, 2, 3, 4))):
            attack = copy.deepcopy(template)
            attack.id = "a1"
            attack.evidence = []
            attack.date = _date(rng, day)
            attack.location = _location(rng, town, regions)
            attack.perpetrator = _perpetrator(rng, template.perpetrator or ActorRef())
            for casualty in attack.casualties:
                casualty.evidence = []
                if casualty.count is not None:
                    casualty.count = max(0, round(casualty.count * rng.uniform(0.7, 1.3)))
            doc_id = f"syn{event:07d}_{r}"
            published = (day + dt.timedelta(days=rng.randrange(4))).isoformat()
            out.append(Extraction(doc_id=doc_id, published=published,
                                  source=Source(outlet=rng.choice(OUTLETS), url=f"https://synthetic.invalid/{doc_id}"),
                                  attacks=[attack]))
            truth[f"{doc_id}#a1"] = event
            if len(out) >= n_records:
                break
        event += 1
    return out, truth
