"""Notebook 09's checkers take the student's class: they pass every right engine, fail every
wrong or broken one with a message saying what is wrong, never raise and never print."""

import math
import sys

import numpy as np
import pytest

from bpcourse import classroom
from bpcourse.classroom import ex09_engine as ex09
from bpcourse.classroom.grader import Verdict

# --- a right engine, written as a student would (- and / with their own local derivatives) ---


class Value:
    """Results are made with type(self), so that the wrong variants below, subclasses that
    change one method, keep their mistake all through a graph."""

    def __init__(self, data, children=(), local=(), op="", label=""):
        self.data, self.grad = float(data), 0.0
        self.children, self.local, self.op, self.label = children, local, op, label

    def _wrap(self, other):
        return other if isinstance(other, Value) else type(self)(other)

    def __add__(self, other):
        other = self._wrap(other)
        return type(self)(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __mul__(self, other):
        other = self._wrap(other)
        return type(self)(self.data * other.data, (self, other), (other.data, self.data), "*")

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __neg__(self):
        return type(self)(-self.data, (self,), (-1.0,), "neg")

    def __sub__(self, other):
        other = self._wrap(other)
        return type(self)(self.data - other.data, (self, other), (1.0, -1.0), "-")

    def __rsub__(self, other):
        return self._wrap(other) - self

    def __truediv__(self, other):
        other = self._wrap(other)
        q = self.data / other.data
        return type(self)(q, (self, other), (1 / other.data, -q / other.data), "/")

    def __rtruediv__(self, other):
        return self._wrap(other) / self

    def __pow__(self, n):
        return type(self)(self.data**n, (self,), (n * self.data ** (n - 1),), "**")

    def exp(self):
        return type(self)(math.exp(self.data), (self,), (math.exp(self.data),), "exp")

    def tanh(self):
        t = math.tanh(self.data)
        return type(self)(t, (self,), (1 - t * t,), "tanh")

    def sigmoid(self):
        s = 1 / (1 + math.exp(-self.data))
        return type(self)(s, (self,), (s * (1 - s),), "sigmoid")

    def relu(self):
        return type(self)(max(self.data, 0.0), (self,), (float(self.data > 0),), "relu")

    def iterative_order(self):
        order, seen, stack = [], set(), [self]
        while stack:  # a two-pass stack: a node is appended after its children
            node = stack.pop()
            if isinstance(node, tuple):
                order.append(node[0])
            elif id(node) not in seen:
                seen.add(id(node))
                stack.append((node,))
                stack.extend(c for c in node.children if id(c) not in seen)
        return order

    topological_order = iterative_order

    def backward(self):  # as micrograd: nothing reset, the inputs' gradients add up
        self.grad = 1.0
        for v in reversed(self.topological_order()):
            for c, d in zip(v.children, v.local):
                c.grad += d * v.grad


class Module:
    def zero_grad(self):
        for p in self.parameters():
            p.grad = 0.0


class Neuron(Module):
    def __init__(self, n_in, nonlinear=True):
        self.w, self.b, self.nonlinear = [Value(0.1) for _ in range(n_in)], Value(0.0), nonlinear

    def __call__(self, x):
        a = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return a.tanh() if self.nonlinear else a

    def parameters(self):
        return self.w + [self.b]


class MLP(Module):
    def __init__(self, n_in, sizes):
        ins = [n_in] + list(sizes)
        self.layers = [[Neuron(ins[i], i < len(sizes) - 1) for _ in range(n)]
                       for i, n in enumerate(sizes)]

    def __call__(self, x):
        for layer in self.layers:
            x = [n(x) for n in layer]
        return x

    def parameters(self):
        return [p for layer in self.layers for n in layer for p in n.parameters()]


def matmul_backward(x, w, da):
    return da @ w.T, x.T @ da


def train_step(model, loss, eta):
    value = loss(model)
    model.zero_grad()
    value.backward()
    for p in model.parameters():
        p.data = p.data - eta * p.grad
    return value.data


CHECKS = {"value_add_mul": Value, "backward": Value, "iterative_order": Value,
          "value_operations": Value, "mlp": MLP, "train_step": train_step,
          "matmul_backward": matmul_backward}


def check(name):
    return getattr(classroom, f"check_{name}")


# --- broken and wrong answers ------------------------------------------------------------------


class Stub(Value):
    def __add__(self, other):
        raise NotImplementedError("write __add__")

    __mul__ = __radd__ = __rmul__ = __add__
    __sub__ = __truediv__ = __pow__ = __neg__ = __add__

    def backward(self):
        raise NotImplementedError("write backward")

    def iterative_order(self):
        raise NotImplementedError("optional: write iterative_order")

    def tanh(self):
        raise NotImplementedError("write tanh")


class StubMLP(MLP):
    def __call__(self, x):
        raise NotImplementedError("write MLP.__call__")


def stub_matmul_backward(x, w, da):
    raise NotImplementedError("write matmul_backward")


def stub_train_step(model, loss, eta):
    raise NotImplementedError("write train_step")


class StubOrder(Value):
    def iterative_order(self):
        raise NotImplementedError("optional: write iterative_order")


STUBS = {"value_add_mul": Stub, "backward": Stub, "iterative_order": StubOrder,
         "value_operations": Stub, "mlp": StubMLP, "train_step": stub_train_step,
         "matmul_backward": stub_matmul_backward}


class ReturnsNone(Value):
    def __add__(self, other):
        Value.__add__(self, other)

    def __mul__(self, other):
        Value.__mul__(self, other)


class NoReversed(Value):
    """Without __radd__ and __rmul__, 2 + a raises what Python raises then."""

    def __radd__(self, other):
        raise TypeError(f"unsupported operand type(s) for +: '{type(other).__name__}' and "
                        f"'{type(self).__name__}'")

    __rmul__ = __radd__


class Unwrapped(Value):
    def __add__(self, other):
        return type(self)(self.data + other.data, (self, other), (1.0, 1.0), "+")


class RecursiveOrder(Value):
    """micrograd's recursive search: right for the graphs of every step, too deep for a chain
    of thousands of operations."""

    def topological_order(self):
        order, seen = [], set()

        def visit(v):
            if id(v) not in seen:
                seen.add(id(v))
                for c in v.children:
                    visit(c)
                order.append(v)
        visit(self)
        return order

    iterative_order = topological_order


class ResetsInteriorGrads(Value):
    """bp.Value's pass: the values inside the graph start at 0, the inputs add up."""

    def backward(self):
        order = self.topological_order()
        for v in order:
            if v.children:
                v.grad = 0.0
        self.grad += 1.0
        for v in reversed(order):
            for c, d in zip(v.children, v.local):
                c.grad += d * v.grad


class SearchInsideBackward(Value):
    """topological_order left as the stub, the same search written inside backward()."""

    def topological_order(self):
        raise NotImplementedError("write topological_order")

    def backward(self):
        self.grad = 1.0
        for v in reversed(Value.iterative_order(self)):
            for c, d in zip(v.children, v.local):
                c.grad += d * v.grad


class OrderAsIterator(Value):
    def topological_order(self):
        return iter(Value.iterative_order(self))


class OrderAsGenerator(Value):
    def iterative_order(self):
        yield from Value.iterative_order(self)


class OutputFirst(Value):
    def topological_order(self):
        return Value.iterative_order(self)[::-1]

    def backward(self):  # walks its own order forwards, so its gradients are right
        self.grad = 1.0
        for v in self.topological_order():
            for c, d in zip(v.children, v.local):
                c.grad += d * v.grad


class Duplicates(Value):
    def iterative_order(self):
        order = Value.iterative_order(self)
        return order[:1] + order


class GeneratorParameters(MLP):
    def parameters(self):
        return (p for layer in self.layers for n in layer for p in n.parameters())


class NoZeroGrad(MLP):
    def zero_grad(self):
        pass


class ConstructorRaises(Value):
    def __init__(self, *args, **kwargs):
        raise ValueError("broken")


class Exits(Value):
    def backward(self):
        sys.exit(1)


class MethodsRaise(Value):
    def __getattribute__(self, name):
        if name in ("data", "children", "local", "grad"):
            raise RuntimeError("no")
        return object.__getattribute__(self, name)


def engine(name):
    return getattr(ex09, name)


PLAUSIBLE = [
    ("value_add_mul", engine("_MulOwnInput"), "OTHER input"),
    ("value_add_mul", engine("_AddLikeMul"), "1 for each input"),
    ("value_add_mul", engine("_NoChildren"), "children = (self, other)"),
    ("value_add_mul", NoReversed, "__radd__"),
    ("value_add_mul", Unwrapped, "wrap a plain number"),
    ("backward", engine("_Assign"), "use += to collect gradients, not ="),
    ("backward", engine("_NoOrder"), "reverse topological order"),
    ("backward", engine("_Reset"), "do not set the gradients to 0 in backward()"),
    ("backward", engine("_NoSeed"), "out.grad = 1"),
    ("backward", SearchInsideBackward, "topological_order() still raises"),
    ("backward", OrderAsIterator, "not a list"),
    ("backward", OutputFirst, "the output LAST"),
    ("iterative_order", RecursiveOrder, "keep your own stack"),
    ("iterative_order", OrderAsGenerator, "gave generator, not a list"),
    ("iterative_order", Duplicates, "more than once"),
    ("value_operations", engine("_TanhOfInput"), "square the OUTPUT"),
    ("value_operations", engine("_TanhNotSquared"), "square it"),
    ("value_operations", engine("_PowNoMinusOne"), "exponent drops by one"),
    ("value_operations", engine("_PowNoFactor"), "comes down as a factor"),
    ("value_operations", engine("_DivSign"), "−a/b²"),
    ("value_operations", engine("_PowPrecedence"), "raises to the power before it subtracts"),
    ("value_operations", engine("_DivNoSquare"), "the b is squared"),
    ("value_operations", engine("_SigmoidNoOneMinus"), "σ(1 − σ)"),
    ("value_operations", engine("_ReluAlwaysOne"), "0 elsewhere"),
    ("value_operations", engine("_RsubBackwards"), "other − self"),
    ("value_operations", engine("_ExpOfOne"), "the output itself"),
    ("mlp", ex09._reference_mlp(tanh_last=True), "the last layer is linear"),
    ("mlp", ex09._reference_mlp(no_tanh=True), "hidden layers apply tanh"),
    ("mlp", ex09._reference_mlp(bias_first=True), "weights first, then its bias"),
    ("mlp", ex09._reference_mlp(no_bias=True), "add the bias"),
    ("mlp", GeneratorParameters, "gave generator, not a list"),
    ("mlp", NoZeroGrad, "zero_grad() clears every entry"),
    ("train_step", ex09._step_without_zero, "call model.zero_grad() before L.backward()"),
    ("train_step", ex09._step_zero_too_late, "BEFORE backward()"),
    ("train_step", ex09._step_uphill, "against the gradient"),
    ("train_step", ex09._step_loss_after, "before the step"),
    ("matmul_backward", lambda x, w, da: (x.T @ da, da @ w.T), "swapped"),
    ("matmul_backward", lambda x, w, da: (da @ w.T, da.T @ x), "its transpose"),
    ("matmul_backward", lambda x, w, da: (da @ w.T, x.T @ da / len(x)), "do not average"),
]


# --- the tests ---------------------------------------------------------------------------------

def test_the_checks_of_notebook_09_are_in_the_classroom():
    for name in CHECKS:
        assert f"check_{name}" in classroom.__all__


@pytest.mark.parametrize("name", CHECKS)
def test_a_right_answer_passes_with_a_check_mark(name):
    verdict = check(name)(CHECKS[name])
    assert isinstance(verdict, Verdict) and verdict.passed, verdict.message
    assert verdict.message.startswith(f"✅ {name}: all ")


@pytest.mark.parametrize("name", ["value_add_mul", "backward", "value_operations"])
def test_the_course_engine_and_the_reference_engine_pass(name):
    import bpcourse as bp
    assert check(name)(bp.Value).passed
    assert check(name)(ex09.Engine).passed


@pytest.mark.parametrize("engine_class", [RecursiveOrder, ResetsInteriorGrads])
def test_a_recursive_order_and_a_pass_that_zeroes_the_values_inside_pass_backward(engine_class):
    assert classroom.check_backward(engine_class).passed


def test_an_engine_that_accumulates_passes_and_one_that_resets_shows_the_sum_it_missed():
    message = classroom.check_backward(engine("_Reset")).message
    assert "expression = a * b + a, then a * a: backward() of each" in message
    assert "expected: out.data = 1, a.grad = 1.5, b.grad = -1" in message
    assert "received: out.data = 1, a.grad = -2, b.grad = -1" in message


@pytest.mark.parametrize("name", CHECKS)
def test_the_pass_message_is_the_same_every_time_despite_the_random_case(name):
    assert len({check(name)(CHECKS[name]).message for _ in range(3)}) == 1


@pytest.mark.parametrize("name", CHECKS)
def test_a_stub_gets_a_calm_not_implemented_yet(name):
    verdict = check(name)(STUBS[name])
    assert not verdict and verdict.message.startswith(f"⏳ {name}: not implemented yet: ")


def test_the_optional_order_is_not_implemented_yet_while_step_1_is_not():
    verdict = classroom.check_iterative_order(Stub)
    assert not verdict and verdict.message.startswith("⏳ iterative_order: not implemented yet")


@pytest.mark.parametrize("name", CHECKS)
def test_a_checker_prints_nothing(name, capsys):
    for answer in (CHECKS[name], STUBS[name], None):
        check(name)(answer)
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("name", ["value_add_mul", "backward", "iterative_order",
                                  "value_operations", "mlp"])
def test_passing_an_object_instead_of_the_class_shows_how_to_call_the_check(name):
    verdict = check(name)(CHECKS[name](2.0) if name != "mlp" else CHECKS[name](2, [1]))
    assert not verdict and "expected a class" in verdict.message
    assert "without calling it" in verdict.message


@pytest.mark.parametrize("check_name, answer, hint", PLAUSIBLE,
                         ids=[f"{c}-{getattr(a, '__name__', 'x')}" for c, a, _ in PLAUSIBLE])
def test_a_plausible_wrong_answer_fails_with_a_hint_naming_the_mistake(check_name, answer, hint):
    verdict = check(check_name)(answer)
    assert not verdict and verdict.message.startswith("❌"), verdict.message
    assert hint in verdict.message, verdict.message


def test_the_classic_bug_shows_the_right_and_the_buggy_gradient_of_x_times_x():
    message = classroom.check_backward(engine("_Assign")).message
    assert "expression = a * a" in message
    assert "expected: out.data = 9, a.grad = 6, b.grad = 0" in message
    assert "received: out.data = 9, a.grad = 3, b.grad = 0" in message


def test_a_recursive_order_fails_the_optional_challenge_on_the_deep_chain():
    message = classroom.check_iterative_order(RecursiveOrder).message
    assert "recursion depth" in message and "2,000 times" in message


def test_a_class_that_lost_a_method_says_which_step_to_run_again():
    class Lost(Value):
        def __getattribute__(self, name):
            if name == "tanh":
                raise AttributeError("'Lost' object has no attribute 'tanh'")
            return object.__getattribute__(self, name)

    message = classroom.check_value_operations(Lost).message
    assert "run the cell of step 3 that writes tanh" in message, message


@pytest.mark.parametrize("broken, words", [
    (ReturnsNone, "did you forget a `return`"),
    (ConstructorRaises, "raised ValueError: broken"),
    (MethodsRaise, "RuntimeError"),
])
def test_a_broken_class_fails_with_a_message_and_never_raises(broken, words):
    for name in ("value_add_mul", "backward", "value_operations"):
        verdict = check(name)(broken)
        assert not verdict and verdict.message.startswith("❌"), verdict.message
    assert words in check("value_add_mul")(broken).message


def test_a_class_that_calls_exit_fails_without_ending_the_session():
    verdict = classroom.check_backward(Exits)
    assert not verdict and "SystemExit" in verdict.message


def test_an_mlp_with_too_few_parameters_fails_naming_the_count():
    class NoBiases(MLP):
        def parameters(self):
            return [p for layer in self.layers for n in layer for p in n.w]

    message = classroom.check_mlp(NoBiases).message
    assert "parameters() gave 9 values for MLP(2, [3, 1]), expected 13" in message


def test_an_mlp_that_returns_a_value_instead_of_a_list_fails_saying_so():
    class Single(MLP):
        def __call__(self, x):
            return MLP.__call__(self, x)[0]

    assert "expected a list of 1 Values" in classroom.check_mlp(Single).message


def test_matmul_backward_of_the_wrong_shape_fails_naming_both_shapes():
    message = classroom.check_matmul_backward(lambda x, w, da: (da @ w.T, x @ w)).message
    assert "dw has the wrong shape: expected shape (2, 3), got shape (1, 3)" in message


def test_matmul_backward_with_nan_fails_naming_nan():
    message = classroom.check_matmul_backward(
        lambda x, w, da: (da @ w.T * np.nan, x.T @ da)).message
    assert "NaN" in message
