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
import re

import numpy as np

from .. import examples
from ..engine import Value as CourseValue
from ..language import tr
from .grader import TIME_LIMIT, Case, Verdict, _call, _TooLong, fresh, grade, rng

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
        self.grad = 1.0
        for node in reversed(order):
            for child, local in zip(node.children, node.local):
                child.grad = local * node.grad


class _NoOrder(Engine):
    def backward(self):  # breadth first from the output: a node may send before it is complete
        self.grad, queue = 1.0, [self]
        while queue:
            node = queue.pop(0)
            for child, local in zip(node.children, node.local):
                child.grad += local * node.grad
                queue.append(child)


class _Reset(Engine):
    def backward(self):  # the inputs' gradients set to 0 first: nothing adds up over calls
        order = self.topological_order()
        for node in order:
            node.grad = 0.0
        self.grad = 1.0
        for node in reversed(order):
            for child, local in zip(node.children, node.local):
                child.grad += local * node.grad


class _NoSeed(Engine):
    def backward(self):
        for node in reversed(self.topological_order()):
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
DEEP = f"y = 0.999 y + 0.001, {DEPTH:,} times from y = a"
"""The deep chain's expression in :data:`PROGRAMS`."""


def _second(first, second):
    """``second``, after ``first.backward()``: the inputs' gradients of both must add up."""
    _value(first, tr("the first expression")).backward()
    return second


STEP_OF = {
    **dict.fromkeys(["__add__", "__mul__", "__radd__", "__rmul__"], 1),
    **dict.fromkeys(["topological_order", "backward"], 2),
    **dict.fromkeys(["__neg__", "__sub__", "__rsub__", "__pow__", "__truediv__",
                     "__rtruediv__", "exp", "tanh", "sigmoid", "relu"], 3),
}
"""The step of notebook 09 that writes each method of ``Value``."""


def _missing(error):
    """An AttributeError naming a method of ``Value`` that is not there, said with the cell to
    run; None for any other error."""
    found = re.search(r"'(\w+)' object has no attribute '(\w+)'", str(error))
    if not found or found.group(2) not in STEP_OF:
        return None
    name = found.group(2)
    return AttributeError(tr(
        "{error}: run the cell of step {step} that writes {name} (with @add_to); if you ran the "
        "class cell of step 1 again without @keep_added above it, run every @add_to cell after it "
        "again too", error=str(error), step=STEP_OF[name], name=name))


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
    "a * b + a, then a * a: backward() of each": lambda a, b: _second(a * b + a, a * a),
    "a * b, then b * b + a: backward() of each": lambda a, b: _second(a * b, b * b + a),
    "p + p * b, p = a * b": lambda a, b: (lambda p: p + p * b)(a * b),
    "(a + b) * (a * b + 1)": lambda a, b: (a + b) * (a * b + 1),
    DEEP: _deep,
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
"""The graphs the checks build, by the expression they compute from the inputs ``a``, ``b``
(in English: :func:`_said` says it to a student)."""


def _said(expression):
    """The graph ``expression`` of :data:`PROGRAMS` as a student reads it, its words in their
    language: ``a * b, then b * b + a: backward() of each``."""
    if expression == DEEP:
        return tr("y = 0.999 y + 0.001, {n} times from y = a", n=f"{DEPTH:,}")
    two = re.fullmatch(r"(.+), then (.+): backward\(\) of each", expression)
    if two:
        return tr("{first}, then {second}: backward() of each", first=two[1], second=two[2])
    return expression


def _value(v, what):
    """``v`` if it looks like a Value (has ``data``), else a clear error."""
    if v is None:
        raise TypeError(tr("{what} gave None, not a Value: did you forget a `return`?",
                           what=what))
    if not hasattr(v, "data"):
        raise TypeError(tr("{what} gave {type}, not a Value", what=what,
                           type=type(v).__name__))
    return v


def _build(cls, expression, a, b):
    """The inputs ``a``, ``b`` as ``cls`` values and the result of ``expression`` on them;
    errors of a missing piece say which."""
    va, vb = cls(a), cls(b)
    try:
        out = PROGRAMS[expression](va, vb)
    except TypeError as error:
        if "unsupported operand" in str(error):
            raise TypeError(tr("{error}. For 2 + a Python asks a.__radd__(2) (and __rmul__, "
                               "__rsub__, __rtruediv__ for *, -, /): define them",
                               error=str(error))) from None
        raise
    except AttributeError as error:
        if "'int' object" in str(error) or "'float' object" in str(error):
            raise AttributeError(tr("{error}: wrap a plain number first, other = other if "
                                    "isinstance(other, Value) else Value(other)",
                                    error=str(error))) from None
        raise _missing(error) or error from None
    return va, vb, _value(out, _said(expression))


def _local_wrt(out, leaf):
    """The sum of the local derivatives ``out`` stores for the child ``leaf`` (both uses of
    ``a`` in ``a * a``)."""
    children = tuple(getattr(out, "children", ()))
    local = tuple(getattr(out, "local", ()))
    if len(local) != len(children):
        raise ValueError(tr("children has {children} values but local {local}: store one "
                            "local derivative per child", children=len(children),
                            local=len(local)))
    return sum(float(d) for c, d in zip(children, local) if c is leaf)


def _forward(cls):
    def run(expression, a, b):
        va, vb, out = _build(cls, expression, a, b)
        return float(out.data), _local_wrt(out, va), _local_wrt(out, vb)
    return run


def _too_deep():
    """What a RecursionError of a student's order means."""
    return tr("maximum recursion depth exceeded: a recursive search makes one Python call per "
              "level of the graph, and this graph is deeper than Python's limit; keep your own "
              "stack (a list) instead")


def _backward(cls):
    def run(expression, a, b):
        va, vb, out = _build(cls, expression, a, b)
        try:
            out.backward()
        except RecursionError:
            raise RecursionError(_too_deep()) from None
        except AttributeError as error:
            raise _missing(error) or error from None
        return float(out.data), float(va.grad), float(vb.grad)
    return run


def _engine_grade(name, cls, cases, runner, parts, todo, wrongs, **keywords):
    """Grade the class ``cls`` with ``runner(cls)``; each of ``wrongs`` is ``(engine, hint)``."""
    if not isinstance(cls, type):
        return _not_a_class(name, cls, f"check_{name}(Value)")
    return grade(name, runner(cls), cases, runner(Engine), params=_params(), todo=todo,
                 parts=parts, wrongs=[(runner(e), h) for e, h in wrongs], **keywords)


def _not_a_class(name, answer, call):
    return Verdict(name, False, tr(
        "❌ {name}: expected a class, got {type}. Pass the class itself, without calling it: "
        "{call}", name=name, type=type(answer).__name__, call=call))


def _params():
    """The names of the engine checks' arguments, as a case shows them."""
    return (tr("expression"), "a", "b")


def _cases(fixed, hidden_choices, low=-2.0, high=2.0):
    random = rng()
    expression = hidden_choices[int(random.integers(len(hidden_choices)))]
    a, b = (float(v) * random.choice([-1.0, 1.0]) for v in random.uniform(0.3, 1.8, 2))
    said = _params()[0]
    cases = [Case(fresh(*c), shown={said: _said(c[0])}) for c in fixed]
    cases.append(Case(fresh(expression, a, b), hidden=True, shown={said: _said(expression)}))
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
        (_MulOwnInput, tr("∂(a·b)/∂a is the OTHER input b: local = (other.data, self.data)")),
        (_AddLikeMul, tr("the local derivative of a + b is 1 for each input: local = (1, 1)")),
        (_NoChildren, tr("store the inputs the result came from, children = (self, other), "
                         "with their local derivatives in the same order")),
    ]
    return _engine_grade(
        "value_add_mul", cls, _cases(fixed, ["a + b", "a * b", "2 + a", "3 * a"]), _forward,
        ("out.data", tr("local ∂out/∂a"), tr("local ∂out/∂b")),
        tr("write __add__ and __mul__ (and __radd__, __rmul__), each storing children and "
           "local"), wrongs)


ORDER_GRAPHS = ["a * b + a", "p + p * b, p = a * b", "(a + b) * (a * b + 1)"]
"""The graphs whose topological order the checks read, with the inputs 2 and -3."""


def _reachable(out):
    """Every node ``out`` depends on, itself included, by identity: ``{id: node}``."""
    found, stack = {id(out): out}, [out]
    while stack:
        for child in getattr(stack.pop(), "children", ()):
            if id(child) not in found:
                found[id(child)] = child
                stack.append(child)
    return found


def _order_problem(order, out, method):
    """What is wrong with ``order`` as the topological order of ``out``, or None."""
    if order is None:
        return tr("{method}() gave None: did you forget to `return order`?", method=method)
    if not isinstance(order, list):
        return tr("{method}() gave {type}, not a list: return a list (an iterator runs out "
                  "after one pass, and later cells take its len() and walk it in reverse)",
                  method=method, type=type(order).__name__)
    nodes = _reachable(out)
    if order and order[0] is out and len(nodes) > 1:
        return tr("{method}() lists the output first: inputs first, each node after its "
                  "children, the output LAST (backward then walks reversed(order))",
                  method=method)
    ids = [id(v) for v in order]
    if len(set(ids)) < len(ids):
        return tr("{method}() lists a node more than once: remember which nodes you have seen "
                  "(a set), and visit each once", method=method)
    if set(ids) != set(nodes):
        return tr("{method}() gave {got} nodes, but the graph has {n}: every node that the "
                  "output depends on, through its children, and the output", method=method,
                  got=len(ids), n=len(nodes))
    if order[-1] is not out:
        return tr("{method}() must end with the output itself, the node it was called on",
                  method=method)
    place = {i: k for k, i in enumerate(ids)}
    for v in order:
        if any(place[id(c)] > place[id(v)] for c in v.children):
            return tr("{method}() lists a node before one of its children: append a node only "
                      "after all its children are in the order", method=method)
    return None


def _check_order(name, cls, method, graphs, todo):
    """A Verdict if ``cls``'s ``method`` gives a wrong order on one of ``graphs`` (with the
    inputs 2, -3, or as ``(expression, a, b)``), or is not written while backward() is; None
    when every order is right, or when the graph cannot even be built (``grade`` says why)."""
    for graph in graphs:
        expression, a, b = graph if isinstance(graph, tuple) else (graph, 2.0, -3.0)
        try:
            out = _call(_build, (cls, expression, a, b))[2]
        except (Exception, SystemExit, _TooLong):  # a stub or a broken class: grade() says
            return None
        try:
            order = _call(getattr(out, method), ())
        except NotImplementedError:
            if method != "topological_order":
                return Verdict(name, False, tr("⏳ {name}: not implemented yet: {todo}",
                                               name=name, todo=todo))
            try:
                _call(_build(cls, expression, a, b)[2].backward, ())
            except (Exception, SystemExit, _TooLong):
                return None
            return Verdict(name, False, tr(
                "❌ {name}: your backward() runs, but topological_order() still raises "
                "NotImplementedError\n   hint: later cells call topological_order(): move the "
                "search into it and let backward() call it", name=name))
        except RecursionError:
            return _wrong_order(name, expression, _too_deep())
        except AttributeError as error:
            return Verdict(name, False, f"❌ {name}: {_missing(error) or error}")
        except _TooLong:
            return Verdict(name, False, tr(
                "❌ {name}: {method}() ran for more than {seconds} s on {expression} and was "
                "stopped\n   hint: is a node pushed again after it has been seen?", name=name,
                method=method, seconds=f"{TIME_LIMIT:g}", expression=_said(expression)))
        except (Exception, SystemExit) as error:
            return Verdict(name, False, tr(
                "❌ {name}: {method}() raised {error}: {why}\n   on {expression}", name=name,
                method=method, error=type(error).__name__, why=str(error),
                expression=_said(expression)))
        problem = _order_problem(order, out, method)
        if problem:
            return _wrong_order(name, expression, problem)
    return None


def _wrong_order(name, expression, problem):
    return Verdict(name, False, tr("❌ {name}: on {expression}: {problem}", name=name,
                                   expression=_said(expression), problem=problem))


def check_backward(cls):
    r"""``cls`` is the student's ``Value`` with ``topological_order()`` and ``backward()``: the
    order is a list of every node of the graph, each after its children, the output last; after
    ``out.backward()`` every input's ``grad`` holds :math:`\partial\,\text{out}/\partial\,
    \text{input}` added to what it held, for values used twice and for two losses of the same
    inputs (their gradients add up, as in PyTorch and micrograd)."""
    if not isinstance(cls, type):
        return _engine_grade("backward", cls, [], _backward, None, "", [])
    todo = tr("write topological_order and backward")
    wrong_order = _check_order("backward", cls, "topological_order", ORDER_GRAPHS, todo)
    if wrong_order is not None:
        return wrong_order
    fixed = [("a * b", 3.0, -4.0), ("a * a", 3.0, 0.0), ("a + a", -1.5, 0.0),
             ("a * b + a", 2.0, -3.0), ("p + p * b, p = a * b", 2.0, -3.0),
             ("(a + b) * (a * b + 1)", 1.5, -0.5),
             ("a * b + a, then a * a: backward() of each", -1.0, 2.5),
             ("a * b, then b * b + a: backward() of each", 2.0, 0.5)]
    cases = _cases(fixed, ["a * b + a", "p + p * b, p = a * b", "(a + b) * (a * b + 1)",
                           "a * b + a, then a * a: backward() of each"])
    wrongs = [
        (_Assign, tr("use += to collect gradients, not =: a value used twice (x * x, a + a) "
                     "gets a gradient along each use, and = keeps only the last")),
        (_NoOrder, tr("a node may pass its gradient on only when it has all of it: visit the "
                      "nodes in reverse topological order")),
        (_Reset, tr("backward() adds into .grad, as in PyTorch and micrograd: do not set the "
                    "gradients to 0 in backward(); two losses of the same inputs add up, and "
                    "clearing them is the training loop's job (zero_grad)")),
        (_NoSeed, tr("start the pass with the output's own gradient, out.grad = 1 "
                     "(∂out/∂out)")),
    ]
    return _engine_grade("backward", cls, cases, _backward, ("out.data", "a.grad", "b.grad"),
                         todo, wrongs)


def check_iterative_order(cls):
    r"""Optional: ``cls`` is the student's ``Value`` with ``iterative_order()``, a topological
    order (a list, each node after its children, the output last) made with the student's own
    stack: also for a chain of 4,000 operations, deeper than Python's recursion limit."""
    name = "iterative_order"
    if not isinstance(cls, type):
        return _engine_grade(name, cls, [], _backward, None, "", [])
    random = rng()
    hidden = ORDER_GRAPHS[int(random.integers(len(ORDER_GRAPHS)))]
    graphs = [*ORDER_GRAPHS, ("a * a", 3.0, 0.0), (DEEP, 0.5, 0.0),
              (hidden, float(random.uniform(-2, 2)), float(random.uniform(-2, 2)))]
    verdict = _check_order(name, cls, name, graphs,
                           tr("optional: write iterative_order with a stack of your own"))
    if verdict is not None:
        return verdict
    try:
        _call(_build, (cls, DEEP, 0.5, 0.0))
    except NotImplementedError:
        return Verdict(name, False, tr("⏳ {name}: not implemented yet: write steps 1 and 2 "
                                       "first, then (optional) iterative_order", name=name))
    except (Exception, SystemExit, _TooLong) as error:
        return Verdict(name, False, tr("❌ {name}: building the chain raised {error}: {why}",
                                       name=name, error=type(error).__name__, why=str(error)))
    return Verdict(name, True, tr("✅ {name}: all {n} graphs right, including a hidden random "
                                  "one and a chain of {operations} operations", name=name,
                                  n=len(graphs), operations=f"{2 * DEPTH:,}"))


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
        (_TanhOfInput, tr("tanh′ = 1 − tanh²(a): square the OUTPUT t = tanh(a), not the "
                          "input")),
        (_TanhNotSquared, tr("tanh′ = 1 − t² with t = tanh(a): square it")),
        (_DivSign, tr("∂(a/b)/∂b = −a/b²: mind the minus sign")),
        (_DivNoSquare, tr("∂(a/b)/∂b = −a/b²: the b is squared (a/b = a·b⁻¹, and d(b⁻¹)/db = "
                          "−b⁻²)")),
        (_PowNoMinusOne, tr("d(aⁿ)/da = n·aⁿ⁻¹: the exponent drops by one")),
        (_PowNoFactor, tr("d(aⁿ)/da = n·aⁿ⁻¹: the exponent n comes down as a factor")),
        (_PowPrecedence, tr("n * a ** n - 1 is n·aⁿ − 1: Python raises to the power before it "
                            "subtracts; write n * a ** (n - 1)")),
        (_SigmoidNoOneMinus, tr("σ′ = σ(1 − σ), not σ")),
        (_ReluAlwaysOne, tr("ReLU′ is 1 where a > 0 and 0 elsewhere")),
        (_RsubBackwards, tr("2 − a calls a.__rsub__(2): compute other − self, not self − "
                            "other")),
        (_ExpOfOne, tr("d(eᵃ)/da = eᵃ, the output itself")),
    ]
    return _engine_grade("value_operations", cls, cases, _backward,
                         ("out.data", "a.grad", "b.grad"),
                         tr("write -, /, ** and exp, tanh, sigmoid, relu (with __rsub__, "
                            "__rtruediv__ for numbers on the left)"), wrongs)


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

        def zero_grad(self):
            for p in self.parameters():
                p.grad = 0.0
    return MLP


def _run_mlp(cls):
    def run(n_in, sizes, values, x):
        model = cls(n_in, list(sizes))
        params = model.parameters()
        if not isinstance(params, list):
            raise TypeError(tr("parameters() gave {type}, not a list: return a list (a "
                               "generator runs out after one pass, and the training cells take "
                               "its len() and walk it at every step)",
                               type=type(params).__name__))
        want = sum((a + 1) * b for a, b in zip([n_in] + list(sizes), sizes))
        if len(params) != want:
            raise ValueError(tr("parameters() gave {got} values for {call}, expected {want}: "
                                "every weight and every bias", got=len(params),
                                call=f"MLP({n_in}, {list(sizes)})", want=want))
        entry = tr("an entry of parameters()")
        for p, v in zip(params, values):
            _value(p, entry).data = float(v)
        outputs = model([float(v) for v in x])
        if not isinstance(outputs, list | tuple):
            raise TypeError(tr("model(x) gave {type}, expected a list of {n} Values (one per "
                               "output)", type=type(outputs).__name__, n=sizes[-1]))
        total = _value(outputs[0], "model(x)[0]")
        for o in outputs[1:]:
            total = total + o
        total.backward()
        grads = [float(_value(p, entry).grad) for p in params]
        if not callable(getattr(model, "zero_grad", None)):
            raise AttributeError(tr("the model has no zero_grad(): let Neuron, Layer and MLP "
                                    "inherit it from Module, class MLP(Module)"))
        model.zero_grad()
        if any(p.grad != 0 for p in params):
            raise ValueError(tr("after model.zero_grad() a parameter's grad is not 0: "
                                "zero_grad() clears every entry of parameters()"))
        return [float(o.data) for o in outputs], grads
    return run


def check_mlp(cls):
    r"""``cls`` is the student's ``MLP``: ``MLP(n_in, sizes)`` with ``parameters()``, a list
    (for each layer, each neuron: its weights, then its bias), ``zero_grad()`` and ``model(x)``
    the list of outputs, tanh in every layer but the last, which is linear. The check sets the
    parameters, runs ``x`` and backpropagates the sum of the outputs: outputs and parameter
    gradients must match, and ``zero_grad()`` must set every gradient to 0."""
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
         tr("the last layer is linear: no tanh on the outputs")),
        (_run_mlp(_reference_mlp(no_tanh=True)),
         tr("the hidden layers apply tanh to a = Σ wᵢxᵢ + b")),
        (_run_mlp(_reference_mlp(bias_first=True)),
         tr("parameters() lists each neuron's weights first, then its bias")),
        (_run_mlp(_reference_mlp(no_bias=True)), tr("add the bias: a = Σ wᵢxᵢ + b")),
    ]
    if not isinstance(cls, type):
        return _not_a_class("mlp", cls, "check_mlp(MLP)")
    return grade("mlp", _run_mlp(cls), cases, _run_mlp(_reference_mlp()),
                 params=("n_in", "sizes", tr("parameters"), "x"),
                 parts=(tr("outputs"), tr("gradients")),
                 todo=tr("write Neuron, Layer and MLP, each with __call__ and parameters()"),
                 wrongs=wrongs)


# --- the training step ---------------------------------------------------------------------

TRAIN_POINTS = ([0.5, -1.0], [-1.5, 0.5], [1.0, 1.0])
TRAIN_TARGETS = (1.0, -0.5, 0.0)


def _train(train_step):
    """Runs ``train_step(model, loss, eta)`` ``steps`` times on the course's MLP with the given
    parameters: the losses it returned and the parameters at the end."""
    def run(n_in, sizes, values, eta, steps):
        model = _reference_mlp()(n_in, list(sizes))
        for p, v in zip(model.parameters(), values):
            p.data = float(v)

        def loss(model):
            total = CourseValue(0.0)
            for x, t in zip(TRAIN_POINTS, TRAIN_TARGETS):
                total = total + (model(x)[0] - t) ** 2
            return total * (0.5 / len(TRAIN_POINTS))

        losses = []
        for _ in range(int(steps)):
            got = train_step(model, loss, float(eta))
            if hasattr(got, "data"):
                raise TypeError(tr("train_step returned a Value: return its number, L.data"))
            if got is None:
                raise TypeError(tr("train_step returned None: return the loss before the step, "
                                   "a number"))
            losses.append(float(got))
        return losses, [p.data for p in model.parameters()]
    return run


def _step_without_zero(model, loss, eta):
    L = loss(model)
    L.backward()
    for p in model.parameters():
        p.data -= eta * p.grad
    return L.data


def _step_zero_too_late(model, loss, eta):
    L = loss(model)
    L.backward()
    model.zero_grad()
    for p in model.parameters():
        p.data -= eta * p.grad
    return L.data


def _step_uphill(model, loss, eta):
    L = loss(model)
    model.zero_grad()
    L.backward()
    for p in model.parameters():
        p.data += eta * p.grad
    return L.data


def _step_loss_after(model, loss, eta):
    L = loss(model)
    model.zero_grad()
    L.backward()
    for p in model.parameters():
        p.data -= eta * p.grad
    return loss(model).data


def _step(model, loss, eta):
    L = loss(model)
    model.zero_grad()
    L.backward()
    for p in model.parameters():
        p.data -= eta * p.grad
    return L.data


def check_train_step(fn):
    r"""``fn(model, loss, eta)``: one step of gradient descent, :math:`\theta \leftarrow \theta
    - \eta\,\partial L/\partial\theta` for every parameter of ``model``, with ``L =
    loss(model)``; returns :math:`L` before the step, a number. The gradients must be cleared
    (``model.zero_grad()``) before ``backward()``, which adds into ``.grad``: the check runs
    several steps in a row and compares the losses and the parameters at the end."""
    random = rng()

    def params(sizes, seed):
        count = sum((a + 1) * b for a, b in zip([2] + sizes, sizes))
        return np.round(np.random.default_rng(seed).uniform(-1, 1, count), 2)

    cases = [
        Case(fresh(2, [3, 1], params([3, 1], 4), 0.5, 3)),
        Case(fresh(2, [2, 2, 1], params([2, 2, 1], 5), 1.0, 4)),
        Case(fresh(2, [4, 1], params([4, 1], int(random.integers(1000))),
                   float(random.uniform(0.2, 1.0)), 3), hidden=True),
    ]
    wrongs = [
        (_train(_step_without_zero),
         tr("call model.zero_grad() before L.backward(): backward() adds into .grad, so "
            "without it every step also takes all the earlier steps' gradients again")),
        (_train(_step_zero_too_late),
         tr("zero the gradients BEFORE backward(): zeroed between backward() and the update, "
            "every gradient is 0 when you step")),
        (_train(_step_uphill), tr("step against the gradient: θ ← θ − η ∂L/∂θ, downhill")),
        (_train(_step_loss_after), tr("return the loss computed before the step, L.data")),
    ]
    return grade("train_step", _train(fn), cases, _train(_step),
                 params=("n_in", "sizes", tr("parameters"), "eta", tr("steps")),
                 parts=(tr("losses"), tr("parameters")),
                 todo=tr("compute the loss, its gradients and the step, and return the loss"),
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
         tr("swapped: dx = da wᵀ has the shape of x, dw = xᵀ da the shape of w")),
        (lambda x, w, da: (da @ w.T, da.T @ x),
         tr("dw = xᵀ da (shape of w), not daᵀ x, its transpose")),
        (lambda x, w, da: (da @ w, x.T @ da),
         tr("transpose w: dx = da wᵀ, so that it has the shape of x")),
        (lambda x, w, da: (da @ w.T, x.T @ da / len(x)),
         tr("do not average: dw = xᵀ da sums over the rows; a mean belongs to the loss")),
    ]
    return grade("matmul_backward", fn, cases, reference, params=("x", "w", "da"),
                 parts=("dx", "dw"), todo=tr("return (dx, dw) for a = x @ w, given da = ∂L/∂a"),
                 wrongs=wrongs)
