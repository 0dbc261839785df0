"""Canonical attributing parties: the words of a speaker phrase -> the party it names.

Reporters name the same party in many ways ("a local source", "local sources", "sources in the town");
annotators name it in their own ("local source"). Who attributes an attack is compared, stored and
counted as a canonical id from the vocabulary in ``models/speakers.json``:

* a knowledge-base actor when the phrase names one ("Mali's military" -> ``fama``, "the rebel
  spokesman" tied to the movement, "the Malian government" -> ``mali_government``); an unnamed
  institution ("the army", "the government") is the KB actor of its country (the country the phrase
  names, else the article's), or ``kind:<kind>:<ISO country>`` when the KB has no actor for it
  ("the Chadian government" -> ``kind:government:TD``);
* a named body of a kind: a rights group, monitor or UN agency listed in ``speakers.json``
  (``kind:rights_group:human_rights_watch``), a news outlet of ``lexicons/outlets.json``
  (``kind:media:RFI``);
* otherwise the kind the phrase's words give (``speaker_kinds`` of the attribution lexicon, the longest
  phrase matched, the one nearer the head on ties): ``kind:local_source``, ``kind:residents``,
  ``kind:security_source``, ...; a phrase of no known kind stays its folded words (``~...``).

A joint speaker ("witnesses and the police", "the government and local sources") is each of its
parties. ``generalise`` gives the kind a specific id belongs to (``fama`` -> ``kind:military``,
``kind:rights_group:human_rights_watch`` -> ``kind:rights_group``): a party named only by its kind is
matched by any party of that kind, never the other way round (see ``sahel_ie.evaluate.slots``).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, Callable

from sahel_ie.resources import read_json, read_lexicon

KIND = "kind:"
LANGUAGES = ("en", "fr")
_CONJUNCTION = re.compile(r"\s*(?:,|;|&|\band\b|\bet\b|\bas well as\b)\s*")
_DETERMINERS = frozenset({"a", "an", "the", "one", "another", "some", "several", "many", "two", "three", "un",
                          "une", "des", "les", "le", "la", "l", "plusieurs"})


def _fold(text: str) -> str:
    from sahel_ie.parsing.sources import fold

    text = re.sub(r"'s\b", " ", fold(text) + " ")
    return " ".join(re.sub(r"[^\w\s&-]", " ", text).split())


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    return read_json("speakers.json")


@lru_cache(maxsize=1)
def speaker_phrases() -> dict[str, str]:
    """Folded speaker phrase -> kind, from every language's attribution lexicon (ids are language-free)."""
    out: dict[str, str] = {}
    for lang in LANGUAGES:
        for kind, words in read_lexicon("attribution_cues", lang)["speaker_kinds"].items():
            for word in words:
                out.setdefault(_fold(word).strip(), kind)
    return out


@lru_cache(maxsize=1)
def named_bodies() -> dict[str, tuple[str, bool]]:
    """Folded name of a listed body -> (its canonical id ``kind:<kind>:<id>``, whether it is an acronym,
    which only counts when the text writes it in capitals: "SITE", not "site")."""
    out: dict[str, tuple[str, bool]] = {}
    for kind, bodies in vocabulary()["named"].items():
        for body_id, names in bodies.items():
            for name in names:
                out[_fold(name).strip()] = (f"{KIND}{kind}:{body_id}", name.isupper())
    return out


@lru_cache(maxsize=1)
def _national() -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """(folded country word -> ISO code, kind -> country -> KB actor id) from the attribution lexicons."""
    words: dict[str, str] = {}
    actors: dict[str, dict[str, str]] = {}
    for lang in LANGUAGES:
        table = read_lexicon("attribution_cues", lang)["national_actors"]
        for code, names in table["countries"].items():
            for name in names:
                words.setdefault(_fold(name).strip(), code)
        for kind, by_country in table["actors"].items():
            actors.setdefault(kind, {}).update(by_country)
    return words, actors


def institutional(kind: str) -> bool:
    entry = vocabulary()["kinds"].get(kind)
    return bool(entry and entry.get("institutional"))


def longest_phrase_value(words: list[str], phrases: dict[str, str]) -> str | None:
    """The value of the longest run of ``words`` that is a key of ``phrases``; of two as long, the one
    nearer the end (the head of an English noun phrase: "the army's local source" is a local source)."""
    best: tuple[int, int, str] | None = None
    for i in range(len(words)):
        for j in range(len(words), i, -1):
            kind = phrases.get(" ".join(words[i:j]))
            if kind is None:
                continue
            key = (j - i, j, kind)
            if best is None or key[:2] > best[:2]:
                best = key
            break
    return best[2] if best is not None else None


def _kind_of(words: list[str]) -> str | None:
    return longest_phrase_value(words, speaker_phrases())


def _country_of(words: list[str]) -> str | None:
    table = _national()[0]
    for n in (3, 2, 1):
        for i in range(len(words) - n + 1):
            code = table.get(" ".join(words[i:i + n]))
            if code is not None:
                return code
    return None


def _named(words: list[str], original: str) -> str | None:
    bodies = named_bodies()
    for n in range(min(len(words), 8), 0, -1):
        for i in range(len(words) - n + 1):
            found = bodies.get(" ".join(words[i:i + n]))
            if found is not None and (not found[1] or _upper_word(original, words[i])):
                return found[0]
    from sahel_ie.parsing.sources import outlet_of

    for n in range(min(len(words), 6), 0, -1):
        for i in range(len(words) - n + 1):
            piece = " ".join(words[i:i + n])
            outlet = outlet_of(piece, original=_original_piece(original, piece))
            if outlet is not None:
                return f"{KIND}media:{outlet}"
    return None


def _upper_word(original: str, word: str) -> bool:
    """A short acronym ("HRW", "ICG", "SITE") counts only as written in capitals in the text."""
    return any(w.upper() == w and w.lower() == word for w in re.findall(r"[\w&]+", original))


def _original_piece(original: str, folded_piece: str) -> str:
    match = re.search(r"(?<!\w)" + r"\W+".join(re.escape(w) for w in folded_piece.split()) + r"(?!\w)",
                      original, re.IGNORECASE)
    return match.group(0) if match else folded_piece


def _one(text: str, country: str | None, resolve: Callable[[str], str | None] | None) -> str | None:
    """The canonical id of one party's phrase, or None when its words give no kind."""
    words = [w for w in _fold(text).split() if w]
    while words and words[0] in _DETERMINERS:
        words = words[1:]
    if not words:
        return None
    named = _named(words, text)
    if named is not None:
        return named
    if resolve is not None:
        actor_id = resolve(text)
        if actor_id:
            return actor_id
    kind = _kind_of(words)
    if kind is None:
        return None
    if institutional(kind) and kind != "un":
        code = _country_of(words) or country
        if code:
            actor_id = _national()[1].get(kind, {}).get(code)
            return actor_id or f"{KIND}{kind}:{code}"
    return f"{KIND}{kind}"


def _default_resolve(text: str) -> str | None:
    from sahel_ie.kb.actors import default_kb

    try:
        hit = default_kb().resolve(text)
    except Exception:  # a phrase the resolver cannot read is no KB actor
        return None
    return hit.actor.id if hit is not None else None


def canonical_speakers(text: str | None, actor_id: str | None = None, kind: str | None = None,
                       country: str | None = None,
                       resolve: Callable[[str], str | None] | None = _default_resolve) -> list[str]:
    """The canonical ids of the party a speaker phrase names (several for a joint speaker).

    ``actor_id`` is the KB actor the extractor tied the phrase to (kept for a single party); ``kind`` the
    speaker kind it gave (used when the words give none); ``country`` the article's country, for an
    unnamed institution ("the army").
    """
    text = (text or "").strip()
    if not text:
        return [actor_id] if actor_id else []
    parts = [p for p in _CONJUNCTION.split(text) if p.strip()]
    if len(parts) > 1:
        ids = [_one(p, country, resolve) for p in parts]
        if all(ids):
            return list(dict.fromkeys(i for i in ids if i))
    if actor_id:
        return [actor_id]
    found = _one(text, country, resolve)
    if found is not None:
        return [found]
    if kind and kind != "unknown" and kind in vocabulary()["kinds"]:
        return [f"{KIND}{kind}"]
    return []


def generalise(value: str) -> str | None:
    """The bare kind a specific canonical id belongs to, or None for a bare kind or an unknown id."""
    if value.startswith(KIND):
        parts = value.split(":")
        return f"{KIND}{parts[1]}" if len(parts) > 2 else None
    from sahel_ie.kb.actors import default_kb

    actor = default_kb().get(value)
    if actor is None:
        return None
    kind = vocabulary()["kind_of_actor_type"].get(actor.type)
    return f"{KIND}{kind}" if kind else None


DESCRIBED_KINDS = ("rights_group", "un", "analyst")


def named_in_text(text: str) -> dict[str, set[str]]:
    """Kind -> the canonical ids of the listed bodies a text names ("Human Rights Watch (HRW) said ...")."""
    folded = " " + _fold(text) + " "
    out: dict[str, set[str]] = {}
    for name, (body_id, acronym) in named_bodies().items():
        if f" {name} " not in folded:
            continue
        if acronym and not re.search(r"(?<!\w)" + re.escape(name.upper()) + r"(?!\w)", text):
            continue
        out.setdefault(body_id.split(":")[1], set()).add(body_id)
    return out


def specialise(ids: list[str], named: dict[str, set[str]]) -> list[str]:
    """A party named only by its kind ("the human rights organisation") is the one body of that kind the
    article names, as a description stands for the one actor it fits; with none or several it stays."""
    out = []
    for value in ids:
        parts = value.split(":")
        if value.startswith(KIND) and len(parts) == 2 and parts[1] in DESCRIBED_KINDS \
                and len(named.get(parts[1], ())) == 1:
            value = next(iter(named[parts[1]]))
        out.append(value)
    return out
