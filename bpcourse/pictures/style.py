"""One look for every picture of the course: the palette, the label boxes and the small text
helpers (true minus signs, sub- and superscripts in plain Unicode).

Plain Unicode (``x₁``, ``h⁽²⁾₃``) draws several milliseconds faster than mathtext, which a new
figure parses again; the explorers, redrawn on every slider move, use it throughout.
"""

from ..show import fmt

VALUE = "black"
"""Forward values."""
GRAD = "tab:red"
"""Gradients and deltas."""
LOCAL = "tab:blue"
"""Local derivatives on the edges of a computational graph."""
EDGE = "0.55"
"""Arrows that carry no number of their own."""
POSITIVE, NEGATIVE = "tab:blue", "tab:orange"
"""Weights by sign."""
CLASS_COLOURS = ("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple")
"""Classes 0, 1, 2, ... in scatter plots and decision regions."""
NODE_FILL, NODE_LINE = "#f2f2f2", "0.3"
"""Units, gates and the boxes of a graph."""

def label_box(pad=0.1):
    """The white, borderless box behind a label that sits on a line, so the line does not cross
    the text: ``ax.text(..., bbox=label_box())``."""
    return {"boxstyle": f"round,pad={pad}", "facecolor": "white", "edgecolor": "none",
            "alpha": 0.85}


_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUPERSCRIPT = str.maketrans("0123456789()-.", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾⁻·")


def subscript(text):
    """``"12"`` → ``"₁₂"`` (digits only; anything else is left as it is)."""
    return str(text).translate(_SUBSCRIPT)


def superscript(text):
    """``"(2)"`` → ``"⁽²⁾"``, ``"-0.5"`` → ``"⁻⁰·⁵"``."""
    return str(text).translate(_SUPERSCRIPT)


def number(v, digits=".4g"):
    """A number as a picture shows it: short (``fmt(v, digits)``) and with a true minus sign,
    ``-0.17740`` → ``"−0.1774"``, ``2.0`` → ``"2"``."""
    return fmt(v, digits).replace("-", "−")


def unit_name(name, tex=False):
    """A unit's name from :func:`~bpcourse.pictures.network.network_layout` as it is drawn:
    ``"x1"`` → ``"x₁"``, ``"h2_3"`` → ``"h⁽²⁾₃"``; with ``tex``, mathtext: ``"$x_{1}$"``,
    ``"$h^{(2)}_{3}$"``."""
    letter, rest = name[0], name[1:]
    layer, index = rest.split("_") if "_" in rest else ("", rest)
    if tex:
        return f"${letter}^{{({layer})}}_{{{index}}}$" if layer else f"${letter}_{{{index}}}$"
    return letter + (superscript(f"({layer})") if layer else "") + subscript(index)
