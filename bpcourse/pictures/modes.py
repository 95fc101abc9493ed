"""Forward against reverse mode, counted: the explorer of notebook 10.

:func:`modes_view` draws the multiplications that the full Jacobian of a tanh MLP costs, by
Jacobian-vector products (forward mode, one per input) and by vector-Jacobian products (reverse
mode, one per output), as the number of inputs grows (:func:`bpcourse.tensors.jacobian_cost`).
"""

import functools

import matplotlib.pyplot as plt

from ..show import fmt
from ..tensors import jacobian_cost
from .style import GRAD, NAME, SMALL

INPUTS = (1, 2, 4, 8, 16, 32, 64, 128)
"""The numbers of inputs on the horizontal axis."""


@functools.lru_cache(maxsize=4096)
def _cost(inputs, outputs, depth):
    """:func:`~bpcourse.tensors.jacobian_cost`, which counts by running the products, kept: the
    explorer asks again for the same counts at each move (not to be changed: it is shared)."""
    return jacobian_cost(inputs, outputs, depth=depth)


def _modes_numbers(inputs, outputs, depth):
    """What :func:`modes_view` shows: ``(costs, chosen, title, text)``."""
    costs = [_cost(n, outputs, depth) for n in INPUTS]
    chosen = _cost(inputs, outputs, depth)
    title = (f"The full Jacobian, {outputs} output{'s' if outputs > 1 else ''}, "
             f"{depth} hidden layer{'s' if depth > 1 else ''} of 8")
    forward, reverse = chosen["forward mode"], chosen["reverse mode"]
    cheaper, ratio = (("reverse", forward / reverse) if reverse < forward
                      else ("forward", reverse / forward))
    text = (f"{inputs} input{'s' if inputs > 1 else ''}, "
            f"{outputs} output{'s' if outputs > 1 else ''}: forward mode {fmt(forward, ',.0f')}, "
            f"reverse mode {fmt(reverse, ',.0f')} multiplications: "
            + ("the same" if forward == reverse else f"{cheaper} mode is {fmt(ratio, '.1f')} "
               "times cheaper")
            + f"\none forward pass alone: {fmt(chosen['forward pass'], ',.0f')}")
    return costs, chosen, title, text


MODES = (("forward mode", "tab:blue", "forward mode: one JVP per input"),
         ("reverse mode", GRAD, "reverse mode: one VJP per output"))


def modes_view(inputs=16, outputs=1, depth=3):
    """Explorer view: the multiplications of the full Jacobian of an MLP with ``depth`` hidden
    layers of 8 tanh units, by forward and by reverse mode, for 1 to 128 inputs and ``outputs``
    outputs, the chosen number of ``inputs`` marked. Returns ``(figure, text)``: the first line
    gives both counts and which mode is cheaper, by what factor.
    ``modes_view.update(figure, **values)`` moves a figure it drew (the explorer's fast path)
    and returns the text."""
    costs, chosen, title, text = _modes_numbers(inputs, outputs, depth)
    fig, ax = plt.subplots(figsize=(7.0, 3.6))
    fig.subplots_adjust(left=0.14, right=0.97, top=0.86, bottom=0.16)
    for key, colour, label in MODES:
        ax.loglog(INPUTS, [c[key] for c in costs], "o-", ms=4, color=colour, label=label)
        ax.plot([inputs], [chosen[key]], "o", ms=10, mfc="none", mec=colour, mew=2)
    ax.set_xlabel("number of inputs", fontsize=SMALL + 1)
    ax.set_ylabel("multiplications", fontsize=SMALL + 1)
    ax.tick_params(labelsize=SMALL)
    ax.legend(fontsize=SMALL, loc="upper left")
    ax.set_title(title, fontsize=NAME)
    return fig, text


def _modes_update(fig, inputs=16, outputs=1, depth=3):
    """Move the figure :func:`modes_view` drew to new values; return its text."""
    costs, chosen, title, text = _modes_numbers(inputs, outputs, depth)
    ax = fig.axes[0]
    lines = iter(ax.lines)
    for (key, *_), curve, mark in zip(MODES, lines, lines, strict=True):
        curve.set_ydata([c[key] for c in costs])
        mark.set_data([inputs], [chosen[key]])
    ax.relim()
    ax.autoscale_view()
    ax.title.set_text(title)
    return text


modes_view.update = _modes_update
