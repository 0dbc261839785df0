"""Property tests: ``sahel_ie.extract`` gives a valid record set or a clear error for any text, never a crash."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sahel_ie
from sahel_ie.extraction import MAX_CHARS
from sahel_ie.schema import validate_extraction

KNOWN_ERRORS = {"empty", "too_large", "invalid_published", "processing_error"}
NEWS_WORDS = ["Gunmen", "killed", "12", "civilians", "in", "Djibo", "on", "Sunday", "JNIM", "claimed", "the",
              "attack", ".", "soldiers", "ambushed", "near", "Gao", "al-Qaeda", "’s", "Ménaka", "(", ")", ",",
              "suspected", "jihadists", "army", "said", "at least", "dozens", "Boko Haram", "ISSP"]
SETTINGS = settings(max_examples=25, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

control_chars = st.characters(min_codepoint=0, max_codepoint=31)
mixed_scripts = st.sampled_from(["Тимбукту", "تمبكتو", "廷巴克图", "Ségou", "ΓΑΟ", "🙂", "\u200b", "\u202e",
                                 "\ufeff", "ǅ", "ß", "\u0301"])
long_token = st.integers(min_value=200, max_value=5000).map(lambda n: "x" * n)
news_like = st.lists(st.one_of(st.sampled_from(NEWS_WORDS), mixed_scripts, control_chars.map(str), long_token),
                     min_size=1, max_size=60).map(" ".join)
any_text = st.one_of(st.text(max_size=400), news_like,
                     st.text(alphabet=st.sampled_from(" \t\n\r\x0b\x0c\u00a0\u2028\u3000"), max_size=50))


def check(extraction, text: str, doc_id: str) -> None:
    data = extraction.to_dict()
    validate_extraction(data)
    json.dumps(data, ensure_ascii=False)
    assert extraction.doc_id == doc_id
    assert {e.kind for e in extraction.errors} <= KNOWN_ERRORS
    if not text.strip():
        assert [e.kind for e in extraction.errors] == ["empty"]
    if any(e.kind != "invalid_published" for e in extraction.errors):
        assert not (extraction.attacks or extraction.claims or extraction.attributions)
    for record in [*extraction.attacks, *extraction.claims, *extraction.attributions]:
        for evidence in record.evidence:
            assert 0 <= evidence.start <= evidence.end <= len(text)
    ids = [r.id for r in extraction.attacks]
    assert len(ids) == len(set(ids))
    for record in [*extraction.claims, *extraction.attributions]:
        assert set(record.attack_ids) <= set(ids)


@SETTINGS
@given(text=any_text)
def test_any_text_gives_valid_records_or_a_clear_error(nlp, text):
    check(sahel_ie.extract(text, "2024-05-13", "p1", nlp=nlp), text, "p1")


@SETTINGS
@given(published=st.one_of(st.none(), st.text(max_size=30), st.dates().map(str)))
def test_any_published_value_is_used_or_reported(nlp, published):
    text = "Gunmen killed 12 civilians in Djibo on Sunday."
    extraction = sahel_ie.extract(text, published, "p2", nlp=nlp)
    check(extraction, text, "p2")
    kinds = [e.kind for e in extraction.errors]
    assert kinds in ([], ["invalid_published"])
    if kinds:
        assert extraction.published is None and "not a date" in extraction.errors[0].message


def test_a_megabyte_of_text_is_refused_as_too_large(nlp):
    text = "Gunmen killed 12 civilians in Djibo on Sunday. " * (1_000_000 // 47 + 1)
    assert len(text) > MAX_CHARS
    extraction = sahel_ie.extract(text, doc_id="big", nlp=nlp)
    check(extraction, text, "big")
    assert [e.kind for e in extraction.errors] == ["too_large"]
    assert f"{MAX_CHARS:,}" in extraction.errors[0].message


def test_non_text_input_is_a_caller_error(nlp):
    with pytest.raises(TypeError):
        sahel_ie.extract(b"bytes are not text", nlp=nlp)


@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(texts=st.lists(any_text, min_size=1, max_size=4))
def test_batch_extraction_agrees_with_single_extraction(nlp, texts):
    from sahel_ie.io.batch import extract_many

    batch = list(extract_many([(t, {"id": f"b{i}", "published": "2024-05-13"}) for i, t in enumerate(texts)],
                              nlp=nlp, batch_size=2))
    single = [sahel_ie.extract(t, "2024-05-13", f"b{i}", nlp=nlp) for i, t in enumerate(texts)]
    assert [comparable(e) for e in batch] == [comparable(e) for e in single]


def comparable(extraction) -> dict:
    """The record set with errors reduced to their kinds (readers word some messages differently)."""
    data = extraction.to_dict()
    data["errors"] = [e["kind"] for e in data["errors"]]
    return data
