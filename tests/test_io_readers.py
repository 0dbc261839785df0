"""Readers: every format, sidecars, datelines and every kind of unreadable input become one Article each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sahel_ie.io.dateline import find_publication_date
from sahel_ie.io.limits import InputError, decode_bytes
from sahel_ie.io.readers import discover, read_articles, read_path

STORY = ("Gunmen on motorbikes attacked the village of Boni in central Mali on Tuesday, killing seven "
         "civilians, local officials said.")


def one(path: Path, **kwargs):
    articles = list(read_path(path, **kwargs))
    assert len(articles) == 1
    return articles[0]


def test_txt_with_sidecar_metadata(tmp_path):
    (tmp_path / "boni.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "boni.meta.json").write_text(json.dumps(
        {"id": "boni-1", "title": "Boni attack", "url": "https://example.org/boni", "outlet": "Example",
         "published": "2024-02-13"}), encoding="utf-8")
    article = one(tmp_path / "boni.txt")
    assert article.error is None
    assert article.doc_id == "boni-1"
    assert article.published == "2024-02-13"
    assert article.source.title == "Boni attack"
    assert article.source.outlet == "Example"
    assert article.source.url == "https://example.org/boni"
    assert article.text == STORY


def test_markdown_without_metadata_takes_the_file_stem_and_no_date(tmp_path):
    (tmp_path / "note.md").write_text("# Boni\n\n" + STORY, encoding="utf-8")
    article = one(tmp_path / "note.md")
    assert article.doc_id == "note"
    assert article.published is None
    assert "Boni" in article.text


def test_dateline_gives_the_date_when_metadata_has_none(tmp_path):
    (tmp_path / "wire.txt").write_text("OUAGADOUGOU, 14 March 2024 - " + STORY, encoding="utf-8")
    assert one(tmp_path / "wire.txt").published == "2024-03-14"


def test_metadata_date_beats_the_dateline(tmp_path):
    (tmp_path / "wire.txt").write_text("OUAGADOUGOU, 14 March 2024 - " + STORY, encoding="utf-8")
    (tmp_path / "wire.meta.json").write_text('{"published": "2024-03-15"}', encoding="utf-8")
    assert one(tmp_path / "wire.txt").published == "2024-03-15"


@pytest.mark.parametrize("head, expected", [
    ("Published on 2023-08-01 by the desk.", "2023-08-01"),
    ("NIAMEY, Aug 2, 2023 (Wire) - Soldiers were ambushed.", "2023-08-02"),
    ("BAMAKO, Sept 8 (Wire) - a dateline without a year is not trusted.", None),
    ("No date anywhere near the top.", None),
])
def test_find_publication_date(head, expected):
    assert find_publication_date(head) == expected


def test_html_article_text_and_title(tmp_path):
    html = ("<html><head><title>Attack on Boulkessi camp</title></head><body><nav>Home | World</nav>"
            "<article><h1>Attack on Boulkessi camp</h1><p>Jihadists attacked the army camp at Boulkessi on "
            "Monday, killing ten soldiers, the army said.</p><p>The statement was issued on 5 May 2024 in "
            "Ouagadougou and gave no figure for the assailants.</p></article></body></html>")
    (tmp_path / "camp.html").write_text(html, encoding="utf-8")
    article = one(tmp_path / "camp.html")
    assert article.error is None
    assert "Boulkessi" in article.text and "<p>" not in article.text
    assert article.source.title == "Attack on Boulkessi camp"
    assert article.published == "2024-05-05"


def test_json_object_and_list(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps(
        {"id": "a1", "headline": "Boni", "body": STORY, "date": "2024-02-13T10:00:00Z",
         "source": {"name": "Wire"}}), encoding="utf-8")
    article = one(tmp_path / "one.json")
    assert (article.doc_id, article.published, article.source.outlet, article.source.title) == (
        "a1", "2024-02-13T10:00:00Z", "Wire", "Boni")
    (tmp_path / "many.json").write_text(json.dumps([{"text": STORY}, {"text": STORY, "id": "x"}, 3]),
                                        encoding="utf-8")
    articles = list(read_path(tmp_path / "many.json"))
    assert [a.doc_id for a in articles] == ["many#0", "x", "many#2"]
    assert articles[2].error.kind == "malformed_json"


def test_jsonl_one_article_per_line_and_bad_lines_are_errors(tmp_path):
    lines = [json.dumps({"id": "l1", "text": STORY, "published": "2024-01-02"}), "",
             "{not json", json.dumps(["a list"]), json.dumps({"title": "no text"}),
             json.dumps({"text": "   "}), json.dumps({"text": "A line with \u2028 a line separator inside."})]
    (tmp_path / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    articles = list(read_path(tmp_path / "feed.jsonl"))
    assert [a.doc_id for a in articles] == ["l1", "feed:3", "feed:4", "feed:5", "feed:6", "feed:7"]
    assert [a.error.kind if a.error else None for a in articles] == [
        None, "malformed_json", "malformed_json", "malformed_json", "empty", None]
    assert "line 3" in articles[1].error.message


def test_malformed_json_file(tmp_path):
    (tmp_path / "bad.json").write_text('{"text": "unterminated', encoding="utf-8")
    assert one(tmp_path / "bad.json").error.kind == "malformed_json"


def test_empty_and_whitespace_files(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    assert one(tmp_path / "empty.txt").error.kind == "empty"
    assert one(tmp_path / "blank.txt").error.kind == "empty"


def test_binary_file_renamed_txt(tmp_path):
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.7\n\x00\x01\x02\x03" * 50)
    assert one(tmp_path / "scan.txt").error.kind == "binary"


def test_cp1252_and_latin1_text_decode(tmp_path):
    text = "Les soldats des FAMa ont été attaqués à Ségou ; « l’armée » a riposté."
    (tmp_path / "cp.txt").write_bytes(text.encode("cp1252"))
    article = one(tmp_path / "cp.txt")
    assert article.error is None
    assert "Ségou" in article.text and "été" in article.text
    (tmp_path / "latin.txt").write_bytes("Attaque à Djibo, près de Ségou, village d'Arbinda.".encode("latin-1"))
    assert "près de Ségou" in one(tmp_path / "latin.txt").text


def test_utf16_with_bom(tmp_path):
    (tmp_path / "u16.txt").write_bytes(STORY.encode("utf-16"))
    article = one(tmp_path / "u16.txt")
    assert article.error is None and article.text == STORY


def test_utf8_bom_is_stripped(tmp_path):
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + STORY.encode("utf-8"))
    assert one(tmp_path / "bom.txt").text == STORY


def test_too_large_with_a_small_limit(tmp_path):
    (tmp_path / "big.txt").write_text(STORY * 10, encoding="utf-8")
    article = one(tmp_path / "big.txt", max_bytes=100)
    assert article.error.kind == "too_large"
    assert "100" in article.error.message
    assert one(tmp_path / "big.txt").error is None
    with pytest.raises(InputError) as caught:
        decode_bytes(b"x" * 11, max_bytes=10)
    assert caught.value.kind == "too_large"


def test_unreadable_entries_become_errors(tmp_path):
    (tmp_path / "folder.txt").mkdir()  # tests run as root: chmod 000 would still be readable
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    assert one(tmp_path / "folder.txt").error.kind == "unreadable"
    articles = list(read_articles([tmp_path]))
    # a folder named like an article is an input the user meant: it gets its line, as the broken link does
    assert [(a.doc_id, a.error.kind) for a in articles] == [("folder", "unreadable"), ("gone", "unreadable")]


def test_discover_recurses_in_stable_order_and_skips_sidecars_and_gold(tmp_path):
    for name in ["b/z.txt", "b/a.md", "a.txt", "a.meta.json", "a.gold.json", "c/d/e.jsonl", "notes.pdf",
                 ".hidden.txt"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in discover([tmp_path])]
    assert found == ["a.txt", "b/a.md", "b/z.txt", "c/d/e.jsonl"]
    assert [p.name for p in discover([tmp_path / "a.txt", tmp_path / "b"])] == ["a.txt", "a.md", "z.txt"]


def test_html_without_article_text_and_a_broken_sidecar(tmp_path):
    (tmp_path / "blank.html").write_text("<html><body><script>var x = 1;</script></body></html>", encoding="utf-8")
    assert one(tmp_path / "blank.html").error.kind == "empty"
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "story.meta.json").write_text("{broken", encoding="utf-8")
    article = one(tmp_path / "story.txt")  # a sidecar that does not parse is ignored, the article is kept
    assert article.error is None and article.doc_id == "story"
    assert [w.kind for w in article.warnings] == ["invalid_metadata"]
    assert "story.meta.json" in article.warnings[0].message
