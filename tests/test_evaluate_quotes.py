"""`presslens evaluate quotes`: gold items scored by span and speaker, as the annotation spec says."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslens.cli import main
from presslens.evaluate.gold import AttributedSpan
from presslens.evaluate.quotes import GoldError, Score, bare_name, outcome, read_gold

FIXTURE = Path(__file__).parent / "fixtures" / "quotes-dev"
TEXT = 'Intro.\n\n"We will stay," Jane Roe said. The ministry said that talks would resume.\n'
ENTITIES = [{"id": "e1", "name": "Jane Roe", "type": "PERSON", "aliases": ["Roe"]},
            {"id": "e2", "name": "Ministry of Transport", "type": "ORG", "aliases": ["the ministry"]}]


def quote(start: int, end: int, speaker: str | None, mention: str | None, kind: str = "direct") -> dict:
    return {"start": start, "end": end, "text": TEXT[start:end], "kind": kind, "speaker": speaker,
            "speaker_name": next((e["name"] for e in ENTITIES if e["id"] == speaker), None),
            "speaker_mention": {"text": mention} if mention else None}


def gold(contains: str, *speakers: str, kind: str = "direct") -> AttributedSpan:
    start = TEXT.index(contains)
    return AttributedSpan(start, start + len(contains), speakers, kind)


def entities() -> dict:
    return {e["id"]: e for e in ENTITIES}


def test_a_quote_covering_the_gold_words_with_the_gold_speaker_is_right():
    record = {"quotes": [quote(TEXT.index("We"), TEXT.index(",\""), "e1", "Jane Roe")]}
    assert outcome(gold("We will stay", "Jane Roe"), record, entities())[0] == "right"


def test_the_surname_of_a_person_or_an_alias_matches_the_gold_speaker():
    record = {"quotes": [quote(TEXT.index("We"), TEXT.index(",\""), "e1", "she")]}
    assert outcome(gold("We will stay", "Roe"), record, entities())[0] == "right"
    start = TEXT.index("talks")
    record = {"quotes": [quote(start, start + 20, "e2", "The ministry", kind="reported")]}
    assert outcome(gold("talks would resume", "the ministry", kind="reported"), record, entities())[0] == "right"


def test_misses_say_whether_the_quote_was_not_found_unattributed_or_given_to_someone_else():
    item = gold("We will stay", "Jane Roe")
    assert outcome(item, {"quotes": []}, entities())[0] == "not_found"
    assert outcome(item, {"quotes": [quote(item.start, item.end, None, None)]}, entities())[0] == "no_speaker"
    assert outcome(item, {"quotes": [quote(item.start, item.end, "e2", "The ministry")]}, entities())[0] == \
        "wrong_speaker"


def test_a_quote_covering_less_than_half_of_the_gold_words_does_not_find_it():
    item = gold("talks would resume", "the ministry", kind="reported")
    record = {"quotes": [quote(item.start, item.start + 5, "e2", "The ministry")]}
    assert outcome(item, record, entities())[0] == "not_found"


def test_names_are_compared_without_articles_possessives_and_case():
    assert bare_name("The Ministry's") == "ministry"
    assert bare_name("a  Western official") == "western official"


def test_direct_precision_counts_predicted_direct_quotes_outside_every_gold_item(tmp_path):
    article = read_gold(FIXTURE / "gold", FIXTURE / "text")[0]
    outside = article.text.index("Harbour")
    score = Score()
    score.add(article, {"entities": [], "quotes": [
        {"start": outside, "end": outside + 7, "kind": "direct", "text": "Harbour"}]})
    assert score.report()["direct_precision"] == 0.0
    assert score.report()["direct"]["counts"]["not_found"] == 2


def test_gold_whose_words_are_not_in_the_article_is_refused_with_the_file_named(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "harbour.json").write_text(json.dumps(
        {"file": "harbour.txt", "quotes": [{"contains": "words nobody wrote", "speaker": ["X"], "kind": "direct"}]}))
    with pytest.raises(GoldError, match="harbour.json.*not in the article"):
        read_gold(tmp_path / "gold", FIXTURE / "text")


def test_the_command_scores_an_invented_article_end_to_end():
    result = CliRunner().invoke(main, ["evaluate", "quotes", str(FIXTURE / "gold"), str(FIXTURE / "text"),
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["articles"] == 1
    assert report["direct"]["items"] == 2 and report["reported"]["items"] == 2
    # the quote with its speaker named right after it is found and attributed
    assert not any(m["text"] == "We will not leave the port" for m in report["misses"])
    # every outcome counted once, and a quote taken from inside a not_quotes string is reported as such
    assert sum(report["direct"]["counts"].values()) == 2
    assert all(taken["text"] in "Cranes at Risk" for taken in report["scare_quotes_taken"])
