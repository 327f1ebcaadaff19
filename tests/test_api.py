"""The HTTP API: every endpoint, its filters, and clear 4xx errors for bad requests."""
from __future__ import annotations

import json
import threading
import time

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from presslens.api.app import ServerSettings, create_app, is_loopback
from presslens.cli import main
from presslens.options import AnalyzeOptions
from tests.served_stores import filled_store, served_store
from tests.store_corpus import CountingEncoder, corpus

ARTICLE = ("Minister Oren Talvik of Norland said on Monday that the port of Eastport would reopen next week. "
           "\"We will not accept any blockade,\" Talvik told reporters in Brindel.")
PAGE = ("<html><head><title>Port to reopen</title></head><body><article><h1>Port to reopen</h1>"
        f"<p>{ARTICLE}</p><p>The Harbour Workers Union said it would study the plan before Friday.</p>"
        "</article></body></html>")


@pytest.fixture(scope="module")
def client(module_stores):
    with served_store(module_stores.new(), started=False, options=AnalyzeOptions(jobs=1, max_chars=5000)) as c:
        yield c


# --- POST /analyze ---------------------------------------------------------------------------
def test_analyze_plain_text_returns_the_analysis_without_storing(client):
    before = client.get("/health").json()["counts"]["articles"]
    r = client.post("/analyze?published=2023-10-10&id=port", content=ARTICLE, headers={"Content-Type": "text/plain"})
    assert r.status_code == 200
    body = r.json()
    assert body["schema"] == "presslens/analysis@1" and body["text"] == ARTICLE
    assert body["document"]["id"] == "port" and body["document"]["published"] == "2023-10-10"
    assert any(e["name"] == "Oren Talvik" for e in body["entities"])
    assert body["stored"] is None and body["article_id"] is None
    assert client.get("/health").json()["counts"]["articles"] == before


def test_analyze_json_record_stores_once(client):
    payload = {"text": ARTICLE + " Officials confirmed the date.", "title": "Port reopens", "source": "Test Wire",
               "published": "2023-10-11"}
    r = client.post("/analyze?store=true", json=payload)
    assert r.status_code == 201 and r.json()["stored"] == "stored"
    article_id = r.json()["article_id"]
    stored = client.get(f"/articles/{article_id}").json()
    assert stored["document"]["title"] == "Port reopens" and stored["document"]["source"] == "Test Wire"
    again = client.post("/analyze?store=true", json=payload)
    assert again.status_code == 200 and again.json()["stored"] == "duplicate"
    assert again.json()["article_id"] == article_id


def test_analyze_html_extracts_the_main_text(client):
    r = client.post("/analyze", content=PAGE, headers={"Content-Type": "text/html; charset=utf-8"})
    assert r.status_code == 200
    assert "<p>" not in r.json()["text"] and "Harbour Workers Union" in r.json()["text"]
    assert r.json()["document"]["title"] == "Port to reopen"


@pytest.mark.parametrize("kwargs, status, fragment", [
    ({"content": "   ", "headers": {"Content-Type": "text/plain"}}, 422, "empty"),
    ({"content": "{not json", "headers": {"Content-Type": "application/json"}}, 400, "not valid JSON"),
    ({"json": ["a list"]}, 400, "must be an object"),
    ({"json": {"title": "no text"}}, 400, "'text' or an 'html'"),
    ({"json": {"text": ARTICLE, "published": "last Tuesday"}}, 422, "invalid_date"),
    ({"json": {"text": "x" * 6000}}, 422, "oversized"),
    ({"content": b"\xff\xfe\x00bad", "headers": {"Content-Type": "text/plain"}}, 400, "not UTF-8"),
    ({"content": "a,b", "headers": {"Content-Type": "text/csv"}}, 415, "unsupported content type"),
])
def test_analyze_bad_requests_are_clear_4xx(client, kwargs, status, fragment):
    r = client.post("/analyze", **kwargs)
    assert r.status_code == status
    assert fragment in json.dumps(r.json())


def test_request_bodies_over_the_limit_are_refused(stores):
    with served_store(stores.new(), [], started=False, max_body_bytes=1000) as small:
        r = small.post("/analyze", content="word " * 400, headers={"Content-Type": "text/plain"})
        assert r.status_code == 413 and "1,000 bytes" in r.json()["detail"]

        def chunks():  # no Content-Length: the limit applies to the streamed body
            for _ in range(10):
                yield b"word " * 100

        streamed = small.post("/analyze", content=chunks(), headers={"Content-Type": "text/plain"})
        assert streamed.status_code == 413


@pytest.mark.sqlite_only(reason="the token is checked before the store is reached, and the analysis it lets "
                                "through is not stored: a second backend would add a model load and test nothing new")
def test_write_endpoints_need_the_token_when_one_is_set(stores):
    with served_store(stores.new(), [], started=False, token="s3cret") as guarded:
        assert guarded.post("/analyze", content=ARTICLE, headers={"Content-Type": "text/plain"}).status_code == 401
        wrong = {"Content-Type": "text/plain", "Authorization": "Bearer nope"}
        assert guarded.post("/analyze", content=ARTICLE, headers=wrong).status_code == 401
        right = {"Content-Type": "text/plain", "Authorization": "Bearer s3cret"}
        assert guarded.post("/analyze", content=ARTICLE, headers=right).status_code == 200
        assert guarded.get("/articles").status_code == 200  # reading needs no token


def test_serve_refuses_a_public_address_without_a_token(tmp_path):
    result = CliRunner().invoke(main, ["serve", "--db", str(tmp_path / "x.db"), "--host", "0.0.0.0"],
                                env={"PRESSLENS_TOKEN": ""})
    assert result.exit_code == 2 and "--token" in result.output
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")


# --- reading the corpus -------------------------------------------------------------------------
def test_articles_search_and_filters(client):
    found = client.get("/articles", params={"q": "drones"}).json()
    assert {a["doc_id"] for a in found["articles"]} == {"talvik-accuses", "talvik-repeats"}
    assert client.get("/articles", params={"source": "Brindel Daily"}).json()["total"] == 2
    october = client.get("/articles", params={"date_from": "2023-10", "date_to": "2023-10"}).json()
    assert {a["doc_id"] for a in october["articles"]} >= {"talvik-accuses", "talvik-repeats"}
    assert "solberg-meets" not in {a["doc_id"] for a in october["articles"]}
    tech = client.get("/articles", params={"technique": "Loaded_Language"}).json()
    assert [a["doc_id"] for a in tech["articles"]] == ["talvik-repeats"]
    page = client.get("/articles", params={"limit": 1, "offset": 1}).json()
    assert len(page["articles"]) == 1 and page["total"] >= 4


@pytest.mark.parametrize("params", [{"date_from": "10/09/2023"}, {"limit": 0}, {"limit": 10_000}, {"offset": -1},
                                    {"actor": "talvik"}, {"q": "x" * 600}])
def test_articles_bad_filters_are_422(client, params):
    r = client.get("/articles", params=params)
    assert r.status_code == 422 and r.json()["detail"]


def test_one_article_and_missing_ones(client):
    article = client.get("/articles/1").json()
    assert article["article_id"] == 1 and article["quotes"][0]["speaker_name"] == "Oren Talvik"
    assert client.get("/articles/999").status_code == 404
    assert client.get("/articles/abc").status_code == 422


def test_actors_and_one_actor(client):
    actors = client.get("/actors", params={"q": "talvik"}).json()["actors"]
    assert [a["name"] for a in actors] == ["Oren Talvik"]
    detail = client.get(f"/actors/{actors[0]['id']}").json()
    assert {"quotes", "relations", "labels_used", "labels_received", "claims"} <= detail.keys()
    assert [r["happened"] for r in detail["relations"]] == sorted(r["happened"] for r in detail["relations"])
    assert client.get("/actors/999").status_code == 404
    assert client.get("/actors", params={"limit": 0}).status_code == 422


def test_graph_with_kinds_and_window(client):
    full = client.get("/graph").json()
    assert full["nodes"] and full["edges"]
    cooperation = client.get("/graph", params=[("kinds", "meets,supports"), ("kinds", "agrees")]).json()
    assert {e["kind"] for e in cooperation["edges"]} == {"meets", "supports", "agrees"}
    window = client.get("/graph", params={"date_from": "2023-11-01"}).json()
    assert all(e["first"] >= "2023-11-01" for e in window["edges"])
    bad = client.get("/graph", params={"kinds": "hugs"})
    assert bad.status_code == 400 and "hugs" in bad.json()["detail"]


def test_the_server_groups_ingested_claims_in_the_background_when_it_starts(stores):
    counting_encoder = CountingEncoder()
    encoded = counting_encoder.encoded
    location = stores.new()
    store = filled_store(location, claim_encoder=counting_encoder)  # as `presslens ingest` leaves it: not grouped
    assert encoded == []
    with TestClient(create_app(ServerSettings(db_path=location), store)):
        deadline = time.monotonic() + 30
        while not encoded and time.monotonic() < deadline:  # no request made: the server did it
            time.sleep(0.1)
    assert not any(t.name == "presslens-claims" for t in threading.enumerate())  # shutdown waited for it
    assert sorted(encoded) == sorted({c["text"] for r in corpus() for c in r.get("claims", [])})
    store.close()


def test_claims_ledger_and_its_filters(client):
    ledger = client.get("/claims").json()
    assert ledger["total"] >= 2
    assert all(g["status"] in g["statuses"] for g in ledger["claims"])
    disputed = client.get("/claims", params={"status": "disputed"}).json()
    assert [g["claimants"] for g in disputed["claims"]] == [["Pavel Dressler"]]
    assert client.get("/claims", params={"q": "harbour"}).json()["total"] == 1
    assert client.get("/claims", params={"status": "maybe"}).status_code == 422


def test_technique_stats(client):
    for by in ("source", "speaker", "month"):
        stats = client.get("/techniques/stats", params={"by": by}).json()
        assert stats["by"] == by and stats["groups"]
    assert client.get("/techniques/stats", params={"by": "weekday"}).status_code == 422


def test_openapi_docs_work_offline(client):
    spec = client.get("/openapi.json").json()
    assert {"/analyze", "/articles", "/articles/{article_id}", "/actors", "/actors/{actor_id}", "/graph", "/claims",
            "/techniques/stats"} <= spec["paths"].keys()
    docs = client.get("/docs").text
    assert "cdn" not in docs.lower() and "/static-offline-docs/swagger-ui-bundle.js" in docs
    assert client.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200
    assert "/static-offline-docs/redoc.standalone.js" in client.get("/redoc").text


def test_ui_is_served_with_a_strict_content_policy(client):
    page = client.get("/")
    assert page.status_code == 200 and "/ui/app.js" in page.text
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/ui/app.js").status_code == 200
    assert "http://" not in page.text and "https://" not in page.text  # nothing from the network


@pytest.mark.parametrize("path", ["/ui/../api/app.py", "/ui/%2e%2e/api/app.py", "/ui/..%2fstore%2fsqlite.py",
                                  "/articles/..%2f..%2fetc%2fpasswd"])
def test_no_path_from_the_request_reaches_the_file_system(client, path):
    assert client.get(path).status_code == 404 or client.get(path).status_code == 422
