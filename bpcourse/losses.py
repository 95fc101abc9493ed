r"""Loss functions :math:`L(y, t)` of one example and their gradients :math:`\partial L/\partial y`.

Both work on one example ``y`` of shape ``(n,)`` or on a batch ``(m, n)``, returning one loss per
example (the network averages them over a batch).
"""

import numpy as np

from ._check import by_name


class Loss:
    """A named loss ``f(y, t)`` with its gradient ``df(y, t)`` with respect to the output ``y``."""

    __slots__ = ("name", "f", "df", "formula", "derivative")

    def __init__(self, name, f, df, formula, derivative):
        self.name = name
        self.f = f
        self.df = df
        self.formula = formula
        self.derivative = derivative

    def __call__(self, y, t):
        return self.f(y, t)

    def __repr__(self):
        return f"Loss({self.name!r})"


def l2(y, t):
    r""":math:`L = \tfrac12 \sum_i (y_i - t_i)^2`."""
    return 0.5 * np.sum((np.asarray(y) - t) ** 2, axis=-1)


def l2_prime(y, t):
    r""":math:`\partial L / \partial y_i = y_i - t_i`."""
    return np.asarray(y, dtype=float) - t


TINY = 1e-300
"""Cross-entropy takes ``log(max(y, TINY))``: an output of exactly 0 gives a large, finite loss."""


def cross_entropy(y, t):
    r""":math:`L = -\sum_i t_i \log y_i` (``t`` one-hot, or any distribution)."""
    return -np.sum(t * np.log(np.maximum(y, TINY)), axis=-1)


def cross_entropy_prime(y, t):
    r""":math:`\partial L / \partial y_i = -t_i / y_i`.

    After a softmax output the chain rule through the softmax Jacobian collapses this to
    :math:`\partial L / \partial z = y - t`; :class:`bpcourse.Network` uses that shortcut.
    """
    return -t / np.maximum(y, TINY)


L2 = Loss(
    "l2", l2, l2_prime,
    r"L = \frac{1}{2}\sum_i (y_i - t_i)^2", r"\frac{\partial L}{\partial y_i} = y_i - t_i",
)
CROSS_ENTROPY = Loss(
    "cross_entropy", cross_entropy, cross_entropy_prime,
    r"L = -\sum_i t_i \log y_i", r"\frac{\partial L}{\partial y_i} = -\frac{t_i}{y_i}",
)

LOSSES = {f.name: f for f in (L2, CROSS_ENTROPY)}


def find_loss(name):
    """Look a loss up by name, ``"l2"`` or ``"cross_entropy"``; a Loss passes through."""
    return by_name(LOSSES, name, "loss", Loss)
