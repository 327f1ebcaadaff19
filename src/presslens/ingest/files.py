"""Paths to inputs: files by suffix, directories recursively, ``-`` for standard input.

Every read is bounded: a text or HTML file is read up to what ``max_chars`` characters can take,
JSON lines one line at a time, a JSON document up to ``max(JSON_DOCUMENT_BYTES, a record's
bound)``. Whatever lies beyond is rejected with the size read, never read whole into memory.
"""
from __future__ import annotations

import codecs
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

from presslens.document import Metadata
from presslens.errors import Code, InputRejected, message
from presslens.ingest import Item, Rejection
from presslens.ingest.checks import decode, reject_binary, utf8_safe
from presslens.ingest.json_input import load_json
from presslens.ingest.records import document_from_text, records_from_json, records_from_lines
from presslens.options import AnalyzeOptions

SUFFIXES = {".txt": "text", ".text": "text", ".html": "html", ".htm": "html", ".json": "json", ".jsonl": "jsonl"}
# Raw bytes a text of max_chars characters can take: 4-byte UTF-8 plus a BOM.
BYTES_PER_CHAR = 4
# A JSON record can take more: "\ud83d\ude00" is 12 bytes for one character; plus its metadata.
JSON_BYTES_PER_CHAR = 12
JSON_RECORD_SLACK = 1 << 20
# A JSON document is parsed whole; a larger collection belongs in JSON lines.
JSON_DOCUMENT_BYTES = 256 << 20
CHUNK = 1 << 16


def read_inputs(paths: Iterable[str], options: AnalyzeOptions, stdin: BinaryIO | None = None) -> Iterator[Item]:
    """Every input named by ``paths``, in order: directories are walked recursively in sorted
    order (hidden files skipped), ``-`` reads standard input."""
    for raw in paths:
        if raw == "-":
            yield from _read_stream((stdin or sys.stdin.buffer), "stdin", None, options)
        elif os.path.isdir(raw):
            for found in _walk(Path(raw)):
                if isinstance(found, Rejection):
                    yield found
                else:
                    yield from read_file(found, options)
        else:
            yield from read_file(Path(raw), options)


def count_inputs(paths: Iterable[str]) -> int | None:
    """How many inputs ``read_inputs`` will yield for ``paths``, for a progress bar, read cheaply:
    a file is one, a JSON lines file one a non-blank line, a JSON file holding a list one an item
    (an empty list one: its rejection). None when standard input is among them (it can be read
    once only). A file changed between the count and the reading makes it an estimate."""
    total = 0
    for raw in paths:
        if raw == "-":
            return None
        found = _walk(Path(raw)) if os.path.isdir(raw) else [Path(raw)]
        total += sum(1 if isinstance(path, Rejection) else _inputs_in(path) for path in found)
    return total


def _inputs_in(path: Path) -> int:
    kind = SUFFIXES.get(path.suffix.lower())
    try:
        if kind == "jsonl":
            with path.open("rb") as stream:
                return max(1, sum(1 for line in stream if line.strip(b" \t\r\n")))
        if kind == "json" and path.stat().st_size <= JSON_DOCUMENT_BYTES:
            data = load_json(decode(path.read_bytes()))
            return max(1, len(data)) if isinstance(data, list) else 1
    except (OSError, InputRejected):
        pass  # read as one input: its rejection
    return 1


def _walk(root: Path) -> Iterator[Path | Rejection]:
    """The files under ``root`` in sorted order, depth first, following symbolic links; an entry
    that cannot be read (a broken link, a link loop, a directory it may not list, a FIFO or a
    device) comes as a rejection. Iterative, so that no depth of directories can overflow."""
    stack: list[tuple[Path, frozenset[tuple[int, int]]]] = [(root, frozenset())]
    while stack:
        path, ancestors = stack.pop()
        try:
            info = path.stat()
        except OSError as exc:
            yield _unreadable(path, _stat_problem(path, exc))
            continue
        if stat.S_ISREG(info.st_mode):
            yield path
            continue
        if not stat.S_ISDIR(info.st_mode):
            yield _unreadable(path, "not a regular file (a FIFO, socket or device), so it is not read")
            continue
        identity = (info.st_dev, info.st_ino)
        if identity in ancestors:
            yield _unreadable(path, f"a symbolic link loop: it leads back to {os.path.realpath(path)}")
            continue
        try:
            names = sorted(name for name in os.listdir(path) if not name.startswith("."))
        except OSError as exc:
            yield _unreadable(path, f"the directory cannot be listed ({exc.strerror or exc})")
            continue
        inside = ancestors | {identity}
        stack.extend((path / name, inside) for name in reversed(names))


def _stat_problem(path: Path, exc: OSError) -> str:
    if path.is_symlink():
        return f"the symbolic link to {os.readlink(path)} cannot be followed ({exc.strerror or exc})"
    return exc.strerror or str(exc)


def _unreadable(path: Path, detail: str) -> Rejection:
    return Rejection(_file_meta(path), Code.UNREADABLE.value, message(Code.UNREADABLE, detail=utf8_safe(detail)))


def _file_meta(path: Path) -> Metadata:
    return Metadata(id=utf8_safe(path.stem), source=utf8_safe(str(path)))


def read_file(path: Path, options: AnalyzeOptions) -> Iterator[Item]:
    kind = SUFFIXES.get(path.suffix.lower())
    if kind is None:
        yield Rejection(_file_meta(path), Code.UNSUPPORTED_TYPE.value,
                        message(Code.UNSUPPORTED_TYPE, suffix=utf8_safe(path.suffix) or "(none)"))
        return
    try:
        stream = path.open("rb")
    except OSError as exc:
        yield _unreadable(path, exc.strerror or str(exc))
        return
    with stream:
        try:
            for item in _read_stream(stream, utf8_safe(path.stem), kind, options):
                if isinstance(item, Rejection) and item.meta.source is None:
                    item.meta.source = _file_meta(path).source  # the store knows a rejection by it
                yield item
        except OSError as exc:  # a read that fails midway: a directory named *.txt, a device error
            yield _unreadable(path, exc.strerror or str(exc))


def _read_stream(stream: BinaryIO, stem: str, kind: str | None, options: AnalyzeOptions) -> Iterator[Item]:
    try:
        if kind == "jsonl":
            yield from _read_json_lines(stream, stem, options)
            return
        if kind == "json":
            yield from records_from_json(decode(_read_at_most(stream, _json_document_bytes(options), options)),
                                         options, stem)
            return
        data = stream.read(_text_bytes(options) + 1)
        kind = kind or _sniff(data)
        if kind == "json":  # standard input
            yield from _read_json_stream(data, stream, stem, options)
            return
        text = decode(_within(data, _text_bytes(options), options))
        yield document_from_text(text, options, id=stem, is_html=(kind == "html"))
    except InputRejected as exc:
        yield Rejection(Metadata(id=stem), exc.code.value, exc.message)


def _read_json_lines(stream: BinaryIO, stem: str, options: AnalyzeOptions) -> Iterator[Item]:
    head = stream.read(CHUNK)
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):  # rare: decoded whole, then split
        text = decode(head + _read_at_most(stream, _json_document_bytes(options) - len(head), options))
        yield from records_from_json(text, options, stem, lines=True)
        return
    reject_binary(head)
    yield from records_from_lines(_lines(_chunks(head.removeprefix(codecs.BOM_UTF8), stream), options), options, stem)


def _read_json_stream(head: bytes, stream: BinaryIO, stem: str, options: AnalyzeOptions) -> Iterator[Item]:
    """Standard input that starts like JSON. Large, and with a first line that is JSON of its own:
    JSON lines, read a line at a time. Else one JSON document, or JSON lines if it does not parse
    whole."""
    if len(head) > _text_bytes(options) and _is_json(head.split(b"\n", 1)[0]):
        yield from records_from_lines(_lines(_chunks(head, stream), options), options, stem)
        return
    text = decode(head + _read_at_most(stream, _json_document_bytes(options) - len(head), options))
    yield from records_from_json(text, options, stem, lines=None)


def _is_json(line: bytes) -> bool:
    try:
        load_json(decode(line))
    except InputRejected:
        return False
    return True


def _text_bytes(options: AnalyzeOptions) -> int:
    return options.max_chars * BYTES_PER_CHAR + 4


def _json_record_bytes(options: AnalyzeOptions) -> int:
    return options.max_chars * JSON_BYTES_PER_CHAR + JSON_RECORD_SLACK


def _json_document_bytes(options: AnalyzeOptions) -> int:
    return max(JSON_DOCUMENT_BYTES, _json_record_bytes(options))


def _oversized(limit: int, options: AnalyzeOptions) -> InputRejected:
    return InputRejected.of(Code.OVERSIZED, size=f"more than {limit:,} bytes", limit=options.max_chars)


def _within(data: bytes, limit: int, options: AnalyzeOptions) -> bytes:
    if len(data) > limit:
        raise _oversized(limit, options)
    return data


def _read_at_most(stream: BinaryIO, limit: int, options: AnalyzeOptions) -> bytes:
    return _within(stream.read(limit + 1), limit, options)


def _chunks(head: bytes, stream: BinaryIO) -> Iterator[bytes]:
    yield head
    while chunk := stream.read(CHUNK):
        yield chunk


def _lines(chunks: Iterable[bytes], options: AnalyzeOptions) -> Iterator[bytes | InputRejected]:
    """The lines of a byte stream, split at newlines only (as JSON lines are), without their
    newline; a line longer than a record can be comes as its rejection, and is not kept."""
    limit = _json_record_bytes(options)
    line = bytearray()
    too_long = False
    for chunk in chunks:
        start = 0
        while True:
            end = chunk.find(b"\n", start)
            if not too_long:
                line += chunk[start:] if end < 0 else chunk[start:end]
                too_long = len(line) > limit
                if too_long:
                    line.clear()
            if end < 0:
                break
            yield _oversized(limit, options) if too_long else bytes(line)
            line.clear()
            too_long = False
            start = end + 1
    if line or too_long:
        yield _oversized(limit, options) if too_long else bytes(line)


def _sniff(data: bytes) -> str:
    head = data[:1024]
    encoding = "utf-16" if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) else "utf-8-sig"
    start = head.decode(encoding, "ignore").lstrip()[:200].lower()
    if start.startswith(("{", "[")):
        return "json"
    if start.startswith(("<!doctype html", "<html", "<head", "<body", "<article", "<div", "<p>")):
        return "html"
    return "text"
