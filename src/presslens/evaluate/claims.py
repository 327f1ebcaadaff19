"""Score qualified claims against gold written as ``../shared/spec/claim-annotation.md`` says.

A gold directory holds one JSON file per article (``{"file", "claims": [{"contains", "claimant":
[names], "status", "cue"}]}``). Definitions (the spec's, made exact):
- a gold claim is *found* when a predicted claim covers at least half of the characters of its
  ``contains``; *right* when one of the claims that find it has the gold status (its ``status`` or
  one of its ``statuses``); *with claimant*
  when one of those right ones also has a claimant matching one of ``claimant`` (names match as
  in the quote evaluation; for a denied or disputed claim the one who rejects it, ``rejected_by``,
  is accepted too, as the reference corpus accepts it);
- precision: the share of predicted claims with a status other than ``asserted`` that overlap
  some gold claim.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presslens.evaluate.gold import (
    AttributedSpan,
    GoldArticle,
    GoldScore,
    bare_name,
    entity_names,
    evaluator,
    overlap,
    place,
    rates,
    rates_report,
    read_articles,
)

STATUSES = ("unsupported", "disputed", "denied", "false", "confirmed")
MIN_COVERED = 0.5


def read_gold(gold_dir: str | Path, text_dir: str | Path) -> list[GoldArticle]:
    return read_articles(gold_dir, text_dir, "claims", lambda text, c: AttributedSpan(
        *place(text, c["contains"]), tuple(c["claimant"]), c["status"]), allowed=("category", STATUSES))


def statuses_of(claim: dict[str, Any]) -> list[str]:
    """Every status a predicted claim carries: a claim the article qualifies in several ways
    ("unsupported", then "denied") has one gold item per status."""
    return claim.get("statuses") or [claim["status"]]


def claimant_matches(gold: AttributedSpan, claim: dict[str, Any], entities: dict[str, dict[str, Any]]) -> bool:
    wanted = {bare_name(c) for c in gold.names}
    who = [claim.get("claimant")]
    if {"denied", "disputed"} & set(statuses_of(claim)):
        who.append(claim.get("rejected_by"))
    return any(entity_names(entities.get(w or "")) & wanted for w in who)


@dataclass
class Score(GoldScore):
    """``predicted``: the predicted claims with a status other than asserted."""

    counts: dict[str, Counter] = field(default_factory=lambda: {s: Counter() for s in STATUSES})
    confusion: Counter = field(default_factory=Counter)  # (gold status, predicted status)

    def add(self, gold: GoldArticle, record: dict[str, Any]) -> None:
        self.articles += 1
        entities = {e["id"]: e for e in record["entities"]}
        for item in gold.items:
            needed = MIN_COVERED * (item.end - item.start)
            finding = [c for c in record["claims"] if overlap((c["start"], c["end"]), (item.start, item.end)) >= needed]
            right = [c for c in finding if item.category in statuses_of(c)]
            counts = self.counts[item.category]
            counts["items"] += 1
            counts["found"] += bool(finding)
            counts["right_status"] += bool(right)
            counts["with_claimant"] += any(claimant_matches(item, c, entities) for c in right)
            self.confusion[(item.category, right[0]["status"] if right else
                            finding[0]["status"] if finding else "not found")] += 1
            if not right:
                self.misses.append({"article": gold.name, "claim": gold.text[item.start:item.end],
                                    "status": item.category, "predicted": [c["status"] for c in finding]})
        qualified = [c for c in record["claims"] if c["status"] != "asserted"]
        self.predicted += len(qualified)
        self.predicted_right += sum(
            any(overlap((c["start"], c["end"]), (g.start, g.end)) for g in gold.items) for c in qualified)

    def report(self) -> dict[str, Any]:
        total = sum(self.counts.values(), Counter())
        return {**self.header(), "all": _figures(total),
                "by_status": {s: _figures(self.counts[s]) for s in STATUSES},
                "confusion": {f"{g} -> {p}": n for (g, p), n in sorted(self.confusion.items())},
                "misses": self.misses}


def _figures(counts: Counter) -> dict[str, Any]:
    return rates(counts, "found", "right_status", "with_claimant")


def format_report(report: dict[str, Any]) -> str:
    return rates_report(report, [("all", report["all"]), *report["by_status"].items()], "predicted qualified claims")


evaluate = evaluator(read_gold, Score)
