"""bpcourse.tensors (notebook 10) and its explorer's view: the network runs on numbers and on
bp.Value alike, both checks of a vector-Jacobian product agree, and the two modes are counted."""

import matplotlib.pyplot as plt
import numpy as np

import bpcourse as bp
from bpcourse import tensors
from bpcourse.datasets import spiral
from bpcourse.pictures import modes_view
from bpcourse.pictures.explorer import alt_text


def small():
    r = np.random.default_rng(0)
    x, t = spiral(n_per_class=2, classes=3, seed=0)
    return [x, t] + [p + r.normal(0, 0.3, p.shape) for p in tensors.parameters(2, 3, 3)]


def test_the_first_loss_is_near_log_3_for_three_classes():
    x, t = spiral(n_per_class=100, classes=3, seed=0)
    assert abs(tensors.loss(x, t, *tensors.parameters()) - np.log(3)) < 0.05


def test_the_forward_pass_runs_on_values_and_gives_the_same_loss():
    args = small()
    values = [np.array([bp.Value(v) for v in a.ravel()], dtype=object).reshape(a.shape)
              for a in args]
    assert np.isclose(tensors.loss(*values).data, tensors.loss(*args), rtol=1e-12)


def test_the_scalar_engine_and_centred_differences_agree_on_every_gradient():
    args = small()
    for engine, numeric in zip(tensors.scalar_vjp(tensors.loss, args),
                               tensors.numerical_vjp(tensors.loss, args)):
        assert np.allclose(engine, numeric, rtol=1e-6, atol=1e-8)


def test_a_vjp_with_an_upstream_gradient_and_an_axis_passed_through():
    x, G = np.arange(6.0).reshape(2, 3), np.array([[1.0, 2.0, 3.0]])
    (dx,) = tensors.scalar_vjp(lambda x, axis: x.sum(axis=axis, keepdims=True) / 2, [x, 0], G)
    assert np.allclose(dx, [[0.5, 1.0, 1.5]] * 2)


def test_forward_and_reverse_mode_give_the_same_jacobian():
    weights = tensors.mlp(5, 3, width=4, depth=3)
    x = np.full((1, 5), 0.3)
    by_columns = np.vstack([tensors.jvp(weights, x, e[None, :])[1] for e in np.eye(5)]).T
    by_rows = np.vstack([tensors.vjp(weights, x, e[None, :])[1] for e in np.eye(3)])
    checkpointed = np.vstack([tensors.vjp(weights, x, e[None, :], every=2)[1]
                              for e in np.eye(3)])
    assert np.allclose(by_columns, by_rows) and np.allclose(checkpointed, by_rows)


def test_forward_mode_grows_with_the_inputs_and_reverse_mode_with_the_outputs():
    one, many = tensors.jacobian_cost(1, 1), tensors.jacobian_cost(64, 1)
    assert one["forward mode"] == one["reverse mode"]
    assert many["forward mode"] > 50 * many["reverse mode"]
    assert tensors.jacobian_cost(2, 64)["reverse mode"] > 10 * tensors.jacobian_cost(
        2, 64)["forward mode"]


def test_backpropagation_keeps_memory_in_proportion_to_depth_and_checkpoints_cut_it():
    shallow, deep = tensors.gradient_memory(16)[0], tensors.gradient_memory(64)[0]
    assert deep - shallow == 48 * 64  # one layer's input more per layer
    plain, checkpointed = tensors.gradient_memory(64), tensors.gradient_memory(64, every=8)
    assert checkpointed[0] < plain[0] / 3 and checkpointed[1] > plain[1]


def test_the_view_says_both_counts_and_which_mode_is_cheaper():
    fig, text = modes_view(inputs=16, outputs=1, depth=3)
    assert text.splitlines()[0] == ("16 inputs, 1 output: forward mode 9,216, reverse mode 576 "
                                    "multiplications: reverse mode is 16.0 times cheaper")
    assert alt_text({"inputs": 16, "outputs": 1, "depth": 3}, text).startswith(
        "The explorer's figure at inputs = 16, outputs = 1, depth = 3: 16 inputs")
    plt.close(fig)
    fig, text = modes_view(inputs=1, outputs=1, depth=1)
    assert "the same" in text
    plt.close(fig)
