r"""How an exercise is graded: the mechanism every ``check_<name>`` of the classroom shares.

A check calls the student's ``fn`` on a few fixed cases with the course's numbers and then on a
hidden random one (drawn afresh each time from :func:`rng`), and compares every answer with a
reference within :data:`RTOL` and :data:`ATOL`:

.. math:: |r - e| \le \text{atol} + \text{rtol}\,|e|

elementwise, for a received value :math:`r` and an expected one :math:`e`; counts must match
exactly. Each case makes its arguments anew (:func:`fresh`), for ``fn`` and again for the
reference, so a function that changes its arguments cannot change the check. When an answer is
wrong, it is compared with the exercise's catalogue of known wrong answers (a missing
:math:`\sigma'` factor, a transposed matrix, a flipped sign, ...), and the first that matches
gives the hint.

:func:`grade` never raises, whatever ``fn`` does or returns, and prints nothing: it returns a
:class:`Verdict`, truthy exactly when the answer passed, whose message is one of

- ✅ with what was verified (never the random numbers, so a correct answer shows the same
  message every time);
- ⏳ "not implemented yet" while ``fn`` still raises NotImplementedError, with what to write;
- ❌ with the first failing case: its input, the expected and the received value, and a hint
  naming the likely mistake: a catalogued one if it matches, otherwise what the numbers show (a
  part that is off, a flipped sign, a constant factor, a transpose, the entries that differ).

It refuses answers that only look right: strings where numbers belong (also inside an array), a
tuple holding a number where the number belongs, arrays of the caller that the function changed
(``G *= ...``), a call to what the exercise forbids, and an estimate that is exact. A function
that runs longer than :data:`TIME_LIMIT` is stopped; an interrupt ends the check with a verdict.

A check cell ends with the check call, without ``;``, so the notebook shows the verdict.

Every message is written in the language of :mod:`bpcourse.language` (English, Persian,
Chinese), from the catalogs ``bpcourse/locale/<lang>/classroom.grader.po``; it still begins with
its mark (✅ ⏳ ❌ ⏹), which tools read. What an exercise passes in, its ``todo``, its hints and
the words of its cases, comes translated by the exercise and is not translated again.
"""

import html
import inspect
import re
import signal
import threading
import warnings

import numpy as np

from ..language import LANGUAGES, direction, language, tr
from ..show import fmt

RTOL = 1e-6
"""Relative tolerance of every comparison."""
ATOL = 1e-8
"""Absolute tolerance of every comparison."""

TIME_LIMIT = 30.0
"""Seconds one call of a student's function may take before the check stops it."""

_SHOWN = 12  # arrays with more elements are described by their shape, not printed
_tolerance = {"rtol": RTOL, "atol": ATOL}  # this check's, set by grade()


class Verdict:
    """What a check found: truthy exactly when the answer passed; ``.passed``, ``.message``,
    ``.name``. A notebook shows the message, as text or as a box with a coloured edge.

    ``.language`` and ``.direction`` are those the message was written in
    (:mod:`bpcourse.language`, when the verdict is made): a box in a language other than
    English carries its ``lang``, and a right-to-left one (Persian) its ``dir="rtl"``, with the
    edge on the right, where such a line begins."""

    __slots__ = ("name", "passed", "message", "language", "direction")

    def __init__(self, name, passed, message):
        self.name, self.passed, self.message = name, bool(passed), message
        self.language, self.direction = language(), direction()

    def __bool__(self):
        return self.passed

    def __repr__(self):
        return self.message

    __str__ = __repr__

    def _repr_html_(self):
        if self.passed:
            colour = "#2e7d32"  # green
        elif self.message.startswith("⏳"):
            colour = "#e69500"  # amber: not implemented yet
        else:
            colour = "#c62828"  # red
        edge, padding, attributes, font = "left", "4px 0 4px 12px", "", ""
        text = html.escape(self.message)
        if self.language != "en":
            attributes = f' lang="{LANGUAGES[self.language].tag}"'
        if self.direction == "rtl":  # a monospaced font draws Persian letters unjoined
            edge, padding, attributes = "right", "4px 12px 4px 0", f' dir="rtl"{attributes}'
            text, font = _left_to_right(self.message), " font-family: sans-serif;"
        return (
            f'<div{attributes} style="border-{edge}: 5px solid {colour}; padding: {padding}; '
            f'margin: 4px 0;"><pre style="margin: 0; font-size: 14px; line-height: 1.4; '
            f'white-space: pre-wrap; background: none;{font}">{text}</pre></div>'
        )


# a run of a right-to-left message that is not in its script: a name, a number, an array, a formula
_FOREIGN_RUN = re.compile(r"[^\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\n]+")
_EDGE = " \t:.,"  # what a run sheds at either end


def _left_to_right(message):
    """The HTML of a right-to-left message whose names, numbers, arrays and formulas each read left
    to right (``<span dir="ltr">``): without it the bidirectional algorithm shows -0.25 after a
    Persian word as 0.25- and splits ``[1, -2]``. A bracket that opens or closes outside the run
    stays outside, so that the pair mirrors as one."""
    out, end = [], 0
    for match in _FOREIGN_RUN.finditer(message):
        start, stop = match.span()
        while start < stop and (message[start] in _EDGE or message[start] in ")]"
                                or (message[start] in "([" and not _closes(message[start:stop]))):
            start += 1
        while stop > start and (message[stop - 1] in _EDGE or message[stop - 1] in "(["
                                or (message[stop - 1] in ")]"
                                    and not _opens(message[start:stop]))):
            stop -= 1
        if not re.search(r"[0-9A-Za-z]", message[start:stop]):
            continue
        out += [html.escape(message[end:start]), '<span dir="ltr">',
                html.escape(message[start:stop]), "</span>"]
        end = stop
    return "".join(out) + html.escape(message[end:])


def _closes(run):
    """Whether the bracket that opens ``run`` is closed inside it."""
    return run.count(run[0]) <= run.count({"(": ")", "[": "]"}[run[0]])


def _opens(run):
    """Whether the bracket that closes ``run`` was opened inside it."""
    return run.count(run[-1]) <= run.count({")": "(", "]": "["}[run[-1]])


class Case:
    """One call: ``make()`` returns fresh arguments each time it is called; ``hidden`` marks the
    random case, ``shown`` names arguments better described in words (``{"f": "sin"}``)."""

    def __init__(self, make, hidden=False, shown=None):
        self.make, self.hidden, self.shown = make, hidden, shown or {}


def fresh(*values):
    """A case maker returning copies of ``values`` (arrays copied, the rest as they are)."""
    def make():
        return tuple(v.copy() if isinstance(v, np.ndarray) else v for v in values)
    return make


SEED = None
"""Seed of the hidden random cases. ``None`` in the course: a new hidden case every time a check
runs. The nbgrader edition (tools/nbgrader_edition.py) sets a number in a locked cell, so that
grading the same answers twice gives the same grade."""


def rng():
    """The random generator of a hidden case: unseeded (a new case every time a check runs)
    unless :data:`SEED` is set, then seeded with it (the same case every time)."""
    return np.random.default_rng(SEED)


def has_nan(got):
    """Whether any of the arrays read from an answer holds NaN or infinity."""
    return any(not np.all(np.isfinite(a)) for a in got)


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
    kind = type(value).__name__
    an = kind[:1].lower() in "aeiou"
    if value is None:
        return "None"
    if isinstance(value, str | bytes):
        return tr("a string {value}", value=_safe_repr(value, 40))
    try:
        size = len(value)
    except Exception:
        size, limit = None, 40
    else:
        limit = 60
    if size is not None and size > _SHOWN:
        if an:
            return tr("an {kind} of length {size}", kind=kind, size=size)
        return tr("a {kind} of length {size}", kind=kind, size=size)
    if an:
        return tr("an {kind} {value}", kind=kind, value=_safe_repr(value, limit))
    return tr("a {kind} {value}", kind=kind, value=_safe_repr(value, limit))


def _short(error, limit=200):
    try:
        text = str(error)
    except Exception:
        return tr("(no message)")
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _sci(number):
    return f"{number:.0e}".replace("e-0", "e-")


def _shape_text(shape):
    return tr("a single number") if shape == () else tr("shape {shape}", shape=shape)


def _show(array, digits=".6g"):
    if array.size > _SHOWN:
        return tr("an array of shape {shape}", shape=array.shape)
    return fmt(array, digits)


def _show_input(value):
    if isinstance(value, np.ndarray | float | int | np.number) and not isinstance(value, bool):
        return _show(np.asarray(value, dtype=float))
    return _safe_repr(value, 80)


def _show_parts(arrays, parts):
    if parts is None:
        return _show(arrays[0])
    return ", ".join(f"{p} = {_show(a)}" for p, a in zip(parts, arrays))


# --- reading an answer -----------------------------------------------------------------------

def _numbers(value, what):
    """``value`` as a float array, or a _Wrong saying why it is not one."""
    if value is None:
        raise _Wrong(tr("{what} is None: did you forget the `return`?", what=what))
    if isinstance(value, str | bytes):
        raise _Wrong(tr("{what} is {value}, not numbers", what=what, value=_describe(value)))
    if callable(value) and not isinstance(value, np.ndarray):
        raise _Wrong(tr("{what} is a function, not numbers: did you forget to call it?",
                        what=what))
    try:
        raw = np.asarray(value)
        strings = raw.dtype.kind in "USV" or (raw.dtype.kind == "O" and any(
            isinstance(v, str | bytes) for v in raw.ravel()))
    except Exception:
        raw, strings = None, False
    if strings:
        raise _Wrong(tr("{what} holds strings, not numbers: {value}. Return the numbers "
                        "themselves, without str() or an f-string", what=what,
                        value=_describe(value)))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # complex numbers would be cut silently
            return np.asarray(value if raw is None else raw, dtype=float)
    except Exception:
        raise _Wrong(tr("{what} is {value}, which numpy cannot read as real numbers",
                        what=what, value=_describe(value))) from None


def _read(value, expected, parts, what=None):
    """The answer as a list of float arrays shaped like ``expected`` (one per part)."""
    what = tr("your answer") if what is None else what
    if parts is None:
        values, names = [value], [what]
    else:
        if value is None:
            raise _Wrong(tr("{what} is None: did you forget the `return`?", what=what))
        if not isinstance(value, tuple | list | np.ndarray):
            raise _Wrong(tr("expected a tuple ({parts}), got {value}", parts=", ".join(parts),
                            value=_describe(value)))
        if len(value) != len(parts):
            raise _Wrong(tr("expected a tuple of {n} ({parts}), got {value}", n=len(parts),
                            parts=", ".join(parts), value=_describe(value)))
        values, names = list(value), list(parts)
    for v, want, name in zip(values, expected, names):
        if want.shape == () and isinstance(v, tuple | list):
            raise _Wrong(tr("{name} is {value}, but a single number is asked for: return the "
                            "number itself, not a tuple or list holding it", name=name,
                            value=_describe(v)))
    arrays = [_numbers(v, n) for v, n in zip(values, names)]
    for i, (array, want, name) in enumerate(zip(arrays, expected, names)):
        if want.shape == () and array.size == 1:
            arrays[i] = array = array.reshape(())
        if not np.all(np.isfinite(array)):
            raise _Wrong(tr("{name} contains NaN or infinity: {value}", name=name,
                            value=_show(array)), arrays)
        if array.shape != want.shape:
            raise _Wrong(tr("{name} has the wrong shape: expected {expected}, got {got}",
                            name=name, expected=_shape_text(want.shape),
                            got=_shape_text(array.shape)), arrays)
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
        if not exact and not np.allclose(x, y, **_tolerance):
            return False
    return True


# --- grading ---------------------------------------------------------------------------------

class _TooLong(BaseException):  # not an Exception: a student's `except Exception` cannot eat it
    pass


class _Forbidden(BaseException):
    def __init__(self, what):
        super().__init__(what)
        self.what = what


def _stop(signum, frame):
    raise _TooLong


def _call(fn, args, forbid=()):
    """``fn(*args)``, stopped after :data:`TIME_LIMIT` seconds (where the process allows a timer:
    the main thread on POSIX, as in a notebook's kernel), with each ``(owner, attribute)`` of
    ``forbid`` raising :class:`_Forbidden` if called."""
    timed = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    saved = []
    for owner, attribute in forbid:
        saved.append((owner, attribute, owner.__dict__[attribute]))
        name = f"{getattr(owner, '__name__', owner)}.{attribute}"
        setattr(owner, attribute, _refuse(name))
    old = signal.signal(signal.SIGALRM, _stop) if timed else None
    try:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, TIME_LIMIT)
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            return fn(*args)
    finally:
        if timed:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
        for owner, attribute, value in saved:
            setattr(owner, attribute, value)


def _refuse(name):
    def refused(*args, **kwargs):
        raise _Forbidden(name)
    return refused


def _changed(args, originals, params):
    """The name of the first array argument that the call changed, or None."""
    for name, arg, original in zip(params, args, originals):
        if isinstance(original, np.ndarray) and not (
                isinstance(arg, np.ndarray) and arg.shape == original.shape
                and np.array_equal(arg, original, equal_nan=original.dtype.kind == "f")):
            return name
    return None


def _signature(fn):
    try:
        return inspect.signature(fn)
    except (TypeError, ValueError):
        return None


def grade(name, fn, cases, reference, *, params, todo, parts=None, wrongs=(), exact=False,
          hints=(), after=None, forbid=(), estimate=False, rtol=RTOL, atol=ATOL, reveal=True):
    """Check ``fn`` against ``reference`` on ``cases``; return a :class:`Verdict`, print nothing.

    ``params`` names the arguments, ``todo`` says what to write (the ⏳ message), ``parts`` names
    the elements of a tuple answer, ``wrongs`` lists ``(wrong answer, hint)``, ``hints`` lists
    ``(test of the received arrays, hint)``, ``exact`` asks for equality (counts) and
    ``after(args, ref_args)`` may return ``(problem, hint)`` for a matching answer that still
    did something wrong (such as not training the network it was given). ``forbid`` lists
    ``(owner, attribute)`` that the exercise asks the student not to call; ``estimate`` marks
    an answer that is a finite-difference estimate, which is never exact to 13 digits.
    ``rtol`` and ``atol`` loosen the comparison (a number worked out by hand); ``reveal=False``
    never shows the expected value (the student is to find it).

    An answer fails, too, if it changed an array it was given (``G *= ...``), if it returns a
    string or a tuple where numbers or a number belong, or if it runs longer than
    :data:`TIME_LIMIT`. A wrong answer that matches no catalogued mistake still gets a hint
    (:func:`_diagnose`). An interrupt ends the check with a verdict, not a traceback.
    """
    saved = dict(_tolerance)
    _tolerance.update(rtol=rtol, atol=atol)
    try:
        passed, message = _run(name, fn, cases, reference, params, todo, parts, wrongs, exact,
                               hints, after, forbid, estimate, reveal)
    except KeyboardInterrupt:
        passed, message = False, tr("⏹ {name}: the check was interrupted; run the cell again",
                                    name=name)
    except _CourseBug as bug:
        passed, message = False, tr(
            "❌ {name}: the check itself failed ({bug}). This is a bug in the course, not in "
            "your answer: please report it", name=name, bug=bug)
    except (Exception, SystemExit) as error:  # the check itself never raises
        passed, message = False, tr(
            "❌ {name}: the check could not read your answer ({error}: {why})", name=name,
            error=type(error).__name__, why=_short(error))
    finally:
        _tolerance.update(saved)
    return Verdict(name, passed, message)


class _CourseBug(Exception):
    pass


def _run(name, fn, cases, reference, params, todo, parts, wrongs, exact, hints, after, forbid,
         estimate, reveal):
    if not callable(fn):
        return False, tr(
            "❌ {name}: expected a function, got {value}. Pass the function itself, without "
            "calling it: check_{name}(my_function)", name=name, value=_describe(fn))
    signature = _signature(fn)
    n = len(cases)
    tolerance = (tr("exactly") if exact else
                 tr("within rtol {rtol}, atol {atol}", rtol=_sci(_tolerance["rtol"]),
                    atol=_sci(_tolerance["atol"])))
    for i, case in enumerate(cases, 1):
        args = case.make()
        where = (tr("the hidden random case") if case.hidden else
                 tr("case {i} of {n}", i=i, n=n) if params else tr("your number"))
        shown = ", ".join(
            f"{p} = {case.shown[p] if p in case.shown else _show_input(a)}"
            for p, a in zip(params, args)
        )
        call = f"{name}({', '.join(params[: len(args)])})"
        if signature is not None:
            try:
                signature.bind(*args)
            except TypeError:
                return False, tr(
                    "❌ {name}: your function takes the arguments {signature}, but the check "
                    "calls it with {n} arguments, as {call}", name=name, signature=signature,
                    n=len(args), call=call)
        try:
            received = _call(fn, args, forbid)
        except NotImplementedError:
            return False, tr("⏳ {name}: not implemented yet: {todo}", name=name, todo=todo)
        except _TooLong:
            return False, tr(
                "❌ {name}: your function ran for more than {seconds} s on {where} and was "
                "stopped\n   input:    {shown}\n   hint: is there a loop that never ends, or "
                "one that runs far more often than it should?", name=name,
                seconds=f"{TIME_LIMIT:g}", where=where, shown=shown)
        except _Forbidden as forbidden:
            return False, tr(
                "❌ {name}: your function calls {what}, which this exercise asks you to do "
                "without\n   hint: compute it yourself, from the formulas you derived",
                name=name, what=forbidden.what)
        except (Exception, SystemExit) as error:
            text = _short(error)
            hint = ""
            if "broadcast" in text:
                hint = tr("two arrays of different shapes met elementwise. A sum or mean over an "
                          "axis drops that axis: keep it with keepdims=True (e.g. "
                          "e / e.sum(axis=1, keepdims=True)); print the shapes of both")
            elif "matmul" in text or "shapes" in text:
                hint = tr("vectors are rows and w has shape (n_in, n_out), so a = x @ w, and δ "
                          "goes back through u.T; print the shapes of what you multiply")
            if hint:
                return False, tr(
                    "❌ {name}: your function raised {error}: {why}\n   on {where}: {shown}\n"
                    "   hint: {hint}", name=name, error=type(error).__name__, why=text,
                    where=where, shown=shown, hint=hint)
            return False, tr("❌ {name}: your function raised {error}: {why}\n   on {where}: "
                             "{shown}", name=name, error=type(error).__name__, why=text,
                             where=where, shown=shown)
        ref_args = case.make()
        try:
            want = reference(*ref_args)
            expected = [np.asarray(w, dtype=float) for w in ([want] if parts is None else want)]
        except Exception as error:
            raise _CourseBug(tr("its reference raised {error}: {why}",
                                error=type(error).__name__, why=_short(error))) from None
        try:
            got = _read(received, expected, parts)
            problem = (None if _close(got, expected, exact) else
                       tr("does not match ({tolerance})", tolerance=tolerance))
            seen = got
        except _Wrong as wrong:
            problem, seen = wrong.text, wrong.array
        changed = _changed(args, case.make(), params)
        if changed is not None and problem is None:
            return False, tr(
                "❌ {name}: {where}: your answer is right, but your function changed its "
                "argument {changed}, which the caller still needs\n   input:    {shown}\n"
                "   hint: work on new arrays: {changed} = {changed} * ... instead of "
                "{changed} *= ..., or {changed} = {changed}.copy() first", name=name,
                where=where, changed=changed, shown=shown)
        if problem is None and estimate and all(
                np.linalg.norm(g - e) <= 1e-13 * max(np.linalg.norm(e), 1e-300)
                for g, e in zip(got, expected)):
            return False, tr(
                "❌ {name}: {where}: your estimate equals the exact gradient to 13 digits, which "
                "centred differences never do\n   input:    {shown}\n   hint: estimate each "
                "array with bp.numerical_gradient, not with an analytic backward pass",
                name=name, where=where, shown=shown)
        if problem is None and after is not None:
            trouble = after(args, ref_args)
            if trouble is None:
                continue
            problem, hint = trouble
            return False, tr("❌ {name}: {where}: {problem}\n   input:    {shown}\n   hint: {hint}",
                             name=name, where=where, problem=problem, shown=shown, hint=hint)
        if problem is None:
            continue
        hint = _hint(received, case, wrongs, parts, exact, hints)
        if not hint and seen is not None and len(seen) == len(expected):
            hint = _diagnose(seen, expected, parts, exact, reveal)
        if changed is not None:
            hint = tr("your function also changed its argument {changed}: work on new arrays. "
                      "{hint}", changed=changed, hint=hint).strip()
        lines = [tr("❌ {name}: {where}: {problem}", name=name, where=where, problem=problem)]
        if params:
            lines.append(tr("   input:    {shown}", shown=shown))
        if reveal:
            lines.append(tr("   expected: {value}", value=_show_parts(expected, parts)))
        if seen is not None:
            lines.append(tr("   received: {value}", value=_show_parts(seen, parts)))
        else:
            lines.append(tr("   received: {value}", value=_describe(received)))
        if hint:
            lines.append(tr("   hint: {hint}", hint=hint))
        return False, "\n".join(lines)
    if n == 1:
        return True, tr("✅ {name}: right ({tolerance})", name=name, tolerance=tolerance)
    if any(c.hidden for c in cases):
        return True, tr("✅ {name}: all {n} cases match, including a hidden random one "
                        "({tolerance})", name=name, n=n, tolerance=tolerance)
    return True, tr("✅ {name}: all {n} cases match ({tolerance})", name=name, n=n,
                    tolerance=tolerance)


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


def _diagnose(got, expected, parts, exact, reveal=True):
    """A hint for a wrong answer that matches no catalogued mistake: which part is off, then a
    flipped sign, a constant factor (2, ½, the batch size), a transpose, or which entries."""
    names = parts or (tr("your answer"),)
    right = [n for n, g, e in zip(names, got, expected) if _close([g], [e], exact)]
    for part, g, e in zip(names, got, expected):
        if g.shape != e.shape:
            if g.ndim == 2 and g.shape == e.shape[::-1]:
                return tr("{part} has the transposed shape: a gradient has the shape of what it "
                          "is taken with respect to; check the order of a product, e.g. Xᵀ Δ "
                          "against Δᵀ X", part=part)
            return tr("{part}: a gradient has the shape of what it is taken with respect to; "
                      "print the shapes of the arrays you multiply", part=part)
        if _close([g], [e], exact):
            continue
        hint = _what_is_off(g, e, exact, reveal)
        if parts is None:
            return hint
        if not right:
            return tr("{part} is off: {hint}", part=part, hint=hint)
        if len(right) == 1:
            return tr("{part} is off ({right} is right): {hint}", part=part, right=right[0],
                      hint=hint)
        return tr("{part} is off ({right} are right): {hint}", part=part,
                  right=", ".join(right), hint=hint)
    return ""


def _what_is_off(g, e, exact, reveal):
    """What the numbers show about one wrong array ``g`` against the expected ``e``: a flipped
    sign, a constant factor, a transpose, or which entries."""
    if not exact and np.any(e) and _close([g], [-e], exact):
        return tr("only its sign is wrong: check the order of a subtraction (y − t, not t − y) "
                  "or a minus sign you dropped")
    big = np.abs(e) > _tolerance["atol"]
    if np.any(big):
        ratio = g[big] / e[big]
        close = max(1e-6, 2 * _tolerance["rtol"])  # a hand-rounded answer is rounded
        if np.all(np.isfinite(ratio)) and np.allclose(ratio, ratio.flat[0], rtol=close):
            factor = float(ratio.flat[0])
            if reveal or any(np.isclose(factor, f, rtol=close) for f in (2, 0.5)):
                return _factor_hint(factor, close)
    if not reveal:
        return tr("recompute it step by step, each factor of the chain rule on its own, and "
                  "compare each with your derivation")
    if g.ndim == 2 and g.shape[0] == g.shape[1] and _close([g.T], [e], exact):
        return tr("it is the transpose of what is expected: check which index is the row and "
                  "which the column (w[i, j] connects input i to unit j)")
    off = np.argwhere(~np.isclose(g, e, **_tolerance) if not exact else g != e)
    if g.ndim == 0 or len(off) == 0:
        return tr("the value is off by no simple factor: recompute it step by step, printing "
                  "each intermediate value against your derivation")
    first = tuple(int(i) for i in off[0])
    return tr("{n} of {size} entries are off, the first at index {index} (expected {expected}, "
              "received {received}): look at what that entry depends on", n=len(off),
              size=g.size, index=list(first), expected=f"{e[first]:.6g}",
              received=f"{g[first]:.6g}")


def _factor_hint(factor, close=1e-6):
    """A hint for an answer that is ``factor`` times the expected one."""
    if np.isclose(factor, 2.0, rtol=close):
        return tr("it is twice the expected value everywhere: a factor 2 is off, such as the ½ "
                  "of ½(y − t)², whose derivative is y − t")
    if np.isclose(factor, 0.5, rtol=close):
        return tr("it is half the expected value everywhere: a factor 2 is off, such as the ½ "
                  "of ½(y − t)², whose derivative is y − t")
    if factor > 1 and np.isclose(factor, round(factor), rtol=close):
        return tr("it is {k} times the expected value everywhere: a sum where a mean belongs? "
                  "Divide by the number of examples (or do not multiply by it)",
                  k=round(factor))
    if 0 < factor < 1 and np.isclose(1 / factor, round(1 / factor), rtol=close):
        return tr("it is 1/{k} of the expected value everywhere: a mean where a sum belongs, or "
                  "the number of examples divided twice?", k=round(1 / factor))
    return tr("it is {factor} times the expected value everywhere: one constant factor is off",
              factor=f"{factor:.4g}")
