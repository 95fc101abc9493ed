r"""Pictures of the course: the network diagram, the single neuron as a circuit, and the two
explorer views built on them.

Every picture is a matplotlib figure no larger than 8 × 4.5 inches. The layout of a network is
plain data (:func:`network_layout`), so tests can check which units and weights a diagram has
without looking at pixels. In :func:`network`, each unit is a Line2D marker with gid ``"node"``
and each weight a FancyArrowPatch with gid ``"edge"``; every label is an entry of ``ax.texts``.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch

from . import examples
from ._check import as_array, same_shape
from .network import Network
from .neuron import ReLUNeuron
from .show import fmt

POSITIVE, NEGATIVE = "tab:blue", "tab:orange"
VALUE, GRAD = "black", "tab:red"
NODE_SIZE = 30  # marker diameter in points
HALO = {"boxstyle": "round,pad=0.05", "facecolor": "white", "edgecolor": "none", "alpha": 0.85}


def network_layout(sizes):
    """Units and weights of a network with these layer ``sizes``, as plain data.

    ``{"nodes": [{"layer", "index", "x", "y", "name"}, ...], "edges": [{"layer", "i", "j"}, ...]}``.
    Layer 0 is the input; node ``x`` is its layer, ``y`` centres each layer around 0, first unit
    on top. Names follow the notation: ``x1, x2, ...`` for inputs, ``y1, ...`` for outputs and
    ``h1, ...`` for a single hidden layer; with several hidden layers unit j of hidden layer l is
    ``h{l}_{j}`` (:math:`h^{(l)}_j`). Edge ``(layer, i, j)`` is the weight
    ``net.weights[layer][i, j]`` from unit i of layer ``layer`` to unit j of layer ``layer + 1``.
    """
    sizes = list(sizes) if isinstance(sizes, list | tuple) else sizes
    if (not isinstance(sizes, list) or len(sizes) < 2
            or not all(isinstance(n, int | np.integer) and n > 0 for n in sizes)):
        raise ValueError(
            f"expected at least two positive layer sizes such as [2, 3, 2], got {sizes!r}"
        )
    last = len(sizes) - 1
    nodes = []
    for layer, n in enumerate(sizes):
        for index in range(n):
            if layer == 0:
                name = f"x{index + 1}"
            elif layer == last:
                name = f"y{index + 1}"
            elif last == 2:
                name = f"h{index + 1}"
            else:
                name = f"h{layer}_{index + 1}"
            nodes.append({"layer": layer, "index": index, "x": float(layer),
                          "y": (n - 1) / 2 - index, "name": name})
    edges = [{"layer": layer, "i": i, "j": j}
             for layer in range(last) for i in range(sizes[layer]) for j in range(sizes[layer + 1])]
    return {"nodes": nodes, "edges": edges}


def _tex(name):
    """``"x1"`` → ``"$x_{1}$"``, ``"h2_3"`` → ``"$h^{(2)}_{3}$"``."""
    if "_" in name:
        layer, index = name[1:].split("_")
        return f"${name[0]}^{{({layer})}}_{{{index}}}$"
    return f"${name[0]}_{{{name[1:]}}}$"


_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUPERSCRIPT = str.maketrans("0123456789()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")


def _plain(name):
    """``"x1"`` → ``"x₁"``, ``"h2_3"`` → ``"h⁽²⁾₃"``: the name in plain Unicode, which draws
    several milliseconds faster than mathtext (a new figure parses its mathtext again)."""
    if "_" in name:
        layer, index = name[1:].split("_")
        return name[0] + f"({layer})".translate(_SUPERSCRIPT) + index.translate(_SUBSCRIPT)
    return name[0] + name[1:].translate(_SUBSCRIPT)


def _check_keys(labels, valid, what, example):
    for key in labels:
        if key not in valid:
            raise ValueError(f"expected {what} keys such as {example} of this network, got {key!r}")


def network(net, x=None, *, unit_labels=None, edge_labels=None, title=None, ax=None,
            reverse=False, plain_names=False):
    """Draw ``net`` (a :class:`~bpcourse.network.Network`): one circle per unit, one arrow per
    weight, coloured by its sign (blue > 0, orange < 0) with width growing with :math:`|w|`.

    With an input ``x`` (one example), runs ``net.forward(x)`` and prints each unit's activation
    under it (:math:`x_i`, :math:`h_j`, :math:`y_k`). ``unit_labels`` ``{(layer, index): text}``
    adds red text above a unit (e.g. its δ); ``edge_labels`` ``{(layer, i, j): text}`` writes
    text on a weight's arrow (e.g. :math:`\\partial L/\\partial u_{ij}`). ``reverse=True`` points
    the arrows right to left, for the backward pass. ``plain_names=True`` writes the unit names in
    italic Unicode (``x₁``) instead of mathtext (:math:`x_1`), which is faster to draw; the
    explorers use it. Returns the figure.
    """
    if not isinstance(net, Network):
        raise ValueError(f"expected a bpcourse Network, got {type(net).__name__}")
    g = network_layout(net.sizes)
    nodes, edges = g["nodes"], g["edges"]
    unit_labels, edge_labels = dict(unit_labels or {}), dict(edge_labels or {})
    _check_keys(unit_labels, {(n["layer"], n["index"]) for n in nodes}, "unit_labels", "(1, 0)")
    _check_keys(edge_labels, {(e["layer"], e["i"], e["j"]) for e in edges}, "edge_labels",
                "(0, 0, 0)")
    values = None
    if x is not None:
        x = as_array(x, "x")
        if x.shape != (net.sizes[0],):
            raise ValueError(f"expected one example x of shape ({net.sizes[0]},), "
                             f"got shape {x.shape}")
        net.forward(x)
        values = [x] + [np.asarray(h) for h in net.h]

    layers, tallest = len(net.sizes), max(net.sizes)
    if ax is None:
        size = (min(8.0, 1.6 + 2.3 * (layers - 1)), min(4.5, 1.1 + 0.75 * tallest))
        fig, ax = plt.subplots(figsize=size)
        fig.subplots_adjust(left=0.02, right=0.98, bottom=0.1, top=0.9 if title else 0.98)
    fig = ax.figure
    where = {(n["layer"], n["index"]): (n["x"], n["y"]) for n in nodes}

    largest = max(float(np.max(np.abs(w))) for w in net.weights) or 1.0
    for e in edges:
        weight = float(net.weights[e["layer"]][e["i"], e["j"]])
        start, end = where[(e["layer"], e["i"])], where[(e["layer"] + 1, e["j"])]
        if reverse:
            start, end = end, start
        # add_artist: the limits are set below; add_patch would compute each arrow's path for them
        ax.add_artist(FancyArrowPatch(
            start, end, arrowstyle="-|>", mutation_scale=10, shrinkA=NODE_SIZE / 2 + 2,
            shrinkB=NODE_SIZE / 2 + 2, linewidth=0.6 + 3.4 * abs(weight) / largest,
            color=POSITIVE if weight >= 0 else NEGATIVE, alpha=0.8, gid="edge", zorder=1))
        key = (e["layer"], e["i"], e["j"])
        if key in edge_labels:
            along = 0.72 if reverse else 0.28  # near the tail, where the arrows fan out
            (x0, y0), (x1, y1) = where[(e["layer"], e["i"])], where[(e["layer"] + 1, e["j"])]
            ax.text(x0 + along * (x1 - x0), y0 + along * (y1 - y0), edge_labels[key],
                    ha="center", va="center", fontsize=8, color=GRAD, zorder=3,
                    bbox={"boxstyle": "round,pad=0.1", "facecolor": "white",
                          "edgecolor": "none", "alpha": 0.85})

    for n in nodes:
        key = (n["layer"], n["index"])
        ax.add_line(Line2D([n["x"]], [n["y"]], marker="o", markersize=NODE_SIZE,
                           markerfacecolor="#f2f2f2", markeredgecolor="0.3", gid="node", zorder=2))
        if plain_names:
            ax.text(n["x"], n["y"], _plain(n["name"]), ha="center", va="center", fontsize=11,
                    fontstyle="italic", zorder=3)
        else:
            ax.text(n["x"], n["y"], _tex(n["name"]), ha="center", va="center", fontsize=11,
                    zorder=3)
        if values is not None:
            ax.annotate(fmt(values[n["layer"]][n["index"]]), (n["x"], n["y"]),
                        xytext=(0, -NODE_SIZE / 2 - 7), textcoords="offset points",
                        ha="center", va="center", fontsize=9, color=VALUE, zorder=3)
        if key in unit_labels:
            ax.annotate(unit_labels[key], (n["x"], n["y"]), xytext=(0, NODE_SIZE / 2 + 7),
                        textcoords="offset points", ha="center", va="center", fontsize=9,
                        color=GRAD, zorder=3)

    top = (tallest - 1) / 2
    ax.set_xlim(-0.35, layers - 1 + 0.35)
    ax.set_ylim(-top - 0.75, top + 0.75)
    ax.axis("off")
    handles = [Line2D([], [], color=c, linewidth=2) for c in (POSITIVE, NEGATIVE)]
    ax.legend(handles, ["weight > 0", "weight < 0"], loc="lower center", ncol=2, fontsize=8,
              frameon=False, bbox_to_anchor=(0.5, -0.1))
    if title:
        ax.set_title(title, fontsize=11)
    return fig


def neuron(x, w, b, grads=None, ax=None):
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
    products = x * w
    a = float(products.sum() + b)
    y = max(a, 0.0)
    n = len(x)
    if ax is None:
        fig, ax = plt.subplots(figsize=(8.0, min(4.5, 1.2 + 1.05 * n)))
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.98)
    fig = ax.figure
    da = None if grads is None else grads.dvalue * grads.drelu_da

    rows = [1.6 * (n - 1) / 2 - 1.6 * i for i in range(n)]  # the × gates, top to bottom
    X_IN, X_MUL, X_SUM, X_RELU, X_OUT = 0.0, 1.7, 3.4, 4.7, 5.9
    y_sum = 0.0
    b_at = (X_MUL + 0.3, rows[-1] - 0.9)

    def wire(start, end, value, grad, along=0.5):
        ax.add_artist(FancyArrowPatch(start, end, arrowstyle="-|>", mutation_scale=10,
                                      shrinkA=2, shrinkB=14, color="0.45", linewidth=1.2))
        at = (start[0] + along * (end[0] - start[0]), start[1] + along * (end[1] - start[1]))
        ax.annotate(fmt(value, 2), at, xytext=(0, 7), textcoords="offset points",
                    ha="center", va="center", fontsize=9, color=VALUE, bbox=HALO)
        if grad is not None:
            ax.annotate(fmt(grad, 2), at, xytext=(0, -7), textcoords="offset points",
                        ha="center", va="center", fontsize=9, color=GRAD, fontweight="bold",
                        bbox=HALO)

    def gate(at, text):
        ax.text(*at, text, ha="center", va="center", fontsize=12 if len(text) == 1 else 10,
                bbox={"boxstyle": "circle,pad=0.25" if len(text) == 1 else "round,pad=0.35",
                      "facecolor": "#f2f2f2", "edgecolor": "0.3"})

    def source(at, text):  # italic Unicode, not mathtext: much faster to draw
        ax.text(at[0] - 0.05, at[1], text, ha="right", va="center", fontsize=12,
                fontstyle="italic")

    dx = [None] * n if grads is None else grads.dx
    dw = [None] * n if grads is None else grads.dw
    for i, row in enumerate(rows):
        for name, value, offset, grad in (("x", x[i], 0.45, dx[i]), ("w", w[i], -0.45, dw[i])):
            source((X_IN, row + offset), name + str(i).translate(_SUBSCRIPT))
            wire((X_IN, row + offset), (X_MUL, row), value, grad, along=0.35)
        gate((X_MUL, row), "×")
        wire((X_MUL, row), (X_SUM, y_sum), products[i], da, along=0.45)
    source(b_at, "b")
    wire(b_at, (X_SUM, y_sum), b, None if grads is None else grads.db, along=0.35)
    gate((X_SUM, y_sum), "+")
    wire((X_SUM, y_sum), (X_RELU, y_sum), a, da)
    gate((X_RELU, y_sum), "ReLU")
    wire((X_RELU, y_sum), (X_OUT, y_sum), y, None if grads is None else grads.dvalue)
    ax.text(X_OUT + 0.05, y_sum, "y", ha="left", va="center", fontsize=12, fontstyle="italic")

    legend = [(VALUE, "above a wire: forward value")]
    if grads is not None:
        legend.append((GRAD, "below: gradient ∂y/∂(wire)"))
    for k, (colour, text) in enumerate(legend):
        ax.text(X_SUM - 0.3, rows[0] + 0.45 - 0.4 * k, text, ha="left", va="center",
                fontsize=9, color=colour)
    ax.set_xlim(X_IN - 0.45, X_OUT + 0.35)
    ax.set_ylim(b_at[1] - 0.3, rows[0] + 0.75)
    ax.axis("off")
    return fig


def neuron_view(w0=-3.0, w1=-1.0, w2=2.0, b=1.0):
    r"""Explorer view of the ReLU neuron with the fixed input :math:`x = [1, -2, 3]`.

    .. math:: a = x \cdot w + b,\quad y = \max(0, a),\quad
              \frac{\partial y}{\partial w} = 1[a > 0]\,x,\quad
              \frac{\partial y}{\partial x} = 1[a > 0]\,w,\quad
              \frac{\partial y}{\partial b} = 1[a > 0]

    Returns ``(figure, text)``: the circuit (:func:`neuron`) and the lines a, y, dReLU/da, dx,
    dw, db.
    """
    unit = ReLUNeuron(w=[w0, w1, w2], b=b)
    x = examples.NEURON_X.copy()
    y = unit.forward(x)
    g = unit.backward(1.0)
    fig, ax = plt.subplots(figsize=(7.0, 3.3))  # with its sliders it fits one slide
    fig.subplots_adjust(left=0.01, right=0.99, bottom=0.02, top=0.98)
    neuron(x, unit.w, unit.b, grads=g, ax=ax)
    lines = [
        f"a = x·w + b = {fmt(unit.a)}    y = max(0, a) = {fmt(y)}    dReLU/da = {fmt(g.drelu_da)}",
        f"dx = {fmt(g.dx)}    dw = {fmt(g.dw)}    db = {fmt(g.db)}",
    ]
    if unit.a <= 0:
        lines.append("a ≤ 0: ReLU is flat here, so every gradient is 0 (the neuron is dead)")
    return fig, "\n".join(lines)


def network_view(x1=1.0, x2=0.5, w11=0.15):
    r"""Explorer view of the course's 2-3-2 network (:func:`bpcourse.examples.network_2_3_2`)
    with input :math:`x = [x_1, x_2]` and the first weight :math:`w_{11}` (``w[0, 0]``) changed.

    Returns ``(figure, text)``: the network drawing with its activations, and the lines
    :math:`y`, :math:`t` and :math:`L = \tfrac12 \sum_k (y_k - t_k)^2`.
    """
    net, _, t = examples.network_2_3_2()
    net.weights[0][0, 0] = w11
    x = as_array([x1, x2], "x")
    y = net.forward(x)
    loss = net.loss(x, t)
    fig = network(net, x, title=f"w₁₁ = {fmt(w11, 2)}", plain_names=True)
    text = "\n".join([f"y = {fmt(y)}", f"t = {fmt(t)}", f"L = ½ Σ (y_k − t_k)² = {fmt(loss)}"])
    return fig, text
