"""Activations: values, derivatives against centred differences, lookup by name."""

import numpy as np
import pytest

import bpcourse as bp

ELEMENTWISE = [bp.SIGMOID, bp.TANH, bp.RELU, bp.LEAKY_RELU, bp.LINEAR]
# a range with negatives and points close to 0 on both sides, but not on the kinks themselves
Z = np.concatenate([np.linspace(-6, 6, 49) + 0.013, [-1e-3, -1e-4, 1e-4, 1e-3]])


@pytest.mark.parametrize("act", ELEMENTWISE, ids=lambda a: a.name)
def test_derivative_matches_centred_differences(act):
    h = 1e-6
    numeric = (act.f(Z + h) - act.f(Z - h)) / (2 * h)
    np.testing.assert_allclose(act.df(Z), numeric, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("act", [*ELEMENTWISE, bp.SOFTMAX], ids=lambda a: a.name)
def test_each_activation_has_name_and_latex(act):
    assert bp.find_activation(act.name) is act
    assert act.formula.strip() and act.derivative.strip()
    assert "\\" in act.formula or "=" in act.formula


def test_sigmoid_values():
    np.testing.assert_allclose(bp.SIGMOID.f(np.array([0.0, 2.0, -2.0])),
                               [0.5, 1 / (1 + np.exp(-2)), 1 / (1 + np.exp(2))], rtol=1e-15)


def test_sigmoid_does_not_overflow_for_large_inputs():
    with np.errstate(all="raise"):
        np.testing.assert_allclose(bp.SIGMOID.f(np.array([-1000.0, 1000.0])), [0.0, 1.0])


def test_relu_derivative_is_zero_at_exactly_zero():
    assert bp.RELU.df(np.array(0.0)) == 0.0
    assert bp.RELU.df(np.array([-1.0, 0.0, 2.0])).tolist() == [0.0, 0.0, 1.0]


def test_leaky_relu_uses_alpha_one_hundredth():
    assert bp.LEAKY_RELU.f(np.array([-2.0, 3.0])).tolist() == [-0.02, 3.0]
    assert bp.LEAKY_RELU.df(np.array([-2.0, 0.0, 3.0])).tolist() == [0.01, 0.01, 1.0]


def test_softmax_sums_to_one_and_survives_large_inputs():
    y = bp.softmax(np.array([[1000.0, 1001.0, 1002.0], [1.0, 2.0, 3.0]]))
    np.testing.assert_allclose(y.sum(axis=1), [1.0, 1.0])
    np.testing.assert_allclose(y[0], y[1])


def test_softmax_jacobian_matches_centred_differences():
    a = np.array([0.3, -1.2, 2.0, 0.1])
    h = 1e-6
    numeric = np.stack([(bp.softmax(a + h * e) - bp.softmax(a - h * e)) / (2 * h)
                        for e in np.eye(4)], axis=1)
    np.testing.assert_allclose(bp.softmax_jacobian(a), numeric, atol=1e-9)


def test_softmax_jacobian_of_a_batch_has_one_matrix_per_example():
    a = np.arange(6.0).reshape(2, 3)
    jac = bp.softmax_jacobian(a)
    assert jac.shape == (2, 3, 3)
    np.testing.assert_allclose(jac[1], bp.softmax_jacobian(a[1]))


def test_unknown_activation_name_lists_the_known_ones():
    with pytest.raises(KeyError, match="unknown activation 'sigmod'; expected one of: sigmoid"):
        bp.find_activation("sigmod")
