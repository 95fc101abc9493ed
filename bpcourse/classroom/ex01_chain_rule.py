r"""Exercises of notebook 01, the chain rule: a centred difference, and the chain rule through
one sigmoid neuron.

How a check grades and what it returns: :mod:`bpcourse.classroom.grader`.
"""

import numpy as np

from ..activations import sigmoid, sigmoid_prime
from .grader import Case, fresh, grade, rng


def check_centred_difference(fn):
    r"""``fn(f, x, h=1e-5)`` → :math:`\frac{f(x + h) - f(x - h)}{2h}`, a float."""
    random = rng()
    c = random.uniform(-2, 2, 4)
    x0 = float(random.uniform(-2, 2))

    def poly(x):
        return c[0] + c[1] * x + c[2] * x**2 + c[3] * x**3

    cases = [
        Case(fresh(lambda x: x**2, 3.0), shown={"f": "x ↦ x²"}),
        Case(fresh(np.sin, 0.5), shown={"f": "sin"}),
        Case(fresh(lambda x: x**3, 2.0, 0.1), shown={"f": "x ↦ x³"}),
        Case(fresh(poly, x0, 1e-3), hidden=True, shown={"f": "a random cubic"}),
    ]

    def reference(f, x, h=1e-5):
        return (f(x + h) - f(x - h)) / (2 * h)

    wrongs = [
        (lambda f, x, h=1e-5: (f(x + h) - f(x)) / h,
         "that is the forward difference (f(x + h) − f(x)) / h; the centred one steps both ways"),
        (lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / h,
         "divide by 2h: the two points x − h and x + h are 2h apart"),
        (lambda f, x, h=1e-5: (f(x - h) - f(x + h)) / (2 * h),
         "the sign is flipped: subtract f(x − h) from f(x + h)"),
        (lambda f, x, h=1e-5: (f(x + 1e-5) - f(x - 1e-5)) / 2e-5,
         "use the step h you are given instead of a fixed 1e-5"),
    ]
    return grade("centred_difference", fn, cases, reference, params=("f", "x", "h"),
                 todo="return the centred difference of f at x with step h", wrongs=wrongs)


def check_neuron_chain_rule(fn):
    r"""``fn(x, w, b, t)`` → :math:`\partial L/\partial w = (y - t)\,\sigma'(a)\,x` for
    :math:`a = w x + b`, :math:`y = \sigma(a)`, :math:`L = \tfrac12 (y - t)^2` (scalars)."""
    random = rng()
    hidden = tuple(float(v) for v in random.uniform(-2, 2, 3)) + (float(random.uniform(0, 1)),)
    cases = [
        Case(fresh(1.5, 0.8, -0.2, 1.0)),
        Case(fresh(-2.0, 0.5, 0.3, 0.0)),
        Case(fresh(*hidden), hidden=True),
    ]

    def reference(x, w, b, t):
        a = w * x + b
        y = sigmoid(a)
        return (y - t) * sigmoid_prime(a) * x

    def y_of(x, w, b):
        return sigmoid(w * x + b)

    wrongs = [
        (lambda x, w, b, t: (y_of(x, w, b) - t) * x,
         "missing the σ′(a) = y(1 − y) factor: dL/dw = (y − t) · σ′(a) · x"),
        (lambda x, w, b, t: (y_of(x, w, b) - t) * sigmoid_prime(w * x + b),
         "missing the last factor ∂a/∂w = x; that is dL/db"),
        (lambda x, w, b, t: (t - y_of(x, w, b)) * sigmoid_prime(w * x + b) * x,
         "the sign is flipped: dL/dy = y − t, not t − y"),
        (lambda x, w, b, t: (y_of(x, w, b) - t) * sigmoid_prime(w * x + b) * w,
         "∂a/∂w is x, not w"),
        (lambda x, w, b, t: (y_of(x, w, b) - t) * sigmoid_prime(y_of(x, w, b)) * x,
         "σ′ takes a, not y: σ′(a) = σ(a)(1 − σ(a)) = y(1 − y)"),
    ]
    return grade("neuron_chain_rule", fn, cases, reference, params=("x", "w", "b", "t"),
                 todo="return dL/dw for a = w x + b, y = σ(a), L = ½(y − t)²",
                 wrongs=wrongs)
