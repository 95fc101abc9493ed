r"""Exercises of notebook 02, the single neuron: the backward pass of a squared-ReLU neuron, and
one gradient step for a sigmoid neuron.

How a check grades and what it returns: :mod:`bpcourse.classroom.grader`.
"""

import numpy as np

from .. import examples
from ..activations import sigmoid
from ..language import tr
from .grader import Case, fresh, grade, rng


def check_squared_relu_neuron_backward(fn):
    r"""``fn(x, w, b)`` → ``(dx, dw, db)`` for the squared ReLU :math:`y = \max(0, a)^2`,
    :math:`a = x \cdot w + b`, and an incoming gradient of 1. Its gain is
    :math:`dy/da = 2 \max(0, a)`, so :math:`dx = 2 \max(0, a)\,w`,
    :math:`dw = 2 \max(0, a)\,x`, :math:`db = 2 \max(0, a)`."""
    random = rng()
    xr, wr = random.uniform(-2, 2, 4), random.uniform(-2, 2, 4)
    a = float(xr @ wr)
    br = float(random.uniform(0.5, 1.5) * (1 if a >= 0 else -1))  # keeps a away from 0
    cases = [
        Case(fresh(examples.NEURON_X, examples.NEURON_W, examples.NEURON_B)),
        Case(fresh(np.array([1.0, 2.0, -1.0]), np.array([0.5, -1.0, 1.0]), 0.5)),  # a = −2
        Case(fresh(np.array([0.5, -1.0]), np.array([2.0, 0.5]), 0.25)),  # a = 0.75
        Case(fresh(xr, wr, br), hidden=True),
    ]

    def gain(x, w, b):
        return 2 * max(0.0, float(x @ w + b))

    def reference(x, w, b):
        g = gain(x, w, b)
        return g * w, g * x, g

    def with_gain(g):  # the backward pass with the gain g(a) in place of the right one
        def answer(x, w, b):
            k = g(float(x @ w + b))
            return k * w, k * x, k
        return answer

    wrongs = [
        (with_gain(lambda a: float(a > 0)),
         tr("that is ReLU's gain 1[a > 0]; here the ReLU's output is squared, so its gain is the "
            "derivative of max(0, a)², by the chain rule")),
        (with_gain(lambda a: max(0.0, a)),
         tr("half the expected values: the derivative of r² is 2r, not r")),
        (with_gain(lambda a: 2 * a),
         tr("for a = x·w + b ≤ 0 the output is 0 whatever the parameters, so no gradient flows "
            "back: the gain is 0 there")),
        (with_gain(lambda a: max(0.0, a) ** 2),
         tr("that multiplies by y = max(0, a)², the output itself, not by its derivative dy/da")),
        (lambda x, w, b: (gain(x, w, b) * x, gain(x, w, b) * w, gain(x, w, b)),
         tr("dx and dw are swapped: ∂(x_i w_i)/∂x_i = w_i and ∂(x_i w_i)/∂w_i = x_i")),
        (lambda x, w, b: (gain(x, w, b) * w, gain(x, w, b) * x, 0.0),
         tr("db is the gain times ∂a/∂b = 1, not 0")),
        (lambda x, w, b: (gain(x, w, b) * w, gain(x, w, b) * x, 1.0),
         tr("db is the gain times ∂a/∂b = 1, not 1 alone: the gradient reaches b through the "
            "square and the max")),
    ]
    return grade("squared_relu_neuron_backward", fn, cases, reference, params=("x", "w", "b"),
                 parts=("dx", "dw", "db"),
                 todo=tr("return (dx, dw, db) for y = max(0, x·w + b)² and an incoming gradient 1"),
                 wrongs=wrongs)


def check_sigmoid_neuron_update(fn):
    r"""``fn(x, w, b, t, eta, lam)`` → ``(w_new, b_new)``, one gradient step for
    :math:`y = \sigma(x \cdot w + b)` on the loss with weight decay
    :math:`L = \tfrac12 (y - t)^2 + \tfrac\lambda2 \lVert w \rVert^2` (the bias is not decayed):
    :math:`\delta = (y - t)\,y(1 - y)`, :math:`w \leftarrow w - \eta\,(\delta\,x + \lambda w)`,
    :math:`b \leftarrow b - \eta\,\delta`."""
    random = rng()
    hidden = (random.uniform(-2, 2, 3), random.uniform(-1, 1, 3), float(random.uniform(-1, 1)),
              float(random.uniform(0, 1)), float(random.uniform(0.1, 2)),
              float(random.uniform(0.01, 0.5)))
    cases = [
        Case(fresh(np.array([1.0, -2.0, 3.0]), np.array([0.2, -0.1, 0.4]), 0.1, 1.0, 0.5, 0.1)),
        Case(fresh(np.array([0.5, 1.5]), np.array([-0.3, 0.8]), -0.2, 0.0, 1.0, 0.01)),
        Case(fresh(*hidden), hidden=True),
    ]

    def delta(x, w, b, t):
        y = sigmoid(x @ w + b)
        return (y - t) * y * (1 - y)

    def step(x, w, b, t, eta, lam, decay=1.0, bias_decay=0.0, prime=True, rate=None):
        d = delta(x, w, b, t) if prime else sigmoid(x @ w + b) - t
        rate = eta if rate is None else rate
        return w - rate * (d * x + decay * lam * w), b - rate * (d + bias_decay * lam * b)

    def reference(x, w, b, t, eta, lam):
        return step(x, w, b, t, eta, lam)

    wrongs = [
        (lambda *a: step(*a, decay=0.0),
         tr("no weight decay: the term λ/2 ‖w‖² adds its own gradient to ∂L/∂w")),
        (lambda *a: step(*a, bias_decay=1.0),
         tr("the bias is not decayed: λ/2 ‖w‖² holds the weights only, so ∂L/∂b = δ")),
        (lambda *a: step(*a, decay=0.5),
         tr("the derivative of λ/2 ‖w‖² = λ/2 Σ w_i² is λ w: the 2 of the square cancels the ½")),
        (lambda *a: step(*a, decay=2.0),
         tr("the derivative of λ/2 ‖w‖² is λ w, not 2λ w: the ½ cancels the square's 2")),
        (lambda *a: step(*a, decay=-1.0),
         tr("the decay pulls the weights towards 0: ∂L/∂w = δx + λw, and the step subtracts it")),
        (lambda x, w, b, t, eta, lam: tuple(2 * p - q for p, q in
                                           zip((w, b), step(x, w, b, t, eta, lam))),
         tr("the sign is flipped: gradient descent subtracts η · gradient")),
        (lambda x, w, b, t, eta, lam: (step(x, w, b, t, eta, lam)[0], b),
         tr("forgot the bias: b also moves, by −η · δ")),
        (lambda *a: step(*a, prime=False),
         tr("missing the σ′(a) = y(1 − y) factor in δ = ∂L/∂a")),
        (lambda x, w, b, t, eta, lam: step(x, w, b, t, eta, lam, rate=1.0),
         tr("multiply the gradient by the learning rate η")),
        (lambda x, w, b, t, eta, lam: tuple(p - q for p, q in
                                           zip((w, b), step(x, w, b, t, eta, lam))),
         tr("return the new parameters w − η·∂L/∂w and b − η·∂L/∂b, not the step")),
    ]
    return grade("sigmoid_neuron_update", fn, cases, reference,
                 params=("x", "w", "b", "t", "eta", "lam"), parts=("w_new", "b_new"),
                 todo=tr("return (w_new, b_new) after one gradient step on the decayed loss"),
                 wrongs=wrongs)
