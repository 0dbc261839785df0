"""Lookup keys shared by the index builder and the lookups, so both sides always agree.

``key`` is the project's place normalisation (:func:`sahel_ie.kb.places.normalise`: diacritics, case,
apostrophes, hyphens). ``skeleton`` is a coarse key for transliteration variants of one West African
name ("Boulikessi" / "Boulkessi", "Djibo" / "Jibo", "Tin-Hama" / "Tinhama"): French and English
spellings of the same sounds are merged, a silent initial "h" ("Hourara" / "Ouarara") dropped, spaces
and vowels after the first letter dropped and doubled letters collapsed. It only proposes candidates; a
similarity check on the full key confirms them.
"""

from __future__ import annotations

import re

from sahel_ie.kb.places import normalise

key = normalise

_SOUND_PAIRS = (("tch", "ch"), ("dj", "j"), ("ou", "u"), ("w", "u"), ("y", "i"), ("ph", "f"), ("kh", "k"),
                ("gh", "g"), ("q", "k"), ("c", "k"), ("z", "s"))


def skeleton(text: str) -> str:
    """The coarse transliteration key of an already normalised name ("" for very short names)."""
    s = text.replace(" ", "")
    for a, b in _SOUND_PAIRS:
        s = s.replace(a, b)
    if len(s) < 4:
        return ""
    if s[0] == "h" and s[1] in "aeiou":
        s = s[1:]  # French writes an initial "h" it does not sound
    s = s[0] + re.sub(r"[aeiouh]", "", s[1:])
    return re.sub(r"(.)\1+", r"\1", s)
