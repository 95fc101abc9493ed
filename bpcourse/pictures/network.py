r"""The network diagram: one circle per unit, one arrow per weight, and the explorer of
notebook 03 built on it.

The layout of a network is plain data (:func:`network_layout`), so tests can check which units and
weights a diagram has without looking at pixels. In :func:`network_figure`, each unit is a Line2D
marker with gid ``"node"`` and each weight an :class:`~.style.Arrow` (a FancyArrowPatch) with
gid ``"edge"``; every label is an entry of ``ax.texts``.
"""

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.lines import Line2D

from .. import examples
from .._check import as_array, layer_sizes
from ..network import Network
from ..show import fmt
from .style import (
    GRAD,
    LINE,
    NAME,
    NEGATIVE,
    NODE_FILL,
    NODE_LINE,
    POSITIVE,
    SMALL,
    TEXT_H,
    VALUE,
    Arrow,
    apart,
    label_box,
    text_width,
    unit_name,
)

NODE_SIZE = 32
"""A unit's diameter in points."""
GAP = 4.0
"""Points between a unit's circle and the labels above and below it."""
CROSSING = 14.0
"""Points kept clear of edge labels about the crossing of two labelled edges."""
LEGEND_ROOM = 22.0
"""Points at the bottom of the axes for the legend of the weights' colours."""
LABELLED, UNLABELLED = "0.35", "0.78"
"""The neutral greys of the arrows when the edges carry labels (gradients, names): darker for
an edge with a label, lighter for one without."""


def network_layout(sizes):
    """Units and weights of a network with these layer ``sizes``, as plain data.

    ``{"nodes": [{"layer", "index", "x", "y", "name"}, ...], "edges": [{"layer", "i", "j"}, ...]}``.
    Layer 0 is the input; node ``x`` is its layer, ``y`` centres each layer around 0, first unit
    on top. Names follow the notation: ``x1, x2, ...`` for inputs, ``y1, ...`` for outputs and
    ``h1, ...`` for a single hidden layer; with several hidden layers unit j of hidden layer l is
    ``h{l}_{j}`` (:math:`h^{(l)}_j`). Edge ``(layer, i, j)`` is the weight
    ``net.weights[layer][i, j]`` from unit i of layer ``layer`` to unit j of layer ``layer + 1``.
    """
    sizes = layer_sizes(sizes)
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


def _plain(text):
    """A label without its mathtext markup, to measure it: ``"error $y_1 - t_1$"`` →
    ``"error y1 - t1"``."""
    for markup in ("$", "{", "}", "_", "^", "\\"):
        text = text.replace(markup, "")
    return text


def _label_size(text):
    """Width and height of a (possibly multi-line) label at SMALL points, in points."""
    lines = str(text).split("\n")
    width = max(text_width(_plain(line)) for line in lines)
    return width + (6 if "$" in text else 2), (len(lines) - 1) * LINE + TEXT_H + 2


def network_figure(net, x=None, *, unit_labels=None, edge_labels=None, title=None, ax=None,
                   reverse=False, plain_names=False, edge_label_at=None, label_sides=None):
    """Draw ``net`` (a :class:`~bpcourse.network.Network`): one circle per unit, one arrow per
    weight, coloured by its sign (blue > 0, orange < 0) with width growing with :math:`|w|`.

    With an input ``x`` (one example), runs ``net.forward(x)`` and prints each unit's activation
    under it (:math:`x_i`, :math:`h_j`, :math:`y_k`). ``unit_labels`` ``{(layer, index): text}``
    adds red text above a unit (e.g. its δ; ``"\\n"`` starts a second line), or beside it where
    ``label_sides`` ``{(layer, index): "left" or "right"}`` says so; ``edge_labels``
    ``{(layer, i, j): text}`` writes text on a weight's arrow (e.g. :math:`\\partial L/\\partial
    u_{jk}`), ``edge_label_at`` of the way from unit i to unit j (by default near the arrow's
    tail: 0.28, or 0.72 with ``reverse``) or, if another label or a unit is there, at the nearest
    free place along the arrow. With edge labels the arrows are neutral grey, darker where they
    carry a label, and there is no legend of signs: the numbers on them are not the weights.
    ``reverse=True`` points the arrows right to left, for the backward pass. ``plain_names=True``
    writes the unit names in italic Unicode (``x₁``) instead of mathtext (:math:`x_1`), which is
    faster to draw; the explorers use it. Returns the figure.

    Every text is at least 10 pt; the margins and the spacing of the units make room for the
    labels, so none lies over a unit or over another label. ``ax.network_labels`` keeps
    ``{("unit" or "edge", key): (text artist, size)}`` for the labels given, the size being what
    the layout made room for: an explorer may write new labels of the same sizes in them.
    """
    if not isinstance(net, Network):
        raise ValueError(f"expected a bpcourse Network, got {type(net).__name__}")
    g = network_layout(net.sizes)
    nodes, edges = g["nodes"], g["edges"]
    unit_labels, edge_labels = dict(unit_labels or {}), dict(edge_labels or {})
    _check_keys(unit_labels, {(n["layer"], n["index"]) for n in nodes}, "unit_labels", "(1, 0)")
    sides = dict(label_sides or {})
    _check_keys(sides, set(unit_labels), "label_sides", "(1, 0) of unit_labels")
    if set(sides.values()) - {"left", "right"}:
        raise ValueError(f"expected label_sides 'left' or 'right', got {sides}")
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
        size = (min(8.0, 1.6 + 2.3 * (layers - 1)), min(4.5, 1.3 + 0.8 * tallest))
        fig, ax = plt.subplots(figsize=size)
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.01, top=0.91 if title else 0.99)
    fig = ax.figure
    if title:
        ax.set_title(title, fontsize=NAME)
    legend = not edge_labels
    if legend:
        handles = [Line2D([], [], color=c, linewidth=2) for c in (POSITIVE, NEGATIVE)]
        ax.legend(handles, ["weight > 0", "weight < 0"], loc="lower center", ncol=2,
                  fontsize=SMALL, frameon=False, borderaxespad=0.2)
    if fig.get_layout_engine() is not None:  # fix the axes' size before measuring in it
        fig.get_layout_engine().execute(fig)
    box = ax.get_position()
    width, height = box.width * fig.get_figwidth() * 72, box.height * fig.get_figheight() * 72

    # room around the units for their labels, in points
    radius = NODE_SIZE / 2
    above = {key: _label_size(text) for key, text in unit_labels.items() if key not in sides}
    beside = {key: _label_size(unit_labels[key]) for key in sides}
    below = {(n["layer"], n["index"]): _value_size(fmt(values[n["layer"]][n["index"]]))
             for n in nodes} if values is not None else {}
    top = max([radius + GAP + max([h for _, h in above.values()] or [0])]
              + [h / 2 for _, h in beside.values()]) + 4
    bottom = max([radius + GAP + max([h for _, h in below.values()] or [0])]
                 + [h / 2 for _, h in beside.values()]) + 4 + (LEGEND_ROOM if legend else 0)

    def half(layer):
        return max([radius] + [w / 2 for labels in (above, below)
                               for (lay, _), (w, _) in labels.items() if lay == layer]) + 4

    def outer(layer, side):  # room for the labels beside the units of an outermost layer
        return max([half(layer)] + [radius + GAP + w + 4 for (lay, i), (w, _) in beside.items()
                                    if lay == layer and sides[(lay, i)] == side])

    left, right = outer(0, "left"), outer(layers - 1, "right")
    sx = (width - left - right) / (layers - 1)
    span = (tallest - 1) / 2
    sy = (height - top - bottom) / (2 * span) if span else 1.0
    ax.set_xlim(-left / sx, layers - 1 + right / sx)
    ax.set_ylim(-span - bottom / sy, span + top / sy)

    where = {(n["layer"], n["index"]): (n["x"], n["y"]) for n in nodes}

    def rect(centre, w, h):  # a rectangle of w × h points about a point in data units, in points
        return (centre[0] * sx - w / 2, centre[1] * sy - h / 2,
                centre[0] * sx + w / 2, centre[1] * sy + h / 2)

    offset = radius + GAP  # from a unit's centre to its label above and its value below
    taken = [rect(p, NODE_SIZE + 2, NODE_SIZE + 2) for p in where.values()]
    taken += [rect((p[0], p[1] + (offset + above[k][1] / 2) / sy), *above[k])
              for k, p in where.items() if k in above]
    taken += [rect((p[0], p[1] - (offset + below[k][1] / 2) / sy), *below[k])
              for k, p in where.items() if k in below]
    sign = {"left": -1, "right": 1}
    taken += [rect((p[0] + sign[sides[k]] * (offset + beside[k][0] / 2) / sx, p[1]), *beside[k])
              for k, p in where.items() if k in beside]

    # where two labelled edges cross, a label would belong to either: keep the crossings clear
    for a in edge_labels:
        for b in edge_labels:
            if a < b and a[0] == b[0] and (a[1] - b[1]) * (a[2] - b[2]) < 0:
                (ya0, ya1), (yb0, yb1) = ((where[k[:2]][1], where[(k[0] + 1, k[2])][1])
                                          for k in (a, b))
                s = (yb0 - ya0) / ((ya1 - ya0) - (yb1 - yb0))
                taken.append(rect((a[0] + s, ya0 + s * (ya1 - ya0)), CROSSING, CROSSING))

    # each edge label at its place along the edge, or at the nearest free one
    at = edge_label_at if edge_label_at is not None else (0.72 if reverse else 0.28)
    fractions = [at] + sorted(np.arange(0.12, 0.885, 0.04), key=lambda f: abs(f - at))
    spots = {}
    for e in edges:
        key = (e["layer"], e["i"], e["j"])
        if key not in edge_labels:
            continue
        (x0, y0), (x1, y1) = where[key[:2]], where[(key[0] + 1, key[2])]
        label = _label_size(edge_labels[key])
        places = [rect((x0 + f * (x1 - x0), y0 + f * (y1 - y0)), *label) for f in fractions]
        place = next((r for r in places if apart(r, taken, 2.0)), places[0])
        taken.append(place)
        spots[key] = ((place[0] + place[2]) / 2 / sx, (place[1] + place[3]) / 2 / sy)

    largest = _largest(net)
    drawn, arrows, shown = {}, {}, {}
    for e in edges:
        key = (e["layer"], e["i"], e["j"])
        weight = float(net.weights[e["layer"]][e["i"], e["j"]])
        start, end = where[(e["layer"], e["i"])], where[(e["layer"] + 1, e["j"])]
        if reverse:
            start, end = end, start
        if legend:
            colour, linewidth = _edge_style(weight, largest)
        else:
            colour, linewidth = (LABELLED, 1.6) if key in edge_labels else (UNLABELLED, 1.0)
        # add_artist: the limits are set above; add_patch would compute each arrow's path for them
        arrows[key] = ax.add_artist(Arrow(
            start, end, arrowstyle="-|>", mutation_scale=10, shrinkA=radius + 2,
            shrinkB=radius + 2, linewidth=linewidth, color=colour, alpha=0.8, gid="edge",
            zorder=1))
        if key in edge_labels:
            drawn[("edge", key)] = ax.text(*spots[key], edge_labels[key], ha="center",
                                           va="center", fontsize=SMALL, color=GRAD, zorder=3,
                                           bbox=label_box())

    for n in nodes:
        key = (n["layer"], n["index"])
        ax.add_line(Line2D([n["x"]], [n["y"]], marker="o", markersize=NODE_SIZE,
                           markerfacecolor=NODE_FILL, markeredgecolor=NODE_LINE, gid="node",
                           zorder=2))
        ax.text(n["x"], n["y"], unit_name(n["name"], tex=not plain_names), ha="center",
                va="center", fontsize=NAME, fontstyle="italic" if plain_names else "normal",
                zorder=3)
        if values is not None:
            shown[key] = ax.annotate(fmt(values[n["layer"]][n["index"]]), (n["x"], n["y"]),
                        xytext=(0, -offset), textcoords="offset points", ha="center",
                        va="top", fontsize=SMALL, color=VALUE, zorder=3)
        if key in sides:
            drawn[("unit", key)] = ax.annotate(
                unit_labels[key], (n["x"], n["y"]), xytext=(sign[sides[key]] * offset, 0),
                textcoords="offset points", ha="right" if sides[key] == "left" else "left",
                va="center", fontsize=SMALL, color=GRAD, zorder=3, bbox=label_box())
        elif key in unit_labels:
            drawn[("unit", key)] = ax.annotate(
                unit_labels[key], (n["x"], n["y"]), xytext=(0, offset),
                textcoords="offset points", ha="center", va="bottom", fontsize=SMALL,
                color=GRAD, zorder=3, bbox=label_box())
    ax.axis("off")
    ax.network_labels = {key: (artist, _label_size(artist.get_text()))
                         for key, artist in drawn.items()}
    ax.network_values = {key: (artist, below[key]) for key, artist in shown.items()}
    ax.network_arrows = arrows if legend else {}
    return fig


def _value_size(text):
    """Width and height of a unit's value label, in points: the room the layout makes for it."""
    return text_width(text) + 2, TEXT_H + 2


def _largest(net):
    return max(float(np.max(np.abs(w))) for w in net.weights) or 1.0


def _edge_style(weight, largest):
    """Colour and line width of a weight's arrow (with the legend of signs)."""
    return (POSITIVE if weight >= 0 else NEGATIVE), 0.6 + 3.4 * abs(weight) / largest


def network_view(x1=1.0, x2=0.5, w11=0.15):
    r"""Explorer view of the course's 2-3-2 network (:func:`bpcourse.examples.network_2_3_2`)
    with input :math:`x = [x_1, x_2]` and the first weight :math:`w_{11}` (``w[0, 0]``) changed.

    Returns ``(figure, text)``: the network drawing with its activations, and the lines
    :math:`y`, :math:`t` and :math:`L = \tfrac12 \sum_k (y_k - t_k)^2`.
    ``network_view.update(figure, **values)`` writes the new numbers into a figure it drew when
    each takes the room of the one before (the explorer's fast path; else it raises, and the
    explorer draws a new figure) and returns the text.
    """
    net, x, text = _network_at(x1, x2, w11)
    fig = network_figure(net, x, title=f"w₁₁ = {fmt(w11, 2)}", plain_names=True)
    return fig, text


def _network_at(x1, x2, w11):
    """The course's network at these values, run forward: ``(net, x, text)``."""
    net, _, t = examples.network_2_3_2()
    net.weights[0][0, 0] = w11
    x = as_array([x1, x2], "x")
    y = net.forward(x)
    loss = net.loss(x, t)
    text = "\n".join([f"y = {fmt(y)}", f"t = {fmt(t)}", f"L = ½ Σ (y_k − t_k)² = {fmt(loss)}"])
    return net, x, text


def _network_update(fig, x1=1.0, x2=0.5, w11=0.15):
    """Write :func:`network_view`'s numbers at new values into a figure it drew, if each value
    label fits the room of the one before (the layout is made around their sizes), recolour the
    arrows and return the text."""
    net, x, text = _network_at(x1, x2, w11)
    ax = fig.axes[0]
    values = [x] + [np.asarray(h) for h in net.h]
    new = {key: fmt(values[key[0]][key[1]]) for key in ax.network_values}
    if any(_value_size(words) != ax.network_values[key][1] for key, words in new.items()):
        raise ValueError("a value label changed size: the layout changes")
    for key, words in new.items():
        ax.network_values[key][0].set_text(words)
    largest = _largest(net)
    for (layer, i, j), arrow in ax.network_arrows.items():
        colour, linewidth = _edge_style(float(net.weights[layer][i, j]), largest)
        arrow.set_color(colour)
        arrow.set_linewidth(linewidth)
    ax.title.set_text(f"w₁₁ = {fmt(w11, 2)}")
    return text


network_view.update = _network_update
