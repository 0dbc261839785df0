"""Parsing the numbers news writes about casualties: digits, number words and vague amounts.

Tolls come as "49", "1,200", "Forty-nine", "one hundred and twenty", "two dozen" or "dozens". The
cardinal words are the fixed English number system, so they live here; the mapping of vague amounts
("dozens" = 12, "hundreds" = 100, after ACLED) is a coding convention and lives in
``models/lexicons/en/casualties.json`` (``vague_quantities``) where it can be reviewed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sahel_ie.resources import read_lexicon, per_language

UNITS: dict[str, int] = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS: dict[str, int] = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
SCALES: dict[str, int] = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# "a dozen", "two dozen", "half a dozen": exact multiples, unlike the plural "dozens".
MULTIPLIERS: dict[str, int] = {"dozen": 12, "score": 20}

CARDINAL_WORDS = frozenset(UNITS) | frozenset(TENS) | frozenset(SCALES) | frozenset(MULTIPLIERS)

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
    if low in CARDINAL_WORDS:
        return True
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
    words = [w.lower() for w in words if w]
    if not words:
        return None
    if words[:2] == ["half", "a"] and words[2:] == ["dozen"]:
        return 6
    total = 0
    current = 0
    seen = False
    for i, word in enumerate(words):
        if word == "and" and seen and i + 1 < len(words):
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
        if _DECIMAL.match(word) and i + 1 < len(words) and words[i + 1] in SCALES:
            current += float(word)  # type: ignore[assignment]
            seen = True
            continue
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word in MULTIPLIERS:
            current = (current or 1) * MULTIPLIERS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word in SCALES:
            total += (current or 1) * SCALES[word]
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
    words = [w for w in _SPLIT.split(low) if w]
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
    if any(w[:1].isdigit() or (w in CARDINAL_WORDS and w not in scale) for w in words):
        return False
    return any(w in _vague_words() for w in words)

