"""Scoring the Ukrainian NER against NER-UK: per type, exact span and type right, and "touching"
(a prediction overlapping a gold entity of the same type) beside it; cross-validation by document,
folds stratified by source (bruk, ng) with a fixed seed.

Gold is every brat annotation, nested ones included, so an entity the model cannot produce because
it sits inside another counts as missed.
"""
from __future__ import annotations

import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from presslens.languages.ner_corpus import BratText, GoldEntity
from presslens.languages.ner_training import DEFAULT_SEED, predict, train_with_dev_slice

HEADLINE_TYPES = ("PERS", "ORG", "LOC")


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 0.0


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _touches(a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    return a[2] == b[2] and a[0] < b[1] and b[0] < a[1]


def score(predicted: Sequence[set[tuple[int, int, str]]], gold: Sequence[Sequence[GoldEntity]]) -> dict:
    """Per type: gold and predicted counts, exact and touching recall, precision and F1."""
    counts: Counter = Counter()
    for found, expected in zip(predicted, gold, strict=True):
        wanted = {(g.start, g.end, g.label) for g in expected}
        for item in wanted:
            label = item[2]
            counts[label, "gold"] += 1
            counts[label, "found"] += item in found
            counts[label, "touched"] += any(_touches(item, p) for p in found)
        for item in found:
            label = item[2]
            counts[label, "predicted"] += 1
            counts[label, "right"] += item in wanted
            counts[label, "touching"] += any(_touches(item, w) for w in wanted)
    labels = sorted({label for label, _ in counts})
    report = {}
    for label in labels:
        gold_n, pred_n = counts[label, "gold"], counts[label, "predicted"]
        recall, precision = _ratio(counts[label, "found"], gold_n), _ratio(counts[label, "right"], pred_n)
        touch_r, touch_p = _ratio(counts[label, "touched"], gold_n), _ratio(counts[label, "touching"], pred_n)
        report[label] = {"gold": gold_n, "predicted": pred_n,
                         "recall": recall, "precision": precision, "f1": _f1(precision, recall),
                         "touching_recall": touch_r, "touching_precision": touch_p,
                         "touching_f1": _f1(touch_p, touch_r)}
    return report


def folds(texts: Sequence[BratText], k: int, seed: int = DEFAULT_SEED) -> list[list[int]]:
    """Indices of ``texts`` in ``k`` folds by document, stratified by source, seeded."""
    from sklearn.model_selection import StratifiedKFold

    splitter = StratifiedKFold(n_splits=k, shuffle=True, random_state=seed)
    sources = [t.source for t in texts]
    return [sorted(test.tolist()) for _, test in splitter.split(list(range(len(texts))), sources)]


def _mean(reports: Sequence[dict]) -> dict:
    labels = sorted({label for report in reports for label in report})
    keys = ("recall", "precision", "f1", "touching_recall", "touching_precision", "touching_f1")
    return {label: {key: sum(r.get(label, {}).get(key, 0.0) for r in reports) / len(reports) for key in keys}
            for label in labels}


def cross_validate(texts: Sequence[BratText], k: int = 5, seed: int = DEFAULT_SEED,
                   max_epochs: int | None = None, only: Sequence[int] | None = None) -> dict:
    """Train on k-1 folds (early stopping on a slice of them), score on the k-th, for each fold
    (or for the folds numbered in ``only``, counted from 1, so that folds can run in separate
    processes and their reports be joined with ``join_reports``)."""
    fold_reports = []
    for number, test_indices in enumerate(folds(texts, k, seed), start=1):
        if only and number not in only:
            continue
        held = set(test_indices)
        training = [t for i, t in enumerate(texts) if i not in held]
        testing = [texts[i] for i in test_indices]
        print(f"fold {number}/{k}: training on {len(training)} texts, testing on {len(testing)}",
              file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory(prefix="presslens-ner-cv-") as work:
            result = train_with_dev_slice(training, Path(work) / "model", seed=seed, max_epochs=max_epochs)
            predicted = predict(result.model_dir, testing)
        scores = score(predicted, [t.entities for t in testing])
        fold_reports.append({"fold": number, "test_texts": len(testing), "train_seconds": round(result.seconds, 1),
                             "best_epoch": result.best_epoch, "evaluations": result.evaluations,
                             "alignment": result.alignment.as_dict(), "scores": scores})
        print(format_scores(scores), file=sys.stderr, flush=True)
    return {"folds": fold_reports, "mean": _mean([f["scores"] for f in fold_reports]), "k": k, "seed": seed,
            "texts": len(texts)}


def join_reports(reports: Sequence[dict]) -> dict:
    """One report from cross-validation reports of the same k and seed over different folds."""
    if len({(r["k"], r["seed"], r["texts"]) for r in reports}) != 1:
        raise ValueError("the reports are of different cross-validations")
    fold_reports = sorted((f for r in reports for f in r["folds"]), key=lambda f: f["fold"])
    return {**reports[0], "folds": fold_reports, "mean": _mean([f["scores"] for f in fold_reports])}


def format_scores(scores: dict, labels: Sequence[str] | None = None) -> str:
    lines = [f"{'type':8} {'gold':>5} {'R':>6} {'P':>6} {'F1':>6}   touching {'R':>6} {'P':>6} {'F1':>6}"]
    for label in labels or sorted(scores, key=lambda lab: (lab not in HEADLINE_TYPES, lab)):
        s = scores[label]
        lines.append(f"{label:8} {s.get('gold', ''):>5} {s['recall']:6.3f} {s['precision']:6.3f} {s['f1']:6.3f}"
                     f"            {s['touching_recall']:6.3f} {s['touching_precision']:6.3f} {s['touching_f1']:6.3f}")
    return "\n".join(lines)


def _epoch_number(index: int | None) -> str:
    """spaCy counts epochs from 0; a reader counts them from 1."""
    return "?" if index is None else str(index + 1)


def format_report(report: dict) -> str:
    parts = [f"NER-UK, {report['k']}-fold cross-validation by document (seed {report['seed']}, "
             f"{report['texts']} texts)"]
    for fold in report["folds"]:
        heading = (f"fold {fold['fold']} ({fold['test_texts']} texts; trained in {fold['train_seconds']} s, "
                   f"best on the dev slice in epoch {_epoch_number(fold['best_epoch'])})")
        parts.append(f"\n{heading}\n" + format_scores(fold["scores"], HEADLINE_TYPES))
    parts.append("\nmean of the folds\n" + format_scores(report["mean"]))
    return "\n".join(parts)
