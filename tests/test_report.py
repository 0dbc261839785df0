"""The review page (`sahel-ie report`, `sahel-ie show`): content, self-containment, and a real browser.

The articles are short texts written for these tests; they run through the real pipeline, are written as
the batch writes them (JSONL with source paths), and the page is built from that output.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from sahel_ie.cli import main
from sahel_ie.records import Evidence, Extraction, Source
from sahel_ie.report import build_report, render_extractions
from sahel_ie.report.data import read_extractions
from sahel_ie.report.highlight import Highlight, evidence_pieces, extraction_highlights, highlight_html

ARTICLES = {
    "djibo": "Gunmen attacked the village of Djibo in northern Burkina Faso on Sunday, killing 15 civilians "
             "and wounding 8 others, a local official said.",
    "menaka": "Suspected jihadists ambushed a Malian army convoy near Menaka on Friday, killing six soldiers, "
              "the army said in a statement. Jama'at Nusrat al-Islam wal-Muslimin later claimed "
              "responsibility for the ambush.",
    "tillaberi": "A roadside bomb killed four Nigerien soldiers near Tillaberi on Monday, the defence "
                 "ministry said.",
    "budget": "Ministers met in Niamey on Tuesday to discuss the national budget.",
}
PUBLISHED = "2024-03-06"


@pytest.fixture(scope="module")
def batch(tmp_path_factory, nlp):
    """A folder of articles, their JSONL output (as `extract` writes it) and the extractions."""
    import sahel_ie
    from sahel_ie.io.writers import JsonlWriter

    folder = tmp_path_factory.mktemp("report")
    output = folder / "out.jsonl"
    extractions = []
    with JsonlWriter(output) as writer:
        for doc_id, text in ARTICLES.items():
            path = folder / f"{doc_id}.txt"
            path.write_text(text, encoding="utf-8")
            extraction = sahel_ie.extract(text, PUBLISHED, doc_id, nlp=nlp,
                                          source=Source(path=str(path), outlet="Test Wire", title=f"Report {doc_id}"))
            writer.write(extraction)
            extractions.append(extraction)
    broken = Extraction.failed("broken", "encoding", "no text encoding fits", Source(path=str(folder / "broken.txt")))
    with open(output, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(broken.to_dict()) + "\n")
    extractions.append(broken)
    return folder, output, extractions


@pytest.fixture(scope="module")
def page_file(batch):
    folder, output, _ = batch
    page = folder / "report.html"
    assert main(["report", str(output), "-o", str(page)]) == 0
    return page


def _data_block(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="report-data">(.*?)</script>', page, re.S)
    assert match is not None
    return json.loads(match.group(1).replace("<\\/", "</"))


def test_rows_are_the_attacks_of_the_batch(batch, page_file):
    _, _, extractions = batch
    data = _data_block(page_file.read_text(encoding="utf-8"))
    expected = [(e.doc_id, a.id) for e in extractions for a in e.attacks]
    assert expected, "the test articles must give attacks"
    assert [(r["doc_id"], r["attack_id"]) for r in data["rows"]] == expected
    by_key = {(e.doc_id, a.id): a for e in extractions for a in e.attacks}
    for row in data["rows"]:
        attack = by_key[(row["doc_id"], row["attack_id"])]
        assert row["place"] == (attack.location.name or attack.location.text or "")
        assert row["lat"] == attack.location.lat
        assert row["perpetrator"] == (attack.perpetrator.name or attack.perpetrator.text or "")
        assert row["title"] == f"Report {row['doc_id']}"


def test_cards_carry_full_text_metadata_and_errors(batch, page_file):
    _, _, extractions = batch
    page = page_file.read_text(encoding="utf-8")
    cards = _data_block(page)["cards"]
    assert len(cards) == len(extractions) and all(c.startswith('<article class="card"') for c in cards)
    assert "Test Wire" in cards[0] and "Report menaka" in cards[1]
    assert "encoding: no text encoding fits" in page  # the failed article is listed with its error
    # the article without records is shown whole (its text was read back from its file)
    assert ARTICLES["budget"] in cards[3]


def test_every_slot_is_highlighted_at_its_offsets(batch):
    _, _, extractions = batch
    extraction = next(e for e in extractions if e.doc_id == "menaka")
    text = ARTICLES["menaka"]
    spans = extraction_highlights(extraction)
    kinds = {s.kind for s in spans}
    assert {"trigger", "place", "date", "casualty", "perpetrator", "sentence"} <= kinds
    attack = extraction.attacks[0]
    trigger = next(s for s in spans if s.kind == "trigger")
    assert text[trigger.start:trigger.end] == attack.text
    marked = highlight_html([(0, text)], spans)
    for span in spans:
        if span.kind == "place":
            assert f">{text[span.start:span.end]}</span>" in marked
    # the marked-up text reads as the article once the tags are removed
    assert re.sub(r"<[^>]+>", "", marked).replace("&#x27;", "'") == text


def test_overlapping_spans_are_split_into_segments():
    text = "Gunmen attacked the camp at dawn."
    spans = [Highlight(0, 33, "sentence", "a1"), Highlight(7, 15, "trigger", "a1"), Highlight(7, 15, "trigger", "a2")]
    marked = highlight_html([(0, text)], spans)
    assert '<span class="hl k-trigger k-sentence" data-rec="a1 a2" title="trigger">attacked</span>' in marked
    assert marked.count("<span") == 3


def test_without_the_article_file_the_cited_sentences_are_shown():
    text = "First sentence here. Second one names Gao. Third sentence."
    first, second = Evidence(0, 20, 0, text[0:20]), Evidence(21, 42, 1, text[21:42])
    extraction = Extraction.from_dict({
        "doc_id": "x", "attacks": [{"id": "a1", "text": "names", "evidence": [second.to_dict()],
                                     "location": {"name": "Gao", "evidence": [{"start": 38, "end": 41}]}}],
        "claims": [{"id": "c1", "evidence": [first.to_dict()]}],
    })
    pieces = evidence_pieces(extraction)
    assert pieces == [(0, text[0:20]), (21, text[21:42])]
    card = _data_block(render_extractions([(extraction, None)]))["cards"][0]
    assert "only the sentences the records cite" in card
    assert '<span class="hl k-place k-sentence" data-rec="a1" title="place: Gao">Gao</span>' in card


def test_events_file_links_attacks_to_events(batch, tmp_path):
    _, output, extractions = batch
    djibo = next(e for e in extractions if e.doc_id == "djibo")
    events = tmp_path / "events.jsonl"
    events.write_text(json.dumps({"event_id": "ev-test-1", "attack_type": "raid",
                                  "members": [{"doc_id": "djibo", "record_id": djibo.attacks[0].id}]}) + "\n")
    page = build_report(output, events)
    rows = _data_block(page)["rows"]
    assert [r["event_id"] for r in rows if r["doc_id"] == "djibo"] == ["ev-test-1"]
    assert all(r["event_id"] == "" for r in rows if r["doc_id"] != "djibo")
    assert "Events (1)" in page


def test_page_is_self_contained(batch, tmp_path):
    """Nothing in the page can make the browser fetch anything, even with urls in the metadata."""
    _, output, _ = batch
    with_url = tmp_path / "with_url.jsonl"
    lines = []
    for extraction in read_extractions(output):
        extraction.source.url = f"https://news.example.org/{extraction.doc_id}"
        lines.append(json.dumps(extraction.to_dict()))
    with_url.write_text("\n".join(lines) + "\n")
    page = build_report(with_url)
    assert "https://news.example.org/djibo" in page  # shown to the analyst, as text
    cards = "".join(_data_block(page)["cards"])  # card HTML goes into the page when shown: check it too
    for tag, name, value in _url_attributes(page) + _url_attributes(cards):
        assert value.startswith("#"), (tag, name, value)
    for assigned in re.findall(r"\.(?:src|href|action)\s*=\s*([^;]+);", page):  # set by the script
        assert assigned.startswith('"#'), assigned
    assert "<link" not in page and "@import" not in page and "url(" not in page and "url(" not in cards
    assert "<iframe" not in page and "<img" not in page
    assert not re.search(r"\b(?:fetch|XMLHttpRequest|WebSocket|importScripts)\b", page)
    without_url = build_report(output)
    assert "http" not in without_url  # no address of any kind, not even an SVG namespace


def _url_attributes(page: str) -> list[tuple[str, str, str]]:
    """Every attribute of every tag that could name a resource or a link target."""
    from html.parser import HTMLParser

    found: list[tuple[str, str, str]] = []

    class Collector(HTMLParser):
        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if name in {"src", "href", "action", "srcset", "poster", "data", "xlink:href", "formaction"}:
                    found.append((tag, name, value or ""))

    Collector().feed(page)
    assert any(name == "href" for _, name, _ in found)  # the parser did see the page's own anchors
    return found


def test_map_outlines_are_a_small_public_domain_resource():
    from sahel_ie.report.geo import map_svg, outlines

    data = outlines()
    assert "public domain" in data["licence"].lower()
    isos = {c["iso"] for c in data["countries"]}
    assert {"ML", "BF", "NE", "TD", "MR"} <= isos
    svg = map_svg()
    assert svg.count('<path class="country') == len(data["countries"])
    from sahel_ie.resources import read_text

    assert len(read_text("country_outlines.json")) < 60_000


def test_show_reads_html_and_its_sidecar(tmp_path, nlp, monkeypatch):
    from sahel_ie import pipeline

    monkeypatch.setattr(pipeline, "default_pipeline", lambda model=None: nlp)
    article = tmp_path / "story.html"
    body = "".join(f"<p>{sentence}</p>" for sentence in ARTICLES["menaka"].split(". "))
    article.write_text(f"<html><head><title>x</title></head><body><article>{body}</article></body></html>")
    (tmp_path / "story.meta.json").write_text(json.dumps({"title": "Convoy ambushed", "outlet": "Test Wire",
                                                           "published": PUBLISHED}))
    output = tmp_path / "story_page.html"
    assert main(["show", str(article), "-o", str(output)]) == 0
    page = output.read_text(encoding="utf-8")
    assert "<title>Convoy ambushed</title>" in page and "Test Wire" in page
    assert f"published {PUBLISHED}" in page
    assert len(_data_block(page)["rows"]) >= 1


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _browser():
    if CHROMIUM is None:
        pytest.skip("no chromium on PATH (apt-get install chromium): the in-browser checks need a real browser")
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright (the [dev] extra) drives the browser")
    return playwright


def test_page_works_in_a_headless_browser(batch, page_file, tmp_path):
    sync_api = _browser()
    _, _, extractions = batch
    rows = [(e, a) for e in extractions for a in e.attacks]
    problems: list[str] = []
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda m: problems.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
            page.on("pageerror", lambda error: problems.append(f"pageerror: {error}"))
            page.on("request", lambda r: problems.append(f"request: {r.url}") if not r.url.startswith("file:") else None)
            page.goto(page_file.as_uri())
            page.wait_for_selector("body[data-ready='1']", timeout=10_000)
            assert page.locator("#attacks tbody tr").count() == len(rows)
            assert page.locator("#points circle").count() == sum(1 for _, a in rows if a.location.lat is not None)
            # filtering by one country leaves exactly that country's rows, on the table and the map
            country_row = next(a for _, a in rows if a.location.country == "BF")
            page.select_option("#f-country", value="Burkina Faso")
            shown = page.locator("#attacks tbody tr")
            assert shown.count() == sum(1 for _, a in rows if a.location.country == "BF")
            assert country_row.location.name in shown.first.inner_text()
            assert page.locator("#cards .card").count() == 1  # only the filtered article's card
            page.click("#f-reset")
            page.fill("#f-text", "menaka")
            assert page.locator("#attacks tbody tr").count() == sum(
                1 for e, _ in rows if e.doc_id == "menaka")
            page.click("#f-reset")
            # sorting by the killed column puts the largest toll first
            page.click("th[data-key='killed']")
            page.click("th[data-key='killed']")
            tolls = [int(t) for t in page.locator("#attacks tbody tr td:nth-child(8)").all_inner_texts() if t]
            assert tolls == sorted(tolls, reverse=True) and tolls
            assert page.locator("#cards .card").count() == len(extractions)  # all, under one page
            # a row opens its article's card and lights its evidence
            page.click("#attacks tbody tr:first-child")
            assert page.locator(".card.focused .hl.on").count() >= 1
            shot = tmp_path / "report.png"
            page.screenshot(path=str(shot))
        finally:
            browser.close()
    assert problems == []
    _assert_not_blank(shot)


def _assert_not_blank(png: Path) -> None:
    """The screenshot has real content: many distinct colours, not one flat fill."""
    import zlib

    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, offset = [], 8
    width = height = 0
    while offset < len(data):
        length = int.from_bytes(data[offset:offset + 4], "big")
        kind = data[offset + 4:offset + 8]
        body = data[offset + 8:offset + 8 + length]
        if kind == b"IHDR":
            width, height = int.from_bytes(body[:4], "big"), int.from_bytes(body[4:8], "big")
        elif kind == b"IDAT":
            chunks.append(body)
        offset += 12 + length
    raw = zlib.decompress(b"".join(chunks))
    assert width > 0 and height > 0
    sample = {raw[i:i + 3] for i in range(1, len(raw) - 3, 997)}
    assert len(sample) > 20
