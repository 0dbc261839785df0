"""spaCy-native behaviour: processed Docs serialise, the pipeline explains its order, dates come the spaCy
way, and users extend the knowledge base from config. Texts are written for these tests."""

from __future__ import annotations

import json
import logging
import pickle

import pytest
import spacy
from spacy.tokens import Doc, DocBin

import sahel_ie
from sahel_ie.parsing.requirements import PipelineOrderError

TEXT = ("Suspected jihadists ambushed a Malian army convoy near Menaka on Friday, killing six soldiers, the army "
        "said. Jama'at Nusrat al-Islam wal-Muslimin (JNIM) later claimed responsibility for the ambush. "
        "Two days earlier, gunmen had attacked the village of Djibo in Burkina Faso, killing 15 civilians.")
PUBLISHED = "2024-03-06"


@pytest.fixture(scope="module")
def processed(nlp):
    doc = nlp(sahel_ie.make_doc(nlp, TEXT, published=PUBLISHED, doc_id="t1"))
    assert doc._.attacks and doc._.claims, "the test text must give attacks and a claim"
    return doc


def _records(doc: Doc) -> dict:
    return {name: [r.to_dict() for r in getattr(doc._, name)] for name in ("attacks", "claims", "attributions")}


def _intermediates(doc: Doc) -> dict:
    return {
        "triggers": [(s.start, s.end, s._.attack_type) for s in doc._.attack_triggers],
        "attack_spans": {k: [(s.start, s.end) for s in v] for k, v in doc._.attack_spans.items()},
        "dates": [(m.span.start, m.span.end, m.value, m.precision) for m in doc._.date_mentions],
        "casualties": [(m.span.text, m.outcome, m.count, m.head.i) for m in doc._.casualty_mentions],
        "abbreviations": [(long.text, short.text) for long, short in doc._.abbreviation_spans],
        "modifiers": [s._.modifiers for s in doc._.attack_triggers],
        "published": doc._.published,
    }


@pytest.mark.parametrize("how", ["to_bytes", "docbin", "pickle", "copy"])
def test_processed_docs_survive_serialisation(nlp, processed, how):
    # Span-valued results are encoded only when a Doc leaves (extensions._EncodedLater): each way out
    if how == "to_bytes":
        copy = Doc(nlp.vocab).from_bytes(processed.to_bytes())
    elif how == "docbin":
        data = DocBin(docs=[processed], store_user_data=True).to_bytes()
        copy = next(DocBin().from_bytes(data).get_docs(nlp.vocab))
    elif how == "pickle":
        copy = pickle.loads(pickle.dumps(processed))
    else:
        copy = processed.copy()
    assert _records(copy) == _records(processed)
    assert isinstance(copy._.attacks[0], sahel_ie.Attack)
    assert _intermediates(copy) == _intermediates(processed)
    assert all(s.doc is copy for s in copy._.attack_triggers)  # Spans rebuilt on the copy, not the original
    assert [(e.text, e.label_, e.ent_id_) for e in copy.ents] == [(e.text, e.label_, e.ent_id_) for e in processed.ents]


def test_records_changed_after_they_were_set_serialise_in_their_final_state(nlp, processed):
    # claims and attributions update the attacks' perpetrators in place: the bytes must hold that state
    copy = Doc(nlp.vocab).from_bytes(processed.to_bytes())
    assert [a.perpetrator.certainty for a in copy._.attacks] == [a.perpetrator.certainty for a in processed._.attacks]
    assert "claimed" in [a.perpetrator.certainty for a in processed._.attacks]


def test_pipe_with_two_processes_gives_the_same_records(nlp):
    texts = [TEXT, "A roadside bomb killed four Nigerien soldiers near Tillaberi on Monday, officials said."]
    docs = [sahel_ie.make_doc(nlp, t, published=PUBLISHED) for t in texts]
    alone = [_records(d) for d in nlp.pipe([sahel_ie.make_doc(nlp, t, published=PUBLISHED) for t in texts])]
    together = [_records(d) for d in nlp.pipe(docs, n_process=2, batch_size=1)]
    assert together == alone
    assert alone[0]["attacks"][0]["date"]["value"] == "2024-03-01"  # the publication date reached the pipeline


def test_analyze_pipes_has_no_problem_on_the_full_pipeline(nlp):
    problems = nlp.analyze_pipes(pretty=False)["problems"]
    assert all(not p for p in problems.values()), problems
    assert "doc._.attacks" in nlp.get_pipe_meta("sahel_attacks").assigns


def test_analyze_pipes_explains_a_misordered_pipeline():
    import sahel_ie.components.claims  # noqa: F401  (registers the factory)

    bare = spacy.blank("en")
    bare.add_pipe("sentencizer")
    bare.add_pipe("sahel_claims")
    problems = bare.analyze_pipes(pretty=False)["problems"]
    assert "doc._.attacks" in problems["sahel_claims"] and "doc.ents" in problems["sahel_claims"]


def test_sahel_attacks_without_its_prerequisites_is_a_clear_error(nlp):
    import sahel_ie.components.attacks  # noqa: F401

    bare = spacy.blank("en")
    with pytest.raises(PipelineOrderError, match="sahel_attacks needs sahel_attack_triggers"):
        bare.add_pipe("sahel_attacks")
    with nlp.select_pipes(disable=["sahel_attack_triggers"]):
        with pytest.raises(PipelineOrderError, match="doc._.attack_triggers is not set"):
            nlp(sahel_ie.make_doc(nlp, TEXT, published=PUBLISHED))


def test_a_doc_without_a_date_is_reported_once(nlp, caplog):
    from sahel_ie.parsing import requirements

    requirements._warned_unpublished = False
    with caplog.at_level(logging.WARNING, logger="sahel_ie"):
        nlp("Gunmen attacked a village on Friday.")
        nlp("Gunmen attacked another village on Saturday.")
        nlp(sahel_ie.make_doc(nlp, "Gunmen attacked a third village on Sunday.", published=PUBLISHED))
    messages = [r.getMessage() for r in caplog.records if "publication date" in r.getMessage()]
    assert len(messages) == 1 and "sahel_ie.make_doc" in messages[0]


def test_public_names_at_the_top_level():
    assert sahel_ie.make_doc is sahel_ie.extraction.make_doc
    assert sahel_ie.add_sahel_components is sahel_ie.pipeline.add_sahel_components
    assert {"make_doc", "add_sahel_components"} <= set(sahel_ie.__all__)


# -- the user's own actors and places -------------------------------------------------------------

NEW_ACTORS = {"actors": [
    {"id": "katiba_test_river", "name": "Katiba of the Test River", "type": "jihadist_group", "countries": ["ML"],
     "parents": ["jnim"], "aliases": ["Test River Brigade", {"text": "KTR", "kind": "acronym"}]},
    {"id": "jnim", "aliases": ["the Group of the Invented Name"]},
]}
NEW_PLACES = {"places": [
    {"id": "ml-invented-well", "name": "Ouaratestou", "kind": "village", "country": "ML", "admin1": "Mopti",
     "lat": 14.5, "lon": -3.5, "aliases": ["Waratestou"]},
]}


@pytest.fixture
def extras():
    from sahel_ie.kb import extras as module

    yield module
    module.clear_extras()


def test_extra_actors_and_places_through_the_ruler_config(tmp_path, extras):
    actors, places = tmp_path / "actors.json", tmp_path / "places.json"
    actors.write_text(json.dumps(NEW_ACTORS), encoding="utf-8")
    places.write_text(json.dumps(NEW_PLACES), encoding="utf-8")
    import sahel_ie.components.entity_ruler  # noqa: F401

    pipeline = spacy.blank("en")
    pipeline.add_pipe("sahel_entity_ruler", config={"extra_actors": str(actors), "extra_places": str(places)})
    doc = pipeline("Fighters of the Test River Brigade and the Group of the Invented Name raided Waratestou.")
    found = {(e.text, e.ent_id_) for e in doc.ents}
    assert ("Test River Brigade", "katiba_test_river") in found
    assert ("Group of the Invented Name", "jnim") in found or ("the Group of the Invented Name", "jnim") in found
    assert ("Waratestou", "ml-invented-well") in found
    assert sahel_ie.resolve_actor("KTR").actor.id == "katiba_test_river"
    extras.clear_extras()
    assert sahel_ie.resolve_actor("Test River Brigade") is None


def test_load_accepts_extra_actors_as_objects(extras):
    nlp = sahel_ie.load(components=(), extra_actors=NEW_ACTORS, extra_places=NEW_PLACES)
    doc = nlp("The Test River Brigade claimed the raid on Ouaratestou.")
    assert "katiba_test_river" in {e.ent_id_ for e in doc.ents}
    assert "ml-invented-well" in {e.ent_id_ for e in doc.ents}


@pytest.mark.parametrize("data, message", [
    ({"actors": [{"id": "Bad Id", "name": "x", "type": "militia"}]}, r"extra_actors\[0\].*'id' must be"),
    ({"actors": [{"id": "new_group", "name": "x", "type": "gang"}]}, r"\('new_group'\): 'type' must be one of"),
    ({"actors": [{"id": "new_group", "type": "militia"}]}, r"'name' is required"),
    ({"actors": [{"id": "new_group", "name": "x", "type": "militia", "countries": ["Mali"]}]}, r"alpha-2"),
    ({"actors": [{"id": "new_group", "name": "x", "type": "militia", "parents": ["nobody"]}]}, r"no known actor"),
    ({"actors": [{"id": "jnim", "name": "JNIM again", "type": "jihadist_group"}]}, r"shipped actor"),
    ({"actors": [{"id": "new_group", "name": "x", "type": "militia", "aliases": [""]}]}, r"aliases\[0\]"),
    ({"people": []}, r"needs a 'actors' list"),
])
def test_bad_extra_actors_are_named_clearly(extras, data, message):
    with pytest.raises(sahel_ie.ExtraDataError, match=message):
        extras.set_extras(actors=data)


@pytest.mark.parametrize("data, message", [
    ({"places": [{"id": "ml-x", "name": "X", "kind": "hamlet", "country": "ML"}]}, r"'kind' must be one of"),
    ({"places": [{"id": "ml-x", "name": "X", "kind": "village", "country": "ML", "lat": 120}]}, r"'lat' must be"),
    ({"places": [{"id": "ml-x", "name": "X", "kind": "village", "country": "Mali"}]}, r"'country'"),
    ([{"id": "ml-x", "name": "X", "kind": "village", "country": "ML"}] * 2, r"appears twice"),
])
def test_bad_extra_places_are_named_clearly(extras, data, message):
    with pytest.raises(sahel_ie.ExtraDataError, match=message):
        extras.set_extras(places=data)


def test_an_unreadable_extra_file_is_a_clear_error(tmp_path, extras):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(sahel_ie.ExtraDataError, match="not valid JSON"):
        extras.set_extras(actors=broken)
    with pytest.raises(sahel_ie.ExtraDataError, match="cannot read"):
        extras.set_extras(places=tmp_path / "missing.json")


def test_serialising_warns_nothing_and_carries_no_private_cache(nlp, processed):
    import warnings

    from sahel_ie.extensions import doc_cache

    assert doc_cache(processed)  # the components memoised things on the Doc ...
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # spaCy warns (W109) when a Doc holds user hooks: it must not
        data = processed.to_bytes()
    copy = Doc(nlp.vocab).from_bytes(data)
    assert copy.user_data.get("sahel_ie.transient") is None  # ... which did not travel
    assert doc_cache(copy) == {} and doc_cache(pickle.loads(pickle.dumps(processed))) == {}
    assert doc_cache(processed.copy()) == {}
