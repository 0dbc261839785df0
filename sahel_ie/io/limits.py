"""Decoding article bytes safely: size limit, binary detection, encoding detection.

Scraped folders hold PDFs renamed .txt, Windows-1252 pages, empty files and the odd 200 MB dump. Each of
those becomes a clear error entry (kind and message) instead of garbage records or a crash.
"""

from __future__ import annotations

from sahel_ie.extraction import MAX_CHARS

# Articles are a few kB. The one size limit a user sets is the article's length in characters
# (``--max-chars``, default ``MAX_CHARS``: parser memory grows with it). A file is read only when its size
# allows that many characters with room for markup and multi-byte encodings: ``BYTES_PER_CHAR`` bytes a
# character. ``--max-bytes`` alone sets both limits to the same figure (a file of N bytes never holds more
# than N characters), so the two never disagree.
BYTES_PER_CHAR = 10
DEFAULT_MAX_CHARS = MAX_CHARS
DEFAULT_MAX_BYTES = BYTES_PER_CHAR * DEFAULT_MAX_CHARS


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


# Byte-order marks, longest first: a UTF-32-LE mark begins with the UTF-16-LE one.
BOMS = ((b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"), (b"\xff\xfe", "utf-16"),
        (b"\xfe\xff", "utf-16"))


def bom_encoding(data: bytes) -> str | None:
    """``utf-32`` or ``utf-16`` when the data opens with that encoding's byte-order mark."""
    for mark, encoding in BOMS:
        if data.startswith(mark):
            return encoding
    return None


def decode_bytes(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Text of an article file, or ``InputError`` saying why not (see ``decode_text``)."""
    return decode_text(data, max_bytes=max_bytes)[0]


def decode_text(data: bytes, *, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str | None]:
    """Text of an article file and a warning when bytes had to be replaced or the encoding guessed;
    ``InputError`` when it is not text at all."""
    if len(data) > max_bytes:
        raise InputError("too_large", f"{len(data):,} bytes is over the limit of {max_bytes:,} (--max-bytes)")
    if not data.strip():
        raise InputError("empty", "the file is empty")
    encoding = bom_encoding(data)
    if encoding is not None:
        try:
            return data.decode(encoding), None
        except UnicodeDecodeError as error:
            text = data.decode(encoding, errors="replace")
            return text, f"invalid {encoding.upper()} ({error.reason}): {text.count(chr(0xFFFD))} character(s) replaced"
    if looks_binary(data):
        raise InputError("binary", "the file holds binary data (NUL or control bytes), not text")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as utf8_error:
        mostly = mostly_utf8(data)
        if mostly is not None:
            return mostly
        return _decode_legacy(data, utf8_error)


def mostly_utf8(data: bytes) -> tuple[str, str] | None:
    """UTF-8 text with its few invalid bytes replaced, and the warning, when UTF-8 is clearly meant.

    One stray byte in a UTF-8 page must not make the whole file decode in some other code page
    ("Ménaka" as "MÃ©naka" or worse): when valid multi-byte sequences outnumber the invalid bytes, the
    file is UTF-8 and only the invalid bytes are lost.
    """
    text = data.decode("utf-8-sig", errors="replace")
    replaced = text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
    valid = sum(1 for c in text if c > "\x7f" and c != "\ufffd")
    if valid == 0 or replaced > valid:
        return None
    return text, f"not valid UTF-8: {replaced} invalid byte sequence(s) replaced by U+FFFD"


# Single-byte Latin code pages that detectors confuse on short texts (an accented French place name or two
# in English copy reads as well in cp1250 as in cp1252). English news sites that are not UTF-8 are
# Windows-1252 (or its subset Latin-1), so any such guess is decoded as cp1252.
_LATIN_FAMILY = {"cp1250", "cp1252", "cp1254", "cp1257", "cp1258", "latin_1", "iso8859_2", "iso8859_3",
                 "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15",
                 "iso8859_16", "mac_roman", "mac_latin2", "mac_iceland", "mac_turkish", "cp850", "cp437"}


def _decode_legacy(data: bytes, utf8_error: UnicodeDecodeError) -> tuple[str, str | None]:
    """Text of a non-UTF-8 file: cp1252 for anything Latin, else what charset_normalizer finds (with a
    warning, since that is a guess)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding in _LATIN_FAMILY:
        try:
            return data.decode("cp1252"), None
        except UnicodeDecodeError:
            if best is None:
                raise InputError(
                    "encoding", f"not UTF-8 ({utf8_error.reason} at byte {utf8_error.start}) and no other encoding fits"
                ) from utf8_error
    return str(best), f"not UTF-8; decoded as {best.encoding}, a guess"
