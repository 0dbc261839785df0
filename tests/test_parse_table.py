"""``ParseTable`` answers what spaCy's own accessors answer, on the real pipeline's parses of the corpus.

The attack argument finders walk the table instead of ``Token.children`` / ``subtree`` / ``ancestors``
for speed; if the table drifted from spaCy (a non-projective subtree, a root, an entity edge), every
extractor built on it would drift silently with it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_ie.parsing.parse_table import ParseTable
from sahel_ie.extraction import make_doc

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@pytest.fixture(scope="module")
def docs(nlp):
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))][:20]
    texts += ["", "Gunmen attacked.", "JNIM fighters ambushed a convoy near Boni on Monday, killing four soldiers."]
    return list(nlp.pipe(make_doc(nlp, text, "2024-03-16", f"p{i}") for i, text in enumerate(texts)))


def test_tree_accessors_match_spacy(docs):
    checked = 0
    for doc in docs:
        table = ParseTable(doc)
        assert len(table) == len(doc)
        assert table.text == doc.text
        assert table.sentence_starts() == [sent.start for sent in doc.sents]
        for token in doc:
            i = token.i
            assert table.heads[i] == token.head.i
            assert table.kids(i) == [c.i for c in token.children]
            assert table.subtree_of(i) == [t.i for t in token.subtree]
            assert table.ancestors_of(i) == [t.i for t in token.ancestors]
            assert table.conjuncts_of(i) == [t.i for t in token.conjuncts]
            checked += 1
    assert checked > 1000


def test_entities_and_span_texts_match_spacy(docs):
    for doc in docs:
        table = ParseTable(doc)
        assert [(e.start, e.end, e.label_, e.ent_id_) for e in table.ents] == [
            (e.start, e.end, e.label_, e.ent_id_) for e in doc.ents]
        for token in doc:
            ent = table.entity(token.i)
            expected = next(((e.start, e.end, e.label_) for e in doc.ents if e.start <= token.i < e.end), None)
            assert (None if ent is None else (ent.start, ent.end, ent.label_)) == expected
        for sent in doc.sents:
            assert table.span_text(sent) == sent.text
            assert [(e.start, e.end) for e in table.ents_within(sent)] == [(e.start, e.end) for e in sent.ents]
