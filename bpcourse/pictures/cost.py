"""What a gradient costs, counted: the explorer of notebook 06.

:func:`cost_view` draws the multiply-adds of one forward pass and of one gradient, by
backpropagation and by centred differences, for a network of ``layers`` layers of ``width``
units (:func:`bpcourse.cost.multiply_adds`), on a logarithmic axis.
"""

import matplotlib.pyplot as plt

from ..cost import multiply_adds, parameter_count
from ..show import fmt
from .style import GRAD, NAME, SMALL

_BARS = [("one forward pass", "forward", "0.55"), ("gradient, backpropagation", "backprop", GRAD),
         ("gradient, finite differences", "finite differences", "tab:orange")]


def cost_view(layers=3, width=8):
    """Explorer view: the three counts for ``layers`` layers of ``width`` units (the input
    counted as a layer of ``width`` too). Returns ``(figure, text)``: the first line gives P and
    both ratios."""
    sizes = [width] * (layers + 1)
    counts = multiply_adds(sizes)
    P = parameter_count(sizes)
    fig, ax = plt.subplots(figsize=(7.5, 3.0))
    fig.subplots_adjust(left=0.33, right=0.97, top=0.84, bottom=0.2)
    values = [counts[key] for _, key, _ in _BARS]
    ax.barh(range(3), values, color=[colour for *_, colour in _BARS], height=0.6)
    ax.set_xscale("log")
    ax.set_xlim(1, 1e13)
    ax.set_yticks(range(3), [label for label, *_ in _BARS], fontsize=SMALL + 1)
    ax.invert_yaxis()
    for i, value in enumerate(values):  # beside the bar, or inside its end when it is long
        inside = value > 1e9
        ax.text(value / 1.5 if inside else value * 1.5, i, fmt(value, ",.0f"), va="center",
                ha="right" if inside else "left", color="white" if inside else "black",
                fontsize=SMALL + 1)
    ax.tick_params(axis="x", labelsize=SMALL)
    ax.set_xlabel("multiply-adds (log scale)", fontsize=SMALL + 1)
    ax.set_title(f"{layers} layer{'s' if layers > 1 else ''} of {width} units: "
                 f"P = {fmt(P, ',.0f')} parameters",
                 fontsize=NAME)
    text = (f"P = {fmt(P, ',.0f')}: backpropagation costs "
            f"{fmt(counts['backprop'] / counts['forward'], '.0f')} forward passes, finite "
            f"differences {fmt(counts['finite differences'] / counts['forward'], ',.0f')} (2P)\n"
            f"finite differences ÷ backpropagation = "
            f"{fmt(counts['finite differences'] / counts['backprop'], ',.0f')}")
    return fig, text
