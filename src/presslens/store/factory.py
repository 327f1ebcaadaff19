"""Which store a ``--db`` location names: a path or ``sqlite:///path`` is a SQLite file, a
``postgresql://`` URL a PostgreSQL database (``presslens[scale]`` installs its driver)."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from presslens.errors import StoreError
from presslens.store.base import Store

POSTGRES_SCHEMES = ("postgresql://", "postgres://")
SQLITE_SCHEME = "sqlite:///"  # as SQLAlchemy writes it: sqlite:///relative.db, sqlite:////absolute.db


def is_postgres(location: str | Path) -> bool:
    return str(location).startswith(POSTGRES_SCHEMES)


def sqlite_path(location: str | Path) -> str:
    """The file of a SQLite location; a URL of another scheme is an error, not a file name."""
    text = str(location)
    if text.startswith(SQLITE_SCHEME):
        return text[len(SQLITE_SCHEME):]
    if "://" in text:
        raise StoreError(f"{text.split('://')[0]}:// is not a store presslens knows: give a SQLite file "
                         "(a path or sqlite:///path) or a postgresql:// URL")
    return text


def open_store(location: str | Path, **options: Any) -> Store:
    """The store at ``location`` (created when missing: the SQLite file, or the tables in an
    existing PostgreSQL database). ``options`` go to the store (``claim_encoder``...)."""
    if is_postgres(location):
        try:
            from presslens.store.postgres import PostgresStore
        except ImportError as exc:
            raise StoreError(f"a PostgreSQL store needs psycopg ({exc}): pip install 'presslens[scale]'") from None
        return PostgresStore(str(location), **options)
    from presslens.store.sqlite import SQLiteStore

    return SQLiteStore(sqlite_path(location), **options)
