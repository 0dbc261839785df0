"""Hostile inputs and ordinary misuse: nothing lost, nothing destroyed, nothing hangs.

The inputs come from ``hostile_inputs.build`` (deep JSON, FIFOs, links to devices, lone surrogates,
bad bytes, a 3 GB sparse file, absurd dates and tolls, ...); each must give exactly its expected lines.
"""

from __future__ import annotations

import fcntl
import gzip
import json
import os
import time
from pathlib import Path

import pytest

from hostile_inputs import ATTACK, FRENCH_PLACE, build
from sahel_ie.cli import main
from sahel_ie.io.batch import process_chunk
from sahel_ie.io.readers import Article, read_path
from sahel_ie.schema import validate_extraction


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_bytes().decode("utf-8").splitlines()]


def by_input(rows: list[dict], root: Path) -> dict[str, list[list[str]]]:
    got: dict[str, list[list[str]]] = {}
    for row in rows:
        # the file name that is not UTF-8 is written with U+FFFD for its undecodable byte
        name = str(Path(row["source"]["path"]).relative_to(root)).replace("\ufffd", "\udce9")
        got.setdefault(name, []).append([e["kind"] for e in row["errors"]])
    return got


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile") / "in"
    return root, build(root)


def test_every_hostile_input_gets_its_lines_and_the_run_goes_on(hostile, tmp_path, capsys, nlp):
    root, cases = hostile
    out = tmp_path / "out.jsonl"
    started = time.perf_counter()
    code = main(["extract", str(root), "-o", str(out), "--quiet"])
    elapsed = time.perf_counter() - started
    assert code == 1, capsys.readouterr().err
    rows = lines(out)  # decodes as UTF-8: the surrogates were replaced, not written
    got = by_input(rows, root)
    expected = {case.name: case.lines for case in cases}
    wrong = {name: (got.get(name), want) for name, want in expected.items() if got.get(name) != want}
    assert not wrong
    assert set(got) == set(expected)  # no line for anything else, none missing
    for row in rows:
        validate_extraction(row)
    assert elapsed < 60  # no FIFO read, no 3 GB read, no cubic sentence


def test_replaced_bytes_keep_the_rest_of_the_text(hostile):
    root, _ = hostile
    (stray,) = read_path(root / "stray_byte.txt")
    assert "M\u00e9naka" in stray.text and stray.text.endswith("\ufffd")
    (utf32,) = read_path(root / "utf32.txt")
    assert utf32.text == FRENCH_PLACE
    (surrogate,) = read_path(root / "surrogate_id.jsonl")
    assert surrogate.doc_id == "a\ufffdb"
    middle = [a for a in read_path(root / "bad_line.jsonl")]
    assert [a.text for a in middle][::2] == [ATTACK, FRENCH_PLACE] and middle[1].text.startswith("Djibo ")


def test_an_unlistable_subfolder_is_an_error_line_and_exit_1(tmp_path, monkeypatch, capsys):
    # tests run as root, where chmod 000 still lists: the refusal is simulated at os.scandir
    locked = tmp_path / "in" / "private"
    locked.mkdir(parents=True)
    (locked / "a.txt").write_text(ATTACK, encoding="utf-8")
    real = os.scandir

    def scandir(path="."):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--quiet"]) == 1
    (row,) = lines(out)
    assert row["errors"][0]["kind"] == "unreadable" and "listed" in row["errors"][0]["message"]


def test_a_slow_article_becomes_a_timeout_and_the_next_goes_on(nlp):
    articles = [Article("slow", text=ATTACK), Article("next", text=ATTACK)]
    slow, fast = process_chunk(nlp, articles, time_limit=1e-9)
    assert [e.kind for e in slow.errors] == ["timeout"] and [e.kind for e in fast.errors] == ["timeout"]
    slow, fast = process_chunk(nlp, articles, time_limit=30)
    assert slow.ok and fast.ok and slow.attacks


def test_one_character_limit_that_max_bytes_agrees_with(tmp_path, capsys):
    from sahel_ie.io.cli import size_limits

    class Args:
        max_chars = None
        max_bytes = 6_000_000

    assert size_limits(Args) == (6_000_000, 6_000_000)  # raising --max-bytes alone lifts the character limit
    Args.max_bytes, Args.max_chars = None, 1000
    assert size_limits(Args) == (10_000, 1000)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "long.txt").write_text(ATTACK * 20, encoding="utf-8")  # 1,260 characters
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--max-chars", "1000", "--quiet"]) == 1
    assert "--max-chars" in lines(out)[0]["errors"][0]["message"]
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--max-bytes", "2000", "--quiet"]) == 0


# -- misuse of the command line


@pytest.fixture
def small(tmp_path):
    root = tmp_path / "in"
    root.mkdir()
    (root / "a.txt").write_text(ATTACK, encoding="utf-8")
    (root / "b.txt").write_text(FRENCH_PLACE, encoding="utf-8")
    feed = root / "feed.jsonl"
    feed.write_text("".join(json.dumps({"id": "same", "text": t}) + "\n" for t in (ATTACK, FRENCH_PLACE, ATTACK)),
                    encoding="utf-8")
    return root


def test_an_output_that_is_an_input_is_refused_untouched(small, capsys):
    feed = small / "feed.jsonl"
    before = feed.read_bytes()
    assert main(["extract", str(feed), "-o", str(feed)]) == 2
    assert main(["extract", str(feed), "-o", str(small / "." / "feed.jsonl")]) == 2
    assert feed.read_bytes() == before
    assert "also an input" in capsys.readouterr().err


def test_option_errors_are_found_before_any_file_is_opened(small, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    out.write_text("precious\n", encoding="utf-8")
    assert main(["extract", str(small), "-o", str(out), "--csv", str(tmp_path / "x.txt")]) == 2
    assert main(["extract", str(small), "-o", str(out), "--batch-size", "0"]) == 2
    assert main(["extract", str(small), "-o", str(out), "--time-limit", "-1"]) == 2
    assert out.read_text(encoding="utf-8") == "precious\n"
    assert not (tmp_path / "x.txt").exists()


def test_an_empty_input_set_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.pdf").write_bytes(b"%PDF")
    assert main(["extract", str(tmp_path / "empty"), "-o", str(tmp_path / "out.jsonl")]) == 2
    assert "no article files" in capsys.readouterr().err
    assert not (tmp_path / "out.jsonl").exists()


def test_a_second_run_on_a_locked_output_fails_fast(small, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    out.write_text("", encoding="utf-8")
    with open(out, "a") as holder:
        fcntl.flock(holder, fcntl.LOCK_EX | fcntl.LOCK_NB)
        out.write_text('{"doc_id": "x", "source": {}, "errors": []}\n', encoding="utf-8")
        started = time.perf_counter()
        assert main(["extract", str(small), "-o", str(out)]) == 2
        assert time.perf_counter() - started < 5
    assert out.read_text(encoding="utf-8").count("\n") == 1  # the other run's line is intact
    assert "another process" in capsys.readouterr().err


@pytest.mark.parametrize("content", [b"doc_id,attack_id\nx,a1\n", gzip.compress(b'{"doc_id": "x"}\n'),
                                     b'{"id": "someone else\'s data", "text": "..."}\n'])
def test_resume_refuses_a_file_that_is_not_its_own_output(small, tmp_path, content, capsys):
    out = tmp_path / "out.jsonl"
    out.write_bytes(content)
    assert main(["extract", str(small), "-o", str(out), "--resume"]) == 2
    assert out.read_bytes() == content
    assert "sahel-ie" in capsys.readouterr().err


def test_resume_knows_done_articles_however_the_path_is_spelled(small, tmp_path, monkeypatch, capsys):
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(small), "-o", str(out), "--quiet"]) == 0
    first = lines(out)
    assert [r["doc_id"] for r in first].count("same") == 3
    # kill after two lines: the rest, including two of the three lines sharing an id, must be redone once
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in first[:2]), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    capsys.readouterr()
    assert main(["extract", os.path.relpath(small), "-o", str(out), "--resume", "--quiet"]) == 0
    assert "(2 skipped as done)" in capsys.readouterr().err
    again = lines(out)
    assert [(r["doc_id"], Path(r["source"]["path"]).resolve()) for r in again] == \
        [(r["doc_id"], Path(r["source"]["path"]).resolve()) for r in first]
    assert main(["extract", "./" + os.path.relpath(small), "-o", str(out), "--resume", "--quiet"]) == 0
    assert len(lines(out)) == len(first)  # everything done: nothing appended


def test_hostile_articles_through_the_python_api_never_raise(nlp):
    import sahel_ie

    items = [{"text": ATTACK, "id": {"a": 1}}, {"text": ATTACK, "published": "0001-01-01"}, ("x" * 10, None),
             {"text": ["not", "text"]}, 5, {"text": ATTACK, "url": 5, "outlet": ["x"]}]
    results = list(sahel_ie.extract_many(items, nlp=nlp)) if hasattr(sahel_ie, "extract_many") else []
    if not results:
        from sahel_ie.io.batch import extract_many

        results = list(extract_many(items, nlp=nlp))
    assert len(results) == len(items)
    for result in results:
        validate_extraction(result.to_dict())
    assert [e.kind for e in results[3].errors] == ["malformed_json"]
    assert [e.kind for e in results[4].errors] == ["unreadable"]


def test_a_fifo_given_as_an_argument_is_refused_without_blocking(tmp_path, capsys):
    fifo = tmp_path / "feed.jsonl"
    os.mkfifo(fifo)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(fifo), "-o", str(out), "--quiet"]) == 1
    (row,) = lines(out)
    assert row["errors"][0]["kind"] == "unreadable" and "FIFO" in row["errors"][0]["message"]


def test_a_second_dask_run_on_the_same_folder_fails_fast(tmp_path):
    pytest.importorskip("dask")
    from sahel_ie.io.distributed import LOCK_NAME, extract_with_dask
    from sahel_ie.io.writers import OutputLocked, open_locked

    out = tmp_path / "parts"
    out.mkdir()
    (tmp_path / "a.txt").write_text(ATTACK, encoding="utf-8")
    with open_locked(out / LOCK_NAME, append=True):
        with pytest.raises(OutputLocked):
            extract_with_dask([tmp_path / "a.txt"], out)
    assert not list(out.glob("part-*"))


def test_each_entry_says_whether_its_article_was_processed(hostile, tmp_path, nlp):
    """``severity`` is decided where the entry is made: the replaced-bytes ``encoding`` entries are
    warnings (the article's records are in its line), every entry of an unread input an error."""
    root, cases = hostile
    out = tmp_path / "out.jsonl"
    main(["extract", str(root), "-o", str(out), "--quiet"])
    rows = lines(out)
    for row in rows:
        for entry in row["errors"]:
            assert entry["severity"] in ("error", "warning")
            if entry["kind"] == "encoding" and row["attacks"]:
                assert entry["severity"] == "warning", row
    warned = [row for row in rows if any(e["kind"] == "encoding" for e in row["errors"])]
    assert warned and all(e["severity"] == "warning" for row in warned for e in row["errors"] if e["kind"] == "encoding")


def test_failure_is_read_from_the_severity_never_from_the_message():
    from sahel_ie.io.batch import is_failure
    from sahel_ie.records import ErrorEntry

    unread = ErrorEntry("encoding", "not UTF-8 and nothing else fits either")
    replaced = ErrorEntry.warning("encoding", "no other encoding fits")  # the same words, a warning
    assert is_failure(unread) and not is_failure(replaced)
    assert not is_failure(ErrorEntry("invalid_published", "x"))  # a warning kind, the default
    assert is_failure(ErrorEntry("processing_error", "x"))
    assert ErrorEntry.from_dict(replaced.to_dict()) == replaced
    with pytest.raises(ValueError):
        ErrorEntry("empty", "x", "fatal")
