"""`presslens evaluate labels`: a source named only by words, and labels in the headline."""
from __future__ import annotations

from pathlib import Path

from presslens.evaluate import labels

FIXTURES = Path(__file__).parent / "fixtures" / "labels-dev"


def border():
    return labels.read_gold(FIXTURES / "gold", FIXTURES / "text")[0]


def label_at(article, words: str, **fields) -> dict:
    start = article.text.index(words)
    return {"id": "l1", "start": start, "end": start + len(words), "label": words, "source": None,
            "source_name": None, "target": None, "target_text": None, **fields}


def test_a_source_named_only_by_words_matches_those_words_not_the_article():
    article = border()
    piracy = next(g for g in article.items if g.voice == "actor")
    regime = next(g for g in article.items if g.voice == "article")
    assert labels.source_matches(piracy, label_at(article, "piracy", source_name="Minister Brenner"), {}) is False
    assert labels.source_matches(piracy, label_at(article, "piracy", source_name="Brenner"), {})
    assert labels.source_matches(regime, label_at(article, "regime", source_name="the minister"), {}) is False
    assert labels.source_matches(regime, label_at(article, "regime"), {})


def test_a_label_in_the_headline_is_left_out_of_precision():
    article = border()
    record = {"document": {"title": "Border Row Deepens"}, "entities": [],
              "labels": [label_at(article, "Row"), label_at(article, "regime")]}
    score = labels.Score()
    score.add(article, record)
    report = score.report()
    assert (report["predicted"], report["in_headline"], report["precision"]) == (1, 1, 1.0)
    assert "1 more in headlines" in labels.format_report(report)


def test_without_a_title_at_the_start_every_label_counts():
    article = border()
    record = {"document": {"title": "Another Title"}, "entities": [], "labels": [label_at(article, "Row")]}
    score = labels.Score()
    score.add(article, record)
    assert (score.report()["predicted"], score.report()["precision"]) == (1, 0.0)
