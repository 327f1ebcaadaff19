"""Score qualified claims against gold written as ``../shared/spec/claim-annotation.md`` says.

A gold directory holds one JSON file per article (``{"file", "claims": [{"contains", "claimant":
[names], "status", "cue"}]}``). Definitions (the spec's, made exact):
- a gold claim is *found* when a predicted claim covers at least half of the characters of its
  ``contains``; *right* when one of the claims that find it has the gold status; *with claimant*
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

from presslens.evaluate.gold import bare_name, entity_names, gold_files, overlap, place, ratio, score_articles
from presslens.options import AnalyzeOptions

STATUSES = ("unsupported", "disputed", "denied", "false", "confirmed")
MIN_COVERED = 0.5


@dataclass(frozen=True)
class GoldClaim:
    start: int
    end: int
    claimants: tuple[str, ...]
    status: str


@dataclass
class GoldArticle:
    name: str
    text: str
    claims: list[GoldClaim]
    outlet: str


def read_gold(gold_dir: str | Path, text_dir: str | Path) -> list[GoldArticle]:
    articles = []
    for gold in gold_files(gold_dir, text_dir):
        try:
            claims = [GoldClaim(*place(gold.text, c["contains"]), tuple(c["claimant"]), c["status"])
                      for c in gold.data["claims"]]
        except (ValueError, KeyError, TypeError) as exc:
            raise gold.error(str(exc)) from None
        unknown = {c.status for c in claims} - set(STATUSES)
        if unknown:
            raise gold.error(f"unknown status(es) {sorted(unknown)}; known: {', '.join(STATUSES)}")
        articles.append(GoldArticle(gold.name, gold.text, claims, gold.outlet))
    return articles


def claimant_matches(gold: GoldClaim, claim: dict[str, Any], entities: dict[str, dict[str, Any]]) -> bool:
    wanted = {bare_name(c) for c in gold.claimants}
    who = [claim.get("claimant")]
    if claim["status"] in ("denied", "disputed"):
        who.append(claim.get("rejected_by"))
    return any(entity_names(entities.get(w or "")) & wanted for w in who)


@dataclass
class Score:
    counts: dict[str, Counter] = field(default_factory=lambda: {s: Counter() for s in STATUSES})
    confusion: Counter = field(default_factory=Counter)  # (gold status, predicted status)
    predicted_qualified: int = 0
    predicted_qualified_right: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    articles: int = 0
    rejected: list[str] = field(default_factory=list)

    def add(self, gold: GoldArticle, record: dict[str, Any]) -> None:
        self.articles += 1
        entities = {e["id"]: e for e in record["entities"]}
        for item in gold.claims:
            needed = MIN_COVERED * (item.end - item.start)
            finding = [c for c in record["claims"] if overlap((c["start"], c["end"]), (item.start, item.end)) >= needed]
            right = [c for c in finding if c["status"] == item.status]
            counts = self.counts[item.status]
            counts["items"] += 1
            counts["found"] += bool(finding)
            counts["right"] += bool(right)
            counts["with_claimant"] += any(claimant_matches(item, c, entities) for c in right)
            self.confusion[(item.status, right[0]["status"] if right else
                            finding[0]["status"] if finding else "not found")] += 1
            if not right:
                self.misses.append({"article": gold.name, "claim": gold.text[item.start:item.end],
                                    "status": item.status, "predicted": [c["status"] for c in finding]})
        qualified = [c for c in record["claims"] if c["status"] != "asserted"]
        self.predicted_qualified += len(qualified)
        self.predicted_qualified_right += sum(
            any(overlap((c["start"], c["end"]), (g.start, g.end)) for g in gold.claims) for c in qualified)

    def report(self) -> dict[str, Any]:
        total = sum(self.counts.values(), Counter())
        return {"articles": self.articles, "rejected": self.rejected, "all": _figures(total),
                "by_status": {s: _figures(self.counts[s]) for s in STATUSES},
                "precision": ratio(self.predicted_qualified_right, self.predicted_qualified),
                "predicted_qualified": self.predicted_qualified,
                "confusion": {f"{g} -> {p}": n for (g, p), n in sorted(self.confusion.items())},
                "misses": self.misses}


def _figures(counts: Counter) -> dict[str, Any]:
    items = counts["items"]
    return {"items": items, "found": ratio(counts["found"], items), "right_status": ratio(counts["right"], items),
            "with_claimant": ratio(counts["with_claimant"], items)}


def evaluate(gold_dir: str | Path, text_dir: str | Path, options: AnalyzeOptions) -> dict[str, Any]:
    return score_articles(read_gold(gold_dir, text_dir), Score(), options)


def format_report(report: dict[str, Any]) -> str:
    lines = [f"articles      {report['articles']}" + (f" ({len(report['rejected'])} rejected)"
                                                     if report["rejected"] else "")]
    for name, f in [("all", report["all"]), *report["by_status"].items()]:
        lines.append(f"{name:<13} {f['items']:>4}  found {f['found']:.4f}  right status {f['right_status']:.4f}"
                     f"  with claimant {f['with_claimant']:.4f}")
    lines.append(f"precision     {report['precision']:.4f} of {report['predicted_qualified']} "
                 "predicted qualified claims")
    return "\n".join(lines)
