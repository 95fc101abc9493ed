"""Printing numbers the way the notebooks show them: fixed digits, never a numpy repr.

nbval compares printed text, so every number a notebook prints goes through :func:`fmt` or
:func:`table`, which round on purpose and print the same on every machine.
"""

import numpy as np


def fmt(value, digits=4):
    """``6.0`` → ``'6.0000'``; arrays → ``'[1.0000, -2.0000]'``, nested for matrices.

    ``digits`` is a number of decimals, or a format spec such as ``".1e"``; -0 shows as 0.
    """
    array = np.asarray(value, dtype=float)
    if array.ndim == 0:
        v = float(array)
        spec = f".{digits}f" if isinstance(digits, int) else digits
        return format(0.0 if v == 0 else v, spec)
    return "[" + ", ".join(fmt(v, digits) for v in array) + "]"


def table(rows, headers, digits=4):
    """A plain-text table of ``rows``; numbers go through :func:`fmt` with ``digits``, which may
    also be a list with one entry per column, e.g. ``[None, 6, 6, ".1e"]``."""
    per_column = digits if isinstance(digits, list | tuple) else [digits] * len(headers)
    cells = [[fmt(v, d) if _is_number(v) else str(v) for v, d in zip(row, per_column)]
             for row in rows]
    widths = [max(len(str(h)), *(len(r[i]) for r in cells)) for i, h in enumerate(headers)]
    lines = ["  ".join(str(h).rjust(w) for h, w in zip(headers, widths))]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.rjust(w) for c, w in zip(row, widths)) for row in cells]
    return "\n".join(lines)


def _is_number(v):
    return isinstance(v, int | float | np.number) and not isinstance(v, bool)
