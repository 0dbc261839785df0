"""Parsing the numbers news writes about casualties: digits, number words and vague amounts.

Tolls come as "49", "1,200", "Forty-nine", "one hundred and twenty", "two dozen" or "dozens". The
cardinal words of each language are in ``models/lexicons/<lang>/numbers.json`` (the module's ``UNITS``,
``TENS``... are the English ones); the mapping of vague amounts
("dozens" = 12, "hundreds" = 100, after ACLED) is a coding convention and lives in
``models/lexicons/en/casualties.json`` (``vague_quantities``) where it can be reviewed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sahel_ie.resources import read_lexicon, per_language

@dataclass(frozen=True)
class NumberWords:
    """One language's cardinal words (``numbers.json``)."""

    units: dict[str, int]
    tens: dict[str, int]
    hundreds: frozenset[str]
    scales: dict[str, int]
    multipliers: dict[str, int]
    and_words: frozenset[str]
    compounds: dict[str, int]
    hyphenated: bool

    @property
    def cardinal_words(self) -> frozenset[str]:
        return frozenset(self.units) | frozenset(self.tens) | frozenset(self.scales) | frozenset(self.multipliers)


@per_language
def number_words() -> NumberWords:
    data = read_lexicon("numbers")
    # compounds are kept with "_" for "-", so that splitting at hyphens leaves them whole
    compounds = {word.replace("-", "_"): value for word, value in data["compounds"].items()}
    return NumberWords(dict(data["units"]), dict(data["tens"]), frozenset(data["hundreds"]), dict(data["scales"]),
                       dict(data["multipliers"]), frozenset(data["and_words"]), compounds, bool(data["hyphenated"]))


@per_language
def _compound_pattern() -> re.Pattern | None:
    words = sorted(number_words().compounds, key=len, reverse=True)
    if not words:
        return None
    return re.compile("|".join(r"\b" + re.escape(w).replace("_", "-") + r"\b" for w in words))


def _split_number(text: str) -> list[str]:
    """The words of a written number, split at spaces and hyphens, the language's compounds kept whole."""
    pattern = _compound_pattern()
    if pattern is not None:
        text = pattern.sub(lambda m: m.group(0).replace("-", "_"), text)
    return [w for w in _SPLIT.split(text) if w]


@per_language
def cardinal_words() -> frozenset[str]:
    """The language's cardinal words ("forty", "dozen"; "quarante", "cent")."""
    return number_words().cardinal_words


_ENGLISH = number_words(lang="en")
UNITS: dict[str, int] = _ENGLISH.units
TENS: dict[str, int] = _ENGLISH.tens
SCALES: dict[str, int] = _ENGLISH.scales
# "a dozen", "two dozen", "half a dozen": exact multiples, unlike the plural "dozens".
MULTIPLIERS: dict[str, int] = _ENGLISH.multipliers

CARDINAL_WORDS = _ENGLISH.cardinal_words

_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+$|^\d+$")
_DECIMAL = re.compile(r"^\d+(?:\.\d+)?$")
_SPLIT = re.compile(r"[\s\-–]+")


@dataclass(frozen=True)
class Quantity:
    """A parsed amount: ``value`` None for amounts with no figure ("a number of")."""

    value: int | None
    approximate: bool = False


@per_language
def vague_quantities() -> dict[str, tuple[int | None, bool]]:
    """Vague amount phrase (lower case) -> (value, approximate), from the casualty lexicon."""
    data = read_lexicon("casualties")["vague_quantities"]
    return {phrase: (entry["value"], entry.get("approximate", True)) for phrase, entry in data.items()}


def is_number_word(word: str) -> bool:
    """Whether a single token is part of a written number ("forty", "nine", "1,200", "dozen")."""
    low = word.lower()
    words = cardinal_words()
    if low in words:
        return True
    table = number_words()
    if "-" in low and table.hyphenated and all(
            part in words or part in table.compounds or part in table.and_words for part in _split_number(low)):
        return True  # "dix-sept", "quatre-vingt-dix", "soixante-et-onze"
    # both patterns open with a digit: most words are settled without running them
    return low[:1].isdigit() and bool(_DIGITS.match(low) or _DECIMAL.match(low))


def _parse_digits(word: str) -> int | None:
    if _DIGITS.match(word):
        return int(word.replace(",", ""))
    return None


def parse_words(words: list[str]) -> int | None:
    """Value of a sequence of cardinal words and digits, or None when it is not a number.

    Handles "forty nine", "one hundred and twenty", "two thousand five hundred", "1.2 million",
    "two dozen", "half a dozen". The caller has split hyphens already.
    """
    table = number_words()
    words = [w.lower() for w in words if w]
    if not words:
        return None
    if words[:2] == ["half", "a"] and words[2:] == ["dozen"]:
        return 6
    total = 0
    current = 0
    seen = False
    for i, word in enumerate(words):
        if word in table.and_words and seen and i + 1 < len(words):
            continue
        if word in ("a", "an") and i == 0 and len(words) > 1:
            current = 1
            seen = True
            continue
        digits = _parse_digits(word)
        if digits is not None:
            current += digits
            seen = True
            continue
        if _DECIMAL.match(word) and i + 1 < len(words) and words[i + 1] in table.scales:
            current += float(word)  # type: ignore[assignment]
            seen = True
            continue
        if word in table.units:
            current += table.units[word]
        elif word in table.compounds:
            current += table.compounds[word]
        elif word in table.tens:
            current += table.tens[word]
        elif word in table.multipliers:
            current = (current or 1) * table.multipliers[word]
        elif word in table.hundreds:
            current = (current or 1) * 100
        elif word in table.scales:
            total += (current or 1) * table.scales[word]
            current = 0
        else:
            return None
        seen = True
    if not seen:
        return None
    return int(total + current)


def parse_quantity(text: str) -> Quantity | None:
    """Parse an amount phrase: a number, a vague amount or None when the text is not an amount.

    "Forty-nine" gives 49, "1,200" gives 1200, "dozens" gives 12 marked approximate, "a number of" gives
    a value of None marked approximate, "soldiers" gives None.
    """
    low = " ".join(text.lower().replace("’", "'").split())
    low = low.removesuffix(" of")
    vague = vague_quantities()
    if low in vague:
        value, approximate = vague[low]
        return Quantity(value, approximate)
    words = _split_number(low) if number_words().compounds else [w for w in _SPLIT.split(low) if w]
    value = parse_words(words)
    if value is None:
        return None
    return Quantity(value, False)


@per_language
def _vague_words() -> frozenset[str]:
    """The words of the approximate vague amounts ("dozens", "scores", "several hundred"), not "a"/"an"."""
    return frozenset(w for phrase, (_, approximate) in vague_quantities().items() if approximate
                     for w in phrase.split() if w not in {"a", "an", "of", "and", "number", "unknown"})


def is_vague_amount(text: str) -> bool:
    """Whether a casualty phrase counts with a vague word only ("dozens killed", "scores of civilians"),
    with no figure: such a count is ACLED's convention for a word, beaten by any figure told for it."""
    words = [w.strip(".,;:()\"'") for w in text.lower().split()]
    scale = {"hundreds", "thousands", "dozens", "dozen", "hundred", "thousand"}  # "several hundred" stays vague
    cardinals = cardinal_words()
    if any(w[:1].isdigit() or (w in cardinals and w not in scale) for w in words):
        return False
    return any(w in _vague_words() for w in words)

