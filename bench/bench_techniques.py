"""Throughput of the full analysis with the technique model against the bare spaCy parse, run
side by side on the same articles (the machine is shared and noisy: read the ratio).

    PYTHONPATH=src python bench/bench_techniques.py [--docs 40] [--jobs 2] [--polnear]

Articles: copies of the reference article (../shared/corpus/kremlin-hamas/article.txt, 1,159
words), each made unique by a numbered title line; with --polnear, the first --docs PolNeAR
development articles (../shared/data/polnear/dev/text, sorted by name) instead.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

from shared_articles import polnear_dev, reference_article


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--polnear", action="store_true", help="PolNeAR dev articles instead of copies")
    args = parser.parse_args()
    base = polnear_dev(args.docs) if args.polnear else reference_article()
    if base is None:
        return 0
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    texts = base if args.polnear else [f"Copy {i}\n\n{base}" for i in range(args.docs)]
    args.docs = len(texts)

    from presslens.ingest import document_from_text
    from presslens.nlp import PARSE_BATCH_SIZE, load_model
    from presslens.options import AnalyzeOptions
    from presslens.runner import analyze_many

    options = AnalyzeOptions(jobs=args.jobs, published="2023-10-10")
    nlp = load_model()
    list(nlp.pipe(texts[:2]))  # warm up

    t = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=PARSE_BATCH_SIZE, n_process=args.jobs):
        pass
    parse_rate = args.docs / (time.perf_counter() - t)

    docs = [document_from_text(text, options, id=f"d{i}") for i, text in enumerate(texts)]
    t = time.perf_counter()
    records = list(analyze_many(docs, options))
    full_rate = args.docs / (time.perf_counter() - t)
    with_techniques = sum(1 for r in records if r.get("techniques"))
    errors = sum(len(r.get("errors", [])) for r in records)

    print(f"bare parse ({args.jobs} processes): {parse_rate:.2f} articles/s")
    print(f"full analysis with techniques ({args.jobs} processes, includes worker start-up): "
          f"{full_rate:.2f} articles/s")
    print(f"ratio full/parse: {full_rate / parse_rate:.2f}; documents with techniques: {with_techniques}/{args.docs}; "
          f"stage errors: {errors}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
