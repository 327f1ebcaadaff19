"""A PostgreSQL store (``--db postgresql://user:pass@host/db``): the SQLite store's behaviour for any
number of writers on any number of machines.

Every article is written in one transaction. Deduplication is the unique content hash itself
(``INSERT ... ON CONFLICT DO NOTHING``), not a check followed by an insert, so two processes
storing the same text at once store it once. Actors are resolved across articles under advisory
locks on their name keys (taken in one order, so that two writers never deadlock), so that two
articles naming the same actor at once make one actor. Claims are grouped one grouping at a time
across processes (an advisory lock), in the order stored.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import queue
import threading
import time
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import numpy as np
import psycopg
import psycopg.conninfo
import psycopg.errors
from psycopg.rows import dict_row

from presslens.errors import StoreError
from presslens.store import postgres_reads
from presslens.store.base import Added, content_hash
from presslens.store.claims import ClaimIndex, encode_claims
from presslens.store.common_reads import LAYERS
from presslens.store.graph_cache import GraphCache
from presslens.store.postgres_schema import GROUPING_LOCK, SCHEMA_VERSION, migrate
from presslens.store.sql_store import SQLStore
from presslens.store.sqlite import GROUPING_BATCH, name_key
from presslens.store.tables import label_row

# Connections one store object opens at most, shared by its threads: a server's request threads
# in each of its processes would otherwise exceed PostgreSQL's max_connections (100 by default).
POOL_SIZE = 8
# How often a grouping waiting for another process's grouping looks whether it was asked to stop.
GROUPING_POLL_S = 0.2
# Characters of a text indexed for search when all of them would overflow PostgreSQL's tsvector
# limit (1 MB): prose of 2,000,000 characters takes about 35 kB, so only word lists come near it.
SEARCH_FALLBACK_CHARS = 100_000
INSERT_ARTICLE = (
    "INSERT INTO articles (content_hash, doc_id, title, source, url, published, language, text, analysis, added_at, "
    "search, quote_count, claim_count, relation_count, label_count, technique_count) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, to_tsvector('simple', %s) || to_tsvector('simple', %s), "
    "%s, %s, %s, %s, %s) ON CONFLICT (content_hash) DO NOTHING RETURNING id")


def is_postgres_url(location: str) -> bool:
    return location.startswith(("postgresql://", "postgres://"))


def search_text(text: str | None) -> str:
    """What the full-text index holds of a title or text, and what searches are matched as: case
    and accents folded (``Škoda`` finds ``skoda``), as SQLite's ``remove_diacritics`` tokenizer does."""
    folded = unicodedata.normalize("NFKD", text or "")
    return "".join(c for c in folded if not unicodedata.combining(c)).casefold()


def _lock_key(key: str) -> int:
    """The advisory lock of an actor name key: 64 bits of its hash, as a signed bigint."""
    return int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:8], "big", signed=True)


class _Pool:
    """At most ``size`` connections (autocommit; a transaction is opened where one is needed)."""

    def __init__(self, url: str, size: int):
        self.url, self._idle = url, queue.LifoQueue()
        self._slots = threading.BoundedSemaphore(size)
        self._open: set[psycopg.Connection] = set()
        self._lock = threading.Lock()

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection]:
        self._slots.acquire()
        try:
            try:
                conn = self._idle.get_nowait()
            except queue.Empty:
                conn = psycopg.connect(self.url, autocommit=True, row_factory=dict_row)
                with self._lock:
                    self._open.add(conn)
            try:
                yield conn
            finally:
                if conn.broken or conn.closed:  # a server restart: the next user opens a new one
                    with self._lock:
                        self._open.discard(conn)
                else:
                    self._idle.put(conn)
        finally:
            self._slots.release()

    def close(self) -> None:
        with self._lock:
            for conn in self._open:
                conn.close()
            self._open.clear()
        self._idle = queue.LifoQueue()


class PostgresStore(SQLStore):
    _reads = postgres_reads

    def __init__(self, url: str, *, claim_threshold: float | None = None,
                 claim_encoder: Callable[[list[str]], np.ndarray] = encode_claims, pool_size: int = POOL_SIZE):
        """``url``: a libpq connection URI (``postgresql://user:pass@host:5432/db``); the database
        must exist, the tables are created in it when missing. ``claim_encoder`` and
        ``claim_threshold`` as for ``SQLiteStore``."""
        self.url = url
        self._encode_claims = claim_encoder
        self._claims = ClaimIndex() if claim_threshold is None else ClaimIndex(claim_threshold)
        self._graph_pages = GraphCache()
        self._rendered_graphs = GraphCache(copied=lambda rendered: rendered)  # bytes: never changed
        self._grouping_lock = threading.Lock()
        self._pool = _Pool(url, pool_size)
        try:
            with self._pool.connection() as conn:
                found = migrate(conn)
        except psycopg.Error as exc:
            self._pool.close()
            raise StoreError(f"cannot open the store {shown_url(url)}: {str(exc).strip()}") from None
        if found != SCHEMA_VERSION:
            self._pool.close()
            raise StoreError(f"{shown_url(url)} has PostgreSQL store schema {found}; "
                             f"this presslens reads {SCHEMA_VERSION}")

    def _reading(self) -> AbstractContextManager[psycopg.Connection]:
        return self._pool.connection()

    def close(self) -> None:
        """Close the connections once a grouping in progress has ended."""
        with self._grouping_lock:
            self._pool.close()

    # --- writing -------------------------------------------------------------------------------
    def add(self, record: dict[str, Any]) -> Added:
        if "error" in record:
            self._add_rejection(record)
            return Added("rejected")
        digest = content_hash(record["text"])
        existing = self._article_id(digest)
        if existing is not None:
            return Added("duplicate", existing)
        with self._pool.connection() as conn, conn.transaction():
            article_id = self._insert(conn, record, digest)
        if article_id is None:  # another writer stored the same text first: its transaction is committed
            return Added("duplicate", self._article_id(digest))
        return Added("stored", article_id)

    def _add_rejection(self, record: dict[str, Any]) -> None:
        document, error = record.get("document", {}), record["error"]
        with self._pool.connection() as conn:
            conn.execute(
                "INSERT INTO rejections (doc_id, source, code, message, at) VALUES (%s, %s, %s, %s, %s) "
                "ON CONFLICT (coalesce(doc_id, ''), coalesce(source, '')) DO UPDATE SET "
                "code = excluded.code, message = excluded.message, at = excluded.at",
                (document.get("id"), document.get("source"), error["code"], error["message"], _now()))

    def _insert(self, conn: psycopg.Connection, record: dict[str, Any], digest: str) -> int | None:
        """The new article's id, or None when its text was stored meanwhile (nothing written)."""
        meta = record.get("document", {})
        stored = {k: v for k, v in record.items() if k != "text"}
        values = (digest, meta.get("id"), meta.get("title"), meta.get("source"), meta.get("url"), meta.get("published"),
                  meta.get("language"), record["text"], json.dumps(stored, ensure_ascii=False), _now(),
                  search_text(meta.get("title")), search_text(record["text"]),
                  *(len(record.get(layer, [])) for layer in LAYERS))
        try:
            with conn.transaction():  # a savepoint: the article is tried again with a shorter search text
                row = conn.execute(INSERT_ARTICLE, values).fetchone()
        except psycopg.errors.ProgramLimitExceeded:
            # PostgreSQL keeps at most 1 MB of words and positions per tsvector: a text of hundreds
            # of thousands of distinct words (a word list, not prose) is searched by its beginning
            row = conn.execute(INSERT_ARTICLE, (*values[:11], values[11][:SEARCH_FALLBACK_CHARS],
                                                *values[12:])).fetchone()
        if row is None:
            return None
        article_id = row["id"]
        actors = _resolve_actors(conn, record.get("entities", []))
        with conn.pipeline():  # the rest needs no answer: sent at once, one round trip
            # as in the SQLite store: an input analysed now is no longer rejected
            conn.execute("DELETE FROM rejections WHERE doc_id = %s", (meta.get("id"),))
            _insert_presence(conn, article_id, record, actors)
            _insert_layers(conn, article_id, record, actors)
        return article_id

    # --- claim grouping ------------------------------------------------------------------------
    def group_claims(self, stop: threading.Event | None = None) -> int:
        """As ``SQLiteStore.group_claims``: pending claims embedded in batches (outside any
        transaction) and given groups in the order stored. One grouping at a time, in this process
        and across processes (a session advisory lock, taken before anything is embedded): a
        reader or server process arriving meanwhile waits, then finds nothing left to embed."""
        grouped = 0
        with self._grouping_lock, self._pool.connection() as holder:
            if not _wait_for_lock(holder, GROUPING_LOCK, stop):
                return 0
            try:
                while stop is None or not stop.is_set():
                    with self._pool.connection() as conn:
                        pending = conn.execute("SELECT id, text FROM claims WHERE group_id IS NULL ORDER BY id "
                                               "LIMIT %s", (GROUPING_BATCH,)).fetchall()
                    if not pending:
                        break
                    vectors = self._claim_vectors([r["text"] for r in pending])
                    vector_of = {r["id"]: v for r, v in zip(pending, vectors, strict=True)}
                    try:
                        with self._pool.connection() as conn, conn.transaction():
                            grouped += self._assign_groups(conn, vector_of)
                    except BaseException:
                        self._claims = ClaimIndex(self._claims.threshold)  # it may hold groups never committed
                        raise
            finally:
                if not holder.broken:
                    holder.execute("SELECT pg_advisory_unlock(%s)", (GROUPING_LOCK,))
        return grouped

    def _assign_groups(self, conn: psycopg.Connection, vector_of: dict[int, np.ndarray]) -> int:
        self._sync_claim_index(conn)
        top = conn.execute("SELECT coalesce(max(group_id), 0) AS g, coalesce(max(grouped_order), 0) AS o "
                           "FROM claims").fetchone()
        next_group, order = top["g"] + 1, top["o"]
        # another process may have grouped some of them since they were read
        still_pending = conn.execute("SELECT id, text, claimant FROM claims WHERE group_id IS NULL AND id = ANY(%s) "
                                     "ORDER BY id", (list(vector_of),)).fetchall()
        if not still_pending:
            return 0
        vectors = np.vstack([vector_of[r["id"]] for r in still_pending]).astype(np.float32)
        groups = self._claims.assign(vectors, [r["text"] for r in still_pending], next_group,
                                     last_claim_id=order + len(still_pending),
                                     claimants=[r["claimant"] for r in still_pending])
        updates = [(g, v.tobytes(), order + n, r["id"])
                   for n, (g, v, r) in enumerate(zip(groups, vectors, still_pending, strict=True), start=1)]
        with conn.cursor() as cursor:
            cursor.executemany("UPDATE claims SET group_id = %s, embedding = %s, grouped_order = %s WHERE id = %s",
                               updates)
        return len(still_pending)

    def _sync_claim_index(self, conn: psycopg.Connection) -> None:
        """The in-memory index brought up to the claims grouped since (by any process), known by
        their grouping order (``ClaimIndex.last_claim_id`` holds the last order seen here)."""
        rows = conn.execute("SELECT grouped_order, group_id, embedding, text, claimant FROM claims "
                            "WHERE grouped_order > %s ORDER BY grouped_order", (self._claims.last_claim_id,)).fetchall()
        if rows:
            vectors = np.vstack([np.frombuffer(r["embedding"], dtype=np.float32) for r in rows])
            self._claims.extend(vectors, [r["group_id"] for r in rows], rows[-1]["grouped_order"],
                                [r["text"] for r in rows], [r["claimant"] for r in rows])

    def _claim_vectors(self, texts: list[str]) -> np.ndarray:
        """Embeddings of claim texts; a text grouped before word for word reuses its embedding."""
        wanted = sorted(set(texts))
        digests = [hashlib.md5(t.encode("utf-8")).hexdigest() for t in wanted]  # claims_text is on md5(text)
        with self._pool.connection() as conn:
            rows = conn.execute("SELECT DISTINCT ON (text) text, embedding FROM claims WHERE md5(text) = ANY(%s) "
                                "AND embedding IS NOT NULL", (digests,)).fetchall()
        known = {r["text"]: np.frombuffer(r["embedding"], dtype=np.float32) for r in rows}
        new = [t for t in wanted if t not in known]
        if new:
            known.update(zip(new, self._encode_claims(new), strict=True))
        return np.vstack([known[t] for t in texts])


def _resolve_actors(conn: psycopg.Connection, entities: list[dict[str, Any]]) -> dict[str, int]:
    """The store-wide actor of each entity, decided as ``SQLiteStore._resolve_actor`` decides it
    (same name key, compatible type and country; an unnamed group without a country is an actor
    of its own, never merged into), entity by entity in the article's order. Under the advisory
    locks of the article's name keys (taken in one order: two writers never deadlock), in a few
    round trips whatever the number of entities: candidates read at once, new actors' ids drawn
    at once, every write pipelined."""
    keys = {e["id"]: name_key(e["name"]) for e in entities}
    with conn.cursor() as cursor:
        cursor.executemany("SELECT pg_advisory_xact_lock(%s)", [(k,) for k in sorted({_lock_key(v) for v in
                                                                                       keys.values()})])
    candidates: dict[str, list[dict[str, Any]]] = {key: [] for key in keys.values()}
    for row in conn.execute("SELECT * FROM actors WHERE name_key = ANY(%s) AND NOT (generic AND country IS NULL) "
                            "ORDER BY id", (sorted(candidates),)):
        candidates[row["name_key"]].append(row)
    chosen: dict[str, dict[str, Any]] = {}
    new: list[dict[str, Any]] = []
    for entity in entities:
        match = _best_candidate(entity, candidates[keys[entity["id"]]])
        if match is None:
            match = {"id": None, "name": entity["name"], "name_key": keys[entity["id"]], "type": entity.get("type"),
                     "country": entity.get("country"), "sector": entity.get("sector"),
                     "generic": bool(entity.get("generic"))}
            new.append(match)
            if not (match["generic"] and not match["country"]):  # a later entity of the article may join it
                candidates[match["name_key"]].append(match)
        else:  # what this entity knows and the actor does not yet
            match["country"] = match["country"] or entity.get("country")
            match["sector"] = match["sector"] or entity.get("sector")
        chosen[entity["id"]] = match
    if new:
        ids = conn.execute("SELECT nextval(pg_get_serial_sequence('actors', 'id')) AS id "
                           "FROM generate_series(1, %s)", (len(new),)).fetchall()
        for actor, row in zip(new, ids, strict=True):
            actor["id"] = row["id"]
    with conn.cursor() as cursor:
        cursor.executemany("INSERT INTO actors (id, name, name_key, type, country, sector, generic) "
                           "VALUES (%s, %s, %s, %s, %s, %s, %s)",
                           [(a["id"], a["name"], a["name_key"], a["type"], a["country"], a["sector"], a["generic"])
                            for a in new])
        created = {a["id"] for a in new}
        known = {a["id"]: a for a in chosen.values() if a["id"] not in created}
        cursor.executemany("UPDATE actors SET country = coalesce(country, %s), sector = coalesce(sector, %s) "
                           "WHERE id = %s", [(a["country"], a["sector"], i) for i, a in sorted(known.items())])
        aliases = sorted({(chosen[e["id"]]["id"], alias)
                          for e in entities for alias in {e["name"], *e.get("aliases", [])}})
        cursor.executemany("INSERT INTO actor_aliases VALUES (%s, %s) ON CONFLICT DO NOTHING", aliases)
    return {entity_id: actor["id"] for entity_id, actor in chosen.items()}


def _best_candidate(entity: dict[str, Any], candidates: list[dict[str, Any]]) -> dict[str, Any] | None:
    etype, country = entity.get("type"), entity.get("country")
    generic = bool(entity.get("generic"))
    if generic and not country:
        return None
    match = None
    for row in candidates:
        if generic and row["country"] != country:
            continue
        if (row["type"] == "PERSON") != (etype == "PERSON"):
            continue
        if row["country"] and country and row["country"] != country:
            continue
        if match is None or (row["type"] == etype and match["type"] != etype):
            match = row
    return match


def _wait_for_lock(conn: psycopg.Connection, key: int, stop: threading.Event | None) -> bool:
    """Take the session advisory lock ``key``, waiting while another process holds it; False when
    ``stop`` is set meanwhile."""
    while not conn.execute("SELECT pg_try_advisory_lock(%s) AS got", (key,)).fetchone()["got"]:
        if stop is not None and stop.wait(GROUPING_POLL_S):
            return False
        if stop is None:
            time.sleep(GROUPING_POLL_S)
    return True


def _insert_presence(conn: psycopg.Connection, article_id: int, record: dict[str, Any],
                     actors: dict[str, int]) -> None:
    """Which actors the article names, how often, and who it quotes; kept on the actors too."""
    mentions: dict[int, int] = {}
    rows = []
    for entity in record.get("entities", []):
        count = max(1, len(entity.get("mentions", [])))
        rows.append((article_id, entity["id"], actors[entity["id"]], count))
        mentions[actors[entity["id"]]] = mentions.get(actors[entity["id"]], 0) + count
    quoted: dict[int, int] = {}
    for q in record.get("quotes", []):
        if actors.get(q.get("speaker")) is not None:
            quoted[actors[q["speaker"]]] = quoted.get(actors[q["speaker"]], 0) + 1
    with conn.cursor() as cursor:
        cursor.executemany("INSERT INTO article_actors VALUES (%s, %s, %s, %s)", rows)
        cursor.executemany("UPDATE actors SET article_count = article_count + 1, mention_count = mention_count + %s "
                           "WHERE id = %s", [(n, actor) for actor, n in sorted(mentions.items())])
        cursor.executemany("UPDATE actors SET quote_count = quote_count + %s WHERE id = %s",
                           [(n, actor) for actor, n in sorted(quoted.items())])


def _insert_layers(conn: psycopg.Connection, article_id: int, record: dict[str, Any], actors: dict[str, int]) -> None:
    meta = record.get("document", {})

    def actor(local_id: str | None) -> int | None:
        return actors.get(local_id)

    relations = []
    for r in record.get("relations", []):
        happened = (r.get("date") if r.get("date") and len(r["date"]) == 10
                    else meta.get("published") or r.get("date"))
        relations.append((article_id, r["id"], r["kind"], (r.get("plover") or {}).get("event"), actor(r.get("source")),
                          actor(r.get("target")), bool(r.get("negated")), bool(r.get("hedged")), r.get("date"),
                          happened, r.get("start"), r.get("end"), r.get("evidence"), actor(r.get("asserted_by"))))
    rows = {
        "INSERT INTO quotes VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)": [
            (article_id, q["id"], q.get("kind"), q["start"], q["end"], q.get("text"), actor(q.get("speaker")),
             q.get("channel"), q.get("date")) for q in record.get("quotes", [])],
        "INSERT INTO labels VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)": [
            label_row(article_id, lab, actors) for lab in record.get("labels", [])],
        "INSERT INTO relations VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)": relations,
        "INSERT INTO techniques VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)": [
            (article_id, t["id"], t["technique"], t.get("category"), t["start"], t["end"], t.get("text"),
             actor(t.get("speaker")), t.get("score")) for t in record.get("techniques", [])],
        'INSERT INTO claims (article_id, local_id, start, "end", text, claimant, status, quote, cues) '
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)": [
            (article_id, c["id"], c["start"], c["end"], c["text"], actor(c.get("claimant")), c.get("status"),
             c.get("quote"), json.dumps(c.get("cues", []), ensure_ascii=False)) for c in record.get("claims", [])],
    }
    with conn.cursor() as cursor:
        for statement, values in rows.items():
            if values:
                cursor.executemany(statement, values)


def shown_url(url: str) -> str:
    """The location without its password, for messages."""
    try:
        info = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.Error:
        return "the PostgreSQL store (its URL cannot be read)"
    user = f"{info['user']}@" if info.get("user") else ""
    port = f":{info['port']}" if info.get("port") else ""
    return f"postgresql://{user}{info.get('host', '')}{port}/{info.get('dbname', '')}"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
