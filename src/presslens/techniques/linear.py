"""Linear heads over fixed features: fitted with scikit-learn, applied with plain numpy at analysis
time (a head is its standardisation, weights and bias: model.npz holds those arrays, never an
estimator).

The penalties are written as in the training configuration, per weight on standardised features
and per example: logistic heads minimise ``mean loss + l2 * |W|^2``, which is scikit-learn's
``C * sum loss + |W|^2 / 2`` with ``C = 1 / (2 * l2 * n)``; ridge heads minimise
``|XW - Y|^2 + l2 * n * |W|^2``, Ridge's ``alpha = l2 * n``."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class LinearHead:
    """``scores = ((x - mean) / scale) @ weights + bias``; sigmoid (multi-label) or softmax.
    Ridge heads fold their Platt calibration into ``weights`` and ``bias``."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: np.ndarray
    softmax: bool = False

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        if x.shape[0] == 0:
            return np.zeros((0, self.weights.shape[1]), dtype=np.float32)
        z = ((x - self.mean) / self.scale) @ self.weights.astype(np.float32) + self.bias
        if self.softmax:
            z = z - z.max(axis=1, keepdims=True)
            e = np.exp(z)
            return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
        return (1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))).astype(np.float32)

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}.mean": self.mean, f"{prefix}.scale": self.scale,
                f"{prefix}.weights": self.weights, f"{prefix}.bias": self.bias}

    @classmethod
    def from_arrays(cls, arrays, prefix: str, softmax: bool = False) -> LinearHead:
        return cls(*(np.asarray(arrays[f"{prefix}.{k}"], dtype=np.float32)
                     for k in ("mean", "scale", "weights", "bias")), softmax=softmax)


# the bias of a label never seen in training (or of a class never seen): probability ~0, not 0.5
ABSENT_BIAS = -30.0
# L-BFGS stops on the largest gradient entry of the mean loss: at scikit-learn's default, 1e-4,
# a frame-sized fit's weights were 5e-4 (relative) from the optimum; at 1e-8, within rounding
LOGISTIC_TOLERANCE = 1e-8
LOGISTIC_MAX_ITER = 1000


def standardisation(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The mean and scale each feature is standardised with (a constant feature keeps scale 1)."""
    mean = x.mean(axis=0).astype(np.float32)
    scale = x.std(axis=0).astype(np.float32)
    scale[scale < 1e-6] = 1.0
    return mean, scale


def _logistic(l2: float, n: float, **options):
    """scikit-learn's logistic regression for a mean loss plus ``l2 * |W|^2`` over ``n`` examples
    (``l2 = 0``: no penalty)."""
    # imported here: analysis applies heads and never needs scikit-learn loaded
    from sklearn.linear_model import LogisticRegression

    strength = 1.0 / (2.0 * l2 * n) if l2 > 0 else np.inf
    return LogisticRegression(C=strength, tol=LOGISTIC_TOLERANCE, max_iter=LOGISTIC_MAX_ITER, **options)


def fit_head(x: np.ndarray, y: np.ndarray, l2: float) -> LinearHead:
    """Multi-label logistic regression: one sigmoid per column of the 0/1 matrix ``y``, each with
    an L2 penalty of ``l2`` per weight, on standardised features. Deterministic."""
    mean, scale = standardisation(x)
    xs = ((x - mean) / scale).astype(np.float64)
    weights = np.zeros((x.shape[1], y.shape[1]))
    bias = np.full(y.shape[1], ABSENT_BIAS)
    for k in range(y.shape[1]):
        if y[:, k].min() == y[:, k].max():  # one class only: nothing to fit
            bias[k] = -ABSENT_BIAS if y[0, k] > 0 else ABSENT_BIAS
            continue
        estimator = _logistic(l2, len(xs)).fit(xs, y[:, k] > 0)
        weights[:, k], bias[k] = estimator.coef_[0], estimator.intercept_[0]
    return LinearHead(mean, scale, weights.astype(np.float32), bias.astype(np.float32))


def fit_softmax_head(x: np.ndarray, y: np.ndarray, l2: float, n_classes: int) -> LinearHead:
    """Multinomial logistic regression over the class indices ``y``, classes weighted inversely
    to their frequency (a rare class weighs as much as a common one), with an L2 penalty of
    ``l2`` per weight on standardised features. A class absent from ``y`` is never predicted."""
    mean, scale = standardisation(x)
    xs = ((x - mean) / scale).astype(np.float64)
    weights = np.zeros((x.shape[1], n_classes))
    bias = np.full(n_classes, ABSENT_BIAS)
    present = np.unique(y)
    if len(present) == 1:
        bias[present[0]] = 0.0
    elif len(present) == 2:
        # scikit-learn fits two classes as one sigmoid w; the softmax pair (w / 2, -w / 2) has the
        # same probabilities, and its penalty |w|^2 / 2 is the softmax's, hence twice the C
        estimator = _logistic(l2 / 2, len(xs), class_weight="balanced").fit(xs, y)
        weights[:, present[1]], bias[present[1]] = estimator.coef_[0] / 2, estimator.intercept_[0] / 2
        weights[:, present[0]], bias[present[0]] = -estimator.coef_[0] / 2, -estimator.intercept_[0] / 2
    else:
        estimator = _logistic(l2, len(xs), class_weight="balanced").fit(xs, y)
        weights[:, present], bias[present] = estimator.coef_.T, estimator.intercept_
    return LinearHead(mean, scale, weights.astype(np.float32), bias.astype(np.float32), softmax=True)


def fit_ridge_head(x: np.ndarray, y: np.ndarray, l2: float) -> LinearHead:
    """Multi-label ridge regression (one direct solve for every label: a fit takes a second where
    logistic regression takes minutes), then per label a Platt sigmoid fitted to its scores,
    folded into the weights so the head outputs probabilities like ``fit_head``."""
    from sklearn.linear_model import Ridge

    mean, scale = standardisation(x)
    xs = ((x - mean) / scale).astype(np.float64)
    ridge = Ridge(alpha=l2 * len(xs), solver="cholesky").fit(xs, y.astype(np.float64))
    weights, intercept = ridge.coef_.T, ridge.intercept_
    scores = xs @ weights + intercept
    a, b = np.zeros(y.shape[1]), np.full(y.shape[1], ABSENT_BIAS)
    for k in range(y.shape[1]):
        if 0 < y[:, k].sum() < len(y):
            a[k], b[k] = fit_platt(scores[:, k], y[:, k])
    return LinearHead(mean, scale, (weights * a).astype(np.float32), (intercept * a + b).astype(np.float32))


def fit_platt(z: np.ndarray, y: np.ndarray) -> tuple[float, float]:
    """The (a, b) of ``sigmoid(a * z + b)`` that best fits the 0/1 labels ``y`` (Platt scaling):
    an unpenalised one-feature logistic regression on Platt's smoothed targets, each score
    entered once as a positive weighted by its target and once as a negative weighted by the rest
    (scikit-learn's cross-entropy takes no soft targets)."""
    positives = float(y.sum())
    target = np.where(y > 0, (positives + 1) / (positives + 2), 1 / (len(y) - positives + 2))
    # fitted on standardised scores: the solver stops on a gradient tolerance, which on scores
    # of a small spread would leave the slope visibly short of the optimum
    centre, spread = float(z.mean()), float(z.std()) or 1.0
    column = np.tile((z.astype(np.float64) - centre) / spread, 2)[:, None]
    labels = np.concatenate([np.ones(len(z)), np.zeros(len(z))])
    estimator = _logistic(0.0, 1.0).fit(column, labels, sample_weight=np.concatenate([target, 1 - target]))
    a = float(estimator.coef_[0, 0]) / spread
    return a, float(estimator.intercept_[0]) - a * centre
