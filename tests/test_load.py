"""A bounded load test against a live server on loopback: 50 concurrent clients analysing,
storing and reading; no errors (an analysis turned away with 503 and Retry-After when the queue
is full is not one), no lost and no duplicated articles."""
from __future__ import annotations

import random
import threading
import time
from collections import Counter

import httpx
import pytest

from presslens.api.app import ServerSettings
from presslens.options import AnalyzeOptions
from presslens.store import SQLiteStore, content_hash
from tests.invented_articles import invented_article
from tests.live_server import live_server
from tests.store_corpus import corpus, word_encoder

pytestmark = pytest.mark.slow
CLIENTS = 50
SECONDS = 20
SHARED_TEXTS = 5  # texts every client posts too: the store must keep each once


def test_fifty_clients_analyse_and_read_without_errors_or_lost_articles(tmp_path):
    store = SQLiteStore(tmp_path / "load.db", claim_encoder=word_encoder)
    for record in corpus():
        store.add(record)
    settings = ServerSettings(db_path=str(tmp_path / "load.db"), options=AnalyzeOptions(jobs=1))
    posted: dict[str, set[int]] = {}  # text -> article ids the server answered with
    failures: list[str] = []
    reads = Counter()
    busy = Counter()
    lock = threading.Lock()

    with live_server(settings, store) as (url, _):
        # load the model before the clock starts
        httpx.post(url + "/analyze", content="A warm-up text about the port of Eastport.",
                   headers={"Content-Type": "text/plain"}, timeout=300).raise_for_status()
        stop_at = time.monotonic() + SECONDS

        def client(n: int) -> None:
            rng = random.Random(n)
            with httpx.Client(base_url=url, timeout=120) as http:
                i = 0
                while time.monotonic() < stop_at:
                    i += 1
                    try:
                        if rng.random() < 0.35:
                            text = (invented_article(rng.randrange(SHARED_TEXTS)) if rng.random() < 0.3
                                    else invented_article(1000 + n * 1000 + i))
                            r = http.post("/analyze", params={"store": "true"}, content=text,
                                          headers={"Content-Type": "text/plain"})
                            if r.status_code == 503 and r.headers.get("Retry-After", "").isdigit():
                                with lock:  # every analysis worker busy, the queue full: try later
                                    busy["POST /analyze"] += 1
                                continue
                            if r.status_code not in (200, 201):
                                failures.append(f"POST {r.status_code} {r.text[:200]}")
                                continue
                            with lock:
                                posted.setdefault(text, set()).add(r.json()["article_id"])
                                reads["POST /analyze"] += 1
                        else:
                            path = rng.choice(["/articles?q=strike", "/articles/1", "/actors", "/graph", "/claims",
                                               "/techniques/stats?by=month", "/articles?source=Brindel%20Daily"])
                            r = http.get(path)
                            if r.status_code != 200:
                                failures.append(f"GET {path} {r.status_code}")
                            with lock:
                                reads[path] += 1
                    except httpx.HTTPError as exc:
                        failures.append(f"{type(exc).__name__}: {exc}")

        threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=SECONDS + 300)
        assert not any(t.is_alive() for t in threads)
        print(f"\n{CLIENTS} clients, {SECONDS} s: {reads.pop('POST /analyze', 0)} analyses stored "
              f"({len(posted)} distinct texts), {busy['POST /analyze']} turned away (503), {sum(reads.values())} reads")
        assert failures == []
        assert sum(reads.values()) > CLIENTS and len(posted) > SHARED_TEXTS

        # Every text posted is stored exactly once, under the one id every client was told.
        assert all(len(ids) == 1 for ids in posted.values())
        with httpx.Client(base_url=url, timeout=60) as http:
            total = http.get("/articles", params={"limit": 1}).json()["total"]
            assert total == len(corpus()) + len(posted)  # the warm-up analysis was not stored
            for text, (article_id,) in posted.items():
                assert http.get(f"/articles/{article_id}").json()["text"] == text
    hashes = [content_hash(r["text"]) for r in store.iter_analyses()]
    assert len(hashes) == len(set(hashes))
