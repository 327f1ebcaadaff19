"""Hashed word n-gram (TF-IDF) features of paragraphs and the sparse linear head read over them.

The sentence encoder sees meaning; this head sees wording: every word and word pair of a
paragraph, hashed into a fixed number of buckets (no vocabulary to ship), weighted by sublinear
term frequency times inverse document frequency and scaled to unit length. One ridge regression
per technique, fitted with LSQR on the sparse matrix (scikit-learn's Ridge); at analysis time a
paragraph's score is a sum over its few hundred buckets (plain numpy, microseconds). Its
probabilities are blended with the dense heads' (``TechniqueModel.sparse_blend``).
"""
from __future__ import annotations

import zlib
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

import numpy as np

DEFAULT_BUCKETS = 2 ** 18
# LSQR's stopping tolerances (atol and btol): far tighter than the scores' float16 storage
LSQR_TOLERANCE = 1e-6


def grams(tokens: list[str]) -> list[str]:
    """The words and word pairs of ``tokens`` (lower-cased words, presslens.techniques.units.words)."""
    return tokens + [f"{a} {b}" for a, b in pairwise(tokens)]


def bucket_counts(tokens: list[str], buckets: int) -> Counter:
    """How often each bucket occurs in ``tokens``' grams (a stable hash: CRC-32, not ``hash``)."""
    return Counter(zlib.crc32(g.encode("utf-8")) % buckets for g in grams(tokens))


def _row(counts: Counter, idf: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Bucket indices and unit-length TF-IDF values of one paragraph (unseen buckets dropped)."""
    if not counts:
        return np.zeros(0, np.int64), np.zeros(0, np.float32)
    index = np.fromiter(counts.keys(), np.int64, len(counts))
    tf = np.fromiter(counts.values(), np.float64, len(counts))
    order = np.argsort(index, kind="stable")  # bucket order: the same matrix whatever the word order
    index = index[order]
    values = (1.0 + np.log(tf[order])).astype(np.float32) * idf[index]
    keep = values > 0
    index, values = index[keep], values[keep]
    norm = float(np.linalg.norm(values))
    return index, (values / norm if norm > 0 else values)


@dataclass
class SparseHead:
    """``sigmoid(tfidf(paragraph) @ weights + bias)`` per technique; ``weights`` has one row per
    bucket (Platt calibration folded in, as in presslens.techniques.linear)."""

    idf: np.ndarray      # (buckets,) 0 for buckets never seen in training
    weights: np.ndarray  # (buckets, n_labels)
    bias: np.ndarray     # (n_labels,)

    def scores(self, token_lists: list[list[str]]) -> np.ndarray:
        """The linear scores (before the sigmoid) of each paragraph."""
        out = np.tile(self.bias.astype(np.float32), (len(token_lists), 1))
        for i, tokens in enumerate(token_lists):
            index, values = _row(bucket_counts(tokens, len(self.idf)), self.idf)
            if len(index):
                out[i] += values @ self.weights[index].astype(np.float32)
        return out

    def probabilities(self, token_lists: list[list[str]]) -> np.ndarray:
        return (1.0 / (1.0 + np.exp(-np.clip(self.scores(token_lists), -30, 30)))).astype(np.float32)

    def calibrated(self, a: np.ndarray, b: np.ndarray) -> SparseHead:
        """This head with ``sigmoid(a * score + b)`` per label folded into its weights."""
        return SparseHead(self.idf, (self.weights * a).astype(np.float32), (self.bias * a + b).astype(np.float32))

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}.idf": self.idf, f"{prefix}.weights": self.weights, f"{prefix}.bias": self.bias}

    @classmethod
    def from_arrays(cls, arrays, prefix: str) -> SparseHead:
        # the weights stay float16 in memory (12 MB instead of 24 per process): only the rows of a
        # paragraph's buckets are widened to float32, which gives the same scores
        return cls(np.asarray(arrays[f"{prefix}.idf"], dtype=np.float32), np.asarray(arrays[f"{prefix}.weights"]),
                   np.asarray(arrays[f"{prefix}.bias"], dtype=np.float32))


def fit_sparse_head(token_lists: list[list[str]], y: np.ndarray, l2: float,
                    buckets: int = DEFAULT_BUCKETS) -> SparseHead:
    """Ridge regression of each label of ``y`` on the paragraphs' TF-IDF rows, the labels' means
    as the bias (scikit-learn's Ridge with LSQR, deterministic). The head's scores are
    uncalibrated regression outputs: calibrate them on held-out scores."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import Ridge

    counts = [bucket_counts(t, buckets) for t in token_lists]
    df = np.zeros(buckets, np.float64)
    for c in counts:
        df[list(c)] += 1
    n = len(token_lists)
    idf = np.where(df > 0, np.log((1 + n) / (1 + df)) + 1, 0).astype(np.float32)
    rows = [_row(c, idf) for c in counts]
    indptr = np.cumsum([0] + [len(i) for i, _ in rows])
    x = csr_matrix((np.concatenate([v for _, v in rows]).astype(np.float64) if rows else np.zeros(0),
                    np.concatenate([i for i, _ in rows]) if rows else np.zeros(0, np.int64), indptr),
                   shape=(n, buckets))
    y_mean = y.mean(axis=0)
    # no fitted intercept: the bias is the label's mean and the rows stay uncentred (centring
    # would make the sparse matrix dense); a label without positives has all-zero targets and
    # keeps all-zero weights
    ridge = Ridge(alpha=l2, fit_intercept=False, solver="lsqr", tol=LSQR_TOLERANCE)
    weights = ridge.fit(x, (y - y_mean).astype(np.float64)).coef_.T
    return SparseHead(idf, weights.astype(np.float32), y_mean.astype(np.float32))
