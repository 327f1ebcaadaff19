"""One store test suite, run against both backends: SQLite (a file) and PostgreSQL (a throwaway
server started for the session, a new database per test). What the store promises (deduplication,
resumable ingest, search, actors across articles, claim grouping, lists that page through) holds
the same on each, and the two answer every read of the same corpus alike; the HTTP API serves a
PostgreSQL store as it serves a SQLite one.

PostgreSQL tests skip, saying why, only where no server can be started (no binaries: .ci/run
installs Debian's postgresql package)."""
from __future__ import annotations

import copy
import json
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from presslens.api.app import ServerSettings, create_app
from presslens.cli import main
from presslens.corpus import ingest
from presslens.errors import StoreError
from presslens.ingest import read_inputs
from presslens.options import AnalyzeOptions
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
    content_hash,
    open_store,
)
from presslens.store.claims import ClaimIndex
from presslens.store.postgres_schema import SCHEMA_VERSION as POSTGRES_SCHEMA
from tests.pg_cluster import new_database
from tests.store_corpus import CountingEncoder, corpus, police_articles, word_encoder

BACKENDS = ("sqlite", "postgresql")
ARTICLES = {
    "harbour.txt": "The Harbour Workers Union in Eastport called a strike on Monday. Union leader Ilse Brandvold "
                   "said the port authority had ignored the dockers for years.",
    "minister.txt": "Minister Oren Talvik of Norland visited Brindel on Tuesday and promised new funds for the "
                    "flooded villages along the river.",
    "talks.txt": "Delegations from Veloria and Ostmark met in Kelvra for a second round of talks on the grain "
                 "corridor, officials said on Wednesday.",
}


@pytest.fixture(params=BACKENDS)
def location(request, tmp_path) -> str:
    """Where a new, empty store of the backend lives (a file, or a database on the server)."""
    if request.param == "sqlite":
        return str(tmp_path / "corpus.db")
    return new_database(request.getfixturevalue("postgres_server"))


@pytest.fixture
def store(location):
    s = open_store(location, claim_encoder=word_encoder)
    yield s
    s.close()


@pytest.fixture
def filled(store):
    for record in corpus():
        store.add(record)
    return store


def untitled(record: dict, doc_id: str, published: str | None) -> dict:
    """A copy of ``record`` under another id and date, without a title, its text made new."""
    copied = copy.deepcopy(record)
    copied["text"] += " More follows."
    copied["document"].update(id=doc_id, title=None, published=published)
    for quote in copied["quotes"]:
        quote["date"] = published
    return copied


@pytest.fixture
def listed(store):
    """The store of test_store_lists: the corpus, the police articles, an untitled copy; grouped."""
    for record in [*corpus(), *police_articles(), untitled(corpus()[0], "copy-undated", None)]:
        store.add(record)
    store.group_claims()
    return store


def write_articles(directory: Path, articles: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


# --- writing -------------------------------------------------------------------------------------
def test_adding_the_same_text_twice_keeps_one_article(store):
    first, again = store.add(corpus()[0]), store.add(corpus()[0])
    assert first.status == "stored" and again.status == "duplicate" and again.article_id == first.article_id
    assert store.counts()["articles"] == 1 and store.has(content_hash(corpus()[0]["text"]))


def test_stored_analysis_reads_back_unchanged(filled):
    stored = list(filled.iter_analyses())
    assert stored == corpus()
    article = filled.get_article(1)
    assert article["document"]["title"] == "Talvik accuses Veloria over drones"
    assert article["label"] == "Talvik accuses Veloria over drones" and all(e["actor_id"] for e in article["entities"])


def test_writers_on_many_threads_and_store_objects_store_each_article_once(location):
    """Six writers, each with a store object of its own (its own connections, as processes have),
    adding the same articles at once: each article once, each actor once, every layer once."""
    stores = [open_store(location, claim_encoder=word_encoder) for _ in range(6)]
    start = threading.Barrier(len(stores))

    def add_all(store):
        start.wait()
        return [store.add(record).status for record in corpus() + police_articles()]

    results: list[list[str]] = []
    threads = [threading.Thread(target=lambda s=s: results.append(add_all(s))) for s in stores]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    records = corpus() + police_articles()
    assert sorted(status for r in results for status in r).count("stored") == len(records)
    counts = stores[0].counts()
    assert counts["articles"] == len(records)
    assert counts["quotes"] == sum(len(r["quotes"]) for r in records)
    names = [a["name"] for a in stores[0].list_actors(limit=1000)["actors"]]
    assert names.count("Oren Talvik") == 1 and names.count("Veloria") == 1
    for s in stores:
        s.close()


def test_a_text_of_hundreds_of_thousands_of_distinct_words_is_stored_and_found(store):
    """Past what PostgreSQL's tsvector holds (1 MB): stored whole, found by its beginning."""
    import random
    import string

    rng = random.Random(7)
    words = ["".join(rng.choice(string.ascii_lowercase) for _ in range(8)) for _ in range(200_000)]
    record = {"schema": "presslens/analysis@1", "document": {"id": "word-list", "title": "Word list"},
              "text": " ".join(words)}
    assert store.add(record).status == "stored"
    assert [a["doc_id"] for a in store.list_articles(ArticleQuery(q=words[0]))["articles"]] == ["word-list"]
    assert next(store.iter_analyses())["text"] == record["text"]


def test_rejections_are_recorded_once_with_their_latest_reason(store):
    for code in ("empty", "empty", "oversized"):
        store.add({"schema": "presslens/analysis@1", "document": {"id": "blank", "source": "in/blank.txt"},
                   "error": {"code": code, "message": f"the input is {code}"}})
    store.add({"schema": "presslens/analysis@1", "document": {"id": "blank", "source": None},
               "error": {"code": "empty", "message": "the input holds no text"}})
    assert [(r["doc_id"], r["source"], r["code"]) for r in store.rejections()] == [
        ("blank", "in/blank.txt", "oversized"), ("blank", None, "empty")]
    store.add(dict(corpus()[0], document=dict(corpus()[0]["document"], id="blank")))
    assert store.rejections() == [] and store.counts()["rejections"] == 0


def test_ingest_skips_what_is_stored_and_resumes(tmp_path, store):
    inputs = write_articles(tmp_path / "in", dict(list(ARTICLES.items())[:2]) | {"empty.txt": "  \n"})
    options = AnalyzeOptions(jobs=1)
    first = [e.status for e in ingest(read_inputs([str(inputs)], options), store, options)]
    assert sorted(first) == ["rejected", "stored", "stored"]
    write_articles(inputs, {"talks.txt": ARTICLES["talks.txt"], "copy-of-harbour.txt": ARTICLES["harbour.txt"]})
    second = {e.doc_id: e.status for e in ingest(read_inputs([str(inputs)], options), store, options)}
    assert second == {"harbour": "skipped", "minister": "skipped", "talks": "stored",
                      "copy-of-harbour": "skipped", "empty": "rejected"}
    assert store.counts()["articles"] == 3
    assert [a["doc_id"] for a in store.list_articles(ArticleQuery(q="grain corridor"))["articles"]] == ["talks"]


# --- reading -------------------------------------------------------------------------------------
def test_full_text_search_finds_words_and_survives_odd_queries(filled):
    found = filled.list_articles(ArticleQuery(q="drones Eastport"))
    assert {a["doc_id"] for a in found["articles"]} == {"talvik-accuses", "talvik-repeats"}
    assert "\u0002" in found["articles"][0]["snippet"]
    for odd in ['"', "AND OR NOT", "drone*(", "NEAR(", "'; DROP TABLE articles; --", "!:&|<->", "\\"]:
        assert filled.list_articles(ArticleQuery(q=odd))["total"] >= 0
    assert filled.list_articles(ArticleQuery(q="EASTPORT drones"))["total"] == 2  # case folded
    assert filled.list_articles(ArticleQuery(q="drones zebra"))["total"] == 0  # every word required
    assert filled.counts()["articles"] == 4


@pytest.mark.parametrize("q", ["drones\x00", "\x00drones", "drones\ud800", "\x1bdrones\x00\x00"])
def test_search_reads_control_characters_as_spaces(filled, q):
    assert {a["doc_id"] for a in filled.list_articles(ArticleQuery(q=q))["articles"]} == {
        "talvik-accuses", "talvik-repeats"}
    assert [a["name"] for a in filled.list_actors("oren\x00talvik")["actors"]] == ["Oren Talvik"]
    assert filled.list_actors("\ud800")["total"] == 0 and filled.claims(ClaimQuery(q="\x00"))["total"] == 0


def test_article_filters_combine(filled):
    assert filled.list_articles(ArticleQuery(source="Brindel Daily"))["total"] == 2
    autumn = filled.list_articles(ArticleQuery(date_from="2023-10-10", date_to="2023-11-10"))
    assert [a["doc_id"] for a in autumn["articles"]] == ["solberg-meets", "talvik-repeats"]
    named = filled.list_articles(ArticleQuery(technique="Name_Calling-Labeling"))
    assert {a["doc_id"] for a in named["articles"]} == {"talvik-accuses", "solberg-meets"}
    solberg = filled.list_actors("Solberg")["actors"][0]
    assert [a["doc_id"] for a in filled.list_articles(ArticleQuery(actor=solberg["id"]))["articles"]] == [
        "solberg-meets"]


def test_an_actor_in_several_articles_is_one_actor(filled):
    actors = filled.list_actors()["actors"]
    talvik = [a for a in actors if a["name"] == "Oren Talvik"]
    assert len(talvik) == 1 and talvik[0]["articles"] == 3 and talvik[0]["country"] == "NRL"
    detail = filled.get_actor(talvik[0]["id"])
    assert len(detail["quotes"]) == 2 and {r["kind"] for r in detail["relations"]} == {"accuses", "meets"}
    assert [label["label"] for label in detail["labels_used"]] == ["a gang of arsonists"]


def test_a_person_and_a_place_with_one_name_stay_apart(store):
    second = corpus()[1]
    second["entities"][0]["type"] = "GPE"
    store.add(corpus()[0])
    store.add(second)
    assert len([a for a in store.list_actors()["actors"] if a["name"] == "Oren Talvik"]) == 2


def test_an_unnamed_crowd_without_a_country_is_never_merged_into(store):
    ids = [store.add(record).article_id for record in police_articles()]

    def actor(article_id, name):
        return next(e["actor_id"] for e in store.get_article(article_id)["entities"] if e["name"] == name)

    crowd, band, docks = actor(ids[0], "police"), actor(ids[1], "Police"), actor(ids[2], "police")
    assert len({crowd, band, docks}) == 3 and store.get_actor(crowd)["generic"] is True
    assert actor(ids[0], "Norland police") == actor(ids[1], "Norland police")


def test_graph_filters_kinds_and_time_window(filled):
    assert {e["kind"] for e in filled.graph(GraphQuery())["edges"]} == {"accuses", "agrees", "meets", "supports"}
    accusations = filled.graph(GraphQuery(kinds=("accuses",)))
    assert {n["name"] for n in accusations["nodes"]} == {"Oren Talvik", "Veloria", "Pavel Dressler"}
    november = filled.graph(GraphQuery(date_from="2023-11-01", date_to="2023-11-30"))
    assert {e["kind"] for e in november["edges"]} == {"meets", "supports", "accuses"}


def test_technique_stats_by_source_speaker_and_month(filled):
    by_source = {g["key"]: g for g in filled.technique_stats("source")["groups"]}
    assert by_source["Northern Courier"]["total"] == 3
    assert [g["key"] for g in filled.technique_stats("month")["groups"]] == ["2023-10", "2023-11"]
    assert {g["key"]: g["total"] for g in filled.technique_stats("speaker")["groups"]} == {
        "Oren Talvik": 3, "Hanne Solberg": 1}
    with pytest.raises(ValueError):
        filled.technique_stats("colour")


# --- lists at corpus scale (as test_store_lists) -------------------------------------------------
def pages(read, size: int) -> tuple[list, list[int]]:
    items, totals, offset = [], [], 0
    while True:
        page_items, total = read(size, offset)
        totals.append(total)
        items.extend(page_items)
        offset += size
        if offset >= total:
            return items, totals


@pytest.mark.parametrize("sort", ARTICLE_SORTS)
def test_articles_page_through_to_the_last_in_every_order(listed, sort):
    whole = listed.list_articles(ArticleQuery(sort=sort, limit=100))
    paged, totals = pages(lambda n, at: (lambda r: (r["articles"], r["total"]))(
        listed.list_articles(ArticleQuery(sort=sort, limit=n, offset=at))), 3)
    assert paged == whole["articles"] and set(totals) == {whole["total"]} == {8}


def test_orders_are_what_their_names_say(listed):
    newest = listed.list_articles(ArticleQuery(sort="newest"))["articles"]
    assert [a["published"] for a in newest][:2] == ["2023-12-10", "2023-12-09"] and newest[-1]["published"] is None
    titles = [a["label"] for a in listed.list_articles(ArticleQuery(sort="title"))["articles"]]
    assert titles == sorted(titles, key=str.casefold)
    names = [a["name"] for a in listed.list_actors(limit=1000, sort="name")["actors"]]
    assert names == sorted(names, key=str.casefold)
    assert listed.list_articles(ArticleQuery(source="brindel DAILY"))["total"] == 4


@pytest.mark.parametrize("sort", ACTOR_SORTS)
def test_actors_page_through_to_the_last_in_every_order(listed, sort):
    whole = listed.list_actors(limit=1000, sort=sort)
    paged, totals = pages(lambda n, at: (lambda r: (r["actors"], r["total"]))(
        listed.list_actors(limit=n, offset=at, sort=sort)), 4)
    assert paged == whole["actors"] and set(totals) == {whole["total"]} and len(paged) > 8


@pytest.mark.parametrize("sort", ACTOR_PART_SORTS)
def test_an_actors_lists_page_through_to_the_last(listed, sort):
    for part in ACTOR_PARTS:
        whole = listed.actor_part(1, part, Page(sort, 1000))
        paged, totals = pages(lambda n, at, p=part: (lambda r: (r[p], r["total"]))(
            listed.actor_part(1, p, Page(sort, n, at))), 1)
        assert paged == whole[part] and set(totals) == {whole["total"]} == {len(paged)}
    assert listed.get_actor(1, limit=1)["totals"] == {"quotes": 3, "relations": 3, "labels_used": 2,
                                                      "labels_received": 0, "claims": 3}
    assert listed.actor_part(9999, "quotes", Page("oldest")) is None


@pytest.mark.parametrize("sort", CLAIM_SORTS)
def test_claim_groups_page_through_to_the_last(listed, sort):
    whole = listed.claims(ClaimQuery(sort=sort, limit=1000))
    paged, totals = pages(lambda n, at: (lambda r: (r["claims"], r["total"]))(
        listed.claims(ClaimQuery(sort=sort, limit=n, offset=at))), 1)
    assert paged == whole["claims"] and set(totals) == {whole["total"]} == {3}
    for typed in ['"harbour', "HARBOUR*", "strike harbour"]:
        assert [g["text"] for g in listed.claims(ClaimQuery(q=typed))["claims"]] == [
            "The harbour strike cost the economy two billion crowns"], typed


@pytest.mark.parametrize("sort", EDGE_SORTS)
def test_graph_edges_page_through_to_the_last(listed, sort):
    whole = listed.graph(GraphQuery(sort=sort, limit=1000))
    paged, totals = pages(lambda n, at: (lambda r: (r["edges"], r["total"]))(
        listed.graph(GraphQuery(sort=sort, limit=n, offset=at))), 2)
    assert paged == whole["edges"] and set(totals) == {whole["total"]} == {5}
    top = listed.graph(GraphQuery(top=2))
    assert {n["name"] for n in top["nodes"]} == {"Oren Talvik", "Veloria"} and top["total_nodes"] == 2


def as_json(page: dict) -> bytes:
    return json.dumps(page, sort_keys=True).encode()


def test_a_kept_graph_is_read_again_once_another_store_object_adds_an_article(location):
    """Graph pages, as read and as rendered for the API, are kept per store version (the articles
    stored): an article another process stores (here: a second store object) shows in the next
    read, and a reader that changes its answer changes no other reader's."""
    reader, writer = (open_store(location, claim_encoder=word_encoder) for _ in range(2))
    try:
        first, *rest = corpus()
        writer.add(first)
        before = reader.graph(GraphQuery())
        before["edges"].clear()
        before["nodes"].append({"id": 0})
        kept = reader.graph(GraphQuery())
        assert kept == writer.graph(GraphQuery()) and {"id": 0} not in kept["nodes"]
        assert reader.graph_rendered(GraphQuery(), as_json) == as_json(kept)
        for record in rest:
            writer.add(record)
        after = reader.graph(GraphQuery())
        assert after == writer.graph(GraphQuery()) != kept
        assert {e["kind"] for e in after["edges"]} == {"accuses", "agrees", "meets", "supports"}
        assert reader.graph_rendered(GraphQuery(), as_json) == as_json(after)  # rendered again too
    finally:
        reader.close()
        writer.close()


def with_unnamed_speakers_labels(record: dict) -> dict:
    """``record`` (the corpus's first article, Veloria its entity e2) with two more labels of
    Veloria: a quoted speaker named only in words ("A port source", no entity) saying it is not
    "a pariah", and the same words said by the outlet in its own voice."""
    labelled = copy.deepcopy(record)
    start = labelled["text"].index("the accusation")
    common = {"start": start, "end": start + 14, "label": "a pariah", "target": "e2", "target_name": "Veloria",
              "target_text": "Veloria", "construction": "copular", "quoted": True}
    labelled["labels"] += [{**common, "id": "l8", "source": None, "source_name": "A port source", "negated": True},
                           {**common, "id": "l9", "source": None, "source_name": None, "negated": False}]
    return labelled


def veloria_labels(store) -> tuple[list, list]:
    """Veloria's labels received, listed and counted."""
    veloria = store.list_actors("veloria")["actors"][0]["id"]
    listed = store.actor_part(veloria, "labels_received", Page("oldest", 100, 0))["labels_received"]
    counted = store.actor_label_counts(veloria, "received")["labels"]
    return ([(x["label"], x["source"], x["source_name"], x["negated"]) for x in listed],
            [(g["label"], g["negated"], g["other"], g["other_name"], g["count"]) for g in counted])


EXPECTED_VELORIA_LABELS = (
    [("a gang of arsonists", 1, "Oren Talvik", False), ("a pariah", None, "A port source", True),
     ("a pariah", None, None, False)],
    [("a gang of arsonists", False, 1, "Oren Talvik", 1), ("a pariah", False, None, None, 1),
     ("a pariah", True, None, "A port source", 1)])


def test_a_label_keeps_its_unnamed_speaker_and_its_negation(store):
    """A quoted speaker that is no entity is stored by its words, not as the article's voice, and a
    negated label is counted apart from the same words said plainly."""
    store.add(with_unnamed_speakers_labels(corpus()[0]))
    assert veloria_labels(store) == EXPECTED_VELORIA_LABELS


def _as_before_labels_were_kept(location: str) -> None:
    """Take the label columns of SQLite schema 6 / PostgreSQL schema 2 away again, as an older
    store has none."""
    if location.startswith("postgresql"):
        import psycopg
        with psycopg.connect(location, autocommit=True) as conn:
            conn.execute("ALTER TABLE labels DROP COLUMN source_name, DROP COLUMN negated")
            conn.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
        return
    import sqlite3
    db = sqlite3.connect(location)
    db.executescript("ALTER TABLE labels DROP COLUMN source_name; ALTER TABLE labels DROP COLUMN negated; "
                     "UPDATE meta SET value = '5' WHERE key = 'schema_version';")
    db.close()


def test_an_older_store_gets_its_labels_speakers_and_negations_from_the_stored_analyses(location):
    older = open_store(location, claim_encoder=word_encoder)
    older.add(with_unnamed_speakers_labels(corpus()[0]))
    older.close()
    _as_before_labels_were_kept(location)
    migrated = open_store(location, claim_encoder=word_encoder)
    try:
        assert veloria_labels(migrated) == EXPECTED_VELORIA_LABELS
    finally:
        migrated.close()


# --- claim grouping ------------------------------------------------------------------------------
def test_claim_groups_continue_across_store_instances(location):
    """A second process (here: a second store object) joins claims to groups the first made."""
    one, two = (open_store(location, claim_encoder=word_encoder) for _ in range(2))
    first = corpus()[3]
    one.add(first)
    assert one.claims(ClaimQuery())["claims"][0]["articles"] == 1
    second = corpus()[0]
    second["claims"][0]["text"] = first["claims"][0]["text"]
    two.add(second)
    assert two.claims(ClaimQuery())["claims"][0]["articles"] == 2
    assert one.claims(ClaimQuery())["claims"][0]["articles"] == 2
    one.close()
    two.close()


def test_claims_are_grouped_when_first_read_and_a_copy_is_not_encoded_again(location):
    encoder = CountingEncoder()
    store = open_store(location, claim_encoder=encoder)
    first, second = corpus()[3], corpus()[0]
    store.add(first)
    assert encoder.encoded == []  # storing never waits for the embedding model
    assert store.claims(ClaimQuery())["claims"][0]["articles"] == 1
    second["claims"][0]["text"] = first["claims"][0]["text"]
    store.add(second)
    assert store.claims(ClaimQuery())["claims"][0]["articles"] == 2
    assert encoder.encoded == [first["claims"][0]["text"]]  # the copy reused the stored embedding
    assert store.group_claims() == 0
    store.close()


def test_readers_arriving_together_embed_the_pending_claims_once(location):
    """Readers arriving together embed each pending claim once and see the same ledger: the
    threads of one store object on both backends; on PostgreSQL, those of two store objects (two
    processes) too, as ``serve --workers`` runs them."""
    encoder = CountingEncoder()

    def slow_encoder(texts):
        time.sleep(0.3)
        return encoder(texts)

    objects = 2 if location.startswith("postgresql://") else 1
    stores = [open_store(location, claim_encoder=slow_encoder) for _ in range(objects)]
    for record in corpus():
        stores[0].add(record)
    ledgers = []
    readers = [threading.Thread(target=lambda s=s: ledgers.append(s.claims(ClaimQuery())))
               for s in stores for _ in range(4 // objects)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    texts = {c["text"] for r in corpus() for c in r.get("claims", [])}
    assert sorted(encoder.encoded) == sorted(texts)
    assert all(ledger == ledgers[0] for ledger in ledgers) and ledgers[0]["total"] > 0
    for s in stores:
        s.close()


def test_a_grouping_that_fails_midway_merges_nothing_when_retried(location, tmp_path, monkeypatch):
    store = open_store(location, claim_encoder=word_encoder)
    expected = open_store(tmp_path / "clean.db", claim_encoder=word_encoder)
    for record in corpus():
        store.add(record)
        expected.add(record)
    real_extend, calls = ClaimIndex.extend, []

    def failing_second_time(index, *args):
        calls.append(1)
        if len(calls) == 2:  # the index then holds a claim whose group is never committed
            raise OSError("disk full")
        return real_extend(index, *args)

    monkeypatch.setattr(ClaimIndex, "extend", failing_second_time)
    with pytest.raises(OSError):
        store.group_claims()
    monkeypatch.setattr(ClaimIndex, "extend", real_extend)
    assert store.claims(ClaimQuery()) == expected.claims(ClaimQuery())
    store.close()
    expected.close()


def test_a_stopped_grouping_keeps_its_finished_batches_and_leaves_the_rest(location, monkeypatch):
    from presslens.store import postgres, sqlite

    for module in (sqlite, postgres):
        monkeypatch.setattr(module, "GROUPING_BATCH", 1)
    stop = threading.Event()

    def stopping_encoder(texts):
        stop.set()
        return word_encoder(texts)

    store = open_store(location, claim_encoder=stopping_encoder)
    for record in corpus():
        store.add(record)
    total = sum(len(r.get("claims", [])) for r in corpus())
    assert store.group_claims(stop) == 1
    assert store.group_claims() == total - 1
    store.close()


# --- both backends at once -----------------------------------------------------------------------
def _every_read(store) -> dict:
    """Every read the API offers, of a grouped store; what differs by nature (when stored, the
    snippet each engine cuts) left out."""
    store.group_claims()
    articles = store.list_articles(ArticleQuery(limit=100))["articles"]
    searched = store.list_articles(ArticleQuery(q="Veloria drones"))
    return {
        "articles": [{k: v for k, v in a.items() if k != "added_at"} for a in articles],
        "search": [a["id"] for a in searched["articles"]],
        "each article": [store.get_article(a["id"]) for a in articles],
        "actors": store.list_actors(limit=1000),
        "each actor": [store.get_actor(a["id"]) for a in store.list_actors(limit=1000)["actors"]],
        "graph": store.graph(GraphQuery(limit=1000)),
        "claims": store.claims(ClaimQuery(limit=1000)),
        "stats": [store.technique_stats(by) for by in ("source", "speaker", "month")],
        "analyses": list(store.iter_analyses()),
        "counts": store.counts(),
    }


def test_both_backends_answer_every_read_alike(postgres_server, tmp_path):
    records = [*corpus(), *police_articles(), untitled(corpus()[0], "copy-undated", None)]
    reads = []
    for location in (str(tmp_path / "alike.db"), new_database(postgres_server)):
        with open_store(location, claim_encoder=word_encoder) as store:
            for record in records:
                store.add(record)
            reads.append(_every_read(store))
    sqlite_reads, postgres_reads = reads
    for part in sqlite_reads:
        assert postgres_reads[part] == sqlite_reads[part], part


def test_the_api_serves_a_postgresql_store_as_a_sqlite_one(postgres_server, tmp_path):
    answers = []
    for location in (str(tmp_path / "api.db"), new_database(postgres_server)):
        store = open_store(location, claim_encoder=word_encoder)
        for record in corpus():
            store.add(record)
        store.group_claims()
        with TestClient(create_app(ServerSettings(db_path=location), store)) as client:
            answers.append([client.get(path).json() for path in (
                "/articles?sort=title", "/articles/2", "/actors?q=talvik", "/actors/1", "/actors/1/quotes?sort=newest",
                "/graph?kinds=accuses", "/claims?status=unsupported", "/techniques/stats?by=month", "/articles/99")])
            assert client.get("/health").json()["counts"]["articles"] == 4
        store.close()
    for one, other in zip(*answers, strict=True):
        for answer in (one, other):
            for article in answer["articles"] if isinstance(answer.get("articles"), list) else []:
                article.pop("added_at")
        assert one == other


# --- PostgreSQL only -----------------------------------------------------------------------------
def test_the_command_line_ingests_into_and_exports_from_postgresql(postgres_server, tmp_path):
    url = new_database(postgres_server)
    inputs = write_articles(tmp_path / "in", {"talks.txt": ARTICLES["talks.txt"], "blank.txt": ""})
    first = CliRunner().invoke(main, ["ingest", str(inputs), "--db", url, "-j", "1", "-q"])
    assert first.exit_code == 3 and "1 stored + 0 already stored + 0 duplicates + 1 rejected" in first.output
    assert "holds 1 article" in first.output and "postgresql://presslens@127.0.0.1" in first.output
    again = CliRunner().invoke(main, ["ingest", str(inputs / "talks.txt"), "--db", url, "-q"])
    assert again.exit_code == 0 and "0 stored + 1 already stored" in again.output
    exported = CliRunner().invoke(main, ["export", "--db", url, "--format", "csv"])
    assert exported.exit_code == 0 and "records written (csv)" in exported.output


def test_a_postgresql_store_that_cannot_be_opened_is_a_clear_error(postgres_server):
    unreachable = postgres_server.replace("127.0.0.1:", "127.0.0.1:1").rsplit(":", 1)[0] + ":1/none"
    with pytest.raises(StoreError, match="cannot open the store postgresql://presslens@127.0.0.1:1/none"):
        open_store(unreachable)
    result = CliRunner().invoke(main, ["ingest", "x.txt", "--db", "mysql://h/db", "-q"])
    assert result.exit_code == 1 and "mysql:// is not a store presslens knows" in result.output
    newer = new_database(postgres_server)
    open_store(newer).close()
    import psycopg

    with psycopg.connect(newer, autocommit=True) as conn:
        conn.execute("UPDATE meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match=f"has PostgreSQL store schema 99; this presslens reads {POSTGRES_SCHEMA}"):
        open_store(newer)


def test_processes_opening_a_new_postgresql_store_at_once_make_its_tables_once(postgres_server):
    url, errors = new_database(postgres_server), []

    def opening():
        try:
            open_store(url, claim_encoder=word_encoder).close()
        except Exception as exc:  # noqa: BLE001 - any failure is the test's finding
            errors.append(exc)

    threads = [threading.Thread(target=opening) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
