"""How often each rhetorical-pattern detector (data/cues/techniques.json) is right on the SemEval
training articles outside the held-out fifth: matches, matches inside a gold span of the
pattern's technique, and per technique the share that is the ``confidence`` of the data file.

    PYTHONPATH=src python bench/bench_technique_patterns.py [--data DIR] [--holdout]

--holdout measures on the held-out fifth instead (do that once, after development).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

from presslens.techniques.patterns import detect
from presslens.techniques.units import paragraphs
from shared_articles import SEMEVAL, semeval_training


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SEMEVAL)
    parser.add_argument("--holdout", action="store_true")
    args = parser.parse_args()
    training = semeval_training(args.data)
    if training is None:
        return 1
    articles, held = training
    chosen = [a for a in articles if (a.id in held) == args.holdout and a.spans is not None]
    per_pattern: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for article in chosen:
        units = [s for p in paragraphs(article.text) for s in p.sentences]
        for hit in detect(article.text, units):
            counts = per_pattern[(hit.technique, hit.pattern)]
            counts[0] += 1
            counts[1] += any(s.technique == hit.technique and s.start < hit.end and hit.start < s.end
                             for s in article.spans)
    print(f"{len(chosen)} articles ({'held-out fifth' if args.holdout else 'development articles'})")
    per_technique: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (technique, name), (n, right) in sorted(per_pattern.items()):
        print(f"  {technique:28s} {name:20s} matches {n:4d}  inside a gold span {right:4d}  ({right / n:.2f})")
        per_technique[technique][0] += n
        per_technique[technique][1] += right
    confidence = {t: round(right / n, 2) for t, (n, right) in sorted(per_technique.items())}
    print("confidence:", json.dumps(confidence))
    return 0


if __name__ == "__main__":
    sys.exit(main())
