"""Stores of either backend filled with the invented corpus (tests/store_corpus.py), and servers
over them, for the API and UI tests: a location from the ``stores`` or ``module_stores`` fixture
(tests/conftest.py) is a SQLite file or a PostgreSQL database, and the store behind it is opened
as ``presslens serve --db`` opens one."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from fastapi.testclient import TestClient

from presslens.api.app import ServerSettings, create_app
from presslens.store import Store, open_store
from tests.store_corpus import corpus, word_encoder


def filled_store(location: str, records: Iterable[dict] | None = None,
                 claim_encoder: Callable = word_encoder) -> Store:
    """A new store at ``location`` holding ``records`` (the invented corpus by default), its
    claims ungrouped as ingest leaves them."""
    store = open_store(location, claim_encoder=claim_encoder)
    for record in corpus() if records is None else records:
        store.add(record)
    return store


@contextmanager
def served_store(location: str, records: Iterable[dict] | None = None, *, started: bool = True,
                 **settings: Any) -> Iterator[TestClient]:
    """A client of a server over a new store at ``location`` holding ``records`` (the invented
    corpus by default). ``started``: the server starts as ``serve`` starts one (its lifespan runs:
    claims are grouped on a thread of its own, and reads do not wait for them) and answers a crash
    with a 500, as a real server does. Not started: the app alone, whose reads group the claims
    first (their answers do not change under a test) and whose crashes are raised into the test.
    The store is closed afterwards (a PostgreSQL store holds a pool of connections)."""
    store = filled_store(location, records)
    try:
        app = create_app(ServerSettings(db_path=location, **settings), store)
        if not started:
            yield TestClient(app)
            return
        with TestClient(app, raise_server_exceptions=False) as client:
            yield client
    finally:
        store.close()
