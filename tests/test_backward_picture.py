"""The backward-pass picture and the delta explorer: what they compute and what they label."""

import matplotlib.pyplot as plt
import pytest

import bpcourse as bp
from bpcourse import examples
from bpcourse.pictures import backward_figure, delta_view


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


def test_the_backward_figure_labels_units_with_gain_and_delta_and_edges_with_delta_times_u():
    net, x, t = examples.network_2_3_2()
    labels = red_texts(backward_figure(net, x, t))
    # δ⁽²⁾_k u_jk for j = 1..3, k = 1..2: e.g. 0.1437 × 0.40 and -0.0849 × -0.50
    assert labels[:6] == ["0.0575", "0.0425", "0.0647", "-0.0467", "-0.0431", "-0.0510"]
    assert labels[6:] == ["gain f′(a⁽¹⁾) = 0.242\nδ⁽¹⁾ = 0.0242",
                          "gain f′(a⁽¹⁾) = 0.250\nδ⁽¹⁾ = 0.0045",
                          "gain f′(a⁽¹⁾) = 0.246\nδ⁽¹⁾ = -0.0232",
                          "δ⁽²⁾ = 0.1437", "δ⁽²⁾ = -0.0849"]


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
