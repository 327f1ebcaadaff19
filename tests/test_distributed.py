"""Ingest beyond one process: on a real Dask ``LocalCluster`` of two worker processes, one of them
killed mid-run, and two ingest commands at once, both into a real PostgreSQL server. Every input is
stored exactly once, none lost."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from presslens import distributed
from presslens.options import AnalyzeOptions
from presslens.store import ArticleQuery, open_store
from tests.invented_articles import invented_article
from tests.pg_cluster import new_database

ROOT = Path(__file__).resolve().parents[1]


def write_inputs(directory: Path, articles: int) -> tuple[Path, int]:
    """``articles`` invented articles, one of them twice under another name; how many distinct texts."""
    directory.mkdir(parents=True)
    for i in range(articles):
        (directory / f"article-{i:03d}.txt").write_text(invented_article(i), encoding="utf-8")
    (directory / "copy-of-article-000.txt").write_text(invented_article(0), encoding="utf-8")
    return directory, articles


def test_inputs_are_listed_as_tasks_of_files_and_shards(tmp_path, monkeypatch):
    monkeypatch.setattr(distributed, "FILES_PER_TASK", 2)
    inputs = tmp_path / "in"
    (inputs / "sub").mkdir(parents=True)
    for name in ("a.txt", "b.html", "c.txt", "sub/d.txt"):
        (inputs / name).write_text("text", encoding="utf-8")
    (inputs / "shard.jsonl").write_text('{"text": "one"}\n\n{"text": "two"}\n{"text": "three"}\n', encoding="utf-8")
    os.symlink(inputs / "nowhere.txt", inputs / "broken.txt")
    plan = distributed.plan_inputs([str(inputs)])
    assert plan.tasks == [[str(inputs / "shard.jsonl")], [str(inputs / "a.txt"), str(inputs / "b.html")],
                          [str(inputs / "c.txt"), str(inputs / "sub" / "d.txt")]]
    assert [r.meta.id for r in plan.rejections] == ["broken"]
    assert plan.documents == 1 + 4 + 3  # the broken link, four files, three records
    with pytest.raises(distributed.ClusterError, match="standard input"):
        distributed.plan_inputs(["-"])
    assert distributed.worker_location("sqlite:///rel/c.db") == str(Path("rel/c.db").resolve())
    assert distributed.worker_location("postgresql://h/db") == "postgresql://h/db"


@pytest.mark.slow  # two worker processes load the models, one of them twice
def test_a_worker_killed_mid_run_loses_nothing_and_stores_nothing_twice(postgres_server, tmp_path, monkeypatch):
    monkeypatch.setattr(distributed, "FILES_PER_TASK", 2)
    inputs, distinct = write_inputs(tmp_path / "in", 16)
    url = new_database(postgres_server)
    plan = distributed.plan_inputs([str(inputs)])
    client = distributed.connect("local:2")
    killed = None
    try:
        with open_store(url) as store:
            events = []
            for event in distributed.ingest_on_cluster(plan, url, AnalyzeOptions(jobs=1), client, store):
                events.append(event)
                if killed is None:  # both workers are busy with tasks of their own: kill one mid-task
                    killed = next(iter(client.run(os.getpid).values()))
                    os.kill(killed, signal.SIGKILL)
            stored = store.list_articles(ArticleQuery(limit=1000))["articles"]
            counts = store.counts()
    finally:
        client.close()
        client.cluster.close()
    assert killed is not None
    assert sorted(e.doc_id for e in events) == sorted(p.stem for p in inputs.iterdir())  # each input reported once
    assert {e.status for e in events} <= {"stored", "skipped"}
    assert len(stored) == counts["articles"] == distinct
    assert len({a["doc_id"] for a in stored}) == distinct and {"article-000", "copy-of-article-000"} & {
        a["doc_id"] for a in stored}
    assert sum(a["quotes"] for a in stored) == counts["quotes"]  # no article's layers written twice
    assert sum(a["claims"] for a in stored) == counts["claims"]


@pytest.mark.slow  # two ingest processes load the models
def test_two_ingests_at_once_store_each_article_once(postgres_server, tmp_path):
    inputs, distinct = write_inputs(tmp_path / "in", 10)
    url = new_database(postgres_server)
    command = [sys.executable, "-m", "presslens", "ingest", str(inputs), "--db", url, "-j", "1", "-q"]
    runs = [subprocess.Popen(command, cwd=ROOT, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    summaries = [run.communicate(timeout=600)[1] for run in runs]
    assert [run.returncode for run in runs] == [0, 0], summaries
    stored = [int(line.split(" = ")[1].split(" stored")[0]) for s in summaries for line in s.splitlines()
              if " inputs = " in line]
    assert sum(stored) == distinct, summaries
    with open_store(url) as store:
        articles = store.list_articles(ArticleQuery(limit=1000))["articles"]
        counts = store.counts()
        # a person and a place may share a name (Tullin): one actor is one name, type and country
        actors = [(a["name"], a["type"], a["country"]) for a in store.list_actors(limit=10_000)["actors"]
                  if not a["generic"]]
    assert counts["articles"] == len(articles) == distinct
    assert sum(a["quotes"] for a in articles) == counts["quotes"]
    assert len(actors) == len(set(actors))  # an actor named by both at once is one actor


@pytest.mark.slow  # two server processes start, each with an analysis worker
def test_serve_runs_several_processes_over_one_postgresql_store(postgres_server):
    import json
    import time
    import urllib.request

    from tests.pg_cluster import free_port
    from tests.store_corpus import corpus, word_encoder

    url = new_database(postgres_server)
    with open_store(url, claim_encoder=word_encoder) as store:
        for record in corpus():
            store.add(record)
        store.group_claims()
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "presslens", "serve", "--db", url, "--port", str(port),
                               "--workers", "2", "--analysis-workers", "1"], cwd=ROOT, stderr=subprocess.PIPE,
                              text=True)
    try:
        health = None
        for _ in range(300):
            try:
                health = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2))
                break
            except OSError:
                time.sleep(1)
        assert health is not None and health["counts"]["articles"] == 4
        answers = [json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/articles?q=drones", timeout=30))
                   for _ in range(10)]
        assert {a["total"] for a in answers} == {2}
    finally:
        server.terminate()
        stderr = server.communicate(timeout=120)[1]
    assert "in 2 processes" in stderr


def test_serve_refuses_several_processes_over_a_sqlite_file(tmp_path):
    from click.testing import CliRunner

    from presslens.cli import main

    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "c.db"), "--workers", "2"])
    assert result.exit_code == 2 and "needs a PostgreSQL store" in result.output
