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
- :func:`check_softmax_delta_by_hand` (07): :math:`\partial L/\partial a_1 = y_1` for
  softmax with cross-entropy, :math:`a = [1, 2, 0.5]`, :math:`t = [0, 1, 0]`.
"""

import numpy as np

from .. import examples
from ..activations import sigmoid, softmax
from .grader import Case, fresh, grade

RTOL = 2e-3
"""Relative tolerance for a number worked out by hand (four significant digits and a margin)."""
ATOL = 1e-4
"""Absolute tolerance for a number worked out by hand."""


def _by_hand(name, fn, expected, wrongs, todo):
    return grade(name, fn, [Case(fresh())], lambda: expected, params=(), todo=todo,
                 wrongs=[(lambda value=value: value, hint) for value, hint in wrongs],
                 rtol=RTOL, atol=ATOL, reveal=False)


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
        (y[0] - t[0], "that is ∂L/∂y₁, the first factor only: the chain goes on through the "
                      "sigmoid, y₁ = σ(a⁽²⁾₁)"),
        (y[0] * (1 - y[0]), "that is σ′(a⁽²⁾₁) = y₁(1 − y₁) alone: multiply it by ∂L/∂y₁"),
        (-delta[0], "the sign: y₁ is too big, so L grows with a⁽²⁾₁ and the delta is positive"),
        ((y[0] - t[0]) * sigmoid(y[0]) * (1 - sigmoid(y[0])),
         "y₁ is already σ(a⁽²⁾₁): the sigmoid's slope is y₁(1 − y₁), not σ′(y₁)"),
        (delta[1], "that is the delta of output 2; the question is about output 1"),
    ]
    return _by_hand("output_delta_by_hand", fn, delta[0], wrongs,
                    "work out δ⁽²⁾₁ = ∂L/∂a⁽²⁾₁ on paper and return the number")


def check_hidden_delta_by_hand(fn):
    r"""``fn()`` → :math:`\delta^{(1)}_1 = \partial L/\partial a^{(1)}_1 = (\delta^{(2)}_1 u_{11}
    + \delta^{(2)}_2 u_{12})\, h_1 (1 - h_1)` of the 2-3-2 network, worked out by hand."""
    y, t, h, u = _network()
    delta2 = (y - t) * y * (1 - y)
    gain = h[0] * (1 - h[0])
    right = (delta2 @ u[0]) * gain
    wrongs = [
        (delta2[0] * u[0, 0] * gain, "that is the path through y₁ alone: h₁ feeds y₂ too, "
                                     "through u₁₂; add the two paths"),
        (delta2[1] * u[0, 1] * gain, "that is the path through y₂ alone: h₁ feeds y₁ too, "
                                     "through u₁₁; add the two paths"),
        (delta2 @ u[0], "that is ∂L/∂h₁: multiply it by the gain of h₁, σ′(a⁽¹⁾₁) = h₁(1 − h₁)"),
        ((delta2 @ u[:2, 0]) * gain, "u₂₁ connects h₂ to y₁: the weights out of h₁ are u₁₁ "
                                     "and u₁₂, the first row of u"),
        (-right, "the sign: check the sign of each path, δ⁽²⁾₂ and u₁₂ are both negative"),
    ]
    return _by_hand("hidden_delta_by_hand", fn, right, wrongs,
                    "work out δ⁽¹⁾₁ = ∂L/∂a⁽¹⁾₁ on paper and return the number")


def check_softmax_delta_by_hand(fn):
    r"""``fn()`` → :math:`\partial L/\partial a_1` for :math:`L = -\log y_2`,
    :math:`y = \mathrm{softmax}(a)`, :math:`a = [1, 2, 0.5]` (target class 2): through the
    off-diagonal Jacobian entry :math:`\partial y_2/\partial a_1 = -y_2 y_1` it is
    :math:`(-1/y_2)(-y_2 y_1) = y_1`."""
    y = softmax(np.array([1.0, 2.0, 0.5]))
    wrongs = [
        (0.0, "L = −log y₂ still depends on a₁: a₁ is in the softmax's denominator, so it "
              "changes y₂; use the Jacobian's off-diagonal entry ∂y₂/∂a₁"),
        (-y[0], "the sign: raising a₁ takes probability from y₂, so L grows and the derivative "
                "is positive"),
        (y[0] * (1 - y[0]), "y₁(1 − y₁) is ∂y₁/∂a₁, but L depends on y₂ only: you need "
                            "∂y₂/∂a₁"),
        (-1 / y[1], "that is ∂L/∂y₂ only: go on through ∂y₂/∂a₁"),
        (y[0] * y[1], "(−1/y₂)·(−y₂ y₁): the y₂ cancels"),
    ]
    return _by_hand("softmax_delta_by_hand", fn, y[0], wrongs,
                    "work out ∂L/∂a₁ on paper and return the number")
