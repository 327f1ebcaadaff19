"""Score an analysis against a corpus directory's ``expected.json``, part by part.

The format of ``expected.json`` is described in ``../shared/README.md``: every string in it is an
exact substring of the article; names refer to expected entities by canonical name (or a spelling
listed in their ``also``).
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from presslens.options import AnalyzeOptions

SYMMETRIC_KINDS = {"ally", "relations_worsen", "relations_improve"}
_LEADING_THE = re.compile(r"^the\s+", re.I)
_TRAILING_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")


def evaluate_directory(directory: str | Path, options: AnalyzeOptions) -> dict[str, Any]:
    from presslens.runner import analyze

    directory = Path(directory)
    expected = json.loads((directory / "expected.json").read_text(encoding="utf-8"))
    text = (directory / "article.txt").read_text(encoding="utf-8")
    doc = analyze(text, id=directory.name, published=expected.get("published"), options=options)
    return score(doc.to_json(), expected)


def score(analysis: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    """For each part of ``expected``: found / total and what was missed."""
    names = _NameMatcher(expected.get("entities", []))
    text = analysis["text"]
    parts: dict[str, dict[str, Any]] = {}

    def part(name: str, items: list, found: Callable[[dict], bool], describe: Callable[[dict], str]) -> None:
        missed = [describe(item) for item in items if not found(item)]
        parts[name] = {"found": len(items) - len(missed), "total": len(items), "missed": missed}

    part("entities", expected.get("entities", []), lambda e: _entity_found(analysis, e, names),
         lambda e: f"{e['name']} {e['mentions']}")
    quotes = analysis["quotes"]
    part("quotes", expected.get("quotes", []), lambda q: _quote_found(text, quotes, q, names),
         lambda q: f"{q['contains']!r} by {q['speaker']}")
    part("reported_speech", expected.get("reported_speech", []), lambda q: _quote_found(text, quotes, q, names),
         lambda q: f"{q['contains']!r} by {q['speaker']}")
    part("not_quotes", [{"text": t} for t in expected.get("not_quotes", [])],
         lambda n: not _taken_as_quote(text, quotes, n["text"]), lambda n: f"{n['text']!r} taken as a quote")
    part("claims", expected.get("claims", []), lambda c: _claim_found(text, analysis["claims"], c, names),
         lambda c: f"{c['contains']!r} {c['status']} by {c['claimant']}")
    part("labels", expected.get("labels", []), lambda lb: _label_found(analysis["labels"], lb, names),
         lambda lb: f"{lb['source']} calls {lb['target']!r} {lb['label']!r}")
    part("relations", expected.get("relations", []), lambda r: _relation_found(text, analysis["relations"], r, names),
         lambda r: f"{r['source']} {'not ' if r['negated'] else ''}{r['kind']} {r['target']}: {r['evidence']!r}")
    part("techniques", expected.get("techniques", []), lambda t: _technique_found(text, analysis["techniques"], t),
         lambda t: f"{t['any_of']} within {t['within']!r}")
    part("dates", expected.get("dates", []), lambda d: _date_found(text, analysis["dates"], d),
         lambda d: f"{d['date']} in {d['context']!r}")
    merged = _merged_people(analysis, expected.get("entities", []), names)
    parts["entities"]["merged_people"] = merged
    found = sum(p["found"] for p in parts.values())
    total = sum(p["total"] for p in parts.values())
    return {"parts": parts, "found": found, "total": total}


def format_report(report: dict[str, Any]) -> str:
    lines = []
    for name, part in report["parts"].items():
        mark = "complete" if part["found"] == part["total"] else "incomplete"
        lines.append(f"{name:<16} {part['found']:>3}/{part['total']:<3} {mark}")
        for miss in part["missed"]:
            lines.append(f"    missed: {miss}")
        for pair in part.get("merged_people", []):
            lines.append(f"    merged: {pair}")
    lines.append(f"{'total':<16} {report['found']:>3}/{report['total']:<3}")
    return "\n".join(lines)


class _NameMatcher:
    """Whether an output name stands for an expected entity name (its canonical name or an
    accepted spelling)."""

    def __init__(self, entities: list[dict[str, Any]]):
        self.spellings: dict[str, set[str]] = {}
        for e in entities:
            self.spellings[e["name"]] = {s.lower() for s in [e["name"], *e.get("also", [])]}

    def matches(self, output_name: str | None, expected_name: str) -> bool:
        if output_name is None:
            return False
        spellings = self.spellings.get(expected_name, {expected_name.lower()})
        return output_name.lower() in spellings

    def any(self, output_name: str | None, expected_names: list[str]) -> bool:
        return any(self.matches(output_name, n) for n in expected_names)


def _occurrences(text: str, needle: str) -> list[tuple[int, int]]:
    return [(m.start(), m.start() + len(needle)) for m in re.finditer(re.escape(needle), text)]


def _bare(surface: str) -> str:
    return _TRAILING_POSSESSIVE.sub("", _LEADING_THE.sub("", surface.strip())).strip().lower()


def _find_entity(analysis: dict[str, Any], name: str, names: _NameMatcher) -> dict[str, Any] | None:
    return next((e for e in analysis["entities"] if names.matches(e["name"], name)), None)


def _entity_found(analysis: dict[str, Any], expected: dict[str, Any], names: _NameMatcher) -> bool:
    entity = _find_entity(analysis, expected["name"], names)
    if entity is None:
        return False
    surfaces = {_bare(m["text"]) for m in entity["mentions"]}
    return all(_bare(m) in surfaces for m in expected["mentions"])


def _merged_people(analysis: dict[str, Any], expected: list[dict[str, Any]], names: _NameMatcher) -> list[str]:
    """Pairs of expected people that the analysis put into one entity."""
    owner: dict[str, str] = {}
    merged = []
    for e in expected:
        if e.get("type") != "PERSON":
            continue
        entity = _find_entity(analysis, e["name"], names)
        candidates = [entity] if entity else []
        bare_mentions = {_bare(m) for m in e["mentions"]}
        candidates += [o for o in analysis["entities"] if o.get("type") == "PERSON"
                       and bare_mentions & {_bare(m["text"]) for m in o["mentions"]}]
        for c in candidates:
            if c["id"] in owner and owner[c["id"]] != e["name"]:
                merged.append(f"{owner[c['id']]} + {e['name']} in {c['name']}")
            owner.setdefault(c["id"], e["name"])
    return merged


def _quote_found(text: str, quotes: list[dict], expected: dict, names: _NameMatcher) -> bool:
    for start, end in _occurrences(text, expected["contains"]):
        for q in quotes:
            if q["start"] <= start and end <= q["end"] and names.any(q.get("speaker_name"), expected["speaker"]):
                return True
    return False


def _taken_as_quote(text: str, quotes: list[dict], phrase: str) -> bool:
    """A quote that is (part of) the scare-quoted phrase itself, give or take its punctuation."""
    for start, end in _occurrences(text, phrase):
        for q in quotes:
            if start - 2 <= q["start"] and q["end"] <= end + 2:
                return True
    return False


def _claim_found(text: str, claims: list[dict], expected: dict, names: _NameMatcher) -> bool:
    for start, end in _occurrences(text, expected["contains"]):
        for c in claims:
            if not (c["start"] < end and start < c["end"]):
                continue
            if c["status"] != expected["status"] or not names.matches(c.get("claimant_name"), expected["claimant"]):
                continue
            if any(expected["cue"].lower() in cue["text"].lower() or cue["text"].lower() in expected["cue"].lower()
                   for cue in c.get("cues", [])):
                return True
    return False


def _label_found(labels: list[dict], expected: dict, names: _NameMatcher) -> bool:
    want_label = expected["label"].lower()
    want_target = expected["target"].lower()
    for lb in labels:
        if want_label not in lb["label"].lower() and lb["label"].lower() not in want_label:
            continue
        if not names.matches(lb.get("source_name"), expected["source"]):
            continue
        target_text = (lb.get("target_text") or "").lower()
        if names.matches(lb.get("target_name"), expected["target"]) or (
                target_text and (want_target in target_text or target_text in want_target)):
            return True
    return False


def _relation_found(text: str, relations: list[dict], expected: dict, names: _NameMatcher) -> bool:
    spans = _occurrences(text, expected["evidence"])
    for r in relations:
        if r["kind"] != expected["kind"] or bool(r["negated"]) != bool(expected["negated"]):
            continue
        direct = (names.matches(r["source_name"], expected["source"])
                  and names.matches(r["target_name"], expected["target"]))
        reverse = (names.matches(r["source_name"], expected["target"])
                   and names.matches(r["target_name"], expected["source"]))
        if not (direct or (reverse and expected["kind"] in SYMMETRIC_KINDS)):
            continue
        if any(r["start"] < end and start < r["end"] for start, end in spans):
            return True
    return False


def _technique_found(text: str, techniques: list[dict], expected: dict) -> bool:
    for start, end in _occurrences(text, expected["within"]):
        for t in techniques:
            if t["technique"] in expected["any_of"] and t["start"] < end and start < t["end"]:
                return True
    return False


def _date_found(text: str, dates: list[dict], expected: dict) -> bool:
    for start, end in _occurrences(text, expected["context"]):
        for d in dates:
            if d["start"] < end and start < d["end"] and d["value"].startswith(expected["date"]):
                return True
    return False
