"""HTML for a person checking what the extractor read: displaCy entities plus every record's evidence.

Analysts trust a record only when they can see the sentence it came from, so each attack, claim and
attribution is listed with its slots and the highlighted evidence text taken from the article offsets.
"""

from __future__ import annotations

import html
import json
from typing import Any

from spacy import displacy

from sahel_ie.extraction import doc_to_extraction, make_doc
from sahel_ie.records import Evidence, Extraction

COLOURS = {
    "ARMED_GROUP": "#f4a6a6", "MILITIA": "#f7c59f", "STATE_FORCE": "#a6c8f4", "FOREIGN_FORCE": "#b5a6f4",
    "INTL_MISSION": "#a6f4e8", "GOV_BODY": "#d0d0d0", "UNKNOWN_ACTOR": "#f4dca6", "COUNTRY": "#c8f4a6",
    "REGION": "#b0e6a0", "PLACE": "#9fd88b", "FEATURE": "#8bd8c4",
}


def _quote(text: str, evidence: list[Evidence]) -> str:
    parts = []
    for ev in evidence:
        snippet = text[max(0, ev.start - 60): ev.end + 60]
        left = html.escape(text[max(0, ev.start - 60): ev.start])
        mid = html.escape(text[ev.start: ev.end])
        right = html.escape(text[ev.end: ev.end + 60])
        if snippet:
            parts.append(f"<blockquote>…{left}<mark>{mid}</mark>{right}… <small>[{ev.start}:{ev.end}, sentence {ev.sentence}]</small></blockquote>")
    return "".join(parts)


def _record_html(kind: str, record: Any, text: str) -> str:
    data = record.to_dict()
    evidence = record.evidence
    data.pop("evidence", None)
    body = html.escape(json.dumps(data, ensure_ascii=False, indent=1))
    return f"<section><h3>{kind} {html.escape(record.id)}</h3><pre>{body}</pre>{_quote(text, evidence)}</section>"


def render_extraction(text: str, extraction: Extraction, entities_html: str = "") -> str:
    """The page for one article: entities, then attacks, claims and attributions with evidence."""
    sections = [_record_html("Attack", a, text) for a in extraction.attacks]
    sections += [_record_html("Claim", c, text) for c in extraction.claims]
    sections += [_record_html("Attribution", t, text) for t in extraction.attributions]
    title = html.escape(extraction.source.title or extraction.doc_id)
    errors = "".join(f"<li>{html.escape(e.kind)}: {html.escape(e.message)}</li>" for e in extraction.errors)
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>"
        f"{title}</title><style>body{{font-family:sans-serif;max-width:60em;margin:auto}}"
        "pre{background:#f6f6f6;padding:.5em;white-space:pre-wrap}mark{background:#ffe066}</style></head><body>"
        f"<h1>{title}</h1><p>published: {html.escape(str(extraction.published))}</p>"
        f"{'<ul>' + errors + '</ul>' if errors else ''}<h2>Entities</h2>{entities_html}"
        f"<h2>Records</h2>{''.join(sections) or '<p>No records.</p>'}</body></html>"
    )


def render_article(text: str, published: Any = None, doc_id: str = "doc", model: str | None = None) -> str:
    """Run the pipeline on one article and return the review page."""
    from sahel_ie.pipeline import default_pipeline

    nlp = default_pipeline(model)
    doc = nlp(make_doc(nlp, text, published, doc_id))
    entities = displacy.render(doc, style="ent", page=False, options={"colors": COLOURS})
    return render_extraction(text, doc_to_extraction(doc, doc_id=doc_id), entities)
