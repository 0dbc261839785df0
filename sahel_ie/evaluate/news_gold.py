"""Reading the real-news development gold (``NNN.json`` with ``id``, ``url``, ``published``, ``gold``) as it is.

The real-news set (``../shared/dev/news/``, format in its README and in docs/gold_format.md) is annotated
by readers in a lighter format than the fixture corpus: actors by canonical name ("JNIM", "Mali armed
forces"), places and dates as quoted phrases, no evidence quotes on attacks, ``not_attacks`` phrases
instead of negatives, no attack type. Its texts are third-party and live outside the repository, in a
folder given separately. This module converts one such file into the same ``GoldArticle`` the fixture
loader builds, so the one scorer (Hungarian alignment, per-slot counts, error list) serves both; nothing
is written to disk.

Conversion choices (each one is what the scorer needs to compare like with like):

* Canonical actor names go through the project's resolver (``sahel_ie.kb.actors``) on the article's
  publication date, so "Mali armed forces" becomes the KB id a prediction carries. Where the gold names a
  renamed organisation by one name (its README: "FLA (CSP-PSD before the FLA name)", "Wagner Group
  (Africa Corps too)", ``GOLD_LINEAGES``), the id is the one of the name the article itself uses. A name the KB does
  not know becomes the id ``unmapped:<name>`` (it can never be matched by accident) and is listed in
  ``unmapped`` so the gap is visible in the report. ``by`` values of attributions that are source
  descriptions ("residents", "media") are compared as text, as the scorer does for unresolved actors.
* An attack has no evidence quote, so its evidence is the spans of its quoted phrases: casualty texts
  (first occurrence), the place (every whole-word occurrence, since headline and body name the same
  place), and the perpetrator and date texts at their occurrence nearest to those (a phrase such as
  "July 21" recurs across the attacks of one article). A predicted attack whose evidence sentence
  overlaps them aligns with it.
* Tolls: the gold lists every toll a source gives on the attack, a claimant's too ("JNIM said 200
  soldiers were killed" beside the army's 60), while the contract keeps a claimant's figures on the claim
  (``Claim.claimed_casualties``). So the article is flagged ``claimant_tolls_on_attack`` and the scorer
  compares the gold tolls with a predicted attack's tolls plus those of the predicted claims linked to
  it: the same sources on both sides, under the same lowest-figure rule (``slots.outcome_total``).
* ``type`` is not annotated, so the attack type slot is not scored for these articles (it would count
  every predicted type as spurious).
* ``not_attacks`` become negatives; one "leaks" when a predicted attack's trigger word falls inside the
  phrase within that attack's evidence sentence (predicted evidence is a whole sentence, the phrase
  often a clause of it), or when the evidence lies mostly inside the phrase.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sahel_ie import records as R
from sahel_ie.evaluate.gold import GoldArticle, GoldFormatError, Negative

UNMAPPED = "unmapped:"
ATTACK_CERTAINTIES = R.PERPETRATOR_CERTAINTIES
NEWS_UNSCORED_SLOTS = frozenset({"attack.type"})
# ``by`` values that say the article names no attributing party.
NO_ATTRIBUTOR = ("unspecified", "unknown", "")
# The news gold names a few target categories in plain words; the contract's names for them.
TARGET_ALIASES = {"peacekeepers": "un_peacekeepers", "foreign forces": "foreign_forces"}


@dataclass(frozen=True)
class UnmappedName:
    """A gold actor name the knowledge base could not resolve, and where it was used."""

    doc_id: str
    role: str  # perpetrator | claimant | attribution.actor | attribution.by
    name: str

    def to_dict(self) -> dict[str, str]:
        return {"doc_id": self.doc_id, "role": self.role, "name": self.name}


def is_news_gold(data: Any) -> bool:
    """The real-news format: top-level ``id`` and a ``gold`` object (the fixture format has ``doc_id``)."""
    return isinstance(data, dict) and "id" in data and isinstance(data.get("gold"), dict) and "doc_id" not in data


class _Converter:
    """Builds the contract records of one news gold file, failing with the file and field at fault."""

    def __init__(self, label: str, doc_id: str, text: str, published: str | None, resolve):
        self.label, self.doc_id, self.text, self.published = label, doc_id, text, published
        self.resolve = resolve
        self.unmapped: list[UnmappedName] = []

    def fail(self, where: str, message: str) -> None:
        raise GoldFormatError(f"{self.label}: {where}: {message}")

    def span(self, quote: Any, where: str) -> R.Evidence:
        if not isinstance(quote, str) or not quote.strip():
            self.fail(where, "expected a non-empty quoted string")
        start = self.text.find(quote)
        if start < 0:
            short = quote if len(quote) <= 60 else quote[:57] + "..."
            self.fail(where, f"{short!r} is not in the article text (was the text rebuilt from the manifest?)")
        return R.Evidence(start=start, end=start + len(quote), text=quote)

    def nearest(self, quote: Any, where: str, anchors: list[R.Evidence]) -> R.Evidence:
        """The occurrence of a quote closest to the attack's anchors (its tolls, else its place).

        In an article reporting several attacks, a perpetrator text or date phrase ("July 21") recurs;
        its first occurrence may sit in another attack's sentence, which would misalign the attacks.
        """
        first = self.span(quote, where)
        if not anchors:
            return first
        spans, start = [], first.start
        while start >= 0:
            spans.append(R.Evidence(start=start, end=start + len(quote), text=quote))
            start = self.text.find(quote, start + 1)

        def distance(ev: R.Evidence) -> int:
            return min(max(a.start - ev.end, ev.start - a.end, 0) for a in anchors)

        return min(spans, key=lambda ev: (distance(ev), ev.start))

    def every(self, phrase: str) -> list[R.Evidence]:
        """Every whole-word occurrence of a phrase (a place named in headline and body)."""
        pattern = re.compile(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)")
        return [R.Evidence(start=m.start(), end=m.end(), text=phrase) for m in pattern.finditer(self.text)]

    def actor_id(self, name: str | None, role: str, record_unmapped: bool = True) -> str | None:
        """KB id of a canonical name; ``unmapped:<name>`` (recorded) when the KB does not know it."""
        if not name:
            return None
        hit = self.resolve(name, self.published)
        if hit is not None:
            return lineage_member(hit.actor.id, self.text)
        national = national_armed_forces(name)
        if national is not None:
            return national
        if record_unmapped:
            self.unmapped.append(UnmappedName(self.doc_id, role, name))
        return UNMAPPED + name

    def casualties(self, attack: dict, where: str) -> list[R.Casualty]:
        out = []
        for outcome in ("killed", "injured", "abducted"):
            for i, item in enumerate(attack.get(outcome) or []):
                here = f"{where}.{outcome}[{i}]"
                if not isinstance(item, dict):
                    self.fail(here, "expected an object")
                group = item.get("group") or "unspecified"
                qualifier = item.get("qualifier") or "exact"
                if group not in R.CASUALTY_GROUPS:
                    self.fail(f"{here}.group", f"{group!r} is not one of {'|'.join(R.CASUALTY_GROUPS)}")
                if qualifier not in R.QUALIFIERS:
                    self.fail(f"{here}.qualifier", f"{qualifier!r} is not one of {'|'.join(R.QUALIFIERS)}")
                count = item.get("count")
                if count is not None and (isinstance(count, bool) or not isinstance(count, int) or count < 0):
                    self.fail(f"{here}.count", f"expected a non-negative integer or null, got {count!r}")
                text = item.get("text") or ""
                evidence = [self.span(text, f"{here}.text")] if text else []
                out.append(R.Casualty(outcome=outcome, group=group, count=count, qualifier=qualifier, text=text,
                                      shared=bool(item.get("shared_with")), evidence=evidence))
        return out

    def attack(self, raw: Any, index: int) -> R.Attack:
        where = f"gold.attacks[{index}]"
        if not isinstance(raw, dict) or not isinstance(raw.get("ref"), str) or not raw["ref"]:
            self.fail(where, "every attack needs a string ref")
        casualties = self.casualties(raw, where)
        evidence = [e for c in casualties for e in c.evidence]
        place = raw.get("place")
        place_ev = self.every(place) if place else []
        if place and not place_ev:
            place_ev = [self.span(place, f"{where}.place")]
        anchors = evidence or place_ev
        perpetrator_text = raw.get("perpetrator_text")
        perp_ev = [self.nearest(perpetrator_text, f"{where}.perpetrator_text", anchors)] if perpetrator_text else []
        date_text = raw.get("date_text")
        date_ev = [self.nearest(date_text, f"{where}.date_text", anchors)] if date_text else []
        evidence += perp_ev + date_ev + place_ev
        if not evidence:
            self.fail(where, "an attack needs at least one quoted phrase (place, date_text, perpetrator_text, a toll)")
        certainty = raw.get("perpetrator_certainty")
        if certainty is not None and certainty not in ATTACK_CERTAINTIES:
            self.fail(f"{where}.perpetrator_certainty", f"{certainty!r} is not one of {'|'.join(ATTACK_CERTAINTIES)}")
        name = raw.get("perpetrator")
        perpetrator = R.ActorRef(text=perpetrator_text or name, actor_id=self.actor_id(name, "perpetrator"),
                                 name=name, certainty=certainty, evidence=perp_ev)
        value = raw.get("date")
        if value is not None:
            try:
                import datetime as dt

                dt.date.fromisoformat(value)
            except (TypeError, ValueError):
                self.fail(f"{where}.date", f"{value!r} is not an ISO date (YYYY-MM-DD)")
        target = raw.get("target") or "unknown"
        target = TARGET_ALIASES.get(target, target)
        if target not in R.TARGET_CATEGORIES:
            self.fail(f"{where}.target", f"{target!r} is not one of {'|'.join(R.TARGET_CATEGORIES)}")
        return R.Attack(
            id=raw["ref"], text=date_text or place or "",
            date=R.DateValue(text=date_text, value=value, precision="day" if value else "unknown", evidence=date_ev),
            location=R.Location(text=place, name=place, country=raw.get("country"), evidence=place_ev[:1]),
            perpetrator=perpetrator,
            targets=[R.Target(text=target, category=target)],  # "unknown" too, as in the fixture gold
            casualties=casualties, evidence=evidence,
        )

    def links(self, raw: dict, where: str, refs: set[str]) -> list[str]:
        links = raw.get("attacks") or []
        if not isinstance(links, list):
            self.fail(f"{where}.attacks", "expected a list of attack refs")
        for i, ref in enumerate(links):
            if ref not in refs:
                self.fail(f"{where}.attacks[{i}]", f"{ref!r} is not the ref of an attack in this file")
        return list(links)

    def claim(self, raw: Any, index: int, refs: set[str]) -> R.Claim:
        where = f"gold.claims[{index}]"
        if not isinstance(raw, dict):
            self.fail(where, "expected an object")
        status = raw.get("status") or "claimed"
        if status not in R.CLAIM_STATUSES:
            self.fail(f"{where}.status", f"{status!r} is not one of {'|'.join(R.CLAIM_STATUSES)}")
        name = raw.get("claimant")
        evidence = [self.span(raw["text"], f"{where}.text")] if raw.get("text") else []
        return R.Claim(id=f"c{index + 1}", status=status, attack_ids=self.links(raw, where, refs), evidence=evidence,
                       claimant=R.ActorRef(text=name, name=name, actor_id=self.actor_id(name, "claimant")))

    def attribution(self, raw: Any, index: int, refs: set[str]) -> R.Attribution:
        where = f"gold.attributions[{index}]"
        if not isinstance(raw, dict):
            self.fail(where, "expected an object")
        certainty = raw.get("certainty") or "asserted"
        if certainty not in R.ATTRIBUTION_CERTAINTIES:
            self.fail(f"{where}.certainty", f"{certainty!r} is not one of {'|'.join(R.ATTRIBUTION_CERTAINTIES)}")
        name, by = raw.get("actor"), raw.get("by")
        if by in NO_ATTRIBUTOR:
            by = None
        by_id = self.actor_id(by, "attribution.by", record_unmapped=False)
        if by_id is not None and by_id.startswith(UNMAPPED):
            # a source description ("residents", "a security source"): compared as text, listed apart
            self.unmapped.append(UnmappedName(self.doc_id, "attribution.by", by))
            by_id = None
        evidence = [self.span(raw["text"], f"{where}.text")] if raw.get("text") else []
        return R.Attribution(
            id=f"t{index + 1}", certainty=certainty, attack_ids=self.links(raw, where, refs), evidence=evidence,
            attributed_by=R.ActorRef(text=by, name=by, actor_id=by_id),
            actor=R.ActorRef(text=name, name=name, actor_id=self.actor_id(name, "attribution.actor")),
        )


# The gold names an organisation by one name across a renaming (its README: "FLA (CSP-PSD before the FLA
# name)", "Wagner Group (Africa Corps too)"); the KB keeps each name's actor, and a prediction carries the
# one the article's words name.
GOLD_LINEAGES = {"fla": ("csp_psd",), "wagner_group": ("africa_corps",)}


def lineage_member(actor_id: str, text: str) -> str:
    """The member of a gold lineage the article names: the other name's actor when the text names only it
    ("CSP-PSD" in an article the gold files under FLA), else the gold's own."""
    others = GOLD_LINEAGES.get(actor_id)
    if not others:
        return actor_id
    from sahel_ie.kb.actors import default_kb

    kb = default_kb()

    def named(aid: str) -> bool:
        actor = kb.get(aid)
        if actor is None:
            return False
        forms = {actor.name, *actor.aliases, *(getattr(n, "name", None) for n in actor.names or ())}
        return any(f and re.search(r"(?<!\w)" + re.escape(f) + r"(?!\w)", text, re.IGNORECASE) for f in forms)

    if named(actor_id):
        return actor_id
    found = [aid for aid in others if named(aid)]
    return found[0] if len(found) == 1 else actor_id


_ARMED_FORCES = re.compile(r"^(?P<country>.+?)\s+armed forces$", re.IGNORECASE)


def national_armed_forces(name: str) -> str | None:
    """The KB state force for the gold convention "<Country> armed forces" ("Togo armed forces").

    The KB knows a country's army by its demonym forms ("Togolese army"); the gold names it by the
    country. The country is looked up in the gazetteer, and the one KB state force of that country whose
    name says "armed forces" is the answer; anything less certain stays unmapped.
    """
    match = _ARMED_FORCES.match(name.strip())
    if match is None:
        return None
    from sahel_ie.kb.actors import default_kb
    from sahel_ie.kb.normalize import normalise_name
    from sahel_ie.kb.places import default_gazetteer

    codes = {p.country for p in default_gazetteer().lookup(match["country"]) if p.kind == "country"}
    if len(codes) != 1:
        return None
    forces = [a.id for a in default_kb() if a.type == "state_force" and tuple(a.countries) == tuple(codes)
              and "armed forces" in normalise_name(a.name)]
    return forces[0] if len(forces) == 1 else None


def _label(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def news_text_path(gold_path: Path, texts: Path | None, doc_id: str) -> Path:
    """``<texts>/<id>.txt``, or ``<id>.txt`` beside the gold file when no texts folder is given."""
    return (texts if texts is not None else gold_path.parent) / f"{doc_id}.txt"


def convert_news_gold(data: dict, text: str, path: Path, resolve=None) -> tuple[GoldArticle, list[UnmappedName]]:
    """One parsed news gold file and its article text -> (GoldArticle, unmapped actor names)."""
    if resolve is None:
        from sahel_ie.kb.actors import default_kb

        resolve = default_kb().resolve
    label = _label(path)
    doc_id = str(data["id"])
    published = data.get("published")
    if published is not None:
        import datetime as dt

        try:
            dt.date.fromisoformat(published)
        except (TypeError, ValueError):
            raise GoldFormatError(f"{label}: published: {published!r} is not an ISO date (YYYY-MM-DD) or null")
    c = _Converter(label, doc_id, text, published, resolve)
    gold = data["gold"]
    attacks = [c.attack(raw, i) for i, raw in enumerate(gold.get("attacks") or [])]
    refs = [a.id for a in attacks]
    if len(set(refs)) != len(refs):
        raise GoldFormatError(f"{label}: gold.attacks: duplicate attack refs {refs}")
    claims = [c.claim(raw, i, set(refs)) for i, raw in enumerate(gold.get("claims") or [])]
    attributions = [c.attribution(raw, i, set(refs)) for i, raw in enumerate(gold.get("attributions") or [])]
    negatives = []
    for i, phrase in enumerate(gold.get("not_attacks") or []):
        span = c.span(phrase, f"gold.not_attacks[{i}]")
        negatives.append(Negative(phrase, "background", span.start, span.end))
    extraction = R.Extraction(doc_id=doc_id, published=published, attacks=attacks, claims=claims,
                              attributions=attributions, source=R.Source(path=str(path), url=data.get("url")))
    article = GoldArticle(doc_id=doc_id, path=path, text=text, published=published, extraction=extraction,
                          negatives=negatives, style="real_news", unscored_slots=NEWS_UNSCORED_SLOTS,
                          negatives_by_trigger=True, unmapped=[u.to_dict() for u in c.unmapped],
                          claimant_tolls_on_attack=True)
    return article, c.unmapped


def load_news_gold(path: str | Path, texts: str | Path | None = None, data: dict | None = None) -> GoldArticle:
    """Load one news gold file, reading its text from ``texts`` (a folder of ``<id>.txt``)."""
    path = Path(path)
    label = _label(path)
    if data is None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            raise GoldFormatError(f"{label}: not valid JSON: line {error.lineno} column {error.colno}: {error.msg}")
        except OSError as error:
            raise GoldFormatError(f"{label}: cannot be read: {error}")
    if not is_news_gold(data):
        raise GoldFormatError(f"{label}: not a news gold file (needs top-level 'id' and a 'gold' object)")
    text_path = news_text_path(path, Path(texts) if texts is not None else None, str(data["id"]))
    try:
        text = text_path.read_text(encoding="utf-8")
    except OSError:
        hint = "" if texts is not None else " (pass the folder of rebuilt texts with --texts)"
        raise GoldFormatError(f"{label}: the article text {_label(text_path)} is missing{hint}")
    article, _ = convert_news_gold(data, text, path)
    return article
