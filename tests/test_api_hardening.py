"""The HTTP API under hostile or heavy requests: every bad request is a clear 4xx, never a 500;
analyses run in worker processes behind a bounded queue that answers 503 with Retry-After when
full; a worker that dies does not take the server down."""
from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time

import httpx
import pytest
from fastapi.testclient import TestClient

from presslens.api.app import INT64_MAX, ServerSettings, create_app
from presslens.options import AnalyzeOptions
from tests.invented_articles import invented_article
from tests.live_server import live_server
from tests.served_stores import filled_store, served_store
from tests.store_corpus import HeldEncoder

HUGE = "99999999999999999999999"
# Why the analysis worker pool's tests run on SQLite only: they store nothing (the store answers
# /health alone), and each loads the models into new workers (tens of seconds).
WORKER_POOL_ONLY = "a test of the analysis worker pool, which never reaches the store: a second backend would " \
                   "load the models again and test nothing new"


@pytest.fixture(scope="module")
def client(module_stores):
    """A server over the invented corpus that answers a crash with a 500 (as a real one does)
    instead of raising it into the test."""
    with served_store(module_stores.new(), options=AnalyzeOptions(jobs=1, max_chars=5000), analysis_workers=1) as c:
        yield c


# --- 1. deeply nested JSON bodies -------------------------------------------------------------------
@pytest.mark.parametrize("body", [
    "[" * 1200,
    "[" * 1200 + "]" * 1200,
    '{"a": ' * 1200 + "1" + "}" * 1200,
    '{"text": "The port reopened.", "title": ' + "[" * 5000 + "]" * 5000 + "}",
])
def test_a_deeply_nested_json_body_is_a_400_that_says_so(client, body):
    r = client.post("/analyze", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 400
    assert "deeper than 100 levels" in r.json()["detail"]


def test_brackets_inside_json_strings_are_text_not_nesting(client):
    text = "The minister quoted [[[[" * 150 + " and left."
    r = client.post("/analyze", json={"text": text, "title": "{" * 2000})
    assert r.status_code == 200 and r.json()["text"] == text


def test_a_lone_surrogate_in_a_json_body_is_a_400(client):
    body = '{"text": "The port reopened \\ud800 on Monday.", "source": "Wire"}'
    r = client.post("/analyze?store=true", content=body, headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and "not valid Unicode" in r.json()["detail"]


# --- 2. integers past 64 bits ----------------------------------------------------------------------
@pytest.mark.parametrize("path", [
    f"/articles/{HUGE}", f"/articles/-{HUGE}", f"/actors/{HUGE}", "/articles/9223372036854775808",
    "/articles?offset=9223372036854775808", f"/articles?actor={HUGE}", f"/actors?offset={HUGE}",
    f"/claims?offset={HUGE}", f"/claims?min_articles={HUGE}", f"/articles/{'9' * 5000}",
])
def test_integers_past_64_bits_are_422(client, path):
    r = client.get(path)
    assert r.status_code == 422 and r.json()["detail"]


def test_the_largest_64_bit_integers_are_ordinary_requests(client):
    assert client.get(f"/articles/{INT64_MAX}").status_code == 404
    assert client.get(f"/actors/{INT64_MAX}").status_code == 404
    page = client.get("/articles", params={"offset": INT64_MAX, "actor": INT64_MAX})
    assert page.status_code == 200 and page.json()["articles"] == []
    assert client.get("/claims", params={"offset": INT64_MAX, "min_articles": INT64_MAX}).json()["claims"] == []


def test_every_integer_parameter_the_api_declares_is_bounded_to_64_bits(client):
    spec = client.get("/openapi.json").json()
    integers = []
    for path, methods in spec["paths"].items():
        for method in methods.values():
            for parameter in method.get("parameters", []):
                schema = parameter["schema"]
                for variant in schema.get("anyOf", [schema]):
                    if variant.get("type") == "integer":
                        integers.append((path, parameter["name"], variant))
    assert {(p, n) for p, n, _ in integers} >= {("/articles/{article_id}", "article_id"), ("/articles", "offset"),
                                                ("/articles", "actor"), ("/actors/{actor_id}", "actor_id")}
    unbounded = [(p, n) for p, n, v in integers if v.get("maximum", INT64_MAX + 1) > INT64_MAX or "minimum" not in v]
    assert unbounded == []


# --- 3. control characters in searches -----------------------------------------------------------
@pytest.mark.parametrize("path, key, found", [
    ("/articles", "total", 2), ("/actors", "total", 1), ("/claims", "total", 1),
])
def test_a_nul_in_a_search_is_read_as_a_space(client, path, key, found):
    word = {"/articles": "drones", "/actors": "talvik", "/claims": "harbour"}[path]
    for q in (f"{word}\x00", f"\x00{word}\x1b", f"{word}\x00\x00\x00"):
        r = client.get(path, params={"q": q})
        assert r.status_code == 200 and r.json()[key] == found
    nothing = client.get(path, params={"q": "\x00\x01"})
    assert nothing.status_code == 200 and nothing.json()[key] == 0


def test_a_nul_in_a_search_leaves_the_connection_working(stores):
    location = stores.new()
    with filled_store(location) as store, live_server(ServerSettings(db_path=location), store) as (url, _):
        with httpx.Client(base_url=url, timeout=30) as http:  # one kept-alive connection
            for _ in range(3):
                assert http.get("/articles", params={"q": "russia\x00"}).status_code == 200
                assert http.get("/articles", params={"q": "drones"}).json()["total"] == 2
                assert http.get("/health").status_code == 200


# --- 10. analyses in worker processes behind a bounded queue -------------------------------------
def test_workers_that_cannot_start_answer_503_not_500(stores):
    """A model the analysis workers cannot load fails every analysis the same way: a server fault
    the client is told to retry later, while reads go on."""
    unloadable = AnalyzeOptions(jobs=1, model="no_such_model")
    with served_store(stores.new(), [], analysis_workers=1, options=unloadable) as client:
        answer = client.post("/analyze", content=invented_article(1), headers={"Content-Type": "text/plain"})
        assert answer.status_code == 503, answer.text
        assert int(answer.headers["Retry-After"]) >= 1
        assert "cannot start" in answer.json()["detail"] and "no_such_model" in answer.json()["detail"]
        assert client.get("/health").status_code == 200


@pytest.mark.sqlite_only(reason=WORKER_POOL_ONLY)
def test_a_full_analysis_queue_answers_503_with_retry_after(stores):
    location = stores.new()
    settings = ServerSettings(db_path=location, options=AnalyzeOptions(jobs=1), analysis_workers=1, analysis_queue=1)
    text = " ".join(invented_article(i) for i in range(40))  # about a second of work each
    answers: list[httpx.Response | Exception] = []
    with filled_store(location, []) as store, live_server(settings, store) as (url, _):
        go = threading.Barrier(8)

        def post() -> None:
            go.wait()
            try:
                answers.append(httpx.post(url + "/analyze", content=text, headers={"Content-Type": "text/plain"},
                                          timeout=120))
            except httpx.HTTPError as exc:
                answers.append(exc)

        threads = [threading.Thread(target=post) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        statuses = sorted(a.status_code if isinstance(a, httpx.Response) else repr(a) for a in answers)
        assert set(statuses) == {200, 503}, statuses
        assert 1 <= statuses.count(200) <= 2  # one running, one waiting: the rest are turned away at once
        for busy in (a for a in answers if a.status_code == 503):
            assert int(busy.headers["Retry-After"]) >= 1 and "busy" in busy.json()["detail"]
        # the queue empties: the next analysis is served
        again = httpx.post(url + "/analyze", content=invented_article(1), headers={"Content-Type": "text/plain"},
                           timeout=120)
        assert again.status_code == 200


def test_reads_do_not_wait_for_the_servers_claim_grouping(stores):
    """The server groups stored claims on its own thread (seconds of embedding while analyses
    are stored): reads answer meanwhile with the groups as they are."""
    location, held = stores.new(), HeldEncoder(timeout=30)
    answers: list[int] = []
    with filled_store(location, claim_encoder=held) as store, \
            TestClient(create_app(ServerSettings(db_path=location), store)) as c:
        assert held.encoding.wait(30)  # the server's grouping has started and is held
        reader = threading.Thread(target=lambda: answers.extend(
            c.get(path).status_code for path in ("/claims", "/articles/1", "/actors/1")))
        reader.start()
        reader.join(10)
        finished = not reader.is_alive()
        held.release.set()
        reader.join()
        assert finished and answers == [200, 200, 200]
        deadline = time.monotonic() + 30  # the grouping goes on: later reads show its groups
        while c.get("/claims").json()["total"] < 2:
            assert time.monotonic() < deadline
            time.sleep(0.05)


@pytest.mark.slow
@pytest.mark.sqlite_only(reason=WORKER_POOL_ONLY)
def test_a_dying_worker_neither_fails_the_request_nor_the_server(stores):
    location = stores.new()
    settings = ServerSettings(db_path=location, options=AnalyzeOptions(jobs=1), analysis_workers=1)
    long_text = " ".join(invented_article(i) for i in range(200))
    before = {p.pid for p in multiprocessing.active_children()}
    with filled_store(location, []) as store, live_server(settings, store) as (url, _):
        plain = {"Content-Type": "text/plain"}
        assert httpx.post(url + "/analyze", content=invented_article(0), headers=plain, timeout=120).status_code == 200
        workers = [p.pid for p in multiprocessing.active_children() if p.pid not in before]
        assert workers
        answer: list[httpx.Response] = []
        slow = threading.Thread(target=lambda: answer.append(
            httpx.post(url + "/analyze", content=long_text, headers=plain, timeout=300)))
        slow.start()
        time.sleep(1.0)  # the long analysis is running in the worker
        for pid in workers:
            os.kill(pid, signal.SIGKILL)
        slow.join()
        # the text is tried once more in a fresh pool: it was not the text that killed the worker
        assert answer[0].status_code == 200 and answer[0].json()["text"] == long_text
        assert httpx.get(url + "/health", timeout=30).status_code == 200
        assert httpx.post(url + "/analyze", content=invented_article(2), headers=plain, timeout=120).status_code == 200
        renewed = {p.pid for p in multiprocessing.active_children()} - before
        assert renewed and not renewed & set(workers)  # served by a new worker
