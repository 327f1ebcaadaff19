"""Exports of analyses (``presslens/analysis@1`` records) to the formats of other tools.

Every exporter is ``write(analyses, out) -> int``: it takes any iterable of analysis dicts (a
JSONL file, the store, the API), writes to a text stream and returns the number of rows or
records written. Rejection records (``{"error": ...}``) are skipped.
"""
from __future__ import annotations

from typing import IO, Callable, Iterable


def exporters() -> dict[str, Callable[[Iterable[dict], IO[str]], int]]:
    from presslens.exports import csv_table, gdelt_tsv, graphml, plover_jsonl

    return {"plover-jsonl": plover_jsonl.write, "gdelt-tsv": gdelt_tsv.write,
            "graphml": graphml.write, "csv": csv_table.write}


FORMATS = ("plover-jsonl", "gdelt-tsv", "graphml", "csv")


def read_analyses(paths: Iterable[str]):
    """Analysis records from JSONL files (one per line), JSON files (one record or a list), or
    ``-`` for standard input. A line that is not JSON raises ``InputRejected`` naming it."""
    import json
    import sys

    from presslens.errors import Code, InputRejected

    for path in paths:
        stream = sys.stdin if path == "-" else open(path, encoding="utf-8")
        try:
            text = stream.read()
        finally:
            if stream is not sys.stdin:
                stream.close()
        stripped = text.lstrip()
        if stripped.startswith("[") or (stripped.startswith("{") and not path.endswith(".jsonl")
                                        and stripped.count("\n{") == 0):
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise InputRejected.of(Code.MALFORMED_JSON, line=exc.lineno, detail=f"{path}: {exc.msg}") from None
            yield from (data if isinstance(data, list) else [data])
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputRejected.of(Code.MALFORMED_JSON, line=number, detail=f"{path}: {exc.msg}") from None
