"""Linear heads over fixed features: fitted with full-batch L-BFGS (all labels at once, so a fit
takes seconds on two cores), applied with plain numpy at analysis time."""
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


def fit_head(x: np.ndarray, y: np.ndarray, l2: float, softmax: bool = False,
             sample_weight: np.ndarray | None = None, max_iter: int = 200,
             n_classes: int | None = None) -> LinearHead:
    """Fit logistic regression (independent sigmoids for a 0/1 matrix ``y``, or softmax for class
    indices) with an L2 penalty of ``l2`` per weight, on standardised features. Deterministic."""
    import torch

    torch.manual_seed(0)
    mean = x.mean(axis=0).astype(np.float32)
    scale = x.std(axis=0).astype(np.float32)
    scale[scale < 1e-6] = 1.0
    xt = torch.from_numpy(((x - mean) / scale).astype(np.float32))
    n_out = (n_classes or int(y.max()) + 1) if softmax else y.shape[1]
    yt = torch.from_numpy(y.astype(np.int64) if softmax else y.astype(np.float32))
    wt = torch.from_numpy((sample_weight if sample_weight is not None
                           else np.ones(len(x))).astype(np.float32))
    weights = torch.zeros((x.shape[1], n_out), requires_grad=True)
    bias = torch.zeros(n_out, requires_grad=True)
    optimizer = torch.optim.LBFGS([weights, bias], lr=1.0, max_iter=max_iter, history_size=20,
                                  line_search_fn="strong_wolfe", tolerance_grad=1e-6, tolerance_change=1e-9)
    n = float(wt.sum())

    def closure():
        optimizer.zero_grad()
        z = xt @ weights + bias
        if softmax:
            loss = (torch.nn.functional.cross_entropy(z, yt, reduction="none") * wt).sum() / n
        else:
            loss = (torch.nn.functional.binary_cross_entropy_with_logits(z, yt, reduction="none").sum(1) * wt).sum() / n
        loss = loss + l2 * (weights ** 2).sum()
        loss.backward()
        return loss

    optimizer.step(closure)
    return LinearHead(mean, scale, weights.detach().numpy().copy(), bias.detach().numpy().copy(), softmax)


def fit_ridge_head(x: np.ndarray, y: np.ndarray, l2: float) -> LinearHead:
    """Multi-label ridge regression in closed form (one solve for every label: a fit takes a
    second where logistic regression takes minutes), then per label a Platt sigmoid fitted to its
    scores, folded into the weights so the head outputs probabilities like ``fit_head``."""
    mean = x.mean(axis=0).astype(np.float32)
    scale = x.std(axis=0).astype(np.float32)
    scale[scale < 1e-6] = 1.0
    xs = ((x - mean) / scale).astype(np.float64)
    y_mean = y.mean(axis=0)
    gram = xs.T @ xs + l2 * len(xs) * np.eye(xs.shape[1])
    weights = np.linalg.solve(gram, xs.T @ (y - y_mean))
    scores = xs @ weights + y_mean
    # a label never seen gets probability ~0 rather than sigmoid(0) = 0.5
    a, b = np.zeros(y.shape[1]), np.full(y.shape[1], -30.0)
    for k in range(y.shape[1]):
        if 0 < y[:, k].sum() < len(y):
            a[k], b[k] = fit_platt(scores[:, k], y[:, k])
    return LinearHead(mean, scale, (weights * a).astype(np.float32), (y_mean * a + b).astype(np.float32))


def fit_platt(z: np.ndarray, y: np.ndarray, steps: int = 50) -> tuple[float, float]:
    """The (a, b) of ``sigmoid(a * z + b)`` that best fits ``y``: Newton's method with Platt's
    smoothed targets."""
    positives = y.sum()
    target = np.where(y > 0, (positives + 1) / (positives + 2), 1 / (len(y) - positives + 2))
    a, b = 1.0, 0.0
    for _ in range(steps):
        p = 1 / (1 + np.exp(-np.clip(a * z + b, -30, 30)))
        g = np.array([((p - target) * z).sum(), (p - target).sum()])
        w = p * (1 - p) + 1e-9
        h = np.array([[(w * z * z).sum(), (w * z).sum()], [(w * z).sum(), w.sum()]]) + 1e-6 * np.eye(2)
        step = np.linalg.solve(h, g)
        a, b = a - step[0], b - step[1]
        if np.abs(step).max() < 1e-7:
            break
    return float(a), float(b)
