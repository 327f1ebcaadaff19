"""Build small annotated documents for the relations, labels and claims tests: an invented text,
parsed, with the entities and quotes a test names (standing in for the actors and quotes stages)."""
from __future__ import annotations

import re

from presslens.document import Document, Entity, Metadata, Quote
from presslens.nlp import Parse, load_model
from presslens.stages.dates import Dates


def quoted(text: str, start: int, end: int, speaker_name: str, doc_id: str = "test") -> Document:
    """An unparsed document without entities whose one direct quote is ``text[start:end]``, said
    by ``speaker_name`` (entity id "e1"): enough for the techniques stage."""
    doc = Document(text, Metadata(id=doc_id))
    doc.quotes = [Quote(id="q1", kind="direct", start=start, end=end, text=text[start:end],
                        speaker="e1", speaker_name=speaker_name)]
    return doc


def make_doc(text: str, entities: list[tuple], quotes: list[tuple] = (), published: str = "2024-05-20") -> Document:
    """``entities``: (name, type, country, [surface forms]); ``quotes``: (words inside the quote,
    speaker name, kind) — a direct quote spans its quotation marks, a reported one the words."""
    doc = Document(text, Metadata(id="test", published=published))
    Parse(load_model())(doc)
    Dates()(doc)
    by_name = {}
    for name, type_, country, _ in entities:
        by_name[name] = Entity(doc.new_id("e"), name, type_, country)
        doc.entities.append(by_name[name])
    forms = sorted(((surface, name) for name, _, _, surfaces in entities for surface in surfaces),
                   key=lambda x: -len(x[0]))
    for surface, name in forms:  # longest first: "Harbour Office of Sylvania" before "Sylvania"
        for m in re.finditer(r"(?<!\w)" + re.escape(surface) + r"(?!\w)", text):
            if not any(s.start < m.end() and m.start() < s.end for e in doc.entities for s in e.mentions):
                by_name[name].mentions.append(doc.span(m.start(), m.end()))
    for words, speaker, kind in quotes:
        start = text.index(words)
        end = start + len(words)
        if kind == "direct":
            start = text.rindex("“", 0, start) + 1
            end = text.index("”", end)
        entity = by_name[speaker]
        doc.quotes.append(Quote(doc.new_id("q"), kind, start, end, text[start:end], entity.id, entity.name))
    return doc
