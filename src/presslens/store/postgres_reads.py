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

from presslens.store.base import ArticleQuery, ClaimQuery, GraphQuery, Page
from presslens.store.query import LIKE_ESCAPE, like_pattern, plain_words, search_words
from presslens.store.read_sql import (
    A_LABEL,
    ARTICLE_COLUMNS,
    NEWEST,
    actor_part_sql,
    analysis_record,
    article_links_sql,
    stored_article,
)
from presslens.store.sqlite_reads import (
    _EDGE_KEYS as EDGE_KEYS,
    SNIPPET_CLOSE,
    SNIPPET_OPEN,
    STATUS_WEIGHT,
    actor_row,
    relation_row,
)

ARTICLE_ORDER = {
    "newest": NEWEST,
    "oldest": "a.published IS NULL, a.published, a.id",
    "title": f"lower({A_LABEL}), a.id",
    "added": "a.added_at DESC, a.id DESC",
    **{layer: f"a.{layer[:-1]}_count DESC, {NEWEST}"
       for layer in ("quotes", "claims", "relations", "labels", "techniques")},
}
# Ties (two actors "police" of one presence) go to the older actor, as SQLite's rowid order has it.
ACTOR_ORDER = {
    "presence": "a.article_count DESC, a.mention_count DESC, a.name, a.id",
    "mentions": "a.mention_count DESC, a.article_count DESC, a.name, a.id",
    "quotes": "a.quote_count DESC, a.article_count DESC, a.name, a.id",
    "name": "lower(a.name), a.id",
}
# PostgreSQL sorts by an output column's name only where it stands alone, not inside an expression.
CLAIM_ORDER = {
    "articles": "articles DESC, claims DESC, group_id",
    "claims": "claims DESC, articles DESC, group_id",
    "newest": "max(a.published) IS NULL, max(a.published) DESC, articles DESC, group_id",
    "oldest": "min(a.published) IS NULL, min(a.published), articles DESC, group_id",
}
ACTOR_PART_SQL = actor_part_sql("%(actor)s")

def folded_words(q: str) -> list[str]:
    """The words of a search as the index holds words: accents and case folded."""
    folded = (unicodedata.normalize("NFKD", w) for w in search_words(q))
    return ["".join(c for c in w if not unicodedata.combining(c)).casefold() for w in folded]


def _tsquery(words: list[str]) -> str:
    """SQL of a tsquery requiring every word (each a phrase); its parameters are ``words``."""
    return "(" + " && ".join(["phraseto_tsquery('simple', %s)"] * len(words)) + ")"




def get_article(conn: psycopg.Connection, article_id: int) -> dict[str, Any] | None:
    row = conn.execute("SELECT doc_id, title, text, analysis FROM articles WHERE id = %s", (article_id,)).fetchone()
    if row is None:
        return None
    actors, groups = article_links_sql("%s")
    return stored_article(article_id, row, analysis_record(row), conn.execute(actors, (article_id,)).fetchall(),
                          conn.execute(groups, (article_id,)).fetchall())


def list_articles(conn: psycopg.Connection, query: ArticleQuery) -> dict[str, Any]:
    words = folded_words(query.q) if query.q else []
    if query.q and not words:
        return {"total": 0, "articles": []}
    filters = [
        (words or None, f"a.search @@ {_tsquery(words)}"),
        (query.source, "lower(a.source) = lower(%s)"),
        (query.date_from, "a.published >= %s"),
        (query.date_to, "a.published <= %s"),
        (query.actor, "a.id IN (SELECT article_id FROM article_actors WHERE actor_id = %s)"),
        (query.technique, "a.id IN (SELECT article_id FROM techniques WHERE technique = %s)"),
    ]
    where, params = [], []
    for value, condition in filters:
        if value is not None and value != "":
            where.append(condition)
            params.extend(value if isinstance(value, list) else [value])
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    total = conn.execute(f"SELECT count(*) AS n FROM articles a {clause}", params).fetchone()["n"]
    articles = conn.execute(f"SELECT {ARTICLE_COLUMNS} FROM articles a {clause} ORDER BY {ARTICLE_ORDER[query.sort]} "
                            "LIMIT %s OFFSET %s", [*params, query.limit, query.offset]).fetchall()
    if words and articles:
        snippets = {r["id"]: r["snippet"] for r in conn.execute(
            f"SELECT id, ts_headline('simple', text, {_tsquery(words)}, %s) AS snippet FROM articles "
            "WHERE id = ANY(%s)",
            [*words, f"StartSel={SNIPPET_OPEN}, StopSel={SNIPPET_CLOSE}, MaxWords=16, MinWords=8, "
                     "MaxFragments=1, FragmentDelimiter=…", [a["id"] for a in articles]])}
        for article in articles:
            article["snippet"] = snippets.get(article["id"])
    return {"total": total, "articles": articles}


def list_actors(conn: psycopg.Connection, q: str | None, limit: int, offset: int, sort: str) -> dict[str, Any]:
    where, params = "", []
    if q:
        pattern = like_pattern(q)
        if pattern is None:
            return {"total": 0, "actors": []}
        where = f"WHERE a.id IN (SELECT actor_id FROM actor_aliases WHERE alias ILIKE %s ESCAPE '{LIKE_ESCAPE}')"
        params.append(pattern)
    total = conn.execute(f"SELECT count(*) AS n FROM actors a {where}", params).fetchone()["n"]
    rows = conn.execute(
        "SELECT a.id, a.name, a.type, a.country, a.sector, a.generic, a.article_count AS articles, "
        f"a.mention_count AS mentions, a.quote_count AS quotes FROM actors a {where} "
        f"ORDER BY {ACTOR_ORDER[sort]} LIMIT %s OFFSET %s", [*params, limit, offset]).fetchall()
    return {"total": total, "actors": [actor_row(r) for r in rows]}


def get_actor(conn: psycopg.Connection, actor_id: int) -> dict[str, Any] | None:
    """The actor's own fields and aliases (its lists are read by ``actor_part``)."""
    row = conn.execute("SELECT id, name, type, country, sector, generic, article_count AS articles "
                       "FROM actors WHERE id = %s", (actor_id,)).fetchone()
    if row is None:
        return None
    actor = actor_row(row)
    actor["aliases"] = sorted(r["alias"] for r in conn.execute(
        "SELECT alias FROM actor_aliases WHERE actor_id = %s", (actor_id,)))
    return actor


def actor_techniques(conn: psycopg.Connection, actor_id: int) -> dict[str, int]:
    return {r["technique"]: r["n"] for r in conn.execute(
        "SELECT technique, count(*) AS n FROM techniques WHERE speaker = %s GROUP BY technique ORDER BY 2 DESC, 1",
        (actor_id,))}


def actor_part(conn: psycopg.Connection, actor_id: int, part: str, page: Page) -> dict[str, Any]:
    table, columns, joins, mine, date = ACTOR_PART_SQL[part]
    order = {"oldest": f"{date} IS NULL, {date}, x.article_id, x.start",
             "newest": f"{date} IS NULL, {date} DESC, x.article_id DESC, x.start",
             "article": "x.article_id, x.start"}[page.sort]
    params = {"actor": actor_id, "limit": page.limit, "offset": page.offset}
    total = conn.execute(f"SELECT count(*) AS n FROM {table} x WHERE {mine}", params).fetchone()["n"]
    rows = conn.execute(f"SELECT {columns} FROM {table} x JOIN articles a ON a.id = x.article_id {joins} "
                        f"WHERE {mine} ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s", params).fetchall()
    items = [relation_row(r) for r in rows] if table == "relations" else rows
    return {"total": total, part: items}


def graph(conn: psycopg.Connection, query: GraphQuery) -> dict[str, Any]:
    """As ``sqlite_reads.graph``: aggregated by the database, degrees and the page worked out here."""
    where, params = _relation_filters(query)
    aggregates = conn.execute(
        "SELECT source, target, kind, count(*) AS count, min(happened) AS first, max(happened) AS last "
        f"FROM relations x WHERE {where} GROUP BY source, target, kind", params).fetchall()
    degree: dict[int, int] = {}
    for edge in aggregates:
        for end in (edge["source"], edge["target"]):
            degree[end] = degree.get(end, 0) + edge["count"]
    kept = set(sorted(degree, key=lambda n: (-degree[n], n))[:query.top]) if query.top else degree.keys()
    edges = [e for e in aggregates
             if e["source"] in kept and e["target"] in kept and e["count"] >= query.min_count
             and (query.actor is None or query.actor in (e["source"], e["target"]))]
    nodes_total = len({end for e in edges for end in (e["source"], e["target"])})
    edges.sort(key=EDGE_KEYS[query.sort])
    page = edges[query.offset:query.offset + query.limit]
    _add_examples(conn, page, where, params)
    ends = sorted({end for e in page for end in (e["source"], e["target"])})
    names = {r["id"]: r for r in conn.execute("SELECT id, name, type FROM actors WHERE id = ANY(%s)", (ends,))}
    nodes = [{"id": n, "name": names[n]["name"], "type": names[n]["type"], "degree": degree[n]} for n in ends]
    nodes.sort(key=lambda n: (-n["degree"], n["id"]))
    return {"total": len(edges), "total_nodes": nodes_total, "nodes": nodes, "edges": page}


def _relation_filters(query: GraphQuery) -> tuple[str, list[Any]]:
    where = ["x.source IS NOT NULL", "x.target IS NOT NULL"]
    params: list[Any] = []
    for value, condition in ((list(query.kinds), "x.kind = ANY(%s)"), (query.date_from, "x.happened >= %s"),
                             (query.date_to, "x.happened <= %s")):
        if value:
            where.append(condition)
            params.append(value)
    if not query.include_negated:
        where.append("NOT x.negated")
    return " AND ".join(where), params


def _add_examples(conn: psycopg.Connection, edges: list[dict[str, Any]], where: str, params: list[Any]) -> None:
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
    return {"total": total, "claims": _claim_groups(conn, page, query.members)}


def _claim_groups(conn: psycopg.Connection, page: list[dict[str, Any]], listed: int) -> list[dict[str, Any]]:
    """The groups of a page: their first ``listed`` claims (at least one: it names the group), and
    size, statuses and claimants over all their claims (as the SQLite store gives them)."""
    if not page:
        return []
    members: dict[int, list[dict[str, Any]]] = {row["group_id"]: [] for row in page}
    for row in conn.execute(
            f"SELECT c.group_id, c.article_id, a.title AS article_title, {A_LABEL} AS article_label, a.source, "
            "a.published, c.local_id, c.text, c.status, c.claimant, p.name AS claimant_name "
            "FROM claims c JOIN articles a ON a.id = c.article_id LEFT JOIN actors p ON p.id = c.claimant "
            "WHERE c.group_id = ANY(%s) ORDER BY a.published IS NULL, a.published, c.id", (list(members),)):
        members[row.pop("group_id")].append(row)
    ledger = []
    for row in page:
        claims = members[row["group_id"]]
        statuses: dict[str, int] = {}
        for c in claims:
            statuses[c["status"]] = statuses.get(c["status"], 0) + 1
        ledger.append({
            "id": row["group_id"], "text": claims[0]["text"], "claims": claims[:max(1, listed)], "size": len(claims),
            "statuses": statuses,
            "status": max(statuses, key=lambda s: (statuses[s], STATUS_WEIGHT.get(s, 0))),
            "articles": row["articles"],
            "claimants": sorted({c["claimant_name"] for c in claims if c["claimant_name"]}),
            "first_seen": row["first_seen"], "last_seen": row["last_seen"]})
    return ledger
