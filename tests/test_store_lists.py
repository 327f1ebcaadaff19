"""Lists at corpus scale: every list of the store pages through to its last item in each of its
orders, says its total, reads counts kept with articles and actors, and has its filter and join
columns indexed; a store of schema 4 (written by the code before) is migrated to them."""
from __future__ import annotations

import copy
import sqlite3
from pathlib import Path

import pytest

from presslens.store import (
    ACTOR_PART_SORTS,
    ACTOR_PARTS,
    ACTOR_SORTS,
    ARTICLE_SORTS,
    CLAIM_SORTS,
    EDGE_SORTS,
    ArticleQuery,
    ClaimQuery,
    GraphQuery,
    Page,
    SQLiteStore,
)
from presslens.store.sqlite_schema import SCHEMA_VERSION
from tests.store_corpus import corpus, police_articles, word_encoder

SCHEMA_4_STORE = Path(__file__).parent / "fixtures" / "store-schema-4.sql"


def untitled(record: dict, doc_id: str, published: str | None) -> dict:
    """A copy of ``record`` under another id and date, without a title, its text made new."""
    copied = copy.deepcopy(record)
    copied["text"] += " More follows."
    copied["document"].update(id=doc_id, title=None, published=published)
    for quote in copied["quotes"]:  # dated as the analysis would date them
        quote["date"] = published
    return copied


@pytest.fixture
def store(tmp_path):
    s = SQLiteStore(tmp_path / "lists.db", claim_encoder=word_encoder)
    for record in [*corpus(), *police_articles(), untitled(corpus()[0], "copy-undated", None)]:
        s.add(record)
    s.group_claims()
    yield s
    s.close()


def pages(read, size: int) -> tuple[list, list[int]]:
    """Every item of a list read ``size`` at a time, and the total each page said."""
    items, totals, offset = [], [], 0
    while True:
        page_items, total = read(size, offset)
        totals.append(total)
        items.extend(page_items)
        offset += size
        if offset >= total:
            return items, totals


@pytest.mark.parametrize("sort", ARTICLE_SORTS)
def test_articles_page_through_to_the_last_in_every_order(store, sort):
    whole = store.list_articles(ArticleQuery(sort=sort, limit=100))
    paged, totals = pages(lambda n, at: (lambda r: (r["articles"], r["total"]))(
        store.list_articles(ArticleQuery(sort=sort, limit=n, offset=at))), 3)
    assert paged == whole["articles"] and set(totals) == {whole["total"]} == {8}
    assert len({a["id"] for a in paged}) == 8


def test_article_orders_are_what_their_names_say(store):
    def order(sort):
        return [a["label"] for a in store.list_articles(ArticleQuery(sort=sort))["articles"]]

    newest = store.list_articles(ArticleQuery(sort="newest"))["articles"]
    assert [a["published"] for a in newest][:2] == ["2023-12-10", "2023-12-09"]
    assert newest[-1]["published"] is None  # undated last, either way
    assert store.list_articles(ArticleQuery(sort="oldest"))["articles"][-1]["published"] is None
    assert order("oldest")[0] == "Talvik accuses Veloria over drones"
    assert order("title") == sorted(order("title"), key=str.casefold)
    by_quotes = store.list_articles(ArticleQuery(sort="quotes"))["articles"]
    assert [a["quotes"] for a in by_quotes] == sorted((a["quotes"] for a in by_quotes), reverse=True)
    assert order("added")[0] == "copy-undated"


def test_an_untitled_article_is_labelled_by_its_document_id(store):
    listed = store.list_articles(ArticleQuery(q="follows"))["articles"]
    assert [(a["title"], a["label"]) for a in listed] == [(None, "copy-undated")]
    assert store.get_article(listed[0]["id"])["label"] == "copy-undated"
    quotes = store.actor_part(1, "quotes", Page("article", 10))["quotes"]
    assert [q["article_label"] for q in quotes][-1] == "copy-undated"


def test_source_filter_ignores_case(store):
    assert store.list_articles(ArticleQuery(source="brindel DAILY"))["total"] == 4


@pytest.mark.parametrize("sort", ACTOR_SORTS)
def test_actors_page_through_to_the_last_in_every_order(store, sort):
    whole = store.list_actors(limit=1000, sort=sort)
    paged, totals = pages(lambda n, at: (lambda r: (r["actors"], r["total"]))(
        store.list_actors(limit=n, offset=at, sort=sort)), 4)
    assert paged == whole["actors"] and set(totals) == {whole["total"]}
    assert len(paged) == whole["total"] > 8


def test_actor_counts_are_kept_as_the_layers_say(store):
    db = sqlite3.connect(store.path)
    counted = {row[0]: row[1:] for row in db.execute(
        "SELECT a.id, (SELECT count(DISTINCT article_id) FROM article_actors WHERE actor_id=a.id), "
        "(SELECT sum(mentions) FROM article_actors WHERE actor_id=a.id), "
        "(SELECT count(*) FROM quotes WHERE speaker=a.id) FROM actors a")}
    listed = {a["id"]: (a["articles"], a["mentions"], a["quotes"]) for a in store.list_actors(limit=1000)["actors"]}
    assert listed == counted
    talvik = next(a for a in store.list_actors("talvik")["actors"])
    assert (talvik["articles"], talvik["quotes"]) == (4, 3)  # the untitled copy names and quotes him too
    by_name = [a["name"] for a in store.list_actors(limit=1000, sort="name")["actors"]]
    assert by_name == sorted(by_name, key=str.casefold)


@pytest.mark.parametrize("part", ACTOR_PARTS)
@pytest.mark.parametrize("sort", ACTOR_PART_SORTS)
def test_an_actors_lists_page_through_to_the_last(store, part, sort):
    for actor in store.list_actors(limit=1000)["actors"]:
        whole = store.actor_part(actor["id"], part, Page(sort, 1000))
        paged, totals = pages(lambda n, at, a=actor: (lambda r: (r[part], r["total"]))(
            store.actor_part(a["id"], part, Page(sort, n, at))), 1)
        assert paged == whole[part] and set(totals) == {whole["total"]} == {len(paged)}


def test_an_actor_gives_the_first_items_of_each_list_and_their_totals(store):
    talvik = store.get_actor(1, limit=1)
    assert talvik["totals"] == {"quotes": 3, "relations": 3, "labels_used": 2, "labels_received": 0, "claims": 3}
    assert all(len(talvik[part]) == 1 for part in ACTOR_PARTS if talvik["totals"][part])
    newest = store.actor_part(1, "quotes", Page("newest", 10))["quotes"]
    assert [q["date"] for q in newest] == ["2023-10-12", "2023-10-09", None]  # undated last
    assert store.actor_part(9999, "quotes", Page("oldest")) is None


@pytest.mark.parametrize("sort", CLAIM_SORTS)
def test_claim_groups_page_through_to_the_last(store, sort):
    whole = store.claims(ClaimQuery(sort=sort, limit=1000))
    paged, totals = pages(lambda n, at: (lambda r: (r["claims"], r["total"]))(
        store.claims(ClaimQuery(sort=sort, limit=n, offset=at))), 1)
    assert paged == whole["claims"] and set(totals) == {whole["total"]} == {3}


def test_claim_orders_and_forgiving_search(store):
    by_articles = store.claims(ClaimQuery())["claims"]
    assert by_articles[0]["articles"] == 2 and by_articles[0]["text"].startswith("Veloria supplied drones")
    newest = store.claims(ClaimQuery(sort="newest"))["claims"]
    assert newest[0]["last_seen"] == "2023-11-20"
    for typed in ['"harbour', "HARBOUR*", "strike harbour", "(billion)"]:
        assert [g["text"] for g in store.claims(ClaimQuery(q=typed))["claims"]] == [
            "The harbour strike cost the economy two billion crowns"], typed
    assert store.claims(ClaimQuery(q='"*"'))["total"] == 0
    assert store.claims(ClaimQuery(q="harbour drones"))["total"] == 0  # every word in one claim


@pytest.mark.parametrize("sort", EDGE_SORTS)
def test_graph_edges_page_through_to_the_last(store, sort):
    whole = store.graph(GraphQuery(sort=sort, limit=1000))
    paged, totals = pages(lambda n, at: (lambda r: (r["edges"], r["total"]))(
        store.graph(GraphQuery(sort=sort, limit=n, offset=at))), 2)
    assert paged == whole["edges"] and set(totals) == {whole["total"]} == {5}
    ends = {end for e in whole["edges"] for end in (e["source"], e["target"])}
    assert {n["id"] for n in whole["nodes"]} == ends and whole["total_nodes"] == len(ends)


def test_graph_keeps_the_top_actors_and_the_edges_asked_for(store):
    everything = store.graph(GraphQuery(limit=1000))
    accuses = next(e for e in everything["edges"] if e["kind"] == "accuses" and e["count"] == 2)
    assert len(accuses["examples"]) == 2 and accuses["first"] == "2023-10-09"
    top = store.graph(GraphQuery(top=2))
    assert {n["name"] for n in top["nodes"]} == {"Oren Talvik", "Veloria"} and top["total_nodes"] == 2
    assert store.graph(GraphQuery(min_count=2))["total"] == 1
    ostmark = next(n["id"] for n in everything["nodes"] if n["name"] == "Ostmark")
    around = store.graph(GraphQuery(actor=ostmark))
    assert all(ostmark in (e["source"], e["target"]) for e in around["edges"]) and around["total"] == 2
    page = store.graph(GraphQuery(limit=1))
    assert page["total"] == 5 and len(page["edges"]) == 1 and len(page["nodes"]) == 2


def test_every_foreign_key_and_filter_column_is_indexed(store):
    db = sqlite3.connect(store.path)
    leading = {(row[0], info[2]) for row in db.execute("SELECT tbl_name, name FROM sqlite_master WHERE type='index'")
               for info in db.execute(f"PRAGMA index_info('{row[1]}')") if info[0] == 0}
    leading |= {(table, "id") for table in ("articles", "actors", "claims", "rejections")}
    foreign = {(table, key[3]) for (table,) in db.execute("SELECT name FROM sqlite_master WHERE type='table'")
               for key in db.execute(f"PRAGMA foreign_key_list('{table}')")}
    filters = {("articles", "source"), ("articles", "published"), ("techniques", "technique"), ("relations", "kind"),
               ("relations", "happened"), ("claims", "status"), ("claims", "group_id")}
    assert foreign and not (foreign | filters) - leading


def test_a_page_of_articles_reads_no_layer_table(store):
    db = sqlite3.connect(store.path)
    from presslens.store.read_sql import ARTICLE_COLUMNS
    from presslens.store.sqlite_reads import ARTICLE_ORDER

    plan = " ".join(row[3] for row in db.execute(
        f"EXPLAIN QUERY PLAN SELECT {ARTICLE_COLUMNS} FROM articles a ORDER BY {ARTICLE_ORDER['newest']} LIMIT 50"))
    assert "articles_newest" in plan and not any(t in plan for t in ("quotes", "claims", "relations", "labels"))


# --- the migration from schema 4 -----------------------------------------------------------------
def schema_4_store(path: Path) -> Path:
    db = sqlite3.connect(path)
    db.executescript(SCHEMA_4_STORE.read_text(encoding="utf-8"))
    db.close()
    return path


def test_a_store_of_schema_4_is_migrated_with_its_counts_and_indexes(tmp_path):
    path = schema_4_store(tmp_path / "old.db")
    fresh = SQLiteStore(tmp_path / "fresh.db", claim_encoder=word_encoder)
    for record in [*corpus(), *police_articles()]:
        fresh.add(record)
    fresh.group_claims()
    store = SQLiteStore(path, claim_encoder=word_encoder)
    db = sqlite3.connect(path)
    assert db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0] == str(SCHEMA_VERSION)

    def same(s):  # what a list answers, less the moment each article was stored
        listed = s.list_articles(ArticleQuery(limit=100))["articles"]
        return [{k: v for k, v in a.items() if k != "added_at"} for a in listed]

    assert same(store) == same(fresh)
    assert store.list_actors(limit=1000) == fresh.list_actors(limit=1000)
    assert store.get_actor(1) == fresh.get_actor(1)
    assert store.graph(GraphQuery()) == fresh.graph(GraphQuery())
    assert store.claims(ClaimQuery()) == fresh.claims(ClaimQuery())
    assert store.list_articles(ArticleQuery(q="drones"))["total"] == 2
    assert [r["doc_id"] for r in store.rejections()] == ["broken"]
    indexes = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='index'")}
    assert {"articles_newest", "actors_presence", "claims_claimant", "techniques_speaker"} <= indexes
    store.add(untitled(corpus()[0], "after-migration", "2024-01-01"))
    assert store.list_actors("talvik")["actors"][0]["articles"] == 4
    store.close()
    fresh.close()
    assert SQLiteStore(path).counts()["articles"] == 8  # opens again as it is


def test_a_ledger_page_reads_the_rows_of_the_claims_it_lists_only(store):
    # A claim's row holds its embedding: a group's statuses, claimants and which claims come first
    # are read from indexes, and rows only by id for the claims shown.
    statements: list[str] = []
    store.reads_group_claims = False  # grouped by the fixture: only the ledger's own reads are traced
    db = store._db()
    db.set_trace_callback(statements.append)
    store.claims(ClaimQuery())
    db.set_trace_callback(None)
    plans = [row[3] for sql in statements if "claims" in sql for row in db.execute(f"EXPLAIN QUERY PLAN {sql}")]
    on_claims = [step for step in plans if step.startswith(("SCAN c", "SEARCH c", "SCAN claims", "SEARCH claims"))]
    assert on_claims and all("COVERING INDEX" in step or "INTEGER PRIMARY KEY" in step for step in on_claims), plans


def test_claim_group_sizes_are_kept_as_claims_are_grouped(store):
    store.add(untitled(corpus()[3], "dockers-again", "2024-02-01"))  # joins the strike claim's group
    store.group_claims()
    db = sqlite3.connect(store.path)
    kept = db.execute("SELECT id, claims, articles, first_seen, last_seen FROM claim_groups ORDER BY id").fetchall()
    counted = db.execute("SELECT c.group_id, count(*), count(DISTINCT c.article_id), min(a.published), "
                         "max(a.published) FROM claims c JOIN articles a ON a.id = c.article_id "
                         "GROUP BY c.group_id ORDER BY 1").fetchall()
    assert kept == counted
    strike = store.claims(ClaimQuery(q="strike"))["claims"][0]
    assert (strike["articles"], strike["last_seen"]) == (2, "2024-02-01")


def test_a_ledger_lists_the_first_members_of_each_group_and_counts_them_all(store):
    whole = store.claims(ClaimQuery(members=1000))["claims"]
    first_only = store.claims(ClaimQuery(members=1))["claims"]
    named_only = store.claims(ClaimQuery(members=0))["claims"]
    for full, one, none in zip(whole, first_only, named_only, strict=True):
        assert full["size"] == len(full["claims"]) and one["claims"] == full["claims"][:1] and none["claims"] == []
        assert full["text"] == one["text"] == none["text"] == full["claims"][0]["text"]
        assert one["statuses"] == full["statuses"] and one["claimants"] == full["claimants"]
    assert max(g["size"] for g in whole) == 2
