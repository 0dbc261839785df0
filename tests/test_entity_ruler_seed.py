"""The KB entity ruler on the seed article: every group and place mention labelled and resolved.

The small English model alone tags "Mali" as a person in most mentions, JNIM's long name and
al-Murabitun as persons, and misses AQIM and Timbuktu; the ruler must fix all of them.
"""

from __future__ import annotations

import pytest

ACTOR_LABELS = {"ARMED_GROUP", "MILITIA", "STATE_FORCE", "FOREIGN_FORCE", "INTL_MISSION", "GOV_BODY"}
PLACE_LABELS = {"COUNTRY", "REGION", "PLACE", "FEATURE"}

# (surface form as in the article, expected KB id); every occurrence must be an entity with that id.
EXPECTED_ACTORS = [
    ("Jama’at Nusrat al-Islam Wal-Muslimin", "jnim"),
    ("JNIM", "jnim"),
    ("Ansar al-Din", "ansar_dine"),
    ("al-Murabitun", "al_mourabitoun"),
    ("Macina Liberation Front", "katiba_macina"),
    ("AQIM", "aqim"),
    ("Wagner Group", "wagner_group"),
]
EXPECTED_PLACE_LABELS = [
    ("Mali", "COUNTRY"),
    ("Timbuktu", "PLACE"),
    ("Bamba", "PLACE"),
    ("Gao", "PLACE"),
    ("Burkina Faso", "COUNTRY"),
]


def occurrences(doc, surface):
    text = doc.text
    start = 0
    while (index := text.find(surface, start)) != -1:
        yield index, index + len(surface)
        start = index + 1


def entity_covering(doc, start, end):
    for ent in doc.ents:
        if ent.start_char <= start and end <= ent.end_char:
            return ent
    return None


@pytest.mark.parametrize("surface,actor_id", EXPECTED_ACTORS)
def test_actor_mentions_are_labelled_and_resolved(seed_doc, surface, actor_id):
    found = list(occurrences(seed_doc, surface))
    assert found, surface
    for start, end in found:
        ent = entity_covering(seed_doc, start, end)
        assert ent is not None, f"{surface!r} at {start} is not an entity"
        assert ent.label_ in ACTOR_LABELS, (surface, ent.label_)
        assert ent.ent_id_ == actor_id, (surface, ent.text, ent.ent_id_)


def test_standalone_al_qaeda_mentions_resolve_to_al_qaeda(seed_doc):
    ents = [e for e in seed_doc.ents if e.text in {"al-Qaeda", "Al-Qaeda"}]
    assert len(ents) >= 2
    assert {e.ent_id_ for e in ents} == {"al_qaeda"}


def test_aqim_long_name_resolves_to_aqim(seed_doc):
    long_name = "al-Qaeda in the Lands of the Islamic Maghreb"
    (start, end), = occurrences(seed_doc, long_name)
    ent = entity_covering(seed_doc, start, end)
    assert ent is not None and ent.ent_id_ == "aqim"


def test_mlf_abbreviation_is_learned_from_the_article(seed_doc):
    assert seed_doc._.abbreviations.get("MLF") == "katiba_macina"


@pytest.mark.parametrize("surface,label", EXPECTED_PLACE_LABELS)
def test_place_mentions_are_labelled(seed_doc, surface, label):
    for start, end in occurrences(seed_doc, surface):
        if seed_doc.text[end:end + 1].isalpha():
            continue
        ent = entity_covering(seed_doc, start, end)
        assert ent is not None, f"{surface!r} at {start} is not an entity"
        assert ent.label_ == label, (surface, ent.text, ent.label_)
        assert ent.ent_id_, surface


def test_niger_river_is_a_feature_not_the_country(seed_doc):
    (start, end), = occurrences(seed_doc, "Niger River")
    ent = entity_covering(seed_doc, start, end)
    assert ent is not None and ent.label_ == "FEATURE"


def test_no_actor_or_place_is_tagged_person(seed_doc):
    persons = {e.text for e in seed_doc.ents if e.label_ == "PERSON"}
    for surface, _ in EXPECTED_ACTORS + EXPECTED_PLACE_LABELS:
        assert surface not in persons
