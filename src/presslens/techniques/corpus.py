"""Reading data in the format of SemEval-2023 Task 3: article files, genre (subtask 1), frames
(subtask 2), and techniques per paragraph and as character spans (subtask 3)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from presslens.techniques.labels import FRAMES, GENRES, normalise_label

_ARTICLE = re.compile(r"article(\d+)\.txt$")


@dataclass
class GoldSpan:
    technique: str
    start: int
    end: int


@dataclass
class Article:
    id: str
    text: str
    # 1-based line -> techniques of that paragraph (only the lines the labels file lists).
    paragraph_labels: dict[int, set[str]] | None = None
    spans: list[GoldSpan] | None = None
    frames: set[str] | None = None
    genre: str | None = None
    notes: list[str] = field(default_factory=list)


def _find(directory: Path, *patterns: str) -> list[Path]:
    found: list[Path] = []
    for pattern in patterns:
        found.extend(sorted(directory.glob(pattern)))
    return found


def read_dataset(directory: str | Path) -> list[Article]:
    """Every article of a task-format directory with whatever gold labels it has, sorted by id.

    The articles are read from ``*articles-subtask-3/`` (else ``*articles-subtask-1/`` or
    ``*articles*/``); labels from ``*-labels-subtask-1.txt``, ``*-labels-subtask-2.txt``,
    ``*-labels-subtask-3.txt`` and ``*-labels-subtask-3-spans/``.
    """
    root = Path(directory)
    texts: dict[str, str] = {}
    for folder in _find(root, "*articles-subtask-3", "*articles-subtask-1", "*articles-subtask-2", "*articles*"):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("article*.txt")):
            m = _ARTICLE.search(path.name)
            if m and m.group(1) not in texts:
                # newline="" keeps "\r" so the annotation offsets still point at the right characters
                with path.open(encoding="utf-8", newline="") as handle:
                    texts[m.group(1)] = handle.read()
    articles = {aid: Article(aid, text) for aid, text in texts.items()}

    for path in _find(root, "*labels-subtask-1.txt"):
        for aid, value in _rows(path, 2):
            if aid in articles and value.strip() in GENRES:
                articles[aid].genre = value.strip()
    for path in _find(root, "*labels-subtask-2.txt"):
        for aid, value in _rows(path, 2):
            if aid in articles:
                articles[aid].frames = {f for f in value.split(",") if f.strip() in FRAMES}
    for path in _find(root, "*labels-subtask-3.txt"):
        for row in _split_rows(path):
            if len(row) >= 2 and row[0] in articles and row[1].isdigit():
                labels = {normalise_label(x) for x in (row[2] if len(row) > 2 else "").split(",") if x.strip()}
                article = articles[row[0]]
                if article.paragraph_labels is None:
                    article.paragraph_labels = {}
                article.paragraph_labels[int(row[1])] = {x for x in labels if x}
    for folder in _find(root, "*labels-subtask-3-spans"):
        for path in sorted(folder.glob("article*")):
            for row in _split_rows(path):
                if len(row) == 4 and row[0] in articles and row[2].isdigit() and row[3].isdigit():
                    technique = normalise_label(row[1])
                    article = articles[row[0]]
                    if article.spans is None:
                        article.spans = []
                    if technique:
                        article.spans.append(GoldSpan(technique, int(row[2]), int(row[3])))
    return [articles[k] for k in sorted(articles)]


def _split_rows(path: Path) -> list[list[str]]:
    return [line.rstrip("\r\n").split("\t") for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip()]


def _rows(path: Path, width: int) -> list[tuple[str, str]]:
    return [(row[0], row[1] if len(row) > 1 else "") for row in _split_rows(path) if len(row) >= width - 1]


def span_lines(text: str, start: int, end: int) -> set[int]:
    """The 1-based lines a character span touches."""
    first = text.count("\n", 0, start) + 1
    return set(range(first, first + text.count("\n", start, max(start, end - 1)) + 1))
