"""The language of an article: declared (metadata, ``--lang``) or identified offline from its words.

Rules written for English read French text as noise: an attack verb is never found, or worse, a
French word that looks like an English one is. So every article carries a language, and only articles
in a language the pipeline has rules for go through it; the others get an ``unsupported_language``
error entry with their language recorded, and the run goes on.

Identification is a function-word profile test (``models/lexicons/language_profiles.json``): news
prose in any language is about 40 % closed-class words ("the", "of", "le", "des", l'...), which are
different sets in English and French, so the share of each profile's words in the first few thousand
characters separates the two with a wide margin, needs no model download, and takes about a
millisecond.
Letters of another script (Arabic, Tifinagh) decide on their own. A text too short to decide (a
headline, a fragment) is taken as English, the language the pipeline has always assumed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from sahel_ie.resources import read_json

DEFAULT_LANGUAGE = "en"
# Languages with rules and data (models/lexicons/<lang>/), and the extra that installs each one's model.
PIPELINE_LANGUAGES: frozenset[str] = frozenset({"en", "fr"})
MODEL_EXTRAS: dict[str, str] = {"fr": "fr"}


def _installed_languages() -> frozenset[str]:
    """The languages with rules whose base model is installed here (English always: it is a dependency)."""
    from sahel_ie.pipeline import model_installed

    return frozenset({"en"} | {lang for lang in PIPELINE_LANGUAGES if lang != "en" and model_installed(lang)})


SUPPORTED_LANGUAGES: frozenset[str] = _installed_languages()  # languages an article can be read in here
AUTO = "auto"
UNSUPPORTED_KIND = "unsupported_language"
INVALID_KIND = "invalid_language"
SAMPLE_CHARS = 6000  # enough words for a stable share; a long article's tail adds nothing

# Language names users write in metadata, folded to ISO 639-1.
_NAMES = {
    "english": "en", "anglais": "en", "eng": "en",
    "french": "fr", "francais": "fr", "français": "fr", "fra": "fr", "fre": "fr",
    "spanish": "es", "espanol": "es", "español": "es", "portuguese": "pt", "german": "de", "deutsch": "de",
    "arabic": "ar", "arabe": "ar",
}
_CODE = re.compile(r"^[a-z]{2,3}$")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_APOSTROPHE = re.compile(r"['’]")


@dataclass(frozen=True)
class Profiles:
    """The profile data, indexed for one pass over the words: each word maps to the languages whose
    profile holds it (a few words, "de", "la", "die", belong to several)."""

    languages: tuple[str, ...]
    word_languages: dict[str, tuple[str, ...]]
    clitic_languages: dict[str, tuple[str, ...]]
    diacritics: dict[str, frozenset[str]]
    scripts: dict[str, re.Pattern]
    min_words: int
    min_share: float
    min_margin: float
    max_default_share: float


def _index(table: dict[str, dict], key: str) -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for code, profile in table.items():
        for word in profile[key]:
            index.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in index.items()}


@lru_cache(maxsize=1)
def profiles() -> Profiles:
    data = read_json("lexicons/language_profiles.json")
    table = data["profiles"]
    return Profiles(
        languages=tuple(table),
        word_languages=_index(table, "words"),
        clitic_languages=_index(table, "elisions"),
        diacritics={code: frozenset(p["diacritics"]) for code, p in table.items()},
        scripts={code: re.compile(f"[{span}]") for code, span in data["scripts"].items()},
        min_words=int(data["min_words"]),
        min_share=float(data["min_share"]),
        min_margin=float(data["min_margin"]),
        max_default_share=float(data["max_default_share"]),
    )


@dataclass
class Guess:
    """What identification found: the language (``None`` when undecided) and each profile's share."""

    language: str | None
    shares: dict[str, float] = field(default_factory=dict)
    words: int = 0


def identify(text: str) -> Guess:
    """The language of a text by its function words, or ``language=None`` when the text cannot tell."""
    data = profiles()
    sample = text[:SAMPLE_CHARS]
    for code, pattern in data.scripts.items():
        if pattern.search(sample) and len(pattern.findall(sample)) > sum(ch.isalpha() for ch in sample) / 2:
            return Guess(code, {code: 1.0}, 0)
    counts = dict.fromkeys(data.languages, 0)
    total = 0
    for token in _WORD.findall(sample):
        token = token.lower()
        word = token
        if "'" in token or "’" in token:
            parts = _APOSTROPHE.split(token)
            word = parts[0]
            clitic = data.clitic_languages.get(parts[0])
            if clitic and len(parts) > 1:
                # "l'attaque": an elided article and a word, as "la attaque" would be two words
                total += 1
                word = "".join(parts[1:])
                for code in clitic:
                    counts[code] += 1
        total += 1
        for code in data.word_languages.get(word, ()):
            counts[code] += 1
    if not total:
        return Guess(None)
    shares = {code: count / total for code, count in counts.items()}
    ranked = sorted(shares, key=shares.__getitem__, reverse=True)
    if len(ranked) > 1 and shares[ranked[0]] == shares[ranked[1]]:  # a tie: the accented letters decide
        ranked[:2] = sorted(ranked[:2], key=lambda c: _diacritic_share(sample, data.diacritics[c]), reverse=True)
    best, runner_up = ranked[0], ranked[1] if len(ranked) > 1 else None
    guess = Guess(None, shares, total)
    if total < data.min_words or shares[best] < data.min_share:
        return guess
    if runner_up is not None and shares[runner_up] * data.min_margin > shares[best]:
        return guess
    if best != DEFAULT_LANGUAGE and shares.get(DEFAULT_LANGUAGE, 0.0) >= data.max_default_share:
        return guess
    guess.language = best
    return guess


def _diacritic_share(text: str, letters: frozenset[str]) -> float:
    if not letters:
        return 0.0
    return sum(ch in letters for ch in text.lower()) / max(len(text), 1)


def detect_language(text: str) -> str:
    """The article's language code; English when the text is too short or too mixed to tell."""
    return identify(text).language or DEFAULT_LANGUAGE


def normalise_language(value: Any) -> str | None:
    """An ISO 639 code for a declared language ("fr", "fr-FR", "French", "français"); ``None`` when
    nothing usable is declared (absent, empty, ``auto``).

    Raises ``ValueError`` for a value that names no language, so callers can report it and detect.
    """
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"not a language: {value!r}")
    text = value.strip().lower()
    if not text or text == AUTO:
        return None
    if text in _NAMES:
        return _NAMES[text]
    primary = re.split(r"[-_]", text, maxsplit=1)[0]
    if _CODE.match(primary):
        return _NAMES.get(primary, primary)
    raise ValueError(f"not a language: {value!r}")


def unsupported_message(language: str) -> str:
    """The error entry's message for an article in a language without a pipeline, or whose pipeline's
    model is not installed here."""
    supported = ", ".join(sorted(SUPPORTED_LANGUAGES))
    if language in PIPELINE_LANGUAGES:
        extra = MODEL_EXTRAS.get(language, language)
        return (f"the article is in {language!r}, whose spaCy model is not installed (supported here: "
                f"{supported}); it was not processed. Install it with pip install 'sahel_ie[{extra}]'")
    return (f"the article is in {language!r}, which has no pipeline yet (supported: {supported}); "
            f"it was not processed. Pass language='en' (--lang en) to read it with the English rules")


__all__ = [
    "DEFAULT_LANGUAGE", "SUPPORTED_LANGUAGES", "PIPELINE_LANGUAGES", "UNSUPPORTED_KIND", "INVALID_KIND", "Guess", "identify",
    "detect_language", "normalise_language", "unsupported_message",
]
