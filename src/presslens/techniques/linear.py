"""Linear heads over fixed features: fitted with full-batch L-BFGS (all labels at once, so a fit
takes seconds on two cores), applied with plain numpy at analysis time."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class LinearHead:
    """``scores = ((x - mean) / scale) @ weights + bias``; sigmoid (multi-label) or softmax."""

    mean: np.ndarray
    scale: np.ndarray
    weights: np.ndarray
    bias: np.ndarray
    softmax: bool = False

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        if x.shape[0] == 0:
            return np.zeros((0, self.weights.shape[1]), dtype=np.float32)
        z = ((x - self.mean) / self.scale) @ self.weights + self.bias
        if self.softmax:
            z = z - z.max(axis=1, keepdims=True)
            e = np.exp(z)
            return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)
        return (1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))).astype(np.float32)

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        return {f"{prefix}.mean": self.mean, f"{prefix}.scale": self.scale,
                f"{prefix}.weights": self.weights, f"{prefix}.bias": self.bias}

    @classmethod
    def from_arrays(cls, arrays, prefix: str, softmax: bool = False) -> "LinearHead":
        return cls(*(np.asarray(arrays[f"{prefix}.{k}"], dtype=np.float32)
                     for k in ("mean", "scale", "weights", "bias")), softmax=softmax)


def fit_head(x: np.ndarray, y: np.ndarray, l2: float, softmax: bool = False,
             sample_weight: np.ndarray | None = None, max_iter: int = 200) -> LinearHead:
    """Fit logistic regression (independent sigmoids for a 0/1 matrix ``y``, or softmax for class
    indices) with an L2 penalty of ``l2`` per weight, on standardised features. Deterministic."""
    import torch

    torch.manual_seed(0)
    mean = x.mean(axis=0).astype(np.float32)
    scale = x.std(axis=0).astype(np.float32)
    scale[scale < 1e-6] = 1.0
    xt = torch.from_numpy(((x - mean) / scale).astype(np.float32))
    n_out = int(y.max()) + 1 if softmax else y.shape[1]
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
