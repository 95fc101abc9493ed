r"""Exercises of notebook 08, beyond what the course derived: the backward passes of the Huber
loss, of a maximum (max-pooling) and of layer normalisation, and every gradient of a
ReLU-softmax network on a batch.

How a check grades and what it returns: :mod:`bpcourse.classroom.grader`.
"""

import numpy as np

from .. import examples
from ..activations import relu, sigmoid, sigmoid_prime, softmax
from ..datasets import spiral
from ..language import tr
from ..network import Network
from .grader import Case, fresh, grade, has_nan, rng


def _huber_gradient(y, t, delta, inside=True, outside="sign"):
    r"""``∂L/∂y`` of :math:`L = \sum_k H_\delta(y_k - t_k)`; its keywords make wrong variants."""
    r = np.asarray(y, dtype=float) - np.asarray(t, dtype=float)
    small = r if inside else np.sign(r)
    large = {"sign": delta * np.sign(r), "plain": np.full_like(r, delta), "r": r,
             "scaled": delta * r}[outside]
    return np.where(np.abs(r) <= delta, small, large)


def check_huber_gradient(fn):
    r"""``fn(y, t, delta)`` → :math:`\partial L/\partial y` for the Huber loss
    :math:`L = \sum_k H_\delta(y_k - t_k)`, :math:`H_\delta(r) = \tfrac12 r^2` for
    :math:`|r| \le \delta` and :math:`\delta(|r| - \tfrac12\delta)` beyond:
    :math:`r` inside, :math:`\delta\,\mathrm{sign}(r)` outside."""
    random = rng()
    cases = [
        Case(fresh(np.array([0.2, 2.5, -1.0, 0.9]), np.array([0.0, 0.0, 0.5, 1.0]), 1.0)),
        Case(fresh(np.array([[1.0, -0.2], [0.1, 3.0]]), np.array([[0.0, 0.0], [1.0, 0.5]]),
                   0.5)),
        Case(fresh(random.normal(0, 2, 6), random.normal(0, 1, 6),
                   float(random.uniform(0.3, 2.0))), hidden=True),
    ]
    wrongs = [
        (lambda y, t, d: _huber_gradient(y, t, d, outside="r"),
         tr("that is the L2 loss's slope everywhere: beyond |r| = δ the Huber loss grows in a "
            "straight line, so its slope there is a constant")),
        (lambda y, t, d: _huber_gradient(y, t, d, inside=False),
         tr("inside |r| ≤ δ the loss is ½r², whose slope is r, not ±1")),
        (lambda y, t, d: _huber_gradient(y, t, d, outside="plain"),
         tr("a residual below −δ has a negative slope: mind the sign of r outside")),
        (lambda y, t, d: _huber_gradient(y, t, d, outside="scaled"),
         tr("δ(|r| − ½δ) grows by δ per unit of |r|: its slope does not depend on r")),
        (lambda y, t, d: -_huber_gradient(y, t, d), tr("the sign is flipped: r = y − t")),
    ]
    return grade("huber_gradient", fn, cases, _huber_gradient, params=("y", "t", "delta"),
                 todo=tr("return ∂L/∂y of the Huber loss, elementwise"), wrongs=wrongs)


def _max_backward(x, g, to="max", spread=False, upstream=True):
    r"""``∂L/∂x`` for :math:`m_b = \max_j x_{bj}` given :math:`g = \partial L/\partial m`;
    its keywords make the known wrong variants."""
    x, g = np.asarray(x, dtype=float), np.asarray(g, dtype=float)
    gb = g[:, None] if upstream else np.ones_like(g)[:, None]
    if spread:
        return np.broadcast_to(gb, x.shape) / (x.shape[1] if spread == "mean" else 1)
    winner = (x.argmax if to == "max" else x.argmin)(axis=1)
    dx = np.zeros_like(x)
    dx[np.arange(len(x)), winner] = gb[:, 0]
    return dx


def check_max_backward(fn):
    r"""``fn(x, g)`` → :math:`\partial L/\partial x` for the row maxima
    :math:`m_b = \max_j x_{bj}` (max-pooling over each row), given
    :math:`g_b = \partial L/\partial m_b`: :math:`g_b` at the largest entry of row :math:`b`, 0
    elsewhere."""
    random = rng()
    b, n = (int(k) for k in random.integers(2, 6, 2))
    cases = [
        Case(fresh(np.array([[0.5, 2.0, -1.0], [3.0, 0.1, 0.2]]), np.array([1.0, -0.5]))),
        Case(fresh(np.array([[-2.0, -0.5, -1.5, -3.0]]), np.array([2.0]))),
        Case(fresh(random.normal(0, 1, (b, n)), random.normal(0, 1, b)), hidden=True),
    ]
    wrongs = [
        (lambda x, g: _max_backward(x, g, spread=True),
         tr("every entry got g: but only the largest entry of a row moves its maximum; the others "
            "could change a little without changing m at all")),
        (lambda x, g: _max_backward(x, g, spread="mean"),
         tr("that spreads g evenly: it is the backward pass of the mean, not of the max")),
        (lambda x, g: _max_backward(x, g, to="min"),
         tr("the gradient goes to the largest entry of each row, not the smallest")),
        (lambda x, g: _max_backward(x, g, upstream=False),
         tr("multiply by the upstream gradient g of each row: ∂L/∂x = ∂L/∂m · ∂m/∂x")),
        (lambda x, g: -_max_backward(x, g), tr("the sign is flipped")),
    ]
    return grade("max_backward", fn, cases, _max_backward, params=("x", "g"),
                 todo=tr("return ∂L/∂x for the maximum of each row, given g = ∂L/∂m"),
                 wrongs=wrongs)


EPS = 1e-5
r"""The :math:`\epsilon` of layer normalisation."""


def _layer_norm_backward(x, G, through_mean=True, through_sigma=True, divide=True):
    r"""``∂L/∂x`` for :math:`y = (x - \mu)/\sigma` over each row, given ``G`` = ∂L/∂y:
    :math:`\frac1\sigma\,(G - \overline{G} - y\,\overline{G \odot y})`; its keywords make the
    known wrong variants (a path left out)."""
    x, G = np.asarray(x, dtype=float), np.asarray(G, dtype=float)
    mu = x.mean(axis=-1, keepdims=True)
    sigma = np.sqrt(((x - mu) ** 2).mean(axis=-1, keepdims=True) + EPS)
    y = (x - mu) / sigma
    d = G.copy()
    if through_mean:
        d = d - G.mean(axis=-1, keepdims=True)
    if through_sigma:
        d = d - y * (G * y).mean(axis=-1, keepdims=True)
    return d / sigma if divide else d * sigma


def check_layer_norm_backward(fn):
    r"""``fn(x, G)`` → :math:`\partial L/\partial x` for layer normalisation of each row,
    :math:`y = (x - \mu)/\sigma` with :math:`\mu` the row's mean and
    :math:`\sigma = \sqrt{\overline{(x - \mu)^2} + \epsilon}`, :math:`\epsilon = 10^{-5}`,
    given :math:`G = \partial L/\partial y`:
    :math:`\frac1\sigma\,(G - \overline{G} - y\,\overline{G \odot y})`, means over the row."""
    random = rng()
    b, n = int(random.integers(2, 5)), int(random.integers(3, 7))
    cases = [
        Case(fresh(np.array([[1.0, 2.0, 4.0]]), np.array([[0.5, -1.0, 0.25]]))),
        Case(fresh(np.array([[0.5, -1.0, 2.0, 0.0], [3.0, 1.0, -2.0, 0.5]]),
                   np.array([[1.0, 0.0, 0.0, 0.0], [0.2, -0.3, 0.5, 0.1]]))),
        Case(fresh(random.normal(0, 2, (b, n)), random.normal(0, 1, (b, n))), hidden=True),
    ]
    wrongs = [
        (lambda x, G: _layer_norm_backward(x, G, through_mean=False, through_sigma=False),
         tr("that treats μ and σ as constants: both depend on every x_j of the row, so two more "
            "paths lead from x_j to L")),
        (lambda x, G: _layer_norm_backward(x, G, through_sigma=False),
         tr("the path through μ is there, the one through σ is missing: σ depends on x_j too")),
        (lambda x, G: _layer_norm_backward(x, G, through_mean=False),
         tr("the path through σ is there, the one through μ is missing: every x_j moves the mean")),
        (lambda x, G: _layer_norm_backward(x, G, divide=False), tr("y = (x − μ)/σ: divide by σ")),
        (lambda x, G: -_layer_norm_backward(x, G), tr("the sign is flipped")),
    ]
    return grade("layer_norm_backward", fn, cases, _layer_norm_backward, params=("x", "G"),
                 todo=tr("return ∂L/∂x for layer normalisation of each row, given G = ∂L/∂y"),
                 wrongs=wrongs)


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
    t_r = np.eye(3)[random.integers(3, size=m)]
    random_net = Network([2, n_h, 3], activation="relu", output="softmax", loss="cross_entropy",
                         seed=int(random.integers(1_000_000)))
    cases = [
        Case(fresh(x[40::70], t[40::70], *start.parameters())),
        Case(fresh(np.array([[0.5, 1.0], [-1.0, 0.3]]), np.array([[0.0, 1.0], [1.0, 0.0]]),
                   examples.W, examples.B1, examples.U, examples.B2)),
        Case(fresh(random.normal(0, 1, (m, 2)), t_r, random_net.weights[0],
                   random.normal(0, 0.3, n_h), random_net.weights[1], random.normal(0, 0.3, 3)),
             hidden=True),
    ]

    def sigmoid_gain(a, h):
        return sigmoid_prime(a)

    wrongs = [
        (lambda *a: _softmax_network_gradients(*a, hidden_gain=lambda a, h: 1.0),
         tr("δ⁽¹⁾ is missing ReLU′(a⁽¹⁾): a hidden unit with a⁽¹⁾ ≤ 0 passes no gradient back")),
        (lambda *a: _softmax_network_gradients(*a, output_gain=True),
         tr("softmax with cross-entropy: the Jacobian and −t/y cancel to δ⁽²⁾ = y − t, with no "
            "gain factor left")),
        (lambda *a: _softmax_network_gradients(*a, mean=False),
         tr("the loss is the mean over the batch: divide the sums over the examples by m")),
        (lambda *a: _softmax_network_gradients(*a, output=sigmoid),
         tr("the output is a softmax over the classes, not a sigmoid per unit")),
        (lambda *a: _softmax_network_gradients(*a, hidden_gain=sigmoid_gain),
         tr("the hidden units are ReLU, not sigmoid: their gain is ReLU′(a⁽¹⁾)")),
        (lambda *a: tuple(-g for g in _softmax_network_gradients(*a)), tr("the sign is flipped")),
        (lambda *a: _softmax_network_gradients(*a, axis=1),
         tr("the bias gradients sum over the wrong axis: average over the examples")),
    ]
    hints = [(has_nan, tr("exp overflows for large pre-activations: subtract each row's max "
                          "before the softmax"))]
    return grade("softmax_network_gradients", fn, cases, _softmax_network_gradients,
                 params=("x", "t", "w", "b1", "u", "b2"), parts=("dw", "db1", "du", "db2"),
                 todo=tr("return (dw, db1, du, db2), the gradients of the batch's mean "
                         "cross-entropy"),
                 wrongs=wrongs, hints=hints, forbid=((Network, "gradients"),))
