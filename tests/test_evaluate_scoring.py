"""The scorer itself: perfect, partial (hand-computed), empty and malformed predictions."""

from __future__ import annotations

import copy
import json
from argparse import Namespace
from pathlib import Path

import pytest

from sahel_ie.records import (ActorRef, Attack, Attribution, Casualty, Claim, DateValue, Evidence, Extraction,
                              Location, Target)
from sahel_ie.evaluate import slots as S
from sahel_ie.evaluate.cli import run_evaluate
from sahel_ie.evaluate.gold import load_gold
from sahel_ie.evaluate.report import format_table, slot_chart_png, to_html
from sahel_ie.evaluate.runner import read_predictions
from sahel_ie.evaluate.scoring import RECORD_TYPES, SLOT_NAMES, score

EVAL = Path(__file__).resolve().parent / "data" / "eval"


@pytest.fixture(scope="module")
def gold():
    return load_gold(EVAL / "e001_douentza.gold.json")


def ev(article, quote: str) -> list[Evidence]:
    start = article.text.index(quote)
    return [Evidence(start=start, end=start + len(quote))]


def partial_prediction(article) -> Extraction:
    """Hand-made output: one attack found with a wrong date and toll, one missed, one from a negative."""
    p1 = Attack(
        id="p1", attack_type="ambush", text="ambushed",
        date=DateValue(text="on Tuesday", value="2024-05-15", precision="day"),
        location=Location(text="near Douentza", name="Douentza", relation="near"),
        perpetrator=ActorRef(text="JNIM", actor_id="jnim"),
        targets=[Target(text="a Malian army patrol", category="military")],
        casualties=[Casualty(outcome="killed", group="military", count=7), Casualty(outcome="injured", group="military", count=4)],
        evidence=ev(article, "Suspected jihadists ambushed a Malian army patrol near Douentza"),
    )
    p2 = Attack(
        id="p2", casualties=[Casualty(outcome="killed", group="military", count=600)],
        evidence=ev(article, "More than 600 soldiers have been killed in the region"),
    )
    return Extraction(
        doc_id=article.doc_id,
        attacks=[p2, p1],
        claims=[
            Claim(id="k1", claimant=ActorRef(text="JNIM", actor_id="jnim"), status="claimed", attack_ids=["p1"]),
            Claim(id="k2", claimant=ActorRef(text="the army"), status="claimed", attack_ids=["p2"]),
        ],
        attributions=[
            Attribution(id="r1", attributed_by=ActorRef(text="The army", actor_id="fama"),
                        actor=ActorRef(text="Katiba Macina", actor_id="katiba_macina"), certainty="suspected",
                        attack_ids=["p1"]),
        ],
    )


def counts(report, name):
    data = report.to_dict()
    c = data["records"][name] if name in RECORD_TYPES else data["slots"][name]
    return c["tp"], c["fp"], c["fn"]


def test_gold_as_prediction_scores_one_everywhere(gold):
    report = score([gold], [copy.deepcopy(gold.extraction)])
    data = report.to_dict()
    assert set(data["summary"].values()) == {1.0}
    for c in list(data["records"].values()) + list(data["slots"].values()):
        assert (c["precision"], c["recall"], c["f1"], c["fp"], c["fn"]) == (1.0, 1.0, 1.0, 0, 0)
    assert data["records"]["attack"]["tp"] == 2 and data["slots"]["attack.casualties"]["tp"] == 3
    assert data["errors"] == [] and data["negatives"] == {"total": 1, "violated": 0, "leak": 0.0, "violations": []}
    assert data["per_style"] == {"wire": {"attack": 1.0, "claim": 1.0, "attribution": 1.0, "articles": 1}}


def test_gold_through_jsonl_and_renamed_ids_still_perfect(gold, tmp_path):
    pred = copy.deepcopy(gold.extraction)
    rename = {"a1": "x7", "a2": "x3"}
    for attack in pred.attacks:
        attack.id = rename[attack.id]
    for rec in pred.claims + pred.attributions:
        rec.attack_ids = [rename[i] for i in rec.attack_ids]
    pred.attacks.reverse()
    path = tmp_path / "pred.jsonl"
    path.write_text(json.dumps(pred.to_dict()) + "\n", encoding="utf-8")
    report = score([gold], read_predictions(path))
    assert report.to_dict()["summary"]["slots.micro_f1"] == 1.0
    assert report.articles[0].attack_mapping == {"x7": "a1", "x3": "a2"}


def test_partial_prediction_hand_computed(gold):
    report = score([gold], [partial_prediction(gold)])
    data = report.to_dict()
    # records: attacks p1=a1, a2 missed, p2 spurious; claims k1=c1, c2 missed, k2 spurious; t1=r1
    assert counts(report, "attack") == (1, 1, 1)
    assert counts(report, "claim") == (1, 1, 1)
    assert counts(report, "attribution") == (1, 0, 0)
    assert data["records"]["attack"]["f1"] == 0.5
    assert data["records_micro"]["precision"] == 0.6 and data["records_micro"]["recall"] == 0.6
    assert data["summary"]["records.macro_f1"] == pytest.approx((0.5 + 0.5 + 1.0) / 3, abs=1e-4)
    expected = {
        "attack.place": (1, 0, 1),           # Douentza right, Boni missed
        "attack.perpetrator": (1, 0, 0),     # jnim is an accepted value for a1; a2 has no perpetrator
        "attack.date": (0, 1, 2),            # wrong day on a1, a2 missed
        "attack.killed": (0, 2, 2),          # 7 vs 9, a2's 2 missed, 600 from the statistics sentence
        "attack.injured": (1, 0, 0),
        "attack.abducted": (0, 0, 0),
        "attack.casualties": (1, 2, 2),      # (injured, military, 4) right
        "attack.targets": (1, 0, 1),
        "attack.type": (1, 0, 1),            # p2's unknown type is no value
        "claim.claimant": (1, 1, 1),
        "claim.status": (1, 1, 1),
        "claim.attack_links": (1, 1, 1),     # k1 -> p1 -> a1 is right; k2 -> unaligned p2 is wrong
        "attribution.actor": (1, 0, 0),
        "attribution.attributed_by": (1, 0, 0),
        "attribution.certainty": (0, 1, 1),  # suspected vs asserted
        "attribution.attack_links": (1, 0, 0),
    }
    assert {s: counts(report, s) for s in SLOT_NAMES} == expected
    assert data["slots_micro"]["tp"] == 12 and data["slots_micro"]["fp"] == 9 and data["slots_micro"]["fn"] == 13
    assert data["slots"]["attack.date"]["f1"] == 0.0 and data["slots"]["attack.place"]["recall"] == 0.5
    assert data["negatives"]["violated"] == 1
    assert data["negatives"]["violations"][0]["pred_id"] == "p2"
    kinds = {(e["record"], e["kind"], e["slot"]) for e in data["errors"]}
    assert ("attack", "wrong_slot", "date") in kinds and ("attack", "missed", None) in kinds
    wrong_date = next(e for e in data["errors"] if e["slot"] == "date")
    assert (wrong_date["gold"], wrong_date["pred"], wrong_date["doc_id"]) == ("2024-05-14", "2024-05-15", "e001_douentza")
    assert wrong_date["evidence"].startswith("Suspected jihadists ambushed")


def test_prediction_order_does_not_change_scores(gold):
    pred = partial_prediction(gold)
    forward = score([gold], [pred]).to_dict(with_errors=False)
    pred.attacks.reverse()
    pred.claims.reverse()
    assert score([gold], [pred]).to_dict(with_errors=False)["slots"] == forward["slots"]


def test_one_gold_attack_is_credited_once(gold):
    a1 = copy.deepcopy(gold.extraction.attacks[0])
    twin = copy.deepcopy(a1)
    twin.id = "twin"
    twin.date = DateValue()
    report = score([gold], [Extraction(doc_id=gold.doc_id, attacks=[twin, a1])])
    assert counts(report, "attack") == (1, 1, 1)
    assert report.articles[0].attack_mapping == {"a1": "a1"}  # the better-agreeing copy wins


def test_attack_without_overlap_needs_place_and_date(gold):
    a2 = gold.extraction.attacks[1]
    far = Attack(id="z", evidence=ev(gold, "The army blamed"), location=Location(name="boni"), date=DateValue(value=a2.date.value))
    assert counts(score([gold], [Extraction(doc_id=gold.doc_id, attacks=[far])]), "attack") == (1, 0, 1)
    far.date = DateValue(value="2020-01-01")
    assert counts(score([gold], [Extraction(doc_id=gold.doc_id, attacks=[far])]), "attack") == (0, 1, 2)


def test_empty_and_missing_predictions(gold):
    empty = score([gold], [Extraction(doc_id=gold.doc_id)]).to_dict()
    assert empty["records"]["attack"] == {"tp": 0, "fp": 0, "fn": 2, "precision": 1.0, "recall": 0.0, "f1": 0.0,
                                           "support": 2}
    missing = score([gold], []).to_dict()
    assert missing["missing_predictions"] == ["e001_douentza"]
    assert missing["records"] == empty["records"] and missing["slots"] == empty["slots"]
    # a prediction whose records carry only defaults: every gold slot is a FN, nothing crashes
    bare = Extraction(doc_id=gold.doc_id, attacks=[Attack(id="b", evidence=gold.extraction.attacks[0].evidence)],
                      claims=[Claim(id="c", claimant=ActorRef())], attributions=[Attribution(id="t")])
    data = score([gold], [bare]).to_dict()
    assert data["records"]["attack"]["tp"] == 1
    assert data["slots"]["attack.place"]["fn"] == 2 and data["slots"]["attack.place"]["fp"] == 0
    assert data["records"]["claim"]["fp"] == 1  # no claimant: cannot align


def test_nothing_to_score_is_one_with_zero_support(tmp_path, gold):
    data = score([], []).to_dict()
    assert data["articles"] == 0 and data["records"]["attack"]["f1"] == 1.0 and data["records"]["attack"]["support"] == 0


def test_slot_conventions():
    assert S.fold("Ménaka") == S.fold("MENAKA") == "menaka"
    assert S.fold("the Katiba Macina") == "katiba macina"
    attack = Attack(id="a", casualties=[
        Casualty(outcome="killed", group="civilians", count=49, shared=True, source="officials"),
        Casualty(outcome="killed", group="civilians", count=64, source="residents"),
        Casualty(outcome="killed", group="military", count=15),
        Casualty(outcome="killed", group="assailants", count=None),
        Casualty(outcome="abducted", group="civilians", count=None),
    ])
    assert S.outcome_total(attack, "killed") == 64  # lowest civilian figure 49 + 15 soldiers
    overall = Attack(id="b", casualties=[
        Casualty(outcome="killed", group="civilians", count=49), Casualty(outcome="killed", group="military", count=15),
        Casualty(outcome="killed", group="unspecified", count=60), Casualty(outcome="killed", group="assailants", count=50),
    ])
    assert S.outcome_total(overall, "killed") == 114  # max(49 + 15, 60) victims + 50 assailants
    overall.casualties = overall.casualties[2:]
    assert S.outcome_total(overall, "killed") == 110
    assert S.outcome_total(attack, "abducted") is None and S.outcome_total(attack, "injured") is None
    assert S.casualty_triples(attack) == {("killed", "civilians", 49), ("killed", "military", 15)}
    assert S.perpetrator_value(ActorRef(text="gunmen")) == S.GENERIC
    assert S.perpetrator_value(ActorRef()) is None
    assert S.actor_value(ActorRef(text="The Army")) == "~army"


def test_place_accepts_folded_alternatives_and_place_ids(gold):
    a1 = copy.deepcopy(gold.extraction.attacks[0])
    a1.location = Location(name="DOUENTZA CERCLE")
    assert counts(score([gold], [Extraction(doc_id=gold.doc_id, attacks=[a1])]), "attack.place") == (1, 0, 1)
    a1.location = Location(name="Dountza", place_id="douentza")
    assert counts(score([gold], [Extraction(doc_id=gold.doc_id, attacks=[a1])]), "attack.place") == (0, 1, 2)


def test_reports_render(gold, tmp_path):
    report = score([gold], [partial_prediction(gold)])
    table = format_table(report)
    assert "attack.place" in table and "negatives violated: 1 of 1" in table
    assert slot_chart_png(report).startswith(b"\x89PNG")
    page = to_html(report)
    assert "data:image/png;base64," in page and "2024-05-15" in page and "Suspected jihadists ambushed" in page


def test_cli_with_predictions_writes_json_and_html(gold, tmp_path, capsys):
    pred = tmp_path / "pred.jsonl"
    pred.write_text(json.dumps(partial_prediction(gold).to_dict()) + "\n", encoding="utf-8")
    args = Namespace(gold_dir=[EVAL], pred=pred, json=tmp_path / "r.json", html=tmp_path / "r.html",
                     model=None, batch_size=8, errors=2)
    assert run_evaluate(args) == 0
    out = capsys.readouterr().out
    assert "attack.date" in out and "wrote" in out
    data = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))
    assert data["records"]["attack"]["tp"] == 1 and data["meta"]["predicted_by"] == "file"
    assert "<img" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_cli_reports_broken_gold_with_path(tmp_path, capsys):
    data = json.loads((EVAL / "e001_douentza.gold.json").read_text(encoding="utf-8"))
    data["attacks"][0]["casualties"][0]["group"] = "soldiers"
    (tmp_path / "bad.gold.json").write_text(json.dumps(data), encoding="utf-8")
    (tmp_path / "bad.txt").write_text((EVAL / "e001_douentza.txt").read_text(encoding="utf-8"), encoding="utf-8")
    pred = tmp_path / "p.jsonl"
    pred.write_text("", encoding="utf-8")
    args = Namespace(gold_dir=[tmp_path], pred=pred, json=None, html=None, model=None, batch_size=8, errors=0)
    assert run_evaluate(args) == 2
    err = capsys.readouterr().err
    assert "bad.gold.json: attacks[0].casualties[0].group: 'soldiers' is not one of" in err


def test_subsets_of_gold_have_full_precision_and_proportional_recall(gold):
    from hypothesis import given, settings, strategies as st

    attacks = gold.extraction.attacks

    @settings(max_examples=20, deadline=None)
    @given(st.lists(st.sampled_from(range(len(attacks))), unique=True), st.randoms())
    def check(keep, rnd):
        chosen = [copy.deepcopy(attacks[i]) for i in keep]
        rnd.shuffle(chosen)
        data = score([gold], [Extraction(doc_id=gold.doc_id, attacks=chosen)]).to_dict(with_errors=False)
        assert data["records"]["attack"]["precision"] == 1.0
        assert data["records"]["attack"]["recall"] == round(len(keep) / len(attacks), 4)
        for name in ("attack.place", "attack.date", "attack.killed"):
            assert data["slots"][name]["fp"] == 0

    check()
