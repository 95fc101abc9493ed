r"""Checkers for the exercises of the course: ``from bpcourse import exercises``.

Each ``check_<name>(fn)`` calls the student's ``fn`` on a few fixed cases with the course's
numbers and then on a hidden random one, and compares every answer with a reference within
:data:`RTOL` and :data:`ATOL` (:math:`|r - e| \le \text{atol} + \text{rtol}\,|e|`, elementwise;
counts must match exactly). It prints exactly one message and returns ``True`` or ``False``:

- ✅ with what was verified (never the random numbers, so a correct answer prints the same
  every time);
- ⏳ "not implemented yet" while ``fn`` still raises NotImplementedError;
- ❌ with the first failing case: its input, the expected and the received value, and a hint
  naming the likely mistake (found by comparing with known wrong answers, such as a missing
  :math:`\sigma'` factor, a transposed matrix or a flipped sign).

A checker never raises, whatever ``fn`` does or returns, and passes ``fn`` fresh copies of its
inputs, so a function that changes its arguments cannot change the check. End a check cell with
``;`` so the notebook shows the message and not the returned bool.
"""

import inspect
import warnings

import numpy as np

from . import examples
from .activations import relu_prime, sigmoid, sigmoid_prime, softmax
from .network import Network
from .show import fmt

RTOL = 1e-6
"""Relative tolerance of every comparison."""
ATOL = 1e-8
"""Absolute tolerance of every comparison."""

_SHOWN = 12  # arrays with more elements are described by their shape, not printed


class _Case:
    """One call: ``make()`` returns fresh arguments each time it is called."""

    def __init__(self, make, hidden=False, shown=None):
        self.make, self.hidden, self.shown = make, hidden, shown or {}


class _Wrong(Exception):
    """What is wrong with an answer; ``array`` keeps what could be read of it, for hints."""

    def __init__(self, text, array=None):
        super().__init__(text)
        self.text, self.array = text, array


# --- describing values safely ----------------------------------------------------------------

def _safe_repr(value, limit=60):
    try:
        text = repr(value)
    except Exception:  # a student object whose __repr__ raises
        return f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe(value):
    """What a value is, in a few words, without printing anything large."""
    name = type(value).__name__
    name = ("an " if name[:1].lower() in "aeiou" else "a ") + name
    if value is None:
        return "None"
    if isinstance(value, str | bytes):
        return f"a string {_safe_repr(value, 40)}"
    try:
        size = len(value)
    except Exception:
        return f"{name} {_safe_repr(value, 40)}"
    if size > _SHOWN:
        return f"{name} of length {size}"
    return f"{name} {_safe_repr(value, 60)}"


def _short(error, limit=200):
    try:
        text = str(error)
    except Exception:
        return "(no message)"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _sci(number):
    return f"{number:.0e}".replace("e-0", "e-")


def _shape_text(shape):
    return "a single number" if shape == () else f"shape {shape}"


def _show(array, digits=".6g"):
    if array.size > _SHOWN:
        return f"an array of shape {array.shape}"
    return fmt(array, digits)


def _show_input(value):
    if isinstance(value, np.ndarray | float | int | np.number) and not isinstance(value, bool):
        return _show(np.asarray(value, dtype=float))
    return _safe_repr(value, 80)


# --- reading an answer -----------------------------------------------------------------------

def _numbers(value, what):
    """``value`` as a float array, or a _Wrong saying why it is not one."""
    if value is None:
        raise _Wrong(f"{what} is None: did you forget the `return`?")
    if isinstance(value, str | bytes):
        raise _Wrong(f"{what} is {_describe(value)}, not numbers")
    if callable(value) and not isinstance(value, np.ndarray):
        raise _Wrong(f"{what} is a function, not numbers: did you forget to call it?")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # complex numbers would be cut silently
            return np.asarray(value, dtype=float)
    except Exception:
        raise _Wrong(f"{what} is {_describe(value)}, which numpy cannot read as real numbers")\
            from None


def _read(value, expected, parts, what="your answer"):
    """The answer as a list of float arrays shaped like ``expected`` (one per part)."""
    if parts is None:
        values, names = [value], [what]
    else:
        if value is None:
            raise _Wrong(f"{what} is None: did you forget the `return`?")
        if not isinstance(value, tuple | list | np.ndarray):
            raise _Wrong(f"expected a tuple ({', '.join(parts)}), got {_describe(value)}")
        if len(value) != len(parts):
            raise _Wrong(
                f"expected a tuple of {len(parts)} ({', '.join(parts)}), "
                f"got {_describe(value)}"
            )
        values, names = list(value), list(parts)
    arrays = [_numbers(v, n) for v, n in zip(values, names)]
    for i, (array, want, name) in enumerate(zip(arrays, expected, names)):
        if want.shape == () and array.size == 1:
            arrays[i] = array = array.reshape(())
        if not np.all(np.isfinite(array)):
            raise _Wrong(f"{name} contains NaN or infinity: {_show(array)}", arrays)
        if array.shape != want.shape:
            raise _Wrong(
                f"{name} has the wrong shape: expected {_shape_text(want.shape)}, "
                f"got {_shape_text(array.shape)}",
                arrays,
            )
    return arrays


def _loose(value, parts):
    """Like _read, without shape checks; None if it cannot be read at all."""
    try:
        values = [value] if parts is None else list(value)
        if any(v is None or isinstance(v, str | bytes) for v in values):
            return None
        return [np.asarray(v, dtype=float) for v in values]
    except Exception:
        return None


def _close(a, b, exact):
    if a is None or b is None or len(a) != len(b):
        return False
    for x, y in zip(a, b):
        if x.shape != y.shape:
            return False
        if exact and not np.array_equal(x, y):
            return False
        if not exact and not np.allclose(x, y, rtol=RTOL, atol=ATOL):
            return False
    return True


# --- the shared grader -----------------------------------------------------------------------

def _call(fn, args):
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore")
        return fn(*args)


def _signature(fn):
    try:
        return inspect.signature(fn)
    except (TypeError, ValueError):
        return None


def _grade(name, fn, cases, reference, *, params, todo, parts=None, wrongs=(), exact=False,
           hints=(), after=None):
    """Check ``fn`` against ``reference`` on ``cases``; print one message; return a bool."""
    try:
        ok, message = _run(name, fn, cases, reference, params, todo, parts, wrongs, exact,
                           hints, after)
    except Exception as error:  # the checker itself never raises
        ok, message = False, (
            f"❌ {name}: the check could not read your answer "
            f"({type(error).__name__}: {_short(error)})"
        )
    print(message)
    return ok


def _run(name, fn, cases, reference, params, todo, parts, wrongs, exact, hints, after):
    if not callable(fn):
        return False, (
            f"❌ {name}: expected a function, got {_describe(fn)}. Pass the function itself, "
            f"without calling it: exercises.check_{name}(my_function)"
        )
    signature = _signature(fn)
    n = len(cases)
    tolerance = "exactly" if exact else f"within rtol {_sci(RTOL)}, atol {_sci(ATOL)}"
    for i, case in enumerate(cases, 1):
        args = case.make()
        where = "the hidden random case" if case.hidden else f"case {i} of {n}"
        shown = ", ".join(
            f"{p} = {case.shown[p] if p in case.shown else _show_input(a)}"
            for p, a in zip(params, args)
        )
        call = f"{name}({', '.join(params[: len(args)])})"
        if signature is not None:
            try:
                signature.bind(*args)
            except TypeError:
                return False, (
                    f"❌ {name}: your function takes the arguments {signature}, but the check "
                    f"calls it with {len(args)} arguments, as {call}"
                )
        try:
            received = _call(fn, args)
        except NotImplementedError:
            return False, f"⏳ {name}: not implemented yet: {todo}"
        except (Exception, SystemExit) as error:
            text = _short(error)
            hint = ""
            if "matmul" in text or "broadcast" in text or "shapes" in text:
                hint = ("\n   hint: vectors are rows and w has shape (n_in, n_out), so a = x @ w, "
                        "and δ goes back through u.T; print the shapes of what you multiply")
            return False, (
                f"❌ {name}: your function raised {type(error).__name__}: {text}\n"
                f"   on {where}: {shown}{hint}"
            )
        ref_args = case.make()
        want = reference(*ref_args)
        expected = [np.asarray(w, dtype=float) for w in ([want] if parts is None else want)]
        try:
            got = _read(received, expected, parts)
            problem = None if _close(got, expected, exact) else f"does not match ({tolerance})"
            seen = got
        except _Wrong as wrong:
            problem, seen = wrong.text, wrong.array
        if problem is None and after is not None:
            trouble = after(args, ref_args)
            if trouble is None:
                continue
            problem, hint = trouble
            return False, f"❌ {name}: {where}: {problem}\n   input:    {shown}\n   hint: {hint}"
        if problem is None:
            continue
        hint = _hint(received, case, wrongs, parts, exact, hints)
        lines = [f"❌ {name}: {where}: {problem}", f"   input:    {shown}"]
        lines.append(f"   expected: {_show_parts(expected, parts)}")
        if seen is not None:
            lines.append(f"   received: {_show_parts(seen, parts)}")
        else:
            lines.append(f"   received: {_describe(received)}")
        if hint:
            lines.append(f"   hint: {hint}")
        return False, "\n".join(lines)
    return True, f"✅ {name}: all {n} cases match, including a hidden random one ({tolerance})"


def _show_parts(arrays, parts):
    if parts is None:
        return _show(arrays[0])
    return ", ".join(f"{p} = {_show(a)}" for p, a in zip(parts, arrays))


def _hint(received, case, wrongs, parts, exact, hints):
    got = _loose(received, parts)
    for wrong, hint in wrongs:
        try:
            value = _call(wrong, case.make())
            if _close(got, _loose(value, parts), exact):
                return hint
        except Exception:  # a wrong variant that fails on this case just gives no hint
            continue
    for test, hint in hints:  # hints about the received value itself, e.g. NaN
        try:
            if got is not None and test(got):
                return hint
        except Exception:
            continue
    return ""


def _fresh(*values):
    """A case maker returning copies of ``values`` (arrays copied, the rest as they are)."""
    def make():
        return tuple(v.copy() if isinstance(v, np.ndarray) else v for v in values)
    return make


def _rng():
    return np.random.default_rng()  # unseeded: a new hidden case every time


def _has_nan(got):
    return any(not np.all(np.isfinite(a)) for a in got)


# --- 01 chain rule ---------------------------------------------------------------------------

def check_centred_difference(fn):
    r"""``fn(f, x, h=1e-5)`` → :math:`\frac{f(x + h) - f(x - h)}{2h}`, a float."""
    rng = _rng()
    c = rng.uniform(-2, 2, 4)
    x0 = float(rng.uniform(-2, 2))

    def poly(x):
        return c[0] + c[1] * x + c[2] * x**2 + c[3] * x**3

    cases = [
        _Case(_fresh(lambda x: x**2, 3.0), shown={"f": "x ↦ x²"}),
        _Case(_fresh(np.sin, 0.5), shown={"f": "sin"}),
        _Case(_fresh(lambda x: x**3, 2.0, 0.1), shown={"f": "x ↦ x³"}),
        _Case(_fresh(poly, x0, 1e-3), hidden=True, shown={"f": "a random cubic"}),
    ]

    def reference(f, x, h=1e-5):
        return (f(x + h) - f(x - h)) / (2 * h)

    wrongs = [
        (lambda f, x, h=1e-5: (f(x + h) - f(x)) / h,
         "that is the forward difference (f(x + h) − f(x)) / h; the centred one steps both ways"),
        (lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / h,
         "divide by 2h: the two points x − h and x + h are 2h apart"),
        (lambda f, x, h=1e-5: (f(x - h) - f(x + h)) / (2 * h),
         "the sign is flipped: subtract f(x − h) from f(x + h)"),
        (lambda f, x, h=1e-5: (f(x + 1e-5) - f(x - 1e-5)) / 2e-5,
         "use the step h you are given instead of a fixed 1e-5"),
    ]
    return _grade("centred_difference", fn, cases, reference, params=("f", "x", "h"),
                  todo="return the centred difference of f at x with step h", wrongs=wrongs)


def check_neuron_chain_rule(fn):
    r"""``fn(x, w, b, t)`` → :math:`\partial L/\partial w = (y - t)\,\sigma'(a)\,x` for
    :math:`a = w x + b`, :math:`y = \sigma(a)`, :math:`L = \tfrac12 (y - t)^2` (scalars)."""
    rng = _rng()
    hidden = tuple(float(v) for v in rng.uniform(-2, 2, 3)) + (float(rng.uniform(0, 1)),)
    cases = [
        _Case(_fresh(1.5, 0.8, -0.2, 1.0)),
        _Case(_fresh(-2.0, 0.5, 0.3, 0.0)),
        _Case(_fresh(*hidden), hidden=True),
    ]

    def reference(x, w, b, t):
        a = w * x + b
        y = sigmoid(a)
        return (y - t) * sigmoid_prime(a) * x

    def y_of(x, w, b):
        return sigmoid(w * x + b)

    wrongs = [
        (lambda x, w, b, t: (y_of(x, w, b) - t) * x,
         "missing the σ′(a) = y(1 − y) factor: dL/dw = (y − t) · σ′(a) · x"),
        (lambda x, w, b, t: (y_of(x, w, b) - t) * sigmoid_prime(w * x + b),
         "missing the last factor ∂a/∂w = x; that is dL/db"),
        (lambda x, w, b, t: (t - y_of(x, w, b)) * sigmoid_prime(w * x + b) * x,
         "the sign is flipped: dL/dy = y − t, not t − y"),
        (lambda x, w, b, t: (y_of(x, w, b) - t) * sigmoid_prime(w * x + b) * w,
         "∂a/∂w is x, not w"),
        (lambda x, w, b, t: (y_of(x, w, b) - t) * sigmoid_prime(y_of(x, w, b)) * x,
         "σ′ takes a, not y: σ′(a) = σ(a)(1 − σ(a)) = y(1 − y)"),
    ]
    return _grade("neuron_chain_rule", fn, cases, reference, params=("x", "w", "b", "t"),
                  todo="return dL/dw for a = w x + b, y = σ(a), L = ½(y − t)²",
                  wrongs=wrongs)


# --- 02 single neuron ------------------------------------------------------------------------

def check_relu_neuron_backward(fn):
    r"""``fn(x, w, b)`` → ``(dx, dw, db)`` for :math:`y = \max(0, x \cdot w + b)` and an incoming
    gradient of 1: :math:`dx = 1[a > 0]\,w`, :math:`dw = 1[a > 0]\,x`, :math:`db = 1[a > 0]`."""
    rng = _rng()
    xr, wr = rng.uniform(-2, 2, 4), rng.uniform(-2, 2, 4)
    a = float(xr @ wr)
    br = float(rng.uniform(0.5, 1.5) * (1 if a >= 0 else -1))  # keeps a away from 0
    cases = [
        _Case(_fresh(examples.NEURON_X, examples.NEURON_W, examples.NEURON_B)),
        _Case(_fresh(np.array([1.0, 2.0, -1.0]), np.array([0.5, -1.0, 1.0]), 0.5)),
        _Case(_fresh(xr, wr, br), hidden=True),
    ]

    def reference(x, w, b):
        gate = float(relu_prime(x @ w + b))
        return gate * w, gate * x, gate

    wrongs = [
        (lambda x, w, b: (float(relu_prime(x @ w + b)) * x, float(relu_prime(x @ w + b)) * w,
                          float(relu_prime(x @ w + b))),
         "dx and dw are swapped: ∂(x_i w_i)/∂x_i = w_i and ∂(x_i w_i)/∂w_i = x_i"),
        (lambda x, w, b: (w, x, 1.0),
         "ReLU passes no gradient back when a = x·w + b ≤ 0: multiply by ReLU′(a) = 1[a > 0]"),
        (lambda x, w, b: (float(relu_prime(x @ w + b)) * w, float(relu_prime(x @ w + b)) * x,
                          0.0),
         "db is ReLU′(a) · ∂a/∂b = ReLU′(a) · 1, not 0"),
    ]
    return _grade("relu_neuron_backward", fn, cases, reference, params=("x", "w", "b"),
                  parts=("dx", "dw", "db"),
                  todo="return (dx, dw, db) for y = max(0, x·w + b)",
                  wrongs=wrongs)


def check_sigmoid_neuron_update(fn):
    r"""``fn(x, w, b, t, eta)`` → ``(w_new, b_new)``, one gradient step for
    :math:`y = \sigma(x \cdot w + b)`, :math:`L = \tfrac12 (y - t)^2`:
    :math:`\delta = (y - t)\,y(1 - y)`, :math:`w \leftarrow w - \eta\,\delta\,x`,
    :math:`b \leftarrow b - \eta\,\delta`."""
    rng = _rng()
    hidden = (rng.uniform(-2, 2, 3), rng.uniform(-1, 1, 3), float(rng.uniform(-1, 1)),
              float(rng.uniform(0, 1)), float(rng.uniform(0.1, 2)))
    cases = [
        _Case(_fresh(np.array([1.0, -2.0, 3.0]), np.array([0.2, -0.1, 0.4]), 0.1, 1.0, 0.5)),
        _Case(_fresh(np.array([0.5, 1.5]), np.array([-0.3, 0.8]), -0.2, 0.0, 1.0)),
        _Case(_fresh(*hidden), hidden=True),
    ]

    def delta(x, w, b, t):
        y = sigmoid(x @ w + b)
        return (y - t) * y * (1 - y)

    def reference(x, w, b, t, eta):
        d = delta(x, w, b, t)
        return w - eta * d * x, b - eta * d

    def no_prime(x, w, b, t, eta):
        d = sigmoid(x @ w + b) - t
        return w - eta * d * x, b - eta * d

    wrongs = [
        (lambda x, w, b, t, eta: (w + eta * delta(x, w, b, t) * x, b + eta * delta(x, w, b, t)),
         "the sign is flipped: gradient descent subtracts η · gradient"),
        (no_prime, "missing the σ′(a) = y(1 − y) factor in δ = (y − t) · y(1 − y)"),
        (lambda x, w, b, t, eta: (w - eta * delta(x, w, b, t) * x, b),
         "forgot the bias: b also moves, by −η · δ"),
        (lambda x, w, b, t, eta: (w - delta(x, w, b, t) * x, b - delta(x, w, b, t)),
         "multiply the gradient by the learning rate η"),
        (lambda x, w, b, t, eta: (eta * delta(x, w, b, t) * x, eta * delta(x, w, b, t)),
         "return the new parameters w − η·∂L/∂w and b − η·∂L/∂b, not the step"),
    ]
    return _grade("sigmoid_neuron_update", fn, cases, reference,
                  params=("x", "w", "b", "t", "eta"), parts=("w_new", "b_new"),
                  todo="return (w_new, b_new) after one gradient step with learning rate eta",
                  wrongs=wrongs)


# --- 03 the 2-3-2 network --------------------------------------------------------------------

def check_forward_2_3_2(fn):
    r"""``fn(x, w, b1, u, b2)`` → :math:`y = \sigma(\sigma(x w + b^{(1)})\,u + b^{(2)})`."""
    rng = _rng()
    hidden = (rng.uniform(-1, 1, 2), rng.normal(0, 1, (2, 3)), rng.normal(0, 0.5, 3),
              rng.normal(0, 1, (3, 2)), rng.normal(0, 0.5, 2))
    cases = [
        _Case(_fresh(examples.X, examples.W, examples.B1, examples.U, examples.B2)),
        _Case(_fresh(np.array([-1.0, 2.0]), examples.W, np.array([0.0, 0.5, -0.5]), examples.U,
                     np.array([-0.1, 0.3]))),
        _Case(_fresh(*hidden), hidden=True),
    ]

    def reference(x, w, b1, u, b2):
        return sigmoid(sigmoid(x @ w + b1) @ u + b2)

    wrongs = [
        (lambda x, w, b1, u, b2: sigmoid(sigmoid(x @ w) @ u + b2),
         "forgot the hidden bias: a⁽¹⁾ = x w + b⁽¹⁾"),
        (lambda x, w, b1, u, b2: sigmoid(sigmoid(x @ w + b1) @ u),
         "forgot the output bias: a⁽²⁾ = h u + b⁽²⁾"),
        (lambda x, w, b1, u, b2: sigmoid(x @ w + b1) @ u + b2,
         "the output needs its sigmoid too: y = σ(a⁽²⁾); you returned a⁽²⁾"),
        (lambda x, w, b1, u, b2: sigmoid((x @ w + b1) @ u + b2),
         "the hidden layer needs its sigmoid: h = σ(a⁽¹⁾) before multiplying by u"),
        (lambda x, w, b1, u, b2: sigmoid(x @ w + b1),
         "that is h, the hidden layer; go on through u and b⁽²⁾ to y"),
    ]
    return _grade("forward_2_3_2", fn, cases, reference, params=("x", "w", "b1", "u", "b2"),
                  todo="return y, the output of the 2-3-2 network for the input x", wrongs=wrongs)


def check_l2_loss(fn):
    r"""``fn(y, t)`` → :math:`L = \tfrac12 \sum_k (y_k - t_k)^2`, a float."""
    rng = _rng()
    net, x, t = examples.network_2_3_2()
    cases = [
        _Case(_fresh(net.forward(x), t)),
        _Case(_fresh(np.array([0.2, 0.7, 0.1]), np.array([0.0, 1.0, 0.0]))),
        _Case(_fresh(rng.uniform(0, 1, 4), rng.uniform(0, 1, 4)), hidden=True),
    ]

    def reference(y, t):
        return 0.5 * np.sum((y - t) ** 2)

    wrongs = [
        (lambda y, t: np.sum((y - t) ** 2), "forgot the ½: L = ½ Σ (y_k − t_k)²"),
        (lambda y, t: np.mean((y - t) ** 2), "L sums over the outputs; you took the mean"),
        (lambda y, t: 0.5 * np.mean((y - t) ** 2), "L sums over the outputs; you took the mean"),
        (lambda y, t: np.sqrt(np.sum((y - t) ** 2)),
         "no square root: L is half the squared distance"),
        (lambda y, t: 0.5 * np.sum(y - t), "square each difference before summing"),
        (lambda y, t: 0.5 * (y - t) ** 2, "sum over the outputs k to get one number"),
    ]
    return _grade("l2_loss", fn, cases, reference, params=("y", "t"),
                  todo="return the loss L = ½ Σ (y_k − t_k)² as one number", wrongs=wrongs)


# --- 04 output layer -------------------------------------------------------------------------

def check_output_delta(fn):
    r"""``fn(y, t)`` → :math:`\delta^{(2)} = (y - t) \odot y(1 - y)` (sigmoid output, L2 loss)."""
    rng = _rng()
    net, x, t = examples.network_2_3_2()
    cases = [
        _Case(_fresh(net.forward(x), t)),
        _Case(_fresh(np.array([0.9, 0.2, 0.5]), np.array([1.0, 0.0, 0.0]))),
        _Case(_fresh(rng.uniform(0.05, 0.95, 4), rng.uniform(0, 1, 4)), hidden=True),
    ]

    def reference(y, t):
        return (y - t) * y * (1 - y)

    wrongs = [
        (lambda y, t: y - t, "missing the σ′ factor: δ = (y − t) · y(1 − y)"),
        (lambda y, t: (t - y) * y * (1 - y), "the sign is flipped: ∂L/∂y = y − t, not t − y"),
        (lambda y, t: (y - t) * sigmoid_prime(y),
         "y is already σ(a⁽²⁾): σ′(a⁽²⁾) = y(1 − y), not σ′(y)"),
        (lambda y, t: y * (1 - y), "multiply σ′ = y(1 − y) by ∂L/∂y = y − t"),
    ]
    return _grade("output_delta", fn, cases, reference, params=("y", "t"),
                  todo="return δ⁽²⁾ = ∂L/∂a⁽²⁾ for a sigmoid output with L2 loss", wrongs=wrongs)


def check_output_weight_gradient(fn):
    r"""``fn(h, delta)`` → :math:`\partial L/\partial u = h^\top \delta`, the outer product,
    shaped like u: ``(n_h, n_out)``."""
    rng = _rng()
    net, x, t = examples.network_2_3_2()
    g = net.gradients(x, t)
    cases = [
        _Case(_fresh(net.h[0], g.deltas[1])),
        _Case(_fresh(np.array([0.2, 0.4, 0.6, 0.8]), np.array([0.5, -1.0]))),
        _Case(_fresh(rng.uniform(0, 1, 3), rng.normal(0, 0.2, 4)), hidden=True),
    ]

    def reference(h, delta):
        return np.outer(h, delta)

    wrongs = [
        (lambda h, delta: np.outer(delta, h),
         "transposed: ∂L/∂u has u's shape (n_h, n_out), so it is h^T δ = np.outer(h, delta)"),
        (lambda h, delta: -np.outer(h, delta),
         "the sign is flipped: ∂L/∂u = +h^T δ (the minus belongs to the update)"),
    ]
    return _grade("output_weight_gradient", fn, cases, reference, params=("h", "delta"),
                  todo="return ∂L/∂u, a matrix shaped like u: (n_h, n_out)",
                  wrongs=wrongs)


# --- 05 hidden layer -------------------------------------------------------------------------

def check_hidden_delta(fn):
    r"""``fn(delta2, u, h)`` → :math:`\delta^{(1)} = (\delta^{(2)} u^\top) \odot h(1 - h)`."""
    rng = _rng()
    net, x, t = examples.network_2_3_2()
    g = net.gradients(x, t)
    cases = [
        _Case(_fresh(g.deltas[1], examples.U, net.h[0])),
        _Case(_fresh(np.array([0.1, -0.2, 0.05]), np.array([[0.3, -0.6, 0.2], [0.5, 0.1, -0.4]]),
                     np.array([0.7, 0.25]))),
        _Case(_fresh(rng.normal(0, 0.2, 2), rng.normal(0, 1, (4, 2)), rng.uniform(0.05, 0.95, 4)),
              hidden=True),
    ]

    def reference(delta2, u, h):
        return (delta2 @ u.T) * h * (1 - h)

    wrongs = [
        (lambda delta2, u, h: delta2 @ u.T, "missing the σ′ factor: multiply by h(1 − h)"),
        (lambda delta2, u, h: -(delta2 @ u.T) * h * (1 - h), "the sign is flipped"),
        (lambda delta2, u, h: (delta2 @ u.T) * sigmoid_prime(h),
         "h is already σ(a⁽¹⁾): σ′(a⁽¹⁾) = h(1 − h), not σ′(h)"),
        (lambda delta2, u, h: (delta2 @ u.T) * h,
         "σ′(a⁽¹⁾) is h(1 − h), not h"),
    ]
    return _grade("hidden_delta", fn, cases, reference, params=("delta2", "u", "h"),
                  todo="return δ⁽¹⁾ = ∂L/∂a⁽¹⁾ from delta2, u and h", wrongs=wrongs)


def check_multiplication_count(fn):
    r"""``fn(n_in, n_h, n_out)`` → ``(naive, backprop)``: multiplications for all
    :math:`\partial L/\partial w` of an ``n_in``-``n_h``-``n_out`` sigmoid network, each chain
    rule product written out (naive :math:`= n_{in} n_h (3 n_{out} + 3)`) or sharing the deltas
    (backprop :math:`= 2 n_{out} + n_h n_{out} + 2 n_h + n_{in} n_h`); 2-3-2 gives (54, 22)."""
    rng = _rng()
    hidden = tuple(int(v) for v in rng.integers(2, 50, 3))
    cases = [
        _Case(_fresh(2, 3, 2)),
        _Case(_fresh(1, 1, 1)),
        _Case(_fresh(784, 100, 10)),
        _Case(_fresh(*hidden), hidden=True),
    ]

    def reference(n_in, n_h, n_out):
        naive = n_in * n_h * (3 * n_out + 3)
        return naive, 2 * n_out + n_h * n_out + 2 * n_h + n_in * n_h

    wrongs = [
        (lambda n_in, n_h, n_out: reference(n_in, n_h, n_out)[::-1],
         "swapped: return (naive, backprop), the naive count first"),
        (lambda n_in, n_h, n_out: (n_in * n_h * 3 * n_out, reference(n_in, n_h, n_out)[1]),
         "naive: each of the n_in·n_h weights costs 3·n_out + 3 products, not 3·n_out"),
    ]
    return _grade("multiplication_count", fn, cases, reference, params=("n_in", "n_h", "n_out"),
                  parts=("naive", "backprop"), exact=True,
                  todo="return (naive, backprop), the two counts of multiplications",
                  wrongs=wrongs)


# --- 06 training -----------------------------------------------------------------------------

def _summed_loss(net, x, t):
    return float(np.sum(0.5 * (net.forward(x) - t) ** 2))


def _train(net, x, t, eta, epochs, after_step=False, sign=1.0, per_example=False, loss=None):
    loss = loss or (lambda net, x, t: net.loss(x, t))
    losses = []
    for _ in range(epochs):
        if not after_step:
            losses.append(loss(net, x, t))
        if per_example:
            for xi, ti in zip(np.atleast_2d(x), np.atleast_2d(t)):
                net.step(net.gradients(xi, ti), sign * eta)
        else:
            net.step(net.gradients(x, t), sign * eta)
        if after_step:
            losses.append(loss(net, x, t))
    return losses


def check_training_loop(fn):
    r"""``fn(net, x, t, eta, epochs)`` → the list of ``epochs`` losses, full batch: each epoch
    records ``net.loss(x, t)`` and then steps :math:`W \leftarrow W - \eta\,\partial L/\partial W`
    with ``net.step(net.gradients(x, t), eta)``, updating ``net`` in place."""
    rng = _rng()
    seed = int(rng.integers(1_000_000))
    xr, tr = rng.normal(0, 1, (4, 2)), rng.uniform(0, 1, (4, 2))
    eta, epochs = float(rng.uniform(0.2, 2.0)), int(rng.integers(2, 7))
    xor_x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    xor_t = np.array([[0.1, 0.9], [0.9, 0.1], [0.9, 0.1], [0.1, 0.9]])

    def course():
        net, x, t = examples.network_2_3_2()
        return net, x, t, 0.5, 3

    cases = [
        _Case(course, shown={"net": "examples.network_2_3_2()"}),
        _Case(lambda: (Network([2, 3, 2], seed=1), xor_x.copy(), xor_t.copy(), 1.0, 5),
              shown={"net": "Network([2, 3, 2], seed=1)"}),
        _Case(lambda: (Network([2, 3, 2], seed=seed), xr.copy(), tr.copy(), eta, epochs),
              hidden=True, shown={"net": f"Network([2, 3, 2], seed={seed})"}),
    ]

    def updated(args, ref_args):
        for mine, ref in zip(args[0].parameters(), ref_args[0].parameters()):
            if mine.shape != ref.shape or not np.allclose(mine, ref, rtol=RTOL, atol=ATOL):
                return ("the losses match, but net's weights are not the trained ones",
                        "update net itself in place with net.step(g, eta), once per epoch")
        return None

    wrongs = [
        (lambda *a: _train(*a, after_step=True),
         "record the loss BEFORE each step (the first loss is the untrained network's)"),
        (lambda *a: _train(*a, sign=-1.0),
         "the loss grows: the step goes uphill; net.step(g, eta) already subtracts η·g"),
        (lambda *a: _train(*a, per_example=True),
         "full batch: one step per epoch on all of x, not one step per example"),
        (lambda *a: _train(*a, loss=_summed_loss),
         "record net.loss(x, t): for a batch it is the mean over the examples, not the sum"),
    ]
    hints = [(lambda got: got[0].ndim == 1 and got[0].size > 0 and np.all(np.diff(got[0]) == 0),
              "the loss never changes: update the network with net.step(g, eta)")]
    return _grade("training_loop", fn, cases, _train, params=("net", "x", "t", "eta", "epochs"),
                  todo="train net in place, one full-batch step per epoch, and return the "
                       "losses, each recorded before its step",
                  wrongs=wrongs, hints=hints, after=updated)


# --- 07 beyond -------------------------------------------------------------------------------

def check_leaky_relu_derivative(fn):
    r"""``fn(a, alpha=0.01)`` → :math:`f'(a) = 1` where :math:`a > 0`, else :math:`\alpha`."""
    rng = _rng()
    ar = rng.uniform(0.05, 3, 6) * rng.choice([-1.0, 1.0], 6)
    cases = [
        _Case(_fresh(np.array([-2.0, -0.5, 0.5, 3.0]))),
        _Case(_fresh(np.array([-1.0, 1.0, -3.0]), 0.2)),
        _Case(_fresh(ar, float(rng.uniform(0.05, 0.5))), hidden=True),
    ]

    def reference(a, alpha=0.01):
        return np.where(a > 0, 1.0, alpha)

    wrongs = [
        (lambda a, alpha=0.01: np.where(a > 0, a, alpha * a),
         "that is leaky ReLU itself; its derivative is 1 for a > 0 and α otherwise"),
        (lambda a, alpha=0.01: np.where(a > 0, 1.0, 0.01),
         "use the alpha argument instead of a fixed 0.01"),
        (lambda a, alpha=0.01: np.where(a > 0, 1.0, 0.0),
         "that is ReLU′: leaky ReLU has slope α, not 0, for a ≤ 0"),
        (lambda a, alpha=0.01: np.where(a > 0, alpha, 1.0),
         "swapped: the slope is 1 for a > 0 and α for a ≤ 0"),
    ]
    return _grade("leaky_relu_derivative", fn, cases, reference, params=("a", "alpha"),
                  todo="return the derivative of leaky ReLU at each element of a", wrongs=wrongs)


def check_tanh_derivative(fn):
    r"""``fn(a)`` → :math:`\tanh'(a) = 1 - \tanh^2(a)`."""
    rng = _rng()
    cases = [
        _Case(_fresh(np.array([0.0, 0.5, -1.0, 2.0]))),
        _Case(_fresh(np.array([[1.5, -0.25], [3.0, -2.5]]))),
        _Case(_fresh(rng.uniform(-3, 3, 5)), hidden=True),
    ]

    def reference(a):
        return 1.0 - np.tanh(a) ** 2

    wrongs = [
        (lambda a: 1.0 - a**2, "square tanh(a), not a: tanh′(a) = 1 − tanh²(a)"),
        (lambda a: np.tanh(a), "that is tanh itself; its derivative is 1 − tanh²(a)"),
        (lambda a: 1.0 - np.tanh(a), "square the tanh: 1 − tanh²(a)"),
        (lambda a: sigmoid_prime(a), "that is σ′; tanh′(a) = 1 − tanh²(a)"),
        (lambda a: np.tanh(a) ** 2 - 1.0, "the sign is flipped: 1 − tanh²(a)"),
    ]
    return _grade("tanh_derivative", fn, cases, reference, params=("a",),
                  todo="return tanh′(a) at each element of a", wrongs=wrongs)


def check_softmax_cross_entropy_gradient(fn):
    r"""``fn(a, t)`` → :math:`\partial L/\partial a = \mathrm{softmax}(a) - t` for
    :math:`L = -\sum_k t_k \log \mathrm{softmax}(a)_k`."""
    rng = _rng()
    tr = np.zeros(5)
    tr[rng.integers(5)] = 1.0
    cases = [
        _Case(_fresh(np.array([1.0, 2.0, 3.0]), np.array([0.0, 0.0, 1.0]))),
        _Case(_fresh(np.array([2.0, -1.0, 0.5, 0.0]), np.array([1.0, 0.0, 0.0, 0.0]))),
        _Case(_fresh(np.array([1000.0, 1001.0, 1002.0]), np.array([0.0, 1.0, 0.0]))),
        _Case(_fresh(rng.normal(0, 2, 5), tr), hidden=True),
    ]

    def reference(a, t):
        return softmax(a) - t

    wrongs = [
        (lambda a, t: t - softmax(a), "the sign is flipped: softmax(a) − t"),
        (lambda a, t: softmax(a), "subtract the target: softmax(a) − t"),
        (lambda a, t: a - t, "apply softmax to a first: softmax(a) − t"),
        (lambda a, t: sigmoid(a) - t, "softmax, not sigmoid: exp(a) / Σ exp(a)"),
    ]
    hints = [(_has_nan, "exp overflows for large a: subtract max(a) first, "
                        "softmax(a) = exp(a − max a) / Σ exp(a − max a)")]
    return _grade("softmax_cross_entropy_gradient", fn, cases, reference, params=("a", "t"),
                  todo="return ∂L/∂a for softmax followed by cross-entropy", wrongs=wrongs,
                  hints=hints)


__all__ = [
    "ATOL", "RTOL", "check_centred_difference", "check_forward_2_3_2", "check_hidden_delta",
    "check_l2_loss", "check_leaky_relu_derivative", "check_multiplication_count",
    "check_neuron_chain_rule", "check_output_delta", "check_output_weight_gradient",
    "check_relu_neuron_backward", "check_sigmoid_neuron_update",
    "check_softmax_cross_entropy_gradient", "check_tanh_derivative", "check_training_loop",
]
