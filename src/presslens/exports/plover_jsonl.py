"""PLOVER JSON lines: one event record per relation, with the field names of the PLOVER manual's
JSON table (id, date, actor, recipient, event, mode, context, quad_code, event_scale, text,
text_info, cite_info). Negated relations keep PLOVER's auxiliary 'negation' in their context;
standing relations (ally, relations_*) are not events and are left out. One-actor events (the
analysis's ``events``: an actor and no recipient the text names) follow a document's relations,
their recipient list empty."""
from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from presslens.exports.actors import Row, actor_code, plover_facts, rows
from presslens.exports.events import event_rows
from presslens.exports.text import json_line


def _entity_object(entity: dict[str, Any] | None) -> dict[str, Any]:
    if not entity:
        return {}
    return {"code": entity.get("country") or "", "sector": entity.get("sector") or "",
            "entity_text": entity.get("name"), "identifier_text": entity.get("name"),
            "presslens_code": actor_code(entity)}


def record(row: Row) -> dict[str, Any] | None:
    if row.event is None:
        return None
    facts = plover_facts()
    relation = row.relation
    context = row.context + (["negation"] if relation.get("negated") else [])
    return {
        "id": f"{row.document.get('id')}-{relation['id']}",
        "date": row.date,
        "actor": [_entity_object(row.source)],
        "recipient": [_entity_object(row.target)] if row.target else [],
        "event": [row.event],
        "mode": [row.mode] if row.mode else [],
        "context": context,
        "quad_code": facts["quad_code"][row.event],
        "event_scale": facts["event_scale"][row.event],
        "event_text": [relation.get("evidence")],
        "text": relation.get("evidence"),
        "text_info": {"start": relation.get("start"), "end": relation.get("end")},
        "cite_info": {"document": row.document.get("id"), "url": row.document.get("url"),
                      "source": row.document.get("source")},
        "coder": "presslens",
        "negated": bool(relation.get("negated")),
        "hedged": bool(relation.get("hedged")),
        "asserted_by": row.asserted_by.get("name") if row.asserted_by else None,
    }


def write(analyses: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for analysis in analyses:
        for row in [*rows([analysis]), *event_rows(analysis)]:
            rec = record(row)
            if rec is not None:
                out.write(json_line(rec) + "\n")
                n += 1
    return n
