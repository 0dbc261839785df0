"""Descriptions of actors tied to the actor the article names.

Reporters name a group once and then describe it: "the al Qaeda group", "an al-Qaeda affiliate", "Al
Qaeda's West Africa affiliate", "the Al Qaeda-linked group", "the group", "the militants", "Tuareg
rebels", "the Dogon militia". A headline often carries only the description ("Al Qaeda-linked group says
it was behind ...") and the body the name ("JNIM ... claimed"). ``tie`` reads the description (its head
noun, the lineage it names, its determiner) and looks through the knowledge base for the article's named
actors that fit it: of the right type, valid on the article's date, and, when the description names a
lineage ("al-Qaeda" in "an al-Qaeda affiliate"), a unit, member or affiliate of that lineage. When exactly
one actor fits (units of one organisation count as that organisation's family: the most mentioned wins),
the reference takes it, with ``resolved_as="description"`` and the antecedent mention as evidence;
otherwise the reference stays as it was (an unknown actor of that kind, or the lineage itself, which is
what the article says).
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span

from sahel_ie.parsing.sources import entities, evidence_of, fold
from sahel_ie.kb.actors import Actor, ActorKB, default_kb
from sahel_ie.records import ActorRef

ARMED_TYPES = ("jihadist_group", "rebel_movement", "militia")
# The head noun of a description and the actor types it can stand for.
# Plural names of organisations ("the terrorist groups") stand for several, never for one named actor.
HEAD_TYPES: dict[str, tuple[str, ...]] = {
    **{w: ("jihadist_group", "rebel_movement", "militia") for w in (
        "group", "grouping", "organisation", "organization", "movement", "outfit", "network", "faction",
        "coalition", "alliance", "fighters", "militants", "gunmen", "insurgents", "assailants", "attackers")},
    **{w: ("jihadist_group",) for w in (
        "affiliate", "branch", "wing", "franchise", "offshoot", "subsidiary", "jihadists", "jihadist",
        "islamists", "extremists", "terrorists", "katiba")},
    **{w: ("rebel_movement",) for w in ("rebels", "rebel", "separatists", "separatist")},
    **{w: ("militia",) for w in ("militia", "militias", "militiamen", "hunters", "dozos", "vigilantes")},
}
RELATION_WORDS = frozenset({"affiliate", "affiliated", "linked", "allied", "tied", "aligned", "loyal", "branch",
                            "wing", "franchise", "offshoot", "arm", "ally", "subsidiary", "backed", "connected"})
DEFINITE = frozenset({"the", "this", "that", "these", "those", "its", "their"})
# Heads that name the group's kind well enough to stand for the one such group the article names, with
# or without "the" ("Tuareg rebels" in an article about the MNLA)
SPECIFIC_HEADS = frozenset({"rebels", "separatists"})
# A group's people ("the rebel spokesman", "a jihadist commander"): the group's kind is in the modifier
ROLE_HEADS = frozenset({"spokesman", "spokesperson", "spokeswoman", "leader", "leaders", "commander", "commanders",
                        "chief", "official", "officials", "representative", "emir"})
MODIFIER_TYPES = {"rebel": ("rebel_movement",), "separatist": ("rebel_movement",), "jihadist": ("jihadist_group",),
                  "militia": ("militia",), "islamist": ("jihadist_group",)}


def _kb() -> ActorKB:
    return default_kb()


def _span_of(ref: ActorRef, doc: Doc) -> Span | None:
    """The reference's words in the document, from its first evidence offsets."""
    if not ref.evidence:
        return None
    ev = ref.evidence[0]
    return doc.char_span(ev.start, ev.end, alignment_mode="expand")


def _lineage(span: Span, kb: ActorKB) -> str | None:
    """The actor a relative description names ("al-Qaeda" in "an al-Qaeda-linked group"), when the
    description's head is not itself that actor's name; None for a plain description or a name."""
    head = span.root
    ents = [e for e in entities(span.doc) if e.ent_id_ and span.start <= e.start and e.end <= span.end]
    if not ents or any(e.start <= head.i < e.end for e in ents):
        return None
    words = {t.lower_ for t in span} | {t.lemma_.lower() for t in span}
    if not words & RELATION_WORDS and head.lower_ not in RELATION_WORDS:
        return None
    return ents[0].ent_id_


def _fits(kb: ActorKB, actor: Actor, types: tuple[str, ...], lineage: str | None, day: str | None) -> bool:
    if actor.type not in types or not actor.valid_on(day):
        return False
    if lineage is None:
        return True
    if actor.id == lineage:
        return False
    family = set(kb.parent_chain(actor.id)) | set(actor.affiliations)
    for parent in kb.parent_chain(actor.id):
        found = kb.get(parent)
        family |= set(found.affiliations) if found is not None else set()
    return lineage in family


def _family_pick(kb: ActorKB, counts: Counter) -> str | None:
    """One actor when the fitting ones are one family (an organisation and its units): the most
    mentioned; None when unrelated actors fit."""
    ids = list(counts)
    if not ids:
        return None
    if len(ids) == 1:
        return ids[0]
    roots = {kb.parent_chain(i)[-1] for i in ids}
    if len(roots) > 1:
        return None
    return max(ids, key=lambda i: (counts[i], -ids.index(i)))


def tie(ref: ActorRef, doc: Doc, *, require_definite: bool = True) -> ActorRef:
    """``ref`` tied to the named actor its description stands for (changed in place and returned).

    ``require_definite``: only "the militants", "the group" - an indefinite "gunmen" in an attack report
    is a new, unnamed attacker, not the group named elsewhere in the article."""
    if ref is None or ref.resolved_as == "description":
        return ref
    span = _span_of(ref, doc)
    if span is None or not len(span):
        return ref
    kb = _kb()
    head = span.root
    if (head.pos_ == "PROPN" or head.is_title and not head.is_sent_start) and not _title_cased(head.sent):
        return ref  # "the Alliance for the Salvation of the Sahel": a name the KB lacks, not a description
    types = HEAD_TYPES.get(head.lower_)
    if types is None and head.lower_ in ROLE_HEADS:
        kinds = [MODIFIER_TYPES[c.lower_] for c in head.children
                 if c.dep_ in ("amod", "compound") and c.lower_ in MODIFIER_TYPES]
        types = kinds[0] if kinds else None
    lineage = _lineage(span, kb)
    own = kb.get(ref.actor_id) if ref.actor_id else None
    if own is not None and own.communities and not lineage:
        lineage, types = own.id, ("militia",)  # "the Dogon militia" in an article naming Dan Na Ambassagou
    elif ref.actor_id and (lineage is None or lineage != ref.actor_id):
        return ref  # a name, or a unit named with its parent
    if types is None:
        return ref
    definite = any(t.lower_ in DEFINITE for t in span[:2]) or any(
        c.dep_ == "poss" for c in head.children)
    if require_definite and not definite and lineage is None and head.lower_ not in SPECIFIC_HEADS:
        return ref
    day = doc._.published
    counts: Counter = Counter()
    first: dict[str, Span] = {}
    for ent in entities(doc):
        if not ent.ent_id_ or span.start <= ent.start < span.end:
            continue
        actor = kb.get(ent.ent_id_)
        if actor is None or not _fits(kb, actor, types, lineage, day):
            continue
        counts[actor.id] += 1
        before = ent.start < span.start
        current = first.get(actor.id)
        # the antecedent: the nearest mention before the description, else the first after it
        if current is None or (before and (current.start > span.start or ent.start > current.start)):
            first[actor.id] = ent
    chosen = _family_pick(kb, counts)
    if chosen is None:
        return ref
    actor = kb.get(chosen)
    ref.actor_id = actor.id
    ref.name = actor.name_on(day)
    ref.kind = actor.type
    ref.resolved_as = "description"
    ref.antecedent = evidence_of(first[chosen])
    return ref


def _title_cased(sent: Span) -> bool:
    """A headline in title case ("Al Qaeda-Linked Group Claims Attack"), where capitals say nothing."""
    words = [t for t in sent if t.is_alpha and len(t) > 3]
    return bool(words) and sum(t.is_title for t in words) >= 0.6 * len(words)


def is_description(text: str | None) -> bool:
    """Whether words read as a description rather than a name (a head noun of ``HEAD_TYPES`` last)."""
    words = fold(text or "").replace("-", " ").split()
    return bool(words) and words[-1] in HEAD_TYPES
