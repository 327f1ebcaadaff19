"""Score quotes and their speakers against gold written as ``../shared/spec/quote-annotation.md`` says.

A gold directory holds one JSON file per article (``{"file": "NAME.txt", "quotes": [{"contains",
"speaker": [names], "kind": "direct" | "reported"}], "not_quotes": [...]}``); the texts are
``TEXT_DIR/NAME.txt``. Definitions (the spec's, made exact):
- a gold item is *found* when a predicted quote covers at least half of the characters of its
  ``contains``; it is *right* when one of the quotes that find it has a speaker matching one of the
  item's ``speaker`` names. A name matches when, lower-cased and without a leading article ("the",
  "a", "an") or a trailing possessive, it equals the speaker's canonical name, one of the speaker
  entity's aliases, the speaker mention's words, or the last word of a person's canonical name;
- each miss is one of: not found, found with no speaker, found with a wrong speaker;
- direct precision: the share of predicted direct and partial quotes that overlap some gold item;
- scare quotes taken as speech: predicted quotes lying inside an occurrence of a ``not_quotes`` string.
The predicted kind is not required to match the gold kind (the spec scores spans and speakers);
how often it does is reported.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presslens.evaluate.gold import (
    AttributedSpan,
    GoldArticle,
    GoldError,
    bare_name,
    entity_names,
    evaluator,
    occurrences,
    place,
    ratio,
    read_articles,
    report_header,
)

__all__ = ["GoldError", "bare_name", "evaluate", "format_report", "read_gold"]

KINDS = ("direct", "reported")
OUTCOMES = ("right", "wrong_speaker", "no_speaker", "not_found")
MIN_COVERED = 0.5


def read_gold(gold_dir: str | Path, text_dir: str | Path) -> list[GoldArticle]:
    """Every gold file of ``gold_dir`` (``*.json``) with its article text, each ``contains`` placed."""
    articles = read_articles(gold_dir, text_dir, "quotes", lambda text, q: AttributedSpan(
        *place(text, q["contains"]), tuple(q["speaker"]), q["kind"]), allowed=("category", KINDS))
    for article in articles:
        not_quote_spans(article)  # a not-quote string that is not in the article is a fault of the file
    return articles


def not_quote_spans(gold: GoldArticle) -> list[tuple[int, int]]:
    """Where the article's not-quote strings stand: every occurrence of each."""
    try:
        return [span for s in gold.data.get("not_quotes", []) for span in occurrences(gold.text, s)]
    except ValueError as exc:
        raise GoldError(f"{gold.name}.json: {exc}") from None


def speaker_names(quote: dict[str, Any], entities: dict[str, dict[str, Any]]) -> set[str]:
    """Every name by which a predicted quote's speaker may be matched (bare, lower-cased)."""
    mention = quote.get("speaker_mention")
    return entity_names(entities.get(quote.get("speaker") or ""), mention["text"] if mention else None)


def outcome(gold: AttributedSpan, record: dict[str, Any],
            entities: dict[str, dict[str, Any]]) -> tuple[str, dict | None]:
    """How a gold item fared, and the predicted quote that decided it (None when not found)."""
    wanted = {bare_name(s) for s in gold.names}
    finding = [q for q in record["quotes"]
               if min(q["end"], gold.end) - max(q["start"], gold.start) >= MIN_COVERED * (gold.end - gold.start)]
    if not finding:
        return "not_found", None
    right = next((q for q in finding if speaker_names(q, entities) & wanted), None)
    if right is not None:
        return "right", right
    attributed = next((q for q in finding if q.get("speaker") or q.get("speaker_mention")), None)
    return ("wrong_speaker", attributed) if attributed is not None else ("no_speaker", finding[0])


@dataclass
class Score:
    """Counts over articles; ``report`` gives the figures and ``misses`` what went wrong where."""

    outcomes: dict[str, Counter] = field(default_factory=lambda: {k: Counter() for k in KINDS})
    kind_agrees: Counter = field(default_factory=Counter)
    predicted_direct: int = 0
    predicted_direct_right: int = 0
    scare_quotes_taken: list[dict[str, str]] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)
    by_outlet: dict[str, Counter] = field(default_factory=dict)
    articles: int = 0
    rejected: list[str] = field(default_factory=list)

    def add(self, gold: GoldArticle, record: dict[str, Any]) -> None:
        self.articles += 1
        entities = {e["id"]: e for e in record["entities"]}
        outlet = self.by_outlet.setdefault(gold.outlet or "unknown", Counter())
        for item in gold.items:
            result, quote = outcome(item, record, entities)
            self.outcomes[item.category][result] += 1
            outlet[f"{item.category}_{result}"] += 1
            if quote is not None:
                self.kind_agrees[item.category] += _same_kind(item.category, quote["kind"])
            if result != "right":
                self.misses.append(_miss(gold, item, result, quote))
        direct = [q for q in record["quotes"] if q["kind"] in ("direct", "partial")]
        self.predicted_direct += len(direct)
        self.predicted_direct_right += sum(any(q["start"] < g.end and g.start < q["end"] for g in gold.items)
                                           for q in direct)
        not_quotes = not_quote_spans(gold)
        for q in record["quotes"]:
            if any(s <= q["start"] and q["end"] <= e for s, e in not_quotes):
                self.scare_quotes_taken.append({"article": gold.name, "text": q["text"]})

    def report(self) -> dict[str, Any]:
        kinds = {}
        for kind, counts in self.outcomes.items():
            total = sum(counts.values())
            found = total - counts["not_found"]
            kinds[kind] = {"items": total, "right": ratio(counts["right"], total),
                           "found": ratio(found, total), "kind_agrees": ratio(self.kind_agrees[kind], found),
                           "counts": {o: counts[o] for o in OUTCOMES}}
        return {
            "articles": self.articles, "rejected": self.rejected, **kinds,
            "direct_precision": ratio(self.predicted_direct_right, self.predicted_direct),
            "predicted_direct": self.predicted_direct,
            "scare_quotes_taken": self.scare_quotes_taken,
            "by_outlet": {name: dict(counts) for name, counts in sorted(self.by_outlet.items())},
            "misses": self.misses,
        }


def _same_kind(gold_kind: str, predicted_kind: str) -> bool:
    return (predicted_kind == "reported") == (gold_kind == "reported")


def _miss(gold: GoldArticle, item: AttributedSpan, result: str, quote: dict | None) -> dict[str, Any]:
    predicted = None
    if quote is not None:
        mention = quote.get("speaker_mention") or {}
        predicted = {"speaker": quote.get("speaker_name"), "mention": mention.get("text"),
                     "via": quote.get("speaker_via"), "kind": quote["kind"]}
    return {"article": gold.name, "kind": item.category, "outcome": result, "text": gold.text[item.start:item.end],
            "gold_speaker": list(item.names), "predicted": predicted}


evaluate = evaluator(read_gold, Score)


def format_report(report: dict[str, Any]) -> str:
    lines = [report_header(report)]
    for kind in KINDS:
        part = report[kind]
        c = part["counts"]
        lines.append(f"{kind:<9} right speaker {part['right']:.4f} of {part['items']}  (found {part['found']:.4f}; "
                     f"missed: {c['not_found']} not found, {c['no_speaker']} no speaker, "
                     f"{c['wrong_speaker']} wrong speaker; kind agrees {part['kind_agrees']:.4f})")
    lines.append(f"direct precision    {report['direct_precision']:.4f} of {report['predicted_direct']} "
                 "predicted direct and partial quotes")
    lines.append(f"scare quotes taken  {len(report['scare_quotes_taken'])}")
    return "\n".join(lines)
