"""Losses: the formulas of the course and their gradients."""

import numpy as np
import pytest

import bpcourse as bp


def test_l2_is_half_the_sum_of_squared_errors():
    assert bp.L2.f(np.array([0.2, 0.9]), np.array([0.0, 1.0])) == pytest.approx(0.5 * (0.04 + 0.01))


def test_l2_gradient_is_y_minus_t():
    y, t = np.array([0.2, 0.9]), np.array([0.0, 1.0])
    np.testing.assert_allclose(bp.L2.df(y, t), [0.2, -0.1])


def test_cross_entropy_of_one_hot_target_is_minus_log_of_its_output():
    assert bp.CROSS_ENTROPY.f(np.array([0.7, 0.2, 0.1]), np.array([0, 1, 0])) == pytest.approx(
        -np.log(0.2))


def test_cross_entropy_of_a_zero_output_is_large_but_finite():
    value = bp.CROSS_ENTROPY.f(np.array([1.0, 0.0]), np.array([0.0, 1.0]))
    assert np.isfinite(value) and value > 600


@pytest.mark.parametrize("loss", [bp.L2, bp.CROSS_ENTROPY], ids=lambda lo: lo.name)
def test_loss_gradient_matches_centred_differences(loss):
    y = np.array([0.3, 0.5, 0.2])
    t = np.array([0.0, 1.0, 0.0])
    numeric = bp.numerical_gradient(lambda: loss.f(y, t), y)
    np.testing.assert_allclose(loss.df(y, t), numeric, rtol=1e-7)


def test_softmax_then_cross_entropy_has_gradient_y_minus_t():
    a = np.array([0.5, -1.0, 2.0])
    t = np.array([0.0, 1.0, 0.0])
    numeric = bp.numerical_gradient(lambda: bp.CROSS_ENTROPY.f(bp.softmax(a), t), a)
    np.testing.assert_allclose(bp.softmax(a) - t, numeric, rtol=1e-7)


def test_losses_return_one_value_per_example_of_a_batch():
    y = np.array([[0.2, 0.8], [0.6, 0.4]])
    t = np.array([[0.0, 1.0], [1.0, 0.0]])
    assert bp.L2.f(y, t).shape == (2,)
    assert bp.CROSS_ENTROPY.f(y, t).shape == (2,)


def test_unknown_loss_name_lists_the_known_ones():
    with pytest.raises(KeyError, match="unknown loss 'mse'; expected one of: l2, cross_entropy"):
        bp.find_loss("mse")
