r"""Exercises of notebook 04, the output layer's delta, each a derivation the notebook does not
show: the delta of sigmoid outputs under the cross-entropy loss, and the gradient of a weight
that two outputs share (tied weights).

How a check grades and what it returns: :mod:`bpcourse.classroom.grader`.
"""

import numpy as np

from .. import examples
from ..language import tr
from .grader import Case, fresh, grade, rng


def _cross_entropy_dl_dy(y, t):
    r""":math:`\partial L/\partial y_k = -t_k / y_k + (1 - t_k)/(1 - y_k)` of the cross-entropy
    loss, before the sigmoid's factor."""
    return -t / y + (1 - t) / (1 - y)


def check_cross_entropy_output_delta(fn):
    r"""``fn(y, t)`` → :math:`\delta^{(2)} = \partial L/\partial a^{(2)}` for sigmoid outputs and
    the cross-entropy loss :math:`L = -\sum_k [t_k \ln y_k + (1 - t_k) \ln(1 - y_k)]`:
    :math:`\partial L/\partial y_k \cdot y_k(1 - y_k) = y_k - t_k`, the σ′ cancelled."""
    random = rng()
    net, x, t = examples.network_2_3_2()
    cases = [
        Case(fresh(net.forward(x), t)),
        Case(fresh(np.array([0.9, 0.2, 0.5]), np.array([1.0, 0.0, 0.0]))),
        Case(fresh(np.array([0.001, 0.999]), np.array([1.0, 0.0]))),  # saturated, and wrong
        Case(fresh(random.uniform(0.05, 0.95, 4), random.uniform(0, 1, 4)), hidden=True),
    ]

    def reference(y, t):
        return y - t

    wrongs = [
        (_cross_entropy_dl_dy,
         tr("that is ∂L/∂y, the first factor only: δ⁽²⁾ = ∂L/∂a⁽²⁾ also needs the sigmoid's "
            "factor σ′ = y(1 − y); multiply and simplify")),
        (lambda y, t: (y - t) * y * (1 - y),
         tr("that is the delta of the L2 loss ½ Σ (y − t)²; derive ∂L/∂y from the cross-entropy "
            "loss instead")),
        (lambda y, t: t - y,
         tr("the sign is flipped: L has a minus in front, and ∂(ln y)/∂y = 1/y is positive")),
        (lambda y, t: -t * (1 - y),
         tr("only the t ln y term: the (1 − t) ln(1 − y) term depends on y too")),
        (lambda y, t: (-t / y - (1 - t) / (1 - y)) * y * (1 - y),
         tr("the chain rule inside ln(1 − y): its derivative is −1/(1 − y), because 1 − y falls "
            "as y grows")),
    ]
    return grade("cross_entropy_output_delta", fn, cases, reference, params=("y", "t"),
                 todo=tr("return δ⁽²⁾ = ∂L/∂a⁽²⁾ for sigmoid outputs and the cross-entropy loss, "
                         "simplified"),
                 wrongs=wrongs)


def check_tied_weight_gradient(fn):
    r"""``fn(h, delta)`` → :math:`\partial L/\partial s_j = h_j \sum_k \delta^{(2)}_k`, a vector of
    length :math:`n_h`, when every output uses the same weight :math:`u_{jk} = s_j` from hidden
    unit j: a weight used once per output collects one gradient per use."""
    random = rng()
    net, x, t = examples.network_2_3_2()
    g = net.gradients(x, t)
    n_h, n_out = (int(n) for n in random.integers(2, 6, 2))
    cases = [
        Case(fresh(net.h[0], g.deltas[1])),
        Case(fresh(np.array([0.2, 0.4, 0.6, 0.8]), np.array([0.5, -1.5]))),
        Case(fresh(np.array([0.1, 0.7]), np.array([0.3, -0.1, 0.2]))),
        Case(fresh(random.uniform(0, 1, n_h), random.normal(0, 0.2, n_out)), hidden=True),
    ]

    def reference(h, delta):
        return h * np.sum(delta)

    wrongs = [
        (lambda h, delta: np.outer(h, delta),
         tr("that is ∂L/∂u of untied weights, one entry per weight u_jk; here the outputs share "
            "one weight s_j per hidden unit, so the answer has one entry per hidden unit")),
        (lambda h, delta: h * delta[0],
         tr("you used only output 1's delta, but s_j feeds every output: follow each path from "
            "s_j to L")),
        (lambda h, delta: h * delta[-1],
         tr("you used only the last output's delta, but s_j feeds every output: follow each path "
            "from s_j to L")),
        (lambda h, delta: h * np.mean(delta),
         tr("the mean of the deltas: the loss adds the outputs' terms, so each path's gradient "
            "counts in full")),
        (lambda h, delta: -h * np.sum(delta),
         tr("the sign is flipped: the gradient is +∂L/∂s (the minus belongs to the update)")),
    ]
    return grade("tied_weight_gradient", fn, cases, reference, params=("h", "delta"),
                 todo=tr("return ∂L/∂s, one number per hidden unit: the gradient of the weights "
                         "the outputs share"),
                 wrongs=wrongs)
