"""SQL the two stores' list queries share (``sqlite_reads``, ``postgres_reads``): the columns of an
article, of a record in its article, and of each list of an actor, in SQL both databases read;
the technique counts, and how rows of these become answers.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from presslens.document import SCHEMA_ID

# One readable name per article wherever one is listed: its title, else its document id (its file
# name, for a file), else its store id.
LABEL = "coalesce(nullif(trim({a}.title), ''), nullif({a}.doc_id, ''), 'article ' || {a}.id)"
A_LABEL = LABEL.format(a="a")
NEWEST = "coalesce(a.published, '') DESC, a.id DESC"  # undated last: '' sorts below every date

ARTICLE_COLUMNS = (
    f"a.id, a.doc_id, a.title, {A_LABEL} AS label, a.source, a.url, a.published, a.added_at, "
    "length(a.text) AS chars, a.quote_count AS quotes, a.claim_count AS claims, a.relation_count AS relations, "
    "a.label_count AS labels, a.technique_count AS techniques")
_IN_ARTICLE = f"x.article_id, a.title AS article_title, {A_LABEL} AS article_label"
_RELATION_COLUMNS = (
    f"{_IN_ARTICLE}, x.local_id, x.kind, x.event, x.source, s.name AS source_name, s.type AS source_type, x.target, "
    "t.name AS target_name, t.type AS target_type, x.negated, x.hedged, x.date, x.happened, x.evidence, x.asserted_by")
# A label's speaker is its source actor, else the words naming a speaker that is no entity;
# neither is the article's own voice.
_LABEL_COLUMNS = (f"{_IN_ARTICLE}, a.published, x.label, x.source, coalesce(s.name, x.source_name) AS source_name, "
                  "x.target, t.name AS target_name, x.target_text, x.negated")
_PARTY_JOINS = "LEFT JOIN actors s ON s.id = x.source LEFT JOIN actors t ON t.id = x.target"


def actor_part_sql(actor: str) -> dict[str, tuple[str, str, str, str, str]]:
    """Each list of an actor: its table, columns (the table is ``x``, its article ``a``), joins
    beyond the article, which rows are the actor's (``actor``: the database's placeholder for the
    actor's id), and the date it is sorted by."""
    return {
        "quotes": ("quotes", f"{_IN_ARTICLE}, a.published, x.local_id AS id, x.kind, x.text, x.channel, x.date, "
                             "x.start, x.\"end\"", "", f"x.speaker = {actor}", "coalesce(x.date, a.published)"),
        "relations": ("relations", _RELATION_COLUMNS, _PARTY_JOINS, f"(x.source = {actor} OR x.target = {actor})",
                      "x.happened"),
        "labels_used": ("labels", _LABEL_COLUMNS, _PARTY_JOINS, f"x.source = {actor}", "a.published"),
        "labels_received": ("labels", _LABEL_COLUMNS, _PARTY_JOINS, f"x.target = {actor}", "a.published"),
        "claims": ("claims", f"{_IN_ARTICLE}, a.published, x.local_id AS id, x.text, x.status, x.group_id", "",
                   f"x.claimant = {actor}", "a.published"),
    }


_TECHNIQUE_KEYS = {"source": "coalesce(a.source, '(unknown source)')",
                   "speaker": "coalesce(p.name, '(the article''s own voice)')",
                   "month": "coalesce(substr(a.published, 1, 7), '(undated)')"}


def technique_counts_sql(by: str) -> str:
    """How many of each technique per source, speaker or month (``by``): rows (key, technique, n)."""
    return (f"SELECT {_TECHNIQUE_KEYS[by]} AS key, t.technique, count(*) AS n "
            "FROM techniques t JOIN articles a ON a.id = t.article_id LEFT JOIN actors p ON p.id = t.speaker "
            "GROUP BY 1, 2 ORDER BY 1, 2")


def technique_stats(rows: Iterable[Any], by: str) -> dict[str, Any]:
    """The statistics of ``technique_counts_sql``'s rows: one group per key with its counts and
    total, months in order, other keys most used first."""
    grouped: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = grouped.setdefault(row["key"], {"key": row["key"], "total": 0, "counts": {}})
        entry["counts"][row["technique"]] = row["n"]
        entry["total"] += row["n"]
    ordered = sorted(grouped.values(),
                     key=(lambda g: g["key"]) if by == "month" else (lambda g: (-g["total"], g["key"])))
    techniques = sorted({t for g in ordered for t in g["counts"]})
    return {"by": by, "techniques": techniques, "groups": ordered}


def article_links_sql(param: str) -> tuple[str, str]:
    """The store ids behind one article's entities (its actors) and claims (their groups, with how
    many articles each group spans); ``param``: the database's placeholder for the article id."""
    return (f"SELECT entity_id, actor_id FROM article_actors WHERE article_id = {param}",
            "SELECT c.local_id, c.group_id, (SELECT count(DISTINCT article_id) FROM claims g "
            f"WHERE g.group_id = c.group_id) AS articles FROM claims c WHERE c.article_id = {param}")


def stored_article(article_id: int, row: Any, record: dict[str, Any], actor_rows: Iterable[Any],
                   group_rows: Iterable[Any]) -> dict[str, Any]:
    """An article as the API answers it: its analysis ``record``, each entity with its store actor
    and each claim with its group (``article_links_sql``'s rows), and a readable label."""
    actor_of = {r["entity_id"]: r["actor_id"] for r in actor_rows}
    for entity in record.get("entities", []):
        entity["actor_id"] = actor_of.get(entity["id"])
    groups = {r["local_id"]: (r["group_id"], r["articles"]) for r in group_rows}
    for claim in record.get("claims", []):
        group_id, articles = groups.get(claim["id"], (None, 1))
        claim["group_id"], claim["group_articles"] = group_id, max(1, articles)
    label = (row["title"] or "").strip() or row["doc_id"] or f"article {article_id}"
    return {"article_id": article_id, "label": label, **record}


def analysis_record(row: Any) -> dict[str, Any]:
    """The analysis record of a stored article, fields in the format's order."""
    stored = json.loads(row["analysis"])
    # /analyze once stored its answer's own fields (article_id, stored: null) inside the analysis
    for answer_field in ("article_id", "stored"):
        stored.pop(answer_field, None)
    record = {"schema": stored.pop("schema", SCHEMA_ID), "document": stored.pop("document", {}), "text": row["text"]}
    record.update(stored)
    return record
