r"""Exercises of notebook 07, beyond sigmoid and L2: the derivatives of leaky ReLU and tanh,
and the gradient of softmax with cross-entropy.

How a check grades and what it returns: :mod:`bpcourse.classroom.grader`.
"""

import numpy as np

from ..activations import sigmoid, sigmoid_prime, softmax
from .grader import Case, fresh, grade, has_nan, rng


def check_leaky_relu_derivative(fn):
    r"""``fn(a, alpha=0.01)`` → :math:`f'(a) = 1` where :math:`a > 0`, else :math:`\alpha`."""
    random = rng()
    ar = random.uniform(0.05, 3, 6) * random.choice([-1.0, 1.0], 6)
    cases = [
        Case(fresh(np.array([-2.0, -0.5, 0.5, 3.0]))),
        Case(fresh(np.array([-1.0, 1.0, -3.0]), 0.2)),
        Case(fresh(ar, float(random.uniform(0.05, 0.5))), hidden=True),
    ]

    def reference(a, alpha=0.01):
        return np.where(a > 0, 1.0, alpha)

    wrongs = [
        (lambda a, alpha=0.01: np.where(a > 0, a, alpha * a),
         "that is leaky ReLU itself; its derivative is 1 for a > 0 and α otherwise"),
        (lambda a, alpha=0.01: np.where(a > 0, 1.0, 0.01),
         "use the alpha argument instead of a fixed 0.01"),
        (lambda a, alpha=0.01: np.where(a > 0, 1.0, 0.0),
         "that is ReLU′: leaky ReLU has slope α, not 0, for a ≤ 0"),
        (lambda a, alpha=0.01: np.where(a > 0, alpha, 1.0),
         "swapped: the slope is 1 for a > 0 and α for a ≤ 0"),
    ]
    return grade("leaky_relu_derivative", fn, cases, reference, params=("a", "alpha"),
                 todo="return the derivative of leaky ReLU at each element of a", wrongs=wrongs)


def check_tanh_derivative(fn):
    r"""``fn(a)`` → :math:`\tanh'(a) = 1 - \tanh^2(a)`."""
    random = rng()
    cases = [
        Case(fresh(np.array([0.0, 0.5, -1.0, 2.0]))),
        Case(fresh(np.array([[1.5, -0.25], [3.0, -2.5]]))),
        Case(fresh(random.uniform(-3, 3, 5)), hidden=True),
    ]

    def reference(a):
        return 1.0 - np.tanh(a) ** 2

    wrongs = [
        (lambda a: 1.0 - a**2, "square tanh(a), not a: tanh′(a) = 1 − tanh²(a)"),
        (lambda a: np.tanh(a), "that is tanh itself; its derivative is 1 − tanh²(a)"),
        (lambda a: 1.0 - np.tanh(a), "square the tanh: 1 − tanh²(a)"),
        (lambda a: sigmoid_prime(a), "that is σ′; tanh′(a) = 1 − tanh²(a)"),
        (lambda a: np.tanh(a) ** 2 - 1.0, "the sign is flipped: 1 − tanh²(a)"),
    ]
    return grade("tanh_derivative", fn, cases, reference, params=("a",),
                 todo="return tanh′(a) at each element of a", wrongs=wrongs)


def check_softmax_cross_entropy_gradient(fn):
    r"""``fn(a, t)`` → :math:`\partial L/\partial a = \mathrm{softmax}(a) - t` for
    :math:`L = -\sum_k t_k \log \mathrm{softmax}(a)_k`."""
    random = rng()
    tr = np.zeros(5)
    tr[random.integers(5)] = 1.0
    cases = [
        Case(fresh(np.array([1.0, 2.0, 3.0]), np.array([0.0, 0.0, 1.0]))),
        Case(fresh(np.array([2.0, -1.0, 0.5, 0.0]), np.array([1.0, 0.0, 0.0, 0.0]))),
        Case(fresh(np.array([1000.0, 1001.0, 1002.0]), np.array([0.0, 1.0, 0.0]))),
        Case(fresh(random.normal(0, 2, 5), tr), hidden=True),
    ]

    def reference(a, t):
        return softmax(a) - t

    wrongs = [
        (lambda a, t: t - softmax(a), "the sign is flipped: softmax(a) − t"),
        (lambda a, t: softmax(a), "subtract the target: softmax(a) − t"),
        (lambda a, t: a - t, "apply softmax to a first: softmax(a) − t"),
        (lambda a, t: sigmoid(a) - t, "softmax, not sigmoid: exp(a) / Σ exp(a)"),
    ]
    hints = [(has_nan, "exp overflows for large a: subtract max(a) first, "
                       "softmax(a) = exp(a − max a) / Σ exp(a − max a)")]
    return grade("softmax_cross_entropy_gradient", fn, cases, reference, params=("a", "t"),
                 todo="return ∂L/∂a for softmax followed by cross-entropy", wrongs=wrongs,
                 hints=hints)
