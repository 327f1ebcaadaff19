"""The development sets in devsets/ still resolve against the texts they annotate (read in place)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from presslens.evaluate.plover import load_records
from presslens.evaluate.quotes import read_gold

DEVSETS = Path(__file__).resolve().parents[1] / "devsets"
SHARED_DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
SEMEVAL_ARTICLES = SHARED_DATA / "semeval2023-task3-en" / "train-articles-subtask-3"

pytestmark = pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared/data is absent: the texts the "
                                                                  "development sets annotate are not here")


def test_every_gold_quote_lies_exactly_once_in_its_article_and_the_outlets_are_many():
    articles = read_gold(DEVSETS / "quotes", SEMEVAL_ARTICLES)  # raises on any item not placed exactly once
    outlets = {a.outlet for a in articles if a.outlet and not a.outlet.startswith("unknown")}
    assert len(articles) >= 40 and len(outlets) >= 15
    assert {q.category for a in articles for q in a.items} == {"direct", "reported"}


@pytest.mark.parametrize("path", sorted((DEVSETS / "plover").glob("*.jsonl")), ids=lambda p: p.name)
def test_every_plover_record_resolves_to_its_sentence_with_its_actor_words(path):
    records = load_records(path, SHARED_DATA)
    assert records
    for record in records:
        for actor in (*record.sources, *record.targets):
            assert actor in record.text, (record.id, actor)


@pytest.mark.parametrize("kind", ["labels", "claims"])
def test_every_gold_label_and_claim_lies_in_its_article(kind):
    from presslens.evaluate import claims, labels

    reader = {"labels": labels.read_gold, "claims": claims.read_gold}[kind]
    articles = reader(DEVSETS / kind, SEMEVAL_ARTICLES)  # raises on any string not placed as the spec says
    assert len(articles) >= 30 and all(a.items for a in articles)


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source, delimiter="\t"))


def test_every_claim_pair_resolves_to_two_articles_and_the_key_stays_apart():
    pairs = _tsv(DEVSETS / "claim-pairs" / "pairs.tsv")
    key = {row["pair"]: row for row in _tsv(DEVSETS / "claim-pairs" / "system.tsv")}
    assert len(pairs) >= 100 and {p["pair"] for p in pairs} == set(key)
    assert not {"cosine", "grouped", "stratum"} & set(pairs[0])  # the annotator's file holds no answer
    assert {row["stratum"] for row in key.values()} == {"grouped", "under", "random"}
    for pair in pairs:
        assert pair["file_a"] != pair["file_b"] and pair["claim_a"].casefold() != pair["claim_b"].casefold()
        for side in "ab":
            text = (SHARED_DATA / pair[f"file_{side}"]).read_bytes().decode("utf-8-sig")  # as presslens reads it
            claim_start, claim_end = int(pair[f"claim_{side}_start"]), int(pair[f"claim_{side}_end"])
            sentence_start, sentence_end = int(pair[f"sentence_{side}_start"]), int(pair[f"sentence_{side}_end"])
            assert " ".join(text[claim_start:claim_end].split()) == pair[f"claim_{side}"], (pair["pair"], side)
            assert sentence_start <= claim_start < claim_end <= sentence_end, (pair["pair"], side)
