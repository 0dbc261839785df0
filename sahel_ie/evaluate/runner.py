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
    """Extractions for every gold article, each given the gold ``published`` date, keyed by doc_id.

    Each article goes through the pipeline of the language identified from its text when that language
    has one here (``nlp`` when it is of that language, else the language's pipeline of this process);
    an article in another language goes through ``nlp`` (the evaluation applies no language gate)."""
    from sahel_ie.extraction import doc_to_extraction, make_doc
    from sahel_ie.language import SUPPORTED_LANGUAGES, detect_language
    from sahel_ie.pipeline import pipeline_for

    if nlp is None:
        import sahel_ie

        nlp = sahel_ie.load()
    by_language: dict[str, list[GoldArticle]] = {}
    for g in gold:
        lang = detect_language(g.text)
        by_language.setdefault(lang if lang in SUPPORTED_LANGUAGES else nlp.lang, []).append(g)
    out: dict[str, Extraction] = {}
    for lang, articles in by_language.items():
        pipeline = pipeline_for(lang, nlp)
        docs = (make_doc(pipeline, g.text, g.published, g.doc_id) for g in articles)
        try:
            for g, doc in zip(articles, pipeline.pipe(docs, batch_size=batch_size)):
                out[g.doc_id] = doc_to_extraction(doc, Source(path=str(g.path)), g.doc_id)
        except Exception:  # one bad article must not hide the others: fall back to per-article extract()
            import sahel_ie

            for g in articles:
                if g.doc_id not in out:
                    out[g.doc_id] = sahel_ie.extract(g.text, published=g.published, doc_id=g.doc_id, nlp=pipeline,
                                                     language=pipeline.lang)
    return {g.doc_id: out[g.doc_id] for g in gold if g.doc_id in out}


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
