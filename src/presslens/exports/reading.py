"""Analysis records for the exporters, from files, standard input or a corpus store.

Whatever is read is checked first (``analysis_problem``): an exporter only ever sees records of
the analysis format. What cannot be exported becomes a ``Skipped`` (where, code, message), and
the rest of the input is still read, as ``analyze`` reports a rejected input and goes on.
"""
from __future__ import annotations

import contextlib
import copy
import functools
import sqlite3
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from presslens.errors import Code, InputRejected, StoreError, message
from presslens.exports.text import one_line
from presslens.ingest.checks import decode_utf8
from presslens.ingest.json_input import load_json

# The parts of an analysis the exporters read, checked as the format defines them. The rest of a
# record is no exporter's business, and checking every mention and quote would cost several
# times more than reading the record.
_READ = ("schema", "document", "text", "entities", "relations")
_ENTITY_READ = ("id", "name", "type", "country", "sector")
# One line per skipped record: a reason longer than this is cut.
MAX_REASON = 200


@dataclass(frozen=True)
class Skipped:
    """An input, or a record in one, that cannot be exported."""

    where: str  # FILE:LINE, FILE, or FILE: record N / article N
    code: str
    message: str

    def __str__(self) -> str:
        """One line, whatever the file name holds."""
        return one_line(f"{self.where}: {self.code}: {self.message}")


def read_analyses(paths: Iterable[str]) -> Iterator[dict[str, Any] | Skipped]:
    """The records of JSON lines files (one per line), JSON files (one record or a list; JSON
    lines in a ``.json`` file are read as such) and ``-`` (standard input), in order."""
    for path in paths:
        name = "stdin" if path == "-" else path
        try:
            if name.endswith(".jsonl"):
                with open(path, "rb") as stream:  # a line at a time, whatever the size of the file
                    yield from _checked(_json_lines(name, stream))
                continue
            data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
        except OSError as exc:
            yield Skipped(name, Code.UNREADABLE.value, message(Code.UNREADABLE, detail=exc.strerror or str(exc)))
            continue
        yield from _checked(_json_document(name, data))


def store_analyses(path: str) -> Iterator[dict[str, Any] | Skipped]:
    """The analyses of a corpus store (a SQLite file or a PostgreSQL URL). A file that is not one
    raises ``StoreError`` now, before anything is written or created in it; a store found damaged
    while read raises it then."""
    from presslens.store.factory import is_postgres, open_store, sqlite_path

    if not is_postgres(path):  # a PostgreSQL store is checked by opening it: a server is no file
        _check_store(sqlite_path(path))
    store = open_store(path)

    def analyses() -> Iterator[dict[str, Any] | Skipped]:
        try:
            for n, record in enumerate(store.iter_analyses(), 1):
                yield checked(record, f"{path}: article {n}")
        except (sqlite3.Error, ValueError) as exc:  # ValueError: a stored analysis that is not JSON
            raise StoreError(f"the store {path} is damaged: {exc}") from None
        finally:
            store.close()

    return analyses()


def checked(value: Any, where: str) -> dict[str, Any] | Skipped:
    """``value`` if it is an analysis record (or a rejection record), else why not."""
    problem = analysis_problem(value)
    if problem is None:
        return value
    return Skipped(where, Code.NOT_AN_ANALYSIS.value, message(Code.NOT_AN_ANALYSIS, detail=problem))


def analysis_problem(value: Any) -> str | None:
    """What keeps ``value`` from being exported (its first departure from the analysis format
    in the parts exporters read, or from the rejection format for a record with an ``error``),
    or ``None``."""
    from jsonschema.exceptions import best_match

    kind = "rejection" if isinstance(value, dict) and "error" in value else "analysis"
    error = best_match(_validators()[kind].iter_errors(value))
    if error is None:
        return None
    where = "/".join(map(str, error.absolute_path)) or "the record"
    reason = f"{where}: {error.message}"
    return reason if len(reason) <= MAX_REASON else reason[:MAX_REASON - 1] + "…"


@functools.lru_cache(maxsize=1)
def _validators() -> dict[str, Any]:
    import jsonschema

    from presslens.schema import analysis_schema

    schema = copy.deepcopy(analysis_schema())
    del schema["oneOf"]  # which of the two a record is meant to be is plain: say what is wrong with it
    analysis = schema["$defs"]["analysis"]
    analysis["required"] = [key for key in analysis["required"] if key in _READ]
    analysis["properties"] = {key: analysis["properties"][key] for key in _READ}
    entity = analysis["properties"]["entities"]["items"]
    entity["required"] = list(_ENTITY_READ)
    entity["properties"] = {key: entity["properties"][key] for key in _ENTITY_READ}
    return {kind: jsonschema.Draft202012Validator({**schema, "$ref": f"#/$defs/{kind}"})
            for kind in ("analysis", "rejection")}


def _checked(values: Iterable[tuple[str, Any]]) -> Iterator[dict[str, Any] | Skipped]:
    for where, value in values:
        yield value if isinstance(value, Skipped) else checked(value, where)


def _json_document(name: str, data: bytes) -> Iterator[tuple[str, Any]]:
    """(where, value) for the record or the list of records ``data`` holds; where it is not one
    JSON document but has several lines, for each of its JSON lines."""
    lines = data.split(b"\n")
    try:
        value = load_json(decode_utf8(data), first_line=1)
    except InputRejected as exc:
        if sum(1 for line in lines if line.strip()) > 1:
            yield from _json_lines(name, lines)
        else:
            yield name, Skipped(name, exc.code.value, exc.message)
        return
    if isinstance(value, list):
        yield from ((f"{name}: record {n}", record) for n, record in enumerate(value, 1))
    else:
        yield name, value


def _json_lines(name: str, lines: Iterable[bytes]) -> Iterator[tuple[str, Any]]:
    """(where, value) for each line, a ``Skipped`` as value for one that cannot be read."""
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{name}:{number}"
        try:
            yield where, load_json(decode_utf8(line), first_line=number)
        except InputRejected as exc:
            yield where, Skipped(where, exc.code.value, exc.message)


def _check_store(path: str) -> None:
    """``StoreError`` unless ``path`` is a SQLite file with presslens's tables (read-only look)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    try:
        with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
            db.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
            db.execute("SELECT id FROM articles LIMIT 1").fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            raise StoreError(f"{path} is not a presslens corpus store ({exc})") from None
        raise StoreError(f"cannot open the store {path}: {exc}") from None
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open the store {path}: {exc}") from None
