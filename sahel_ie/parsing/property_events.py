"""Events that touch only property or liberty: looting, arrests, weapons found.

ACLED's violent event types (Battles, Violence against civilians, Explosions/Remote violence) need
somebody attacked: a raid in which gunmen "seized the livestock" or "ransacked a voting office" with
nobody killed, wounded or taken is coded "Strategic developments /
Looting/property destruction", and soldiers who "arrested eight combatants" in a raid make an "Arrests"
event. Such a telling is not an attack record of the contract. The rule reads the finished record (its
tolls and target categories) and the sentences it was told in:

* no casualty of any outcome (a person killed, wounded, abducted or missing makes it violent);
* no armed party among the targets (an attack on a gendarmerie whose offices were set on fire is a
  battle, whatever was burned);
* an armed-assault kind of record (assault, raid, arson, unknown): a bomb or a shell that hurt nobody
  is still remote violence;
* the document tells nobody hurt, taken or fought (``property_only.harm_words``, unless negated:
  "without causing casualties"; the casualty reader may have missed "the driver was wounded", and a
  death may be told in a sentence of its own);
* one of its sentences tells property taken, or people arrested
  (``property_only.verbs`` of ``attack_triggers.json``), and the thing seized is no place: "seized the
  camp" or "took control of the town" tell a battle for ground (``property_only.ground_objects``);
  an attempt ("armed men attempted to steal a truck", ``attempt_verbs``) took nothing and stays an
  attack, as ``docs/attack_records.md`` says of attempted seizures.

A bomb or shell record with no casualty whose sentences tell the device found, defused or seized
(``weapon_verbs``) and never used (no ``use_words``: exploded, fired, hit) nor anybody hurt is ACLED's
"Strategic developments / Disrupted weapons use", no attack either.
"""

from __future__ import annotations

from typing import Iterable

from spacy.tokens import Doc, Span, Token

from sahel_ie.records import Attack
from sahel_ie.resources import read_lexicon

ARMED_TARGETS = frozenset({"military", "police", "un_peacekeepers", "foreign_forces", "militia"})
ASSAULT_TYPES = frozenset({"armed_assault", "raid", "arson", "unknown"})
REMOTE_TYPES = frozenset({"bombing", "shelling"})
_OBJECT_DEPS = frozenset({"dobj", "obj", "nsubjpass", "nsubj:pass", "obl", "pobj"})


def _lexicon() -> dict:
    return read_lexicon("attack_triggers").get("property_only", {})


def _takes_ground(verb: Token, ground: frozenset[str]) -> bool:
    """The verb's object (or passive subject) is a place, or "control": a fight for ground."""
    for child in verb.children:
        if child.dep_ in _OBJECT_DEPS or child.dep_ == "prep":
            heads = [child] if child.dep_ != "prep" else [c for c in child.children if c.dep_ == "pobj"]
            for head in heads:
                if head.lemma_.lower() in ground or head.ent_type_ in ("GPE", "LOC", "PLACE", "FAC"):
                    return True
    return False


def _negated(token: Token, negators: frozenset[str]) -> bool:
    """"without causing casualties", "no one was hurt", "nobody was killed": harm told as not done."""
    words = [c for c in token.children if c.dep_ in ("neg", "det", "nsubj", "nsubjpass", "advmod")]
    if token.i > 0:
        words.append(token.doc[token.i - 1])
    if token.dep_ == "pobj" or token.dep_ == "dobj":
        words.append(token.head)
        if token.head.dep_ in ("pcomp", "pobj", "advcl") or token.head.i > 0:
            words.append(token.head.head)
            if token.head.i > 0:
                words.append(token.doc[token.head.i - 1])
    return any(w.lower_ in negators or w.dep_ == "neg" and w.head.i == token.i for w in words)


def tells_harm(sentences: Iterable[Span]) -> bool:
    """Whether a sentence tells somebody hurt, taken or fought ("the driver was wounded", "opened fire")."""
    lexicon = _lexicon()
    harm = frozenset(lexicon.get("harm_words", ()))
    fire, heads = lexicon.get("fire_word"), frozenset(lexicon.get("fire_heads", ()))
    negators = frozenset(lexicon.get("negators", ()))
    for sent in sentences:
        for token in sent:
            lemma = token.lemma_.lower()
            if (lemma in harm or token.lower_ in harm) and not _negated(token, negators):
                return True
            if fire and lemma == fire and token.head.lemma_.lower() in heads:
                return True
    return False


def tells_property_or_arrest(sentences: Iterable[Span]) -> bool:
    """Whether a sentence tells property taken or people arrested (not ground taken). Burning and
    destroying are not among the verbs: an arson stays a record (a facility attack, as the GTD has it)."""
    lexicon = _lexicon()
    verbs = frozenset(lexicon.get("verbs", ()))
    ground = frozenset(lexicon.get("ground_objects", ()))
    attempts = frozenset(lexicon.get("attempt_verbs", ()))
    for sent in sentences:
        for token in sent:
            # participles are often tagged ADJ ("the looted shops")
            if token.pos_ in ("VERB", "ADJ") and token.lemma_.lower() in verbs and not _takes_ground(token, ground) \
                    and not (token.dep_ == "xcomp" and token.head.lemma_.lower() in attempts):
                return True  # "attempted to steal a truck" took nothing: an armed attempt, an attack
    return False


def _has_lemma(sentences: list[Span], key: str) -> bool:
    words = frozenset(_lexicon().get(key, ()))
    return any(t.lemma_.lower() in words or t.lower_ in words for sent in sentences for t in sent)


def weapons_disrupted(attack: Attack, sentences: Iterable[Span]) -> bool:
    """A bomb, mine or shell found, defused or seized, never used and hurting nobody (ACLED's
    "Disrupted weapons use"): "the mine was discovered and defused", "rockets were seized"."""
    if attack.attack_type not in REMOTE_TYPES or attack.casualties:
        return False
    sentences = list(sentences)
    return (_has_lemma(sentences, "weapon_verbs") and not _has_lemma(sentences, "use_words")
            and not tells_harm(sentences))


def property_only(attack: Attack, sentences: Iterable[Span], doc: Doc | Span | None = None) -> bool:
    """Whether the record tells only looting, arrests or weapons disrupted
    (see the module): no violent event in ACLED's sense. ``sentences`` are those the record was told in;
    harm is looked for in the whole ``doc`` when given ("an old man who could not flee perished in the
    flames", told in a sentence of its own without a trigger, keeps the burning of a village an attack)."""
    sentences = list(sentences)
    scope = [doc[:]] if isinstance(doc, Doc) else [doc] if doc is not None else sentences
    if tells_harm(scope):
        return False
    if weapons_disrupted(attack, sentences):
        return True
    if attack.attack_type not in ASSAULT_TYPES or attack.casualties:
        return False
    if any(t.category in ARMED_TARGETS for t in attack.targets):
        return False
    return tells_property_or_arrest(sentences) and not tells_harm(sentences)
