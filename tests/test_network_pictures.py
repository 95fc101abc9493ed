"""The network diagram, the neuron circuit and their explorer views, checked without a browser."""

import matplotlib.colors
import numpy as np
import pytest

import bpcourse as bp
from bpcourse import examples
from bpcourse.pictures import (
    network,
    network_figure,
    network_layout,
    network_view,
    neuron_figure,
    neuron_view,
    style,
)


def texts(fig):
    return [t.get_text() for ax in fig.axes for t in ax.texts]


def edges_drawn(fig):
    return [p for p in fig.axes[0].patches if p.get_gid() == "edge"]


def test_layout_of_the_2_3_2_network_names_its_units_by_the_notation():
    g = network_layout([2, 3, 2])
    assert [n["name"] for n in g["nodes"]] == ["x1", "x2", "h1", "h2", "h3", "y1", "y2"]
    assert [(n["layer"], n["index"]) for n in g["nodes"]][:3] == [(0, 0), (0, 1), (1, 0)]


def test_layout_of_the_2_3_2_network_has_one_edge_per_weight():
    edges = network_layout([2, 3, 2])["edges"]
    assert len(edges) == 2 * 3 + 3 * 2
    assert edges[0] == {"layer": 0, "i": 0, "j": 0}
    assert edges[-1] == {"layer": 1, "i": 2, "j": 1}


def test_layout_places_layers_left_to_right_and_centres_each_layer():
    nodes = network_layout([2, 3, 2])["nodes"]
    assert [n["x"] for n in nodes] == [0, 0, 1, 1, 1, 2, 2]
    assert [n["y"] for n in nodes] == [0.5, -0.5, 1, 0, -1, 0.5, -0.5]


def test_layout_of_a_deeper_network_numbers_its_hidden_layers():
    g = network_layout([3, 4, 4, 2])
    names = [n["name"] for n in g["nodes"]]
    assert names[:4] == ["x1", "x2", "x3", "h1_1"]
    assert names[7:9] == ["h2_1", "h2_2"]
    assert names[-2:] == ["y1", "y2"]
    assert len(g["edges"]) == 3 * 4 + 4 * 4 + 4 * 2


@pytest.mark.parametrize("sizes", [[2], [2, 0, 2], [2.0, 3], "232"])
def test_layout_refuses_wrong_sizes(sizes):
    with pytest.raises(ValueError, match="expected at least two positive layer sizes"):
        network_layout(sizes)


def test_network_draws_one_arrow_per_weight_and_one_marker_per_unit():
    net, x, _ = examples.network_2_3_2()
    fig = network_figure(net, x)
    assert len(edges_drawn(fig)) == 12
    assert len([line for line in fig.axes[0].lines if line.get_gid() == "node"]) == 7


def test_network_colours_weights_by_sign():
    net, x, _ = examples.network_2_3_2()
    first = edges_drawn(network_figure(net, x))[0]  # w[0, 0] = 0.15 > 0
    assert matplotlib.colors.to_hex(first.get_edgecolor()) == matplotlib.colors.to_hex(
        style.POSITIVE)


def test_network_with_edge_labels_draws_neutral_arrows_darker_where_labelled():
    net, x, _ = examples.network_2_3_2()
    fig = network_figure(net, x, edge_labels={(1, 0, 0): "∂L/∂u = 0.2"})
    arrows = edges_drawn(fig)
    hexes = [matplotlib.colors.to_hex(a.get_edgecolor()) for a in arrows]
    assert hexes[6] == matplotlib.colors.to_hex(network.LABELLED)  # (1, 0, 0): the 7th weight
    assert set(hexes[:6] + hexes[7:]) == {matplotlib.colors.to_hex(network.UNLABELLED)}
    assert fig.axes[0].get_legend() is None  # no weight signs to explain


def test_network_prints_the_activations_of_the_forward_pass():
    net, x, _ = examples.network_2_3_2()
    shown = texts(network_figure(net, x))
    y = net.forward(x)
    for value in [*x, *net.h[0], *y]:
        assert bp.fmt(value) in shown


def test_network_without_x_prints_no_values():
    net, _, _ = examples.network_2_3_2()
    shown = texts(network_figure(net))
    assert shown == ["$x_{1}$", "$x_{2}$", "$h_{1}$", "$h_{2}$", "$h_{3}$", "$y_{1}$", "$y_{2}$"]


def test_network_shows_the_unit_and_edge_labels_it_is_given():
    net, x, _ = examples.network_2_3_2()
    fig = network_figure(net, x, unit_labels={(2, 0): "δ = 0.1"},
                       edge_labels={(1, 2, 1): "∂L/∂u = 0.2"}, title="backward", reverse=True)
    shown = texts(fig)
    assert "δ = 0.1" in shown and "∂L/∂u = 0.2" in shown
    assert fig.axes[0].get_title() == "backward"


def test_network_puts_a_label_beside_its_unit_where_label_sides_says():
    net, x, _ = examples.network_2_3_2()
    fig = network_figure(net, x, unit_labels={(1, 0): "left of h₁", (2, 1): "right of y₂",
                                              (2, 0): "above y₁"},
                         label_sides={(1, 0): "left", (2, 1): "right"})
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = {t.get_text(): t.get_window_extent(renderer) for t in fig.axes[0].texts}
    h1, y1, y2 = boxes["$h_{1}$"], boxes["$y_{1}$"], boxes["$y_{2}$"]
    assert boxes["left of h₁"].x1 < h1.x0 and boxes["left of h₁"].y0 < h1.y1
    assert boxes["right of y₂"].x0 > y2.x1 and boxes["right of y₂"].y1 > y2.y0
    assert boxes["above y₁"].y0 > y1.y1
    assert boxes["right of y₂"].x1 < fig.bbox.x1  # the margin makes room for it


@pytest.mark.parametrize("sides", [{(1, 1): "left"}, {(1, 0): "below"}])
def test_network_refuses_a_side_without_a_label_or_that_is_not_left_or_right(sides):
    net, _, _ = examples.network_2_3_2()
    with pytest.raises(ValueError, match="expected label_sides"):
        network_figure(net, unit_labels={(1, 0): "δ"}, label_sides=sides)


def test_two_edge_labels_that_would_meet_where_their_edges_cross_move_apart():
    # u₁₂ (h₁ → y₂) and u₂₁ (h₂ → y₁) cross halfway: neither label stays on the crossing
    net, x, _ = examples.network_2_3_2()
    fig = network_figure(net, x, edge_labels={(1, 0, 1): "0.0425", (1, 1, 0): "0.0647"},
                         edge_label_at=0.5)
    spots = {t.get_text(): t.get_position() for t in fig.axes[0].texts}
    assert spots["0.0425"] != pytest.approx((1.5, 0.25))
    assert spots["0.0647"] != pytest.approx((1.5, 0.25))


def test_network_reverse_points_arrows_from_the_output_side():
    net, x, _ = examples.network_2_3_2()
    forward = edges_drawn(network_figure(net, x))[0]
    backward = edges_drawn(network_figure(net, x, reverse=True))[0]
    assert forward._posA_posB == [(0.0, 0.5), (1.0, 1.0)]
    assert backward._posA_posB == [(1.0, 1.0), (0.0, 0.5)]


def test_network_figure_fits_a_slide():
    width, height = network_figure(bp.Network([3, 4, 4, 2]), [1.0, 2.0, 3.0]).get_size_inches()
    assert width <= 8 and height <= 4.5


def test_network_refuses_a_label_for_a_unit_it_does_not_have():
    net, _, _ = examples.network_2_3_2()
    with pytest.raises(ValueError, match=r"expected unit_labels keys .* got \(3, 0\)"):
        network_figure(net, unit_labels={(3, 0): "δ"})


def test_network_refuses_an_input_of_the_wrong_size():
    net, _, _ = examples.network_2_3_2()
    expected = r"expected one example x of shape \(2,\), got shape \(3,\)"
    with pytest.raises(ValueError, match=expected):
        network_figure(net, [1.0, 2.0, 3.0])


def test_network_refuses_what_is_not_a_network():
    with pytest.raises(ValueError, match="expected a bpcourse Network, got list"):
        network_figure([2, 3, 2])


def test_neuron_circuit_shows_forward_values_and_gradients():
    unit, x = examples.relu_neuron()
    unit.forward(x)
    shown = texts(neuron_figure(x, unit.w, unit.b, grads=unit.backward(1.0)))
    for value in ["-3.00", "2.00", "6.00"]:  # the products, then a = y = 6
        assert value in shown
    assert shown.count("1.00") >= 5  # x₁, dw₁, the three product gradients, db, ...


def test_neuron_circuit_counts_its_inputs_and_weights_from_1():
    unit, x = examples.relu_neuron()
    shown = texts(neuron_figure(x, unit.w, unit.b))
    assert {"x₁", "w₁", "x₂", "w₂", "x₃", "w₃", "b", "y"} <= set(shown)
    assert "x₀" not in shown and "w₀" not in shown


def test_neuron_refuses_inputs_and_weights_of_different_shapes():
    expected = r"expected x of shape \(3,\) to match w, got shape \(2,\)"
    with pytest.raises(ValueError, match=expected):
        neuron_figure([1.0, 2.0], [1.0, 2.0, 3.0], 0.0)


def test_neuron_view_at_the_course_example():
    fig, text = neuron_view()
    assert "a = x·w + b = 6.0000" in text
    assert "y = max(0, a) = 6.0000" in text
    assert "dw = [1.0000, -2.0000, 3.0000]" in text
    assert "dx = [-3.0000, -1.0000, 2.0000]" in text
    assert "db = 1.0000" in text
    assert fig.get_size_inches()[0] <= 8 and fig.get_size_inches()[1] <= 4.5


def test_neuron_view_with_a_negative_sum_has_dead_gradients():
    _, text = neuron_view(w1=-3.0, w2=-1.0, w3=0.0, b=-1.0)  # a = -3 + 2 + 0 - 1 = -2
    assert "a = x·w + b = -2.0000" in text
    assert "y = max(0, a) = 0.0000" in text
    assert "dw = [0.0000, 0.0000, 0.0000]" in text
    assert "db = 0.0000" in text
    assert "dead" in text


def test_network_view_prints_the_output_and_loss_of_the_network():
    _, text = network_view(x1=0.3, x2=-0.7, w11=0.9)
    net, _, t = examples.network_2_3_2()
    net.weights[0][0, 0] = 0.9
    x = np.array([0.3, -0.7])
    assert f"y = {bp.fmt(net.forward(x))}" in text
    assert f"= {bp.fmt(net.loss(x, t))}" in text


def test_network_view_at_the_defaults_is_the_course_example():
    fig, text = network_view()
    net, x, t = examples.network_2_3_2()
    assert text.splitlines()[0] == f"y = {bp.fmt(net.forward(x))}"
    assert text.splitlines()[-1].endswith(bp.fmt(net.loss(x, t)))
    assert len(edges_drawn(fig)) == 12


def test_network_view_leaves_the_example_unchanged():
    network_view(w11=-2.0)
    net, _, _ = examples.network_2_3_2()
    assert net.weights[0][0, 0] == 0.15
