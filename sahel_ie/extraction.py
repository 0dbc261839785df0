"""From text to an ``Extraction``: preparing the Doc, running the pipeline, collecting the records.

``extract`` never raises on bad input: an empty or oversized text, or a failure inside a component,
becomes an ``Extraction`` with an error entry, because batch users need one output per article whatever
happens. Caller mistakes that are not about the article (a wrong type for ``text``) still raise.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from sahel_ie import extensions  # noqa: F401
from sahel_ie.language import (
    INVALID_KIND, SUPPORTED_LANGUAGES, UNSUPPORTED_KIND, detect_language, normalise_language, unsupported_message,
)
from sahel_ie.records import ActorSummary, ErrorEntry, Extraction, Source

logger = logging.getLogger(__name__)

# Parser and NER need about 1 GB of temporary memory per 100,000 characters; past this an article is
# reported as too large instead of exhausting the machine (batch readers apply their own byte limit).
MAX_CHARS = 500_000

ACTOR_LABELS = {"ARMED_GROUP", "MILITIA", "STATE_FORCE", "FOREIGN_FORCE", "INTL_MISSION", "GOV_BODY"}
# the labels' string-store hashes: an entity's ``label`` is compared without looking its name up
ACTOR_LABEL_IDS = frozenset(get_string_id(label) for label in ACTOR_LABELS)


def normalise_published(published: Any) -> str | None:
    """ISO date string for a date, datetime or date-like string; ``None`` when absent.

    Raises ``ValueError`` for a string that is not a date, so callers can report it.
    """
    if published is None or published == "":
        return None
    if isinstance(published, dt.datetime):
        return published.date().isoformat()
    if isinstance(published, dt.date):
        return published.isoformat()
    if isinstance(published, str):
        text = published.strip()
        match = re.match(r"^(\d{4}-\d{2}-\d{2})", text)
        if match:
            return dt.date.fromisoformat(match.group(1)).isoformat()
        import dateparser

        parsed = dateparser.parse(text, languages=["en", "fr"], settings={"PREFER_DAY_OF_MONTH": "first"})
        if parsed is None:
            raise ValueError(f"not a date: {published!r}")
        return parsed.date().isoformat()
    raise ValueError(f"not a date: {published!r}")


def article_language(text: str, declared: Any = None) -> tuple[str, list[ErrorEntry]]:
    """The language an article is read as: the declared one when it names a language, else the one
    identified from the text; plus a warning when the declaration was not a language."""
    try:
        language = normalise_language(declared)
    except ValueError as error:
        return detect_language(text), [ErrorEntry(INVALID_KIND, f"{error}; the language was identified from the text")]
    return (language or detect_language(text)), []


def unsupported_language(doc_id: str, language: str, source: Source | None = None) -> Extraction | None:
    """The output line for an article in a language without a pipeline (``None`` when it has one).

    Such an article is never run through rules written for another language: they would not find its
    attacks, and could misread its words as theirs.
    """
    if language in SUPPORTED_LANGUAGES:
        return None
    return Extraction.failed(doc_id, UNSUPPORTED_KIND, unsupported_message(language), source, language=language)


def make_doc(nlp: Language, text: str, published: Any = None, doc_id: str | None = None) -> Doc:
    """A tokenised Doc carrying the article's metadata, ready for ``nlp(doc)`` or ``nlp.pipe(docs)``."""
    doc = nlp.make_doc(text)
    doc._.published = normalise_published(published)
    doc._.doc_id = doc_id
    return doc


def summarise_actors(doc: Doc) -> list[ActorSummary]:
    """One entry per knowledge-base actor mentioned, with its surface forms, in order of first mention."""
    from sahel_ie.kb.actors import default_kb

    kb = default_kb()
    summaries: dict[str, ActorSummary] = {}
    published = None
    for ent in doc.ents:
        if ent.label not in ACTOR_LABEL_IDS:
            continue
        ent_id = ent.ent_id_
        if not ent_id:
            continue
        summary = summaries.get(ent_id)
        if summary is None:
            actor = kb.get(ent_id)
            if actor is not None and published is None:
                published = doc._.published
            summary = ActorSummary(
                actor_id=ent_id,
                name=actor.name_on(published) if actor else None,
                type=actor.type if actor else None,
            )
            summaries[ent_id] = summary
        text = ent.text
        if text not in summary.mentions:
            summary.mentions.append(text)
    return list(summaries.values())


def doc_to_extraction(doc: Doc, source: Source | None = None, doc_id: str | None = None) -> Extraction:
    """Collect a processed Doc's records into the contract's per-article object."""
    return Extraction(
        doc_id=doc_id or doc._.doc_id or "doc",
        source=source or Source(),
        published=doc._.published,
        attacks=list(doc._.attacks or []),
        claims=list(doc._.claims or []),
        attributions=list(doc._.attributions or []),
        actors=summarise_actors(doc),
    )


def extract(
    text: str,
    published: Any = None,
    doc_id: str | None = None,
    *,
    nlp: Language | None = None,
    source: Source | dict | None = None,
    max_chars: int = MAX_CHARS,
    language: str | None = None,
) -> Extraction:
    """Extract attacks, claims and attributions from one article.

    ``published`` anchors relative dates ("on Friday"); ``doc_id`` names the article in the output;
    ``language`` ("en", "fr", ...) overrides the language identified from the text. An article in a
    language without a pipeline gets an ``unsupported_language`` error and no records.
    Problems with the article itself come back as ``Extraction.errors``, never as exceptions.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be str, not {type(text).__name__}")
    if isinstance(source, dict):
        source = Source.from_dict(source)
    doc_id = doc_id or "doc"
    errors: list[ErrorEntry] = []
    try:
        published_iso = normalise_published(published)
    except ValueError as error:
        published_iso = None
        errors.append(ErrorEntry(kind="invalid_published", message=f"{error}; relative dates left unresolved"))
    if not text.strip():
        return Extraction.failed(doc_id, "empty", "the article has no text", source)
    if len(text) > max_chars:
        return Extraction.failed(
            doc_id, "too_large", f"{len(text):,} characters is over the limit of {max_chars:,}", source
        )
    lang, language_warnings = article_language(text, language)
    errors.extend(language_warnings)
    unsupported = unsupported_language(doc_id, lang, source)
    if unsupported is not None:
        unsupported.errors.extend(errors)
        return unsupported
    if nlp is None:
        from sahel_ie.pipeline import default_pipeline

        nlp = default_pipeline()
    try:
        doc = nlp(make_doc(nlp, text, published_iso, doc_id))
        extraction = doc_to_extraction(doc, source, doc_id)
    except Exception as error:  # one article must never stop a user's run
        logger.warning("processing failed for %s: %s", doc_id, error, exc_info=logger.isEnabledFor(logging.DEBUG))
        return Extraction.failed(doc_id, "processing_error", f"{type(error).__name__}: {error}", source, lang)
    extraction.language = lang
    extraction.errors.extend(errors)
    return extraction
