"""The single ReLU neuron of the course: x = [1, -2, 3], w = [-3, -1, 2], b = 1."""

import numpy as np
import pytest

import bpcourse as bp

X = [1.0, -2.0, 3.0]


@pytest.fixture
def neuron():
    return bp.ReLUNeuron(w=[-3.0, -1.0, 2.0], b=1.0)


def test_forward_gives_products_sum_and_output(neuron):
    assert neuron.forward(X) == 6.0
    assert neuron.xw.tolist() == [-3.0, 2.0, 6.0]
    assert neuron.a == 6.0 and neuron.y == 6.0


def test_backward_gives_the_gradients_of_the_course(neuron):
    neuron.forward(X)
    g = neuron.backward(dvalue=1.0)
    assert g.dx.tolist() == [-3.0, -1.0, 2.0]
    assert g.dw.tolist() == [1.0, -2.0, 3.0]
    assert g.db == 1.0


def test_backward_keeps_every_local_derivative_of_the_chain(neuron):
    neuron.forward(X)
    g = neuron.backward(dvalue=1.0)
    assert g.drelu_da == 1.0
    assert g.dsum_dxw.tolist() == [1.0, 1.0, 1.0] and g.dsum_db == 1.0
    assert g.dmul_dx.tolist() == [-3.0, -1.0, 2.0]
    assert g.dmul_dw.tolist() == X


def test_backward_scales_with_dvalue(neuron):
    neuron.forward(X)
    assert neuron.backward(dvalue=2.0).dw.tolist() == [2.0, -4.0, 6.0]


def test_gradients_match_numerical_gradient(neuron):
    neuron.forward(X)
    g = neuron.backward()
    x = np.array(X)
    assert bp.relative_error(g.dx, bp.numerical_gradient(lambda: neuron.forward(x), x)) < 1e-9
    w = neuron.w
    assert bp.relative_error(g.dw, bp.numerical_gradient(lambda: neuron.forward(X), w)) < 1e-9


def test_one_step_of_one_thousandth_lowers_the_output_to_5_985(neuron):
    neuron.forward(X)
    neuron.step(neuron.backward(), learning_rate=0.001)
    assert neuron.forward(X) == pytest.approx(5.985, abs=1e-12)


def test_gradient_dies_once_the_pre_activation_is_not_positive():
    neuron = bp.ReLUNeuron(w=[-3.0, -1.0, 2.0], b=-6.0)
    assert neuron.forward(X) == 0.0
    g = neuron.backward()
    assert g.drelu_da == 0.0 and g.dw.tolist() == [0.0, 0.0, 0.0] and g.db == 0.0


def test_input_of_wrong_length_names_both_shapes(neuron):
    with pytest.raises(ValueError, match=r"expected x of shape \(3,\) to match w, got shape \(2,"):
        neuron.forward([1.0, 2.0])


def test_backward_before_forward_says_what_is_missing(neuron):
    with pytest.raises(ValueError, match="forward"):
        neuron.backward()


def test_non_finite_input_is_refused(neuron):
    with pytest.raises(ValueError, match="finite"):
        neuron.forward([1.0, np.nan, 3.0])
