"""Batch extraction: many articles in, exactly one ``Extraction`` out per article, in input order.

Articles are processed in chunks. The leading, neural components (tokenizer's tagger, parser, NER) run a
batch at a time (batching is what makes spaCy fast); the rule components then run one article at a time
under that article's time budget. A failure of one document must not cost its neighbours: a failing
batch is redone doc by doc, and whatever one article raises, or a budget overrun, becomes that article's
error entry. With ``n_process > 1`` chunks go to worker processes that each hold one pipeline (forked
from the parent, so the model and the knowledge base load once); results come back as plain dicts.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections import deque
from dataclasses import dataclass
from itertools import islice
from typing import Any, Iterable, Iterator

from spacy.language import Language

from sahel_ie.extraction import (DEFAULT_TIME_LIMIT, MAX_CHARS, ArticleTimeout, article_language, checked_country,
                                 doc_to_extraction, make_doc, normalise_published, run_pipeline, unsupported_language)
from sahel_ie.io.collector import long_lived_objects_frozen
from sahel_ie.io.readers import Article
from sahel_ie.pipeline import pipeline_for
from sahel_ie.records import ErrorEntry, Extraction, Source

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 32
# Characters per nlp.pipe batch. The parser's and the extractors' working memory grows with the tokens of
# a batch, not the number of documents: 32 long articles weigh as much as 300 short ones. A batch closes
# at whichever bound it reaches first (an article longer than this goes alone).
DEFAULT_BATCH_CHARS = 64_000


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


def _prepared(nlp: Language, article: Article, max_chars: int,
              language: str | None = None) -> tuple[Any, list[ErrorEntry], str] | Extraction:
    """A Doc ready for the pipeline plus warnings and its language, or the failed Extraction when it
    cannot run. ``language`` (``--lang``) overrides the article's declared or identified language."""
    if article.error is not None:
        return Extraction(doc_id=article.doc_id, source=article.source, errors=[article.error, *article.warnings])
    if not article.text.strip():
        return Extraction.failed(article.doc_id, "empty", "the article has no text", article.source)
    if len(article.text) > max_chars:
        return Extraction.failed(article.doc_id, "too_large",
                                 f"{len(article.text):,} characters is over the limit of {max_chars:,} (--max-chars)",
                                 article.source)
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
    country, country_warning = checked_country(article.country)
    if country_warning is not None:
        warnings.append(country_warning)
    pipeline = pipeline_for(lang, nlp)  # the article's language's pipeline, built once per process
    return make_doc(pipeline, article.text, published, article.doc_id, country), warnings, lang


def split_pipeline(nlp: Language) -> tuple[list[tuple[str, Any]], list[tuple[str, Any]]]:
    """The leading components that process batches (the neural ones, linear in length) and the rest.

    The first run a batch at a time, as ``nlp.pipe`` would; the rule components run one article at a
    time under that article's time budget, so that a slow article is stopped without costing others.
    """
    pipeline = list(nlp.pipeline)
    cut = 0
    while cut < len(pipeline) and hasattr(pipeline[cut][1], "pipe"):
        cut += 1
    return pipeline[:cut], pipeline[cut:]


def _batched(components: list[tuple[str, Any]], docs: list[Any], batch_size: int) -> list[Any]:
    """Docs through the batched components; a doc whose batch fails is redone alone and, if it fails
    again, replaced by its exception (the other docs of the batch are unaffected)."""
    out: list[Any] = list(docs)
    for name, proc in components:
        alive = [i for i, d in enumerate(out) if not isinstance(d, BaseException)]
        try:
            done = list(proc.pipe([out[i] for i in alive], batch_size=batch_size))
            if len(done) != len(alive):
                raise RuntimeError(f"{name} returned {len(done)} of {len(alive)} docs")
            for i, doc in zip(alive, done):
                out[i] = doc
        except Exception as error:  # find the failing doc(s): the others go on
            logger.warning("component %s failed on a batch (%s); running its docs one by one", name, error)
            for i in alive:
                try:
                    out[i] = proc(out[i])
                except Exception as single:
                    out[i] = single
    return out


def _finish(nlp: Language, doc: Any, article: Article, warnings: list[ErrorEntry], language: str,
            components: list[tuple[str, Any]], time_limit: float | None) -> Extraction:
    """The Extraction of one article from its batched Doc: the rule components under its time budget."""
    if isinstance(doc, BaseException):
        extraction = Extraction.failed(article.doc_id, "processing_error", f"{type(doc).__name__}: {doc}",
                                       article.source)
    else:
        try:
            doc = run_pipeline(nlp, doc, time_limit, components=components)
            extraction = doc_to_extraction(doc, article.source, article.doc_id)
        except ArticleTimeout:
            extraction = Extraction.failed(article.doc_id, "timeout",
                                           f"processing took over {time_limit:g} s (--time-limit)", article.source)
        except Exception as error:  # one article must never stop the run (RecursionError included)
            logger.warning("processing failed for %s: %s", article.doc_id, error)
            extraction = Extraction.failed(article.doc_id, "processing_error",
                                           f"{type(error).__name__}: {str(error)[:500]}", article.source)
    extraction.language = language
    extraction.errors.extend(warnings)
    return extraction


def process_chunk(nlp: Language, articles: list[Article], *, batch_size: int = DEFAULT_BATCH_SIZE,
                  max_chars: int = MAX_CHARS, time_limit: float | None = DEFAULT_TIME_LIMIT,
                  language: str | None = None) -> list[Extraction]:
    """Extractions for a list of articles, in the same order, one each, whatever fails.

    ``time_limit``: seconds an article may spend in the rule components before it becomes a
    ``timeout`` entry (None: no limit). ``language`` forces every article's language (else each
    article's declared or identified one). Each article is read by the pipeline of its language: ``nlp``
    when it is of that language, else that language's pipeline of this process (``pipeline_for``), so a
    chunk may mix English and French articles; each language's articles are batched together.
    """
    results: list[Extraction | None] = [None] * len(articles)
    runnable: list[tuple[int, Any, list[ErrorEntry], str]] = []
    for index, article in enumerate(articles):
        try:
            prepared = _prepared(nlp, article, max_chars, language)
        except Exception as error:  # the tokenizer (or loading the article's language's model) should not
            # fail, but one article must not stop the run
            prepared = Extraction.failed(article.doc_id, "processing_error", f"{type(error).__name__}: {error}",
                                         article.source)
        if isinstance(prepared, Extraction):
            results[index] = prepared
        else:
            runnable.append((index, *prepared))
    step = max(batch_size, 1)
    for lang in dict.fromkeys(entry[3] for entry in runnable):  # languages in order of first article
        same = [entry for entry in runnable if entry[3] == lang]
        pipeline = pipeline_for(lang, nlp)  # loaded by _prepared already
        batched, rules = split_pipeline(pipeline)
        for start in range(0, len(same), step):
            group = same[start:start + step]
            docs = _batched(batched, [doc for _, doc, _, _ in group], step)
            for (index, _, warnings, lang_), doc in zip(group, docs):
                results[index] = _finish(pipeline, doc, articles[index], warnings, lang_, rules, time_limit)
    return results  # type: ignore[return-value]


def chunks(items: Iterable[Article], size: int, max_chars: int | None = None) -> Iterator[list[Article]]:
    """Lists of at most ``size`` articles and (when given) ``max_chars`` characters of text together."""
    if max_chars is None:
        iterator = iter(items)
        while chunk := list(islice(iterator, size)):
            yield chunk
        return
    chunk: list[Article] = []
    chars = 0
    for article in items:
        length = len(article.text or "")
        if chunk and (len(chunk) >= size or chars + length > max_chars):
            yield chunk
            chunk, chars = [], 0
        chunk.append(article)
        chars += length
    if chunk:
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
    batch_chars: int = DEFAULT_BATCH_CHARS,
    time_limit: float | None = DEFAULT_TIME_LIMIT,
    language: str | None = None,
) -> Iterator[Extraction]:
    """Stream one Extraction per item, in input order; items as accepted by ``to_article``.

    ``language`` forces every article's language; by default each is read in the language its metadata
    declares (a ``language`` field) or, failing that, the one identified from its text.

    Batches hold at most ``batch_size`` articles and ``batch_chars`` characters, so memory stays bounded
    however long the articles are; results come out batch by batch, so progress is seen per batch.
    """
    if nlp is None:
        from sahel_ie.pipeline import default_pipeline

        nlp = default_pipeline(model)
    articles = (to_article(item, i) for i, item in enumerate(items))
    batch_size = max(batch_size, 1)
    with long_lived_objects_frozen():  # the loaded pipeline is not walked by every full collection
        if n_process <= 1:
            for chunk in chunks(articles, batch_size, batch_chars):
                yield from process_chunk(nlp, chunk, batch_size=batch_size, max_chars=max_chars,
                                         time_limit=time_limit, language=language)
            return
        yield from _extract_in_workers(nlp, articles, batch_size=batch_size, batch_chars=batch_chars,
                                       n_process=n_process, max_chars=max_chars, time_limit=time_limit,
                                       language=language)


def _extract_in_workers(nlp: Language, articles: Iterable[Article], *, batch_size: int, batch_chars: int,
                        n_process: int, max_chars: int, time_limit: float | None,
                        language: str | None) -> Iterator[Extraction]:
    """``extract_many`` with ``n_process`` forked workers, each holding the parent's pipeline."""
    global _WORKER_NLP, _WORKER_OPTIONS
    _WORKER_NLP, _WORKER_OPTIONS = nlp, {"batch_size": batch_size, "max_chars": max_chars, "time_limit": time_limit,
                                          "language": language}
    context = multiprocessing.get_context("fork")
    # ``Pool.imap`` would read the whole input ahead (its feeder thread has no limit), so memory would grow
    # with the corpus. A bounded window of chunks in flight keeps it constant and the workers busy;
    # chunks of one batch each keep two processes evenly loaded even on small inputs.
    window = 2 * n_process
    with context.Pool(processes=n_process) as pool:
        pending: deque = deque()
        for chunk in chunks(articles, batch_size, batch_chars):
            pending.append(pool.apply_async(_worker_chunk, (chunk,)))
            if len(pending) >= window:
                yield from (Extraction.from_dict(d) for d in pending.popleft().get())
        while pending:
            yield from (Extraction.from_dict(d) for d in pending.popleft().get())




def is_failure(entry: ErrorEntry) -> bool:
    """Whether an entry means the article was not processed (exit code 1), rather than a warning."""
    return entry.severity != "warning"


def failed(extraction: Extraction) -> bool:
    return any(is_failure(e) for e in extraction.errors)


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
