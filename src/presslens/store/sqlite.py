"""The default store: one SQLite file in WAL mode with an FTS5 full-text index.

Every article is written in one transaction (``BEGIN IMMEDIATE``), so an interrupted ingest
leaves whole articles or none, and readers (the HTTP API) never see half an article. The unique
content hash makes adding the same text twice a no-op, from one process or several.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from presslens.errors import StoreError
from presslens.store import sqlite_reads
from presslens.store.base import Added, content_hash
from presslens.store.claims import ClaimIndex, encode_claims
from presslens.store.graph_cache import GraphCache
from presslens.store.sql_store import SQLStore
from presslens.store.sqlite_schema import SCHEMA, SCHEMA_VERSION, migrate, refresh_claim_groups, write_transaction
from presslens.store.tables import label_row

DEFAULT_DB = "presslens.db"
# Seconds a writer waits for another process's transaction before giving up.
BUSY_TIMEOUT_MS = 30_000
# Claims embedded and committed at a time when grouping: bounds the work lost to a stop.
GROUPING_BATCH = 256


def name_key(name: str) -> str:
    """How actor names are compared across articles: case, accents, spacing and a leading "the"
    do not matter."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = " ".join(text.replace("’", "'").split())
    return text[4:] if text.startswith("the ") else text


def _person(entity_type: str | None) -> bool:
    return entity_type == "PERSON"


class SQLiteStore(SQLStore):
    _reads = sqlite_reads

    def __init__(self, path: str | Path = DEFAULT_DB, *, claim_threshold: float | None = None,
                 claim_encoder: Callable[[list[str]], np.ndarray] = encode_claims):
        """``claim_encoder`` turns claim texts into unit vectors (the sentence-embedding model by
        default); ``claim_threshold`` is the cosine at which two claims are one."""
        self.path = str(path)
        self._encode_claims = claim_encoder
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._grouping_lock = threading.Lock()
        self._claims = ClaimIndex() if claim_threshold is None else ClaimIndex(claim_threshold)
        self._graph_pages = GraphCache()
        self._rendered_graphs = GraphCache(copied=lambda rendered: rendered)  # bytes: never changed
        self._connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        try:
            with self._write_lock:
                db = self._db()
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(SCHEMA)
                found = migrate(db)
        except sqlite3.Error as exc:
            self.close()
            raise StoreError(f"cannot open the store {self.path}: {exc}") from None
        if found != SCHEMA_VERSION:
            self.close()
            raise StoreError(f"{self.path} has store schema {found}; this presslens reads {SCHEMA_VERSION}")

    # --- connections ---------------------------------------------------------------------------
    def _db(self) -> sqlite3.Connection:
        """This thread's connection (SQLite connections must not be shared across threads)."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                                 check_same_thread=False)
            db.row_factory = sqlite3.Row
            db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            db.execute("PRAGMA synchronous=NORMAL")  # WAL + NORMAL: durable across process crashes
            db.execute("PRAGMA foreign_keys=ON")
            db.create_function("casefold", 1, _casefold, deterministic=True)  # Unicode-aware, unlike lower()
            self._local.db = db
            with self._connections_lock:
                self._connections.append(db)
        return db

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        yield self._db()

    def close(self) -> None:
        """Close every thread's connection, once a grouping or a write in progress has ended:
        closing a connection another thread is using would crash the process, not just fail."""
        with self._grouping_lock, self._write_lock, self._connections_lock:
            for db in self._connections:
                db.close()
            self._connections.clear()
        self._local = threading.local()

    # --- writing -------------------------------------------------------------------------------
    def add(self, record: dict[str, Any]) -> Added:
        """Store an analysis (or a rejection). Its claims are stored ungrouped: grouping needs the
        sentence-embedding model, which ingest should not wait for (see ``group_claims``)."""
        if "error" in record:
            self._add_rejection(record)
            return Added("rejected")
        text = record["text"]
        digest = content_hash(text)
        if self.has(digest):
            return Added("duplicate", self._article_id(digest))
        with self._write_lock, write_transaction(self._db()) as db:
            existing = self._article_id(digest)
            if existing is not None:  # another process stored it meanwhile
                return Added("duplicate", existing)
            article_id = self._insert(db, record, digest)
        return Added("stored", article_id)

    def group_claims(self, stop: threading.Event | None = None) -> int:
        """Embed the claims stored since the last grouping and give each a group: the group of the
        most similar grouped claim above the threshold, else a new one. Claims are grouped in the
        order stored, so the outcome does not depend on which process or read does it. Returns how
        many claims were grouped. Cheap when nothing is pending; readers that show groups call it.
        One grouping at a time per store: readers arriving meanwhile wait for it rather than embed
        the same claims again. Work is committed batch by batch; when ``stop`` is set the grouping
        ends after the batch in hand (a server shutting down need not wait for a long backlog)."""
        grouped = 0
        with self._grouping_lock:
            db = self._db()
            while stop is None or not stop.is_set():
                pending = db.execute("SELECT id, text FROM claims WHERE group_id IS NULL ORDER BY id LIMIT ?",
                                     (GROUPING_BATCH,)).fetchall()
                if not pending:
                    break
                vectors = self._claim_vectors([r["text"] for r in pending])  # slow: outside the write lock
                vector_of = {r["id"]: v for r, v in zip(pending, vectors, strict=True)}
                try:
                    with self._write_lock, write_transaction(db):
                        grouped += self._assign_groups(db, vector_of, first_id=pending[0]["id"],
                                                       last_id=pending[-1]["id"])
                except BaseException:
                    # the index may hold groups that were never committed: rebuild it from the store
                    self._claims = ClaimIndex(self._claims.threshold)
                    raise
        return grouped

    def _assign_groups(self, db: sqlite3.Connection, vector_of: dict[int, np.ndarray], first_id: int,
                       last_id: int) -> int:
        self._sync_claim_index(db)
        next_group = (db.execute("SELECT max(group_id) FROM claims").fetchone()[0] or 0) + 1
        # Claims stored since the pending ones were read stay pending for the next call; claims
        # another process grouped meanwhile are no longer pending.
        still_pending = db.execute("SELECT id, text, claimant FROM claims WHERE group_id IS NULL "
                                   "AND id BETWEEN ? AND ? ORDER BY id", (first_id, last_id)).fetchall()
        if not still_pending:
            return 0
        vectors = np.vstack([vector_of[r["id"]] for r in still_pending]).astype(np.float32)
        groups = self._claims.assign(vectors, [r["text"] for r in still_pending], next_group,
                                     last_claim_id=still_pending[-1]["id"],
                                     claimants=[r["claimant"] for r in still_pending])
        db.executemany("UPDATE claims SET group_id=?, embedding=? WHERE id=?",
                       [(g, v.tobytes(), r["id"]) for g, v, r in zip(groups, vectors, still_pending, strict=True)])
        refresh_claim_groups(db, sorted(set(groups)))
        return len(still_pending)

    def _claim_vectors(self, texts: list[str]) -> np.ndarray:
        """Embeddings of claim texts. A text grouped before, word for word (a claim copied from
        article to article), reuses its stored embedding: only new wordings are encoded."""
        known: dict[str, np.ndarray] = {}
        for text in set(texts):
            row = self._db().execute("SELECT embedding FROM claims WHERE text=? AND embedding IS NOT NULL LIMIT 1",
                                     (text,)).fetchone()
            if row is not None:
                known[text] = np.frombuffer(row["embedding"], dtype=np.float32)
        new = sorted(set(texts) - known.keys())
        if new:
            known.update(zip(new, self._encode_claims(new), strict=True))
        return np.vstack([known[t] for t in texts])

    def _add_rejection(self, record: dict[str, Any]) -> None:
        """Keyed by the input (document id and source: its file, for a file), like articles by
        their text: rejecting it again, for the same reason or another, updates its one row."""
        document, error = record.get("document", {}), record["error"]
        with self._write_lock:
            self._db().execute(
                "INSERT INTO rejections(doc_id, source, code, message, at) VALUES (?,?,?,?,?) "
                "ON CONFLICT (ifnull(doc_id, ''), ifnull(source, '')) DO UPDATE SET "
                "code=excluded.code, message=excluded.message, at=excluded.at",
                (document.get("id"), document.get("source"), error["code"], error["message"], _now()))

    def _insert(self, db: sqlite3.Connection, record: dict[str, Any], digest: str) -> int:
        meta = record.get("document", {})
        stored = {k: v for k, v in record.items() if k != "text"}
        cursor = db.execute(
            "INSERT INTO articles(content_hash, doc_id, title, source, url, published, language, text, "
            "analysis, added_at, quote_count, claim_count, relation_count, label_count, technique_count) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (digest, meta.get("id"), meta.get("title"), meta.get("source"), meta.get("url"),
             meta.get("published"), meta.get("language"), record["text"],
             json.dumps(stored, ensure_ascii=False), _now(),
             *(len(record.get(layer, [])) for layer in ("quotes", "claims", "relations", "labels", "techniques"))))
        article_id = cursor.lastrowid
        # An input rejected before (a text then over --max-chars) and analysed now is no longer
        # rejected. An article knows its document id, not the file it came from: the rejections
        # of that id end, those of another file with the same name (two index.html) included.
        db.execute("DELETE FROM rejections WHERE doc_id = ?", (meta.get("id"),))
        db.execute("INSERT INTO articles_fts(rowid, title, text) VALUES (?,?,?)",
                   (article_id, meta.get("title") or "", record["text"]))
        actors = {e["id"]: self._resolve_actor(db, e) for e in record.get("entities", [])}
        self._insert_presence(db, article_id, record, actors)
        self._insert_layers(db, article_id, record, actors)
        return article_id

    @staticmethod
    def _insert_presence(db: sqlite3.Connection, article_id: int, record: dict[str, Any],
                         actors: dict[str, int]) -> None:
        """Which actors the article names, how often, and who it quotes: kept on the actors too
        (their counts), so that listing actors counts nothing."""
        mentions: dict[int, int] = {}
        for entity in record.get("entities", []):
            count = max(1, len(entity.get("mentions", [])))
            db.execute("INSERT INTO article_actors VALUES (?,?,?,?)", (article_id, entity["id"], actors[entity["id"]],
                                                                       count))
            mentions[actors[entity["id"]]] = mentions.get(actors[entity["id"]], 0) + count
        quoted: dict[int, int] = {}
        for q in record.get("quotes", []):
            if actors.get(q.get("speaker")) is not None:
                quoted[actors[q["speaker"]]] = quoted.get(actors[q["speaker"]], 0) + 1
        db.executemany("UPDATE actors SET article_count = article_count + 1, mention_count = mention_count + ? "
                       "WHERE id = ?", [(n, actor) for actor, n in mentions.items()])
        db.executemany("UPDATE actors SET quote_count = quote_count + ? WHERE id = ?",
                       [(n, actor) for actor, n in quoted.items()])

    @staticmethod
    def _insert_layers(db: sqlite3.Connection, article_id: int, record: dict[str, Any],
                       actors: dict[str, int]) -> None:
        meta = record.get("document", {})
        for q in record.get("quotes", []):
            db.execute("INSERT INTO quotes VALUES (?,?,?,?,?,?,?,?,?)",
                       (article_id, q["id"], q.get("kind"), q["start"], q["end"], q.get("text"),
                        actors.get(q.get("speaker")), q.get("channel"), q.get("date")))
        db.executemany("INSERT INTO labels VALUES (?,?,?,?,?,?,?,?,?,?)",
                       [label_row(article_id, lab, actors) for lab in record.get("labels", [])])
        for r in record.get("relations", []):
            happened = (r.get("date") if r.get("date") and len(r["date"]) == 10
                        else meta.get("published") or r.get("date"))
            db.execute("INSERT INTO relations VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                       (article_id, r["id"], r["kind"], (r.get("plover") or {}).get("event"),
                        actors.get(r.get("source")), actors.get(r.get("target")), int(bool(r.get("negated"))),
                        int(bool(r.get("hedged"))), r.get("date"), happened, r.get("start"), r.get("end"),
                        r.get("evidence"), actors.get(r.get("asserted_by"))))
        for t in record.get("techniques", []):
            db.execute("INSERT INTO techniques VALUES (?,?,?,?,?,?,?,?,?)",
                       (article_id, t["id"], t["technique"], t.get("category"), t["start"], t["end"], t.get("text"),
                        actors.get(t.get("speaker")), t.get("score")))
        for claim in record.get("claims", []):
            db.execute("INSERT INTO claims(article_id, local_id, start, \"end\", text, claimant, status, quote, cues) "
                       "VALUES (?,?,?,?,?,?,?,?,?)",
                       (article_id, claim["id"], claim["start"], claim["end"], claim["text"],
                        actors.get(claim.get("claimant")), claim.get("status"), claim.get("quote"),
                        json.dumps(claim.get("cues", []), ensure_ascii=False)))

    def _resolve_actor(self, db: sqlite3.Connection, entity: dict[str, Any]) -> int:
        """The store-wide actor of an article's entity: the same canonical name with a compatible
        type (a person is never merged with an organisation or place) and country (equal, or
        unknown on one side); a new actor otherwise. An unnamed group ("generic": "protesters",
        "Syrian forces") is one actor across articles only with a country, as event coders code
        the forces or police of a state as one actor; without one, "protesters" in two articles
        are two crowds, so each article's group is an actor of its own, and nothing merges into it
        later, not even a named entity of the same name (an organisation called "Police")."""
        key = name_key(entity["name"])
        etype, country = entity.get("type"), entity.get("country")
        generic = bool(entity.get("generic"))
        candidates = [] if generic and not country else db.execute(
            "SELECT * FROM actors WHERE name_key=? AND NOT (generic AND country IS NULL) ORDER BY id",
            (key,)).fetchall()
        match = None
        for row in candidates:
            if generic and row["country"] != country:
                continue
            if _person(row["type"]) != _person(etype):
                continue
            if row["country"] and country and row["country"] != country:
                continue
            if match is None or (row["type"] == etype and match["type"] != etype):
                match = row
        if match is None:
            actor_id = db.execute(
                "INSERT INTO actors(name, name_key, type, country, sector, generic) VALUES (?,?,?,?,?,?)",
                (entity["name"], key, etype, country, entity.get("sector"), int(generic))).lastrowid
        else:
            actor_id = match["id"]
            db.execute("UPDATE actors SET country=coalesce(country, ?), sector=coalesce(sector, ?) WHERE id=?",
                       (country, entity.get("sector"), actor_id))
        for alias in {entity["name"], *entity.get("aliases", [])}:
            db.execute("INSERT OR IGNORE INTO actor_aliases VALUES (?,?)", (actor_id, alias))
        return actor_id

    def _sync_claim_index(self, db: sqlite3.Connection) -> None:
        """Bring the in-memory claim index up to date with claims grouped since (by any process).
        Grouped claims are always the oldest ones (grouping goes in id order), so the highest id
        seen is enough to know what is new. A grouping that rolls back resets the index."""
        rows = db.execute("SELECT id, group_id, embedding, text, claimant FROM claims WHERE id > ? "
                          "AND group_id IS NOT NULL ORDER BY id", (self._claims.last_claim_id,)).fetchall()
        if rows:
            vectors = np.vstack([np.frombuffer(r["embedding"], dtype=np.float32) for r in rows])
            self._claims.extend(vectors, [r["group_id"] for r in rows], rows[-1]["id"], [r["text"] for r in rows],
                                [r["claimant"] for r in rows])


def _casefold(text: str | None) -> str | None:
    return None if text is None else text.casefold()


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
