"""The modifier categories the context component writes on trigger spans, and which of them block a record.

Kept apart from the component so that the argument finders and the attack builder can read a trigger's
modifiers without importing the component that writes them.
"""

from __future__ import annotations

from spacy.tokens import Span

CATEGORIES = (
    "NEGATED", "HYPOTHETICAL", "THREAT", "HISTORICAL", "AGGREGATE", "GENERIC", "SUSPECTED", "CLAIMED", "DENIED",
)
BLOCKING = frozenset({"NEGATED", "HYPOTHETICAL", "THREAT", "HISTORICAL", "AGGREGATE", "GENERIC", "DENIED"})


def categories(span: Span) -> set[str]:
    """The modifier categories on a trigger span (empty when the context component did not run)."""
    return {m["category"] for m in (span._.modifiers or [])}


def is_blocked(span: Span) -> bool:
    """True when a modifier says the trigger reports no actual, specific attack."""
    return bool(categories(span) & BLOCKING)
