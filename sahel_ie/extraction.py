"""From text to an ``Extraction``: preparing the Doc, running the pipeline, collecting the records.

``extract`` never raises on bad input: an empty or oversized text, or a failure inside a component,
becomes an ``Extraction`` with an error entry, because batch users need one output per article whatever
happens. Caller mistakes that are not about the article (a wrong type for ``text``) still raise.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import signal
import threading
import time
from contextlib import contextmanager
from typing import Any, Iterator

from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from sahel_ie import extensions  # noqa: F401
from sahel_ie.language import (
    INVALID_KIND, SUPPORTED_LANGUAGES, UNSUPPORTED_KIND, detect_language, normalise_language, unsupported_message,
)
from sahel_ie.records import ActorSummary, ErrorEntry, Extraction, Source
from sahel_ie.article_country import normalise_country

logger = logging.getLogger(__name__)

# Parser and NER need about 1 GB of temporary memory per 100,000 characters; past this an article is
# reported as too large instead of exhausting the machine (batch readers apply their own byte limit).
MAX_CHARS = 500_000
# A sentence longer than this many tokens without a full stop (scraped text that lost its punctuation,
# a list run together) is cut before parsing: the rules walk subtrees inside a sentence, so their work
# grows with the square of its length. Real news sentences stay under about 120 tokens.
MAX_SENTENCE_TOKENS = 200
# Seconds one article may spend in the pipeline before it becomes a ``timeout`` error entry (batch runs).
DEFAULT_TIME_LIMIT = 60.0
# Publication dates outside these years are not used to anchor relative dates (they are typing errors
# or placeholders such as 0001-01-01, and date arithmetic on them overflows).
MIN_PUBLISHED_YEAR = 1900
# A casualty figure above this is not a toll (a phone number, a sum of money, a parsing accident).
MAX_PLAUSIBLE_COUNT = 100_000

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
        return _in_range(published.date(), published)
    if isinstance(published, dt.date):
        return _in_range(published, published)
    if isinstance(published, str):
        text = published.strip()
        if len(text) > 100:
            raise ValueError(f"not a date: {text[:40]!r}... ({len(text)} characters)")
        match = re.match(r"^(\d{4}-\d{2}-\d{2})", text)
        if match:
            return _in_range(dt.date.fromisoformat(match.group(1)), published)
        import dateparser

        try:
            parsed = dateparser.parse(text, languages=["en", "fr"], settings={"PREFER_DAY_OF_MONTH": "first"})
        except (OverflowError, ValueError, TypeError) as error:  # dateparser's own arithmetic on odd input
            raise ValueError(f"not a date: {published!r} ({error})") from error
        if parsed is None:
            raise ValueError(f"not a date: {published!r}")
        return _in_range(parsed.date(), published)
    raise ValueError(f"not a date: {type(published).__name__} {str(published)[:40]!r}")


def _in_range(date: dt.date, original: Any) -> str:
    """ISO form of a publication date between 1900 and next year; ``ValueError`` outside.

    The date anchors every relative date of the article ("last week"), so an absurd one would give
    absurd event dates, or overflow the date arithmetic at year 1 or 9999.
    """
    last = dt.date.today().year + 1
    if not MIN_PUBLISHED_YEAR <= date.year <= last:
        raise ValueError(f"not a date between {MIN_PUBLISHED_YEAR} and {last}: {str(original)[:40]!r}")
    return date.isoformat()


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


def checked_country(value: Any) -> tuple[str | None, ErrorEntry | None]:
    """The article country as an ISO code, or None and the ``invalid_country`` warning for a bad value."""
    try:
        return normalise_country(value), None
    except ValueError as error:
        return None, ErrorEntry(kind="invalid_country", message=f"{error}; places chosen without it")


def make_doc(nlp: Language, text: str, published: Any = None, doc_id: str | None = None,
             country: str | None = None) -> Doc:
    """A tokenised Doc carrying the article's metadata, ready for ``nlp(doc)`` or ``nlp.pipe(docs)``.
    ``country``: the country the article is about, an ISO code or a name (see ``sahel_ie.article_country``)."""
    doc = nlp.make_doc(text)
    cap_sentences(doc)
    doc._.published = normalise_published(published)
    doc._.doc_id = doc_id
    doc._.country = normalise_country(country)
    return doc


_FULL_STOPS = frozenset({".", "!", "?", "…", "...", ";"})
_SOFT_BREAKS = frozenset({",", ":", "-", "–", "—", "and", "but", "while", "as", "or"})


def cap_sentences(doc: Doc, max_tokens: int = MAX_SENTENCE_TOKENS) -> int:
    """Preset sentence starts so that no run of tokens without a full stop exceeds ``max_tokens``.

    Only pathological text is touched (real sentences are far shorter); the parser keeps the preset
    starts and still finds every other boundary. Each cut falls after the last comma or conjunction of
    the run's second half when there is one. Returns the number of cuts. This keeps the per-sentence
    rules (subtree walks) linear in the article's length.
    """
    cuts = 0
    start = 0
    n = len(doc)
    i = 0
    while i < n:
        tok = doc[i]
        if tok.text in _FULL_STOPS or "\n" in tok.text:
            start = i + 1
        elif i - start >= max_tokens:
            cut = i
            for j in range(i - 1, start + max_tokens // 2, -1):
                if doc[j].lower_ in _SOFT_BREAKS:
                    cut = j + 1
                    break
            doc[cut].is_sent_start = True
            cuts += 1
            start = cut
        i += 1
    return cuts


class ArticleTimeout(BaseException):
    """An article ran over its time budget. A ``BaseException``, so that components' own
    ``except Exception`` handlers cannot swallow it and keep going."""


def _alarm(signum: int, frame: Any) -> None:
    raise ArticleTimeout()


@contextmanager
def time_budget(seconds: float | None) -> Iterator[float | None]:
    """Interrupt the enclosed code with ``ArticleTimeout`` after ``seconds`` (wall clock).

    Uses ``SIGALRM``, so it interrupts only in the main thread of a POSIX process and only when no other
    timer is set; elsewhere (Dask worker threads, Windows) it does nothing and ``run_pipeline`` checks the
    budget between components instead. Yields the deadline (``time.monotonic()`` based) or None.
    """
    if not seconds or seconds <= 0:
        yield None
        return
    deadline = time.monotonic() + seconds
    usable = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_REAL)[0] == 0
              and signal.getsignal(signal.SIGALRM) in (signal.SIG_DFL, None))
    if not usable:
        yield deadline
        return
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield deadline
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_pipeline(nlp: Language, doc: Doc, time_limit: float | None = None,
                 components: list[tuple[str, Any]] | None = None) -> Doc:
    """``nlp(doc)``, component by component, within ``time_limit`` seconds (``ArticleTimeout`` past it).

    ``components`` runs only those (name, component) pairs, e.g. the rule components after a batched
    neural prefix. Exceptions of components propagate as they would from ``nlp(doc)``.
    """
    with time_budget(time_limit) as deadline:
        for _name, proc in (nlp.pipeline if components is None else components):
            if deadline is not None and time.monotonic() > deadline:
                raise ArticleTimeout()
            doc = proc(doc)
    return doc


def plausible_counts(extraction: Extraction) -> Extraction:
    """Drop casualty figures above ``MAX_PLAUSIBLE_COUNT`` (with a warning): 10**30 killed is not a toll."""
    dropped: list[str] = []

    def keep(casualty: Any) -> bool:
        big = any(v is not None and v > MAX_PLAUSIBLE_COUNT for v in (casualty.count, casualty.count_max))
        if big:
            dropped.append(str(casualty.text or casualty.count)[:60])
        return not big

    for attack in extraction.attacks:
        attack.casualties = [c for c in attack.casualties if keep(c)]
    for claim in extraction.claims:
        claim.claimed_casualties = [c for c in claim.claimed_casualties if keep(c)]
    if dropped:
        extraction.errors.append(ErrorEntry(
            "implausible_count", f"figures over {MAX_PLAUSIBLE_COUNT:,} are not counted: {'; '.join(dropped[:5])}"))
    return extraction


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
    return plausible_counts(Extraction(
        doc_id=doc_id or doc._.doc_id or "doc",
        source=source or Source(),
        published=doc._.published,
        country=doc._.country,
        attacks=list(doc._.attacks or []),
        claims=list(doc._.claims or []),
        attributions=list(doc._.attributions or []),
        actors=summarise_actors(doc),
    ))


def extract(
    text: str,
    published: Any = None,
    doc_id: str | None = None,
    *,
    nlp: Language | None = None,
    source: Source | dict | None = None,
    max_chars: int = MAX_CHARS,
    time_limit: float | None = None,
    language: str | None = None,
    country: str | None = None,
) -> Extraction:
    """Extract attacks, claims and attributions from one article.

    ``published`` anchors relative dates ("on Friday"); ``doc_id`` names the article in the output.
    ``time_limit`` (seconds, None for none) turns an article that runs longer into a ``timeout`` entry.
    ``language`` ("en", "fr", ...) overrides the language identified from the text; the article is read
    by the pipeline of its language: ``nlp`` when it is of that language, else the language's pipeline
    of this process (``sahel_ie.pipeline.pipeline_for``, built once). An article in a language without
    a pipeline (or whose model is not installed) gets an ``unsupported_language`` error and no records.
    ``country`` (an ISO code such as "ML", or a country name) says which country the article is about,
    for choosing among namesake villages when the text names none; an unknown value is an
    ``invalid_country`` warning and is left out.
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
    country_code, country_warning = checked_country(country)
    if country_warning is not None:
        errors.append(country_warning)
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
    from sahel_ie.pipeline import pipeline_for

    try:
        nlp = pipeline_for(lang, nlp)
    except Exception as error:  # the language's model failed to load: this article's error, not the run's
        return Extraction.failed(doc_id, "processing_error", f"{type(error).__name__}: {error}", source, lang)
    try:
        doc = run_pipeline(nlp, make_doc(nlp, text, published_iso, doc_id, country_code), time_limit)
        extraction = doc_to_extraction(doc, source, doc_id)
    except ArticleTimeout:
        return Extraction.failed(doc_id, "timeout", f"processing took over {time_limit:g} s", source, lang)
    except Exception as error:  # one article must never stop a user's run
        logger.warning("processing failed for %s: %s", doc_id, error, exc_info=logger.isEnabledFor(logging.DEBUG))
        return Extraction.failed(doc_id, "processing_error", f"{type(error).__name__}: {error}", source, lang)
    extraction.language = lang
    extraction.errors.extend(errors)
    return extraction
