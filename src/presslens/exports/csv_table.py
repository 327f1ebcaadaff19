"""A flat CSV table of relations, one row each, for spreadsheets and pandas.

One row is one line: text fields hold no control characters or line breaks (they become spaces,
see ``presslens.exports.text``). Line breaks could stay inside quoted fields, which is valid CSV,
but line-based tools would see those rows broken in two; and the csv module quotes only the
characters of its own line terminator: a lone CR went out unquoted, and Python's csv reader
then refused the file."""
from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

from presslens.exports.actors import actor_code, rows
from presslens.exports.text import one_line

COLUMNS = ["document", "url", "relation", "kind", "plover_event", "plover_mode", "plover_context",
           "source", "source_name", "source_code", "target", "target_name", "target_code",
           "negated", "hedged", "date", "asserted_by", "asserted_by_name", "start", "end", "evidence"]


def write(analyses: Iterable[dict[str, Any]], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for row in rows(analyses):
        r = row.relation
        writer.writerow({column: one_line(value) for column, value in {
            "document": row.document.get("id"), "url": row.document.get("url") or "", "relation": r["id"],
            "kind": r["kind"], "plover_event": row.event or "", "plover_mode": row.mode or "",
            "plover_context": ";".join(row.context),
            "source": r.get("source"), "source_name": r.get("source_name"), "source_code": actor_code(row.source),
            "target": r.get("target"), "target_name": r.get("target_name"), "target_code": actor_code(row.target),
            "negated": int(bool(r.get("negated"))), "hedged": int(bool(r.get("hedged"))), "date": r.get("date") or "",
            "asserted_by": r.get("asserted_by") or "",
            "asserted_by_name": row.asserted_by.get("name") if row.asserted_by else "",
            "start": r.get("start"), "end": r.get("end"), "evidence": r.get("evidence"),
        }.items()})
        n += 1
    return n
