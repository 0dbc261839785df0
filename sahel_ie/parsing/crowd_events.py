"""Riots and protests: a crowd's violence, or forces firing on a crowd, is no attack record.

ACLED keeps demonstrations out of its violent event types: protesters who burn a gendarmerie or clash
with the police make a "Riots / Violent demonstration", a mob that attacks somebody a "Riots / Mob
violence", and forces that fire on a march a "Protests / Excessive force against protesters". The
contract has no attack type for them (``records.ATTACK_TYPES`` are violent kinds), so such a telling is
not emitted as an attack. The rule reads the finished record and the sentences it was told in:

* one of those sentences tells a demonstration (``crowd_events.demonstration_words`` of
  ``attack_triggers.json``: protest, demonstrator, riot...);
* and the agent is the crowd: the perpetrator's text names one (``crowd_nouns``: protesters, youths,
  residents), or no perpetrator is told ("youths protesting an arrest clashed with gendarmes");
* or the agent is a state force acting on the crowd: a target or casualty names protesters
  (``protester_nouns``: "two protesters shot dead by the police"; villagers or residents are no crowd
  here), or a demonstration noun is the subject of a clause ("riots broke
  out", "the protest turned deadly") so that the demonstration is what the sentence tells.

An armed group or gunmen who attack a march stay an attack (their violence is no demonstration), and so
does a killing that protests followed, told by a perpetrator that is no crowd.
"""

from __future__ import annotations

from typing import Iterable

from spacy.tokens import Span

from sahel_ie.records import Attack
from sahel_ie.resources import read_lexicon

STATE_KINDS = frozenset({"state_force", "government_body"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "nsubj:pass"})
_OBJECT_DEPS = frozenset({"dobj", "obj", "pobj", "nsubjpass", "nsubj:pass", "obl"})


def _lexicon() -> dict:
    return read_lexicon("attack_triggers").get("crowd_events", {})


def _words(text: str | None) -> list[str]:
    return [w.strip(".,;:'\"()").lower() for w in (text or "").split()]


def names_crowd(text: str | None, crowd: frozenset[str]) -> bool:
    """Whether a phrase names a crowd ("the protesters", "angry youths")."""
    return any(w in crowd for w in _words(text))


def tells_demonstration(sentences: Iterable[Span]) -> tuple[bool, bool]:
    """(a demonstration word is told, a demonstration noun is a clause's subject)."""
    lexicon = _lexicon()
    words = frozenset(lexicon.get("demonstration_words", ()))
    nouns = frozenset(lexicon.get("demonstration_nouns", ()))
    told = subject = False
    for sent in sentences:
        for token in sent:
            lemma, lower = token.lemma_.lower(), token.lower_
            if token.ent_type_ == "DATE" or token.pos_ == "PROPN":
                continue  # "On March 4": a month, no march
            if lemma in words or lower in words:
                told = True
            if (lemma in nouns or lower in nouns) and token.dep_ in _SUBJECT_DEPS:
                subject = told = True
    return told, subject


def crowd_event(attack: Attack, sentences: Iterable[Span]) -> bool:
    """Whether the record tells a riot or a protest (see the module), no attack in ACLED's sense."""
    sentences = list(sentences)
    told, subject = tells_demonstration(sentences)
    if not told:
        return False
    crowd = frozenset(_lexicon().get("crowd_nouns", ()))
    perpetrator = attack.perpetrator
    if not perpetrator.text and not perpetrator.actor_id:
        return True
    if names_crowd(perpetrator.text, crowd) and not perpetrator.actor_id:
        return True
    if perpetrator.kind in STATE_KINDS:
        # "two protesters shot dead by the police"; not "soldiers killed five villagers" (no crowd as such)
        protesters = frozenset(_lexicon().get("protester_nouns", ()))
        acted_on_crowd = any(names_crowd(t.text, protesters) for t in attack.targets) or any(
            names_crowd(c.text, protesters) for c in attack.casualties) or any(
            t.dep_ in _OBJECT_DEPS and (t.lower_ in protesters or t.lemma_.lower() in protesters)
            for sent in sentences for t in sent)  # "opened fire on protesters": an object the record may not keep
        return acted_on_crowd or subject
    return False
