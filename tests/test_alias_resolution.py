"""Every labelled alias case resolves to its expected actor, or to none."""

from __future__ import annotations

from pathlib import Path

import pytest

from sahel_ie.kb.actors import ActorKB, default_kb, format_resolution_report, resolve_actor

CASES_FILE = Path(__file__).parent / "data" / "alias_cases.tsv"


def load_cases() -> list[tuple[str, str | None, str | None, str]]:
    """(name, date, expected id or None, note) rows of alias_cases.tsv."""
    cases = []
    for line in CASES_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        name, expected, note = line.split("\t")
        date = None
        if name.startswith("@"):
            date, name = name[1:].split(" ", 1)
        cases.append((name, date, None if expected == "NONE" else expected, note))
    return cases


CASES = load_cases()


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return ActorKB.load()


def test_case_file_is_large_and_mixed():
    assert len(CASES) >= 170
    assert sum(1 for c in CASES if c[2] is None) >= 40
    assert sum(1 for c in CASES if c[1] is not None) >= 5


@pytest.mark.parametrize("name,date,expected,note", CASES, ids=[f"{c[0]}@{c[1]}" if c[1] else c[0] for c in CASES])
def test_alias_case(kb, name, date, expected, note):
    res = kb.resolve(name, date)
    got = res.actor.id if res is not None else None
    assert got == expected, f"{name!r} ({note}): got {got}, {res}"


def test_every_expected_id_exists(kb):
    for name, _, expected, _ in CASES:
        if expected is not None:
            assert kb.get(expected) is not None, (name, expected)


@pytest.mark.parametrize(
    "name,method",
    [("JNIM", "exact"), ("jnim", "normalised"), ("Jama’at Nusrat al-Islam Wal-Muslimin", "normalised"),
     ("Islamic State in the Greater Sahra", "fuzzy")],
)
def test_resolution_method_is_reported(kb, name, method):
    res = kb.resolve(name)
    assert res is not None and res.method == method
    assert 0.0 < res.score <= 1.0
    d = res.to_dict()
    assert set(d) == {"actor_id", "name", "type", "parents", "method", "score", "matched"}


def test_fuzzy_score_is_below_one_and_above_threshold(kb):
    res = kb.resolve("Jamaat Nusrat al-Islam wal Muslimeen")
    assert res.method == "fuzzy" and kb.fuzzy_threshold / 100 <= res.score < 1.0


def test_article_abbreviations_resolve_only_when_given(kb):
    assert kb.resolve("SGIM") is None
    res = kb.resolve("SGIM", abbreviations={"SGIM": "jnim"})
    assert res is not None and res.actor.id == "jnim" and res.method == "abbreviation"
    assert kb.resolve("SGIM fighters", abbreviations={"SGIM": "jnim"}).actor.id == "jnim"
    assert kb.resolve("XYZ", abbreviations={"XYZ": None}) is None


def test_generic_descriptions_carry_kind_leaning_and_hedge(kb):
    g = kb.generic_kind("suspected jihadists")
    assert g is not None and g["kind"] == "unknown" and g["leaning"] == "jihadist" and g["hedge"] == "suspected"
    assert kb.generic_kind("bandits")["leaning"] == "criminal"
    assert kb.generic_kind("gunmen").get("leaning") is None
    assert kb.generic_kind("HANI") is not None
    assert kb.generic_kind("JNIM") is None and kb.generic_kind("Mali") is None


def test_name_on_follows_the_name_history(kb):
    is_sahel = kb.get("is_sahel")
    assert is_sahel.name_on("2019-11-01") == "Islamic State in the Greater Sahara"
    assert is_sahel.name_on("2022-02-28") == "Islamic State in the Greater Sahara"
    assert is_sahel.name_on("2022-03-01") == "Islamic State Sahel Province"
    assert is_sahel.name_on(None) == "Islamic State Sahel Province"
    assert kb.get("katiba_macina").name_on("2015-06-01") == "Macina Liberation Front"
    assert kb.get("katiba_macina").name_on("2019-06-01") == "Katiba Macina"
    assert kb.get("aes").name_on("2024-01-01") == "Alliance of Sahel States"
    assert kb.get("aes").name_on("2025-01-01") == "Confederation of Sahel States"


def test_name_on_accepts_dates_and_datetimes(kb):
    import datetime as dt

    is_sahel = kb.get("is_sahel")
    assert is_sahel.name_on(dt.date(2020, 1, 9)) == "Islamic State in the Greater Sahara"
    assert is_sahel.name_on(dt.datetime(2023, 9, 8, 12, 0)) == "Islamic State Sahel Province"
    assert is_sahel.name_on("2023-09-08T10:00:00Z") == "Islamic State Sahel Province"
    assert is_sahel.name_on("not a date") == "Islamic State Sahel Province"


def test_candidates_rank_the_nearest_actors(kb):
    rows = kb.candidates("Islamic State Sahara", limit=5)
    assert len(rows) == 5
    ids = [a.id for a, _, _ in rows]
    assert ids[0] == "is_sahel"
    assert len(set(ids)) == len(ids)
    scores = [s for _, s, _ in rows]
    assert scores == sorted(scores, reverse=True)


def test_module_helpers_use_the_shipped_kb():
    assert default_kb() is default_kb()
    assert resolve_actor("GSIM").actor.id == "jnim"
    assert resolve_actor("gunmen") is None


def test_resolution_report_names_the_actor_on_the_date_and_the_candidates():
    text = format_resolution_report("ISGS", "2020-01-01")
    assert "is_sahel" in text and "Islamic State in the Greater Sahara" in text
    assert "islamic_state" in text  # the parent chain
    assert "nearest candidates" in text
    generic = format_resolution_report("suspected jihadists")
    assert "generic" in generic and "jihadist" in generic
    assert "unresolved" in format_resolution_report("Timbuktu")


def test_unidentified_is_not_a_hedge_of_certainty(kb):
    assert kb.generic_kind("unidentified gunmen")["hedge"] is None
    assert kb.generic_kind("presumed terrorists")["hedge"] == "presumed"
    assert kb.generic_kind("alleged bandits")["hedge"] == "alleged"
