"""The scalar autodiff engine bp.Value."""

import math

import numpy as np
import pytest

import bpcourse as bp
from bpcourse import Value


def test_neuron_chain_gives_the_chain_rule_product():
    x, w, b, t = Value(2.0, label="x"), Value(-0.5, label="w"), Value(0.3, label="b"), 1.0
    y = (w * x + b).sigmoid()
    loss = 0.5 * (y - t) ** 2
    loss.backward()
    yv = 1 / (1 + math.exp(-(-0.5 * 2.0 + 0.3)))
    assert w.grad == pytest.approx((yv - t) * yv * (1 - yv) * 2.0, rel=1e-12)


def test_value_used_twice_collects_both_gradients():
    a = Value(3.0)
    f = a * a + a  # df/da = 2a + 1
    f.backward()
    assert a.grad == 7.0


def test_multiply_gate_hands_each_input_the_other_input():
    x, y = Value(-2.0), Value(5.0)
    (x * y).backward()
    assert (x.grad, y.grad) == (5.0, -2.0)


def test_add_gate_passes_the_gradient_to_both_inputs():
    x, y = Value(-2.0), Value(5.0)
    z = (x + y) * 3.0
    z.backward()
    assert (x.grad, y.grad) == (3.0, 3.0)


def test_max_gate_routes_the_gradient_to_the_larger_input():
    x, y = Value(4.0), Value(1.0)
    m = (x - y).relu() + y  # max(x, y)
    m.backward()
    assert (m.data, x.grad, y.grad) == (4.0, 1.0, 0.0)


OPS = {
    "add": (lambda a, b: a + b, lambda a, b: a + b),
    "sub": (lambda a, b: a - b, lambda a, b: a - b),
    "mul": (lambda a, b: a * b, lambda a, b: a * b),
    "div": (lambda a, b: a / b, lambda a, b: a / b),
    "pow": (lambda a, b: a**3 + b**-2, lambda a, b: a**3 + b**-2),
    "exp": (lambda a, b: (a * b).exp(), lambda a, b: np.exp(a * b)),
    "log": (lambda a, b: (a * a + b * b).log(), lambda a, b: np.log(a * a + b * b)),
    "relu": (lambda a, b: (a - b).relu(), lambda a, b: np.maximum(a - b, 0)),
    "sigmoid": (lambda a, b: (a * b).sigmoid(), lambda a, b: 1 / (1 + np.exp(-a * b))),
    "tanh": (lambda a, b: (a + b).tanh(), lambda a, b: np.tanh(a + b)),
    "neg": (lambda a, b: -a * b, lambda a, b: -a * b),
    "numbers on the left": (lambda a, b: 2.0 - a + 3.0 * b + 1.0 / b,
                            lambda a, b: 2.0 - a + 3.0 * b + 1.0 / b),
}


@pytest.mark.parametrize("name", OPS)
def test_gradient_of_each_operation_matches_numerical_gradient(name):
    with_values, with_floats = OPS[name]
    point = np.array([0.7, -1.3])
    a, b = Value(point[0]), Value(point[1])
    out = with_values(a, b)
    assert out.data == pytest.approx(float(with_floats(*point)), rel=1e-12)
    out.backward()
    numeric = bp.numerical_gradient(lambda: with_floats(*point), point)
    assert bp.relative_error([a.grad, b.grad], numeric) < 1e-7


def test_small_mlp_gradients_match_numerical_gradient():
    rng = np.random.default_rng(0)
    w1, w2, x = rng.normal(size=(2, 3)), rng.normal(size=3), np.array([0.5, -1.5])

    def tanh(v):
        return v.tanh() if isinstance(v, Value) else np.tanh(v)

    def loss_of(w1, w2, x):
        h = [tanh(sum(x[i] * w1[i, j] for i in range(2))) for j in range(3)]
        return (sum(h[j] * w2[j] for j in range(3)) - 1.0) ** 2

    v1 = [[Value(v) for v in row] for row in w1]
    loss = loss_of(np.array(v1, dtype=object), [Value(v) for v in w2], x)
    loss.backward()
    numeric = bp.numerical_gradient(lambda: loss_of(w1, w2, x), w1)
    assert bp.relative_error([[v.grad for v in row] for row in v1], numeric) < 1e-7


def test_backward_adds_into_grad_as_pytorch_does_until_it_is_zeroed():
    a, b = Value(2.0), Value(-3.0)
    (a * b + a).backward()
    assert (a.grad, b.grad) == (-2.0, 2.0)
    (a * a).backward()  # a second loss on the same inputs: its gradients are added
    assert (a.grad, b.grad) == (-2.0 + 4.0, 2.0)
    a.grad = b.grad = 0.0  # what a training loop's zero_grad() does
    (a * b).backward()
    assert (a.grad, b.grad) == (-3.0, 2.0)


def test_backward_twice_on_one_graph_adds_each_gradient_twice_exactly():
    a, b = Value(2.0), Value(-3.0)
    c = a * b
    e = c + a
    L = e * e  # c and e, computed inside the graph, hold this pass's gradient only
    L.backward()
    first = (a.grad, b.grad, c.grad, e.grad)
    L.backward()
    assert (a.grad, b.grad) == (2 * first[0], 2 * first[1]) == (32.0, -32.0)
    assert (c.grad, e.grad) == first[2:] == (-8.0, -8.0)


def test_a_value_shared_by_two_graphs_hands_on_only_the_gradient_of_each_pass():
    a = Value(3.0)
    h = a * a  # shared: dL1/dh = 2 and dL2/dh = 2h, each times dh/da = 2a = 6
    (h * 2.0).backward()
    (h * h).backward()
    assert a.grad == 2.0 * 6.0 + (2 * 9.0) * 6.0


def test_deep_graph_needs_no_recursion():
    x = Value(0.5)
    y = x
    for _ in range(5000):
        y = y * 1.0 + 0.0
    y.backward()
    assert x.grad == 1.0


def test_topological_order_lists_inputs_before_outputs_once_each():
    a = Value(1.0, label="a")
    b = a * a
    c = b + a
    order = c.topological_order()
    assert order[-1] is c and order.count(a) == 1 and order.index(a) < order.index(b)


def test_nodes_record_operation_children_and_local_derivatives():
    a, b = Value(2.0), Value(5.0)
    c = a * b
    assert (c.op, c.children, c.local) == ("*", (a, b), (5.0, 2.0))


def test_repr_shows_data_and_grad():
    a = Value(6.0)
    a.backward()
    assert repr(a) == "Value(data=6, grad=1)"


def test_log_of_a_non_positive_number_is_refused():
    with pytest.raises(ValueError, match="positive number to take the log of, got -1.0"):
        Value(-1.0).log()


def test_exponent_must_be_a_number():
    with pytest.raises(TypeError, match="expected a number as exponent, got Value"):
        Value(2.0) ** Value(3.0)
