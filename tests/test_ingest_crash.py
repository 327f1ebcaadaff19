"""An ingest killed with SIGKILL half-way loses nothing: the re-run stores exactly the rest."""
from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.invented_articles import invented_article

pytestmark = pytest.mark.slow
SRC = Path(__file__).parents[1] / "src"
N_ARTICLES = 60


def stored_count(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        with sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # the schema is not there yet
        return 0


def ingest_command(inputs: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "presslens.cli", "ingest", str(inputs), "--db", str(db), "--jobs", "1", "--quiet"]


def test_kill_during_ingest_then_rerun_stores_every_input_once(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(N_ARTICLES):
        (inputs / f"article-{i:03d}.txt").write_text(invented_article(i), encoding="utf-8")
    (inputs / "blank.txt").write_text("\n\n", encoding="utf-8")
    (inputs / "notes.docx").write_bytes(b"PK\x03\x04")
    db = tmp_path / "corpus.db"
    env = {**os.environ, "PYTHONPATH": str(SRC), "OMP_NUM_THREADS": "1"}

    process = subprocess.Popen(ingest_command(inputs, db), env=env, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while stored_count(db) < 3:
        assert process.poll() is None, "ingest ended before it could be interrupted"
        assert time.monotonic() < deadline, "ingest stored nothing in time"
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    interrupted = stored_count(db)
    assert 3 <= interrupted < N_ARTICLES

    rerun = subprocess.run(ingest_command(inputs, db), env=env, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 3, rerun.stderr  # 3: some inputs were rejected (the blank and the .docx)
    assert f"{N_ARTICLES - interrupted} stored + {interrupted} already stored" in rerun.stderr

    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT content_hash) FROM articles").fetchone() == (
            N_ARTICLES, N_ARTICLES)
        assert sorted(r[0] for r in conn.execute("SELECT doc_id FROM articles")) == [
            f"article-{i:03d}" for i in range(N_ARTICLES)]
        assert sorted(r[0] for r in conn.execute("SELECT code FROM rejections")) == ["empty", "unsupported_type"]
        conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('integrity-check')")  # raises if torn
        orphans = conn.execute("SELECT count(*) FROM article_actors WHERE article_id NOT IN "
                               "(SELECT id FROM articles)").fetchone()[0]
        assert orphans == 0


def child_pids(pid: int) -> set[int]:
    """The processes whose parent is ``pid``, read from /proc as ps does."""
    children = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            children.update(int(c) for c in (task / "children").read_text().split())
        except OSError:  # the process or thread has just ended
            pass
    return children


def running(pid: int) -> bool:
    """Whether ``pid`` is alive: a zombie waiting to be reaped by whoever adopted it has ended."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM], ids=["SIGKILL", "SIGTERM"])
def test_workers_end_with_their_ingest_parent(tmp_path, sig):
    """Workers hold a model each (hundreds of MB): they must not outlive the run that started them,
    however it ends; what was stored stays stored."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(40):
        (inputs / f"article-{i:03d}.txt").write_text(invented_article(i), encoding="utf-8")
    db = tmp_path / "corpus.db"
    env = {**os.environ, "PYTHONPATH": str(SRC), "OMP_NUM_THREADS": "1"}
    command = [sys.executable, "-m", "presslens.cli", "ingest", str(inputs), "--db", str(db), "--jobs", "2", "--quiet"]
    process = subprocess.Popen(command, env=env, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 300
        while len(workers) < 2:
            assert process.poll() is None, "ingest ended before its workers started"
            assert time.monotonic() < deadline, "no workers started in time"
            workers = {pid for pid in child_pids(process.pid) if running(pid)}
            time.sleep(0.05)
        os.kill(process.pid, sig)
        process.wait(timeout=60)
        stored = stored_count(db)
        deadline = time.monotonic() + 10
        while any(running(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(running(pid) for pid in workers), "workers outlived their parent"
    finally:
        for pid in workers:  # leave no orphan behind, whatever the outcome
            if running(pid):
                os.kill(pid, signal.SIGKILL)
        if process.poll() is None:
            process.kill()
            process.wait()
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == stored
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
