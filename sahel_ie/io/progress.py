"""A progress bar with articles per second and errors so far, silent when nobody is watching."""

from __future__ import annotations

import sys
from typing import Any


class ProgressBar:
    """Thin wrapper over tqdm that shows the running error count; a no-op when disabled."""

    def __init__(self, disable: bool) -> None:
        self._bar: Any = None
        if not disable and sys.stderr.isatty():
            from tqdm import tqdm

            self._bar = tqdm(unit="article", dynamic_ncols=True, file=sys.stderr)

    def update(self, n: int = 1, *, errors: int = 0) -> None:
        if self._bar is not None:
            self._bar.update(n)
            self._bar.set_postfix(errors=errors, refresh=False)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()


def progress_bar(disable: bool = False) -> ProgressBar:
    return ProgressBar(disable)
