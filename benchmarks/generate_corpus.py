"""A synthetic corpus of news-like Sahel conflict articles for speed and memory benchmarks.

Articles are assembled from sentence templates filled with real place, actor and outlet names, so the
pipeline does the work it does on real copy (entity ruler hits, triggers, casualty phrases, claims,
attributions, background sentences and filler). The text is generated, never copied, and is written to a
temporary folder at run time, not committed. The same seed gives the same corpus.

    python benchmarks/generate_corpus.py OUT_DIR --size-mb 2          # long articles, ~2 MB of .txt
    python benchmarks/generate_corpus.py OUT_DIR --articles 10000 --short --jsonl
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
from pathlib import Path

PLACES = [
    ("Djibo", "Burkina Faso", "Soum province"), ("Arbinda", "Burkina Faso", "Soum province"),
    ("Barsalogho", "Burkina Faso", "Centre-Nord region"), ("Solhan", "Burkina Faso", "Yagha province"),
    ("Dori", "Burkina Faso", "Sahel region"), ("Fada N'Gourma", "Burkina Faso", "Est region"),
    ("Ouahigouya", "Burkina Faso", "Nord region"), ("Seytenga", "Burkina Faso", "Seno province"),
    ("Gao", "Mali", "Gao region"), ("Ménaka", "Mali", "Ménaka region"), ("Mopti", "Mali", "Mopti region"),
    ("Ségou", "Mali", "Ségou region"), ("Kidal", "Mali", "Kidal region"), ("Bandiagara", "Mali", "Mopti region"),
    ("Boulkessi", "Mali", "Mopti region"), ("Ansongo", "Mali", "Gao region"), ("Tessalit", "Mali", "Kidal region"),
    ("Tillabéri", "Niger", "Tillabéri region"), ("Diffa", "Niger", "Diffa region"),
    ("Bankilaré", "Niger", "Tillabéri region"), ("Torodi", "Niger", "Tillabéri region"),
    ("Tahoua", "Niger", "Tahoua region"), ("Inates", "Niger", "Tillabéri region"),
]
ARMED_GROUPS = ["JNIM", "Jama'at Nusrat al-Islam wal-Muslimin", "the Islamic State Sahel Province", "ISSP",
                "Ansar al-Islam", "al-Qaeda's Sahel affiliate", "Boko Haram", "ISWAP"]
VAGUE_ATTACKERS = ["gunmen", "suspected jihadists", "unidentified armed men", "militants on motorbikes",
                   "armed assailants", "fighters believed to belong to a jihadist group"]
FORCES = ["the Malian army", "FAMa", "the Burkinabe army", "the VDP", "Niger's armed forces",
          "Wagner Group mercenaries", "Africa Corps", "MINUSMA peacekeepers", "the gendarmerie"]
VICTIMS = [("civilians", "civilians"), ("soldiers", "military"), ("villagers", "civilians"),
           ("gendarmes", "police"), ("volunteer fighters", "militia"), ("traders", "civilians"),
           ("worshippers", "civilians"), ("police officers", "police")]
OUTLETS = ["Reuters", "AFP", "the BBC", "RFI", "Al Jazeera", "local radio", "the Associated Press"]
SPEAKERS = ["a local official", "a security source", "the regional governor", "a resident who fled",
            "an army spokesman", "a humanitarian worker", "a town councillor"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "a dozen", "dozens of"]

ATTACK = [
    "{attacker} attacked {place} in {country}'s {region} on {weekday}, killing {n} {victims}, {speaker} said.",
    "At least {n} {victims} were killed when {attacker} raided a market near {place} on {weekday}.",
    "{Attacker} ambushed a convoy of {force} between {place} and {place2}, killing {n} {victims}.",
    "An improvised explosive device struck a vehicle carrying {victims} near {place} on {weekday}, killing {n}.",
    "{Attacker} stormed a military post in {place} at dawn on {weekday}; {n} {victims} died and {m} were wounded.",
    "{Attacker} abducted {n} {victims} from a village outside {place} on {weekday}, according to {outlet}.",
    "A drone strike by {force} hit a gathering near {place} on {weekday}, killing {n} people, residents said.",
    "Houses and granaries were set on fire when {attacker} entered {place} late on {weekday}.",
]
CLAIM = [
    "{group} claimed responsibility for the attack in a statement released on its propaganda channels.",
    "In a message relayed by {outlet}, {group} said its fighters carried out the assault on {place}.",
    "No group has claimed the attack so far.",
    "{group} denied any involvement in the killing of the {victims}.",
]
ATTRIBUTION = [
    "{force} blamed {group} for the attack.",
    "{Speaker} said the assailants were suspected members of {group}.",
    "Authorities attributed the killings to {group}, which is active in the {region}.",
    "The government accused {group} of carrying out the massacre, {outlet} reported.",
]
BACKGROUND = [
    "Since 2012 the conflict in the Sahel has killed thousands of people and displaced more than two million.",
    "More than 1,800 attacks were recorded in {country} between January and July, according to a monitoring group.",
    "In 2015, fighters of the same group seized parts of the {region} before being pushed back.",
    "{group} has threatened to attack convoys supplying towns under blockade.",
    "{country} has been ruled by a military junta since a coup, and relations with its neighbours are tense.",
]
FILLER = [
    "The road between {place} and {place2} has been closed for weeks, and food prices have doubled.",
    "Aid agencies say they cannot reach families in the {region} because of insecurity.",
    "Telephone networks in the area were cut, making it hard to verify the toll independently.",
    "Schools in {place} have remained closed since the start of the year.",
    "Residents described hearing gunfire for several hours before the attackers withdrew.",
    "{Speaker} told {outlet} that many families had fled towards {place2}.",
    "The army said reinforcements had been sent to secure the area and search for the attackers.",
    "Humanitarian groups called for a corridor to evacuate the wounded to hospitals in {place2}.",
]
SHORT = [ATTACK, CLAIM, ATTRIBUTION, FILLER]


def _fill(template: str, rng: random.Random) -> str:
    place, country, region = rng.choice(PLACES)
    place2 = rng.choice([p for p in PLACES if p[0] != place])[0]
    attacker = rng.choice(VAGUE_ATTACKERS + ARMED_GROUPS)
    speaker = rng.choice(SPEAKERS)
    victims, _ = rng.choice(VICTIMS)
    n = rng.choice([str(rng.randint(2, 60)), rng.choice(NUMBER_WORDS)])
    text = template.format(
        attacker=attacker, Attacker=attacker[:1].upper() + attacker[1:], place=place, place2=place2,
        country=country, region=region, weekday=rng.choice(WEEKDAYS), n=n, m=rng.randint(1, 30),
        victims=victims, force=rng.choice(FORCES), group=rng.choice(ARMED_GROUPS), outlet=rng.choice(OUTLETS),
        speaker=speaker, Speaker=speaker[:1].upper() + speaker[1:],
    )
    return text[:1].upper() + text[1:]


def make_article(rng: random.Random, *, short: bool = False) -> str:
    """One article: a lead attack, then claims, attributions, background and filler in news order."""
    if short:  # one or two sentences, for memory runs over many documents
        return " ".join(_fill(rng.choice(rng.choice(SHORT)), rng) for _ in range(rng.randint(1, 2)))
    paragraphs = [_fill(rng.choice(ATTACK), rng)]
    for _ in range(rng.randint(4, 9)):
        pool = rng.choices([ATTACK, CLAIM, ATTRIBUTION, BACKGROUND, FILLER], weights=[3, 2, 2, 1, 4])[0]
        sentences = [_fill(rng.choice(pool), rng) for _ in range(rng.randint(1, 3))]
        paragraphs.append(" ".join(sentences))
    return "\n\n".join(paragraphs) + "\n"


def generate(*, size_mb: float | None = None, articles: int | None = None, short: bool = False,
             seed: int = 13) -> list[str]:
    """Articles until ``size_mb`` megabytes of UTF-8 or ``articles`` articles, whichever is given."""
    rng = random.Random(seed)
    texts: list[str] = []
    size = 0
    while True:
        if articles is not None and len(texts) >= articles:
            break
        if articles is None and size >= (size_mb or 2.0) * 1_000_000:
            break
        text = make_article(rng, short=short)
        texts.append(text)
        size += len(text.encode("utf-8"))
    return texts


def write_corpus(texts: list[str], folder: Path, *, jsonl: bool = False, seed: int = 13) -> list[Path]:
    """Files in ``folder``: one .txt per article with a .meta.json sidecar, or one JSONL file."""
    folder.mkdir(parents=True, exist_ok=True)
    start = dt.date(2023, 1, 1)
    rng = random.Random(seed)
    if jsonl:
        path = folder / "corpus.jsonl"
        with open(path, "w", encoding="utf-8") as handle:
            for i, text in enumerate(texts):
                published = (start + dt.timedelta(days=rng.randint(0, 700))).isoformat()
                handle.write(json.dumps({"id": f"g{i:06d}", "text": text, "published": published,
                                         "outlet": rng.choice(OUTLETS)}, ensure_ascii=False) + "\n")
        return [path]
    paths = []
    for i, text in enumerate(texts):
        path = folder / f"g{i:06d}.txt"
        path.write_text(text, encoding="utf-8")
        published = (start + dt.timedelta(days=rng.randint(0, 700))).isoformat()
        (folder / f"g{i:06d}.meta.json").write_text(json.dumps({"published": published}), encoding="utf-8")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="folder to write the corpus to")
    parser.add_argument("--size-mb", type=float, default=2.0, help="megabytes of text (default 2)")
    parser.add_argument("--articles", type=int, help="number of articles instead of a size")
    parser.add_argument("--short", action="store_true", help="one- or two-sentence articles")
    parser.add_argument("--jsonl", action="store_true", help="one JSONL file instead of .txt files")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)
    texts = generate(size_mb=args.size_mb, articles=args.articles, short=args.short, seed=args.seed)
    write_corpus(texts, args.output, jsonl=args.jsonl, seed=args.seed)
    size = sum(len(t.encode("utf-8")) for t in texts)
    print(f"{len(texts)} articles, {size / 1e6:.2f} MB, {sum(len(t.split()) for t in texts):,} words -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
