r"""Exercises of notebook 04, the output layer's delta: :math:`\delta^{(2)}` and the gradient
of the output weights.

How a check grades and what it returns: :mod:`bpcourse.classroom.grader`.
"""

import numpy as np

from .. import examples
from ..activations import sigmoid_prime
from .grader import Case, fresh, grade, rng


def check_output_delta(fn):
    r"""``fn(y, t)`` → :math:`\delta^{(2)} = (y - t) \odot y(1 - y)` (sigmoid output, L2 loss)."""
    random = rng()
    net, x, t = examples.network_2_3_2()
    cases = [
        Case(fresh(net.forward(x), t)),
        Case(fresh(np.array([0.9, 0.2, 0.5]), np.array([1.0, 0.0, 0.0]))),
        Case(fresh(random.uniform(0.05, 0.95, 4), random.uniform(0, 1, 4)), hidden=True),
    ]

    def reference(y, t):
        return (y - t) * y * (1 - y)

    wrongs = [
        (lambda y, t: y - t, "missing the σ′ factor: δ = (y − t) · y(1 − y)"),
        (lambda y, t: (t - y) * y * (1 - y), "the sign is flipped: ∂L/∂y = y − t, not t − y"),
        (lambda y, t: (y - t) * sigmoid_prime(y),
         "y is already σ(a⁽²⁾): σ′(a⁽²⁾) = y(1 − y), not σ′(y)"),
        (lambda y, t: y * (1 - y), "multiply σ′ = y(1 − y) by ∂L/∂y = y − t"),
    ]
    return grade("output_delta", fn, cases, reference, params=("y", "t"),
                 todo="return δ⁽²⁾ = ∂L/∂a⁽²⁾ for a sigmoid output with L2 loss", wrongs=wrongs)


def check_output_weight_gradient(fn):
    r"""``fn(h, delta)`` → :math:`\partial L/\partial u = h^\top \delta`, the outer product,
    shaped like u: ``(n_h, n_out)``."""
    random = rng()
    net, x, t = examples.network_2_3_2()
    g = net.gradients(x, t)
    cases = [
        Case(fresh(net.h[0], g.deltas[1])),
        Case(fresh(np.array([0.2, 0.4, 0.6, 0.8]), np.array([0.5, -1.0]))),
        Case(fresh(random.uniform(0, 1, 3), random.normal(0, 0.2, 4)), hidden=True),
    ]

    def reference(h, delta):
        return np.outer(h, delta)

    wrongs = [
        (lambda h, delta: np.outer(delta, h),
         "transposed: ∂L/∂u has u's shape (n_h, n_out), so it is h^T δ = np.outer(h, delta)"),
        (lambda h, delta: -np.outer(h, delta),
         "the sign is flipped: ∂L/∂u = +h^T δ (the minus belongs to the update)"),
    ]
    return grade("output_weight_gradient", fn, cases, reference, params=("h", "delta"),
                 todo="return ∂L/∂u, a matrix shaped like u: (n_h, n_out)",
                 wrongs=wrongs)
