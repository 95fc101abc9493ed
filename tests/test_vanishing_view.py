"""The explorer of vanishing and exploding gradients (notebook 08): what its view computes, what
it shows, and how fast."""

import re
import time

import matplotlib.pyplot as plt
import numpy as np
import pytest

import bpcourse as bp
from bpcourse.datasets import two_classes
from bpcourse.pictures import explorer
from bpcourse.pictures.explorer import alt_text
from bpcourse.pictures.plots import VANISHING_WIDTH, vanishing_net, vanishing_view

F_PRIME = {"sigmoid": lambda a: bp.SIGMOID.df(a), "tanh": lambda a: 1 - np.tanh(a) ** 2,
           "ReLU": lambda a: (a > 0).astype(float)}
F = {"sigmoid": bp.SIGMOID.f, "tanh": np.tanh, "ReLU": lambda a: np.maximum(a, 0.0)}


def delta_sizes_by_hand(depth, activation, scale):
    """|δ⁽ˡ⁾| of the view's network, from its own draws: forward, y − t at the softmax output,
    then δ⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾ Wᵀ) ⊙ f′(a⁽ˡ⁾) layer by layer; root mean square over the examples."""
    x, t = two_classes()
    sizes = [2] + [VANISHING_WIDTH] * (depth - 1) + [2]
    rng = np.random.default_rng(0)
    weights = [rng.normal(0.0, scale / np.sqrt(m), (m, n)) for m, n in zip(sizes, sizes[1:])]
    h, pre = x, []
    for w in weights[:-1]:
        pre.append(h @ w)
        h = F[activation](pre[-1])
    a = h @ weights[-1]
    y = np.exp(a - a.max(axis=1, keepdims=True))
    y /= y.sum(axis=1, keepdims=True)
    delta, deltas = y - t, [y - t]
    for w, a in zip(weights[:0:-1], pre[::-1]):
        delta = (delta @ w.T) * F_PRIME[activation](a)
        deltas.insert(0, delta)
    return np.array([np.sqrt(np.mean(np.sum(d**2, axis=1))) for d in deltas])


CASES = [(10, "sigmoid", 1.0), (10, "ReLU", 1.4), (30, "ReLU", 2.0), (2, "tanh", 0.5),
         (25, "tanh", 1.0)]


@pytest.mark.parametrize("depth, activation, scale", CASES)
def test_the_view_plots_the_delta_of_every_layer_as_computed_by_hand(depth, activation, scale):
    fig, text = vanishing_view(depth, activation, scale)
    ax = fig.axes[0]
    layers, sizes = ax.lines[0].get_data()
    title = ax.get_title()
    plt.close(fig)
    expected = delta_sizes_by_hand(depth, activation, scale)
    assert list(layers) == list(range(1, depth + 1))
    np.testing.assert_allclose(sizes, expected, rtol=1e-10)
    ratio = expected[0] / expected[-1]
    assert title == f"layer 1: |δ⁽¹⁾| = {expected[0]:.1e}, {ratio:.1e} × the output layer's"
    first, second = text.splitlines()
    assert first.startswith(f"{depth} layers, {activation}, weights N(0, {scale:.2f}²/n_in): ")
    assert f"{ratio:.1e} times the output layer's" in first
    assert second.endswith(f"multiplies it by {ratio ** (1 / (depth - 1)):.2f} on average")


def test_the_view_tells_vanishing_steady_and_exploding_apart():
    def factor(*args):
        fig, text = vanishing_view(*args)
        plt.close(fig)
        return float(re.search(r"by ([\d.]+) on average", text).group(1))

    assert factor(10, "sigmoid", 1.0) < 0.3        # at most ¼ per layer from f′
    assert 0.85 < factor(10, "ReLU", np.sqrt(2)) < 1.15  # He's scale
    assert factor(20, "ReLU", 2.0) > 1.2           # too large: it explodes


def test_the_network_has_the_depth_activation_and_draws_it_is_given():
    net = vanishing_net(4, "tanh", 2.0)
    assert net.sizes == [2, 16, 16, 16, 2]
    assert (net.activation.name, net.output.name, net.loss_function.name) == (
        "tanh", "softmax", "cross_entropy")
    assert np.std(np.concatenate([w.ravel() for w in net.weights[1:-1]])) == pytest.approx(
        2.0 / 4.0, rel=0.15)  # scale / sqrt(16)


@pytest.mark.parametrize("bad, message", [((1, "tanh", 1.0), "at least 2 layers"),
                                          ((5, "softplus", 1.0), "expected an activation")])
def test_the_network_refuses_what_the_view_cannot_draw(bad, message):
    with pytest.raises(ValueError, match=message):
        vanishing_net(*bad)


def test_the_view_is_the_same_every_time():
    texts = []
    for _ in range(2):
        fig, text = vanishing_view(12, "tanh", 1.3)
        plt.close(fig)
        texts.append(text)
    assert texts[0] == texts[1]


def test_the_explorer_alt_text_carries_the_views_numbers():
    fig, text = vanishing_view()
    plt.close(fig)
    alt = alt_text({"depth": 10, "activation": "sigmoid", "scale": 1.0}, text)
    assert alt.startswith("The explorer's figure at depth = 10, activation = sigmoid, "
                          "scale = 1.00: 10 layers, sigmoid")
    assert re.search(r"the first layer's delta is \d\.\de-0\d times the output layer's", alt)


def test_the_explorer_of_notebook_08_has_its_three_controls():
    box = explorer(vanishing_view, depth=(2, 30, 1, 10), activation=["sigmoid", "tanh", "ReLU"],
                   scale=(0.5, 3.0, 0.05, 1.0))
    kinds = [type(c).__name__ for c in box.children[0].children]
    assert kinds == ["IntSlider", "ToggleButtons", "FloatSlider"]
    assert plt.get_fignums() == []


def test_the_view_computes_in_well_under_100_ms():
    vanishing_view(30, "ReLU", 2.0)  # warm up
    fastest = np.inf
    for _ in range(3):
        start = time.perf_counter()
        fig, _ = vanishing_view(30, "ReLU", 2.0)
        fastest = min(fastest, time.perf_counter() - start)
        plt.close(fig)
    assert fastest < 0.1
