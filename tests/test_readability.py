"""Every picture of the course is readable on a projector, at the figure's own size.

Each case below draws one picture as the course draws it: the figures of the notebooks with
their examples and titles, and every explorer's view at its start and at the ends of its
sliders. Drawing a case once records what is actually drawn: every Text (titles, labels, tick
labels, legends, annotations; invisible and empty texts are skipped) and every unit, gate or box
of a diagram (an artist with gid ``"node"``). Each test then measures one rule with the
figure's own renderer:

- the figure fits a slide: at most 8 × 4.5 inches;
- no text is smaller than 10 pt;
- no two texts overlap (by more than 1 pixel both across and down);
- no text overlaps a node, unless it lies wholly inside it (the node's own name, value, ...);
- no text is cut off by the edge of the figure.
"""

import functools
import math
from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.lines import Line2D
from matplotlib.patches import FancyBboxPatch, Patch
from matplotlib.text import Text

import bpcourse as bp
from bpcourse import examples
from bpcourse.datasets import two_classes
from bpcourse.pictures import (
    activation_figure,
    backward_figure,
    backward_step_view,
    chain_view,
    decision_regions,
    delta_view,
    graph_figure,
    learning_rate_view,
    loss_curves,
    network_figure,
    network_view,
    neuron_figure,
    neuron_view,
    step_view,
)
from bpcourse.pictures.plots import vanishing_view

MAX_WIDTH, MAX_HEIGHT = 8.0, 4.5  # inches: a 16:9 slide
SMALLEST = 10.0  # points
SLACK = 1.0  # pixels two boxes may share before they count as overlapping


# ------------------------------------------------------------------ the pictures of the course


def neuron_graph(x=2.0, w=0.5, b=-0.5, t=1.0):
    """00 and 01: L = ½(y − t)², y = σ(w x + b), as a graph of Values, after backward()."""
    xv, wv, bv, tv = (bp.Value(v, label=n) for v, n in [(x, "x"), (w, "w"), (b, "b"),
                                                         (t, "t")])
    a = wv * xv + bv
    a.label = "a"
    y = a.sigmoid()
    y.label = "y"
    loss = 0.5 * (y - tv) ** 2
    loss.label = "L"
    loss.backward()
    return loss


def two_paths_graph():
    """01: h feeds a′ and a″; L = ½(a′ − t′)² + ½(a″ − t″)²."""
    av, u1, u2 = bp.Value(0.5, label="a"), bp.Value(2.0, label="u₁"), bp.Value(-1.0, label="u₂")
    t1, t2 = bp.Value(1.0, label="t′"), bp.Value(0.0, label="t″")
    h = av.sigmoid()
    h.label = "h"
    a1, a2 = u1 * h, u2 * h
    a1.label, a2.label = "a′", "a″"
    loss = 0.5 * (a1 - t1) ** 2 + 0.5 * (a2 - t2) ** 2
    loss.label = "L"
    loss.backward()
    return loss


def max_graph():
    """01: f = (p + q)·max(r, s) with p, q, r, s = 1, 2, 4, −1."""
    p, q, r, s = (bp.Value(v, label=n) for v, n in [(1, "p"), (2, "q"), (4, "r"), (-1, "s")])
    m = bp.Value(max(r.data, s.data), (r, s), (1.0, 0.0), "max")
    g = p + q
    f = g * m
    g.label, m.label, f.label = "g", "m", "f"
    f.backward()
    return f


def two_input_graph():
    """A sigmoid neuron with two inputs, y = σ(w₁x₁ + w₂x₂ + b): 10 nodes, 4 in one column."""
    x1, x2 = bp.Value(1.0, label="x₁"), bp.Value(-2.0, label="x₂")
    w1, w2 = bp.Value(0.15, label="w₁"), bp.Value(-0.25, label="w₂")
    a = w1 * x1 + w2 * x2 + bp.Value(0.1, label="b")
    a.label = "a"
    y = a.sigmoid()
    y.label = "y"
    y.backward()
    return y


def used_twice_graph():
    """f = a·a + a: a value used twice by one op (two arrows) and once more (an arc)."""
    a = bp.Value(3.0, label="a")
    f = a * a + a
    f.label = "f"
    f.backward()
    return f


def engine_08_graph():
    """09: L = e·e with e = a·b + a, the graph its backward pass is stepped through."""
    a, b = bp.Value(2.0, label="a"), bp.Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    e = c + a
    e.label = "e"
    L = e * e
    L.label = "L"
    return L


def neuron_circuit(grads=True):
    """02: the ReLU neuron of the course as a circuit."""
    unit, x = examples.relu_neuron()
    unit.forward(x)
    return neuron_figure(x, unit.w, unit.b, grads=unit.backward(1.0) if grads else None)


def output_gradients():
    """04: δ⁽²⁾ on each output unit and ∂L/∂u on each hidden → output edge, as the notebook
    draws it."""
    net, x, t = examples.network_2_3_2()
    g = net.gradients(x, t)
    delta2 = g.deltas[1]
    fig, ax = plt.subplots(figsize=(7.5, 4.2), layout="constrained")
    network_figure(net, x, ax=ax,
                   unit_labels={(2, k): f"δ⁽²⁾{'₁₂'[k]} = {bp.fmt(delta2[k], 4)}"
                                for k in range(2)},
                   edge_labels={(1, j, k): bp.fmt(g.weights[1][j, k], 4)
                                for j in range(3) for k in range(2)},
                   title="output layer: δ⁽²⁾ on each output unit, ∂L/∂u on each edge")
    return fig


def hidden_paths():
    """05: how w₁₁ reaches both outputs, as the notebook draws it."""
    net, x, _ = examples.network_2_3_2()
    fig, ax = plt.subplots(figsize=(7.5, 4.5), layout="constrained")
    network_figure(
        net, x, ax=ax,
        edge_labels={(0, 0, 0): "$w_{11}$", (1, 0, 0): "$u_{11}$", (1, 0, 1): "$u_{12}$"},
        unit_labels={(1, 0): "no target here", (2, 0): "error $y_1 - t_1$",
                     (2, 1): "error $y_2 - t_2$"},
        title="$w_{11}$ changes $h_1$, and $h_1$ changes both outputs",
    )
    return fig


def trained_regions():
    """07: the decision regions of the 2-3-2 network after 300 epochs."""
    x, t = two_classes()
    net = bp.Network([2, 3, 2], seed=0)
    bp.training.train(net, x, t, 10.0, 300)
    return decision_regions(net, x, t)


def three_runs():
    """07: three loss curves on a log scale, with a legend."""
    x, t = two_classes()
    curves = {}
    for label, size, eta in (("full batch, η = 10", None, 10.0),
                             ("mini-batches of 10, η = 10", 10, 10.0),
                             ("one example at a time, η = 1", 1, 1.0)):
        net = bp.Network([2, 3, 2], seed=0)
        curves[label] = bp.training.train(net, x, t, eta, 100, batch_size=size, seed=0)
    return loss_curves(curves, title="Full batch versus stochastic", log=True)


def first(view):
    """The figure of a view's ``(figure, text)``."""
    return lambda **kw: view(**kw)[0]


NAMES = {"sigmoid": "sigmoid", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "leaky ReLU",
         "softmax": "softmax"}

PICTURES = {
    # computational graphs, notebooks 00 and 01
    "graph 00 neuron": lambda: graph_figure(
        neuron_graph(), title="the computation, with each value (black) and its gradient dL/dv "
                              "(red)"),
    "graph 01 neuron": lambda: graph_figure(
        neuron_graph(), title="a = w·x + b,  y = σ(a),  L = ½(y − t)²"),
    "graph 01 two paths": lambda: graph_figure(
        two_paths_graph(), title="h feeds a′ and a″: its gradient is the sum over both arrows"),
    "graph 01 max gate": lambda: graph_figure(max_graph(), title="f = (p + q)·max(r, s)"),
    "graph two inputs": lambda: graph_figure(two_input_graph(), title="a neuron with two inputs"),
    "graph used twice": lambda: graph_figure(used_twice_graph()),
    "graph without gradients": lambda: graph_figure(neuron_graph(), grads=False),
    "graph small numbers": lambda: graph_figure(neuron_graph(x=-3.9, w=2.9, b=-0.5, t=1.0)),
    "chain_view start": lambda: chain_view(x=2.0, w=0.5)[0],
    "chain_view corner": lambda: chain_view(x=-4.0, w=-3.0)[0],
    "chain_view steep": lambda: chain_view(x=0.1, w=3.0)[0],
    # the engine the students build, notebook 09
    "graph 09 before backward": lambda: graph_figure(
        engine_08_graph(), grads=False, title="f = a·b + a, as recorded by the forward pass"),
    "backward_step_view start": lambda: backward_step_view(engine_08_graph(), 0)[0],
    "backward_step_view middle": lambda: backward_step_view(engine_08_graph(), 2)[0],
    "backward_step_view end": lambda: backward_step_view(engine_08_graph(), 3)[0],
    "backward_step_view neuron": lambda: backward_step_view(neuron_graph(), 4)[0],
    # the neuron as a circuit, notebook 02
    "neuron_figure with gradients": neuron_circuit,
    "neuron_figure forward only": lambda: neuron_circuit(grads=False),
    "neuron_view start": lambda: neuron_view()[0],
    "neuron_view dead": lambda: neuron_view(w1=-3.0, w2=-1.0, w3=0.0, b=-1.0)[0],
    "neuron_view corner": lambda: neuron_view(w1=-4.0, w2=4.0, w3=-4.0, b=-4.0)[0],
    # the network, notebooks 00, 03, 04, 05
    "network 00": lambda: network_figure(*examples.network_2_3_2()[:2],
                                         title="the 2-3-2 network of the course"),
    "network 03": lambda: network_figure(*examples.network_2_3_2()[:2],
                                         title="the 2-3-2 network at x = [1.0, 0.5]"),
    "network without input": lambda: network_figure(examples.network_2_3_2()[0]),
    "network deeper": lambda: network_figure(bp.Network([3, 4, 4, 2], seed=0), [1.0, 2.0, 3.0]),
    "network 04 output gradients": output_gradients,
    "network 05 paths of w11": hidden_paths,
    "network_view start": lambda: network_view()[0],
    "network_view corner": lambda: network_view(x1=-2.0, x2=2.0, w11=-6.0)[0],
    # the backward pass, notebooks 04 and 05
    "backward_figure 05": lambda: backward_figure(
        *examples.network_2_3_2(), title="backward pass: δ⁽²⁾u on the edges, δ⁽¹⁾ = gain × ∂L/∂h"),
    "delta_view hidden start": lambda: delta_view()[0],
    "delta_view hidden corner": lambda: delta_view(t1=1.0, t2=0.0)[0],
    "delta_view output start": lambda: delta_view(hidden=False)[0],
    "delta_view output corner": lambda: delta_view(t1=1.0, t2=0.0, hidden=False)[0],
    # training, notebooks 07 and 08
    "loss_curves one": lambda: loss_curves({"η = 10": [0.25, 0.2, 0.1, 0.05]}),
    "loss_curves three, log": three_runs,
    "decision_regions": trained_regions,
    "activation_figure 08": lambda: activation_figure(
        (bp.SIGMOID, bp.TANH, bp.RELU, bp.LEAKY_RELU, bp.SOFTMAX), NAMES),
    "learning_rate_view start": lambda: learning_rate_view()[0],
    "learning_rate_view small": lambda: learning_rate_view(log10_eta=-1.0, epochs=10)[0],
    "learning_rate_view large": lambda: learning_rate_view(log10_eta=3.0, epochs=300)[0],
    "step_view start": lambda: step_view(0)[0],
    "step_view five": lambda: step_view(5)[0],
    "step_view end": lambda: step_view(300)[0],
    "vanishing_view start": lambda: vanishing_view()[0],
    "vanishing_view He": lambda: vanishing_view(10, "ReLU", 1.41)[0],
    "vanishing_view exploding": lambda: vanishing_view(30, "ReLU", 3.0)[0],
    "vanishing_view shortest": lambda: vanishing_view(2, "tanh", 0.5)[0],
}


# ------------------------------------------------------------------ drawing and measuring


@dataclass(frozen=True)
class Label:
    text: str
    size: float
    box: tuple  # (x0, y0, x1, y1) in pixels


@dataclass(frozen=True)
class Node:
    box: tuple  # (x0, y0, x1, y1) in pixels; a round node is the circle inside it
    round: bool


@dataclass(frozen=True)
class Drawing:
    inches: tuple
    frame: tuple  # the figure, (0, 0, width, height) in pixels
    labels: tuple
    nodes: tuple


def corners(bbox):
    return tuple(float(v) for v in (bbox.x0, bbox.y0, bbox.x1, bbox.y1))


def node_of(artist, renderer):
    if isinstance(artist, Line2D):  # a marker: a circle (or square) about its one point
        cx, cy = (float(v) for v in
                  artist.get_transform().transform(np.column_stack(artist.get_data())[0]))
        r = (artist.get_markersize() + artist.get_markeredgewidth()) / 2 * artist.figure.dpi / 72
        return Node((cx - r, cy - r, cx + r, cy + r), artist.get_marker() == "o")
    box = corners(artist.get_window_extent(renderer))
    style = artist.get_boxstyle() if isinstance(artist, FancyBboxPatch) else None
    return Node(box, type(style).__name__ == "Circle")


@functools.cache
def drawing(name):
    """The picture ``name``, drawn and measured once for all the tests."""
    return measure(PICTURES[name]())


def measure(fig):
    """Draw ``fig`` at its own size, recording each text and node drawn; then close it."""
    texts, nodes = [], []
    draws = {cls: cls.draw for cls in (Text, Patch, Line2D)}

    def recording(cls):
        def draw(self, renderer):
            if cls is Text and self.get_visible() and self.get_text().strip():
                texts.append(self)
            elif cls is not Text and self.get_visible() and self.get_gid() == "node":
                nodes.append(self)
            return draws[cls](self, renderer)
        return draw

    try:
        for cls in draws:
            cls.draw = recording(cls)
        fig.canvas.draw()
    finally:
        for cls, draw in draws.items():
            cls.draw = draw
    renderer = fig.canvas.get_renderer()
    labels = tuple(Label(t.get_text(), t.get_fontsize(),
                         corners(Text.get_window_extent(t, renderer))) for t in texts)
    result = Drawing(tuple(fig.get_size_inches()), corners(fig.bbox), labels,
                     tuple(node_of(n, renderer) for n in nodes))
    plt.close(fig)
    return result


def overlap(a, b):
    """How far two boxes overlap across and down, in pixels (≤ 0: they do not)."""
    return min(a[2], b[2]) - max(a[0], b[0]), min(a[3], b[3]) - max(a[1], b[1])


def inside(box, node):
    """Whether ``box`` lies wholly inside ``node`` (within the slack)."""
    if not node.round:
        return all(inner >= outer - SLACK for inner, outer in zip(box[:2], node.box[:2])) and \
            all(inner <= outer + SLACK for inner, outer in zip(box[2:], node.box[2:]))
    cx, cy, r = (node.box[0] + node.box[2]) / 2, (node.box[1] + node.box[3]) / 2, \
        (node.box[2] - node.box[0]) / 2
    return all(math.hypot(x - cx, y - cy) <= r + SLACK
               for x in (box[0], box[2]) for y in (box[1], box[3]))


def touches(box, node):
    """Whether ``box`` overlaps ``node`` by more than the slack."""
    if not node.round:
        return min(overlap(box, node.box)) > SLACK
    cx, cy, r = (node.box[0] + node.box[2]) / 2, (node.box[1] + node.box[3]) / 2, \
        (node.box[2] - node.box[0]) / 2
    nearest = (min(max(cx, box[0]), box[2]), min(max(cy, box[1]), box[3]))
    return math.hypot(nearest[0] - cx, nearest[1] - cy) < r - SLACK


CASES = pytest.mark.parametrize("name", list(PICTURES))


# ------------------------------------------------------------------ the rules


@CASES
def test_the_picture_fits_a_slide(name):
    width, height = drawing(name).inches
    assert width <= MAX_WIDTH and height <= MAX_HEIGHT, f"{width:.2f} × {height:.2f} in"


@CASES
def test_no_text_is_smaller_than_10_pt(name):
    small = [(label.text, label.size) for label in drawing(name).labels if label.size < SMALLEST]
    assert not small, f"texts below {SMALLEST:g} pt: {small}"


@CASES
def test_no_text_overlaps_another(name):
    labels = drawing(name).labels
    clashes = [(a.text, b.text, tuple(round(d, 1) for d in overlap(a.box, b.box)))
               for i, a in enumerate(labels) for b in labels[i + 1:]
               if min(overlap(a.box, b.box)) > SLACK]
    assert not clashes, f"overlapping texts (across, down in px): {clashes}"


@CASES
def test_no_text_overlaps_a_node_it_does_not_belong_to(name):
    d = drawing(name)
    clashes = [(label.text, k) for label in d.labels for k, node in enumerate(d.nodes)
               if touches(label.box, node) and not inside(label.box, node)]
    assert not clashes, f"texts over a node (text, node number): {clashes}"


@CASES
def test_no_text_is_cut_off_by_the_edge_of_the_figure(name):
    d = drawing(name)
    outside = [label.text for label in d.labels if not inside(label.box, Node(d.frame, False))]
    assert not outside, f"texts not wholly inside the figure: {outside}"


def test_the_rules_find_what_they_are_meant_to_find():
    """The measuring itself: a 9 pt label, two labels on top of each other, one on a node and
    one over the edge are all seen; a name inside its own node is not a clash."""
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.add_line(Line2D([0.5], [0.5], marker="o", markersize=30, gid="node"))
    ax.text(0.5, 0.5, "h₁", ha="center", va="center", fontsize=11)
    ax.text(0.5, 0.55, "on the node", ha="center", fontsize=10)
    ax.text(0.1, 0.1, "here", fontsize=9)
    ax.text(0.1, 0.1, "there", fontsize=12)
    ax.text(0.99, 0.9, "cut off at the right", fontsize=12)
    ax.set(xlim=(0, 1), ylim=(0, 1))
    ax.axis("off")
    d = measure(fig)
    assert [label.text for label in d.labels if label.size < SMALLEST] == ["here"]
    texts = {label.text: label for label in d.labels}
    assert min(overlap(texts["here"].box, texts["there"].box)) > SLACK
    (node,) = d.nodes
    assert inside(texts["h₁"].box, node)
    assert touches(texts["on the node"].box, node) and not inside(texts["on the node"].box, node)
    assert not inside(texts["cut off at the right"].box, Node(d.frame, False))
