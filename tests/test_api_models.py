"""The API's requests and responses as the OpenAPI description documents them: every endpoint
names its models, every response it gives matches them with no undocumented field, the JSON is
what the store holds, and invalid fields of a JSON request are 422s that name the field."""
from __future__ import annotations

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from presslens.events import STANDING_KINDS
from presslens.options import AnalyzeOptions
from presslens.schema import analysis_schema
from presslens.stages.relations import KIND_OF_EVENT
from presslens.store import ArticleQuery, ClaimQuery, GraphQuery
from tests.served_stores import served_store
from tests.store_corpus import corpus

ARTICLE = ("Minister Oren Talvik of Norland said on Monday that the port of Eastport would reopen next week. "
           "\"We will not accept any blockade,\" Talvik told reporters in Brindel.")
# Each GET endpoint and the model of its 200 response.
RESPONSE_MODELS = {
    "/articles": "ArticleList", "/articles/{article_id}": "Article", "/actors": "ActorList",
    "/actors/{actor_id}": "Actor", "/graph": "Graph", "/claims": "ClaimsLedger",
    "/techniques/stats": "TechniqueStats", "/health": "Health",
}


@pytest.fixture(scope="module")
def client(module_stores):
    with served_store(module_stores.new(), options=AnalyzeOptions(jobs=1, max_chars=5000), analysis_workers=1) as c:
        yield c


@pytest.fixture(scope="module")
def spec(client) -> dict[str, Any]:
    return client.get("/openapi.json").json()


def closed(node: Any) -> Any:
    """A schema in which every object that lists its properties has no others: what an endpoint
    answers must be documented field by field."""
    if isinstance(node, list):
        return [closed(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: closed(value) for key, value in node.items()}
    if "properties" in node and node.get("additionalProperties", True) is True:
        node["additionalProperties"] = False
    return node


def assert_documented(spec: dict[str, Any], method: str, path: str, response) -> None:
    """``response`` (status and JSON) is one that the OpenAPI description gives for the operation."""
    documented = spec["paths"][path][method]["responses"]
    assert str(response.status_code) in documented, (path, response.status_code, list(documented))
    schema = documented[str(response.status_code)]["content"]["application/json"]["schema"]
    validator = Draft202012Validator(closed({**schema, "components": spec["components"]}))
    problems = [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
                for e in validator.iter_errors(response.json())]
    assert problems == [], (path, response.status_code, problems[:5])


def reference(schema: dict[str, Any]) -> str:
    return schema["$ref"].removeprefix("#/components/schemas/")


# --- what /openapi.json says ---------------------------------------------------------------------
def test_each_get_endpoint_names_its_response_model(spec):
    for path, model in RESPONSE_MODELS.items():
        ok = spec["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert reference(ok) == model, path
    schemas = spec["components"]["schemas"]
    assert {"total", "articles"} <= schemas["ArticleList"]["properties"].keys()
    assert reference(schemas["ArticleList"]["properties"]["articles"]["items"]) == "ArticleSummary"
    assert {"nodes", "edges"} <= schemas["Graph"]["properties"].keys()
    assert reference(spec["paths"]["/articles/{article_id}"]["get"]["responses"]["404"]["content"]
                     ["application/json"]["schema"]) == "Problem"


def test_analyze_documents_its_three_bodies_and_every_answer(spec):
    operation = spec["paths"]["/analyze"]["post"]
    bodies = operation["requestBody"]["content"]
    assert bodies.keys() == {"application/json", "text/plain", "text/html"}
    request = bodies["application/json"]["schema"]
    assert request["title"] == "AnalyzeRequest"
    assert request["properties"].keys() == {"text", "html", "id", "title", "source", "url", "published", "language"}
    answers = operation["responses"]
    for status in ("200", "201"):
        assert reference(answers[status]["content"]["application/json"]["schema"]) == "AnalyzeResult"
    rejections = answers["422"]["content"]["application/json"]["schema"]["anyOf"]
    assert {reference(r) for r in rejections} == {"Rejected", "InvalidRequest"}
    assert "Retry-After" in answers["503"]["headers"]
    assert {"400", "401", "413", "415"} <= answers.keys()


def test_the_analysis_models_follow_the_format_schema(spec):
    """The top level is the format's; each part inside is documented by the format's own schema."""
    analysis = analysis_schema()["$defs"]["analysis"]
    result = spec["components"]["schemas"]["AnalyzeResult"]
    assert set(analysis["required"]) <= set(result["required"])
    assert result["properties"].keys() == analysis["properties"].keys() | {"article_id", "stored"}
    kinds = result["properties"]["relations"]["items"]["properties"]["kind"]["enum"]
    assert kinds == analysis["properties"]["relations"]["items"]["properties"]["kind"]["enum"]
    assert "$defs" not in json.dumps(spec)  # the format's references are resolved


def test_relation_kinds_and_claim_statuses_are_the_formats(client, spec):
    analysis = analysis_schema()["$defs"]["analysis"]["properties"]
    kinds = analysis["relations"]["items"]["properties"]["kind"]["enum"]
    statuses = analysis["claims"]["items"]["properties"]["status"]["enum"]
    assert set(kinds) == set(KIND_OF_EVENT.values()) | STANDING_KINDS  # every kind the relations stage gives
    assert client.get("/graph", params={"kinds": ",".join(kinds)}).status_code == 200
    status = next(p for p in spec["paths"]["/claims"]["get"]["parameters"] if p["name"] == "status")
    assert status["schema"]["anyOf"][0]["enum"] == statuses
    assert spec["components"]["schemas"]["StoredRelation"]["properties"]["kind"]["enum"] == kinds


# --- what the endpoints answer -------------------------------------------------------------------
@pytest.mark.parametrize("path, template", [
    ("/articles", "/articles"), ("/articles?q=drones", "/articles"), ("/articles/1", "/articles/{article_id}"),
    ("/articles/999", "/articles/{article_id}"), ("/articles/abc", "/articles/{article_id}"),
    ("/actors", "/actors"), ("/actors/1", "/actors/{actor_id}"), ("/actors/999", "/actors/{actor_id}"),
    ("/graph", "/graph"), ("/graph?include_negated=true", "/graph"), ("/graph?kinds=hugs", "/graph"),
    ("/claims", "/claims"), ("/claims?status=disputed", "/claims"), ("/claims?status=maybe", "/claims"),
    ("/techniques/stats?by=speaker", "/techniques/stats"), ("/techniques/stats?by=month", "/techniques/stats"),
    ("/health", "/health"),
])
def test_every_answer_is_documented_field_by_field(client, spec, path, template):
    assert_documented(spec, "get", template, client.get(path))


def test_reads_answer_what_the_store_holds(client):
    store = client.app.state.store
    store.group_claims()  # waits for the server's grouping: the claims' groups no longer change under the reads
    same = {
        "/articles": store.list_articles(ArticleQuery()),
        "/articles?q=drones": store.list_articles(ArticleQuery(q="drones")),  # with snippets
        "/articles/1": store.get_article(1),
        "/actors": store.list_actors(),
        "/actors/1": store.get_actor(1),
        "/graph": store.graph(GraphQuery()),
        "/claims": store.claims(ClaimQuery()),
        "/techniques/stats?by=month": store.technique_stats("month"),
    }
    for path, held in same.items():  # the same fields and values; the answer's fields in its model's order
        assert client.get(path).json() == json.loads(json.dumps(held)), path


def test_an_analysis_is_answered_stored_and_read_back_as_documented(client, spec):
    payload = {"text": ARTICLE, "id": 42, "title": "Port reopens", "published": "2023-10-11T10:00:00Z"}
    posted = client.post("/analyze?store=true", json=payload)
    assert posted.status_code == 201
    assert_documented(spec, "post", "/analyze", posted)
    record = posted.json()
    assert record["document"]["id"] == "42" and record["document"]["published"] == "2023-10-11"
    stored = client.get(f"/articles/{record['article_id']}")
    assert_documented(spec, "get", "/articles/{article_id}", stored)
    assert stored.json()["article_id"] == record["article_id"] and "stored" not in stored.json()


def test_an_article_stored_with_the_answers_fields_inside_reads_back_with_its_id(client):
    """Until /analyze left them out, it stored its answer's article_id and stored (null) with
    the analysis."""
    record = {**corpus()[0], "text": "Talvik spoke again on Friday.", "article_id": None, "stored": None}
    article_id = client.app.state.store.add(record).article_id
    article = client.get(f"/articles/{article_id}")
    assert article.status_code == 200 and article.json()["article_id"] == article_id
    assert "stored" not in article.json()


@pytest.mark.parametrize("payload, where, fragment", [
    ({"text": 5}, ["body", "text"], "valid string"),
    ({"html": ["<p>port</p>"]}, ["body", "html"], "valid string"),
    ({"text": ARTICLE, "html": "<p>port</p>"}, ["body"], "exactly one of 'text'"),
    ({"text": ARTICLE, "published": "2023-99-99"}, ["body", "published"], "YYYY-MM-DD"),
    ({"text": ARTICLE, "published": "2023-02-01xyz"}, ["body", "published"], "'2023-02-01xyz'"),
    ({"text": ARTICLE, "id": "x" * 201}, ["body", "id"], "at most 200 characters"),
    ({"text": ARTICLE, "source": {"name": "Wire"}}, ["body", "source"], "valid string"),
])
def test_invalid_json_fields_are_422_naming_the_field(client, spec, payload, where, fragment):
    r = client.post("/analyze", json=payload)
    assert r.status_code == 422
    assert_documented(spec, "post", "/analyze", r)
    [error] = r.json()["detail"]
    assert error["loc"] == where and fragment in error["msg"]
    assert "input" not in error  # a body's values are not sent back


@pytest.mark.parametrize("kwargs, status", [
    ({"json": {"title": "no text"}}, 400), ({"json": {"text": "   "}}, 422),
    ({"content": "a,b", "headers": {"Content-Type": "text/csv"}}, 415),
    ({"content": "[" * 200, "headers": {"Content-Type": "application/json"}}, 400),
])
def test_analyze_errors_are_documented(client, spec, kwargs, status):
    r = client.post("/analyze", **kwargs)
    assert r.status_code == status
    assert_documented(spec, "post", "/analyze", r)
