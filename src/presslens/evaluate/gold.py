"""What the gold-file evaluations share (quotes, labels, claims, as ``../shared/spec/*-annotation.md``
define them): reading one JSON file per article with its text, placing annotated strings in the
text, and matching the names an annotator wrote against the entities of an analysis.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from presslens.errors import InputRejected
from presslens.options import AnalyzeOptions

_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


class GoldError(ValueError):
    """A gold file that cannot be scored: says which file and what is wrong."""


@dataclass
class GoldFile:
    path: Path
    name: str  # the article's file stem
    text: str
    data: dict[str, Any]

    @property
    def outlet(self) -> str:
        return self.data.get("outlet") or "unknown"

    def error(self, message: str) -> GoldError:
        return GoldError(f"{self.path}: {message}")


def gold_files(gold_dir: str | Path, text_dir: str | Path) -> Iterator[GoldFile]:
    """Every ``*.json`` of ``gold_dir`` with the text of the article its ``file`` names."""
    paths = sorted(Path(gold_dir).glob("*.json"))
    if not paths:
        raise GoldError(f"no gold files (*.json) in {gold_dir}")
    for path in paths:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            text_path = Path(text_dir) / data["file"]
            text = text_path.read_text(encoding="utf-8")
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise GoldError(f"{path}: {exc}") from None
        yield GoldFile(path, text_path.stem, text, data)


@dataclass(frozen=True)
class AttributedSpan:
    """A gold stretch of the text, every acceptable name of whom it is attributed to, and its
    category (a quote's kind, a claim's status)."""

    start: int
    end: int
    names: tuple[str, ...]
    category: str


@dataclass
class GoldScore:
    """What every evaluation's score keeps besides its own counts."""

    articles: int = 0
    rejected: list[str] = field(default_factory=list)
    misses: list[dict[str, Any]] = field(default_factory=list)
    predicted: int = 0
    predicted_right: int = 0

    def header(self) -> dict[str, Any]:
        return {"articles": self.articles, "rejected": self.rejected,
                "precision": ratio(self.predicted_right, self.predicted), "predicted": self.predicted}


@dataclass
class GoldArticle:
    name: str
    text: str
    outlet: str
    items: list  # the annotation kind's gold items, in file order
    data: dict[str, Any]  # the file as written


def read_articles(gold_dir: str | Path, text_dir: str | Path, key: str, parse_item,
                  allowed: tuple[str, tuple[str, ...]] | None = None) -> list[GoldArticle]:
    """Every gold file with its text and its items (``data[key]``, each read by ``parse_item(text,
    raw)``); ``allowed``: (field, values) an item's field must take. Any fault names its file."""
    articles = []
    for gold in gold_files(gold_dir, text_dir):
        try:
            items = [parse_item(gold.text, raw) for raw in gold.data[key]]
        except (ValueError, KeyError, TypeError) as exc:
            raise gold.error(str(exc)) from None
        if allowed is not None:
            unknown = {getattr(item, allowed[0]) for item in items} - set(allowed[1])
            if unknown:
                raise gold.error(f"unknown {allowed[0]}(s) {sorted(unknown)}; known: {', '.join(allowed[1])}")
        articles.append(GoldArticle(gold.name, gold.text, gold.outlet, items, gold.data))
    return articles


def place(text: str, needle: str) -> tuple[int, int]:
    """Where ``needle`` stands in ``text``: the spec has it occur exactly once."""
    first = text.find(needle) if needle else -1
    if first < 0:
        raise ValueError(f"{needle!r} is not in the article")
    if text.find(needle, first + 1) >= 0:
        raise ValueError(f"{needle!r} occurs more than once in the article")
    return first, first + len(needle)


def occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    """Every place of ``needle`` (at least one)."""
    spans = [(m.start(), m.end()) for m in re.finditer(re.escape(needle), text)] if needle else []
    if not spans:
        raise ValueError(f"{needle!r} is not in the article")
    return spans


def bare_name(name: str) -> str:
    """A name as compared: lower-cased, without a leading article or a trailing possessive."""
    return _POSSESSIVE.sub("", _ARTICLE.sub("", " ".join(name.split()))).strip().lower()


def entity_names(entity: dict[str, Any] | None, mention: str | None = None) -> set[str]:
    """Every name by which an annotator may have written an entity (bare): its canonical name,
    aliases, the surname of a named person, and the words that named it here."""
    names = {mention} if mention else set()
    if entity is not None:
        names.update([entity["name"], *entity.get("aliases", [])])
        if entity.get("type") == "PERSON" and not entity.get("generic"):
            names.add(entity["name"].split()[-1])
    return {bare_name(n) for n in names if n and n.strip()}


def overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def analyses(named_texts: Iterable[tuple[str, str]], options: AnalyzeOptions) -> Iterator[dict[str, Any]]:
    """The analysis record of each (name, text), in order: a rejection record where it cannot be analysed."""
    from presslens.document import Metadata
    from presslens.ingest import Rejection, document_from_text
    from presslens.runner import analyze_many

    items = []
    for name, text in named_texts:
        try:
            items.append(document_from_text(text, options, id=name))
        except InputRejected as exc:
            items.append(Rejection(Metadata(id=name), exc.code.value, exc.message))
    yield from analyze_many(items, options)


def score_articles(articles: list, score, options: AnalyzeOptions) -> dict[str, Any]:
    """Analyse every gold article (``name``, ``text``), add each analysis to ``score`` (an object
    with ``add(article, record)``, ``rejected`` and ``report()``), and return its report."""
    for article, record in zip(articles, analyses([(a.name, a.text) for a in articles], options), strict=True):
        if "error" in record:
            score.rejected.append(f"{article.name}: {record['error']['message']}")
        else:
            score.add(article, record)
    return score.report()


def evaluator(read_gold, make_score):
    """``evaluate(gold_dir, text_dir, options)`` for an annotation kind: its gold reader and score."""
    def evaluate(gold_dir: str | Path, text_dir: str | Path, options: AnalyzeOptions) -> dict[str, Any]:
        return score_articles(read_gold(gold_dir, text_dir), make_score(), options)
    return evaluate


def rates(counts, *keys: str) -> dict[str, Any]:
    """The number of gold items and, for each key, the share of them counted under it."""
    return {"items": counts["items"], **{key: ratio(counts[key], counts["items"]) for key in keys}}


def rates_line(name: str, figures: dict[str, Any]) -> str:
    shares = "  ".join(f"{key.replace('_', ' ')} {value:.4f}" for key, value in figures.items() if key != "items")
    return f"{name:<14} {figures['items']:>4}  {shares}"


def report_header(report: dict[str, Any]) -> str:
    rejected = f" ({len(report['rejected'])} rejected)" if report["rejected"] else ""
    return f"articles      {report['articles']}{rejected}"


def rates_report(report: dict[str, Any], rows: list[tuple[str, dict[str, Any]]], predicted: str) -> str:
    """The text report of an evaluation: articles, one line of rates per row, and precision over
    ``report["predicted"]`` predicted items (``predicted`` names them)."""
    return "\n".join([report_header(report), *(rates_line(n, f) for n, f in rows),
                      f"precision     {report['precision']:.4f} of {report['predicted']} {predicted}"])
