r"""What one gradient costs: centred differences against backpropagation, timed.

A forward pass through a fully connected network does one multiply-add per weight, so for
:math:`P` parameters it costs :math:`O(P)`. Centred differences need two forward passes per
parameter, :math:`O(P^2)` for the whole gradient. Backpropagation needs one forward and one
backward pass, and the backward pass does two multiply-adds per weight
(:math:`\delta^{(l+1)} W^{(l+1)\top}` and :math:`h^{(l-1)\top} \delta^{(l)}`): :math:`O(P)`.

To time the arithmetic and not the interpreter, the networks here run in plain Python, one
multiply-add at a time, so a forward pass takes time in proportion to what it computes. (numpy
runs a small layer in one call whose fixed cost, microseconds, is larger than its arithmetic:
its timings would count calls, not multiply-adds.) They compute the same loss and gradients as
:class:`bpcourse.Network` with sigmoid units and the L2 loss, for one example.
"""

import math
import time
import timeit
from dataclasses import dataclass
from functools import partial
from operator import mul

import numpy as np

from ._check import layer_sizes
from .network import Network


def parameter_count(sizes):
    r""":math:`P = \sum_l (n_{l-1} n_l + n_l)`: weights and biases of a network of these sizes;
    17 for 2-3-2."""
    sizes = layer_sizes(sizes)
    return int(sum(m * n + n for m, n in zip(sizes, sizes[1:])))


def _sigmoid(a):
    return 0.5 * (1.0 + math.tanh(0.5 * a))


def _forward(weights, biases, x):
    """``[h⁽⁰⁾ = x, h⁽¹⁾, ..., y]``, each :math:`a_j = b_j + \\sum_i h_i W_{ij}` a product at a
    time."""
    hs = [x]
    for w, b in zip(weights, biases):
        h = hs[-1]
        hs.append([_sigmoid(bj + sum(map(mul, h, column))) for bj, column in zip(b, zip(*w))])
    return hs


def loop_loss(weights, biases, x, t):
    r""":math:`L = \tfrac12 \sum_k (y_k - t_k)^2` of the sigmoid network with these weights
    (lists of rows, ``weights[l][i][j]`` from unit ``i`` to unit ``j``) and biases (lists)."""
    y = _forward(weights, biases, x)[-1]
    return 0.5 * sum((yk - tk) ** 2 for yk, tk in zip(y, t))


def loop_backprop(weights, biases, x, t):
    r"""``(dw, db)``, the gradient by backpropagation: one forward pass, then from the output
    down :math:`\delta^{(N)} = (y - t) \odot y \odot (1 - y)`,
    :math:`\partial L/\partial W^{(l)} = h^{(l-1)\top} \delta^{(l)}`,
    :math:`\partial L/\partial b^{(l)} = \delta^{(l)}` and
    :math:`\delta^{(l-1)} = (\delta^{(l)} W^{(l)\top}) \odot h^{(l-1)} \odot (1 - h^{(l-1)})`."""
    hs = _forward(weights, biases, x)
    y = hs[-1]
    delta = [(yk - tk) * yk * (1.0 - yk) for yk, tk in zip(y, t)]
    n = len(weights)
    dw, db = [None] * n, [None] * n
    for layer in reversed(range(n)):
        dw[layer] = [[hi * dj for dj in delta] for hi in hs[layer]]
        db[layer] = list(delta)
        if layer:
            delta = [sum(map(mul, row, delta)) * hj * (1.0 - hj)
                     for row, hj in zip(weights[layer], hs[layer])]
    return dw, db


def loop_finite_differences(weights, biases, x, t, h=1e-5):
    r"""``(dw, db)``, every entry by a centred difference
    :math:`(L(\theta + h e_i) - L(\theta - h e_i)) / 2h`: two forward passes per parameter.
    Each parameter is nudged in place and restored."""
    def nudged(vector, i):
        old = vector[i]
        vector[i] = old + h
        up = loop_loss(weights, biases, x, t)
        vector[i] = old - h
        down = loop_loss(weights, biases, x, t)
        vector[i] = old
        return (up - down) / (2 * h)

    dw = [[[nudged(row, j) for j in range(len(row))] for row in w] for w in weights]
    db = [[nudged(b, j) for j in range(len(b))] for b in biases]
    return dw, db


def loop_network(sizes, seed=0):
    """``(weights, biases, x, t)`` as plain lists: the weights of ``bp.Network(sizes, seed=seed)``
    (its biases are 0), a seeded input ``x`` and target ``t`` in (0, 1)."""
    net = Network(sizes, seed=seed)
    rng = np.random.default_rng(seed)
    x = rng.normal(0.0, 1.0, net.sizes[0]).tolist()
    t = rng.uniform(0.0, 1.0, net.sizes[-1]).tolist()
    return [w.tolist() for w in net.weights], [b.tolist() for b in net.biases], x, t


def _seconds(fn, repeats, least=0.01):
    """CPU seconds per call of ``fn()``: the fastest of ``repeats`` runs, each of enough calls to
    last at least ``least`` seconds. CPU time (``time.process_time``), so that other programs
    running at the same time do not count; ``timeit`` switches the garbage collector off. The
    number of calls doubles from 1 until a run lasts ``least``; with 1 call, that run counts."""
    timer = timeit.Timer(fn, timer=time.process_time)
    number = 1
    while (elapsed := timer.timeit(number=number)) < least:
        number *= 2
    runs = [elapsed / number] if number == 1 else []
    runs += [run / number for run in timer.repeat(number=number, repeat=repeats - len(runs))]
    return min(runs)


@dataclass(frozen=True)
class GradientCost:
    """What :func:`gradient_cost` measured, one entry per network: ``sizes``, the parameter
    counts ``parameters`` and the CPU seconds of one ``forward`` pass, of one gradient by
    ``backprop`` (forward and backward) and by centred differences (``numeric``; ``nan`` where
    the network has more than ``numeric_max`` parameters and was not timed)."""

    sizes: tuple
    parameters: np.ndarray
    forward: np.ndarray
    backprop: np.ndarray
    numeric: np.ndarray


def gradient_cost(sizes, repeats=3, numeric_max=3000, seed=0):
    """Time one gradient of each network in ``sizes`` (a list of layer sizes such as
    ``[[4, 4, 4], [8, 8, 8]]``), by backpropagation and, up to ``numeric_max`` parameters, by
    centred differences; the fastest of ``repeats`` runs. Returns a :class:`GradientCost`.

    Times differ between machines and runs: use them for their trend, not their digits."""
    sizes = [list(s) for s in sizes]
    if not sizes:
        raise ValueError("expected at least one network, such as [[4, 4, 4]], got none")
    if not isinstance(repeats, int | np.integer) or repeats < 1:
        raise ValueError(f"expected repeats to be a positive integer, got {repeats!r}")
    counts, forward, backprop, numeric = [], [], [], []
    for s in sizes:
        counts.append(parameter_count(s))
        w, b, x, t = loop_network(s, seed)
        forward.append(_seconds(partial(_forward, w, b, x), repeats))
        backprop.append(_seconds(partial(loop_backprop, w, b, x, t), repeats))
        numeric.append(_seconds(partial(loop_finite_differences, w, b, x, t), repeats)
                       if counts[-1] <= numeric_max else math.nan)
    return GradientCost(tuple(tuple(s) for s in sizes), np.array(counts),
                        np.array(forward), np.array(backprop), np.array(numeric))


def loglog_slope(p, seconds):
    r"""The slope :math:`k` of the least-squares line through :math:`(\log p, \log s)`: time
    growing like :math:`p^k`. Points whose ``seconds`` is ``nan`` (not measured) are left out."""
    p, seconds = np.asarray(p, dtype=float), np.asarray(seconds, dtype=float)
    if p.shape != seconds.shape or p.ndim != 1:
        raise ValueError(
            f"expected two 1-d arrays of the same length, got shapes {p.shape} and {seconds.shape}"
        )
    keep = ~np.isnan(seconds)
    if keep.sum() < 2:
        raise ValueError(f"expected at least two measured points, got {int(keep.sum())}")
    if np.any(p[keep] <= 0) or np.any(seconds[keep] <= 0):
        raise ValueError("expected positive parameter counts and times, to take their logs")
    return float(np.polyfit(np.log(p[keep]), np.log(seconds[keep]), 1)[0])


def multiply_adds(sizes):
    r"""``{"forward": F, "backprop": 3F, "finite differences": 2PF}``: multiply-adds of one
    forward pass, :math:`F = \sum_l n_{l-1} n_l` (one per weight), and of one whole gradient by
    backpropagation (the forward pass and two per weight going back, BP2 and BP4) and by
    centred differences (two forward passes per parameter), for :math:`P` parameters.
    Activations and biases are left out: they add :math:`O(\sum_l n_l)`, small against
    :math:`F`."""
    sizes = layer_sizes(sizes)
    forward = int(sum(m * n for m, n in zip(sizes, sizes[1:])))
    return {"forward": forward, "backprop": 3 * forward,
            "finite differences": 2 * parameter_count(sizes) * forward}
