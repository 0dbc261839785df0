"""The record contract of DESIGN.md section 2, as dataclasses.

Outside tools and the evaluation read this shape, so fields are only ever added. Every class has
``to_dict()`` (the JSON form, key order as in the contract) and ``from_dict()`` (tolerant of missing
optional keys, so older outputs still load); ``from_dict(to_dict(x)) == x`` holds for all of them.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from functools import cache
from typing import Any, ClassVar, TypeVar

ATTACK_TYPES = (
    "armed_assault", "ambush", "bombing", "shelling", "raid", "abduction", "arson", "unknown", "airstrike",
)
DATE_PRECISIONS = ("day", "week", "month", "year", "range", "unknown")
LOCATION_RELATIONS = ("in", "near", "between", "region")
TARGET_CATEGORIES = (
    "civilians", "military", "police", "government", "un_peacekeepers", "foreign_forces", "militia",
    "infrastructure", "unknown",
)
CASUALTY_OUTCOMES = ("killed", "injured", "abducted", "missing")
CASUALTY_GROUPS = ("civilians", "military", "police", "militia", "assailants", "peacekeepers", "unspecified")
QUALIFIERS = ("exact", "at_least", "about", "nearly", "up_to", "more_than")
PERPETRATOR_CERTAINTIES = ("stated", "claimed", "attributed", "suspected")
CLAIM_STATUSES = ("claimed", "denied", "not_claimed")
ATTRIBUTION_CERTAINTIES = ("asserted", "suspected", "alleged")

T = TypeVar("T", bound="Record")


_PLAIN = frozenset({str, int, float, bool, type(None)})  # values that go into the JSON form as they are


@cache
def _field_names(cls: type) -> tuple[str, ...]:
    """A dataclass's field names in declaration order (``dataclasses.fields`` rebuilds them on each call)."""
    return tuple(f.name for f in fields(cls))


class Record:
    """Shared JSON conversion for the contract's dataclasses."""

    nested: ClassVar[dict[str, type]] = {}
    nested_lists: ClassVar[dict[str, type]] = {}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        values = self.__dict__
        for name in _field_names(type(self)):
            value = values[name]
            if type(value) in _PLAIN:
                out[name] = value
                continue
            if isinstance(value, Record):
                value = value.to_dict()
            elif isinstance(value, list):
                value = [v.to_dict() if isinstance(v, Record) else v for v in value]
            elif isinstance(value, dict):
                value = dict(value)
            out[name] = value
        return out

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any] | None) -> T:
        data = data or {}
        known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            if key not in known:
                continue
            if key in cls.nested and value is not None:
                value = cls.nested[key].from_dict(value)
            elif key in cls.nested_lists and value is not None:
                value = [cls.nested_lists[key].from_dict(v) for v in value]
            kwargs[key] = value
        return cls(**kwargs)


@dataclass
class Evidence(Record):
    """Where a slot or record was read: character offsets into the article and the sentence index."""

    start: int
    end: int
    sentence: int | None = None
    text: str | None = None


@dataclass
class DateValue(Record):
    """A date as told. Without an anchor (no publication date, no dateline) ``value`` stays None but
    ``text`` and ``precision`` are kept, and ``partial`` holds what the words fix without the year, in
    ISO 8601's truncated forms: "--08-18" (18 August), "--08" (August)."""

    text: str | None = None
    value: str | None = None
    end: str | None = None
    precision: str = "unknown"
    evidence: list[Evidence] = field(default_factory=list)
    partial: str | None = None
    nested_lists: ClassVar[dict[str, type]] = {"evidence": Evidence}


@dataclass
class Location(Record):
    """Where an attack happened. ``geo_precision`` as ACLED codes it: 1 the town or village itself, 2 near
    a town or part of a district, 3 a region or wider. ``gazetteer`` says which table resolved the place
    ("shipped" or "geonames:ML"); ``runner_up`` and ``reason`` the second-best candidate and the signal
    that decided between them, when the name had several. ``site`` is the village the text names when the
    record is coded at the reference place written beside it (see docs/gazetteer.md)."""

    text: str | None = None
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    relation: str | None = None
    place_id: str | None = None
    geo_precision: int | None = None
    evidence: list[Evidence] = field(default_factory=list)
    admin2: str | None = None
    geonames_id: int | None = None
    gazetteer: str | None = None
    runner_up: str | None = None
    reason: str | None = None
    # the place the text names when the record is coded at a reference place instead: a village no
    # gazetteer locates, written beside the town, cercle or region it lies near or in ("X, 8 km from Boni")
    site: str | None = None
    nested_lists: ClassVar[dict[str, type]] = {"evidence": Evidence}


@dataclass
class ActorRef(Record):
    """A mention of an actor, resolved to the knowledge base when possible."""

    text: str | None = None
    actor_id: str | None = None
    name: str | None = None
    kind: str = "unknown"
    certainty: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    # other actors the text names together with this one ("JNIM and/or ISGS militants"), as KB ids
    co_actors: list[str] = field(default_factory=list)
    # how the words were tied to ``actor_id`` when they do not name it: "description" ("the group",
    # "an al-Qaeda affiliate"), "person" (a leader or spokesman), "community" ("Fulani militiamen"),
    # "national" (unnamed "soldiers", "government forces": the article's country's army), "branch" (an
    # organisation named where only one of its units operates: "Islamic State militants" in Mali are its
    # Sahel province); None for a name
    resolved_as: str | None = None
    antecedent: Evidence | None = None  # the mention that named the actor a description stands for
    nested: ClassVar[dict[str, type]] = {"antecedent": Evidence}
    nested_lists: ClassVar[dict[str, type]] = {"evidence": Evidence}


@dataclass
class Target(Record):
    text: str
    category: str = "unknown"
    evidence: list[Evidence] = field(default_factory=list)
    nested_lists: ClassVar[dict[str, type]] = {"evidence": Evidence}


@dataclass
class Casualty(Record):
    outcome: str
    group: str = "unspecified"
    count: int | None = None
    count_max: int | None = None
    qualifier: str = "exact"
    text: str = ""
    shared: bool = False
    source: str | None = None
    evidence: list[Evidence] = field(default_factory=list)
    nested_lists: ClassVar[dict[str, type]] = {"evidence": Evidence}


@dataclass
class Attack(Record):
    id: str
    attack_type: str = "unknown"
    text: str = ""
    date: DateValue = field(default_factory=DateValue)
    location: Location = field(default_factory=Location)
    perpetrator: ActorRef = field(default_factory=ActorRef)
    targets: list[Target] = field(default_factory=list)
    casualties: list[Casualty] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5
    # each telling of the attack the record was built from (headline, lede, body), in text order
    mentions: list[Evidence] = field(default_factory=list)
    nested: ClassVar[dict[str, type]] = {"date": DateValue, "location": Location, "perpetrator": ActorRef}
    nested_lists: ClassVar[dict[str, type]] = {"targets": Target, "casualties": Casualty, "evidence": Evidence,
                                               "mentions": Evidence}


@dataclass
class Claim(Record):
    id: str
    claimant: ActorRef = field(default_factory=ActorRef)
    status: str = "claimed"
    attack_ids: list[str] = field(default_factory=list)
    channel: str | None = None
    claimed_casualties: list[Casualty] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5
    reported_by: list[str] = field(default_factory=list)  # outlets relaying the claim (SITE, AFP, ...)
    nested: ClassVar[dict[str, type]] = {"claimant": ActorRef}
    nested_lists: ClassVar[dict[str, type]] = {"claimed_casualties": Casualty, "evidence": Evidence}


@dataclass
class Attribution(Record):
    id: str
    attributed_by: ActorRef = field(default_factory=ActorRef)
    actor: ActorRef = field(default_factory=ActorRef)
    certainty: str = "asserted"
    reported_by: list[str] = field(default_factory=list)
    attack_ids: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.5
    # the attributing party in the canonical speaker vocabulary (models/speakers.json): a KB actor id, or
    # "kind:<kind>[:<country or named body>]" ("kind:local_source", "kind:rights_group:human_rights_watch");
    # several for a joint speaker ("witnesses and the police"); the words stay in ``attributed_by.text``
    attributed_by_canonical: list[str] = field(default_factory=list)
    nested: ClassVar[dict[str, type]] = {"attributed_by": ActorRef, "actor": ActorRef}
    nested_lists: ClassVar[dict[str, type]] = {"evidence": Evidence}


@dataclass
class ActorSummary(Record):
    actor_id: str | None
    name: str | None = None
    type: str | None = None
    mentions: list[str] = field(default_factory=list)


# Kinds that leave the article processed (its records are in the line) unless said otherwise. ``encoding``
# is both: replaced bytes are a warning, a file no encoding fits is an error, so its makers say which.
WARNING_KINDS = frozenset({"invalid_published", "invalid_country", "invalid_metadata", "invalid_language",
                           "html_fallback",
                           "implausible_count"})
SEVERITIES = ("error", "warning")


@dataclass
class ErrorEntry(Record):
    """One problem with one article. ``severity`` says whether the article was processed anyway
    (``warning``: its records are in the line) or not (``error``: no records, exit code 1); it is decided
    where the entry is made, so readers of the output never have to parse the message."""

    kind: str
    message: str
    severity: str | None = None  # "error" | "warning"; filled from the kind when the maker says nothing

    def __post_init__(self) -> None:
        if self.severity is None:
            self.severity = "warning" if self.kind in WARNING_KINDS else "error"
        elif self.severity not in SEVERITIES:
            raise ValueError(f"severity must be one of {SEVERITIES}, not {self.severity!r}")

    @classmethod
    def warning(cls, kind: str, message: str) -> "ErrorEntry":
        """An entry that leaves the article processed."""
        return cls(kind, message, "warning")


@dataclass
class Source(Record):
    path: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None


@dataclass
class Extraction(Record):
    """Everything extracted from one article: the unit of batch output (one JSON object per line)."""

    doc_id: str
    source: Source = field(default_factory=Source)
    published: str | None = None
    attacks: list[Attack] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    attributions: list[Attribution] = field(default_factory=list)
    actors: list[ActorSummary] = field(default_factory=list)
    errors: list[ErrorEntry] = field(default_factory=list)
    # ISO 639-1 code the article was read as (declared or identified); None in outputs older than it
    language: str | None = None
    # ISO 3166 alpha-2 code of the country the caller said the article is about (metadata), else None
    country: str | None = None
    nested: ClassVar[dict[str, type]] = {"source": Source}
    nested_lists: ClassVar[dict[str, type]] = {
        "attacks": Attack, "claims": Claim, "attributions": Attribution, "actors": ActorSummary,
        "errors": ErrorEntry,
    }

    @classmethod
    def failed(cls, doc_id: str, kind: str, message: str, source: Source | None = None,
               language: str | None = None) -> "Extraction":
        """An output line for an article that could not be read or processed."""
        return cls(doc_id=doc_id, source=source or Source(), errors=[ErrorEntry(kind=kind, message=message)],
                   language=language)

    @property
    def ok(self) -> bool:
        return not self.errors


__all__ = [
    "Evidence", "DateValue", "Location", "ActorRef", "Target", "Casualty", "Attack", "Claim", "Attribution",
    "ActorSummary", "ErrorEntry", "Source", "Extraction", "asdict",
]
