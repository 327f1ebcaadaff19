"""NER-UK (brat standoff: one ``.txt`` and one ``.ann`` per text, in one folder per source) read into
spaCy Docs for training and into gold spans for scoring.

The brat offsets are character offsets into the (already tokenized) text. A Doc can hold each token
in one entity only, so of nested or overlapping annotations (a DATE inside a DOC) the longest is
kept for training; scoring compares predictions with every gold annotation, nested ones included.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

# "T12<TAB>PERS<TAB>42<TAB>49<TAB>text": an entity line; the text of an entity that spans a line
# break continues on the next line of the file, which matches nothing here.
_ENTITY_LINE = re.compile(r"^T\d+\t([A-Z]+)\t(\d+)\t(\d+)\t")


class GoldEntity(NamedTuple):
    """A gold annotation: character offsets into its text and the entity type."""

    start: int
    end: int
    label: str


@dataclass
class BratText:
    """One annotated text: its id, the source folder it came from (bruk, ng) and its entities."""

    id: str
    source: str
    text: str
    entities: list[GoldEntity] = field(default_factory=list)


@dataclass
class AlignmentCounts:
    """What became of the gold entities when they were laid on spaCy tokens."""

    total: int = 0
    aligned_exactly: int = 0
    expanded: int = 0
    unaligned: int = 0
    overlapping_dropped: int = 0

    def add(self, other: AlignmentCounts) -> None:
        for name in ("total", "aligned_exactly", "expanded", "unaligned", "overlapping_dropped"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    def as_dict(self) -> dict[str, int]:
        return dict(self.__dict__)


def read_ann(path: Path) -> list[GoldEntity]:
    entities = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = _ENTITY_LINE.match(line)
        if match:
            entities.append(GoldEntity(int(match[2]), int(match[3]), match[1]))
    return entities


def read_corpus(data_dir: str | Path) -> list[BratText]:
    """Every text of ``data_dir`` (its sub-folders are the sources), sorted by source and id."""
    root = Path(data_dir)
    texts = []
    for txt in sorted(root.rglob("*.txt")):
        ann = txt.with_suffix(".ann")
        if not ann.exists():
            continue
        source = txt.parent.name if txt.parent != root else ""
        texts.append(BratText(txt.stem, source, txt.read_text(encoding="utf-8"), read_ann(ann)))
    if not texts:
        raise ValueError(f"{data_dir} holds no brat .txt/.ann pairs")
    return texts


def to_doc(nlp, text: BratText):
    """``text`` tokenized by ``nlp`` with its entities as ``doc.ents`` (brat offsets widened to
    whole tokens), and what the alignment did."""
    from spacy.util import filter_spans

    doc = nlp.make_doc(text.text)
    counts = AlignmentCounts(total=len(text.entities))
    spans = []
    for gold in text.entities:
        span = doc.char_span(gold.start, gold.end, label=gold.label, alignment_mode="expand")
        if span is None or not span.text.strip():
            counts.unaligned += 1
            continue
        exact = span.start_char == gold.start and span.end_char == gold.end
        counts.aligned_exactly += exact
        counts.expanded += not exact
        spans.append(span)
    kept = filter_spans(spans)
    counts.overlapping_dropped = len(spans) - len(kept)
    doc.ents = kept
    return doc, counts


def paragraphs(doc, max_tokens: int = 400):
    """``doc`` cut at line breaks that no entity crosses, in pieces of at most about ``max_tokens``
    tokens: short training examples give more updates per epoch than whole texts."""
    inside = set()
    for ent in doc.ents:
        inside.update(range(ent.start + 1, ent.end))
    pieces, start = [], 0
    for token in doc:
        breaks = "\n" in token.text or "\n" in token.whitespace_
        if breaks and token.i + 1 not in inside and token.i + 1 - start >= max_tokens // 4:
            pieces.append(doc[start:token.i + 1].as_doc())
            start = token.i + 1
        elif token.i + 1 - start >= max_tokens and token.i + 1 not in inside:
            pieces.append(doc[start:token.i + 1].as_doc())
            start = token.i + 1
    if start < len(doc):
        pieces.append(doc[start:].as_doc())
    return pieces
