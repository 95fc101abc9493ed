r"""Exercises of notebook 01, the chain rule: the second derivative by differences, and the chain
rule through two sigmoid neurons in a row.

How a check grades and what it returns: :mod:`bpcourse.classroom.grader`.
"""

import numpy as np

from ..activations import sigmoid, sigmoid_prime
from ..language import tr
from .grader import Case, fresh, grade, rng


def check_second_difference(fn):
    r"""``fn(f, x, h=1e-4)`` → :math:`\frac{f(x + h) - 2 f(x) + f(x - h)}{h^2}`, a float: the
    centred difference applied to :math:`f'` at :math:`x \pm h/2`, an estimate of
    :math:`f''(x)` with error :math:`\tfrac{h^2}{12} f''''(x)`.

    Compared within rtol 1e-5, atol 1e-6: the numerator is a small difference of large numbers,
    so the order in which a right answer adds them moves its last digits."""
    random = rng()
    c = random.uniform(-2, 2, 5)
    x0, h0 = float(random.uniform(-2, 2)), float(random.uniform(0.01, 0.1))

    def quartic(x):
        return c[0] + c[1] * x + c[2] * x**2 + c[3] * x**3 + c[4] * x**4

    cases = [
        Case(fresh(lambda x: x**3 - 2 * x, 1.5, 1e-4), shown={"f": "x ↦ x³ − 2x"}),
        Case(fresh(np.sin, 0.5, 1e-4), shown={"f": "sin"}),
        Case(fresh(lambda x: x**4, 1.0, 0.1), shown={"f": "x ↦ x⁴"}),
        Case(fresh(quartic, x0, h0), hidden=True, shown={"f": tr("a random quartic")}),
    ]

    def reference(f, x, h=1e-4):
        return (f(x + h) - 2 * f(x) + f(x - h)) / h**2

    wrongs = [
        (lambda f, x, h=1e-4: (f(x + h) + f(x - h)) / h**2,
         tr("f(x) is missing: each of the two slopes, at x + h/2 and at x − h/2, is a difference "
            "that uses f(x)")),
        (lambda f, x, h=1e-4: (f(x + h) - f(x) + f(x - h)) / h**2,
         tr("f(x) belongs to both slopes, at x + h/2 and at x − h/2: count it in each")),
        (lambda f, x, h=1e-4: (f(x + h) - 2 * f(x) + f(x - h)) / h,
         tr("divide by h²: each slope is a difference divided by h, and their difference is "
            "divided by h once more")),
        (lambda f, x, h=1e-4: (f(x + h) - 2 * f(x) + f(x - h)) / (2 * h**2),
         tr("the slopes at x + h/2 and x − h/2 are h apart, not 2h: divide their difference by h")),
        (lambda f, x, h=1e-4: (f(x + h) - 2 * f(x) + f(x - h)) / (4 * h**2),
         tr("the slopes at x + h/2 and x − h/2 are h apart, and each is a difference over h")),
        (lambda f, x, h=1e-4: (f(x + 2 * h) - 2 * f(x + h) + f(x)) / h**2,
         tr("that is a one-sided (forward) second difference, centred at x + h: use x − h, x and "
            "x + h, symmetric about x")),
        (lambda f, x, h=1e-4: (f(x - 2 * h) - 2 * f(x - h) + f(x)) / h**2,
         tr("that is a one-sided (backward) second difference, centred at x − h: use x − h, x and "
            "x + h, symmetric about x")),
        (lambda f, x, h=1e-4: (f(x + 2 * h) - 2 * f(x) + f(x - 2 * h)) / (4 * h**2),
         tr("that applies the centred difference with step h twice and reaches x ± 2h: use only "
            "the three points x − h, x and x + h (slopes at x ± h/2)")),
        (lambda f, x, h=1e-4: (2 * f(x) - f(x + h) - f(x - h)) / h**2,
         tr("the sign is flipped: the slope at x + h/2 minus the slope at x − h/2")),
        (lambda f, x, h=1e-4: (f(x + h) - f(x - h)) / (2 * h),
         tr("that is the centred difference, an estimate of f′(x); f″ is the derivative of f′")),
        (lambda f, x, h=1e-4: (f(x + 1e-4) - 2 * f(x) + f(x - 1e-4)) / 1e-8,
         tr("use the step h you are given instead of a fixed 1e-4")),
    ]
    return grade("second_difference", fn, cases, reference, params=("f", "x", "h"),
                 todo=tr("return an estimate of f″(x) from f(x − h), f(x) and f(x + h)"),
                 wrongs=wrongs, rtol=1e-5, atol=1e-6)


def check_two_neuron_chain_rule(fn):
    r"""``fn(x, w, b1, u, b2, t)`` → :math:`\partial L/\partial w` for two sigmoid neurons in a
    row (scalars): :math:`a^{(1)} = w x + b^{(1)}`, :math:`h = \sigma(a^{(1)})`,
    :math:`a^{(2)} = u h + b^{(2)}`, :math:`y = \sigma(a^{(2)})`, :math:`L = \tfrac12 (y - t)^2`,

    .. math:: \frac{\partial L}{\partial w} = (y - t)\; y(1 - y)\; u\; h(1 - h)\; x."""
    random = rng()
    hidden = tuple(float(v) for v in random.uniform(-2, 2, 5)) + (float(random.uniform(0, 1)),)
    cases = [
        Case(fresh(2.0, 0.5, -0.5, 1.5, 0.2, 1.0)),
        Case(fresh(-1.0, 2.0, 0.5, -3.0, 1.0, 0.0)),
        Case(fresh(*hidden), hidden=True),
    ]

    def forward(x, w, b1, u, b2):
        h = sigmoid(w * x + b1)
        return h, sigmoid(u * h + b2)

    def reference(x, w, b1, u, b2, t):
        h, y = forward(x, w, b1, u, b2)
        return (y - t) * y * (1 - y) * u * h * (1 - h) * x

    def factors(x, w, b1, u, b2, t):  # the five local derivatives, outside in
        h, y = forward(x, w, b1, u, b2)
        return y - t, y * (1 - y), u, h * (1 - h), x, h

    wrongs = [
        (lambda *p: (lambda e, g2, u, g1, x, h: e * g2 * u * x)(*factors(*p)),
         tr("missing the hidden unit's gain: the path runs through h = σ(a⁽¹⁾), so it needs "
            "σ′(a⁽¹⁾), in terms of h")),
        (lambda *p: (lambda e, g2, u, g1, x, h: e * g2 * g1 * x)(*factors(*p)),
         tr("missing ∂a⁽²⁾/∂h: a⁽²⁾ = u h + b⁽²⁾, so the gradient reaching h is multiplied by the "
            "weight u")),
        (lambda *p: (lambda e, g2, u, g1, x, h: e * g2 * u * g2 * x)(*factors(*p)),
         tr("σ′ of the wrong unit: y(1 − y) is the output unit's gain; the hidden unit's gain is "
            "written with its own output h")),
        (lambda *p: -reference(*p),
         tr("the sign is flipped: ∂L/∂y = y − t, not t − y")),
        (lambda *p: (lambda e, g2, u, g1, x, h: e * g2 * u * g1)(*factors(*p)),
         tr("missing the last factor ∂a⁽¹⁾/∂w = x; what you computed is ∂L/∂b⁽¹⁾")),
        (lambda *p: (lambda e, g2, u, g1, x, h: e * g2 * h)(*factors(*p)),
         tr("that is ∂L/∂u, the gradient of the outer weight; w sits one neuron further back")),
        (lambda *p: (lambda e, g2, u, g1, x, h: e * g2 * u * g1 * p[1])(*factors(*p)),
         tr("∂a⁽¹⁾/∂w is x, not w")),
        (lambda x, w, b1, u, b2, t: (lambda h, y: (y - t) * sigmoid_prime(y) * u
                                     * sigmoid_prime(h) * x)(*forward(x, w, b1, u, b2)),
         tr("σ′ takes a unit's input a, not its output: σ′(a⁽²⁾) = y(1 − y), σ′(a⁽¹⁾) = h(1 − h)")),
    ]
    return grade("two_neuron_chain_rule", fn, cases, reference,
                 params=("x", "w", "b1", "u", "b2", "t"),
                 todo=tr("return ∂L/∂w for h = σ(w x + b1), y = σ(u h + b2), L = ½(y − t)²"),
                 wrongs=wrongs)
