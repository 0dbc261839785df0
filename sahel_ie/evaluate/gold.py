"""Loading and validating gold fixture files (docs/gold_format.md).

A gold file is the record contract plus what scoring needs: ``accept`` (extra acceptable values per
slot), attack references on claims and attributions, and ``negatives`` (sentences that must not yield
an attack). Annotators make mistakes that would silently skew every score, so the loader checks each
field against the contract's vocabularies and reports the first fault with the file's path and the
field's dotted path, e.g.
``corpus/c003.gold.json: attacks[1].casualties[0].outcome: 'dead' is not one of killed|injured|...``.
Evidence is annotated as quotes (stable when the text is edited elsewhere); the loader turns them into
character offsets into the article text, which is what predicted evidence carries.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from sahel_ie import records as R

NEGATIVE_REASONS = ("statistics", "background", "threat", "hypothetical", "denial", "generic")
CLAIM_CHANNELS = (
    "statement", "video", "amaq", "al_zallaqa", "website", "phone_call", "social_media",
)
ATTRIBUTOR_KINDS = (
    "military", "government", "official", "security_source", "local_source", "residents", "rights_group",
    "media", "un", "analyst", "unknown",
)
# Slots an ``accept`` entry may name (dotted paths into an attack, or the scorer's slot names).
ACCEPT_KEYS = (
    "location.name", "location.place_id", "date.value", "perpetrator.actor_id", "attack_type",
    "killed", "injured", "abducted", "missing", "targets.category",
)


class GoldFormatError(ValueError):
    """A gold file breaks the fixture format; the message names the file and the field at fault."""


@dataclass
class Negative:
    """A sentence that must not yield an attack record, with its offsets in the article."""

    quote: str
    reason: str
    start: int
    end: int


@dataclass
class GoldArticle:
    """One annotated article: its text, the gold records (evidence as offsets) and the scoring extras."""

    doc_id: str
    path: Path
    text: str
    published: str | None
    extraction: R.Extraction
    accept: dict[str, dict[str, list[Any]]] = field(default_factory=dict)  # attack id -> slot -> values
    negatives: list[Negative] = field(default_factory=list)
    style: str | None = None
    # Slots the annotation does not cover ("attack.type" in the real-news gold): not scored at all.
    unscored_slots: frozenset[str] = frozenset()
    # Negatives of a format whose predicted evidence is a whole sentence and whose negative is a phrase:
    # a negative is also violated when the predicted attack's trigger word lies inside it.
    negatives_by_trigger: bool = False
    # Gold actor names the knowledge base does not resolve (role, name), shown in the report.
    unmapped: list[dict[str, str]] = field(default_factory=list)
    # The gold lists a claimant's tolls on the attack with the reported ones (the real-news convention:
    # "each toll a source gives is listed"); a prediction keeps them on its claim, so the scorer reads a
    # predicted attack's tolls together with those of the claims linked to it.
    claimant_tolls_on_attack: bool = False


class _Checker:
    """Walks one gold document, raising GoldFormatError at the first fault."""

    def __init__(self, label: str, text: str):
        self.label = label
        self.text = text

    def fail(self, where: str, message: str) -> None:
        prefix = f"{self.label}: {where}: " if where else f"{self.label}: "
        raise GoldFormatError(prefix + message)

    def obj(self, value: Any, where: str) -> dict:
        if not isinstance(value, dict):
            self.fail(where, f"expected an object, got {type(value).__name__}")
        return value

    def lst(self, value: Any, where: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.fail(where, f"expected a list, got {type(value).__name__}")
        return value

    def enum(self, value: Any, allowed: Iterable[str], where: str, nullable: bool = False) -> None:
        if value is None and nullable:
            return
        allowed = tuple(allowed)
        if value not in allowed:
            self.fail(where, f"{value!r} is not one of {'|'.join(allowed)}")

    def string(self, value: Any, where: str, nullable: bool = True) -> None:
        if value is None and nullable:
            return
        if not isinstance(value, str):
            self.fail(where, f"expected a string, got {value!r}")

    def count(self, value: Any, where: str) -> None:
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.fail(where, f"expected a non-negative integer or null, got {value!r}")

    def iso_date(self, value: Any, where: str) -> None:
        if value is None:
            return
        import datetime as dt

        try:
            dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            self.fail(where, f"{value!r} is not an ISO date (YYYY-MM-DD)")

    def evidence(self, value: Any, where: str) -> list[dict]:
        """Check evidence quotes and return contract evidence dicts with offsets."""
        out = []
        for i, item in enumerate(self.lst(value, where)):
            here = f"{where}[{i}]"
            item = self.obj(item, here)
            if "quote" in item:
                quote = item["quote"]
                if not isinstance(quote, str) or not quote.strip():
                    self.fail(f"{here}.quote", "expected a non-empty string")
                start = self.text.find(quote)
                if start < 0:
                    self.fail(f"{here}.quote", f"{_short(quote)!r} is not a substring of the article text")
                out.append({"start": start, "end": start + len(quote), "sentence": item.get("sentence"),
                            "text": quote})
            elif "start" in item and "end" in item:
                start, end = item["start"], item["end"]
                if not (isinstance(start, int) and isinstance(end, int) and 0 <= start <= end <= len(self.text)):
                    self.fail(here, f"offsets {start!r}..{end!r} are outside the article text")
                out.append({"start": start, "end": end, "sentence": item.get("sentence"),
                            "text": self.text[start:end]})
            else:
                self.fail(here, "evidence needs a 'quote' (or 'start' and 'end')")
        return out

    def actor(self, value: Any, where: str, kinds: Iterable[str] | None = None) -> dict:
        if value is None:
            return {}
        actor = self.obj(value, where)
        self.string(actor.get("text"), f"{where}.text")
        self.string(actor.get("actor_id"), f"{where}.actor_id")
        self.string(actor.get("name"), f"{where}.name")
        if kinds is not None and "kind" in actor:
            self.enum(actor.get("kind"), kinds, f"{where}.kind", nullable=True)
        if "certainty" in actor:
            self.enum(actor["certainty"], R.PERPETRATOR_CERTAINTIES, f"{where}.certainty", nullable=True)
        return actor


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _check_attack(c: _Checker, attack: Any, where: str) -> dict:
    attack = c.obj(attack, where)
    if not isinstance(attack.get("id"), str) or not attack["id"]:
        c.fail(f"{where}.id", "every attack needs a string id")
    c.enum(attack.get("attack_type", "unknown"), R.ATTACK_TYPES, f"{where}.attack_type")
    date = c.obj(attack.get("date") or {}, f"{where}.date")
    c.iso_date(date.get("value"), f"{where}.date.value")
    c.iso_date(date.get("end"), f"{where}.date.end")
    c.enum(date.get("precision", "unknown"), R.DATE_PRECISIONS, f"{where}.date.precision")
    loc = c.obj(attack.get("location") or {}, f"{where}.location")
    c.string(loc.get("name"), f"{where}.location.name")
    c.enum(loc.get("relation"), R.LOCATION_RELATIONS, f"{where}.location.relation", nullable=True)
    for key in ("lat", "lon"):
        if loc.get(key) is not None and not isinstance(loc[key], (int, float)):
            c.fail(f"{where}.location.{key}", f"expected a number or null, got {loc[key]!r}")
    c.actor(attack.get("perpetrator"), f"{where}.perpetrator")
    for i, target in enumerate(c.lst(attack.get("targets"), f"{where}.targets")):
        target = c.obj(target, f"{where}.targets[{i}]")
        c.enum(target.get("category", "unknown"), R.TARGET_CATEGORIES, f"{where}.targets[{i}].category")
    for i, cas in enumerate(c.lst(attack.get("casualties"), f"{where}.casualties")):
        here = f"{where}.casualties[{i}]"
        cas = c.obj(cas, here)
        c.enum(cas.get("outcome"), R.CASUALTY_OUTCOMES, f"{here}.outcome")
        c.enum(cas.get("group", "unspecified"), R.CASUALTY_GROUPS, f"{here}.group")
        c.enum(cas.get("qualifier", "exact"), R.QUALIFIERS, f"{here}.qualifier")
        c.count(cas.get("count"), f"{here}.count")
        c.count(cas.get("count_max"), f"{here}.count_max")
        if "shared" in cas and not isinstance(cas["shared"], bool):
            c.fail(f"{here}.shared", f"expected true or false, got {cas['shared']!r}")
    accept = c.obj(attack.get("accept") or {}, f"{where}.accept")
    for key, values in accept.items():
        if key not in ACCEPT_KEYS:
            c.fail(f"{where}.accept", f"{key!r} is not one of {'|'.join(ACCEPT_KEYS)}")
        c.lst(values, f"{where}.accept.{key}")
    out = dict(attack)
    out["evidence"] = c.evidence(attack.get("evidence"), f"{where}.evidence")
    if not out["evidence"]:
        c.fail(f"{where}.evidence", "every attack needs at least one evidence quote")
    return out


def _check_links(c: _Checker, record: dict, where: str, attack_ids: set[str]) -> None:
    links = c.lst(record.get("attack_ids"), f"{where}.attack_ids")
    for i, link in enumerate(links):
        if link not in attack_ids:
            c.fail(f"{where}.attack_ids[{i}]", f"{link!r} is not the id of an attack in this file")


def validate_gold(data: Any, text: str, label: str) -> tuple[R.Extraction, dict, list[Negative]]:
    """Check one parsed gold file against its article text; return records, accept table, negatives."""
    c = _Checker(label, text)
    data = c.obj(data, "")
    if not isinstance(data.get("doc_id"), str) or not data["doc_id"]:
        c.fail("doc_id", "a gold file needs a string doc_id")
    c.iso_date(data.get("published"), "published")
    attacks, accept, seen = [], {}, set()
    for i, attack in enumerate(c.lst(data.get("attacks"), "attacks")):
        checked = _check_attack(c, attack, f"attacks[{i}]")
        if checked["id"] in seen:
            c.fail(f"attacks[{i}].id", f"duplicate attack id {checked['id']!r}")
        seen.add(checked["id"])
        accept[checked["id"]] = checked.pop("accept", None) or {}
        attacks.append(checked)
    claims = []
    for i, claim in enumerate(c.lst(data.get("claims"), "claims")):
        where = f"claims[{i}]"
        claim = dict(c.obj(claim, where))
        c.string(claim.get("id"), f"{where}.id", nullable=False)
        c.actor(claim.get("claimant"), f"{where}.claimant")
        c.enum(claim.get("status", "claimed"), R.CLAIM_STATUSES, f"{where}.status")
        c.enum(claim.get("channel"), CLAIM_CHANNELS, f"{where}.channel", nullable=True)
        _check_links(c, claim, where, seen)
        claim["evidence"] = c.evidence(claim.get("evidence"), f"{where}.evidence")
        claims.append(claim)
    attributions = []
    for i, att in enumerate(c.lst(data.get("attributions"), "attributions")):
        where = f"attributions[{i}]"
        att = dict(c.obj(att, where))
        c.string(att.get("id"), f"{where}.id", nullable=False)
        c.actor(att.get("attributed_by"), f"{where}.attributed_by", kinds=ATTRIBUTOR_KINDS)
        c.actor(att.get("actor"), f"{where}.actor")
        c.enum(att.get("certainty", "asserted"), R.ATTRIBUTION_CERTAINTIES, f"{where}.certainty")
        for j, outlet in enumerate(c.lst(att.get("reported_by"), f"{where}.reported_by")):
            c.string(outlet, f"{where}.reported_by[{j}]", nullable=False)
        _check_links(c, att, where, seen)
        att["evidence"] = c.evidence(att.get("evidence"), f"{where}.evidence")
        attributions.append(att)
    negatives = []
    for i, neg in enumerate(c.lst(data.get("negatives"), "negatives")):
        where = f"negatives[{i}]"
        neg = c.obj(neg, where)
        c.enum(neg.get("reason"), NEGATIVE_REASONS, f"{where}.reason")
        span = c.evidence([{"quote": neg.get("quote")}], f"{where}")[0]
        negatives.append(Negative(neg["quote"], neg["reason"], span["start"], span["end"]))
    body = {k: v for k, v in data.items() if k not in ("style", "negatives")}
    body.update(attacks=attacks, claims=claims, attributions=attributions)
    try:
        extraction = R.Extraction.from_dict(body)
    except TypeError as error:  # a key the contract does not have where a field is required
        c.fail("", f"does not fit the record contract: {error}")
    return extraction, accept, negatives


def gold_text_path(gold_path: Path) -> Path:
    """``x/<doc_id>.gold.json`` -> ``x/<doc_id>.txt``."""
    name = gold_path.name
    stem = name[: -len(".gold.json")] if name.endswith(".gold.json") else gold_path.stem
    return gold_path.with_name(stem + ".txt")


def _label(path: Path) -> str:
    """The path as a person would type it: relative to the working directory when below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def load_gold(path: str | Path) -> GoldArticle:
    """Load and validate one ``<doc_id>.gold.json`` with its ``<doc_id>.txt``."""
    path = Path(path)
    label = _label(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise GoldFormatError(f"{label}: not valid JSON: line {error.lineno} column {error.colno}: {error.msg}")
    except OSError as error:
        raise GoldFormatError(f"{label}: cannot be read: {error}")
    text_path = gold_text_path(path)
    try:
        text = text_path.read_text(encoding="utf-8")
    except OSError:
        raise GoldFormatError(f"{label}: the article text {_label(text_path)} is missing")
    extraction, accept, negatives = validate_gold(data, text, label)
    style = data.get("style") if isinstance(data, dict) else None
    return GoldArticle(
        doc_id=extraction.doc_id, path=path, text=text, published=extraction.published,
        extraction=extraction, accept=accept, negatives=negatives, style=style,
    )


def find_gold_files(*folders: str | Path) -> list[Path]:
    """Every ``*.gold.json`` in the folders (not recursive), sorted for stable reports."""
    files: list[Path] = []
    for folder in folders:
        folder = Path(folder)
        if folder.is_file():
            files.append(folder)
        elif folder.is_dir():
            files.extend(sorted(folder.glob("*.gold.json")))
    return files


def load_gold_dir(*folders: str | Path) -> list[GoldArticle]:
    """Load every gold file in the folders; the first broken one raises GoldFormatError."""
    return check_unique_ids([load_gold(p) for p in find_gold_files(*folders)])


def check_unique_ids(articles: list[GoldArticle]) -> list[GoldArticle]:
    """The articles, unchanged; GoldFormatError naming both files when two share a doc id (their
    predictions could not be told apart)."""
    seen: dict[str, Path] = {}
    for article in articles:
        if article.doc_id in seen:
            raise GoldFormatError(
                f"{_label(article.path)}: doc_id: {article.doc_id!r} is also the doc_id of {_label(seen[article.doc_id])}"
            )
        seen[article.doc_id] = article.path
    return articles
