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


def _bar_label(value):
    """Where a bar's count goes, beside its end or inside it when long: ``(x, ha, colour)``."""
    inside = value > 1e9
    return (value / 1.5, "right", "white") if inside else (value * 1.5, "left", "black")


def _cost_numbers(layers, width):
    """What :func:`cost_view` shows: ``(values, title, text)``."""
    sizes = [width] * (layers + 1)
    counts = multiply_adds(sizes)
    P = parameter_count(sizes)
    title = (f"{layers} layer{'s' if layers > 1 else ''} of {width} units: "
             f"P = {fmt(P, ',.0f')} parameters")
    text = (f"P = {fmt(P, ',.0f')}: backpropagation costs "
            f"{fmt(counts['backprop'] / counts['forward'], '.0f')} forward passes, finite "
            f"differences {fmt(counts['finite differences'] / counts['forward'], ',.0f')} (2P)\n"
            f"finite differences ÷ backpropagation = "
            f"{fmt(counts['finite differences'] / counts['backprop'], ',.0f')}")
    return [counts[key] for _, key, _ in _BARS], title, text


def cost_view(layers=3, width=8):
    """Explorer view: the three counts for ``layers`` layers of ``width`` units (the input
    counted as a layer of ``width`` too). Returns ``(figure, text)``: the first line gives P and
    both ratios. ``cost_view.update(figure, **values)`` moves a figure it drew (the explorer's
    fast path) and returns the text."""
    values, title, text = _cost_numbers(layers, width)
    fig, ax = plt.subplots(figsize=(7.5, 3.0))
    fig.subplots_adjust(left=0.33, right=0.97, top=0.84, bottom=0.2)
    ax.barh(range(3), values, color=[colour for *_, colour in _BARS], height=0.6)
    ax.set_xscale("log")
    ax.set_xlim(1, 1e13)
    ax.set_yticks(range(3), [label for label, *_ in _BARS], fontsize=SMALL + 1)
    ax.invert_yaxis()
    for i, value in enumerate(values):
        at, ha, colour = _bar_label(value)
        ax.text(at, i, fmt(value, ",.0f"), va="center", ha=ha, color=colour, fontsize=SMALL + 1)
    ax.tick_params(axis="x", labelsize=SMALL)
    ax.set_xlabel("multiply-adds (log scale)", fontsize=SMALL + 1)
    ax.set_title(title, fontsize=NAME)
    return fig, text


def _cost_update(fig, layers=3, width=8):
    """Move the figure :func:`cost_view` drew to new values; return its text."""
    values, title, text = _cost_numbers(layers, width)
    ax = fig.axes[0]
    for bar, label, value in zip(ax.patches, ax.texts, values, strict=True):
        bar.set_width(value)
        at, ha, colour = _bar_label(value)
        label.set_x(at)
        label.set_text(fmt(value, ",.0f"))
        label.set_horizontalalignment(ha)
        label.set_color(colour)
    ax.title.set_text(title)
    return text


cost_view.update = _cost_update
