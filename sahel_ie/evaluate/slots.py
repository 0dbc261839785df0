"""The comparable value of each scored slot, read from a contract record.

Scoring compares normalised values, not raw strings, so that "Ménaka" and "Menaka" agree and so that the
casualty rules are written once. The conventions (also in docs of ``sahel_ie.evaluate``):

* A predicted place is identified by its name, its place id, its ``site`` and the name as its mention
  writes it (``written_name``: a GeoNames match is named by the entry's main name, the article may spell
  it otherwise).
* Text (place names, actor texts) is compared folded: Unicode NFKD with diacritics removed, lower case,
  punctuation and apostrophes as spaces, a leading "the" dropped.
* Perpetrator / claimant / actor: the knowledge-base ``actor_id`` when set; a mention without an id is
  the generic value ``"<generic>"`` for a perpetrator (so "gunmen" vs "militants" agree, and "gunmen" vs
  JNIM does not) and ``"~<folded text>"`` for claimants and attribution actors; no mention at all is
  empty. In a denial a national government and its armed forces are one claimant (``state:<country>``):
  a government denies for its army.
* Who attributes (``speaker_values``): canonical party ids of ``models/speakers.json`` on both sides,
  plus the folded words; a predicted party also stands for its kind (docs/attributions.md).
* Casualty counts per outcome (``killed``, ``injured``, ``abducted``): the conservative total. Entries
  are grouped by (outcome, group); competing tolls for the same group (several sources) count once, at
  the lowest figure (ACLED's lowest credible report). The named victim groups (civilians, military, ...)
  are summed; an ``unspecified`` figure ("killed 60 people") is read as a total of the victims, which
  may overlap the named groups, so the victims count is the larger of the two; assailants are reported
  apart in the news ("killing 30 people" excludes the bombers) and are added. So 49 civilians + 15
  soldiers + "nearly 60 people" + 50 assailants gives max(64, 60) + 50 = 114. Shared tolls (one
  figure covering several attacks) are included: the article gives that figure for this attack, and the
  gold file puts it on each attack it covers. Entries with a null count (an unknown number) are ignored;
  when no entry of an outcome has a count the slot is empty.
* Where the gold lists a claimant's tolls on the attack (the real-news set), a predicted attack is read
  with the claimed tolls of the claims linked to it (``with_claimed_tolls``), the same sources on both
  sides.
* ``casualties``: the set of (outcome, group, count) triples after the same lowest-figure collapsing, so
  a right total made of wrong groups is still caught.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Iterable

from sahel_ie.records import ActorRef, Attack, Casualty

GENERIC = "<generic>"
OUTCOME_SLOTS = ("killed", "injured", "abducted")


def fold(text: str | None) -> str | None:
    """Diacritics-folded, lower-case, punctuation-free form of a name; None for empty input."""
    if text is None:
        return None
    text = unicodedata.normalize("NFKD", str(text))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[\W_]+", " ", text.lower()).strip()
    text = re.sub(r"^the ", "", text)
    return text or None


def perpetrator_value(ref: ActorRef | None) -> str | None:
    if ref is None:
        return None
    if ref.actor_id:
        return ref.actor_id
    return GENERIC if (ref.text or "").strip() else None


def actor_value(ref: ActorRef | None) -> str | None:
    """Claimant / attribution actor: id, else folded text, else empty."""
    if ref is None:
        return None
    if ref.actor_id:
        return ref.actor_id
    folded = fold(ref.text)
    return f"~{folded}" if folded else None


def speaker_values(attribution, *, predicted: bool = False) -> set[str]:
    """Who attributes, as canonical party ids (``sahel_ie.parsing.speakers``), plus the folded words.

    Both sides are folded by one vocabulary (``models/speakers.json``): "a local source" and "local
    source" are one party, "the Malian military" and "Malian armed forces" one actor, "witnesses and the
    police" two parties (naming either names a right one). The folded words are kept too, so two phrases
    written alike always agree. A predicted party also stands for its kind (``fama`` for
    ``kind:military``, a named rights group for ``kind:rights_group``): gold that names a party only by
    its kind ("officials", "the army") is matched by a more specific prediction of that kind, never the
    other way round. Empty when nobody is named.
    """
    if attribution is None:
        return set()
    from sahel_ie.parsing.speakers import canonical_speakers, generalise

    ref = attribution.attributed_by
    values = set(getattr(attribution, "attributed_by_canonical", None) or [])
    if ref is not None and not values:
        values = set(canonical_speakers(ref.text, ref.actor_id, ref.kind))
    plain = actor_value(ref)
    if plain is not None:
        values.add(plain)
    if predicted:
        values |= {g for g in (generalise(v) for v in values) if g}
    return values


NOBODY = "<no group>"


def claimant_value(claim) -> str | None:
    """Claimant of a claim record; "no group has claimed responsibility" is one value however worded.

    A ``not_claimed`` record without a knowledge-base claimant states that nobody claimed the attack;
    its text ("no group", "no organisation", or none at all) carries no identity to compare.
    """
    if claim is None:
        return None
    if claim.status == "not_claimed" and not (claim.claimant and claim.claimant.actor_id):
        return NOBODY
    if claim.status == "denied" and claim.claimant is not None:
        state = _state_of(claim.claimant.actor_id)
        if state is not None:
            return state
    return actor_value(claim.claimant)


STATE_TYPES = ("state_force", "government_body")


def _state_of(actor_id: str | None) -> str | None:
    """``state:<country>`` for a national government or armed force of one country, else None.

    A government denies for its army ("the authorities issued a denial" of what soldiers are accused of):
    in a denial the state's government and its forces are one claimant, whichever the text or the
    annotator names."""
    if not actor_id:
        return None
    from sahel_ie.kb.actors import default_kb

    actor = default_kb().get(actor_id)
    if actor is None or actor.type not in STATE_TYPES or len(actor.countries) != 1:
        return None
    return f"state:{actor.countries[0]}"


def written_name(text: str | None) -> str | None:
    """The place's name as the mention writes it: the first run of capitalised words of the location's
    ``text`` ("In-Delimane" of "the area of In-Delimane, axis Ansongo-Menaka"). A record takes a gazetteer's
    canonical name ("Boma" for "Bohoma", GeoNames' main name for a spelling variant) whatever spelling the
    article uses, so a gold that quotes the article's spelling is matched by this as well."""
    run: list[str] = []
    for word in re.split(r"[,(;]", text or "", maxsplit=1)[0].split():
        if word[:1].isupper():
            run.append(word)
        elif run:
            break
    return " ".join(run) or None


def place_values(attack: Attack) -> set[str]:
    """Everything that identifies the attack's place: folded name, place id (``id:...``), the name as the
    mention writes it (``written_name``: a gazetteer's main name may be spelt otherwise) and, for a record
    coded at the town a village lies near, the village the text names (``site``)."""
    loc = attack.location
    values = set()
    for name in (loc.name, getattr(loc, "site", None), written_name(loc.text)):
        if fold(name):
            values.add(fold(name))
    if loc.place_id:
        values.add(f"id:{loc.place_id}")
    return values


def _collapsed(casualties: Iterable[Casualty]) -> dict[tuple[str, str], int]:
    lowest: dict[tuple[str, str], int] = {}
    for cas in casualties:
        if cas.count is None:
            continue
        key = (cas.outcome, cas.group or "unspecified")
        lowest[key] = min(cas.count, lowest.get(key, cas.count))
    return lowest


def outcome_total(attack: Attack, outcome: str) -> int | None:
    """Conservative total of one outcome (see the module docstring); None when no count is given."""
    by_group = {group: n for (out, group), n in _collapsed(attack.casualties).items() if out == outcome}
    if not by_group:
        return None
    victims = sum(n for group, n in by_group.items() if group not in ("unspecified", "assailants"))
    return max(victims, by_group.get("unspecified", 0)) + by_group.get("assailants", 0)


def with_claimed_tolls(attack: Attack, claims: Iterable[Any]) -> Attack:
    """The attack with the tolls its linked claims give added to its own (for a gold that lists a
    claimant's tolls on the attack; see ``GoldArticle.claimant_tolls_on_attack``). Only a claim of this
    one attack lends its figures: a claim linked to several attacks gives a toll the text does not share
    out among them. A figure already on the attack is not added twice; the lowest-figure rule then weighs
    them as the gold's are weighed."""
    extra = [c for claim in claims if list(claim.attack_ids or []) == [attack.id]
             for c in claim.claimed_casualties if c not in attack.casualties]
    if not extra:
        return attack
    import dataclasses

    return dataclasses.replace(attack, casualties=list(attack.casualties) + extra)


def casualty_triples(attack: Attack) -> set[tuple[str, str, int]]:
    return {(out, group, n) for (out, group), n in _collapsed(attack.casualties).items()}


def target_categories(attack: Attack) -> set[str]:
    return {t.category for t in attack.targets if t.category}


def attack_single_values(attack: Attack) -> dict[str, Any]:
    """Single-valued attack slots (place is a set of identifying values, matched by intersection)."""
    values: dict[str, Any] = {
        "perpetrator": perpetrator_value(attack.perpetrator),
        "date": attack.date.value if attack.date else None,
        "type": attack.attack_type if attack.attack_type and attack.attack_type != "unknown" else None,
    }
    for outcome in OUTCOME_SLOTS:
        values[outcome] = outcome_total(attack, outcome)
    return values


def accepted(gold_value: Any, accept: dict[str, list[Any]], *keys: str) -> set[Any]:
    """The gold value plus the ``accept`` alternatives listed under any of ``keys``."""
    values = set() if gold_value is None else {gold_value}
    for key in keys:
        for alt in accept.get(key, []) or []:
            values.add(alt)
    return values
