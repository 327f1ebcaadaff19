"""Score labels (who calls whom what) against gold written as ``../shared/spec/label-annotation.md`` says.

A gold directory holds one JSON file per article (``{"file", "labels": [{"source": [names],
"target_contains", "label", "evidence"}]}``); the label's words are found inside its ``evidence``,
which occurs exactly once. Definitions (the spec's, made exact):
- a gold label is *found* when a predicted label's span overlaps the gold label words;
- *with source* when, besides, the predicted source matches one of ``source``: ``"article"``
  stands for the outlet's own voice (a predicted label without a source, nor a source name); other
  names match as in the quote evaluation (canonical name, alias, a person's surname; without
  articles, possessives and case), and a label without a source entity but with a source name (a
  quote's speaker the text names only by words that are no entity: "the source") by that name;
- *with target* (reported, not in the spec's bar): the predicted target names, or its target words
  overlap, the gold ``target_contains``;
- precision: the share of predicted labels that overlap some gold label's words, among those
  outside the headline (the document's title where the text opens with it): the annotators label
  the article's body, so a label in the headline can be neither right nor wrong.
Figures are given for all labels and apart for those applied by actors and by the article's voice.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presslens.evaluate.gold import (
    GoldArticle,
    GoldScore,
    bare_name,
    entity_names,
    evaluator,
    occurrences,
    overlap,
    place,
    rates,
    rates_report,
    read_articles,
)

ARTICLE_VOICE = "article"
VOICES = ("actor", "article")


@dataclass(frozen=True)
class GoldLabel:
    start: int  # the label words
    end: int
    sources: tuple[str, ...]
    target: tuple[tuple[int, int], ...]  # where the target's words stand (every occurrence)

    @property
    def voice(self) -> str:
        return "article" if ARTICLE_VOICE in {bare_name(s) for s in self.sources} else "actor"


def read_gold(gold_dir: str | Path, text_dir: str | Path) -> list[GoldArticle]:
    return read_articles(gold_dir, text_dir, "labels", _label)


def _label(text: str, item: dict[str, Any]) -> GoldLabel:
    evidence_start, evidence_end = place(text, item["evidence"])
    inside = text.find(item["label"], evidence_start, evidence_end)
    if inside < 0:
        raise ValueError(f"the label {item['label']!r} is not inside its evidence {item['evidence']!r}")
    return GoldLabel(inside, inside + len(item["label"]), tuple(item["source"]),
                     tuple(occurrences(text, item["target_contains"])))


def source_matches(gold: GoldLabel, label: dict[str, Any], entities: dict[str, dict[str, Any]]) -> bool:
    wanted = {bare_name(s) for s in gold.sources}
    if label.get("source") is None:
        named = label.get("source_name")
        return bare_name(named) in wanted if named else ARTICLE_VOICE in wanted
    return bool(entity_names(entities.get(label["source"])) & wanted)


def target_matches(gold: GoldLabel, label: dict[str, Any], entities: dict[str, dict[str, Any]], text: str) -> bool:
    entity = entities.get(label.get("target") or "")
    if entity is not None and any(overlap((m["start"], m["end"]), span)
                                  for m in entity.get("mentions", []) for span in gold.target):
        return True
    target_text = label.get("target_text")
    return bool(target_text) and any(bare_name(target_text) in bare_name(text[s:e]) or
                                     bare_name(text[s:e]) in bare_name(target_text) for s, e in gold.target)


@dataclass
class Score(GoldScore):
    counts: dict[str, Counter] = field(default_factory=lambda: {v: Counter() for v in VOICES})
    in_headline: int = 0  # predicted labels left out of precision

    def add(self, gold: GoldArticle, record: dict[str, Any]) -> None:
        self.articles += 1
        entities = {e["id"]: e for e in record["entities"]}
        predicted = record["labels"]
        for item in gold.items:
            finding = [lb for lb in predicted if overlap((lb["start"], lb["end"]), (item.start, item.end))]
            with_source = [lb for lb in finding if source_matches(item, lb, entities)]
            counts = self.counts[item.voice]
            counts["items"] += 1
            counts["found"] += bool(finding)
            counts["with_source"] += bool(with_source)
            counts["with_target"] += any(target_matches(item, lb, entities, gold.text) for lb in finding)
            if not with_source:
                self.misses.append({"article": gold.name, "label": gold.text[item.start:item.end],
                                    "gold_source": list(item.sources), "found": bool(finding),
                                    "predicted_source": [lb.get("source_name") for lb in finding]})
        headline_end = _headline_end(gold.text, record)
        in_body = [lb for lb in predicted if lb["start"] >= headline_end]
        self.in_headline += len(predicted) - len(in_body)
        self.predicted += len(in_body)
        self.predicted_right += sum(any(overlap((lb["start"], lb["end"]), (g.start, g.end)) for g in gold.items)
                                    for lb in in_body)

    def report(self) -> dict[str, Any]:
        total = sum((self.counts[v] for v in VOICES), Counter())
        return {**self.header(), **{part: rates(counts, "found", "with_source", "with_target")
                                    for part, counts in [("all", total), *self.counts.items()]},
                "in_headline": self.in_headline, "misses": self.misses}


def _headline_end(text: str, record: dict[str, Any]) -> int:
    """Where the headline ends: the end of the document's title where the text opens with it, else 0."""
    title = (record.get("document") or {}).get("title") or ""
    return len(title) if title.strip() and text.startswith(title) else 0


def format_report(report: dict[str, Any]) -> str:
    return rates_report(report, [(f"{part} labels", report[part]) for part in ("all", *VOICES)],
                        f"predicted labels ({report['in_headline']} more in headlines)")


evaluate = evaluator(read_gold, Score)
