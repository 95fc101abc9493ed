r"""Plots of training: loss curves, decision regions, the two explorers of notebook 07 and the
explorer of vanishing gradients of notebook 08.

The explorers use :func:`bpcourse.datasets.two_classes` and seeded networks, the same start every
time, so a slider set to the same place always shows the same picture.
"""

import functools

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.ticker import MaxNLocator

from .._check import as_array
from ..datasets import two_classes
from ..network import Network
from ..show import fmt
from ..training import accuracy, delta_norms, train
from .style import CLASS_COLOURS, SMALL


def loss_curves(curves, title="Loss per epoch", log=False, ax=None):
    """Plot ``{label: losses}`` against the epoch, one line each; return the Figure."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(6, 3.5), layout="constrained")
    fig = ax.figure
    for label, losses in curves.items():
        ax.plot(np.arange(len(losses)), losses, label=label)
    ax.set(xlabel="epoch", ylabel="loss L", title=title)
    if log:
        ax.set_yscale("log")
        ax.minorticks_off()  # a tick at every 2, 3, ... 9 × 10ᵏ adds clutter and drawing time
    if len(curves) > 1:
        ax.legend()
    ax.grid(alpha=0.3)
    return fig


def decision_regions(net, x, t, ax=None, resolution=150, title="Decision regions"):
    """Colour the plane by the class ``net`` predicts (largest output), with the points ``x``
    coloured by their target class on top; return the Figure."""
    if ax is None:
        fig, ax = plt.subplots(figsize=(4.5, 4.5), layout="constrained")
    fig = ax.figure
    x, labels = np.asarray(x), np.asarray(t).argmax(axis=1)
    classes = np.asarray(t).shape[1]
    colours = CLASS_COLOURS[:classes]
    _regions(ax, net, x, resolution, colours)
    ax.scatter(x[:, 0], x[:, 1], c=[colours[k] for k in labels], s=12, edgecolors="k",
               linewidths=0.3)
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title=title, aspect="equal")
    return fig


def _regions(ax, net, x, resolution, colours):
    """The coloured regions of :func:`decision_regions`: the class ``net`` predicts at each point
    of a grid ``resolution`` points wide around the points ``x``."""
    low, high = x.min(axis=0) - 0.3, x.max(axis=0) + 0.3
    g0, g1 = np.meshgrid(np.linspace(low[0], high[0], resolution),
                         np.linspace(low[1], high[1], resolution))
    predicted = net.forward(np.column_stack([g0.ravel(), g1.ravel()])).argmax(axis=1)
    return ax.contourf(g0, g1, predicted.reshape(g0.shape),
                       levels=np.arange(len(colours) + 1) - 0.5, cmap=ListedColormap(colours),
                       alpha=0.25)


EXPLORER_SEED = 0
"""The seed of the network that the explorers start from, every time."""


LEARNING_RATE_VIEW_EPOCHS = 300
"""How many epochs :func:`learning_rate_view` trains at once (the notebook's slider goes to 300)."""


@functools.lru_cache(maxsize=16)
def _training(eta, epochs):
    """The parameters of the seeded 2-3-2 network after 0, 1, ..., ``epochs`` full-batch epochs
    at learning rate ``eta`` on :func:`two_classes`, and the loss at the start of each. Kept for
    the next calls (16 learning rates): moving the epochs, or coming back to a learning rate,
    trains nothing. The loop of :func:`~bpcourse.training.train` (full batch), each epoch's
    parameters copied: tests/test_explorer.py checks it matches train to the last bit."""
    x, t = (as_array(a, name) for a, name in zip(two_classes(), "xt"))
    net = Network([2, 3, 2], seed=EXPLORER_SEED)
    path = [[p.copy() for p in net.parameters()]]
    losses = []
    for _ in range(epochs):
        g = net.gradients(x, t)  # its forward pass gives the loss, as in train
        losses.append(float(np.mean(net.loss_function.f(net.y, t))))
        net.step(g, eta)
        path.append([p.copy() for p in net.parameters()])
    return path, losses


def _learning_rate_numbers(log10_eta, epochs):
    """What :func:`learning_rate_view` shows: ``(eta, epochs, net, losses, final, accuracy)``."""
    eta, epochs = 10.0**log10_eta, max(int(round(epochs)), 1)
    x, t = two_classes()
    path, losses = _training(eta, max(epochs, LEARNING_RATE_VIEW_EPOCHS))
    w, b1, u, b2 = (p.copy() for p in path[epochs])
    net = Network.from_weights([w, u], [b1, b2])
    return eta, epochs, net, losses[:epochs], net.loss(x, t), accuracy(net, x, t)


def _learning_rate_text(eta, epochs, net, losses, final, acc):
    return f"η = {eta:.3g}, {epochs} epochs: final loss {final:.4f}, accuracy {acc:.1%}"


def learning_rate_view(log10_eta=1.0, epochs=300):
    r"""Train the 2-3-2 network on :func:`two_classes` with :math:`\eta = 10^{\text{log10\_eta}}`
    for ``epochs`` epochs from the same seeded start; return ``(figure, text)`` with the loss
    curve, the decision regions and the final loss and accuracy.
    ``learning_rate_view.update(figure, **values)`` moves a figure it drew (the explorer's fast
    path) and returns the text."""
    numbers = _learning_rate_numbers(log10_eta, epochs)
    eta, epochs, net, losses = numbers[:4]
    x, t = two_classes()
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.6))
    loss_curves({f"η = {eta:.3g}": losses}, title=f"Loss, η = {eta:.3g}", ax=left)
    left.set_ylim(0, max(0.3, max(losses) * 1.05))
    decision_regions(net, x, t, ax=right, resolution=80, title=f"After {epochs} epochs")
    right.set(xlabel="x₁", ylabel="x₂")  # plain Unicode: mathtext takes milliseconds to draw
    for ax in (left, right):  # fewer tick labels: each costs a millisecond or two to draw
        ax.xaxis.set_major_locator(MaxNLocator(4))
        ax.yaxis.set_major_locator(MaxNLocator(4))
    fig.subplots_adjust(left=0.09, right=0.97, bottom=0.14, top=0.9, wspace=0.3)
    return fig, _learning_rate_text(*numbers)


def _learning_rate_update(fig, log10_eta=1.0, epochs=300):
    """Move the figure :func:`learning_rate_view` drew to new values; return its text."""
    numbers = _learning_rate_numbers(log10_eta, epochs)
    eta, epochs, net, losses = numbers[:4]
    left, right = fig.axes
    line, = left.lines
    line.set_data(np.arange(len(losses)), losses)
    line.set_label(f"η = {eta:.3g}")
    left.relim()
    left.autoscale_view()
    left.set_ylim(0, max(0.3, max(losses) * 1.05))
    left.title.set_text(f"Loss, η = {eta:.3g}")
    # the regions again, beneath the points as in a new figure: a new ContourSet joins the Axes
    # last, so the points leave and join after it
    regions, points = right.collections
    regions.remove()
    x, t = two_classes()
    _regions(right, net, np.asarray(x), 80, CLASS_COLOURS[:np.asarray(t).shape[1]])
    points.remove()  # the points join again after the new regions, on top of them
    right.add_collection(points)
    right.title.set_text(f"After {epochs} epochs")
    return _learning_rate_text(*numbers)


learning_rate_view.update = _learning_rate_update


STEP_LEARNING_RATE = 10.0
"""The learning rate of :func:`step_view`: large enough that every step visibly moves w and u."""

STEP_VIEW_STEPS = 300
"""How many steps :func:`step_view` takes at once (the notebook's slider goes to 300)."""


@functools.lru_cache(maxsize=1)
def _descent(steps):
    """The parameters of the seeded 2-3-2 network after 0, 1, ..., ``steps`` full-batch steps on
    :func:`two_classes`, and the loss before each step and after the last. Kept for the next
    call: a slider that moves then only redraws."""
    x, t = two_classes()
    net = Network([2, 3, 2], seed=EXPLORER_SEED)
    path = [[p.copy() for p in net.parameters()]]
    losses = []
    for _ in range(steps):
        losses += train(net, x, t, STEP_LEARNING_RATE, 1)
        path.append([p.copy() for p in net.parameters()])
    return path, losses + [net.loss(x, t)]


def _step_numbers(steps):
    """What :func:`step_view` shows after ``steps`` steps: ``(steps, net, dw, du, losses)``."""
    steps = max(int(round(steps)), 0)
    path, losses = _descent(max(steps, STEP_VIEW_STEPS))
    losses, (w, b1, u, b2) = losses[:steps + 1], path[steps]
    before = path[max(steps - 1, 0)]  # step 0 has made no change
    net = Network.from_weights([w, u], [b1, b2])
    return steps, net, w - before[0], u - before[2], losses


def _step_text(steps, net, dw, du, losses):
    return (f"step {steps}: loss {losses[-1]:.4f}, accuracy {accuracy(net, *two_classes()):.1%}\n"
            f"w  = {fmt(net.weights[0], 3)}\nΔw = {fmt(dw, 4)} (the last step)\n"
            f"u  = {fmt(net.weights[1], 3)}\nΔu = {fmt(du, 4)} (the last step)")


def _cell_texts(value, change):
    """The two lines of a cell of :func:`step_view`'s matrices and their ink."""
    ink = "white" if abs(value) > 4 else "black"  # legible on the darkest cells
    return f"{value:.2f}", f"Δ {change:+.3f}", ink


def step_view(steps=0):
    r"""Apply ``steps`` full-batch updates :math:`\theta \leftarrow \theta - \eta\,\partial L /
    \partial\theta` (:data:`STEP_LEARNING_RATE`) to the seeded 2-3-2 network on
    :func:`two_classes`, one at a time; show ``w`` and ``u`` with their values, the change the
    last step made (:math:`\Delta w = -\eta\,\partial L/\partial w`) and the loss so far.
    Returns ``(figure, text)``; ``step_view.update(figure, steps)`` moves a figure it drew to
    ``steps`` (the explorer's fast path) and returns the text."""
    steps, net, dw, du, losses = _step_numbers(steps)
    fig, axes = plt.subplots(1, 3, figsize=(8, 3.2), gridspec_kw={"width_ratios": [3, 2, 2.4]})
    artists = {"images": [], "cells": [], "titles": []}
    for ax, name, matrix, change in ((axes[0], "w", net.weights[0], dw),
                                     (axes[1], "u", net.weights[1], du)):
        artists["images"].append(ax.imshow(matrix, cmap="coolwarm", vmin=-6, vmax=6))
        for (i, j), value in np.ndenumerate(matrix):  # two one-line texts draw faster than one
            top, bottom, ink = _cell_texts(value, change[i, j])
            artists["cells"].append((
                ax.text(j, i - 0.17, top, ha="center", va="center", fontsize=SMALL, color=ink),
                ax.text(j, i + 0.19, bottom, ha="center", va="center", fontsize=SMALL,
                        color=ink)))
        ax.set(xticks=range(matrix.shape[1]), yticks=range(matrix.shape[0]), xlabel="j (to)",
               ylabel="i (from)")
        # placed: matplotlib needn't measure
        artists["titles"].append(ax.set_title(f"{name} after {steps} steps", y=1))
    artists["loss"], = axes[2].plot(np.arange(len(losses)), losses,
                                    "o-" if steps <= 30 else "-", ms=3)
    axes[2].set(xlabel="step")  # no ylabel: the title names L, and the panels keep apart
    artists["loss_title"] = axes[2].set_title(f"loss L = {losses[-1]:.4f}", y=1)
    axes[2].xaxis.set_major_locator(MaxNLocator(4, integer=True))
    axes[2].yaxis.set_major_locator(MaxNLocator(4))
    axes[2].grid(alpha=0.3)
    fig.subplots_adjust(left=0.06, right=0.98, bottom=0.16, top=0.9, wspace=0.4)
    fig._step_view = artists
    return fig, _step_text(steps, net, dw, du, losses)


def _step_update(fig, steps=0):
    """Move the figure :func:`step_view` drew to ``steps``; return its text."""
    artists = fig._step_view
    steps, net, dw, du, losses = _step_numbers(steps)
    cells = iter(artists["cells"])
    for image, title, name, matrix, change in zip(
            artists["images"], artists["titles"], "wu", net.weights, (dw, du)):
        image.set_data(matrix)
        title.set_text(f"{name} after {steps} steps")
        for (i, j), value in np.ndenumerate(matrix):
            top, bottom, ink = _cell_texts(value, change[i, j])
            for artist, words in zip(next(cells), (top, bottom)):
                artist.set_text(words)
                artist.set_color(ink)
    line = artists["loss"]
    line.set_data(np.arange(len(losses)), losses)
    line.set_marker("o" if steps <= 30 else "None")
    line.axes.relim()
    line.axes.autoscale_view()
    artists["loss_title"].set_text(f"loss L = {losses[-1]:.4f}")
    return _step_text(steps, net, dw, du, losses)


step_view.update = _step_update


def activation_figure(activations, names=None):
    r"""Each activation :math:`f` and its derivative :math:`f'` (dashed) on :math:`a \in [-4, 4]`,
    one panel each, every panel with its own vertical range that shows both whole curves;
    softmax is drawn for two classes, :math:`\mathrm{softmax}([a, 0])_1`, whose derivative is the
    Jacobian's entry :math:`\partial y_1/\partial a_1`. An activation with a small but nonzero
    slope on the left (leaky ReLU, :math:`\alpha = 0.01`) gets a second panel zoomed in on
    :math:`a \le 0`, where that slope is visible and labelled. ``names`` maps an activation's name
    to its title. Returns the Figure."""
    names = names or {}
    a = np.linspace(-4, 4, 401)
    panels = []  # (title, a, f(a), f'(a), slope): a zoomed panel carries the slope it shows
    for act in activations:
        title = names.get(act.name, act.name)
        if act.elementwise:
            panels.append((title, a, act.f(a), act.df(a), None))
            slope = float(act.df(np.array([-1.0]))[0])
            if 0 < slope < 0.1:  # too small to see at the scale of the whole curve
                left = np.linspace(-4, 1, 501)
                panels.append((f"{title}, zoomed in", left, act.f(left), act.df(left), slope))
        else:
            two = np.column_stack([a, np.zeros_like(a)])
            panels.append((f"{title}$([a, 0])_1$", a, act.f(two)[:, 0], act.df(two)[:, 0, 0],
                           None))
    columns = min(len(panels), 3)
    rows = -(-len(panels) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(8, 1.2 + 1.65 * rows), layout="constrained",
                             squeeze=False)
    for ax, (title, x, f, df, slope) in zip(axes.flat, panels):
        ax.plot(x, f, label="$f(a)$")
        ax.plot(x, df, "--", label="$f'(a)$")
        if slope is None:
            low, high = min(f.min(), df.min()), max(f.max(), df.max())
            pad = 0.08 * (high - low)
            ax.set(ylim=(low - pad, high + pad), xticks=[-4, 0, 4])
        else:  # zoomed in on the left: f(a) = alpha a falls to -4 alpha, f'(a) = alpha
            ax.set(xlim=(-4, 1), ylim=(-5.5 * slope, 3.5 * slope), xticks=[-4, -2, 0],
                   yticks=np.array([-4, -2, 0, 2]) * slope)
            ax.text(-3.85, 1.7 * slope, f"f′(a) = α = {slope:g}", va="bottom", fontsize=SMALL)
            ax.annotate(f"slope α = {slope:g}", xy=(-2.6, -2.6 * slope),
                        xytext=(-2.2, -4.6 * slope), va="center", fontsize=SMALL,
                        arrowprops={"arrowstyle": "->", "lw": 0.8})
        ax.set_title(title, fontsize=SMALL)
        ax.set_xlabel("$a$")
        ax.grid(alpha=0.3)
    for ax in axes.flat[len(panels):]:
        ax.set_visible(False)
    fig.legend(*axes.flat[0].get_legend_handles_labels(), loc="outside upper center", ncols=2,
               fontsize=SMALL, frameon=False)
    return fig


VANISHING_WIDTH = 16
"""Units in each hidden layer of :func:`vanishing_net`, as in the deep networks of notebook 08."""

ACTIVATION_NAMES = {"sigmoid": "sigmoid", "tanh": "tanh", "ReLU": "relu"}
"""The activations of :func:`vanishing_view`, as the explorer's buttons name them."""


def vanishing_net(depth, activation, scale):
    r"""The network of :func:`vanishing_view`: ``depth`` layers of weights, from the 2 inputs of
    :func:`two_classes` through ``depth - 1`` hidden layers of :data:`VANISHING_WIDTH`
    ``activation`` units to a softmax output with the cross-entropy loss, whose delta
    :math:`y - t` never saturates (so all the picture shows is what the layers below do to it);
    each weight drawn from
    :math:`N(0, \text{scale}^2/n_{in})` by a generator seeded with :data:`EXPLORER_SEED`, biases 0.
    ``scale`` 1 is the draw of ``bp.Network`` for sigmoid and tanh, :math:`\sqrt2` He's for ReLU.
    """
    depth = int(depth)
    if depth < 2:
        raise ValueError(f"expected a depth of at least 2 layers, got {depth!r}")
    if activation not in ACTIVATION_NAMES:
        raise ValueError(f"expected an activation of {list(ACTIVATION_NAMES)}, got {activation!r}")
    sizes = [2] + [VANISHING_WIDTH] * (depth - 1) + [2]
    rng = np.random.default_rng(EXPLORER_SEED)
    weights = [rng.normal(0.0, scale / np.sqrt(m), (m, n)) for m, n in zip(sizes, sizes[1:])]
    return Network.from_weights(weights, [np.zeros(n) for n in sizes[1:]],
                                activation=ACTIVATION_NAMES[activation], output="softmax",
                                loss="cross_entropy")


def _vanishing_numbers(depth, activation, scale):
    """What :func:`vanishing_view` shows: ``(sizes, first, last, ratio, per_layer)``."""
    x, t = two_classes()
    sizes = delta_norms(vanishing_net(depth, activation, scale), x, t)
    first, last = sizes[0], sizes[-1]
    ratio = first / last
    return sizes, first, last, ratio, ratio ** (1 / (len(sizes) - 1))


def _vanishing_limits(sizes, last):
    """The vertical range of :func:`vanishing_view`: every delta and three decades either side
    of the output layer's, with room."""
    shown = sizes[sizes > 0]
    low = min(shown.min(), last * 1e-3) if shown.size else last * 1e-3
    high = max(shown.max(), last * 1e3) if shown.size else last * 1e3
    return low / 3, high * 3


def _vanishing_words(activation, scale, sizes, first, last, ratio, per_layer):
    """The title and the text of :func:`vanishing_view`."""
    title = f"layer 1: |δ⁽¹⁾| = {first:.1e}, {ratio:.1e} × the output layer's"
    text = (f"{len(sizes)} layers, {activation}, weights N(0, {scale:.2f}²/n_in): the first "
            f"layer's delta is {ratio:.1e} times the output layer's ({first:.1e} against "
            f"{last:.1e})\ngoing back one layer multiplies it by {per_layer:.2f} on average")
    return title, text


def vanishing_view(depth=10, activation="sigmoid", scale=1.0):
    r"""How big the delta of each layer is, from the output layer back to the first:
    :math:`\|\delta^{(l)}\|` (:func:`~bpcourse.training.delta_norms`, the root mean square over
    the examples of :func:`two_classes`) of :func:`vanishing_net` before any training, on a log
    axis. Returns ``(figure, text)``: the text gives the first layer's size, its ratio to the
    output layer's and the average factor per layer, :math:`(\|\delta^{(1)}\| /
    \|\delta^{(N)}\|)^{1/(N-1)}`; the title gives the first two.
    ``vanishing_view.update(figure, **values)`` moves a figure it drew (the explorer's fast
    path) and returns the text."""
    numbers = _vanishing_numbers(depth, activation, scale)
    sizes, first, last, ratio, per_layer = numbers
    depth = len(sizes)
    layers = np.arange(1, depth + 1)
    fig, ax = plt.subplots(figsize=(7.5, 3.6))
    ax.semilogy(layers, np.where(sizes > 0, sizes, np.nan), "o-", ms=5, color="tab:red",
                label="|δ⁽ˡ⁾|, layer by layer")
    ax.axhline(last, color="0.4", ls=":", lw=1.2, label="the output layer's |δ|")
    ax.set_ylim(*_vanishing_limits(sizes, last))
    ax.set_xlim(0.5, depth + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(10, integer=True))
    ax.minorticks_off()
    ax.grid(alpha=0.3)
    ax.set_xlabel("layer l (1 = next to the input)", fontsize=SMALL)
    ax.set_ylabel("size of δ⁽ˡ⁾", fontsize=SMALL)
    ax.tick_params(labelsize=SMALL)
    ax.legend(loc="best", fontsize=SMALL)
    title, text = _vanishing_words(activation, scale, *numbers)
    ax.set_title(title, fontsize=12)
    fig.subplots_adjust(left=0.12, right=0.97, bottom=0.15, top=0.9)
    return fig, text


def _vanishing_update(fig, depth=10, activation="sigmoid", scale=1.0):
    """Move the figure :func:`vanishing_view` drew to new values; return its text."""
    numbers = _vanishing_numbers(depth, activation, scale)
    sizes, last = numbers[0], numbers[2]
    ax = fig.axes[0]
    deltas, output = ax.lines
    deltas.set_data(np.arange(1, len(sizes) + 1), np.where(sizes > 0, sizes, np.nan))
    output.set_ydata([last, last])
    ax.set_ylim(*_vanishing_limits(sizes, last))
    ax.set_xlim(0.5, len(sizes) + 0.5)
    title, text = _vanishing_words(activation, scale, *numbers)
    ax.title.set_text(title)
    return text


vanishing_view.update = _vanishing_update
