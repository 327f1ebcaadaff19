"""What every export needs from an analysis: its relations with both actors looked up, and the
actor codes event data uses (ISO 3166-1 alpha-3 country + CAMEO/PLOVER sector, e.g. RUSGOV)."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from presslens.data import load_json


def actor_code(entity: dict[str, Any] | None) -> str:
    """``RUSGOV`` for a Russian government actor, ``RUS`` for Russia, ``""`` where unknown."""
    if not entity:
        return ""
    return (entity.get("country") or "") + (entity.get("sector") or "")


@dataclass
class Row:
    """One relation of one analysis, with its actors resolved."""

    analysis: dict[str, Any]
    relation: dict[str, Any]
    source: dict[str, Any] | None
    target: dict[str, Any] | None
    asserted_by: dict[str, Any] | None

    @property
    def document(self) -> dict[str, Any]:
        return self.analysis.get("document", {})

    @property
    def event(self) -> str | None:
        return (self.relation.get("plover") or {}).get("event")

    @property
    def mode(self) -> str | None:
        return (self.relation.get("plover") or {}).get("mode")

    @property
    def context(self) -> list[str]:
        return list((self.relation.get("plover") or {}).get("context") or [])

    @property
    def date(self) -> str | None:
        """The relation's own date, else the publication date."""
        return self.relation.get("date") or self.document.get("published")

    @property
    def in_lead(self) -> bool:
        """Whether the relation is read from the first paragraph (GDELT's root-event notion)."""
        text = self.analysis.get("text", "")
        first_break = text.find("\n")
        return first_break < 0 or self.relation.get("start", 0) < first_break


def rows(analyses: Iterable[dict[str, Any]]) -> Iterator[Row]:
    for analysis in analyses:
        if "error" in analysis:
            continue
        entities = {e["id"]: e for e in analysis.get("entities", [])}
        for relation in analysis.get("relations", []):
            yield Row(analysis, relation, entities.get(relation.get("source")), entities.get(relation.get("target")),
                      entities.get(relation.get("asserted_by")))


def plover_facts() -> dict[str, Any]:
    return load_json("plover.json")


def cameo_root(row: Row) -> str | None:
    """The CAMEO root code of a relation's PLOVER event (mode and context refine it)."""
    facts = plover_facts()
    event = row.event
    if event is None:
        return None
    by_mode = facts["cameo_root_by_mode"].get(event, {})
    if row.mode in by_mode:
        return by_mode[row.mode]
    by_context = facts["cameo_root_by_context"].get(event, {})
    for context in row.context:
        if context in by_context:
            return by_context[context]
    return facts["cameo_root"].get(event)
