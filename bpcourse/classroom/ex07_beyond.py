r"""Exercises of notebook 07, beyond sigmoid and L2: the derivatives of leaky ReLU and tanh,
the gradient of softmax with cross-entropy, and every gradient of a ReLU-softmax network on a
batch.

How a check grades and what it returns: :mod:`bpcourse.classroom.grader`.
"""

import numpy as np

from .. import examples
from ..activations import relu, sigmoid, sigmoid_prime, softmax
from ..datasets import spiral
from ..network import Network
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
        (lambda a: (1.0 - np.tanh(a)) ** 2, "(1 − tanh a)² is not tanh′: square tanh(a) first, "
                                            "then subtract it from 1"),
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


def _softmax_network_gradients(x, t, w, b1, u, b2, output=softmax, output_gain=False,
                               hidden_gain=lambda a, h: (a > 0).astype(float), mean=True,
                               axis=0):
    r"""The gradients ``(dw, db1, du, db2)`` of the mean cross-entropy of a network with ReLU
    hidden units and a softmax output over the batch ``x, t`` (one example per row); its keywords
    make the known wrong variants."""
    a1 = x @ w + b1
    h = relu(a1)
    y = output(h @ u + b2)
    delta2 = (y - t) * y * (1 - y) if output_gain else y - t
    delta1 = (delta2 @ u.T) * hidden_gain(a1, h)
    m = len(x) if mean else 1
    return (x.T @ delta1 / m, delta1.sum(axis=axis) / m, h.T @ delta2 / m,
            delta2.sum(axis=axis) / m)


def check_softmax_network_gradients(fn):
    r"""``fn(x, t, w, b1, u, b2)`` → ``(dw, db1, du, db2)``: the gradients of the mean
    cross-entropy :math:`L = -\frac1m \sum_n \sum_k t_{nk} \log y_{nk}` over a batch, for
    :math:`h = \mathrm{ReLU}(x w + b^{(1)})` and :math:`y = \mathrm{softmax}(h u + b^{(2)})`,
    the same as ``net.gradients(x, t)`` of
    ``Network(..., activation="relu", output="softmax", loss="cross_entropy")``:
    :math:`\delta^{(2)} = y - t`,
    :math:`\delta^{(1)} = (\delta^{(2)} u^\top) \odot [a^{(1)} > 0]`, and the gradients are
    the batch means of :math:`h^{(l-1)\top} \delta^{(l)}` and :math:`\delta^{(l)}`."""
    random = rng()
    x, t = spiral(n_per_class=100, classes=3, seed=0)
    start = Network([2, 3, 3], activation="relu", output="softmax", loss="cross_entropy", seed=0)
    m, n_h = int(random.integers(3, 9)), int(random.integers(3, 7))
    tr = np.eye(3)[random.integers(3, size=m)]
    random_net = Network([2, n_h, 3], activation="relu", output="softmax", loss="cross_entropy",
                         seed=int(random.integers(1_000_000)))
    cases = [
        Case(fresh(x[40::70], t[40::70], *start.parameters())),
        Case(fresh(np.array([[0.5, 1.0], [-1.0, 0.3]]), np.array([[0.0, 1.0], [1.0, 0.0]]),
                   examples.W, examples.B1, examples.U, examples.B2)),
        Case(fresh(random.normal(0, 1, (m, 2)), tr, random_net.weights[0],
                   random.normal(0, 0.3, n_h), random_net.weights[1], random.normal(0, 0.3, 3)),
             hidden=True),
    ]

    def sigmoid_gain(a, h):
        return sigmoid_prime(a)

    wrongs = [
        (lambda *a: _softmax_network_gradients(*a, hidden_gain=lambda a, h: 1.0),
         "δ⁽¹⁾ is missing ReLU′(a⁽¹⁾): a hidden unit with a⁽¹⁾ ≤ 0 passes no gradient back"),
        (lambda *a: _softmax_network_gradients(*a, output_gain=True),
         "softmax with cross-entropy: the Jacobian and −t/y cancel to δ⁽²⁾ = y − t, with no "
         "gain factor left"),
        (lambda *a: _softmax_network_gradients(*a, mean=False),
         "the loss is the mean over the batch: divide the sums over the examples by m"),
        (lambda *a: _softmax_network_gradients(*a, output=sigmoid),
         "the output is a softmax over the classes, not a sigmoid per unit"),
        (lambda *a: _softmax_network_gradients(*a, hidden_gain=sigmoid_gain),
         "the hidden units are ReLU, not sigmoid: their gain is ReLU′(a⁽¹⁾)"),
        (lambda *a: tuple(-g for g in _softmax_network_gradients(*a)), "the sign is flipped"),
        (lambda *a: _softmax_network_gradients(*a, axis=1),
         "the bias gradients sum over the wrong axis: average over the examples"),
    ]
    hints = [(has_nan, "exp overflows for large pre-activations: subtract each row's max "
                       "before the softmax")]
    return grade("softmax_network_gradients", fn, cases, _softmax_network_gradients,
                 params=("x", "t", "w", "b1", "u", "b2"), parts=("dw", "db1", "du", "db2"),
                 todo="return (dw, db1, du, db2), the gradients of the batch's mean "
                      "cross-entropy",
                 wrongs=wrongs, hints=hints, forbid=((Network, "gradients"),))
