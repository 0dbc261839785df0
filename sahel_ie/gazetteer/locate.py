"""Resolving one place mention of an article: the shipped table first, then the installed GeoNames indexes.

The shipped table (``models/places.json``) is reviewed, so a name it knows keeps its entry; GeoNames
only adds its id and admin2 when its entry of that name lies within a few kilometres. Names the table
lacks are looked up in GeoNames, exactly on the normalised form and, for these mentions only (the parse
already marked them as places), as spelling variants; an actor or people's name is never a place.
Among several entries the article's context decides (:mod:`sahel_ie.gazetteer.resolve`).

``scale`` says how large the place is, for the record's geo precision: "point" (a town, village, well or
camp), "district" (a commune, cercle, forest or wadi: part of a district) or "region" (a region, country
or wider area such as "the Sahel" or a border area).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

from spacy.tokens import Doc

from sahel_ie.extensions import document_text
from sahel_ie.gazetteer.borders import border_points, named_borders
from sahel_ie.gazetteer.component import selection_for
from sahel_ie.gazetteer.index import Candidate, GeoNamesSet, open_indexes
from sahel_ie.gazetteer.keys import key as make_key
from sahel_ie.gazetteer.keys import skeleton
from sahel_ie.gazetteer.resolve import BESIDE_CHARS, KnownPlaces, PlaceContext, choose, enrich, km
from sahel_ie.kb.actors import ENTITY_LABELS, default_kb
from sahel_ie.kb.places import Gazetteer, Place
from sahel_ie.resources import read_json

REFINE_KM = 80.0  # the shipped table's village points are good to about half a degree
# a shipped point written to a tenth or hundredth of a degree ("15.55, 1.05") was placed by hand, sometimes a
# degree off: its one GeoNames twin of the same country within this distance is taken as the surveyed point
COARSE_REFINE_KM = 150.0
# a shipped village GeoNames lists only as its water point (a well, pond or wadi): the twin lies within the
# village's stated point uncertainty, or this distance when the table states none
WATER_TWIN_KM = 30.0
WATER_TWIN_FCODES = frozenset({"WLL", "WLLS", "WTRH", "WTRHS", "STMI", "WAD", "WADS", "PND", "PNDI", "LKI", "OAS"})
# a shipped place this far from every other place of the article, with a GeoNames namesake close to one of
# them, is the wrong namesake ("the village of Kara near Diafarabe" is not Kara in Togo)
FAR_FROM_ARTICLE_KM = 300.0
NEAR_ARTICLE_KM = 60.0
# a GeoNames namesake this far from the place named right beside the mention is not the village meant
FAR_NAMESAKE_KM = 150.0
REGION_KINDS = {"country", "region", "area", "border_area", "river"}
DISTRICT_KINDS = {"forest", "park", "lake"}
DISTRICT_FCODES = {"ADM2", "ADM3", "ADM4", "ADMD", "WAD", "WADS", "STMI", "FRST", "FRSTF", "GRSLD", "LKI", "LKS"}
REGION_FCODES = {"ADM1", "PCLI", "RGN", "AREA"}
NOT_PLACE_LABELS = {"NORP"}
CONTEXT_KINDS = {"town", "village", "region", "forest", "park", "lake"}
_CONTEXTS: dict[int, PlaceContext] = {}
# "X (coded as Y at geoprecision 2)": event notes in ACLED's style say where the coder put the event
# "(coded as Y at geoprecision 2)", "(coded as Y prec2)", "(coded as approximate location at Y, geoprecision 2)",
# "(coded at approximate location as Y 30km SW)": the name ends before the precision, a distance or a comma
CODED_AS = re.compile(
    r"\(\s*coded\s+(?:at\s+(?:an?\s+)?approximate\s+location\s+)?as\s+"
    r"(?:(?:an?\s+)?approximate\s+location\s+(?:at|as|in)\s+)?"
    r"([^,()]+?)(?=\s*(?:,|\)|\bat\b|\bgeo\s*-?precision|\bprec\s*\d|\d+\s*km|\bprobably\b))[^()]*\)",
    re.IGNORECASE)
CODED_LATER_CHARS = 160  # "between X and Y (coded as Y ...)": the parenthesis closes the place phrase
PRECISION = re.compile(r"\b(?:geo\s*-?)?prec(?:ision)?\s*(\d)", re.IGNORECASE)



@dataclass
class Resolved:
    name: str
    kind: str | None
    scale: str
    country: str | None
    admin1: str | None
    admin2: str | None
    lat: float | None
    lon: float | None
    place_id: str | None
    geonames_id: int | None
    gazetteer: str | None
    runner_up: str | None = None
    reason: str | None = None


def _scale_of_place(place: Place) -> str:
    if place.kind in REGION_KINDS:
        return "region"
    if place.kind in DISTRICT_KINDS:
        return "district"
    return "point"


def _scale_of_candidate(c: Candidate) -> str:
    if c.fcode in REGION_FCODES:
        return "region"
    if c.fcode in DISTRICT_FCODES:
        return "district"
    return "point"


def from_shipped(place: Place, geonames: Candidate | None) -> Resolved:
    """A shipped-table place; its GeoNames twin, when there is one, gives the id, the admin2 and the
    point (the reviewed table's village points are approximate, GeoNames' are surveyed)."""
    lat, lon = (geonames.lat, geonames.lon) if geonames is not None else (place.lat, place.lon)
    reason = None
    if geonames is not None and place.lat is not None and place.lon is not None:
        feature = "" if geonames.is_settlement or geonames.fcode == "CMP" else f" {geonames.fcode}"
        reason = (f"the table's {place.name}; point and id from GeoNames {geonames.geonameid} ({geonames.name}"
                  f"{feature}, {km((place.lat, place.lon), (lat, lon)):.0f} km from the table's approximate point)")
    return Resolved(
        name=place.name, kind=place.kind, scale=_scale_of_place(place), country=place.country,
        admin1=place.admin1, admin2=place.admin2 or (geonames.admin2 if geonames else None),
        lat=lat, lon=lon, place_id=place.id,
        geonames_id=geonames.geonameid if geonames else None, gazetteer="shipped", reason=reason,
    )


def from_geonames(c: Candidate, runner_up: Candidate | None, reason: str | None, written: str | None = None,
                  indexes: GeoNamesSet | None = None) -> Resolved:
    """The record's view of a GeoNames entry. A name GeoNames lists for the entry (its name, ASCII name
    or an alternate name) is kept as written: GeoNames' own form when only diacritics differ ("Okoyéri"
    for "Okoyeri"), else the article's spelling, which reports and ACLED's coders share ("Mougna", an
    alternate name of the entry named "Mounia"). A spelling GeoNames does not list, matched as a variant
    of one ("Indelimane" for "I-n-Deliman"), is no name of the place: the record takes the entry's main
    name, as the shipped table gives a place's canonical name; the article's words stay in the location's
    ``text`` and evidence, and ``reason`` says which spelling was written."""
    kind = "region" if c.fcode == "ADM1" else "country" if c.fcode == "PCLI" else (
        "town" if c.fcode.startswith("PPLA") or c.fcode == "PPLC" else "village" if c.is_settlement else None)
    name = c.name
    if written is not None and make_key(c.name) != make_key(written):
        if indexes is None or indexes.lists_name(c, written):
            name = written
        else:
            spelled = f"written {written}, a spelling variant of GeoNames {c.geonameid}'s main name"
            reason = f"{reason}; {spelled}" if reason else spelled
    if c.admin1_inferred and c.admin1:
        inferred = f"admin1 {c.admin1} from the GeoNames entries around it (GeoNames gives none)"
        reason = f"{reason}; {inferred}" if reason else inferred
    return Resolved(
        name=name,
        kind=kind, scale=_scale_of_candidate(c), country=c.country, admin1=c.admin1,
        admin2=c.admin2, lat=c.lat, lon=c.lon, place_id=f"geonames:{c.geonameid}", geonames_id=c.geonameid,
        gazetteer=f"geonames:{c.country}", runner_up=runner_up.describe() if runner_up else None, reason=reason,
    )


_KNOWN: dict[int, KnownPlaces] = {}


@lru_cache(maxsize=1)
def not_place_names() -> frozenset[str]:
    """Peoples', groups' and common words GeoNames also lists as places (``models/places_not_names.json``)."""
    return frozenset(make_key(n) for n in read_json("places_not_names.json")["names"])


def known_places(gaz: Gazetteer) -> KnownPlaces:
    """The reviewed (curated) towns and villages of the shipped table, once per table."""
    found = _KNOWN.get(id(gaz))
    if found is None:
        found = _KNOWN[id(gaz)] = KnownPlaces(
            (p.lat, p.lon) for p in gaz
            if gaz.is_curated(p.id) and p.kind in ("town", "village") and p.lat is not None and p.lon is not None)
    return found


_ACTOR_LABELS = frozenset(ENTITY_LABELS.values())


def _regions_of_actors(doc: Doc) -> list[frozenset[tuple[str, str]]]:
    """The ``regions`` of each actor the article names that lists any: (country, admin1) pairs."""
    kb = default_kb()
    found: dict[str, frozenset[tuple[str, str]]] = {}
    for ent in doc.ents:
        actor = kb.get(ent.ent_id_) if ent.ent_id_ and ent.label_ in _ACTOR_LABELS else None
        if actor is not None and actor.regions:
            found[actor.id] = frozenset(actor.regions)
    return list(found.values())


def actor_regions(doc: Doc) -> frozenset[tuple[str, str]]:
    """(country, admin1 key) pairs where any actor the article names operates: a namesake there is likelier."""
    return frozenset((country, make_key(admin1)) for regions in _regions_of_actors(doc) for country, admin1 in regions)


def shared_actor_region(doc: Doc) -> tuple[str, str] | None:
    """The one (country, admin1) where every actor the article names that has a home region operates
    ("Dan Na Ambassagou": Mopti; "ISGS" and "GATIA" share Gao and Ménaka, so None)."""
    sets = _regions_of_actors(doc)
    if not sets:
        return None
    shared = {(c, make_key(a)): (c, a) for c, a in sets[0]}
    for regions in sets[1:]:
        keys = {(c, make_key(a)) for c, a in regions}
        shared = {k: v for k, v in shared.items() if k in keys}
    return next(iter(shared.values())) if len(shared) == 1 else None


def place_context(doc: Doc, gaz: Gazetteer) -> PlaceContext:
    """The article's countries and known places, built once per document."""
    text = document_text(doc)
    stated = doc._.get("country") if Doc.has_extension("country") else None
    cached = _CONTEXTS.get(id(doc))
    # a later Doc may reuse a freed Doc's id: the text and the caller's country must match too
    if cached is not None and cached.text == text and cached.stated_country == stated:
        return cached
    ctx = PlaceContext(text=text, known=known_places(gaz), stated_country=stated,
                       actor_regions=actor_regions(doc))
    for ent in doc.ents:
        place = gaz.get(ent.ent_id_) if ent.ent_id_ else None
        if place is None:
            continue
        if place.country:
            ctx.countries[place.country] += 2 if place.kind == "country" else 1
        if place.kind in CONTEXT_KINDS and place.lat is not None and place.lon is not None:
            ctx.points.append((ent.text, (place.lat, place.lon)))
    for token in doc:
        if token.text[:1].isupper():
            country = gaz.country_of_demonym(token.text)
            if country:
                ctx.countries[country] += 1
    if stated:  # the caller's word on the article's country outweighs the text's passing mentions
        ctx.countries[stated] = max(ctx.countries.values(), default=0) + 2
    if len(_CONTEXTS) >= 8:  # kept outside the Doc, whose user data must stay serialisable
        _CONTEXTS.pop(next(iter(_CONTEXTS)))
    _CONTEXTS[id(doc)] = ctx
    return ctx


def coded_as(text: str, end_char: int, sentence_end: int) -> tuple[str, int, int, int | None] | None:
    """The coder's place in a parenthesis right after a mention: (name, start, end, precision or None).

    ``text`` is the document's text, passed in by the caller, which holds it once per document
    (``doc.text`` would be joined from the tokens again for every mention)."""
    window = text[end_char:min(sentence_end, end_char + 120)]
    stripped = window.lstrip()
    match = CODED_AS.match(stripped) if stripped.startswith("(") else None
    offset = end_char + len(window) - len(stripped)
    if match is None:
        # later in the sentence: "between X and Y (coded as Y ...)", "X near Y (coded as Y ...)", "on the axis
        # X-Y (coded as X ...)"; the coder's parenthesis closes the phrase that places the event
        later = text[end_char:min(sentence_end, end_char + CODED_LATER_CHARS)]
        match = CODED_AS.search(later)
        if match is None or "(" in later[:match.start()]:
            return None
        offset = end_char
    stated = PRECISION.search(match.group(0))
    return match.group(1), offset + match.start(1), offset + match.end(1), int(stated.group(1)) if stated else None


def resolve(
    doc: Doc, text: str, start: int, end: int, *, gaz: Gazetteer, shipped: Place | None, label: str,
    is_actor: Callable[[str], bool] = lambda name: False,
) -> Resolved | None:
    """The place ``text`` (characters ``start:end`` of ``doc``) denotes, or None when nothing fits."""
    indexes = open_indexes(selection_for(doc))
    if shipped is not None:
        container = written_in(doc, end, gaz)
        if container is not None and not _lies_in(shipped, container):
            # "camp Kandi in Kidal": the table's Kandi (Benin) is not the place the article puts in Kidal
            return _inside(doc, text, start, end, gaz, indexes, shipped, container)
        geo = None
        if indexes and shipped.kind in ("town", "village") and shipped.lat is not None and shipped.lon is not None:
            names = (shipped.name, text, *shipped.aliases)
            accept = lambda c: c.country == shipped.country and (c.is_settlement or c.fcode == "CMP")  # noqa: E731
            geo = enrich(indexes, names, (shipped.lat, shipped.lon), REFINE_KM, accept=accept)
            if geo is None and _coarse_point(shipped.lat, shipped.lon):
                geo = _one_twin(indexes, names, (shipped.lat, shipped.lon), COARSE_REFINE_KM, accept)
            if geo is None:
                geo = _water_twin(indexes, names, shipped)
            if indexes and label not in NOT_PLACE_LABELS:
                local = (_namesake_near_article(doc, text, start, end, gaz, indexes, shipped)
                         or _namesake_in_stated_country(doc, text, start, end, gaz, indexes, shipped))
                if local is not None:
                    return local
        return from_shipped(shipped, geo)
    if label in NOT_PLACE_LABELS or not text[:1].isupper():
        return None
    if gaz.country_of_demonym(text) or make_key(text) in not_place_names() or is_actor(text):
        return None  # an actor's or a people's name wins over the village of the same name
    if not (indexes and indexes.lookup(text)):
        variant = shipped_variant(gaz, text)
        if variant is not None:  # no GeoNames entry bears the name as written
            found = resolve(doc, text, start, end, gaz=gaz, shipped=variant, label=label, is_actor=is_actor)
            if found is not None:
                spelled = f"written {text}, a spelling variant of the table's {variant.name}"
                found.reason = f"{spelled}; {found.reason}" if found.reason else spelled
                return found
    found = _from_geonames(doc, text, start, end, gaz, indexes, is_actor) if indexes else None
    return found or _from_neighbours(doc, text, start, end, gaz)


SHIPPED_VARIANT_MIN_RATIO = 88.0
_VARIANTS: dict[int, dict[str, list[tuple[str, Place]]]] = {}


def shipped_variant(gaz: Gazetteer, text: str) -> Place | None:
    """The reviewed town or village of the shipped table that ``text`` spells otherwise ("Boulikassi" for
    Boulkessi, whose aliases list "Boulikessi"): the same transliteration skeleton as one of its names and
    a close spelling, when exactly one entry fits. Only for mentions the parse marks as places, like
    GeoNames' spelling variants; a mention the table holds exactly never comes here."""
    by_skeleton = _VARIANTS.get(id(gaz))
    if by_skeleton is None:
        by_skeleton = _VARIANTS[id(gaz)] = {}
        for place in gaz:
            if gaz.is_curated(place.id) and place.kind in ("town", "village"):
                for name in {make_key(n) for n in (place.name, *place.aliases)} - {""}:
                    by_skeleton.setdefault(skeleton(name), []).append((name, place))
    key = make_key(text)
    if len(key) < 5 or not skeleton(key):
        return None
    from rapidfuzz import fuzz

    fits = {place.id: place for name, place in by_skeleton.get(skeleton(key), ())
            if fuzz.ratio(key, name) >= SHIPPED_VARIANT_MIN_RATIO}
    return next(iter(fits.values())) if len(fits) == 1 else None


_JOINABLE_LABELS = {"GPE", "LOC", "PERSON", "ORG", "FAC"}


def joined_name(doc: Doc, ent_start: int, ent_end: int, gaz: Gazetteer) -> tuple[int, int] | None:
    """The character span of a two-word name the NER cut in two ("near Bangui Mallam", read as "Bangui" and
    "Mallam", or "Mallam" alone), when the mention (tokens ``ent_start:ent_end``) and the capitalised word
    right before or after it, one space apart, together are a name a gazetteer holds exactly (the shipped
    table or an installed GeoNames index). A word the entity ruler resolved, a sentence's first word or an
    actor's name is never joined on."""
    indexes = open_indexes(selection_for(doc))
    text = document_text(doc)

    def joinable(i: int) -> bool:
        if i < 0 or i >= len(doc):
            return False
        tok = doc[i]
        if tok.pos_ != "PROPN" or not tok.text[:1].isupper() or tok.is_sent_start or tok.ent_id_:
            return False
        return tok.ent_type_ == "" or tok.ent_type_ in _JOINABLE_LABELS

    def known(name: str) -> bool:
        # a two-word name GeoNames lists under another spelling ("Tougere Koumbe" / "Toguéré-Koumbé") is
        # joined too: both words are capitalised names standing side by side
        return bool(gaz.lookup(name)) or bool(indexes and (indexes.lookup(name) or indexes.fuzzy(name)))

    start, end = doc[ent_start].idx, doc[ent_end - 1].idx + len(doc[ent_end - 1].text)
    if joinable(ent_start - 1) and doc[ent_start - 1].idx + len(doc[ent_start - 1].text) + 1 == start:
        if known(text[doc[ent_start - 1].idx:end]):
            return doc[ent_start - 1].idx, end
    if joinable(ent_end) and end + 1 == doc[ent_end].idx:
        after = doc[ent_end].idx + len(doc[ent_end].text)
        if known(text[start:after]):
            return start, after
    return None


# "X in Y": a region, cercle or town of the shipped table written right after the mention says where X lies
_WRITTEN_IN = re.compile(r"\s+in\s+(?:the\s+)?(?=[A-Z])")
CONTAINER_KINDS = {"region", "town", "country"}


def written_in(doc: Doc, end: int, gaz: Gazetteer) -> Place | None:
    """The shipped region, country or town written as "in Y" right after a mention ending at ``end``
    ("camp Kandi in Kidal", "Dioura in Mali"), or None. Only the words "in (the)" may stand between them."""
    match = _WRITTEN_IN.match(document_text(doc), end)
    if match is None:
        return None
    for ent in doc.ents:
        if ent.start_char == match.end() and ent.ent_id_:
            place = gaz.get(ent.ent_id_)
            if place is not None and place.kind in CONTAINER_KINDS and place.country:
                return place
            return None
    return None


def _lies_in(place: Place, container: Place) -> bool:
    """Whether ``place`` can lie in ``container``: the same country, and the same admin1 when the container
    is a region or town (a town named as a container stands for its area, "in Kidal")."""
    if place.country != container.country:
        return False
    if container.kind == "country" or not place.admin1 or not container.admin1:
        return True
    return make_key(place.admin1) == make_key(container.admin1)


def _inside(doc: Doc, text: str, start: int, end: int, gaz: Gazetteer, indexes, shipped: Place,
            container: Place) -> Resolved:
    """The place a text writes "X in Y" when the shipped X lies outside Y: a GeoNames namesake inside Y
    (same country, and Y's admin1 unless Y is a country), else X with Y's country and admin1 and no point
    (a neighbour's point would pose as X's)."""
    why = (f"written in {container.name}; the shipped {shipped.name} ({shipped.country}"
           f"{', ' + shipped.admin1 if shipped.admin1 else ''}) lies outside it")
    if indexes:
        inside = [c for c in indexes.lookup(text) if c.country == container.country and (
            container.kind == "country" or not container.admin1 or make_key(c.admin1 or "") == make_key(container.admin1))]
        if inside:
            choice = choose(text, inside, start, end, place_context(doc, gaz))
            if choice is not None:
                found = from_geonames(choice.best, choice.runner_up, None, written=text, indexes=indexes)
                found.reason = why + "; a namesake inside it"
                return found
    return Resolved(name=text, kind=None, scale="point", country=container.country,
                    admin1=container.admin1 if container.kind != "country" else None, admin2=None, lat=None,
                    lon=None, place_id=None, geonames_id=None, gazetteer=None,
                    reason=why + "; not in the gazetteers inside it")


def _coarse_point(lat: float, lon: float) -> bool:
    """Whether a point is written to two decimals or fewer (a hand-placed, approximate point)."""
    return round(lat, 2) == lat and round(lon, 2) == lon


def _water_twin(indexes, names: tuple[str, ...], shipped: Place) -> Candidate | None:
    """The well, waterhole, pond or wadi GeoNames lists under the name of a shipped village it has no
    settlement for, within the point uncertainty the table states for the village (else
    ``WATER_TWIN_KM``): in the pastoral north and the Gourma a camp takes its well's or pond's name, and
    GeoNames often lists only the water point. The nearest one is taken."""
    limit = shipped.uncertainty_km or WATER_TWIN_KM
    point = (shipped.lat, shipped.lon)
    pool = {c.geonameid: c for n in dict.fromkeys(names) for c in indexes.lookup(n)}
    near = [(km(point, (c.lat, c.lon)), c) for c in pool.values()
            if c.country == shipped.country and c.fcode in WATER_TWIN_FCODES]
    near = [x for x in near if x[0] <= limit]
    return min(near, key=lambda x: x[0])[1] if near else None


def _one_twin(indexes, names: tuple[str, ...], point: tuple[float, float], max_km: float,
              accept: Callable) -> Candidate | None:
    """The GeoNames entry under one of ``names`` (exactly or as a spelling variant) within ``max_km`` of
    ``point``, when there is exactly one: with several, the hand-placed point cannot say which."""
    pool = {c.geonameid: c for n in dict.fromkeys(names) for c in indexes.lookup(n)}
    pool.update({c.geonameid: c for n in dict.fromkeys(names) for _, c in indexes.fuzzy(n)})
    near = [c for c in pool.values() if accept(c) and km(point, (c.lat, c.lon)) <= max_km]
    return near[0] if len(near) == 1 else None


def _namesake_near_article(doc: Doc, text: str, start: int, end: int, gaz: Gazetteer, indexes,
                           shipped: Place) -> Resolved | None:
    """A GeoNames namesake of a shipped town, when the shipped one lies far from every other place the
    article names and the namesake close to one of them."""
    if shipped.kind not in ("town", "village") or shipped.lat is None or shipped.lon is None:
        return None
    ctx = place_context(doc, gaz)
    others = [p for name, p in ctx.points if make_key(name) != make_key(text)]
    if not others or min(km((shipped.lat, shipped.lon), p) for p in others) <= FAR_FROM_ARTICLE_KM:
        return None
    near = [c for c in indexes.lookup(text) if c.is_settlement
            and min(km((c.lat, c.lon), p) for p in others) <= NEAR_ARTICLE_KM]
    return _chosen(text, near, start, end, ctx, indexes,
                   f"the shipped {shipped.name} ({shipped.country}) lies far from the article's other places; "
                   "a namesake near them")


def _chosen(text: str, pool: list[Candidate], start: int, end: int, ctx: PlaceContext, indexes,
            reason: str) -> Resolved | None:
    """The best of ``pool`` for the mention, as a record whose ``reason`` is the rule that narrowed the pool
    (the choice's own runner-up kept); None for an empty pool."""
    choice = choose(text, pool, start, end, ctx) if pool else None
    if choice is None:
        return None
    found = from_geonames(choice.best, choice.runner_up, None, written=text, indexes=indexes)
    found.reason = reason
    return found


def _namesake_in_stated_country(doc: Doc, text: str, start: int, end: int, gaz: Gazetteer, indexes,
                                shipped: Place) -> Resolved | None:
    """A GeoNames namesake in the country the caller says the article is about, for a shipped town of
    another country that nothing else in the article points to ("between Manga and Koina" in a Malian
    feed is not Manga in Burkina Faso): the text names no other place or people of the shipped town's
    country. None when the caller stated no country or it has no settlement of the name."""
    ctx = place_context(doc, gaz)
    stated = ctx.stated_country
    if not stated or not shipped.country or shipped.country == stated:
        return None
    own = sum(1 for ent in doc.ents if ent.ent_id_ == shipped.id)
    if ctx.countries.get(shipped.country, 0) > own:
        return None  # the article names the town's country (or another of its places) elsewhere
    inside = [c for c in indexes.lookup(text) if c.country == stated and c.is_settlement]
    return _chosen(text, inside, start, end, ctx, indexes,
                   f"the shipped {shipped.name} lies in {shipped.country}, outside the article's country "
                   f"({stated}, as the caller states); a namesake inside it")


def _variant_near(text: str, start: int, end: int, exact: list[Candidate], others: list[tuple[float, float]],
                  indexes, ctx: PlaceContext) -> Resolved | None:
    """A spelling variant of ``text`` within ``NEAR_ARTICLE_KM`` of one of the article's places, for a name
    whose exact namesakes all lie far from them; None when there is none."""
    if any(min(km((c.lat, c.lon), p) for p in others) <= FAR_NAMESAKE_KM for c in exact):
        return None
    seen = {c.geonameid for c in exact}
    near = [c for _, c in indexes.fuzzy(text)[:10] if c.geonameid not in seen
            and min(km((c.lat, c.lon), p) for p in others) <= NEAR_ARTICLE_KM]
    return _chosen(text, near, start, end, ctx, indexes,
                   f"spelling variant near the article's places; its exact namesakes lie over "
                   f"{FAR_NAMESAKE_KM:.0f} km from them")


def _from_neighbours(doc: Doc, text: str, start: int, end: int, gaz: Gazetteer) -> Resolved | None:
    """A place no gazetteer knows still lies where the article says: in the admin1 of the region, cercle or
    town named right after it ("X, Cercle of Youwarou, Mopti Region"), or in the one admin1 all the
    article's other places share. It gets no point: the point of a neighbour would pose as the village's."""
    sentence_end = doc.char_span(start, end, alignment_mode="expand")
    limit = sentence_end.sent.end_char if sentence_end is not None else end + BESIDE_CHARS
    limit = min(limit, end + BESIDE_CHARS)
    admin1s = set()
    written = document_text(doc)
    # every place the mention's own name is written, "between Gomso-Baroua and X (coded as Gomso-Baroua)":
    # the town "Baroua" the ruler finds inside the name is no neighbour of it
    own = [(m.start(), m.end()) for m in re.finditer(re.escape(text), written)] if text else []
    for ent in doc.ents:
        place = gaz.get(ent.ent_id_) if ent.ent_id_ else None
        if place is None or place.kind == "country" or start <= ent.start_char < end:
            continue
        if any(a <= ent.start_char and ent.end_char <= b for a, b in own):
            continue
        if end <= ent.start_char <= limit and place.admin1:
            return Resolved(
                name=text, kind=None, scale="point", country=place.country, admin1=place.admin1,
                admin2=place.admin2 if place.kind in ("town", "village") else None, lat=None, lon=None,
                place_id=None, geonames_id=None, gazetteer=None,
                reason=f"not in the gazetteers; admin1 from {place.name} named beside it")
        if place.admin1:
            admin1s.add((place.country, place.admin1))
    if len(admin1s) == 1:
        country, admin1 = admin1s.pop()
        return Resolved(name=text, kind=None, scale="point", country=country, admin1=admin1, admin2=None,
                        lat=None, lon=None, place_id=None, geonames_id=None, gazetteer=None,
                        reason="not in the gazetteers; the admin1 of the article's other places")
    # "Dogon militiamen attacked X": the region every actor the article names operates in, when it is one
    # of the article's places' regions (or the article places nothing) and lies in the article's country,
    # which must be known (the text's places and demonyms, or the caller's word)
    home = shared_actor_region(doc)
    if home is not None and (not admin1s or any(make_key(a) == make_key(home[1]) for _, a in admin1s)):
        country = place_context(doc, gaz).countries.most_common(1)
        if country and country[0][0] == home[0]:
            return Resolved(name=text, kind=None, scale="point", country=home[0], admin1=home[1], admin2=None,
                            lat=None, lon=None, place_id=None, geonames_id=None, gazetteer=None,
                            reason="not in the gazetteers; admin1 where the article's actors operate")
    return None


# the words after which a capitalised name the NER reads as a person's or group's is written as a place
_PLACE_ROLES = ("in", "near", "at", "between", "and", "from", "to", "outside", "around")
_NAMESAKE_LABELS = {"GPE", "LOC", "FAC"}
_MISREAD_LABELS = {"PERSON", "ORG", "NORP"}


def article_namesakes(doc: Doc, gaz: Gazetteer, indexes,
                      is_actor: Callable[[str], bool] = lambda name: False) -> list[tuple[str, list[tuple[float, float]]]]:
    """The other names the article writes as places that the shipped table lacks ("between Didieni and
    Niamou"), each with the points of its GeoNames settlements (exact names, at most ``MAX_NAMESAKES``): a
    namesake of one mention close to a namesake of another is where the two lie together. Names the NER
    labels a place, and capitalised names it reads as a person's or group's (or leaves unlabelled) written
    right after "in", "near", "between", "and" ... are looked at; peoples', actors' and common words never."""
    from sahel_ie.parsing.syntax import function_words
    from sahel_ie.gazetteer.resolve import MAX_NAMESAKES

    after = frozenset().union(*(function_words(r) for r in _PLACE_ROLES))
    spans: list[str] = []
    for ent in doc.ents:
        if ent.ent_id_ or not ent.text[:1].isupper():
            continue
        prev = doc[ent.start - 1].lower_ if ent.start > 0 else ""
        if ent.label_ in _NAMESAKE_LABELS or (ent.label_ in _MISREAD_LABELS and prev in after):
            spans.append(ent.text)
    i = 0
    while i < len(doc):  # "between Aldouma and Dioungani": a name no model labels
        tok = doc[i]
        if (tok.ent_type == 0 and tok.pos_ == "PROPN" and tok.text[:1].isupper() and not tok.is_sent_start
                and i > 0 and doc[i - 1].lower_ in after):
            j = i + 1
            while j < len(doc) and doc[j].ent_type == 0 and doc[j].pos_ == "PROPN" and doc[j].text[:1].isupper():
                j += 1
            spans.append(doc[i:j].text)
            i = j
            continue
        i += 1
    found: list[tuple[str, list[tuple[float, float]]]] = []
    seen: set[str] = set()
    for text in spans:
        k = make_key(text)
        if not k or k in seen or gaz.lookup(text) or gaz.country_of_demonym(text) or k in not_place_names() \
                or is_actor(text):
            continue
        seen.add(k)
        points = [(c.lat, c.lon) for c in indexes.lookup(text) if c.is_settlement]
        if 0 < len(points) <= MAX_NAMESAKES:
            found.append((k, points))
    return found


def _from_geonames(doc: Doc, text: str, start: int, end: int, gaz: Gazetteer, indexes,
                   is_actor: Callable[[str], bool] = lambda name: False) -> Resolved | None:
    candidates = indexes.lookup(text)
    reason_prefix = ""
    if not candidates:
        candidates = [c for _, c in indexes.fuzzy(text)[:10]]
        reason_prefix = "spelling variant; "
    if not candidates:
        return None
    ctx = place_context(doc, gaz)
    if ctx.namesakes is None and len(candidates) > 1:
        ctx.namesakes = article_namesakes(doc, gaz, indexes, is_actor)
    if ctx.borders is None and len(candidates) > 1:
        ctx.borders = border_points(named_borders(doc, gaz), indexes)
    choice = choose(text, candidates, start, end, ctx)
    if choice is None or (reason_prefix and not choice.has_context):
        return None  # a spelling variant with nothing in the article for it is too weak a guess
    # the region's capital ("Benena, Segou") names the region the village lies in, not a town it lies near
    region = make_key(choice.best.admin1) if ctx.written_next(choice.best.admin1, end) else None
    others = [p for name, p in ctx.points if make_key(name) not in (make_key(text), region)]
    if others and min(km((choice.best.lat, choice.best.lon), p) for p in others) > FAR_NAMESAKE_KM:
        if not reason_prefix:
            # "the Egharghar valley, axis Aguelhok-Tessalit": the exact namesake lies in another country, a
            # spelling variant ("Igharghar") close to the article's places is the one meant
            variant = _variant_near(text, start, end, candidates, others, indexes, ctx)
            if variant is not None:
                return variant
        # "Bondo, Cercle of Koro": every namesake lies far from the place written beside the mention, so
        # the village is one the gazetteers lack; it lies in that neighbour's admin1
        beside = _from_neighbours(doc, text, start, end, gaz)
        if beside is not None and beside.reason and "beside" in beside.reason:
            beside.reason = (f"the gazetteers' namesakes lie over {FAR_NAMESAKE_KM:.0f} km from the place named "
                             f"beside it; " + (beside.reason or "").replace("not in the gazetteers; ", ""))
            return beside
    if ctx.stated_country and choice.best.country != ctx.stated_country and not choice.has_context:
        # the caller says the article is about Mali; a namesake in Mauritania that nothing in the text
        # supports is another village of the name, and a point hundreds of km off is worse than none
        return None
    reason = reason_prefix + choice.reason if choice.runner_up is not None or reason_prefix else None
    return from_geonames(choice.best, choice.runner_up, reason, written=text, indexes=indexes)


__all__ = ["Resolved", "coded_as", "place_context", "resolve"]


# ---------------------------------------------------------------- reference places

@dataclass
class ReferencePlace:
    """The place an unlocated village is coded at, and how the text ties the two."""

    place: Resolved
    text: str
    start: int
    end: int
    kind: str  # see sahel_ie.gazetteer.reference.Reference.kind


def unlocated(found: Resolved | None, shipped: Place | None) -> bool:
    """Whether a resolved mention gives no place of its own: in no gazetteer (at most an admin1 taken from a
    neighbour), or matched only as a spelling variant."""
    if found is None:
        return shipped is None
    if shipped is not None and (found.place_id is not None or found.lat is not None):
        return False  # the shipped entry (or its namesake) locates it; not one written "in" elsewhere
    if found.scale == "region":
        return False
    if (found.reason or "").startswith("spelling variant"):
        return True
    return found.scale == "point" and found.lat is None


def could_be_place(text: str, label: str, gaz: Gazetteer, is_actor: Callable[[str], bool]) -> bool:
    """Whether a mention may name a place at all (not a people's, an actor's or a common word)."""
    if label in NOT_PLACE_LABELS or not text[:1].isupper():
        return False
    return not (gaz.country_of_demonym(text) or make_key(text) in not_place_names() or is_actor(text))


def reference_place(doc: Doc, text: str, end: int, limit: int, *, gaz: Gazetteer,
                    is_actor: Callable[[str], bool] = lambda name: False,
                    start: int | None = None) -> ReferencePlace | None:
    """The town, commune or cercle written right after an unlocated mention that ends at character ``end``
    ("X, 8 km from Boni", "X (Mondoro)", "X, Cercle of Koro"), resolved to a point; None when there is none,
    or it is no place the gazetteers locate. A region or country is never a reference."""
    from sahel_ie.gazetteer.reference import facility_before, reference_after

    doc_text = text
    ents = {e.start_char: e for e in doc.ents}
    facility = start is not None and facility_before(doc_text, start)  # "Camp X in Y"
    for ref in reference_after(doc_text, end, limit, {s: e.end_char for s, e in ents.items()}, facility=facility):
        name = doc_text[ref.start:ref.end].strip()
        ent = ents.get(ref.start)
        label = ent.label_ if ent is not None else "PLACE"
        if label == "COUNTRY" or not could_be_place(name, label, gaz, is_actor):
            continue
        shipped = gaz.get(ent.ent_id_) if ent is not None and ent.ent_id_ else None
        if shipped is None:
            shipped = gaz.best(name)
        if ref.is_region or (shipped is not None and shipped.kind in ("country", "region")):
            # "X, Borno State", "X, Dosso region": a region says where the village lies, not where to code
            # it; the village keeps its name and takes the region's admin1 (``_from_neighbours``)
            continue
        if ref.kind in ("apposition", "parenthesis") and any(p.kind == "region" for p in gaz.lookup(name)):
            continue  # "X, Mopti", "X (Gao)": the region as often as its capital; a distance names the town
        found = resolve(doc, name, ref.start, ref.end, gaz=gaz, shipped=shipped, label=label, is_actor=is_actor)
        if found is None or found.scale != "point" or found.kind == "country" or found.lat is None:
            continue  # a region, or a neighbour no gazetteer places either
        if (found.reason or "").startswith("spelling variant") and ref.kind in ("apposition", "parenthesis"):
            continue  # "X, Y" with Y only a spelling variant: too weak for a name standing alone
        return ReferencePlace(found, name, ref.start, ref.end, ref.kind)
    return None


# "X near Y": a village written near a town lies within this distance of it
NEAR_REFERENCE_KM = 40.0


# "X, 45 km southeast of Y": the spelling variant of X must lie at the stated distance from Y, within this share
# of it (and this many km); with no distance stated, within the radius of its tie to Y
STATED_DISTANCE_SLACK, STATED_DISTANCE_SLACK_KM = 0.4, 10.0
VARIANT_RADIUS_KM = {"unit": 60.0}
VARIANT_NEAR_KM = 40.0
# a variant near the reference: its name this similar to the mention (rapidfuzz ratio), or this similar with
# the same transliteration skeleton ("Tin-Tadayni" / "Tin Tadéini")
VARIANT_MIN_RATIO, VARIANT_SKELETON_MIN_RATIO = 88.0, 78.0
# shorter names have a close variant near almost any town ("Bondo" / "Bondou", "Ferro" / "Fèrèro")
VARIANT_MIN_LETTERS = 7
_STATED_KM = re.compile(r"(\d+(?:[.,]\d+)?)\s*-?\s*(?:km|kms|kilomet(?:er|re)s?)\b", re.IGNORECASE)


def variant_near_reference(doc: Doc, mention: str, end: int, ref: ReferencePlace) -> Resolved | None:
    """"Orowaran, Cercle of Koro", "Inghalaman, about 45km southeast of Hombori": a mention no gazetteer holds
    under that spelling is the GeoNames entry whose name is a close variant of it and that lies where the text
    puts it, at the distance it states from the reference place (or near it). Nearness is the evidence an
    unconstrained spelling variant lacks, so wells, hills and dunes count too (camps in the desert are named
    after them). None when no entry, or more than one equally good, fits."""
    indexes = open_indexes(selection_for(doc))
    point = (ref.place.lat, ref.place.lon)
    mine = make_key(mention)
    if not indexes or point[0] is None or point[1] is None or len(mine.replace(" ", "")) < VARIANT_MIN_LETTERS:
        return None
    stated = _STATED_KM.search(document_text(doc)[end:ref.start])
    if stated is not None:
        distance = float(stated.group(1).replace(",", "."))
        slack = max(STATED_DISTANCE_SLACK * distance, STATED_DISTANCE_SLACK_KM)
        low, high = max(0.0, distance - slack), distance + slack
    else:
        low, high = 0.0, VARIANT_RADIUS_KM.get(ref.kind, VARIANT_NEAR_KM)
    from rapidfuzz import fuzz

    shape = skeleton(mine)
    best: dict[int, tuple[float, float, Candidate]] = {}
    for name_key, c in indexes.names_within(point[0], point[1], high):
        if c.fcode in REGION_FCODES or c.fcode in ("ADM2", "ADM3"):
            continue
        ratio = fuzz.ratio(mine, name_key)
        if ratio < VARIANT_MIN_RATIO and not (ratio >= VARIANT_SKELETON_MIN_RATIO and shape and skeleton(name_key) == shape):
            continue
        away = km(point, (c.lat, c.lon))
        if low <= away <= high and ratio > best.get(c.geonameid, (0.0, 0.0, c))[0]:
            best[c.geonameid] = (ratio, away, c)
    if not best:
        return None
    ranked = sorted(best.values(), key=lambda x: (-x[0], x[2].feature_rank, x[1]))
    if len(ranked) > 1 and ranked[1][0] == ranked[0][0] and km((ranked[0][2].lat, ranked[0][2].lon),
                                                               (ranked[1][2].lat, ranked[1][2].lon)) > 10.0:
        return None  # two equally close spellings in different places: the text does not say which
    ratio, away, c = ranked[0]
    reason = (f"no gazetteer entry is spelled {mention}; GeoNames {c.geonameid} ({c.name}) is a variant of it "
              f"{away:.0f} km from {ref.place.name}, written beside it ({ref.kind})")
    return from_geonames(c, None, reason, written=mention, indexes=indexes)


def far_from_reference(found: Resolved, ref: ReferencePlace, gaz: Gazetteer) -> bool:
    """Whether a GeoNames entry chosen for a mention lies over ``NEAR_REFERENCE_KM`` from the town the text
    writes it near ("Tonou, near Dioungani", with the only Tonou GeoNames knows 60 km away): then it is a
    namesake, and the village meant is one the gazetteers lack. Only for "near" (a distance or a cercle
    may be far), and not for a regional capital ("Marina, near Mopti" may mean the Mopti region)."""
    if any(p.kind == "region" for p in gaz.lookup(ref.text)):
        return False
    if ref.kind != "near" or found.lat is None or found.lon is None or not (found.gazetteer or "").startswith(
            "geonames") or ref.place.lat is None or ref.place.lon is None:
        return False
    return km((found.lat, found.lon), (ref.place.lat, ref.place.lon)) > NEAR_REFERENCE_KM


__all__ += ["ReferencePlace", "could_be_place", "far_from_reference", "reference_place", "unlocated"]
