"""The analyst's review page: one offline HTML file for a batch's records (``sahel-ie report``) or for
one article (``sahel-ie show``).

Public API::

    html = build_report("out.jsonl", events="events.jsonl")   # str, write it to report.html
    html = render_extractions([(extraction, text)])           # the same page from objects in memory
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

from sahel_ie.records import Extraction
from sahel_ie.report.data import ArticleView, TextLoader, read_events, read_extractions
from sahel_ie.report.page import build_page


def render_extractions(items: Iterable[tuple[Extraction, str | None]], *, title: str = "sahel_ie review",
                       events: list[dict] | None = None) -> str:
    """The page for (extraction, article text or None) pairs already in memory."""
    views = [ArticleView(i, extraction, text) for i, (extraction, text) in enumerate(items)]
    return build_page(views, title=title, events=events)


def build_report(output: str | Path, events: str | Path | None = None, *, title: str | None = None,
                 texts: bool = True) -> str:
    """The page for a ``sahel-ie extract`` JSONL output, with article texts read back from their files.

    ``events``: a fused events JSONL (``sahel-ie fuse``) whose members tie attacks to events.
    ``texts=False`` skips reading the articles: cards then show only the sentences the records cite.
    """
    output = Path(output)
    event_list, event_index = read_events(events)
    loader = TextLoader([output.parent]) if texts else None
    views = []
    for i, extraction in enumerate(read_extractions(output)):
        text = loader.text_for(extraction) if loader is not None else None
        per_attack = {a.id: event_index[(extraction.doc_id, a.id)] for a in extraction.attacks
                      if (extraction.doc_id, a.id) in event_index}
        views.append(ArticleView(i, extraction, text, per_attack))
    return build_page(views, title=title or f"sahel_ie review: {output.name}", events=event_list)


__all__ = ["build_report", "render_extractions", "ArticleView"]
