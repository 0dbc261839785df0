"""The article's country as metadata: read from the input, checked, carried on the Doc and the record, and
used to choose between namesake villages when the text names no country. Sentences are the tests' own;
the namesakes are real GeoNames entries of ``../shared/geonames`` (one in Mali, one in Burkina Faso)."""

from __future__ import annotations

import json

import pytest
from conftest import first_location

import sahel_ie
from sahel_ie.article_country import normalise_country
from sahel_ie.cli import main
from sahel_ie.io.readers import article_from_mapping

NOTE = "Gunmen killed two herders in {} on Monday."


@pytest.mark.parametrize("value, code", [("ML", "ML"), ("bf", "BF"), (" Mali ", "ML"), ("Burkina Faso", "BF"),
                                         ("Niger", "NE"), ("Nigeria", "NG"), (None, None), ("", None)])
def test_codes_and_country_names_become_iso_codes(value, code):
    assert normalise_country(value) == code


@pytest.mark.parametrize("value", ["Atlantis", "Mopti", 12, ["ML"]])
def test_anything_else_is_refused(value):
    with pytest.raises(ValueError):
        normalise_country(value)


def test_the_reader_takes_the_country_fields():
    assert article_from_mapping({"text": "x", "country": "Mali"}, "a").country == "Mali"
    assert article_from_mapping({"text": "x", "iso2": "NE"}, "a").country == "NE"
    odd = article_from_mapping({"text": "x", "country": 7}, "a")
    assert odd.country is None and [w.kind for w in odd.warnings] == ["invalid_country"]


def test_a_bad_country_is_a_warning_and_the_article_is_still_read(nlp):
    extraction = sahel_ie.extract(NOTE.format("Djibo"), nlp=nlp, country="Atlantis")
    assert extraction.attacks and extraction.country is None
    assert [(e.kind, e.severity) for e in extraction.errors] == [("invalid_country", "warning")]


def test_the_country_is_on_the_doc_and_the_record_and_survives_serialisation(nlp):
    from spacy.tokens import Doc

    from sahel_ie.extraction import doc_to_extraction, make_doc

    doc = nlp(make_doc(nlp, NOTE.format("Djibo"), "2024-03-04", "n1", country="Burkina Faso"))
    assert doc._.country == "BF"
    restored = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert restored._.country == "BF"
    record = doc_to_extraction(doc)
    assert record.country == "BF" and record.to_dict()["country"] == "BF"


@pytest.mark.parametrize("village", ["Sananga", "Kobogo"])
def test_the_stated_country_decides_between_namesakes(geo_nlp, village):
    for country in ("ML", "BF"):
        location = first_location(geo_nlp, NOTE.format(village), country=country)
        assert location.country == country, (village, country, location)
        assert location.geonames_id is not None


def test_a_country_the_text_names_still_counts_without_metadata(geo_nlp):
    location = first_location(geo_nlp, "Gunmen killed two herders in Sananga, Burkina Faso, on Monday.")
    assert location.country == "BF"


def test_the_cli_country_fills_only_articles_without_one(tmp_path, geo_nlp, monkeypatch):
    from sahel_ie import pipeline

    monkeypatch.setattr(pipeline, "default_pipeline", lambda model=None, **kw: geo_nlp)
    source = tmp_path / "in.jsonl"
    lines = [{"id": "plain", "text": NOTE.format("Sananga")},
             {"id": "stated", "text": NOTE.format("Sananga"), "country": "BF"}]
    source.write_text("\n".join(json.dumps(x) for x in lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(source), "-o", str(out), "--country", "Mali", "--quiet"]) == 0
    rows = {r["doc_id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert rows["plain"]["country"] == "ML" and rows["plain"]["attacks"][0]["location"]["country"] == "ML"
    assert rows["stated"]["country"] == "BF" and rows["stated"]["attacks"][0]["location"]["country"] == "BF"


def test_the_cli_refuses_an_unknown_country(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Some text.", encoding="utf-8")
    assert main(["extract", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o.jsonl"), "--country", "Atlantis"]) == 2
    assert "--country" in capsys.readouterr().err


def test_a_distributed_manifest_names_the_country_only_when_given():
    from sahel_ie.io.distributed import RunOptions

    assert "country" not in RunOptions().as_manifest()
    assert RunOptions(country="ML").as_manifest()["country"] == "ML"
