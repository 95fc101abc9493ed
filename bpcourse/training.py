r"""Training: gradient descent around backpropagation, its optimisers and what to measure.

One epoch of full-batch gradient descent is forward, loss, backward, update:

.. math:: \theta \leftarrow \theta - \eta\,\frac{\partial L}{\partial \theta}
          \quad\text{for every } \theta \in \{w, b^{(1)}, u, b^{(2)}\},

with :math:`L` the mean loss over the examples. Mini-batch (stochastic) gradient descent takes the
same step on a few shuffled examples at a time; :class:`Momentum` and :class:`Adam` change the step.

Everything here speaks one protocol: a model (:class:`~bpcourse.Network`,
:class:`~bpcourse.ReLUNeuron`) lists its arrays in ``model.parameters()``, its gradients iterate in
the same order, and an optimiser's ``step(model, g, learning_rate)`` changes the arrays in place.
"""

import numpy as np

from ._check import as_array


class GradientDescent:
    r"""Plain gradient descent, :math:`\theta \leftarrow \theta - \eta\, g`: the model's own
    ``step``, as an optimiser."""

    def step(self, model, g, learning_rate):
        """Update ``model.parameters()`` in place from the gradients ``g`` (same order)."""
        model.step(g, learning_rate)


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

    def step(self, model, g, learning_rate):
        """Update ``model.parameters()`` in place from the gradients ``g`` (same order)."""
        if self.v is None:
            self.v = [np.zeros_like(p) for p in model.parameters()]
        for p, gp, v in zip(model.parameters(), g, self.v):
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

    def step(self, model, g, learning_rate):
        """Update ``model.parameters()`` in place from the gradients ``g`` (same order)."""
        if self.m is None:
            self.m = [np.zeros_like(p) for p in model.parameters()]
            self.v = [np.zeros_like(p) for p in model.parameters()]
        self.k += 1
        b1, b2 = self.beta1, self.beta2
        for p, gp, m, v in zip(model.parameters(), g, self.m, self.v):
            m[...] = b1 * m + (1 - b1) * gp
            v[...] = b2 * v + (1 - b2) * gp**2
            m_hat = m / (1 - b1**self.k)
            v_hat = v / (1 - b2**self.k)
            p -= learning_rate * m_hat / (np.sqrt(v_hat) + self.eps)


def train(net, x, t, learning_rate, epochs, batch_size=None, seed=0, optimizer=None):
    r"""Train ``net`` in place; return the loss on all of ``(x, t)`` at the start of each epoch.

    Each epoch records :math:`L` = ``net.loss(x, t)`` and then updates the parameters:
    with ``batch_size=None`` once on the whole batch (gradient descent); otherwise once per
    mini-batch of ``batch_size`` examples, visiting them in an order shuffled by a generator
    seeded with ``seed`` (stochastic gradient descent; ``batch_size=1`` is one example at a time).
    The update is ``optimizer.step(net, g, learning_rate)``: plain :class:`GradientDescent` unless
    ``optimizer`` is a :class:`Momentum` or :class:`Adam` object.
    """
    x, t = as_array(x, "x"), as_array(t, "t")
    m = x.shape[0]
    if batch_size is not None and not 1 <= batch_size <= m:
        raise ValueError(f"expected batch_size from 1 to {m} (or None), got {batch_size!r}")
    rng = np.random.default_rng(seed)
    optimizer = GradientDescent() if optimizer is None else optimizer
    losses = []
    for _ in range(int(epochs)):
        if batch_size is None:  # the gradients' forward pass gives the loss: no second one
            g = net.gradients(x, t)
            losses.append(float(np.mean(net.loss_function.f(net.y, t))))
            optimizer.step(net, g, learning_rate)
            continue
        losses.append(net.loss(x, t))
        order = rng.permutation(m)
        for start in range(0, m, batch_size):
            batch = order[start:start + batch_size]
            optimizer.step(net, net.gradients(x[batch], t[batch]), learning_rate)
    return losses


def accuracy(net, x, t):
    r"""The fraction of examples whose largest output is the target class:
    :math:`\frac1m \sum_n [\arg\max_k y_{nk} = \arg\max_k t_{nk}]`."""
    return float(np.mean(net.forward(x).argmax(axis=1) == np.asarray(t).argmax(axis=1)))


def gradient_norms(net, x, t):
    r"""The size of :math:`\partial L / \partial W^{(l)}` for every layer :math:`l`, first to last:
    the Frobenius norm :math:`\sqrt{\sum_{ij} (\partial L / \partial W^{(l)}_{ij})^2}`.

    Backpropagation multiplies the delta by :math:`W^\top` and :math:`f'(a)` once per layer; with
    sigmoid, :math:`f' \le 1/4`, so the norms shrink towards the input (vanishing gradients).
    """
    return np.array([np.linalg.norm(gw) for gw in net.gradients(x, t).weights])


def delta_norms(net, x, t):
    r"""The size of the delta :math:`\delta^{(l)} = \partial L / \partial a^{(l)}` of every layer,
    first to last: the root mean square over the examples of :math:`\|\delta^{(l)}_n\|`,
    :math:`\sqrt{\frac1m \sum_n \sum_j (\delta^{(l)}_{nj})^2}`.

    Going back one layer, :math:`\delta^{(l)} = (\delta^{(l+1)} W^{(l+1)\top}) \odot f'(a^{(l)})`:
    if :math:`W^\top` and :math:`f'` shrink the delta, it vanishes towards the input; if they
    grow it, it explodes.
    """
    deltas = net.gradients(x, t).deltas
    return np.array([np.sqrt(np.mean(np.sum(np.atleast_2d(d) ** 2, axis=1))) for d in deltas])


def nudge(net, relative=1e-12):
    r"""Move every weight of ``net`` in place by the fraction ``relative``,
    :math:`w \leftarrow w\,(1 + \epsilon)`, and return ``net``.

    A run from the nudged start tells a reproducible run from a chaotic one. A reproducible run
    ends where the original ends, give or take about :math:`\epsilon`; a chaotic one (large
    steps that overshoot) amplifies the difference until it ends somewhere else. The rounding of
    a CPU's arithmetic, which differs between CPUs, nudges every run in the same way.
    """
    if not 0 < abs(relative) < 1e-3:
        raise ValueError(
            f"expected a small relative nudge, 0 < |relative| < 1e-3, got {relative!r}")
    for w in net.weights:
        w *= 1 + relative
    return net


def learning_rate_sweep(make_net, x, t, rates, epochs, make_optimizer=None, nudged=0.0,
                        seeds=None):
    r"""The final loss for each learning rate: for every :math:`\eta` in ``rates``, train a fresh
    ``make_net()`` for ``epochs`` full-batch epochs (:func:`train`) and return its loss
    :math:`L` = ``net.loss(x, t)`` after the last update, as an array shaped like ``rates``.
    With ``seeds``, ``make_net(seed)`` makes the start of the runs of each seed, and the result
    has one row per seed: shape ``(len(seeds),) + np.shape(rates)``.

    ``make_optimizer`` returns a fresh optimiser (e.g. ``lambda: Momentum(0.9)``), so no run
    inherits another's velocity or running means; ``None`` is plain gradient descent.
    With a seeded ``make_net`` every run of a seed starts from the same parameters: only
    :math:`\eta` differs, which is what a comparison of optimisers at their own best :math:`\eta`
    needs. ``nudged`` moves every starting weight by that fraction first (:func:`nudge`): a
    second sweep with ``nudged=1e-12`` shows which runs are chaotic (:func:`sweep_median`).

    Networks of one shape train side by side, each parameter of all the runs stacked in one
    array (one optimiser holds the state of every run, each in its own slice): the arithmetic
    of one :func:`train` per run, done for all the runs at once, many times faster.
    """
    etas = np.asarray(rates, dtype=float).ravel()
    starts = [None] if seeds is None else list(seeds)
    nets = []
    for seed in starts:
        for _ in etas:
            net = make_net() if seed is None else make_net(seed)
            nets.append(nudge(net, nudged) if nudged else net)
    runs = _Runs.of(nets)
    if runs is None:  # networks that cannot be stacked: one run at a time
        losses = []
        for net, eta in zip(nets, np.tile(etas, len(starts))):
            train(net, x, t, float(eta), epochs,
                  optimizer=None if make_optimizer is None else make_optimizer())
            losses.append(net.loss(x, t))
    else:
        learning_rates = np.tile(etas, len(starts))[:, None, None]
        train(runs, x, t, learning_rates, epochs,
              optimizer=None if make_optimizer is None else make_optimizer())
        losses = runs.losses(x, t)
    shape = np.shape(rates) if seeds is None else (len(starts),) + np.shape(rates)
    return np.array(losses, dtype=float).reshape(shape)


def sweep_median(final, twin, tolerance=1e-6):
    r"""The median final loss over the seeds of a sweep (:func:`learning_rate_sweep` with
    ``seeds``), each rate's median taken over its reproducible runs only.

    ``final`` and ``twin`` are the sweeps from the seeded and from the nudged starts, one row per
    seed. A run is **chaotic** where the two end more than ``tolerance`` apart: its final loss
    depends on the last digits of the arithmetic, so on the CPU, and it stays out of the median.
    A rate whose runs are chaotic for half of the seeds or more has no median (``nan``).
    Returns ``(median, chaotic)``: the median per rate, and the boolean mask of chaotic runs.
    """
    final, twin = np.asarray(final, dtype=float), np.asarray(twin, dtype=float)
    chaotic = ~(np.abs(final - twin) <= tolerance)  # a run that ends in nan is chaotic too
    median = np.full(final.shape[1:], np.nan)
    for i in np.ndindex(median.shape):
        kept = final[(slice(None),) + i][~chaotic[(slice(None),) + i]]
        if 2 * len(kept) > len(final):
            median[i] = np.median(kept)
    return median, chaotic


class _Runs:
    """Networks of the same sizes, activations and loss, trained side by side: each weight
    matrix of all the runs stacked in one array of shape ``(runs, n_in, n_out)``, each bias in
    one of shape ``(runs, 1, n_out)``. Forward pass, delta rule and update are those of
    :class:`~bpcourse.Network`, each run in its own slice; an optimiser's state is stacked the
    same way, and a learning rate of shape ``(runs, 1, 1)`` gives each run its own."""

    @classmethod
    def of(cls, nets):
        """The runs of these networks, or ``None`` if they cannot be stacked."""
        from .network import Network

        first = nets[0]
        same = all(type(n) is Network and n.sizes == first.sizes
                   and (n.activation, n.output, n.loss_function)
                   == (first.activation, first.output, first.loss_function) for n in nets)
        if not same or not (first.output.elementwise or first.output.name == "softmax"
                            and first.loss_function.name == "cross_entropy"):
            return None
        runs = cls.__new__(cls)
        runs.activation, runs.output = first.activation, first.output
        runs.loss_function = first.loss_function
        runs.weights = [np.stack([n.weights[layer] for n in nets])
                        for layer in range(len(first.weights))]
        runs.biases = [np.stack([n.biases[layer] for n in nets])[:, None, :]
                       for layer in range(len(first.biases))]
        runs.y = None
        return runs

    def parameters(self):
        return [p for pair in zip(self.weights, self.biases) for p in pair]

    def forward(self, x):
        hs, as_ = [np.asarray(x, dtype=float)], []
        for layer, (w, b) in enumerate(zip(self.weights, self.biases)):
            as_.append(hs[-1] @ w + b)
            f = self.output if layer == len(self.weights) - 1 else self.activation
            hs.append(f.f(as_[-1]))
        self.y = hs[-1]
        return hs, as_

    def gradients(self, x, t):
        hs, as_ = self.forward(x)
        m = hs[0].shape[0]
        if self.output.elementwise:
            delta = self.loss_function.df(self.y, t) * self.output.df(as_[-1])
        else:  # softmax with cross-entropy
            delta = self.y - t
        n = len(self.weights)
        dw, db = [None] * n, [None] * n
        for layer in reversed(range(n)):
            dw[layer] = np.swapaxes(hs[layer], -1, -2) @ delta / m
            db[layer] = delta.sum(axis=-2, keepdims=True) / m
            if layer:
                delta = (delta @ np.swapaxes(self.weights[layer], -1, -2)) \
                    * self.activation.df(as_[layer - 1])
        return [p for pair in zip(dw, db) for p in pair]

    def step(self, g, learning_rate):
        for p, gp in zip(self.parameters(), g):
            p -= learning_rate * gp

    def losses(self, x, t):
        """The loss of every run: the mean over the examples, as :meth:`Network.loss`."""
        self.forward(x)
        return np.mean(self.loss_function.f(self.y, t), axis=-1)
