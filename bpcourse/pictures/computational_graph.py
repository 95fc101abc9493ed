r"""Computational graphs of :class:`~bpcourse.engine.Value`: laid out, drawn, and explored.

A graph has one node per Value and one edge per (input → result) use, annotated with the local
derivative :math:`\partial\,\text{result}/\partial\,\text{input}`. The chain rule reads off the
picture: the gradient of a node is the sum, over its outgoing edges, of
local derivative × gradient of the node the edge points to,

.. math:: \frac{\partial L}{\partial v} = \sum_{v \to r}
          \frac{\partial r}{\partial v}\,\frac{\partial L}{\partial r}.

**The protocol.** The pictures draw any object that looks like a Value, such as the engine a
student writes in notebook 08. They only read these attributes of each node:

- ``data`` and ``grad``: numbers;
- ``children``: the values it was computed from, in order; a value used twice appears twice
  (micrograd's name ``_prev`` is read when there is no ``children``; a set, as there, keeps
  one edge per input);
- ``local`` (optional): the local derivative of the node with respect to each child, in the
  same order; without it the arrows carry no number (and :func:`backward_step_view` cannot
  step);
- ``op`` (optional, micrograd's ``_op`` also read): the operation's name, ``"+"``, ``"*"``,
  ``"tanh"``, ...; ``""`` for an input;
- ``label`` (optional): a name to write in the box.

Nothing is called and nothing is changed: drawing a graph never runs its ``backward``.
"""

import math

import matplotlib.pyplot as plt
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch

from ..engine import Value
from ..show import fmt
from .style import (
    EDGE,
    GRAD,
    LINE,
    LOCAL,
    NAME,
    NODE_LINE,
    SMALL,
    TEXT_H,
    VALUE,
    Arrow,
    apart,
    number,
    superscript,
    text_width,
)

OPS = {"+": "+", "-": "−", "*": "×", "/": "÷", "neg": "−( )", "exp": "exp", "log": "log",
       "relu": "ReLU", "sigmoid": "σ", "tanh": "tanh", "max": "max"}
"""How each op of :class:`~bpcourse.engine.Value` is written in its box."""


def op_symbol(op):
    """The symbol drawn for an op: ``"*"`` → ``"×"``, ``"sigmoid"`` → ``"σ"``, ``"**2"`` →
    ``"( )²"``; an op it does not know is drawn as its name."""
    if op.startswith("**"):
        return "( )" + superscript(op[2:])
    return OPS.get(op, op)


def _inputs(v):
    """The children of ``v`` by the protocol (``children``, else micrograd's ``_prev``)."""
    children = getattr(v, "children", None)
    if children is None:
        children = getattr(v, "_prev", ())
    return tuple(children)


def _local(v, n):
    """The ``n`` local derivatives of ``v`` by the protocol, or ``n`` times None."""
    local = getattr(v, "local", None)
    try:
        local = tuple(float(d) for d in local)
    except (TypeError, ValueError):  # no local derivatives stored, or not numbers
        return (None,) * n
    return local if len(local) == n else (None,) * n


def _op(v):
    op = getattr(v, "op", None)
    return str(op if op is not None else getattr(v, "_op", "") or "")


def _check_node(v):
    if isinstance(v, Value):
        return
    missing = [a for a in ("data", "grad") if not hasattr(v, a)]
    if missing or not (hasattr(v, "children") or hasattr(v, "_prev")):
        raise ValueError(
            f"expected a bpcourse Value, got {type(v).__name__}: a graph is drawn from objects "
            f"with data, grad and children (see the protocol in computational_graph)")


def topological_order(root):
    """Every node ``root`` depends on, itself last, inputs first: an iterative depth-first
    search over the protocol's ``children`` (no recursion, so any depth). Nodes are told apart
    by identity, so objects that define ``==`` are fine."""
    _check_node(root)
    order, seen, stack = [], {id(root)}, [(root, iter(_inputs(root)))]
    while stack:
        node, pending = stack[-1]
        for child in pending:
            if id(child) not in seen:
                _check_node(child)
                seen.add(id(child))
                stack.append((child, iter(_inputs(child))))
                break
        else:
            stack.pop()
            order.append(node)
    return order


def _folded(order, constants):
    """The ids of the inputs of ``order`` (leaves) that :func:`graph_layout` writes into the
    box they feed instead of their own: every unlabelled one, and those listed in
    ``constants`` when it is a list (any that feed an op none of whose other inputs has a box
    stay boxes, so that every box keeps an arrow in)."""
    listed = () if constants is True else tuple(constants)
    leaves = {id(v) for v in order if not _inputs(v)}
    chosen = {id(v) for v in listed} | {
        id(v) for v in order if not _inputs(v) and not str(getattr(v, "label", "") or "")}
    if {id(v) for v in listed} - leaves:
        raise ValueError("expected constants that are inputs of the graph (values computed "
                         "from nothing), got a computed value or one the graph does not use")
    for v in order:
        ids = [id(c) for c in _inputs(v)]
        if ids and all(i in chosen for i in ids):
            chosen -= set(ids)
    return chosen


def _expression(v, folded):
    """The op line of ``v``'s box: its symbol, with its folded inputs written in (``( ) ×
    0.5``, ``( ) − t′``); ``( )`` stands for an input that has its own box."""
    op = _op(v)
    inputs = _inputs(v)
    if not op or not any(id(c) in folded for c in inputs):
        return op_symbol(op) if op else ""
    parts = [(str(getattr(c, "label", "") or "") or number(float(c.data)))
             if id(c) in folded else "( )" for c in inputs]
    symbol = op_symbol(op)
    if op in ("+", "-", "*", "/"):
        return f" {symbol} ".join(parts)
    return f"{symbol}({', '.join(parts)})"


def graph_layout(root, constants=False):
    """``{"nodes": [...], "edges": [...]}`` for the graph of ``root``, as plain data.

    ``root`` is a :class:`~bpcourse.engine.Value` or any object following the protocol of this
    module (``data``, ``grad``, ``children``, optionally ``local``, ``op``, ``label``).
    Node: ``id``, ``label`` (``Value.label``, else its op), ``name`` (``Value.label``),
    ``text`` (``"a = 0.5"``, or just the number for an unlabelled Value), ``data``, ``grad``,
    ``op``, ``expression`` (the op as its box writes it: ``"×"``, or ``"( ) × 0.5"`` with a
    folded constant; ``""`` for an input), ``x``, ``y``. Nodes are listed inputs first,
    ``root`` last. The column ``x`` is the
    longest path from the node to ``root`` counted from the right (inputs left, ``root`` at the
    far right); ``y`` spreads a column's nodes around 0, in the order of the nodes they feed.
    Edge: ``source`` (the input), ``target`` (the result), ``local``
    :math:`=\\partial\\,\\text{target}/\\partial\\,\\text{source}` (None when the node
    stores no local derivatives); a value used twice by one op (``x * x``) has two edges.

    ``constants`` folds inputs whose gradient nobody needs into the boxes they feed: True folds
    every unlabelled input (a number such as the ½ of ½(y − t)²), a list of Values folds those
    too (targets, say). They get neither a node nor an edge; the op they feed writes them in
    its ``expression``.
    """
    order = topological_order(root)
    folded = _folded(order, constants) if constants else set()
    order = [v for v in order if id(v) not in folded]
    index = {id(v): i for i, v in enumerate(order)}
    every = [_inputs(v) for v in order]
    children = [tuple(c for c in cs if id(c) not in folded) for cs in every]
    edges = [{"source": index[id(c)], "target": i, "local": d}
             for i, (v, cs) in enumerate(zip(order, every))
             for c, d in zip(cs, _local(v, len(cs))) if id(c) not in folded]
    depth = [0] * len(order)  # longest path to root, filled from the root down
    for i in reversed(range(len(order))):
        for c in children[i]:
            depth[index[id(c)]] = max(depth[index[id(c)]], depth[i] + 1)
    columns = max(depth)
    nodes = []
    for i, v in enumerate(order):
        label, op = str(getattr(v, "label", "") or ""), _op(v)
        data, grad = float(v.data), float(v.grad)
        text = f"{label} = {number(data)}" if label else number(data)
        nodes.append({"id": i, "label": label or op, "name": label, "text": text,
                      "data": data, "grad": grad, "op": op,
                      "expression": _expression(v, folded),
                      "x": float(columns - depth[i]), "y": 0.0})
    uses = {i: [] for i in range(len(order))}  # (target, position among its inputs)
    for i in range(len(order)):
        for position, c in enumerate(children[i]):
            uses[index[id(c)]].append((i, position))
    for column in range(columns, -1, -1):  # right to left: the nodes a node feeds come first
        ids = [n["id"] for n in nodes if n["x"] == column]
        ids.sort(key=lambda i: sum(-nodes[t]["y"] + 0.1 * p for t, p in uses[i])
                 / max(len(uses[i]), 1))
        for row, i in enumerate(ids):
            nodes[i]["y"] = (len(ids) - 1) / 2 - row
    return {"nodes": nodes, "edges": edges}


PAD = 5.0
"""Points between a box's edge and its text."""
GAP = 18.0
"""The shortest arrow between two columns of boxes, in points; the preferred gap also holds
the arrow's label."""
TITLE_ROOM, LEGEND_ROOM, MARGIN = 24.0, 24.0, 4.0
"""Points above the graph for its title, below it for the legend, and around everything."""
OP_COLOUR = "0.35"
"""The grey of an op's symbol."""
LARGEST = (8.0 * 72, 4.5 * 72)
"""The largest figure, in points: a slide."""


def _lines(node, grads, split, digits):
    """The lines of text in a node's box, top to bottom, as ``(text, colour)``: its op, its name
    and value (``a = 0.5``, or ``a`` above ``0.5`` when ``split``), its gradient."""
    value = number(node["data"], digits)
    lines = [(node["expression"], OP_COLOUR)] if node["op"] else []
    if node["name"] and split:
        lines += [(node["name"], VALUE), (value, VALUE)]
    else:
        lines.append((f"{node['name']} = {value}" if node["name"] else value, VALUE))
    if grads:
        lines.append((number(node["grad"], digits), GRAD))
    return lines


def _bends(nodes, edges):
    """The arc (``arc3`` rad) of each edge: 0 for a straight arrow; two arrows between the same
    pair of nodes bow apart; an arrow that skips a column in one row arcs over the boxes (-1
    here: :func:`_layout` makes it just high enough)."""
    pairs = [(e["source"], e["target"]) for e in edges]
    bends = []
    for i, pair in enumerate(pairs):
        a, b = nodes[pair[0]], nodes[pair[1]]
        same = [j for j, p in enumerate(pairs) if p == pair]
        if len(same) > 1:
            bends.append(0.45 * (same.index(i) - (len(same) - 1) / 2))
        elif b["x"] - a["x"] > 1 and a["y"] == b["y"]:
            bends.append(-1.0)
        else:
            bends.append(0.0)
    return bends


def _to_edge(direction, half_w, half_h):
    """How far a line leaving a box's centre in ``direction`` runs before it crosses the box's
    edge (all in points)."""
    ux, uy = direction
    length = math.hypot(ux, uy) or 1.0
    return min(half_w * length / abs(ux) if ux else math.inf,
               half_h * length / abs(uy) if uy else math.inf)


def _layout(g, grads, area, split, digits, reach=0, strict=True):
    """Place the boxes and the edge labels of the graph ``g`` in ``area`` (width, height in
    points), everything in points from the area's bottom left corner.

    The columns are as far apart as the area allows, up to a gap that holds an arrow's label;
    the rows as close as the labels allow (a label on an arrow between rows half a unit apart
    needs a unit twice a box's height). A label goes on its arrow where it lies over no box and
    no other label; with ``reach`` 1, also just beside it; with 2, also above or below the boxes
    the arrow joins. ``None`` when the boxes do not fit, or (``strict``) when some label finds
    no free place; not ``strict``, such a label goes to the middle of its arrow."""
    nodes, edges = g["nodes"], g["edges"]
    lines = [_lines(n, grads, split, digits) for n in nodes]
    size = [(max(text_width(t) for t, _ in ls) + 2 * PAD,
             (len(ls) - 1) * LINE + TEXT_H + 2 * PAD) for ls in lines]
    labels = ["" if e["local"] is None else number(e["local"], digits) for e in edges]
    label_w = [text_width(t) + 3 if t else 0.0 for t in labels]
    columns = int(max(n["x"] for n in nodes)) + 1
    widths = [max([w for n, (w, _) in zip(nodes, size) if n["x"] == c] or [0.0])
              for c in range(columns)]
    room = area[0] - sum(widths)
    wish = max(2 * GAP, max(label_w, default=0) + 12)  # the arrow's label fits beside it
    gap = min(wish, room / (columns - 1)) if columns > 1 else 0
    if columns > 1 and gap < GAP and strict:
        return None
    left = (room - gap * (columns - 1)) / 2
    column_x = [left + sum(widths[:c]) + gap * c + widths[c] / 2 for c in range(columns)]
    tallest = max(h for _, h in size)
    levels = [n["y"] - min(n["y"] for n in nodes) for n in nodes]
    span = max(levels)
    bends = _bends(nodes, edges)
    arc_room = (tallest / 2 + TEXT_H + 8) if -1.0 in bends else 0.0
    most = (area[1] - tallest - arc_room) / span if span else 0.0
    if span and most < tallest + 4 and strict:
        return None
    base = tallest + TEXT_H + 8  # a label fits between two boxes one unit apart
    units = [k * base for k in (1.0, 1.25, 1.5, 1.75) if k * base < most] + [min(most, 2 * base)]
    for unit in units:
        bottom = (area[1] - arc_room - tallest - span * unit) / 2 + tallest / 2
        centres = [(column_x[int(n["x"])], bottom + y * unit) for n, y in zip(nodes, levels)]
        placed = _place_labels(edges, bends, label_w, centres, size, area, reach,
                               strict or unit != units[-1])
        if placed:
            return {"lines": lines, "size": size, "centres": centres, "labels": labels,
                    "spots": placed[0], "arrows": placed[1]}
    return None


def _place_labels(edges, bends, label_w, centres, size, area, reach, strict):
    """Each arrow of a layout, ``(start, end, bend, shrinkA, shrinkB)``, and the rectangle of its
    label; see :func:`_layout`."""
    boxes = [(x - w / 2, y - h / 2, x + w / 2, y + h / 2)
             for (x, y), (w, h) in zip(centres, size)]
    tallest = max(h for _, h in size)
    placed, arrows = [], []
    for e, bend, width in zip(edges, bends, label_w):
        (ax_, ay), (bx, by) = centres[e["source"]], centres[e["target"]]
        dx, dy = bx - ax_, by - ay
        if bend == -1.0:  # its label at the top of the arc, just over the boxes in between
            bend = -(tallest / 2 + TEXT_H / 2 + 4) / (math.hypot(dx, dy) / 2)
        # arc3 bends towards its control point: the arrow leaves and enters along these
        leave = (dx / 2 + bend * dy, dy / 2 - bend * dx)
        enter = (dx / 2 - bend * dy, dy / 2 + bend * dx)
        sw, sh = size[e["source"]]
        tw, th = size[e["target"]]
        shrink_a = _to_edge(leave, sw / 2, sh / 2) + 1
        shrink_b = _to_edge(enter, tw / 2, th / 2) + 1
        arrows.append((centres[e["source"]], centres[e["target"]], bend, shrink_a, shrink_b))
        control = (ax_ + dx / 2 + bend * dy, ay + dy / 2 - bend * dx)
        length = math.hypot(dx, dy) or 1.0
        if bend:
            ts = (0.5, 0.4, 0.6, 0.3, 0.7)
        else:  # the visible part of a straight arrow, between the two boxes
            lo, hi = shrink_a / length, 1 - shrink_b / length
            ts = [lo + f * (hi - lo) for f in (0.5, 0.35, 0.65, 0.2, 0.8)]
        spots = [((1 - t) ** 2 * ax_ + 2 * (1 - t) * t * control[0] + t ** 2 * bx,
                  (1 - t) ** 2 * ay + 2 * (1 - t) * t * control[1] + t ** 2 * by) for t in ts]
        normal = (-dy / length, dx / length)
        offsets = [TEXT_H + 4, max(sh, th) / 2 + TEXT_H / 2 + 4][:reach]
        spots += [(px + k * off * normal[0], py + k * off * normal[1])
                  for off in offsets for px, py in spots for k in (1, -1)]
        if not width:  # no label on this arrow: nothing to place
            placed.append((spots[0][0], spots[0][1], spots[0][0], spots[0][1]))
            continue
        for px, py in spots:
            rect = (px - width / 2, py - TEXT_H / 2 - 1, px + width / 2, py + TEXT_H / 2 + 1)
            if (rect[0] >= 0 and rect[2] <= area[0] and rect[1] >= 0 and rect[3] <= area[1]
                    and apart(rect, boxes, 2) and apart(rect, placed, 1)):
                break
        else:
            if strict:
                return None
            px, py = spots[0]
            rect = (px - width / 2, py - TEXT_H / 2 - 1, px + width / 2, py + TEXT_H / 2 + 1)
        placed.append(rect)
    return placed, arrows


def graph_figure(root, grads=True, ax=None, title=None, constants=False):
    """Draw the graph of ``root``: a box per Value (its op, ``label = data``, and in red its
    gradient when ``grads``), an arrow per edge with its local derivative in blue. Returns the
    Figure.

    ``constants`` writes inputs whose gradient nobody needs into the box of the op they feed
    instead of giving them boxes and arrows of their own (``( ) × 0.5``, ``( ) − t′``): True
    for every unlabelled input, the number ``0.5`` of ``0.5 * v`` say; a list of Values, such
    as targets, for those as well (see :func:`graph_layout`).

    Call ``root.backward()`` first to show gradients :math:`\\partial\\,\\text{root}/\\partial v`;
    each red number is then the sum over the node's outgoing arrows of blue × red at the
    arrow's head.

    Every text is 10 pt (the title 12): the boxes are sized to their text, and the figure (at
    most 8 × 4.5 inches) to the boxes, with each blue number placed on its arrow where it lies
    over no box and no other number. When a graph is too large for that, its names go on a line
    of their own above their values (narrower boxes), then its numbers are written with three
    significant digits instead of four, then a label may sit beside its arrow.

    ``root`` may be any object following the protocol of this module (its docstring).
    """
    return _draw(graph_layout(root, constants), grads, ax, title)


FOCUS = 2.5
"""The line width of the box and the arrows :func:`_draw` marks."""


def _draw(g, grads, ax, title, focus=None):
    """Draw the layout ``g`` (:func:`graph_layout`); ``focus``, a node id, marks that node's box
    and the arrows into it in red (the node the backward pass is at)."""
    layout, frame = _fit(g, grads, ax, title)
    if ax is None:
        width, height, inner, shift = frame
        fig = plt.figure(figsize=(width / 72, height / 72))
        below = LEGEND_ROOM if grads else MARGIN
        ax = fig.add_axes((MARGIN / width, below / height, inner[0] / width, inner[1] / height))
        ax.set_xlim(0, inner[0])
        ax.set_ylim(0, inner[1])
        fig._graph_frame = frame, grads, title is not None  # what a step's update compares
    else:
        box = ax.get_position()
        ax.set_xlim(0, box.width * ax.figure.get_figwidth() * 72)
        ax.set_ylim(0, box.height * ax.figure.get_figheight() * 72)
        shift = (0.0, 0.0)
    _draw_parts(ax, g, layout, shift, focus)
    if grads:
        handles = [Line2D([], [], color=c, marker="s", linestyle="") for c in (GRAD, LOCAL)]
        ax.legend(handles, ["gradient", "local derivative"], loc="upper center",
                  bbox_to_anchor=(0.5, 0.0), ncol=2, fontsize=SMALL, frameon=False,
                  handletextpad=0.3, columnspacing=1.5, borderaxespad=0.3)
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=NAME, pad=6)
    return ax.figure


def _fit(g, grads, ax, title):
    """``(layout, frame)``: the first layout of ``g`` that fits the axes ``ax`` or, for a new
    figure (``ax`` None), the largest figure; ``frame`` is then the figure that layout needs,
    ``(width, height, inner, shift)`` in points (the axes' size and where the graph moves to in
    it), and None for given axes."""
    top = TITLE_ROOM if title else MARGIN
    below = LEGEND_ROOM if grads else MARGIN
    if ax is None:
        area = (LARGEST[0] - 2 * MARGIN, LARGEST[1] - top - below)
    else:
        box = ax.get_position()
        area = (box.width * ax.figure.get_figwidth() * 72,
                box.height * ax.figure.get_figheight() * 72)
    tries = [(digits, split, reach) for reach in (0, 1, 2) for digits in (".4g", ".3g")
             for split in (False, True)]
    for digits, split, reach in tries:
        layout = _layout(g, grads, area, split, digits, reach)  # the first that fits
        if layout:
            break
    else:  # nothing fits: draw it anyway, as compact as it gets
        layout = _layout(g, grads, area, True, ".3g", reach=2, strict=False)
    if ax is not None:
        return layout, None
    # the figure: the graph's own extent, and no narrower than the title
    boxes = [(x - w / 2, y - h / 2, x + w / 2, y + h / 2)
             for (x, y), (w, h) in zip(layout["centres"], layout["size"])]
    x0 = min(b[0] for b in boxes + layout["spots"])
    x1 = max(b[2] for b in boxes + layout["spots"])
    y0 = min(b[1] for b in boxes + layout["spots"])
    y1 = max(b[3] for b in boxes + layout["spots"])
    legend = text_width("gradient") + text_width("local derivative") + 80 if grads else 0
    width = min(LARGEST[0], max(x1 - x0, text_width(title or "", NAME), legend) + 4 * MARGIN)
    height = min(LARGEST[1], y1 - y0 + top + below)
    inner = (width - 2 * MARGIN, height - top - below)
    shift = ((inner[0] - (x1 - x0)) / 2 - x0, (inner[1] - (y1 - y0)) / 2 - y0)
    return layout, (width, height, inner, shift)


def _draw_parts(ax, g, layout, shift, focus):
    """The boxes, their text, the arrows and their labels of ``layout``, moved by ``shift``."""
    def at(point):
        return point[0] + shift[0], point[1] + shift[1]

    for n, (x, y), (w, h), lines in zip(g["nodes"], layout["centres"], layout["size"],
                                        layout["lines"]):
        x, y = at((x, y))
        # add_artist: the limits are set; add_patch would work out each box's data limits
        ax.add_artist(FancyBboxPatch((x - w / 2, y - h / 2), w, h,
                                     boxstyle="round,pad=0,rounding_size=5",
                                     facecolor="#eef3fa" if n["op"] else "white",
                                     edgecolor=GRAD if n["id"] == focus else NODE_LINE,
                                     linewidth=FOCUS if n["id"] == focus else 1.0, gid="node",
                                     zorder=2))
        first = y + (len(lines) - 1) * LINE / 2
        for k, (text, colour) in enumerate(lines):
            ax.text(x, first - k * LINE, text, ha="center", va="center", fontsize=SMALL,
                    color=colour, zorder=3)
    for (start, end, bend, shrink_a, shrink_b), text, spot, e in zip(
            layout["arrows"], layout["labels"], layout["spots"], g["edges"]):
        marked = focus is not None and e["target"] == focus
        # shrinkA/B end it at the boxes' edges (patchA/B would search the curve)
        ax.add_artist(Arrow(at(start), at(end), arrowstyle="-|>", mutation_scale=11,
                            shrinkA=shrink_a, shrinkB=shrink_b,
                            connectionstyle=f"arc3,rad={bend}",
                            color=GRAD if marked else EDGE,
                            linewidth=FOCUS if marked else 1.1, gid="edge", zorder=1))
        if not text:
            continue
        ax.text(*at(((spot[0] + spot[2]) / 2, (spot[1] + spot[3]) / 2)), text, ha="center",
                va="center", fontsize=SMALL, color=LOCAL, zorder=4,
                bbox={"boxstyle": "round,pad=0.1", "facecolor": "white", "edgecolor": "none"})


def _name(node):
    """How the step view's text names a node: its label, else its op and value."""
    if node["name"]:
        return node["name"]
    if node["op"]:
        return f"[{op_symbol(node['op'])}: {number(node['data'])}]"
    return f"[{number(node['data'])}]"


def _paren(text):
    return f"({text})" if text.startswith("-") else text


def backward_step_view(root, step=0):
    r"""The backward pass of ``root``, stopped after ``step`` nodes have sent their gradient on.

    The pass visits the nodes that have inputs in reverse topological order (the output first);
    at each, the node's gradient is complete, and it adds to each input
    :math:`\text{local} \times \text{its gradient}`:

    .. math:: \text{input.grad} \mathrel{+}= \frac{\partial\,\text{node}}
              {\partial\,\text{input}}\,\text{node.grad}.

    Step 0 is the start: the output's gradient is 1, every other 0. Returns ``(figure,
    text)``: the graph with the gradients as they stand (the node of this step and the arrows
    it sends along in red), and the sums of this step in words. ``root`` may be any object of
    the module's protocol that stores ``local``; the view computes the gradients itself and
    changes nothing in the graph. ``backward_step_view.update(figure, root, step)`` moves a
    figure it drew to another step whose graph fits the same figure (the explorer's fast path)
    and returns the text.
    """
    g, title, focus, text = _backward_step(root, step)
    return _draw(g, True, None, title, focus), text


def _backward_step(root, step):
    """What :func:`backward_step_view` draws: ``(layout, title, focus, text)``, the layout's
    nodes holding the gradients after ``step`` steps."""
    g = graph_layout(root)
    nodes, edges = g["nodes"], g["edges"]
    if any(e["local"] is None for e in edges):
        raise ValueError("expected each node to store its local derivatives (local), got a "
                         "node without them: the step view needs them to send gradients back")
    senders = [n["id"] for n in reversed(nodes) if any(e["target"] == n["id"] for e in edges)]
    if isinstance(step, bool) or not isinstance(step, int) or not 0 <= step <= len(senders):
        raise ValueError(f"expected a whole step from 0 to {len(senders)}, got {step!r}")
    grad = [0.0] * len(nodes)
    grad[-1] = 1.0
    lines = []
    for k, i in enumerate(senders[:step], 1):
        lines = [f"step {k} of {len(senders)}: {_name(nodes[i])} has its whole gradient "
                 f"{fmt(grad[i])} and sends local × {fmt(grad[i])} to each input:"]
        for e in edges:
            if e["target"] == i:
                j = e["source"]
                before, grad[j] = grad[j], grad[j] + e["local"] * grad[i]
                lines.append(f"  {_name(nodes[j])}: {fmt(before)} + {fmt(e['local'])} × "
                             f"{_paren(fmt(grad[i]))} = {fmt(grad[j])}")
    if step == 0:
        lines = [f"step 0 of {len(senders)}: the output {_name(nodes[-1])} starts with "
                 "gradient 1, every other node with 0"]
    waiting = [_name(nodes[i]) for i in senders[step:]]
    lines.append("next: " + ", ".join(waiting) if waiting else
                 "done: every gradient is complete (the inputs send nothing on)")
    for node, value in zip(nodes, grad):
        node["grad"] = value
    title = f"backward pass, step {step} of {len(senders)}"
    return g, title, senders[step - 1] if step else None, "\n".join(lines)


def _backward_step_update(fig, root, step=0):
    """Draw step ``step`` on the figure :func:`backward_step_view` drew: the boxes, arrows and
    labels anew on its axes, when the graph needs the same figure (else ValueError)."""
    g, title, focus, text = _backward_step(root, step)
    layout, frame = _fit(g, True, None, title)
    if getattr(fig, "_graph_frame", None) != (frame, True, True):
        raise ValueError("this step's graph needs a figure of another size")
    ax = fig.axes[0]
    for artist in [*ax.patches, *ax.texts, *ax.artists]:
        artist.remove()
    _draw_parts(ax, g, layout, frame[3], focus)
    ax.title.set_text(title)
    return text


backward_step_view.update = _backward_step_update


CHAIN_B = -0.5
"""The fixed bias of the chain explored in notebook 01: :math:`y = \\sigma(w x + b)`."""


def _chain_numbers(x, w, h):
    """What :func:`chain_view` shows: ``(y_of, y, slope, text)``, ``y`` the graph's root."""
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
    text = "\n".join([
        f"a = w·x + b = {fmt(w)}·{fmt(x)} + ({fmt(CHAIN_B)}) = {fmt(a.data)}",
        f"y = σ(a) = {fmt(y.data)}",
        f"da/dx = w = {fmt(da_dx)}",
        f"dy/da = σ(a)(1 − σ(a)) = {fmt(dy_da)}",
        f"dy/dx = dy/da · da/dx = {fmt(dy_da)} · {fmt(da_dx)} = {fmt(slope)}",
        f"numeric (y(x+h) − y(x−h)) / 2h = {fmt(numeric)}   (h = {fmt(h, '.0e')})",
    ])
    return y_of, y, slope, text


_CHAIN_XS = [-4 + 8 * i / 200 for i in range(201)]


def _tangent(x, y, slope):
    """The tangent's two ends, 1.2 either side of ``x``."""
    return [x - 1.2, x + 1.2], [y.data - 1.2 * slope, y.data + 1.2 * slope]


def chain_view(x=2.0, w=0.5, h=1e-5):
    r"""The chain :math:`y = \sigma(a)`, :math:`a = w x + b` (``b = CHAIN_B``) at one ``x``.

    .. math:: \frac{dy}{dx} = \frac{dy}{da}\,\frac{da}{dx} = \sigma(a)\,(1 - \sigma(a)) \cdot w

    Returns ``(figure, text)``: left, :math:`y(x)` with its tangent at ``x``; right, the graph
    with gradients. The text lists both local derivatives, their product and the centred
    difference :math:`(y(x + h) - y(x - h)) / 2h`. ``chain_view.update(figure, **values)``
    moves a figure it drew (the explorer's fast path: the curve, the tangent and its legend, and
    the graph drawn again on its panel) and returns the text.
    """
    y_of, y, slope, text = _chain_numbers(x, w, h)
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.2), width_ratios=[1, 2.1])
    left.plot(_CHAIN_XS, [y_of(v) for v in _CHAIN_XS], color="0.2", label="y = σ(wx + b)")
    left.plot(*_tangent(x, y, slope), color=GRAD, linewidth=2,
              label=f"tangent, slope {number(slope, '.3g')}")
    left.plot([x], [y.data], "o", color=GRAD)
    left.set(xlim=(-4, 4), ylim=(-0.15, 1.15), xlabel="x", ylabel="y")
    left.legend(loc="upper left", fontsize=SMALL)
    left.grid(alpha=0.3)
    fig.subplots_adjust(left=0.08, right=0.995, bottom=0.15, top=0.97, wspace=0.04)
    graph_figure(y, ax=right)  # after the layout is fixed: it lays the graph out in the axes
    return fig, text


def _chain_update(fig, x=2.0, w=0.5, h=1e-5):
    """Move the figure :func:`chain_view` drew to new values; return its text."""
    y_of, y, slope, text = _chain_numbers(x, w, h)
    left, right = fig.axes
    curve, tangent, point = left.lines
    curve.set_ydata([y_of(v) for v in _CHAIN_XS])
    tangent.set_data(*_tangent(x, y, slope))
    point.set_data([x], [y.data])
    label = f"tangent, slope {number(slope, '.3g')}"
    tangent.set_label(label)
    left.get_legend().texts[1].set_text(label)
    for artist in [*right.patches, *right.texts, *right.artists, right.get_legend()]:
        artist.remove()
    graph_figure(y, ax=right)
    return text


chain_view.update = _chain_update
