"""The similarity threshold for grouping claims, measured on hand-labelled claim pairs.

    PYTHONPATH=src python bench/bench_claim_threshold.py [bench/claim_pairs.tsv]

Prints precision and recall of "same claim" at every candidate threshold and at the one the
store uses (``presslens.store.claims.SAME_CLAIM_THRESHOLD``).
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import numpy as np

from presslens.store.claims import SAME_CLAIM_THRESHOLD, encode_claims

PAIRS = Path(__file__).with_name("claim_pairs.tsv")


def load_pairs(path: Path) -> list[tuple[bool, str, str]]:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    return [(row["same"] == "1", row["claim_a"], row["claim_b"]) for row in rows]


def scores(threshold: float, similarities: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    predicted = similarities >= threshold
    tp = int((predicted & gold).sum())
    precision = tp / max(1, int(predicted.sum()))
    recall = tp / max(1, int(gold.sum()))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def main() -> None:
    pairs = load_pairs(Path(sys.argv[1]) if len(sys.argv) > 1 else PAIRS)
    gold = np.array([same for same, _, _ in pairs])
    a = encode_claims([x for _, x, _ in pairs])
    b = encode_claims([y for _, _, y in pairs])
    similarities = (a * b).sum(axis=1)
    print(f"{len(pairs)} pairs: {int(gold.sum())} same, {int((~gold).sum())} different")
    print(f"similarity, same claim: min {similarities[gold].min():.3f} median {np.median(similarities[gold]):.3f}; "
          f"different: median {np.median(similarities[~gold]):.3f} max {similarities[~gold].max():.3f}")
    print("threshold  precision  recall  F1")
    for threshold in np.arange(0.60, 0.951, 0.025):
        p, r, f = scores(threshold, similarities, gold)
        print(f"{threshold:9.3f}  {p:9.3f}  {r:6.3f}  {f:.3f}")
    p, r, f = scores(SAME_CLAIM_THRESHOLD, similarities, gold)
    print(f"store threshold {SAME_CLAIM_THRESHOLD}: precision {p:.3f} recall {r:.3f} F1 {f:.3f}")
    for same, x, y in pairs:
        sim = float(encode_claims([x])[0] @ encode_claims([y])[0])
        if (sim >= SAME_CLAIM_THRESHOLD) != same:
            print(f"  wrong ({'same' if same else 'different'}, {sim:.3f}): {x} | {y}")


if __name__ == "__main__":
    main()
