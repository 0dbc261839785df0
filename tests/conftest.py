"""Shared fixtures: the real pipeline, loaded once for the whole test session."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED_DIR = ROOT / "seeds"
CORPUS_DIR = ROOT / "corpus"
SEED_ID = "000_ff1049a3fef29574"
SEED_PUBLISHED = "2023-09-08"


@pytest.fixture(scope="session")
def nlp():
    """The full sahel_ie pipeline on the real base model."""
    import sahel_ie

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return sahel_ie.load()


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (SEED_DIR / f"{SEED_ID}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_doc(nlp, seed_text):
    from sahel_ie.extraction import make_doc

    return nlp(make_doc(nlp, seed_text, SEED_PUBLISHED, SEED_ID))
