r"""Predict, then reveal: numbers the student works out by hand before the notebook shows them.

Each check takes a function of no arguments that returns the student's number (worked out on
paper, or with a few lines of their own arithmetic) and compares it with the course's value to
within the rounding of a hand computation: :data:`RTOL` relative, :data:`ATOL` absolute. A
wrong number never shows the right one (``reveal=False``): the hint names the likely mistake,
which factor of the chain rule is missing, a flipped sign, a path left out.

- :func:`check_output_delta_by_hand` (notebook 04): :math:`\delta^{(2)}_1 = (y_1 - t_1)\,
  y_1 (1 - y_1)` for the course's 2-3-2 network;
- :func:`check_hidden_delta_by_hand` (05): :math:`\delta^{(1)}_1 = (\delta^{(2)}_1 u_{11} +
  \delta^{(2)}_2 u_{12})\, h_1 (1 - h_1)`;
- :func:`check_deeper_delta_by_hand` (05): :math:`\delta^{(2)}_1` of a 2-4-3-3-2 network from
  :math:`\delta^{(3)}`, the rule of the hidden delta one layer further down (BP2);
- :func:`check_batch_gradient_by_hand` (06): :math:`\partial\mathcal{L}/\partial u_{11} =
  \sum_n H_{n1} \Delta_{n1}` for a batch of four;
- :func:`check_one_step_by_hand` (07): the first-order fall of the loss in one gradient step,
  :math:`\eta\,\lVert g\rVert^2`;
- :func:`check_softmax_delta_by_hand` (08): :math:`\partial L/\partial a_1 = y_1` for
  softmax with cross-entropy, :math:`a = [1, 2, 0.5]`, :math:`t = [0, 1, 0]`.
"""

import numpy as np

from .. import examples
from ..activations import sigmoid, softmax
from ..language import tr
from .grader import Case, fresh, grade

RTOL = 2e-3
"""Relative tolerance for a number worked out by hand (four significant digits and a margin)."""
ATOL = 1e-4
"""Absolute tolerance for a number worked out by hand."""


def _by_hand(name, fn, expected, wrongs, todo, atol=ATOL):
    return grade(name, fn, [Case(fresh())], lambda: expected, params=(), todo=todo,
                 wrongs=[(lambda value=value: value, hint) for value, hint in wrongs],
                 rtol=RTOL, atol=atol, reveal=False)


def _network():
    net, x, t = examples.network_2_3_2()
    y = net.forward(x)
    return y, t, net.h[0], net.weights[1]


def check_output_delta_by_hand(fn):
    r"""``fn()`` → :math:`\delta^{(2)}_1 = \partial L/\partial a^{(2)}_1 = (y_1 - t_1)\,
    y_1 (1 - y_1)` of the 2-3-2 network, worked out by hand."""
    y, t, _, _ = _network()
    delta = (y - t) * y * (1 - y)
    wrongs = [
        (y[0] - t[0], tr("that is ∂L/∂y₁, the first factor only: the chain goes on through the "
                         "sigmoid, y₁ = σ(a⁽²⁾₁)")),
        (y[0] * (1 - y[0]), tr("that is σ′(a⁽²⁾₁) = y₁(1 − y₁) alone: multiply it by ∂L/∂y₁")),
        (-delta[0], tr("the sign: y₁ is too big, so L grows with a⁽²⁾₁ and the delta is positive")),
        ((y[0] - t[0]) * sigmoid(y[0]) * (1 - sigmoid(y[0])),
         tr("y₁ is already σ(a⁽²⁾₁): the sigmoid's slope is y₁(1 − y₁), not σ′(y₁)")),
        (delta[1], tr("that is the delta of output 2; the question is about output 1")),
    ]
    return _by_hand("output_delta_by_hand", fn, delta[0], wrongs,
                    tr("work out δ⁽²⁾₁ = ∂L/∂a⁽²⁾₁ on paper and return the number"))


def check_hidden_delta_by_hand(fn):
    r"""``fn()`` → :math:`\delta^{(1)}_1 = \partial L/\partial a^{(1)}_1 = (\delta^{(2)}_1 u_{11}
    + \delta^{(2)}_2 u_{12})\, h_1 (1 - h_1)` of the 2-3-2 network, worked out by hand."""
    y, t, h, u = _network()
    delta2 = (y - t) * y * (1 - y)
    gain = h[0] * (1 - h[0])
    right = (delta2 @ u[0]) * gain
    wrongs = [
        (delta2[0] * u[0, 0] * gain, tr("that is the path through y₁ alone: h₁ feeds y₂ too, "
                                        "through u₁₂; add the two paths")),
        (delta2[1] * u[0, 1] * gain, tr("that is the path through y₂ alone: h₁ feeds y₁ too, "
                                        "through u₁₁; add the two paths")),
        (delta2 @ u[0], tr("that is ∂L/∂h₁: multiply it by the gain of h₁, "
                           "σ′(a⁽¹⁾₁) = h₁(1 − h₁)")),
        ((delta2 @ u[:2, 0]) * gain, tr("u₂₁ connects h₂ to y₁: the weights out of h₁ are u₁₁ "
                                        "and u₁₂, the first row of u")),
        (-right, tr("the sign: check the sign of each path, δ⁽²⁾₂ and u₁₂ are both negative")),
    ]
    return _by_hand("hidden_delta_by_hand", fn, right, wrongs,
                    tr("work out δ⁽¹⁾₁ = ∂L/∂a⁽¹⁾₁ on paper and return the number"))


def check_softmax_delta_by_hand(fn):
    r"""``fn()`` → :math:`\partial L/\partial a_1` for :math:`L = -\log y_2`,
    :math:`y = \mathrm{softmax}(a)`, :math:`a = [1, 2, 0.5]` (target class 2): through the
    off-diagonal Jacobian entry :math:`\partial y_2/\partial a_1 = -y_2 y_1` it is
    :math:`(-1/y_2)(-y_2 y_1) = y_1`."""
    y = softmax(np.array([1.0, 2.0, 0.5]))
    wrongs = [
        (0.0, tr("L = −log y₂ still depends on a₁: a₁ is in the softmax's denominator, so it "
                 "changes y₂; use the Jacobian's off-diagonal entry ∂y₂/∂a₁")),
        (-y[0], tr("the sign: raising a₁ takes probability from y₂, so L grows and the "
                   "derivative is positive")),
        (y[0] * (1 - y[0]), tr("y₁(1 − y₁) is ∂y₁/∂a₁, but L depends on y₂ only: you need "
                               "∂y₂/∂a₁")),
        (-1 / y[1], tr("that is ∂L/∂y₂ only: go on through ∂y₂/∂a₁")),
        (y[0] * y[1], tr("(−1/y₂)·(−y₂ y₁): the y₂ cancels")),
    ]
    return _by_hand("softmax_delta_by_hand", fn, y[0], wrongs,
                    tr("work out ∂L/∂a₁ on paper and return the number"))


def _batch():
    """The batch of four of notebook 06: hidden outputs H and output deltas Δ, a row each."""
    net, _, _ = examples.network_2_3_2()
    random = np.random.default_rng(5)
    X, T = random.normal(0, 1, (4, 2)), random.uniform(0, 1, (4, 2))
    g = net.gradients(X, T)
    return net.h[0].copy(), g.deltas[1]


def check_batch_gradient_by_hand(fn):
    r"""``fn()`` → :math:`\partial\mathcal{L}/\partial u_{11} = \sum_n H_{n1}\,\Delta_{n1}` for
    the summed loss :math:`\mathcal{L} = \sum_n L_n` of notebook 06's batch of four: entry (1, 1)
    of :math:`H^\top\Delta`."""
    H, Delta = _batch()
    right = H[:, 0] @ Delta[:, 0]
    wrongs = [
        (H[0, 0] * Delta[0, 0], tr("that is example 1 alone: u₁₁ is used by every example of the "
                                   "batch, and 𝓛 adds their losses")),
        (right / len(H), tr("that is the mean over the batch, ∂L/∂u₁₁ for L = 𝓛/B: the question "
                            "asks for the sum 𝓛")),
        (H[:, 0].sum() * Delta[:, 0].sum(), tr("that is (Σₙ Hₙ₁)(Σₙ Δₙ₁), a product of sums: "
                                               "each example's h₁ multiplies its own delta")),
        (-right, tr("the sign: add the products Hₙ₁Δₙ₁ with the deltas' signs as printed")),
        (H[:, 0] @ Delta[:, 1], tr("Δₙ₂ belongs to output 2: u₁₁ feeds output 1")),
    ]
    return _by_hand("batch_gradient_by_hand", fn, right, wrongs,
                    tr("work out ∂𝓛/∂u₁₁ for the batch from the printed H and Δ, and return the "
                       "number"))


def _deep():
    """Notebook 05's 2-4-3-3-2 sigmoid network (seed 3) on the course's x and t: δ⁽³⁾, W⁽³⁾
    and h⁽²⁾, the layers numbered from 1."""
    from ..network import Network
    _, x, t = examples.network_2_3_2()
    deep = Network([2, 4, 3, 3, 2], seed=3)
    g = deep.gradients(x, t)
    return g.deltas[2], deep.weights[2], deep.h[1]


def check_deeper_delta_by_hand(fn):
    r"""``fn()`` → :math:`\delta^{(2)}_1 = \big(\sum_k \delta^{(3)}_k W^{(3)}_{1k}\big)\,
    h^{(2)}_1 (1 - h^{(2)}_1)` of notebook 05's 2-4-3-3-2 network: the hidden delta's rule one
    layer further down, with :math:`\delta^{(3)}` in place of the output deltas."""
    delta3, W3, h2 = _deep()
    gain = h2[0] * (1 - h2[0])
    right = (delta3 @ W3[0]) * gain
    wrongs = [
        (delta3 @ W3[0], tr("that is ∂L/∂h⁽²⁾₁: multiply it by the gain of unit 1, "
                            "h⁽²⁾₁(1 − h⁽²⁾₁)")),
        ((delta3 @ W3[:, 0]) * gain, tr("those are the weights INTO unit 1 of layer 3 (a column "
                                        "of W⁽³⁾): unit 1 of layer 2 sends along row 1, W⁽³⁾₁ₖ")),
        (delta3[0] * W3[0, 0] * gain, tr("that is one path only: unit 1 of layer 2 feeds all "
                                         "three units of layer 3; add the three paths")),
        (-right, tr("the sign: add the three products δ⁽³⁾ₖ W⁽³⁾₁ₖ with their signs as printed")),
        ((delta3 @ W3[0]) * h2[0], tr("the gain of a sigmoid unit is h(1 − h), not h")),
    ]
    return _by_hand("deeper_delta_by_hand", fn, right, wrongs,
                    tr("work out δ⁽²⁾₁ from the printed δ⁽³⁾, W⁽³⁾ and h⁽²⁾, and return the "
                       "number"),
                    atol=1e-6)  # a small number: four significant digits, not four decimals


def check_one_step_by_hand(fn):
    r"""``fn()`` → the first-order fall of the loss in one gradient step of the 2-3-2 network
    with :math:`\eta = 0.5`: :math:`L(\theta) - L(\theta - \eta g) \approx \eta \sum_\theta
    (\partial L/\partial\theta)^2 = \eta\,\lVert g\rVert^2`, over all 17 parameters."""
    net, x, t = examples.network_2_3_2()
    g = net.gradients(x, t)
    eta = 0.5
    weights = sum(float(np.sum(p ** 2)) for p in g.weights)
    squares = weights + sum(float(np.sum(p ** 2)) for p in g.biases)
    before = net.loss(x, t)
    net.step(g, eta)
    exact = before - net.loss(x, t)
    right = eta * squares
    wrongs = [
        (squares, tr("that is ‖g‖², the sum of the squared slopes: each parameter moves by η "
                     "times its slope, so multiply by η")),
        (eta ** 2 * squares, tr("η once: a parameter moves by η·∂L/∂θ, and L changes by that "
                                "times the slope ∂L/∂θ")),
        (eta * np.sqrt(squares), tr("the change of L is Σ slope × step = Σ (∂L/∂θ)·(η ∂L/∂θ): a "
                                    "sum of squares, not the length ‖g‖")),
        (eta * weights, tr("the biases move too: add their squared slopes, all 17 parameters")),
        (-right, tr("the question asks how much the loss falls: a positive number")),
        (exact, tr("that is the exact fall, measured after the step; the question asks for the "
                   "first-order estimate, slope times step summed over the parameters")),
    ]
    return _by_hand("one_step_by_hand", fn, right, wrongs,
                    tr("estimate, to first order, how much one step lowers L, and return the "
                       "number"))
