"""The gold loader: quotes become offsets, and broken files are reported with their path and field."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sahel_ie.evaluate.gold import GoldFormatError, find_gold_files, load_gold, load_gold_dir

EVAL = Path(__file__).resolve().parent / "data" / "eval"
GOLD = EVAL / "e001_douentza.gold.json"


def test_fixture_loads_with_offsets_accept_and_negatives():
    article = load_gold(GOLD)
    assert article.doc_id == "e001_douentza"
    assert article.published == "2024-05-16"
    a1, a2 = article.extraction.attacks
    for attack in (a1, a2):
        for ev in attack.evidence:
            assert article.text[ev.start:ev.end] == ev.text
    assert article.text[a1.evidence[0].start:].startswith("Suspected jihadists ambushed")
    assert article.accept["a1"]["perpetrator.actor_id"] == ["jnim"]
    assert article.accept["a2"] == {}
    assert a1.casualties[0].count == 9 and a1.perpetrator.certainty == "attributed"
    assert [c.status for c in article.extraction.claims] == ["claimed", "denied"]
    assert article.extraction.attributions[0].attack_ids == ["a1"]
    (negative,) = article.negatives
    assert negative.reason == "statistics"
    assert article.text[negative.start:negative.end] == negative.quote


def _broken(tmp_path: Path, edit, name: str = "c003") -> Path:
    """A copy of the fixture under ``name`` with ``edit`` applied to its parsed JSON."""
    data = json.loads(GOLD.read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / f"{name}.gold.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    shutil.copy(EVAL / "e001_douentza.txt", tmp_path / f"{name}.txt")
    return path


@pytest.mark.parametrize(
    "edit, field, message",
    [
        (lambda d: d["attacks"][1]["casualties"][0].update(outcome="dead"), "attacks[1].casualties[0].outcome",
         "'dead' is not one of killed|injured|abducted|missing"),
        (lambda d: d["attacks"][0].update(attack_type="massacre"), "attacks[0].attack_type", "'massacre' is not one of"),
        (lambda d: d["attacks"][0]["date"].update(value="14/05/2024"), "attacks[0].date.value", "not an ISO date"),
        (lambda d: d["attacks"][0]["evidence"][1].update(quote="Gunmen kill ten soldiers"),
         "attacks[0].evidence[1].quote", "is not a substring of the article text"),
        (lambda d: d["claims"][1].update(attack_ids=["a9"]), "claims[1].attack_ids[0]", "'a9' is not the id of an attack"),
        (lambda d: d["attributions"][0].update(certainty="probable"), "attributions[0].certainty", "'probable' is not one of"),
        (lambda d: d["attributions"][0]["attributed_by"].update(kind="army"), "attributions[0].attributed_by.kind",
         "'army' is not one of"),
        (lambda d: d["attacks"][0]["targets"][0].update(category="soldiers"), "attacks[0].targets[0].category",
         "'soldiers' is not one of"),
        (lambda d: d["attacks"][0]["casualties"][0].update(count=-3), "attacks[0].casualties[0].count",
         "non-negative integer"),
        (lambda d: d["attacks"][0]["accept"].update({"place": ["x"]}), "attacks[0].accept", "'place' is not one of"),
        (lambda d: d["attacks"][1].update(id="a1"), "attacks[1].id", "duplicate attack id 'a1'"),
        (lambda d: d["attacks"][1].update(evidence=[]), "attacks[1].evidence", "at least one evidence quote"),
        (lambda d: d["negatives"][0].update(reason="old news"), "negatives[0].reason", "'old news' is not one of"),
        (lambda d: d.update(published="last week"), "published", "not an ISO date"),
        (lambda d: d["claims"][0].update(status="accepted"), "claims[0].status", "'accepted' is not one of"),
    ],
)
def test_broken_gold_names_path_and_field(tmp_path, edit, field, message):
    path = _broken(tmp_path, edit)
    with pytest.raises(GoldFormatError) as info:
        load_gold(path)
    text = str(info.value)
    assert text.startswith(f"{path}: {field}: "), text
    assert message in text


def test_exact_message_for_a_wrong_outcome(tmp_path):
    path = _broken(tmp_path, lambda d: d["attacks"][1]["casualties"][0].update(outcome="dead"))
    with pytest.raises(GoldFormatError, match=r"c003\.gold\.json: attacks\[1\]\.casualties\[0\]\.outcome: "
                       r"'dead' is not one of killed\|injured\|abducted\|missing$"):
        load_gold(path)


def test_relative_path_in_message_when_below_working_directory(tmp_path, monkeypatch):
    path = _broken(tmp_path, lambda d: d["attacks"][0].update(attack_type="raidd"))
    monkeypatch.chdir(tmp_path)
    with pytest.raises(GoldFormatError) as info:
        load_gold(path)
    assert str(info.value).startswith("c003.gold.json: attacks[0].attack_type: ")


def test_invalid_json_and_missing_text_are_reported(tmp_path):
    bad = tmp_path / "c004.gold.json"
    bad.write_text('{"doc_id": "c004", "attacks": [', encoding="utf-8")
    (tmp_path / "c004.txt").write_text("x", encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"c004\.gold\.json: not valid JSON: line 1"):
        load_gold(bad)
    lonely = _broken(tmp_path, lambda d: None, name="c005")
    (tmp_path / "c005.txt").unlink()
    with pytest.raises(GoldFormatError, match=r"c005\.gold\.json: the article text .*c005\.txt is missing"):
        load_gold(lonely)


def test_folder_loading_is_sorted_and_rejects_duplicate_doc_ids(tmp_path):
    _broken(tmp_path, lambda d: d.update(doc_id="b"), name="b")
    _broken(tmp_path, lambda d: d.update(doc_id="a"), name="a")
    assert [p.name for p in find_gold_files(tmp_path)] == ["a.gold.json", "b.gold.json"]
    assert [g.doc_id for g in load_gold_dir(tmp_path)] == ["a", "b"]
    _broken(tmp_path, lambda d: d.update(doc_id="a"), name="c")
    with pytest.raises(GoldFormatError, match=r"c\.gold\.json: doc_id: 'a' is also the doc_id of"):
        load_gold_dir(tmp_path)


def test_empty_record_lists_and_missing_optional_fields_load(tmp_path):
    def strip(d):
        d.update(claims=[], attributions=[])
        del d["negatives"]
        a2 = d["attacks"][1]
        for key in ("date", "location", "perpetrator", "targets", "casualties"):
            del a2[key]

    article = load_gold(_broken(tmp_path, strip))
    a2 = article.extraction.attacks[1]
    assert a2.date.value is None and a2.location.name is None and a2.casualties == []
    assert article.negatives == [] and article.extraction.claims == []
