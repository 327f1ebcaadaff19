"""Held-out check of the technique recipe: train on the SemEval-2023 training articles outside
the held-out fifth (presslens.techniques.training.holdout_ids; never used while developing the
pattern detectors or thresholds), score on that fifth, with and without the pattern detectors.

    PYTHONPATH=src python bench/bench_technique_holdout.py [--encoder NAME ...] [--cache DIR]

The same definitions as `presslens evaluate semeval` (presslens.evaluate.semeval.score).
"""
from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

from presslens.evaluate.semeval import prediction_of, score
from presslens.techniques.encoders import DEFAULT_ENCODER, ENCODERS
from presslens.techniques.training import TrainConfig, default_embed, prepare, train
from shared_articles import SEMEVAL, semeval_training


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SEMEVAL)
    parser.add_argument("--encoder", action="append", choices=ENCODERS)
    parser.add_argument("--cache", type=Path, default=None)
    args = parser.parse_args()
    training = semeval_training(args.data)
    if training is None:
        return 1
    articles, held = training
    print(f"{len(articles) - len(held)} training articles, {len(held)} held out")
    for encoder in args.encoder or [DEFAULT_ENCODER]:
        t = time.perf_counter()
        config = TrainConfig(encoder=encoder)
        prepared = prepare(articles, default_embed(args.cache, encoder), encoder)
        model = train([p for p in prepared if p.article.id not in held], config)
        test = [p for p in prepared if p.article.id in held]
        for use_patterns in (False, True):
            variant = dataclasses.replace(model, use_patterns=use_patterns)
            predictions = {p.article.id: prediction_of(variant, p.article.text, p.vectors) for p in test}
            report = score([p.article for p in test], predictions)
            para, spans = report["paragraphs"]["micro"], report["spans"]["micro"]
            print(f"{encoder}, pattern detectors {'on ' if use_patterns else 'off'}: paragraph micro-F1 "
                  f"{para['f1']:.4f} (P {para['precision']:.4f} R {para['recall']:.4f}); span F1 {spans['f1']:.4f} "
                  f"(P {spans['precision']:.4f} R {spans['recall']:.4f}, any overlap {spans['overlap_f1']:.4f}); "
                  f"frames micro-F1 {report['frames']['micro']['f1']:.4f}; "
                  f"genre macro-F1 {report['genre']['macro_f1']:.4f}")
        print(f"  ({time.perf_counter() - t:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
