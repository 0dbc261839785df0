"""Batch extraction: many articles in, exactly one ``Extraction`` out per article, in input order.

Articles are processed in chunks with ``nlp.pipe`` (batching is what makes spaCy fast). A failure in one
document must not cost its neighbours: the pipeline's error handler logs and drops the failing doc, the
gap is noticed, and that one article is re-run alone through ``extract``, which turns the failure into an
error entry. With ``n_process > 1`` chunks go to worker processes that each hold one pipeline (forked from
the parent, so the model and the knowledge base load once); results come back as plain dicts.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from dataclasses import dataclass
from itertools import islice
from typing import Any, Iterable, Iterator

from spacy.language import Language

from sahel_ie.extraction import (
    MAX_CHARS, article_language, doc_to_extraction, extract, make_doc, normalise_published, unsupported_language,
)
from sahel_ie.io.readers import Article
from sahel_ie.records import ErrorEntry, Extraction, Source

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 32


def to_article(item: Any, index: int) -> Article:
    """Accept an Article, a plain text, a (text, metadata) pair or a mapping with text and metadata."""
    from sahel_ie.io.readers import article_from_mapping

    if isinstance(item, Article):
        return item
    if isinstance(item, str):
        return Article(doc_id=f"doc{index}", text=item)
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):
        return article_from_mapping({**(item[1] or {}), "text": item[0]}, f"doc{index}")
    if isinstance(item, dict):
        return article_from_mapping(item, f"doc{index}")
    return Article(doc_id=f"doc{index}", error=ErrorEntry("unreadable", f"unsupported item type {type(item).__name__}"))


def _log_and_drop(name: str, proc: Any, docs: list, error: Exception) -> None:
    logger.warning("component %s failed on %d doc(s): %s", name, len(docs or []), error)


def _prepared(nlp: Language, article: Article, max_chars: int,
              language: str | None = None) -> tuple[Any, list[ErrorEntry], str] | Extraction:
    """A Doc ready for the pipeline plus warnings and its language, or the failed Extraction when it
    cannot run. ``language`` (``--lang``) overrides the article's declared or identified language."""
    if article.error is not None:
        return Extraction(doc_id=article.doc_id, source=article.source, errors=[article.error])
    if not article.text.strip():
        return Extraction.failed(article.doc_id, "empty", "the article has no text", article.source)
    if len(article.text) > max_chars:
        return Extraction.failed(article.doc_id, "too_large",
                                 f"{len(article.text):,} characters is over the limit of {max_chars:,}", article.source)
    warnings: list[ErrorEntry] = list(article.warnings)
    lang, language_warnings = article_language(article.text, language or article.language)
    warnings.extend(language_warnings)
    unsupported = unsupported_language(article.doc_id, lang, article.source)
    if unsupported is not None:
        unsupported.errors.extend(warnings)
        return unsupported
    try:
        published = normalise_published(article.published)
    except ValueError as error:
        published = None
        warnings.append(ErrorEntry("invalid_published", f"{error}; relative dates left unresolved"))
    try:
        return make_doc(nlp, article.text, published, article.doc_id), warnings, lang
    except Exception as error:  # the tokenizer should not fail, but one article must not stop the run
        return Extraction.failed(article.doc_id, "processing_error", f"{type(error).__name__}: {error}", article.source)


def process_chunk(nlp: Language, articles: list[Article], *, batch_size: int = DEFAULT_BATCH_SIZE,
                  max_chars: int = MAX_CHARS, language: str | None = None) -> list[Extraction]:
    """Extractions for a list of articles, in the same order, one each; ``language`` forces every
    article's language (else each article's declared or identified one)."""
    results: list[Extraction | None] = [None] * len(articles)
    runnable: list[tuple[Any, int]] = []
    extra_errors: dict[int, list[ErrorEntry]] = {}
    languages: dict[int, str] = {}
    for index, article in enumerate(articles):
        prepared = _prepared(nlp, article, max_chars, language)
        if isinstance(prepared, Extraction):
            results[index] = prepared
        else:
            doc, warnings, languages[index] = prepared
            runnable.append((doc, index))
            extra_errors[index] = warnings
    # Drop-and-log only while batching: the single re-run below must see the exception to report it, and
    # the caller's pipeline must not be left swallowing errors for later ``nlp(text)`` calls.
    previous_handler = nlp.default_error_handler
    nlp.default_error_handler = _log_and_drop
    try:
        for doc, index in nlp.pipe(runnable, as_tuples=True, batch_size=batch_size):
            article = articles[index]
            extraction = doc_to_extraction(doc, article.source, article.doc_id)
            extraction.language = languages[index]
            extraction.errors.extend(extra_errors[index])
            results[index] = extraction
    except Exception as error:  # a component without per-doc error handling failed: redo the rest singly
        logger.warning("batch failed (%s); processing the remaining articles one by one", error)
    finally:
        nlp.default_error_handler = previous_handler
    for index, result in enumerate(results):
        if result is None:  # dropped by a failing component: run alone to get its error (or its records)
            article = articles[index]
            extraction = extract(article.text, article.published, article.doc_id, nlp=nlp,
                                 source=article.source, max_chars=max_chars, language=languages.get(index))
            extraction.errors.extend(article.warnings)
            results[index] = extraction
    return results  # type: ignore[return-value]


def _chunks(items: Iterable[Article], size: int) -> Iterator[list[Article]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


# Worker-process state: the parent's pipeline, inherited by fork.
_WORKER_NLP: Language | None = None
_WORKER_OPTIONS: dict[str, Any] = {}


def _worker_chunk(articles: list[Article]) -> list[dict]:
    assert _WORKER_NLP is not None
    return [e.to_dict() for e in process_chunk(_WORKER_NLP, articles, **_WORKER_OPTIONS)]


def extract_many(
    items: Iterable[Any],
    *,
    nlp: Language | None = None,
    model: str | None = None,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    max_chars: int = MAX_CHARS,
    language: str | None = None,
) -> Iterator[Extraction]:
    """Stream one Extraction per item, in input order; items as accepted by ``to_article``.

    ``language`` forces every article's language; by default each is read in the language its metadata
    declares (a ``language`` field) or, failing that, the one identified from its text."""
    global _WORKER_NLP, _WORKER_OPTIONS
    if nlp is None:
        from sahel_ie.pipeline import default_pipeline

        nlp = default_pipeline(model)
    articles = (to_article(item, i) for i, item in enumerate(items))
    chunk_size = max(batch_size, 1) * 4
    if n_process <= 1:
        for chunk in _chunks(articles, chunk_size):
            yield from process_chunk(nlp, chunk, batch_size=batch_size, max_chars=max_chars, language=language)
        return
    _WORKER_NLP, _WORKER_OPTIONS = nlp, {"batch_size": batch_size, "max_chars": max_chars, "language": language}
    context = multiprocessing.get_context("fork")
    # ``Pool.imap`` would read the whole input ahead (its feeder thread has no limit), so memory would grow
    # with the corpus. A bounded window of chunks in flight keeps it constant and the workers busy;
    # chunks of one batch each keep two processes evenly loaded even on small inputs.
    window = 2 * n_process
    with context.Pool(processes=n_process) as pool:
        pending: deque = deque()
        for chunk in _chunks(articles, max(batch_size, 1)):
            pending.append(pool.apply_async(_worker_chunk, (chunk,)))
            if len(pending) >= window:
                yield from (Extraction.from_dict(d) for d in pending.popleft().get())
        while pending:
            yield from (Extraction.from_dict(d) for d in pending.popleft().get())


@dataclass
class RunSummary:
    """Counts for the end-of-run report and the exit code."""

    articles: int = 0
    attacks: int = 0
    claims: int = 0
    attributions: int = 0
    skipped: int = 0
    errors: dict[str, int] | None = None

    def add(self, extraction: Extraction) -> None:
        self.articles += 1
        self.attacks += len(extraction.attacks)
        self.claims += len(extraction.claims)
        self.attributions += len(extraction.attributions)
        for error in extraction.errors:
            if self.errors is None:
                self.errors = {}
            self.errors[error.kind] = self.errors.get(error.kind, 0) + 1

    @property
    def failed(self) -> int:
        return sum((self.errors or {}).values())

    def describe(self, seconds: float) -> str:
        rate = self.articles / seconds if seconds > 0 else 0.0
        errors = ", ".join(f"{k}: {v}" for k, v in sorted((self.errors or {}).items())) or "none"
        return (f"{self.articles} articles ({self.skipped} skipped as done), {self.attacks} attacks, "
                f"{self.claims} claims, {self.attributions} attributions; errors: {errors}; "
                f"{seconds:.1f} s, {rate:.1f} articles/s")


__all__ = ["extract_many", "process_chunk", "to_article", "RunSummary", "Source"]
