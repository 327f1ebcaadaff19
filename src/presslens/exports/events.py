"""The one-actor events of an analysis (its ``events``: an actor and no recipient the text names)
as export rows: a relation's row with no target, so every event export writes them as it writes
relations, its recipient columns empty."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from presslens.exports.actors import Row


def event_rows(analysis: dict[str, Any]) -> Iterator[Row]:
    """A row per event of one analysis (none for a rejected input or an analysis made before events)."""
    if "error" in analysis:
        return
    entities = {e["id"]: e for e in analysis.get("entities", [])}
    for event in analysis.get("events", []):
        yield Row(analysis, event, entities.get(event.get("source")), None, entities.get(event.get("asserted_by")))
