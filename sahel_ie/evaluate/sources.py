"""Finding and loading gold files of either format in the folders given to ``sahel-ie evaluate``.

Two gold formats exist: the fixture format (``<doc_id>.gold.json`` beside ``<doc_id>.txt``,
``evaluate.gold``) and the real-news development format (``NNN.json`` with ``id`` and ``gold``,
texts in a separate folder, ``evaluate.news_gold``). The format is detected per file, so a folder may
hold either; other JSON files (manifests, metadata) are left alone.
"""

from __future__ import annotations

import json
from pathlib import Path

from sahel_ie.evaluate.gold import GoldArticle, GoldFormatError, _label, check_unique_ids, load_gold
from sahel_ie.evaluate.news_gold import is_news_gold, load_news_gold


def _news_data(path: Path) -> dict | None:
    """The parsed file when it is in the news format, else None (unreadable files are not gold)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError):
        return None
    return data if is_news_gold(data) else None


def load_gold_sources(*folders: str | Path, texts: str | Path | None = None) -> list[GoldArticle]:
    """Every gold article in the folders (or single files), each file read in its own format.

    ``texts`` is the folder of ``<id>.txt`` for news-format files (default: beside the gold file).
    Raises GoldFormatError for a broken file, a missing text or a doc id given twice.
    """
    articles: list[GoldArticle] = []
    for folder in folders:
        folder = Path(folder)
        files = [folder] if folder.is_file() else sorted(folder.glob("*.json")) if folder.is_dir() else []
        for path in files:
            if path.name.endswith(".gold.json"):
                articles.append(load_gold(path))
                continue
            data = _news_data(path)
            if data is not None:
                articles.append(load_news_gold(path, texts, data=data))
            elif path == folder:
                raise GoldFormatError(f"{_label(path)}: neither a *.gold.json fixture nor a news gold file")
    return check_unique_ids(articles)
