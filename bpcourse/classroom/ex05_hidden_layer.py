r"""Exercises of notebook 05, the hidden layer's delta: :math:`\delta^{(1)}` for tanh hidden
units.

How a check grades and what it returns: :mod:`bpcourse.classroom.grader`.
"""

import numpy as np

from .. import examples
from ..language import tr
from ..network import Network
from .grader import Case, fresh, grade, rng


def check_tanh_hidden_delta(fn):
    r"""``fn(delta2, u, h)`` → :math:`\delta^{(1)}` for tanh hidden units,
    :math:`h = \tanh(a^{(1)})`: :math:`\delta^{(1)} = (\delta^{(2)} u^\top) \odot (1 - h^2)`, since
    :math:`\tanh'(a) = 1 - \tanh^2(a)`."""
    random = rng()
    net = Network.from_weights([examples.W.copy(), examples.U.copy()],
                               [examples.B1.copy(), examples.B2.copy()],
                               activation="tanh", output="sigmoid")
    x = np.array([1.0, -1.5])  # hidden pre-activations of both signs, none at 0
    g = net.gradients(x, examples.T)
    cases = [
        Case(fresh(g.deltas[1], examples.U, net.h[0])),
        Case(fresh(np.array([0.1, -0.2, 0.05]), np.array([[0.3, -0.6, 0.2], [0.5, 0.1, -0.4]]),
                   np.array([0.7, -0.25]))),
        Case(fresh(random.normal(0, 0.2, 2), random.normal(0, 1, (4, 2)),
                   random.uniform(0.1, 0.9, 4) * random.choice([-1.0, 1.0], 4)), hidden=True),
    ]

    def reference(delta2, u, h):
        return (delta2 @ u.T) * (1 - h**2)

    wrongs = [
        (lambda delta2, u, h: (delta2 @ u.T) * h * (1 - h),
         tr("h(1 − h) is the sigmoid's gain; derive tanh′(a) and write it with h = tanh(a)")),
        (lambda delta2, u, h: (delta2 @ u.T) * (1 - np.tanh(h) ** 2),
         tr("h is already tanh(a⁽¹⁾): the gain is tanh′(a⁽¹⁾) written with h, not tanh′(h)")),
        (lambda delta2, u, h: delta2 @ u.T, tr("missing the gain tanh′(a⁽¹⁾) of each hidden unit")),
        (lambda delta2, u, h: (delta2 @ u.T) * (1 - h),
         tr("1 − h is not tanh′: tanh′ is even, the same at a and −a, so it depends on h²")),
        (lambda delta2, u, h: (delta2 @ u.T) * (1 - h) ** 2,
         tr("(1 − h)² is not tanh′: square h first, then subtract from 1")),
        (lambda delta2, u, h: -(delta2 @ u.T) * (1 - h**2), tr("the sign is flipped")),
    ]
    return grade("tanh_hidden_delta", fn, cases, reference, params=("delta2", "u", "h"),
                 todo=tr("return δ⁽¹⁾ = ∂L/∂a⁽¹⁾ for tanh hidden units, from delta2, u and h"),
                 wrongs=wrongs)
