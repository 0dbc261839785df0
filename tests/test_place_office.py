"""A town that only names a victim's office ("the mayor of X") yields to the town the clause writes the event
at; alone, it is still the place. Sentences are the tests' own."""

from __future__ import annotations

import pytest

import sahel_ie


def _place(nlp, text: str) -> str | None:
    extraction = sahel_ie.extract(text, nlp=nlp)
    assert extraction.attacks, text
    return extraction.attacks[0].location.name


@pytest.mark.parametrize("text, place", [
    ("The mayor of Mondoro was shot dead in Douentza on Friday by unknown gunmen.", "Douentza"),
    ("The village chief of Boni was killed on Tuesday in Hombori by gunmen.", "Hombori"),
    ("Unknown gunmen killed the mayor of Mondoro on Friday.", "Mondoro"),
    ("Gunmen attacked the village of Boni on Tuesday, killing four civilians.", "Boni"),
])
def test_an_offices_town_yields_to_the_events_town(nlp, text, place):
    assert _place(nlp, text) == place


def test_french_office_titles_yield_too(nlp_fr):
    assert _place(nlp_fr, "Le maire de Mondoro a été tué à Douentza vendredi par des hommes armés.") == "Douentza"
