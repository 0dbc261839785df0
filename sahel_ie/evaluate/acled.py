"""Scoring the pipeline on ACLED-style event notes (JSON Lines; fields as in ACLED's coding).

Each line is a short note with ACLED's coding of the one event it reports. The notes were written and
labelled by people outside the project, so they measure the extractors on text nobody tuned them to.
What is compared, and why:

* detection: violent notes (event_type Battles, Violence against civilians, Explosions/Remote
  violence) should yield at least one attack record; protests, riots and strategic developments none.
* the note's event is compared with the *primary* predicted attack: the one with the largest
  conservative killed total (first in text order on ties), because a note may be split into fragments
  but reports one event;
* perpetrator: ACLED actor names are resolved through the project's knowledge base
  (``sahel_ie.kb.actors.default_kb().resolve``; the full name, then without its parentheses, then its
  parts around ":"); names the KB does not know and that are generic in ACLED ("Unidentified Armed
  Group (Mali)", unnamed Islamist/communal militias, civilians, protesters) count as generic.
  A prediction matches when its actor id equals ACLED's actor 1, or actor 2 in Battles (a battle's
  actor 1 is not always the aggressor), or when both are generic/unknown;
* perpetrator where the note names it (``perpetrator_named_in_text``): the named-perpetrator notes
  whose own text writes a KB name (names, aliases, communal forms; normalised, acronyms as written) of
  ACLED's actor 1, of one of its units or of an organisation above it. ACLED coders also use knowledge
  from outside the note ("gunmen" coded JNIM), which no extractor that names only what its text names
  can match; this measure leaves those notes out. Reported strictly and with a unit counting as its
  organisation, like the named measure;
* fatalities: the predicted conservative killed total (0 when no count; a claimant's toll where the
  record reports none, ``with_claimed_fatalities``) against ACLED's ``killed``
  (all sides, lowest credible report): exact rate, rate within ±20% (exact when ACLED says 0), mean
  absolute error. A note ACLED coded as several rows (split by place or day, each row a share of the
  toll) is compared with the sum over its rows, the note's own figure (``note_fatalities``);
* location: the predicted place name, or the name as the note writes it (``slots.written_name``: a
  GeoNames spelling variant is named by the entry's main name, "Ouarara" for "Hourara"), against ACLED's
  location, admin3, admin2 and admin1, all folded (diacritics, case, punctuation); transliteration variants
  (Boulikessi / Boulkessi, names of at least 5 letters with ``rapidfuzz`` ratio >= 90) count as the same
  place. The point and admin1 checks below then say whether the entry chosen is ACLED's;
* for notes that name their place (ACLED's location, admin3 or admin2 written in the note, spelling
  variants included) the location match again, and for the matched places the distance from ACLED's point
  (share within 10 km, median; places at geo precision 3 claim no point and are left out) and whether the
  predicted admin1 is ACLED's;
* date: notes carry no publication date, and giving the pipeline the event date (or the day after)
  would leak the answer. So by default the pipeline gets ``published=None`` and the date is scored only
  on notes that state a full date themselves ("on 3 March 2018"); elsewhere it is not scored.
  With ``published_offset_days=N`` each note is given a publication date N days after ACLED's event
  date, the way a news report carries one: the stated day ("On June 30, ...", "on Tuesday") must then
  resolve against it, and the date is scored on every note coded to the day (``time_precision`` 1)
  that names a day itself (a month and day, or a weekday), since a note that names no day gives
  nothing to resolve. "This morning", "last night" are left out: they count from the day the note was
  written, which a publication date set days later would contradict.
* ``half`` ("a" / "b") keeps every other note (even / odd positions), so that a rule tuned on one half
  can be checked on the other.

Only identifiers and coded values go into the result, never note text, so a saved result cannot leak
the third-party data.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from sahel_ie.records import Attack, Extraction
from sahel_ie.evaluate import slots as S

VIOLENT_EVENT_TYPES = ("Battles", "Violence against civilians", "Explosions/Remote violence")
GENERIC = S.GENERIC
_GENERIC_PATTERNS = re.compile(
    r"^(unidentified|unknown)\b|\b(ethnic|communal|islamist) militia\b|^(civilians|protesters|rioters|"
    r"prisoners|labou?r group|refugees)\b",
    re.IGNORECASE,
)
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
DAY_STATED = re.compile(
    rf"\b(\d{{1,2}}(st|nd|rd|th)? ({_MONTHS})|({_MONTHS}) \d{{1,2}}\b)|\b(mon|tues|wednes|thurs|fri|satur|sun)day\b",
    re.IGNORECASE,
)
FULL_DATE = re.compile(rf"\b(\d{{1,2}}) ({_MONTHS}),? (\d{{4}})\b|\b({_MONTHS}) (\d{{1,2}}),? (\d{{4}})\b")


def load_acled(path: str | Path, limit: int | None = None, half: str | None = None) -> list[dict[str, Any]]:
    """The notes of an ACLED-style JSONL file (at most ``limit``), skipping blank lines; ``half`` "a" keeps
    the notes at even positions, "b" those at odd ones (a tuning half and a checking half)."""
    if half not in (None, "a", "b"):
        raise ValueError(f"half must be 'a' or 'b', not {half!r}")
    rows: list[dict[str, Any]] = []
    every: list[dict[str, Any]] = []
    position = -1
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                position += 1
                row = json.loads(line)
                every.append(row)
                if half is not None and position % 2 != (0 if half == "a" else 1):
                    continue
                if limit is None or len(rows) < limit:
                    rows.append(row)
    note_fatalities(every)
    return rows


def note_fatalities(rows: Sequence[dict[str, Any]]) -> None:
    """Set ``note_killed`` on the rows whose note ACLED coded as several events.

    ACLED splits one report over several rows, by place or by day ("Coded as two separate events",
    "fatalities split between events", a five-day operation told as five daily rows), each row carrying
    the same note and a share of its toll. The extractor reads the note once and reports the note's own
    toll, so the figure to compare it with is the note's: the sum of ``killed`` over every row of the file
    with that note text (taken before halving, so both halves compare the same figure). Rows of a note
    told once keep their ``killed``.
    """
    groups: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault(row.get("text") or "", []).append(row)
    for text, group in groups.items():
        counts = [r.get("killed") for r in group]
        if text and len(group) > 1 and all(isinstance(c, int) for c in counts):
            for r in group:
                r["note_killed"] = sum(counts)


def acled_fatalities(row: dict[str, Any]) -> int | None:
    """The fatalities of the row's note: ``note_killed`` for a note split over rows, else ``killed``."""
    value = row.get("note_killed", row.get("killed"))
    return value if isinstance(value, int) else None


def publication_date(row: dict[str, Any], offset_days: int | None) -> str | None:
    """ACLED's event date plus ``offset_days`` (ISO), or None without an offset or a readable date."""
    import datetime as dt

    if offset_days is None or not row.get("date"):
        return None
    try:
        day = dt.date.fromisoformat(str(row["date"])[:10])
    except ValueError:
        return None
    return (day + dt.timedelta(days=offset_days)).isoformat()


def is_violent(row: dict[str, Any]) -> bool:
    return row.get("event_type") in VIOLENT_EVENT_TYPES


def _resolution_id(result: Any) -> str | None:
    """The actor id from whatever the knowledge base's ``resolve`` returns (object, dict, str, None)."""
    if result is None:
        return None
    if isinstance(result, str):
        return result
    if isinstance(result, dict):
        return result.get("actor_id") or result.get("id")
    for attr in ("actor_id", "id"):
        value = getattr(result, attr, None)
        if isinstance(value, str):
            return value
    actor = getattr(result, "actor", None)
    return _resolution_id(actor) if actor is not None else None


class ActorNames:
    """ACLED actor name -> project actor id, ``<generic>``, or ``~folded name`` when unresolved."""

    def __init__(self, kb: Any = None):
        if kb is None:
            try:
                from sahel_ie.kb.actors import default_kb

                kb = default_kb()
            except Exception:  # no knowledge base yet: every named actor stays unresolved
                kb = None
        self.kb = kb
        self.cache: dict[str, str | None] = {}

    def _candidates(self, name: str) -> list[str]:
        """The full name, then its parts: "JNIM: Group for ..." -> "JNIM"; "(2013-2020)"/"(Mali)" removed."""
        bare = re.sub(r"\s*\([^)]*\)", "", name).strip()
        head = name.split("(", 1)[0].strip()  # "Military Forces of Mali (2013-2020) Operational ..." -> unit's force
        out = [name, bare, head]
        if ":" in bare:
            short, long = (part.strip() for part in bare.split(":", 1))
            out += [short, long]
        return [c for i, c in enumerate(out) if c and c not in out[:i]]

    def resolve(self, name: str | None) -> str | None:
        if not name or not name.strip():
            return None
        if name in self.cache:
            return self.cache[name]
        value: str | None = None
        if self.kb is not None:  # the KB first: it knows named militias ACLED files as "communal"
            for candidate in self._candidates(name):
                try:
                    value = _resolution_id(self.kb.resolve(candidate))
                except Exception:
                    value = None
                if value:
                    break
        if value is None:
            value = GENERIC if _GENERIC_PATTERNS.search(name) else f"~{S.fold(name)}"
        self.cache[name] = value
        return value


def _organisations(actor_id: str | None) -> list[str]:
    """The organisations above a KB actor (its parent chain, itself excluded): katiba_macina -> jnim."""
    if not actor_id or actor_id == GENERIC:
        return []
    try:
        from sahel_ie.kb.actors import default_kb

        return default_kb().parent_chain(actor_id)[1:]
    except Exception:  # no knowledge base: no units
        return []


def _default_kb() -> Any:
    try:
        from sahel_ie.kb.actors import default_kb

        return default_kb()
    except Exception:  # no knowledge base: nothing can be looked up
        return None


def _related_actors(kb: Any, actor_id: str) -> list[str]:
    """The actor, the organisations above it and its units: the ids whose names count as naming it."""
    out = [actor_id]
    for other in list(kb.parent_chain(actor_id)[1:]) + list(kb.units_of(actor_id)):
        if other not in out:
            out.append(other)
    return out


def names_its_perpetrator(row: dict[str, Any], actor_id: str | None, kb: Any = None) -> bool:
    """Whether the note's text writes a KB name of ACLED's perpetrator ``actor_id``, of one of its units
    or of an organisation above it.

    ACLED coders use what they know beyond the note ("Suspected JNIM militants" coded JNIM when the note
    says only "gunmen"); an extractor that names no organisation its text does not name can never match
    those notes, so this picks the notes where the name is there to be read. Names are the KB's alias
    list (names, aliases, communal forms), compared normalised (case, diacritics, punctuation, "the");
    acronyms ("JNIM", "FAMa") are compared as written, as whole words, so "aq" inside a word or a lower
    case word that happens to spell an acronym does not count."""
    if not actor_id or actor_id == GENERIC or actor_id.startswith("~"):
        return False
    kb = kb if kb is not None and hasattr(kb, "surface_forms") else _default_kb()
    if kb is None or actor_id not in kb:
        return False
    from sahel_ie.kb.normalize import normalise_name

    raw = row.get("text") or ""
    text = f" {normalise_name(raw)} "
    for related in _related_actors(kb, actor_id):
        for surface, kind in kb.surface_forms(related):
            if kind == "acronym":
                if re.search(rf"(?<![\w-]){re.escape(surface)}(?![\w-])", raw):
                    return True
                continue
            key = normalise_name(surface)
            if key and f" {key} " in text:
                return True
    return False


def primary_attack(extraction: Extraction) -> Attack | None:
    """The attack with the largest conservative killed total; the first one on ties."""
    best, best_killed = None, -1
    for attack in extraction.attacks:
        killed = S.outcome_total(attack, "killed") or 0
        if killed > best_killed:
            best, best_killed = attack, killed
    return best


def with_claimed_fatalities(attack: Attack, claims: Sequence[Any]) -> Attack:
    """The attack with the tolls of its claims when it reports no killed figure of its own.

    ACLED codes a claimant's toll where the report gives no other ("JNIM said it killed eight"; the
    claims of this one attack only, ``slots.with_claimed_tolls``); where the report has its own figure,
    that figure is the credible one and the claimant's higher count is left aside."""
    if S.outcome_total(attack, "killed") is not None:
        return attack
    return S.with_claimed_tolls(attack, claims)


def predict_notes(rows: Sequence[dict[str, Any]], nlp: Any = None, batch_size: int = 64,
                  published_offset_days: int | None = None, country_from_notes: bool = False) -> list[Extraction]:
    """Run the pipeline over the notes with ``published=None``, or with a publication date
    ``published_offset_days`` after the event (see the module docstring); with ``country_from_notes``
    each note's ``country`` field is its article country (a note whose country is unknown goes without)."""
    from sahel_ie.extraction import doc_to_extraction, make_doc

    if nlp is None:
        import sahel_ie

        nlp = sahel_ie.load()
    docs = (make_doc(nlp, row.get("text") or "", publication_date(row, published_offset_days), str(row.get("id")),
                     _note_country(row) if country_from_notes else None)
            for row in rows)
    out: list[Extraction] = []
    for row, doc in zip(rows, nlp.pipe(docs, batch_size=batch_size)):
        try:
            out.append(doc_to_extraction(doc, doc_id=str(row.get("id"))))
        except Exception as error:  # one note must not stop the benchmark
            out.append(Extraction.failed(str(row.get("id")), "processing_error", str(error)))
    return out


def _note_country(row: dict[str, Any]) -> str | None:
    """The note's country as an ISO code, or None when its field is missing or unknown."""
    from sahel_ie.extraction import checked_country

    return checked_country(row.get("country"))[0]


@dataclass
class _Rate:
    hits: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hits += int(hit)
        self.total += 1

    def to_dict(self) -> dict[str, Any]:
        return {"rate": round(self.hits / self.total, 4) if self.total else None, "hits": self.hits, "n": self.total}


def _same_place(a: str, b: str) -> bool:
    """Folded names equal, or spelling variants of one name (Boulikessi / Boulkessi): ratio >= 90."""
    if a == b:
        return True
    from rapidfuzz import fuzz

    return min(len(a), len(b)) >= 5 and fuzz.ratio(a, b) >= 90


def names_its_place(row: dict[str, Any]) -> bool:
    """Whether the note writes ACLED's location (or admin3/admin2) itself, allowing spelling variants."""
    text = S.fold(row.get("text") or "") or ""
    words = text.split()
    grams = {" ".join(words[i:i + n]) for n in (1, 2, 3) for i in range(len(words))}
    for k in ("location", "admin3", "admin2"):
        name = S.fold(row.get(k))
        if name and (f" {name} " in f" {text} " or any(_same_place(g, name) for g in grams)):
            return True
    return False


def _note_date(text: str) -> str | None:
    """ISO date of a full date written in the note ("3 March 2018", "March 3, 2018"), else None."""
    import datetime as dt

    match = FULL_DATE.search(text or "")
    if not match:
        return None
    if match.group(1):
        day, month, year = match.group(1), match.group(2), match.group(3)
    else:
        month, day, year = match.group(4), match.group(5), match.group(6)
    try:
        return dt.datetime.strptime(f"{day} {month} {year}", "%d %B %Y").date().isoformat()
    except ValueError:
        return None


def _date_scored(row: dict[str, Any], published: bool) -> bool:
    """Whether the note's date is scored: a full date in the text, or (given a publication date) a day
    named in the text of a note coded to the day."""
    text = row.get("text") or ""
    if not published:
        return _note_date(text) is not None
    return row.get("time_precision") == 1 and DAY_STATED.search(text) is not None


def score_notes(rows: Sequence[dict[str, Any]], extractions: Sequence[Extraction],
                names: ActorNames | None = None, max_mismatches: int = 200,
                published: bool = False) -> dict[str, Any]:
    """The figures of the module docstring, plus a sample of mismatches (ids and coded values only).
    ``published``: the notes were given a publication date (the date is then scored more widely)."""
    names = names or ActorNames()
    tp = fp = fn = tn = 0
    perp, loc, date, exact, within = _Rate(), _Rate(), _Rate(), _Rate(), _Rate()
    perp_org, perp_named, perp_named_org = _Rate(), _Rate(), _Rate()
    perp_in_text, perp_in_text_org = _Rate(), _Rate()
    kb = getattr(names, "kb", None)
    loc_named, near10, admin1 = _Rate(), _Rate(), _Rate()
    distances: list[float] = []
    abs_errors: list[int] = []
    failed = 0
    mismatches: list[dict[str, Any]] = []

    def miss(row: dict, field: str, acled: Any, pred: Any) -> None:
        if len(mismatches) < max_mismatches:
            mismatches.append({"id": row.get("id"), "field": field, "acled": acled, "pred": pred})

    for row, extraction in zip(rows, extractions):
        failed += int(not extraction.ok)
        violent, detected = is_violent(row), bool(extraction.attacks)
        if violent and detected:
            tp += 1
        elif violent:
            fn += 1
            miss(row, "detection", row.get("event_type"), "no attack")
        elif detected:
            fp += 1
            miss(row, "detection", row.get("event_type"), f"{len(extraction.attacks)} attack(s)")
        else:
            tn += 1
        if not (violent and detected):
            continue
        attack = with_claimed_fatalities(primary_attack(extraction), extraction.claims)
        # perpetrator
        predicted = S.perpetrator_value(attack.perpetrator)
        allowed = {names.resolve(row.get("perpetrator"))}
        if row.get("event_type") == "Battles":
            allowed.add(names.resolve(row.get("actor2")))
        generic = {None, GENERIC}
        hit = predicted in allowed - {None} or (predicted in generic and names.resolve(row.get("perpetrator")) in generic)
        perp.add(hit)
        # ACLED codes a unit under its organisation ("JNIM", with "Katiba Macina" as associated actor)
        unit_hit = hit or any(a in _organisations(predicted) for a in allowed - generic)
        perp_org.add(unit_hit)
        named = names.resolve(row.get("perpetrator")) not in generic and not str(
            names.resolve(row.get("perpetrator"))).startswith("~")
        in_text = False
        if named:
            perp_named.add(hit)
            perp_named_org.add(unit_hit)
            in_text = names_its_perpetrator(row, names.resolve(row.get("perpetrator")), kb)
            if in_text:
                perp_in_text.add(hit)
                perp_in_text_org.add(unit_hit)
        if not hit:
            miss(row, "perpetrator", sorted(a for a in allowed if a), predicted)
            if mismatches and mismatches[-1]["field"] == "perpetrator" and mismatches[-1]["id"] == row.get("id"):
                mismatches[-1].update(named=named, unit_match=unit_hit, event_type=row.get("event_type"),
                                      in_text=in_text)
        # fatalities
        gold = acled_fatalities(row)
        if gold is not None:
            killed = S.outcome_total(attack, "killed") or 0
            exact.add(killed == gold)
            within.add(abs(killed - gold) <= 0.2 * gold if gold else killed == 0)
            abs_errors.append(abs(killed - gold))
            if killed != gold:
                miss(row, "killed", gold, killed)
        # location
        names_ok = {S.fold(row.get(k)) for k in ("location", "admin3", "admin2", "admin1")} - {None}
        predicted = {S.fold(attack.location.name), S.fold(S.written_name(attack.location.text))} - {None}
        hit = any(_same_place(p, n) for p in predicted for n in names_ok)
        loc.add(hit)
        if not hit:
            miss(row, "location", row.get("location"), attack.location.name)
        if names_its_place(row):
            loc_named.add(hit)
        if (hit and attack.location.lat is not None and attack.location.geo_precision != 3
                and isinstance(row.get("lat"), (int, float))):  # a region-level record claims no point
            from sahel_ie.kb.places import _km

            distance = _km((attack.location.lat, attack.location.lon), (row["lat"], row["lon"]))
            distances.append(distance)
            near10.add(distance <= 10.0)
            if distance > 10.0:
                miss(row, "location_km", row.get("location"), round(distance, 1))
        if hit and row.get("admin1"):
            same = S.fold(attack.location.admin1) == S.fold(row["admin1"])
            admin1.add(same)
            if not same:
                miss(row, "admin1", row.get("admin1"), attack.location.admin1)
        # date, only where the note states it
        if _date_scored(row, published):
            hit = attack.date.value == row.get("date")
            date.add(hit)
            if not hit:
                miss(row, "date", row.get("date"), attack.date.value)

    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "notes": len(rows),
        "violent": tp + fn,
        "processing_errors": failed,
        "detection": {"tp": tp, "fp": fp, "fn": fn, "tn": tn, "precision": round(precision, 4),
                      "recall": round(recall, 4), "f1": round(f1, 4),
                      "accuracy": round((tp + tn) / len(rows), 4) if rows else None},
        "perpetrator": perp.to_dict(),
        "perpetrator_units_as_organisation": perp_org.to_dict(),
        "perpetrator_named": perp_named.to_dict(),
        "perpetrator_named_units_as_organisation": perp_named_org.to_dict(),
        "perpetrator_named_in_text": perp_in_text.to_dict(),
        "perpetrator_named_in_text_units_as_organisation": perp_in_text_org.to_dict(),
        "fatalities": {"exact": exact.to_dict(), "within_20pct": within.to_dict(),
                       "mae": round(sum(abs_errors) / len(abs_errors), 3) if abs_errors else None},
        "location": loc.to_dict(),
        "location_where_named": loc_named.to_dict(),
        "location_within_10km": near10.to_dict(),
        "location_median_km": round(sorted(distances)[len(distances) // 2], 2) if distances else None,
        "location_admin1": admin1.to_dict(),
        "date_where_stated": date.to_dict(),
        "mismatches": mismatches,
    }


def evaluate_acled(path: str | Path, limit: int | None = None, nlp: Any = None, batch_size: int = 64,
                   published_offset_days: int | None = None, half: str | None = None,
                   max_mismatches: int = 200, country_from_notes: bool = False) -> dict[str, Any]:
    """Load the notes, run the pipeline once over them, and score."""
    rows = load_acled(path, limit, half)
    start = time.perf_counter()
    extractions = predict_notes(rows, nlp=nlp, batch_size=batch_size, published_offset_days=published_offset_days,
                                country_from_notes=country_from_notes)
    seconds = time.perf_counter() - start
    result = score_notes(rows, extractions, published=published_offset_days is not None,
                         max_mismatches=max_mismatches)
    result["seconds"] = round(seconds, 2)
    result["published_offset_days"] = published_offset_days
    result["half"] = half
    result["country_from_notes"] = country_from_notes
    return result


def format_perpetrator_errors(result: dict[str, Any]) -> str:
    """The perpetrator misses on notes where ACLED names a KB actor, one a line: note id, event type, the
    ids ACLED allows (actor 1, and actor 2 in battles), the predicted id, and whether the prediction is a
    unit of the allowed organisation. Ids and coded values only, never note text."""
    lines = []
    for m in result.get("mismatches", []):
        if m.get("field") == "perpetrator" and m.get("named"):
            unit = "  (unit of it)" if m.get("unit_match") else ""
            where = "in_text" if m.get("in_text") else "not_in_text"
            lines.append(f"{m['id']}\t{m.get('event_type')}\t{where}\tacled={','.join(m['acled'])}"
                         f"\tpredicted={m['pred']}{unit}")
    return "\n".join(lines)


def format_acled(result: dict[str, Any]) -> str:
    """The figures as a few lines of text (no mismatch list)."""
    d, f = result["detection"], result["fatalities"]

    def rate(r: dict[str, Any]) -> str:
        return "n/a" if r["rate"] is None else f"{r['rate']:.3f} ({r['hits']}/{r['n']})"

    lines = [
        f"notes: {result['notes']} (violent {result['violent']}), processing errors: {result['processing_errors']}",
        f"detection: P {d['precision']:.3f} R {d['recall']:.3f} F1 {d['f1']:.3f} accuracy {d['accuracy']:.3f} "
        f"(tp {d['tp']} fp {d['fp']} fn {d['fn']} tn {d['tn']})",
        "on violent notes with a detected attack:",
        f"  perpetrator match: {rate(result['perpetrator'])}",
        *([f"  perpetrator match, a unit counting as its organisation: "
           f"{rate(result['perpetrator_units_as_organisation'])}",
           f"  perpetrator match where ACLED names one (KB actor): {rate(result['perpetrator_named'])}; "
           f"a unit counting as its organisation: {rate(result['perpetrator_named_units_as_organisation'])}"]
          if "perpetrator_named" in result else []),
        *([f"  perpetrator match where the note's text names ACLED's actor: "
           f"{rate(result['perpetrator_named_in_text'])}; a unit counting as its organisation: "
           f"{rate(result['perpetrator_named_in_text_units_as_organisation'])}"]
          if "perpetrator_named_in_text" in result else []),
        f"  fatalities exact: {rate(f['exact'])}; within 20%: {rate(f['within_20pct'])}; MAE {f['mae']}",
        f"  location match: {rate(result['location'])}",
        f"  location match (notes naming their place): {rate(result['location_where_named'])}",
        f"  matched places within 10 km: {rate(result['location_within_10km'])}; "
        f"median {result['location_median_km']} km; admin1 right: {rate(result['location_admin1'])}",
        (f"  date match (notes naming a day, published {result['published_offset_days']} days later): "
         if result.get("published_offset_days") is not None else "  date match (notes stating a full date): ")
        + rate(result["date_where_stated"]),
    ]
    if "seconds" in result:
        lines.append(f"pipeline time: {result['seconds']:.1f} s")
    return "\n".join(lines)
