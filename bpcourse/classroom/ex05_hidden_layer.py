r"""Exercises of notebook 05, the hidden layer's delta: :math:`\delta^{(1)}`, and counting the
multiplications that backpropagation saves.

How a check grades and what it returns: :mod:`bpcourse.classroom.grader`.
"""

import numpy as np

from .. import examples
from ..activations import sigmoid_prime
from .grader import Case, fresh, grade, rng


def check_hidden_delta(fn):
    r"""``fn(delta2, u, h)`` → :math:`\delta^{(1)} = (\delta^{(2)} u^\top) \odot h(1 - h)`."""
    random = rng()
    net, x, t = examples.network_2_3_2()
    g = net.gradients(x, t)
    cases = [
        Case(fresh(g.deltas[1], examples.U, net.h[0])),
        Case(fresh(np.array([0.1, -0.2, 0.05]), np.array([[0.3, -0.6, 0.2], [0.5, 0.1, -0.4]]),
                   np.array([0.7, 0.25]))),
        Case(fresh(random.normal(0, 0.2, 2), random.normal(0, 1, (4, 2)),
                   random.uniform(0.05, 0.95, 4)), hidden=True),
    ]

    def reference(delta2, u, h):
        return (delta2 @ u.T) * h * (1 - h)

    wrongs = [
        (lambda delta2, u, h: delta2 @ u.T, "missing the σ′ factor: multiply by h(1 − h)"),
        (lambda delta2, u, h: -(delta2 @ u.T) * h * (1 - h), "the sign is flipped"),
        (lambda delta2, u, h: (delta2 @ u.T) * sigmoid_prime(h),
         "h is already σ(a⁽¹⁾): σ′(a⁽¹⁾) = h(1 − h), not σ′(h)"),
        (lambda delta2, u, h: (delta2 @ u.T) * h,
         "σ′(a⁽¹⁾) is h(1 − h), not h"),
    ]
    return grade("hidden_delta", fn, cases, reference, params=("delta2", "u", "h"),
                 todo="return δ⁽¹⁾ = ∂L/∂a⁽¹⁾ from delta2, u and h", wrongs=wrongs)


def check_multiplication_count(fn):
    r"""``fn(n_in, n_h, n_out)`` → ``(naive, backprop)``: multiplications for all
    :math:`\partial L/\partial w` of an ``n_in``-``n_h``-``n_out`` sigmoid network, each chain
    rule product written out (naive :math:`= n_{in} n_h (3 n_{out} + 3)`) or sharing the deltas
    (backprop :math:`= 2 n_{out} + n_h n_{out} + 2 n_h + n_{in} n_h`); 2-3-2 gives (54, 22)."""
    random = rng()
    hidden = tuple(int(v) for v in random.integers(2, 50, 3))
    cases = [
        Case(fresh(2, 3, 2)),
        Case(fresh(1, 1, 1)),
        Case(fresh(784, 100, 10)),
        Case(fresh(*hidden), hidden=True),
    ]

    def reference(n_in, n_h, n_out):
        naive = n_in * n_h * (3 * n_out + 3)
        return naive, 2 * n_out + n_h * n_out + 2 * n_h + n_in * n_h

    wrongs = [
        (lambda n_in, n_h, n_out: reference(n_in, n_h, n_out)[::-1],
         "swapped: return (naive, backprop), the naive count first"),
        (lambda n_in, n_h, n_out: (n_in * n_h * 3 * n_out, reference(n_in, n_h, n_out)[1]),
         "naive: each of the n_in·n_h weights costs 3·n_out + 3 products, not 3·n_out"),
    ]
    return grade("multiplication_count", fn, cases, reference, params=("n_in", "n_h", "n_out"),
                 parts=("naive", "backprop"), exact=True,
                 todo="return (naive, backprop), the two counts of multiplications",
                 wrongs=wrongs)
