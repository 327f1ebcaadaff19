"""Cost of the relations, labels and claims stages against the parse they read.

Parses N PolNeAR train articles (read in place from ../shared) with spaCy, runs the actors, dates
and quotes stages, then times the three stages on the prepared documents. Prints the parse time
(the baseline), the stages' time and their ratio.

    PYTHONPATH=src OMP_NUM_THREADS=1 python bench/bench_relations.py [N]
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

from presslens.document import Document, Metadata
from presslens.nlp import load_model
from presslens.stages.actors import Actors
from presslens.stages.claims import Claims
from presslens.stages.dates import Dates
from presslens.stages.labels import Labels
from presslens.stages.quotes import Quotes
from presslens.stages.relations import Relations

TEXTS = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "polnear" / "train" / "text"


def main(n: int) -> None:
    if not TEXTS.is_dir():
        sys.exit(f"{TEXTS} is absent: the benchmark reads PolNeAR in place")
    texts = [p.read_text(encoding="utf-8") for p in sorted(TEXTS.glob("*.txt"))[:n]]
    nlp = load_model()
    docs = [Document(t, Metadata(id=str(i), published="2016-10-01")) for i, t in enumerate(texts)]
    start = time.perf_counter()
    for doc, parsed in zip(docs, nlp.pipe(texts, batch_size=8), strict=True):
        doc.parse = parsed
    parse_s = time.perf_counter() - start
    before = [Actors(), Dates(), Quotes()]
    for doc in docs:
        for stage in before:
            stage(doc)
    stages = [Relations(), Labels(), Claims()]
    start = time.perf_counter()
    for doc in docs:
        for stage in stages:
            stage(doc)
    stages_s = time.perf_counter() - start
    words = sum(len(t.split()) for t in texts)
    relations = sum(len(d.relations) for d in docs)
    print(f"{len(docs)} articles, {words} words, {relations} relations, "
          f"{sum(len(d.labels) for d in docs)} labels, {sum(len(d.claims) for d in docs)} claims")
    print(f"parse (baseline) {parse_s:.2f} s; relations+labels+claims {stages_s:.2f} s; ratio {stages_s / parse_s:.3f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)
