"""``sahel-ie extract``: exit codes, the summary line, resume after a crash, --fail-fast, Ctrl-C."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from sahel_ie.cli import main
from sahel_ie.io import writers

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = {
    "a_djibo.txt": "Gunmen killed 12 civilians in Djibo on Sunday, residents said.",
    "b_gao.txt": "Suspected jihadists ambushed an army convoy near Gao on Monday, killing five soldiers.",
    "c_kidal.md": "An improvised explosive device killed three peacekeepers near Kidal on Tuesday.",
    "d_solhan.txt": "Militants attacked the village of Solhan overnight, killing dozens of people.",
}


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    for name, text in ARTICLES.items():
        (root / ("sub" if name.startswith("c") else "") / name).write_text(text, encoding="utf-8")
    (root / "a_djibo.meta.json").write_text('{"published": "2024-05-13", "outlet": "Wire"}', encoding="utf-8")
    return root


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_clean_run_exits_0_with_a_summary(folder, tmp_path, capsys, nlp):
    out = tmp_path / "out.jsonl"
    code = main(["extract", str(folder), "-o", str(out), "--csv", str(tmp_path / "out.csv"),
                 "--geojson", str(tmp_path / "out.geojson")])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    rows = lines(out)
    assert [r["doc_id"] for r in rows] == ["a_djibo", "b_gao", "d_solhan", "c_kidal"]
    assert rows[0]["published"] == "2024-05-13" and rows[0]["source"]["outlet"] == "Wire"
    assert "4 articles (0 skipped as done)" in captured.err and "errors: none" in captured.err
    csv_rows = (tmp_path / "out.csv").read_text(encoding="utf-8").splitlines()
    assert len(csv_rows) == 1 + sum(len(r["attacks"]) for r in rows)
    geo = json.loads((tmp_path / "out.geojson").read_text(encoding="utf-8"))
    assert len(geo["features"]) >= 1


def test_bad_inputs_exit_1_and_still_get_a_line_each(folder, tmp_path, capsys):
    (folder / "bin.txt").write_bytes(b"\x00\x01\x02 binary")
    (folder / "empty.txt").write_bytes(b"")
    (folder / "feed.jsonl").write_text('{"id": "f1", "text": "Soldiers were killed in Menaka."}\n{broken\n',
                                       encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code = main(["extract", str(folder), "-o", str(out), "--quiet"])
    err = capsys.readouterr().err
    assert code == 1
    rows = {r["doc_id"]: r for r in lines(out)}
    assert len(rows) == 4 + 4
    assert rows["bin"]["errors"][0]["kind"] == "binary"
    assert rows["empty"]["errors"][0]["kind"] == "empty"
    assert rows["feed:2"]["errors"][0]["kind"] == "malformed_json"
    assert rows["f1"]["errors"] == []
    assert "binary: 1" in err and "empty: 1" in err and "malformed_json: 1" in err


def test_usage_errors_exit_2(folder, tmp_path, capsys):
    assert main(["extract", str(tmp_path / "missing"), "-o", str(tmp_path / "o.jsonl")]) == 2
    assert main(["extract", str(folder), "-o", str(tmp_path / "o.xlsx")]) == 2
    assert "unknown output format" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exited:
        main(["extract", str(folder)])  # -o is required
    assert exited.value.code == 2


def test_resume_after_a_crash_with_a_torn_last_line(folder, tmp_path, capsys):
    out, table, geo = tmp_path / "out.jsonl", tmp_path / "out.csv", tmp_path / "out.geojson"
    extras = ["--csv", str(table), "--geojson", str(geo), "--quiet"]
    assert main(["extract", str(folder), "-o", str(out), *extras]) == 0
    complete = out.read_text(encoding="utf-8").splitlines()
    complete_csv, complete_geo = table.read_text(encoding="utf-8"), json.loads(geo.read_text(encoding="utf-8"))
    out.write_text("\n".join(complete[:2]) + "\n" + complete[2][:25], encoding="utf-8")  # killed mid-write
    table.write_text(complete_csv[: len(complete_csv) // 2], encoding="utf-8")  # torn CSV row
    geo.write_text('{"type": "FeatureCollection", "features": [', encoding="utf-8")  # never closed
    capsys.readouterr()
    assert main(["extract", str(folder), "-o", str(out), "--resume", *extras]) == 0
    assert "(2 skipped as done)" in capsys.readouterr().err
    resumed = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line) for line in resumed] == [json.loads(line) for line in complete]
    assert table.read_text(encoding="utf-8") == complete_csv
    assert json.loads(geo.read_text(encoding="utf-8")) == complete_geo


def test_fail_fast_stops_at_the_first_error(folder, tmp_path, capsys):
    (folder / "a_aaa.txt").write_bytes(b"")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(folder), "-o", str(out), "--fail-fast", "--quiet"]) == 1
    assert "stopping (--fail-fast): a_aaa: empty" in capsys.readouterr().err
    assert [r["doc_id"] for r in lines(out)] == ["a_aaa"]


def test_ctrl_c_leaves_valid_output_and_exit_130(folder, tmp_path, capsys, monkeypatch):
    written = []
    original = writers.JsonlWriter.write

    def interrupted(self, extraction):
        if len(written) == 2:
            raise KeyboardInterrupt
        written.append(extraction.doc_id)
        original(self, extraction)

    monkeypatch.setattr(writers.JsonlWriter, "write", interrupted)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(folder), "-o", str(out), "--quiet"]) == 130
    assert "rerun with --resume" in capsys.readouterr().err
    assert [r["doc_id"] for r in lines(out)] == written == ["a_djibo", "b_gao"]


def test_command_line_entry_point_is_quiet_when_not_a_terminal(folder, tmp_path):
    out = tmp_path / "out.jsonl"
    result = subprocess.run([sys.executable, "-m", "sahel_ie", "extract", str(folder), "-o", str(out),
                             "--n-process", "2"], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "article/s" not in result.stderr and "it/s" not in result.stderr  # no progress bar in a pipe
    assert result.stderr.strip().splitlines()[-1].startswith("4 articles")
    assert len(lines(out)) == 4


def test_outputs_inside_an_input_folder_are_not_read_as_articles(folder, capsys):
    out = folder / "results" / "out.jsonl"
    assert main(["extract", str(folder), "-o", str(out), "--csv", str(folder / "out.csv"), "--quiet"]) == 0
    assert main(["extract", str(folder), "-o", str(out), "--resume", "--quiet"]) == 0
    assert "0 articles (4 skipped as done)" in capsys.readouterr().err
    assert len(lines(out)) == 4


def test_resume_tells_apart_files_with_the_same_name_in_different_folders(tmp_path, capsys):
    for sub in ("a", "b"):
        (tmp_path / "in" / sub).mkdir(parents=True)
        (tmp_path / "in" / sub / "story.txt").write_text(ARTICLES["a_djibo.txt"], encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(tmp_path / "in" / "a"), "-o", str(out), "--quiet"]) == 0
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--resume", "--quiet"]) == 0
    assert "1 articles (1 skipped as done)" in capsys.readouterr().err
    assert [Path(r["source"]["path"]).parent.name for r in lines(out)] == ["a", "b"]


class FakeTerminal:
    """A stderr that says it is a terminal, to see what the progress bar draws."""

    def __init__(self):
        self.parts = []

    def write(self, text):
        self.parts.append(text)

    def flush(self):
        pass

    def isatty(self):
        return True


def test_progress_bar_shows_rate_and_errors_on_a_terminal_only(monkeypatch):
    from sahel_ie.io.progress import progress_bar

    terminal = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    bar = progress_bar()
    for errors in (0, 1, 1):
        bar.update(1, errors=errors)
    bar.close()
    drawn = "".join(terminal.parts)
    assert "3article" in drawn.replace(" ", "") and "article/s" in drawn and "errors=1" in drawn
    quiet = FakeTerminal()
    monkeypatch.setattr(sys, "stderr", quiet)
    silent = progress_bar(disable=True)
    silent.update(1, errors=0)
    silent.close()
    assert quiet.parts == []


def test_a_real_interrupt_leaves_valid_output_that_resume_completes(tmp_path):
    import signal
    import time

    folder = tmp_path / "many"
    folder.mkdir()
    # enough articles that the run is still going when a busy test machine gets round to the signal
    count = 400
    for i in range(count):
        (folder / f"s{i:03d}.txt").write_text(f"Gunmen killed {i + 2} villagers near Dori on Monday.", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-m", "sahel_ie", "extract", str(folder), "-o", str(out), "--batch-size", "2"]
    process = subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.exists() and out.stat().st_size > 0):
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    err = process.communicate(timeout=60)[1]
    assert process.returncode == 130, err
    assert "Traceback" not in err
    partial = lines(out)  # every line parses
    assert 0 < len(partial) < count
    resumed = subprocess.run(command + ["--resume"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr
    assert f"({len(partial)} skipped as done)" in resumed.stderr
    assert [r["doc_id"] for r in lines(out)] == [f"s{i:03d}" for i in range(count)]


def test_an_unusable_published_date_is_a_warning_not_a_failure(folder, tmp_path, capsys):
    (folder / "b_gao.meta.json").write_text('{"published": "sometime last year"}', encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(folder), "-o", str(out), "--quiet"]) == 0
    gao = next(r for r in lines(out) if r["doc_id"] == "b_gao")
    assert [e["kind"] for e in gao["errors"]] == ["invalid_published"] and gao["published"] is None
    assert gao["attacks"]


def test_a_broken_sidecar_is_reported_with_the_records(folder, tmp_path):
    (folder / "d_solhan.meta.json").write_text("[1, 2", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(folder), "-o", str(out), "--quiet"]) == 0
    solhan = next(r for r in lines(out) if r["doc_id"] == "d_solhan")
    assert [e["kind"] for e in solhan["errors"]] == ["invalid_metadata"] and solhan["attacks"]
