"""Registration of every ``Doc._`` / ``Span._`` extension the sahel components read or write.

Registering them in one place keeps the names of the pipeline's intermediate results in one list and lets
any component (or a user's own) import this module without depending on another component's file.
Values are set per document by the components; the defaults are ``None`` so a consumer can tell
"component not run" from "ran and found nothing" (an empty list).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

DOC_EXTENSIONS: dict[str, str] = {
    "published": "ISO date (str) the article was published, set by the caller before the pipeline runs",
    "doc_id": "the caller's id for the article",
    "abbreviations": "dict short form -> actor id (or None) learned from 'Long Name (ABBR)' in this article",
    "abbreviation_spans": "list of (long Span, short Span) definitions",
    "date_mentions": "list[DateMention] from sahel_dates",
    "casualty_mentions": "list[CasualtyMention] from sahel_casualties",
    "attack_triggers": "list[Span] attack trigger spans from sahel_attack_triggers",
    "attacks": "list[records.Attack] from sahel_attacks",
    "attack_spans": "dict attack id -> list[Span] of the trigger spans merged into that attack",
    "claims": "list[records.Claim] from sahel_claims",
    "attributions": "list[records.Attribution] from sahel_attributions",
}

SPAN_EXTENSIONS: dict[str, str] = {
    "attack_type": "attack type of a trigger span (records.ATTACK_TYPES)",
    "modifiers": "list of dicts {category, cue, direction} from sahel_context (NEGATED, HYPOTHETICAL, ...)",
}


def register_extensions() -> None:
    """Register all extensions; safe to call any number of times."""
    for name in DOC_EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)
    for name in SPAN_EXTENSIONS:
        if not Span.has_extension(name):
            Span.set_extension(name, default=None)


register_extensions()
