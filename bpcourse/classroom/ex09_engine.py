r"""Exercises of notebook 09, backpropagation automated: the student builds the engine.

Each check here takes the student's *class* (``Value``, ``MLP``) or function, builds small
graphs with it from the case's numbers, and reads what it computed: ``data``, the local
derivatives it stored, the ``grad`` that ``backward()`` left on each input. The reference is
:class:`Engine`, a few lines of the course's engine that every check compares with; each known
mistake (``=`` instead of ``+=``, the derivative of tanh taken at the input, ...) is a small
subclass of it that makes that one mistake, so a wrong answer is recognised by computing the
same graph with the wrong engine.

How a check grades and what it returns: :mod:`bpcourse.classroom.grader`.
"""

import math

import numpy as np

from .. import examples
from ..engine import Value as CourseValue
from .grader import Case, Verdict, fresh, grade, rng

# --- the reference engine and its known mistakes ---------------------------------------------


class Engine:
    """The reference: ``data``, ``grad``, ``children`` and their ``local`` derivatives, built
    as in notebook 09 (``type(self)`` everywhere, so a subclass changes one rule only)."""

    def __init__(self, data, children=(), local=(), op=""):
        self.data, self.grad = float(data), 0.0
        self.children, self.local, self.op = children, local, op

    def _wrap(self, other):
        return other if isinstance(other, Engine) else type(self)(other)

    def _new(self, data, children, local, op):
        return type(self)(data, children, local, op)

    def __add__(self, other):
        other = self._wrap(other)
        return self._new(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __mul__(self, other):
        other = self._wrap(other)
        return self._new(self.data * other.data, (self, other), (other.data, self.data), "*")

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __neg__(self):
        return self * -1.0

    def __sub__(self, other):
        return self + (-self._wrap(other))

    def __rsub__(self, other):
        return self._wrap(other) - self

    def __pow__(self, n):
        return self._new(self.data**n, (self,), (n * self.data ** (n - 1),), f"**{n}")

    def __truediv__(self, other):
        return self * self._wrap(other) ** -1

    def __rtruediv__(self, other):
        return self._wrap(other) / self

    def exp(self):
        e = math.exp(self.data)
        return self._new(e, (self,), (e,), "exp")

    def tanh(self):
        t = math.tanh(self.data)
        return self._new(t, (self,), (1.0 - t * t,), "tanh")

    def sigmoid(self):
        s = 0.5 * (1.0 + math.tanh(0.5 * self.data))
        return self._new(s, (self,), (s * (1.0 - s),), "sigmoid")

    def relu(self):
        on = self.data > 0
        return self._new(self.data if on else 0.0, (self,), (1.0 if on else 0.0,), "relu")

    # the course's own backward pass: it reads only children, local and grad
    topological_order = CourseValue.topological_order
    backward = CourseValue.backward


class _MulOwnInput(Engine):
    def __mul__(self, other):
        other = self._wrap(other)
        return self._new(self.data * other.data, (self, other), (self.data, other.data), "*")


class _AddLikeMul(Engine):
    def __add__(self, other):
        other = self._wrap(other)
        return self._new(self.data + other.data, (self, other), (other.data, self.data), "+")


class _NoChildren(Engine):
    def _new(self, data, children, local, op):
        return type(self)(data, (), (), op)


class _Assign(Engine):
    def backward(self):
        order = self.topological_order()
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for child, local in zip(node.children, node.local):
                child.grad = local * node.grad


class _NoOrder(Engine):
    def backward(self):  # breadth first from the output: a node may send before it is complete
        for node in self.topological_order():
            node.grad = 0.0
        self.grad, queue = 1.0, [self]
        while queue:
            node = queue.pop(0)
            for child, local in zip(node.children, node.local):
                child.grad += local * node.grad
                queue.append(child)


class _NoReset(Engine):
    def backward(self):
        self.grad = 1.0
        for node in reversed(self.topological_order()):
            for child, local in zip(node.children, node.local):
                child.grad += local * node.grad


class _NoSeed(Engine):
    def backward(self):
        order = self.topological_order()
        for node in order:
            node.grad = 0.0
        for node in reversed(order):
            for child, local in zip(node.children, node.local):
                child.grad += local * node.grad


class _TanhOfInput(Engine):
    def tanh(self):
        return self._new(math.tanh(self.data), (self,), (1.0 - self.data**2,), "tanh")


class _TanhNotSquared(Engine):
    def tanh(self):
        t = math.tanh(self.data)
        return self._new(t, (self,), (1.0 - t,), "tanh")


class _PowNoMinusOne(Engine):
    def __pow__(self, n):
        return self._new(self.data**n, (self,), (n * self.data**n,), f"**{n}")


class _PowNoFactor(Engine):
    def __pow__(self, n):
        return self._new(self.data**n, (self,), (self.data ** (n - 1),), f"**{n}")


class _PowPrecedence(Engine):
    def __pow__(self, n):  # n * a ** n - 1, as typed for n * a ** (n - 1)
        return self._new(self.data**n, (self,), (n * self.data**n - 1,), f"**{n}")


class _DivNoSquare(Engine):
    def __truediv__(self, other):
        other = self._wrap(other)
        return self._new(self.data / other.data, (self, other),
                         (1.0 / other.data, -self.data / other.data), "/")


class _DivSign(Engine):
    def __truediv__(self, other):
        other = self._wrap(other)
        q = self.data / other.data
        return self._new(q, (self, other), (1.0 / other.data, q / other.data), "/")


class _SigmoidNoOneMinus(Engine):
    def sigmoid(self):
        s = 0.5 * (1.0 + math.tanh(0.5 * self.data))
        return self._new(s, (self,), (s,), "sigmoid")


class _ReluAlwaysOne(Engine):
    def relu(self):
        return self._new(max(self.data, 0.0), (self,), (1.0,), "relu")


class _RsubBackwards(Engine):
    def __rsub__(self, other):
        return self - self._wrap(other)


class _ExpOfOne(Engine):
    def exp(self):
        return self._new(math.exp(self.data), (self,), (1.0,), "exp")


# --- building graphs with a student's class --------------------------------------------------

def _deep(a, b):
    y = a
    for _ in range(DEPTH):
        y = y * 0.999 + 0.001
    return y


DEPTH = 2000
"""Steps of the deep chain :math:`y \\leftarrow 0.999\\,y + 0.001`: 4,000 operations, deeper
than Python's recursion limit."""

PROGRAMS = {
    "a + b": lambda a, b: a + b,
    "a * b": lambda a, b: a * b,
    "a * a": lambda a, b: a * a,
    "a + a": lambda a, b: a + a,
    "a + 2": lambda a, b: a + 2,
    "a * 3": lambda a, b: a * 3,
    "2 + a": lambda a, b: 2 + a,
    "3 * a": lambda a, b: 3 * a,
    "a * b + a": lambda a, b: a * b + a,
    "a * b + a, backward() called twice": lambda a, b: a * b + a,
    "p + p * b, p = a * b": lambda a, b: (lambda p: p + p * b)(a * b),
    "(a + b) * (a * b + 1)": lambda a, b: (a + b) * (a * b + 1),
    f"y = 0.999 y + 0.001, {DEPTH:,} times from y = a": _deep,
    "a - b": lambda a, b: a - b,
    "2 - a": lambda a, b: 2 - a,
    "a / b": lambda a, b: a / b,
    "1 / a": lambda a, b: 1 / a,
    "a ** 3": lambda a, b: a**3,
    "b ** -2": lambda a, b: b**-2,
    "-a * b": lambda a, b: -a * b,
    "a.exp()": lambda a, b: a.exp(),
    "(a * b).tanh()": lambda a, b: (a * b).tanh(),
    "(a + b).sigmoid()": lambda a, b: (a + b).sigmoid(),
    "(a - b).relu() + b.relu()": lambda a, b: (a - b).relu() + b.relu(),
    "(a / b - 1).tanh() ** 2": lambda a, b: ((a / b - 1).tanh()) ** 2,
}
"""The graphs the checks build, by the expression they compute from the inputs ``a``, ``b``."""


def _value(v, what):
    """``v`` if it looks like a Value (has ``data``), else a clear error."""
    if v is None:
        raise TypeError(f"{what} gave None, not a Value: did you forget a `return`?")
    if not hasattr(v, "data"):
        raise TypeError(f"{what} gave {type(v).__name__}, not a Value")
    return v


def _build(cls, expression, a, b):
    """The inputs ``a``, ``b`` as ``cls`` values and the result of ``expression`` on them;
    errors of a missing piece say which."""
    va, vb = cls(a), cls(b)
    try:
        out = PROGRAMS[expression](va, vb)
    except TypeError as error:
        if "unsupported operand" in str(error):
            raise TypeError(f"{error}. For 2 + a Python asks a.__radd__(2) (and __rmul__, "
                            f"__rsub__, __rtruediv__ for *, -, /): define them") from None
        raise
    except AttributeError as error:
        if "'int' object" in str(error) or "'float' object" in str(error):
            raise AttributeError(f"{error}: wrap a plain number first, other = other if "
                                 f"isinstance(other, Value) else Value(other)") from None
        raise
    return va, vb, _value(out, expression)


def _local_wrt(out, leaf):
    """The sum of the local derivatives ``out`` stores for the child ``leaf`` (both uses of
    ``a`` in ``a * a``)."""
    children = tuple(getattr(out, "children", ()))
    local = tuple(getattr(out, "local", ()))
    if len(local) != len(children):
        raise ValueError(f"children has {len(children)} values but local {len(local)}: "
                         f"store one local derivative per child")
    return sum(float(d) for c, d in zip(children, local) if c is leaf)


def _forward(cls):
    def run(expression, a, b):
        va, vb, out = _build(cls, expression, a, b)
        return float(out.data), _local_wrt(out, va), _local_wrt(out, vb)
    return run


def _backward(cls):
    def run(expression, a, b):
        va, vb, out = _build(cls, expression, a, b)
        try:
            out.backward()
            if expression.endswith("twice"):
                out.backward()
        except RecursionError:
            raise RecursionError(
                "maximum recursion depth exceeded: a recursive topological sort makes one "
                "Python call per node of the deepest path; keep your own stack (a list) "
                "instead") from None
        return float(out.data), float(va.grad), float(vb.grad)
    return run


def _engine_grade(name, cls, cases, runner, parts, todo, wrongs, **keywords):
    """Grade the class ``cls`` with ``runner(cls)``; each of ``wrongs`` is ``(engine, hint)``."""
    if not isinstance(cls, type):
        return Verdict(name, False, (
            f"❌ {name}: expected a class, got {type(cls).__name__}. Pass the class itself, "
            f"without calling it: check_{name}(Value)"))
    return grade(name, runner(cls), cases, runner(Engine), params=("expression", "a", "b"),
                 todo=todo, parts=parts, wrongs=[(runner(e), h) for e, h in wrongs],
                 **keywords)


def _cases(fixed, hidden_choices, low=-2.0, high=2.0):
    random = rng()
    expression = hidden_choices[int(random.integers(len(hidden_choices)))]
    a, b = (float(v) * random.choice([-1.0, 1.0]) for v in random.uniform(0.3, 1.8, 2))
    cases = [Case(fresh(*c), shown={"expression": c[0]}) for c in fixed]
    cases.append(Case(fresh(expression, a, b), hidden=True, shown={"expression": expression}))
    return cases


# --- the checks ------------------------------------------------------------------------------

def check_value_add_mul(cls):
    r"""``cls`` is the student's ``Value``: ``a + b`` and ``a * b`` (also with a plain number on
    either side) give a Value with the right ``data``, its inputs in ``children`` and their
    local derivatives in ``local``: :math:`\partial(a+b)/\partial a = 1`,
    :math:`\partial(ab)/\partial a = b`."""
    fixed = [("a + b", 2.0, -3.0), ("a * b", 3.0, -4.0), ("a * a", 3.0, 0.5),
             ("a + 2", 1.5, 0.0), ("a * 3", -2.0, 0.0), ("2 + a", 0.5, 0.0),
             ("3 * a", 4.0, 0.0)]
    wrongs = [
        (_MulOwnInput, "∂(a·b)/∂a is the OTHER input b: local = (other.data, self.data)"),
        (_AddLikeMul, "the local derivative of a + b is 1 for each input: local = (1, 1)"),
        (_NoChildren, "store the inputs the result came from, children = (self, other), "
                      "with their local derivatives in the same order"),
    ]
    return _engine_grade(
        "value_add_mul", cls, _cases(fixed, ["a + b", "a * b", "2 + a", "3 * a"]), _forward,
        ("out.data", "local ∂out/∂a", "local ∂out/∂b"),
        "write __add__ and __mul__ (and __radd__, __rmul__), each storing children and local",
        wrongs)


def check_backward(cls):
    r"""``cls`` is the student's ``Value`` with ``backward()``: after ``out.backward()`` every
    input's ``grad`` is :math:`\partial\,\text{out}/\partial\,\text{input}`, for values used
    twice, for a chain thousands of operations deep, and when called twice."""
    fixed = [("a * b", 3.0, -4.0), ("a * a", 3.0, 0.0), ("a + a", -1.5, 0.0),
             ("a * b + a", 2.0, -3.0), ("p + p * b, p = a * b", 2.0, -3.0),
             ("(a + b) * (a * b + 1)", 1.5, -0.5),
             ("a * b + a, backward() called twice", -1.0, 2.5),
             (f"y = 0.999 y + 0.001, {DEPTH:,} times from y = a", 0.5, 0.0)]
    cases = _cases(fixed, ["a * b + a", "p + p * b, p = a * b", "(a + b) * (a * b + 1)"])
    wrongs = [
        (_Assign, "use += to collect gradients, not =: a value used twice (x * x, a + a) "
                  "gets a gradient along each use, and = keeps only the last"),
        (_NoOrder, "a node may pass its gradient on only when it has all of it: visit the "
                   "nodes in reverse topological order"),
        (_NoReset, "set every grad in the graph to 0 before the pass: calling backward() "
                   "twice must give the same gradients, not add them up"),
        (_NoSeed, "start the pass with the output's own gradient, out.grad = 1 "
                  "(∂out/∂out)"),
    ]
    return _engine_grade("backward", cls, cases, _backward, ("out.data", "a.grad", "b.grad"),
                         "write topological_order and backward", wrongs)


def check_value_operations(cls):
    r"""``cls`` is the student's ``Value`` with ``-``, ``/``, ``**``, ``exp``, ``tanh``,
    ``sigmoid``, ``relu`` (numbers on either side): its ``data`` and, after ``backward()``, the
    inputs' gradients match the reference on each operation."""
    fixed = [("a - b", 2.0, 5.0), ("2 - a", 0.5, 0.0), ("a ** 3", -1.5, 0.0),
             ("b ** -2", 0.0, 2.0), ("a / b", 3.0, -2.0), ("1 / a", 4.0, 0.0),
             ("-a * b", 1.5, 2.0), ("a.exp()", 0.5, 0.0), ("(a * b).tanh()", 0.8, -0.5),
             ("(a + b).sigmoid()", 0.3, 0.9), ("(a - b).relu() + b.relu()", 1.0, -2.0),
             ("(a - b).relu() + b.relu()", -1.0, 2.0)]
    cases = _cases(fixed, ["(a / b - 1).tanh() ** 2", "(a + b).sigmoid()", "a / b",
                           "(a * b).tanh()"])
    wrongs = [
        (_TanhOfInput, "tanh′ = 1 − tanh²(a): square the OUTPUT t = tanh(a), not the input"),
        (_TanhNotSquared, "tanh′ = 1 − t² with t = tanh(a): square it"),
        (_DivSign, "∂(a/b)/∂b = −a/b²: mind the minus sign"),
        (_DivNoSquare, "∂(a/b)/∂b = −a/b²: the b is squared (a/b = a·b⁻¹, and d(b⁻¹)/db = "
                       "−b⁻²)"),
        (_PowNoMinusOne, "d(aⁿ)/da = n·aⁿ⁻¹: the exponent drops by one"),
        (_PowNoFactor, "d(aⁿ)/da = n·aⁿ⁻¹: the exponent n comes down as a factor"),
        (_PowPrecedence, "n * a ** n - 1 is n·aⁿ − 1: Python raises to the power before it "
                         "subtracts; write n * a ** (n - 1)"),
        (_SigmoidNoOneMinus, "σ′ = σ(1 − σ), not σ"),
        (_ReluAlwaysOne, "ReLU′ is 1 where a > 0 and 0 elsewhere"),
        (_RsubBackwards, "2 − a calls a.__rsub__(2): compute other − self, not self − other"),
        (_ExpOfOne, "d(eᵃ)/da = eᵃ, the output itself"),
    ]
    return _engine_grade("value_operations", cls, cases, _backward,
                         ("out.data", "a.grad", "b.grad"),
                         "write -, /, ** and exp, tanh, sigmoid, relu (with __rsub__, "
                         "__rtruediv__ for numbers on the left)", wrongs)


# --- the multilayer perceptron ---------------------------------------------------------------

class _Neuron:
    """The reference neuron on the course's engine; its flags make the known mistakes."""

    def __init__(self, n_in, nonlinear, bias_first=False, no_bias=False):
        self.w = [CourseValue(0.0) for _ in range(n_in)]
        self.b = CourseValue(0.0)
        self.nonlinear, self.bias_first, self.no_bias = nonlinear, bias_first, no_bias

    def __call__(self, x):
        a = sum((wi * xi for wi, xi in zip(self.w, x)),
                CourseValue(0.0) if self.no_bias else self.b)
        return a.tanh() if self.nonlinear else a

    def parameters(self):
        return [self.b] + self.w if self.bias_first else self.w + [self.b]


def _reference_mlp(tanh_last=False, no_tanh=False, **flags):
    class MLP:
        def __init__(self, n_in, sizes):
            ins = [n_in] + list(sizes)
            last = len(sizes) - 1
            self.layers = [[_Neuron(ins[i], (i < last or tanh_last) and not no_tanh, **flags)
                            for _ in range(n)] for i, n in enumerate(sizes)]

        def __call__(self, x):
            for layer in self.layers:
                x = [neuron(x) for neuron in layer]
            return x

        def parameters(self):
            return [p for layer in self.layers for n in layer for p in n.parameters()]
    return MLP


def _run_mlp(cls):
    def run(n_in, sizes, values, x):
        model = cls(n_in, list(sizes))
        params = list(model.parameters())
        want = sum((a + 1) * b for a, b in zip([n_in] + list(sizes), sizes))
        if len(params) != want:
            raise ValueError(f"parameters() gave {len(params)} values for MLP({n_in}, "
                             f"{list(sizes)}), expected {want}: every weight and every bias")
        for p, v in zip(params, values):
            _value(p, "an entry of parameters()").data = float(v)
        outputs = model([float(v) for v in x])
        if not isinstance(outputs, list | tuple):
            raise TypeError(f"model(x) gave {type(outputs).__name__}, expected a list of "
                            f"{sizes[-1]} Values (one per output)")
        total = _value(outputs[0], "model(x)[0]")
        for o in outputs[1:]:
            total = total + o
        total.backward()
        return ([float(o.data) for o in outputs],
                [float(_value(p, "an entry of parameters()").grad) for p in params])
    return run


def check_mlp(cls):
    r"""``cls`` is the student's ``MLP``: ``MLP(n_in, sizes)`` with ``parameters()`` (for each
    layer, each neuron: its weights, then its bias) and ``model(x)`` the list of outputs, tanh
    in every layer but the last, which is linear. The check sets the parameters, runs ``x``
    and backpropagates the sum of the outputs: outputs and parameter gradients must match."""
    random = rng()

    def params(n_in, sizes, seed):
        count = sum((a + 1) * b for a, b in zip([n_in] + sizes, sizes))
        return np.round(np.random.default_rng(seed).uniform(-1, 1, count), 2)

    hidden_sizes = [int(random.integers(2, 5)), int(random.integers(1, 3))]
    cases = [
        Case(fresh(2, [3, 1], params(2, [3, 1], 1), np.array([1.0, 0.5]))),
        Case(fresh(2, [2, 2], params(2, [2, 2], 2), np.array([-0.5, 1.5]))),
        Case(fresh(3, [4, 3, 1], params(3, [4, 3, 1], 3), np.array([0.2, -1.0, 0.7]))),
        Case(fresh(2, hidden_sizes, params(2, hidden_sizes, int(random.integers(1000))),
                   random.uniform(-2, 2, 2)), hidden=True),
    ]
    wrongs = [
        (_run_mlp(_reference_mlp(tanh_last=True)),
         "the last layer is linear: no tanh on the outputs"),
        (_run_mlp(_reference_mlp(no_tanh=True)),
         "the hidden layers apply tanh to a = Σ wᵢxᵢ + b"),
        (_run_mlp(_reference_mlp(bias_first=True)),
         "parameters() lists each neuron's weights first, then its bias"),
        (_run_mlp(_reference_mlp(no_bias=True)), "add the bias: a = Σ wᵢxᵢ + b"),
    ]
    if not isinstance(cls, type):
        return Verdict("mlp", False, (
            f"❌ mlp: expected a class, got {type(cls).__name__}. Pass the class itself, "
            f"without calling it: check_mlp(MLP)"))
    return grade("mlp", _run_mlp(cls), cases, _run_mlp(_reference_mlp()),
                 params=("n_in", "sizes", "parameters", "x"), parts=("outputs", "gradients"),
                 todo="write Neuron, Layer and MLP, each with __call__ and parameters()",
                 wrongs=wrongs)


# --- reverse mode over matrices --------------------------------------------------------------

def check_matmul_backward(fn):
    r"""``fn(x, w, da)`` → ``(dx, dw)``: for :math:`a = x w` and :math:`\delta = \partial
    L/\partial a` given as ``da``, :math:`\partial L/\partial x = \delta\, w^\top` and
    :math:`\partial L/\partial w = x^\top \delta` (rows are examples, summed over)."""
    random = rng()
    m, n_in, n_out = (int(v) for v in random.integers(1, 5, 3))
    cases = [
        Case(fresh(examples.X[None, :], examples.W, np.array([[0.1, -0.2, 0.3]]))),
        Case(fresh(np.array([[1.0, 2.0, 0.5], [-1.0, 0.0, 3.0]]),
                   np.array([[0.2, -0.1, 0.4], [0.5, 0.3, -0.6], [-0.2, 0.1, 0.7]]),
                   np.array([[1.0, -1.0, 0.5], [0.0, 2.0, -0.5]]))),
        Case(fresh(random.normal(0, 1, (m, n_in)), random.normal(0, 1, (n_in, n_out)),
                   random.normal(0, 1, (m, n_out))), hidden=True),
    ]

    def reference(x, w, da):
        return da @ w.T, x.T @ da

    wrongs = [
        (lambda x, w, da: (x.T @ da, da @ w.T),
         "swapped: dx = da wᵀ has the shape of x, dw = xᵀ da the shape of w"),
        (lambda x, w, da: (da @ w.T, da.T @ x),
         "dw = xᵀ da (shape of w), not daᵀ x, its transpose"),
        (lambda x, w, da: (da @ w, x.T @ da),
         "transpose w: dx = da wᵀ, so that it has the shape of x"),
        (lambda x, w, da: (da @ w.T, x.T @ da / len(x)),
         "do not average: dw = xᵀ da sums over the rows; a mean belongs to the loss"),
    ]
    return grade("matmul_backward", fn, cases, reference, params=("x", "w", "da"),
                 parts=("dx", "dw"), todo="return (dx, dw) for a = x @ w, given da = ∂L/∂a",
                 wrongs=wrongs)
