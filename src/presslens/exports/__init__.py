"""Exports of analyses (``presslens/analysis@1`` records) to the formats of other tools.

Every exporter is ``write(analyses, out) -> int``: it takes any iterable of analysis dicts (a
JSONL file, the store, the API), writes to a text stream and returns the number of rows or
records written. Rejection records (``{"error": ...}``) are skipped. Exporters trust the shape of
what they get: ``presslens.exports.reading`` reads and checks records for them. Every string they
write is made safe for its format first (``presslens.exports.text``).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import IO


def exporters() -> dict[str, Callable[[Iterable[dict], IO[str]], int]]:
    from presslens.exports import csv_table, gdelt_tsv, graphml, plover_jsonl

    return {"plover-jsonl": plover_jsonl.write, "gdelt-tsv": gdelt_tsv.write,
            "graphml": graphml.write, "csv": csv_table.write}


FORMATS = ("plover-jsonl", "gdelt-tsv", "graphml", "csv")
