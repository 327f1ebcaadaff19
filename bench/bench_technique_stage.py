"""Cost of the technique model against the spaCy parse, in one process on the same articles:
the parse, then the stage's own work (sentence split + encoder, features + heads + patterns),
for the shipped model and any other model directory given, side by side.

    PYTHONPATH=src python bench/bench_technique_stage.py [--polnear] [--docs 50] [--model DIR ...]

Articles: the reference article (../shared/corpus/kremlin-hamas/article.txt), or with --polnear
the first --docs PolNeAR development articles (sorted by name).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from shared_articles import polnear_dev, reference_article


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=50)
    parser.add_argument("--polnear", action="store_true")
    parser.add_argument("--model", action="append", type=Path, default=[], help="another model directory")
    parser.add_argument("--rounds", type=int, default=3, help="the best of this many timings counts")
    args = parser.parse_args()
    article = None if args.polnear else reference_article()
    texts = polnear_dev(args.docs) if args.polnear else [article] if article is not None else None
    if texts is None:
        return 0
    os.environ.setdefault("OMP_NUM_THREADS", "1")

    from presslens.nlp import load_model
    from presslens.techniques.features import sentence_texts
    from presslens.techniques.model import TechniqueModel, shipped_directory

    nlp = load_model()
    list(nlp.pipe(texts[:1]))  # warm up

    def best(fn, *fn_args) -> tuple[float, object]:
        """The best time of ``fn(*fn_args)`` over the rounds, and what its last call returned."""
        times = []
        for _ in range(args.rounds):
            t = time.perf_counter()
            result = fn(*fn_args)
            times.append(time.perf_counter() - t)
        return min(times), result

    def encode_all(model: TechniqueModel) -> list:
        return [model.encode(sentence_texts(t)[2]) for t in texts]

    def predict_all(model: TechniqueModel, vectors: list) -> list:
        return [model.predict(t, v) for t, v in zip(texts, vectors, strict=True)]

    parse, _ = best(lambda: list(nlp.pipe(texts)))
    print(f"{len(texts)} articles; spaCy parse {parse:.3f} s")
    for directory in [shipped_directory(), *args.model]:
        model = TechniqueModel.load(directory)
        model.predict(texts[0])  # warm up: the encoder loads
        encode, vectors = best(encode_all, model)
        heads, _ = best(predict_all, model, vectors)
        print(f"{directory}: split + encode {encode:.3f} s, features + heads + patterns {heads:.3f} s; "
              f"stage / parse {(encode + heads) / parse:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
