"""Which validation protocol predicts articles the technique model has never seen (issue 24):
the shipped recipe cross-validated with folds drawn four ways (presslens.evaluate.semeval
GROUPINGS: random articles, subjects, sources, periods), each reported as paragraph micro-F1,
its precision and recall, and the calibration of the held-out predictions (labels predicted
against gold, per technique), beside the independent figure the shipped model scored on the
task's 90 development articles (0.30; P 0.38, R 0.25; 1,089 labels predicted for 1,666 gold).

    PYTHONPATH=src python bench/bench_technique_protocol.py [--grouping NAME ...] \
        [--cache DIR] [--json FILE]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from presslens.evaluate.semeval import GROUPINGS, cross_validate_prepared, fold_groups
from presslens.techniques.corpus import read_dataset
from presslens.techniques.training import TrainConfig, default_embed, prepare
from shared_articles import SEMEVAL

# measured independently on the task's development set (issue 24), on the shipped model
INDEPENDENT = {"f1": 0.30, "precision": 0.38, "recall": 0.25, "predicted": 1089, "gold": 1666}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SEMEVAL)
    parser.add_argument("--grouping", action="append", choices=GROUPINGS)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cache", type=Path, default=None)
    parser.add_argument("--json", type=Path, default=None, help="write every report here")
    args = parser.parse_args()
    if not args.data.exists():
        print(f"skipped: {args.data} is absent", file=sys.stderr)
        return 1
    config = TrainConfig()
    articles = read_dataset(args.data)
    prepared = prepare(articles, default_embed(args.cache, config.encoder), config.encoder)
    reports = {}
    print(f"{'protocol':8s} {'F1':>6s} {'P':>6s} {'R':>6s} {'F1-0.30':>8s} {'pred/gold':>9s} {'off x':>6s}  fold sizes")
    ratio = INDEPENDENT["predicted"] / INDEPENDENT["gold"]
    print(f"{'dev set':8s} {INDEPENDENT['f1']:6.3f} {INDEPENDENT['precision']:6.3f} {INDEPENDENT['recall']:6.3f} "
          f"{0:8.3f} {ratio:9.3f}")
    for grouping in args.grouping or GROUPINGS:
        started = time.perf_counter()
        groups = fold_groups(articles, args.folds, grouping, config.seed)
        report = cross_validate_prepared(prepared, groups, config, grouping)
        reports[grouping] = report
        micro, calib = report["paragraphs"]["micro"], report["paragraphs"]["calibration"]
        print(f"{grouping:8s} {micro['f1']:6.3f} {micro['precision']:6.3f} {micro['recall']:6.3f} "
              f"{micro['f1'] - INDEPENDENT['f1']:+8.3f} {calib['ratio']:9.3f} {calib['typical_factor_off']:6.2f}  "
              f"{[len(g) for g in groups]} ({time.perf_counter() - started:.0f} s)", flush=True)
        if args.json:  # after every protocol: a long run's finished protocols survive an interruption
            args.json.write_text(json.dumps(reports, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
