"""The attack-trigger lexicon and the grammatical tests on a trigger span (verbal, plural, anaphoric,
distinct), shared by the trigger finder, the context modifiers and the argument finders."""


from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from sahel_ie.extensions import doc_cache
from sahel_ie.records import ATTACK_TYPES
from sahel_ie.resources import read_lexicon, per_language
from sahel_ie.parsing.syntax import function_words

DETERMINERS_ANAPHORIC = {"the", "this", "that", "these", "those", "its", "their", "his", "her", "both", "same"}
ANAPHORIC_ADJECTIVES = {"prior", "previous", "earlier", "latest", "same", "deadly", "recent", "last", "above"}


@dataclass(frozen=True)
class TriggerLexicon:
    """The trigger lexicon as lookup tables, loaded once per component."""

    types: dict[str, str]
    weak: frozenset[str]
    anaphor_only: frozenset[str]
    plural: frozenset[str]
    priority: tuple[str, ...]
    not_after: frozenset[str]
    not_before: frozenset[str]
    noun_forms: frozenset[str] = frozenset()
    event_plurals: frozenset[str] = frozenset()  # "clashes", "airstrikes": one event unless counted
    victim_subject: frozenset[str] = frozenset()  # "came under attack": the subject is the target
    nonviolent_deaths: frozenset[str] = frozenset()  # "a road accident": a death no attack caused

    @classmethod
    def from_dict(cls, data: dict) -> "TriggerLexicon":
        types: dict[str, str] = {}
        weak: set[str] = set()
        for entry in data["triggers"]:
            attack_type = entry["type"]
            if attack_type not in ATTACK_TYPES:
                raise ValueError(f"attack trigger lexicon: unknown attack type {attack_type!r}")
            for form in entry["forms"]:
                types[form.lower()] = attack_type
                if entry.get("weak"):
                    weak.add(form.lower())
        return cls(
            types=types,
            weak=frozenset(weak),
            anaphor_only=frozenset(w.lower() for w in data.get("anaphor_only", [])),
            plural=frozenset(w.lower() for w in data.get("plural_forms", [])),
            priority=tuple(data.get("type_priority", ATTACK_TYPES)),
            not_after=frozenset(w.lower() for w in data.get("not_after", [])),
            not_before=frozenset(w.lower() for w in data.get("not_before", [])),
            noun_forms=frozenset(w.lower() for w in data.get("noun_forms", [])),
            event_plurals=frozenset(w.lower() for w in data.get("event_plurals", [])),
            victim_subject=frozenset(w.lower() for w in data.get("victim_subject_forms", [])),
            nonviolent_deaths=frozenset(w.lower() for w in data.get("nonviolent_death_words", [])),
        )


@per_language
def load_lexicon() -> TriggerLexicon:
    return TriggerLexicon.from_dict(read_lexicon("attack_triggers"))


VERBAL_KEY = "sahel_verbal_triggers"


def is_verbal(span: Span) -> bool:
    """A trigger whose head token is a verb (tag VB*), e.g. "attacked", "set fire to"; never the forms the
    lexicon lists as nouns ("drone strikes" tagged VBZ). Remembered per span for the document: the
    trigger finder, the context reader and the attack extractor all ask, and finding a span's root is the
    costly part."""
    known = doc_cache(span.doc).setdefault(VERBAL_KEY, {})
    key = (span.start, span.end)
    found = known.get(key)
    if found is None:
        # the tag first: it settles the noun triggers without building the span's text
        found = known[key] = span.root.tag_.startswith("VB") and span.text.lower() not in load_lexicon().noun_forms
    return found


def is_plural(span: Span, lexicon: TriggerLexicon) -> bool:
    """A group of attacks; an uncounted plural that tells one event ("clashes between ...") is not."""
    text = span.text.lower()
    if text in lexicon.event_plurals:
        return any(c.dep_ == "nummod" for c in span.root.children)
    return text in lexicon.plural or (not is_verbal(span) and span.root.tag_ in {"NNS", "NNPS"})


@per_language
def _distinct_words() -> frozenset[str]:
    return frozenset(read_lexicon("attack_triggers").get("distinct_modifiers", {}).get("words", []))


def is_distinct(span: Span) -> bool:
    """"killed in another attack", "in a separate ambush": the writer says this is not the event told so far,
    so its place or toll must not be folded into that event."""
    if is_verbal(span):
        return False
    root = span.root
    words = _distinct_words()
    dets = {c.lower_ for c in root.children if c.dep_ == "det"}
    for child in root.children:
        if child.lower_ in function_words("another") and child.dep_ in {"det", "amod"}:
            return True
        if child.dep_ in {"amod", "advmod"} and child.lower_ in words and dets & function_words("indefinite"):
            return True
    return False


def is_anaphoric(span: Span) -> bool:
    """A noun trigger introduced by a definite/demonstrative determiner or 'prior', 'same'..."""
    if is_verbal(span):
        return False
    root = span.root
    for child in root.children:
        if child.i >= span.start and child.i < span.end:
            continue
        low = child.lower_
        if child.dep_ in {"det", "poss", "predet"} and (low in function_words("anaphoric_determiners")
                                                        or low in {"’s", "'s"}):
            return True
        if child.dep_ == "poss":
            return True
        if child.dep_ == "amod" and low in function_words("anaphoric_adjectives"):
            return True
    return False


