"""The review page as one self-contained HTML file: table, map, article cards, errors.

Everything the page needs is inside it (style, script, map outlines, data), so an analyst can mail it,
open it offline, or archive it beside the run. Nothing is fetched: the article's url is shown as text,
never as a link or a resource. The table and map are built by the inline script from a JSON block;
article cards are HTML strings in the same block, put into the page a page at a time (and the one a
table row or map point opens), so a thousand articles load as fast as a few.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import Any, Iterable

from sahel_ie.records import Attack, Attribution, Claim, Extraction
from sahel_ie.report.data import ArticleView, attack_row, toll
from sahel_ie.report.geo import Projection, map_svg, outlines
from sahel_ie.report.highlight import evidence_pieces, extraction_highlights, highlight_html

# (row key, header, numeric): the table's columns, in order.
COLUMNS: tuple[tuple[str, str, bool], ...] = (
    ("date", "Date", False), ("country", "Country", False), ("admin1", "Admin1", False),
    ("place", "Place", False), ("type", "Type", False), ("perpetrator", "Perpetrator", False),
    ("certainty", "Certainty", False), ("killed", "Killed", True), ("injured", "Injured", True),
    ("abducted", "Abducted", True), ("claims", "Claims", False), ("attributed", "Attributed to", False),
    ("confidence", "Conf.", True), ("event_id", "Event", False), ("title", "Article", False),
)
CARDS_PER_PAGE = 25
SLOT_KEYS = (("trigger", "trigger"), ("perpetrator", "perpetrator"), ("claimant", "claimant / actor"),
             ("place", "place"), ("date", "date"), ("casualty", "casualty"), ("target", "target"),
             ("sentence", "record sentence"))


def _asset(name: str) -> str:
    return resources.files("sahel_ie.report").joinpath("assets", name).read_text(encoding="utf-8")


def _script_json(data: Any) -> str:
    """JSON safe inside a <script> element (no '</' can close it early)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/").replace("<!--", "<\\!--")


def _e(value: Any) -> str:
    return html.escape("" if value is None else str(value))


def _dl(items: Iterable[tuple[str, Any]]) -> str:
    return "<dl>" + "".join(f"<dt>{_e(k)}</dt><dd>{v}</dd>" for k, v in items if v not in (None, "")) + "</dl>"


def _reclink(card: int, record_id: str) -> str:
    return f'<a class="reclink" href="#doc-{card}-{_e(record_id)}" data-rec="{_e(record_id)}">{_e(record_id)}</a>'


def _attack_box(view: ArticleView, attack: Attack) -> str:
    extraction = view.extraction
    claims = [c.id for c in extraction.claims if attack.id in c.attack_ids]
    attributions = [t.id for t in extraction.attributions if attack.id in t.attack_ids]
    location = attack.location
    place = ", ".join(filter(None, [location.name or location.text, location.admin1, location.country]))
    tolls = ", ".join(f"{n} {outcome}" for outcome in ("killed", "injured", "abducted")
                      if (n := toll(attack, outcome)) is not None)
    perpetrator = attack.perpetrator.name or attack.perpetrator.text
    if perpetrator and attack.perpetrator.certainty:
        perpetrator = f"{perpetrator} ({attack.perpetrator.certainty})"
    items = [
        ("type", _e(attack.attack_type)), ("trigger", _e(attack.text)),
        ("date", _e(" ".join(filter(None, [attack.date.value, f"[{attack.date.precision}]"])))),
        ("place", _e(place)), ("perpetrator", _e(perpetrator)),
        ("targets", _e("; ".join(t.text for t in attack.targets))), ("toll", _e(tolls)),
        ("claims", " ".join(_reclink(view.index, c) for c in claims)),
        ("attributions", " ".join(_reclink(view.index, t) for t in attributions)),
        ("event", _e(view.events.get(attack.id))), ("confidence", _e(round(attack.confidence, 2))),
    ]
    return (f'<div class="rec attack" id="doc-{view.index}-{_e(attack.id)}" data-rec="{_e(attack.id)}">'
            f"<h4>Attack {_e(attack.id)}</h4>{_dl(items)}</div>")


def _claim_box(view: ArticleView, claim: Claim) -> str:
    tolls = ", ".join(f"{c.count} {c.outcome}" for c in claim.claimed_casualties if c.count is not None)
    items = [
        ("claimant", _e(claim.claimant.name or claim.claimant.text)), ("status", _e(claim.status)),
        ("attacks", " ".join(_reclink(view.index, a) for a in claim.attack_ids)),
        ("channel", _e(claim.channel)), ("claimed toll", _e(tolls)),
        ("reported by", _e(", ".join(claim.reported_by))), ("confidence", _e(round(claim.confidence, 2))),
    ]
    return (f'<div class="rec claim" id="doc-{view.index}-{_e(claim.id)}" data-rec="{_e(claim.id)}">'
            f"<h4>Claim {_e(claim.id)}</h4>{_dl(items)}</div>")


def _attribution_box(view: ArticleView, attribution: Attribution) -> str:
    items = [
        ("actor", _e(attribution.actor.name or attribution.actor.text)),
        ("by", _e(attribution.attributed_by.name or attribution.attributed_by.text)),
        ("certainty", _e(attribution.certainty)),
        ("attacks", " ".join(_reclink(view.index, a) for a in attribution.attack_ids)),
        ("reported by", _e(", ".join(attribution.reported_by))),
        ("confidence", _e(round(attribution.confidence, 2))),
    ]
    return (f'<div class="rec attribution" id="doc-{view.index}-{_e(attribution.id)}" '
            f'data-rec="{_e(attribution.id)}"><h4>Attribution {_e(attribution.id)}</h4>{_dl(items)}</div>')


def article_card(view: ArticleView) -> str:
    """One article: metadata, its records (linked to each other), and the text with every slot marked."""
    extraction = view.extraction
    source = extraction.source
    title = source.title or extraction.doc_id
    meta = [f"<span>id <code>{_e(extraction.doc_id)}</code></span>"]
    if source.outlet:
        meta.append(f"<span>{_e(source.outlet)}</span>")
    if extraction.published:
        meta.append(f"<span>published {_e(extraction.published)}</span>")
    if source.url:
        meta.append(f"<span>url <code class=\"url\">{_e(source.url)}</code></span>")
    if source.path:
        meta.append(f"<span>file <code>{_e(source.path)}</code></span>")
    boxes = [_attack_box(view, a) for a in extraction.attacks]
    boxes += [_claim_box(view, c) for c in extraction.claims]
    boxes += [_attribution_box(view, t) for t in extraction.attributions]
    errors = "".join(f"<li>{_e(e.kind)}: {_e(e.message)}</li>" for e in extraction.errors)
    if view.text is not None:
        pieces = [(0, view.text)]
        note = ""
    else:
        pieces = evidence_pieces(extraction)
        note = '<p class="meta">The article file was not found: only the sentences the records cite are shown.</p>'
    body = highlight_html(pieces, extraction_highlights(extraction)) if pieces else ""
    return (
        f'<article class="card" id="doc-{view.index}" data-article="{view.index}" data-doc="{_e(extraction.doc_id)}">'
        f"<h3>{_e(title)}</h3><div class=\"meta\">{' · '.join(meta)}</div>"
        f"{'<ul class=errors>' + errors + '</ul>' if errors else ''}"
        f"<div class=\"records\">{''.join(boxes) or '<p class=meta>No records.</p>'}</div>"
        f"{note}<div class=\"text\">{body}</div></article>"
    )


def _events_section(events: list[dict[str, Any]]) -> str:
    if not events:
        return ""
    items = []
    for event in events:
        location = event.get("location") or {}
        date = event.get("date") or {}
        members = event.get("members") or []
        label = ", ".join(filter(None, [
            _e(event.get("attack_type")), _e(date.get("value") if isinstance(date, dict) else date),
            _e(location.get("name") if isinstance(location, dict) else location),
        ]))
        items.append(f"<li><code>{_e(event['event_id'])}</code> {label} — {len(members)} report(s)</li>")
    return f'<section id="events"><h2>Events ({len(events)})</h2><ul>{"".join(items)}</ul></section>'


def build_page(views: list[ArticleView], *, title: str = "sahel_ie review",
               events: list[dict[str, Any]] | None = None) -> str:
    """The whole review page for some articles (one for ``sahel-ie show``, a batch for ``report``)."""
    rows = [attack_row(view, attack) for view in views for attack in view.extraction.attacks]
    extractions: list[Extraction] = [v.extraction for v in views]
    n_claims = sum(len(e.claims) for e in extractions)
    n_attributions = sum(len(e.attributions) for e in extractions)
    failed = [(v, err) for v in views for err in v.extraction.errors]
    projection = Projection()
    # Cards travel as HTML strings and are put into the page as they are shown (a page of them at a time,
    # or the one a row opens): a thousand articles' marked-up text would otherwise be parsed and laid
    # out before the table can be used.
    data = {"rows": rows, "projection": projection.as_dict(),
            "columns": [{"key": k, "label": label, "num": num} for k, label, num in COLUMNS],
            "cards": [article_card(v) for v in views], "page_size": CARDS_PER_PAGE}
    header_cells = "".join(f'<th data-key="{k}">{_e(label)}</th>' for k, label, _ in COLUMNS)
    errors = "".join(
        f'<li><a href="#doc-{v.index}">{_e(v.extraction.doc_id)}</a> {_e(err.kind)}: {_e(err.message)}</li>'
        for v, err in failed
    )
    keys = "".join(f'<span class="k-{k}">{_e(label)}</span>' for k, label in SLOT_KEYS)
    located = sum(1 for r in rows if r["lat"] is not None and r["lon"] is not None)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_e(title)}</title>
<style>{_asset("report.css")}</style>
</head><body>
<header class="top"><h1>{_e(title)}</h1>
<div class="summary"><span>{len(views)} articles</span><span>{len(rows)} attacks</span>
<span>{n_claims} claims</span><span>{n_attributions} attributions</span><span>{len(failed)} errors</span></div>
</header>
<main>
<div class="filters" role="search">
<input type="search" id="f-text" placeholder="Filter: any words (place, actor, article…)" aria-label="Filter text">
<select id="f-country" aria-label="Country"><option value="">all countries</option></select>
<select id="f-type" aria-label="Attack type"><option value="">all types</option></select>
<select id="f-certainty" aria-label="Perpetrator certainty"><option value="">any certainty</option></select>
<label><input type="checkbox" id="f-located"> located only</label>
<label>min. confidence <input type="number" id="f-confidence" min="0" max="1" step="0.05" style="width:5em"></label>
<button type="button" id="f-reset">reset</button>
<span id="count"></span>
</div>
<section class="overview">
<div><h2>Map ({located} located attacks)</h2>{map_svg(projection)}
<p class="legend">Outlines: {_e(outlines()["source"])}. Circle size grows with the toll.</p></div>
<div><h2>Attacks</h2><div class="table-wrap"><table id="attacks"><thead><tr>{header_cells}</tr></thead>
<tbody></tbody></table></div>
<button type="button" id="more-rows" class="hidden">show more rows</button></div>
</section>
{_events_section(events or [])}
<section id="errors"><h2>Errors ({len(failed)})</h2>{'<ul class="errors">' + errors + '</ul>' if errors else '<p>None.</p>'}</section>
<section id="articles"><h2>Articles (<span id="card-count">{len(views)}</span>)</h2><p class="keys">{keys}</p>
<div id="cards"></div>
<button type="button" id="more-cards" class="hidden">show more articles</button>
</section>
</main>
<script type="application/json" id="report-data">{_script_json(data)}</script>
<script>{_asset("report.js")}</script>
</body></html>
"""
