"""The place a text measures an unlocated village from: "X, 8 km from Y", "X near Y", "X (Y)", "X, Cercle of Y".

Reporting names many hamlets, camps and wells that no gazetteer holds, and says where they lie by a town,
commune, cercle or region written right after them. ACLED codes such an event at that reference place with
geo precision 2 (3 when only a region is named), and so does the record: a point nobody can place is worth
less than the town it is measured from. A village the gazetteers do know keeps its own entry; this module
only reads the words between the village and its reference.

What counts as "right after" (characters between the end of the village's name and the reference):

* a distance: ", 8 km from", "about 30km south-east of", "a few kilometres from";
* a direction: ", west of", "north of", "to the south of";
* nearness: "near", "not far from", "close to", "on the outskirts of", "in the area of", also in a
  parenthesis ("X (near Y)");
* a unit: ", commune of", "in the cercle of", ", area of", "in the Y Cercle";
* a base, camp or headquarters written in a town: "X base in Y", "the X camp at Y", "the X headquarters
  in Y", and "in Y" after a name the words before call a base or camp ("Camp X in Y", ``facility_before``);
* inside a town: "X, central Y", "the X neighbourhood of Y" (coded at the town itself, precision 1);
* an apposition or parenthesis: "X, Y" and "X (Y)" (the reference must then be a place the gazetteers
  know, checked by the caller).

A settlement noun ("X village", "X market", "the X valley") or a parenthesised alternative spelling may
stand between the name and the connector.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DIRECTION = r"(?:(?i:(?:north|south)(?:[- ]?(?:east|west))?|east|west)(?:ern)?|[NS][EW]|[NSEW])"
_UNIT = r"(?i:commune|cercle|circle|district|department|d[ée]partement|prefecture|municipality|area|zone|region|province|state)"
_NOUN = r"(?:village|hamlet|locality|area|valley|market|camp|forest|wadi|well|neighbou?rhood|quarter|zone)"
_FACILITY = r"(?i:base|camp|garrison|barracks|headquarters|HQ)"
_QUANT = r"(?:(?:about|some|approximately|around|roughly|nearly|over|under|at|less than|more than|just)\s+)*"
_AMOUNT = r"(?:a few|several|a dozen|\d+(?:[.,]\d+)?(?:\s*-\s*\d+)?)"
_DISTANCE_UNIT = r"(?:km|kms|kilomet(?:er|re)s?|miles?)\.?"

CONNECTORS: tuple[tuple[str, re.Pattern], ...] = tuple((kind, re.compile(pattern)) for kind, pattern in (
    ("distance", rf",?\s+{_QUANT}{_AMOUNT}\s*-?\s*{_DISTANCE_UNIT}\s+(?:(?:to\s+the\s+)?{_DIRECTION}\s+)?(?i:of|from)\s+"),
    ("direction", rf",?\s+(?:(?:to\s+the|just|some|about|further)\s+)?{_DIRECTION}\s+of\s+"),
    ("near", r"(?:,?\s+|\s*\(\s*)(?:near|not\s+far\s+from|close\s+to|outside|on\s+the\s+outskirts\s+of|in\s+the\s+"
             r"(?:vicinity|area|surroundings|environs)\s+of|around)\s+"),
    ("unit", rf",?\s+(?:in\s+|of\s+)?(?:the\s+)?{_UNIT}\s+of\s+"),
    ("unit", rf"\s+in\s+(?:the\s+)?(?=[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)?\s+{_UNIT}\b)"),
    # "the X base in Y", "X camp at Y": a base or camp no gazetteer knows, at the town it is written in
    ("facility", rf"\s+(?:(?i:military|army)\s+)?{_FACILITY}\s+(?:in|at)\s+(?:the\s+)?"),
    # "Sankore Square, central Timbuktu", "the X neighbourhood of Bamako": a place inside the town
    ("inside", r",\s+(?:in\s+)?(?i:central|downtown)\s+"),
    ("inside", r"\s+(?i:neighbou?rhood|quarter)\s+(?:of|in)\s+"),
    ("apposition", r",\s+"),
    ("parenthesis", r"\s*\(\s*"),
))
# "Camp X in Y": the noun before the name makes the bare "in" a base's town
_FACILITY_IN = ("facility", re.compile(r"\s+(?:in|at)\s+(?:the\s+)?"))
_FACILITY_BEFORE = re.compile(rf"\b{_FACILITY}\s+$")
_LEAD = re.compile(rf"(?:\s+{_NOUN}\b)?(?:\s*\((?!\s*coded\b)[^()]{{1,40}}\))?", re.IGNORECASE)
_ARTICLE = re.compile(r"(?:the\s+(?:town|village|city|commune|locality|cercle|camp)\s+of\s+)?", re.IGNORECASE)
_NAME = re.compile(r"[A-Z][\w'’]*(?:[-‐][A-Za-z][\w'’]*)*(?:\s+[A-Z][\w'’]*(?:[-‐][A-Za-z][\w'’]*)*){0,2}")
_UNIT_WORD = re.compile(_UNIT, re.IGNORECASE)
_UNIT_AFTER = re.compile(rf"\s*(?P<unit>{_UNIT})\b", re.IGNORECASE)
_REGION_UNITS = {"region", "province", "state"}
MAX_CONNECTOR_CHARS = 60


@dataclass(frozen=True)
class Reference:
    """A reference place written after a mention: its characters, how it is tied to the mention
    ("distance", "direction", "near", "unit", "apposition", "parenthesis") and the administrative unit
    written with it ("region", "cercle", "commune", ... or None)."""

    start: int
    end: int
    kind: str
    unit: str | None

    @property
    def is_region(self) -> bool:
        return self.unit in _REGION_UNITS


def facility_before(text: str, start_char: int) -> bool:
    """Whether the words right before a mention starting at ``start_char`` call it a base or camp ("Camp X")."""
    return _FACILITY_BEFORE.search(text[max(0, start_char - 20):start_char]) is not None


def reference_after(text: str, end_char: int, limit: int, entity_ends: dict[int, int] | None = None,
                    facility: bool = False) -> list[Reference]:
    """The reference places written right after a mention that ends at ``end_char`` (characters of
    ``text`` up to ``limit``, the end of its sentence), nearest first. ``entity_ends`` maps the start of
    each named entity of the document to its end, so that a reference is cut where the entity ends.
    ``facility``: the words before the mention call it a base or camp ("Camp X in Y")."""
    window = text[end_char:min(limit, end_char + MAX_CONNECTOR_CHARS + 60)]
    lead = _LEAD.match(window)
    offsets = sorted({0, lead.end() if lead else 0})
    found: list[Reference] = []
    for kind, pattern in (*CONNECTORS, _FACILITY_IN) if facility else CONNECTORS:
        match = next((m for m in (pattern.match(window, o) for o in offsets) if m is not None), None)
        if match is None or match.end() - match.start() > MAX_CONNECTOR_CHARS:
            continue
        article = _ARTICLE.match(window, match.end())
        at = article.end() if article else match.end()
        name = _NAME.match(window, at)
        if name is None:
            continue
        start = end_char + at
        end = end_char + name.end()
        if entity_ends and start in entity_ends:
            end = entity_ends[start]
        else:  # "Tombouctou Region": the unit word is no part of the name
            words = text[start:end].split()
            while len(words) > 1 and _UNIT_WORD.fullmatch(words[-1]):
                words.pop()
            end = start + len(" ".join(words)) if len(words) < len(text[start:end].split()) else end
        after = _UNIT_AFTER.match(text, end, limit)
        unit = after.group("unit").lower() if after else None
        if unit is None and kind == "unit":
            unit = match.group(0).strip(" ,").split()[-2].lower() if len(match.group(0).split()) >= 2 else None
        if unit in ("circle",):
            unit = "cercle"
        if any(r.start == start for r in found):
            continue
        found.append(Reference(start, end, kind, unit))
    return found


__all__ = ["CONNECTORS", "Reference", "facility_before", "reference_after"]
