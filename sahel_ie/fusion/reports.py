"""Attack reports: one article's attack record with the derived values that matching compares.

Matching compares every candidate pair, so whatever it needs is computed once per record here: the
date as an interval of day numbers, the place with its coordinates, precision level and admin names
(filled from the gazetteer when the record has only a name), the perpetrator and every actor the
article's claims and attributions link to the attack, and the casualty figures.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Iterator

from sahel_ie.events import Member
from sahel_ie.kb.places import normalise
from sahel_ie.records import Attack, Extraction, Location
from sahel_ie.io.writers import lowest_total

# An undated report ("the toll rose to 89") is taken to be about an attack of the days before it was
# published: ACLED-style follow-ups and relayed claims come within days, rarely weeks.
UNDATED_WINDOW_DAYS = 10
# Two day-precise reports of one attack often differ by a day: night attacks ("the night of Sunday to
# Monday"), time zones, the day of the report taken for the day of the attack.
DAY_SLACK = 1
FIRM_CERTAINTIES = frozenset({"stated", "claimed", None})
OUTCOMES = ("killed", "injured", "abducted", "missing")


def day_number(value: str | None) -> int | None:
    """An ISO date as a day ordinal, None when missing or malformed."""
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def iso_day(number: int | None) -> str | None:
    return dt.date.fromordinal(number).isoformat() if number is not None else None


def date_interval(value: str | None, end: str | None, precision: str, published: str | None
                  ) -> tuple[int | None, int | None]:
    """The days a record's date allows, as ``(first, last)`` ordinals; ``(None, None)`` when unbounded.

    Coarse precisions cover their whole period ("in March" is every day of March); an undated record
    covers the ``UNDATED_WINDOW_DAYS`` before its publication; nothing happened after publication.
    """
    start, stop = day_number(value), day_number(end)
    pub = day_number(published)
    lo = hi = None
    if start is not None:
        day = dt.date.fromordinal(start)
        if precision == "month":
            lo = day.replace(day=1).toordinal()
            hi = day.replace(day=calendar.monthrange(day.year, day.month)[1]).toordinal()
        elif precision == "year":
            lo, hi = dt.date(day.year, 1, 1).toordinal(), dt.date(day.year, 12, 31).toordinal()
        elif precision == "week":
            lo, hi = start, stop if stop is not None and stop >= start else start + 6
        elif precision == "range":
            lo, hi = start, stop if stop is not None and stop >= start else start
        else:
            lo, hi = start, stop if stop is not None and stop >= start else start
    elif pub is not None:
        lo, hi = pub - UNDATED_WINDOW_DAYS, pub
    if pub is not None and lo is not None and hi is not None and hi > pub >= lo:
        hi = pub
    return lo, hi


@lru_cache(maxsize=1)
def _gazetteer():
    from sahel_ie.kb.places import default_gazetteer

    return default_gazetteer()


@lru_cache(maxsize=65_536)
def _place_facts(place_id: str | None, name: str | None, country: str | None
                 ) -> tuple[str | None, str | None, str | None, str | None, float | None, float | None]:
    """(place_id, kind, admin1, admin2, lat, lon) from the gazetteer for a record's place."""
    gaz = _gazetteer()
    place = gaz.get(place_id) if place_id else None
    if place is None and name:
        place = gaz.best(name, countries=[country] if country else [])
        if place is not None and country and place.country not in (None, country):
            place = None
    if place is None:
        return place_id, None, None, None, None, None
    return place.id, place.kind, place.admin1, place.admin2, place.lat, place.lon


_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
EVIDENCE_PLACE_KINDS = frozenset({"town", "village"})


@dataclass(frozen=True)
class EvidencePlace:
    """A town or village named in a record's own evidence when the extractor gave the record no place."""

    place_id: str
    lat: float
    lon: float
    admin_keys: frozenset[str]


def evidence_places(texts: Iterable[str], country: str | None, limit: int = 4) -> tuple[EvidencePlace, ...]:
    """Towns and villages named in the evidence sentences (one to three words, capitalised), in order.

    Only a hint for matching: a sentence may name other places too ("three weeks after an attack in X"),
    so such a place can speak for a match but never vetoes one (``matching.match_place``).
    """
    gaz = _gazetteer()
    found: list[EvidencePlace] = []
    seen: set[str] = set()
    for text in texts:
        words = _WORD.findall(text or "")
        for i, word in enumerate(words):
            if not word[:1].isupper():
                continue
            for n in (3, 2, 1):
                if i + n > len(words):
                    continue
                for place in gaz.lookup(" ".join(words[i:i + n]), country):
                    if place.kind in EVIDENCE_PLACE_KINDS and place.lat is not None and place.id not in seen:
                        seen.add(place.id)
                        keys = frozenset(k for k in (_key(place.admin1), _key(place.admin2), _key(place.name)) if k)
                        found.append(EvidencePlace(place.id, place.lat, place.lon, keys))
                        break
            if len(found) >= limit:
                return tuple(found)
    return tuple(found)


@lru_cache(maxsize=65_536)
def _key(text: str | None) -> str | None:
    return normalise(text) if text else None


@dataclass
class AttackReport:
    """One attack record of one article, ready to compare."""

    member: Member
    key: str
    order: tuple[str, str, str]
    lo: int | None
    hi: int | None
    own_lo: int | None
    own_hi: int | None
    day_precise: bool
    country: str | None
    level: int | None  # 1 in a town/village, 2 near one, 3 region or country, None unknown
    place_id: str | None
    place_key: str | None
    admin_keys: frozenset[str]
    region_keys: frozenset[str]
    country_only: bool
    lat: float | None
    lon: float | None
    actor_id: str | None
    certainty: str | None
    firm: bool
    actors: frozenset[str]
    attack_type: str
    figures: frozenset[tuple[str, int]]
    targets: frozenset[str]
    location: Location = field(repr=False, default_factory=Location)
    hints: tuple[EvidencePlace, ...] = ()  # places named in the evidence of a record without a place

    @property
    def attack(self) -> Attack:
        return self.member.attack  # type: ignore[return-value]


def report_from_member(member: Member) -> AttackReport:
    """Derive the comparison values of one member (its ``attack`` must be set)."""
    attack = member.attack or Attack(id=member.record_id)
    date = attack.date
    own_lo, own_hi = date_interval(date.value, date.end, date.precision, member.published)
    day_precise = date.precision == "day" and own_lo is not None and own_lo == own_hi and date.value is not None
    slack = DAY_SLACK if day_precise else 0
    lo = own_lo - slack if own_lo is not None else None
    hi = own_hi + slack if own_hi is not None else None

    loc = attack.location
    place_id, kind, admin1, admin2, lat, lon = _place_facts(loc.place_id, loc.name, loc.country)
    lat = loc.lat if loc.lat is not None else lat
    lon = loc.lon if loc.lon is not None else lon
    country = loc.country
    if loc.name is None:
        level = None
    elif kind in ("country", "region") or loc.relation == "region" or (loc.geo_precision or 0) >= 3:
        level = 3
    elif loc.relation in ("near", "between") or loc.geo_precision == 2:
        level = 2
    else:
        level = 1
    admin_keys = frozenset(k for k in (_key(loc.admin1), _key(admin1), _key(admin2)) if k)
    region_keys = frozenset(k for k in (_key(loc.name), _key(admin1) if kind == "region" else None) if k) \
        if level == 3 else frozenset()
    located = Location(
        text=loc.text, name=loc.name, country=country, admin1=loc.admin1 or admin1, lat=lat, lon=lon,
        relation=loc.relation, place_id=place_id, geo_precision=loc.geo_precision or level,
    )

    perp = attack.perpetrator
    actor_id, certainty = perp.actor_id, perp.certainty
    for claim in member.claims:
        if claim.status == "claimed" and claim.claimant.actor_id:
            if actor_id is None or claim.claimant.actor_id == actor_id:
                actor_id, certainty = claim.claimant.actor_id, "claimed"
    if actor_id is None:
        certainty = None
    firm = actor_id is not None and certainty in FIRM_CERTAINTIES
    actors = {actor_id} if actor_id else set()
    actors |= {c.claimant.actor_id for c in member.claims if c.status == "claimed" and c.claimant.actor_id}
    actors |= {t.actor.actor_id for t in member.attributions if t.actor.actor_id}

    hints: tuple[EvidencePlace, ...] = ()
    if level is None:
        texts = [e.text for e in attack.evidence if e.text] + [c.text for c in attack.casualties if c.text]
        hints = evidence_places(texts, country)

    figures = set()
    outcomes = {c.outcome for c in attack.casualties if c.count is not None}
    for outcome in OUTCOMES:
        if outcome not in outcomes:
            continue
        total = lowest_total(attack, outcome)
        if total is not None:
            figures.add((outcome, total))
        for casualty in attack.casualties:
            if casualty.outcome == outcome and casualty.count is not None:
                figures.add((outcome, casualty.count))
    targets = frozenset(t.category for t in attack.targets if t.category != "unknown")
    order = (member.published or "9999-99-99", member.doc_id, member.record_id)
    return AttackReport(
        member=member, key=member.key, order=order, lo=lo, hi=hi, own_lo=own_lo, own_hi=own_hi,
        day_precise=day_precise, country=country, level=level, place_id=place_id,
        place_key=_key(loc.name), admin_keys=admin_keys, region_keys=region_keys,
        country_only=kind == "country", lat=lat, lon=lon,
        actor_id=actor_id, certainty=certainty, firm=firm, actors=frozenset(actors),
        attack_type=attack.attack_type or "unknown", figures=frozenset(figures), targets=targets, location=located,
        hints=hints,
    )


def members_of(extraction: Extraction) -> Iterator[Member]:
    """One ``Member`` per attack record of an article, with the claims and attributions linked to it."""
    source = extraction.source
    for attack in extraction.attacks:
        yield Member(
            doc_id=extraction.doc_id, record_id=attack.id, outlet=source.outlet, url=source.url,
            published=extraction.published, title=source.title, path=source.path,
            evidence=list(attack.evidence), attack=attack,
            claims=[c for c in extraction.claims if attack.id in c.attack_ids],
            attributions=[t for t in extraction.attributions if attack.id in t.attack_ids],
        )


def reports_of(extractions: Iterable[Extraction]) -> list[AttackReport]:
    """Every attack record of every article, each once (a repeated doc_id/record_id keeps the first)."""
    out: list[AttackReport] = []
    seen: set[str] = set()
    for extraction in extractions:
        for member in members_of(extraction):
            if member.key not in seen:
                seen.add(member.key)
                out.append(report_from_member(member))
    return out
