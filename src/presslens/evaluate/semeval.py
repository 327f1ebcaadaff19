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

import math
import re
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
            "macro_f1": round(float(np.mean(present)), 4) if present else 0.0, "per_technique": per_label,
            "calibration": calibration(per_label)}


def calibration(per_label: dict[str, dict]) -> dict:
    """Predicted against gold label counts: their ratio over all labels, per technique, and the
    typical factor by which a technique's count is off (the geometric mean of max(r, 1/r) over the
    techniques with gold labels, both counts plus one half so that a technique never predicted
    counts). A model whose scores are calibrated predicts about as many labels as there are."""
    predicted = sum(v["predicted"] for v in per_label.values())
    gold = sum(v["gold"] for v in per_label.values())
    ratios = {t: round(v["predicted"] / v["gold"], 3) for t, v in per_label.items() if v["gold"]}
    off = [abs(math.log((per_label[t]["predicted"] + 0.5) / (per_label[t]["gold"] + 0.5))) for t in ratios]
    return {"predicted": predicted, "gold": gold, "ratio": round(predicted / gold, 4) if gold else 0.0,
            "typical_factor_off": round(math.exp(float(np.mean(off))), 3) if off else 1.0,
            "per_technique": ratios}


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


_SIGN_OFF_LINES = 3


def source_key(article: Article) -> str:
    """The outlet an article most likely comes from, read cheaply from the article itself: a
    sign-off of a known reposting site in its last lines (data/semeval_sources.json), else its
    collection batch (the id's leading digits) with its typography: whether the title is in title
    case, whether the body's quotes are curly or straight and which dash it uses, all set by a
    site's publishing software or house style rather than by the story. A site can still fall in
    two such groups (an article without a dash), but not in every fold."""
    from presslens.data import load_json

    table = load_json("semeval_sources.json")
    lines = [line.strip() for line in article.text.split("\n") if line.strip()]
    tail = "\n".join(lines[-_SIGN_OFF_LINES:])
    for entry in table["signatures"]:
        if re.search(entry["pattern"], tail, re.M):
            return entry["source"]
    batch = next(b["batch"] for b in reversed(table["id_batches"]) if article.id[:3] >= b["from"])
    body = "\n".join(lines[1:])
    return f"{batch}:{_title_style(lines[0] if lines else '')}:{_quote_style(body)}:{_dash_style(body)}"


def _title_style(title: str) -> str:
    long_words = [w for w in re.findall(r"[A-Za-z][\w']*", title) if len(w) > 3]
    capitalised = sum(w[0].isupper() for w in long_words)
    return "title-case" if long_words and capitalised > 0.8 * len(long_words) else "sentence-case"


def _quote_style(body: str) -> str:
    if re.search("[\u2018\u2019\u201c\u201d]", body):
        return "curly"
    return "straight" if re.search("['\"]", body) else "no-quotes"


def _dash_style(body: str) -> str:
    for dash, name in (("\u2014", "em-dash"), ("\u2013", "en-dash"), ("--", "double-hyphen"), (" - ", "hyphen")):
        if dash in body:
            return name
    return "no-dash"


def source_folds(articles: list[Article], k: int) -> list[set[str]]:
    """``k`` disjoint sets of article ids where every source (source_key) lies whole in one fold:
    scikit-learn's GroupKFold, which deals the largest sources first to the smallest fold
    (deterministic, no seed). A model scored on a fold has not seen its outlets."""
    from sklearn.model_selection import GroupKFold

    ordered = sorted(articles, key=lambda a: a.id)
    keys = [source_key(a) for a in ordered]
    if len(set(keys)) < k:
        raise ValueError(f"{len(set(keys))} sources cannot make {k} source folds")
    splits = GroupKFold(k).split(ordered, groups=keys)
    return [{ordered[i].id for i in held} for _, held in splits]


def period_folds(articles: list[Article], k: int) -> list[set[str]]:
    """``k`` runs of consecutive ids (the ids grow with collection time): each fold is a stretch
    of time, and its news events, the rest of the data mostly lacks."""
    ordered = sorted(a.id for a in articles)
    return [set(part) for part in np.array_split(np.array(ordered, dtype=object), k)]


GROUPINGS = ("random", "topic", "source", "period")


def fold_groups(articles: list[Article], k: int, grouping: str, seed: int) -> list[set[str]]:
    """The ``k`` held-out sets of article ids of one protocol (GROUPINGS)."""
    from presslens.techniques.training import folds_of

    if grouping == "random":
        return folds_of([a.id for a in articles], k, seed)
    if grouping == "topic":
        return topic_folds(articles, k, seed)
    if grouping == "source":
        return source_folds(articles, k)
    if grouping == "period":
        return period_folds(articles, k)
    raise ValueError(f"unknown fold grouping {grouping!r}: one of {', '.join(GROUPINGS)}")


def cross_validate(directory: str | Path, folds: int = 5, config=None, embed: Callable | None = None,
                   by_topic: bool = False, grouping: str = "random") -> dict:
    """Train on k-1 folds of articles and score on the k-th, k times; figures over all articles.
    Folds are random, or groups of articles (``grouping``, see fold_groups; ``by_topic`` means
    ``grouping="topic"``)."""
    from presslens.techniques.corpus import read_dataset
    from presslens.techniques.training import TrainConfig, default_embed, prepare

    config = config or TrainConfig()
    articles = read_dataset(directory)
    prepared = prepare(articles, embed or default_embed(None, config.encoder), config.encoder)
    grouping = "topic" if by_topic else grouping
    return cross_validate_prepared(prepared, fold_groups(articles, folds, grouping, config.seed), config, grouping)


def cross_validate_prepared(prepared: list, groups: list[set[str]], config, grouping: str) -> dict:
    """cross_validate on articles already prepared, with the held-out sets ``groups``."""
    from presslens.techniques.training import train

    articles = [p.article for p in prepared]
    predictions: dict[str, ArticlePrediction] = {}
    per_fold = []
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
    report["fold_grouping"] = grouping
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
        c = report["paragraphs"]["calibration"]
        lines.append(f"paragraph labels predicted {c['predicted']} for {c['gold']} gold (ratio {c['ratio']:.3f}); "
                     f"a technique's count is typically off by a factor {c['typical_factor_off']:.2f}")
        lines.append("per technique: paragraph F1 / span F1 (gold paragraphs, predicted)")
        spans = report.get("spans", {}).get("per_technique", {})
        for t, v in sorted(report["paragraphs"]["per_technique"].items(), key=lambda kv: -kv[1]["gold"]):
            lines.append(f"  {t:36s} {v['f1']:.3f} / {spans.get(t, {}).get('f1', 0.0):.3f}  "
                         f"({v['gold']}, {v['predicted']})")
    if "folds" in report:
        lines.append(f"folds ({report.get('fold_grouping', 'random')}): " + "; ".join(
            ", ".join(f"{k} {v}" if k == "articles" else f"{k} {v:.4f}" for k, v in f.items())
            for f in report["folds"]))
    return "\n".join(lines)
