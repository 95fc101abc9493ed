r"""The network diagram: one circle per unit, one arrow per weight, and the explorer of
notebook 03 built on it.

The layout of a network is plain data (:func:`network_layout`), so tests can check which units and
weights a diagram has without looking at pixels. In :func:`network_figure`, each unit is a Line2D
marker with gid ``"node"`` and each weight a FancyArrowPatch with gid ``"edge"``; every label is an
entry of ``ax.texts``.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch

from .. import examples
from .._check import as_array
from ..network import Network
from ..show import fmt
from .style import GRAD, NEGATIVE, NODE_FILL, NODE_LINE, POSITIVE, VALUE, label_box, unit_name

NODE_SIZE = 30
"""A unit's diameter in points."""


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


def _check_keys(labels, valid, what, example):
    for key in labels:
        if key not in valid:
            raise ValueError(f"expected {what} keys such as {example} of this network, got {key!r}")


def network_figure(net, x=None, *, unit_labels=None, edge_labels=None, title=None, ax=None,
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
                    ha="center", va="center", fontsize=8, color=GRAD, zorder=3, bbox=label_box())

    for n in nodes:
        key = (n["layer"], n["index"])
        ax.add_line(Line2D([n["x"]], [n["y"]], marker="o", markersize=NODE_SIZE,
                           markerfacecolor=NODE_FILL, markeredgecolor=NODE_LINE, gid="node",
                           zorder=2))
        ax.text(n["x"], n["y"], unit_name(n["name"], tex=not plain_names), ha="center",
                va="center", fontsize=11, fontstyle="italic" if plain_names else "normal",
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
    fig = network_figure(net, x, title=f"w₁₁ = {fmt(w11, 2)}", plain_names=True)
    text = "\n".join([f"y = {fmt(y)}", f"t = {fmt(t)}", f"L = ½ Σ (y_k − t_k)² = {fmt(loss)}"])
    return fig, text
