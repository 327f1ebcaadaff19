"""The corpus store: analyses kept, deduplicated and searchable (see ``base.Store``)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from presslens.store.base import (
    ACTOR_PART_SORTS,
    ACTOR_PARTS,
    ACTOR_SORTS,
    ARTICLE_SORTS,
    CLAIM_SORTS,
    EDGE_SORTS,
    Added,
    ArticleQuery,
    ClaimQuery,
    GraphQuery,
    Page,
    Store,
    content_hash,
)
from presslens.store.sqlite import DEFAULT_DB, SQLiteStore


def open_store(location: str | Path = DEFAULT_DB, **options: Any) -> Store:
    """The store at ``location``: a SQLite file (a path or ``sqlite:///path``, created when
    missing) or a PostgreSQL database (``postgresql://...``); see ``store.factory``."""
    from presslens.store import factory

    return factory.open_store(location, **options)


__all__ = ["Store", "Added", "ArticleQuery", "ClaimQuery", "GraphQuery", "Page", "SQLiteStore",
           "open_store", "content_hash", "DEFAULT_DB", "ARTICLE_SORTS", "ACTOR_SORTS", "ACTOR_PARTS",
           "ACTOR_PART_SORTS", "CLAIM_SORTS", "EDGE_SORTS"]
