"""A word-level tagger for the techniques annotated as words or short phrases (Loaded_Language,
Name_Calling-Labeling, Repetition, Exaggeration-Minimisation): per word, a linear score of how
likely the word lies inside a span of each, from the word's own static vectors and those of its
neighbours.

Why: the cue lexicon only knows words seen inside spans in at least 3 training articles, and a
sentence embedding averages or maximises over all of a sentence's words. The tagger reads each
word alone, through embeddings, so a charged word the training spans never held still scores
near the charged words they did. Each sentence and paragraph gets, per tagged technique, its
best word's score and the mean of its three best (TAG_FEATURES); the heads learn how much to
trust them (their measured effect: docs/benchmarks.md).

A word's vector is its unit averages in both static tables of the pair encoder (WordLlama and
the static MiniLM copy, 512 numbers, encoded alone); its context, the mean vector of the words
up to WINDOW before and after it in the same sentence; then a constant 1 for the bias. The fit
is ridge regression in closed form on every word of the training spans' articles.

At analysis time a word's scores are linear in its own vector and its neighbours', so a
WordScorer encodes and projects each distinct word once per process and sums the projections;
training reads the full rows, which the fit needs.
"""
from __future__ import annotations

import threading

import numpy as np

from presslens.techniques.units import Unit, words

TAGGED = ("Loaded_Language", "Name_Calling-Labeling", "Repetition", "Exaggeration-Minimisation")
TAG_FEATURES = tuple(f"{kind}_{label}" for kind in ("tag_max", "tag_top3") for label in TAGGED)
WORD_WIDTH = 512
ROW_WIDTH = 2 * WORD_WIDTH + 1
WEIGHTS_SHAPE = (ROW_WIDTH, len(TAGGED))
WINDOW = 2
PENALTY = 10.0
TOP = 3
# distinct words a WordScorer keeps before it starts afresh (about 100 bytes each)
CACHE_WORDS = 200_000
# words stacked per matrix product when fitting (a block of 4,096 rows of float64 is 34 MB)
BLOCK_ROWS = 4096


def word_vectors(vocabulary: list[str]) -> np.ndarray:
    """The unit averages of both static tables for each word encoded alone."""
    from presslens.techniques.encoders import STATIC_PAIR_MAX, encode

    return encode(vocabulary, STATIC_PAIR_MAX)[:, :WORD_WIDTH]


def sentence_words(text: str, units: list[Unit]) -> list[list[tuple[int, int, str]]]:
    """Per sentence, its words as (start, end, word): what both the rows and the targets read."""
    return [words(text, u.start, u.end) for u in units]


def sentence_rows(found: list[list[tuple[int, int, str]]]) -> list[np.ndarray]:
    """Per sentence of ``found`` (sentence_words), one row per word: its vector, its context's, 1."""
    tokens = [[w for _, _, w in own] for own in found]
    vocabulary = sorted({w for own in tokens for w in own})
    if not vocabulary:
        return [np.zeros((0, ROW_WIDTH), np.float32) for _ in tokens]
    table = word_vectors(vocabulary)
    index = {w: i for i, w in enumerate(vocabulary)}
    return [_rows(table[[index[w] for w in own]]) if own else np.zeros((0, ROW_WIDTH), np.float32)
            for own in tokens]


def _rows(vectors: np.ndarray) -> np.ndarray:
    return np.hstack([vectors, _neighbour_mean(vectors), np.ones((len(vectors), 1), np.float32)]).astype(np.float32)


def _neighbour_mean(values: np.ndarray) -> np.ndarray:
    """Per word (row), the mean of the rows of the words up to WINDOW before and after it."""
    n = len(values)
    running = np.vstack([np.zeros((1, values.shape[1]), np.float32), np.cumsum(values, axis=0)])
    low = np.clip(np.arange(n) - WINDOW, 0, n)
    high = np.clip(np.arange(n) + WINDOW + 1, 0, n)
    return (running[high] - running[low] - values) / np.maximum(high - low - 1, 1)[:, None]


class WordScorer:
    """The tagger's scores of the words of sentences, for a running process. A row times the
    weights is the word's vector times their first block, plus its neighbours' mean vector times
    the second, plus the bias; so each distinct word is encoded once and kept as its two
    projections (2 * len(TAGGED) numbers), and a sentence's scores are sums of those. Encoding
    each new word alone was most of the tagger's cost."""

    def __init__(self, weights: np.ndarray, limit: int = CACHE_WORDS):
        self._own = weights[:WORD_WIDTH]
        self._neighbour = weights[WORD_WIDTH:2 * WORD_WIDTH]
        self._bias = weights[-1]
        self._limit = limit
        self._index: dict[str, int] = {}
        self._table = np.zeros((1024, 2 * len(TAGGED)), np.float32)
        self._lock = threading.Lock()

    def sentence_scores(self, tokens: list[list[str]]) -> list[np.ndarray]:
        """Per sentence (its lower-cased words, as units.words gives them), one row of scores per
        word, one column per tagged technique."""
        flat = [w for own in tokens for w in own]
        with self._lock:  # analyses in several threads share the cache; the rows are copied out
            self._learn(set(flat))
            projected = self._table[[self._index[w] for w in flat]]
        out = []
        width = len(TAGGED)
        start = 0
        for own in tokens:
            if not own:
                out.append(np.zeros((0, width), np.float32))
                continue
            mine = projected[start:start + len(own)]
            start += len(own)
            out.append((mine[:, :width] + _neighbour_mean(mine[:, width:]) + self._bias).astype(np.float32))
        return out

    def _learn(self, needed: set[str]) -> None:
        new = sorted(needed.difference(self._index))
        if not new:
            return
        if len(self._index) + len(new) > self._limit:  # start afresh rather than grow without bound
            self._index.clear()
            new = sorted(needed)
        vectors = word_vectors(new)
        projections = np.hstack([vectors @ self._own, vectors @ self._neighbour])
        size = len(self._index)
        if size + len(new) > len(self._table):
            grown = np.zeros((2 * (size + len(new)), self._table.shape[1]), np.float32)
            grown[:size] = self._table[:size]
            self._table = grown
        self._table[size:size + len(new)] = projections
        self._index.update((w, size + i) for i, w in enumerate(new))


def word_targets(found: list[list[tuple[int, int, str]]], spans) -> list[np.ndarray]:
    """Per sentence of ``found`` (sentence_words), per word, 1 for each tagged technique whose
    gold span the word touches."""
    out = []
    tagged = [(TAGGED.index(s.technique), s.start, s.end) for s in spans if s.technique in TAGGED]
    for own in found:
        y = np.zeros((len(own), len(TAGGED)), np.float32)
        for i, (a, b, _) in enumerate(own):
            for k, start, end in tagged:
                if start < b and a < end:
                    y[i, k] = 1.0
        out.append(y)
    return out


def fit(rows: list[np.ndarray], targets: list[np.ndarray], penalty: float = PENALTY,
        block_rows: int = BLOCK_ROWS) -> np.ndarray:
    """Ridge weights (ROW_WIDTH, len(TAGGED)) from the rows and targets of many sentences. The
    normal equations are summed over blocks of about ``block_rows`` words: one matrix product per
    block instead of one per sentence (adding a 1025 x 1025 product per sentence was most of a
    fit's time), while the word matrix is never held whole."""
    gram = np.zeros((ROW_WIDTH, ROW_WIDTH), np.float64)
    moment = np.zeros((ROW_WIDTH, len(TAGGED)), np.float64)
    for x, y in _blocks(rows, targets, block_rows):
        gram += x.T @ x
        moment += x.T @ y
    return np.linalg.solve(gram + penalty * np.eye(ROW_WIDTH), moment).astype(np.float32)


def _blocks(rows: list[np.ndarray], targets: list[np.ndarray], block_rows: int):
    """Consecutive sentences' rows and targets stacked into blocks of at least ``block_rows`` words
    (the last may be smaller), in float64: a block's products sum thousands of words, which
    float32 would round about ten times more than the per-sentence products it replaces."""
    block_x, block_y, size = [], [], 0
    for x, y in zip(rows, targets, strict=True):
        block_x.append(x)
        block_y.append(y)
        size += len(x)
        if size >= block_rows:
            yield _stacked(block_x), _stacked(block_y)
            block_x, block_y, size = [], [], 0
    if size:
        yield _stacked(block_x), _stacked(block_y)


def _stacked(parts: list[np.ndarray]) -> np.ndarray:
    return np.concatenate(parts).astype(np.float64)


def row_scores(rows: list[np.ndarray], weights: np.ndarray) -> list[np.ndarray]:
    """Per sentence, its words' scores from their full rows (training's path)."""
    return [x @ weights for x in rows]


def unit_features(scores: list[np.ndarray]) -> np.ndarray:
    """TAG_FEATURES per sentence, from its words' scores: the best word's score per technique,
    then the mean of the TOP best; zeros for a sentence without words."""
    out = np.zeros((len(scores), len(TAG_FEATURES)), np.float32)
    for j, own in enumerate(scores):
        if len(own):
            ranked = -np.sort(-own, axis=0)[:TOP]
            out[j, :len(TAGGED)] = ranked[0]
            out[j, len(TAGGED):] = ranked.mean(axis=0)
    return out
