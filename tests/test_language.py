"""Language per article: identification, declaration (metadata, ``language=``, ``--lang``), the record
field, routing each article to its language's pipeline, and the ``unsupported_language`` entry that keeps
text of a language without a pipeline (or without its installed model) away from the other rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sahel_ie.extraction import extract
from sahel_ie.language import detect_language, identify, normalise_language
from sahel_ie.records import Extraction

ROOT = Path(__file__).resolve().parent.parent

FRENCH = (
    "Des hommes armés ont attaqué mardi soir le village de Boni, tuant au moins douze civils, selon une "
    "source sécuritaire. L'attaque n'a pas été revendiquée."
)
ENGLISH = "Gunmen attacked the village of Boni on Tuesday evening, killing at least twelve civilians, a security source said."


def _texts(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.txt"))


@pytest.mark.parametrize("folder", ["corpus", "corpus/heldout", "seeds"])
def test_every_english_fixture_is_identified_as_english(folder):
    paths = _texts(ROOT / folder)
    assert paths
    wrong = [p.name for p in paths if identify(p.read_text(encoding="utf-8")).language != "en"]
    assert not wrong, wrong


def test_every_french_fixture_is_identified_as_french():
    paths = _texts(ROOT / "corpus" / "fr")
    assert len(paths) >= 30
    wrong = [p.name for p in paths if identify(p.read_text(encoding="utf-8")).language != "fr"]
    assert not wrong, wrong


@pytest.mark.parametrize("text", [
    "Le camp militaire a été visé par des tirs d'obus dans la nuit de samedi à dimanche.",
    "Selon une source sécuritaire, les assaillants seraient des éléments de l'EIGS venus du Niger.",
    "Trois gendarmes ont été tués et deux autres blessés lors de l’attaque de leur poste, jeudi.",
])
def test_single_french_sentences_are_french(text):
    assert detect_language(text) == "fr"


@pytest.mark.parametrize("text", [
    # English prose quoting French names keeps English function words: never read as French
    "The Groupe de soutien à l'islam et aux musulmans said it carried out the attack on the camp.",
    "Forces armées maliennes said the Front de libération de l'Azawad was behind the ambush near Kidal.",
    # headlines and fragments too short to tell stay English, the pipeline's language
    "Attaque à Ménaka",
    "JNIM claims Boulkessi attack",
    "",
])
def test_english_with_french_names_and_short_texts_stay_english(text):
    assert detect_language(text) == "en"


def test_other_languages_are_not_taken_for_french_or_english():
    assert identify("Bewaffnete Männer haben das Dorf am Dienstag angegriffen und die Häuser der Bewohner "
                    "in Brand gesetzt, sagte ein Sprecher der Armee.").language == "de"
    assert identify("هاجم مسلحون قرية في وسط مالي يوم الثلاثاء وقتلوا عشرات المدنيين").language == "ar"


@pytest.mark.parametrize("value, code", [
    ("fr", "fr"), ("FR", "fr"), ("fr-FR", "fr"), ("fr_ML", "fr"), ("French", "fr"), ("français", "fr"),
    ("en", "en"), ("en-GB", "en"), ("English", "en"), ("de", "de"), (None, None), ("", None), ("auto", None),
])
def test_declared_languages_are_normalised(value, code):
    assert normalise_language(value) == code


@pytest.mark.parametrize("value", ["klingon1", "??", 12])
def test_a_declaration_that_names_no_language_is_an_error(value):
    with pytest.raises(ValueError):
        normalise_language(value)


def test_an_article_in_a_language_without_rules_gets_an_unsupported_language_entry_and_no_records():
    # returns before any pipeline is loaded: no rules of another language see the text
    result = extract(FRENCH, published="2024-03-13", doc_id="de1", language="de")
    assert result.language == "de"
    assert [e.kind for e in result.errors] == ["unsupported_language"]
    assert "'de'" in result.errors[0].message and "--lang en" in result.errors[0].message
    assert not (result.attacks or result.claims or result.attributions)


def test_without_the_french_model_a_french_article_says_how_to_install_it(monkeypatch):
    import sahel_ie.extraction
    import sahel_ie.language

    monkeypatch.setattr(sahel_ie.language, "SUPPORTED_LANGUAGES", frozenset({"en"}))
    monkeypatch.setattr(sahel_ie.extraction, "SUPPORTED_LANGUAGES", frozenset({"en"}))
    result = extract(FRENCH, published="2024-03-13", doc_id="fr1")
    assert result.language == "fr"
    assert [e.kind for e in result.errors] == ["unsupported_language"]
    assert "pip install 'sahel_ie[fr]'" in result.errors[0].message
    assert not (result.attacks or result.claims or result.attributions)


def test_french_is_supported_when_its_model_is_installed():
    from sahel_ie.language import SUPPORTED_LANGUAGES
    from sahel_ie.pipeline import model_installed

    assert model_installed("fr") and "fr" in SUPPORTED_LANGUAGES


def test_a_french_article_is_read_by_the_french_pipeline(nlp, nlp_fr):
    result = extract(FRENCH, published="2024-03-13", doc_id="fr1", nlp=nlp)  # the English nlp is not used
    assert result.language == "fr" and result.ok
    assert [a.attack_type for a in result.attacks] == ["raid"]
    assert result.attacks[0].casualties[0].count == 12 and result.attacks[0].date.value == "2024-03-12"
    assert [c.status for c in result.claims] == ["not_claimed"]


def test_language_en_forces_the_english_rules(nlp):
    result = extract(FRENCH, published="2024-03-13", doc_id="fr1", nlp=nlp, language="en")
    assert result.language == "en"
    assert not any(e.kind == "unsupported_language" for e in result.errors)


def test_english_article_records_its_language(nlp):
    result = extract(ENGLISH, published="2024-03-13", doc_id="en1", nlp=nlp)
    assert result.language == "en" and result.ok and result.attacks


def test_an_invalid_declaration_warns_and_falls_back_to_identification(nlp):
    result = extract(ENGLISH, published="2024-03-13", doc_id="en1", nlp=nlp, language="not a language!")
    assert result.language == "en"
    assert [e.kind for e in result.errors] == ["invalid_language"]
    assert result.attacks


def test_a_mixed_batch_keeps_order_and_reads_each_article_in_its_language(nlp, nlp_fr):
    import sahel_ie

    items = [
        {"id": "en", "text": ENGLISH, "published": "2024-03-13"},
        {"id": "fr", "text": FRENCH, "published": "2024-03-13"},
        {"id": "declared", "text": ENGLISH, "language": "fr"},   # metadata wins over the text
        (FRENCH, {"id": "forced", "lang": "English"}),
        {"id": "de", "text": ENGLISH, "language": "de"},         # no pipeline for German
        {"id": "fr2", "text": FRENCH.replace("Boni", "Douentza"), "published": "2024-03-13"},
    ]
    out = list(sahel_ie.extract_many(items, nlp=nlp, batch_size=4))
    assert [e.doc_id for e in out] == ["en", "fr", "declared", "forced", "de", "fr2"]
    assert [e.language for e in out] == ["en", "fr", "fr", "en", "de", "fr"]
    assert [[x.kind for x in e.errors] for e in out] == [[], [], [], [], ["unsupported_language"], []]
    assert out[0].attacks and out[1].attacks and out[5].attacks and not out[2].attacks and not out[4].attacks
    assert out[1].attacks[0].location.name == "Boni" and out[5].attacks[0].location.name == "Douentza"
    # the French articles were read by one French pipeline, loaded once for the process
    from sahel_ie.pipeline import pipeline_for

    assert pipeline_for("fr", nlp) is nlp_fr and pipeline_for("en", nlp) is nlp


def test_the_batch_override_wins_over_metadata(nlp):
    import sahel_ie

    out = list(sahel_ie.extract_many([{"id": "x", "text": FRENCH, "language": "fr"}], nlp=nlp, language="en"))
    assert out[0].language == "en" and not out[0].errors


def test_cli_lang_option(tmp_path, capsys, nlp, nlp_fr):
    from sahel_ie.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "fr.txt").write_text(FRENCH, encoding="utf-8")
    (folder / "en.txt").write_text(ENGLISH, encoding="utf-8")
    auto = tmp_path / "auto.jsonl"
    assert main(["extract", str(folder), "-o", str(auto), "--quiet"]) == 0  # each in its own language
    lines = {d["doc_id"]: d for d in map(json.loads, auto.read_text(encoding="utf-8").splitlines())}
    assert lines["fr"]["language"] == "fr" and not lines["fr"]["errors"] and lines["fr"]["attacks"]
    assert lines["en"]["language"] == "en" and not lines["en"]["errors"] and lines["en"]["attacks"]
    forced = tmp_path / "forced.jsonl"
    assert main(["extract", str(folder), "-o", str(forced), "--quiet", "--lang", "en"]) == 0
    assert {json.loads(line)["language"] for line in forced.read_text(encoding="utf-8").splitlines()} == {"en"}
    with pytest.raises(SystemExit) as usage:
        main(["extract", str(folder), "-o", str(forced), "--lang", "klingon1"])
    assert usage.value.code == 2
    assert "not a language" in capsys.readouterr().err


def test_the_language_field_round_trips_and_old_outputs_load():
    record = Extraction(doc_id="x", language="fr")
    assert Extraction.from_dict(json.loads(json.dumps(record.to_dict()))) == record
    old = record.to_dict()
    del old["language"]
    assert Extraction.from_dict(old).language is None


def test_lang_with_dask_is_a_usage_error(tmp_path, capsys):
    from sahel_ie.cli import main

    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    assert main(["extract", str(tmp_path / "a.txt"), "-o", str(tmp_path / "out"), "--dask-local", "1", "--lang", "en"]) == 2
    assert "--lang is not available with Dask" in capsys.readouterr().err
