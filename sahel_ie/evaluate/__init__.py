"""Scoring extractions against annotated gold files (docs/gold_format.md).

* ``news_gold`` / ``sources``: the real-news gold format (``NNN.json``, texts elsewhere), detected per file
* ``gold``: load and validate ``<doc_id>.gold.json`` + ``<doc_id>.txt`` (GoldFormatError names file and field)
* ``align``: one-to-one Hungarian alignment of predicted to gold records, with minimum similarities
* ``slots`` / ``scoring``: P/R/F1 per record type and per slot, micro and macro, errors with evidence
* ``report``: text table, JSON, self-contained HTML with a chart
* ``runner`` / ``cli``: run the pipeline over a gold folder (or read predictions JSONL) and report
* ``acled``: score the pipeline on ACLED-style event notes
"""

from sahel_ie.evaluate.gold import GoldArticle, GoldFormatError, load_gold, load_gold_dir
from sahel_ie.evaluate.scoring import Counts, Report, score, score_article

__all__ = [
    "GoldArticle", "GoldFormatError", "load_gold", "load_gold_dir", "Counts", "Report", "score", "score_article",
    "evaluate",
]


def evaluate(folders, predictions=None, nlp=None, batch_size: int = 16, texts=None) -> Report:
    """Score the pipeline (or given predictions) on gold folders; see ``runner.evaluate``."""
    from sahel_ie.evaluate.runner import evaluate as _evaluate

    return _evaluate(folders, predictions, nlp=nlp, batch_size=batch_size, texts=texts)
