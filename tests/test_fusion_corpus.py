"""The event fixtures (corpus/events/) through the real pipeline and fusion, scored against their event gold.

The fixtures tell 34 attacks, each by two to four invented outlets (different tolls, spellings, dates
and hedges), with near misses: villages a few kilometres apart attacked the same day, the same village
attacked twice within a month, a roundup article reporting two neighbouring attacks.
"""

from __future__ import annotations

import pytest

from sahel_ie.evaluate.events import cluster_scores, gold_event_labels, has_event_gold, score_events
from sahel_ie.evaluate.gold import load_gold_dir
from sahel_ie.evaluate.runner import predict

from conftest import CORPUS_DIR

EVENTS_DIR = CORPUS_DIR / "events"


@pytest.fixture(scope="module")
def gold():
    return load_gold_dir(EVENTS_DIR)


@pytest.fixture(scope="module")
def event_report(gold, nlp):
    return score_events(gold, predict(gold, nlp=nlp))


def test_the_fixtures_hold_at_least_30_multi_report_events(gold):
    labels = gold_event_labels(gold)
    sizes: dict[str, set[str]] = {}
    for (doc_id, _), label in labels.items():
        sizes.setdefault(label, set()).add(doc_id)
    assert has_event_gold(gold)
    assert sum(len(docs) >= 2 for docs in sizes.values()) >= 30


def test_pipeline_and_fusion_reach_the_b_cubed_target(event_report):
    assert event_report.end_to_end.b3_f1 >= 0.88, event_report.to_dict()["end_to_end"]
    assert event_report.end_to_end.b3_precision >= 0.95


def test_fusion_of_the_gold_records_groups_them_as_annotated(event_report):
    assert event_report.fusion_only.b3_f1 >= 0.95, event_report.errors


def test_no_merge_spans_more_than_50_km_or_dates_that_cannot_overlap(event_report):
    assert event_report.violations == []


def test_b_cubed_and_pairwise_scores_on_a_hand_worked_example():
    # gold: {a, b, c} {d}; predicted: {a, b} {c, d}
    gold = {("x", "a"): "1", ("x", "b"): "1", ("x", "c"): "1", ("x", "d"): "2"}
    pred = {("x", "a"): "p", ("x", "b"): "p", ("x", "c"): "q", ("x", "d"): "q"}
    scores = cluster_scores(gold, pred)
    # precision: a 2/2, b 2/2, c 1/2, d 1/2 -> 0.75; recall: a 2/3, b 2/3, c 1/3, d 1/1 -> 2/3
    assert scores.b3_precision == pytest.approx(0.75) and scores.b3_recall == pytest.approx(2 / 3)
    # pairs: gold ab ac bc; predicted ab cd; correct ab
    assert (scores.pairs_gold, scores.pairs_predicted, scores.pairs_correct) == (3, 2, 1)
    assert scores.pair_precision == pytest.approx(0.5) and scores.pair_recall == pytest.approx(1 / 3)
    # an item missing from the prediction is a singleton
    assert cluster_scores(gold, {}).b3_precision == 1.0


def test_evaluate_command_adds_event_scores_for_a_folder_with_event_labels(gold, tmp_path, capsys):
    import json

    from sahel_ie.cli import main

    pred = tmp_path / "pred.jsonl"  # the gold records as predictions: the record scores are perfect
    pred.write_text("".join(json.dumps(g.extraction.to_dict()) + "\n" for g in gold), encoding="utf-8")
    out = tmp_path / "report.json"
    assert main(["evaluate", str(EVENTS_DIR), "--pred", str(pred), "--json", str(out)]) == 0
    assert "event fusion" in capsys.readouterr().out
    events = json.loads(out.read_text(encoding="utf-8"))["meta"]["events"]
    assert events["end_to_end"]["b3"]["f1"] == events["fusion_only"]["b3"]["f1"] >= 0.95
    assert events["violations"] == []
