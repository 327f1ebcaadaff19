"""A GDELT-style event table (tab-separated, with a header of GDELT 2.0 event column names where
they apply, then presslens's own columns). EventCode/EventBaseCode/EventRootCode hold the CAMEO
root code of the PLOVER event (via the crosswalk) and QuadClass GDELT's quad class of that root.
Negated relations and standing relations are no events and are left out. One row is one line,
every row with as many fields as the header: no field holds a tab, a line break or another control
character (see ``presslens.exports.text``). One-actor events (the analysis's ``events``) follow a
document's relations with the Actor2 columns empty, as GDELT writes an event without a recipient."""
from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO, Any

from presslens.exports.actors import Row, actor_code, cameo_root, plover_facts, rows
from presslens.exports.events import event_rows
from presslens.exports.text import one_line

COLUMNS = [
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1Type1Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2Type1Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass", "GoldsteinScale",
    "NumMentions", "NumSources", "NumArticles", "DATEADDED", "SOURCEURL",
    # presslens columns
    "DocumentID", "PLOVEREvent", "PLOVERMode", "PLOVERContext", "Hedged", "AssertedBy", "Evidence",
]


def _date_fields(value: str | None) -> dict[str, Any]:
    """SQLDATE and friends; a month- or year-precise date gets the first day (GDELT has no
    coarser dates)."""
    if not value:
        return {"SQLDATE": "", "MonthYear": "", "Year": "", "FractionDate": ""}
    parts = (value.split("-") + ["01", "01"])[:3]
    year, month, day = int(parts[0]), int(parts[1]), int(parts[2])
    return {"SQLDATE": f"{year:04d}{month:02d}{day:02d}", "MonthYear": f"{year:04d}{month:02d}", "Year": str(year),
            "FractionDate": f"{year + ((month - 1) * 30 + day) / 365:.4f}"}


def line(row: Row, number: int) -> dict[str, Any] | None:
    if row.event is None or row.relation.get("negated"):
        return None
    root = cameo_root(row)
    facts = plover_facts()
    source, target = row.source or {}, row.target or {}
    return {column: one_line(value) for column, value in {
        "GLOBALEVENTID": number, **_date_fields(row.date),
        "Actor1Code": actor_code(source), "Actor1Name": (source.get("name") or "").upper(),
        "Actor1CountryCode": source.get("country") or "", "Actor1Type1Code": source.get("sector") or "",
        "Actor2Code": actor_code(target), "Actor2Name": (target.get("name") or "").upper(),
        "Actor2CountryCode": target.get("country") or "", "Actor2Type1Code": target.get("sector") or "",
        "IsRootEvent": 1 if row.in_lead else 0,
        "EventCode": root or "", "EventBaseCode": root or "", "EventRootCode": root or "",
        "QuadClass": facts["gdelt_quad_class"].get(root, "") if root else "", "GoldsteinScale": "",
        "NumMentions": 1, "NumSources": 1, "NumArticles": 1,
        "DATEADDED": (row.document.get("published") or "").replace("-", ""),
        "SOURCEURL": row.document.get("url") or row.document.get("source") or "",
        "DocumentID": row.document.get("id") or "", "PLOVEREvent": row.event, "PLOVERMode": row.mode or "",
        "PLOVERContext": ";".join(row.context), "Hedged": int(bool(row.relation.get("hedged"))),
        "AssertedBy": row.asserted_by.get("name") if row.asserted_by else "",
        "Evidence": row.relation.get("evidence"),
    }.items()}


def write(analyses: Iterable[dict[str, Any]], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    n = 0
    for analysis in analyses:
        for row in [*rows([analysis]), *event_rows(analysis)]:
            values = line(row, n + 1)
            if values is not None:
                writer.writerow(values)
                n += 1
    return n
