"""The corpus store: deduplication, resumable ingest, full-text search, cross-article actors,
claim grouping, and the queries the API serves."""
from __future__ import annotations

import sqlite3
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslens.cli import main
from presslens.corpus import ingest
from presslens.ingest import read_inputs
from presslens.options import AnalyzeOptions
from presslens.store import ArticleQuery, ClaimQuery, GraphQuery, SQLiteStore, content_hash
from presslens.store.sqlite_schema import SCHEMA_VERSION
from tests.store_corpus import CountingEncoder, corpus, held_corpus, police_articles, word_encoder

ARTICLES = {
    "harbour.txt": "The Harbour Workers Union in Eastport called a strike on Monday. Union leader Ilse Brandvold "
                   "said the port authority had ignored the dockers for years.",
    "minister.txt": "Minister Oren Talvik of Norland visited Brindel on Tuesday and promised new funds for the "
                    "flooded villages along the river.",
    "talks.txt": "Delegations from Veloria and Ostmark met in Kelvra for a second round of talks on the grain "
                 "corridor, officials said on Wednesday.",
}


@pytest.fixture
def store(tmp_path):
    s = SQLiteStore(tmp_path / "corpus.db", claim_encoder=word_encoder)
    yield s
    s.close()


@pytest.fixture
def filled(store):
    for record in corpus():
        store.add(record)
    return store


def write_articles(directory: Path, articles: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in articles.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


def test_adding_the_same_text_twice_keeps_one_article(store):
    record = corpus()[0]
    first = store.add(record)
    again = store.add(corpus()[0])
    assert first.status == "stored" and again.status == "duplicate"
    assert again.article_id == first.article_id
    assert store.counts()["articles"] == 1
    assert store.has(content_hash(record["text"]))


def test_stored_analysis_reads_back_unchanged(filled):
    originals = corpus()
    stored = list(filled.iter_analyses())
    assert [r["text"] for r in stored] == [r["text"] for r in originals]
    assert stored[0]["quotes"] == originals[0]["quotes"]
    article = filled.get_article(1)
    assert article["document"]["title"] == "Talvik accuses Veloria over drones"
    assert all(e["actor_id"] for e in article["entities"])


def test_full_text_search_finds_words_and_survives_odd_queries(filled):
    found = filled.list_articles(ArticleQuery(q="drones Eastport"))
    assert {a["doc_id"] for a in found["articles"]} == {"talvik-accuses", "talvik-repeats"}
    assert "\u0002" in found["articles"][0]["snippet"]
    for odd in ['"', "AND OR NOT", "drone*(", "NEAR(", "'; DROP TABLE articles; --"]:
        assert filled.list_articles(ArticleQuery(q=odd))["total"] >= 0
    assert filled.counts()["articles"] == 4


def test_article_filters_combine(filled):
    assert filled.list_articles(ArticleQuery(source="Brindel Daily"))["total"] == 2
    autumn = filled.list_articles(ArticleQuery(date_from="2023-10-10", date_to="2023-11-10"))
    assert [a["doc_id"] for a in autumn["articles"]] == ["solberg-meets", "talvik-repeats"]
    named = filled.list_articles(ArticleQuery(technique="Name_Calling-Labeling"))
    assert {a["doc_id"] for a in named["articles"]} == {"talvik-accuses", "solberg-meets"}
    solberg = filled.list_actors("Solberg")["actors"][0]
    by_solberg = filled.list_articles(ArticleQuery(actor=solberg["id"]))["articles"]
    assert [a["doc_id"] for a in by_solberg] == ["solberg-meets"]


def test_an_actor_in_several_articles_is_one_actor(filled):
    actors = filled.list_actors()["actors"]
    talvik = [a for a in actors if a["name"] == "Oren Talvik"]
    assert len(talvik) == 1  # also where the country was unknown (solberg-meets)
    assert talvik[0]["articles"] == 3 and talvik[0]["country"] == "NRL"
    detail = filled.get_actor(talvik[0]["id"])
    assert len(detail["quotes"]) == 2
    assert [label["label"] for label in detail["labels_used"]] == ["a gang of arsonists"]
    assert {r["kind"] for r in detail["relations"]} == {"accuses", "meets"}
    veloria = next(a for a in actors if a["name"] == "Veloria")
    assert [label["source_name"] for label in filled.get_actor(veloria["id"])["labels_received"]] == ["Oren Talvik"]


def test_a_person_and_a_place_with_one_name_stay_apart(store):
    first, second = corpus()[0], corpus()[1]
    second["entities"][0]["type"] = "GPE"  # "Oren Talvik" as a place: not the minister
    store.add(first)
    store.add(second)
    assert len([a for a in store.list_actors()["actors"] if a["name"] == "Oren Talvik"]) == 2


def test_an_unnamed_crowd_without_a_country_is_never_merged_into(store):
    """The police firing tear gas in one article are neither the band Police of the next nor the
    police cordoning off docks in a third; the police of a country stay one actor."""
    ids = [store.add(record).article_id for record in police_articles()]

    def actor(article_id, name):
        return next(e["actor_id"] for e in store.get_article(article_id)["entities"] if e["name"] == name)

    crowd, band, docks = actor(ids[0], "police"), actor(ids[1], "Police"), actor(ids[2], "police")
    assert len({crowd, band, docks}) == 3
    assert store.get_actor(crowd)["articles"] == 1 and store.get_actor(crowd)["generic"] is True
    assert store.get_actor(band)["generic"] is False
    assert actor(ids[0], "Norland police") == actor(ids[1], "Norland police")
    listed = {a["id"]: a["generic"] for a in store.list_actors("police")["actors"]}
    assert listed == {crowd: True, band: False, docks: True, actor(ids[0], "Norland police"): True}


def test_graph_filters_kinds_and_time_window(filled):
    everything = filled.graph(GraphQuery())
    assert {e["kind"] for e in everything["edges"]} == {"accuses", "agrees", "meets", "supports"}
    accusations = filled.graph(GraphQuery(kinds=("accuses",)))
    assert {(e["kind"]) for e in accusations["edges"]} == {"accuses"}
    assert {n["name"] for n in accusations["nodes"]} == {"Oren Talvik", "Veloria", "Pavel Dressler"}
    november = filled.graph(GraphQuery(date_from="2023-11-01", date_to="2023-11-30"))
    assert {e["kind"] for e in november["edges"]} == {"meets", "supports", "accuses"}


def test_technique_stats_by_source_speaker_and_month(filled):
    by_source = {g["key"]: g for g in filled.technique_stats("source")["groups"]}
    assert by_source["Northern Courier"]["total"] == 3
    assert by_source["Brindel Daily"]["counts"] == {"Name_Calling-Labeling": 1}
    by_month = [g["key"] for g in filled.technique_stats("month")["groups"]]
    assert by_month == ["2023-10", "2023-11"]
    by_speaker = {g["key"]: g["total"] for g in filled.technique_stats("speaker")["groups"]}
    assert by_speaker == {"Oren Talvik": 3, "Hanne Solberg": 1}
    with pytest.raises(ValueError):
        filled.technique_stats("colour")


@pytest.mark.slow  # loads the sentence-embedding model
def test_claims_ledger_groups_paraphrases_across_articles(tmp_path):
    """With the real sentence-embedding model: the drone claim made twice in other words is one
    ledger entry with both statuses; the strike-cost claim stays apart."""
    store = SQLiteStore(tmp_path / "claims.db")
    for record in corpus():
        store.add(record)
    ledger = store.claims(ClaimQuery())
    assert ledger["total"] == 2
    drones = ledger["claims"][0]
    assert drones["articles"] == 2 and drones["statuses"] == {"unsupported": 1, "asserted": 1}
    assert drones["claimants"] == ["Oren Talvik"]
    assert store.claims(ClaimQuery(status="disputed"))["claims"][0]["text"].startswith("The harbour strike")
    assert store.claims(ClaimQuery(min_articles=2))["total"] == 1
    assert store.get_article(2)["claims"][0]["group_articles"] == 2
    store.close()


def test_claim_groups_continue_across_store_instances(tmp_path):
    """A second process (here: a second store object) joins claims to groups the first made."""
    path = tmp_path / "shared.db"
    one, two = SQLiteStore(path, claim_encoder=word_encoder), SQLiteStore(path, claim_encoder=word_encoder)
    first = corpus()[3]
    one.add(first)
    second = corpus()[0]
    second["claims"][0]["text"] = first["claims"][0]["text"]  # the very same claim, elsewhere
    two.add(second)
    assert one.claims(ClaimQuery())["claims"][0]["articles"] == 2
    one.close()
    two.close()


def test_rejections_are_recorded_with_reasons(store):
    store.add({"schema": "presslens/analysis@1", "document": {"id": "blank", "source": "in/blank.txt"},
               "error": {"code": "empty", "message": "the input holds no text"}})
    store.add({"schema": "presslens/analysis@1", "document": {"id": "blank", "source": "in/blank.txt"},
               "error": {"code": "empty", "message": "the input holds no text"}})
    assert store.rejections() == [{"doc_id": "blank", "source": "in/blank.txt", "code": "empty",
                                   "message": "the input holds no text", "at": store.rejections()[0]["at"]}]


def test_rerunning_ingest_on_the_same_bad_inputs_keeps_one_rejection_each(tmp_path):
    inputs = write_articles(tmp_path / "in", {"harbour.txt": ARTICLES["harbour.txt"], "blank.txt": " \n",
                                              "records.jsonl": '{"text": ""}\n{not json\n'})
    write_articles(inputs / "old", {"blank.txt": ""})  # another file of the same name: another input
    db = tmp_path / "rerun.db"
    for _ in range(3):
        result = CliRunner().invoke(main, ["ingest", str(inputs), "--db", str(db), "-j", "1", "-q"])
        assert result.exit_code == 3 and "4 rejected" in result.output, result.output
    with SQLiteStore(db, claim_encoder=word_encoder) as store:
        assert store.counts()["rejections"] == 4  # what /health reports
        assert sorted((r["doc_id"], r["source"], r["code"]) for r in store.rejections()) == [
            ("blank", str(inputs / "blank.txt"), "empty"), ("blank", str(inputs / "old" / "blank.txt"), "empty"),
            ("records-1", str(inputs / "records.jsonl"), "empty"),
            ("records-2", str(inputs / "records.jsonl"), "malformed_json")]


def test_an_input_analysed_after_its_rejection_is_no_longer_rejected(tmp_path):
    inputs = write_articles(tmp_path / "in", {"minister.txt": ARTICLES["minister.txt"]})
    db = tmp_path / "later.db"
    first = CliRunner().invoke(main, ["ingest", str(inputs), "--db", str(db), "-j", "1", "-q", "--max-chars", "50"])
    assert first.exit_code == 3 and "rejected minister: oversized" in first.output
    again = CliRunner().invoke(main, ["ingest", str(inputs), "--db", str(db), "-j", "1", "-q"])
    assert again.exit_code == 0, again.output
    with SQLiteStore(db, claim_encoder=word_encoder) as store:
        assert store.rejections() == [] and store.counts()["rejections"] == 0
        assert store.counts()["articles"] == 1


def test_concurrent_writers_store_each_article_once(store):
    records = corpus()

    def add_all():
        for record in corpus():
            store.add(record)

    threads = [threading.Thread(target=add_all) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert store.counts()["articles"] == len(records)
    assert store.counts()["quotes"] == sum(len(r["quotes"]) for r in records)


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
    assert store.rejections()[0]["code"] == "empty"
    stored = store.list_articles(ArticleQuery(q="grain corridor"))["articles"]
    assert [a["doc_id"] for a in stored] == ["talks"]


def test_ingest_command_reports_a_summary_and_rejections(tmp_path):
    inputs = write_articles(tmp_path / "in", {"harbour.txt": ARTICLES["harbour.txt"], "blank.txt": ""})
    db = tmp_path / "cli.db"
    first = CliRunner().invoke(main, ["ingest", str(inputs), "--db", str(db), "-j", "1", "-q"])
    assert first.exit_code == 3  # a rejected input, as for analyze
    assert "rejected blank: empty" in first.output
    assert "2 inputs = 1 stored + 0 already stored + 0 duplicates + 1 rejected" in first.output
    again = CliRunner().invoke(main, ["ingest", str(inputs / "harbour.txt"), "--db", str(db), "-q"])
    assert again.exit_code == 0 and "0 stored + 1 already stored" in again.output
    assert "holds 1 article\n" in again.output


def test_two_entities_of_one_article_with_one_name_count_once(store):
    record = corpus()[0]
    duplicate = dict(record["entities"][0], id="e9", aliases=["Talvik"], mentions=[])
    record["entities"].append(duplicate)
    store.add(record)
    talvik = [a for a in store.list_actors()["actors"] if a["name"] == "Oren Talvik"]
    assert len(talvik) == 1 and talvik[0]["articles"] == 1
    assert store.get_actor(talvik[0]["id"])["articles"] == 1


def test_a_file_that_is_not_a_store_is_a_clear_error(tmp_path):
    notes = tmp_path / "notes.db"
    notes.write_text("shopping list: bread, milk\n" * 100)
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "none.txt"), "--db", str(notes), "-q"])
    assert result.exit_code == 1 and "cannot open the store" in result.output
    assert "Traceback" not in result.output
    missing_dir = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "no" / "such" / "dir.db")])
    assert missing_dir.exit_code == 1 and "cannot open the store" in missing_dir.output


def test_claims_are_grouped_when_first_read_and_a_copy_is_not_encoded_again(tmp_path):
    counting_encoder = CountingEncoder()
    encoded = counting_encoder.encoded
    store = SQLiteStore(tmp_path / "copies.db", claim_encoder=counting_encoder)
    first, second = corpus()[3], corpus()[0]
    store.add(first)
    assert encoded == []  # storing never waits for the embedding model
    assert store.claims(ClaimQuery())["claims"][0]["articles"] == 1
    assert encoded == [first["claims"][0]["text"]]
    second["claims"][0]["text"] = first["claims"][0]["text"]
    store.add(second)
    assert store.claims(ClaimQuery())["claims"][0]["articles"] == 2
    assert encoded == [first["claims"][0]["text"]]  # the copy reused the stored embedding
    assert store.group_claims() == 0
    store.close()


def test_readers_arriving_together_embed_the_pending_claims_once(tmp_path):
    counting_encoder = CountingEncoder()

    def slow_encoder(texts):  # as slow as a real model: the readers overlap
        time.sleep(0.3)
        return counting_encoder(texts)

    store = SQLiteStore(tmp_path / "together.db", claim_encoder=slow_encoder)
    for record in corpus():
        store.add(record)
    ledgers = []
    readers = [threading.Thread(target=lambda: ledgers.append(store.claims(ClaimQuery()))) for _ in range(4)]
    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join()
    texts = [c["text"] for r in corpus() for c in r.get("claims", [])]
    assert sorted(counting_encoder.encoded) == sorted(set(texts))
    assert all(ledger == ledgers[0] for ledger in ledgers)
    store.close()


def test_a_grouping_that_fails_midway_merges_nothing_when_retried(tmp_path, monkeypatch):
    """A failure inside the grouping transaction (a full disk, an interrupt) rolls it back; the
    retry must not join claims to groups that were never stored."""
    from presslens.store.claims import ClaimIndex

    store = SQLiteStore(tmp_path / "retry.db", claim_encoder=word_encoder)
    for record in corpus():
        store.add(record)
    expected = SQLiteStore(tmp_path / "clean.db", claim_encoder=word_encoder)
    for record in corpus():
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


def _old_store(path, script: str):
    """A store file as an older presslens wrote it."""
    old = sqlite3.connect(path)
    old.executescript(script)
    old.close()
    return path


def test_a_store_of_schema_1_is_migrated_and_keeps_its_claims(tmp_path):
    """Stores written by presslens 0.1 required a group for every claim when it was stored."""
    path = _old_store(tmp_path / "old.db", SCHEMA_1_CLAIMS)
    store = SQLiteStore(path, claim_encoder=word_encoder)
    store.add(corpus()[0])
    ledger = store.claims(ClaimQuery())
    assert {g["id"] for g in ledger["claims"]} >= {7}  # the old group is kept, new ones follow it
    assert all(g["id"] > 7 for g in ledger["claims"] if g["text"] != "An old claim")
    store.close()
    reopened = SQLiteStore(path, claim_encoder=word_encoder)
    assert reopened.counts()["claims"] == 1 + len(corpus()[0]["claims"])
    reopened.close()
    assert _schema_version(path) == SCHEMA_VERSION  # through every later schema


def test_a_store_of_schema_2_is_migrated_and_its_actors_taken_as_named(tmp_path):
    """Stores of schema 2 did not record which actors were unnamed groups."""
    path = _old_store(tmp_path / "old.db", SCHEMA_2_ACTORS)
    store = SQLiteStore(path, claim_encoder=word_encoder)
    assert _schema_version(path) == SCHEMA_VERSION
    store.add(corpus()[0])
    talvik = store.get_actor(1)
    assert (talvik["name"], talvik["generic"], talvik["articles"]) == ("Oren Talvik", False, 1)
    store.add(police_articles()[0])
    crowd = next(a for a in store.list_actors("police")["actors"] if a["name"] == "police")
    assert crowd["generic"] is True
    store.close()


def test_a_store_of_schema_3_keeps_one_rejection_per_input(tmp_path):
    """Schema 3 added a rejection row on every re-run for inputs without a source."""
    path = _old_store(tmp_path / "old.db", SCHEMA_3_REJECTIONS)
    store = SQLiteStore(path, claim_encoder=word_encoder)
    assert _schema_version(path) == SCHEMA_VERSION
    assert [(r["doc_id"], r["at"]) for r in store.rejections()] == [("notes", "then"), ("blank", "later")]
    store.add({"schema": "presslens/analysis@1", "document": {"id": "blank", "source": None},
               "error": {"code": "empty", "message": "the input holds no text"}})
    assert store.counts()["rejections"] == 2
    store.close()


def _schema_version(path) -> int:
    db = sqlite3.connect(path)
    try:
        return int(db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0])
    finally:
        db.close()


# The rejections table of store schema 3, with one input rejected three times, as ingest re-runs
# left it, and another once.
SCHEMA_3_REJECTIONS = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '3');
CREATE TABLE rejections (id INTEGER PRIMARY KEY, doc_id TEXT, source TEXT, code TEXT NOT NULL,
    message TEXT NOT NULL, at TEXT NOT NULL, UNIQUE (doc_id, source, code, message));
INSERT INTO rejections VALUES (1, 'blank', NULL, 'empty', 'the input holds no text', 'first');
INSERT INTO rejections VALUES (2, 'notes', 'in/notes.docx', 'unsupported_type', 'unsupported', 'then');
INSERT INTO rejections VALUES (3, 'blank', NULL, 'empty', 'the input holds no text', 'again');
INSERT INTO rejections VALUES (4, 'blank', NULL, 'empty', 'the input holds no text', 'later');
"""


# The actors table of store schema 2, with one actor, as presslens wrote it before actors recorded
# whether they are unnamed groups.
SCHEMA_2_ACTORS = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '2');
CREATE TABLE actors (id INTEGER PRIMARY KEY, name TEXT NOT NULL, name_key TEXT NOT NULL,
    type TEXT, country TEXT, sector TEXT);
CREATE INDEX actors_name_key ON actors(name_key);
INSERT INTO actors VALUES (1, 'Oren Talvik', 'oren talvik', 'PERSON', 'NRL', NULL);
"""


# The claims table of store schema 1, with one grouped claim, as presslens 0.1 wrote it.
SCHEMA_1_CLAIMS = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema_version', '1');
CREATE TABLE articles (id INTEGER PRIMARY KEY, content_hash TEXT NOT NULL UNIQUE, doc_id TEXT, title TEXT,
    source TEXT, url TEXT, published TEXT, language TEXT, text TEXT NOT NULL, analysis TEXT NOT NULL,
    added_at TEXT NOT NULL);
INSERT INTO articles VALUES (1, 'old', 'old', 'Old', NULL, NULL, '2020-01-01', 'en', 'An old claim.', '{}', 'then');
CREATE TABLE claims (id INTEGER PRIMARY KEY, article_id INTEGER NOT NULL REFERENCES articles(id),
    local_id TEXT NOT NULL, start INTEGER, "end" INTEGER, text TEXT NOT NULL,
    claimant INTEGER REFERENCES actors(id), status TEXT, quote TEXT, cues TEXT,
    group_id INTEGER NOT NULL, embedding BLOB NOT NULL);
CREATE INDEX claims_group ON claims(group_id);
CREATE INDEX claims_text ON claims(text);
INSERT INTO claims VALUES (1, 1, 'c1', 0, 12, 'An old claim', NULL, 'asserted', NULL, '[]', 7, zeroblob(1536));
"""


def test_closing_the_store_waits_for_a_grouping_in_progress(tmp_path):
    """Closing a connection another thread is using crashes the process: close() must wait."""
    store, held = held_corpus(tmp_path / "closing.db", timeout=10)
    grouping = threading.Thread(target=store.group_claims)
    grouping.start()
    assert held.encoding.wait(10)
    closing = threading.Thread(target=store.close)
    closing.start()
    closing.join(0.3)
    assert closing.is_alive()  # still waiting for the grouping
    held.release.set()
    grouping.join(10)
    closing.join(10)
    assert not closing.is_alive()
    reopened = SQLiteStore(tmp_path / "closing.db", claim_encoder=word_encoder)
    assert reopened.group_claims() == 0  # the grouping was committed before the close
    reopened.close()


def test_a_stopped_grouping_keeps_its_finished_batches_and_leaves_the_rest(tmp_path, monkeypatch):
    from presslens.store import sqlite as sqlite_store

    monkeypatch.setattr(sqlite_store, "GROUPING_BATCH", 1)
    stop = threading.Event()

    def stopping_encoder(texts):  # a shutdown arrives while the first batch is being embedded
        stop.set()
        return word_encoder(texts)

    store = SQLiteStore(tmp_path / "stopped.db", claim_encoder=stopping_encoder)
    for record in corpus():
        store.add(record)
    total = sum(len(r.get("claims", [])) for r in corpus())
    assert total > 1
    assert store.group_claims(stop) == 1
    assert store.group_claims() == total - 1  # the next reader groups the rest
    store.close()
