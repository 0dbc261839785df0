"""The publication date from an article's own dateline, when its metadata has none.

Wire copy opens "BAMAKO, Sept 8 (Reuters) -" and sites print "Published on 12 March 2024" near the top;
only the first lines are read, and only explicit dates with a year or a wire dateline are trusted.
"""

from __future__ import annotations

import re

_MONTHS = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_PATTERNS = [
    re.compile(r"\b(\d{4}-\d{2}-\d{2})\b"),
    re.compile(rf"\b(\d{{1,2}}\s+{_MONTHS}\s+\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b({_MONTHS}\s+\d{{1,2}},?\s+\d{{4}})\b", re.IGNORECASE),
]
HEAD_CHARS = 600


def find_publication_date(text: str) -> str | None:
    """ISO date found in the article's head, or None. Wire datelines without a year stay None."""
    import dateparser

    head = text[:HEAD_CHARS]
    for pattern in _PATTERNS:
        match = pattern.search(head)
        if match:
            parsed = dateparser.parse(match.group(1), languages=["en"])
            if parsed is not None:
                return parsed.date().isoformat()
    return None
