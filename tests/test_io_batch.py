"""Batch extraction: input order, one output per input, failures isolated, worker processes agree."""

from __future__ import annotations

import warnings

import pytest
from spacy.language import Language

from sahel_ie.io.batch import RunSummary, extract_many, process_chunk, to_article
from sahel_ie.io.readers import Article
from sahel_ie.records import ErrorEntry, Extraction, Source
from sahel_ie.schema import validate_extraction

TEXTS = [
    "Gunmen killed 12 civilians in Djibo on Sunday, residents said.",
    "Suspected jihadists ambushed an army convoy near Gao on Monday, killing five soldiers.",
    "The weather in Niamey was hot and dry all week.",
    "An improvised explosive device killed three peacekeepers near Kidal on Tuesday, the UN mission said.",
    "Militants attacked the village of Solhan overnight, killing dozens of people.",
    "Jama'at Nusrat al-Islam wal-Muslimin claimed responsibility for the attack on the Boulkessi camp.",
]
POISON = "POISON-PILL"


@Language.component("test_poison_doc")
def poison_doc(doc):
    """Fails on one marked document, like a component hitting an unexpected parse."""
    if POISON in doc.text:
        raise RuntimeError("component failed on purpose")
    return doc


class PoisonBatch:
    """A component whose ``pipe`` fails for the whole batch: spaCy's per-doc error handler cannot help."""

    def __call__(self, doc):
        if POISON in doc.text:
            raise RuntimeError("batch component failed on purpose")
        return doc

    def pipe(self, docs, batch_size=None):
        for doc in docs:
            yield self(doc)


@Language.factory("test_poison_batch")
def make_poison_batch(nlp, name):
    return PoisonBatch()


@pytest.fixture(scope="module")
def poisoned():
    """A separate copy of the full pipeline with failing components at the end."""
    import sahel_ie

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        nlp = sahel_ie.load()
    nlp.add_pipe("test_poison_doc", last=True)
    return nlp


def ids(extractions):
    return [e.doc_id for e in extractions]


def test_order_and_one_output_per_input(nlp):
    items = [Article(doc_id=f"n{i}", text=t, published="2024-05-13") for i, t in enumerate(TEXTS)]
    items.insert(2, Article(doc_id="broken", error=ErrorEntry("binary", "not text")))
    items.insert(4, Article(doc_id="blank", text="  \n "))
    results = list(extract_many(items, nlp=nlp, batch_size=2))
    assert ids(results) == [a.doc_id for a in items]
    by_id = {e.doc_id: e for e in results}
    assert by_id["broken"].errors[0].kind == "binary"
    assert by_id["blank"].errors[0].kind == "empty"
    assert by_id["n0"].attacks and by_id["n0"].published == "2024-05-13"
    assert not by_id["n2"].attacks  # the weather
    for extraction in results:
        validate_extraction(extraction.to_dict())


def test_results_match_single_article_extract(nlp):
    import sahel_ie

    batch = list(extract_many(TEXTS, nlp=nlp, batch_size=4))
    single = [sahel_ie.extract(t, doc_id=f"doc{i}", nlp=nlp) for i, t in enumerate(TEXTS)]
    assert [e.to_dict() for e in batch] == [e.to_dict() for e in single]


def test_accepted_item_shapes():
    assert to_article("text", 3).doc_id == "doc3"
    pair = to_article(("Body", {"id": "p", "published": "2024-01-01", "outlet": "Wire"}), 0)
    assert (pair.doc_id, pair.text, pair.published, pair.source.outlet) == ("p", "Body", "2024-01-01", "Wire")
    mapping = to_article({"text": "Body", "title": "T"}, 7)
    assert (mapping.doc_id, mapping.source.title) == ("doc7", "T")
    assert to_article(42, 1).error.kind == "unreadable"


def test_a_failing_component_loses_only_its_own_article(poisoned):
    texts = list(TEXTS)
    texts[3] = texts[3] + " " + POISON
    results = process_chunk(poisoned, [Article(doc_id=f"n{i}", text=t) for i, t in enumerate(texts)],
                            batch_size=8)
    assert ids(results) == [f"n{i}" for i in range(len(texts))]
    assert [e.errors[0].kind if e.errors else None for e in results] == [None, None, None, "processing_error",
                                                                          None, None]
    assert "on purpose" in results[3].errors[0].message
    assert results[0].attacks and results[4].attacks


def test_a_component_failing_the_whole_batch_is_redone_one_by_one(poisoned):
    poisoned.add_pipe("test_poison_batch", last=True)
    try:
        texts = list(TEXTS)
        texts[1] = POISON + " " + texts[1]
        results = process_chunk(poisoned, [Article(doc_id=f"n{i}", text=t) for i, t in enumerate(texts)],
                                batch_size=8)
    finally:
        poisoned.remove_pipe("test_poison_batch")
    assert ids(results) == [f"n{i}" for i in range(len(texts))]
    assert [bool(e.errors) for e in results] == [False, True, False, False, False, False]
    assert results[4].attacks


def test_too_large_and_bad_published_date(nlp):
    results = process_chunk(nlp, [Article("big", text="x " * 60), Article("date", text=TEXTS[0], published="someday")],
                            max_chars=100)
    assert results[0].errors[0].kind == "too_large"
    assert [e.kind for e in results[1].errors] == ["invalid_published"]
    assert results[1].attacks


def test_two_processes_give_the_same_output_as_one(nlp):
    items = [{"id": f"m{i}", "text": t, "published": "2024-05-13", "outlet": "Wire"} for i, t in enumerate(TEXTS * 3)]
    items.append({"id": "no-text"})
    one = [e.to_dict() for e in extract_many(items, nlp=nlp, batch_size=2)]
    two = [e.to_dict() for e in extract_many(items, nlp=nlp, n_process=2, batch_size=2)]
    assert len(one) == len(items)
    assert two == one


def test_summary_counts():
    summary = RunSummary()
    summary.add(Extraction(doc_id="a"))
    summary.add(Extraction.failed("b", "binary", "x", Source()))
    summary.add(Extraction.failed("c", "binary", "x", Source()))
    assert (summary.articles, summary.failed, summary.errors) == (3, 2, {"binary": 2})
    assert "3 articles" in summary.describe(1.5) and "binary: 2" in summary.describe(1.5)


def test_worker_processes_do_not_read_the_whole_input_ahead(nlp):
    consumed = []

    def items():
        for i in range(400):
            consumed.append(i)
            yield {"id": f"s{i}", "text": "Gunmen killed two traders near Dori."}

    stream = extract_many(items(), nlp=nlp, n_process=2, batch_size=2)
    first = next(stream)
    assert first.doc_id == "s0"
    assert len(consumed) <= 20  # a bounded window of chunks, not the 400 articles
    stream.close()
