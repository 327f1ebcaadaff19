"""The tables both SQL stores hold alike, written once: an article's layers (quotes, labels,
relations, techniques) and which actors it names, with each database's types filled in, and the
indexes both make on them from the start (each schema adds its own).

The tables that differ by more than their types stay with each schema: articles (SQLite searches an
FTS5 table beside them, PostgreSQL a ``tsvector`` column), actors and claims (identity columns,
PostgreSQL's grouping order), and SQLite's kept claim group sizes.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

# {ref}: the id of another table's row; {key}: text that lists sort or compare (dates, names).
# A label's source_name: who applies it where no entity does, a quoted speaker named only in words
# ("a second source"), source null (both null: the article's own voice); negated: "X is not a
# terrorist". No comments inside a table's columns: SQLite keeps them in the table's SQL, and
# dropping a column next to one leaves that SQL unreadable.
SHARED_TABLES = """
CREATE TABLE IF NOT EXISTS actor_aliases (
    actor_id {ref} NOT NULL REFERENCES actors (id), alias {text} NOT NULL,
    PRIMARY KEY (actor_id, alias));
CREATE TABLE IF NOT EXISTS article_actors (
    article_id {ref} NOT NULL REFERENCES articles (id), entity_id {text} NOT NULL,
    actor_id {ref} NOT NULL REFERENCES actors (id), mentions {int} NOT NULL,
    PRIMARY KEY (article_id, entity_id));
CREATE TABLE IF NOT EXISTS quotes (
    article_id {ref} NOT NULL REFERENCES articles (id), local_id {text} NOT NULL,
    kind {text}, start {int}, "end" {int}, text {text},
    speaker {ref} REFERENCES actors (id), channel {text}, date {key});
CREATE TABLE IF NOT EXISTS labels (
    article_id {ref} NOT NULL REFERENCES articles (id), local_id {text} NOT NULL,
    start {int}, "end" {int}, label {text},
    source {ref} REFERENCES actors (id), target {ref} REFERENCES actors (id), target_text {text},
    source_name {text}, negated {bool} NOT NULL DEFAULT false);
CREATE TABLE IF NOT EXISTS relations (
    article_id {ref} NOT NULL REFERENCES articles (id), local_id {text} NOT NULL,
    kind {text} NOT NULL, event {text},
    source {ref} REFERENCES actors (id), target {ref} REFERENCES actors (id),
    negated {bool} NOT NULL, hedged {bool} NOT NULL,
    date {key},
    happened {key},            -- the relation's date, else the article's: what time windows filter
    start {int}, "end" {int}, evidence {text},
    asserted_by {ref} REFERENCES actors (id));
CREATE TABLE IF NOT EXISTS techniques (
    article_id {ref} NOT NULL REFERENCES articles (id), local_id {text} NOT NULL,
    technique {key} NOT NULL, category {text}, start {int}, "end" {int}, text {text},
    speaker {ref} REFERENCES actors (id), score {real});
CREATE INDEX IF NOT EXISTS quotes_article ON quotes (article_id);
CREATE INDEX IF NOT EXISTS labels_source ON labels (source);
CREATE INDEX IF NOT EXISTS labels_target ON labels (target);
CREATE INDEX IF NOT EXISTS labels_article ON labels (article_id);
CREATE INDEX IF NOT EXISTS relations_source ON relations (source);
CREATE INDEX IF NOT EXISTS relations_target ON relations (target);
CREATE INDEX IF NOT EXISTS relations_article ON relations (article_id);
CREATE INDEX IF NOT EXISTS techniques_article ON techniques (article_id);
"""

SQLITE_TYPES = {"ref": "INTEGER", "int": "INTEGER", "text": "TEXT", "key": "TEXT", "bool": "INTEGER", "real": "REAL"}
# Text compared or sorted is collated "C" (code-point order, as SQLite compares), whatever locale
# the database was created with.
POSTGRES_TYPES = {"ref": "bigint", "int": "integer", "text": "text", "key": 'text COLLATE "C"', "bool": "boolean",
                  "real": "double precision"}


def shared_tables(types: dict[str, str]) -> str:
    """The shared tables' DDL in one database's types (``SQLITE_TYPES``, ``POSTGRES_TYPES``)."""
    return SHARED_TABLES.format(**types)


# The label columns added after the first schemas (SQLite 6, PostgreSQL 2), in their order.
LABEL_COLUMNS_ADDED = {"source_name": "{text}", "negated": "{bool} NOT NULL DEFAULT false"}


def label_row(article_id: int, label: dict[str, Any], actors: dict[str, int]) -> tuple[Any, ...]:
    """A label's row in ``labels``, its actors' local ids turned into store ids (``actors``).
    The speaker's words are kept only where no entity is the source: an entity's name is its actor's."""
    source = actors.get(label.get("source"))
    return (article_id, label["id"], label["start"], label["end"], label.get("label"), source,
            actors.get(label.get("target")), label.get("target_text"),
            label.get("source_name") if source is None else None, bool(label.get("negated")))


def labels_as_analysed(articles: Iterable[Any]) -> list[tuple[str | None, bool, int, str]]:
    """(source_name, negated, article_id, local_id) of each stored label that has either, read from
    the analyses of ``articles`` (rows with ``id`` and ``analysis``): the parameters of
    ``FILL_LABEL_COLUMNS`` for the columns added to an older store's labels."""
    found = []
    for article in articles:
        for label in json.loads(article["analysis"]).get("labels", []):
            if label.get("source_name") or label.get("negated"):
                found.append((label.get("source_name"), bool(label.get("negated")), article["id"], label["id"]))
    return found


# With a database's placeholder for {mark}: the speaker's words kept where no actor is the source,
# as ``label_row`` keeps them.
FILL_LABEL_COLUMNS = ("UPDATE labels SET source_name = CASE WHEN source IS NULL THEN {mark} END, negated = {mark} "
                      "WHERE article_id = {mark} AND local_id = {mark}")
