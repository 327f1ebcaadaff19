"""Score the relations, labels and claims stages on a corpus directory with the expected actors
and quotes standing in for the actors and quotes stages (an upper bound for these stages alone,
and a way to develop them before the stages they depend on exist).

    PYTHONPATH=src python bench/reference_oracle.py ../shared/corpus/kremlin-hamas [-v] [--actors]

``--actors`` uses the actors stage instead of the expected actors (quotes stay expected; a quote
whose speaker is not an entity then has none).

Reads the corpus in place; copies nothing.
"""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from presslens.document import Document, Entity, Metadata, Quote
from presslens.evaluate.corpus import format_report, score
from presslens.nlp import Parse, load_model
from presslens.stages.dates import Dates

QUOTE_PAIRS = {"“": "”", '"': '"'}


def oracle_entities(doc: Document, expected: dict) -> None:
    taken: list[tuple[int, int]] = []
    surfaces = []
    for spec in expected["entities"]:
        forms = {spec["name"], *spec.get("also", []), *spec["mentions"]}
        for form in forms:
            surfaces.append((form, spec))
    surfaces.sort(key=lambda x: -len(x[0]))
    entities: dict[str, Entity] = {}
    for form, spec in surfaces:
        for m in re.finditer(r"(?<!\w)" + re.escape(form) + r"(?!\w)", doc.text):
            if any(s < m.end() and m.start() < e for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            entity = entities.get(spec["name"])
            if entity is None:
                entity = entities[spec["name"]] = Entity(doc.new_id("e"), spec["name"], spec["type"],
                                                         spec.get("country"))
            entity.mentions.append(doc.span(m.start(), m.end()))
    doc.entities.extend(entities.values())


def oracle_quotes(doc: Document, expected: dict) -> None:
    by_name = {e.name: e for e in doc.entities}
    for part, kind in (("quotes", "direct"), ("reported_speech", "reported")):
        for spec in expected.get(part, []):
            start = doc.text.find(spec["contains"])
            end = start + len(spec["contains"])
            if kind == "direct":
                left = max(doc.text.rfind("“", 0, start), doc.text.rfind('"', 0, start))
                right = min(i for i in (doc.text.find("”", end), doc.text.find('"', end)) if i >= 0)
                start, end = left + 1, right
            speaker = by_name.get(spec["speaker"][0])
            doc.quotes.append(Quote(doc.new_id("q"), kind, start, end, doc.text[start:end],
                                    speaker.id if speaker else None, speaker.name if speaker else None))


def main(directory: str) -> None:
    from presslens.stages.relations import Relations
    stages = [Relations()]
    try:
        from presslens.stages.labels import Labels
        stages.append(Labels())
    except ImportError:
        pass
    try:
        from presslens.stages.claims import Claims
        stages.append(Claims())
    except ImportError:
        pass
    path = Path(directory)
    expected = json.loads((path / "expected.json").read_text(encoding="utf-8"))
    text = (path / "article.txt").read_text(encoding="utf-8")
    doc = Document(text, Metadata(id=path.name, published=expected.get("published")))
    Parse(load_model())(doc)
    Dates()(doc)
    if "--actors" in sys.argv:  # the actors stage of the pipeline
        from presslens.stages.actors import Actors
        Actors()(doc)
    else:
        oracle_entities(doc, expected)
    oracle_quotes(doc, expected)
    for stage in stages:
        stage(doc)
    report = score(doc.to_json(), expected)
    report["parts"] = {k: v for k, v in report["parts"].items() if k in ("relations", "labels", "claims")}
    report["found"] = sum(p["found"] for p in report["parts"].values())
    report["total"] = sum(p["total"] for p in report["parts"].values())
    print(format_report(report))
    if "-v" in sys.argv:
        for r in doc.relations:
            print(f"  {r.source_name} {'NOT ' if r.negated else ''}{r.kind} {r.target_name} [{r.plover}] "
                  f"h={r.hedged} d={r.date} by={r.asserted_by}: {r.evidence!r}")
        for lb in doc.labels:
            print(f"  LABEL {lb.source_name} calls {lb.target_name}/{lb.target_text!r} {lb.label!r}")
        for c in doc.claims:
            print(f"  CLAIM {c.claimant_name} {c.status} {c.text!r} cues={[x.text for x in c.cues]} q={c.quote}")


if __name__ == "__main__":
    main(sys.argv[1])
