r"""Exercises of notebook 06, batches and what a gradient costs: counting the multiplications
that backpropagation saves, and the backward pass of a softplus layer on a batch, with its
gradient check.

How a check grades and what it returns: :mod:`bpcourse.classroom.grader`.
"""

import numpy as np

from .. import examples
from ..activations import sigmoid
from ..language import tr
from .grader import Case, fresh, grade, rng


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
         tr("swapped: return (naive, backprop), the naive count first")),
        (lambda n_in, n_h, n_out: (n_in * n_h * 3 * n_out, reference(n_in, n_h, n_out)[1]),
         tr("naive: each of the n_in·n_h weights costs 3·n_out + 3 products, not 3·n_out")),
    ]
    return grade("multiplication_count", fn, cases, reference, params=("n_in", "n_h", "n_out"),
                 parts=("naive", "backprop"), exact=True,
                 todo=tr("return (naive, backprop), the two counts of multiplications"),
                 wrongs=wrongs)


def _softplus(a):
    r""":math:`\mathrm{softplus}(a) = \log(1 + e^a)`, without overflow for large :math:`a`."""
    return np.logaddexp(0.0, a)


def _layer_backward(X, W, b, G, gain=True, axis=0, scale=1.0, dx_from_g=False, ones=False,
                    sigmoid_gain=False, softplus_gain=False):
    r"""The backward pass of a softplus layer :math:`Y = \mathrm{softplus}(XW + b)` on a batch,
    given :math:`G = \partial\mathcal{L}/\partial Y`; its gain is
    :math:`\mathrm{softplus}'(A) = \sigma(A)`. The keywords make the known wrong variants."""
    A = X @ W + b
    Y = _softplus(A)
    G = np.ones_like(Y) if ones else G
    local = Y * (1 - Y) if sigmoid_gain else Y if softplus_gain else sigmoid(A)
    Delta = G * local if gain else G
    dX = (G if dx_from_g else Delta) @ W.T
    return scale * (X.T @ Delta), scale * Delta.sum(axis=axis), scale * dX


def _one_sided(X, W, b, G, h=1e-5):
    r"""``(dW, db, dX)`` by forward differences, :math:`(f(\theta + h) - f(\theta))/h`: the
    known wrong variant of the centred estimate, off by about :math:`h f''/2`."""
    X, W, b = X.copy(), W.copy(), b.copy()

    def summed():
        return np.sum(G * _softplus(X @ W + b))

    grads = []
    for p in (W, b, X):
        flat, grad, base = p.reshape(-1), np.zeros(p.size), summed()
        for i in range(flat.size):
            old = flat[i]
            flat[i] = old + h
            grad[i] = (summed() - base) / h
            flat[i] = old
        grads.append(grad.reshape(p.shape))
    return tuple(grads)


def _layer_cases():
    """A batch of 4 through the 2-3-2 network's hidden layer, a batch of 3 through a 4-2 layer,
    and a hidden random layer of random sizes."""
    random = rng()
    batch, n_in, n_out = (int(n) for n in random.integers(2, 6, 3))
    return [
        Case(fresh(np.array([[1.0, 0.5], [-0.5, 2.0], [0.0, -1.0], [1.5, 1.5]]), examples.W,
                   examples.B1, np.array([[0.1, -0.2, 0.3], [0.5, 0.0, -0.1],
                                          [-0.3, 0.2, 0.2], [0.05, 0.4, -0.6]]))),
        Case(fresh(np.array([[0.2, -1.0, 0.5, 1.0], [1.0, 0.3, -0.7, 0.0],
                             [-0.4, 0.8, 0.1, -1.2]]),
                   np.array([[0.5, -0.3], [0.2, 0.8], [-0.6, 0.1], [0.3, 0.4]]),
                   np.array([0.1, -0.2]), np.array([[1.0, -0.5], [0.2, 0.7], [-0.9, 0.3]]))),
        Case(fresh(random.normal(0, 1, (batch, n_in)), random.normal(0, 1, (n_in, n_out)),
                   random.normal(0, 0.5, n_out), random.normal(0, 1, (batch, n_out))),
             hidden=True),
    ]


def check_layer_backward(fn):
    r"""``fn(X, W, b, G)`` → ``(dW, db, dX)`` for a softplus layer
    :math:`Y = \mathrm{softplus}(XW + b) = \log(1 + e^{XW + b})` on a batch (one example per row),
    given :math:`G = \partial\mathcal{L}/\partial Y`: :math:`\Delta = G \odot \sigma(XW + b)`
    (softplus′ is the sigmoid), :math:`\partial\mathcal{L}/\partial W = X^\top\Delta`,
    :math:`\partial\mathcal{L}/\partial b = \mathbf 1^\top\Delta` (column sums) and
    :math:`\partial\mathcal{L}/\partial X = \Delta W^\top`."""
    wrongs = [
        (lambda *a: _layer_backward(*a, gain=False),
         tr("missing the gain: G is ∂𝓛/∂Y, and the products need Δ = ∂𝓛/∂A, through softplus′(A)")),
        (lambda *a: _layer_backward(*a, sigmoid_gain=True),
         tr("Y(1 − Y) is the sigmoid's gain written with its output; this layer is softplus: "
            "differentiate log(1 + e^A)")),
        (lambda *a: _layer_backward(*a, softplus_gain=True),
         tr("the gain is the derivative of softplus, not softplus itself: differentiate "
            "log(1 + e^A)")),
        (lambda *a: _layer_backward(*a, axis=1),
         tr("∂𝓛/∂b sums over the wrong axis: b is added to every row, so sum over the examples")),
        (lambda *a: _layer_backward(*a, dx_from_g=True),
         tr("dX skips the gain: X reaches 𝓛 through A = XW + b, so it needs Δ too, not G")),
        (lambda X, W, b, G: _layer_backward(X, W, b, G, scale=1 / len(X)),
         tr("𝓛 is the sum over the batch, not the mean: do not divide by the batch size")),
        (lambda *a: _layer_backward(*a, scale=-1.0), tr("the sign is flipped")),
    ]
    return grade("layer_backward", fn, _layer_cases(), _layer_backward,
                 params=("X", "W", "b", "G"), parts=("dW", "db", "dX"),
                 todo=tr("return (dW, db, dX) for the softplus layer, given G = ∂𝓛/∂Y"),
                 wrongs=wrongs)


def check_numerical_layer_gradients(fn):
    r"""``fn(X, W, b, G)`` → ``(dW, db, dX)`` of the same softplus layer, estimated by centred
    differences (``bp.numerical_gradient``) of the scalar
    :math:`\mathcal{L} = \sum_{n,k} G_{nk} Y_{nk}`, whose :math:`\partial\mathcal{L}/\partial Y`
    is :math:`G`; compared with the exact gradients within the usual tolerance."""
    wrongs = [
        (lambda *a: _layer_backward(*a, ones=True),
         tr("these are the gradients of Σ Y, whose ∂/∂Y is 1 everywhere: weight each Y by its G")),
        (lambda X, W, b, G: _layer_backward(X, W, b, G, scale=1 / G.size),
         tr("the mean of G ⊙ Y divides every gradient by the number of its entries: sum it")),
        (_one_sided, tr("these are one-sided differences, off by about h·f″/2: use centred ones, "
                        "(f(θ + h) − f(θ − h)) / 2h, as bp.numerical_gradient does")),
    ]
    hints = [(lambda got: all(not np.any(a) for a in got),
              tr("all zeros: numerical_gradient nudges the array you pass it, in place, so the "
                 "function it calls must read that same array, not a copy"))]
    return grade("numerical_layer_gradients", fn, _layer_cases(), _layer_backward,
                 params=("X", "W", "b", "G"), parts=("dW", "db", "dX"),
                 todo=tr("return (dW, db, dX) estimated with bp.numerical_gradient, one array at "
                         "a time"),
                 wrongs=wrongs, hints=hints, estimate=True)
