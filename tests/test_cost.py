"""What one gradient costs (bpcourse.cost): the methods it times compute the right gradient, and
what gradient_cost returns has the right shapes and parameter counts. Seconds differ between
machines, so they are only checked to be positive; the slope fit is checked on exact power laws."""

import math

import numpy as np
import pytest

import bpcourse as bp
from bpcourse.cost import (
    GradientCost,
    gradient_cost,
    loglog_slope,
    loop_backprop,
    loop_finite_differences,
    loop_loss,
    loop_network,
    parameter_count,
)


def test_parameter_count_of_the_course_networks():
    assert parameter_count([2, 3, 2]) == 17
    assert parameter_count([2, 4, 3, 3, 2]) == 47
    assert parameter_count([8] * 4) == 3 * (8 * 8 + 8)


@pytest.mark.parametrize("sizes", [[3], [2, 0, 2], [2.0, 3]])
def test_parameter_count_refuses_what_is_not_a_network(sizes):
    with pytest.raises(ValueError, match="expected at least two positive layer sizes"):
        parameter_count(sizes)


def test_loop_network_takes_the_weights_of_bp_network():
    weights, biases, x, t = loop_network([2, 3, 2], seed=4)
    net = bp.Network([2, 3, 2], seed=4)
    assert weights == [w.tolist() for w in net.weights]
    assert biases == [[0.0] * 3, [0.0] * 2]
    assert len(x) == 2 and len(t) == 2 and all(0 <= v <= 1 for v in t)


def random_lists(sizes, seed):
    """Weights and nonzero biases as lists, so that every term of the gradient is exercised."""
    rng = np.random.default_rng(seed)
    weights = [rng.normal(0, 1, (m, n)).tolist() for m, n in zip(sizes, sizes[1:])]
    biases = [rng.normal(0, 0.5, n).tolist() for n in sizes[1:]]
    x, t = rng.normal(0, 1, sizes[0]).tolist(), rng.uniform(0, 1, sizes[-1]).tolist()
    return weights, biases, x, t


@pytest.mark.parametrize("sizes", [[2, 3, 2], [2, 4, 3, 3, 2], [5, 1], [3, 6, 6, 4]])
def test_the_loops_compute_the_loss_and_gradients_of_bp_network(sizes):
    weights, biases, x, t = random_lists(sizes, seed=len(sizes))
    net = bp.Network.from_weights([np.array(w) for w in weights], [np.array(b) for b in biases])
    xa, ta = np.array(x), np.array(t)
    assert loop_loss(weights, biases, x, t) == pytest.approx(net.loss(xa, ta), rel=1e-12)
    g = net.gradients(xa, ta)
    dw, db = loop_backprop(weights, biases, x, t)
    for ours, library in zip(dw + db, g.weights + g.biases):
        np.testing.assert_allclose(np.array(ours), library, rtol=1e-10, atol=1e-14)
    nw, nb = loop_finite_differences(weights, biases, x, t)
    for numeric, library in zip(nw + nb, g.weights + g.biases):
        assert bp.relative_error(np.array(numeric), library) < bp.gradcheck.RIGHT


def test_finite_differences_restore_every_parameter():
    weights, biases, x, t = random_lists([2, 3, 2], seed=7)
    before = (repr(weights), repr(biases))
    loop_finite_differences(weights, biases, x, t)
    assert (repr(weights), repr(biases)) == before


def test_gradient_cost_returns_one_entry_per_network():
    sizes = [[2, 3, 2], [4, 4, 4], [8, 8, 8, 8]]
    cost = gradient_cost(sizes, repeats=1, numeric_max=50)
    assert isinstance(cost, GradientCost)
    assert cost.sizes == ((2, 3, 2), (4, 4, 4), (8, 8, 8, 8))
    assert cost.parameters.tolist() == [17, 40, 216]
    for seconds in (cost.forward, cost.backprop, cost.numeric):
        assert seconds.shape == (3,) and seconds.dtype == float
    assert np.all(cost.forward > 0) and np.all(cost.backprop > 0)
    assert np.all(cost.numeric[:2] > 0) and math.isnan(cost.numeric[2])


def test_gradient_cost_times_finite_differences_up_to_numeric_max_inclusive():
    cost = gradient_cost([[2, 3, 2], [2, 4, 2]], repeats=2, numeric_max=17)
    assert cost.parameters.tolist() == [17, 22]
    assert cost.numeric[0] > 0 and math.isnan(cost.numeric[1])


@pytest.mark.parametrize("sizes, repeats, message", [
    ([], 1, "expected at least one network"),
    ([[2, 3, 2]], 0, "expected repeats to be a positive integer, got 0"),
    ([[2, 3, 2]], 1.5, "expected repeats to be a positive integer, got 1.5"),
    ([[4]], 1, "expected at least two positive layer sizes"),
])
def test_gradient_cost_refuses_bad_arguments(sizes, repeats, message):
    with pytest.raises(ValueError, match=message):
        gradient_cost(sizes, repeats=repeats)


@pytest.mark.parametrize("k", [1.0, 2.0, 0.5, 3.0])
def test_loglog_slope_recovers_a_power_law_exactly(k):
    p = np.array([40, 400, 4000, 40000])
    assert loglog_slope(p, 3e-9 * p**k) == pytest.approx(k, abs=1e-12)


def test_loglog_slope_fits_the_least_squares_line():
    # log s = 0, 1, 3 at log p = 0, 1, 2: the least-squares slope is 1.5
    p, s = np.exp([0.0, 1.0, 2.0]), np.exp([0.0, 1.0, 3.0])
    assert loglog_slope(p, s) == pytest.approx(1.5, abs=1e-12)


def test_loglog_slope_leaves_out_points_not_measured():
    p = np.array([10.0, 100.0, 1000.0, 10000.0])
    seconds = 1e-6 * p**2
    seconds[2:] = np.nan
    assert loglog_slope(p, seconds) == pytest.approx(2.0, abs=1e-12)


@pytest.mark.parametrize("p, seconds, message", [
    ([10, 100], [1.0], "same length"),
    ([10, 100], [1.0, np.nan], "at least two measured points, got 1"),
    ([0, 100], [1.0, 2.0], "positive"),
    ([10, 100], [1.0, -2.0], "positive"),
])
def test_loglog_slope_refuses_what_it_cannot_fit(p, seconds, message):
    with pytest.raises(ValueError, match=message):
        loglog_slope(p, seconds)
