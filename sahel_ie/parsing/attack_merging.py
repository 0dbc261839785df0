"""Coreference of attack mentions into attack records: one record per attack, with all its evidence.

Reporters tell the same attack several times (headline, lede, body) and point back to it with
"the attack", "Friday's assault", "the boat attack", "those attacks". A mention joins an existing record
when nothing contradicts it (place, day, target category, stated perpetrator) and something supports it
(same place, same day, same target noun) — or, for pointing phrases, when it is the best compatible
record. Plural mentions are groups: "two other assaults ... killed nearly 60 people" opens a group whose
members are named later ("the prior attacks targeted a boat ... and a position"); a toll given for the
group ("... were killed in those attacks") goes on every member with ``shared=True``. Headline mentions
are merged last, so the lede decides what the records are.
"""

from __future__ import annotations

import calendar
import re
import datetime as dt
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span

from sahel_ie.parsing.numbers import is_vague_amount
from sahel_ie.parsing.parse_table import ParseTable
from sahel_ie.resources import per_language, read_lexicon
from sahel_ie.records import ActorRef, Casualty, DateValue, Evidence, Location, Target


@dataclass
class Mention:
    """One telling of an attack (or of a group of attacks) in one sentence."""

    triggers: list[Span]
    attack_type: str
    sent_index: int
    sent: Span
    label: str = "NOUN"
    plural: bool = False
    count: int | None = None
    anaphoric: bool = False
    headline: bool = False
    blocked: bool = False
    perpetrator: ActorRef | None = None
    targets: list[Target] = field(default_factory=list)
    target_words: set[str] = field(default_factory=set)
    location: Location | None = None
    date: DateValue | None = None
    anchor: tuple["Mention", int] | None = None
    casualties: list = field(default_factory=list)  # CasualtyMention
    split: bool = False
    shared_casualties: list = field(default_factory=list)  # a toll told for several split attacks at once
    reference: bool = False  # "since the attack", "after the massacre of Inates": points at another event
    distinct: bool = False  # "in another attack", "in a separate ambush": never the event told so far
    additive: bool = False  # "le groupe a également revendiqué l'attaque du convoi ...": one more attack

    @property
    def start(self) -> int:
        triggers = self.triggers
        if len(triggers) == 1:  # most mentions; the merging sorts by this again and again
            return triggers[0].start_char
        return min(t.start_char for t in triggers)

    @property
    def has_arguments(self) -> bool:
        return bool(self.targets or (self.location and self.location.name) or (self.date and self.date.value)
                    or self.perpetrator or self.casualties)

    def resolved_date(self) -> DateValue | None:
        if self.date is not None and self.date.value is not None:
            return self.date
        if self.anchor is not None:
            from sahel_ie.parsing.attack_arguments import shift_date

            other, days = self.anchor
            base = other.resolved_date()
            if base is not None and base.value is not None:
                return DateValue(text=None, value=shift_date(base.value, days), precision=base.precision,
                                 evidence=list(base.evidence))
        return self.date


COMPARE_LIMIT = 64  # mentions of one record read again by each comparison (see ``RecordDraft.memo``)


@dataclass
class RecordDraft:
    """An attack record under construction: its mentions and what they say."""

    mentions: list[Mention] = field(default_factory=list)
    shared_casualties: list[tuple] = field(default_factory=list)  # (CasualtyMention, Mention | None)
    extra_casualties: list = field(default_factory=list)  # tolls told in a sentence of their own
    inherited_date: DateValue | None = None
    inherited_perpetrator: ActorRef | None = None
    # what ``compatibility`` reads of a record too long to reread each time (see ``memo``)
    cache: dict = field(default_factory=dict, repr=False, compare=False)

    def memo(self, name: str, compute: Any) -> Any:
        """``compute()``; for a record of over ``COMPARE_LIMIT`` mentions, computed once and kept.

        Merging compares every new mention with the records so far, and each comparison reads the
        record's date, place, targets and tolls from all its mentions: a text with thousands of attack
        words in one record made that quadratic. Real records have a handful of mentions and are always
        compared exactly; a record told more times than the limit is compared by what its first
        tellings say (its final values, ``date()`` and the rest, still read every mention).
        """
        if len(self.mentions) <= COMPARE_LIMIT:
            return compute()
        if name not in self.cache:
            self.cache[name] = compute()
        return self.cache[name]

    @property
    def first_start(self) -> int:
        return min(m.start for m in self.mentions)

    def date(self) -> DateValue | None:
        told = []
        for mention in sorted(self.mentions, key=lambda m: (m.headline, m.start)):
            value = mention.resolved_date()
            if value is not None and value.value is not None:
                told.append(value)
        if not told:
            return self.inherited_date
        first = told[0]
        if first.precision in COARSE_PRECISIONS:
            # "last week's attack ... in the early hours of May 11": the day inside the week says more
            span = date_interval(first.value, first.end, first.precision)
            for value in told[1:]:
                inner = date_interval(value.value, value.end, value.precision)
                if value.precision == "day" and span and inner and span[0] <= inner[0] and inner[1] <= span[1]:
                    return value
        return first

    def location(self) -> Location | None:
        best = None
        for mention in sorted(self.mentions, key=lambda m: (m.headline, m.start)):
            loc = mention.location
            if loc is None or loc.name is None:
                continue
            key = (loc.geo_precision or 9, loc.place_id is None, -len(loc.name))
            if best is None or key < (best.geo_precision or 9, best.place_id is None, -len(best.name or "")):
                best = loc
        return best

    def perpetrator(self) -> ActorRef | None:
        # a named actor beats a description, a stated one beats a suspected one; between descriptions
        # ("jihadists" in the lede, "the terrorists" later), the first telling, outside the headline, wins
        told = sorted((m for m in self.mentions if m.perpetrator is not None), key=lambda m: (m.headline, m.start))
        found = [m.perpetrator for m in told]
        found.sort(key=lambda p: (p.actor_id is None, p.actor_id is not None and p.certainty != "stated"))
        return found[0] if found else self.inherited_perpetrator

    def target_words(self) -> set[str]:
        return set().union(*(m.target_words for m in self.mentions)) if self.mentions else set()

    def target_categories(self) -> set[str]:
        return {t.category for m in self.mentions for t in m.targets if t.category != "unknown"}


COARSE_PRECISIONS = {"week", "month", "year"}


def date_interval(value: str | None, end: str | None, precision: str | None) -> tuple[dt.date, dt.date] | None:
    """The days a date can mean: "in December 2016" is the whole month, "last week" seven days."""
    if not value:
        return None
    try:
        start = dt.date.fromisoformat(value[:10]) if len(value) >= 10 else None
        if start is None:
            parts = [int(p) for p in value.split("-")]
            start = dt.date(parts[0], parts[1] if len(parts) > 1 else 1, 1)
            precision = precision or ("month" if len(parts) > 1 else "year")
        last = dt.date.fromisoformat(end[:10]) if end and len(end) >= 10 else None
    except ValueError:
        return None
    if last is not None and last >= start:
        return start, last
    if precision == "week":
        return start, start + dt.timedelta(days=6)
    if precision == "month":
        return start, start.replace(day=calendar.monthrange(start.year, start.month)[1])
    if precision == "year":
        return start, dt.date(start.year, 12, 31)
    if precision in {"day", "range"}:
        return start, start
    return None


_OPEN_DATE_WORDS = ("since", "until", "till", "before", "after", "by", "from")


def _pinned(date: DateValue) -> bool:
    """A month or year the text names outright ("in December 2016", "in 2016") or a relative week ("last
    week"): explicit enough to tell two events apart. A year-less month ("in January") is resolved by
    guesswork and an open period ("since 2021") pins nothing."""
    text = (date.text or "").strip().lower()
    if not text or text.startswith(_OPEN_DATE_WORDS):
        return False
    if date.precision == "week":
        return True
    if date.precision == "month" and re.search(r"\b(last|previous) month\b", text):
        return True  # "last month" is as explicit as "last week"
    return date.precision in {"month", "year"} and re.search(r"\b\d{4}\b", text) is not None


def dates_disjoint(a: DateValue | None, b: DateValue | None) -> bool:
    """True when two dates cannot be the same event's: a background "in December 2016" told beside a 2019
    attack, or "last week" beside "on Tuesday". One side must be pinned (``_pinned``); open or vague dates
    never conflict."""
    if a is None or b is None or not (_pinned(a) or _pinned(b)):
        return False
    ia = date_interval(a.value, a.end, a.precision)
    ib = date_interval(b.value, b.end, b.precision)
    if ia is None or ib is None:
        return False
    if ia[1] < ib[0] or ib[1] < ia[0]:
        # "Between 27 and 31 March" beside "in March 2022": a year-less month was given the wrong year
        # by guesswork; the months agree, so the dates may
        for x, ix, iy in ((a, ia, ib), (b, ib, ia)):
            if not _pinned(x) and _names_month(x.text) and not re.search(r"\b\d{4}\b", x.text or ""):
                if {ix[0].month, ix[1].month} & {iy[0].month, iy[1].month}:
                    return False
        return True
    return False


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _names_month(text: str | None) -> bool:
    return any(word[:3] in _MONTHS and word.isalpha() and len(word) >= 3 for word in (text or "").lower().split())


def _fold(name: str | None) -> str:
    text = unicodedata.normalize("NFKD", name or "")
    return "".join(ch for ch in text if not unicodedata.combining(ch)).lower().strip()


def spelling_variants(a: str, b: str) -> bool:
    """Two spellings of one name: at least five letters each and one edit apart (a letter added or dropped,
    two neighbours swapped, or, from six letters, one changed), diacritics aside. Short names differ by
    one letter too often."""
    a, b = _fold(a), _fold(b)
    if a == b:
        return bool(a)
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1 or a[0] != b[0]:
        return False
    if len(a) == len(b):
        diffs = [i for i in range(len(a)) if a[i] != b[i]]
        if len(diffs) == 1:
            return len(a) >= 6  # a changed letter in a five-letter name is too often another village
        return len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


def _within(town: Location, region: Location) -> bool:
    """The town's admin region (or country) is the other place: "Djibo" and "the Sahel region"."""
    name = _fold(region.name)
    if not name or (region.geo_precision or 1) < 2:
        return False
    return name in {_fold(town.admin1), _fold(town.country)} - {""}


def _place_compatible(a: Location | None, b: Location | None) -> bool | None:
    """True: same place; False: different places; None: nothing to compare or one contains the other."""
    if a is None or b is None or a.name is None or b.name is None:
        return None
    an, bn = a.name.lower(), b.name.lower()
    if an == bn or (min(len(an), len(bn)) >= 4 and (an.startswith(bn) or bn.startswith(an))):
        return True  # "Barka" and "Barka Tolorom"
    if spelling_variants(an, bn):
        return True  # "Thiem" and "Theim", "Boulkessi" and "Boulikessi": one place, spelt twice
    if _within(a, b) or _within(b, a):
        return None  # "Djibo" and its province: the town is in the region told
    broad_a = (a.geo_precision or 1) >= 3
    broad_b = (b.geo_precision or 1) >= 3
    if broad_a or broad_b:
        if a.country and b.country and a.country != b.country:
            return False
        return None
    return False


NEARBY_KM = 50.0


def _nearby_same_event(mention: Mention, record: RecordDraft, date: DateValue | None,
                       rdate: DateValue | None) -> bool:
    """"A minibus struck a mine on the Fada N'Gourma - Pama road on 9 November; 11 killed ... On 9 November
    a minibus hit a mine near the village of Natiaboani ... 11 passengers were killed": two towns a few
    dozen km apart, told for one day and one toll, are one attack placed by the nearest town in one
    telling and by its village in the other. Needs both points, the same day, the same kind of attack,
    and the same toll (or none yet: the toll may come in a sentence of its own)."""
    a, b = mention.location, record.memo("location", record.location)
    if a is None or b is None or None in (a.lat, a.lon, b.lat, b.lon):
        return False
    if date is None or rdate is None or date.precision != "day" or date.value != rdate.value:
        return False
    from sahel_ie.kb.places import _km

    if _km((a.lat, a.lon), (b.lat, b.lon)) > NEARBY_KM:
        return False
    if mention.attack_type not in {m.attack_type for m in record.mentions}:
        return False
    counted = [c for c in mention.casualties if c.count is not None]
    return not counted or _same_toll(mention, record)


def _one_sentence_nearby(mention: Mention, record: RecordDraft) -> bool:
    """"A youth was killed by the explosion of an IED which struck his motorbike in the area of X, southwest
    of Y": one sentence telling one event twice, placed once by the village and once by the town it is
    measured from, within one place phrase (one location's words hold the other's). Only for a record told
    in this sentence alone; a sentence's places listed as attacks of their own (``split``: "the villages
    of A, B and C") stay apart."""
    if mention.split or any(m.split for m in record.mentions):
        return False
    if not all(m.sent_index == mention.sent_index for m in record.mentions):
        return False  # a record told over several sentences has its own place; this one may be another
    a, b = mention.location, record.memo("location", record.location)
    if a is None or b is None or not a.evidence or not b.evidence:
        return False
    (x, y) = a.evidence[0], b.evidence[0]
    return (x.start <= y.start and y.end <= x.end) or (y.start <= x.start and x.end <= y.end)


WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def _unresolved_weekday(date: DateValue | None) -> int | None:
    """The day of the week an unresolved date names ("on Friday evening" in an article with no publication
    date), 0-6, else None."""
    if date is None or date.value is not None or not date.text:
        return None
    days = {WEEKDAYS.index(w) % 7 for w in re.findall(r"[a-zé]+", date.text.lower()) if w in WEEKDAYS}
    return days.pop() if len(days) == 1 else None


def _weekdays_differ(mention: Mention, record: RecordDraft) -> bool:
    """Two tellings dated by different days of the week that nothing resolved: two days, so two events."""
    own = _unresolved_weekday(mention.date)
    if own is None or mention.anchor is not None:
        return False
    told = record.memo("weekdays", lambda: {d for m in record.mentions if m.anchor is None
                                              for d in [_unresolved_weekday(m.date)] if d is not None})
    return bool(told) and own not in told


def compatibility(mention: Mention, record: RecordDraft) -> float | None:
    """None when the mention contradicts the record; else a support score (higher = more evidence)."""
    score = 0.0
    date = mention.resolved_date()
    rdate = record.memo("date", record.date)
    if date is not None and rdate is not None and date.value and rdate.value:
        if date.value != rdate.value and date.precision == "day" and rdate.precision == "day":
            return None
        if dates_disjoint(date, rdate):
            return None  # an older event told as background never merges into the news
        if date.value == rdate.value:
            score += 2
    if _weekdays_differ(mention, record):
        return None  # "on Friday evening" and "in an earlier incident on Thursday", with no date to resolve
    place = _place_compatible(mention.location, record.memo("location", record.location))
    if place is False and not _nearby_same_event(mention, record, date, rdate) and not _one_sentence_nearby(
            mention, record):
        return None
    if place:
        score += 2
    cats = {t.category for t in mention.targets if t.category != "unknown"}
    rcats = record.memo("target_categories", record.target_categories)
    shared_target = bool(mention.target_words & record.memo("target_words", record.target_words))
    if cats and rcats and not cats & rcats and not shared_target:
        # disjoint categories conflict, unless both name the same target ("a convoy escorted by troops",
        # "the convoy of trucks"): its modifiers read it one way, then another
        return None
    if shared_target:
        score += 2
    elif cats & rcats:
        score += 1
    perp = mention.perpetrator
    rperp = record.memo("perpetrator", record.perpetrator)
    if perp is not None and rperp is not None and perp.actor_id and rperp.actor_id:
        lineage = same_lineage(perp.actor_id, rperp.actor_id)
        if not lineage and perp.certainty == "stated" and rperp.certainty == "stated":
            return None
        if lineage:
            score += 1
    if perp is not None and rperp is not None and opposite_sides(perp, rperp):
        return None
    if mention.attack_type in record.memo("attack_types", lambda: {m.attack_type for m in record.mentions}):
        score += 0.25
    if _same_toll(mention, record):
        score += 1.5  # "killing eight soldiers" told again: the same event, whatever else differs
    if _strike_and_its_blast(mention, record):
        score += 1.0
    return score


REMOTE_STRIKE_TYPES = frozenset({"airstrike", "shelling"})


@per_language
def _strike_effect_words() -> frozenset[str]:
    """Nouns telling the effect of any remote strike ("explosion", "blast"), from ``merging.json``."""
    return frozenset(w.lower() for w in read_lexicon("merging")["strike_effect_words"])


def effect_only(mention: Mention) -> bool:
    """A telling named only by a word for a blast ("explosion"), which says nothing of how it was caused."""
    words = _strike_effect_words()
    return all(t.text.lower() in words for t in mention.triggers)


def _strike_and_its_blast(mention: Mention, record: RecordDraft) -> bool:
    """"An airstrike by the army killed civilians ... seven civilians were killed in an explosion in X":
    an explosion says what happened, not how; beside an airstrike or a shelling told with no stated
    attacker of another side, it is the strike's blast. Supports the merge; conflicts still split."""
    types = record.memo("attack_types", lambda: {m.attack_type for m in record.mentions})
    if effect_only(mention) and not mention.perpetrator:
        return bool(types & REMOTE_STRIKE_TYPES)
    if mention.attack_type in REMOTE_STRIKE_TYPES:
        return all(effect_only(m) for m in record.mentions) and record.memo(
            "perpetrator", record.perpetrator) is None
    return False


STATE_KINDS = frozenset({"state_force", "foreign_force", "international_mission", "private_military_company"})


def _described_armed_group(ref: ActorRef) -> bool:
    """An unnamed attacker the KB lists as a generic description ("armed militants", "jihadists"): every
    such description is of a non-state armed actor."""
    if ref.actor_id is not None or not ref.text:
        return False
    from sahel_ie.kb.actors import default_kb

    kb = default_kb()
    words = ref.text.split()
    # "armed militants", "heavily armed jihadists": the head noun says what the modifiers do not
    return kb.generic_kind(ref.text) is not None or (len(words) > 1 and kb.generic_kind(words[-1]) is not None)


def opposite_sides(a: ActorRef, b: ActorRef) -> bool:
    """Two stated perpetrators that cannot be one: a state's forces (an army, a foreign force, a mission)
    and attackers described as an unnamed armed group. "An airstrike by the army killed civilians ...
    armed militants killed twelve civilians in raids" tells two attacks; the description gives no name
    to compare, but it does say which side struck."""
    if a.certainty != "stated" or b.certainty != "stated":
        return False
    return ((a.kind in STATE_KINDS and _described_armed_group(b))
            or (b.kind in STATE_KINDS and _described_armed_group(a)))


def same_lineage(a: str, b: str) -> bool:
    """One actor, or one the other's parent, affiliate, predecessor or successor in the knowledge base:
    "JNIM" in the body and "al-Qaeda's affiliate" resolved to al-Qaeda in the headline tell one attack."""
    if a == b:
        return True
    from sahel_ie.kb.actors import default_kb

    kb = default_kb()

    def kin(actor_id: str) -> set[str]:
        actor = kb.get(actor_id)
        if actor is None:
            return set()
        return {*actor.parents, *actor.affiliations, *actor.predecessors, *([actor.successor] if actor.successor else [])}

    return b in kin(a) or a in kin(b)


def _same_toll(mention: Mention, record: RecordDraft) -> bool:
    """Whether the mention tells a toll the record already has: same outcome, same count (two or more,
    since single deaths recur across events) and compatible victim groups."""
    told = record.memo("tolls", lambda: {(c.outcome, c.count, c.group) for m in record.mentions if not m.blocked
                                         for c in m.casualties if c.count is not None and c.count >= 2})
    for cas in mention.casualties:
        if cas.count is None or cas.count < 2:
            continue
        for outcome, count, group in told:
            if (outcome, count) == (cas.outcome, cas.count) and (
                    group == cas.group or "unspecified" in {group, cas.group}):
                return True
    return _total_told_as_parts(mention, record)


def _parts_sum(casualties: list, outcome: str = "killed") -> int | None:
    """The sum of one telling's counts of ``outcome`` over two or more victim groups, else None."""
    parts = [c for c in casualties if c.outcome == outcome and c.count is not None and c.count >= 1]
    if len(parts) < 2 or len({c.group for c in parts}) < len(parts):
        return None
    return sum(c.count for c in parts)


def _total_told_as_parts(mention: Mention, record: RecordDraft) -> bool:
    """"Ten civilians, including four auxiliaries, have been killed ... Six civilians and four members of
    the VDP died on Monday in an attack in Sima": one toll told as a total, then by victim group. The
    killed of one telling add up to a killed figure (three or more) of the other."""
    own_total = _parts_sum(mention.casualties)
    own = {c.count for c in mention.casualties if c.outcome == "killed" and c.count is not None and c.count >= 3}
    for other in record.mentions:
        if other.blocked:
            continue
        totals = {c.count for c in other.casualties if c.outcome == "killed" and c.count is not None and c.count >= 3}
        if own_total is not None and own_total in totals:
            return True
        other_total = _parts_sum(other.casualties)
        if other_total is not None and other_total in own:
            return True
    return False


@per_language
def _indefinite_articles() -> frozenset[str]:
    return frozenset(read_lexicon("merging")["indefinite_articles"])


def _another_told_with_its_toll(mention: Mention, record: RecordDraft) -> bool:
    """"Armed militants killed twelve civilians in raids ... topping a May ambush that killed eight
    soldiers": an attack noun with an indefinite article and a counted toll of its own, none of which the
    record tells (in its own clause: "that killed eight soldiers"), introduces another event; it does not
    elaborate the one told so far."""
    if mention.label != "NOUN" or len(mention.triggers) != 1 or mention.anaphoric:
        return False
    root = mention.triggers[0].root
    if not any(c.dep_ == "det" and c.lower_ in _indefinite_articles() for c in root.children):
        return False
    inside = range(root.left_edge.i, root.right_edge.i + 1)  # the noun's own toll: "that killed eight"
    counted = [c for c in mention.casualties if c.count is not None and c.head is not None
               and c.head.i in inside and c.head.i != root.i]
    told = [c for m in record.mentions for c in m.casualties if c.count is not None]
    return bool(counted and told) and not _same_toll(mention, record)


@dataclass
class Group:
    """Several attacks told together: a count, a shared toll, and (once named) the member records."""

    mention: Mention
    count: int | None
    members: list[RecordDraft] = field(default_factory=list)


class MentionMerger:
    """Turns the article's mentions (in text order) into record drafts."""

    def __init__(self) -> None:
        self.records: list[RecordDraft] = []
        self.last_group: Group | None = None
        self.groups: list[Group] = []
        self.spans_only: list[tuple[Mention, list[RecordDraft]]] = []
        self.last_plural: Mention | None = None  # the latest plural telling, even one that only points
        self.set_aside: list[Mention] = []  # tellings read as pointing at another event, with their tolls

    # -- helpers
    def _best(self, mention: Mention, candidates: list[RecordDraft],
              earliest: bool = False) -> tuple[RecordDraft | None, float]:
        best: RecordDraft | None = None
        best_key: tuple[float, int] | None = None
        for record in candidates:
            score = compatibility(mention, record)
            if score is None:
                continue
            recency = (-record.memo("first_start", lambda: record.first_start) if earliest
                       else record.memo("last_start", lambda: max(m.start for m in record.mentions)))
            key = (score, recency)
            if best_key is None or key > best_key:
                best, best_key = record, key
        return best, (best_key[0] if best_key else -1.0)

    def _new(self, mention: Mention) -> RecordDraft:
        record = RecordDraft(mentions=[mention])
        self.records.append(record)
        return record

    def _adds_town(self, mention: Mention, record: RecordDraft) -> bool:
        """"Four soldiers were killed Tuesday in northern Burkina Faso ... The terrorists targeted a
        detachment between Markoye and Tokabangou": an undated telling right after the latest attack,
        which had only a region or country, says where that attack was."""
        if mention.date is not None and mention.date.value or mention.anchor is not None:
            return False
        own = mention.location
        if own is None or not own.name or (own.geo_precision or 3) >= 3:
            return False  # a telling with no town of its own adds none
        if record is not self.records[-1] or mention.sent_index - max(m.sent_index for m in record.mentions) > 2:
            return False
        loc = record.location()
        return loc is None or loc.name is None or (loc.geo_precision or 3) >= 3

    def _told_with_its_noun(self, mention: Mention) -> list[RecordDraft]:
        """"Friday's raids" pointing back, with nothing of its own: the records told with the same noun
        ("militants killed twelve civilians in overnight raids"), not the airstrike told before them."""
        from sahel_ie.parsing.attack_linking import generic_attack_nouns

        lemmas = {t.root.lemma_.lower() for t in mention.triggers} - generic_attack_nouns()
        if not lemmas:
            return []  # "none of these attacks": the word for any attack points at all of them
        return [r for r in self.records if any(t.root.lemma_.lower() in lemmas for m in r.mentions
                                               if m is not mention for t in m.triggers)]

    def _take_earlier_telling(self, mention: Mention) -> None:
        """"The claim came three days after 65 people were killed at a funeral by the extremists in a revenge
        attack": the verb, read as pointing back ("after ... were killed"), holds the toll and the attackers
        of the earlier event its own sentence names with a noun ("a revenge attack"). The noun's telling,
        another event, takes them, and the verb no longer points at the news attack."""
        if mention.casualties:
            return
        for other in self.set_aside:
            if other.sent_index == mention.sent_index and other.casualties and not other.blocked and not any(
                    other in record.mentions for record in self.records):
                mention.casualties = other.casualties
                mention.perpetrator = mention.perpetrator or other.perpetrator
                other.casualties = []
                self.spans_only = [(m, r) for m, r in self.spans_only if m is not other]
                self.set_aside.remove(other)
                return

    def _background(self, mention: Mention) -> bool:
        """An older event told to set the scene ("the offensive began in March, when ...") once the news
        attack is known: dated only to a month or year that the news cannot share. It is kept as a record
        of its own only when it is a specific past event, with a town and a toll."""
        date = mention.resolved_date()
        if not self.records or date is None or date.precision not in {"month", "year"}:
            return False
        if not any(dates_disjoint(date, record.date()) for record in self.records):
            return False
        town = bool(mention.location and mention.location.name and (mention.location.geo_precision or 3) < 3)
        return not (town and mention.casualties)

    # -- the cases
    def add(self, mention: Mention) -> None:
        if mention.reference and mention.casualties:
            self.set_aside.append(mention)
        if mention.plural and not mention.split:
            self._add_group_mention(mention)
            return
        if mention.distinct and self.records and not mention.headline:
            # "three policemen were killed in another attack": its own event, with its own toll; without a toll
            # ("rumours of a second attack were denied") it is only a passing mention
            self._take_earlier_telling(mention)
            if mention.casualties and not mention.blocked and not self._background(mention):
                self._new(mention)
            return
        if mention.additive and self.records and not mention.headline and not mention.blocked \
                and not self._background(mention):
            self._new(mention)  # a telling that adds an attack to those told
            return
        best, score = self._best(mention, self.records)
        pointing = mention.anaphoric or mention.label == "ANAPHOR"
        if mention.reference and best is not None:
            # "since the attack", "these attacks follow the killing of ...": a link, not a telling
            self.spans_only.append((mention, [best]))
            return
        # an elaboration with no place and no day of its own continues the story told so far
        unanchored = not ((mention.location and mention.location.name and (mention.location.geo_precision or 1) < 3)
                          or (mention.date and mention.date.value) or mention.anchor)
        if unanchored and best is not None and score < 1.0 and _another_told_with_its_toll(mention, best):
            unanchored = False  # "topping a May ambush that killed eight soldiers": not the story so far
        if best is not None and (score >= 1.0 or ((pointing or unanchored) and score >= 0)):
            best.mentions.append(mention)
            return
        if best is not None and score >= 0 and self._adds_town(mention, best):
            best.mentions.append(mention)
            return
        if mention.blocked:
            return
        dated_town = bool(mention.date and mention.date.value and mention.location
                          and (mention.location.geo_precision or 3) < 3)
        if pointing and self.records and not dated_town:
            return  # "the attack of Tuesday 10 December against the camp of Inates" is another attack
        dated = bool(mention.date and mention.date.value and mention.date.precision in {"day", "range"})
        if mention.reference and not (dated_town or (dated and not self.records)):
            return  # "after the terrorist attack of the night of 11 June" may open the story; else background
        if unanchored and self.records and not mention.casualties:
            return
        if self._background(mention):
            return
        self._new(mention)

    def add_split(self, mentions: list[Mention]) -> None:
        """A plural trigger whose targets were named one by one: each is an attack."""
        group = self.last_group
        resolves = (group is not None and not group.members
                    and (mentions[0].anaphoric or group.count in {None, len(mentions)}))
        members: list[RecordDraft] = []
        for mention in mentions:
            best, score = self._best(mention, self.records)
            if best is not None and score >= 2.0 and best not in members:
                best.mentions.append(mention)
                members.append(best)
            else:
                members.append(self._new(mention))
        self._date_from_plural_before(mentions, members)
        if resolves and group is not None:
            group.members = members
            for record in members:
                record.mentions.append(group.mention) if group.mention not in record.mentions else None
                record.inherited_date = record.inherited_date or group.mention.resolved_date()
                if record.inherited_perpetrator is None:
                    record.inherited_perpetrator = group.mention.perpetrator
                for cas in group.mention.casualties:
                    record.shared_casualties.append((cas, group.mention))
            group.mention.casualties = []
        else:
            group = Group(mention=mentions[0], count=len(mentions), members=members)
            self.groups.append(group)
        self.last_group = group

    def _date_from_plural_before(self, mentions: list[Mention], members: list[RecordDraft]) -> None:
        """"The raid follows attacks on 21 July in several areas. Militants attacked posts in A, B and C.":
        attacks named one by one right after a plural telling dated to one day, and dated by nothing of
        their own, took place that day."""
        plural = self.last_plural
        if plural is None or any(m.resolved_date() is not None for m in mentions):
            return
        if not 0 < mentions[0].sent_index - plural.sent_index <= 1:
            return
        date = plural.resolved_date()
        if date is None or not date.value or date.precision != "day":
            return
        if plural.count is not None and plural.count != len(mentions):
            return
        for record in members:
            if record.date() is None:
                record.inherited_date = date

    def _add_group_mention(self, mention: Mention) -> None:
        self.last_plural = mention
        pointing = mention.anaphoric or mention.label == "ANAPHOR"
        group = self.last_group
        if pointing and group is not None and group.members:
            for record in group.members:
                record.mentions.append(mention)
                for cas in mention.casualties:
                    record.shared_casualties.append((cas, mention))
            if len(group.members) > 1:
                mention.casualties = []
            return
        if pointing and len(self.records) == 1 and not (mention.location and mention.location.name):
            self.records[0].mentions.append(mention)  # "these attacks" about the one attack told so far
            return
        if pointing and not mention.has_arguments:
            if self.records:
                self.spans_only.append((mention, self._told_with_its_noun(mention) or list(self.records)))
            return
        if mention.blocked:
            return
        if not pointing and mention.count is None and self.records:
            # "100 villagers were killed during gunmen attacks in Seytenga": an uncounted plural repeating the
            # toll of an attack already told is that attack's raids, not a new group of events
            same = [r for r in self.records if _same_toll(mention, r) and compatibility(mention, r) is not None]
            if len(same) == 1:
                same[0].mentions.append(mention)
                return
            # "armed militants killed twelve civilians in overnight raids": the plural tells how the attack
            # its own sentence tells was done
            here = [r for r in self.records if any(m.sent_index == mention.sent_index and not m.plural
                                                   for m in r.mentions) and compatibility(mention, r) is not None]
            if len(here) == 1 and not mention.casualties:
                here[0].mentions.append(mention)
                return
        town = bool(mention.location and mention.location.name and (mention.location.geo_precision or 3) < 3)
        if not pointing and mention.count is None and not self.records and town and mention.casualties:
            # the lede's "100 villagers were killed during gunmen attacks in Seytenga": the news event, told
            # with a loose plural; what follows ("the assault happened ...") elaborates it
            self._new(mention)
            return
        if pointing and len(self.records) >= 2 and not mention.location:
            members = self._told_with_its_noun(mention) or list(self.records)
            if len(members) == 1:
                members[0].mentions.append(mention)  # "Monday's raids": the one attack told with that noun
                return
            group = Group(mention=mention, count=len(members), members=members)
            for record in group.members:
                record.mentions.append(mention)
                for cas in mention.casualties:
                    record.shared_casualties.append((cas, mention))
            mention.casualties = []
            self.last_group = group
            return
        group = Group(mention=mention, count=mention.count)
        self.groups.append(group)
        self.last_group = group

    def add_headline(self, mention: Mention) -> None:
        if not self.records:
            if mention.has_arguments and not mention.blocked and not mention.plural:
                self._new(mention)
            return
        best, _score = self._best(mention, self.records, earliest=True)
        if best is not None:
            best.mentions.append(mention)

    def _told_one_by_one_after(self, group: Group) -> bool:
        """"Three coordinated attacks targeted the army in regions A, B and C, leaving at least 32 dead",
        then each attack in a paragraph of its own: a counted plural with no town, followed by at least as
        many records of the same day or with no day, is their summary, not one more attack. Its day dates
        those told with none; its toll, a sum over them, goes to none."""
        mention = group.mention
        if not mention.count or mention.count < 2:
            return False
        date = mention.resolved_date()
        after = [r for r in self.records if r.first_start > mention.start and not any(
            m is mention for m in r.mentions)]
        after = [r for r in after if date is None or not date.value or r.date() is None
                 or r.date().value == date.value]
        if len(after) < mention.count:
            return False
        for record in after:
            if record.date() is None:
                record.inherited_date = date
        group.members = after
        return True

    def finish(self) -> list[RecordDraft]:
        """Groups never named one by one become their own records (up to their count)."""
        for group in self.groups:
            if group.members or group.mention.blocked:
                continue
            loc = group.mention.location
            town = bool(loc and loc.name and (loc.geo_precision or 1) < 3)
            pointing = group.mention.anaphoric or group.mention.label == "ANAPHOR"
            if not (town or (group.mention.casualties and not pointing)):
                continue
            if self._told_one_by_one_after(group):
                continue
            n = 1
            for _ in range(n):
                record = RecordDraft(mentions=[group.mention])
                for cas in group.mention.casualties:
                    record.shared_casualties.append((cas, group.mention)) if n > 1 else None
                self.records.append(record)
                group.members.append(record)
            if n > 1:
                group.mention.casualties = []
        return sorted(self.records, key=lambda r: r.first_start)


def evidence_for_sentence(parse: ParseTable, sent: Span, index: int) -> Evidence:
    return Evidence(sent.start_char, sent.end_char, index, parse.span_text(sent))


def casualty_key(casualty: Casualty) -> tuple:
    """Equal figures from the same source are one casualty, however the sentences word them: the lede and
    the quoted statement both saying "more than a dozen soldiers were killed" is one toll told twice. A
    different figure (or the same figure from another source) stays, so revisions remain visible."""
    return (casualty.outcome, casualty.group, casualty.count, casualty.count_max, casualty.qualifier,
            casualty.source)


def _same_sentence_other_people(a: Casualty, b: Casualty) -> bool:
    """Two single victims named apart in one sentence ("killed a commander and his driver") are two."""
    if a.count != 1 or b.count != 1 or not a.evidence or not b.evidence:
        return False
    ea, eb = a.evidence[0], b.evidence[0]
    return ea.sentence == eb.sentence and (ea.start, ea.end) != (eb.start, eb.end) and \
        (a.text or "").lower() != (b.text or "").lower()


def _restates(kept: Casualty, new: Casualty) -> bool:
    """Whether ``new`` is the figure ``kept`` already gives, told with less detail: a headline's "kill 100
    villagers" beside the lede's "no fewer than 100 villagers", or "22 worshippers" beside "at least 22
    people". Equal counts only; a bare figure or an unspecified group or source never counts as a
    difference, while two different qualifiers, groups or named sources do."""
    if new.count is None or kept.count is None:
        return False
    if _same_sentence_other_people(kept, new):
        return False
    if (new.outcome, new.count, new.count_max, new.shared) != (kept.outcome, kept.count, kept.count_max,
                                                                kept.shared):
        return False
    if new.group != kept.group and "unspecified" not in {new.group, kept.group}:
        return False
    if new.qualifier != kept.qualifier and "exact" not in {new.qualifier, kept.qualifier}:
        return False
    return new.source == kept.source or None in {new.source, kept.source}


def collapse_restated(casualties: list[Casualty]) -> list[Casualty]:
    """One casualty per figure: restatements fold into the first telling, which takes the most specific
    group, qualifier and source among them, and the evidence of all."""
    kept: list[Casualty] = []
    for cas in casualties:
        same = next((k for k in kept if _restates(k, cas)), None)
        if same is None:
            kept.append(cas)
            continue
        if same.group == "unspecified":
            same.group = cas.group
        if same.qualifier == "exact":
            same.qualifier, same.text = cas.qualifier, cas.text
        if same.source is None:
            same.source = cas.source
        for ev in cas.evidence:
            if all((e.start, e.end) != (ev.start, ev.end) for e in same.evidence):
                same.evidence.append(ev)
    return kept


def figures_beat_vague_words(casualties: list[Casualty]) -> list[Casualty]:
    """A toll told with a vague word only ("Dozens killed" in the headline, ACLED's 12) gives way to a figure
    told for the same outcome and a compatible group ("about 40 soldiers" in the body): the word is the
    same toll said loosely, not a lower credible report. Without a figure, the word's count stays."""
    figures = [(c.outcome, c.group) for c in casualties if c.count is not None and not is_vague_amount(c.text)]
    kept = []
    for cas in casualties:
        if cas.count is not None and is_vague_amount(cas.text) and any(
                outcome == cas.outcome and (group == cas.group or "unspecified" in {group, cas.group})
                for outcome, group in figures):
            continue
        kept.append(cas)
    return kept


def total_over_parts(casualties: list[Casualty]) -> list[Casualty]:
    """"Ten civilians, including four auxiliaries, were killed ... Six civilians and four members of the
    VDP died": the first figure is the total over the groups the second telling names apart, so its own
    group word ("civilians", the word of one of the parts, for another number) does not describe all its
    dead; it counts them unspecified, once, beside its parts. Only a figure equal to the sum of two or more
    counts of other groups, of the same outcome and source, one of which has its group and its word ("At
    least 47 people, including 30 civilians": "people" was read as civilians, not told so)."""
    for total in casualties:
        if total.count is None or total.count < 3 or total.group in (None, "unspecified", "assailants"):
            continue
        parts = [c for c in casualties if c is not total and c.outcome == total.outcome and c.count
                 and c.source == total.source and c.group not in (None, "unspecified", "assailants")]
        groups = {c.group for c in parts}
        same_word = any(c.group == total.group and _head_word(c.text) == _head_word(total.text) for c in parts)
        if len(parts) >= 2 and len(groups) == len(parts) and same_word and sum(c.count for c in parts) == total.count:
            total.group = "unspecified"
    return casualties


def _head_word(text: str | None) -> str:
    words = (text or "").lower().split()
    return words[-1] if words else ""
