"""Notebook 06's explorer: what one gradient costs, counted, checked without a browser."""

import matplotlib.pyplot as plt
import pytest

from bpcourse.cost import multiply_adds, parameter_count
from bpcourse.pictures.cost import cost_view
from bpcourse.pictures.explorer import alt_text


def test_the_2_3_2_network_does_12_multiply_adds_forward_and_36_for_a_gradient():
    assert multiply_adds([2, 3, 2]) == {"forward": 12, "backprop": 36,
                                        "finite differences": 2 * 17 * 12}


def test_doubling_the_depth_doubles_backpropagation_and_quadruples_finite_differences():
    shallow, deep = multiply_adds([8] * 11), multiply_adds([8] * 21)
    assert deep["backprop"] == 2 * shallow["backprop"]
    assert deep["finite differences"] == 4 * shallow["finite differences"]


def test_the_view_titles_the_network_and_says_p_and_the_ratios():
    fig, text = cost_view(layers=3, width=8)
    assert fig.axes[0].get_title() == "3 layers of 8 units: P = 216 parameters"
    assert text.splitlines() == [
        "P = 216: backpropagation costs 3 forward passes, finite differences 432 (2P)",
        "finite differences ÷ backpropagation = 144"]
    assert alt_text({"layers": 3, "width": 8}, text).startswith(
        "The explorer's figure at layers = 3, width = 8: P = 216")
    plt.close(fig)


@pytest.mark.parametrize(("layers", "width"), [(1, 2), (3, 8), (30, 100)])
def test_every_label_is_readable_and_inside_the_figure(layers, width):
    fig, _ = cost_view(layers=layers, width=width)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    texts = [t for t in ax.texts] + [ax.title, ax.xaxis.label] + ax.get_yticklabels()
    figure_box = fig.bbox
    for t in texts:
        assert t.get_fontsize() >= 10
        box = t.get_window_extent(renderer)
        assert figure_box.x0 <= box.x0 and box.x1 <= figure_box.x1, t.get_text()
    boxes = [t.get_window_extent(renderer) for t in ax.texts]
    assert not any(a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1:])
    plt.close(fig)


def test_the_parameter_count_in_the_title_is_cost_parameter_count():
    fig, _ = cost_view(layers=5, width=20)
    assert f"P = {parameter_count([20] * 6):,} parameters" in fig.axes[0].get_title()
    plt.close(fig)
