"""Canonical keys and surface variants for actor names.

The same group is written "Jama’at Nusrat al-Islam Wal-Muslimin", "Jamaat Nusrat al Islam wal Muslimin" and
"JAMA'AT NUSRAT AL-ISLAM WAL-MUSLIMIN" by different outlets, and spaCy tokenises the hyphenated and spaced
forms differently. Resolution therefore compares *keys* in which those differences are gone, and the
entity ruler is fed every *surface variant* an outlet is likely to print.

Key convention (``normalise_name``): lowercase; diacritics stripped (é→e, ā→a); apostrophes and
ʿayn marks (’ ' ` ʿ ʼ ‘ ´) removed, so "Jama'at" = "Jamaat"; hyphens, slashes, underscores and other
punctuation become spaces; dots vanish ("A.Q.I.M." = "aqim"); "el" as a word becomes "al"; a leading
"the", a leading French elided article "l'" and a trailing possessive "'s" are dropped; whitespace is collapsed. ``compact_key`` additionally
removes the spaces, so "walmuslimin" = "wal-Muslimin" at a second, looser level.
"""

from __future__ import annotations

import re
import unicodedata

APOSTROPHES = "'’‘`ʿʼʻ´′"
_APOS_RE = re.compile(f"[{re.escape(APOSTROPHES)}]")
_POSSESSIVE_RE = re.compile(f"[{re.escape(APOSTROPHES)}]s?$")
_PUNCT_RE = re.compile(r"[\-‐‑‒–—_/\\:;,!?()\[\]{}\"“”«»·•|+&*]")
_SPACE_RE = re.compile(r"\s+")
_LEADING_THE = ("the ",)
# the French elided article: "l'État islamique au Sahel" is "État islamique au Sahel"
_LEADING_ELIDED = re.compile(f"^l[{re.escape(APOSTROPHES)}]\\s*(?=\\w)")


def strip_diacritics(text: str) -> str:
    """Remove combining marks after NFKD decomposition: "Ançar" -> "Ancar", "Nuṣrat" -> "Nusrat"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalise_name(text: str) -> str:
    """The canonical comparison key of a name (see the module docstring for the convention)."""
    if not text:
        return ""
    s = strip_diacritics(text).lower().strip()
    s = s.strip(" \t\n.,;:!?\"“”«»()[]")
    s = _POSSESSIVE_RE.sub("", s) if re.search(f"[{re.escape(APOSTROPHES)}]s?$", s) and len(s) > 2 else s
    s = s.replace("&", " and ")
    s = _LEADING_ELIDED.sub("", s)
    s = _APOS_RE.sub("", s)
    s = s.replace(".", "")
    s = _PUNCT_RE.sub(" ", s)
    s = _SPACE_RE.sub(" ", s).strip()
    for lead in _LEADING_THE:
        if s.startswith(lead):
            s = s[len(lead):]
    words = ["al" if w == "el" else w for w in s.split(" ")]
    return " ".join(w for w in words if w)


def compact_key(text: str) -> str:
    """The normalised key without spaces: "wal muslimin" and "walmuslimin" meet here."""
    return normalise_name(text).replace(" ", "")


def _swap_apostrophes(text: str) -> set[str]:
    if not any(ch in text for ch in APOSTROPHES):
        return {text}
    out = {text}
    for mark in ("'", "’", ""):
        out.add(_APOS_RE.sub(mark, text))
    return out


_PARTICLE_RE = re.compile(r"\b(al|el|wal|wa|ad|as|ar|ash|is|ul|bil|lil|fi)([\- ])(?=\w)", re.IGNORECASE)


def _swap_hyphens(text: str) -> set[str]:
    """Every mix of hyphen/space after Arabic particles, plus all-hyphens-as-spaces."""
    matches = list(_PARTICLE_RE.finditer(text))
    out = {text, text.replace("-", " ")}
    if not matches or len(matches) > 4:
        return out
    for mask in range(2 ** len(matches)):
        pieces, last = [], 0
        for i, m in enumerate(matches):
            pieces.append(text[last:m.start(2)])
            pieces.append("-" if mask >> i & 1 else " ")
            last = m.end(2)
        pieces.append(text[last:])
        out.add("".join(pieces))
    return out


def _swap_article(text: str) -> set[str]:
    out = {text}
    m = re.match(r"^(al|el|Al|El|AL|EL)([\- ])(.+)$", text)
    if m:
        rest = m.group(3)
        for art in ("al", "Al", "el", "El"):
            for sep in ("-", " "):
                out.add(f"{art}{sep}{rest}")
    out |= {re.sub(r"\b([Ee])l-", lambda mm: ("A" if mm.group(1) == "E" else "a") + "l-", t) for t in set(out)}
    return out


def name_variants(alias: str) -> set[str]:
    """Surface forms an outlet may print for ``alias``, for the entity ruler.

    Covers apostrophe style (’ vs ' vs none), hyphen vs space after Arabic particles (al-, wal-, ul-),
    al-/el- prefixes, an optional leading "the", and diacritics stripped. Case is left to the ruler's
    ``LOWER`` attribute. A leading "the" is dropped rather than added, so entity spans stay on the name.
    """
    alias = alias.strip()
    if not alias:
        return set()
    base = {alias}
    if alias.lower().startswith("the "):
        base = {alias[4:]}
    out: set[str] = set()
    for form in base:
        for a in _swap_apostrophes(form):
            for h in _swap_hyphens(a):
                out |= _swap_article(h)
    out |= {strip_diacritics(v) for v in out}
    return {_SPACE_RE.sub(" ", v).strip() for v in out if v.strip()}
