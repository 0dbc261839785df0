"""Command-line details a new user meets first: --version, resolve, --published, progress totals, batching."""

from __future__ import annotations

import io
import json
import sys

import pytest

from sahel_ie.cli import main, resolve_names
from sahel_ie.io.batch import chunks
from sahel_ie.io.progress import ProgressBar, count_inputs
from sahel_ie.io.readers import Article


def test_version(capsys):
    import sahel_ie

    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"sahel-ie {sahel_ie.__version__}"


def test_resolve_takes_several_names(capsys):
    assert main(["resolve", "JNIM", "ISGS", "Malian army"]) == 0
    out = capsys.readouterr().out
    assert out.count("query:") == 3
    assert "resolved: jnim" in out and "resolved: is_sahel" in out and "resolved: fama" in out


def test_resolve_exit_code_says_whether_every_name_resolved(capsys):
    assert main(["resolve", "JNIM", "Nobody Known Here"]) == 1
    assert "unresolved" in capsys.readouterr().out


def test_unquoted_words_of_one_name_stay_one_name():
    assert resolve_names(["Jamaat", "Nusrat", "al", "Islam"]) == ["Jamaat Nusrat al Islam"]
    assert resolve_names(["JNIM", "ISGS"]) == ["JNIM", "ISGS"]
    assert resolve_names(["Jama'at Nusrat al-Islam", "FAMa"]) == ["Jama'at Nusrat al-Islam", "FAMa"]


@pytest.mark.parametrize("bad", ["2023-13-01", "yesterday", "01/02/2023"])
def test_resolve_rejects_a_bad_date(capsys, bad):
    assert main(["resolve", "ISGS", "--date", bad]) == 2
    assert "not an ISO date" in capsys.readouterr().err


def test_extract_published_fills_only_articles_without_a_date(tmp_path, nlp, monkeypatch):
    from sahel_ie import pipeline

    monkeypatch.setattr(pipeline, "default_pipeline", lambda model=None: nlp)
    folder = tmp_path / "in"
    folder.mkdir()
    text = "Gunmen killed 12 civilians in an attack on the village of Djibo in Burkina Faso on Sunday."
    (folder / "plain.txt").write_text(text, encoding="utf-8")
    (folder / "dated.txt").write_text(text, encoding="utf-8")
    (folder / "dated.meta.json").write_text(json.dumps({"published": "2024-01-10"}), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(folder), "-o", str(out), "--published", "2024-03-06", "--quiet"]) == 0
    rows = {r["doc_id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert rows["plain"]["published"] == "2024-03-06"
    assert rows["plain"]["attacks"][0]["date"]["value"] == "2024-03-03"  # the Sunday before
    assert rows["dated"]["published"] == "2024-01-10"  # metadata wins


def test_extract_rejects_a_bad_published(tmp_path, capsys):
    (tmp_path / "a.txt").write_text("Some text.", encoding="utf-8")
    assert main(["extract", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o.jsonl"), "--published", "soon-ish"]) == 2
    assert "--published" in capsys.readouterr().err


def test_inputs_are_counted_before_the_run(tmp_path):
    (tmp_path / "a.txt").write_text("one", encoding="utf-8")
    (tmp_path / "b.html").write_text("<p>two</p>", encoding="utf-8")
    (tmp_path / "b.meta.json").write_text("{}", encoding="utf-8")  # a sidecar is no article
    lines = [json.dumps({"id": str(i), "text": "x"}) for i in range(5)]
    (tmp_path / "many.jsonl").write_text("\n".join(lines[:3]) + "\n\n" + "\n".join(lines[3:]), encoding="utf-8")
    assert count_inputs([tmp_path]) == 2 + 5
    assert count_inputs([tmp_path], exclude=[tmp_path / "many.jsonl"]) == 2


def test_progress_bar_shows_total_and_eta(monkeypatch):
    stream = io.StringIO()
    monkeypatch.setattr(stream, "isatty", lambda: True, raising=False)
    monkeypatch.setattr(sys, "stderr", stream)
    bar = ProgressBar(disable=False, total=4)
    assert bar.active
    for _ in range(3):
        bar.update(1, errors=0)
    bar.update(2, errors=1)  # more articles than counted (a JSON array): the total grows
    bar.close()
    text = stream.getvalue()
    assert "0/4" in text and "5/5" in text and "<00:00" in text  # the total from the start, elapsed<remaining


def test_batches_are_bounded_by_characters_and_count():
    articles = [Article(f"d{i}", text="x" * size) for i, size in enumerate([10, 30, 30, 50, 200, 5, 5, 5])]
    ids = [[a.doc_id for a in chunk] for chunk in chunks(articles, size=3, max_chars=60)]
    assert ids == [["d0", "d1"], ["d2"], ["d3"], ["d4"], ["d5", "d6", "d7"]]
    assert [len(c) for c in chunks(articles, size=3)] == [3, 3, 2]
