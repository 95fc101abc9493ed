"""Computational graphs: their layout as data, their drawing, and notebook 01's chain explorer."""

import math

import matplotlib.pyplot as plt
import pytest

from bpcourse import Value
from bpcourse.pictures.computational_graph import (
    FOCUS,
    backward_step_view,
    chain_view,
    graph_figure,
    graph_layout,
    op_symbol,
    topological_order,
)
from bpcourse.pictures.style import GRAD, number


def circuit():
    """f = (p·q + r)·2 with p = 3, q = −4, r = 2: f = −20."""
    p, q, r = Value(3.0, label="p"), Value(-4.0, label="q"), Value(2.0, label="r")
    pq = p * q
    pq.label = "pq"
    g = pq + r
    g.label = "g"
    f = g * 2.0
    f.label = "f"
    f.backward()
    return f


def by_label(g):
    return {n["label"]: n for n in g["nodes"]}


def edges_by_label(g):
    label = {n["id"]: n["label"] for n in g["nodes"]}
    return sorted((label[e["source"]], label[e["target"]], e["local"]) for e in g["edges"])


def test_layout_has_a_node_per_value_with_its_data_and_gradient():
    nodes = by_label(graph_layout(circuit()))
    assert set(nodes) == {"p", "q", "r", "pq", "g", "f", ""}  # "": the unlabelled constant 2
    assert nodes[""]["text"] == "2"
    assert [(nodes[k]["data"], nodes[k]["grad"]) for k in ("p", "q", "r", "pq", "g", "f")] == [
        (3.0, -8.0), (-4.0, 6.0), (2.0, 2.0), (-12.0, 2.0), (-10.0, 2.0), (-20.0, 1.0)]
    assert nodes["pq"]["op"] == "*" and nodes["g"]["op"] == "+" and nodes["p"]["op"] == ""
    assert nodes["pq"]["text"] == "pq = −12"  # a true minus sign, as drawn


def test_layout_names_each_node_by_its_label_and_leaves_the_rest_unnamed():
    nodes = by_label(graph_layout(circuit()))
    assert [nodes[k]["name"] for k in ("p", "pq", "f")] == ["p", "pq", "f"]
    assert nodes[""]["name"] == ""  # the constant 2


def test_layout_edges_carry_the_local_derivatives():
    # multiply: each input gets the other input; add: 1 to both
    assert edges_by_label(graph_layout(circuit())) == [
        ("", "f", -10.0), ("g", "f", 2.0), ("p", "pq", -4.0),
        ("pq", "g", 1.0), ("q", "pq", 3.0), ("r", "g", 1.0)]


def test_layout_puts_inputs_left_and_the_output_right():
    g = graph_layout(circuit())
    nodes = by_label(g)
    assert (nodes["p"]["x"], nodes["pq"]["x"], nodes["g"]["x"], nodes["f"]["x"]) == (0, 1, 2, 3)
    assert nodes["r"]["x"] == 1  # longest path to the output: r → g → f
    assert g["nodes"][-1]["label"] == "f"
    column0 = sorted(n["y"] for n in g["nodes"] if n["x"] == 0)
    assert column0 == [-0.5, 0.5]  # spread around 0


def test_a_value_used_twice_has_an_edge_per_use_and_sums_their_gradients():
    a = Value(3.0, label="a")
    f = a * a + a  # df/da = 2a + 1 = 7
    f.backward()
    g = graph_layout(f)
    from_a = sorted(e["local"] for e in g["edges"] if e["source"] == 0)
    assert from_a == [1.0, 3.0, 3.0]  # a·a sees a twice (local 3 each), + sees it once
    assert by_label(g)["a"]["grad"] == sum(from_a) == 7.0


def test_layout_rejects_what_is_not_a_value():
    with pytest.raises(ValueError, match="expected a bpcourse Value, got float"):
        graph_layout(2.0)


def test_draw_makes_a_box_per_node_and_an_arrow_per_edge():
    f = circuit()
    fig = graph_figure(f, title="circuit")
    ax = fig.axes[0]
    assert sum(p.get_gid() == "node" for p in ax.patches) == 7
    assert sum(p.get_gid() == "edge" for p in ax.patches) == 6
    texts = [t.get_text() for t in ax.texts]
    assert "pq = −12" in texts and "−8" in texts and "−10" in texts and "×" in texts
    assert ax.get_title() == "circuit"
    width, height = fig.get_size_inches()
    assert width <= 8 and height <= 4.5


def test_draw_without_gradients_shows_no_gradient_and_no_legend():
    fig = graph_figure(circuit(), grads=False)
    ax = fig.axes[0]
    assert ax.get_legend() is None
    assert "−8" not in [t.get_text() for t in ax.texts]


def test_draw_into_a_given_axes_returns_its_figure():
    fig, ax = plt.subplots()
    assert graph_figure(circuit(), ax=ax) is fig


def test_op_symbols_and_numbers_are_written_for_a_picture():
    assert [op_symbol(op) for op in ("*", "sigmoid", "**2", "-", "max", "cube")] == [
        "×", "σ", "( )²", "−", "max", "cube"]
    assert [number(v) for v in (-0.1774, 2.0, -0.0, 0.08872)] == [
        "−0.1774", "2", "0", "0.08872"]


def two_losses():
    """L = ½(a′ − t′)² + ½(a″ − t″)², a′ = 2h, a″ = −h, h = σ(0.5): notebook 01's two paths."""
    a, t1, t2 = Value(0.5, label="a"), Value(1.0, label="t′"), Value(0.0, label="t″")
    h = a.sigmoid()
    h.label = "h"
    a1, a2 = Value(2.0, label="u₁") * h, Value(-1.0, label="u₂") * h
    a1.label, a2.label = "a′", "a″"
    L = 0.5 * (a1 - t1) ** 2 + 0.5 * (a2 - t2) ** 2
    L.backward()
    return L, (t1, t2)


def test_constants_go_into_the_box_they_feed_without_a_box_or_an_arrow_of_their_own():
    L, targets = two_losses()
    full, folded = graph_layout(L), graph_layout(L, constants=targets)
    assert len(full["nodes"]) - len(folded["nodes"]) == 4  # t′, t″ and the two ½
    assert len(full["edges"]) - len(folded["edges"]) == 4
    expressions = sorted(n["expression"] for n in folded["nodes"] if n["op"])
    assert expressions == sorted(["σ", "×", "×", "( ) − t′", "( ) − t″", "( )²", "( )²",
                                  "( ) × 0.5", "( ) × 0.5", "+"])
    assert by_label(folded)["h"]["grad"] == by_label(full)["h"]["grad"]  # nothing recomputed
    only_numbers = graph_layout(L, constants=True)  # the ½, not the labelled targets
    assert {"t′", "t″"} <= {n["name"] for n in only_numbers["nodes"]}
    assert len(full["nodes"]) - len(only_numbers["nodes"]) == 2


def test_folded_constants_make_the_two_path_graph_smaller_and_its_text_legible():
    L, targets = two_losses()
    fig = graph_figure(L, constants=targets)
    ax = fig.axes[0]
    assert sum(p.get_gid() == "node" for p in ax.patches) == 13  # 17 with t′, t″ and the ½
    assert all(t.get_fontsize() >= 10 for t in ax.texts)
    assert "( ) − t′" in [t.get_text() for t in ax.texts]
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text()]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    assert fig.get_size_inches()[1] < graph_figure(L).get_size_inches()[1]
    plt.close("all")


def test_a_constant_is_kept_where_it_would_leave_an_op_without_an_arrow_in():
    c = Value(2.0) * Value(3.0)  # both unlabelled: folding both would leave × with no input
    assert len(graph_layout(c, constants=True)["nodes"]) == 3


def test_only_inputs_of_the_graph_can_be_constants():
    L, _ = two_losses()
    with pytest.raises(ValueError, match="inputs of the graph"):
        graph_layout(L, constants=[L])


def test_chain_view_prints_each_local_derivative_and_their_product():
    fig, text = chain_view(x=2.0, w=0.5)
    y = 1 / (1 + math.exp(-(0.5 * 2.0 - 0.5)))  # a = 0.5, y = 0.6225
    lines = text.splitlines()
    assert lines[0] == "a = w·x + b = 0.5000·2.0000 + (-0.5000) = 0.5000"
    assert lines[1] == f"y = σ(a) = {y:.4f}" == "y = σ(a) = 0.6225"
    assert lines[2] == "da/dx = w = 0.5000"
    assert lines[3] == "dy/da = σ(a)(1 − σ(a)) = 0.2350"
    assert lines[4] == "dy/dx = dy/da · da/dx = 0.2350 · 0.5000 = 0.1175"
    assert lines[5] == "numeric (y(x+h) − y(x−h)) / 2h = 0.1175   (h = 1e-05)"
    assert len(fig.axes) == 2
    width, height = fig.get_size_inches()
    assert width <= 8 and height <= 4.5


def test_chain_view_tangent_has_the_chain_rule_slope():
    fig, _ = chain_view(x=-1.0, w=2.0)
    tangent = fig.axes[0].lines[1]
    (x0, x1), (y0, y1) = tangent.get_xdata(), tangent.get_ydata()
    s = 1 / (1 + math.exp(-(2.0 * -1.0 - 0.5)))
    assert (y1 - y0) / (x1 - x0) == pytest.approx(s * (1 - s) * 2.0, rel=1e-12)


def test_chain_view_draws_the_graph_with_gradients_dy_dx_and_dy_dw():
    fig, _ = chain_view(x=2.0, w=0.5)
    texts = [t.get_text() for t in fig.axes[1].texts]
    assert "x = 2" in texts and "0.1175" in texts  # dy/dx
    assert "0.47" in texts  # dy/dw = σ'(a)·x = 0.235·2


def test_chain_view_rejects_numbers_it_cannot_use():
    with pytest.raises(ValueError, match="expected finite numbers"):
        chain_view(x=math.nan)
    with pytest.raises(ValueError, match="h > 0"):
        chain_view(h=0.0)


# --- the protocol: any object with data, grad, children (local, op, label) ---------------------


class Node:
    """A value written by someone else: the protocol's attributes and nothing more; it defines
    == by value, so it cannot be told apart by hashing."""

    def __init__(self, data, children=(), local=(), op="", label=""):
        self.data, self.grad = data, 0.0
        self.children, self.local, self.op, self.label = children, local, op, label

    def __eq__(self, other):
        return isinstance(other, Node) and self.data == other.data

    __hash__ = None

    def __mul__(self, other):
        return Node(self.data * other.data, (self, other), (other.data, self.data), "*")

    def __add__(self, other):
        return Node(self.data + other.data, (self, other), (1.0, 1.0), "+")


class MicrogradNode:
    """micrograd's names: _prev (a set) and _op, and no local derivatives."""

    def __init__(self, data, children=(), op=""):
        self.data, self.grad, self._prev, self._op = data, 0.0, set(children), op


def test_an_object_of_the_protocol_is_laid_out_as_a_bpcourse_value_would_be():
    p, q, r = Node(3.0, label="p"), Node(-4.0, label="q"), Node(2.0, label="r")
    f = p * q + r
    f.label = "f"
    mine = graph_layout(f)
    bp_p, bp_q, bp_r = Value(3.0, label="p"), Value(-4.0, label="q"), Value(2.0, label="r")
    g = bp_p * bp_q + bp_r
    g.label = "f"
    assert mine == graph_layout(g)


def test_a_value_used_twice_by_an_object_of_the_protocol_keeps_both_edges():
    x = Node(3.0, label="x")
    assert sorted(e["local"] for e in graph_layout(x * x)["edges"]) == [3.0, 3.0]


def test_a_micrograd_style_object_is_drawn_with_unlabelled_arrows():
    a, b = MicrogradNode(2.0), MicrogradNode(-3.0)
    c = MicrogradNode(-6.0, (a, b), "*")
    g = graph_layout(c)
    assert [e["local"] for e in g["edges"]] == [None, None]
    assert g["nodes"][-1]["op"] == "*"
    fig = graph_figure(c, grads=False)
    ax = fig.axes[0]
    assert sum(p.get_gid() == "edge" for p in ax.patches) == 2
    assert sorted(t.get_text() for t in ax.texts) == sorted(["2", "−3", "−6", "×"])


def test_an_object_without_the_protocol_is_refused_naming_what_came():
    class Broken:
        data = 1.0

    with pytest.raises(ValueError, match="expected a bpcourse Value, got Broken: .*data, grad "
                                         "and children"):
        graph_layout(Broken())


def test_drawing_an_object_of_the_protocol_changes_none_of_its_gradients():
    a, b = Node(2.0), Node(-3.0)
    f = a * b
    a.grad, b.grad, f.grad = 11.0, 12.0, 13.0
    graph_figure(f)
    assert (a.grad, b.grad, f.grad) == (11.0, 12.0, 13.0)


def test_the_topological_order_of_a_deep_protocol_graph_needs_no_recursion():
    x = Node(1.0)
    y = x
    for _ in range(3000):
        y = y * Node(1.0)
    order = topological_order(y)
    assert len(order) == 6001 and order[0] is x and order[-1] is y


# --- the backward pass, step by step -----------------------------------------------------------


def used_twice():
    """L = e·e with e = a·b + a, a = 2, b = −3 (the graph of notebook 09)."""
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    c = a * b
    c.label = "c"
    e = c + a
    e.label = "e"
    L = e * e
    L.label = "L"
    return L, a, b


def test_step_0_starts_with_the_output_gradient_1_and_every_other_0():
    L, _, _ = used_twice()
    fig, text = backward_step_view(L, 0)
    assert text.splitlines() == [
        "step 0 of 3: the output L starts with gradient 1, every other node with 0",
        "next: L, e, c"]
    grads = {t.get_text() for t in fig.axes[0].texts if t.get_color() == GRAD}
    assert grads == {"1", "0"}


def test_each_step_adds_local_times_the_node_gradient_to_each_input():
    L, _, _ = used_twice()
    _, text = backward_step_view(L, 2)
    assert text.splitlines() == [
        "step 2 of 3: e has its whole gradient -8.0000 and sends local × -8.0000 to each input:",
        "  c: 0.0000 + 1.0000 × (-8.0000) = -8.0000",
        "  a: 0.0000 + 1.0000 × (-8.0000) = -8.0000",
        "next: c"]


def test_the_last_step_gives_the_gradients_of_backward():
    L, a, b = used_twice()
    _, text = backward_step_view(L, 3)
    assert "  a: -8.0000 + -3.0000 × (-8.0000) = 16.0000" in text
    assert "  b: 0.0000 + 2.0000 × (-8.0000) = -16.0000" in text
    assert text.splitlines()[-1].startswith("done")
    L.backward()
    assert (a.grad, b.grad) == (16.0, -16.0)


def test_the_step_view_changes_nothing_in_the_graph():
    L, a, b = used_twice()
    backward_step_view(L, 3)
    assert (L.grad, a.grad, b.grad) == (0.0, 0.0, 0.0)


def test_the_step_view_marks_the_node_of_the_step_and_its_incoming_arrows_in_red():
    L, _, _ = used_twice()
    fig, _ = backward_step_view(L, 2)
    ax = fig.axes[0]
    boxes = [p for p in ax.patches if p.get_gid() == "node"]
    marked = [p for p in boxes if p.get_linewidth() == FOCUS]
    assert len(marked) == 1
    arrows = [p for p in ax.patches if p.get_gid() == "edge" and p.get_linewidth() == FOCUS]
    assert len(arrows) == 2  # c → e and a → e
    width, height = fig.get_size_inches()
    assert width <= 8 and height <= 4.5


def test_the_step_view_takes_objects_of_the_protocol():
    a, b = Node(2.0, label="a"), Node(-3.0, label="b")
    _, text = backward_step_view(a * b, 1)
    assert "  a: 0.0000 + -3.0000 × 1.0000 = -3.0000" in text


def test_the_step_view_rejects_a_step_outside_the_pass_and_nodes_without_local():
    L, _, _ = used_twice()
    with pytest.raises(ValueError, match="expected a whole step from 0 to 3, got 4"):
        backward_step_view(L, 4)
    with pytest.raises(ValueError, match="got 1.5"):
        backward_step_view(L, 1.5)
    c = MicrogradNode(-6.0, (MicrogradNode(2.0), MicrogradNode(-3.0)), "*")
    with pytest.raises(ValueError, match="local derivatives"):
        backward_step_view(c, 0)
