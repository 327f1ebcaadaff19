"""The API's lists: pages with totals and documented orders on every list endpoint, an actor's
lists a page at a time, forgiving technique names and dates that are checked for being real."""
from __future__ import annotations

import pytest

from presslens.store import GraphQuery
from tests.served_stores import served_store
from tests.store_corpus import corpus, police_articles
from tests.test_store_backends import with_unnamed_speakers_labels

LISTS = {  # endpoint: the key of its items
    "/articles": "articles", "/actors": "actors", "/actors/1/quotes": "quotes", "/actors/1/relations": "relations",
    "/actors/1/labels": "labels", "/actors/2/labels?direction=received": "labels", "/actors/1/claims": "claims",
    "/claims": "claims", "/graph": "edges",
}


@pytest.fixture(scope="module")
def client(module_stores):
    with served_store(module_stores.new(), [*corpus(), *police_articles()], started=False) as c:
        yield c


def _with(path: str, **params) -> str:
    return path + ("&" if "?" in path else "?") + "&".join(f"{k}={v}" for k, v in params.items())


@pytest.fixture(scope="module")
def spec(client):
    return client.get("/openapi.json").json()


@pytest.mark.parametrize("path, key", LISTS.items())
def test_every_list_pages_through_to_its_last_item_in_every_order(client, spec, path, key):
    template = path.split("?")[0].replace("/1/", "/{actor_id}/").replace("/2/", "/{actor_id}/")
    parameters = {p["name"]: p for p in spec["paths"][template]["get"]["parameters"]}
    assert {"limit", "offset", "sort"} <= parameters.keys()
    sorts = parameters["sort"]["schema"]["enum"]
    assert sorts[0] == parameters["sort"]["schema"]["default"] and parameters["sort"]["description"]
    for sort in sorts:
        whole = client.get(_with(path, sort=sort, limit=500)).json()
        items, offset = [], 0
        while offset < whole["total"]:
            page = client.get(_with(path, sort=sort, limit=1, offset=offset)).json()
            assert page["total"] == whole["total"]
            items.extend(page[key])
            offset += 1
        assert items == whole[key] and whole["total"] >= 1, (path, sort)


def test_an_unknown_order_is_a_422_naming_the_known_ones(client):
    r = client.get("/articles?sort=loudest")
    assert r.status_code == 422 and "'newest'" in r.json()["detail"][0]["msg"]


def test_an_actor_gives_its_first_items_and_totals_and_the_rest_by_page(client):
    talvik = client.get("/actors/1?limit=1").json()
    assert talvik["totals"]["quotes"] == 2 and len(talvik["quotes"]) == 1
    newest = client.get("/actors/1/quotes?sort=newest").json()["quotes"]
    assert [q["date"] for q in newest] == ["2023-10-12", "2023-10-09"]
    assert all(q["article_label"] for q in newest)
    assert client.get("/actors/999/claims").status_code == 404
    assert client.get("/actors/1/labels?direction=sideways").status_code == 422


def test_technique_filter_is_forgiving_and_lists_the_names_otherwise(client):
    def found(technique):
        return client.get(f"/articles?technique={technique}").json()["total"]

    assert found("Name_Calling-Labeling") == found("name calling") == found("NAME-CALLING-labeling") == 2
    assert found("loaded") == found("LOADED_LANGUAGE") == 1
    assert found("doubt") == 0  # a known name, used nowhere here
    for unknown in ("appeal", "sarcasm"):  # "appeal" starts several names
        r = client.get(f"/articles?technique={unknown}")
        assert r.status_code == 422
        error = r.json()["detail"][0]
        assert error["loc"] == ["query", "technique"] and "Appeal_to_Authority" in error["msg"]


@pytest.mark.parametrize("path", ["/articles", "/graph"])
def test_dates_that_do_not_exist_are_a_422_with_the_reason(client, path):
    for bad, reason in [("2023-02-30", "day is out of range"), ("2023-13", "month must be in 1..12"),
                        ("2023-00-10", "month must be in 1..12"), ("23-01-01", "match pattern")]:
        r = client.get(f"{path}?date_from={bad}")
        assert r.status_code == 422 and reason in r.json()["detail"][0]["msg"], bad
    assert client.get(f"{path}?date_from=2024-02-29&date_to=2024").status_code == 200


def test_graph_parameters_reach_the_store(client):
    top = client.get("/graph?top=2&limit=10").json()
    assert top["total_nodes"] == 2 and {n["name"] for n in top["nodes"]} == {"Oren Talvik", "Veloria"}
    assert client.get("/graph?min_count=5").json() == {"total": 0, "total_nodes": 0, "nodes": [], "edges": []}
    assert client.get("/graph?top=0").status_code == 422


def test_article_lists_and_reads_say_what_to_call_the_article(client):
    listed = client.get("/articles?sort=title&limit=1").json()["articles"][0]
    assert listed["label"] == listed["title"] == "Concert cancelled"
    assert client.get(f"/articles/{listed['id']}").json()["label"] == "Concert cancelled"
    ledger = client.get("/claims?q=supplied").json()["claims"][0]["claims"]
    assert [c["article_label"] for c in ledger] == ["Talvik accuses Veloria over drones"]


def test_a_label_of_a_speaker_that_is_no_entity_is_its_own_and_negation_is_kept(module_stores):
    """A quoted speaker named only in words applies its label (not the article's voice); a
    negated label says so, in an actor's list and in its counts."""
    with served_store(module_stores.new("labels.db"), [with_unnamed_speakers_labels(corpus()[0])],
                      started=False) as c:
        veloria = c.get("/actors?q=veloria").json()["actors"][0]["id"]
        received = c.get(f"/actors/{veloria}/labels?direction=received&sort=oldest").json()["labels"]
        assert [(x["label"], x["source"], x["source_name"], x["negated"]) for x in received] == [
            ("a gang of arsonists", 1, "Oren Talvik", False), ("a pariah", None, "A port source", True),
            ("a pariah", None, None, False)]
        counted = c.get(f"/actors/{veloria}/labels/counts?direction=received").json()["labels"]
        assert [(g["label"], g["negated"], g["other_name"]) for g in counted] == [
            ("a gang of arsonists", False, "Oren Talvik"), ("a pariah", False, None),
            ("a pariah", True, "A port source")]


def test_the_graph_shows_an_article_stored_after_it_was_first_read(module_stores):
    """/graph is rendered once per store version: an article stored meanwhile shows at once."""
    first, *rest = corpus()
    with served_store(module_stores.new("graph.db"), [first], started=False) as c:
        before = c.get("/graph").json()
        assert c.get("/graph").json() == before and before["total"] == 1
        store = c.app.state.store
        for record in rest:
            store.add(record)
        after = c.get("/graph").json()
        assert after["total"] == 5 and after["edges"] == store.graph(GraphQuery())["edges"]
