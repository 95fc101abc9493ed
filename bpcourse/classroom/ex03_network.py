r"""Exercises of notebook 03, the 2-3-2 network: its forward pass and its L2 loss.

How a check grades and what it returns: :mod:`bpcourse.classroom.grader`.
"""

import numpy as np

from .. import examples
from ..activations import sigmoid
from .grader import Case, fresh, grade, rng


def check_forward_2_3_2(fn):
    r"""``fn(x, w, b1, u, b2)`` → :math:`y = \sigma(\sigma(x w + b^{(1)})\,u + b^{(2)})`."""
    random = rng()
    hidden = (random.uniform(-1, 1, 2), random.normal(0, 1, (2, 3)), random.normal(0, 0.5, 3),
              random.normal(0, 1, (3, 2)), random.normal(0, 0.5, 2))
    cases = [
        Case(fresh(examples.X, examples.W, examples.B1, examples.U, examples.B2)),
        Case(fresh(np.array([-1.0, 2.0]), examples.W, np.array([0.0, 0.5, -0.5]), examples.U,
                   np.array([-0.1, 0.3]))),
        Case(fresh(*hidden), hidden=True),
    ]

    def reference(x, w, b1, u, b2):
        return sigmoid(sigmoid(x @ w + b1) @ u + b2)

    wrongs = [
        (lambda x, w, b1, u, b2: sigmoid(sigmoid(x @ w) @ u + b2),
         "forgot the hidden bias: a⁽¹⁾ = x w + b⁽¹⁾"),
        (lambda x, w, b1, u, b2: sigmoid(sigmoid(x @ w + b1) @ u),
         "forgot the output bias: a⁽²⁾ = h u + b⁽²⁾"),
        (lambda x, w, b1, u, b2: sigmoid(x @ w + b1) @ u + b2,
         "the output needs its sigmoid too: y = σ(a⁽²⁾); you returned a⁽²⁾"),
        (lambda x, w, b1, u, b2: sigmoid((x @ w + b1) @ u + b2),
         "the hidden layer needs its sigmoid: h = σ(a⁽¹⁾) before multiplying by u"),
        (lambda x, w, b1, u, b2: sigmoid(x @ w + b1),
         "that is h, the hidden layer; go on through u and b⁽²⁾ to y"),
    ]
    return grade("forward_2_3_2", fn, cases, reference, params=("x", "w", "b1", "u", "b2"),
                 todo="return y, the output of the 2-3-2 network for the input x", wrongs=wrongs)


def check_l2_loss(fn):
    r"""``fn(y, t)`` → :math:`L = \tfrac12 \sum_k (y_k - t_k)^2`, a float."""
    random = rng()
    net, x, t = examples.network_2_3_2()
    cases = [
        Case(fresh(net.forward(x), t)),
        Case(fresh(np.array([0.2, 0.7, 0.1]), np.array([0.0, 1.0, 0.0]))),
        Case(fresh(random.uniform(0, 1, 4), random.uniform(0, 1, 4)), hidden=True),
    ]

    def reference(y, t):
        return 0.5 * np.sum((y - t) ** 2)

    wrongs = [
        (lambda y, t: np.sum((y - t) ** 2), "forgot the ½: L = ½ Σ (y_k − t_k)²"),
        (lambda y, t: np.mean((y - t) ** 2), "L sums over the outputs; you took the mean"),
        (lambda y, t: 0.5 * np.mean((y - t) ** 2), "L sums over the outputs; you took the mean"),
        (lambda y, t: np.sqrt(np.sum((y - t) ** 2)),
         "no square root: L is half the squared distance"),
        (lambda y, t: 0.5 * np.sum(y - t), "square each difference before summing"),
        (lambda y, t: 0.5 * (y - t) ** 2, "sum over the outputs k to get one number"),
    ]
    return grade("l2_loss", fn, cases, reference, params=("y", "t"),
                 todo="return the loss L = ½ Σ (y_k − t_k)² as one number", wrongs=wrongs)
