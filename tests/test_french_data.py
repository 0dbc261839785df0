"""The French groundwork as data: the fixture corpus in corpus/fr and the lexicons in models/lexicons/fr.

The gold files go through the same validating loader as the English ones, every quoted string must be
in its article, and corpus/fr must stay out of the English evaluation and its floors. Each French
lexicon must have the shape of its English counterpart (same keys, same value types), so that the
loaders that read the English files read the French ones unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from sahel_ie.evaluate.gold import find_gold_files, load_gold_dir

ROOT = Path(__file__).resolve().parent.parent
FR_CORPUS = ROOT / "corpus" / "fr"
LEXICONS = ROOT / "models" / "lexicons"
FR_LEXICONS = LEXICONS / "fr"
STYLES = {"wire", "local_press", "army_communique", "monitoring_claim", "un_update"}

# Dictionaries whose keys are words of the language (lemma -> outcome, form -> type, ...): the keys differ
# between languages, the values must have the English values' shapes. Every other dictionary is a record
# whose keys must be the English ones. Keys starting with "_" are comments and may differ.
MAPS = {
    "casualties.json": {"outcome_verbs", "outcome_adjectives", "outcome_nouns", "victim_nouns", "group_modifiers",
                        "force_nouns", "vague_quantities", "qualifiers"},
    "attack_triggers.json": {"type_from_attacker"},
    "dates.json": {"anchor_words", "unit_days", "analyser_words"},
    "numbers.json": {"units", "tens", "scales", "multipliers", "compounds"},
    "syntax.json": {"labels", "function_words"},
}
# Below these keys the value is a spaCy token pattern: its inner shape is the matcher's, not the lexicon's.
OPAQUE = {"pattern"}


@pytest.fixture(scope="module")
def french_gold():
    return load_gold_dir(FR_CORPUS)


def test_at_least_thirty_french_articles_load_through_the_validating_loader(french_gold):
    assert len(french_gold) >= 30
    assert {article.style for article in french_gold} >= STYLES


def _quoted(value: Any, path: str = ""):
    """Every (path, string) under a "text" or "quote" key of a gold document, outside its source."""
    if isinstance(value, dict):
        for key, item in value.items():
            here = f"{path}.{key}" if path else key
            if key in ("text", "quote") and isinstance(item, str) and not here.startswith("source"):
                yield here, item
            yield from _quoted(item, here)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _quoted(item, f"{path}[{index}]")


@pytest.mark.parametrize("path", sorted(FR_CORPUS.glob("*.gold.json")), ids=lambda p: p.name[:4])
def test_every_quoted_string_is_verbatim_in_its_article(path):
    text = path.with_name(path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
    data = json.loads(path.read_text(encoding="utf-8"))
    quoted = list(_quoted(data))
    assert quoted
    missing = [f"{where}: {value!r}" for where, value in quoted if value not in text]
    assert not missing, missing


def test_the_french_gold_covers_the_constructions_it_is_for(french_gold):
    texts = " ".join(article.text.replace("’", "'") for article in french_gold).lower()
    for phrase in ("attaque", "embuscade", "assaut", "attentat", "engin explosif improvisé", "frappe de drone",
                   "enlèvement", "enlevés", "massacre", "tuerie", "exactions", "tués", "blessés", "portés disparus",
                   "une trentaine", "une dizaine", "plusieurs dizaines", "au moins", "près de", "le bilan s'élève à",
                   "revendiqué", "revendication", "démenti", "n'a pas été revendiquée", "attribue", "impute",
                   "accuse", "soupçonnés", "présumés", "selon une source sécuritaire", "mardi dernier",
                   "dans la nuit de dimanche à lundi", "le 12 mars", "fama", "eigs", "gsim",
                   "l'état islamique au sahel", "les forces armées burkinabè", "vdp", "tombouctou", "ménaka"):
        assert phrase in texts, phrase
    statuses = {claim.status for article in french_gold for claim in article.extraction.claims}
    assert statuses == {"claimed", "denied", "not_claimed"}
    types = {attack.attack_type for article in french_gold for attack in article.extraction.attacks}
    assert types >= {"armed_assault", "ambush", "raid", "bombing", "shelling", "abduction", "arson"}


def test_corpus_fr_stays_out_of_the_english_evaluation_and_floor():
    floor = json.loads((ROOT / "evaluation_floor.json").read_text(encoding="utf-8"))
    english = find_gold_files(*(ROOT / folder for folder in floor["gold"]))
    assert english and not any(FR_CORPUS in path.parents for path in english)
    assert "corpus/fr" not in floor["gold"]


def _shape(value: Any, where: str, maps: set[str], errors: list[str], english: Any) -> None:
    """Compare ``value`` (French) with ``english`` recursively, collecting the differences."""
    if type(value) is not type(english):
        errors.append(f"{where}: {type(value).__name__} where English has {type(english).__name__}")
        return
    key = where.rsplit(".", 1)[-1]
    if key in OPAQUE:
        return
    if isinstance(english, dict):
        if key in maps:
            shapes = {_signature(v) for k, v in english.items() if not k.startswith("_")}
            if not shapes:
                return  # English needs no entries here (its model's labels are the rules' own)
            for k, v in value.items():
                if not k.startswith("_") and _signature(v) not in shapes:
                    errors.append(f"{where}[{k!r}]: {_signature(v)} is not among the English value shapes {sorted(shapes)}")
            return
        ours = {k for k in value if not k.startswith("_")}
        theirs = {k for k in english if not k.startswith("_")}
        if ours != theirs:
            errors.append(f"{where}: keys {sorted(ours ^ theirs)} are in one lexicon only")
        for k in ours & theirs:
            _shape(value[k], f"{where}.{k}", maps, errors, english[k])
    elif isinstance(english, list) and english:
        # a list's items are of the kinds the English list holds; records inside it are compared key by key
        kinds = {_signature(item) for item in english}
        records = [item for item in english if isinstance(item, dict)]
        for index, item in enumerate(value):
            if isinstance(item, dict) and records:
                allowed = set().union(*records)
                extra = set(item) - allowed
                if extra:
                    errors.append(f"{where}[{index}]: keys {sorted(extra)} are in no English entry")
                for k in item:
                    example = next((r[k] for r in records if k in r), None)
                    if example is not None:
                        _shape(item[k], f"{where}[{index}].{k}", maps, errors, example)
            elif _signature(item) not in kinds:
                errors.append(f"{where}[{index}]: {_signature(item)} is not among the English item kinds {sorted(kinds)}")


def _signature(value: Any) -> str:
    if isinstance(value, dict):
        return "dict"
    if isinstance(value, list):
        return "list"
    return type(value).__name__


@pytest.mark.parametrize("path", sorted(FR_LEXICONS.glob("*.json")), ids=lambda p: p.stem)
def test_each_french_lexicon_has_the_shape_of_its_english_counterpart(path):
    english_path = LEXICONS / "en" / path.name
    assert english_path.is_file(), f"{path.name} has no English counterpart"
    french = json.loads(path.read_text(encoding="utf-8"))
    english = json.loads(english_path.read_text(encoding="utf-8"))
    errors: list[str] = []
    _shape(french, path.stem, MAPS.get(path.name, set()), errors, english)
    assert not errors, "\n".join(errors)


def test_the_french_lexicons_cover_the_english_ones_the_next_round_reads():
    needed = {"attack_triggers.json", "casualties.json", "claim_cues.json", "attribution_cues.json", "dates.json",
              "context_rules.json"}
    assert needed <= {p.name for p in FR_LEXICONS.glob("*.json")}


def test_french_lexicon_entries_are_lower_case_where_matching_lowercases():
    """Forms and phrases are compared with lower-cased text: an upper-case entry would never match."""
    triggers = json.loads((FR_LEXICONS / "attack_triggers.json").read_text(encoding="utf-8"))
    claims = json.loads((FR_LEXICONS / "claim_cues.json").read_text(encoding="utf-8"))
    words = [form for t in triggers["triggers"] for form in t["forms"]] + claims["not_claimed_phrases"]
    assert words == [w.lower() for w in words]
    assert all("’" not in w for w in words), "apostrophes are written ' (the reader folds ’ to ')"


def test_the_french_data_resolves_through_the_packaged_resources():
    from sahel_ie.resources import has_resource, read_json

    for name in ("attack_triggers", "casualties", "claim_cues", "attribution_cues", "dates", "context_rules"):
        assert has_resource(f"lexicons/fr/{name}.json")
    assert read_json("lexicons/fr/casualties.json")["vague_quantities"]["une trentaine"] == {"value": 30, "approximate": True}


@pytest.mark.parametrize("name, actor_id", [
    ("FAMa", "fama"), ("EIGS", "is_sahel"), ("GSIM", "jnim"), ("l'État islamique au Sahel", "is_sahel"),
    ("les forces armées burkinabè", "bf_armed_forces"), ("VDP", "vdp"),
])
def test_the_french_actor_names_resolve(name, actor_id):
    from sahel_ie.kb.actors import resolve_actor

    resolution = resolve_actor(name, "2024-03-12")
    assert resolution is not None and resolution.actor.id == actor_id
