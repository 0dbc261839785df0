"""Finding and reading articles: txt/md, html, json and jsonl, with metadata sidecars.

Every input becomes one or more ``Article`` objects; an input that cannot be read becomes an ``Article``
carrying an ``error`` so that the batch writes an error line for it and goes on.
"""

from __future__ import annotations

import json
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Iterator

from sahel_ie.io.dateline import find_publication_date
from sahel_ie.io.limits import DEFAULT_MAX_BYTES, InputError, bom_encoding, decode_text, looks_binary
from sahel_ie.article_country import COUNTRY_FIELDS
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
MAX_ID_CHARS = 300  # ids and metadata strings are names, not texts: longer ones are cut
MAX_META_CHARS = 2_000
_SURROGATES = re.compile("[\ud800-\udfff]")
LANGUAGE_FIELDS = ("language", "lang", "inLanguage")


@dataclass
class Article:
    """One article to process (or the reason it cannot be)."""

    doc_id: str
    text: str = ""
    published: str | None = None
    source: Source = field(default_factory=Source)
    error: ErrorEntry | None = None
    # Problems that do not stop the article (a sidecar that does not parse, replaced bytes): written with
    # its records (or with its error entry).
    warnings: list[ErrorEntry] = field(default_factory=list)
    # The language declared in the metadata, as written ("fr", "French"); None: identify it from the text.
    language: str | None = None
    # The country the metadata says the article is about, as written ("ML", "Mali"); None: not given.
    country: str | None = None


def is_article_file(path: Path) -> bool:
    name = path.name
    if name.endswith(SIDECAR_SUFFIX) or name.endswith(GOLD_SUFFIX) or name.startswith("."):
        return False
    return path.suffix.lower() in ARTICLE_SUFFIXES


def discover(paths: Iterable[str | Path], *, exclude: Iterable[str | Path] = ()) -> Iterator[Path]:
    """Article entries under the given files and folders, recursively, in a stable (sorted) order.

    Every article-named entry is yielded, whatever it is: broken links, links to folders or devices,
    FIFOs and folders named ``x.txt`` become error lines in ``read_path`` rather than vanishing, and so
    does a subfolder that cannot be listed (it is yielded itself). Links to folders are not followed
    (no loops). ``exclude`` names files and folders never to read: the run's own outputs, which may sit
    inside an input folder (``sahel-ie extract data -o data/out.jsonl``) and would otherwise be read.
    """
    skip = [Path(p).resolve() for p in exclude]

    def excluded(path: Path) -> bool:
        resolved = path.resolve() if not path.is_symlink() else path.absolute()
        return any(resolved == s or s in resolved.parents for s in skip)

    for raw in paths:
        path = Path(raw)
        if path.is_dir() and not (skip and excluded(path)):
            yield from sorted(_walk(path, excluded if skip else None))
        elif not (skip and excluded(path)):
            yield path


def _walk(top: Path, excluded: Any) -> Iterator[Path]:
    """Article entries under a folder, and the subfolders that cannot be listed."""
    unlistable: list[Path] = []
    for folder, dirs, files in os.walk(top, onerror=lambda error: unlistable.append(Path(error.filename))):
        base = Path(folder)
        for name in dirs:  # folders (and links to folders) named like articles get a line of their own
            entry = base / name
            if is_article_file(entry) and not (excluded and excluded(entry)):
                yield entry
        dirs[:] = [d for d in dirs if not (excluded and excluded(base / d))]
        for name in files:
            entry = base / name
            if is_article_file(entry) and not (excluded and excluded(entry)):
                yield entry
    yield from (u for u in unlistable if not (excluded and excluded(u)))


def clean_string(value: str) -> tuple[str, bool]:
    """The string with lone surrogates (from ``\\ud800`` escapes in JSON) replaced by U+FFFD, and
    whether any were: they cannot be written as UTF-8."""
    if _SURROGATES.search(value) is None:
        return value, False
    return _SURROGATES.sub("\ufffd", value), True


def _first(data: dict, names: tuple[str, ...]) -> tuple[str | None, Any]:
    for name in names:
        value = data.get(name)
        if value not in (None, ""):
            return name, value
    return None, None


def _sidecar(path: Path) -> tuple[dict, ErrorEntry | None]:
    """The metadata in ``<stem>.meta.json`` beside an article, and a warning if it exists but is unusable."""
    sidecar = path.with_name(path.name[: -len(path.suffix)] + SIDECAR_SUFFIX) if path.suffix else None
    try:
        if sidecar is None or not sidecar.is_file():
            return {}, None
        if sidecar.stat().st_size > 1_000_000:
            return {}, ErrorEntry("invalid_metadata", f"{sidecar.name} ignored: over 1,000,000 bytes")
        data = json.loads(sidecar.read_text(encoding="utf-8-sig"))
    except (OSError, ValueError, RecursionError) as error:
        return {}, ErrorEntry("invalid_metadata", f"{sidecar.name} ignored: {type(error).__name__}: {str(error)[:200]}")
    if not isinstance(data, dict):
        return {}, ErrorEntry("invalid_metadata", f"{sidecar.name} ignored: not a JSON object")
    return data, None


def _meta_string(data: dict, names: tuple[str, ...], warnings: list[ErrorEntry], limit: int = MAX_META_CHARS,
                 allow_number: bool = False) -> str | None:
    """A metadata string field; other types are ignored with an ``invalid_metadata`` warning."""
    name, value = _first(data, names)
    if value is None:
        return None
    if allow_number and isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        warnings.append(ErrorEntry("invalid_metadata", f"{name!r} ignored: a {type(value).__name__}, not a string"))
        return None
    value, replaced = clean_string(value.strip())
    if replaced:
        warnings.append(ErrorEntry.warning("encoding", f"{name!r}: invalid characters (lone surrogates) replaced"))
    if len(value) > limit:
        warnings.append(ErrorEntry("invalid_metadata", f"{name!r} cut to {limit} characters"))
        value = value[:limit]
    return value or None


def article_from_mapping(data: dict, default_id: str, path: Path | None = None) -> Article:
    """An Article from a JSON object with text and metadata fields (several common spellings).

    Metadata of the wrong type (``"url": 5``, a list as id) is ignored with an ``invalid_metadata``
    warning, so every record written validates against the schema.
    """
    warnings: list[ErrorEntry] = []
    default_id = clean_string(default_id)[0]
    doc_id = _meta_string(data, ID_FIELDS, warnings, MAX_ID_CHARS, allow_number=True) or default_id
    outlet = data.get(_first(data, OUTLET_FIELDS)[0] or "")
    if isinstance(outlet, dict):
        outlet = {"outlet": outlet.get("name") or outlet.get("outlet")}
        outlet_name = _meta_string(outlet, ("outlet",), warnings)
    else:
        outlet_name = _meta_string(data, OUTLET_FIELDS, warnings)
    source = Source(
        path=clean_string(str(path))[0] if path else None,
        url=_meta_string(data, ("url", "link"), warnings),
        outlet=outlet_name,
        title=_meta_string(data, ("title", "headline"), warnings),
    )
    text = next((data[name] for name in TEXT_FIELDS if isinstance(data.get(name), str)), None)
    if text is None:
        return Article(doc_id, source=source, warnings=warnings,
                       error=ErrorEntry("malformed_json", f"no text field (one of {', '.join(TEXT_FIELDS)})"))
    if not text.strip():
        return Article(doc_id, source=source, warnings=warnings,
                       error=ErrorEntry("empty", "the article's text field is empty"))
    text, replaced = clean_string(text)
    if replaced:
        warnings.append(ErrorEntry.warning("encoding", "the text held invalid characters (lone surrogates), replaced"))
    name, published = _first(data, PUBLISHED_FIELDS)
    if published is not None and not isinstance(published, str):
        warnings.append(ErrorEntry("invalid_published", f"{name!r} ignored: a {type(published).__name__}, not a date string"))
        published = None
    if isinstance(published, str):
        published = clean_string(published)[0][:100]
    language = _first(data, LANGUAGE_FIELDS)[1]
    if language is not None and not isinstance(language, str):
        warnings.append(ErrorEntry("invalid_language", f"a {type(language).__name__}, not a language name: ignored"))
        language = None
    country = _first(data, COUNTRY_FIELDS)[1]
    if country is not None and not isinstance(country, str):
        warnings.append(ErrorEntry("invalid_country", f"a {type(country).__name__}, not a country name: ignored"))
        country = None
    return Article(doc_id, text=text, published=published or find_publication_date(text), source=source,
                   warnings=warnings, language=clean_string(language)[0][:40] if language else None,
                   country=clean_string(country)[0][:60] if country else None)


def _read_html(raw: str, path: Path) -> tuple[str, dict, ErrorEntry | None]:
    """Article text and metadata of a page; its whole visible text (with a warning) when the article
    extractor gives nothing or fails (a page nested too deeply for lxml)."""
    data: dict = {}
    problem = "no article found by the page extractor"
    try:
        import trafilatura

        result = trafilatura.bare_extraction(raw, with_metadata=True, include_comments=False)
        if result is not None:
            data = result.as_dict() if hasattr(result, "as_dict") else dict(result)
    except (Exception, RecursionError) as error:  # lxml and trafilatura on hostile markup
        problem = f"the page extractor failed ({type(error).__name__})"
    text = data.get("text") or ""
    meta = {"title": data.get("title"), "url": data.get("url"), "outlet": data.get("sitename"),
            "published": data.get("date")}
    if text.strip():
        return text, meta, None
    fallback = visible_text(raw)
    if not fallback.strip():
        return "", meta, None
    return fallback, meta, ErrorEntry("html_fallback", f"{problem}; the page's whole visible text was used")


def visible_text(raw: str) -> str:
    """The text of an HTML page outside scripts and styles, by a flat (non-recursive) scan."""
    from html.parser import HTMLParser

    class _Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            if tag in ("script", "style", "noscript", "template"):
                self.hidden += 1
            elif tag in ("p", "br", "div", "li", "h1", "h2", "h3", "h4", "tr", "article", "section"):
                self.parts.append("\n")

        def handle_endtag(self, tag: str) -> None:
            if tag in ("script", "style", "noscript", "template") and self.hidden:
                self.hidden -= 1

        def handle_data(self, data: str) -> None:
            if not self.hidden:
                self.parts.append(data)

    parser = _Text()
    parser.feed(raw)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _kind_of(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "not a regular file"


def read_file_bytes(path: Path, max_bytes: int) -> bytes:
    """A regular file's bytes, at most ``max_bytes``; ``InputError`` for anything else.

    The size is checked by ``stat`` before a byte is read (a 3 GB sparse file costs nothing), special
    files (FIFOs, devices, sockets) are refused without being opened (a FIFO would block forever), and
    the read itself stops at the limit in case the file grew in between.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError("unreadable", "no such file (or a broken link)") from None
    except OSError as error:
        raise InputError("unreadable", f"{type(error).__name__}: {error.strerror or error}") from error
    if stat.S_ISDIR(info.st_mode):
        try:
            with os.scandir(path):
                pass
        except OSError as error:
            raise InputError("unreadable", f"a folder that cannot be listed: {error.strerror or error}") from error
        raise InputError("unreadable", "a folder (or a link to one) named like an article file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError("unreadable", f"{_kind_of(info.st_mode)}, not a regular file: not opened")
    if info.st_size > max_bytes:
        raise InputError("too_large", f"{info.st_size:,} bytes is over the limit of {max_bytes:,} (--max-bytes)")
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as error:
        raise InputError("unreadable", f"{type(error).__name__}: {error.strerror or error}") from error
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):  # replaced between stat and open
            raise InputError("unreadable", "not a regular file: not read")
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as error:
        raise InputError("unreadable", f"{type(error).__name__}: {error.strerror or error}") from error
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise InputError("too_large", f"over the limit of {max_bytes:,} bytes (--max-bytes)")
    return data


def read_path(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article]:
    """The articles stored in one file: one for txt/md/html/json objects, one per line for jsonl.

    Never raises: whatever goes wrong while reading becomes an error article (and the lines of a JSONL
    file read before the failure are kept).
    """
    path = Path(path)
    stem = clean_string(path.name[: -len(path.suffix)] if path.suffix else path.name)[0]
    produced = 0
    try:
        for article in _read_path(path, stem, max_bytes):
            produced += 1
            yield article
    except Exception as error:  # RecursionError, MemoryError in a decoder...: this file's error line
        message = f"reading failed: {type(error).__name__}: {str(error)[:300]}"
        doc_id = stem if produced == 0 else f"{stem}#read_error"
        yield Article(doc_id, source=Source(path=clean_string(str(path))[0]), error=ErrorEntry("unreadable", message))


def _read_path(path: Path, stem: str, max_bytes: int) -> Iterator[Article]:
    source = Source(path=clean_string(str(path))[0])
    suffix = path.suffix.lower()
    try:
        data = read_file_bytes(path, max_bytes)
        if suffix in JSONL_SUFFIXES and bom_encoding(data) is None:
            if not data.strip():
                raise InputError("empty", "the file is empty")
            if looks_binary(data):
                raise InputError("binary", "the file holds binary data (NUL or control bytes), not text")
            # decoded line by line: one bad byte costs one line's characters, not the file's encoding
            yield from read_jsonl_lines(data.split(b"\n"), path, first_line=1, stem=stem)
            return
        text, encoding_warning = decode_text(data, max_bytes=max_bytes)
    except InputError as error:
        yield Article(stem, source=source, error=ErrorEntry(error.kind, error.message))
        return
    warnings = [ErrorEntry.warning("encoding", encoding_warning)] if encoding_warning else []
    if suffix in JSONL_SUFFIXES:
        yield from _with_warnings(read_jsonl_lines(text.split("\n"), path, first_line=1, stem=stem), warnings)
        return
    if suffix in JSON_SUFFIXES:
        yield from _with_warnings(_read_json(text, stem, path), warnings)
        return
    meta, warning = _sidecar(path)
    if warning is not None:
        warnings.append(warning)
    if suffix in HTML_SUFFIXES:
        text, html_meta, html_warning = _read_html(text, path)
        meta = {**{k: v for k, v in html_meta.items() if v}, **meta}
        if html_warning is not None:
            warnings.append(html_warning)
    if not text.strip():
        yield Article(stem, source=source, error=ErrorEntry("empty", "no article text found in the file"),
                      warnings=warnings)
        return
    merged = {**meta, "text": text}
    merged.setdefault("id", stem)
    article = article_from_mapping(merged, stem, path)
    article.warnings[:0] = warnings
    yield article


def _with_warnings(articles: Iterator[Article], warnings: list[ErrorEntry]) -> Iterator[Article]:
    for article in articles:
        article.warnings[:0] = warnings
        yield article


def _read_json(text: str, stem: str, path: Path) -> Iterator[Article]:
    try:
        data = json.loads(text)
    except ValueError as error:
        yield Article(stem, source=Source(path=clean_string(str(path))[0]), error=ErrorEntry("malformed_json", str(error)))
        return
    except RecursionError:
        yield Article(stem, source=Source(path=clean_string(str(path))[0]),
                      error=ErrorEntry("malformed_json", "nested too deeply to parse"))
        return
    items = data if isinstance(data, list) else [data]
    if not items:
        yield Article(stem, source=Source(path=clean_string(str(path))[0]),
                      error=ErrorEntry("empty", "an empty JSON array: no article"))
        return
    for index, item in enumerate(items):
        default_id = stem if len(items) == 1 else f"{stem}#{index}"
        if not isinstance(item, dict):
            yield Article(default_id, source=Source(path=clean_string(str(path))[0]),
                          error=ErrorEntry("malformed_json", "an article must be a JSON object"))
            continue
        yield article_from_mapping(item, default_id, path)


def read_jsonl_lines(lines: Iterable[str | bytes], path: Path, *, first_line: int = 1,
                     stem: str | None = None) -> Iterator[Article]:
    """Articles of some consecutive lines of a JSONL file (a Dask partition reads only its own lines).

    Lines without an id are named ``<stem>:<line number>``, so ids are the same however the file is cut.
    Byte lines are decoded one by one: invalid UTF-8 bytes are replaced, with an ``encoding`` warning on
    that line's article only.
    """
    path = Path(path)
    shown = clean_string(str(path))[0]
    if stem is None:
        stem = clean_string(path.name[: -len(path.suffix)] if path.suffix else path.name)[0]
    for number, line in enumerate(lines, start=first_line):
        default_id = f"{stem}:{number}"
        warnings: list[ErrorEntry] = []
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as error:
                line = line.decode("utf-8-sig" if number == 1 else "utf-8", errors="replace")
                warnings.append(ErrorEntry.warning("encoding", f"line {number}: not valid UTF-8 ({error.reason}); "
                                                       f"invalid bytes replaced by U+FFFD"))
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except ValueError as error:
            yield Article(default_id, source=Source(path=shown), warnings=warnings,
                          error=ErrorEntry("malformed_json", f"line {number}: {str(error)[:300]}"))
            continue
        except RecursionError:
            yield Article(default_id, source=Source(path=shown), warnings=warnings,
                          error=ErrorEntry("malformed_json", f"line {number}: nested too deeply to parse"))
            continue
        if not isinstance(item, dict):
            yield Article(default_id, source=Source(path=shown), warnings=warnings,
                          error=ErrorEntry("malformed_json", f"line {number}: not a JSON object"))
            continue
        article = article_from_mapping(item, default_id, path)
        article.warnings[:0] = warnings
        yield article


def read_articles(paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES,
                  exclude: Iterable[str | Path] = ()) -> Iterator[Article]:
    """All articles under the given paths, in stable order, errors included; ``exclude`` as in ``discover``."""
    for path in discover(paths, exclude=exclude):
        yield from read_path(path, max_bytes=max_bytes)
