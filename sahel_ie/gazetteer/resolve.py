"""Choosing the GeoNames entry an article means, from the article's own context.

Half of the names a Sahel article gives have several GeoNames entries (a dozen villages called Douna,
five called Boni). The article says which one: a region, cercle or commune named beside the place ("X,
Douentza", "(X, Mopti)", "X, Cercle of Bandiagara"), the country it is about, the other places it names
(events cluster: the Boni of Mopti when Douentza and Hombori are mentioned, not the Boni of Hauts-Bassins).
Each signal gives points; feature rank (seats before villages before wells) and population only break
ties. The chosen entry, the runner-up and the deciding signal are returned, so the record can show why.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable

from sahel_ie.gazetteer.index import Candidate, GeoNamesSet
from sahel_ie.gazetteer.keys import key as make_key
from sahel_ie.kb.places import CORE_COUNTRIES
from sahel_ie.kb.places import _km as km  # one great-circle formula for the whole project

BESIDE_CHARS = 90  # "X (Koro, Mopti)", "X, Cercle of Bandiagara, Mopti Region": right after the name
W_ADMIN2_BESIDE, W_ADMIN1_BESIDE = 4.0, 3.0
W_ADMIN2_DOC, W_ADMIN1_DOC = 1.5, 1.0
W_COUNTRY, W_CORE = 2.0, 0.5
W_SETTLEMENT = 1.0
# "between Didieni and Niamou": a candidate within these distances of a namesake of another place the
# article names (one the shipped table lacks) gets these points; names with more namesakes say too little
NAMESAKE_NEAR_KM, NAMESAKE_AROUND_KM = 30.0, 60.0
W_NAMESAKE_NEAR, W_NAMESAKE_AROUND = 1.5, 0.75
MAX_NAMESAKES = 6
# GeoNames ids below this come from its first import of the NGA's GNS names; the Sahel dumps' later entries
# (ids from 6 million) are mostly bulk-imported village lists that repeat those names. Among namesakes with
# nothing else to tell them apart, reporting (and ACLED's coding) names the established entry: on ACLED's
# Malian notes it was the original entry for 52 of 58 names that have both kinds. It only breaks near-ties:
# a bulk-imported village where the reported conflict is denser (one more reviewed place around) beats it
ESTABLISHED_MAX_ID = 3_000_000
W_ESTABLISHED = 0.2
# "X near the Burkina Faso border": a candidate of another country within these distances of the named
# country's places (its installed index; see :mod:`sahel_ie.gazetteer.borders`) lies by that border
BORDER_NEAR_KM, BORDER_AROUND_KM = 40.0, 80.0
W_BORDER_NEAR, W_BORDER_AROUND = 1.5, 0.75
# the conflict-zone prior grows with the log of the reviewed places within 50 km, up to a cap
W_DENSE, MAX_DENSE = 0.3, 1.5
# a candidate in a region where an actor the article names operates (``regions`` in models/actors.json):
# "GATIA militiamen abducted ... between Doro and X" is the Doro of Gao, not the Doro of Mopti. A prior about
# the actor, not the place, so it weighs less than any region or cercle the article writes
W_ACTOR_REGION = 1.0
_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)


def _ngram_positions(text: str, max_n: int = 3) -> dict[str, list[int]]:
    """Normalised 1-3 word sequences of ``text`` -> their start offsets."""
    words = [(m.start(), m.group()) for m in _WORD.finditer(text)]
    found: dict[str, list[int]] = {}
    for i in range(len(words)):
        for n in range(1, max_n + 1):
            if i + n > len(words):
                break
            k = make_key(" ".join(w for _, w in words[i:i + n]))
            if k:
                found.setdefault(k, []).append(words[i][0])
    return found


class KnownPlaces:
    """Points of the places the project's reviewed table knows, on a coarse grid: where reported attacks
    happen. With no other clue in the article, a candidate where they are dense beats a namesake where
    they are sparse."""

    CELL = 0.5

    def __init__(self, points: Iterable[tuple[float, float]]) -> None:
        self.grid: dict[tuple[int, int], list[tuple[float, float]]] = {}
        for lat, lon in points:
            self.grid.setdefault(self._cell(lat, lon), []).append((lat, lon))

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        return int(math.floor(lat / self.CELL)), int(math.floor(lon / self.CELL))

    def nearest_km(self, lat: float, lon: float) -> float:
        return min((km((lat, lon), p) for p in self._around(lat, lon)), default=float("inf"))

    def count_within(self, lat: float, lon: float, radius_km: float = 50.0) -> int:
        """How many reviewed places lie within ``radius_km``: how dense the reported conflict is there."""
        return sum(km((lat, lon), p) <= radius_km for p in self._around(lat, lon))

    def _around(self, lat: float, lon: float) -> list[tuple[float, float]]:
        ci, cj = self._cell(lat, lon)
        return [p for di in (-1, 0, 1) for dj in (-1, 0, 1) for p in self.grid.get((ci + di, cj + dj), ())]


@dataclass
class PlaceContext:
    """What an article says about where it is: its countries, its known places' points, its words."""

    text: str
    countries: Counter = field(default_factory=Counter)
    points: list[tuple[str, tuple[float, float]]] = field(default_factory=list)
    known: KnownPlaces | None = None
    stated_country: str | None = None  # the country the caller says the article is about (metadata)
    # the other names the article writes as places that only the GeoNames indexes know, with the points
    # of their few namesakes: (key, points); filled by the caller on the first GeoNames choice
    namesakes: list[tuple[str, list[tuple[float, float]]]] | None = None
    # the countries whose border the article names, with their places' points; filled like ``namesakes``
    borders: list[tuple[str, KnownPlaces]] | None = None
    # (country, admin1 key) where the actors the article names operate
    actor_regions: frozenset[tuple[str, str]] = frozenset()
    _ngrams: dict[str, list[int]] | None = None

    @property
    def ngrams(self) -> dict[str, list[int]]:
        if self._ngrams is None:
            self._ngrams = _ngram_positions(self.text)
        return self._ngrams

    def named(self, name: str | None, start: int, end: int) -> str | None:
        """"beside" when ``name`` is written just after the mention, "doc" elsewhere, else None."""
        if not name:
            return None
        positions = self.ngrams.get(make_key(name))
        if not positions:
            return None
        outside = [p for p in positions if not start <= p < end]
        if not outside:
            return None
        return "beside" if any(end <= p <= end + BESIDE_CHARS for p in outside) else "doc"


    def written_next(self, name: str | None, end: int) -> bool:
        """Whether ``name`` is written as an apposition right after a mention ending at ``end``: "X, Segou",
        "X (Segou)" (a region or cercle saying where X lies), not "X, on the road between Segou and Bamako"."""
        if not name:
            return False
        m = _NEXT_NAME.match(self.text, end)
        return m is not None and make_key(m.group(1)).startswith(make_key(name))


_NEXT_NAME = re.compile(r"\s*[,(]\s*([^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){0,2})")
CONTEXT_SIGNALS = ("cercle named", "region named", "the article's country", "near the article's other places",
                   "near the border the article names")


@dataclass
class Choice:
    best: Candidate
    runner_up: Candidate | None
    reason: str
    score: float
    signals: tuple[str, ...] = ()

    @property
    def has_context(self) -> bool:
        """Whether anything in the article itself supports the choice."""
        return any(s.startswith(CONTEXT_SIGNALS) for s in self.signals)


def _scores(c: Candidate, mention: str, start: int, end: int, ctx: PlaceContext) -> dict[str, float]:
    s: dict[str, float] = {}
    # the seat stands in for an unknown admin2: in Mali the cercle bears its seat's name
    cercle = c.admin2 or c.seat
    if cercle and c.admin1 and make_key(cercle) == make_key(c.admin1):
        cercle = None  # "Mopti Region" names the region, not the cercle of Mopti
    for name, where in ((cercle, ctx.named(cercle, start, end)),):
        if name and make_key(name) != make_key(mention) and where:
            s["cercle named " + ("beside" if where == "beside" else "in the article")] = (
                W_ADMIN2_BESIDE if where == "beside" else W_ADMIN2_DOC)
    where = ctx.named(c.admin1, start, end) if c.admin1 and make_key(c.admin1) != make_key(mention) else None
    if where:
        s["region named " + ("beside" if where == "beside" else "in the article")] = (
            W_ADMIN1_BESIDE if where == "beside" else W_ADMIN1_DOC)
    if ctx.countries:
        top = ctx.countries.most_common(1)[0][1]
        if ctx.countries.get(c.country):
            s["the article's country"] = W_COUNTRY * (1.0 if ctx.countries[c.country] == top else 0.6)
    elif c.country in CORE_COUNTRIES:
        s["a core country"] = W_CORE
    # "Tene, Segou": a region named right beside the mention whose capital bears its name ("region named
    # beside") says where the village lies, not that it lies near the capital
    region_beside = make_key(c.admin1) if where == "beside" and ctx.written_next(c.admin1, end) else None
    distances = [km((c.lat, c.lon), p) for name, p in ctx.points
                 if make_key(name) != make_key(mention) and make_key(name) != region_beside]
    if distances:
        d = min(distances)
        if d <= 60:
            s["near the article's other places"] = 2.0
        elif d <= 150:
            s["near the article's other places"] = 1.0
        elif d <= 300:
            s["near the article's other places"] = 0.4
    if ctx.namesakes:
        mine = make_key(mention)
        near = min((km((c.lat, c.lon), p) for k, points in ctx.namesakes if k != mine for p in points),
                   default=float("inf"))
        if near <= NAMESAKE_NEAR_KM:
            s["near the article's other places (a namesake of one)"] = W_NAMESAKE_NEAR
        elif near <= NAMESAKE_AROUND_KM:
            s["near the article's other places (a namesake of one)"] = W_NAMESAKE_AROUND
    border = min((points.nearest_km(c.lat, c.lon) for country, points in ctx.borders or () if country != c.country),
                 default=float("inf"))
    if border <= BORDER_AROUND_KM:
        s["near the border the article names"] = W_BORDER_NEAR if border <= BORDER_NEAR_KM else W_BORDER_AROUND
    if ctx.actor_regions and c.admin1 and (c.country, make_key(c.admin1)) in ctx.actor_regions:
        s["where the article's actors operate"] = W_ACTOR_REGION
    if c.is_settlement:
        s["a settlement"] = W_SETTLEMENT
    if ctx.known is not None:
        dense = ctx.known.count_within(c.lat, c.lon)
        if dense:
            s["in the conflict zone the table knows"] = min(MAX_DENSE, W_DENSE * math.log2(1 + dense))
    if make_key(c.name) == make_key(mention):
        s["its main name"] = 0.5
    if c.geonameid < ESTABLISHED_MAX_ID:
        s["an established GeoNames entry"] = W_ESTABLISHED
    s["feature rank"] = -0.15 * c.feature_rank
    s["population"] = 0.1 * math.log10(c.population + 1)
    return s


def choose(mention: str, candidates: Iterable[Candidate], start: int, end: int, ctx: PlaceContext) -> Choice | None:
    """The best candidate for ``mention`` (at ``start:end`` of the article), its runner-up and the reason."""
    scored = []
    for c in {c.geonameid: c for c in candidates}.values():
        parts = _scores(c, mention, start, end, ctx)
        scored.append((sum(parts.values()), c, parts))
    if not scored:
        return None
    scored.sort(key=lambda x: (-x[0], x[1].feature_rank, -x[1].population, x[1].geonameid))
    total, best, parts = scored[0]
    signals = tuple(k for k, v in parts.items() if v > 0)
    if len(scored) == 1:
        return Choice(best, None, "only candidate", total, signals)
    _, second, second_parts = scored[1]
    gains = {k: v - second_parts.get(k, 0.0) for k, v in parts.items()}
    reason = max(gains, key=lambda k: gains[k])
    if gains[reason] <= 0:
        reason = "feature rank and population"
    return Choice(best, second, reason, total, signals)


def enrich(gaz: GeoNamesSet, names: Iterable[str], point: tuple[float, float] | None, max_km: float = 15.0,
           accept=lambda c: True) -> Candidate | None:
    """The GeoNames entry for a place the shipped table already resolved, to add its GeoNames id, admin2
    and surveyed point: the nearest accepted entry within ``max_km`` under one of its ``names``, else the
    nearest spelling variant within half that distance."""
    if point is None or not gaz:
        return None
    names = list(dict.fromkeys(names))
    pools = ((lambda: [c for n in names for c in gaz.lookup(n)], max_km),
             (lambda: [c for n in names for _, c in gaz.fuzzy(n)], max_km / 2))  # variants only when needed
    for pool, limit in pools:
        near = [(km(point, (c.lat, c.lon)), c) for c in pool() if accept(c)]
        near = [x for x in near if x[0] <= limit]
        if near:
            return min(near, key=lambda x: (x[0], x[1].feature_rank))[1]
    return None


__all__ = ["Choice", "PlaceContext", "choose", "enrich", "km"]
