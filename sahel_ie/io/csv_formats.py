"""CSV rows in the vocabularies analysts already load: ACLED's columns (the default), GTD's, or sahel_ie's own.

ACLED users read a CSV with ``event_date``, ``event_type``, ``actor1``, ``inter1``, ``fatalities`` ... and
join it to ACLED's own data, so the values must be ACLED's: its event and sub-event types, its actor names
(the knowledge base keeps each actor's ACLED names, with the years they apply to), its actor-type codes.
The mapping lives in ``models/acled_mapping.json`` and is explained in ``docs/csv_formats.md``.

Rows are built per article (``rows(extraction)``), not per attack, because a toll given for several
attacks together ("64 killed in the two attacks") is split between them the way ACLED splits it: evenly,
the remainder to the earliest-mentioned attacks, so the column sums to the reported toll.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from functools import lru_cache
from typing import Any, Callable

from sahel_ie.records import Attack, Extraction
from sahel_ie.resources import read_json

ACLED_COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type", "sub_event_type",
    "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
    "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3", "location", "latitude",
    "longitude", "geo_precision", "source", "source_scale", "notes", "fatalities", "tags", "timestamp",
]
# sahel_ie's own columns after ACLED's: the way back to the article and the record, and what ACLED lacks.
SAHEL_EXTRA_COLUMNS = [
    "doc_id", "attack_id", "attack_type", "actor1_id", "actor1_certainty", "injured", "abducted",
    "claimed_by", "attributed_to", "confidence", "url", "source_path",
]
GTD_COLUMNS = [
    "eventid", "iyear", "imonth", "iday", "approxdate", "extended", "country_txt", "region", "region_txt",
    "provstate", "city", "latitude", "longitude", "specificity", "summary", "attacktype1", "attacktype1_txt",
    "targtype1", "targtype1_txt", "gname", "guncertain1", "claimed", "claimmode", "claimmode_txt", "nkill",
    "nwound", "nhostkid", "scite1", "dbsource", "doc_id", "attack_id",
]

_RANGE = re.compile(r"\((\d{4})-(\d{4})?\)")


@lru_cache(maxsize=1)
def mapping() -> dict[str, Any]:
    """The reviewed ACLED/GTD vocabulary mapping."""
    return read_json("acled_mapping.json")


def country_info(iso2: str | None) -> dict[str, Any]:
    """ISO3, numeric ISO, ACLED name and region of a country (its code alone when unknown)."""
    if not iso2:
        return {"iso3": "", "iso": "", "name": "", "region": ""}
    return mapping()["countries"].get(iso2, {"iso3": iso2, "iso": "", "name": iso2, "region": ""})


def acled_name(actor_id: str | None, year: int | None, country: str | None = None) -> str | None:
    """The actor's ACLED name for the event's year (and country, for country-qualified militia names).

    ACLED names state forces by period ("Military Forces of Mali (2021-)"); the knowledge base lists
    them as ``acled`` aliases. A name whose period covers the year wins, the most recent period first;
    names with a unit after the period ("... Gendarmerie") only when nothing plainer fits.
    """
    if not actor_id:
        return None
    from sahel_ie.kb.actors import default_kb

    kb = default_kb()
    actor = kb.get(actor_id)
    if actor is None:
        return None
    names = [a["text"] for a in kb.alias_records(actor_id) if a.get("lang") == "acled"]
    if not names:
        return actor.name
    country_name = country_info(country)["name"]

    def score(name: str) -> tuple:
        match = _RANGE.search(name)
        plain = not match or name.rstrip().endswith(")")
        covers, start = 0, 0
        if match:
            start, end = int(match.group(1)), int(match.group(2) or 9999)
            covers = 1 if year is not None and start <= year <= end else 0
        in_country = 1 if country_name and f"({country_name})" in name else 0
        return (in_country, covers, plain, start if covers else -start)

    return max(names, key=score)


def _year(value: str | None) -> int | None:
    return int(value[:4]) if value and re.match(r"^\d{4}", value) else None


def _event_date(attack: Attack, published: str | None) -> tuple[str, int, list[str]]:
    """ACLED's event_date and time_precision: a range is dated to its middle day; no date at all falls
    back on the publication date at the lowest precision (3), and says so in the tags."""
    date = attack.date
    precision = mapping()["time_precision"].get(date.precision, 3)
    if date.value:
        value = date.value[:10]
        if date.end and date.end[:10] != value:
            try:
                start, end = dt.date.fromisoformat(value), dt.date.fromisoformat(date.end[:10])
                value = (start + (end - start) / 2).isoformat()
                precision = max(precision, 2)
            except ValueError:
                pass
        return value, precision, []
    if published:
        return published[:10], 3, ["date from publication"]
    return "", 3, ["date unknown"]


def _armed(category: str) -> bool:
    return category in mapping()["armed_targets"]


def event_types(attack: Attack) -> tuple[str, str]:
    """ACLED (event_type, sub_event_type) for an attack: the project's one mapping, ``sahel_ie.attack_types``
    (an assault on civilians is violence against civilians, one on an armed party a battle; remote violence
    keeps its kind), so the CSV and every other consumer code an attack the same way."""
    from sahel_ie.attack_types import acled_event

    event_type, sub_event_type = acled_event(attack)
    return event_type, sub_event_type


def _inter(actor_id: str | None, country: str | None, unidentified: bool) -> int:
    table = mapping()
    if unidentified or not actor_id:
        return 3  # ACLED codes unidentified armed groups as political militias
    from sahel_ie.kb.actors import default_kb

    actor = default_kb().get(actor_id)
    if actor is None:
        return 3
    if actor_id in table["identity_militias"]:
        return 4
    code = table["inter_by_kb_type"].get(actor.type, 3)
    if code == 1 and country and actor.countries and country not in actor.countries[:1]:
        return 8  # a state's forces acting in another country are external forces there
    return code


def _actor1(attack: Attack, year: int | None) -> tuple[str, int, list[str]]:
    """ACLED's actor1: the named perpetrator unless only suspected (ACLED does not code suspicion)."""
    perpetrator = attack.perpetrator
    country = attack.location.country
    tags: list[str] = []
    named = perpetrator.actor_id is not None and perpetrator.certainty != "suspected"
    if perpetrator.actor_id is not None and perpetrator.certainty == "suspected":
        tags.append(f"suspected perpetrator: {perpetrator.name or perpetrator.text}")
    if perpetrator.certainty == "claimed":
        tags.append("claimed")
    if named:
        name = acled_name(perpetrator.actor_id, year, country) or perpetrator.name or ""
        return name, _inter(perpetrator.actor_id, country, False), tags
    template = mapping()["unidentified_actor"]
    country_name = country_info(country)["name"]
    name = template.format(country=country_name) if country_name else template.split(" (")[0]
    return name, 3, tags


def _actor2(attack: Attack, year: int | None) -> tuple[str, str, int | None]:
    """ACLED's actor2 (the first target, armed ones first), assoc_actor_2 (the others) and inter2."""
    table = mapping()["target_actors"]
    country = attack.location.country
    country_name = country_info(country)["name"]
    categories = sorted({t.category for t in attack.targets}, key=lambda c: (not _armed(c), c))
    actors: list[tuple[str, int | None]] = []
    for category in categories:
        entry = table.get(category) or table["unknown"]
        name = ""
        kb_id = (entry.get("kb") or {}).get(country or "")
        if kb_id:
            name = acled_name(kb_id, year, country) or ""
        if not name and entry.get("name"):
            name = entry["name"].format(country=country_name) if country_name or "{country}" not in entry["name"] else ""
        if name and all(name != a for a, _ in actors):
            actors.append((name, entry.get("inter")))
    if not actors:
        return "", "", None
    return actors[0][0], "; ".join(a for a, _ in actors[1:]), actors[0][1]


def _interaction(inter1: int, inter2: int | None) -> int:
    """ACLED's two-digit interaction code: the lower actor type first; one-sided events end in 0."""
    if not inter2:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def _geo_precision(attack: Attack) -> int | str:
    location = attack.location
    if location.geo_precision:
        return location.geo_precision
    if location.lat is None:
        return ""
    return {"near": 2, "between": 2, "region": 3}.get(location.relation or "", 1)


def split_tolls(extraction: Extraction, outcome: str) -> dict[str, int | None]:
    """Per attack id, the figure ACLED would code for one outcome.

    An attack's own toll wins. A toll shared by several attacks of the article is divided evenly between
    the attacks that share it, the remainder going one by one to the earliest-mentioned, so that the
    column sums to the reported figure.
    """
    from sahel_ie.io.writers import lowest_total

    out: dict[str, int | None] = {}
    groups: dict[tuple, list[Attack]] = {}
    for attack in extraction.attacks:
        own = lowest_total(attack, outcome)
        out[attack.id] = own
        if own is not None:
            continue
        key = tuple(sorted((c.group, c.count, c.evidence[0].start if c.evidence else None)
                           for c in attack.casualties if c.outcome == outcome and c.shared and c.count is not None))
        if key:
            groups.setdefault(key, []).append(attack)
    for members in groups.values():
        total = lowest_total(members[0], outcome, shared=True)
        if total is None:
            continue
        base, remainder = divmod(total, len(members))
        for index, attack in enumerate(members):
            out[attack.id] = base + (1 if index < remainder else 0)
    return out


def _event_id(iso3: str, extraction: Extraction, attack: Attack) -> str:
    digest = hashlib.sha1(f"{extraction.doc_id}\0{attack.id}".encode("utf-8", "surrogatepass")).hexdigest()
    return f"{iso3 or 'XXX'}{int(digest[:12], 16) % 10**9:09d}"


def _timestamp(published: str | None) -> int | str:
    if not published:
        return ""
    try:
        day = dt.date.fromisoformat(published[:10])
    except ValueError:
        return ""
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc).timestamp())


def _claims(extraction: Extraction, attack: Attack) -> list:
    return [c for c in extraction.claims if attack.id in c.attack_ids]


def _names(values) -> str:
    return "; ".join(sorted({v for v in values if v}))


def acled_rows(extraction: Extraction) -> list[dict[str, Any]]:
    """One ACLED row per attack of the article, with sahel_ie's own columns after ACLED's."""
    fatalities = split_tolls(extraction, "killed")
    injured = split_tolls(extraction, "injured")
    abducted = split_tolls(extraction, "abducted")
    rows = []
    for attack in extraction.attacks:
        event_date, time_precision, tags = _event_date(attack, extraction.published)
        year = _year(event_date)
        event_type, sub_event_type = event_types(attack)
        actor1, inter1, actor_tags = _actor1(attack, year)
        actor2, assoc2, inter2 = _actor2(attack, year)
        if event_type == "Violence against civilians" and not actor2:
            actor2, inter2 = mapping()["target_actors"]["civilians"]["name"].format(
                country=country_info(attack.location.country)["name"]), 7
        country = country_info(attack.location.country)
        killed = fatalities.get(attack.id)
        shared = any(c.shared for c in attack.casualties if c.outcome == "killed")
        if killed is not None and shared and lowest_total_own(attack) is None:
            tags.append("fatalities split from a shared toll")
        if killed is None and any(c.outcome == "killed" for c in attack.casualties):
            tags.append("fatalities reported without a number")
        claims = _claims(extraction, attack)
        location = attack.location
        rows.append({
            "event_id_cnty": _event_id(country["iso3"], extraction, attack),
            "event_date": event_date,
            "year": year or "",
            "time_precision": time_precision,
            "disorder_type": "Political violence",
            "event_type": event_type,
            "sub_event_type": sub_event_type,
            "actor1": actor1,
            "assoc_actor_1": "",
            "inter1": inter1,
            "actor2": actor2,
            "assoc_actor_2": assoc2,
            "inter2": inter2 or "",
            "interaction": _interaction(inter1, inter2),
            "civilian_targeting": "Civilian targeting" if (
                event_type == "Violence against civilians"
                or any(t.category == "civilians" for t in attack.targets)) else "",
            "iso": country["iso"],
            "region": country["region"],
            "country": country["name"],
            "admin1": location.admin1 or "",
            "admin2": getattr(location, "admin2", None) or "",
            "admin3": getattr(location, "admin3", None) or "",
            "location": location.name or "",
            "latitude": location.lat if location.lat is not None else "",
            "longitude": location.lon if location.lon is not None else "",
            "geo_precision": _geo_precision(attack),
            "source": extraction.source.outlet or "",
            "source_scale": "",
            "notes": " ".join(e.text for e in attack.evidence if e.text) or attack.text,
            "fatalities": killed if killed is not None else 0,
            "tags": "; ".join(tags + actor_tags),
            "timestamp": _timestamp(extraction.published),
            "doc_id": extraction.doc_id,
            "attack_id": attack.id,
            "attack_type": attack.attack_type,
            "actor1_id": attack.perpetrator.actor_id or "",
            "actor1_certainty": attack.perpetrator.certainty or "",
            "injured": injured.get(attack.id) if injured.get(attack.id) is not None else "",
            "abducted": abducted.get(attack.id) if abducted.get(attack.id) is not None else "",
            "claimed_by": _names(c.claimant.name or c.claimant.text for c in claims if c.status == "claimed"),
            "attributed_to": _names(t.actor.name or t.actor.text for t in extraction.attributions
                                    if attack.id in t.attack_ids),
            "confidence": attack.confidence,
            "url": extraction.source.url or "",
            "source_path": extraction.source.path or "",
        })
    return rows


def lowest_total_own(attack: Attack) -> int | None:
    from sahel_ie.io.writers import lowest_total

    return lowest_total(attack, "killed")


def gtd_rows(extraction: Extraction) -> list[dict[str, Any]]:
    """One GTD-style row per attack: GTD's date parts, codes and names, with the same toll split."""
    gtd = mapping()["gtd"]
    fatalities = split_tolls(extraction, "killed")
    injured = split_tolls(extraction, "injured")
    abducted = split_tolls(extraction, "abducted")
    rows = []
    for attack in extraction.attacks:
        value = attack.date.value or ""
        precision = attack.date.precision
        year = _year(value)
        month = int(value[5:7]) if len(value) >= 7 and precision in ("day", "week", "month", "range") else 0
        day = int(value[8:10]) if len(value) >= 10 and precision == "day" else 0
        from sahel_ie.attack_types import gtd_attack_type

        attack_text = gtd_attack_type(attack.attack_type)
        attack_code = [gtd["attacktype_codes"].get(attack_text, 9), attack_text]
        first_target = next((t.category for t in attack.targets), "unknown")
        target_code = gtd["targtype"].get(first_target) or gtd["targtype"]["unknown"]
        country = country_info(attack.location.country)
        region = gtd["region"].get(country["region"], ["", ""])
        claims = _claims(extraction, attack)
        claimed = [c for c in claims if c.status == "claimed"]
        perpetrator = attack.perpetrator
        if perpetrator.actor_id or perpetrator.name:
            gname = perpetrator.name or perpetrator.text or "Unknown"
        else:
            gname = "Unknown"
        mode = next((gtd["claimmode"].get(c.channel or "") for c in claimed if c.channel in gtd["claimmode"]), None)
        if claimed and mode is None:
            mode = [10, "Unknown"]
        precision_code = _geo_precision(attack)
        eventid = f"{year or 0:04d}{month:02d}{day:02d}{int(_event_id('', extraction, attack)[3:]) % 10000:04d}"
        rows.append({
            "eventid": eventid,
            "iyear": year or "",
            "imonth": month,
            "iday": day,
            "approxdate": value if precision not in ("day",) and value else "",
            "extended": 0,
            "country_txt": country["name"],
            "region": region[0],
            "region_txt": region[1],
            "provstate": attack.location.admin1 or "",
            "city": attack.location.name or "",
            "latitude": attack.location.lat if attack.location.lat is not None else "",
            "longitude": attack.location.lon if attack.location.lon is not None else "",
            # GTD specificity: 1 the place itself, 2-3 near it or its district, 4 the region, 5 unknown
            "specificity": {1: 1, 2: 2, 3: 4}.get(precision_code, 5) if precision_code != "" else 5,
            "summary": " ".join(e.text for e in attack.evidence if e.text) or attack.text,
            "attacktype1": attack_code[0],
            "attacktype1_txt": attack_code[1],
            "targtype1": target_code[0],
            "targtype1_txt": target_code[1],
            "gname": gname,
            "guncertain1": 1 if perpetrator.certainty in ("suspected", "attributed") else 0,
            "claimed": 1 if claimed else (0 if claims else -9),
            "claimmode": mode[0] if mode else "",
            "claimmode_txt": mode[1] if mode else "",
            "nkill": fatalities.get(attack.id) if fatalities.get(attack.id) is not None else "",
            "nwound": injured.get(attack.id) if injured.get(attack.id) is not None else "",
            "nhostkid": abducted.get(attack.id) if abducted.get(attack.id) is not None else "",
            "scite1": extraction.source.outlet or extraction.source.url or "",
            "dbsource": "sahel_ie",
            "doc_id": extraction.doc_id,
            "attack_id": attack.id,
        })
    return rows


def sahel_rows(extraction: Extraction) -> list[dict[str, Any]]:
    """sahel_ie's original CSV columns (``writers.CSV_COLUMNS``), one row per attack."""
    from sahel_ie.io.writers import attack_row

    return [attack_row(extraction, attack) for attack in extraction.attacks]


def formats() -> dict[str, tuple[list[str], Callable[[Extraction], list[dict[str, Any]]]]]:
    """CSV format name -> (columns, rows of one article)."""
    from sahel_ie.io.writers import CSV_COLUMNS

    return {
        "acled": (ACLED_COLUMNS + SAHEL_EXTRA_COLUMNS, acled_rows),
        "gtd": (GTD_COLUMNS, gtd_rows),
        "sahel": (CSV_COLUMNS, sahel_rows),
    }


CSV_FORMATS = ("acled", "gtd", "sahel")
