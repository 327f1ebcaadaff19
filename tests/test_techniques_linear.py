"""The technique model's linear heads (presslens.techniques.linear): each fit solves the problem
its penalty is written as (mean loss + l2 * |W|^2 on standardised features), absent labels and
classes are never predicted, and Platt scaling recovers a known sigmoid."""
from __future__ import annotations

import numpy as np

from presslens.techniques.linear import LinearHead, fit_head, fit_platt, fit_ridge_head, fit_softmax_head


def _data(n: int = 400, d: int = 6, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    x = (rng.normal(size=(n, d)) * rng.uniform(0.5, 3.0, size=d) + rng.normal(size=d)).astype(np.float32)
    return x, rng.normal(size=(d, 3))


def _standardised(head: LinearHead, x: np.ndarray) -> np.ndarray:
    return ((x - head.mean) / head.scale).astype(np.float64)


def test_the_logistic_head_minimises_the_mean_loss_plus_its_penalty():
    x, truth = _data()
    logits = x @ truth[:, :2]
    y = (np.random.default_rng(1).uniform(size=logits.shape) < 1 / (1 + np.exp(-logits))).astype(np.float32)
    l2 = 0.05
    head = fit_head(x, y, l2)
    # at the optimum the gradient of mean cross-entropy + l2 * |w|^2 vanishes, weights and bias
    xs = _standardised(head, x)
    residual = head.probabilities(x).astype(np.float64) - y
    assert np.abs(xs.T @ residual / len(x) + 2 * l2 * head.weights).max() < 1e-4
    assert np.abs(residual.mean(axis=0)).max() < 1e-4
    # a stronger penalty shrinks the weights
    assert np.abs(fit_head(x, y, 1.0).weights).sum() < np.abs(head.weights).sum()


def test_a_label_seen_in_one_class_only_is_never_in_doubt():
    x, _ = _data(n=50)
    y = np.zeros((50, 2), np.float32)
    y[:25, 0] = 1
    y[:, 1] = 0  # never positive
    p = fit_head(x, y, 0.1).probabilities(x)
    assert p[:, 1].max() < 1e-6


def test_the_softmax_head_weighs_classes_equally_and_never_predicts_an_absent_one():
    x, truth = _data(n=600)
    scores = x @ truth
    y = np.argmax(scores + np.array([2.0, 0.0, -1.0]), axis=1)  # class 0 common, class 2 rare
    l2 = 0.02
    head = fit_softmax_head(x, y, l2, n_classes=4)
    p = head.probabilities(x)
    assert p.shape == (600, 4) and np.allclose(p.sum(axis=1), 1, atol=1e-5)
    assert p[:, 3].max() < 1e-6  # class 3 never occurs
    assert (p.argmax(axis=1) == y).mean() > 0.85
    # optimality of the class-balanced mean loss + l2 * |W|^2 over the classes present
    counts = np.bincount(y, minlength=3)
    weight = (len(y) / (3 * counts))[y]
    target = np.eye(4)[y]
    xs = _standardised(head, x)
    gradient = xs.T @ ((p - target)[:, :3] * weight[:, None]) / weight.sum() + 2 * l2 * head.weights[:, :3]
    assert np.abs(gradient).max() < 1e-4


def test_two_classes_give_the_same_head_as_a_softmax_over_them():
    x, truth = _data(n=300)
    y = ((x - x.mean(axis=0)) @ truth[:, 0] > 0).astype(int) * 2  # classes 0 and 2 of three
    l2 = 0.05
    head = fit_softmax_head(x, y, l2, n_classes=3)
    p = head.probabilities(x)
    assert p[:, 1].max() < 1e-6 and (p.argmax(axis=1) == y).mean() > 0.9
    counts = np.bincount(y, minlength=3)
    weight = (len(y) / (2 * np.maximum(counts, 1)))[y]
    xs = _standardised(head, x)
    present = [0, 2]
    gradient = (xs.T @ ((p - np.eye(3)[y])[:, present] * weight[:, None]) / weight.sum()
                + 2 * l2 * head.weights[:, present])
    assert np.abs(gradient).max() < 1e-4


def test_the_ridge_head_solves_its_normal_equations_and_is_calibrated():
    x, truth = _data(n=500)
    rng = np.random.default_rng(2)
    y = (x @ truth[:, :2] + rng.normal(size=(500, 2)) > 0.5).astype(np.float32)
    y = np.hstack([y, np.zeros((500, 1), np.float32)])
    l2 = 0.3
    head = fit_ridge_head(x, y, l2)
    xs = _standardised(head, x)
    # the Platt sigmoid is folded in: scores are a * ridge + b, so the ridge weights are weights / a,
    # and they solve (X'X + l2 * n * I) w = X'(y - mean y)
    for k in range(2):
        ridge = np.linalg.solve(xs.T @ xs + l2 * len(xs) * np.eye(xs.shape[1]), xs.T @ (y[:, k] - y[:, k].mean()))
        direction = head.weights[:, k] / np.linalg.norm(head.weights[:, k])
        assert np.allclose(direction, ridge / np.linalg.norm(ridge), atol=1e-4)
    p = head.probabilities(x)
    assert abs(p[:, 0].mean() - y[:, 0].mean()) < 0.02  # calibrated on average
    assert p[:, 2].max() < 1e-6  # a label never seen


def test_platt_scaling_recovers_a_known_sigmoid():
    rng = np.random.default_rng(3)
    z = rng.normal(size=20000)
    y = (rng.uniform(size=z.size) < 1 / (1 + np.exp(-(2.0 * z - 1.0)))).astype(np.float32)
    a, b = fit_platt(z, y)
    assert abs(a - 2.0) < 0.1 and abs(b + 1.0) < 0.1
