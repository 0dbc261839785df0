"""Claims and attributions of the seed article through the full pipeline.

The seed (published 2023-09-08) reports a camp attack on Friday and, a day earlier, a boat attack near
Timbuktu and an attack on a military position in Bamba. JNIM claimed the camp attack but not the boat
attack; the military attributes "the attacks" (the boat and Bamba) to JNIM, as relayed by the BBC.
The pipeline's own attack records are found by their descriptions; where the gold file exists, the
links are also checked through the scorer's attack alignment.
"""

from __future__ import annotations

import pytest

from conftest import SEED_DIR, SEED_ID


def _attack_words(attack) -> str:
    parts = [attack.text or "", attack.location.name or "", attack.location.text or ""]
    parts += [t.text for t in attack.targets]
    return " ".join(parts).lower()


def _find(doc, word):
    return [a.id for a in doc._.attacks or [] if word in _attack_words(a)]


@pytest.fixture(scope="module")
def seed(seed_doc):
    assert seed_doc._.claims is not None and seed_doc._.attributions is not None
    return seed_doc


def test_two_claim_records_for_jnim(seed):
    jnim = [c for c in seed._.claims if c.claimant.actor_id == "jnim" or c.claimant.text == "JNIM"]
    statuses = sorted(c.status for c in jnim)
    assert statuses == ["claimed", "not_claimed"], [c.to_dict() for c in seed._.claims]
    assert not [c for c in seed._.claims if c.status == "denied"]


def test_claim_links_camp_and_non_claim_links_boat(seed):
    by_status = {c.status: c for c in seed._.claims}
    boat = _find(seed, "boat")
    assert seed._.attacks and boat, "the attack component must report the boat attack"
    assert by_status["not_claimed"].attack_ids and set(by_status["not_claimed"].attack_ids) <= set(boat)
    claimed = by_status["claimed"].attack_ids
    assert claimed and not set(claimed) & set(boat)
    assert not set(claimed) & set(_find(seed, "bamba"))


def test_military_attribution_relayed_by_bbc(seed):
    found = [t for t in seed._.attributions if t.actor.actor_id == "jnim" or "JNIM" in (t.actor.text or "")]
    assert len(found) == 1, [t.to_dict() for t in seed._.attributions]
    attribution = found[0]
    assert attribution.reported_by == ["BBC"]
    assert attribution.attributed_by.kind == "military"
    assert attribution.certainty == "asserted"
    boat, bamba = _find(seed, "boat"), _find(seed, "bamba")
    assert boat and bamba
    assert set(attribution.attack_ids) == {boat[0], bamba[0]}


def test_no_attribution_from_background_sections(seed):
    # "JNIM regularly attacks ..." and the analysis paragraphs are not attributions of this article's attacks
    assert len(seed._.attributions) == 1


def test_against_gold(seed, nlp):
    gold_path = SEED_DIR / f"{SEED_ID}.gold.json"
    assert gold_path.exists()
    from sahel_ie.evaluate import load_gold, score_article
    from sahel_ie.extraction import doc_to_extraction

    gold = load_gold(gold_path)
    pred = doc_to_extraction(seed, doc_id=SEED_ID)
    result = score_article(gold, pred)
    assert result.records["claim"].tp == len(gold.extraction.claims), result.errors
    assert result.records["attribution"].tp == len(gold.extraction.attributions), result.errors
    mapping = result.attack_mapping
    for g in gold.extraction.claims:
        p = next(c for c in pred.claims if c.claimant.actor_id == g.claimant.actor_id and c.status == g.status)
        assert {mapping.get(i) for i in p.attack_ids} == set(g.attack_ids)
    for g in gold.extraction.attributions:
        p = next(t for t in pred.attributions if t.actor.actor_id == g.actor.actor_id)
        assert {mapping.get(i) for i in p.attack_ids} == set(g.attack_ids)
        assert p.reported_by == g.reported_by


def test_claims_keep_the_outlet_that_relays_them(nlp, seed_text):
    import sahel_ie

    extraction = sahel_ie.extract(seed_text, published="2023-09-08", nlp=nlp)
    assert {tuple(c.reported_by) for c in extraction.claims} == {("BBC",)}
