"""Gradient checking helpers."""

import numpy as np
import pytest

import bpcourse as bp


def test_numerical_gradient_of_a_quadratic_is_exact():
    theta = np.array([1.0, -2.0, 0.5])
    grad = bp.numerical_gradient(lambda: np.sum(theta**2), theta)
    np.testing.assert_allclose(grad, 2 * theta, rtol=1e-9)


def test_numerical_gradient_restores_the_array():
    theta = np.array([[1.0, 2.0], [3.0, 4.0]])
    bp.numerical_gradient(lambda: np.sum(np.sin(theta)), theta)
    assert theta.tolist() == [[1.0, 2.0], [3.0, 4.0]]


def test_numerical_gradient_works_on_matrices():
    theta = np.array([[0.1, 0.2], [0.3, 0.4]])
    np.testing.assert_allclose(bp.numerical_gradient(lambda: np.prod(theta), theta),
                               np.prod(theta) / theta, rtol=1e-8)


def test_numerical_gradient_refuses_an_integer_array():
    with pytest.raises(ValueError, match="expected a float numpy array to nudge in place, got"):
        bp.numerical_gradient(lambda: 0.0, np.array([1, 2]))


def test_numerical_gradient_refuses_a_list():
    with pytest.raises(ValueError, match="got list"):
        bp.numerical_gradient(lambda: 0.0, [1.0, 2.0])


def test_relative_error_is_zero_for_equal_and_one_for_opposite():
    assert bp.relative_error([1.0, 2.0], [1.0, 2.0]) == 0.0
    assert bp.relative_error([1.0, 2.0], [-1.0, -2.0]) == 1.0


def test_relative_error_of_two_zero_arrays_is_zero():
    assert bp.relative_error(np.zeros(3), np.zeros(3)) == 0.0


def test_relative_error_names_both_shapes():
    with pytest.raises(ValueError, match=r"same shape, got \(2,\) and \(3,\)"):
        bp.relative_error(np.zeros(2), np.zeros(3))


def test_check_network_lists_all_17_parameters_of_the_2_3_2_network():
    net = bp.Network([2, 3, 2], seed=0)
    rows = bp.check_network(net, np.array([0.05, 0.1]), np.array([0.01, 0.99]))
    assert len(rows) == 17
    assert [r[0] for r in rows[:3]] == ["w[0,0]", "w[0,1]", "w[0,2]"]
    assert {r[0] for r in rows} >= {"b1[2]", "u[2,1]", "b2[1]"}
    assert max(r[3] for r in rows) < 1e-7


def test_check_network_names_deeper_layers_by_number():
    rows = bp.check_network(bp.Network([2, 2, 2, 1], seed=0), np.zeros(2), np.zeros(1))
    assert rows[0][0] == "W1[0,0]" and rows[-1][0] == "b3[0]"
