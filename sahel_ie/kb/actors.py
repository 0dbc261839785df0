"""The actor knowledge base: who is who in the Sahel conflict system, and how names resolve to ids.

Records, tests and the evaluation refer to actors by stable ids (``docs/actor_ids.md``); articles refer to
them by whatever an outlet prints: "JNIM", "GSIM", "Jama’at Nusrat al-Islam Wal-Muslimin", "the al-Qaeda
affiliate", or ACLED's "JNIM: Group for Support of Islam and Muslims". Resolution climbs a ladder of
increasingly loose comparisons and stops at the first rung that answers:

1. exact alias text;
2. normalised key (case, diacritics, apostrophes, hyphens, "the", al-/el-), then the space-free key;
3. short forms the article itself defined ("Macina Liberation Front (MLF)");
4. fuzzy ``fuzz.ratio`` on normalised keys above a threshold measured by
   ``scripts/tune_fuzzy_threshold.py`` and stored in ``models/actors.json``, with guards: acronyms never
   match fuzzily, names with a different number of words never do, and two names that differ in a
   distinguishing word (Sahel / West Africa / Greater Sahara / Maghreb / a country) never match at all -
   spelling similarity is not identity.

Generic descriptions ("gunmen", "suspected jihadists", "Unidentified Armed Group (Mali)") resolve to no
actor on purpose: naming an organisation the article does not name is the worst error an extractor can
make. All data lives in ``models/actors.json`` and ``models/generic_actors.json``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as _date, datetime
from functools import lru_cache
from typing import Any, Iterator

from rapidfuzz import fuzz, process

from sahel_ie.kb.normalize import name_variants, normalise_name
from sahel_ie.resources import read_json

ENTITY_LABELS: dict[str, str] = {
    "jihadist_group": "ARMED_GROUP",
    "rebel_movement": "ARMED_GROUP",
    "militia": "MILITIA",
    "state_force": "STATE_FORCE",
    "foreign_force": "FOREIGN_FORCE",
    "private_military_company": "FOREIGN_FORCE",
    "international_mission": "INTL_MISSION",
    "government_body": "GOV_BODY",
}
GENERIC_LABEL = "UNKNOWN_ACTOR"
ACTOR_TYPES = frozenset(ENTITY_LABELS)

# Words that tell groups apart even when the rest of the name is identical; fuzzy matching may not
# cross them ("Islamic State Sahel" is not "Islamic State West Africa").
DISTINGUISHING = frozenset(
    """sahel sahara greater grand west western africa african afrique ouest province maghreb islamic state
    macina massina serma gourma hanifa mansour azawad mali malian niger nigerien nigeria nigerian burkina
    burkinabe chad chadian benin beninese togo togolese ghana ghanaian ivorian ivoire ivory mauritania
    mauritanian algeria algerian senegal senegalese france french russia russian police gendarmerie army
    guard government military council committee ansar ansarul ansaroul dine din islam muslims muslimin
    qaeda qaida core lake unity salvation liberation arab tuareg fulani dogon bambara dawsahak
    malienne maliennes malien maliens nigerienne nigeriennes burkinabes tchadienne tchadiennes tchad algerienne
    beninoise beninoises togolaise togolaises ivoirienne senegalaise senegalaises mauritanienne francaise
    francaises russe russes dozo donso koglweogo ganda koy izo gatia imghad mulathamun mourabitoun murabitun
    ambassagou amassagou transitional parliament authorities autorites armee""".split()
)


WORD_RATIO = 70  # aligned words must be at least this similar for a fuzzy match ("sahra" ~ "sahara")


def _iso(value: Any) -> str | None:
    """An ISO date string from a date, datetime or string (first 10 characters), else None."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, _date):
        return value.isoformat()
    text = str(value).strip()
    return text[:10] if re.match(r"^\d{4}-\d{2}-\d{2}", text) else (text[:4] + "-01-01" if re.match(r"^\d{4}$", text) else None)


def _covers(start: str | None, end: str | None, day: str) -> bool:
    return (start is None or start <= day) and (end is None or day < end)


@dataclass(frozen=True)
class NameSpan:
    """A name an actor used between two dates (``valid_to`` exclusive, None = open)."""

    name: str
    valid_from: str | None = None
    valid_to: str | None = None

    def to_dict(self) -> dict:
        return {"name": self.name, "valid_from": self.valid_from, "valid_to": self.valid_to}


def regions_dict(regions: tuple[tuple[str, str], ...]) -> dict[str, list[str]]:
    """(country, admin1) pairs -> ``{"ML": ["Mopti", "Ségou"]}``, the form of ``models/actors.json``."""
    out: dict[str, list[str]] = {}
    for country, admin1 in regions:
        out.setdefault(country, []).append(admin1)
    return out


@dataclass(frozen=True)
class Actor:
    """One organisation of the conflict system, as reviewed in ``models/actors.json``."""

    id: str
    name: str
    type: str
    countries: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()
    affiliations: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    names: tuple[NameSpan, ...] = ()
    valid_from: str | None = None
    valid_to: str | None = None
    predecessors: tuple[str, ...] = ()
    successor: str | None = None
    communities: tuple[str, ...] = ()  # the communities whose militia this actor is ("Fulani", "Peul")
    # (country, admin1) pairs where the actor's operations are concentrated: a region group or militia
    # ("Katiba Macina": Mopti and Ségou); organisations active nationwide list none
    regions: tuple[tuple[str, str], ...] = ()

    def name_on(self, date: Any = None) -> str:
        """The name in use on ``date``: ISGS before March 2022, ISSP after; the canonical name when unknown."""
        day = _iso(date)
        if day is None or not self.names:
            return self.name
        for span in self.names:
            if _covers(span.valid_from, span.valid_to, day):
                return span.name
        first = min(self.names, key=lambda s: s.valid_from or "")
        if first.valid_from and day < first.valid_from:
            return first.name
        return self.name

    def valid_on(self, date: Any) -> bool:
        """Whether the actor existed on ``date`` (always true without a date)."""
        day = _iso(date)
        return day is None or _covers(self.valid_from, self.valid_to, day)

    def to_dict(self) -> dict:
        return {
            "id": self.id, "name": self.name, "type": self.type, "countries": list(self.countries),
            "parents": list(self.parents), "affiliations": list(self.affiliations), "aliases": list(self.aliases),
            "names": [n.to_dict() for n in self.names], "valid_from": self.valid_from, "valid_to": self.valid_to,
            "predecessors": list(self.predecessors), "successor": self.successor,
            "communities": list(self.communities), "regions": regions_dict(self.regions),
        }


@dataclass(frozen=True)
class Resolution:
    """The answer of ``ActorKB.resolve``: which actor, by which rung of the ladder, how sure."""

    actor: Actor
    method: str  # "exact" | "normalised" | "fuzzy" | "abbreviation"
    score: float
    matched: str

    def to_dict(self) -> dict:
        return {
            "actor_id": self.actor.id, "name": self.actor.name, "type": self.actor.type,
            "parents": list(self.actor.parents), "method": self.method, "score": round(self.score, 4),
            "matched": self.matched,
        }


@dataclass
class _Entry:
    """One alias of one actor in the index."""

    text: str
    actor_id: str
    kind: str
    key: str = field(default="")
    in_ruler: bool = True  # False: resolvable, but the entity ruler leaves the words to other labels
    case_sensitive: bool = False  # True: the ruler matches the capitalised form only ("the Platform")


def _is_acronym(text: str) -> bool:
    """Single-token, short, mostly upper case: "JNIM", "FAMa", "CSP-PSD", "FC-G5S"."""
    stripped = text.replace("-", "").replace(".", "")
    if " " in text.strip() or not stripped:
        return False
    uppers = sum(ch.isupper() for ch in stripped)
    return uppers >= 2 and (uppers >= len(stripped) - 1 or len(stripped) <= 6)


class ActorKB:
    """Actors, their aliases and the generic descriptions, with resolution and entity-ruler patterns."""

    def __init__(self, actors_data: dict, generic_data: dict) -> None:
        self.version = actors_data.get("version", 1)
        fuzzy_cfg = actors_data.get("fuzzy", {})
        self.fuzzy_threshold: float = float(fuzzy_cfg.get("threshold", 88))
        self.fuzzy_min_length: int = int(fuzzy_cfg.get("min_length", 7))
        self.shared_aliases: dict[str, list[str]] = {
            normalise_name(k): list(v["actors"]) for k, v in actors_data.get("shared_aliases", {}).items()
        }
        self._actors: dict[str, Actor] = {}
        # "Fulani militiamen", "Dogon hunters": a community's name before a militia head is its militia
        communal_heads = list(actors_data.get("communal_heads", {}).get("heads", []))
        self._alias_meta: dict[str, list[dict]] = {}
        self._entries: list[_Entry] = []
        for raw in actors_data["actors"]:
            actor = self._actor_from(raw)
            if actor.id in self._actors:
                raise ValueError(f"duplicate actor id {actor.id!r} in actors.json")
            self._actors[actor.id] = actor
            self._alias_meta[actor.id] = list(raw.get("aliases", []))
            surfaces = [(actor.name, "name")] + [(n.name, "name") for n in actor.names]
            surfaces += [(a["text"], a.get("kind", "name")) for a in raw.get("aliases", [])]
            surfaces += [(f"{community} {head}", "communal") for community in actor.communities
                         for head in communal_heads]
            no_ruler = {a["text"] for a in raw.get("aliases", []) if a.get("ruler") is False}
            # a name that is also a common word ("Platform"): a name only as written, capital and all
            cased = {a["text"] for a in raw.get("aliases", []) if a.get("case_sensitive") is True}
            seen: set[str] = set()
            for text, kind in surfaces:
                if text in seen:
                    continue
                seen.add(text)
                if kind != "acronym" and _is_acronym(text):
                    kind = "acronym"
                self._entries.append(_Entry(text, actor.id, kind, normalise_name(text), text not in no_ruler,
                                            text in cased))
        self._exact: dict[str, set[str]] = {}
        self._norm: dict[str, set[str]] = {}
        self._compact: dict[str, set[str]] = {}
        for e in self._entries:
            self._exact.setdefault(e.text, set()).add(e.actor_id)
            self._norm.setdefault(e.key, set()).add(e.actor_id)
            self._compact.setdefault(e.key.replace(" ", ""), set()).add(e.actor_id)
        self._fuzzy_entries = [
            e for e in self._entries if e.kind != "acronym" and len(e.key) >= self.fuzzy_min_length
        ]
        self._fuzzy_keys = [e.key for e in self._fuzzy_entries]
        self._all_keys = [e.key for e in self._entries]
        # generic descriptions and the words the resolver strips around names
        self.hedges = [normalise_name(h) for h in generic_data.get("hedges", [])]
        self.determiners = [normalise_name(d) for d in generic_data.get("determiners", []) if normalise_name(d)]
        self.member_words = {normalise_name(w) for w in generic_data.get("member_words", [])}
        self.leading_descriptors = sorted(
            {normalise_name(d) for d in generic_data.get("leading_descriptors", [])}, key=len, reverse=True
        )
        self.generic_entries: list[dict] = list(generic_data.get("generic", []))
        self._generic: dict[str, dict] = {}
        for g in self.generic_entries:
            self._generic.setdefault(normalise_name(g["text"]), g)
        self._generic_acronyms: dict[str, dict] = {}
        for g in self.generic_entries:
            if g.get("acronym"):
                self._generic_acronyms.setdefault(g["text"], g)
        # Articles name the same few actors again and again, and a batch run resolves the same strings in
        # thousands of articles: the answers for a name (and a day) are remembered, bounded in size.
        self._generic_kind_cached = lru_cache(maxsize=16_384)(self._generic_kind_uncached)
        self._resolve_cached = lru_cache(maxsize=16_384)(self._resolve_uncached)
        self._forms_cached = lru_cache(maxsize=16_384)(self._forms_uncached)
        self._units: dict[str, tuple[Actor, ...]] | None = None
        self._fuzzy_best_cached = lru_cache(maxsize=16_384)(self._fuzzy_best)

    @staticmethod
    def _actor_from(raw: dict) -> Actor:
        names = tuple(NameSpan(n["name"], n.get("valid_from"), n.get("valid_to")) for n in raw.get("names", []))
        return Actor(
            id=raw["id"], name=raw["name"], type=raw["type"], countries=tuple(raw.get("countries", [])),
            parents=tuple(raw.get("parents", [])), affiliations=tuple(raw.get("affiliations", [])),
            aliases=tuple(a["text"] for a in raw.get("aliases", [])), names=names,
            valid_from=raw.get("valid_from"), valid_to=raw.get("valid_to"),
            predecessors=tuple(raw.get("predecessors", [])), successor=raw.get("successor"),
            communities=tuple(raw.get("communities", [])),
            regions=tuple((country, admin1) for country, names in (raw.get("regions") or {}).items()
                          for admin1 in names),
        )

    @classmethod
    def load(cls) -> "ActorKB":
        """The knowledge base shipped in ``models/``."""
        return cls(read_json("actors.json"), read_json("generic_actors.json"))

    # -- container protocol -------------------------------------------------------------------------
    def get(self, actor_id: str) -> Actor | None:
        return self._actors.get(actor_id)

    def __iter__(self) -> Iterator[Actor]:
        return iter(self._actors.values())

    def __len__(self) -> int:
        return len(self._actors)

    def branches_of(self, actor_id: str) -> tuple[Actor, ...]:
        """The actors that list ``actor_id`` among their parents (its direct branches and units), indexed on
        first use: the rules ask for every attack, and the answer never changes for a knowledge base."""
        if self._units is None:
            units: dict[str, list[Actor]] = {}
            for actor in self._actors.values():
                for parent in actor.parents:
                    units.setdefault(parent, []).append(actor)
            self._units = {parent: tuple(found) for parent, found in units.items()}
        return self._units.get(actor_id, ())

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self._actors

    def alias_records(self, actor_id: str) -> list[dict]:
        """The alias records ({text, lang, kind}) of an actor as written in the data file."""
        return list(self._alias_meta.get(actor_id, []))

    def surface_forms(self, actor_id: str) -> list[tuple[str, str]]:
        """Every (text, kind) the KB lists for an actor: its names, aliases and communal forms, so that
        a checker can ask whether a text writes the actor's name at all."""
        return [(e.text, e.kind) for e in self._entries if e.actor_id == actor_id]

    def units_of(self, actor_id: str) -> list[str]:
        """Ids of the actors whose parent chain passes through ``actor_id`` (its units, at any depth)."""
        return [a.id for a in self if a.id != actor_id and actor_id in self.parent_chain(a.id)]

    def parent_chain(self, actor_id: str) -> list[str]:
        """Ids from the actor up its first-parent line: katiba_macina -> jnim -> al_qaeda."""
        chain, current = [], self.get(actor_id)
        while current is not None and current.id not in chain:
            chain.append(current.id)
            current = self.get(current.parents[0]) if current.parents else None
        return chain

    # -- stripping hedges, determiners and member words ---------------------------------------------
    def _strip_leading(self, key: str) -> tuple[str, str | None]:
        hedge = None
        changed = True
        while changed and key:
            changed = False
            for word in self.hedges:
                if key.startswith(word + " "):
                    key, hedge, changed = key[len(word) + 1:], hedge or word, True
            for word in self.determiners:
                if key.startswith(word + " "):
                    key, changed = key[len(word) + 1:], True
        return key, hedge

    def _forms(self, name: str) -> list[str]:
        """Normalised keys to try (a fresh list; see ``_forms_uncached``)."""
        return list(self._forms_cached(name))

    def _forms_uncached(self, name: str) -> tuple[str, ...]:
        """Normalised keys to try, most literal first: the name, then with hedges, descriptors and
        member words ("fighters", "militants", "group") removed, then ACLED's "SHORT: Long (years)" parts."""
        raw_forms = [name]
        bare = re.sub(r"\s*\([^)]*\)", "", name).strip()
        if bare and bare != name:
            raw_forms.append(bare)
        for f in list(raw_forms):
            if ":" in f:
                raw_forms += [p.strip() for p in f.split(":", 1) if p.strip()]
        out: list[str] = []
        for f in raw_forms:
            key = normalise_name(f)
            stack = [key]
            k, _ = self._strip_leading(key)
            stack.append(k)
            for desc in self.leading_descriptors:
                if k.startswith(desc + " "):
                    stack.append(self._strip_leading(k[len(desc) + 1:])[0])
                    k = stack[-1]
                    break
            words = k.split()
            while len(words) > 1 and words[-1] in self.member_words:
                words = words[:-1]
                stack.append(" ".join(words))
            for s in stack:
                if s and s not in out:
                    out.append(s)
        return tuple(out)

    # -- generic descriptions -----------------------------------------------------------------------
    def generic_kind(self, text: str) -> dict | None:
        """The generic_actors entry (plus the hedge found) if ``text`` describes an unnamed armed actor.

        A fresh dict on every call, so that callers may change it without touching the remembered one."""
        found = self._generic_kind_cached(text)
        return dict(found) if found is not None else None

    def _generic_kind_uncached(self, text: str) -> dict | None:
        if not text or not text.strip():
            return None
        acronym = self._generic_acronyms.get(text.strip())
        if acronym is not None:
            return {**acronym, "hedge": None}
        key = normalise_name(text)
        stripped, hedge = self._strip_leading(key)
        for candidate in (key, stripped):
            entry = self._generic.get(candidate)
            if entry is not None and not entry.get("acronym"):
                return {**entry, "hedge": hedge}
        return None

    # -- resolution ---------------------------------------------------------------------------------
    def _pick(self, ids: set[str] | list[str], date: Any) -> Actor | None:
        """One actor from an alias's ids; several (a declared shared alias) are told apart by the date."""
        actors = [self._actors[i] for i in sorted(ids) if i in self._actors]
        if len(actors) == 1:
            return actors[0]
        day = _iso(date)
        if not actors or day is None:
            return None
        valid = [a for a in actors if a.valid_on(day)]
        if valid:
            return max(valid, key=lambda a: a.valid_from or "")

        def distance(a: Actor) -> str:
            return min(abs_days(day, a.valid_from), abs_days(day, a.valid_to))

        return min(actors, key=distance)

    def resolve(
        self, name: str, date: Any = None, abbreviations: dict[str, str | None] | None = None
    ) -> Resolution | None:
        """The KB actor ``name`` denotes on ``date``, or None (generic description, unknown, ambiguous)."""
        if not name or not name.strip():
            return None
        name = name.strip()
        table = tuple((k, v) for k, v in abbreviations.items() if v) if abbreviations else ()
        return self._resolve_cached(name, _iso(date) if date is not None else None, table)

    def _resolve_uncached(self, name: str, date: str | None, abbreviations: tuple[tuple[str, str], ...]
                          ) -> Resolution | None:
        """``resolve`` on a stripped name, an ISO day and the article's abbreviations as sorted pairs."""
        if name in self._exact:
            actor = self._pick(self._exact[name], date)
            if actor is not None:
                return Resolution(actor, "exact", 1.0, name)
        if self.generic_kind(name) is not None:
            return None
        forms = self._forms(name)
        for key in forms:
            if self.generic_kind(key) is not None and key != forms[0]:
                continue
            for index, method in ((self._norm, "normalised"), (self._compact, "normalised")):
                lookup = key if index is self._norm else key.replace(" ", "")
                ids = index.get(lookup)
                if ids:
                    actor = self._pick(ids, date)
                    if actor is not None:
                        return Resolution(actor, method, 1.0, self._matched_text(actor.id, key))
        if abbreviations:
            table = {normalise_name(k): v for k, v in abbreviations}
            for key in forms:
                actor_id = table.get(key)
                if actor_id and actor_id in self._actors:
                    return Resolution(self._actors[actor_id], "abbreviation", 1.0, key)
        return self._fuzzy(forms, date)

    def _matched_text(self, actor_id: str, key: str) -> str:
        for e in self._entries:
            if e.actor_id == actor_id and (e.key == key or e.key.replace(" ", "") == key.replace(" ", "")):
                return e.text
        return key

    def _fuzzy(self, forms: list[str], date: Any) -> Resolution | None:
        best = self._fuzzy_best_cached(tuple(forms))
        if best is None:
            return None
        score, entry = best
        ids = self._norm.get(entry.key, {entry.actor_id})
        actor = self._pick(ids, date)
        return Resolution(actor, "fuzzy", score / 100.0, entry.text) if actor is not None else None

    def _fuzzy_best(self, forms: tuple[str, ...]) -> tuple[float, _Entry] | None:
        """The closest alias entry to any of ``forms``: the search does not depend on the day, so it is
        remembered per name while the day only picks among the actors of the entry found."""
        best: tuple[float, _Entry] | None = None
        for key in forms:
            if len(key) < self.fuzzy_min_length or _is_acronym(key.upper()) and " " not in key and len(key) <= 6:
                continue
            if self._generic.get(key) is not None:
                continue
            hits = process.extract(
                key, self._fuzzy_keys, scorer=fuzz.ratio, score_cutoff=self.fuzzy_threshold, limit=10
            )
            for _, score, index in hits:
                entry = self._fuzzy_entries[index]
                if not same_distinguishing_words(key, entry.key) or not same_shape(key, entry.key):
                    continue
                if best is None or score > best[0]:
                    best = (score, entry)
        return best

    def candidates(self, name: str, limit: int = 5) -> list[tuple[Actor, float, str]]:
        """The nearest actors by ``fuzz.ratio`` on normalised keys, best first, one row per actor."""
        out: dict[str, tuple[Actor, float, str]] = {}
        for key in self._forms(name) or [normalise_name(name)]:
            for _, score, index in process.extract(key, self._all_keys, scorer=fuzz.ratio, limit=None):
                entry = self._entries[index]
                current = out.get(entry.actor_id)
                if current is None or score > current[1]:
                    out[entry.actor_id] = (self._actors[entry.actor_id], float(score), entry.text)
        return sorted(out.values(), key=lambda r: (-r[1], r[0].id))[:limit]

    # -- entity-ruler patterns ----------------------------------------------------------------------
    def ruler_patterns(self) -> list[dict]:
        """Entity-ruler patterns for every alias variant and generic description.

        Phrase patterns are matched on ``LOWER``, so each lowercase form is emitted once. Acronyms
        ("MSA", "MAA", "IS", "FAMa") become case-sensitive token patterns, because their lowercase forms
        are ordinary words or would fire on them. Shared aliases ("CNSP", "Russian mercenaries") get a
        label but no id: the date of the article decides, through ``resolve``. Aliases marked
        ``"ruler": false`` ("Mali's army") are left out, so the country keeps its place entity; aliases marked
        ``"case_sensitive": true`` (a name that is also a common word: "Platform") match only as written.
        """
        patterns: list[dict] = []
        seen: set[tuple] = set()
        shared_keys = set(self.shared_aliases)

        def add_phrase(label: str, text: str, actor_id: str | None) -> None:
            marker = ("p", label, text.lower(), actor_id)
            if marker in seen:
                return
            seen.add(marker)
            pattern = {"label": label, "pattern": text}
            if actor_id:
                pattern["id"] = actor_id
            patterns.append(pattern)

        def add_tokens(label: str, text: str, actor_id: str | None) -> None:
            marker = ("t", label, text, actor_id)
            if marker in seen:
                return
            seen.add(marker)
            pattern = {"label": label, "pattern": [{"TEXT": t} for t in _tokens(text)]}
            if actor_id:
                pattern["id"] = actor_id
            patterns.append(pattern)

        for e in self._entries:
            if not e.in_ruler:
                continue
            actor = self._actors[e.actor_id]
            label = ENTITY_LABELS[actor.type]
            actor_id = None if e.key in shared_keys else actor.id
            if e.kind == "acronym" or _is_acronym(e.text) or e.case_sensitive:
                add_tokens(label, e.text, actor_id)
                continue
            for variant in sorted(name_variants(e.text)):
                add_phrase(label, variant, actor_id)
        for g in self.generic_entries:
            if g.get("acronym"):
                add_tokens(GENERIC_LABEL, g["text"], None)
            else:
                for variant in sorted(name_variants(g["text"])):
                    add_phrase(GENERIC_LABEL, variant, None)
        return patterns


def abs_days(day: str, other: str | None) -> str:
    """A sortable distance between two ISO dates (zero-padded day count); open ends are far away."""
    if other is None:
        return "99999999"
    try:
        a, b = _date.fromisoformat(day), _date.fromisoformat(other)
    except ValueError:
        return "99999999"
    return f"{abs((a - b).days):08d}"


def _token_class(token: str) -> str | None:
    if token in DISTINGUISHING:
        return token
    if len(token) >= 4:
        best = process.extractOne(token, DISTINGUISHING, scorer=fuzz.ratio, score_cutoff=75)
        if best is not None:
            return best[0]
    return None


def same_distinguishing_words(a: str, b: str) -> bool:
    """Whether two normalised names carry the same distinguishing words (typos of them included)."""
    ca = {c for c in (_token_class(t) for t in a.split()) if c}
    cb = {c for c in (_token_class(t) for t in b.split()) if c}
    return ca == cb


def same_shape(a: str, b: str) -> bool:
    """Whether two keys differ only in spelling: same number of words, short words (particles, acronyms
    such as "is" / "iswa") identical, and every other pair of aligned words itself similar. Adding,
    dropping or replacing a word ("Popular Movement ..." vs "MSA: Movement ...") is not a spelling variant."""
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb):
        return False
    for x, y in zip(wa, wb):
        if x == y:
            continue
        if max(len(x), len(y)) <= 4 or fuzz.ratio(x, y) < WORD_RATIO:
            return False
    return True


_ENGLISH_TOKENIZER: list = []  # an English pipeline's own tokenizer, lent by its entity ruler


def lend_english_tokenizer(tokenizer) -> None:
    """Let the knowledge base tokenise its token patterns with an English pipeline's tokenizer (the same
    rules as a blank English one) instead of building a second tokenizer, which costs a quarter of a second
    at load."""
    if not _ENGLISH_TOKENIZER:
        _ENGLISH_TOKENIZER.append(tokenizer)


@lru_cache(maxsize=1)
def _tokenizer():
    if _ENGLISH_TOKENIZER:
        return _ENGLISH_TOKENIZER[0]
    import spacy

    return spacy.blank("en").tokenizer


def _tokens(text: str) -> list[str]:
    """spaCy's English tokenisation of a surface string, so token patterns line up with documents."""
    return [t.text for t in _tokenizer()(text)]


@lru_cache(maxsize=1)
def default_kb() -> ActorKB:
    """The shipped knowledge base plus the user's additions (``sahel_ie.kb.extras``), loaded once per process."""
    from sahel_ie.kb.extras import actor_data

    return ActorKB(actor_data(), read_json("generic_actors.json"))


def resolve_actor(name: str, date: Any = None) -> Resolution | None:
    """Resolve ``name`` against the shipped knowledge base."""
    return default_kb().resolve(name, date)


def format_resolution_report(name: str, date: Any = None, limit: int = 5) -> str:
    """Text for ``sahel-ie resolve NAME``: the resolution and the nearest candidates with scores."""
    kb = default_kb()
    lines = [f"query: {name!r}" + (f" on {_iso(date)}" if _iso(date) else "")]
    generic = kb.generic_kind(name)
    res = kb.resolve(name, date)
    if res is not None:
        a = res.actor
        chain = " -> ".join(kb.parent_chain(a.id))
        lines += [
            f"resolved: {a.id}",
            f"  name: {a.name_on(date)}" + (f" (canonical: {a.name})" if a.name_on(date) != a.name else ""),
            f"  type: {a.type}",
            f"  parents: {chain}",
            f"  matched: {res.matched!r} by {res.method} (score {res.score:.2f})",
        ]
    elif generic is not None:
        lean = f", leaning {generic['leaning']}" if generic.get("leaning") else ""
        hedge = f", hedged by {generic['hedge']!r}" if generic.get("hedge") else ""
        lines.append(f"generic description (no actor): kind {generic['kind']}{lean}{hedge}")
    else:
        lines.append("unresolved: no actor in the knowledge base")
    lines.append("nearest candidates:")
    for actor, score, matched in kb.candidates(name, limit=limit):
        lines.append(f"  {score:6.1f}  {actor.id:<26} {matched}")
    return "\n".join(lines)
