"""Fetching GeoNames country dumps from GeoNames' download site (or a mirror), then compiling them.

The base URL defaults to https://download.geonames.org/export/dump/ and can be changed with
``--base-url`` or ``SAHEL_IE_GEONAMES_URL`` (a mirror, or a local server in tests). Files are fetched
into a temporary folder and removed once compiled; nothing is kept but the indexes.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import urllib.request
from pathlib import Path

from sahel_ie.gazetteer.build import add_files

DEFAULT_BASE_URL = "https://download.geonames.org/export/dump/"
ADMIN1_FILE = "admin1CodesASCII.txt"
_CODE = re.compile(r"^[A-Z]{2}$")


def base_url(override: str | None = None) -> str:
    url = override or os.environ.get("SAHEL_IE_GEONAMES_URL") or DEFAULT_BASE_URL
    return url if url.endswith("/") else url + "/"


def _fetch(url: str, target: Path, timeout: float) -> None:
    with urllib.request.urlopen(url, timeout=timeout) as response, target.open("wb") as out:  # noqa: S310
        shutil.copyfileobj(response, out)


def download(countries: list[str], url: str | None = None, home: Path | None = None, timeout: float = 120.0,
             log=None) -> dict[str, int]:
    """Download ``<CC>.zip`` for each country and ``admin1CodesASCII.txt``, and install them."""
    log = log or (lambda message: print(message, file=sys.stderr))
    codes = [c.upper() for c in countries]
    bad = [c for c in codes if not _CODE.match(c)]
    if bad:
        raise ValueError(f"not ISO 3166 alpha-2 country codes: {', '.join(bad)}")
    root = base_url(url)
    with tempfile.TemporaryDirectory(prefix="sahel-ie-geonames-") as tmp:
        files = []
        for name in [*(f"{c}.zip" for c in codes), ADMIN1_FILE]:
            target = Path(tmp) / name
            log(f"fetching {root}{name}")
            _fetch(root + name, target, timeout)
            files.append(target)
        return add_files(files, countries=codes, home=home, log=log)
