"""The real pipeline on every annotated article (corpus/ and seeds/) must keep the recorded score floors.

Floors live in ``evaluation_floor.json`` (measured F1 minus a margin, with the date measured); raise them
with ``python -m sahel_ie.evaluate corpus seeds --write-floor evaluation_floor.json`` when extraction
improves. The gold files are also validated here, so a broken annotation fails with its path and field.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from sahel_ie.evaluate.floor import check_floor
from sahel_ie.evaluate.gold import find_gold_files, load_gold_dir
from sahel_ie.evaluate.runner import predict
from sahel_ie.evaluate.scoring import score

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = (ROOT / "corpus", ROOT / "seeds")
FLOOR = ROOT / "evaluation_floor.json"


@pytest.fixture(scope="module")
def gold():
    assert find_gold_files(*FOLDERS), "no *.gold.json in corpus/ or seeds/"
    return load_gold_dir(*FOLDERS)


@pytest.fixture(scope="module")
def corpus_report(gold, nlp):
    start = time.perf_counter()
    predictions = predict(gold, nlp=nlp)
    seconds = time.perf_counter() - start
    return score(gold, predictions, {"seconds": seconds}), seconds


def test_every_article_has_text_and_valid_gold(gold):
    assert all(article.text.strip() for article in gold)


def test_corpus_evaluation_is_fast(corpus_report):
    _, seconds = corpus_report
    assert seconds < 60, f"the corpus evaluation took {seconds:.1f} s"


def test_pipeline_processes_every_article(corpus_report, gold):
    report, _ = corpus_report
    assert len(report.articles) == len(gold) and not report.missing_predictions


def test_scores_keep_the_recorded_floors(corpus_report):
    report, _ = corpus_report
    data = json.loads(FLOOR.read_text(encoding="utf-8"))
    assert data["floors"], "evaluation_floor.json records no floors"
    failures = check_floor(report, FLOOR)
    assert not failures, "scores below the recorded floors:\n" + "\n".join(failures)
