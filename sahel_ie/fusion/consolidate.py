"""One ``Event`` from a group of reports: the values an ACLED coder would write, with every source kept.

* date: the narrowest interval every member allows; when day-precise members name different days (the
  slack ``reports.DAY_SLACK`` lets them join), the day most members give, ties to the earliest, with
  ``disagree`` and the ``earliest``/``latest`` span;
* place: the most precise member place (town before "near a town" before region), ties to the place
  most members name, then the earliest report;
* perpetrator: the strongest certainty any member gives (claimed > stated > attributed > suspected),
  ties to the actor most members name; every other actor named (as perpetrator, claimant or attributed
  actor) is kept in ``competing``;
* casualties per (outcome, group): the lowest figure of the members' own tolls (a toll shared with other
  attacks counts only when nothing else is given), the range and each member's figure; per outcome, the
  total is the sum of those lowest figures over the groups (ACLED's fatalities: soldiers and assailants
  alike), a figure for "people" counting only when no report breaks the victims down;
* the event id: ``evt-`` and a hash of the first report's identity (earliest published, then doc id and
  record id), so reruns on the same input, and later runs that only add reports, keep it.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from typing import Sequence

from sahel_ie.events import (
    CERTAINTY_ORDER, ActorReport, CasualtyReport, DateReport, Event, EventCasualty, EventDate,
    EventPerpetrator, EventTotal, Merge,
)
from sahel_ie.fusion.cluster import Group
from sahel_ie.fusion.reports import OUTCOMES, AttackReport, iso_day
from sahel_ie.records import ActorRef, Location, Target


def event_id_for(first: AttackReport) -> str:
    digest = hashlib.sha1(f"{first.member.doc_id}\x1f{first.member.record_id}".encode("utf-8")).hexdigest()
    return f"evt-{digest[:16]}"


def _date(reports: Sequence[AttackReport]) -> EventDate:
    dated = [r for r in reports if r.own_lo is not None and r.attack.date.value is not None]
    out = EventDate(reports=[
        DateReport(r.member.doc_id, r.member.record_id, r.attack.date.value, r.attack.date.end, r.attack.date.precision)
        for r in reports
    ])
    if not dated:
        return out
    lo = max(r.own_lo for r in dated)  # type: ignore[type-var]
    hi = min(r.own_hi for r in dated)  # type: ignore[type-var]
    out.earliest = iso_day(min(r.own_lo for r in dated))  # type: ignore[type-var]
    out.latest = iso_day(max(r.own_hi for r in dated))  # type: ignore[type-var]
    days = Counter(r.own_lo for r in dated if r.day_precise)
    out.disagree = len(days) > 1
    if lo <= hi:
        out.value = iso_day(lo)
        if lo == hi:
            out.precision = "day"
        else:
            narrowest = min(dated, key=lambda r: (r.own_hi - r.own_lo, r.order))  # type: ignore[operator]
            same = narrowest.own_lo == lo and narrowest.own_hi == hi
            out.precision = narrowest.attack.date.precision if same else "range"
            out.end = iso_day(hi) if out.precision in ("range", "week") else None
            if same and narrowest.attack.date.precision not in ("range", "week"):
                out.value = narrowest.attack.date.value
    else:
        best = max(days.items(), key=lambda item: (item[1], -item[0]))[0] if days else lo
        out.value, out.precision = iso_day(best), "day"
    return out


def _location(reports: Sequence[AttackReport]) -> Location:
    placed = [r for r in reports if r.level is not None]
    if not placed:
        country = next((r.country for r in reports if r.country), None)
        return Location(country=country)
    support = Counter(r.place_id or r.place_key for r in placed)
    best = min(placed, key=lambda r: (r.level, -support[r.place_id or r.place_key], r.lat is None, r.order))
    loc = best.location
    return Location(text=loc.text, name=loc.name, country=loc.country, admin1=loc.admin1, lat=loc.lat,
                    lon=loc.lon, relation=loc.relation, place_id=loc.place_id, geo_precision=loc.geo_precision)


def _strength(certainty: str | None) -> int:
    return CERTAINTY_ORDER.index(certainty) if certainty in CERTAINTY_ORDER else len(CERTAINTY_ORDER)


def _actor_reports(reports: Sequence[AttackReport]) -> tuple[list[ActorReport], list[ActorReport], list[ActorReport]]:
    perps, claims, attributions = [], [], []
    for r in reports:
        m, perp = r.member, r.attack.perpetrator
        if perp.actor_id or perp.text:
            perps.append(ActorReport(m.doc_id, m.record_id, "perpetrator", _bare(perp), perp.certainty))
        for c in m.claims:
            certainty = "claimed" if c.status == "claimed" else None
            claims.append(ActorReport(m.doc_id, m.record_id, "claim", _bare(c.claimant), certainty, c.status))
        for t in m.attributions:
            certainty = "suspected" if t.certainty in ("suspected", "alleged") else "attributed"
            attributions.append(ActorReport(m.doc_id, m.record_id, "attribution", _bare(t.actor), certainty,
                                            by=_bare(t.attributed_by)))
    return perps, claims, attributions


def _bare(ref: ActorRef) -> ActorRef:
    """An actor reference without article offsets (they mean nothing outside their article)."""
    return ActorRef(text=ref.text, actor_id=ref.actor_id, name=ref.name, kind=ref.kind, certainty=ref.certainty)


def _perpetrator(perps: list[ActorReport], claims: list[ActorReport], attributions: list[ActorReport]
                 ) -> EventPerpetrator:
    named = [p for p in perps if p.actor.actor_id] + [c for c in claims if c.status == "claimed" and c.actor.actor_id] \
        + [t for t in attributions if t.actor.actor_id]
    if not named:
        generic = next((p for p in perps if p.actor.text), None)
        return EventPerpetrator(text=generic.actor.text if generic else None,
                                kind=generic.actor.kind if generic else "unknown")
    support = Counter(a.actor.actor_id for a in named)
    best = min(named, key=lambda a: (_strength(a.certainty or "stated"), -support[a.actor.actor_id]))
    competing = [a for a in named if a.actor.actor_id != best.actor.actor_id]
    return EventPerpetrator(actor_id=best.actor.actor_id, name=best.actor.name, kind=best.actor.kind,
                            certainty=best.certainty or "stated", text=best.actor.text, competing=competing)


def _casualties(reports: Sequence[AttackReport]) -> tuple[list[EventCasualty], list[EventTotal]]:
    by_slot: dict[tuple[str, str], list[CasualtyReport]] = {}
    for r in reports:
        for c in r.attack.casualties:
            by_slot.setdefault((c.outcome, c.group), []).append(CasualtyReport(
                r.member.doc_id, r.member.record_id, c.count, c.count_max, c.qualifier, c.shared, c.source, c.text,
                r.member.published,
            ))
    out = []
    for (outcome, group), figures in sorted(by_slot.items(), key=lambda kv: (OUTCOMES.index(kv[0][0])
                                                                                if kv[0][0] in OUTCOMES else 9, kv[0][1])):
        counted = [f for f in figures if f.count is not None]
        own = [f for f in counted if not f.shared]
        basis = own or counted
        values = [f.count for f in counted] + [f.count_max for f in counted if f.count_max is not None]
        latest = max(basis, key=lambda f: (f.published or "", -(f.count or 0)), default=None)
        out.append(EventCasualty(
            outcome=outcome, group=group, count=min((f.count for f in basis), default=None),
            low=min(values, default=None), high=max(values, default=None),
            latest=latest.count if latest is not None else None, shared=not own and bool(counted), reports=figures,
        ))
    totals = []
    for outcome in OUTCOMES:
        entries = [c for c in out if c.outcome == outcome and c.count is not None]
        own = [c for c in entries if not c.shared] or entries
        if not own:
            continue
        broken_down = [c for c in own if c.group != "unspecified"]
        basis = broken_down or own  # a total over all groups counts only without a group breakdown
        totals.append(EventTotal(outcome, sum(c.count for c in basis),  # type: ignore[misc]
                                 sum((c.high if c.high is not None else c.count) for c in basis)))  # type: ignore[misc]
    return out, totals


def build_event(group: Group, reports: Sequence[AttackReport]) -> Event:
    members = sorted((reports[i] for i in group.members), key=lambda r: r.order)
    first = members[0]
    perps, claims, attributions = _actor_reports(members)
    types = Counter(r.attack_type for r in members if r.attack_type != "unknown")
    attack_type = "unknown"  # the type most members give, ties to the earliest report
    if types:
        top = max(types.values())
        attack_type = next(r.attack_type for r in members if types.get(r.attack_type) == top)
    targets: dict[str, Target] = {}
    for r in members:
        for t in r.attack.targets:
            targets.setdefault(t.category, Target(text=t.text, category=t.category))
    casualties, totals = _casualties(members)
    published = [r.member.published for r in members if r.member.published]
    joins = sorted(((tuple(sorted((reports[i], reports[j]), key=lambda r: r.order)), match)
                    for i, j, match in group.joins),
                   key=lambda item: (item[0][0].order, item[0][1].order))  # stable order, not the input order
    merges = [Merge(a.key, b.key, list(match.matched), match.score) for (a, b), match in joins]
    confidence = max(r.attack.confidence for r in members)
    confidence = round(min(1.0, confidence + 0.05 * (len({r.member.doc_id for r in members}) - 1)), 3)
    return Event(
        event_id=group.locked_id or event_id_for(first), attack_type=attack_type,
        attack_types=sorted(types), date=_date(members), location=_location(members),
        perpetrator=_perpetrator(perps, claims, attributions), targets=list(targets.values()),
        casualties=casualties, totals=totals, claims=claims, attributions=attributions,
        members=[r.member for r in members], merges=merges,
        first_reported=min(published) if published else None, last_reported=max(published) if published else None,
        confidence=confidence,
    )
