"""The `sahel-ie resolve` and `sahel-ie show` commands, through the installed entry point."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from conftest import SEED_DIR, SEED_ID
from sahel_ie.cli import main


def test_resolve_prints_actor_parents_and_candidates(capsys):
    assert main(["resolve", "Jamaat", "Nusrat", "al", "Islam", "wal", "Muslimin"]) == 0
    out = capsys.readouterr().out
    assert "resolved: jnim" in out
    assert "al_qaeda" in out  # the parent chain
    assert "nearest candidates" in out


def test_resolve_uses_the_name_in_force_on_a_date(capsys):
    assert main(["resolve", "ISGS", "--date", "2023-05-01"]) == 0
    assert "Islamic State Sahel Province" in capsys.readouterr().out


def test_resolve_generic_description_is_no_actor(capsys):
    assert main(["resolve", "unidentified", "gunmen"]) == 1
    assert "generic description" in capsys.readouterr().out


def test_show_writes_a_review_page_with_evidence(tmp_path, nlp, monkeypatch):
    from sahel_ie import pipeline

    monkeypatch.setattr(pipeline, "default_pipeline", lambda model=None: nlp)
    output = tmp_path / "seed.html"
    assert main(["show", str(SEED_DIR / f"{SEED_ID}.txt"), "--published", "2023-09-08", "-o", str(output)]) == 0
    page = output.read_text(encoding="utf-8")
    assert "Attack a1" in page and "Claim c1" in page and "Attribution t1" in page
    assert 'hl k-trigger' in page  # the trigger highlighted at its offsets in the article text


@pytest.mark.skipif(shutil.which("sahel-ie") is None, reason="console script not installed")
def test_console_script_help_lists_the_commands():
    result = subprocess.run(["sahel-ie", "--help"], capture_output=True, text=True, check=True)
    for command in ("extract", "evaluate", "resolve", "show", "report"):
        assert command in result.stdout
