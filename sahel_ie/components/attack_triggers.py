"""Attack trigger detection: the words and phrases that say an attack happened.

The lexicon (``models/lexicons/en/attack_triggers.json``) maps surface forms to a contract attack type,
so widening coverage is a data edit. Matching is by lower-cased token text with a single
``PhraseMatcher`` built once; the longest match wins so "suicide car bomb" beats "bomb". Each trigger
span carries ``Span._.attack_type`` and a label saying how it may be used downstream:

* ``VERB`` / ``NOUN`` — an ordinary trigger;
* ``WEAK`` — "killed", "shot dead": an attack only when an attacker is the agent (decided in
  ``sahel_attacks``, which sees the arguments);
* ``ANAPHOR`` — "the attack", "those assaults": usually refers back to a record already made.

Whether a trigger is negated, hypothetical, generic... is the business of ``sahel_context``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from sahel_ie import extensions  # noqa: F401  (registers Doc/Span extensions)
from sahel_ie.parsing.triggers import is_anaphoric, is_verbal, load_lexicon
from sahel_ie.resources import in_document_language


class AttackTriggerFinder:
    """Finds attack trigger spans and labels them with their attack type."""

    def __init__(self, nlp: Language, name: str = "sahel_attack_triggers") -> None:
        self.name = name
        self.lexicon = load_lexicon(lang=nlp.lang)
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        forms = sorted(self.lexicon.types)
        self.matcher.add("ATTACK_TRIGGER", list(nlp.tokenizer.pipe(forms)))

    def _label(self, span: Span) -> str:
        low = span.text.lower()
        if low in self.lexicon.weak:
            return "WEAK"
        if is_verbal(span):
            return "VERB"
        if low in self.lexicon.anaphor_only and is_anaphoric(span):
            return "ANAPHOR"
        return "NOUN"

    def _excluded(self, doc: Doc, span: Span) -> bool:
        before = doc[span.start - 1].lower_ if span.start > 0 else ""
        after = doc[span.end].lower_ if span.end < len(doc) else ""
        if before in self.lexicon.not_after or after in self.lexicon.not_before:
            return True
        # "shot" as a noun ("a shot") or adjective is not an attack; the weak verbs must be verbs.
        if span.text.lower() in self.lexicon.weak and not is_verbal(span) and span.text.lower() != "killing":
            return True
        return False

    @in_document_language
    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, start, end) for _, start, end in self.matcher(doc)]
        triggers: list[Span] = []
        for span in filter_spans(spans):
            if self._excluded(doc, span):
                continue
            trigger = Span(doc, span.start, span.end, label=self._label(span))
            trigger._.attack_type = self.lexicon.types[span.text.lower()]
            triggers.append(trigger)
        doc._.attack_triggers = triggers
        return doc


@Language.factory("sahel_attack_triggers", requires=["token.lemma", "token.tag", "doc.ents"],
                  assigns=["doc._.attack_triggers", "span._.attack_type"])
def make_sahel_attack_triggers(nlp: Language, name: str) -> AttackTriggerFinder:
    return AttackTriggerFinder(nlp, name)
