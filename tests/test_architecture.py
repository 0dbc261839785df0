"""The package's layering, checked on the source: the parse machinery imports no spaCy component, and
the lexicons are kept one folder per language with the same file names in each."""

from __future__ import annotations

import ast
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "sahel_ie"
LEXICONS = ROOT / "models" / "lexicons"


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


def test_the_parse_machinery_imports_no_component():
    offenders = {
        path.name: sorted(m for m in _imported_modules(path) if m.startswith("sahel_ie.components"))
        for path in (PACKAGE / "parsing").glob("*.py")
    }
    assert {name: mods for name, mods in offenders.items() if mods} == {}


def test_every_factory_lives_in_a_component_module():
    """``@Language.factory`` marks a component; the machinery package holds none."""
    for path in (PACKAGE / "parsing").glob("*.py"):
        assert "Language.factory" not in path.read_text(encoding="utf-8"), path.name


def test_the_parse_machinery_is_importable_without_the_components():
    import subprocess
    import sys

    code = (
        "import sys, importlib, pkgutil, sahel_ie.parsing as p\n"
        "for m in pkgutil.iter_modules(p.__path__): importlib.import_module('sahel_ie.parsing.' + m.name)\n"
        "print(sorted(k for k in sys.modules if k.startswith('sahel_ie.components')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_each_language_folder_holds_the_same_lexicon_files():
    folders = [p for p in LEXICONS.iterdir() if p.is_dir() and not p.name.startswith("_")]
    assert {p.name for p in folders} >= {"en", "fr"}
    names = {p.name: sorted(f.name for f in p.glob("*.json")) for p in folders}
    assert len({tuple(v) for v in names.values()}) == 1, names
    for folder in folders:
        for path in folder.glob("*.json"):
            json.loads(path.read_text(encoding="utf-8"))


def test_read_lexicon_reads_the_language_folder():
    from sahel_ie.resources import read_json, read_lexicon

    assert read_lexicon("casualties") is read_json("lexicons/en/casualties.json")
    assert read_lexicon("casualties", "fr") is read_json("lexicons/fr/casualties.json")
