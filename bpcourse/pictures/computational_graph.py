r"""Computational graphs of :class:`~bpcourse.engine.Value`: laid out, drawn, and explored.

A graph has one node per Value and one edge per (input → result) use, annotated with the local
derivative :math:`\partial\,\text{result}/\partial\,\text{input}`. The chain rule reads off the
picture: the gradient of a node is the sum, over its outgoing edges, of
local derivative × gradient of the node the edge points to,

.. math:: \frac{\partial L}{\partial v} = \sum_{v \to r}
          \frac{\partial r}{\partial v}\,\frac{\partial L}{\partial r}.
"""

import math

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from ..engine import Value
from ..show import fmt
from .style import EDGE, GRAD, LOCAL, NODE_LINE, VALUE, number, superscript

BOX_W, BOX_H = 0.62, 0.62
"""Size of a node's box in data units; columns and rows are 1 apart."""

OPS = {"+": "+", "-": "−", "*": "×", "/": "÷", "neg": "−( )", "exp": "exp", "log": "log",
       "relu": "ReLU", "sigmoid": "σ", "tanh": "tanh", "max": "max"}
"""How each op of :class:`~bpcourse.engine.Value` is written in its box."""


def op_symbol(op):
    """The symbol drawn for an op: ``"*"`` → ``"×"``, ``"sigmoid"`` → ``"σ"``, ``"**2"`` →
    ``"( )²"``; an op it does not know is drawn as its name."""
    if op.startswith("**"):
        return "( )" + superscript(op[2:])
    return OPS.get(op, op)


def graph_layout(root):
    """``{"nodes": [...], "edges": [...]}`` for the graph of ``root``, as plain data.

    Node: ``id``, ``label`` (``Value.label``, else its op), ``text`` (``"a = 0.5"``, or just the
    number for an unlabelled Value), ``data``, ``grad``, ``op``, ``x``, ``y``. Nodes are listed
    inputs first, ``root`` last. The column ``x`` is the longest path from the node to ``root``
    counted from the right (inputs left, ``root`` at the far right); ``y`` spreads a column's
    nodes around 0, in the order of the nodes they feed. Edge: ``source`` (the input),
    ``target`` (the result), ``local``
    :math:`=\\partial\\,\\text{target}/\\partial\\,\\text{source}`;
    a value used twice by one op (``x * x``) has two edges.
    """
    if not isinstance(root, Value):
        raise ValueError(f"expected a bpcourse Value, got {type(root).__name__}")
    order = root.topological_order()
    index = {id(v): i for i, v in enumerate(order)}
    edges = [{"source": index[id(c)], "target": index[id(v)], "local": float(d)}
             for v in order for c, d in zip(v.children, v.local)]
    depth = [0] * len(order)  # longest path to root, filled from the root down
    for v in reversed(order):
        for c in v.children:
            depth[index[id(c)]] = max(depth[index[id(c)]], depth[index[id(v)]] + 1)
    columns = max(depth)
    nodes = []
    for i, v in enumerate(order):
        text = f"{v.label} = {number(v.data)}" if v.label else number(v.data)
        nodes.append({"id": i, "label": v.label or v.op, "text": text, "data": v.data,
                      "grad": v.grad, "op": v.op, "x": float(columns - depth[i]), "y": 0.0})
    uses = {i: [] for i in range(len(order))}  # (target, position among its inputs)
    for v in order:
        for position, c in enumerate(v.children):
            uses[index[id(c)]].append((index[id(v)], position))
    for column in range(columns, -1, -1):  # right to left: the nodes a node feeds come first
        ids = [n["id"] for n in nodes if n["x"] == column]
        ids.sort(key=lambda i: sum(-nodes[t]["y"] + 0.1 * p for t, p in uses[i])
                 / max(len(uses[i]), 1))
        for row, i in enumerate(ids):
            nodes[i]["y"] = (len(ids) - 1) / 2 - row
    return {"nodes": nodes, "edges": edges}


def _bends(nodes, edges):
    """The arc (``arc3`` rad) of each edge: 0 for a straight arrow; two arrows between the same
    pair of nodes bow apart; an arrow that skips a column in one row arcs over the boxes."""
    pairs = [(e["source"], e["target"]) for e in edges]
    bends = []
    for i, pair in enumerate(pairs):
        a, b = nodes[pair[0]], nodes[pair[1]]
        same = [j for j, p in enumerate(pairs) if p == pair]
        if len(same) > 1:
            bends.append(0.45 * (same.index(i) - (len(same) - 1) / 2))
        elif b["x"] - a["x"] > 1 and a["y"] == b["y"]:
            bends.append(-0.35)
        else:
            bends.append(0.0)
    return bends


def _label_point(a, b, bend):
    """Where an edge's local derivative is written: on a straight arrow, halfway along the part
    between the two boxes; on an arc, at the top of the arc."""
    dx, dy = b["x"] - a["x"], b["y"] - a["y"]
    if bend:
        return (a["x"] + b["x"]) / 2 + bend * dy / 2, (a["y"] + b["y"]) / 2 - bend * dx / 2
    return a["x"] + dx / 2, a["y"] + dy / 2  # the boxes are alike: the gap is centred


def _to_edge(direction, sx, sy):
    """How far, in points, a line leaving a box's centre in ``direction`` (points) runs before
    it crosses the box's edge; ``sx``, ``sy`` are points per data unit."""
    ux, uy = direction
    length = math.hypot(ux, uy) or 1.0
    half_w, half_h = BOX_W / 2 * sx, BOX_H / 2 * sy
    return min(half_w * length / abs(ux) if ux else math.inf,
               half_h * length / abs(uy) if uy else math.inf)


def graph_figure(root, grads=True, ax=None, title=None):
    """Draw the graph of ``root``: a box per Value (its op, ``label = data``, and in red its
    gradient when ``grads``), an arrow per edge with its local derivative in blue. Returns the
    Figure.

    Call ``root.backward()`` first to show gradients :math:`\\partial\\,\\text{root}/\\partial v`;
    each red number is then the sum over the node's outgoing arrows of blue × red at the
    arrow's head.
    """
    g = graph_layout(root)
    nodes, edges = g["nodes"], g["edges"]
    columns = int(max(n["x"] for n in nodes)) + 1
    rows = max(sum(1 for n in nodes if n["x"] == c) for c in range(columns))
    arcs = any(_bends(nodes, edges))
    if ax is None:
        width = min(8.0, max(4.0, 1.35 * columns))
        height = min(4.5, max(2.2, 0.95 * rows + (0.9 if grads else 0.4) + (0.3 if title else 0)
                              + (0.3 if arcs else 0)))
        fig, ax = plt.subplots(figsize=(width, height))
        fig.subplots_adjust(left=0.01, right=0.99, bottom=0.12 if grads else 0.02,
                            top=0.9 if title else 0.98)
    fig = ax.figure
    # font size: 9 pt, smaller (down to 6.5) if the longest text would not fit in its box;
    # a character of DejaVu Sans is about 0.6 em wide
    box_inches = BOX_W * ax.get_position().width * fig.get_figwidth() / columns
    longest = max(len(n["text"]) for n in nodes)
    size = max(6.5, min(9.0, 0.9 * box_inches * 72 / (0.6 * longest)))
    for n in nodes:
        box = FancyBboxPatch((n["x"] - BOX_W / 2, n["y"] - BOX_H / 2), BOX_W, BOX_H,
                             boxstyle="round,pad=0,rounding_size=0.06",
                             facecolor="#eef3fa" if n["op"] else "white",
                             edgecolor=NODE_LINE, linewidth=1.0, gid="node", zorder=2)
        ax.add_patch(box)
        top = n["y"] + (0.17 if grads else 0.12)
        if n["op"]:
            ax.text(n["x"], top, op_symbol(n["op"]), ha="center", va="center", fontsize=size,
                    color="0.35", zorder=3)
        middle = n["y"] + (0.0 if grads else -0.06) if n["op"] else n["y"] + (0.08 if grads else 0)
        ax.text(n["x"], middle, n["text"], ha="center", va="center", fontsize=size,
                color=VALUE, zorder=3)
        if grads:
            ax.text(n["x"], n["y"] - 0.19, number(n["grad"]), ha="center", va="center",
                    fontsize=size, color=GRAD, fontweight="bold", zorder=3)
    top = max(n["y"] for n in nodes)
    xlim = (-0.45, columns - 0.55)
    ylim = (-top - 0.45, top + 0.45 + (0.3 if arcs else 0.0))
    # points per data unit, to end each arrow at its boxes' edges by shrinkA/shrinkB (clipping
    # the arrow to the boxes with patchA/patchB searches the curve on every draw: slower);
    # add_artist, not add_patch, which would compute each path once more for the data limits
    position = ax.get_position()
    sx = position.width * fig.get_figwidth() * 72 / (xlim[1] - xlim[0])
    sy = position.height * fig.get_figheight() * 72 / (ylim[1] - ylim[0])
    for e, bend in zip(edges, _bends(nodes, edges)):
        a, b = nodes[e["source"]], nodes[e["target"]]
        dx, dy = (b["x"] - a["x"]) * sx, (b["y"] - a["y"]) * sy
        # arc3 bends towards its control point: the arrow leaves and enters along these
        leave = (dx / 2 + bend * dy, dy / 2 - bend * dx)
        enter = (dx / 2 - bend * dy, dy / 2 + bend * dx)
        ax.add_artist(FancyArrowPatch((a["x"], a["y"]), (b["x"], b["y"]), arrowstyle="-|>",
                                      mutation_scale=11, shrinkA=_to_edge(leave, sx, sy) + 1,
                                      shrinkB=_to_edge(enter, sx, sy) + 1,
                                      connectionstyle=f"arc3,rad={bend}",
                                      color=EDGE, linewidth=1.1, gid="edge", zorder=1))
        mx, my = _label_point(a, b, bend)
        ax.text(mx, my, number(e["local"]), ha="center", va="center", fontsize=size - 0.5,
                color=LOCAL, zorder=4,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none"})
    if grads:
        handles = [Line2D([], [], color=c, marker="s", linestyle="") for c in (GRAD, LOCAL)]
        ax.legend(handles, ["gradient", "local derivative"],
                  loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=2, fontsize=size,
                  frameon=False, handletextpad=0.3, columnspacing=1.5)
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=11)
    return fig


CHAIN_B = -0.5
"""The fixed bias of the chain explored in notebook 01: :math:`y = \\sigma(w x + b)`."""


def chain_view(x=2.0, w=0.5, h=1e-5):
    r"""The chain :math:`y = \sigma(a)`, :math:`a = w x + b` (``b = CHAIN_B``) at one ``x``.

    .. math:: \frac{dy}{dx} = \frac{dy}{da}\,\frac{da}{dx} = \sigma(a)\,(1 - \sigma(a)) \cdot w

    Returns ``(figure, text)``: left, :math:`y(x)` with its tangent at ``x``; right, the graph
    with gradients. The text lists both local derivatives, their product and the centred
    difference :math:`(y(x + h) - y(x - h)) / 2h`.
    """
    if not all(isinstance(v, int | float) and math.isfinite(v) for v in (x, w, h)) or h <= 0:
        raise ValueError(f"expected finite numbers x, w and h > 0, got x={x!r}, w={w!r}, h={h!r}")

    def y_of(v):
        return 0.5 * (1.0 + math.tanh(0.5 * (w * v + CHAIN_B)))

    xv, wv, bv = Value(x, label="x"), Value(w, label="w"), Value(CHAIN_B, label="b")
    a = wv * xv + bv
    a.label = "a"
    y = a.sigmoid()
    y.label = "y"
    y.backward()
    dy_da, da_dx = y.data * (1.0 - y.data), w
    slope = dy_da * da_dx
    numeric = (y_of(x + h) - y_of(x - h)) / (2 * h)

    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.2), width_ratios=[1, 2.1])
    xs = [-4 + 8 * i / 200 for i in range(201)]
    left.plot(xs, [y_of(v) for v in xs], color="0.2", label="y = σ(wx + b)")
    left.plot([x - 1.2, x + 1.2], [y.data - 1.2 * slope, y.data + 1.2 * slope], color=GRAD,
              linewidth=2, label=f"tangent, slope {fmt(slope, 3)}")
    left.plot([x], [y.data], "o", color=GRAD)
    left.set(xlim=(-4, 4), ylim=(-0.15, 1.15), xlabel="x", ylabel="y")
    left.legend(loc="upper left", fontsize=8)
    left.grid(alpha=0.3)
    fig.subplots_adjust(left=0.08, right=0.995, bottom=0.15, top=0.97, wspace=0.04)
    graph_figure(y, ax=right)  # after the layout is fixed: it sizes its text to the axes
    text = "\n".join([
        f"a = w·x + b = {fmt(w)}·{fmt(x)} + ({fmt(CHAIN_B)}) = {fmt(a.data)}",
        f"y = σ(a) = {fmt(y.data)}",
        f"da/dx = w = {fmt(da_dx)}",
        f"dy/da = σ(a)(1 − σ(a)) = {fmt(dy_da)}",
        f"dy/dx = dy/da · da/dx = {fmt(dy_da)} · {fmt(da_dx)} = {fmt(slope)}",
        f"numeric (y(x+h) − y(x−h)) / 2h = {fmt(numeric)}   (h = {fmt(h, '.0e')})",
    ])
    return fig, text
