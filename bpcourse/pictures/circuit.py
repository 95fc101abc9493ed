r"""The single ReLU neuron drawn as a circuit of gates, each wire with its forward value and its
gradient, and the explorer of notebook 02 built on it."""

import matplotlib.pyplot as plt

from .. import examples
from .._check import as_array, same_shape
from ..neuron import ReLUNeuron
from ..show import fmt
from .style import GRAD, NAME, NODE_FILL, NODE_LINE, SMALL, VALUE, Arrow, label_box, subscript


def neuron_figure(x, w, b, grads=None, ax=None):
    r"""Draw the ReLU neuron :math:`y = \max(0, \sum_i x_i w_i + b)` as a circuit: inputs
    :math:`x_i, w_i` → × gates → one + gate with :math:`b` → ReLU → :math:`y`.

    Each wire shows its forward value above it (black) and, when ``grads`` (a
    :class:`~bpcourse.neuron.NeuronGradients`) is given, its gradient below (red): :math:`\partial
    y/\partial x_i`, :math:`\partial y/\partial w_i`, :math:`\partial y/\partial (x_i w_i)`,
    :math:`\partial y/\partial b`, :math:`\partial y/\partial a` and the incoming ``dvalue``.
    Returns the figure.
    """
    x, w = as_array(x, "x"), as_array(w, "w")
    if w.ndim != 1:
        raise ValueError(f"expected w of shape (n,), got shape {w.shape}")
    same_shape(w, x, "w", "x")
    b = float(as_array(b, "b"))
    n = len(x)
    if ax is None:
        fig, ax = plt.subplots(figsize=(8.0, min(4.5, 1.2 + 1.05 * n)))
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.98)
    fig = ax.figure

    rows = [1.6 * (n - 1) / 2 - 1.6 * i for i in range(n)]  # the × gates, top to bottom
    X_IN, X_MUL, X_SUM, X_RELU, X_OUT = 0.0, 1.7, 3.4, 4.7, 5.9
    y_sum = 0.0
    b_at = (X_MUL + 0.3, rows[-1] - 0.9)

    pairs = iter(_wire_values(x, w, b, grads))
    ax.wire_labels = []  # the wires' numbers in the order _wire_values gives them

    def wire(start, end, along=0.5):
        value, grad = next(pairs)
        ax.add_artist(Arrow(start, end, arrowstyle="-|>", mutation_scale=10,
                            shrinkA=2, shrinkB=14, color="0.45", linewidth=1.2))
        at = (start[0] + along * (end[0] - start[0]), start[1] + along * (end[1] - start[1]))
        ax.wire_labels.append(ax.annotate(
            fmt(value, 2), at, xytext=(0, 8), textcoords="offset points", ha="center",
            va="center", fontsize=SMALL, color=VALUE, bbox=label_box(0.05)))
        if grad is not None:
            ax.wire_labels.append(ax.annotate(
                fmt(grad, 2), at, xytext=(0, -8), textcoords="offset points", ha="center",
                va="center", fontsize=SMALL, color=GRAD, fontweight="bold",
                bbox=label_box(0.05)))

    def gate(at, text):  # its box is a node: no label may lie over it
        label = ax.text(*at, text, ha="center", va="center", fontsize=NAME if len(text) == 1
                        else SMALL, bbox={"boxstyle": "circle,pad=0.25" if len(text) == 1
                                          else "round,pad=0.35",
                                          "facecolor": NODE_FILL, "edgecolor": NODE_LINE})
        label.get_bbox_patch().set_gid("node")

    def source(at, text):  # italic Unicode, not mathtext: much faster to draw
        ax.text(at[0] - 0.05, at[1], text, ha="right", va="center", fontsize=NAME,
                fontstyle="italic")

    for i, row in enumerate(rows):
        # x above, w below their gate, so far apart that where their numbers are written (0.3 of
        # the way) the six wires are evenly spaced: 0.7 × 2 × 0.57 = 1.6 - 0.7 × 2 × 0.57
        for name, offset in (("x", 0.57), ("w", -0.57)):
            source((X_IN, row + offset), name + subscript(i + 1))  # x₁, w₁: counted from 1
            wire((X_IN, row + offset), (X_MUL, row), along=0.3)
        gate((X_MUL, row), "×")
        wire((X_MUL, row), (X_SUM, y_sum), along=0.45)
    source(b_at, "b")
    wire(b_at, (X_SUM, y_sum), along=0.35)
    gate((X_SUM, y_sum), "+")
    wire((X_SUM, y_sum), (X_RELU, y_sum))
    gate((X_RELU, y_sum), "ReLU")
    wire((X_RELU, y_sum), (X_OUT, y_sum))
    ax.text(X_OUT + 0.05, y_sum, "y", ha="left", va="center", fontsize=NAME, fontstyle="italic")

    legend = [(VALUE, "above a wire: forward value")]
    if grads is not None:
        legend.append((GRAD, "below: gradient ∂y/∂(wire)"))
    for k, (colour, text) in enumerate(legend):
        ax.text(X_SUM - 0.3, rows[0] + 0.45 - 0.4 * k, text, ha="left", va="center",
                fontsize=SMALL, color=colour)
    ax.set_xlim(X_IN - 0.45, X_OUT + 0.35)
    ax.set_ylim(b_at[1] - 0.3, rows[0] + 0.8)
    ax.axis("off")
    return fig


def _wire_values(x, w, b, grads):
    """``(value, gradient)`` on each wire of :func:`neuron_figure`, in the order it draws them
    (gradient None without ``grads``): x₁, w₁, x₁w₁, ..., b, a, y."""
    products = x * w
    a = float(products.sum() + b)
    dx = [None] * len(x) if grads is None else grads.dx
    dw = [None] * len(x) if grads is None else grads.dw
    da = None if grads is None else grads.dvalue * grads.drelu_da
    for i in range(len(x)):
        yield x[i], dx[i]
        yield w[i], dw[i]
        yield products[i], da
    yield b, None if grads is None else grads.db
    yield a, da
    yield max(a, 0.0), None if grads is None else grads.dvalue


def _neuron(w1, w2, w3, b):
    """The course's neuron at these weights: ``(unit, x, gradients, text)``."""
    unit = ReLUNeuron(w=[w1, w2, w3], b=b)
    x = examples.NEURON_X.copy()
    y = unit.forward(x)
    g = unit.backward(1.0)
    lines = [
        f"a = x·w + b = {fmt(unit.a)}    y = max(0, a) = {fmt(y)}    dReLU/da = {fmt(g.drelu_da)}",
        f"dx = {fmt(g.dx)}    dw = {fmt(g.dw)}    db = {fmt(g.db)}",
    ]
    if unit.a <= 0:
        lines.append("a ≤ 0: ReLU is flat here, so every gradient is 0 (the neuron is dead)")
    return unit, x, g, "\n".join(lines)


def neuron_view(w1=-3.0, w2=-1.0, w3=2.0, b=1.0):
    r"""Explorer view of the ReLU neuron with the fixed input :math:`x = [1, -2, 3]`.

    .. math:: a = x \cdot w + b,\quad y = \max(0, a),\quad
              \frac{\partial y}{\partial w} = 1[a > 0]\,x,\quad
              \frac{\partial y}{\partial x} = 1[a > 0]\,w,\quad
              \frac{\partial y}{\partial b} = 1[a > 0]

    Returns ``(figure, text)``: the circuit (:func:`neuron_figure`) and the lines a, y, dReLU/da,
    dx, dw, db. ``neuron_view.update(figure, **values)`` writes the new numbers into the wires'
    labels of a figure it drew (the explorer's fast path): pixel for pixel a new figure.
    """
    unit, x, g, text = _neuron(w1, w2, w3, b)
    fig, ax = plt.subplots(figsize=(7.0, 3.3))  # with its sliders it fits one slide
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.98)
    neuron_figure(x, unit.w, unit.b, grads=g, ax=ax)
    return fig, text


def _neuron_update(fig, w1=-3.0, w2=-1.0, w3=2.0, b=1.0):
    unit, x, g, text = _neuron(w1, w2, w3, b)
    labels = iter(fig.axes[0].wire_labels)
    for value, grad in _wire_values(as_array(x, "x"), as_array(unit.w, "w"),
                                    float(as_array(unit.b, "b")), g):
        for number in (value, grad):
            if number is not None:
                next(labels).set_text(fmt(number, 2))
    return text


neuron_view.update = _neuron_update
