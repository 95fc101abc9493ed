"""The engine that notebook 09's solutions build passes the gradient checks bp.Value passes:
finite differences per operation, values used twice, a deep graph, a small network, and the
2-3-2 network's delta rule."""

import json
import math
import random
from pathlib import Path

import numpy as np
import pytest
from test_engine import OPS as COURSE_OPS

import bpcourse as bp
from bpcourse import classroom, examples
from bpcourse.pictures.computational_graph import graph_layout

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "09_build_the_engine.ipynb"


def solutions():
    """Notebook 09's helper cells (add_to, Module) and its ``solution`` cells, run in order in
    one namespace."""
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    code = ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]
    helper = [c for c in code if "def add_to(" in c or c.startswith("class Module:")]
    solution = ["".join(c["source"]) for c in cells
                if "solution" in c.get("metadata", {}).get("tags", [])]
    namespace = {"math": math, "random": random, "np": np, "bp": bp,
                 **{name: getattr(classroom, name) for name in classroom.__all__}}
    for source in helper + solution:
        exec(compile(source, str(NOTEBOOK), "exec"), namespace)
    return namespace


SOLUTION = solutions()
Value, MLP = SOLUTION["Value"], SOLUTION["MLP"]

OPS = {name: op for name, op in COURSE_OPS.items() if name != "log"}  # 09 writes no log


def test_every_exercise_of_the_notebook_has_its_solution_checked_right():
    for name in ("Value", "MLP", "train_step", "matmul_backward"):
        assert name in SOLUTION
    for check, answer in [("check_value_add_mul", Value), ("check_backward", Value),
                          ("check_iterative_order", Value),
                          ("check_value_operations", Value), ("check_mlp", MLP),
                          ("check_train_step", SOLUTION["train_step"]),
                          ("check_matmul_backward", SOLUTION["matmul_backward"])]:
        assert getattr(classroom, check)(answer).passed, check


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


@pytest.mark.parametrize("name", OPS)
def test_each_operation_gives_the_same_gradients_as_bp_value(name):
    with_values, _ = OPS[name]
    mine, course = (Value(0.7), Value(-1.3)), (bp.Value(0.7), bp.Value(-1.3))
    with_values(*mine).backward()
    with_values(*course).backward()
    assert [v.grad for v in mine] == pytest.approx([v.grad for v in course], rel=1e-12)


def test_a_value_used_twice_collects_both_gradients():
    x = Value(3.0)
    (x * x).backward()
    assert x.grad == 6.0
    a = Value(-1.5)
    (a + a).backward()
    assert a.grad == 2.0
    b = Value(3.0)
    (b * b + b).backward()  # 2b + 1
    assert b.grad == 7.0


def test_a_graph_10_000_nodes_deep_needs_no_recursion_with_the_optional_order(monkeypatch):
    x = Value(0.5)
    y = x
    for _ in range(5000):  # 2 operations and 2 constants each: 20,001 nodes
        y = y * 1.0 + 0.0
    assert len(y.iterative_order()) == 20001
    with pytest.raises(RecursionError):  # step 2's recursive order, as in micrograd
        y.topological_order()
    monkeypatch.setattr(Value, "topological_order", Value.iterative_order)  # what 09 then does
    y.backward()
    assert x.grad == 1.0


@pytest.mark.parametrize("method", ["topological_order", "iterative_order"])
def test_topological_order_lists_inputs_before_outputs_once_each(method):
    a = Value(1.0)
    b = a * a
    c = b + a
    order = getattr(c, method)()
    assert order[-1] is c and order.count(a) == 1 and order.index(a) < order.index(b)


def test_backward_adds_the_gradients_of_two_losses_until_they_are_zeroed():
    a, b = Value(2.0), Value(-3.0)
    (a * b + a).backward()
    (a * a).backward()
    assert (a.grad, b.grad) == (-2.0 + 4.0, 2.0)
    a.grad = b.grad = 0.0
    (a * b + a).backward()
    assert (a.grad, b.grad) == (-2.0, 2.0)


def test_the_training_step_zeroes_then_steps_against_the_gradient():
    random.seed(2)
    model = MLP(2, [3, 1])
    before = [p.data for p in model.parameters()]

    def loss(m):
        return (m([0.5, -1.0])[0] - 1.0) ** 2

    value = loss(model)
    value.backward()
    grads = [p.grad for p in model.parameters()]  # left over: train_step must clear them
    assert SOLUTION["train_step"](model, loss, 0.1) == value.data
    np.testing.assert_allclose([p.data for p in model.parameters()],
                               np.subtract(before, 0.1 * np.array(grads)), rtol=1e-12)


def test_small_mlp_gradients_match_numerical_gradient():
    random.seed(1)
    model = MLP(2, [3, 2])
    x = [0.5, -1.5]
    params = model.parameters()
    theta = np.array([p.data for p in params])

    def loss_of_theta():
        for p, v in zip(params, theta):
            p.data = float(v)
        y = model(x)
        return (y[0] - 1.0) ** 2 + y[1] * 0.5

    loss = loss_of_theta()
    loss.backward()
    analytic = [p.grad for p in params]
    numeric = bp.numerical_gradient(lambda: loss_of_theta().data, theta)
    assert len(params) == 3 * 3 + 4 * 2
    assert bp.relative_error(analytic, numeric) < 1e-7


def test_the_2_3_2_network_on_the_engine_gives_the_delta_rule():
    net, x, t = examples.network_2_3_2()
    w = [[Value(v) for v in row] for row in examples.W]
    b1 = [Value(v) for v in examples.B1]
    u = [[Value(v) for v in row] for row in examples.U]
    b2 = [Value(v) for v in examples.B2]
    h = [sum((w[i][j] * x[i] for i in range(2)), b1[j]).sigmoid() for j in range(3)]
    y = [sum((h[j] * u[j][k] for j in range(3)), b2[k]).sigmoid() for k in range(2)]
    loss = sum((y[k] - t[k]) ** 2 for k in range(2)) * 0.5
    loss.backward()
    g = net.gradients(x, t)
    assert loss.data == pytest.approx(net.loss(x, t), rel=1e-12)
    np.testing.assert_allclose([[v.grad for v in row] for row in w], g.weights[0], rtol=1e-12)
    np.testing.assert_allclose([[v.grad for v in row] for row in u], g.weights[1], rtol=1e-12)
    np.testing.assert_allclose([v.grad for v in b1], g.biases[0], rtol=1e-12)
    np.testing.assert_allclose([v.grad for v in b2], g.biases[1], rtol=1e-12)


def test_matmul_backward_matches_numerical_gradients():
    rng = np.random.default_rng(0)
    x, w, c = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=(4, 2))
    dx, dw = SOLUTION["matmul_backward"](x, w, c)  # L = sum(c * (x @ w)), so dL/da = c
    assert bp.relative_error(dx, bp.numerical_gradient(lambda: np.sum(c * (x @ w)), x)) < 1e-7
    assert bp.relative_error(dw, bp.numerical_gradient(lambda: np.sum(c * (x @ w)), w)) < 1e-7


def test_the_solution_engine_is_drawn_by_the_graph_picture():
    a, b = Value(2.0, label="a"), Value(-3.0, label="b")
    f = a * b + a
    f.backward()
    g = graph_layout(f)
    nodes = {n["label"]: n for n in g["nodes"]}
    assert (nodes["a"]["grad"], nodes["b"]["grad"]) == (-2.0, 2.0)
    assert sorted(e["local"] for e in g["edges"]) == [-3.0, 1.0, 1.0, 2.0]


def test_running_the_class_cell_again_keeps_the_methods_later_cells_added():
    namespace = solutions()
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    class_cell = next("".join(c["source"]) for c in cells
                      if "solution" in c["metadata"].get("tags", [])
                      and "class Value:" in "".join(c["source"]))
    old = namespace["Value"]
    exec(compile(class_cell, str(NOTEBOOK), "exec"), namespace)
    new = namespace["Value"]
    assert new is not old
    for name in ("topological_order", "backward", "iterative_order", "tanh", "__truediv__"):
        assert getattr(new, name) is getattr(old, name), name
    assert classroom.check_value_operations(new).passed


def test_the_stored_comparison_with_pytorch_agrees_to_1e_12():
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    cell = next(c for c in cells if "import torch" in "".join(c["source"]))
    assert "nbval-ignore-output" in cell["metadata"].get("tags", [])  # CI runs without PyTorch
    text = "".join("".join(o.get("text", "")) for o in cell["outputs"])
    assert "PyTorch 2.13.0" in text and "float64" in text, "run `make notebooks`: " + text
    rows = [line for line in text.splitlines() if line.strip().startswith("dL/d")]
    assert len(rows) == 4 and all(line.rstrip().endswith("yes") for line in rows), text
    assert "twice the first: True" in text
