r"""The seeded datasets of the course: the same points on every machine, for every run.

Each returns ``(x, t)``: inputs ``x`` of shape ``(n, 2)``, one example per row, and one-hot targets
``t`` (:func:`one_hot`), so they go straight into :meth:`bpcourse.Network.gradients`.
"""

import numpy as np


def one_hot(labels, classes):
    """Row ``i`` is 1 in column ``labels[i]`` and 0 elsewhere: shape ``(len(labels), classes)``."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise ValueError(f"expected a 1-D array of integer labels, got {labels!r}")
    if labels.size and (labels.min() < 0 or labels.max() >= classes):
        raise ValueError(
            f"expected labels from 0 to {classes - 1}, got {labels.min()} to {labels.max()}"
        )
    return np.eye(classes)[labels]


def two_classes(n=100, seed=0):
    r"""``n`` points in the plane: class 0 fills the disc :math:`r < 1`, class 1 the ring
    :math:`1.5 < r < 2.2` around it (alternating labels 0, 1, 0, ...).

    No straight line separates them; three hidden units can (three lines make a triangle around
    the disc), so the 2-3-2 network is the smallest that learns it. Returns ``(x, t)``: ``x`` of
    shape ``(n, 2)`` and one-hot targets ``t`` of shape ``(n, 2)``.
    """
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 2
    angle = rng.uniform(0.0, 2.0 * np.pi, n)
    inside = np.sqrt(rng.uniform(0.0, 1.0, n))  # uniform over the disc's area
    outside = rng.uniform(1.5, 2.2, n)
    r = np.where(labels == 0, inside, outside)
    x = r[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    return x, one_hot(labels, 2)


def spiral(n_per_class=100, classes=3, seed=0):
    r"""The classic spiral: ``classes`` arms of ``n_per_class`` points each, arm ``k`` at

    .. math:: r = s,\quad \varphi = 4k + 4s + 0.2\,\varepsilon, \qquad
              x = (r \sin\varphi,\ r\cos\varphi),

    for :math:`s` evenly spaced in :math:`[0, 1]` and :math:`\varepsilon \sim N(0, 1)`.
    Returns ``(x, t)`` with ``x`` of shape ``(n_per_class * classes, 2)`` and one-hot ``t``.
    """
    rng = np.random.default_rng(seed)
    s = np.tile(np.linspace(0.0, 1.0, n_per_class), classes)
    labels = np.repeat(np.arange(classes), n_per_class)
    phi = 4.0 * labels + 4.0 * s + 0.2 * rng.standard_normal(s.size)
    x = s[:, None] * np.stack([np.sin(phi), np.cos(phi)], axis=1)
    return x, one_hot(labels, classes)
