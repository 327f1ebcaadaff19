"""The PostgreSQL store's queries: the SQLite store's lists (``sqlite_reads``) in PostgreSQL's SQL,
with the same pages, totals, orders and answers. What happens to rows once read (graph degrees and
pages, claim groups assembled) is shared with the SQLite store, not written again.

Full-text search: the words of a search (``query.search_words``), case and accents folded as the
index is (``postgres.search_text``), each a phrase (``phraseto_tsquery``: a word that the parser
splits, ``e-mail``, is matched as written), all required; the ``simple`` configuration, so that a
word is found as typed, not stemmed, as in SQLite's FTS5 index.
"""
from __future__ import annotations

import unicodedata
from typing import Any

import psycopg

from presslens.store import common_reads
from presslens.store.base import ArticleQuery, ClaimQuery, GraphQuery, Page
from presslens.store.common_reads import Dialect, actor_part_order, articles_page, claim_order, conditions, relation_row
from presslens.store.query import plain_words, search_words
from presslens.store.read_sql import ARTICLE_COLUMNS, actor_part_sql
from presslens.store.sqlite_reads import SNIPPET_CLOSE, SNIPPET_OPEN

# PostgreSQL's lower() of text collated "C" folds ASCII letters only, as SQLite's NOCASE does.
SQL = Dialect(mark="%s", like="ILIKE", nocase="lower({})")
ARTICLE_ORDER = SQL.article_order()
# PostgreSQL sorts by an output column's name only where it stands alone, not inside an expression.
CLAIM_ORDER = claim_order("articles", "claims", "group_id", "min(a.published)", "max(a.published)")
ACTOR_PART_SQL = actor_part_sql("%(actor)s")


def folded_words(q: str) -> list[str]:
    """The words of a search as the index holds words: accents and case folded."""
    folded = (unicodedata.normalize("NFKD", w) for w in search_words(q))
    return ["".join(c for c in w if not unicodedata.combining(c)).casefold() for w in folded]


def _tsquery(words: list[str]) -> str:
    """SQL of a tsquery requiring every word (each a phrase); its parameters are ``words``."""
    return "(" + " && ".join(["phraseto_tsquery('simple', %s)"] * len(words)) + ")"


def list_articles(conn: psycopg.Connection, query: ArticleQuery) -> dict[str, Any]:
    words = folded_words(query.q) if query.q else []
    if query.q and not words:
        return {"total": 0, "articles": []}
    clause, params = conditions([
        (words or None, f"a.search @@ {_tsquery(words)}"),
        (query.source, "lower(a.source) = lower(%s)"),
        (query.date_from, "a.published >= %s"),
        (query.date_to, "a.published <= %s"),
        (query.actor, "a.id IN (SELECT article_id FROM article_actors WHERE actor_id = %s)"),
        (query.technique, "a.id IN (SELECT article_id FROM techniques WHERE technique = %s)"),
    ])
    total = conn.execute(f"SELECT count(*) AS n FROM articles a {clause}", params).fetchone()["n"]
    articles = conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles a {clause} ORDER BY {ARTICLE_ORDER[query.sort]} "
                            "LIMIT %s OFFSET %s", [*params, query.limit, query.offset]).fetchall()
    return articles_page(total, articles, _snippets(conn, words, [a["id"] for a in articles]) if words else None)


def _snippets(conn: psycopg.Connection, words: list[str], ids: list[int]) -> dict[int, str]:
    """Where the search words stand in each of the articles ``ids``, marked."""
    return {r["id"]: r["snippet"] for r in conn.execute(
        f"SELECT id, ts_headline('simple', text, {_tsquery(words)}, %s) AS snippet FROM articles WHERE id = ANY(%s)",
        [*words, f"StartSel={SNIPPET_OPEN}, StopSel={SNIPPET_CLOSE}, MaxWords=16, MinWords=8, MaxFragments=1, "
                 "FragmentDelimiter=…", ids])} if ids else {}


def actor_part(conn: psycopg.Connection, actor_id: int, part: str, page: Page) -> dict[str, Any]:
    table, columns, joins, mine, date = ACTOR_PART_SQL[part]
    params = {"actor": actor_id, "limit": page.limit, "offset": page.offset}
    total = conn.execute(f"SELECT count(*) AS n FROM {table} x WHERE {mine}", params).fetchone()["n"]
    rows = conn.execute(f"SELECT {columns} FROM {table} x JOIN articles a ON a.id = x.article_id {joins} "
                        f"WHERE {mine} ORDER BY {actor_part_order(date, page.sort)} "
                        "LIMIT %(limit)s OFFSET %(offset)s", params).fetchall()
    items = [relation_row(r) for r in rows] if table == "relations" else rows
    return {"total": total, part: items}


def graph(conn: psycopg.Connection, query: GraphQuery) -> dict[str, Any]:
    return common_reads.graph(conn, SQL, query, add_examples)


def add_examples(conn: psycopg.Connection, edges: list[dict[str, Any]], where: str, params: list[Any]) -> None:
    """Up to three relations of each edge, earliest first, read for the edges of the page only."""
    if not edges:
        return
    by_key = {(e["source"], e["target"], e["kind"]): e for e in edges}
    for edge in edges:
        edge["examples"] = []
    rows = conn.execute(
        "SELECT source, target, kind, article_id, evidence, happened, hedged FROM ("
        "SELECT x.*, row_number() OVER (PARTITION BY x.source, x.target, x.kind ORDER BY x.happened, x.article_id) "
        f"AS n FROM relations x WHERE {where} AND (x.source, x.target) IN "
        "(SELECT * FROM unnest(%s::bigint[], %s::bigint[]))) AS ranked WHERE n <= 3 ORDER BY n",
        [*params, [k[0] for k in by_key], [k[1] for k in by_key]]).fetchall()
    for row in rows:
        edge = by_key.get((row["source"], row["target"], row["kind"]))
        if edge is not None:
            edge["examples"].append({"article_id": row["article_id"], "evidence": row["evidence"],
                                     "happened": row["happened"], "hedged": row["hedged"]})


def claims_ledger(conn: psycopg.Connection, query: ClaimQuery) -> dict[str, Any]:
    words = plain_words(query.q) if query.q is not None else None
    if words == []:
        return {"total": 0, "claims": []}
    where = ["c.group_id IS NOT NULL"]
    params: dict[str, Any] = {"min_articles": query.min_articles, "status": query.status,
                              "limit": query.limit, "offset": query.offset}
    if words:
        found = " AND ".join(f"strpos(lower(text), %(w{i})s) > 0" for i in range(len(words)))
        where.append(f"c.group_id IN (SELECT group_id FROM claims WHERE group_id IS NOT NULL AND {found})")
        params.update({f"w{i}": w for i, w in enumerate(words)})
    having = "count(DISTINCT c.article_id) >= %(min_articles)s"
    if query.status:
        having += " AND bool_or(c.status = %(status)s)"
    groups = ("SELECT c.group_id, count(*) AS claims, count(DISTINCT c.article_id) AS articles, "
              "min(a.published) AS first_seen, max(a.published) AS last_seen "
              f"FROM claims c JOIN articles a ON a.id = c.article_id WHERE {' AND '.join(where)} "
              f"GROUP BY c.group_id HAVING {having}")
    total = conn.execute(f"SELECT count(*) AS n FROM ({groups}) AS g", params).fetchone()["n"]
    page = conn.execute(f"{groups} ORDER BY {CLAIM_ORDER[query.sort]} LIMIT %(limit)s OFFSET %(offset)s",
                        params).fetchall()
    return {"total": total, "claims": common_reads.claim_groups(conn, SQL, page, query.members)}
