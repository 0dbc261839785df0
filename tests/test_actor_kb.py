"""The actor data files are consistent: ids, links, types, name histories, aliases, ruler patterns."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest

from sahel_ie.kb.actors import ACTOR_TYPES, ENTITY_LABELS, GENERIC_LABEL, ActorKB
from sahel_ie.kb.normalize import name_variants, normalise_name
from sahel_ie.resources import read_json

DOC_IDS = Path(__file__).resolve().parent.parent / "docs" / "actor_ids.md"


@pytest.fixture(scope="module")
def kb() -> ActorKB:
    return ActorKB.load()


@pytest.fixture(scope="module")
def data() -> dict:
    return read_json("actors.json")


def documented_ids() -> list[str]:
    ids = re.findall(r"^\| ([a-z0-9_]+) \|", DOC_IDS.read_text(encoding="utf-8"), flags=re.M)
    return [i for i in ids if i != "id"]


def test_many_actors_with_unique_snake_case_ids(data):
    ids = [a["id"] for a in data["actors"]]
    assert len(ids) >= 70
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z][a-z0-9_]*", i) for i in ids)


def test_every_documented_id_exists(kb):
    ids = documented_ids()
    assert len(ids) >= 30
    missing = [i for i in ids if kb.get(i) is None]
    assert not missing


def test_types_countries_and_links_are_valid(kb):
    for actor in kb:
        assert actor.type in ACTOR_TYPES, actor.id
        assert actor.countries and all(re.fullmatch(r"[A-Z]{2}", c) for c in actor.countries), actor.id
        for other in actor.parents + actor.affiliations + actor.predecessors:
            assert kb.get(other) is not None, (actor.id, other)
            assert other != actor.id
        if actor.successor is not None:
            assert kb.get(actor.successor) is not None, actor.id


def test_parent_chains_end(kb):
    for actor in kb:
        chain = kb.parent_chain(actor.id)
        assert len(chain) == len(set(chain)) and len(chain) <= 4


def test_known_structure(kb):
    assert kb.parent_chain("katiba_macina") == ["katiba_macina", "jnim", "al_qaeda"]
    assert kb.get("is_sahel").parents == ("islamic_state",)
    assert kb.get("aqim").parents == ("al_qaeda",)
    assert kb.get("ansar_dine").successor == "jnim"
    assert kb.get("mujao").successor == "al_mourabitoun"
    assert "wagner_group" in kb.get("africa_corps").predecessors
    assert {"ansar_dine", "al_mourabitoun"} <= set(kb.get("jnim").predecessors)


def _ok_date(value) -> bool:
    return value is None or re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None


def test_dates_and_name_histories_are_consistent(kb):
    for actor in kb:
        assert _ok_date(actor.valid_from) and _ok_date(actor.valid_to), actor.id
        if actor.valid_from and actor.valid_to:
            assert actor.valid_from < actor.valid_to, actor.id
        spans = sorted(actor.names, key=lambda n: n.valid_from or "")
        assert spans, actor.id
        for span in spans:
            assert _ok_date(span.valid_from) and _ok_date(span.valid_to), actor.id
            if span.valid_from and span.valid_to:
                assert span.valid_from < span.valid_to, (actor.id, span)
        for a, b in zip(spans, spans[1:]):
            assert a.valid_to is not None and a.valid_to <= (b.valid_from or ""), (actor.id, a, b)
        # the current name is the canonical name
        assert spans[-1].valid_to is None or actor.valid_to is not None, actor.id
        if spans[-1].valid_to is None:
            assert spans[-1].name == actor.name, actor.id


def test_successors_start_after_their_predecessors(kb):
    for actor in kb:
        if actor.successor and actor.valid_to:
            succ = kb.get(actor.successor)
            assert succ.valid_from is None or succ.valid_from <= actor.valid_to, (actor.id, succ.id)


def test_aliases_have_language_and_kind(data):
    langs, kinds = {"en", "fr", "ar", "acled", "other"}, {"name", "acronym", "transliteration", "dataset", "nickname"}
    for a in data["actors"]:
        assert a["aliases"], a["id"]
        assert a["sources"], a["id"]
        for alias in a["aliases"]:
            assert alias["lang"] in langs and alias["kind"] in kinds, (a["id"], alias)


def test_no_alias_maps_to_two_actors_unless_declared(data):
    declared = {normalise_name(k): set(v["actors"]) for k, v in data["shared_aliases"].items()}
    owners: dict[str, set[str]] = defaultdict(set)
    for a in data["actors"]:
        for text in [a["name"]] + [n["name"] for n in a["names"]] + [x["text"] for x in a["aliases"]]:
            owners[normalise_name(text)].add(a["id"])
    clashes = {k: v for k, v in owners.items() if len(v) > 1 and declared.get(k) != v}
    assert not clashes
    for key, ids in declared.items():
        assert owners[key] == ids, key


def test_multilingual_and_acled_coverage(data):
    by_id = {a["id"]: a for a in data["actors"]}
    langs = lambda i: {x["lang"] for x in by_id[i]["aliases"]}  # noqa: E731
    for i in ("jnim", "aqim", "is_sahel", "mujao"):
        assert {"fr", "ar"} <= langs(i) or {"fr", "en"} <= langs(i), i
    assert sum(1 for a in data["actors"] if "acled" in langs(a["id"])) >= 35


def test_generic_file_shape():
    g = read_json("generic_actors.json")
    assert {"hedges", "generic", "member_words"} <= set(g)
    texts = [e["text"] for e in g["generic"]]
    assert len(texts) == len(set(texts))
    assert all(e["kind"] == "unknown" for e in g["generic"])
    assert {e.get("leaning") for e in g["generic"]} <= {None, "jihadist", "criminal"}
    for needed in ("gunmen", "armed men", "suspected jihadists", "Islamist militants", "HANI", "Unidentified Armed Group (Mali)"):
        assert needed in texts


def test_no_generic_description_is_an_actor_alias(kb, data):
    aliases = {normalise_name(x["text"]) for a in data["actors"] for x in a["aliases"]}
    for entry in kb.generic_entries:
        assert normalise_name(entry["text"]) not in aliases, entry["text"]


def test_fuzzy_threshold_lives_in_the_data(kb, data):
    assert data["fuzzy"]["scorer"] == "ratio"
    assert kb.fuzzy_threshold == data["fuzzy"]["threshold"] and 80 <= kb.fuzzy_threshold <= 99


def test_ruler_patterns(kb):
    patterns = kb.ruler_patterns()
    labels = {p["label"] for p in patterns}
    assert labels <= set(ENTITY_LABELS.values()) | {GENERIC_LABEL}
    phrases = [p for p in patterns if isinstance(p["pattern"], str)]
    keys = [(p["label"], p["pattern"].lower(), p.get("id")) for p in phrases]
    assert len(keys) == len(set(keys)), "lowercase duplicates are emitted once"
    by_text = {p["pattern"]: p for p in phrases}
    assert by_text["Jama’at Nusrat al-Islam wal-Muslimin"]["id"] == "jnim"
    assert by_text["Jamaat Nusrat al Islam wal Muslimin"]["id"] == "jnim"
    assert by_text["gunmen"]["label"] == GENERIC_LABEL and "id" not in by_text["gunmen"]
    tokens = {tuple(t["TEXT"] for t in p["pattern"]): p for p in patterns if isinstance(p["pattern"], list)}
    for acronym in (("MSA",), ("MAA",), ("JNIM",), ("FAMa",), ("IS",), ("HANI",)):
        assert acronym in tokens, acronym
    assert ("CSP", "-", "PSD") in tokens
    lowered = {p["pattern"].lower() for p in phrases}
    for word in ("msa", "maa", "is", "mali", "niger", "platform", "the army"):
        assert word not in lowered, word
    # shared aliases carry a label but leave the id to the date-aware resolver
    assert "id" not in tokens[("CNSP",)]
    # every actor is reachable by at least one pattern
    assert {p.get("id") for p in patterns} >= {a.id for a in kb} - {None}


def test_name_variants_and_keys():
    assert normalise_name("Jama’at Nusrat al-Islam Wal-Muslimin") == normalise_name("jamaat nusrat al islam wal muslimin")
    assert normalise_name("The Wagner Group's") == "wagner group"
    assert normalise_name("État islamique") == "etat islamique"
    assert normalise_name("el-Mourabitoun") == normalise_name("Al Mourabitoun")
    assert normalise_name("A.Q.I.M.") == "aqim"
    v = name_variants("Jama'at Nusrat al-Islam wal-Muslimin")
    assert {"Jamaat Nusrat al Islam wal Muslimin", "Jama’at Nusrat al-Islam wal-Muslimin",
            "Jama'at Nusrat al-Islam wal Muslimin"} <= v
    assert {"al-Mourabitoun", "el-Mourabitoun", "al Mourabitoun"} <= name_variants("al-Mourabitoun")
    assert name_variants("the Platform coalition") == {"Platform coalition"}
    assert "Etat islamique" in name_variants("État islamique")


def test_possessive_country_aliases_resolve_but_leave_the_country_to_the_gazetteer(kb):
    assert kb.resolve("Mali's armed forces").actor.id == "fama"
    assert kb.resolve("Niger’s army").actor.id == "niger_armed_forces"
    phrases = {p["pattern"].lower() for p in kb.ruler_patterns() if isinstance(p["pattern"], str)}
    assert not any(p.startswith(("mali's", "mali’s", "niger's", "burkina faso's")) for p in phrases)
