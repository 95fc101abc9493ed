r"""Training: the loop of gradient descent around backpropagation, seeded datasets and plots.

One epoch of full-batch gradient descent is forward, loss, backward, update:

.. math:: \theta \leftarrow \theta - \eta\,\frac{\partial L}{\partial \theta}
          \quad\text{for every } \theta \in \{w, b^{(1)}, u, b^{(2)}\},

with :math:`L` the mean loss over the examples. Mini-batch (stochastic) gradient descent takes the
same step on a few shuffled examples at a time; :class:`Momentum` and :class:`Adam` change the step.
"""

import functools

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap
from matplotlib.ticker import MaxNLocator

from ._check import as_array
from .network import Network
from .show import fmt

# ---------------------------------------------------------------------------------------- data


def one_hot(labels, classes):
    """Row ``i`` is 1 in column ``labels[i]`` and 0 elsewhere: shape ``(len(labels), classes)``."""
    labels = np.asarray(labels)
    if labels.ndim != 1 or labels.dtype.kind not in "iu":
        raise ValueError(f"expected a 1-D array of integer labels, got {labels!r}")
    if labels.size and (labels.min() < 0 or labels.max() >= classes):
        raise ValueError(
            f"expected labels from 0 to {classes - 1}, got {labels.min()} to {labels.max()}"
        )
    return np.eye(classes)[labels]


def two_classes(n=100, seed=0):
    r"""``n`` points in the plane: class 0 fills the disc :math:`r < 1`, class 1 the ring
    :math:`1.5 < r < 2.2` around it (alternating labels 0, 1, 0, ...).

    No straight line separates them; three hidden units can (three lines make a triangle around
    the disc), so the 2-3-2 network is the smallest that learns it. Returns ``(x, t)``: ``x`` of
    shape ``(n, 2)`` and one-hot targets ``t`` of shape ``(n, 2)``.
    """
    rng = np.random.default_rng(seed)
    labels = np.arange(n) % 2
    angle = rng.uniform(0.0, 2.0 * np.pi, n)
    inside = np.sqrt(rng.uniform(0.0, 1.0, n))  # uniform over the disc's area
    outside = rng.uniform(1.5, 2.2, n)
    r = np.where(labels == 0, inside, outside)
    x = r[:, None] * np.stack([np.cos(angle), np.sin(angle)], axis=1)
    return x, one_hot(labels, 2)


def spiral(n_per_class=100, classes=3, seed=0):
    r"""The classic spiral: ``classes`` arms of ``n_per_class`` points each, arm ``k`` at

    .. math:: r = s,\quad \varphi = 4k + 4s + 0.2\,\varepsilon, \qquad
              x = (r \sin\varphi,\ r\cos\varphi),

    for :math:`s` evenly spaced in :math:`[0, 1]` and :math:`\varepsilon \sim N(0, 1)`.
    Returns ``(x, t)`` with ``x`` of shape ``(n_per_class * classes, 2)`` and one-hot ``t``.
    """
    rng = np.random.default_rng(seed)
    s = np.tile(np.linspace(0.0, 1.0, n_per_class), classes)
    labels = np.repeat(np.arange(classes), n_per_class)
    phi = 4.0 * labels + 4.0 * s + 0.2 * rng.standard_normal(s.size)
    x = s[:, None] * np.stack([np.sin(phi), np.cos(phi)], axis=1)
    return x, one_hot(labels, classes)


def accuracy(net, x, t):
    r"""The fraction of examples whose largest output is the target class:
    :math:`\frac1m \sum_n [\arg\max_k y_{nk} = \arg\max_k t_{nk}]`."""
    return float(np.mean(net.forward(x).argmax(axis=1) == np.asarray(t).argmax(axis=1)))


# ---------------------------------------------------------------------------------- optimizers


def _pairs(net, g):
    """Each parameter with its gradient, in the order of ``net.parameters()``."""
    grads = [gp for pair in zip(g.weights, g.biases) for gp in pair]
    return list(zip(net.parameters(), grads))


class Momentum:
    r"""Gradient descent with momentum: a velocity :math:`v` (one per parameter, starting at 0)
    remembers past steps,

    .. math:: v \leftarrow \mu v - \eta\, g, \qquad \theta \leftarrow \theta + v,

    with :math:`g = \partial L/\partial\theta`. Steps that agree add up (up to :math:`1/(1-\mu)`
    times larger on a steady slope); steps that flip sign cancel, which damps oscillation.
    """

    def __init__(self, mu=0.9):
        self.mu = mu
        self.v = None

    def step(self, net, g, learning_rate):
        """Update ``net``'s parameters in place from the gradients ``g``."""
        pairs = _pairs(net, g)
        if self.v is None:
            self.v = [np.zeros_like(p) for p, _ in pairs]
        for (p, gp), v in zip(pairs, self.v):
            v *= self.mu
            v -= learning_rate * gp
            p += v


class Adam:
    r"""Adam (adaptive moment estimation): running means of the gradient and of its square,

    .. math:: m \leftarrow \beta_1 m + (1 - \beta_1)\, g, \qquad
              v \leftarrow \beta_2 v + (1 - \beta_2)\, g^2,

    corrected for starting at 0 (after :math:`k` steps),
    :math:`\hat m = m / (1 - \beta_1^k)`, :math:`\hat v = v / (1 - \beta_2^k)`, then

    .. math:: \theta \leftarrow \theta - \eta\, \hat m / (\sqrt{\hat v} + \epsilon).

    Every parameter moves about :math:`\eta` per step whatever the size of its gradient: the
    learning rate becomes a step length, much easier to choose.
    """

    def __init__(self, beta1=0.9, beta2=0.999, eps=1e-8):
        self.beta1, self.beta2, self.eps = beta1, beta2, eps
        self.m = self.v = None
        self.k = 0

    def step(self, net, g, learning_rate):
        """Update ``net``'s parameters in place from the gradients ``g``."""
        pairs = _pairs(net, g)
        if self.m is None:
            self.m = [np.zeros_like(p) for p, _ in pairs]
            self.v = [np.zeros_like(p) for p, _ in pairs]
        self.k += 1
        b1, b2 = self.beta1, self.beta2
        for (p, gp), m, v in zip(pairs, self.m, self.v):
            m[...] = b1 * m + (1 - b1) * gp
            v[...] = b2 * v + (1 - b2) * gp**2
            m_hat = m / (1 - b1**self.k)
            v_hat = v / (1 - b2**self.k)
            p -= learning_rate * m_hat / (np.sqrt(v_hat) + self.eps)


# ------------------------------------------------------------------------------------ training


def train(net, x, t, learning_rate, epochs, batch_size=None, seed=0, optimizer=None):
    r"""Train ``net`` in place; return the loss on all of ``(x, t)`` at the start of each epoch.

    Each epoch records :math:`L` = ``net.loss(x, t)`` and then updates the parameters:
    with ``batch_size=None`` once on the whole batch (gradient descent); otherwise once per
    mini-batch of ``batch_size`` examples, visiting them in an order shuffled by a generator
    seeded with ``seed`` (stochastic gradient descent; ``batch_size=1`` is one example at a time).
    The update is ``net.step(g, learning_rate)``, or ``optimizer.step(net, g, learning_rate)``
    for a :class:`Momentum` or :class:`Adam` object.
    """
    x, t = as_array(x, "x"), as_array(t, "t")
    m = x.shape[0]
    if batch_size is not None and not 1 <= batch_size <= m:
        raise ValueError(f"expected batch_size from 1 to {m} (or None), got {batch_size!r}")
    rng = np.random.default_rng(seed)
    update = net.step if optimizer is None else (lambda g, lr: optimizer.step(net, g, lr))
    losses = []
    for _ in range(int(epochs)):
        if batch_size is None:  # the gradients' forward pass gives the loss: no second one
            g = net.gradients(x, t)
            losses.append(float(np.mean(net.loss_function.f(net.y, t))))
            update(g, learning_rate)
            continue
        losses.append(net.loss(x, t))
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start:start + batch_size]
            update(net.gradients(x[batch], t[batch]), learning_rate)
    return losses


def gradient_norms(net, x, t):
    r"""The size of :math:`\partial L / \partial W_l` for every layer :math:`l`, first to last:
    the Frobenius norm :math:`\sqrt{\sum_{ij} (\partial L / \partial W_{l,ij})^2}`.

    Backpropagation multiplies the delta by :math:`W^\top` and :math:`f'(a)` once per layer; with
    sigmoid, :math:`f' \le 1/4`, so the norms shrink towards the input (vanishing gradients).
    """
    return np.array([np.linalg.norm(gw) for gw in net.gradients(x, t).weights])


def delta_norms(net, x, t):
    r"""The size of the delta :math:`\delta^{(l)} = \partial L / \partial a^{(l)}` of every layer,
    first to last: the root mean square over the examples of :math:`\|\delta^{(l)}_n\|`,
    :math:`\sqrt{\frac1m \sum_n \sum_j (\delta^{(l)}_{nj})^2}`.

    Going back one layer, :math:`\delta^{(l)} = (\delta^{(l+1)} W_{l+1}^\top) \odot f'(a^{(l)})`:
    if :math:`W^\top` and :math:`f'` shrink the delta, it vanishes towards the input; if they
    grow it, it explodes.
    """
    deltas = net.gradients(x, t).deltas
    return np.array([np.sqrt(np.mean(np.sum(np.atleast_2d(d) ** 2, axis=1))) for d in deltas])


# --------------------------------------------------------------------------------------- plots

CLASS_COLOURS = ("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple")


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
    low, high = x.min(axis=0) - 0.3, x.max(axis=0) + 0.3
    g0, g1 = np.meshgrid(np.linspace(low[0], high[0], resolution),
                         np.linspace(low[1], high[1], resolution))
    predicted = net.forward(np.column_stack([g0.ravel(), g1.ravel()])).argmax(axis=1)
    colours = CLASS_COLOURS[:classes]
    ax.contourf(g0, g1, predicted.reshape(g0.shape), levels=np.arange(classes + 1) - 0.5,
                cmap=ListedColormap(colours), alpha=0.25)
    ax.scatter(x[:, 0], x[:, 1], c=[colours[k] for k in labels], s=12, edgecolors="k",
               linewidths=0.3)
    ax.set(xlabel="$x_1$", ylabel="$x_2$", title=title, aspect="equal")
    return fig


# --------------------------------------------------------------------------------------- views

EXPLORER_SEED = 0
"""The seed of the network that the explorers start from, every time."""


def learning_rate_view(log10_eta=1.0, epochs=300):
    r"""Train the 2-3-2 network on :func:`two_classes` with :math:`\eta = 10^{\text{log10\_eta}}`
    for ``epochs`` epochs from the same seeded start; return ``(figure, text)`` with the loss
    curve, the decision regions and the final loss and accuracy."""
    eta, epochs = 10.0**log10_eta, max(int(round(epochs)), 1)
    x, t = two_classes()
    net = Network([2, 3, 2], seed=EXPLORER_SEED)
    losses = train(net, x, t, eta, epochs)
    final, acc = net.loss(x, t), accuracy(net, x, t)
    fig, (left, right) = plt.subplots(1, 2, figsize=(8, 3.6))
    loss_curves({f"η = {eta:.3g}": losses}, title=f"Loss, η = {eta:.3g}", ax=left)
    left.set_ylim(0, max(0.3, max(losses) * 1.05))
    decision_regions(net, x, t, ax=right, resolution=80, title=f"After {epochs} epochs")
    right.set(xlabel="x₁", ylabel="x₂")  # plain Unicode: mathtext takes milliseconds to draw
    for ax in (left, right):  # fewer tick labels: each costs a millisecond or two to draw
        ax.xaxis.set_major_locator(MaxNLocator(4))
        ax.yaxis.set_major_locator(MaxNLocator(4))
    fig.subplots_adjust(left=0.09, right=0.97, bottom=0.14, top=0.9, wspace=0.3)
    text = f"η = {eta:.3g}, {epochs} epochs: final loss {final:.4f}, accuracy {acc:.1%}"
    return fig, text


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


def step_view(steps=0):
    r"""Apply ``steps`` full-batch updates :math:`\theta \leftarrow \theta - \eta\,\partial L /
    \partial\theta` (:data:`STEP_LEARNING_RATE`) to the seeded 2-3-2 network on
    :func:`two_classes`, one at a time; show ``w`` and ``u`` with their values, the change the
    last step made (:math:`\Delta w = -\eta\,\partial L/\partial w`) and the loss so far.
    Returns ``(figure, text)``."""
    steps = max(int(round(steps)), 0)
    path, losses = _descent(max(steps, STEP_VIEW_STEPS))
    losses, (w, b1, u, b2) = losses[:steps + 1], path[steps]
    before = path[max(steps - 1, 0)]  # step 0 has made no change
    net = Network.from_weights([w, u], [b1, b2])
    dw, du = w - before[0], u - before[2]
    fig, axes = plt.subplots(1, 3, figsize=(8, 3), gridspec_kw={"width_ratios": [3, 2, 3]})
    for ax, name, matrix, change in ((axes[0], "w", net.weights[0], dw),
                                     (axes[1], "u", net.weights[1], du)):
        ax.imshow(matrix, cmap="coolwarm", vmin=-6, vmax=6)
        for (i, j), value in np.ndenumerate(matrix):  # two one-line texts draw faster than one
            ax.text(j, i - 0.13, f"{value:.2f}", ha="center", va="center", fontsize=8)  # of two
            ax.text(j, i + 0.17, f"Δ {change[i, j]:+.3f}", ha="center", va="center", fontsize=8)
        ax.set(xticks=range(matrix.shape[1]), yticks=range(matrix.shape[0]), xlabel="j (to)",
               ylabel="i (from)")
        ax.set_title(f"{name} after {steps} steps", y=1)  # placed: matplotlib needn't measure
    axes[2].plot(np.arange(len(losses)), losses, "o-" if steps <= 30 else "-", ms=3)
    axes[2].set(xlabel="step", ylabel="L")
    axes[2].set_title(f"loss {losses[-1]:.4f}", y=1)
    axes[2].xaxis.set_major_locator(MaxNLocator(4, integer=True))
    axes[2].yaxis.set_major_locator(MaxNLocator(4))
    axes[2].grid(alpha=0.3)
    fig.subplots_adjust(left=0.06, right=0.98, bottom=0.17, top=0.88, wspace=0.45)
    text = (f"step {steps}: loss {losses[-1]:.4f}, accuracy {accuracy(net, *two_classes()):.1%}\n"
            f"w  = {fmt(net.weights[0], 3)}\nΔw = {fmt(dw, 4)} (the last step)\n"
            f"u  = {fmt(net.weights[1], 3)}\nΔu = {fmt(du, 4)} (the last step)")
    return fig, text
