"""Training the technique, frame and genre model from data in the SemEval-2023 Task 3 format,
and cross-validating it by article.

Method: a frozen sentence encoder (presslens.techniques.encoders; recorded in the model) embeds
every sentence once; four linear heads are fitted on top (paragraph and sentence techniques:
ridge regression with Platt calibration; frames and genre: logistic regression; all fitted with
scikit-learn, presslens.techniques.linear), with a cue lexicon learned from the gold spans, and a
ridge head over hashed word n-grams of paragraphs (presslens.techniques.sparse). Thresholds, the
paragraph/sentence mix, the n-gram head's calibration and its share are chosen on out-of-fold
predictions of an inner cross-validation, so they are calibrated on text the heads did not see.
Everything is seeded: the same data gives the same model.
"""
from __future__ import annotations

import logging
import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from itertools import pairwise
from pathlib import Path

import numpy as np

from presslens.techniques import word_tagger
from presslens.techniques.corpus import Article
from presslens.techniques.encoders import (
    DEFAULT_ENCODER,
    DIMENSIONS,
    MINILM,
    STATIC_PAIR_MAX,
    WORDLLAMA,
    WORDLLAMA_MAX,
    check as check_encoder,
    max_pooled_from,
)
from presslens.techniques.features import (
    STOPWORDS,
    ArticleFeatures,
    BaseFeatures,
    Lexicon,
    base_features,
    with_lexicon,
    with_word_tags,
)
from presslens.techniques.labels import FRAMES, GENRES, TECHNIQUES
from presslens.techniques.linear import fit_head, fit_platt, fit_ridge_head, fit_softmax_head
from presslens.techniques.model import TechniqueModel
from presslens.techniques.sparse import DEFAULT_BUCKETS, fit_sparse_head
from presslens.techniques.units import Paragraph, Unit, paragraph_maxima, paragraphs, words

log = logging.getLogger(__name__)
NEVER = 2.0  # a threshold no probability reaches: the label is not predicted
# log-odds a word or word pair needs to enter a technique's lexicon as a feature (1.65 times
# over-represented): a stricter entry lost more recall than it gained precision in CV
LEXICON_MIN_WEIGHT = 0.5
# The technique heads' ridge penalty per encoder, each chosen by 5-fold CV by article (paragraph
# micro-F1; the grids are in docs/benchmarks.md, "Persuasion techniques").
RIDGE_PENALTY = {MINILM: 3.0, WORDLLAMA: 1.0, WORDLLAMA_MAX: 1.0, STATIC_PAIR_MAX: 1.0}


@dataclass(frozen=True)
class TrainConfig:
    seed: int = 13
    encoder: str = DEFAULT_ENCODER
    inner_folds: int = 3
    # ridge penalties of the technique heads; None: the encoder's own (RIDGE_PENALTY)
    l2_paragraph: float | None = None
    l2_sentence: float | None = None
    l2_frames: float = 0.5
    l2_genre: float = 0.1
    # a technique needs this many positive paragraphs to get a head at all
    min_positive: int = 8
    use_lexicon: bool = True
    # the word tagger's features beside the lexicon's (presslens.techniques.word_tagger)
    word_tagger: bool = True
    lexicon_size: int = 300
    lexicon_min_count: int = 3
    lexicon_min_articles: int = 3
    # shrinkage of per-label thresholds towards the global one, in positive examples; 1e6 means in
    # effect one threshold for all labels (their Platt-calibrated scores are comparable): per-label
    # thresholds overfit in CV, the less shrunk the worse (docs/benchmarks.md).
    threshold_prior: float = 1e6
    mix_grid: tuple[float, ...] = (0.0, 0.25, 0.5, 0.75, 1.0)
    # the hashed word n-gram head of paragraphs (presslens.techniques.sparse): its ridge penalty
    # (None: no such head), its buckets, and the shares of the paragraph score tried for it; each
    # chosen by 5-fold CV on the development articles (grids in docs/benchmarks.md).
    sparse_l2: float | None = 1.0
    sparse_buckets: int = DEFAULT_BUCKETS
    blend_grid: tuple[float, ...] = (0.0, 0.2, 0.35, 0.5)
    # techniques annotated as words or short phrases: their spans are narrowed to the cue words
    narrow: tuple[str, ...] = ("Loaded_Language", "Name_Calling-Labeling", "Repetition", "Exaggeration-Minimisation")

    def __post_init__(self) -> None:
        check_encoder(self.encoder)
        for name in ("l2_paragraph", "l2_sentence"):
            if getattr(self, name) is None:
                object.__setattr__(self, name, RIDGE_PENALTY[self.encoder])


@dataclass
class Prepared:
    """One article with its units and sentence embeddings, ready for any lexicon."""

    article: Article
    paragraphs: list[Paragraph]
    sentences: list[Unit]
    vectors: np.ndarray
    base: BaseFeatures | None = None
    # where the vectors' max-pooled part begins (None: averages throughout); see prepare
    max_from: int | None = None
    # the word tagger's rows and targets per sentence, made on first use (word_tagger_data)
    word_rows: list[np.ndarray] | None = None
    word_targets: list[np.ndarray] | None = None

    def word_tagger_data(self) -> tuple[list[np.ndarray], list[np.ndarray]]:
        if self.word_rows is None:
            found = word_tagger.sentence_words(self.article.text, self.sentences)
            self.word_rows = word_tagger.sentence_rows(found)
            self.word_targets = word_tagger.word_targets(found, self.article.spans or ())
        return self.word_rows, self.word_targets


def prepare(articles: list[Article], embed: Callable[[list[str]], np.ndarray],
            encoder: str | None = None) -> list[Prepared]:
    """Split every article into units and embed all sentences in one call; ``encoder`` names what
    ``embed`` runs where its vectors have a max-pooled part (see encoders.max_pooled_from)."""
    max_from = max_pooled_from(encoder) if encoder else None
    split = []
    for article in articles:
        paras = paragraphs(article.text)
        units = [s for p in paras for s in p.sentences]
        split.append((article, paras, units))
    texts = [a.text[s.start:s.end] for a, _, units in split for s in units]
    vectors = embed(texts)
    out, offset = [], 0
    for article, paras, units in split:
        own = vectors[offset:offset + len(units)]
        out.append(Prepared(article, paras, units, own, base_features(article.text, own, paras, max_from), max_from))
        offset += len(units)
    return out


# --- labels -----------------------------------------------------------------------------------
def paragraph_targets(p: Prepared) -> np.ndarray:
    y = np.zeros((len(p.paragraphs), len(TECHNIQUES)), np.float32)
    gold = p.article.paragraph_labels or {}
    for i, para in enumerate(p.paragraphs):
        for label in gold.get(para.line, ()):
            y[i, TECHNIQUES.index(label)] = 1
    return y


def sentence_targets(p: Prepared) -> np.ndarray:
    y = np.zeros((len(p.sentences), len(TECHNIQUES)), np.float32)
    for span in p.article.spans or ():
        k = TECHNIQUES.index(span.technique)
        for j, s in enumerate(p.sentences):
            if s.start < span.end and span.start < s.end:
                y[j, k] = 1
    return y


# --- the cue lexicon --------------------------------------------------------------------------
def learn_lexicon(prepared: list[Prepared], config: TrainConfig) -> Lexicon:
    """Per technique, unigrams and bigrams over-represented in its gold spans against all text:
    smoothed log-odds, kept when seen in enough spans of enough different articles."""
    background: Counter = Counter()
    inside: dict[str, Counter] = defaultdict(Counter)
    articles_with: dict[str, dict[str, set]] = defaultdict(lambda: defaultdict(set))
    for p in prepared:
        text = p.article.text
        for para in p.paragraphs:
            background.update(_grams([w for _, _, w in words(text, para.start, para.end)]))
        for span in p.article.spans or ():
            grams = set(_grams([w for _, _, w in words(text, span.start, span.end)]))
            inside[span.technique].update(grams)
            for g in grams:
                articles_with[span.technique][g].add(p.article.id)
    total = sum(background.values()) or 1
    tables = []
    for label in TECHNIQUES:
        counts = inside.get(label, Counter())
        n_label = sum(counts.values()) or 1
        scored = {}
        for gram, c in counts.items():
            if c < config.lexicon_min_count or len(articles_with[label][gram]) < config.lexicon_min_articles:
                continue
            weight = math.log((c + 0.5) / n_label) - math.log((background[gram] + 0.5) / total)
            if weight >= LEXICON_MIN_WEIGHT:
                scored[gram] = round(weight, 3)
        best = sorted(scored.items(), key=lambda kv: (-kv[1] * math.sqrt(counts[kv[0]]), kv[0]))
        tables.append(dict(best[:config.lexicon_size]))
    return Lexicon(TECHNIQUES, tables)


def _grams(tokens: list[str]) -> list[str]:
    unigrams = [t for t in tokens if t not in STOPWORDS and not t.isdigit()]
    bigrams = [f"{a} {b}" for a, b in pairwise(tokens) if not (a in STOPWORDS and b in STOPWORDS)]
    return unigrams + bigrams


# --- fitting ----------------------------------------------------------------------------------
def _features(prepared: list[Prepared], lexicon: Lexicon | None,
              tagger: np.ndarray | None = None) -> list[ArticleFeatures]:
    feats = [with_lexicon(p.base, lexicon) for p in prepared]
    if tagger is None:
        return feats
    return [with_word_tags(f, word_tagger.unit_features(word_tagger.row_scores(p.word_tagger_data()[0], tagger)))
            for p, f in zip(prepared, feats, strict=True)]


def fit_word_tagger(prepared: list[Prepared]) -> np.ndarray:
    """The word tagger's weights from every word of the articles with gold spans."""
    with_spans = [p.word_tagger_data() for p in prepared if p.article.spans is not None]
    return word_tagger.fit([x for rows, _ in with_spans for x in rows], [y for _, ys in with_spans for y in ys])


def fit_heads(prepared: list[Prepared], config: TrainConfig) -> TechniqueModel:
    """The four heads on ``prepared``, with neutral thresholds (0.5) and mix."""
    lexicon = learn_lexicon(prepared, config) if config.use_lexicon else Lexicon(TECHNIQUES, [{} for _ in TECHNIQUES])
    tagger = fit_word_tagger(prepared) if config.word_tagger else None
    feats = _features(prepared, lexicon, tagger)
    technique_set = [i for i, p in enumerate(prepared) if p.article.paragraph_labels is not None]
    span_set = [i for i in technique_set if prepared[i].article.spans is not None]
    px = np.concatenate([feats[i].paragraph_matrix for i in technique_set])
    py = np.concatenate([paragraph_targets(prepared[i]) for i in technique_set])
    sx = np.concatenate([feats[i].sentence_matrix for i in span_set])
    sy = np.concatenate([sentence_targets(prepared[i]) for i in span_set])
    heads = {"paragraph": fit_ridge_head(px, py, config.l2_paragraph),
             "sentence": fit_ridge_head(sx, sy, config.l2_sentence)}
    sparse = None
    if config.sparse_l2 is not None:
        tokens = [t for i in technique_set for t in feats[i].paragraph_tokens]
        sparse = fit_sparse_head(tokens, py, config.sparse_l2, config.sparse_buckets)
    frame_set = [i for i, p in enumerate(prepared) if p.article.frames is not None]
    ax = np.stack([feats[i].article_vector for i in frame_set])
    ay = np.array([[f in prepared[i].article.frames for f in FRAMES] for i in frame_set], np.float32)
    heads["frames"] = fit_head(ax, ay, config.l2_frames)
    genre_set = [i for i, p in enumerate(prepared) if p.article.genre is not None]
    gx = np.stack([feats[i].article_vector for i in genre_set])
    gy = np.array([GENRES.index(prepared[i].article.genre) for i in genre_set])
    heads["genre"] = fit_softmax_head(gx, gy, config.l2_genre, len(GENRES))
    # a technique with too few examples is never predicted rather than guessed
    rare = py.sum(axis=0) < config.min_positive
    thresholds = np.where(rare, NEVER, 0.5).astype(np.float32)
    return TechniqueModel(TECHNIQUES, lexicon, heads, 0.5, thresholds, thresholds.copy(),
                          np.full(len(FRAMES), 0.5, np.float32), encoder=config.encoder, sparse=sparse, tagger=tagger)


def folds_of(ids: list[str], k: int, seed: int) -> list[set[str]]:
    """``k`` disjoint sets of article ids (the same ids in any order give the same folds): the
    sorted ids shuffled by Python's ``random.Random(seed)``, fold ``i`` every ``k``-th of them from
    the ``i``-th, split by scikit-learn's PredefinedSplit. The shipped model was trained on these
    folds, and the model card's CV figures were measured on them; KFold with the same seed draws
    other folds, and its inner folds lead training to other choices (docs/benchmarks.md)."""
    from sklearn.model_selection import PredefinedSplit

    order = sorted(ids)
    shuffled = order.copy()
    random.Random(seed).shuffle(shuffled)
    fold_of = {article: i % k for i, article in enumerate(shuffled)}
    split = PredefinedSplit([fold_of[article] for article in order])
    folds = [{order[i] for i in held} for _, held in split.split()]
    return folds + [set() for _ in range(k - len(folds))]  # fewer ids than folds: the last are empty


# The fifth of the training articles kept out of rule, cue and threshold development, for a
# held-out check of choices made on the rest (bench/bench_technique_holdout.py).
HOLDOUT_SEED = 2023


def holdout_ids(ids: list[str]) -> set[str]:
    """The held-out fifth of ``ids``: the first of folds_of's five with HOLDOUT_SEED, always the
    set of articles the held-out figures in docs/benchmarks.md were measured on."""
    return folds_of(ids, 5, HOLDOUT_SEED)[0]


@dataclass
class OutOfFold:
    paragraph: list[np.ndarray] = field(default_factory=list)   # paragraph-head probabilities
    best_sentence: list[np.ndarray] = field(default_factory=list)
    paragraph_gold: list[np.ndarray] = field(default_factory=list)
    ngram: list[np.ndarray] = field(default_factory=list)  # the n-gram head's uncalibrated scores
    sentence: list[np.ndarray] = field(default_factory=list)
    sentence_gold: list[np.ndarray] = field(default_factory=list)
    frames: list[np.ndarray] = field(default_factory=list)
    frames_gold: list[np.ndarray] = field(default_factory=list)


def out_of_fold(prepared: list[Prepared], config: TrainConfig) -> OutOfFold:
    oof = OutOfFold()
    for fold in folds_of([p.article.id for p in prepared], config.inner_folds, config.seed + 1):
        train = [p for p in prepared if p.article.id not in fold]
        held = [p for p in prepared if p.article.id in fold]
        model = fit_heads(train, config)
        for p, f in zip(held, _features(held, model.lexicon, model.tagger), strict=True):
            if p.article.paragraph_labels is not None:
                para = model.heads["paragraph"].probabilities(f.paragraph_matrix)
                sent = model.heads["sentence"].probabilities(f.sentence_matrix)
                oof.paragraph.append(para)
                oof.best_sentence.append(paragraph_maxima(sent, f.paragraph_of, len(para)))
                oof.paragraph_gold.append(paragraph_targets(p))
                if model.sparse is not None:
                    oof.ngram.append(model.sparse.scores(f.paragraph_tokens))
                if p.article.spans is not None:
                    oof.sentence.append(sent)
                    oof.sentence_gold.append(sentence_targets(p))
            if p.article.frames is not None:
                oof.frames.append(model.heads["frames"].probabilities(f.article_vector[None, :]))
                oof.frames_gold.append(np.array([[x in p.article.frames for x in FRAMES]], np.float32))
    return oof


THRESHOLD_GRID = np.arange(0.05, 0.91, 0.025)


def tune_thresholds(scores: np.ndarray, gold: np.ndarray, prior: float,
                    grid: np.ndarray = THRESHOLD_GRID) -> tuple[np.ndarray, float]:
    """Per-label thresholds: each label's best-F1 threshold, shrunk towards the one threshold that
    maximises micro-F1 over all labels (by ``prior`` positives), so rare labels stay stable.
    Returns the thresholds and the micro-F1 they reach on ``scores``."""
    def micro(t):
        pred = scores >= t
        tp = float((pred & (gold > 0)).sum())
        return 2 * tp / max(float(pred.sum() + gold.sum()), 1.0)

    global_t = max(grid, key=lambda t: (micro(t), -t))
    out = np.empty(gold.shape[1], np.float32)
    for k in range(gold.shape[1]):
        positives = float(gold[:, k].sum())
        if positives == 0:
            out[k] = NEVER
            continue
        own = _best_f1_threshold(scores[:, k], gold[:, k], grid)
        out[k] = (positives * own + prior * global_t) / (positives + prior)
    return out, micro(out)


def _best_f1_threshold(scores: np.ndarray, gold: np.ndarray, grid: np.ndarray) -> float:
    """The threshold of ``grid`` with the best F1 on one label's scores (the lowest of equals)."""
    positives = float(gold.sum())

    def f1(t):
        pred = scores >= t
        tp = float((pred & (gold > 0)).sum())
        return 2 * tp / max(float(pred.sum()) + positives, 1.0)

    return max(grid, key=lambda t: (f1(t), -t))


def train(prepared: list[Prepared], config: TrainConfig = TrainConfig()) -> TechniqueModel:
    """The full model: heads on all of ``prepared``, thresholds and mix from an inner CV."""
    _check_vectors(prepared, config.encoder)
    oof = out_of_fold(prepared, config)
    para, best, gold = (np.concatenate(x) for x in (oof.paragraph, oof.best_sentence, oof.paragraph_gold))
    ngram, platt, blends = None, None, (0.0,)
    if config.sparse_l2 is not None:
        # the n-gram head is calibrated on its out-of-fold scores: on its own training paragraphs
        # it is far too sure of itself
        raw = np.concatenate(oof.ngram)
        platt = np.array([fit_platt(raw[:, k], gold[:, k]) if 0 < gold[:, k].sum() < len(gold) else (0.0, -30.0)
                          for k in range(gold.shape[1])])
        ngram = 1.0 / (1.0 + np.exp(-np.clip(raw * platt[:, 0] + platt[:, 1], -30, 30)))
        blends = config.blend_grid
    choices = []
    for blend in blends:
        for mix in config.mix_grid:
            dense = mix * para + (1 - mix) * best
            combined = dense if ngram is None else (1 - blend) * dense + blend * ngram
            thresholds, score = tune_thresholds(combined, gold, config.threshold_prior)
            choices.append((score, -abs(mix - 0.5), mix, -blend, thresholds))
    score, _, mix, blend, para_thresholds = max(choices, key=lambda c: c[:4])
    blend = -blend
    sent_thresholds, _ = tune_thresholds(np.concatenate(oof.sentence), np.concatenate(oof.sentence_gold),
                                         config.threshold_prior)
    frame_thresholds, _ = tune_thresholds(np.concatenate(oof.frames), np.concatenate(oof.frames_gold),
                                          config.threshold_prior)
    model = fit_heads(prepared, config)
    rare = model.paragraph_thresholds >= NEVER
    model.mix = float(mix)
    if model.sparse is not None:
        model.sparse = model.sparse.calibrated(platt[:, 0].astype(np.float32), platt[:, 1].astype(np.float32))
        model.sparse_blend = float(blend)
    model.paragraph_thresholds = np.where(rare, NEVER, para_thresholds).astype(np.float32)
    model.sentence_thresholds = np.where(rare, NEVER, sent_thresholds).astype(np.float32)
    model.frame_thresholds = frame_thresholds
    model.narrow = tuple(config.narrow)
    model.card = {"config": asdict(config), "inner_cv_paragraph_micro_f1": round(float(score), 4),
                  "articles": len(prepared)}
    log.info("trained: mix %.2f, n-gram blend %.2f, inner-CV paragraph micro-F1 %.4f", mix, blend, score)
    return model


def _check_vectors(prepared: list[Prepared], encoder: str) -> None:
    """The model will encode with ``encoder`` at analysis time: it must be trained on that
    encoder's vectors, prepared with its pooling."""
    width, max_from = DIMENSIONS[encoder], max_pooled_from(encoder)
    for p in prepared:
        if p.vectors.shape[1] != width or p.max_from != max_from:
            raise ValueError(f"the sentence vectors of article {p.article.id} are not those of encoder {encoder!r} "
                             f"({p.vectors.shape[1]} columns, max-pooled from {p.max_from}; it gives {width}, "
                             f"max-pooled from {max_from}): prepare them with that encoder")


def default_embed(cache_dir: Path | None, encoder: str = DEFAULT_ENCODER) -> Callable[[list[str]], np.ndarray]:
    from presslens.techniques.embedding_cache import cached_encode

    return lambda texts: cached_encode(texts, encoder, cache_dir)
