"""A generator of hostile and malformed inputs for the batch reader, with what each must give.

Each case is one file (or folder entry) under a root folder and the error kinds its output line(s) must
carry, in order: ``[]`` for a clean article, ``["encoding"]`` for a processed article with a warning,
``["unreadable"]`` for an input refused. All texts are written here. Run as a script to create the files
for a manual trial: ``python tests/hostile_inputs.py /tmp/hostile``.
"""

from __future__ import annotations

import json
import os
import socket
import sys
from dataclasses import dataclass
from pathlib import Path

ATTACK = "Gunmen killed 12 civilians in Djibo on Sunday, residents said."
FRENCH_PLACE = "Fighters attacked an army post near M\u00e9naka on Friday, killing four soldiers."


@dataclass
class Case:
    """One hostile entry: its file name under the root and the error kinds of each output line."""

    name: str
    lines: list[list[str]]
    why: str


def _write(root: Path, name: str, data: bytes | str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def _jsonl(*items: object) -> str:
    return "\n".join(item if isinstance(item, str) else json.dumps(item) for item in items) + "\n"


def build(root: Path, *, long_sentence_chars: int = 20_000) -> list[Case]:
    """Write every hostile input under ``root`` (created) and return the cases."""
    root.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def add(name: str, data: bytes | str | None, lines: list[list[str]], why: str) -> None:
        if data is not None:
            _write(root, name, data)
        cases.append(Case(name, lines, why))

    # -- structure that breaks parsers
    add("deep.json", "[" * 100_000 + "]" * 100_000, [["malformed_json"]], "JSON nested 100,000 deep")
    add("deep_line.jsonl", _jsonl({"id": "ok1", "text": ATTACK}, '{"a":' * 50_000 + "1" + "}" * 50_000),
        [[], ["malformed_json"]], "one JSONL line nested 50,000 deep")
    add("deep.html", "<html><body>" + "<div>" * 20_000 + "<p>" + ATTACK + "</p>" + "</div>" * 20_000
        + "</body></html>", [["html_fallback"]], "HTML nested 20,000 deep")
    add("empty_array.json", "[]", [["empty"]], "a JSON file holding []")
    add("array_line.jsonl", _jsonl([1, 2], {"text": ATTACK}), [["malformed_json"], []], "a JSONL line that is an array")
    add("no_text.json", json.dumps({"title": "A headline only"}), [["malformed_json"]], "a JSON object without text")
    add("truncated.json", '{"text": "Gunmen killed', [["malformed_json"]], "a JSON file cut short")
    # -- encodings
    add("surrogate_id.jsonl", '{"id": "a\\ud800b", "text": "' + ATTACK + '"}\n', [["encoding"]],
        "a lone surrogate in a JSONL id")
    add("surrogate_text.json", '{"text": "' + ATTACK + ' \\udfff"}', [["encoding"]], "a lone surrogate in the text")
    add("stray_byte.txt", FRENCH_PLACE.encode("utf-8") + b" \xff", [["encoding"]], "UTF-8 with one bad byte")
    add("utf32.txt", FRENCH_PLACE.encode("utf-32"), [[]], "UTF-32 with a byte-order mark")
    add("utf16.txt", FRENCH_PLACE.encode("utf-16"), [[]], "UTF-16 with a byte-order mark")
    add("cp1252.txt", FRENCH_PLACE.encode("cp1252"), [[]], "Windows-1252 text")
    add("bad_line.jsonl", _jsonl({"text": ATTACK}).encode() + b'{"text": "Djibo \xe9\xff"}\n'
        + _jsonl({"text": FRENCH_PLACE}).encode(), [[], ["encoding"], []], "one JSONL line with invalid UTF-8")
    add("binary.txt", b"%PDF-1.4\x00\x01\x02" * 50, [["binary"]], "a PDF renamed .txt")
    add("gzip.txt", b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + bytes(range(256)), [["binary"]], "gzip renamed .txt")
    add("zero.txt", b"", [["empty"]], "an empty file")
    add("blank.md", "  \n\t\n", [["empty"]], "whitespace only")
    add("script_only.html", "<html><script>var x = 1;</script></html>", [["empty"]], "a page without text")
    # -- metadata of the wrong type or range
    add("url_number.json", json.dumps({"text": ATTACK, "url": 5}), [["invalid_metadata"]], '"url": 5')
    add("id_list.json", json.dumps({"text": ATTACK, "id": ["x"]}), [["invalid_metadata"]], "an id that is a list")
    add("title_dict.json", json.dumps({"text": ATTACK, "title": {"a": 1}}), [["invalid_metadata"]], "a title that is an object")
    add("long_id.json", json.dumps({"text": ATTACK, "id": "x" * 10_000}), [["invalid_metadata"]], "a 10,000-character id")
    add("published_number.json", json.dumps({"text": ATTACK, "published": 20200101}), [["invalid_published"]],
        "a publication date that is a number")
    add("published_year1.json", json.dumps({"text": ATTACK + " It happened on 3 March 2020.",
                                            "published": "0001-01-01"}), [["invalid_published"]],
        "published 0001-01-01 and a date in the text")
    add("published_9999.json", json.dumps({"text": ATTACK + " The army said last week it had acted.",
                                           "published": "9999-12-31"}), [["invalid_published"]],
        "published 9999-12-31 and a relative date")
    add("huge_toll.json", json.dumps({"text": "Gunmen killed 1000000000000000000000000000000 civilians in Djibo "
                                              "on Sunday.", "published": "2021-05-02"}),
        [["implausible_count"]], "a toll of 10**30")
    add("dup_ids.jsonl", _jsonl({"id": "same", "text": ATTACK}, {"id": "same", "text": FRENCH_PLACE}), [[], []],
        "two JSONL lines sharing an id")
    # -- cost
    words = "the group said that its fighters had attacked the convoy and".split()
    sentence = " ".join(words[i % len(words)] for i in range(long_sentence_chars // 4))[:long_sentence_chars]
    add("long_sentence.txt", sentence, [[]], f"one unpunctuated sentence of {long_sentence_chars:,} characters")
    sparse = root / "sparse.txt"
    with open(sparse, "wb") as handle:  # 3 GB of nothing, without the disk space: must not be read
        handle.truncate(3_000_000_000)
    cases.append(Case("sparse.txt", [["too_large"]], "a 3 GB sparse file"))
    # -- entries that are not regular files
    if hasattr(os, "mkfifo"):
        os.mkfifo(root / "fifo.txt")
        cases.append(Case("fifo.txt", [["unreadable"]], "a FIFO (reading it would block forever)"))
    if os.path.exists("/dev/null"):
        (root / "devnull.txt").symlink_to("/dev/null")
        cases.append(Case("devnull.txt", [["unreadable"]], "a link to /dev/null"))
    (root / "target_folder").mkdir()
    (root / "linkdir.txt").symlink_to(root / "target_folder")
    cases.append(Case("linkdir.txt", [["unreadable"]], "a link to a folder"))
    (root / "folder.txt").mkdir()
    cases.append(Case("folder.txt", [["unreadable"]], "a folder named x.txt"))
    (root / "broken.txt").symlink_to(root / "nowhere.txt")
    cases.append(Case("broken.txt", [["unreadable"]], "a broken link"))
    try:
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(root / "sock.txt"))
        server.close()
        cases.append(Case("sock.txt", [["unreadable"]], "a Unix socket"))
    except (OSError, AttributeError):  # path too long for AF_UNIX, or no Unix sockets
        pass
    # -- names: bytes that are not UTF-8 (a lone surrogate once decoded by Python), a newline
    try:
        (root / os.fsdecode(b"latin\xe9.txt")).write_text(ATTACK, encoding="utf-8")
        cases.append(Case(os.fsdecode(b"latin\xe9.txt"), [[]], "a file name that is not UTF-8"))
    except (OSError, UnicodeError):  # a file system that only takes UTF-8 names
        pass
    add("line\nbreak.txt", ATTACK, [[]], "a file name with a newline")
    # -- a clean article beside them all
    add("clean.txt", ATTACK, [[]], "an ordinary article")
    return cases


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "hostile_inputs")
    for case in build(target):
        print(f"{case.name:24} {case.lines}  {case.why}")
