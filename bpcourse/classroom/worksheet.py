r"""A worksheet by hand, in Mazur's style: one forward and one backward pass of the 2-3-2 network
on a new example, every number worked out by the student and checked as it is filled in.

The network has the course's weights (:func:`bpcourse.examples.network_2_3_2`); the example is
new, :data:`X` with target :data:`T`, and one step uses :data:`ETA`. The student fills in
:data:`ENTRIES` in order, each to four significant digits, leaving ``...`` where they have not
got yet; :func:`check_pass_by_hand` grades every number filled in:

- ✅ when it is right to within :data:`RTOL` relative and :data:`ATOL` absolute;
- ❌ with a hint naming the factor that is off (a missing bias, the sigmoid not applied, the
  ½ of the loss, σ′ left out, one path instead of two, the sign of the update, ...);
- a number that is wrong only because an earlier number is wrong is told so: it *follows* from
  the student's own earlier numbers, and the hint names the one to fix first (Mazur's
  carried-forward error). The right value is never shown.
"""

import math

import numpy as np

from .. import examples
from ..activations import sigmoid
from ..language import tr
from .grader import Verdict

X = np.array([0.5, -1.0])
"""The worksheet's input: not the course's example, so no number is printed anywhere yet."""
T = np.array([1.0, 0.0])
"""The worksheet's target."""
ETA = 0.5
"""The learning rate of the one step at the end."""
RTOL, ATOL = 2e-3, 1e-5
"""A number to four significant digits passes; a wrong factor does not."""

_W, _U = examples.W, examples.U
_B1, _B2 = examples.B1, examples.B2


def _sig(a):
    return 1 / (1 + math.exp(-a))


def _entries():
    r"""``[(name, needs, value(v), mistakes(v))]`` in the order of the worksheet: ``value``
    computes the entry from the values ``v`` of the entries it ``needs``, ``mistakes`` lists
    ``(wrong value, hint)`` from the same values."""
    x, t, w, u, b1, b2 = X, T, _W, _U, _B1, _B2
    rows = []
    for j in range(3):
        J = "₁₂₃"[j]
        rows.append((f"a⁽¹⁾{J}", (), lambda v, j=j: x @ w[:, j] + b1[j], lambda v, j=j, J=J: [
            (x @ w[:, j], tr("the bias b⁽¹⁾{J} = {b} is missing", J=J, b=f"{b1[j]:g}")),
            (x @ w[j, :2] + b1[j] if j < 2 else math.nan,
             tr("the weights into hidden unit {j} are column {j} of w: w₁{J} and w₂{J}", j=j + 1,
                J=J)),
            (x[0] * w[0, j] - x[1] * w[1, j] + b1[j],
             tr("x₂ = {x2} is negative: mind its sign", x2=f"{x[1]:g}")),
        ]))
    for j in range(3):
        J = "₁₂₃"[j]
        rows.append((f"h{J}", (f"a⁽¹⁾{J}",), lambda v, J=J: _sig(v[f"a⁽¹⁾{J}"]),
                     lambda v, J=J: [
            (v[f"a⁽¹⁾{J}"], tr("that is a⁽¹⁾{J}: h{J} = σ(a⁽¹⁾{J}), apply the sigmoid", J=J)),
            (_sig(-v[f"a⁽¹⁾{J}"]), tr("σ(a) = 1/(1 + e^(−a)): the minus sign is in the exponent")),
        ]))
    hs = ("h₁", "h₂", "h₃")
    for k in range(2):
        K = "₁₂"[k]
        rows.append((f"a⁽²⁾{K}", hs, lambda v, k=k: np.array([v[n] for n in hs]) @ u[:, k] + b2[k],
                     lambda v, k=k, K=K: [
            (np.array([v[n] for n in hs]) @ u[:, k],
             tr("the bias b⁽²⁾{K} = {b} is missing", K=K, b=f"{b2[k]:g}")),
            (np.array([v[n] for n in hs[:2]]) @ u[k, :] + b2[k],
             tr("the weights into output {k} are column {k} of u: u₁{K}, u₂{K}, u₃{K}", k=k + 1,
                K=K)),
            (X @ _W @ u[:, k] + b2[k], tr("output k sums h_j u_jk over the hidden OUTPUTS h, "
                                          "after their sigmoid, not over a⁽¹⁾")),
        ]))
    for k in range(2):
        K = "₁₂"[k]
        rows.append((f"y{K}", (f"a⁽²⁾{K}",), lambda v, K=K: _sig(v[f"a⁽²⁾{K}"]), lambda v, K=K: [
            (v[f"a⁽²⁾{K}"], tr("that is a⁽²⁾{K}: y{K} = σ(a⁽²⁾{K}), apply the sigmoid", K=K)),
            (_sig(-v[f"a⁽²⁾{K}"]), tr("σ(a) = 1/(1 + e^(−a)): the minus sign is in the exponent")),
        ]))
    ys = ("y₁", "y₂")

    def loss(v):
        return 0.5 * sum((v[n] - t[k]) ** 2 for k, n in enumerate(ys))

    rows.append(("L", ys, loss, lambda v: [
        (2 * loss(v), tr("L = ½ Σ (y_k − t_k)²: the ½ is missing")),
        (0.5 * (v["y₁"] - t[0]) ** 2, tr("L adds both outputs: (y₂ − t₂)² too")),
        (0.5 * sum(abs(v[n] - t[k]) for k, n in enumerate(ys)), tr("square each y_k − t_k")),
    ]))
    for k in range(2):
        K = "₁₂"[k]

        def delta2(v, k=k, K=K):
            y = v[f"y{K}"]
            return (y - t[k]) * y * (1 - y)

        rows.append((f"δ⁽²⁾{K}", (f"y{K}",), delta2, lambda v, k=k, K=K: [
            (v[f"y{K}"] - t[k], tr("that is ∂L/∂y{K} only: times the sigmoid's slope, "
                                   "y{K}(1 − y{K})", K=K)),
            (-(v[f"y{K}"] - t[k]) * v[f"y{K}"] * (1 - v[f"y{K}"]),
             tr("the sign: ∂L/∂y{K} = y{K} − t{K}, not t{K} − y{K}", K=K)),
            ((v[f"y{K}"] - t[k]) * _sig(v[f"y{K}"]) * (1 - _sig(v[f"y{K}"])),
             tr("y{K} is already σ(a⁽²⁾{K}): the slope is y{K}(1 − y{K}), not σ′(y{K})", K=K)),
        ]))
    ds = ("δ⁽²⁾₁", "δ⁽²⁾₂")
    rows.append(("∂L/∂h₁", ds, lambda v: v["δ⁽²⁾₁"] * u[0, 0] + v["δ⁽²⁾₂"] * u[0, 1],
                 lambda v: [
        (v["δ⁽²⁾₁"] * u[0, 0], tr("h₁ feeds both outputs: add the path through y₂, δ⁽²⁾₂ u₁₂")),
        (v["δ⁽²⁾₂"] * u[0, 1], tr("h₁ feeds both outputs: add the path through y₁, δ⁽²⁾₁ u₁₁")),
        (v["δ⁽²⁾₁"] * u[0, 0] + v["δ⁽²⁾₂"] * u[1, 0],
         tr("the weights out of h₁ are u₁₁ and u₁₂ (row 1 of u); u₂₁ leaves h₂")),
    ]))
    rows.append(("δ⁽¹⁾₁", ("∂L/∂h₁", "h₁"), lambda v: v["∂L/∂h₁"] * v["h₁"] * (1 - v["h₁"]),
                 lambda v: [
        (v["∂L/∂h₁"], tr("that is ∂L/∂h₁: times the gain of h₁, h₁(1 − h₁)")),
        (v["∂L/∂h₁"] * v["h₁"], tr("the sigmoid's gain is h₁(1 − h₁), not h₁")),
    ]))
    rows.append(("∂L/∂u₁₁", ("h₁", "δ⁽²⁾₁"), lambda v: v["h₁"] * v["δ⁽²⁾₁"], lambda v: [
        (v["δ⁽²⁾₁"], tr("u₁₁ multiplies h₁ on its way to a⁽²⁾₁: times h₁")),
        (v["h₁"] * v["δ⁽²⁾₂"], tr("u₁₁ feeds output 1: δ⁽²⁾₁, not δ⁽²⁾₂")),
        (x[0] * v["δ⁽²⁾₁"], tr("what u₁₁ multiplies is h₁, the input of its layer, not x₁")),
    ]))
    rows.append(("∂L/∂w₁₁", ("δ⁽¹⁾₁",), lambda v: x[0] * v["δ⁽¹⁾₁"], lambda v: [
        (v["δ⁽¹⁾₁"], tr("w₁₁ multiplies x₁ on its way to a⁽¹⁾₁: times x₁")),
        (x[0] * _delta2_1(), tr("w₁₁ is a hidden weight: its delta is δ⁽¹⁾₁, not δ⁽²⁾₁")),
        (x[1] * v["δ⁽¹⁾₁"], tr("w₁₁ connects input 1 to hidden unit 1: x₁, not x₂")),
    ]))
    rows.append(("w₁₁ after the step", ("∂L/∂w₁₁",), lambda v: _W[0, 0] - ETA * v["∂L/∂w₁₁"],
                 lambda v: [
        (_W[0, 0] + ETA * v["∂L/∂w₁₁"],
         tr("the step goes against the gradient: w₁₁ − η ∂L/∂w₁₁")),
        (_W[0, 0] - v["∂L/∂w₁₁"], tr("the step is η = {eta} times the gradient", eta=f"{ETA:g}")),
        (-ETA * v["∂L/∂w₁₁"], tr("that is the change; add it to the old w₁₁ = 0.15")),
    ]))
    return rows


def _delta2_1():
    y = sigmoid(sigmoid(X @ _W + _B1) @ _U + _B2)
    return (y[0] - T[0]) * y[0] * (1 - y[0])


ENTRIES = [name for name, *_ in _entries()]
"""The worksheet's numbers, in order: the forward pass, the loss, the backward pass and one
step."""


def _close(got, want):
    return abs(got - want) <= ATOL + RTOL * abs(want)


def right_values():
    """``{entry: value}``: the worksheet worked out exactly (for tests and instructors)."""
    values = {}
    for name, _, value, _ in _entries():
        values[name] = float(value(values))
    return values


def _number(answer):
    """The student's entry as a float, None while it is ``...``, or a str saying what is wrong."""
    if answer is Ellipsis or answer is None:
        return None
    if isinstance(answer, bool) or not isinstance(answer, (int, float, np.integer, np.floating)):
        return tr("a number is asked for, received {kind} {value}", kind=type(answer).__name__,
                  value=f"{answer!r:.40}")
    if not math.isfinite(answer):
        return tr("not a finite number")
    return float(answer)


def grade_worksheet(answers):
    """``[(entry, mark, text)]`` for a dict of the student's numbers: mark ✅, ❌ or ⏳."""
    right = right_values()
    lines = []
    for name, needs, value, mistakes in _entries():
        got = _number(answers.get(name, Ellipsis))
        if got is None:
            lines.append((name, "⏳", tr("not filled in yet")))
            continue
        if isinstance(got, str):
            lines.append((name, "❌", got))
            continue
        if _close(got, right[name]):
            lines.append((name, "✅", f"{got:.4g}"))
            continue
        given = {n: _number(answers.get(n)) for n in needs}
        given = {n: v for n, v in given.items() if isinstance(v, float)}
        theirs = {**right, **given}
        off = [n for n, v in given.items() if not _close(v, right[n])]
        if off and _close(got, float(value(theirs))):
            if len(off) == 1:
                text = tr("{got} follows from your {off}, which is off: fix {first} first",
                          got=f"{got:.4g}", off=off[0], first=off[0])
            else:
                text = tr("{got} follows from your {off}, which are off: fix {first} first",
                          got=f"{got:.4g}", off=", ".join(off), first=off[0])
            lines.append((name, "❌", text))
            continue
        hint = next((text for wrong, text in mistakes(right)
                     if math.isfinite(wrong) and _close(got, float(wrong))), None)
        if hint is None:
            factor = next((f for f in (2, 0.5) if _close(got, f * right[name])), None)
            hint = (tr("the sign is flipped") if _close(-got, right[name]) else
                    tr("{factor} times the right value: a factor 2 or ½ too many",
                       factor=f"{factor:g}") if factor else
                    tr("not this: redo it from the numbers it needs, {needs}",
                       needs=", ".join(needs)) if needs else
                    tr("not this: redo it from the numbers it needs, x, w and b⁽¹⁾"))
        lines.append((name, "❌", f"{got:.4g}: {hint}"))
    return lines


def check_pass_by_hand(fn):
    r"""``fn()`` → ``{entry: number}``: the worksheet of one forward and one backward pass of the
    2-3-2 network on :data:`X`, :data:`T`, every number by hand, ``...`` where not yet. The
    verdict lists every entry; it passes when all are right."""
    name = "pass_by_hand"
    try:
        answers = fn()
    except NotImplementedError:
        return Verdict(name, False, tr("⏳ {name}: not implemented yet: fill in the numbers",
                                       name=name))
    except Exception as error:  # the student's code: reported, never raised
        return Verdict(name, False, tr("❌ {name}: your function raised {error}: {why}",
                                       name=name, error=type(error).__name__, why=error))
    if not isinstance(answers, dict):
        return Verdict(name, False, tr("❌ {name}: return the dict of the worksheet, received "
                                       "{kind}", name=name, kind=type(answers).__name__))
    unknown = sorted(set(answers) - set(ENTRIES))
    lines = grade_worksheet(answers)
    marks = [mark for _, mark, _ in lines]
    width = max(len(entry) for entry in ENTRIES)
    table = "\n".join(f"  {mark} {entry:<{width}}  {text}" for entry, mark, text in lines)
    if unknown:
        table += "\n  " + tr("entries not on the worksheet: {entries}",
                             entries=", ".join(unknown))
    if marks.count("⏳") == len(marks):
        return Verdict(name, False, tr("⏳ {name}: not implemented yet: fill in the numbers, "
                                       "from a⁽¹⁾₁ down", name=name))
    if marks.count("✅") == len(marks) and not unknown:
        return Verdict(name, True, tr("✅ {name}: all {n} numbers right, to four significant "
                                      "digits", name=name, n=len(marks)))
    first = next((entry for entry, mark, _ in lines if mark == "❌"), None)
    right = marks.count("✅")
    head = (tr("❌ {name}: {right} of {n} right; fix {first} first", name=name, right=right,
               n=len(marks), first=first) if first else
            tr("⏳ {name}: {right} of {n} right so far", name=name, right=right, n=len(marks)))
    return Verdict(name, False, f"{head}\n{table}")
