"""Scoring techniques, frames and genre against data in the SemEval-2023 Task 3 format.

Definitions (the same for the shipped model, for cross-validation and for any held-out set):
- paragraph micro-F1: over every (article, paragraph line) the labels file lists, or, without a
  labels file, every non-empty line, where a gold span labels every line it touches;
- span F1 with partial overlap, per technique and micro-averaged: a predicted span earns
  |overlap| / |predicted span| of precision credit against the gold spans of its technique, a gold
  span |overlap| / |gold span| of recall credit (the character-level measure of Da San Martino et
  al. 2019); also reported, the lenient count where any overlap is a match;
- frames micro-F1 over the articles with frame labels;
- genre macro-F1 (and accuracy) over the articles with genre labels.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from presslens.techniques.corpus import Article, span_lines
from presslens.techniques.labels import FRAMES, GENRES, TECHNIQUES


@dataclass
class ArticlePrediction:
    paragraphs: dict[int, set[str]]              # line -> techniques
    spans: list[tuple[str, int, int]] = field(default_factory=list)  # (technique, start, end)
    frames: set[str] | None = None
    genre: str | None = None


def gold_paragraphs(article: Article) -> dict[int, set[str]] | None:
    if article.paragraph_labels is not None:
        return article.paragraph_labels
    if article.spans is None:
        return None
    lines = {n: set() for n, line in enumerate(article.text.split("\n"), 1) if line.strip()}
    for span in article.spans:
        for line in span_lines(article.text, span.start, span.end):
            if line in lines:
                lines[line].add(span.technique)
    return lines


def _f1(tp: float, n_pred: float, n_gold: float) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4),
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def _label_counts(pairs: Iterable[tuple[set[str], set[str]]], labels) -> tuple[dict[str, list[int]], int]:
    """Per label [true positives, predicted, gold] over (gold, predicted) label sets, and how many
    sets there were."""
    counts = {label: [0, 0, 0] for label in labels}
    n = 0
    for gold, pred in pairs:
        n += 1
        for label in pred:
            counts[label][1] += 1
            counts[label][0] += label in gold
        for label in gold:
            counts[label][2] += 1
    return counts, n


def paragraph_scores(pairs: Iterable[tuple[set[str], set[str]]]) -> dict:
    """Micro and macro F1 over (gold, predicted) label sets of paragraphs."""
    counts, n = _label_counts(pairs, TECHNIQUES)
    tp, n_pred, n_gold = (sum(c[i] for c in counts.values()) for i in range(3))
    per_label = {t: {**_f1(*c), "gold": c[2], "predicted": c[1]} for t, c in counts.items() if c[1] or c[2]}
    present = [v["f1"] for t, v in per_label.items() if counts[t][2]]
    return {"paragraphs": n, "micro": _f1(tp, n_pred, n_gold),
            "macro_f1": round(float(np.mean(present)), 4) if present else 0.0, "per_technique": per_label}


def _merged_length(intervals: list[tuple[int, int]], start: int, end: int) -> int:
    """Characters of ``start:end`` covered by the union of ``intervals``."""
    covered, cursor = 0, start
    for a, b in sorted(intervals):
        a, b = max(a, cursor), min(b, end)
        if b > a:
            covered += b - a
            cursor = b
    return covered


def span_scores(items: Iterable[tuple[list[tuple[str, int, int]], list[tuple[str, int, int]]]]) -> dict:
    """Partial-overlap span F1 over (gold spans, predicted spans) of each article."""
    credit = defaultdict(lambda: [0.0, 0, 0.0, 0, 0, 0])  # p credit, n pred, r credit, n gold, pred hit, gold hit
    for gold, pred in items:
        by_label_gold, by_label_pred = defaultdict(list), defaultdict(list)
        for t, s, e in gold:
            by_label_gold[t].append((s, e))
        for t, s, e in pred:
            by_label_pred[t].append((s, e))
        for t in set(by_label_gold) | set(by_label_pred):
            g, p = by_label_gold[t], by_label_pred[t]
            c = credit[t]
            for s, e in p:
                c[0] += _merged_length(g, s, e) / max(e - s, 1)
                c[1] += 1
                c[4] += any(a < e and s < b for a, b in g)
            for s, e in g:
                c[2] += _merged_length(p, s, e) / max(e - s, 1)
                c[3] += 1
                c[5] += any(a < e and s < b for a, b in p)
    def score(c):
        p = c[0] / c[1] if c[1] else 0.0
        r = c[2] / c[3] if c[3] else 0.0
        lp = c[4] / c[1] if c[1] else 0.0
        lr = c[5] / c[3] if c[3] else 0.0
        return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
                "overlap_f1": round(2 * lp * lr / (lp + lr), 4) if lp + lr else 0.0,
                "gold": c[3], "predicted": c[1]}
    total = [sum(c[i] for c in credit.values()) for i in range(6)]
    return {"micro": score(total), "per_technique": {t: score(credit[t]) for t in TECHNIQUES if t in credit}}


def frame_scores(pairs: Iterable[tuple[set[str], set[str]]]) -> dict:
    counts, n = _label_counts(pairs, FRAMES)
    tp, n_pred, n_gold = (sum(c[i] for c in counts.values()) for i in range(3))
    macro = [_f1(*c)["f1"] for c in counts.values() if c[2]]
    return {"articles": n, "micro": _f1(tp, n_pred, n_gold),
            "macro_f1": round(float(np.mean(macro)), 4) if macro else 0.0}


def genre_scores(pairs: Iterable[tuple[str, str]]) -> dict:
    pairs = list(pairs)
    per = {}
    for g in GENRES:
        tp = sum(1 for a, b in pairs if a == g and b == g)
        per[g] = {**_f1(tp, sum(1 for _, b in pairs if b == g), sum(1 for a, _ in pairs if a == g)),
                  "gold": sum(1 for a, _ in pairs if a == g)}
    present = [v["f1"] for v in per.values() if v["gold"]]
    return {"articles": len(pairs), "macro_f1": round(float(np.mean(present)), 4) if present else 0.0,
            "accuracy": round(sum(a == b for a, b in pairs) / len(pairs), 4) if pairs else 0.0, "per_genre": per}


def score(articles: list[Article], predictions: dict[str, ArticlePrediction]) -> dict:
    """Every figure for the articles that have both gold labels and a prediction."""
    para_pairs, span_items, frame_pairs, genre_pairs = [], [], [], []
    for article in articles:
        pred = predictions.get(article.id)
        if pred is None:
            continue
        gold = gold_paragraphs(article)
        if gold is not None:
            para_pairs.extend((labels, pred.paragraphs.get(line, set())) for line, labels in sorted(gold.items()))
        if article.spans is not None:
            span_items.append(([(s.technique, s.start, s.end) for s in article.spans], pred.spans))
        if article.frames is not None and pred.frames is not None:
            frame_pairs.append((article.frames, pred.frames))
        if article.genre is not None and pred.genre is not None:
            genre_pairs.append((article.genre, pred.genre))
    report = {"articles": len([a for a in articles if a.id in predictions])}
    if para_pairs:
        report["paragraphs"] = paragraph_scores(para_pairs)
    if span_items:
        report["spans"] = span_scores(span_items)
    if frame_pairs:
        report["frames"] = frame_scores(frame_pairs)
    if genre_pairs:
        report["genre"] = genre_scores(genre_pairs)
    return report


def prediction_of(model, text: str, vectors: np.ndarray | None = None) -> ArticlePrediction:
    result = model.predict(text, vectors)
    return ArticlePrediction(
        paragraphs={line: set(hits) for line, hits in result.paragraphs},
        spans=[(s.technique, s.start, s.end) for s in result.spans],
        frames={f for f, _ in result.frames},
        genre=result.genre[0] if result.genre else None,
    )


def evaluate_model(directory: str | Path, model=None, embed: Callable | None = None) -> dict:
    """Score ``model`` (default: the shipped one) on a task-format directory; ``embed`` must be
    the model's own encoder (the default)."""
    from presslens.techniques.corpus import read_dataset
    from presslens.techniques.model import shipped_model
    from presslens.techniques.training import prepare

    model = model or shipped_model()
    articles = read_dataset(directory)
    prepared = prepare(articles, embed or model.encode, model.encoder)
    predictions = {p.article.id: prediction_of(model, p.article.text, p.vectors) for p in prepared}
    return score(articles, predictions)


def topic_folds(articles: list[Article], k: int, seed: int) -> list[set[str]]:
    """``k`` disjoint sets of article ids grouped by subject: k-means over each article's mean
    sentence embedding (static WordLlama averages, whatever encoder is being trained, so every
    encoder is scored on the same folds). A model scored on one such fold has seen few articles on
    its subject, as with a new story. Word counts (TF-IDF) were tried first and grouped articles
    by their site's boilerplate instead. Folds differ in size."""
    from sklearn.cluster import KMeans

    from presslens.techniques.encoders import WORDLLAMA, encode, unit_rows
    from presslens.techniques.features import sentence_texts

    if len(articles) < k:
        raise ValueError(f"{len(articles)} articles cannot make {k} topic folds")
    ordered = sorted(articles, key=lambda a: a.id)
    texts = [sentence_texts(a.text)[2] for a in ordered]
    vectors = encode([t for own in texts for t in own], WORDLLAMA)
    means, offset = np.zeros((len(ordered), vectors.shape[1]), np.float32), 0
    for i, own in enumerate(texts):
        if own:
            means[i] = vectors[offset:offset + len(own)].mean(axis=0)
        offset += len(own)
    clusters = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(unit_rows(means))
    return [{a.id for a, c in zip(ordered, clusters, strict=True) if c == j} for j in range(k)]


def cross_validate(directory: str | Path, folds: int = 5, config=None, embed: Callable | None = None,
                   by_topic: bool = False) -> dict:
    """Train on k-1 folds of articles and score on the k-th, k times; figures over all articles.
    Folds are random, or with ``by_topic`` groups of articles on one subject (topic_folds)."""
    from presslens.techniques.corpus import read_dataset
    from presslens.techniques.training import TrainConfig, default_embed, folds_of, prepare, train

    config = config or TrainConfig()
    articles = read_dataset(directory)
    prepared = prepare(articles, embed or default_embed(None, config.encoder), config.encoder)
    predictions: dict[str, ArticlePrediction] = {}
    per_fold = []
    groups = (topic_folds(articles, folds, config.seed) if by_topic
              else folds_of([a.id for a in articles], folds, config.seed))
    for fold in groups:
        model = train([p for p in prepared if p.article.id not in fold], config)
        held = {p.article.id: prediction_of(model, p.article.text, p.vectors)
                for p in prepared if p.article.id in fold}
        predictions.update(held)
        fold_report = score([a for a in articles if a.id in fold], held)
        per_fold.append({"articles": len(held), **{k: fold_report[k]["micro"]["f1"]
                                                    for k in ("paragraphs", "spans", "frames") if k in fold_report}})
    report = score(articles, predictions)
    report["folds"] = per_fold
    report["fold_grouping"] = "topic" if by_topic else "random"
    return report


def format_report(report: dict) -> str:
    lines = [f"articles: {report['articles']}"]
    if "paragraphs" in report:
        r = report["paragraphs"]
        lines.append(f"paragraph micro-F1 {r['micro']['f1']:.4f} (P {r['micro']['precision']:.4f} "
                     f"R {r['micro']['recall']:.4f}), macro-F1 {r['macro_f1']:.4f} over {r['paragraphs']} paragraphs")
    if "spans" in report:
        r = report["spans"]["micro"]
        lines.append(f"span F1 (partial overlap) {r['f1']:.4f} (P {r['precision']:.4f} R {r['recall']:.4f}); "
                     f"any-overlap F1 {r['overlap_f1']:.4f}")
    if "frames" in report:
        r = report["frames"]
        lines.append(f"frames micro-F1 {r['micro']['f1']:.4f}, macro-F1 {r['macro_f1']:.4f} "
                     f"over {r['articles']} articles")
    if "genre" in report:
        r = report["genre"]
        lines.append(f"genre macro-F1 {r['macro_f1']:.4f}, accuracy {r['accuracy']:.4f} over {r['articles']} articles "
                     + ", ".join(f"{g} F1 {v['f1']:.2f} (n={v['gold']})" for g, v in r["per_genre"].items()))
    if "paragraphs" in report:
        lines.append("per technique: paragraph F1 / span F1 (gold paragraphs)")
        spans = report.get("spans", {}).get("per_technique", {})
        for t, v in sorted(report["paragraphs"]["per_technique"].items(), key=lambda kv: -kv[1]["gold"]):
            lines.append(f"  {t:36s} {v['f1']:.3f} / {spans.get(t, {}).get('f1', 0.0):.3f}  ({v['gold']})")
    if "folds" in report:
        lines.append(f"folds ({report.get('fold_grouping', 'random')}): " + "; ".join(
            ", ".join(f"{k} {v}" if k == "articles" else f"{k} {v:.4f}" for k, v in f.items())
            for f in report["folds"]))
    return "\n".join(lines)
