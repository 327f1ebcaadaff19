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

from presslens.store.base import ArticleQuery, ClaimQuery, GraphQuery, Page
from presslens.store.query import LIKE_ESCAPE, like_pattern, plain_words, search_words
from presslens.store.read_sql import A_LABEL, ARTICLE_COLUMNS, NEWEST, actor_part_sql

# Bounds of the FTS snippet shown in article lists: markers the UI turns into highlights.
SNIPPET_OPEN, SNIPPET_CLOSE = "\u0002", "\u0003"
ARTICLE_ORDER = {
    "newest": NEWEST,
    "oldest": "a.published IS NULL, a.published, a.id",
    "title": f"{A_LABEL} COLLATE NOCASE, a.id",
    "added": "a.added_at DESC, a.id DESC",
    **{layer: f"a.{layer[:-1]}_count DESC, {NEWEST}"
       for layer in ("quotes", "claims", "relations", "labels", "techniques")},
}
ACTOR_ORDER = {
    "presence": "a.article_count DESC, a.mention_count DESC, a.name",
    "mentions": "a.mention_count DESC, a.article_count DESC, a.name",
    "quotes": "a.quote_count DESC, a.article_count DESC, a.name",
    "name": "a.name COLLATE NOCASE, a.id",
}
CLAIM_ORDER = {
    "articles": "g.articles DESC, g.claims DESC, g.id",
    "claims": "g.claims DESC, g.articles DESC, g.id",
    "newest": "g.last_seen IS NULL, g.last_seen DESC, g.id",
    "oldest": "g.first_seen IS NULL, g.first_seen, g.id",
}

ACTOR_PART_SQL = actor_part_sql(":actor")
# Ties between statuses in a claim group go to the more consequential one.
STATUS_WEIGHT = {"false": 5, "denied": 4, "disputed": 3, "unsupported": 2, "confirmed": 1, "asserted": 0}


def fts_query(q: str) -> str | None:
    """User words as an FTS5 query that cannot be a syntax error: every word quoted, all required."""
    words = [w.replace('"', '""') for w in search_words(q)]
    return " ".join(f'"{w}"' for w in words if w.strip('"')) or None


def list_articles(db: sqlite3.Connection, query: ArticleQuery) -> dict[str, Any]:
    where, params = [], []
    match = fts_query(query.q) if query.q else None
    if query.q and match is None:
        return {"total": 0, "articles": []}
    filters = [
        (match, "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"),
        (query.source, "a.source = ? COLLATE NOCASE"),
        (query.date_from, "a.published >= ?"),
        (query.date_to, "a.published <= ?"),
        (query.actor, "a.id IN (SELECT article_id FROM article_actors WHERE actor_id = ?)"),
        (query.technique, "a.id IN (SELECT article_id FROM techniques WHERE technique = ?)"),
    ]
    for value, condition in filters:
        if value is not None and value != "":
            where.append(condition)
            params.append(value)
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    total = db.execute(f"SELECT count(*) FROM articles a {clause}", params).fetchone()[0]
    # The page's ids first: sorting whole rows would read every text (for its length) to drop most
    ids = [r[0] for r in db.execute(f"SELECT a.id FROM articles a {clause} ORDER BY {ARTICLE_ORDER[query.sort]} "
                                    "LIMIT ? OFFSET ?", [*params, query.limit, query.offset])]
    rows = {r["id"]: dict(r) for r in db.execute(
        f"SELECT {ARTICLE_COLUMNS} FROM articles a WHERE a.id IN ({','.join('?' * len(ids))})", ids)}
    articles = [rows[i] for i in ids]
    if match and articles:
        snippets = dict(db.execute(
            f"SELECT rowid, snippet(articles_fts, 1, ?, ?, '…', 16) FROM articles_fts "
            f"WHERE articles_fts MATCH ? AND rowid IN ({','.join('?' * len(articles))})",
            [SNIPPET_OPEN, SNIPPET_CLOSE, match, *(a["id"] for a in articles)]).fetchall())
        for article in articles:
            article["snippet"] = snippets.get(article["id"])
    return {"total": total, "articles": articles}


def list_actors(db: sqlite3.Connection, q: str | None, limit: int, offset: int, sort: str) -> dict[str, Any]:
    where, params = "", []
    if q:
        pattern = like_pattern(q)
        if pattern is None:
            return {"total": 0, "actors": []}
        where = f"WHERE a.id IN (SELECT actor_id FROM actor_aliases WHERE alias LIKE ? ESCAPE '{LIKE_ESCAPE}')"
        params.append(pattern)
    total = db.execute(f"SELECT count(*) FROM actors a {where}", params).fetchone()[0]
    rows = db.execute(
        "SELECT a.id, a.name, a.type, a.country, a.sector, a.generic, a.article_count AS articles, "
        f"a.mention_count AS mentions, a.quote_count AS quotes FROM actors a {where} "
        f"ORDER BY {ACTOR_ORDER[sort]} LIMIT ? OFFSET ?", [*params, limit, offset]).fetchall()
    return {"total": total, "actors": [actor_row(r) for r in rows]}


def actor_part(db: sqlite3.Connection, actor_id: int, part: str, page: Page) -> dict[str, Any]:
    table, columns, joins, mine, date = ACTOR_PART_SQL[part]
    order = {"oldest": f"{date} IS NULL, {date}, x.article_id, x.start",
             "newest": f"{date} IS NULL, {date} DESC, x.article_id DESC, x.start",
             "article": "x.article_id, x.start"}[page.sort]
    params = {"actor": actor_id, "limit": page.limit, "offset": page.offset}
    total = db.execute(f"SELECT count(*) FROM {table} x WHERE {mine}", params).fetchone()[0]
    page = [r[0] for r in db.execute(f"SELECT x.rowid FROM {table} x JOIN articles a ON a.id = x.article_id "
                                     f"WHERE {mine} ORDER BY {order} LIMIT :limit OFFSET :offset", params)]
    found = {r["rowid_"]: r for r in db.execute(
        f"SELECT x.rowid AS rowid_, {columns} FROM {table} x JOIN articles a ON a.id = x.article_id {joins} "
        f"WHERE x.rowid IN ({','.join('?' * len(page))})", page)}
    rows = [found[rowid] for rowid in page]
    items = [relation_row(r) for r in rows] if table == "relations" else [_without_rowid(r) for r in rows]
    return {"total": total, part: items}


def _without_rowid(row: sqlite3.Row) -> dict[str, Any]:
    return {k: row[k] for k in row.keys() if k != "rowid_"}


def graph(db: sqlite3.Connection, query: GraphQuery) -> dict[str, Any]:
    """Relations aggregated per (source, target, kind) by the database; degrees, the top actors and
    the page are worked out on those aggregates, examples and names read for the page only."""
    where, params = _relation_filters(query)
    aggregates = db.execute(
        "SELECT source, target, kind, count(*) AS count, min(happened) AS first, max(happened) AS last "
        f"FROM relations x WHERE {where} GROUP BY source, target, kind", params).fetchall()
    degree: dict[int, int] = {}
    for edge in aggregates:
        for end in (edge["source"], edge["target"]):
            degree[end] = degree.get(end, 0) + edge["count"]
    kept = set(sorted(degree, key=lambda n: (-degree[n], n))[:query.top]) if query.top else degree.keys()
    edges = [dict(e) for e in aggregates
             if e["source"] in kept and e["target"] in kept and e["count"] >= query.min_count
             and (query.actor is None or query.actor in (e["source"], e["target"]))]
    nodes_total = len({end for e in edges for end in (e["source"], e["target"])})
    edges.sort(key=_EDGE_KEYS[query.sort])
    page = edges[query.offset:query.offset + query.limit]
    _add_examples(db, page, where, params)
    ends = sorted({end for e in page for end in (e["source"], e["target"])})
    names = {r["id"]: r for r in db.execute(
        f"SELECT id, name, type FROM actors WHERE id IN ({','.join('?' * len(ends))})", ends)} if ends else {}
    nodes = [{"id": n, "name": names[n]["name"], "type": names[n]["type"], "degree": degree[n]} for n in ends]
    nodes.sort(key=lambda n: (-n["degree"], n["id"]))
    return {"total": len(edges), "total_nodes": nodes_total, "nodes": nodes, "edges": page}


_EDGE_KEYS = {
    "count": lambda e: (-e["count"], e["source"], e["target"], e["kind"]),
    "newest": lambda e: (e["last"] is None, "" if e["last"] is None else _descending(e["last"]),
                         e["source"], e["target"], e["kind"]),
    "oldest": lambda e: (e["first"] is None, e["first"] or "", e["source"], e["target"], e["kind"]),
}


def _descending(date: str) -> str:
    """A key that sorts ISO dates newest first (each digit replaced by its complement)."""
    return date.translate(str.maketrans("0123456789", "9876543210"))


def _relation_filters(query: GraphQuery) -> tuple[str, list[Any]]:
    where = ["x.source IS NOT NULL", "x.target IS NOT NULL"]
    params: list[Any] = []
    if query.kinds:
        where.append(f"x.kind IN ({','.join('?' * len(query.kinds))})")
        params.extend(query.kinds)
    if query.date_from:
        where.append("x.happened >= ?")
        params.append(query.date_from)
    if query.date_to:  # a YYYY or YYYY-MM date lies in the window when it starts inside it
        where.append("x.happened <= ?")
        params.append(query.date_to)
    if not query.include_negated:
        where.append("x.negated = 0")
    return " AND ".join(where), params


def _add_examples(db: sqlite3.Connection, edges: list[dict[str, Any]], where: str, params: list[Any]) -> None:
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
    return {"total": total, "claims": _claim_groups(db, page, query.members)}


def _contains(n: int, word: str) -> str:
    """Whether a claim's text holds the casefolded ``word`` (parameter ``:w<n>``): SQLite's LIKE
    folds ASCII letters (in C, ten times faster than calling Python); other words need casefold."""
    if word.isascii():
        return f"text LIKE :w{n} ESCAPE '{LIKE_ESCAPE}'"
    return f"instr(casefold(text), :w{n}) > 0"


def _claim_groups(db: sqlite3.Connection, page: list[sqlite3.Row], members: int) -> list[dict[str, Any]]:
    """The groups of a page: their first ``members`` claims (at least the first is read: it names
    the group), and statuses and claimants over all their claims."""
    if not page:
        return []
    ids = [row["group_id"] for row in page]
    marks = ",".join("?" * len(ids))
    listed: dict[int, list[dict[str, Any]]] = {group_id: [] for group_id in ids}
    for row in db.execute(
            "SELECT * FROM (SELECT c.group_id, c.article_id, a.title AS article_title, "
            f"{A_LABEL} AS article_label, a.source, a.published, c.local_id, c.text, c.status, c.claimant, "
            "p.name AS claimant_name, row_number() OVER (PARTITION BY c.group_id "
            "ORDER BY a.published IS NULL, a.published, c.id) AS n "
            "FROM claims c JOIN articles a ON a.id=c.article_id LEFT JOIN actors p ON p.id=c.claimant "
            f"WHERE c.group_id IN ({marks})) WHERE n <= ? ORDER BY group_id, n", [*ids, max(1, members)]):
        listed[row["group_id"]].append({k: row[k] for k in row.keys() if k not in ("group_id", "n")})
    statuses: dict[int, dict[str, int]] = {group_id: {} for group_id in ids}
    for group_id, status, n in db.execute(
            f"SELECT group_id, status, count(*) FROM claims WHERE group_id IN ({marks}) GROUP BY 1, 2", ids):
        statuses[group_id][status] = n
    claimants: dict[int, list[str]] = {group_id: [] for group_id in ids}
    for group_id, name in db.execute(
            f"SELECT DISTINCT c.group_id, p.name FROM claims c JOIN actors p ON p.id = c.claimant "
            f"WHERE c.group_id IN ({marks}) ORDER BY 2", ids):
        claimants[group_id].append(name)
    return [{"id": row["group_id"], "text": listed[row["group_id"]][0]["text"],
             "claims": listed[row["group_id"]][:members], "size": row["claims"], "statuses": statuses[row["group_id"]],
             "status": max(statuses[row["group_id"]],
                           key=lambda s, counts=statuses[row["group_id"]]: (counts[s], STATUS_WEIGHT.get(s, 0))),
             "articles": row["articles"], "claimants": claimants[row["group_id"]],
             "first_seen": row["first_seen"], "last_seen": row["last_seen"]} for row in page]


def actor_row(row: sqlite3.Row) -> dict[str, Any]:
    actor = dict(row)
    actor["generic"] = bool(row["generic"])
    return actor


def relation_row(row: sqlite3.Row) -> dict[str, Any]:
    relation = {k: row[k] for k in row.keys() if not k.endswith("_type") and k != "rowid_"}
    relation["negated"], relation["hedged"] = bool(row["negated"]), bool(row["hedged"])
    return relation
