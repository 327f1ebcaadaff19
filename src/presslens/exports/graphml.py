"""A GraphML network of actors: one node per actor (merged across documents by actor code and
canonical name), one directed edge per relation with its kind, PLOVER event, negation, hedging,
date, speaker and evidence. Opens in networkx, Gephi, yEd and Cytoscape."""
from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from presslens.exports.actors import actor_code, rows
from presslens.exports.text import xml_safe


def graph(analyses: Iterable[dict[str, Any]]):
    """The actor network, every id and text in it valid XML 1.0 (see ``presslens.exports.text``)."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for row in rows(analyses):
        keys = []
        for entity in (row.source, row.target):
            key = xml_safe(f"{entity.get('type', '')}:{entity['name']}") if entity else "unknown"
            if key not in g and entity:
                g.add_node(key, **_xml_values(name=entity["name"], type=entity.get("type") or "",
                                              country=entity.get("country") or "", sector=entity.get("sector") or "",
                                              code=actor_code(entity)))
            keys.append(key)
        relation = row.relation
        g.add_edge(keys[0], keys[1], key=xml_safe(f"{row.document.get('id')}:{relation['id']}"),
                   **_xml_values(kind=relation["kind"], plover_event=row.event or "", mode=row.mode or "",
                                 context=";".join(row.context), negated=bool(relation.get("negated")),
                                 hedged=bool(relation.get("hedged")), date=row.date or "",
                                 asserted_by=row.asserted_by["name"] if row.asserted_by else "",
                                 document=row.document.get("id") or "", evidence=relation.get("evidence") or ""))
    return g


def _xml_values(**values: Any) -> dict[str, Any]:
    return {name: xml_safe(value) if isinstance(value, str) else value for name, value in values.items()}


def write(analyses: Iterable[dict[str, Any]], out: IO[str]) -> int:
    import networkx as nx

    g = graph(analyses)
    for line in nx.generate_graphml(g, encoding="utf-8", prettyprint=True):
        out.write(line + "\n")
    return g.number_of_edges()
