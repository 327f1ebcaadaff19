"""The SQLite store's list queries: one page of articles, actors, an actor's quotes, relations,
labels and claims, graph edges and claim groups, each with the total it is a page of.

Every list is read a page at a time and sorted by the database: the counts lists show are columns
kept as articles are stored (schema 5), and every filter and sort column is indexed, so that a page
costs about the same whatever the size of the corpus. Sort names are the ``*_SORTS`` of
``presslens.store.base``; each maps to an ORDER BY here, never to text from a request.
"""
from __future__ import annotations

import sqlite3
from typing import Any

from presslens.store import common_reads
from presslens.store.base import ArticleQuery, ClaimQuery, GraphQuery, Page
from presslens.store.common_reads import Dialect, actor_part_order, articles_page, claim_order, conditions, relation_row
from presslens.store.query import LIKE_ESCAPE, like_pattern, plain_words, search_words
from presslens.store.read_sql import ARTICLE_COLUMNS, actor_part_sql

SQL = Dialect(mark="?", like="LIKE", nocase="{} COLLATE NOCASE")
# Bounds of the FTS snippet shown in article lists: markers the UI turns into highlights.
SNIPPET_OPEN, SNIPPET_CLOSE = "\u0002", "\u0003"
ARTICLE_ORDER = SQL.article_order()
CLAIM_ORDER = claim_order("g.articles", "g.claims", "g.id", "g.first_seen", "g.last_seen")
ACTOR_PART_SQL = actor_part_sql(":actor")


def fts_query(q: str) -> str | None:
    """User words as an FTS5 query that cannot be a syntax error: every word quoted, all required."""
    words = [w.replace('"', '""') for w in search_words(q)]
    return " ".join(f'"{w}"' for w in words if w.strip('"')) or None


def list_articles(db: sqlite3.Connection, query: ArticleQuery) -> dict[str, Any]:
    match = fts_query(query.q) if query.q else None
    if query.q and match is None:
        return {"total": 0, "articles": []}
    clause, params = conditions([
        (match, "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"),
        (query.source, "a.source = ? COLLATE NOCASE"),
        (query.date_from, "a.published >= ?"),
        (query.date_to, "a.published <= ?"),
        (query.actor, "a.id IN (SELECT article_id FROM article_actors WHERE actor_id = ?)"),
        (query.technique, "a.id IN (SELECT article_id FROM techniques WHERE technique = ?)"),
    ])
    total = db.execute(f"SELECT count(*) FROM articles a {clause}", params).fetchone()[0]
    # The page's ids first: sorting whole rows would read every text (for its length) to drop most
    ids = [r[0] for r in db.execute(f"SELECT a.id FROM articles a {clause} ORDER BY {ARTICLE_ORDER[query.sort]} "
                                    "LIMIT ? OFFSET ?", [*params, query.limit, query.offset])]
    rows = {r["id"]: dict(r) for r in db.execute(
        f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.id IN ({SQL.marks(len(ids))})", ids)}
    return articles_page(total, [rows[i] for i in ids], _snippets(db, match, ids) if match else None)


def _snippets(db: sqlite3.Connection, match: str, ids: list[int]) -> dict[int, str]:
    """Where the search words stand in each of the articles ``ids``, marked."""
    return dict(db.execute(f"SELECT rowid, snippet(articles_fts, 1, ?, ?, '…', 16) FROM articles_fts "
                           f"WHERE articles_fts MATCH ? AND rowid IN ({SQL.marks(len(ids))})",
                           [SNIPPET_OPEN, SNIPPET_CLOSE, match, *ids]).fetchall()) if ids else {}


def actor_part(db: sqlite3.Connection, actor_id: int, part: str, page: Page) -> dict[str, Any]:
    """One page of an actor's list: the page's rowids sorted first, then only their rows read."""
    table, columns, joins, mine, date = ACTOR_PART_SQL[part]
    params = {"actor": actor_id, "limit": page.limit, "offset": page.offset}
    total = db.execute(f"SELECT count(*) FROM {table} x WHERE {mine}", params).fetchone()[0]
    rowids = [r[0] for r in db.execute(f"SELECT x.rowid FROM {table} x JOIN articles a ON a.id = x.article_id "
                                       f"WHERE {mine} ORDER BY {actor_part_order(date, page.sort)} "
                                       "LIMIT :limit OFFSET :offset", params)]
    found = {r["rowid_"]: r for r in db.execute(
        f"SELECT x.rowid AS rowid_, {columns} FROM {table} x JOIN articles a ON a.id = x.article_id {joins} "
        f"WHERE x.rowid IN ({SQL.marks(len(rowids))})", rowids)}
    rows = [found[rowid] for rowid in rowids]
    items = [relation_row(r) for r in rows] if table == "relations" else [_without_rowid(r) for r in rows]
    return {"total": total, part: items}


def _without_rowid(row: sqlite3.Row) -> dict[str, Any]:
    item = {k: row[k] for k in row.keys() if k != "rowid_"}
    if "negated" in item:  # a label's: SQLite keeps booleans as 0 and 1
        item["negated"] = bool(item["negated"])
    return item


def graph(db: sqlite3.Connection, query: GraphQuery) -> dict[str, Any]:
    return common_reads.graph(db, SQL, query, add_examples)


def add_examples(db: sqlite3.Connection, edges: list[dict[str, Any]], where: str, params: list[Any]) -> None:
    """Up to three relations of each edge, earliest first, read for the edges of the page only
    (each a walk of the ``relations_edge`` index)."""
    for edge in edges:
        edge["examples"] = [
            {"article_id": row["article_id"], "evidence": row["evidence"], "happened": row["happened"],
             "hedged": bool(row["hedged"])}
            for row in db.execute(
                "SELECT x.article_id, x.evidence, x.happened, x.hedged FROM relations x "
                f"WHERE x.source = ? AND x.target = ? AND x.kind = ? AND {where} "
                "ORDER BY x.happened, x.article_id LIMIT 3", [edge["source"], edge["target"], edge["kind"], *params])]


def claims_ledger(db: sqlite3.Connection, query: ClaimQuery) -> dict[str, Any]:
    """Claim groups paged by their kept sizes and dates (``claim_groups``); the page's groups then
    read whole."""
    words = plain_words(query.q) if query.q is not None else None
    if words == []:  # a search without a word finds nothing, as for articles and actors
        return {"total": 0, "claims": []}
    where = ["g.articles >= :min_articles"]
    params: dict[str, Any] = {"min_articles": query.min_articles, "status": query.status,
                              "limit": query.limit, "offset": query.offset}
    if query.status:
        where.append("g.id IN (SELECT group_id FROM claims WHERE status = :status AND group_id IS NOT NULL)")
    if words:
        found = " AND ".join(_contains(i, word) for i, word in enumerate(words))
        where.append(f"g.id IN (SELECT group_id FROM claims WHERE group_id IS NOT NULL AND {found})")
        params.update({f"w{i}": like_pattern(w) if w.isascii() else w for i, w in enumerate(words)})
    clause = " AND ".join(where)
    total = db.execute(f"SELECT count(*) FROM claim_groups g WHERE {clause}", params).fetchone()[0]
    page = db.execute("SELECT g.id AS group_id, g.claims, g.articles, g.first_seen, g.last_seen FROM claim_groups g "
                      f"WHERE {clause} ORDER BY {CLAIM_ORDER[query.sort]} LIMIT :limit OFFSET :offset",
                      params).fetchall()
    return {"total": total, "claims": common_reads.claim_groups(db, SQL, page, query.members)}


def _contains(n: int, word: str) -> str:
    """Whether a claim's text holds the casefolded ``word`` (parameter ``:w<n>``): SQLite's LIKE
    folds ASCII letters (in C, ten times faster than calling Python); other words need casefold."""
    if word.isascii():
        return f"text LIKE :w{n} ESCAPE '{LIKE_ESCAPE}'"
    return f"instr(casefold(text), :w{n}) > 0"
