"""Rhetorical-pattern detectors: the forms the SemEval-2023 technique definitions name and a
sentence embedding averages away ("either you ... or ...", "but what about ...", "double
standards", "this whole charade", an epithet noun phrase such as "a corrupt junta").

Each hit is a span with the words that triggered it, so the technique stage can show its cue and
give it to the speaker whose quote holds the cue. The patterns live in data/cues/techniques.json;
the model adds their hits to its own (presslens.techniques.model).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass

from presslens.data import load_json
from presslens.techniques.labels import CATEGORY_OF
from presslens.techniques.units import Unit

DATA = "cues/techniques.json"
# the score of a hit whose technique has no measured confidence in the data file
DEFAULT_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Pattern:
    technique: str
    name: str
    regex: re.Pattern
    span: str  # "match" or "sentence"
    # words that extend a match to the left (an epithet's modifiers), required or optional; the
    # head is searched first and the modifiers only before it, which is much faster than one
    # regex that tries the modifier list at every word
    prefix: re.Pattern | None = None
    prefix_required: bool = False
    # when given, a match counts only if its lower-cased text is one of these words (a set
    # lookup per word instead of a long alternation)
    heads: frozenset[str] | None = None


# a word as the epithet lists write them: letters, hyphens inside
_HEAD_WORD = re.compile(r"\b[^\W\d_]+(?:-[^\W\d_]+)*\b")


@dataclass(frozen=True)
class PatternHit:
    technique: str
    pattern: str
    start: int
    end: int
    cue: tuple[int, int]
    score: float


def _alternation(words: Sequence[str]) -> str:
    # longest first, so "neo-nazi" wins over "nazi"
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


def _epithet_patterns(spec: dict) -> list[Pattern]:
    """Two patterns from the epithet word lists: modifier(s) + political noun, and a pejorative
    noun with any modifiers before it. The whole noun phrase is the span and the cue."""
    modifier = rf"(?:{_alternation(spec['modifiers'])})"
    # one more word may sit between a modifier and the head ("corrupt, lying thugs")
    chain = rf"{modifier}(?:(?:,\s*|\s+|-)(?:{modifier}|[a-z]+))?(?:,\s*|\s+|-)"
    prefix = re.compile(rf"\b{chain}$", re.IGNORECASE)
    technique = spec["technique"]
    return [
        Pattern(technique, "epithet_phrase", _HEAD_WORD, "match", prefix, True, frozenset(spec["political_nouns"])),
        Pattern(technique, "pejorative_noun", _HEAD_WORD, "match", prefix, False, frozenset(spec["pejorative_nouns"])),
    ]


# how far left of a head word its modifiers may start
PREFIX_REACH = 80


@functools.lru_cache(maxsize=1)
def load_patterns() -> tuple[tuple[Pattern, ...], dict[str, float]]:
    """The patterns of the data file and the confidence of each technique's hits."""
    data = load_json(DATA)
    patterns = [Pattern(p["technique"], p["name"], re.compile(p["regex"], re.IGNORECASE), p["span"])
                for p in data["patterns"]]
    patterns.extend(_epithet_patterns(data["epithets"]))
    for p in patterns:
        if p.technique not in CATEGORY_OF or p.span not in ("match", "sentence"):
            raise ValueError(f"{DATA}: pattern {p.name!r} names technique {p.technique!r} / span {p.span!r}")
    return tuple(patterns), dict(data.get("confidence", {}))


def detect(text: str, sentences: Sequence[Unit]) -> list[PatternHit]:
    """Every pattern hit in the ``sentences`` of ``text``, in text order; a pattern never
    reaches across a sentence boundary, and of overlapping hits of one technique only the first
    (the longest of those starting first) is kept."""
    patterns, confidence = load_patterns()
    hits: list[PatternHit] = []
    for unit in sentences:
        piece = text[unit.start:unit.end]
        for pattern in patterns:
            for m in pattern.regex.finditer(piece):
                if pattern.heads is not None and m.group().lower() not in pattern.heads:
                    continue
                group = "span" if "span" in pattern.regex.groupindex and m.group("span") else 0
                cue_group = "cue" if "cue" in pattern.regex.groupindex and m.group("cue") else 0
                cue = (unit.start + m.start(cue_group), unit.start + m.end(cue_group))
                if pattern.prefix is not None:
                    before = pattern.prefix.search(piece, max(0, m.start() - PREFIX_REACH), m.start())
                    if before is None and pattern.prefix_required:
                        continue
                    if before is not None:
                        cue = (unit.start + before.start(), cue[1])
                if pattern.span == "sentence":
                    start, end = unit.start, unit.end
                elif pattern.prefix is not None:
                    start, end = cue
                else:
                    start, end = unit.start + m.start(group), unit.start + m.end(group)
                    end = start + len(text[start:end].rstrip(" ,;:"))
                hits.append(PatternHit(pattern.technique, pattern.name, start, end, cue,
                                       float(confidence.get(pattern.technique, DEFAULT_CONFIDENCE))))
    hits.sort(key=lambda h: (h.start, -h.end, h.technique))
    kept: list[PatternHit] = []
    for hit in hits:
        if not any(h.technique == hit.technique and h.start < hit.end and hit.start < h.end for h in kept):
            kept.append(hit)
    return kept
