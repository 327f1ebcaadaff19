"""The corpus store: analyses kept, deduplicated and searchable (see ``base.Store``)."""
from __future__ import annotations

from pathlib import Path

from presslens.store.base import Added, ArticleQuery, ClaimQuery, GraphQuery, Store, content_hash
from presslens.store.sqlite import DEFAULT_DB, SQLiteStore


def open_store(path: str | Path = DEFAULT_DB) -> Store:
    """The store in ``path`` (a SQLite file, created when missing)."""
    return SQLiteStore(path)


__all__ = ["Store", "Added", "ArticleQuery", "ClaimQuery", "GraphQuery", "SQLiteStore", "open_store",
           "content_hash", "DEFAULT_DB"]
