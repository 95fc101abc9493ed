"""The backward-pass picture and the delta explorer: what they compute and what they label."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import bpcourse as bp
from bpcourse import examples
from bpcourse.pictures import backward_figure, delta_view
from bpcourse.pictures.backward import backward_numbers


def red_texts(fig):
    texts = [t.get_text() for t in fig.axes[0].texts if t.get_color() == "tab:red"]
    plt.close(fig)
    return texts


def test_the_view_text_gives_the_output_and_hidden_deltas_of_the_course_network():
    fig, text = delta_view()
    plt.close(fig)
    assert text.splitlines() == [
        "y = [0.6203, 0.6269], t = [0.0100, 0.9900], L = 0.2522",
        "δ⁽²⁾ = (y − t) ⊙ y(1 − y) = [0.1437, -0.0849]",
        "δ⁽¹⁾ = (δ⁽²⁾ uᵀ) ⊙ h(1 − h) = [0.0242, 0.0045, -0.0232]",
    ]


def test_the_backward_figure_labels_units_with_sum_gain_and_delta_and_edges_with_delta_times_u():
    net, x, t = examples.network_2_3_2()
    labels = red_texts(backward_figure(net, x, t))
    # δ⁽²⁾_k u_jk for j = 1..3, k = 1..2: e.g. 0.1437 × 0.40 and -0.0849 × -0.50
    assert labels[:6] == ["0.0575", "0.0425", "0.0647", "-0.0467", "-0.0431", "-0.0510"]
    # what arrives at h_j is the sum of its two edges: 0.0575 + 0.0425 = 0.1000
    assert labels[6:] == ["∂L/∂h₁ = 0.1000\ngain h₁(1 − h₁) = 0.2425\nδ⁽¹⁾₁ = 0.0242",
                          "∂L/∂h₂ = 0.0180\ngain h₂(1 − h₂) = 0.2500\nδ⁽¹⁾₂ = 0.0045",
                          "∂L/∂h₃ = -0.0941\ngain h₃(1 − h₃) = 0.2461\nδ⁽¹⁾₃ = -0.0232",
                          "δ⁽²⁾₁ = 0.1437", "δ⁽²⁾₂ = -0.0849"]


def test_the_numbers_drawn_are_the_messages_their_sums_and_the_library_deltas():
    net, x, t = examples.network_2_3_2()
    n = backward_numbers(net, x, t)
    y = net.forward(x)
    h, u = net.h[0], net.weights[1]
    delta2 = (y - t) * y * (1 - y)
    assert np.allclose(n["delta2"], delta2)
    assert np.allclose(n["messages"], [[delta2[k] * u[j, k] for k in range(2)] for j in range(3)])
    assert np.allclose(n["dL_dh"], delta2 @ u.T)
    assert np.allclose(n["gain"], h * (1 - h))
    assert np.allclose(n["delta1"], n["gain"] * n["dL_dh"])
    assert np.allclose(n["delta1"], net.gradients(x, t).deltas[0])


def test_another_activation_names_its_gain_f_prime():
    course = examples.network_2_3_2()[0]
    net = bp.Network.from_weights(course.weights, course.biases, activation="tanh",
                                  output="sigmoid")
    labels = red_texts(backward_figure(net, [1.0, 0.5], [0.01, 0.99]))
    assert "gain f′(a⁽¹⁾₁) = " in labels[6]


def drawn_texts(fig):
    """Each text of the figure with its box in pixels, as the renderer draws it."""
    renderer = fig.canvas.get_renderer()
    fig.canvas.draw()
    return [(t.get_text(), t.get_window_extent(renderer)) for t in fig.axes[0].texts + [
        fig.axes[0].title] if t.get_text().strip()]


@pytest.mark.parametrize("targets", [(0.01, 0.99), (1.0, 0.0), (0.0, 1.0), (0.5, 0.5)])
def test_no_two_texts_of_the_backward_figure_overlap_and_none_is_below_10_pt(targets):
    net, x, _ = examples.network_2_3_2()
    fig = backward_figure(net, x, list(targets))
    texts = drawn_texts(fig)
    sizes = [t.get_fontsize() for t in fig.axes[0].texts]
    plt.close(fig)
    assert len(texts) == 6 + 5 + 7 + 7 + 1  # messages, unit labels, names, values, title
    # at least 2 pixels apart: the old figure had a message 1 pixel from a gain
    clashes = [(a, b) for i, (a, box_a) in enumerate(texts) for b, box_b in texts[i + 1:]
               if box_a.padded(1).overlaps(box_b.padded(1))]
    assert not clashes
    assert min(sizes) >= 10


def test_each_message_sits_on_its_edge_near_the_middle():
    net, x, t = examples.network_2_3_2()
    fig = backward_figure(net, x, t)
    ax = fig.axes[0]
    spots = [tx.get_position() for tx in ax.texts[:6]]
    plt.close(fig)
    hidden, outputs = [(1.0, 1.0 - j) for j in range(3)], [(2.0, 0.5 - k) for k in range(2)]
    for (j, k), (px, py) in zip(np.ndindex(3, 2), spots):
        (x0, y0), (x1, y1) = hidden[j], outputs[k]
        along = (px - x0) / (x1 - x0)
        assert 0.25 <= along <= 0.75
        assert py == pytest.approx(y0 + along * (y1 - y0))


def test_the_backward_figure_points_its_arrows_from_outputs_to_inputs():
    net, x, t = examples.network_2_3_2()
    fig = backward_figure(net, x, t)
    arrows = [p for p in fig.axes[0].patches if p.get_gid() == "edge"]
    starts = [p._posA_posB[0][0] for p in arrows]
    ends = [p._posA_posB[1][0] for p in arrows]
    plt.close(fig)
    assert all(s > e for s, e in zip(starts, ends))


def test_the_backward_figure_needs_exactly_one_hidden_layer():
    net = bp.Network([2, 4, 3, 2], seed=0)
    with pytest.raises(ValueError, match=r"one hidden layer .* got sizes \[2, 4, 3, 2\]"):
        backward_figure(net, [1.0, 0.5], [0.01, 0.99])


def test_the_output_view_labels_each_hidden_to_output_edge_with_its_gradient():
    fig, text = delta_view(hidden=False)
    labels = red_texts(fig)
    assert labels[:6] == ["0.0843", "-0.0498", "0.0719", "-0.0425", "0.0808", "-0.0477"]
    assert labels[6:] == ["δ⁽²⁾ = 0.1437", "δ⁽²⁾ = -0.0849"]
    assert text.splitlines()[2] == ("∂L/∂u = hᵀ δ⁽²⁾ = "
                                    "[[0.0843, -0.0498], [0.0719, -0.0425], [0.0808, -0.0477]]")


def test_a_target_equal_to_its_output_gives_a_zero_delta():
    fig, text = delta_view(t1=0.6203405813, t2=0.99)
    plt.close(fig)
    assert "δ⁽²⁾ = (y − t) ⊙ y(1 − y) = [0.0000, -0.0849]" in text


def test_a_target_that_is_not_a_number_is_refused():
    with pytest.raises(ValueError, match="expected t to be numbers"):
        delta_view(t1=[0.1, 0.2])
