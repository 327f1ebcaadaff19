"""The SQLite store's tables, and the migrations that bring an older store up to them.

A store records its schema version in ``meta``; opening one runs the migrations from its version
up, each in one transaction, so a store written by an older presslens keeps working.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from presslens.store.tables import (
    FILL_LABEL_COLUMNS,
    LABEL_COLUMNS_ADDED,
    SQLITE_TYPES,
    labels_as_analysed,
    shared_tables,
)

SCHEMA_VERSION = 6

CLAIMS_TABLE = """
CREATE TABLE IF NOT EXISTS claims (
    id INTEGER PRIMARY KEY,
    article_id INTEGER NOT NULL REFERENCES articles(id), local_id TEXT NOT NULL,
    start INTEGER, "end" INTEGER, text TEXT NOT NULL,
    claimant INTEGER REFERENCES actors(id), status TEXT, quote TEXT, cues TEXT,
    group_id INTEGER,                 -- NULL until grouped (see SQLiteStore.group_claims)
    embedding BLOB);
CREATE INDEX IF NOT EXISTS claims_group ON claims(group_id);
CREATE INDEX IF NOT EXISTS claims_text ON claims(text);
CREATE INDEX IF NOT EXISTS claims_article ON claims(article_id);
"""

SCHEMA = f"""
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    doc_id TEXT, title TEXT, source TEXT, url TEXT, published TEXT, language TEXT,
    text TEXT NOT NULL,
    analysis TEXT NOT NULL,           -- the analysis record without its text, as JSON
    added_at TEXT NOT NULL,
    -- each layer's size, kept with the article (schema 5) so that lists need not count the layers
    quote_count INTEGER NOT NULL DEFAULT 0, claim_count INTEGER NOT NULL DEFAULT 0,
    relation_count INTEGER NOT NULL DEFAULT 0, label_count INTEGER NOT NULL DEFAULT 0,
    technique_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS articles_source ON articles(source);
CREATE INDEX IF NOT EXISTS articles_published ON articles(published);
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    title, text, content='articles', content_rowid='id', tokenize='unicode61 remove_diacritics 2');
CREATE TABLE IF NOT EXISTS actors (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL, name_key TEXT NOT NULL,
    type TEXT, country TEXT, sector TEXT,
    generic INTEGER NOT NULL DEFAULT 0, -- first stored from an unnamed group ("protesters"): see _resolve_actor
    -- articles naming it, their mentions of it, its quotes: kept up to date as articles are added
    article_count INTEGER NOT NULL DEFAULT 0, mention_count INTEGER NOT NULL DEFAULT 0,
    quote_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS actors_name_key ON actors(name_key);
{shared_tables(SQLITE_TYPES)}CREATE INDEX IF NOT EXISTS article_actors_actor ON article_actors(actor_id);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes(speaker);
{CLAIMS_TABLE}-- Each claim group's size and span (schema 5), kept as its claims are grouped (refresh_claim_groups):
-- the ledger pages through groups without counting claims.
CREATE TABLE IF NOT EXISTS claim_groups (
    id INTEGER PRIMARY KEY,           -- claims.group_id
    claims INTEGER NOT NULL, articles INTEGER NOT NULL, first_seen TEXT, last_seen TEXT);
CREATE TABLE IF NOT EXISTS rejections (
    id INTEGER PRIMARY KEY,
    doc_id TEXT, source TEXT,         -- the input: its document id and its file (or its record's source)
    code TEXT NOT NULL, message TEXT NOT NULL, at TEXT NOT NULL);  -- its latest rejection
"""
# One row per rejected input (schema 4; made by _migrate_from_3 where a store has older rows).
REJECTIONS_KEY = ("CREATE UNIQUE INDEX IF NOT EXISTS rejections_input "
                  "ON rejections(ifnull(doc_id, ''), ifnull(source, ''))")
# Schema 5: an index for every foreign key not yet covered and for every column lists filter or
# sort by, so that a page of a list reads that page, not whole tables (an article's columns after
# its text and analysis are read by following those, a page at a time: a sort by one of them
# without an index reads the whole corpus). Some are on schema 5's own
# columns: made once the store is at 5 (by the migration, or on opening a new store).
INDEXES_5 = """
CREATE INDEX IF NOT EXISTS articles_newest ON articles(coalesce(published, ''), id);
CREATE INDEX IF NOT EXISTS articles_source_nocase ON articles(source COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS articles_title ON articles(title COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS articles_added ON articles(added_at, id);
CREATE INDEX IF NOT EXISTS articles_by_quotes ON articles(quote_count, coalesce(published, ''), id);
CREATE INDEX IF NOT EXISTS articles_by_claims ON articles(claim_count, coalesce(published, ''), id);
CREATE INDEX IF NOT EXISTS articles_by_relations ON articles(relation_count, coalesce(published, ''), id);
CREATE INDEX IF NOT EXISTS articles_by_labels ON articles(label_count, coalesce(published, ''), id);
CREATE INDEX IF NOT EXISTS articles_by_techniques ON articles(technique_count, coalesce(published, ''), id);
CREATE INDEX IF NOT EXISTS actors_presence ON actors(article_count DESC, mention_count DESC, name);
CREATE INDEX IF NOT EXISTS actors_name ON actors(name COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS actor_aliases_alias ON actor_aliases(alias COLLATE NOCASE);
CREATE INDEX IF NOT EXISTS article_actors_actor_article ON article_actors(actor_id, article_id);
CREATE INDEX IF NOT EXISTS quotes_speaker_date ON quotes(speaker, date);
CREATE INDEX IF NOT EXISTS claims_claimant ON claims(claimant);
CREATE INDEX IF NOT EXISTS claims_status ON claims(status, group_id);
CREATE INDEX IF NOT EXISTS claims_group_article ON claims(group_id, article_id);
-- a ledger page's statuses and claimants read from the index alone (a claim's row holds its embedding)
CREATE INDEX IF NOT EXISTS claims_group_status ON claims(group_id, status, claimant);
CREATE INDEX IF NOT EXISTS claims_text_group ON claims(text, group_id);
CREATE INDEX IF NOT EXISTS claim_groups_articles ON claim_groups(articles DESC, claims DESC, id);
CREATE INDEX IF NOT EXISTS claim_groups_claims ON claim_groups(claims DESC, articles DESC, id);
CREATE INDEX IF NOT EXISTS claim_groups_last_seen ON claim_groups(last_seen);
CREATE INDEX IF NOT EXISTS claim_groups_first_seen ON claim_groups(first_seen);
CREATE INDEX IF NOT EXISTS relations_asserted_by ON relations(asserted_by);
CREATE INDEX IF NOT EXISTS relations_kind ON relations(kind);
CREATE INDEX IF NOT EXISTS relations_happened ON relations(happened);
CREATE INDEX IF NOT EXISTS relations_edge ON relations(source, target, kind, happened, article_id, negated);
CREATE INDEX IF NOT EXISTS techniques_speaker ON techniques(speaker);
CREATE INDEX IF NOT EXISTS techniques_technique ON techniques(technique, article_id, speaker);
CREATE INDEX IF NOT EXISTS rejections_doc_id ON rejections(doc_id);
"""
# The columns schema 5 adds, with how the migration fills them from the stored layers.
COUNT_COLUMNS_5 = {
    "articles": {
        "quote_count": "(SELECT count(*) FROM quotes WHERE article_id = articles.id)",
        "claim_count": "(SELECT count(*) FROM claims WHERE article_id = articles.id)",
        "relation_count": "(SELECT count(*) FROM relations WHERE article_id = articles.id)",
        "label_count": "(SELECT count(*) FROM labels WHERE article_id = articles.id)",
        "technique_count": "(SELECT count(*) FROM techniques WHERE article_id = articles.id)",
    },
    "actors": {
        "article_count": "(SELECT count(DISTINCT article_id) FROM article_actors WHERE actor_id = actors.id)",
        "mention_count": "(SELECT coalesce(sum(mentions), 0) FROM article_actors WHERE actor_id = actors.id)",
        "quote_count": "(SELECT count(*) FROM quotes WHERE speaker = actors.id)",
    },
}


def migrate(db: sqlite3.Connection) -> int:
    """Bring the store open on ``db`` (its tables just made where missing) up to SCHEMA_VERSION;
    the version it is at afterwards (a newer store's own, left as it is)."""
    db.execute("INSERT OR IGNORE INTO meta VALUES ('schema_version', ?)", (str(SCHEMA_VERSION),))
    found = int(db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0])
    if found == 1:
        found = _migrate_from_1(db)
    if found == 2:
        found = _migrate_from_2(db)
    if found == 3:
        found = _migrate_from_3(db)
    if found == 4:
        found = _migrate_from_4(db)
    if found == 5:
        found = _migrate_from_5(db)
    if found == SCHEMA_VERSION:
        db.execute(REJECTIONS_KEY)
        db.executescript(INDEXES_5)
    return found


def _migrate_from_1(db: sqlite3.Connection) -> int:
    """Schema 1 grouped claims while storing them (group and embedding required); schema 2 lets
    them wait ungrouped. SQLite cannot relax NOT NULL in place, so the table is rebuilt, in one
    transaction."""
    try:
        db.executescript(f"""BEGIN IMMEDIATE;
            DROP INDEX claims_group; DROP INDEX claims_text; DROP INDEX IF EXISTS claims_article;
            ALTER TABLE claims RENAME TO claims_schema_1;
            {CLAIMS_TABLE}
            INSERT INTO claims SELECT * FROM claims_schema_1;
            DROP TABLE claims_schema_1;
            UPDATE meta SET value='2' WHERE key='schema_version';
            COMMIT;""")
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    return 2


def _migrate_from_2(db: sqlite3.Connection) -> int:
    """Schema 3 records which actors are unnamed groups, so that a country-less one is never
    merged into. Schema 2 did not know; its actors are taken as named (a named entity may still
    merge into an old crowd actor, as it could before), in one transaction."""
    with write_transaction(db):
        # The column is there already when opening the store just created the actors table (a
        # store written before actors were kept) or another process migrated it meanwhile.
        if "generic" not in {row["name"] for row in db.execute("PRAGMA table_info(actors)")}:
            db.execute("ALTER TABLE actors ADD COLUMN generic INTEGER NOT NULL DEFAULT 0")
        db.execute("UPDATE meta SET value='3' WHERE key='schema_version'")
    return 3


def _migrate_from_3(db: sqlite3.Connection) -> int:
    """Schema 4 keeps one rejection per input. Schema 3 added a row each time an input without a
    source was rejected again: the latest row of each input is kept, in one transaction."""
    with write_transaction(db):
        db.execute("DELETE FROM rejections WHERE id NOT IN "
                   "(SELECT max(id) FROM rejections GROUP BY ifnull(doc_id, ''), ifnull(source, ''))")
        db.execute(REJECTIONS_KEY)
        db.execute("UPDATE meta SET value='4' WHERE key='schema_version'")
    return 4


def _migrate_from_4(db: sqlite3.Connection) -> int:
    """Schema 5 keeps each article's layer sizes and each actor's presence as columns (lists
    counted them row by row, whole tables for a page of actors) and indexes every foreign key and
    filter column. The columns are added where missing and filled from the stored layers, the
    indexes made, in one transaction."""
    with write_transaction(db):
        for table, columns in COUNT_COLUMNS_5.items():
            present = {row[1] for row in db.execute(f"PRAGMA table_info({table})")}
            for column, count in columns.items():
                if column not in present:
                    db.execute(f"ALTER TABLE {table} ADD COLUMN {column} INTEGER NOT NULL DEFAULT 0")
                db.execute(f"UPDATE {table} SET {column} = {count}")
        for statement in INDEXES_5.split(";"):
            if statement.strip():
                db.execute(statement)
        refresh_claim_groups(db)
        db.execute("UPDATE meta SET value='5' WHERE key='schema_version'")
    return 5


def _migrate_from_5(db: sqlite3.Connection) -> int:
    """Schema 6 keeps two fields of a label as analysed: the words naming a speaker that is no
    entity (a quoted "second source", not the article's voice) and whether it is negated. The
    columns are added where missing and filled from the stored analyses, in one transaction."""
    with write_transaction(db):
        present = {row[1] for row in db.execute("PRAGMA table_info(labels)")}
        for column, declared in LABEL_COLUMNS_ADDED.items():
            if column not in present:
                db.execute(f"ALTER TABLE labels ADD COLUMN {column} {declared.format(**SQLITE_TYPES)}")
        db.executemany(FILL_LABEL_COLUMNS.format(mark="?"),
                       labels_as_analysed(db.execute("SELECT id, analysis FROM articles WHERE label_count > 0")))
        db.execute("UPDATE meta SET value='6' WHERE key='schema_version'")
    return 6


def refresh_claim_groups(db: sqlite3.Connection, group_ids: list[int] | None = None) -> None:
    """Recount the ``claim_groups`` rows of ``group_ids`` (all groups when None) from their
    claims, in the caller's transaction: how many claims, from how many articles, first and last
    seen (the articles' dates)."""
    where, params = "c.group_id IS NOT NULL", []
    if group_ids is not None:
        if not group_ids:
            return
        where = f"c.group_id IN ({','.join('?' * len(group_ids))})"
        params = list(group_ids)
    db.execute("INSERT OR REPLACE INTO claim_groups(id, claims, articles, first_seen, last_seen) "
               "SELECT c.group_id, count(*), count(DISTINCT c.article_id), min(a.published), max(a.published) "
               f"FROM claims c JOIN articles a ON a.id = c.article_id WHERE {where} GROUP BY c.group_id", params)


@contextmanager
def write_transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction: the write lock taken at its start (BEGIN IMMEDIATE, so that two
    writers never deadlock upgrading a read lock), committed at the end, rolled back on any error
    or interruption."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.in_transaction:
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
