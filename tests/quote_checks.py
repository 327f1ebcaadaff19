"""Looking up a quote in an analysis, with the quotes there were when it is missing."""
from __future__ import annotations

from presslens.document import Document


def quote_with(doc: Document, words: str):
    found = [q for q in doc.quotes if words in q.text]
    assert found, f"no quote holds {words!r}: {[(q.kind, q.text) for q in doc.quotes]}"
    return found[0]
