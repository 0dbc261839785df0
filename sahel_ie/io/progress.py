"""A progress bar with the total, an ETA, articles per second and errors so far; silent when nobody watches.

The total is counted before the run starts, cheaply: one per article file found, one per non-empty line of
a JSONL file (its bytes are scanned for newlines, not parsed), so the ETA is there from the first article.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Iterable


def count_inputs(paths: Iterable[str | Path], *, exclude: Iterable[str | Path] = ()) -> int:
    """How many articles the inputs hold, as ``read_articles`` will find them (a JSON array counts once)."""
    from sahel_ie.io.readers import JSONL_SUFFIXES, discover

    total = 0
    for path in discover(paths, exclude=exclude):
        if path.suffix.lower() in JSONL_SUFFIXES:
            total += _jsonl_lines(path)
        else:
            total += 1
    return total


def _jsonl_lines(path: Path) -> int:
    """Non-blank lines of a file, read in blocks (an unreadable file still counts as one input line)."""
    lines = 0
    try:
        with open(path, "rb") as handle:
            tail = b""
            while block := handle.read(1 << 20):
                block = tail + block
                parts = block.split(b"\n")
                tail = parts.pop()
                lines += sum(1 for part in parts if part.strip())
            lines += 1 if tail.strip() else 0
    except OSError:
        return 1
    return max(lines, 1)


class ProgressBar:
    """Thin wrapper over tqdm showing total, ETA and the running error count; a no-op when disabled."""

    def __init__(self, disable: bool, total: int | None = None) -> None:
        self._bar: Any = None
        if not disable and sys.stderr.isatty():
            from tqdm import tqdm

            self._bar = tqdm(total=total, unit="article", dynamic_ncols=True, file=sys.stderr, smoothing=0.1)

    @property
    def active(self) -> bool:
        return self._bar is not None

    def update(self, n: int = 1, *, errors: int = 0) -> None:
        if self._bar is not None:
            if self._bar.total is not None and self._bar.n + n > self._bar.total:
                self._bar.total = self._bar.n + n  # a JSON array held more than one article
            self._bar.update(n)
            self._bar.set_postfix(errors=errors, refresh=False)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def progress_bar(disable: bool = False, total: int | None = None) -> ProgressBar:
    return ProgressBar(disable, total)


def will_show(disable: bool) -> bool:
    """Whether a bar would be drawn (so counting the inputs is worth doing)."""
    return not disable and sys.stderr.isatty()
