"""The reads both SQL stores make with the same SQL: what differs between SQLite and PostgreSQL
here is a ``Dialect`` (the parameter placeholder, a case-blind LIKE and sort), not a copy of the
function. Lists whose best query differs by engine (full-text search, an actor's pages, the
ledger's groups) stay in ``sqlite_reads`` and ``postgres_reads`` and share their rows' shaping here.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from presslens.store.base import ACTOR_PART_SORTS, ACTOR_PARTS, GraphQuery, Page
from presslens.store.query import LIKE_ESCAPE, like_pattern
from presslens.store.read_sql import (
    A_LABEL,
    NEWEST,
    analysis_record,
    article_links_sql,
    stored_article,
    technique_counts_sql,
    technique_stats,
)

# Ties between statuses in a claim group go to the more consequential one.
STATUS_WEIGHT = {"false": 5, "denied": 4, "disputed": 3, "unsupported": 2, "confirmed": 1, "asserted": 0}
LAYERS = ("quotes", "claims", "relations", "labels", "techniques")
COUNTED_TABLES = ("articles", "actors", "quotes", "claims", "relations", "labels", "techniques", "rejections")
ANALYSES_PAGE = 200


@dataclass(frozen=True)
class Dialect:
    """What one database's SQL needs that the other writes differently."""

    mark: str     # a parameter's placeholder
    like: str     # LIKE without regard to (ASCII) case
    nocase: str   # an expression ``{}`` sorted without regard to (ASCII) case

    def marks(self, n: int) -> str:
        """Placeholders of an ``IN (...)`` list of ``n`` values."""
        return ",".join([self.mark] * n)

    def article_order(self) -> dict[str, str]:
        """ORDER BY of each of ``ARTICLE_SORTS`` (the table is ``a``)."""
        return {"newest": NEWEST, "oldest": "a.published IS NULL, a.published, a.id",
                "title": f"{self.nocase.format(A_LABEL)}, a.id", "added": "a.added_at DESC, a.id DESC",
                **{layer: f"a.{layer[:-1]}_count DESC, {NEWEST}" for layer in LAYERS}}

    def actor_order(self) -> dict[str, str]:
        """ORDER BY of each of ``ACTOR_SORTS``; ties (two actors "police" of one presence) go to the
        older actor."""
        return {"presence": "a.article_count DESC, a.mention_count DESC, a.name, a.id",
                "mentions": "a.mention_count DESC, a.article_count DESC, a.name, a.id",
                "quotes": "a.quote_count DESC, a.article_count DESC, a.name, a.id",
                "name": f"{self.nocase.format('a.name')}, a.id"}


def claim_order(articles: str, claims: str, group: str, first_seen: str, last_seen: str) -> dict[str, str]:
    """ORDER BY of each of ``CLAIM_SORTS``, given how a query names a group's sizes, id and dates."""
    return {"articles": f"{articles} DESC, {claims} DESC, {group}",
            "claims": f"{claims} DESC, {articles} DESC, {group}",
            "newest": f"{last_seen} IS NULL, {last_seen} DESC, {group}",
            "oldest": f"{first_seen} IS NULL, {first_seen}, {group}"}


def actor_part_order(date: str, sort: str) -> str:
    """ORDER BY of an actor's list (``actor_part_sql``'s table ``x``) by one of ``ACTOR_PART_SORTS``."""
    return {"oldest": f"{date} IS NULL, {date}, x.article_id, x.start",
            "newest": f"{date} IS NULL, {date} DESC, x.article_id DESC, x.start",
            "article": "x.article_id, x.start"}[sort]


def conditions(filters: list[tuple[Any, str]]) -> tuple[str, list[Any]]:
    """A WHERE clause of the conditions whose value is given (a list value: one parameter each)."""
    where, params = [], []
    for value, condition in filters:
        if value is not None and value != "":
            where.append(condition)
            params.extend(value if isinstance(value, list) else [value])
    return ("WHERE " + " AND ".join(where)) if where else "", params


def articles_page(total: int, articles: list[dict[str, Any]], snippets: dict[int, str] | None) -> dict[str, Any]:
    """A page of articles as ``list_articles`` answers it: with a search, each with its snippet."""
    if snippets is not None:
        for article in articles:
            article["snippet"] = snippets.get(article["id"])
    return {"total": total, "articles": articles}


def get_article(conn: Any, sql: Dialect, article_id: int) -> dict[str, Any] | None:
    row = conn.execute(f"SELECT doc_id, title, text, analysis FROM articles WHERE id = {sql.mark}",
                       (article_id,)).fetchone()
    if row is None:
        return None
    actors, groups = article_links_sql(sql.mark)
    return stored_article(article_id, row, analysis_record(row), conn.execute(actors, (article_id,)).fetchall(),
                          conn.execute(groups, (article_id,)).fetchall())


def list_actors(conn: Any, sql: Dialect, q: str | None, limit: int, offset: int, sort: str) -> dict[str, Any]:
    where, params = "", []
    if q:
        pattern = like_pattern(q)
        if pattern is None:
            return {"total": 0, "actors": []}
        where = (f"WHERE a.id IN (SELECT actor_id FROM actor_aliases WHERE alias {sql.like} {sql.mark} "
                 f"ESCAPE '{LIKE_ESCAPE}')")
        params.append(pattern)
    total = conn.execute(f"SELECT count(*) AS n FROM actors a {where}", params).fetchone()["n"]
    rows = conn.execute(
        "SELECT a.id, a.name, a.type, a.country, a.sector, a.generic, a.article_count AS articles, "
        f"a.mention_count AS mentions, a.quote_count AS quotes FROM actors a {where} "
        f"ORDER BY {sql.actor_order()[sort]} LIMIT {sql.mark} OFFSET {sql.mark}", [*params, limit, offset]).fetchall()
    return {"total": total, "actors": [actor_row(r) for r in rows]}


def get_actor(conn: Any, sql: Dialect, actor_id: int, limit: int,
              actor_part: Callable[[Any, int, str, Page], dict[str, Any]]) -> dict[str, Any] | None:
    """One actor: its fields, aliases, the first ``limit`` items of each of its lists (read by the
    dialect's ``actor_part``) with their totals, and its techniques."""
    row = conn.execute("SELECT id, name, type, country, sector, generic, article_count AS articles "
                       f"FROM actors WHERE id = {sql.mark}", (actor_id,)).fetchone()
    if row is None:
        return None
    actor = actor_row(row)
    articles = actor.pop("articles")  # the answer's fields in the order of the API's Actor
    actor["aliases"] = sorted(r["alias"] for r in conn.execute(
        f"SELECT alias FROM actor_aliases WHERE actor_id = {sql.mark}", (actor_id,)))
    actor["articles"] = articles
    totals = {}
    for part in ACTOR_PARTS:
        listed = actor_part(conn, actor_id, part, Page(ACTOR_PART_SORTS[0], limit))
        actor[part], totals[part] = listed[part], listed["total"]
    actor["totals"] = totals
    actor["techniques"] = {r["technique"]: r["n"] for r in conn.execute(
        f"SELECT technique, count(*) AS n FROM techniques WHERE speaker = {sql.mark} GROUP BY technique "
        "ORDER BY 2 DESC, 1", (actor_id,))}
    return actor


def has_actor(conn: Any, sql: Dialect, actor_id: int) -> bool:
    return conn.execute(f"SELECT 1 FROM actors WHERE id = {sql.mark}", (actor_id,)).fetchone() is not None


def article_id(conn: Any, sql: Dialect, text_hash: str) -> int | None:
    row = conn.execute(f"SELECT id FROM articles WHERE content_hash = {sql.mark}", (text_hash,)).fetchone()
    return row["id"] if row else None


def analyses_after(conn: Any, sql: Dialect, last: int) -> list[Any]:
    """The next page of stored articles after id ``last``, in the order stored."""
    return conn.execute(f"SELECT id, text, analysis FROM articles WHERE id > {sql.mark} ORDER BY id "
                        f"LIMIT {ANALYSES_PAGE}", (last,)).fetchall()


def read_technique_stats(conn: Any, by: str) -> dict[str, Any]:
    return technique_stats(conn.execute(technique_counts_sql(by)).fetchall(), by)


def rejections(conn: Any) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute("SELECT doc_id, source, code, message, at FROM rejections ORDER BY id")]


def counts(conn: Any) -> dict[str, int]:
    return dict(conn.execute("SELECT " + ", ".join(f"(SELECT count(*) FROM {t}) AS {t}" for t in COUNTED_TABLES))
                .fetchone())


def stored_articles(conn: Any) -> int:
    """How many articles are stored: the store's version for what only grows with them."""
    return conn.execute("SELECT count(*) AS n FROM articles").fetchone()["n"]


def graph(conn: Any, sql: Dialect, query: GraphQuery,
          add_examples: Callable[[Any, list[dict[str, Any]], str, list[Any]], None]) -> dict[str, Any]:
    """Relations aggregated per (source, target, kind) by the database; degrees, the top actors and
    the page are worked out on those aggregates, examples (the dialect's ``add_examples``) and names
    read for the page only."""
    where, params = relation_filters(query, sql)
    aggregates = conn.execute(
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
    edges.sort(key=EDGE_KEYS[query.sort])
    page = edges[query.offset:query.offset + query.limit]
    add_examples(conn, page, where, params)
    ends = sorted({end for e in page for end in (e["source"], e["target"])})
    names = {r["id"]: r for r in conn.execute(
        f"SELECT id, name, type FROM actors WHERE id IN ({sql.marks(len(ends))})", ends)} if ends else {}
    nodes = [{"id": n, "name": names[n]["name"], "type": names[n]["type"], "degree": degree[n]} for n in ends]
    nodes.sort(key=lambda n: (-n["degree"], n["id"]))
    return {"total": len(edges), "total_nodes": nodes_total, "nodes": nodes, "edges": page}


def _descending(date: str) -> str:
    """A key that sorts ISO dates newest first (each digit replaced by its complement)."""
    return date.translate(str.maketrans("0123456789", "9876543210"))


EDGE_KEYS = {
    "count": lambda e: (-e["count"], e["source"], e["target"], e["kind"]),
    "newest": lambda e: (e["last"] is None, "" if e["last"] is None else _descending(e["last"]),
                         e["source"], e["target"], e["kind"]),
    "oldest": lambda e: (e["first"] is None, e["first"] or "", e["source"], e["target"], e["kind"]),
}


def relation_filters(query: GraphQuery, sql: Dialect) -> tuple[str, list[Any]]:
    """The conditions on relations (table ``x``) of a graph query, and their parameters."""
    where = ["x.source IS NOT NULL", "x.target IS NOT NULL"]
    params: list[Any] = []
    if query.kinds:
        where.append(f"x.kind IN ({sql.marks(len(query.kinds))})")
        params.extend(query.kinds)
    if query.date_from:
        where.append(f"x.happened >= {sql.mark}")
        params.append(query.date_from)
    if query.date_to:  # a YYYY or YYYY-MM date lies in the window when it starts inside it
        where.append(f"x.happened <= {sql.mark}")
        params.append(query.date_to)
    if not query.include_negated:
        where.append("x.negated = false")
    return " AND ".join(where), params


def claim_groups(conn: Any, sql: Dialect, page: list[Any], members: int) -> list[dict[str, Any]]:
    """The ledger entries of a page of groups (rows with ``group_id``, ``claims``, ``articles``,
    ``first_seen``, ``last_seen``): their first ``members`` claims (at least the first is read: it
    names the group), and statuses and claimants over all their claims."""
    if not page:
        return []
    ids = [row["group_id"] for row in page]
    marks = sql.marks(len(ids))
    listed: dict[int, list[dict[str, Any]]] = {group_id: [] for group_id in ids}
    for row in _first_claims(conn, sql, ids, max(1, members)):
        claim = as_dict(row)
        del claim["id"]
        listed[claim.pop("group_id")].append(claim)
    statuses: dict[int, dict[str, int]] = {group_id: {} for group_id in ids}
    for row in conn.execute(f"SELECT group_id, status, count(*) AS n FROM claims WHERE group_id IN ({marks}) "
                            "GROUP BY 1, 2 ORDER BY 1, 2", ids):
        statuses[row["group_id"]][row["status"]] = row["n"]
    claimants: dict[int, list[str]] = {group_id: [] for group_id in ids}
    for row in conn.execute(f"SELECT DISTINCT c.group_id, p.name FROM claims c JOIN actors p ON p.id = c.claimant "
                            f"WHERE c.group_id IN ({marks}) ORDER BY 2", ids):
        claimants[row["group_id"]].append(row["name"])
    return [{"id": row["group_id"], "text": listed[row["group_id"]][0]["text"],
             "claims": listed[row["group_id"]][:members], "size": row["claims"], "statuses": statuses[row["group_id"]],
             "status": max(statuses[row["group_id"]],
                           key=lambda s, counts=statuses[row["group_id"]]: (counts[s], STATUS_WEIGHT.get(s, 0))),
             "articles": row["articles"], "claimants": claimants[row["group_id"]],
             "first_seen": row["first_seen"], "last_seen": row["last_seen"]} for row in page]


def _first_claims(conn: Any, sql: Dialect, group_ids: list[int], n: int) -> list[Any]:
    """The first ``n`` claims of each group, earliest article first, in that order: which they
    are is found on the ``claims_group_article`` index and the articles' dates alone, then only
    those claims' rows are read (a group's other claims can be thousands)."""
    first = [row["id"] for row in conn.execute(
        "SELECT id FROM (SELECT c.id, c.group_id, row_number() OVER (PARTITION BY c.group_id "
        "ORDER BY a.published IS NULL, a.published, c.id) AS n FROM claims c JOIN articles a ON a.id = c.article_id "
        f"WHERE c.group_id IN ({sql.marks(len(group_ids))})) AS ranked WHERE n <= {sql.mark} ORDER BY group_id, n",
        [*group_ids, n])]
    rows = {row["id"]: row for row in conn.execute(
        f"SELECT c.id, c.group_id, c.article_id, a.title AS article_title, {A_LABEL} AS article_label, a.source, "
        "a.published, c.local_id, c.text, c.status, c.claimant, p.name AS claimant_name FROM claims c "
        "JOIN articles a ON a.id = c.article_id LEFT JOIN actors p ON p.id = c.claimant "
        f"WHERE c.id IN ({sql.marks(len(first))})", first)} if first else {}
    return [rows[claim_id] for claim_id in first]


def as_dict(row: Any) -> dict[str, Any]:
    """A row as a new dict (a SQLite row's values read in order: by name, each is a search)."""
    return dict(row) if isinstance(row, dict) else dict(zip(row.keys(), row, strict=True))


def actor_row(row: Any) -> dict[str, Any]:
    actor = dict(row)
    actor["generic"] = bool(row["generic"])
    return actor


def relation_row(row: Any) -> dict[str, Any]:
    relation = {k: row[k] for k in row.keys() if not k.endswith("_type") and k != "rowid_"}
    relation["negated"], relation["hedged"] = bool(row["negated"]), bool(row["hedged"])
    return relation
