"""Clean-install check: the wheel carries the knowledge base and a non-editable install reads it.

A plain `pip install .` must work, not only `-e`: the data files under models/ have to be inside the
wheel as the package `sahel_ie.models`, and `importlib.resources` has to find them there.
"""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REQUIRED_DATA = [
    "sahel_ie/models/actors.json",
    "sahel_ie/models/generic_actors.json",
    "sahel_ie/models/places.json",
    "sahel_ie/models/record.schema.json",
    "sahel_ie/models/lexicons/en/attack_triggers.json",
    "sahel_ie/models/lexicons/en/context_rules.json",
    "sahel_ie/models/lexicons/en/casualties.json",
    "sahel_ie/models/lexicons/en/claim_cues.json",
    "sahel_ie/models/lexicons/en/attribution_cues.json",
    "sahel_ie/models/country_outlines.json",
    "sahel_ie/models/acled_mapping.json",
    "sahel_ie/report/assets/report.js",
    "sahel_ie/report/assets/report.css",

    "sahel_ie/models/lexicons/language_profiles.json",
    "sahel_ie/models/lexicons/fr/attack_triggers.json",
    "sahel_ie/models/lexicons/fr/casualties.json",
]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        check=True, capture_output=True,
    )
    (path,) = out.glob("sahel_ie-*.whl")
    return path


def test_wheel_contains_the_knowledge_base(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [name for name in REQUIRED_DATA if name not in names]
    assert not missing, missing
    lexicons = ROOT / "models" / "lexicons"
    every_lexicon = {p.relative_to(lexicons).as_posix() for p in lexicons.rglob("*.json")}
    assert {n.split("/lexicons/", 1)[1] for n in names if "/lexicons/" in n and n.endswith(".json")} == every_lexicon


def test_wheel_declares_the_entry_points(wheel):
    archive = zipfile.ZipFile(wheel)
    (entry_points,) = [n for n in archive.namelist() if n.endswith("entry_points.txt")]
    text = archive.read(entry_points).decode()
    assert "sahel-ie = sahel_ie.cli:main" in text
    assert "[spacy_factories]" in text and "sahel_attacks" in text


def test_installed_package_reads_data_through_importlib_resources():
    from sahel_ie.resources import models_root, read_json

    actors = read_json("actors.json")["actors"]
    assert len(actors) >= 60
    assert json.loads((models_root() / "record.schema.json").read_text(encoding="utf-8"))["title"]
