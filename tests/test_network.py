"""Networks of any size: shapes, the loss, and gradients by the delta rule."""

import numpy as np
import pytest

import bpcourse as bp

CASES = [  # sizes, hidden activation, output activation, loss
    ([2, 3, 2], "sigmoid", None, "l2"),
    ([3, 5, 4, 2], "tanh", None, "l2"),
    ([2, 4, 3], "relu", "softmax", "cross_entropy"),
    ([4, 6, 6, 3], "leaky_relu", "softmax", "cross_entropy"),
    ([2, 3, 3], "sigmoid", "softmax", "l2"),  # softmax without the shortcut: through its Jacobian
    ([3, 4, 2], "tanh", "sigmoid", "cross_entropy"),
    ([2, 5, 1], "tanh", "linear", "l2"),
    ([5, 2], "sigmoid", None, "l2"),  # no hidden layer
]


def data(sizes, output, batch, seed=1):
    rng = np.random.default_rng(seed)
    shape = (batch, sizes[0]) if batch else (sizes[0],)
    x = rng.normal(size=shape)
    if output == "softmax":
        t = np.eye(sizes[-1])[rng.integers(sizes[-1], size=batch or None)]
    else:
        t = rng.uniform(0.1, 0.9, size=shape[:-1] + (sizes[-1],))
    return x, t


@pytest.mark.parametrize("batch", [None, 7], ids=["single", "batch"])
@pytest.mark.parametrize("sizes, activation, output, loss", CASES,
                         ids=["-".join(map(str, c[0])) + f"-{c[1]}-{c[2]}-{c[3]}" for c in CASES])
def test_gradients_match_numerical_gradient(sizes, activation, output, loss, batch):
    net = bp.Network(sizes, activation=activation, output=output, loss=loss, seed=3)
    x, t = data(sizes, output, batch)
    g = net.gradients(x, t)
    analytic = [p for pair in zip(g.weights, g.biases) for p in pair]
    for param, grad in zip(net.parameters(), analytic):
        numeric = bp.numerical_gradient(lambda: net.loss(x, t), param)
        assert grad.shape == param.shape
        assert bp.relative_error(grad, numeric) < 1e-7


def test_deltas_have_one_entry_per_unit_and_per_example():
    net = bp.Network([2, 3, 2], seed=0)
    assert [d.shape for d in net.gradients([0.5, -0.5], [0.0, 1.0]).deltas] == [(3,), (2,)]
    x, t = np.zeros((4, 2)), np.zeros((4, 2))
    assert [d.shape for d in net.gradients(x, t).deltas] == [(4, 3), (4, 2)]


def test_output_delta_is_the_course_formula():
    net = bp.Network([2, 3, 2], seed=0)
    x, t = np.array([0.05, 0.1]), np.array([0.01, 0.99])
    y = net.forward(x)
    np.testing.assert_allclose(net.gradients(x, t).deltas[-1], (y - t) * y * (1 - y))


def test_hidden_delta_is_the_course_formula():
    net = bp.Network([2, 3, 2], seed=0)
    x, t = np.array([0.05, 0.1]), np.array([0.01, 0.99])
    g = net.gradients(x, t)
    h, u = net.h[0], net.weights[1]
    np.testing.assert_allclose(g.deltas[0], (g.deltas[1] @ u.T) * h * (1 - h))
    np.testing.assert_allclose(g.weights[0], np.outer(x, g.deltas[0]))


def test_forward_keeps_pre_activations_and_outputs_of_every_layer():
    w = np.array([[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])
    u = np.array([[0.1, -0.1], [0.2, -0.2], [0.3, -0.3]])
    b1, b2 = np.array([0.1, 0.0, -0.1]), np.array([0.0, 0.5])
    net = bp.Network.from_weights([w, u], [b1, b2])
    x = np.array([1.0, 2.0])
    y = net.forward(x)
    a1 = x @ w + b1
    h = 1 / (1 + np.exp(-a1))
    a2 = h @ u + b2
    np.testing.assert_allclose(net.a[0], a1)
    np.testing.assert_allclose(net.h[0], h)
    np.testing.assert_allclose(net.a[1], a2)
    np.testing.assert_allclose(y, 1 / (1 + np.exp(-a2)))
    assert net.y is net.h[-1]


def test_loss_of_one_example_is_exactly_the_l2_formula():
    net = bp.Network([2, 3, 2], seed=0)
    x, t = np.array([0.05, 0.1]), np.array([0.01, 0.99])
    y = net.forward(x)
    assert net.loss(x, t) == 0.5 * np.sum((y - t) ** 2)


def test_loss_of_a_batch_is_the_mean_over_examples():
    net = bp.Network([2, 3, 2], seed=0)
    x = np.array([[0.05, 0.1], [1.0, -1.0], [0.3, 0.2]])
    t = np.array([[0.01, 0.99], [1.0, 0.0], [0.5, 0.5]])
    assert net.loss(x, t) == pytest.approx(np.mean([net.loss(xi, ti) for xi, ti in zip(x, t)]))


def test_batch_gradient_is_the_mean_of_single_gradients():
    net = bp.Network([2, 3, 2], seed=0)
    x = np.array([[0.05, 0.1], [1.0, -1.0]])
    t = np.array([[0.01, 0.99], [1.0, 0.0]])
    both = net.gradients(x, t).weights[0]
    each = [net.gradients(xi, ti).weights[0] for xi, ti in zip(x, t)]
    np.testing.assert_allclose(both, np.mean(each, axis=0))


def test_step_moves_every_parameter_against_its_gradient():
    net = bp.Network([2, 3, 2], seed=0)
    x, t = np.array([0.05, 0.1]), np.array([0.01, 0.99])
    before = [p.copy() for p in net.parameters()]
    g = net.gradients(x, t)
    net.step(g, learning_rate=0.5)
    grads = [p for pair in zip(g.weights, g.biases) for p in pair]
    for new, old, grad in zip(net.parameters(), before, grads):
        np.testing.assert_allclose(new, old - 0.5 * grad)


def test_a_small_step_lowers_the_loss():
    net = bp.Network([2, 3, 2], seed=0)
    x, t = np.array([0.05, 0.1]), np.array([0.01, 0.99])
    before = net.loss(x, t)
    net.step(net.gradients(x, t), learning_rate=0.5)
    assert net.loss(x, t) < before


def test_same_seed_gives_the_same_network_and_another_seed_does_not():
    a, b, c = (bp.Network([2, 3, 2], seed=s) for s in (0, 0, 1))
    assert all(np.array_equal(p, q) for p, q in zip(a.parameters(), b.parameters()))
    assert not np.array_equal(a.weights[0], c.weights[0])


def test_weights_have_shape_n_in_by_n_out():
    net = bp.Network([2, 3, 2], seed=0)
    assert [w.shape for w in net.weights] == [(2, 3), (3, 2)]
    assert [b.shape for b in net.biases] == [(3,), (2,)]


def test_softmax_output_sums_to_one():
    net = bp.Network([2, 4, 3], activation="relu", output="softmax", loss="cross_entropy")
    np.testing.assert_allclose(net.forward(np.ones((5, 2))).sum(axis=1), np.ones(5))


# errors: each names what was expected and what came

def test_x_with_wrong_number_of_features_names_both():
    net = bp.Network([2, 3, 2])
    with pytest.raises(ValueError, match=r"^expected x with 2 features, got shape \(5,\)$"):
        net.forward(np.zeros(5))
    with pytest.raises(ValueError, match=r"expected x with 2 features, got shape \(4, 5\)"):
        net.forward(np.zeros((4, 5)))


def test_x_with_too_many_dimensions_is_refused():
    with pytest.raises(ValueError, match=r"expected x of shape \(2,\) or \(batch, 2\), got shape"):
        bp.Network([2, 3, 2]).forward(np.zeros((2, 2, 2)))


def test_target_that_does_not_match_the_output_names_both_shapes():
    net = bp.Network([2, 3, 2])
    with pytest.raises(ValueError,
                       match=r"expected t of shape \(2,\) to match the output, got shape \(3,\)"):
        net.loss([0.0, 1.0], [0.0, 1.0, 0.0])


def test_non_finite_input_is_refused():
    with pytest.raises(ValueError, match="expected finite numbers in x"):
        bp.Network([2, 3, 2]).forward([np.inf, 0.0])


def test_non_numeric_input_is_refused():
    with pytest.raises(ValueError, match="expected x to be numbers"):
        bp.Network([2, 3, 2]).forward(["a", "b"])


def test_unknown_activation_or_loss_raises_key_error():
    with pytest.raises(KeyError, match="unknown activation 'sigma'"):
        bp.Network([2, 3, 2], activation="sigma")
    with pytest.raises(KeyError, match="unknown loss 'mse'"):
        bp.Network([2, 3, 2], loss="mse")


def test_bad_layer_sizes_are_refused():
    with pytest.raises(ValueError, match=r"expected at least two positive layer sizes"):
        bp.Network([2])
    with pytest.raises(ValueError, match=r"got \[2, 0, 1\]"):
        bp.Network([2, 0, 1])


def test_softmax_cannot_be_a_hidden_activation():
    with pytest.raises(ValueError, match="elementwise activation for the hidden layers"):
        bp.Network([2, 3, 2], activation="softmax")


def test_from_weights_checks_that_layers_follow_each_other():
    w, u = np.zeros((2, 3)), np.zeros((4, 2))
    with pytest.raises(ValueError,
                       match=r"expected weights\[1\] of shape \(3, n\) to follow weights\[0\] of "
                             r"shape \(2, 3\), got shape \(4, 2\)"):
        bp.Network.from_weights([w, u], [np.zeros(3), np.zeros(2)])


def test_from_weights_checks_bias_shapes_and_count():
    w, u = np.zeros((2, 3)), np.zeros((3, 2))
    with pytest.raises(ValueError, match=r"expected biases\[0\] of shape \(3,\), got shape \(2,\)"):
        bp.Network.from_weights([w, u], [np.zeros(2), np.zeros(2)])
    with pytest.raises(ValueError, match="expected 2 bias vectors, one per weight matrix, got 1"):
        bp.Network.from_weights([w, u], [np.zeros(3)])


def test_from_weights_keeps_output_activation_and_loss():
    net = bp.Network.from_weights([np.zeros((2, 3))], [np.zeros(3)], activation="relu",
                                  output="softmax", loss="cross_entropy")
    assert (net.activation, net.output, net.loss_function) == (bp.RELU, bp.SOFTMAX,
                                                               bp.CROSS_ENTROPY)
    assert repr(net) == ("Network([2, 3], activation='relu', output='softmax', "
                         "loss='cross_entropy')")
