"""Finding and reading articles: txt/md, html, json and jsonl, with metadata sidecars.

Every input becomes one or more ``Article`` objects; an input that cannot be read becomes an ``Article``
carrying an ``error`` so that the batch writes an error line for it and goes on.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from sahel_ie.io.dateline import find_publication_date
from sahel_ie.io.limits import DEFAULT_MAX_BYTES, InputError, decode_bytes
from sahel_ie.records import ErrorEntry, Source

TEXT_SUFFIXES = {".txt", ".md", ".text", ".markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
ARTICLE_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES
SIDECAR_SUFFIX = ".meta.json"
GOLD_SUFFIX = ".gold.json"

TEXT_FIELDS = ("text", "body", "content", "article", "full_text")
ID_FIELDS = ("id", "doc_id", "article_id", "uid")
PUBLISHED_FIELDS = ("published", "date", "publication_date", "published_at", "pub_date", "datetime")
OUTLET_FIELDS = ("outlet", "source", "sitename", "publisher")
LANGUAGE_FIELDS = ("language", "lang", "inLanguage")


@dataclass
class Article:
    """One article to process (or the reason it cannot be)."""

    doc_id: str
    text: str = ""
    published: str | None = None
    source: Source = field(default_factory=Source)
    error: ErrorEntry | None = None
    # Problems that do not stop the article (a sidecar that does not parse): written with its records.
    warnings: list[ErrorEntry] = field(default_factory=list)
    # The language declared in the metadata, as written ("fr", "French"); None: identify it from the text.
    language: str | None = None


def is_article_file(path: Path) -> bool:
    name = path.name
    if name.endswith(SIDECAR_SUFFIX) or name.endswith(GOLD_SUFFIX) or name.startswith("."):
        return False
    return path.suffix.lower() in ARTICLE_SUFFIXES


def discover(paths: Iterable[str | Path], *, exclude: Iterable[str | Path] = ()) -> Iterator[Path]:
    """Article files under the given files and folders, recursively, in a stable (sorted) order.

    ``exclude`` names files and folders never to read: the run's own outputs, which may sit inside an
    input folder (``sahel-ie extract data -o data/out.jsonl``) and would otherwise be read as articles.
    """
    skip = [Path(p).resolve() for p in exclude]

    def excluded(path: Path) -> bool:
        resolved = path.resolve() if not path.is_symlink() else path.absolute()
        return any(resolved == s or s in resolved.parents for s in skip)

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            # broken links are kept (they become "unreadable" lines): every article-named entry is accounted for
            yield from sorted(p for p in path.rglob("*")
                              if (p.is_file() or (p.is_symlink() and not p.exists())) and is_article_file(p)
                              and not (skip and excluded(p)))
        elif not (skip and excluded(path)):
            yield path


def _first(data: dict, names: tuple[str, ...]) -> Any:
    for name in names:
        value = data.get(name)
        if value not in (None, ""):
            return value
    return None


def _sidecar(path: Path) -> tuple[dict, ErrorEntry | None]:
    """The metadata in ``<stem>.meta.json`` beside an article, and a warning if it exists but is unusable."""
    sidecar = path.with_name(path.name[: -len(path.suffix)] + SIDECAR_SUFFIX) if path.suffix else None
    if sidecar is None or not sidecar.is_file():
        return {}, None
    try:
        data = json.loads(sidecar.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError) as error:
        return {}, ErrorEntry("invalid_metadata", f"{sidecar.name} ignored: {error}")
    if not isinstance(data, dict):
        return {}, ErrorEntry("invalid_metadata", f"{sidecar.name} ignored: not a JSON object")
    return data, None


def article_from_mapping(data: dict, default_id: str, path: Path | None = None) -> Article:
    """An Article from a JSON object with text and metadata fields (several common spellings)."""
    doc_id = str(_first(data, ID_FIELDS) or default_id)
    source = Source(
        path=str(path) if path else None,
        url=_first(data, ("url", "link")),
        outlet=_outlet(_first(data, OUTLET_FIELDS)),
        title=_first(data, ("title", "headline")),
    )
    text = next((data[name] for name in TEXT_FIELDS if isinstance(data.get(name), str)), None)
    if text is None:
        return Article(doc_id, source=source, error=ErrorEntry("malformed_json", f"no text field (one of {', '.join(TEXT_FIELDS)})"))
    if not text.strip():
        return Article(doc_id, source=source, error=ErrorEntry("empty", "the article's text field is empty"))
    published = _first(data, PUBLISHED_FIELDS)
    language = _first(data, LANGUAGE_FIELDS)
    return Article(doc_id, text=text, published=str(published) if published else find_publication_date(text),
                   source=source, language=str(language) if language is not None else None)


def _outlet(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name") or value.get("outlet")
    return str(value) if value else None


def _read_html(raw: str, path: Path) -> tuple[str, dict]:
    import trafilatura

    result = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False)
    if result is None:
        return "", {}
    data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    meta = {"title": data.get("title"), "url": data.get("url"), "outlet": data.get("sitename"),
            "published": data.get("date")}
    return data.get("text") or "", meta


def read_path(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article]:
    """The articles stored in one file: one for txt/md/html/json objects, one per line for jsonl."""
    stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    source = Source(path=str(path))
    try:
        data = path.read_bytes()
    except OSError as error:
        yield Article(stem, source=source, error=ErrorEntry("unreadable", f"{type(error).__name__}: {error.strerror or error}"))
        return
    try:
        text = decode_bytes(data, max_bytes=max_bytes)
    except InputError as error:
        yield Article(stem, source=source, error=ErrorEntry(error.kind, error.message))
        return
    suffix = path.suffix.lower()
    if suffix in JSONL_SUFFIXES:
        yield from _read_jsonl(text, stem, path)
        return
    if suffix in JSON_SUFFIXES:
        yield from _read_json(text, stem, path)
        return
    meta, warning = _sidecar(path)
    if suffix in HTML_SUFFIXES:
        text, html_meta = _read_html(text, path)
        meta = {**{k: v for k, v in html_meta.items() if v}, **meta}
    if not text.strip():
        yield Article(stem, source=source, error=ErrorEntry("empty", "no article text found in the file"))
        return
    merged = {**meta, "text": text}
    merged.setdefault("id", stem)
    article = article_from_mapping(merged, stem, path)
    if warning is not None:
        article.warnings.append(warning)
    yield article


def _read_json(text: str, stem: str, path: Path) -> Iterator[Article]:
    try:
        data = json.loads(text)
    except ValueError as error:
        yield Article(stem, source=Source(path=str(path)), error=ErrorEntry("malformed_json", str(error)))
        return
    items = data if isinstance(data, list) else [data]
    for index, item in enumerate(items):
        default_id = stem if len(items) == 1 else f"{stem}#{index}"
        if not isinstance(item, dict):
            yield Article(default_id, source=Source(path=str(path)), error=ErrorEntry("malformed_json", "an article must be a JSON object"))
            continue
        yield article_from_mapping(item, default_id, path)


def _read_jsonl(text: str, stem: str, path: Path) -> Iterator[Article]:
    yield from read_jsonl_lines(text.split("\n"), path, first_line=1, stem=stem)


def read_jsonl_lines(lines: Iterable[str | bytes], path: Path, *, first_line: int = 1,
                     stem: str | None = None) -> Iterator[Article]:
    """Articles of some consecutive lines of a JSONL file (a Dask partition reads only its own lines).

    Lines without an id are named ``<stem>:<line number>``, so ids are the same however the file is cut.
    """
    path = Path(path)
    if stem is None:
        stem = path.name[: -len(path.suffix)] if path.suffix else path.name
    for number, line in enumerate(lines, start=first_line):
        default_id = f"{stem}:{number}"
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                yield Article(default_id, source=Source(path=str(path)),
                              error=ErrorEntry("encoding", f"line {number}: not UTF-8 ({error.reason})"))
                continue
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as error:
            yield Article(default_id, source=Source(path=str(path)), error=ErrorEntry("malformed_json", f"line {number}: {error}"))
            continue
        if not isinstance(item, dict):
            yield Article(default_id, source=Source(path=str(path)), error=ErrorEntry("malformed_json", f"line {number}: not a JSON object"))
            continue
        yield article_from_mapping(item, default_id, path)


def read_articles(paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
                  exclude: Iterable[str | Path] = ()) -> Iterator[Article]:
    """All articles under the given paths, in stable order, errors included; ``exclude`` as in ``discover``."""
    for path in discover(paths, exclude=exclude):
        yield from read_path(path, max_bytes=max_bytes)
