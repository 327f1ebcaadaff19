"""Looking up a relation in an analysis, with the relations there were when it is missing."""
from __future__ import annotations


def described(doc) -> list[tuple]:
    return [(r.kind, r.source_name, r.target_name, r.plover.get("mode")) for r in doc.relations]


def relation_of(doc, kind, source=None, target=None):
    found = [r for r in doc.relations if r.kind == kind and (source is None or r.source_name == source)
             and (target is None or r.target_name == target)]
    assert found, f"no {kind} {source} -> {target} among {described(doc)}"
    return found[0]
