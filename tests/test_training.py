"""Training: seeded datasets, the training loop, momentum and Adam, gradient norms, the views."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import bpcourse as bp
from bpcourse import training


def tiny_linear_net():
    """y = x w + b with w = 1, b = 0; for x = [1], t = [0]: L = ½y², g_w = g_b = y = 1."""
    return bp.Network.from_weights([[[1.0]]], [[0.0]], activation="linear")


X1, T1 = np.array([[1.0]]), np.array([[0.0]])


# ---------------------------------------------------------------------------------- datasets


def test_one_hot_puts_a_single_one_in_the_label_column():
    assert training.one_hot(np.array([2, 0, 1]), 3).tolist() == [
        [0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]


def test_one_hot_rejects_a_label_outside_the_classes():
    with pytest.raises(ValueError, match="labels from 0 to 1"):
        training.one_hot(np.array([0, 2]), 2)


def test_two_classes_is_seeded_with_one_hot_targets():
    x, t = training.two_classes(n=60, seed=3)
    x2, t2 = training.two_classes(n=60, seed=3)
    assert x.shape == (60, 2) and t.shape == (60, 2)
    assert np.array_equal(x, x2) and np.array_equal(t, t2)
    assert np.all(t.sum(axis=1) == 1.0) and t.sum(axis=0).tolist() == [30.0, 30.0]
    assert not np.array_equal(x, training.two_classes(n=60, seed=4)[0])


def test_two_classes_puts_a_disc_inside_a_ring():
    x, t = training.two_classes()
    r = np.linalg.norm(x, axis=1)
    assert r[t[:, 0] == 1].max() < 1.0 and r[t[:, 1] == 1].min() > 1.5


def test_spiral_is_seeded_with_one_hot_targets():
    x, t = training.spiral(n_per_class=50, classes=4, seed=1)
    assert x.shape == (200, 2) and t.shape == (200, 4)
    assert np.array_equal(x, training.spiral(n_per_class=50, classes=4, seed=1)[0])
    assert np.all(t.sum(axis=1) == 1.0) and t.sum(axis=0).tolist() == [50.0] * 4


def test_accuracy_counts_the_largest_output_against_the_target_class():
    two = bp.Network.from_weights([np.eye(2)], [np.zeros(2)], activation="linear")
    x = np.array([[1.0, 0.0], [0.0, 1.0], [2.0, 1.0], [0.0, 3.0]])
    t = training.one_hot(np.array([0, 1, 1, 1]), 2)
    assert training.accuracy(two, x, t) == 0.75


# ---------------------------------------------------------------------------------- training


def test_full_batch_train_records_the_loss_then_steps_each_epoch():
    x, t = training.two_classes()
    net, reference = bp.Network([2, 3, 2], seed=0), bp.Network([2, 3, 2], seed=0)
    expected = []
    for _ in range(5):
        expected.append(reference.loss(x, t))
        reference.step(reference.gradients(x, t), 2.0)
    assert training.train(net, x, t, 2.0, 5) == expected
    assert all(np.array_equal(a, b) for a, b in zip(net.parameters(), reference.parameters()))


def test_train_separates_the_two_classes():
    x, t = training.two_classes()
    net = bp.Network([2, 3, 2], seed=0)
    losses = training.train(net, x, t, learning_rate=10.0, epochs=300)
    assert losses[0] == pytest.approx(0.2496, abs=1e-4)
    assert losses[-1] < 0.03 and all(b < a for a, b in zip(losses, losses[1:]))
    assert training.accuracy(net, x, t) == 1.0


def test_minibatch_training_is_reproducible_with_its_seed():
    x, t = training.two_classes()
    runs = [training.train(bp.Network([2, 3, 2]), x, t, 5.0, 10, batch_size=10, seed=s)
            for s in (1, 1, 2)]
    assert runs[0] == runs[1] and runs[0] != runs[2]


def test_one_example_per_step_makes_m_updates_an_epoch():
    net = tiny_linear_net()
    x, t = np.array([[1.0], [1.0]]), np.array([[0.0], [0.0]])
    training.train(net, x, t, 0.25, 1, batch_size=1)
    # g_w = g_b = y = w + b: (w, b) = (1, 0) -> (0.75, -0.25) -> (0.625, -0.375); one full-batch
    # step would stop at (0.75, -0.25)
    assert net.weights[0].tolist() == [[0.625]] and net.biases[0].tolist() == [-0.375]


def test_batch_size_larger_than_the_data_is_refused():
    x, t = training.two_classes(n=10)
    with pytest.raises(ValueError, match="batch_size from 1 to 10"):
        training.train(bp.Network([2, 3, 2]), x, t, 1.0, 1, batch_size=11)


def test_spiral_network_reaches_95_percent_accuracy():
    x, t = training.spiral()
    net = bp.Network([2, 100, 3], activation="relu", output="softmax", loss="cross_entropy",
                     seed=0)
    training.train(net, x, t, learning_rate=1.0, epochs=1000)
    assert training.accuracy(net, x, t) >= 0.95


# -------------------------------------------------------------------------------- optimizers


def test_momentum_follows_v_mu_v_minus_eta_g_then_theta_plus_v():
    net, momentum = tiny_linear_net(), training.Momentum(mu=0.9)
    momentum.step(net, net.gradients(X1, T1), 0.1)  # g = 1: v = -0.1
    assert net.weights[0][0, 0] == pytest.approx(0.9) and net.biases[0][0] == pytest.approx(-0.1)
    momentum.step(net, net.gradients(X1, T1), 0.1)  # y = 0.8 = g: v = 0.9(-0.1) - 0.1(0.8)
    assert momentum.v[0][0, 0] == pytest.approx(-0.17)
    assert net.weights[0][0, 0] == pytest.approx(0.73) and net.biases[0][0] == pytest.approx(-0.27)


def test_adam_first_step_moves_each_parameter_by_eta():
    net, adam = tiny_linear_net(), training.Adam()
    adam.step(net, net.gradients(X1, T1), 0.1)  # m̂ = g, v̂ = g²: a step of η·g/|g|
    assert net.weights[0][0, 0] == pytest.approx(0.9) and net.biases[0][0] == pytest.approx(-0.1)


def test_adam_second_step_uses_bias_corrected_moments():
    net, adam = tiny_linear_net(), training.Adam()
    adam.step(net, net.gradients(X1, T1), 0.1)
    adam.step(net, net.gradients(X1, T1), 0.1)  # g = 0.8
    m = 0.9 * 0.1 + 0.1 * 0.8
    v = 0.999 * 0.001 + 0.001 * 0.8**2
    step = 0.1 * (m / (1 - 0.9**2)) / (np.sqrt(v / (1 - 0.999**2)) + 1e-8)
    assert adam.k == 2
    assert adam.m[0][0, 0] == pytest.approx(m) and adam.v[0][0, 0] == pytest.approx(v)
    assert net.weights[0][0, 0] == pytest.approx(0.9 - step)
    assert step == pytest.approx(0.0988, abs=1e-4)


def test_train_uses_the_optimizer_it_is_given():
    x, t = training.two_classes()
    plain = training.train(bp.Network([2, 3, 2]), x, t, 1.0, 200)
    momentum = training.train(bp.Network([2, 3, 2]), x, t, 1.0, 200,
                              optimizer=training.Momentum(0.9))
    adam = training.train(bp.Network([2, 3, 2]), x, t, 0.05, 200, optimizer=training.Adam())
    assert momentum[-1] < plain[-1] and adam[-1] < plain[-1]


# ---------------------------------------------------------------------------- gradient norms


def test_gradient_norms_are_the_norms_of_the_weight_gradients():
    x, t = training.two_classes(n=20)
    net = bp.Network([2, 3, 2], seed=0)
    g = net.gradients(x, t)
    assert training.gradient_norms(net, x, t).tolist() == [
        np.sqrt(np.sum(g.weights[0] ** 2)), np.sqrt(np.sum(g.weights[1] ** 2))]


def test_gradients_vanish_in_a_deep_sigmoid_network_but_not_with_relu():
    x, t = training.two_classes()
    sizes = [2] + [16] * 9 + [2]
    sigmoid = training.gradient_norms(bp.Network(sizes, "sigmoid", seed=0), x, t)
    relu = training.gradient_norms(bp.Network(sizes, "relu", output="sigmoid", seed=0), x, t)
    assert len(sigmoid) == 10
    assert sigmoid[0] / sigmoid[-1] < 1e-5
    assert relu[0] / relu[-1] > 1e-2


def test_delta_norms_are_the_root_mean_square_delta_of_each_layer():
    x, t = training.two_classes(n=20)
    net = bp.Network([2, 3, 2], seed=0)
    deltas = net.gradients(x, t).deltas
    expected = [np.sqrt(np.mean(np.sum(d**2, axis=1))) for d in deltas]
    assert training.delta_norms(net, x, t) == pytest.approx(expected, rel=1e-12)


def test_delta_norms_of_one_example_are_the_lengths_of_its_deltas():
    net, x, t = bp.Network([2, 3, 2], seed=0), np.array([1.0, 0.5]), np.array([0.01, 0.99])
    deltas = net.gradients(x, t).deltas
    assert training.delta_norms(net, x, t).tolist() == pytest.approx(
        [np.linalg.norm(d) for d in deltas], rel=1e-12)


def test_deltas_explode_in_a_relu_network_with_too_large_weights():
    x, t = training.two_classes()
    net = bp.Network([2] + [16] * 9 + [2], "relu", output="sigmoid", seed=0)
    for w in net.weights:
        w *= 2.0
    norms = training.delta_norms(net, x, t)
    assert norms[0] / norms[-1] > 50


# ------------------------------------------------------------------------------------- plots


def test_plot_helpers_return_figures_that_fit_a_slide():
    x, t = training.two_classes()
    net = bp.Network([2, 3, 2])
    figures = [training.loss_curves({"a": [3.0, 2.0], "b": [3.0, 1.0]}, log=True),
               training.decision_regions(net, x, t)]
    for fig in figures:
        width, height = fig.get_size_inches()
        assert width <= 8 and height <= 4.5


def test_learning_rate_view_retrains_and_reports_loss_and_accuracy():
    fig, text = training.learning_rate_view(log10_eta=1.0, epochs=300)
    assert isinstance(fig, plt.Figure)
    assert text == "η = 10, 300 epochs: final loss 0.0249, accuracy 100.0%"


def test_learning_rate_view_with_a_tiny_rate_barely_learns():
    _, text = training.learning_rate_view(log10_eta=-2.0, epochs=100)
    assert text.startswith("η = 0.01, 100 epochs: final loss 0.249")


def test_step_view_shows_the_weights_after_each_step():
    fig0, text0 = training.step_view(steps=0)
    fig5, text5 = training.step_view(steps=5)
    assert isinstance(fig5, plt.Figure) and len(fig5.axes) >= 3
    assert text0.startswith("step 0: loss 0.2496") and text5.startswith("step 5: loss")
    net = bp.Network([2, 3, 2], seed=0)
    training.train(net, *training.two_classes(), training.STEP_LEARNING_RATE, 5)
    assert f"w  = {bp.fmt(net.weights[0], 3)}" in text5
    assert text0 != text5


def test_step_view_shows_the_change_the_last_step_made():
    x, t = training.two_classes()
    net = bp.Network([2, 3, 2], seed=0)
    training.train(net, x, t, training.STEP_LEARNING_RATE, 2)
    g = net.gradients(x, t)
    _, text = training.step_view(steps=3)
    assert f"Δw = {bp.fmt(-training.STEP_LEARNING_RATE * g.weights[0], 4)}" in text
    assert f"Δu = {bp.fmt(-training.STEP_LEARNING_RATE * g.weights[1], 4)}" in text
    assert "Δw = [[0.0000, 0.0000, 0.0000], [0.0000, 0.0000, 0.0000]]" in training.step_view(0)[1]
