"""The units the technique model reads: paragraphs (the text's non-empty lines, as SemEval-2023
Task 3 numbers them) and the sentences inside them, each with character offsets.

A rule splitter rather than the spaCy parse: training reads 446 articles without parsing them,
and the model must see exactly the same units at training and at analysis time.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

# A sentence ends at . ! or ? (plus closing quotes or brackets) followed by space and a likely
# sentence start; abbreviations such as "Mr." or "U.S." are protected below.
_BOUNDARY = re.compile(r"[.!?]+[\"'”’»)\]]*\s+(?=[\"'“‘«(\[]?[A-Z0-9])")
_ABBREVIATION = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|St|Jr|Sr|No|Vol|vs|etc|Inc|Corp|Co|Ltd|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)|\b[A-Z](?:\.[A-Z])*)\.$")
# Sentences longer than this many characters are cut at clause punctuation, so that a span stays
# readable and the encoder never truncates much.
MAX_SENTENCE_CHARS = 400
_CLAUSE_BREAK = re.compile(r"[;:,]\s+")
_WORD = re.compile(r"\w+(?:['’]\w+)?")


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    line: int  # 1-based line of the text the unit lies on


@dataclass(frozen=True)
class Paragraph(Unit):
    sentences: tuple[Unit, ...]


def paragraphs(text: str) -> list[Paragraph]:
    """The non-empty lines of ``text`` with their sentences, stripped of surrounding space."""
    out: list[Paragraph] = []
    offset = 0
    for number, line in enumerate(text.split("\n"), 1):
        stripped = line.strip()
        if stripped:
            start = offset + line.index(stripped[0])
            end = start + len(stripped)
            out.append(Paragraph(start, end, number, tuple(sentences(text, start, end, number))))
        offset += len(line) + 1
    return out


def sentences(text: str, start: int, end: int, line: int = 0) -> list[Unit]:
    """The sentences of ``text[start:end]``."""
    pieces: list[tuple[int, int]] = []
    cursor = start
    for m in _BOUNDARY.finditer(text, start, end):
        head = text[cursor:m.start() + 1]
        if _ABBREVIATION.search(head) and text[m.start():m.end()].strip() == ".":
            continue
        pieces.append((cursor, m.start() + len(m.group().rstrip())))
        cursor = m.end()
    if cursor < end:
        pieces.append((cursor, end))
    out: list[Unit] = []
    for s, e in pieces:
        for cs, ce in _cut_long(text, s, e):
            out.append(Unit(cs, ce, line))
    return out


def _cut_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    if end - start <= MAX_SENTENCE_CHARS:
        return [(start, end)]
    out: list[tuple[int, int]] = []
    cursor = start
    while end - cursor > MAX_SENTENCE_CHARS:
        limit = cursor + MAX_SENTENCE_CHARS
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(text, cursor + MAX_SENTENCE_CHARS // 3, limit)]
        if not breaks:  # no clause punctuation: cut at the last space
            space = text.rfind(" ", cursor + 1, limit)
            breaks = [space + 1] if space > cursor else [limit]
        cut = breaks[-1]
        out.append((cursor, len(text[cursor:cut].rstrip()) + cursor))
        cursor = cut
    out.append((cursor, end))
    return out


def words(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int, str]]:
    """Word tokens of ``text[start:end]`` as (start, end, lower-cased word)."""
    return [(m.start(), m.end(), m.group().lower().replace("’", "'"))
            for m in _WORD.finditer(text, start, len(text) if end is None else end)]


def paragraph_maxima(rows: np.ndarray, paragraph_of: np.ndarray, n_paragraphs: int) -> np.ndarray:
    """Per paragraph, the element-wise maximum of its sentences' rows (``paragraph_of``: each
    sentence's paragraph); zeros for a paragraph without sentences."""
    out = np.zeros((n_paragraphs, rows.shape[1]), rows.dtype)
    for i in range(n_paragraphs):
        members = paragraph_of == i
        if members.any():
            out[i] = rows[members].max(axis=0)
    return out
