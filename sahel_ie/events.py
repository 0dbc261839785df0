"""The event contract: one real attack, fused from the attack records of many articles.

Analysts run the extractor over every outlet's coverage, so one attack arrives as many article records
(``records.Attack``) with different tolls, spellings, dates and hedges. An ``Event`` is what an ACLED
coder consolidating a week of reports writes down: one date, one place, one perpetrator with the
strongest certainty any report gives, the lowest credible toll per outcome and group with the range, and
every report it rests on (``members``), each with its own slot values so that a later run can re-fuse
without the original batch files. ``merges`` says, for every pair of reports joined, which slots agreed.

As with the article records, fields are only ever added; ``models/event.schema.json`` is generated from
these classes (``python -m sahel_ie.events > models/event.schema.json``; a test keeps the two equal).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from typing import Any, ClassVar

from sahel_ie.records import (
    ActorRef, Attack, Attribution, Casualty, Claim, DateValue, Evidence, Location, Record, Target,
)

CERTAINTY_ORDER = ("claimed", "stated", "attributed", "suspected")  # strongest first
ACTOR_ROLES = ("perpetrator", "claim", "attribution")
MATCH_SLOTS = (
    "date", "date~overlap", "place", "place~near", "place~region", "place~evidence", "place~unknown", "perpetrator",
    "perpetrator~parent", "perpetrator~lineage", "perpetrator~affiliate", "perpetrator~unknown",
    "perpetrator~competing", "attack_type", "attack_type~compatible", "casualties", "targets",
)


@dataclass
class DateReport(Record):
    """One member's date for the event (for the range and for a person checking the choice)."""

    doc_id: str
    record_id: str
    value: str | None = None
    end: str | None = None
    precision: str = "unknown"


@dataclass
class EventDate(Record):
    """The narrowest date every report allows.

    ``value``/``end``/``precision`` are the chosen date; ``earliest``/``latest`` the span of the members'
    own dates and ``disagree`` whether members gave different days; ``reports`` each member's date.
    """

    value: str | None = None
    end: str | None = None
    precision: str = "unknown"
    earliest: str | None = None
    latest: str | None = None
    disagree: bool = False
    reports: list[DateReport] = field(default_factory=list)
    nested_lists: ClassVar[dict[str, type]] = {"reports": DateReport}


@dataclass
class ActorReport(Record):
    """One report naming an actor for the event: as perpetrator, claimant or attributed actor."""

    doc_id: str
    record_id: str
    role: str
    actor: ActorRef = field(default_factory=ActorRef)
    certainty: str | None = None  # claimed | stated | attributed | suspected (for the perpetrator scale)
    status: str | None = None  # claims: claimed | denied | not_claimed
    by: ActorRef | None = None  # attributions: who said it
    nested: ClassVar[dict[str, type]] = {"actor": ActorRef, "by": ActorRef}


@dataclass
class EventPerpetrator(Record):
    """The perpetrator with the strongest certainty any report gives; ``competing``: every other actor named."""

    actor_id: str | None = None
    name: str | None = None
    kind: str = "unknown"
    certainty: str | None = None
    text: str | None = None
    competing: list[ActorReport] = field(default_factory=list)
    nested_lists: ClassVar[dict[str, type]] = {"competing": ActorReport}


@dataclass
class CasualtyReport(Record):
    """One member's figure for one (outcome, group)."""

    doc_id: str
    record_id: str
    count: int | None = None
    count_max: int | None = None
    qualifier: str = "exact"
    shared: bool = False
    source: str | None = None
    text: str = ""
    published: str | None = None


@dataclass
class EventCasualty(Record):
    """ACLED-style figure for one (outcome, group): the lowest credible count, the range, every report.

    ``count`` is the lowest figure among the members' own (not shared) figures, or among shared totals
    when there is nothing else; ``low``/``high`` span every figure; ``latest`` is the figure of the most
    recently published report (a revised toll), for analysts who follow revisions.
    """

    outcome: str
    group: str = "unspecified"
    count: int | None = None
    low: int | None = None
    high: int | None = None
    latest: int | None = None
    shared: bool = False
    reports: list[CasualtyReport] = field(default_factory=list)
    nested_lists: ClassVar[dict[str, type]] = {"reports": CasualtyReport}


@dataclass
class EventTotal(Record):
    """Per outcome, ACLED's total: the sum over groups of the lowest credible figures (``count``) and of
    the highest (``high``); "unspecified" counts only when no group breakdown exists."""

    outcome: str
    count: int | None = None
    high: int | None = None


@dataclass
class Member(Record):
    """One article record the event rests on, with provenance and the record itself (for re-fusion)."""

    doc_id: str
    record_id: str
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    title: str | None = None
    path: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    attack: Attack | None = None
    claims: list[Claim] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    nested: ClassVar[dict[str, type]] = {"attack": Attack}
    nested_lists: ClassVar[dict[str, type]] = {"evidence": Evidence, "claims": Claim, "attributions": Attribution}

    @property
    def key(self) -> str:
        """The member's identity across runs: ``doc_id#record_id``."""
        return f"{self.doc_id}#{self.record_id}"


@dataclass
class Merge(Record):
    """One join of two reports: which slots matched (``events.MATCH_SLOTS``) and the match score."""

    a: str
    b: str
    matched: list[str] = field(default_factory=list)
    score: float = 0.0


@dataclass
class Event(Record):
    """One real attack, fused from one or more article records (``members``)."""

    event_id: str
    attack_type: str = "unknown"
    attack_types: list[str] = field(default_factory=list)
    date: EventDate = field(default_factory=EventDate)
    location: Location = field(default_factory=Location)
    perpetrator: EventPerpetrator = field(default_factory=EventPerpetrator)
    targets: list[Target] = field(default_factory=list)
    casualties: list[EventCasualty] = field(default_factory=list)
    totals: list[EventTotal] = field(default_factory=list)
    claims: list[ActorReport] = field(default_factory=list)
    attributions: list[ActorReport] = field(default_factory=list)
    members: list[Member] = field(default_factory=list)
    merges: list[Merge] = field(default_factory=list)
    first_reported: str | None = None
    last_reported: str | None = None
    confidence: float = 0.5
    nested: ClassVar[dict[str, type]] = {
        "date": EventDate, "location": Location, "perpetrator": EventPerpetrator,
    }
    nested_lists: ClassVar[dict[str, type]] = {
        "targets": Target, "casualties": EventCasualty, "totals": EventTotal, "claims": ActorReport,
        "attributions": ActorReport, "members": Member, "merges": Merge,
    }

    def casualty(self, outcome: str, group: str) -> EventCasualty | None:
        return next((c for c in self.casualties if c.outcome == outcome and c.group == group), None)

    def total(self, outcome: str) -> int | None:
        entry = next((t for t in self.totals if t.outcome == outcome), None)
        return entry.count if entry is not None else None


EVENT_CLASSES: tuple[type, ...] = (
    Evidence, DateValue, Location, ActorRef, Target, Casualty, Attack, Claim, Attribution, DateReport,
    EventDate, ActorReport, EventPerpetrator, CasualtyReport, EventCasualty, EventTotal, Member, Merge,
)


def build_event_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one ``Event``, built by the record schema's own generator."""
    from sahel_ie import records
    from sahel_ie.schema import _class_schema

    extra_enums = {
        ("EventDate", "precision"): records.DATE_PRECISIONS,
        ("DateReport", "precision"): records.DATE_PRECISIONS,
        ("EventCasualty", "outcome"): records.CASUALTY_OUTCOMES,
        ("EventCasualty", "group"): records.CASUALTY_GROUPS,
        ("EventTotal", "outcome"): records.CASUALTY_OUTCOMES,
        ("CasualtyReport", "qualifier"): records.QUALIFIERS,
        ("ActorReport", "role"): ACTOR_ROLES,
    }
    extra_nullable = {
        ("EventPerpetrator", "certainty"): records.PERPETRATOR_CERTAINTIES,
        ("ActorReport", "certainty"): records.PERPETRATOR_CERTAINTIES,
        ("ActorReport", "status"): records.CLAIM_STATUSES,
    }
    def class_schema(cls: type) -> dict[str, Any]:
        schema = _class_schema(cls)  # the record classes' own enums come from sahel_ie.schema
        for (owner, name), values in extra_enums.items():
            if owner == cls.__name__:
                schema["properties"][name] = {"type": "string", "enum": list(values)}
        for (owner, name), values in extra_nullable.items():
            if owner == cls.__name__:
                schema["properties"][name] = {"enum": [*values, None]}
        return schema

    defs = {cls.__name__: class_schema(cls) for cls in EVENT_CLASSES}
    top = class_schema(Event)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "sahel_ie/event.schema.json",
        "title": "sahel_ie Event (one attack fused from many reports)",
        **top,
        "$defs": defs,
    }


def load_event_schema() -> dict[str, Any]:
    """The shipped ``models/event.schema.json``."""
    from sahel_ie.resources import read_json

    return read_json("event.schema.json")


def validate_event(data: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` if ``data`` does not follow the event contract."""
    import jsonschema

    jsonschema.validate(data, load_event_schema())


__all__ = [
    "Event", "EventDate", "DateReport", "EventPerpetrator", "ActorReport", "EventCasualty", "CasualtyReport",
    "EventTotal", "Member", "Merge", "CERTAINTY_ORDER", "MATCH_SLOTS", "build_event_schema", "validate_event",
]


if __name__ == "__main__":
    json.dump(build_event_schema(), sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
