r"""Exercises of notebook 02, the single neuron: the backward pass of a ReLU neuron, and one
gradient step for a sigmoid neuron.

How a check grades and what it returns: :mod:`bpcourse.classroom.grader`.
"""

import numpy as np

from .. import examples
from ..activations import relu_prime, sigmoid
from .grader import Case, fresh, grade, rng


def check_relu_neuron_backward(fn):
    r"""``fn(x, w, b)`` → ``(dx, dw, db)`` for :math:`y = \max(0, x \cdot w + b)` and an incoming
    gradient of 1: :math:`dx = 1[a > 0]\,w`, :math:`dw = 1[a > 0]\,x`, :math:`db = 1[a > 0]`."""
    random = rng()
    xr, wr = random.uniform(-2, 2, 4), random.uniform(-2, 2, 4)
    a = float(xr @ wr)
    br = float(random.uniform(0.5, 1.5) * (1 if a >= 0 else -1))  # keeps a away from 0
    cases = [
        Case(fresh(examples.NEURON_X, examples.NEURON_W, examples.NEURON_B)),
        Case(fresh(np.array([1.0, 2.0, -1.0]), np.array([0.5, -1.0, 1.0]), 0.5)),
        Case(fresh(xr, wr, br), hidden=True),
    ]

    def reference(x, w, b):
        gate = float(relu_prime(x @ w + b))
        return gate * w, gate * x, gate

    wrongs = [
        (lambda x, w, b: (float(relu_prime(x @ w + b)) * x, float(relu_prime(x @ w + b)) * w,
                          float(relu_prime(x @ w + b))),
         "dx and dw are swapped: ∂(x_i w_i)/∂x_i = w_i and ∂(x_i w_i)/∂w_i = x_i"),
        (lambda x, w, b: (w, x, 1.0),
         "ReLU passes no gradient back when a = x·w + b ≤ 0: multiply by ReLU′(a) = 1[a > 0]"),
        (lambda x, w, b: (float(relu_prime(x @ w + b)) * w, float(relu_prime(x @ w + b)) * x,
                          0.0),
         "db is ReLU′(a) · ∂a/∂b = ReLU′(a) · 1, not 0"),
    ]
    return grade("relu_neuron_backward", fn, cases, reference, params=("x", "w", "b"),
                 parts=("dx", "dw", "db"),
                 todo="return (dx, dw, db) for y = max(0, x·w + b)",
                 wrongs=wrongs)


def check_sigmoid_neuron_update(fn):
    r"""``fn(x, w, b, t, eta)`` → ``(w_new, b_new)``, one gradient step for
    :math:`y = \sigma(x \cdot w + b)`, :math:`L = \tfrac12 (y - t)^2`:
    :math:`\delta = (y - t)\,y(1 - y)`, :math:`w \leftarrow w - \eta\,\delta\,x`,
    :math:`b \leftarrow b - \eta\,\delta`."""
    random = rng()
    hidden = (random.uniform(-2, 2, 3), random.uniform(-1, 1, 3), float(random.uniform(-1, 1)),
              float(random.uniform(0, 1)), float(random.uniform(0.1, 2)))
    cases = [
        Case(fresh(np.array([1.0, -2.0, 3.0]), np.array([0.2, -0.1, 0.4]), 0.1, 1.0, 0.5)),
        Case(fresh(np.array([0.5, 1.5]), np.array([-0.3, 0.8]), -0.2, 0.0, 1.0)),
        Case(fresh(*hidden), hidden=True),
    ]

    def delta(x, w, b, t):
        y = sigmoid(x @ w + b)
        return (y - t) * y * (1 - y)

    def reference(x, w, b, t, eta):
        d = delta(x, w, b, t)
        return w - eta * d * x, b - eta * d

    def no_prime(x, w, b, t, eta):
        d = sigmoid(x @ w + b) - t
        return w - eta * d * x, b - eta * d

    wrongs = [
        (lambda x, w, b, t, eta: (w + eta * delta(x, w, b, t) * x, b + eta * delta(x, w, b, t)),
         "the sign is flipped: gradient descent subtracts η · gradient"),
        (no_prime, "missing the σ′(a) = y(1 − y) factor in δ = (y − t) · y(1 − y)"),
        (lambda x, w, b, t, eta: (w - eta * delta(x, w, b, t) * x, b),
         "forgot the bias: b also moves, by −η · δ"),
        (lambda x, w, b, t, eta: (w - delta(x, w, b, t) * x, b - delta(x, w, b, t)),
         "multiply the gradient by the learning rate η"),
        (lambda x, w, b, t, eta: (eta * delta(x, w, b, t) * x, eta * delta(x, w, b, t)),
         "return the new parameters w − η·∂L/∂w and b − η·∂L/∂b, not the step"),
    ]
    return grade("sigmoid_neuron_update", fn, cases, reference,
                 params=("x", "w", "b", "t", "eta"), parts=("w_new", "b_new"),
                 todo="return (w_new, b_new) after one gradient step with learning rate eta",
                 wrongs=wrongs)
