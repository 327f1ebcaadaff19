"""What the SQLite and PostgreSQL stores answer alike: every read, given a connection to read with
(``SQLStore._reading``) and the database's list queries (``SQLStore._reads``: ``sqlite_reads`` or
``postgres_reads``, each with its ``SQL`` dialect). Writing and claim grouping stay with each store:
how a database takes concurrent writers is where they differ.
"""
from __future__ import annotations

import abc
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from typing import Any

from presslens.store import common_reads
from presslens.store.base import (
    ACTOR_SORTS,
    TECHNIQUE_GROUPINGS,
    ArticleQuery,
    ClaimQuery,
    GraphQuery,
    Page,
    Store,
)
from presslens.store.graph_cache import GraphCache
from presslens.store.query import plain_words
from presslens.store.read_sql import analysis_record


class SQLStore(Store):
    # The database's list queries: a module with SQL (its Dialect), list_articles, actor_part,
    # graph and claims_ledger, each taking a connection first.
    _reads: Any
    # Graph pages of the current store version, as read and as rendered (each store's __init__
    # makes its own).
    _graph_pages: GraphCache
    _rendered_graphs: GraphCache

    @abc.abstractmethod
    def _reading(self) -> AbstractContextManager[Any]:
        """A connection to read with, held for the ``with`` block (rows by column name)."""

    def has(self, text_hash: str) -> bool:
        return self._article_id(text_hash) is not None

    def _article_id(self, text_hash: str) -> int | None:
        with self._reading() as conn:
            return common_reads.article_id(conn, self._reads.SQL, text_hash)

    def get_article(self, article_id: int) -> dict[str, Any] | None:
        if self.reads_group_claims:
            self.group_claims()
        with self._reading() as conn:
            return common_reads.get_article(conn, self._reads.SQL, article_id)

    def list_articles(self, query: ArticleQuery) -> dict[str, Any]:
        with self._reading() as conn:
            return self._reads.list_articles(conn, query)

    def list_actors(self, q: str | None = None, limit: int = 100, offset: int = 0,
                    sort: str = ACTOR_SORTS[0]) -> dict[str, Any]:
        with self._reading() as conn:
            return common_reads.list_actors(conn, self._reads.SQL, q, limit, offset, sort)

    def get_actor(self, actor_id: int, limit: int = 25) -> dict[str, Any] | None:
        if self.reads_group_claims:
            self.group_claims()
        with self._reading() as conn:
            return common_reads.get_actor(conn, self._reads.SQL, actor_id, limit, self._reads.actor_part)

    def actor_part(self, actor_id: int, part: str, page: Page) -> dict[str, Any] | None:
        if part == "claims" and self.reads_group_claims:
            self.group_claims()
        with self._reading() as conn:
            if not common_reads.has_actor(conn, self._reads.SQL, actor_id):
                return None
            return self._reads.actor_part(conn, actor_id, part, page)

    def graph(self, query: GraphQuery) -> dict[str, Any]:
        with self._reading() as conn:
            version = common_reads.stored_articles(conn)  # before the graph: see graph_cache
            return self._graph_pages.page(version, query, lambda: self._reads.graph(conn, query))

    def graph_rendered(self, query: GraphQuery, render: Callable[[dict[str, Any]], bytes]) -> bytes:
        with self._reading() as conn:
            version = common_reads.stored_articles(conn)
        return self._rendered_graphs.page(version, (query, render), lambda: render(self.graph(query)))

    def claims(self, query: ClaimQuery) -> dict[str, Any]:
        if query.q is not None and not plain_words(query.q):
            return {"total": 0, "claims": []}
        if self.reads_group_claims:
            self.group_claims()
        with self._reading() as conn:
            return self._reads.claims_ledger(conn, query)

    def technique_stats(self, by: str) -> dict[str, Any]:
        if by not in TECHNIQUE_GROUPINGS:
            raise ValueError(f"by must be one of {', '.join(TECHNIQUE_GROUPINGS)}, not {by!r}")
        with self._reading() as conn:
            return common_reads.read_technique_stats(conn, by)

    def iter_analyses(self) -> Iterator[dict[str, Any]]:
        last = 0
        while True:  # in pages, so that a long export holds no connection or read transaction between them
            with self._reading() as conn:
                rows = common_reads.analyses_after(conn, self._reads.SQL, last)
            if not rows:
                return
            for row in rows:
                yield analysis_record(row)
            last = rows[-1]["id"]

    def rejections(self) -> list[dict[str, Any]]:
        with self._reading() as conn:
            return common_reads.rejections(conn)

    def counts(self) -> dict[str, int]:
        with self._reading() as conn:
            return common_reads.counts(conn)
