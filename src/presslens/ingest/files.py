"""Paths to inputs: files by suffix, directories recursively, ``-`` for standard input."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator

from presslens.document import Metadata
from presslens.errors import Code, InputRejected, message
from presslens.ingest import Item, Rejection
from presslens.ingest.checks import decode
from presslens.ingest.records import document_from_text, records_from_json
from presslens.options import AnalyzeOptions

SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl"}
# Raw bytes read at most per file: enough for max_chars of 4-byte UTF-8 plus a BOM.
BYTES_PER_CHAR = 4


def read_inputs(paths: Iterable[str], options: AnalyzeOptions, stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Every input named by ``paths``, in order: directories are walked recursively in sorted
    order (hidden files skipped), ``-`` reads standard input."""
    for raw in paths:
        if raw == "-":
            yield from _read_stream((stdin or sys.stdin.buffer), "stdin", None, options)
            continue
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if not any(part.startswith(".") for part in child.relative_to(path).parts):
                    yield from read_file(child, options)
        else:
            yield from read_file(path, options)


def read_file(path: Path, options: AnalyzeOptions) -> Iterator[Item]:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        yield Rejection(Metadata(id=path.stem, source=str(path)), Code.UNSUPPORTED_TYPE.value,
                        message(Code.UNSUPPORTED_TYPE, suffix=path.suffix or "(none)"))
        return
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield Rejection(Metadata(id=path.stem, source=str(path)), Code.UNREADABLE.value,
                        message(Code.UNREADABLE, detail=exc.strerror or str(exc)))
        return
    with stream:
        yield from _read_stream(stream, path.stem, kind, options)


def _read_stream(stream: BinaryIO, stem: str, kind: str | None, options: AnalyzeOptions) -> Iterator[Item]:
    limit = options.max_chars * BYTES_PER_CHAR + 4
    data = stream.read(limit + 1)
    try:
        if kind in (None, "text", "html") and len(data) > limit:
            raise InputRejected.of(Code.OVERSIZED, size=len(data), limit=options.max_chars)
        text = decode(data)
    except InputRejected as exc:
        yield Rejection(Metadata(id=stem), exc.code.value, exc.message)
        return
    if kind is None:
        kind = _sniff(text)
    if kind in ("json", "jsonl"):
        if len(data) > limit:  # a large record file: read on, record by record
            text += decode(stream.read())
        yield from records_from_json(text, options, stem, jsonl=True if kind == "jsonl" else None)
        return
    try:
        yield document_from_text(text, options, id=stem, is_html=(kind == "html"))
    except InputRejected as exc:
        yield Rejection(Metadata(id=stem), exc.code.value, exc.message)


def _sniff(text: str) -> str:
    head = text.lstrip()[:200].lower()
    if head.startswith(("{", "[")):
        return "json"
    if head.startswith(("<!doctype html", "<html", "<head", "<body", "<article", "<div", "<p>")):
        return "html"
    return "text"

