"""Printing numbers the way the notebooks show them: fixed digits, never a numpy repr.

nbval compares printed text, so every number a notebook prints goes through :func:`fmt`,
:func:`fmt_error` or :func:`table`, which round on purpose and print the same on every machine.

The same on every machine also means printing no digit that is rounding noise. numpy's matrix
products go through OpenBLAS, which picks its kernel for the CPU it runs on, and kernels add in
different orders: the last bits of a result differ from one CPU to another. A quantity that is
0 in exact arithmetic (the difference between an analytic gradient and its centred difference,
between two summation orders) is then printed as what it means, :func:`fmt_error`, not as digits.
"""

import numpy as np


def fmt(value, digits=4):
    """``6.0`` → ``'6.0000'``; arrays → ``'[1.0000, -2.0000]'``, nested for matrices.

    ``digits`` is a number of decimals, or a format spec such as ``".1e"``. A value that rounds
    to 0 shows as 0, never -0: the sign of -1e-17, where exact arithmetic gives 0, is rounding.
    """
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        spec = f".{digits}f" if isinstance(digits, int) else digits
        text = format(float(array), spec)
        return text[1:] if text.startswith("-") and float(text.replace(",", "")) == 0 else text
    return "[" + ", ".join(fmt(v, digits) for v in array) + "]"


ROUNDING = 1e-8
"""Below this a relative error in float64 is rounding: its digits depend on the CPU.

A centred difference with :math:`h = 10^{-5}` divides the rounding of two losses, about
:math:`10^{-16} L`, by :math:`2h`: for a small gradient that alone is a relative error of up to
about :math:`10^{-9}`, and it changes with the order in which the CPU adds. ``1e-8`` leaves a
margin of ten.
"""


def fmt_error(error, floor=ROUNDING):
    r"""A relative error as float64 can vouch for it: ``2.8e-02`` above ``floor``, and only
    ``< 1e-8`` below it, where its digits are rounding noise that differs between CPUs.

    The floor is printed with one digit and a plain exponent: ``1e-8``, ``5e-7``.
    """
    array = np.asarray(error)
    value = float(array) if array.ndim == 0 and array.dtype.kind in "fiu" else np.nan
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"expected a relative error, a number >= 0, got {error!r}")
    if value >= floor:
        return format(value, ".1e")
    mantissa, exponent = format(floor, ".0e").split("e")
    return f"< {mantissa}e{int(exponent)}"


def table(rows, headers, digits=4):
    """A plain-text table of ``rows``; numbers go through :func:`fmt` with ``digits``, which may
    also be a list with one entry per column, e.g. ``[None, 6, 6, ".1e"]``. An entry may be a
    function instead, such as :func:`fmt_error`, that turns the column's numbers into text."""
    per_column = digits if isinstance(digits, list | tuple) else [digits] * len(headers)
    cells = [[_cell(v, d) for v, d in zip(row, per_column)] for row in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    lines = ["  ".join(str(h).rjust(w) for h, w in zip(headers, widths))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.rjust(w) for c, w in zip(row, widths)) for row in cells]
    return "\n".join(lines)


def _cell(value, digits):
    if not _is_number(value):
        return str(value)
    return digits(value) if callable(digits) else fmt(value, digits)


def _is_number(v):
    return isinstance(v, int | float | np.number) and not isinstance(v, bool)
