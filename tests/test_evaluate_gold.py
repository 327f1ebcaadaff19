"""`presslens evaluate labels` and `evaluate claims`: gold scored as the annotation specs say."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from presslens.cli import main
from presslens.evaluate import claims, labels
from presslens.evaluate.gold import AttributedSpan, GoldError

FIXTURES = Path(__file__).parent / "fixtures"


def test_a_label_is_found_by_its_words_and_the_article_voice_is_a_label_without_source():
    article = labels.read_gold(FIXTURES / "labels-dev" / "gold", FIXTURES / "labels-dev" / "text")[0]
    regime = next(g for g in article.items if g.voice == "article")
    start = article.text.index("regime")
    predicted = {"id": "l1", "start": start, "end": start + 6, "label": "regime", "source": None,
                 "target": None, "target_text": "Karsk"}
    score = labels.Score()
    score.add(article, {"entities": [], "labels": [predicted]})
    report = score.report()
    assert report["article"] == {"items": 1, "found": 1.0, "with_source": 1.0, "with_target": 1.0}
    assert report["actor"]["found"] == 0.0 and report["precision"] == 1.0
    assert labels.source_matches(regime, {**predicted, "source": "e1"}, {"e1": {"name": "Karsk", "type": "GPE"}}) \
        is False


def test_a_claim_with_the_right_status_but_another_claimant_is_right_without_claimant():
    article = claims.read_gold(FIXTURES / "claims-dev" / "gold", FIXTURES / "claims-dev" / "text")[0]
    start = article.text.index("the drones")
    claim = {"start": start, "end": start + 52, "status": "unsupported", "claimant": "e2"}
    score = claims.Score()
    score.add(article, {"entities": [{"id": "e2", "name": "Velmar", "type": "GPE"}], "claims": [claim]})
    unsupported = score.report()["by_status"]["unsupported"]
    assert unsupported == {"items": 1, "found": 1.0, "right_status": 1.0, "with_claimant": 0.0}
    assert score.report()["by_status"]["denied"]["found"] == 0.0


def test_a_denied_claim_accepts_who_denies_it_as_the_named_party():
    gold = AttributedSpan(0, 10, ("Osterland",), "denied")
    entities = {"e1": {"name": "Osterland", "type": "GPE"}, "e2": {"name": "Velmar", "type": "GPE"}}
    assert claims.claimant_matches(gold, {"status": "denied", "claimant": "e2", "rejected_by": "e1"}, entities)
    assert not claims.claimant_matches(gold, {"status": "asserted", "claimant": "e2", "rejected_by": "e1"}, entities)


def test_a_label_outside_its_evidence_is_refused_with_the_file_named(tmp_path):
    (tmp_path / "border.json").write_text(json.dumps({"file": "border.txt", "labels": [
        {"source": ["x"], "target_contains": "Karsk", "label": "pirates", "evidence": "The regime in Karsk"}]}))
    with pytest.raises(GoldError, match="border.json.*not inside its evidence"):
        labels.read_gold(tmp_path, FIXTURES / "labels-dev" / "text")


@pytest.mark.parametrize("kind, parts", [("labels", {"all", "actor", "article", "precision"}),
                                         ("claims", {"all", "by_status", "precision", "confusion"})])
def test_the_commands_score_an_invented_article_end_to_end(kind, parts):
    folder = FIXTURES / f"{kind}-dev"
    result = CliRunner().invoke(main, ["evaluate", kind, str(folder / "gold"), str(folder / "text"),
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["articles"] == 1 and parts <= set(report)
    assert report["all"]["items"] == 2
