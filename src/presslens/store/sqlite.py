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
from pathlib import Path
from typing import Any

import numpy as np

from presslens.document import SCHEMA_ID
from presslens.errors import StoreError
from presslens.store.base import Added, ArticleQuery, ClaimQuery, GraphQuery, Store, content_hash
from presslens.store.claims import ClaimIndex, encode_claims
from presslens.store.query import LIKE_ESCAPE, like_pattern, search_words
from presslens.store.sqlite_schema import SCHEMA, SCHEMA_VERSION, migrate, write_transaction

DEFAULT_DB = "presslens.db"
# Seconds a writer waits for another process's transaction before giving up.
BUSY_TIMEOUT_MS = 30_000
# Claims embedded and committed at a time when grouping: bounds the work lost to a stop.
GROUPING_BATCH = 256
TECHNIQUE_GROUPINGS = ("source", "speaker", "month")
# Bounds of the FTS snippet shown in article lists: markers the UI turns into highlights.
SNIPPET_OPEN, SNIPPET_CLOSE = "\u0002", "\u0003"


def name_key(name: str) -> str:
    """How actor names are compared across articles: case, accents, spacing and a leading "the"
    do not matter."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = " ".join(text.replace("’", "'").split())
    return text[4:] if text.startswith("the ") else text


def _person(entity_type: str | None) -> bool:
    return entity_type == "PERSON"


def _fts_query(q: str) -> str | None:
    """User words as an FTS5 query that cannot be a syntax error: every word quoted, all required."""
    words = [w.replace('"', '""') for w in search_words(q)]
    return " ".join(f'"{w}"' for w in words if w.strip('"')) or None


class SQLiteStore(Store):
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
            self._local.db = db
            with self._connections_lock:
                self._connections.append(db)
        return db

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
        still_pending = [r["id"] for r in db.execute(
            "SELECT id FROM claims WHERE group_id IS NULL AND id BETWEEN ? AND ? ORDER BY id", (first_id, last_id))]
        for claim_id in still_pending:
            vector = vector_of[claim_id]
            group = self._claims.match(vector)
            if group is None:
                group, next_group = next_group, next_group + 1
            db.execute("UPDATE claims SET group_id=?, embedding=? WHERE id=?",
                       (group, vector.astype(np.float32).tobytes(), claim_id))
            self._claims.extend(vector[None, :], [group], claim_id)
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
            "analysis, added_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            (digest, meta.get("id"), meta.get("title"), meta.get("source"), meta.get("url"),
             meta.get("published"), meta.get("language"), record["text"],
             json.dumps(stored, ensure_ascii=False), _now()))
        article_id = cursor.lastrowid
        # An input rejected before (a text then over --max-chars) and analysed now is no longer
        # rejected. An article knows its document id, not the file it came from: the rejections
        # of that id end, those of another file with the same name (two index.html) included.
        db.execute("DELETE FROM rejections WHERE doc_id = ?", (meta.get("id"),))
        db.execute("INSERT INTO articles_fts(rowid, title, text) VALUES (?,?,?)",
                   (article_id, meta.get("title") or "", record["text"]))
        actors = {e["id"]: self._resolve_actor(db, e) for e in record.get("entities", [])}
        for entity in record.get("entities", []):
            db.execute("INSERT INTO article_actors VALUES (?,?,?,?)",
                       (article_id, entity["id"], actors[entity["id"]], max(1, len(entity.get("mentions", [])))))
        for q in record.get("quotes", []):
            db.execute("INSERT INTO quotes VALUES (?,?,?,?,?,?,?,?,?)",
                       (article_id, q["id"], q.get("kind"), q["start"], q["end"], q.get("text"),
                        actors.get(q.get("speaker")), q.get("channel"), q.get("date")))
        for lab in record.get("labels", []):
            db.execute("INSERT INTO labels VALUES (?,?,?,?,?,?,?,?)",
                       (article_id, lab["id"], lab["start"], lab["end"], lab.get("label"),
                        actors.get(lab.get("source")), actors.get(lab.get("target")), lab.get("target_text")))
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
        return article_id

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
        rows = db.execute("SELECT id, group_id, embedding FROM claims WHERE id > ? AND group_id IS NOT NULL "
                          "ORDER BY id", (self._claims.last_claim_id,)).fetchall()
        if rows:
            vectors = np.vstack([np.frombuffer(r["embedding"], dtype=np.float32) for r in rows])
            self._claims.extend(vectors, [r["group_id"] for r in rows], rows[-1]["id"])

    # --- reading -------------------------------------------------------------------------------
    def has(self, text_hash: str) -> bool:
        return self._article_id(text_hash) is not None

    def _article_id(self, text_hash: str) -> int | None:
        row = self._db().execute("SELECT id FROM articles WHERE content_hash=?", (text_hash,)).fetchone()
        return row[0] if row else None

    def get_article(self, article_id: int) -> dict[str, Any] | None:
        if self.reads_group_claims:
            self.group_claims()
        db = self._db()
        row = db.execute("SELECT * FROM articles WHERE id=?", (article_id,)).fetchone()
        if row is None:
            return None
        record = _record(row)
        actor_of = {r["entity_id"]: r["actor_id"] for r in
                    db.execute("SELECT entity_id, actor_id FROM article_actors WHERE article_id=?", (article_id,))}
        for entity in record.get("entities", []):
            entity["actor_id"] = actor_of.get(entity["id"])
        groups = {r["local_id"]: (r["group_id"], r["articles"]) for r in db.execute(
            "SELECT c.local_id, c.group_id, (SELECT count(DISTINCT article_id) FROM claims g "
            "WHERE g.group_id = c.group_id) AS articles FROM claims c WHERE c.article_id=?", (article_id,))}
        for claim in record.get("claims", []):
            group_id, articles = groups.get(claim["id"], (None, 1))
            claim["group_id"], claim["group_articles"] = group_id, max(1, articles)
        return {"article_id": article_id, **record}

    def list_articles(self, query: ArticleQuery) -> dict[str, Any]:
        where, params = [], []
        match = _fts_query(query.q) if query.q else None
        if query.q and match is None:
            return {"total": 0, "articles": []}
        if match:
            where.append("a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
            params.append(match)
        if query.source:
            where.append("a.source = ?")
            params.append(query.source)
        if query.date_from:
            where.append("a.published >= ?")
            params.append(query.date_from)
        if query.date_to:
            where.append("a.published <= ?")
            params.append(query.date_to)
        if query.actor is not None:
            where.append("a.id IN (SELECT article_id FROM article_actors WHERE actor_id = ?)")
            params.append(query.actor)
        if query.technique:
            where.append("a.id IN (SELECT article_id FROM techniques WHERE technique = ?)")
            params.append(query.technique)
        clause = ("WHERE " + " AND ".join(where)) if where else ""
        db = self._db()
        total = db.execute(f"SELECT count(*) FROM articles a {clause}", params).fetchone()[0]
        rows = db.execute(
            f"SELECT a.id, a.doc_id, a.title, a.source, a.url, a.published, a.added_at, length(a.text) AS chars, "
            "(SELECT count(*) FROM quotes WHERE article_id=a.id) AS quotes, "
            "(SELECT count(*) FROM claims WHERE article_id=a.id) AS claims, "
            "(SELECT count(*) FROM relations WHERE article_id=a.id) AS relations, "
            "(SELECT count(*) FROM labels WHERE article_id=a.id) AS labels, "
            "(SELECT count(*) FROM techniques WHERE article_id=a.id) AS techniques "
            f"FROM articles a {clause} ORDER BY a.published IS NULL, a.published DESC, a.id DESC LIMIT ? OFFSET ?",
            [*params, query.limit, query.offset]).fetchall()
        articles = [dict(r) for r in rows]
        if match and articles:
            snippets = dict(db.execute(
                f"SELECT rowid, snippet(articles_fts, 1, ?, ?, '…', 16) FROM articles_fts "
                f"WHERE articles_fts MATCH ? AND rowid IN ({','.join('?' * len(articles))})",
                [SNIPPET_OPEN, SNIPPET_CLOSE, match, *(a["id"] for a in articles)]).fetchall())
            for article in articles:
                article["snippet"] = snippets.get(article["id"])
        return {"total": total, "articles": articles}

    def list_actors(self, q: str | None = None, limit: int = 100, offset: int = 0) -> dict[str, Any]:
        where, params = "", []
        if q:
            pattern = like_pattern(q)
            if pattern is None:
                return {"total": 0, "actors": []}
            where = f"WHERE a.id IN (SELECT actor_id FROM actor_aliases WHERE alias LIKE ? ESCAPE '{LIKE_ESCAPE}')"
            params.append(pattern)
        db = self._db()
        total = db.execute(f"SELECT count(*) FROM actors a {where}", params).fetchone()[0]
        rows = db.execute(
            "SELECT a.id, a.name, a.type, a.country, a.sector, a.generic, "
            "(SELECT count(DISTINCT article_id) FROM article_actors WHERE actor_id=a.id) AS articles, "
            "(SELECT coalesce(sum(mentions), 0) FROM article_actors WHERE actor_id=a.id) AS mentions, "
            "(SELECT count(*) FROM quotes WHERE speaker=a.id) AS quotes "
            f"FROM actors a {where} ORDER BY articles DESC, mentions DESC, a.name LIMIT ? OFFSET ?",
            [*params, limit, offset]).fetchall()
        return {"total": total, "actors": [_actor(r) for r in rows]}

    def get_actor(self, actor_id: int) -> dict[str, Any] | None:
        if self.reads_group_claims:
            self.group_claims()
        db = self._db()
        row = db.execute("SELECT id, name, type, country, sector, generic FROM actors WHERE id=?",
                         (actor_id,)).fetchone()
        if row is None:
            return None
        actor = _actor(row)
        actor["aliases"] = sorted(r[0] for r in db.execute("SELECT alias FROM actor_aliases WHERE actor_id=?",
                                                            (actor_id,)))
        actor["articles"] = db.execute("SELECT count(DISTINCT article_id) FROM article_actors WHERE actor_id=?",
                                       (actor_id,)).fetchone()[0]
        article_cols = "q.article_id, a.title AS article_title, a.published"
        actor["quotes"] = [dict(r) for r in db.execute(
            f"SELECT {article_cols}, q.local_id AS id, q.kind, q.text, q.channel, q.date, q.start, q.\"end\" "
            "FROM quotes q JOIN articles a ON a.id=q.article_id WHERE q.speaker=? "
            "ORDER BY coalesce(q.date, a.published), q.article_id, q.start", (actor_id,))]
        actor["relations"] = [_relation(r) for r in db.execute(
            f"{_RELATION_SELECT} WHERE r.source=? OR r.target=? ORDER BY r.happened IS NULL, r.happened, r.article_id",
            (actor_id, actor_id))]
        label_select = ("SELECT l.article_id, a.title AS article_title, a.published, l.label, l.source, "
                        "s.name AS source_name, l.target, t.name AS target_name, l.target_text "
                        "FROM labels l JOIN articles a ON a.id=l.article_id "
                        "LEFT JOIN actors s ON s.id=l.source LEFT JOIN actors t ON t.id=l.target ")
        actor["labels_used"] = [dict(r) for r in db.execute(label_select + "WHERE l.source=? ORDER BY a.published",
                                                             (actor_id,))]
        actor["labels_received"] = [dict(r) for r in db.execute(label_select + "WHERE l.target=? ORDER BY a.published",
                                                                 (actor_id,))]
        actor["claims"] = [dict(r) for r in db.execute(
            "SELECT c.article_id, a.title AS article_title, a.published, c.text, c.status, c.group_id "
            "FROM claims c JOIN articles a ON a.id=c.article_id WHERE c.claimant=? ORDER BY a.published",
            (actor_id,))]
        actor["techniques"] = {r[0]: r[1] for r in db.execute(
            "SELECT technique, count(*) FROM techniques WHERE speaker=? GROUP BY technique ORDER BY 2 DESC",
            (actor_id,))}
        return actor

    def graph(self, query: GraphQuery) -> dict[str, Any]:
        where = ["r.source IS NOT NULL", "r.target IS NOT NULL"]
        params: list[Any] = []
        if query.kinds:
            where.append(f"r.kind IN ({','.join('?' * len(query.kinds))})")
            params.extend(query.kinds)
        if query.date_from:
            where.append("r.happened >= ?")
            params.append(query.date_from)
        if query.date_to:  # a YYYY or YYYY-MM date lies in the window when it starts inside it
            where.append("r.happened <= ?")
            params.append(query.date_to)
        if not query.include_negated:
            where.append("r.negated = 0")
        rows = self._db().execute(f"{_RELATION_SELECT} WHERE {' AND '.join(where)} ORDER BY r.happened",
                                  params).fetchall()
        edges: dict[tuple, dict[str, Any]] = {}
        nodes: dict[int, dict[str, Any]] = {}
        for row in rows:
            relation = _relation(row)
            for side in ("source", "target"):
                node = nodes.setdefault(relation[side], {"id": relation[side], "name": relation[f"{side}_name"],
                                                         "type": row[f"{side}_type"], "degree": 0})
                node["degree"] += 1
            edge = edges.setdefault((relation["source"], relation["target"], relation["kind"]), {
                "source": relation["source"], "target": relation["target"], "kind": relation["kind"],
                "count": 0, "first": relation["happened"], "last": relation["happened"], "examples": []})
            edge["count"] += 1
            edge["last"] = relation["happened"] or edge["last"]
            if len(edge["examples"]) < 3:
                edge["examples"].append({k: relation[k] for k in ("article_id", "evidence", "happened", "hedged")})
        return {"nodes": sorted(nodes.values(), key=lambda n: -n["degree"]), "edges": list(edges.values())}

    def claims(self, query: ClaimQuery) -> dict[str, Any]:
        needle = " ".join(search_words(query.q)).casefold() if query.q else None
        if needle == "":  # a search without a word finds nothing, as for articles and actors
            return {"total": 0, "claims": []}
        if self.reads_group_claims:
            self.group_claims()
        rows = self._db().execute(
            "SELECT c.group_id, c.article_id, a.title AS article_title, a.source, a.published, c.local_id, "
            "c.text, c.status, c.claimant, p.name AS claimant_name "
            "FROM claims c JOIN articles a ON a.id=c.article_id LEFT JOIN actors p ON p.id=c.claimant "
            "WHERE c.group_id IS NOT NULL "  # stored since the grouping above: grouped by the next read
            "ORDER BY a.published IS NULL, a.published, c.id").fetchall()
        groups: dict[int, dict[str, Any]] = {}
        for row in rows:
            group = groups.setdefault(row["group_id"], {"id": row["group_id"], "text": row["text"], "claims": []})
            group["claims"].append({k: row[k] for k in row.keys() if k != "group_id"})
        ledger = []
        for group in groups.values():
            claims = group["claims"]
            statuses: dict[str, int] = {}
            for c in claims:
                statuses[c["status"]] = statuses.get(c["status"], 0) + 1
            group["statuses"] = statuses
            group["status"] = max(statuses, key=lambda s: (statuses[s], _STATUS_WEIGHT.get(s, 0)))
            group["articles"] = len({c["article_id"] for c in claims})
            group["claimants"] = sorted({c["claimant_name"] for c in claims if c["claimant_name"]})
            dates = [c["published"] for c in claims if c["published"]]
            group["first_seen"], group["last_seen"] = (min(dates), max(dates)) if dates else (None, None)
            if query.status and query.status not in statuses:
                continue
            if needle and not any(needle in c["text"].casefold() for c in claims):
                continue
            if group["articles"] < query.min_articles:
                continue
            ledger.append(group)
        ledger.sort(key=lambda g: (-g["articles"], -len(g["claims"]), g["id"]))
        return {"total": len(ledger), "claims": ledger[query.offset:query.offset + query.limit]}

    def technique_stats(self, by: str) -> dict[str, Any]:
        if by not in TECHNIQUE_GROUPINGS:
            raise ValueError(f"by must be one of {', '.join(TECHNIQUE_GROUPINGS)}, not {by!r}")
        key = {"source": "coalesce(a.source, '(unknown source)')",
               "speaker": "coalesce(p.name, '(the article''s own voice)')",
               "month": "coalesce(substr(a.published, 1, 7), '(undated)')"}[by]
        rows = self._db().execute(
            f"SELECT {key} AS key, t.technique, count(*) AS n, count(DISTINCT t.article_id) AS articles "
            "FROM techniques t JOIN articles a ON a.id=t.article_id LEFT JOIN actors p ON p.id=t.speaker "
            "GROUP BY 1, 2").fetchall()
        grouped: dict[str, dict[str, Any]] = {}
        for row in rows:
            entry = grouped.setdefault(row["key"], {"key": row["key"], "total": 0, "counts": {}})
            entry["counts"][row["technique"]] = row["n"]
            entry["total"] += row["n"]
        ordered = sorted(grouped.values(),
                         key=(lambda g: g["key"]) if by == "month" else (lambda g: (-g["total"], g["key"])))
        techniques = sorted({t for g in ordered for t in g["counts"]})
        return {"by": by, "techniques": techniques, "groups": ordered}

    def iter_analyses(self) -> Iterator[dict[str, Any]]:
        last = 0
        while True:  # in pages, so a long export does not hold one read transaction open
            rows = self._db().execute("SELECT * FROM articles WHERE id > ? ORDER BY id LIMIT 200", (last,)).fetchall()
            if not rows:
                return
            for row in rows:
                yield _record(row)
            last = rows[-1]["id"]

    def rejections(self) -> list[dict[str, Any]]:
        return [dict(r) for r in self._db().execute(
            "SELECT doc_id, source, code, message, at FROM rejections ORDER BY id")]

    def counts(self) -> dict[str, int]:
        db = self._db()
        return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("articles", "actors", "quotes", "claims", "relations", "labels", "techniques",
                              "rejections")}


# Ties between statuses in a claim group go to the more consequential one.
_STATUS_WEIGHT = {"false": 5, "denied": 4, "disputed": 3, "unsupported": 2, "confirmed": 1, "asserted": 0}

_RELATION_SELECT = (
    "SELECT r.article_id, a.title AS article_title, r.local_id, r.kind, r.event, r.source, s.name AS source_name, "
    "s.type AS source_type, r.target, t.name AS target_name, t.type AS target_type, r.negated, r.hedged, "
    "r.date, r.happened, r.evidence, r.asserted_by "
    "FROM relations r JOIN articles a ON a.id=r.article_id "
    "LEFT JOIN actors s ON s.id=r.source LEFT JOIN actors t ON t.id=r.target")


def _actor(row: sqlite3.Row) -> dict[str, Any]:
    actor = dict(row)
    actor["generic"] = bool(row["generic"])
    return actor


def _relation(row: sqlite3.Row) -> dict[str, Any]:
    relation = {k: row[k] for k in row.keys() if not k.endswith("_type")}
    relation["negated"], relation["hedged"] = bool(row["negated"]), bool(row["hedged"])
    return relation


def _record(row: sqlite3.Row) -> dict[str, Any]:
    """The analysis record of a stored article, fields in the format's order."""
    stored = json.loads(row["analysis"])
    # /analyze once stored its answer's own fields (article_id, stored: null) inside the analysis
    for answer_field in ("article_id", "stored"):
        stored.pop(answer_field, None)
    record = {"schema": stored.pop("schema", SCHEMA_ID), "document": stored.pop("document", {}), "text": row["text"]}
    record.update(stored)
    return record



def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
