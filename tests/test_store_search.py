"""The store's searches take any string, whoever calls them (the API, the CLI, a Python caller):
control characters and lone surrogates are read as spaces between words, never an error."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from presslens.store import ArticleQuery, ClaimQuery, SQLiteStore
from presslens.store.query import like_pattern, search_words
from tests.store_corpus import corpus, word_encoder


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    store = SQLiteStore(tmp_path_factory.mktemp("search") / "search.db", claim_encoder=word_encoder)
    for record in corpus():
        store.add(record)
    yield store
    store.close()


def test_control_characters_and_surrogates_separate_words():
    assert search_words("russia\x00") == ["russia"]
    assert search_words("oren\x00talvik\ud800\x1b") == ["oren", "talvik"]
    assert search_words("\x00\x01\x7f\x9f") == []
    assert search_words("Škoda – “quoted” 東京") == ["Škoda", "–", "“quoted”", "東京"]


def test_like_patterns_take_wildcards_literally():
    assert like_pattern("50%_off\\") == "%50\\%\\_off\\\\%"
    assert like_pattern("oren\x00  talvik") == "%oren talvik%"
    assert like_pattern("\x00") is None


@pytest.mark.parametrize("q", ["drones\x00", "\x00drones", "drones\ud800", "\x1bdrones\x00\x00"])
def test_article_search_reads_control_characters_as_spaces(store, q):
    found = store.list_articles(ArticleQuery(q=q))
    assert {a["doc_id"] for a in found["articles"]} == {"talvik-accuses", "talvik-repeats"}


def test_actor_and_claim_searches_read_control_characters_as_spaces(store):
    assert [a["name"] for a in store.list_actors("talvik\x00")["actors"]] == ["Oren Talvik"]
    assert [a["name"] for a in store.list_actors("oren\x00talvik")["actors"]] == ["Oren Talvik"]
    assert store.list_actors("\ud800")["total"] == 0
    assert store.claims(ClaimQuery(q="harbour\x00"))["total"] == 1
    assert store.claims(ClaimQuery(q="\x00"))["total"] == 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(alphabet=st.characters(codec=None, exclude_categories=()), max_size=40))
def test_no_search_string_makes_a_store_error(store, q):
    articles = store.list_articles(ArticleQuery(q=q))
    actors = store.list_actors(q)
    claims = store.claims(ClaimQuery(q=q))
    assert articles["total"] >= len(articles["articles"]) and actors["total"] >= 0 and claims["total"] >= 0
