r"""Exercises of notebook 03, the 2-3-2 network: the output biases that fit one example exactly
(the forward pass run backwards through the sigmoid), and counting a network's parameters and
the multiplications of its forward pass.

How a check grades and what it returns: :mod:`bpcourse.classroom.grader`.
"""

import numpy as np

from .. import cost, examples
from ..activations import sigmoid
from ..language import tr
from ..network import Network
from .grader import Case, fresh, grade, rng


def _logit(t):
    r""":math:`\sigma^{-1}(t) = \ln \frac{t}{1 - t}`, the pre-activation whose sigmoid is t."""
    return np.log(t / (1 - t))


def check_exact_fit_bias(fn):
    r"""``fn(h, u, t)`` → the output biases :math:`b^{(2)}` with :math:`\sigma(h u + b^{(2)}) = t`:
    :math:`b^{(2)} = \sigma^{-1}(t) - h u`, where :math:`\sigma^{-1}(t) = \ln \frac{t}{1 - t}`."""
    random = rng()
    net, x, t = examples.network_2_3_2()
    net.forward(x)
    n_h, n_out = (int(n) for n in random.integers(2, 6, 2))
    hidden = (random.uniform(0, 1, n_h), random.normal(0, 1, (n_h, n_out)),
              random.uniform(0.05, 0.95, n_out))
    cases = [
        Case(fresh(net.h[0], examples.U, t)),
        Case(fresh(np.array([0.2, 0.9, 0.5, 0.1]), np.array([[1.0, -0.5, 0.0], [0.5, 0.5, 2.0],
                                                            [-1.0, 0.0, 0.3], [0.2, 0.4, -0.6]]),
                   np.array([0.5, 0.1, 0.8]))),
        Case(fresh(*hidden), hidden=True),
    ]

    def reference(h, u, t):
        return _logit(t) - h @ u

    wrongs = [
        (lambda h, u, t: t - h @ u,
         tr("t is the output y = σ(a⁽²⁾) you want, not the pre-activation a⁽²⁾: undo the sigmoid "
            "first (solve t = σ(a) for a)")),
        (lambda h, u, t: _logit(t),
         tr("that is the whole pre-activation a⁽²⁾ the outputs need, but h u already supplies part "
            "of it: the bias is only what is left")),
        (lambda h, u, t: _logit(t) + h @ u,
         tr("the sign of h u: a⁽²⁾ = h u + b⁽²⁾, so the bias is what a⁽²⁾ needs on top of h u")),
        (lambda h, u, t: -_logit(t) - h @ u,
         tr("your inverse of the sigmoid is upside down: a target above ½ needs a positive "
            "pre-activation (σ(a) > ½ exactly when a > 0)")),
        (lambda h, u, t: np.log(t) - h @ u,
         tr("the inverse of the sigmoid is not log t: solve t = 1/(1 + e^(−a)) for a step by step; "
            "1 − t appears too")),
        (lambda h, u, t: sigmoid(t) - h @ u,
         tr("σ(t) applies the sigmoid again; you need its inverse, the a with σ(a) = t")),
    ]
    return grade("exact_fit_bias", fn, cases, reference, params=("h", "u", "t"),
                 todo=tr("return the output biases b⁽²⁾ that make the outputs equal the targets t"),
                 wrongs=wrongs)


def _sizes(values):
    """A case maker returning a new list of layer sizes each time (a list is not copied by
    :func:`~bpcourse.classroom.grader.fresh`, and a function could change it)."""
    return lambda: ([int(n) for n in values],)


def check_network_size(fn):
    r"""``fn(sizes)`` → ``(parameters, multiplications)`` of a fully connected network with
    these layer sizes (input first): :math:`P = \sum_l (n_{l-1} + 1)\, n_l` weights and biases,
    and :math:`M = \sum_l n_{l-1} n_l` multiplications in the weighted sums of one forward pass
    of one example; 2-3-2 gives (17, 12). ``bpcourse.cost.parameter_count`` and
    ``Network.parameters`` are off limits."""
    random = rng()
    hidden = random.integers(1, 60, int(random.integers(2, 6)))
    cases = [
        Case(_sizes([2, 3, 2])),
        Case(_sizes([2, 4, 3, 3, 2])),
        Case(_sizes([784, 100, 10])),
        Case(_sizes([1, 1])),
        Case(_sizes(hidden), hidden=True),
    ]

    def reference(sizes):
        pairs = list(zip(sizes, sizes[1:]))
        return sum((m + 1) * n for m, n in pairs), sum(m * n for m, n in pairs)

    def weights_only(sizes):
        return sum(m * n for m, n in zip(sizes, sizes[1:]))

    wrongs = [
        (lambda sizes: reference(sizes)[::-1],
         tr("swapped: return (parameters, multiplications), the parameters first; a network has "
            "more parameters than its forward pass has multiplications")),
        (lambda sizes: (weights_only(sizes), weights_only(sizes)),
         tr("the parameters miss the biases: every unit after the input layer has one")),
        (lambda sizes: (weights_only(sizes) + sum(sizes), weights_only(sizes)),
         tr("the input layer has no biases: its units only pass x on; count a bias for each "
            "unit of the later layers")),
        (lambda sizes: ((sizes[0] + 1) * sizes[1], sizes[0] * sizes[1]),
         tr("you counted only the first layer of weights: add up every pair of neighbouring "
            "layers")),
        (lambda sizes: (reference(sizes)[0], reference(sizes)[0]),
         tr("the biases are added, not multiplied: they add to the parameters but not to the "
            "multiplications")),
    ]
    return grade("network_size", fn, cases, reference, params=("sizes",),
                 parts=("parameters", "multiplications"), exact=True,
                 forbid=((cost, "parameter_count"), (Network, "parameters")),
                 todo=tr("return (parameters, multiplications), two whole numbers, counted for "
                         "any list of layer sizes"),
                 wrongs=wrongs)
