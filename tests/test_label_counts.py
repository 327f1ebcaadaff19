"""An actor's labels counted over the corpus (issue 26): grouped by case-folded words and the other
party, the article's own voice kept apart, through the store and GET /actors/{id}/labels/counts."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from presslens.api.app import ServerSettings, create_app
from presslens.store import SQLiteStore
from presslens.store.label_counts import ARTICLES_PER_GROUP
from tests.store_corpus import _record

ENTITIES = [("Ada Korvin", "PERSON", "NRL", ["Ada Korvin"]), ("Veloria", "GPE", "VLR", ["Veloria"]),
            ("Ostmark", "GPE", None, ["Ostmark"])]


def labelled_article(n: int, labels: list[tuple[str, str | None, str | None]], words: str) -> dict:
    """An article whose text holds every label's words; a label without a source is the
    article's own voice."""
    text = f"Ada Korvin spoke about Veloria and Ostmark on day {n}. {words}"
    record = _record(f"labels-{n}", text, title=f"Day {n}", source="Test Wire", published=f"2024-01-{n:02d}",
                     entities=ENTITIES, labels=labels)
    for label in record["labels"]:
        if label["source_name"] is None:
            label["source"] = None
        if label["target_name"] is None:
            label["target"], label["target_text"] = None, "the protesters"
    return record


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = SQLiteStore(tmp_path_factory.mktemp("label-counts") / "labels.db")
    store.add(labelled_article(1, [("regime", "Ada Korvin", "Veloria"), ("thugs", "Ada Korvin", None)],
                               "She called it a regime and the protesters thugs."))
    store.add(labelled_article(2, [("Regime", "Ada Korvin", "Veloria"), ("regime", None, "Veloria")],
                               "Regime, she said. The regime replied."))
    store.add(labelled_article(3, [("REGIME", "Ada Korvin", "Veloria"), ("regime", "Ada Korvin", "Ostmark")],
                               "REGIME! And Ostmark: a regime too."))
    return store


def actor_id(store, name: str) -> int:
    return next(a["id"] for a in store.list_actors(name)["actors"] if a["name"] == name)


def test_labels_used_are_counted_by_folded_words_and_target(store):
    counted = store.actor_label_counts(actor_id(store, "Ada Korvin"), "used")
    groups = [(g["label"], g["other_name"] or g["other_text"], g["count"], g["article_count"])
              for g in counted["labels"]]
    assert groups == [("regime", "Veloria", 3, 3), ("regime", "Ostmark", 1, 1), ("thugs", "the protesters", 1, 1)]
    assert counted["total"] == 3
    assert [a["article_label"] for a in counted["labels"][0]["articles"]] == ["Day 3", "Day 2", "Day 1"]


def test_labels_received_keep_the_article_voice_apart(store):
    counted = store.actor_label_counts(actor_id(store, "Veloria"), "received")
    groups = [(g["label"], g["other_name"], g["other"] is None, g["count"]) for g in counted["labels"]]
    assert groups == [("regime", "Ada Korvin", False, 3), ("regime", None, True, 1)]


def test_a_page_of_groups_and_no_such_actor(store):
    korvin = actor_id(store, "Ada Korvin")
    page = store.actor_label_counts(korvin, "used", limit=1, offset=1)
    assert page["total"] == 3 and [g["other_name"] for g in page["labels"]] == ["Ostmark"]
    assert store.actor_label_counts(10**9, "used") is None
    with pytest.raises(ValueError):
        store.actor_label_counts(korvin, "sideways")


def test_a_group_names_at_most_its_first_articles_and_counts_them_all(tmp_path):
    store = SQLiteStore(tmp_path / "many.db")
    for n in range(1, ARTICLES_PER_GROUP + 3):
        store.add(labelled_article(n, [("regime", "Ada Korvin", "Veloria")], f"It is a regime, day {n}."))
    group = store.actor_label_counts(actor_id(store, "Ada Korvin"), "used")["labels"][0]
    assert group["count"] == group["article_count"] == ARTICLES_PER_GROUP + 2
    assert len(group["articles"]) == ARTICLES_PER_GROUP


def test_the_endpoint_answers_the_counts(store, tmp_path):
    client = TestClient(create_app(ServerSettings(db_path=str(tmp_path / "unused.db")), store))
    veloria = actor_id(store, "Veloria")
    answer = client.get(f"/actors/{veloria}/labels/counts", params={"direction": "received"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["total"] == 2 and body["labels"][0]["label"] == "regime" and body["labels"][0]["count"] == 3
    assert body["labels"][1]["other"] is None and body["labels"][1]["articles"][0]["published"] == "2024-01-02"
    assert client.get(f"/actors/{veloria}/labels/counts", params={"direction": "sideways"}).status_code == 422
    assert client.get("/actors/999999/labels/counts").status_code == 404
