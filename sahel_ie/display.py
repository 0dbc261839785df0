"""HTML for a person checking what the extractor read: the one-article view of the review page.

Kept as the short import path it always was; the page itself is built by ``sahel_ie.report``, so that
``sahel-ie show`` and ``sahel-ie report`` look and behave the same.
"""

from __future__ import annotations

from typing import Any

from sahel_ie.extraction import doc_to_extraction, make_doc
from sahel_ie.records import Extraction


def render_extraction(text: str | None, extraction: Extraction) -> str:
    """The review page of one article's records over its text (``None``: the cited sentences only)."""
    from sahel_ie.report import render_extractions

    return render_extractions([(extraction, text)], title=extraction.source.title or extraction.doc_id)


def render_article(text: str, published: Any = None, doc_id: str = "doc", model: str | None = None) -> str:
    """Run the pipeline on one article and return its review page."""
    from sahel_ie.pipeline import default_pipeline

    nlp = default_pipeline(model)
    doc = nlp(make_doc(nlp, text, published, doc_id))
    return render_extraction(text, doc_to_extraction(doc, doc_id=doc_id))
