"""The country an article is about, given as metadata: the caller's knowledge beside the text's clues.

Short notes ("Gunmen attacked a post in the area of Saye") name no country, and a Malian village then ties
with its Burkinabe or Nigerien namesake. A user running a feed of Malian news, or ACLED-style notes that
carry their country, says so once: ``extract(text, country="ML")``, ``--country ML``, or a ``country``
field in the article's JSON. The place resolver counts it as the article's country (see
``sahel_ie.gazetteer.locate.place_context``); the text's own country mentions still count beside it.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

COUNTRY_FIELDS = ("country", "country_code", "iso2", "country_iso2")
_CODE = re.compile(r"^[A-Za-z]{2}$")


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    """Normalised country names and aliases of the shipped table -> ISO 3166 alpha-2 code."""
    from sahel_ie.kb.places import default_gazetteer, normalise

    names: dict[str, str] = {}
    for place in default_gazetteer():
        if place.kind == "country" and place.country:
            for name in (place.name, *place.aliases):
                names.setdefault(normalise(name), place.country)
    return names


def normalise_country(value: Any) -> str | None:
    """An ISO alpha-2 code ("ML") for a code in any case or a country name the shipped table knows
    ("Mali", "Burkina Faso", "Niger"); None for no value. Raises ValueError for anything else, so the
    caller can report it as an ``invalid_country`` warning and go on without it."""
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(f"not a country: a {type(value).__name__}")
    text = value.strip()
    if _CODE.match(text):
        return text.upper()
    from sahel_ie.kb.places import normalise

    code = _country_names().get(normalise(text))
    if code is None:
        raise ValueError(f"not a country the gazetteer knows: {text[:60]!r} (give an ISO code such as ML)")
    return code


__all__ = ["COUNTRY_FIELDS", "normalise_country"]
