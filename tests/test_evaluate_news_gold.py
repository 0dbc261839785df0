"""The real-news gold adapter: the ``NNN.json`` format read as it is, scored by the one scorer.

The two test articles in ``tests/data/news`` (texts in ``texts/``) were written for these tests; 902
names an invented claimant the knowledge base cannot know, and has no publication date.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from sahel_ie.evaluate.cli import main as evaluate_main
from sahel_ie.evaluate.gold import GoldFormatError
from sahel_ie.evaluate.news_gold import UNMAPPED, is_news_gold, national_armed_forces
from sahel_ie.evaluate.report import format_errors_by_slot, format_table
from sahel_ie.evaluate.runner import evaluate
from sahel_ie.evaluate.sources import load_gold_sources
from sahel_ie.records import Extraction

DATA = Path(__file__).resolve().parent / "data"
NEWS = DATA / "news"
TEXTS = NEWS / "texts"


def _by_id(articles):
    return {a.doc_id: a for a in articles}


def test_adapter_reads_the_news_format_into_gold_records():
    articles = _by_id(load_gold_sources(NEWS, texts=TEXTS))
    assert sorted(articles) == ["901", "902"]
    a901, a902 = articles["901"], articles["902"]
    assert a901.published == "2024-03-14" and a902.published is None
    (attack,) = a901.extraction.attacks
    assert attack.id == "A1" and attack.location.name == "Boni" and attack.date.value == "2024-03-12"
    assert attack.perpetrator.actor_id == "jnim" and attack.perpetrator.text == "Suspected jihadists"
    assert attack.perpetrator.certainty == "claimed"
    assert [(c.outcome, c.group, c.count) for c in attack.casualties] == [("killed", "military", 9),
                                                                         ("injured", "military", 4)]
    # the attack's evidence is its quoted phrases, as offsets into the text
    assert {a901.text[e.start:e.end] for e in attack.evidence} >= {"killed nine soldiers", "Boni", "on Tuesday"}
    for record in [attack] + a901.extraction.claims:
        for ev in record.evidence:
            assert a901.text[ev.start:ev.end] == ev.text
    (claim,) = a901.extraction.claims
    assert claim.claimant.actor_id == "jnim" and claim.attack_ids == ["A1"]
    (negative,) = a901.negatives
    assert a901.text[negative.start:negative.end] == negative.quote
    assert "attack.type" in a901.unscored_slots
    # a name the KB does not know stays visibly unmapped; a source description is compared as text
    assert a902.extraction.claims[0].claimant.actor_id == UNMAPPED + "Sahel Liberation Brigade"
    (attribution,) = a902.extraction.attributions
    assert attribution.actor.actor_id == "ansarul_islam"
    assert attribution.attributed_by.actor_id is None and attribution.attributed_by.text == "residents"
    assert a902.extraction.attacks[0].perpetrator.actor_id is None  # generic "Armed men"
    assert {(u["role"], u["name"]) for u in a902.unmapped} == {
        ("claimant", "Sahel Liberation Brigade"), ("attribution.by", "residents")}


def test_country_armed_forces_names_resolve_through_the_kb():
    assert national_armed_forces("Togo armed forces") == "togo_armed_forces"
    assert national_armed_forces("Mali armed forces") == "fama"
    assert national_armed_forces("Atlantis armed forces") is None
    assert national_armed_forces("JNIM") is None


def test_format_is_detected_per_file(tmp_path):
    shutil.copy(DATA / "eval" / "e001_douentza.gold.json", tmp_path)
    shutil.copy(DATA / "eval" / "e001_douentza.txt", tmp_path)
    shutil.copy(NEWS / "901.json", tmp_path)
    shutil.copy(TEXTS / "901.txt", tmp_path)  # no --texts: beside the gold file
    (tmp_path / "manifest.json").write_text(json.dumps({"rows": []}), encoding="utf-8")
    articles = _by_id(load_gold_sources(tmp_path))
    assert sorted(articles) == ["901", "e001_douentza"]
    assert articles["901"].style == "real_news" and articles["e001_douentza"].unscored_slots == frozenset()
    assert is_news_gold(json.loads((NEWS / "902.json").read_text())) and not is_news_gold({"rows": []})


def test_missing_text_is_a_clear_error(tmp_path, capsys):
    empty = tmp_path / "texts"
    empty.mkdir()
    with pytest.raises(GoldFormatError, match=r"901\.json: the article text .*901\.txt is missing"):
        load_gold_sources(NEWS / "901.json", texts=empty)
    with pytest.raises(GoldFormatError, match=r"pass the folder of rebuilt texts with --texts"):
        load_gold_sources(NEWS / "901.json")
    assert evaluate_main([str(NEWS), "--texts", str(empty)]) == 2
    assert "901.txt is missing" in capsys.readouterr().err


def test_a_quote_not_in_the_text_names_the_field(tmp_path):
    data = json.loads((NEWS / "901.json").read_text(encoding="utf-8"))
    data["gold"]["attacks"][0]["killed"][0]["text"] = "killed ninety soldiers"
    (tmp_path / "901.json").write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(GoldFormatError, match=r"gold\.attacks\[0\]\.killed\[0\]\.text: 'killed ninety soldiers'"):
        load_gold_sources(tmp_path, texts=TEXTS)


def _span(text: str, quote: str) -> dict:
    start = text.index(quote)
    return {"start": start, "end": start + len(quote), "text": quote}


def _hand_predictions() -> dict[str, Extraction]:
    """Predictions written by hand: one right attack with a wrong date and a generic perpetrator, one
    attack read from the background sentence, one attack with a wrong toll, the JNIM claim, the
    residents' attribution; the invented brigade's claim is not predicted."""
    t1 = (TEXTS / "901.txt").read_text(encoding="utf-8")
    t2 = (TEXTS / "902.txt").read_text(encoding="utf-8")
    s1 = "Suspected jihadists killed nine soldiers and wounded four others in an ambush near Boni on Tuesday, the army said."
    bg = "Such attacks have killed thousands of people in the region since 2012."
    s2 = "Armed men attacked the village of Gorom on Friday and killed six civilians, residents said."
    p901 = {"doc_id": "901", "published": "2024-03-14", "attacks": [
        {"id": "a1", "attack_type": "ambush", "text": "ambush", "evidence": [_span(t1, s1)],
         "location": {"name": "Boni"}, "date": {"value": "2024-03-13"},
         "perpetrator": {"text": "Suspected jihadists"}, "targets": [{"text": "nine soldiers", "category": "military"}],
         "casualties": [{"outcome": "killed", "group": "military", "count": 9},
                        {"outcome": "injured", "group": "military", "count": 4}]},
        {"id": "a2", "attack_type": "armed_assault", "text": "attacks", "evidence": [_span(t1, bg)]}],
        "claims": [{"id": "c1", "claimant": {"text": "JNIM", "actor_id": "jnim"}, "status": "claimed",
                    "attack_ids": ["a1"], "evidence": [_span(t1, "JNIM claimed responsibility for the ambush")]}]}
    p902 = {"doc_id": "902", "attacks": [
        {"id": "a1", "attack_type": "raid", "text": "attacked", "evidence": [_span(t2, s2)],
         "location": {"name": "Gorom"}, "perpetrator": {"text": "Armed men"},
         "targets": [{"text": "six civilians", "category": "civilians"}],
         "casualties": [{"outcome": "killed", "group": "civilians", "count": 5}]}],
        "attributions": [{"id": "t1", "attributed_by": {"text": "Residents"},
                          "actor": {"text": "Ansarul Islam", "actor_id": "ansarul_islam"}, "certainty": "asserted",
                          "attack_ids": ["a1"], "evidence": [_span(t2, "Residents blamed the attack on Ansarul Islam")]}]}
    return {p["doc_id"]: Extraction.from_dict(p) for p in (p901, p902)}


def test_scores_are_the_hand_computed_ones():
    report = evaluate([NEWS], predictions=_hand_predictions(), texts=TEXTS)
    data = report.to_dict()
    rec = data["records"]
    # attacks: 901 A1<->a1 and 902 A1<->a1 align (evidence overlap); 901 a2 overlaps no gold attack
    assert (rec["attack"]["tp"], rec["attack"]["fp"], rec["attack"]["fn"]) == (2, 1, 0)
    assert rec["attack"]["f1"] == pytest.approx(0.8)
    # claims: JNIM matches; the unmapped brigade's claim can only be missed
    assert (rec["claim"]["tp"], rec["claim"]["fp"], rec["claim"]["fn"]) == (1, 0, 1)
    assert rec["claim"]["f1"] == pytest.approx(2 / 3, abs=1e-4)
    assert (rec["attribution"]["tp"], rec["attribution"]["f1"]) == (1, 1.0)
    slots = data["slots"]
    assert (slots["attack.perpetrator"]["tp"], slots["attack.perpetrator"]["fp"], slots["attack.perpetrator"]["fn"]) == (1, 1, 1)
    assert (slots["attack.place"]["tp"], slots["attack.place"]["fp"], slots["attack.place"]["fn"]) == (2, 0, 0)
    assert (slots["attack.date"]["tp"], slots["attack.date"]["fp"], slots["attack.date"]["fn"]) == (0, 1, 1)
    assert (slots["attack.killed"]["tp"], slots["attack.killed"]["fp"], slots["attack.killed"]["fn"]) == (1, 1, 1)
    assert slots["attack.type"]["support"] == 0 and slots["attack.type"]["fp"] == 0  # not annotated: not scored
    assert slots["attribution.attributed_by"]["tp"] == 1  # "residents" == "Residents", folded
    matched = data["matched_accuracy"]
    assert matched["attack.perpetrator"] == {"right": 1, "total": 2, "accuracy": 0.5}
    assert matched["attack.place"]["accuracy"] == 1.0
    assert matched["attack.date"] == {"right": 0, "total": 1, "accuracy": 0.0}
    assert matched["attack.killed"]["accuracy"] == 0.5
    # the attack read from 901's background sentence leaks; 902's background phrase does not
    assert (data["negatives"]["violated"], data["negatives"]["total"], data["negatives"]["leak"]) == (1, 2, 0.5)
    assert data["negatives"]["violations"][0]["doc_id"] == "901"


def test_errors_grouped_by_slot_in_text_and_json():
    report = evaluate([NEWS], predictions=_hand_predictions(), texts=TEXTS)
    groups = report.errors_by_slot()
    (date_error,) = groups["attack.date"]
    assert (date_error["doc_id"], date_error["gold"], date_error["pred"]) == ("901", "2024-03-12", "2024-03-13")
    assert date_error["sentence"].startswith("Suspected jihadists killed nine soldiers")
    assert [e["doc_id"] for e in groups["attack.spurious"]] == ["901"]
    assert [e["doc_id"] for e in groups["claim.missed"]] == ["902"]
    assert groups["attack.killed"][0]["gold"] == 6 and groups["attack.killed"][0]["pred"] == 5
    assert list(groups).index("attack.spurious") < list(groups).index("attack.perpetrator")
    text = format_errors_by_slot(report)
    assert "== attack.date (1)" in text and "gold 2024-03-12 | pred 2024-03-13" in text
    assert report.to_dict()["errors_by_slot"]["attack.date"] == [date_error]
    table = format_table(report)
    assert "background leak 0.500" in table and "claimant (never matched):" in table and "'Sahel Liberation Brigade' (902)" in table


def test_cli_reads_news_gold_with_texts_and_writes_the_grouped_errors(tmp_path, capsys):
    pred = tmp_path / "pred.jsonl"
    pred.write_text("".join(json.dumps(p.to_dict()) + "\n" for p in _hand_predictions().values()), encoding="utf-8")
    out = tmp_path / "report.json"
    assert evaluate_main([str(NEWS), "--texts", str(TEXTS), "--pred", str(pred), "--errors-by-slot", "--json",
                          str(out)]) == 0
    printed = capsys.readouterr().out
    assert "== attack.date (1)" in printed and "accuracy on matched records" in printed
    data = json.loads(out.read_text(encoding="utf-8"))
    assert data["unmapped_actors"][0] == {"doc_id": "902", "role": "claimant", "name": "Sahel Liberation Brigade"}
    assert set(data["errors_by_slot"]) >= {"attack.date", "attack.spurious", "claim.missed"}


def test_real_pipeline_on_the_news_gold(nlp):
    report = evaluate([NEWS], nlp=nlp, texts=TEXTS)
    per = {a.doc_id: a for a in report.articles}
    # 901 is plain reporting: the attack, its perpetrator (from the claim), place, date and toll are found
    assert per["901"].records["attack"].tp == 1 and per["901"].records["attack"].fn == 0
    assert per["901"].records["claim"].tp == 1
    for slot in ("attack.perpetrator", "attack.place", "attack.date", "attack.killed", "attack.injured"):
        assert per["901"].slots[slot].tp == 1, slot
    assert per["901"].negatives_violated == []
    # 902: the invented brigade cannot be resolved by anyone, so its claim is a miss, and it is reported
    assert per["902"].records["attack"].tp == 1
    assert per["902"].records["claim"].fn == 1
    assert {"doc_id": "902", "role": "claimant", "name": "Sahel Liberation Brigade"} in report.unmapped
