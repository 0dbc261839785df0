"""Which of the article's attacks a claim or attribution is about, and what that means for perpetrators.

Reporters rarely repeat the full description of an attack when they report who claimed or was blamed for
it. They point back: by description ("the attack on the army camp", "the boat attack", "Sunday's ambush
near Ménaka"), by reference ("the attacks", "those assaults", "both attacks", "it"), or by sitting in the
same sentence as the attack. ``link_attacks`` scores the article's attack records against the words of the
pointing phrase (targets, place, day, attack type, and the words around the attack's own triggers), and
falls back to discourse context when the phrase carries no description. When the phrase describes an attack
the article does not report ("an attack on a gendarmerie post in Ségou") nothing is linked and the claim is
still reported. ``apply_perpetrators`` then writes claimed and attributed actors onto the attacks'
perpetrators without overwriting what the text states directly.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Iterable, Sequence

from spacy.tokens import Doc, Span, Token

from sahel_ie.parsing.sources import actor_type, fold
from sahel_ie.extensions import doc_cache
from sahel_ie.records import ActorRef, Attack, Attribution, Claim
from sahel_ie.resources import per_language, read_lexicon

ATTACK_NOUNS = {
    "attack", "assault", "ambush", "raid", "bombing", "killing", "massacre", "strike", "blast", "explosion",
    "incident", "operation", "abduction", "kidnapping", "offensive", "violence", "attempt", "shelling",
    "bomb", "ied", "onslaught", "siege", "incursion", "fighting", "clash", "clashes", "slaughter", "murder",
}
GENERIC_ATTACK_NOUNS = {"attack", "assault", "incident", "operation", "violence", "attempt", "onslaught", "fighting"}


@per_language
def attack_nouns() -> frozenset[str]:
    """The current language's attack noun lemmas (``attack_triggers.json``; English: ``ATTACK_NOUNS``)."""
    return frozenset(read_lexicon("attack_triggers")["attack_nouns"])


@per_language
def generic_attack_nouns() -> frozenset[str]:
    return frozenset(read_lexicon("attack_triggers")["generic_attack_nouns"])
CHANNEL_NOUNS = {"statement", "video", "communique", "communiqué", "message", "agency", "channel", "channels",
                 "website", "arm", "outlet", "telegram"}
NUMBER_WORDS = {"two": 2, "both": 2, "three": 3, "four": 4, "five": 5, "twin": 2, "double": 2, "pair": 2}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
STOP = {
    "the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her", "of", "on", "in", "at",
    "near", "against", "by", "for", "to", "and", "'s", "’s", "-", ",", "which", "who", "last", "recent",
    "latest", "deadly", "attack", "attacks", "other", "prior", "previous", "earlier", "same", "twin", "both",
    "two", "three", "was", "were", "is", "are", "been", "has", "have", "had", "with", "from", "not", "but",
}
# Words that mean the same thing in target and place descriptions ("army camp" = "military camp").
SYNONYMS: dict[str, str] = {}
for _group in (
    ("military", "army", "soldiers", "soldier", "troops", "troop", "armed", "forces", "force", "fama", "defence",
     "defense", "servicemen"),
    ("camp", "base", "barracks", "garrison", "camps", "bases"),
    ("position", "post", "outpost", "checkpoint", "positions", "posts"),
    ("boat", "vessel", "ship", "ferry", "pirogue", "canoe", "river", "passenger", "boats"),
    ("convoy", "patrol", "column", "convoys", "patrols"),
    ("village", "villages", "hamlet", "locality", "community"),
    ("civilian", "civilians", "villagers", "residents", "people"),
    ("police", "gendarmerie", "gendarmes", "policemen", "gendarme", "police station"),
    ("peacekeepers", "peacekeeper", "minusma", "un", "blue", "helmets"),
    ("market", "markets", "marketplace"),
    ("mosque", "mosques", "church", "churches"),
    ("bus", "vehicle", "vehicles", "truck", "trucks", "car", "cars", "buses", "minibus"),
    ("airport", "airbase", "airfield"),
    ("mine", "mining", "gold"),
    ("school", "schools", "teachers"),
    ("ambush", "ambushed"),
    ("massacre", "massacres", "slaughter", "carnage", "bloodbath"),
    ("killing", "killings", "executions", "execution", "deaths", "killed", "murders", "murder", "executed"),
    ("bombing", "bomb", "explosive", "ied", "mine", "blast", "explosion", "suicide"),
    ("raid", "raided", "stormed"),
):
    for _w in _group:
        SYNONYMS.setdefault(_w, _group[0])


def norm_word(word: str) -> str:
    w = fold(word)
    return SYNONYMS.get(w, w)


def _mention_spans(attack: Attack, doc: Doc, attack_spans: dict[str, list[Span]] | None) -> list[tuple[int, int]]:
    """Character ranges where the attack is stated (its triggers, else its evidence)."""
    ranges: list[tuple[int, int]] = []
    for span in (attack_spans or {}).get(attack.id, []) or []:
        if span is not None:
            ranges.append((span.start_char, span.end_char))
    for ev in attack.evidence:
        ranges.append((ev.start, ev.end))
    return sorted(set(ranges))


def _words(texts: list[str]) -> set[str]:
    words = set()
    for text in texts:
        for w in fold(text).replace("'s", " ").replace("-", " ").split():
            w = w.strip(".,;:()\"'")
            if w and w not in STOP:
                words.add(norm_word(w))
    return words


def reset_cache(doc: Doc) -> None:
    """Forget cached attack words (call when ``doc._.attacks`` may have been replaced)."""
    doc_cache(doc).pop("sahel_linking_words", None)


def _attack_words(attack: Attack, doc: Doc, attack_spans: dict[str, list[Span]] | None,
                  *, context: bool = True) -> set[str]:
    """The normalised words that describe an attack: its slots and (``context``) the words near its
    triggers, which are weaker evidence because a trigger may be merged into the wrong attack.
    Cached on the Doc per attack record (the words never depend on the perpetrator, the one slot
    the linking step changes)."""
    cache = doc_cache(doc).setdefault("sahel_linking_words", {})
    key = (id(attack), attack.id, context)
    if key not in cache:
        cache[key] = _compute_attack_words(attack, doc, attack_spans, context=context)
    return cache[key]


def _compute_attack_words(attack: Attack, doc: Doc, attack_spans: dict[str, list[Span]] | None,
                          *, context: bool = True) -> set[str]:
    texts: list[str] = [attack.text or "", attack.attack_type.replace("_", " ")]
    texts += [t.text for t in attack.targets]
    loc = attack.location
    texts += [loc.text or "", loc.name or "", loc.admin1 or ""]
    if attack.date.text:
        texts.append(attack.date.text)
    for cas in attack.casualties:
        texts.append(cas.text or "")
        if cas.outcome == "killed":
            texts.append("killing")
            if cas.group == "civilians" and (cas.count or 0) >= 5:
                texts.append("massacre")
        elif cas.outcome == "abducted":
            texts.append("abduction kidnapping")
    for span in ((attack_spans or {}).get(attack.id, []) or []) if context else []:
        if span is None:
            continue
        head = span.root
        texts.append(" ".join(t.text for t in head.subtree) if len(list(head.subtree)) < 25 else span.text)
        if head.dep_ in ("compound", "amod", "nmod"):
            texts.append(head.head.text)
        for child in head.children:
            if child.dep_ in ("compound", "amod", "poss", "nmod"):
                texts.append(child.text)
    words = _words(texts)
    value = attack.date.value
    if value:
        try:
            words.add(WEEKDAYS[dt.date.fromisoformat(value[:10]).weekday()])
        except ValueError:
            pass
    return words


def descriptor_tokens(anchor: Token) -> list[Token]:
    """The describing words of an attack phrase: compounds, adjectives, possessives and prepositional parts."""
    out: list[Token] = []
    for child in anchor.children:
        if child.dep_ in ("det", "punct", "cc", "conj", "neg", "relcl", "advmod"):
            continue
        if child.dep_ == "prep" and child.lower_ in ("via", "through", "by", "with"):
            continue  # "the attack via its al-Zallaqa media arm": how it was claimed, not which attack
        if child.dep_ == "prep" and any(g.lemma_.lower() in CHANNEL_NOUNS for g in child.children):
            continue
        if child.dep_ == "nummod" or child.lower_ in NUMBER_WORDS:
            continue
        for tok in child.subtree:
            if tok.is_punct or fold(tok.text) in STOP or tok.dep_ == "det":
                continue
            out.append(tok)
    return out


def plural_count(anchor: Token) -> int | None:
    """How many attacks a plural phrase counts ("both attacks" = 2); None when it does not say."""
    for child in anchor.children:
        word = child.lower_
        if word in NUMBER_WORDS:
            return NUMBER_WORDS[word]
        if child.dep_ == "nummod" and child.like_num:
            try:
                return int(child.text)
            except ValueError:
                return None
    return None


def _direct_pick(direct: list[str], anchor: Token) -> list[str]:
    """The attacks whose mentions the phrase sits on: one for "the attack", all of them (up to the count
    the phrase gives) for "both attacks", "the two raids" ("JNIM claimed both attacks")."""
    unique = list(dict.fromkeys(direct))
    if not is_plural(anchor):
        return unique[:1]
    count = plural_count(anchor)
    return unique[:count] if count else unique


def is_plural(anchor: Token) -> bool:
    return anchor.tag_ in ("NNS", "NNPS") or any(c.lower_ in ("both", "twin") for c in anchor.children)


def _mentioned_before(attacks: Sequence[Attack], doc: Doc, attack_spans, char: int) -> list[tuple[int, Attack]]:
    """(last mention end before ``char``, attack), most recent first."""
    out = []
    for attack in attacks:
        ends = [e for s, e in _mention_spans(attack, doc, attack_spans) if s < char]
        if ends:
            out.append((max(ends), attack))
    return sorted(out, key=lambda x: -x[0])


def _shared_groups(attacks: Sequence[Attack]) -> list[list[Attack]]:
    """Groups of attacks that share a casualty total ("killed in those attacks")."""
    groups: dict[tuple, list[Attack]] = {}
    for attack in attacks:
        for cas in attack.casualties:
            if cas.shared:
                key = (cas.outcome, cas.group, cas.count, cas.text)
                groups.setdefault(key, [])
                if attack not in groups[key]:
                    groups[key].append(attack)
    uniq: list[list[Attack]] = []
    for group in groups.values():
        if len(group) > 1 and group not in uniq:
            uniq.append(group)
    return uniq


def link_attacks(
    doc: Doc,
    anchor: Token | None,
    cue: Token,
    attacks: Sequence[Attack] | None = None,
    attack_spans: dict[str, list[Span]] | None = None,
    *,
    exclude: Iterable[str] = (),
) -> list[str]:
    """Ids of the attacks an attack phrase (``anchor``, its head noun or verb) or a bare cue refers to.

    ``exclude``: attack ids already taken by another record of the same sentence ("claimed the camp attack
    but not the boat attack"), never returned for a bare reference.
    """
    attacks = list(doc._.attacks or []) if attacks is None else list(attacks)
    attack_spans = doc._.attack_spans if attack_spans is None else attack_spans
    excluded = set(exclude)
    if not attacks:
        return []
    # 1. The phrase sits on a trigger of an attack: it is that attack.
    direct: list[str] = []
    if anchor is not None:
        for attack in attacks:
            for span in (attack_spans or {}).get(attack.id, []) or []:
                if span is not None and span.start <= anchor.i < span.end:
                    direct.append(attack.id)
    # 2. Description words matched against each attack.
    if anchor is not None:
        words = {norm_word(t.text) for t in descriptor_tokens(anchor)}
        words.discard("")
        if anchor.pos_ in ("NOUN", "PROPN") and anchor.lemma_.lower() not in generic_attack_nouns():
            words.add(norm_word(anchor.text))  # "the massacre", "the ambush", "the bombing"
        if words:
            scores = {}
            for attack in attacks:
                slot_words = _attack_words(attack, doc, attack_spans, context=False)
                context_words = _attack_words(attack, doc, attack_spans)
                place = _words([attack.location.name or ""])
                scores[attack.id] = (2 * len(words & slot_words) + len(words & (context_words - slot_words))
                                     + len(words & place))  # a named place identifies an attack best
            best = max(scores.values())
            named_places = {norm_word(t.text) for t in descriptor_tokens(anchor)
                            if t.ent_type_ in ("PLACE", "REGION", "GPE", "LOC", "FEATURE")}
            best_attacks = [a for a in attacks if scores[a.id] == best]
            if best > 0 and named_places and not direct and all(a.location.name for a in best_attacks) and not any(
                    named_places & _words([a.location.name or "", a.location.text or ""] + [t.text for t in a.targets])
                    for a in best_attacks):
                return []  # "the attack ... against the camp of Inates": a place no reported attack has
            if best > 0:
                chosen = [a.id for a in attacks if scores[a.id] == best]
                if is_plural(anchor):
                    chosen = [a.id for a in attacks if scores[a.id] > 0]
                    wanted = plural_count(anchor)
                    if wanted and len(chosen) < wanted:
                        # "the two attacks of Thursday" and only one record carries the day: add the
                        # attacks mentioned just before, nearest first
                        for _, other in _mentioned_before(attacks, doc, attack_spans, cue.idx):
                            if len(chosen) >= wanted:
                                break
                            if other.id not in chosen and other.id not in excluded:
                                chosen.append(other.id)
                        chosen = [a.id for a in attacks if a.id in chosen]
                elif len(chosen) > 1:
                    recent = [a.id for _, a in _mentioned_before(attacks, doc, attack_spans, cue.idx)
                              if a.id in chosen]
                    chosen = recent[:1] or chosen[:1]
                return chosen
            if direct:
                return _direct_pick(direct, anchor)
            has_det = any(c.dep_ == "det" and c.lower_ in ("a", "an", "another") for c in anchor.children)
            if has_det or any(t.ent_type_ in ("PLACE", "REGION", "GPE", "LOC", "FEATURE") for t in descriptor_tokens(anchor)):
                return []  # an attack the article does not describe
        if direct:
            return _direct_pick(direct, anchor)
    # 3. The cue's sentence names the day or the place of one attack ("where on 16 December 2016 ...").
    by_sentence = _sentence_matches(doc, cue, attacks, excluded)
    if by_sentence and not (anchor is not None and is_plural(anchor)):
        return by_sentence[:1]
    # 4. Reference without description: discourse context.
    plural = anchor is not None and is_plural(anchor)
    count = plural_count(anchor) if anchor is not None else None
    recent = [a for _, a in _mentioned_before(attacks, doc, attack_spans, cue.idx) if a.id not in excluded]
    if plural:
        for group in sorted(_shared_groups(attacks), key=lambda g: -max(
                (e for a in g for _, e in _mention_spans(a, doc, attack_spans)), default=0)):
            ids = [a.id for a in group if a.id not in excluded]
            if len(ids) > 1 and (count is None or count == len(ids)):
                return ids
        pool = recent or [a for a in attacks if a.id not in excluded]
        if count:
            pool = pool[:count]
        return sorted((a.id for a in pool), key=lambda i: [a.id for a in attacks].index(i))
    if recent:
        return [recent[0].id]
    same_sent = [a.id for a in attacks if a.id not in excluded and any(
        cue.sent.start_char <= s < cue.sent.end_char for s, _ in _mention_spans(a, doc, attack_spans))]
    if same_sent:
        return same_sent[:1]
    remaining = [a.id for a in attacks if a.id not in excluded]
    return remaining[:1] if len(attacks) == 1 else []


def _country_only(location) -> bool:
    """A record placed only by its country ("in northern Togo"): the name picks out no one attack."""
    return bool(location.name and location.country and not location.admin1
                and (location.geo_precision or 0) >= 3 and (location.place_id or "").count("-") == 1
                and (location.place_id or "").startswith(location.country.lower() + "-"))


def _sentence_matches(doc: Doc, cue: Token, attacks: Sequence[Attack], excluded: set[str]) -> list[str]:
    """Attacks whose date value or place name the cue's sentence states."""
    sent = cue.sent
    text = fold(sent.text)
    dates: set[str] = set()
    try:
        from sahel_ie.parsing.date_expressions import normalise_date_expression
    except ImportError:  # pragma: no cover - dates component always ships with the package
        normalise_date_expression = None
    if normalise_date_expression is not None:
        for ent in sent.ents:
            if ent.label_ == "DATE" and any(c.isdigit() for c in ent.text):
                value = normalise_date_expression(ent.text, doc._.published)[0]
                if value:
                    dates.add(value[:10])
    out = []
    for attack in attacks:
        if attack.id in excluded:
            continue
        if attack.date.value and attack.date.value[:10] in dates:
            out.append(attack.id)
            continue
        name = fold(attack.location.name or "")
        if _country_only(attack.location):
            continue  # "killed in northern Togo": a country holds every attack the article tells
        if name and len(name) > 3 and f" {name}" in f" {text}" and fold(doc._.published or "") != name:
            out.append(attack.id)
    # a place or day shared by every attack tells nothing
    return out if 0 < len(out) < len(attacks) else []


RANK = {None: 0, "suspected": 1, "attributed": 2, "claimed": 3, "stated": 4}


def _rival_suspects(actor_ids: set[str]) -> bool:
    """Whether suspicions point at unrelated organisations (not one family of parent and units)."""
    if len(actor_ids) < 2:
        return False
    from sahel_ie.kb.actors import default_kb

    kb = default_kb()

    def family(a: str) -> set[str]:
        actor = kb.get(a)
        return set(kb.parent_chain(a)) | set(actor.affiliations if actor else ())

    ids = sorted(actor_ids)
    return any(not (family(a) & family(b)) for i, a in enumerate(ids) for b in ids[i + 1:])


def _narrower(current: str, other: str) -> bool:
    """Whether ``current`` is a unit or member below ``other`` (katiba_macina below jnim below al_qaeda)."""
    from sahel_ie.kb.actors import default_kb

    return other in default_kb().parent_chain(current)[1:]


def _assign(attack: Attack, ref: ActorRef, certainty: str, confirmed: frozenset[str] = frozenset()) -> None:
    """Write ``ref`` as the attack's perpetrator when it is stronger than what the attack has.
    ``confirmed``: the actors claimed or attributed for this attack; an unnamed national army that a third
    party names too ("the group identified them as the army's special forces, with the VDP") stays, and
    the others join it as co-actors."""
    current = attack.perpetrator
    if not ref.actor_id:
        return
    from sahel_ie.parsing.attack_arguments import absorbed_branch

    # "AQIM claimed the attack" in Mali after 2017: the claim names AQIM, the attacker is its branch's JNIM
    ref = absorbed_branch(ref, attack.location.country, attack.date.value) or ref
    if current.resolved_as == "national" and current.actor_id in confirmed and current.actor_id != ref.actor_id:
        if ref.actor_id not in current.co_actors:
            current.co_actors.append(ref.actor_id)
        return
    if current.actor_id and current.actor_id != ref.actor_id and _narrower(current.actor_id, ref.actor_id):
        # "JNIM fighters attacked ...", then "al-Qaeda claimed it": the named unit stays, the claim counts
        if RANK.get(current.certainty, 0) < RANK[certainty] and current.certainty != "stated":
            current.certainty = certainty
        return
    if current.resolved_as == "national" and current.actor_id != ref.actor_id:
        current = replace(current, actor_id=None, certainty=None)  # unnamed "soldiers" yield to a named group
    if current.actor_id and current.certainty in (None, "stated"):
        return  # the text names the perpetrator directly
    if current.actor_id == ref.actor_id and RANK.get(current.certainty, 0) >= RANK[certainty]:
        return
    if current.actor_id and RANK.get(current.certainty, 0) >= RANK[certainty]:
        return
    attack.perpetrator = ActorRef(
        text=current.text or ref.text,
        actor_id=ref.actor_id,
        name=ref.name,
        kind=actor_type(ref.actor_id) or ref.kind or current.kind,
        certainty=certainty,
        evidence=list(current.evidence) + list(ref.evidence),
        co_actors=list(ref.co_actors), resolved_as=ref.resolved_as, antecedent=ref.antecedent,
    )


def apply_perpetrators(attacks: Sequence[Attack], claims: Sequence[Claim], attributions: Sequence[Attribution],
                       statements: Sequence[tuple[list[str], ActorRef]] = ()) -> None:
    """Write stated (in a later sentence), claimed and attributed actors onto the linked attacks'
    perpetrators.

    Order of strength: stated > claimed > attributed > suspected. A perpetrator the text names and the
    knowledge base resolves stays as it is; a generic one ("terrorist-linked groups") keeps its text and
    gains the claimed or attributed actor.
    """
    by_id = {a.id: a for a in attacks}
    for attack_ids, ref in statements:
        for aid in attack_ids:
            if aid in by_id:
                _assign(by_id[aid], ref, "stated")
    for claim in claims:
        if claim.status != "claimed":
            continue
        for aid in claim.attack_ids:
            if aid in by_id:
                _assign(by_id[aid], claim.claimant, "claimed")
    hedged: dict[str, set[str]] = {}
    for attribution in attributions:
        if attribution.certainty != "asserted" and attribution.actor.actor_id:
            for aid in attribution.attack_ids:
                hedged.setdefault(aid, set()).add(attribution.actor.actor_id)
    confirmed: dict[str, set[str]] = {}
    for attribution in attributions:
        for aid in attribution.attack_ids:
            if attribution.actor.actor_id:
                confirmed.setdefault(aid, set()).add(attribution.actor.actor_id)
    for attribution in attributions:
        certainty = "attributed" if attribution.certainty == "asserted" else "suspected"
        for aid in attribution.attack_ids:
            if certainty == "suspected" and _rival_suspects(hedged.get(aid, set())):
                continue  # "militants likely linked to al-Qaeda or IS": no one suspect is the perpetrator
            if aid in by_id:
                current = by_id[aid].perpetrator
                if current.actor_id and current.actor_id == attribution.actor.actor_id and \
                        current.certainty == "stated" and attribution.attributed_by.text:
                    current.certainty = certainty  # the article's naming rests on a third party's word
                    continue
                _assign(by_id[aid], attribution.actor, certainty, frozenset(confirmed.get(aid, ())))
    _joint_suspects(by_id, attributions)


def _joint_suspects(by_id: dict[str, Attack], attributions: Sequence[Attribution]) -> None:
    """"The army blamed JNIM and ISGS for the attack": the actors one sentence blames together for an attack
    are its perpetrator and co-actors, as when the text names them together as the attackers."""
    together: dict[tuple[str, int], list[str]] = {}
    for attribution in attributions:
        if not attribution.actor.actor_id or not attribution.evidence:
            continue
        for aid in attribution.attack_ids:
            ids = together.setdefault((aid, attribution.evidence[0].start), [])
            if attribution.actor.actor_id not in ids:
                ids.append(attribution.actor.actor_id)
    for (aid, _), ids in together.items():
        attack = by_id.get(aid)
        if attack is None or len(ids) < 2 or attack.perpetrator.actor_id not in ids:
            continue
        if attack.perpetrator.certainty not in ("attributed", "suspected"):
            continue  # a perpetrator the text states or a claim names is not the blamed one
        for other in ids:
            if other != attack.perpetrator.actor_id and other not in attack.perpetrator.co_actors:
                attack.perpetrator.co_actors.append(other)
