"""Running the real pipeline over gold articles (or reading saved predictions) for scoring.

The model is loaded once and the articles go through ``nlp.pipe`` in batches: loading costs seconds and
per-call overhead adds up, and the corpus evaluation must stay well under a minute.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any, Iterable, Sequence

from sahel_ie.records import Extraction, Source
from sahel_ie.evaluate.gold import GoldArticle
from sahel_ie.evaluate.sources import load_gold_sources
from sahel_ie.evaluate.scoring import Report, score


def predict(gold: Sequence[GoldArticle], nlp: Any = None, batch_size: int = 16) -> dict[str, Extraction]:
    """Extractions for every gold article, each given the gold ``published`` date, keyed by doc_id."""
    from sahel_ie.extraction import doc_to_extraction, make_doc

    if nlp is None:
        import sahel_ie

        nlp = sahel_ie.load()
    docs = (make_doc(nlp, g.text, g.published, g.doc_id) for g in gold)
    out: dict[str, Extraction] = {}
    try:
        for g, doc in zip(gold, nlp.pipe(docs, batch_size=batch_size)):
            out[g.doc_id] = doc_to_extraction(doc, Source(path=str(g.path)), g.doc_id)
    except Exception:  # one bad article must not hide the others: fall back to per-article extract()
        import sahel_ie

        for g in gold:
            if g.doc_id not in out:
                out[g.doc_id] = sahel_ie.extract(g.text, published=g.published, doc_id=g.doc_id, nlp=nlp)
    return out


def read_predictions(path: str | Path) -> dict[str, Extraction]:
    """Predictions JSONL: one Extraction dict a line, keyed by its doc_id."""
    out: dict[str, Extraction] = {}
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                extraction = Extraction.from_dict(json.loads(line))
            except (json.JSONDecodeError, TypeError) as error:
                raise ValueError(f"{path}:{number}: not an Extraction: {error}") from error
            out[extraction.doc_id] = extraction
    return out


def evaluate(folders: Iterable[str | Path], predictions: dict[str, Extraction] | None = None,
             nlp: Any = None, batch_size: int = 16, texts: str | Path | None = None) -> Report:
    """Load gold from the folders (either gold format, detected per file; news-format texts from
    ``texts``), predict with the pipeline unless predictions are given, and score."""
    folders = list(folders)
    gold = load_gold_sources(*folders, texts=texts)
    meta: dict[str, Any] = {"gold": [str(f) for f in folders]}
    if texts is not None:
        meta["texts"] = str(texts)
    if predictions is None:
        start = time.perf_counter()
        predictions = predict(gold, nlp=nlp, batch_size=batch_size)
        meta["seconds"] = round(time.perf_counter() - start, 2)
        meta["predicted_by"] = "pipeline"
    else:
        meta["predicted_by"] = "file"
    return score(gold, predictions, meta)
