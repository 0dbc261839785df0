"""Decoding article bytes safely: size limit, binary detection, encoding detection.

Scraped folders hold PDFs renamed .txt, Windows-1252 pages, empty files and the odd 200 MB dump. Each of
those becomes a clear error entry (kind and message) instead of garbage records or a crash.
"""

from __future__ import annotations

# Articles are a few kB; 5 MB of text is already a book. Parser memory grows with length, so bigger
# inputs are refused (``--max-bytes`` raises the limit).
DEFAULT_MAX_BYTES = 5_000_000


class InputError(Exception):
    """An article that cannot be read; ``kind`` is the error kind written to the output."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def looks_binary(data: bytes) -> bool:
    """NUL bytes, or many control characters in the first 8 kB, mean this is not a text file."""
    head = data[:8192]
    if b"\x00" in head:
        return True
    control = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    return bool(head) and control / len(head) > 0.05


def decode_bytes(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Text of an article file, or ``InputError`` saying why not."""
    if len(data) > max_bytes:
        raise InputError("too_large", f"{len(data):,} bytes is over the limit of {max_bytes:,} (--max-bytes)")
    if not data.strip():
        raise InputError("empty", "the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise InputError("encoding", f"invalid UTF-16: {error}") from error
    if looks_binary(data):
        raise InputError("binary", "the file holds binary data (NUL or control bytes), not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as utf8_error:
        return _decode_legacy(data, utf8_error)


# Single-byte Latin code pages that detectors confuse on short texts (an accented French place name or two
# in English copy reads as well in cp1250 as in cp1252). English news sites that are not UTF-8 are
# Windows-1252 (or its subset Latin-1), so any such guess is decoded as cp1252.
_LATIN_FAMILY = {"cp1250", "cp1252", "cp1254", "cp1257", "cp1258", "latin_1", "iso8859_2", "iso8859_3",
                 "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15",
                 "iso8859_16", "mac_roman", "mac_latin2", "mac_iceland", "mac_turkish", "cp850", "cp437"}


def _decode_legacy(data: bytes, utf8_error: UnicodeDecodeError) -> str:
    """Text of a non-UTF-8 file: cp1252 for anything Latin, else what charset_normalizer finds."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding in _LATIN_FAMILY:
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            if best is None:
                raise InputError(
                    "encoding", f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) and no other encoding fits"
                ) from utf8_error
    return str(best)
