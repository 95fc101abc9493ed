r"""Exercises of notebook 07, training: the mini-batch gradient descent loop, and finding the bug
in a hand-written backward pass for a batch.

How a check grades and what it returns: :mod:`bpcourse.classroom.grader`.
"""

import numpy as np

from .. import examples, training
from ..activations import sigmoid, sigmoid_prime
from ..datasets import two_classes
from ..language import tr
from ..network import Network
from .grader import ATOL, RTOL, Case, fresh, grade, rng


def _summed_loss(net, x, t):
    r"""A batch's summed loss :math:`\sum_n \tfrac12 \|y_n - t_n\|^2` (net.loss is the mean)."""
    return float(np.sum(0.5 * (net.forward(x) - t) ** 2))


def _train(net, x, t, eta, epochs, batch_size, seed, after_step=False, sign=1.0, shuffle=True,
           targets_shuffled=True, generator_once=True, drop_last=False, full_batch=False,
           loss=None):
    """The reference loop: mini-batch gradient descent as ``training.train`` runs it (one
    generator seeded once, a fresh order each epoch, a step per batch of ``batch_size``, the last
    one possibly smaller, the loss on all of ``x, t`` recorded before each epoch's steps),
    ``net`` trained in place; its keywords make the known wrong variants."""
    loss = loss or (lambda net, x, t: net.loss(x, t))
    m, losses = len(x), []
    generator = np.random.default_rng(seed)
    for _ in range(epochs):
        if not after_step:
            losses.append(loss(net, x, t))
        if not generator_once:
            generator = np.random.default_rng(seed)
        order = generator.permutation(m) if shuffle else np.arange(m)
        starts = [0] if full_batch else range(0, m - batch_size + 1 if drop_last else m,
                                                batch_size)
        for start in starts:
            batch = order if full_batch else order[start:start + batch_size]
            targets = t[batch] if targets_shuffled else t[start:start + len(batch)]
            net.step(net.gradients(x[batch], targets), sign * eta)
        if after_step:
            losses.append(loss(net, x, t))
    return losses


def check_training_loop(fn):
    r"""``fn(net, x, t, eta, epochs, batch_size, seed)`` → the list of ``epochs`` losses of
    mini-batch gradient descent: a generator ``np.random.default_rng(seed)`` made once; each
    epoch records ``net.loss(x, t)``, draws ``order = rng.permutation(len(x))`` and steps
    :math:`\theta \leftarrow \theta - \eta\,\partial L_{\mathcal B}/\partial\theta` on each
    consecutive ``batch_size`` examples of ``order`` (the last batch may be smaller), updating
    ``net`` in place. ``training.train`` is off limits."""
    random = rng()
    seed = int(random.integers(1_000_000))
    xr, t_r = random.normal(0, 1, (7, 2)), random.uniform(0, 1, (7, 2))
    eta, epochs = float(random.uniform(0.2, 2.0)), int(random.integers(2, 5))
    batch = int(random.integers(2, 5))
    xor_x = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    xor_t = np.array([[0.1, 0.9], [0.9, 0.1], [0.9, 0.1], [0.1, 0.9]])
    x10, t10 = two_classes(n=10, seed=0)

    cases = [
        Case(lambda: (Network([2, 3, 2], seed=0), x10.copy(), t10.copy(), 1.0, 3, 4, 0),
             shown={"net": "Network([2, 3, 2], seed=0)"}),
        Case(lambda: (Network([2, 3, 2], seed=1), xor_x.copy(), xor_t.copy(), 1.0, 5, 2, 1),
             shown={"net": "Network([2, 3, 2], seed=1)"}),
        Case(lambda: (Network([2, 3, 2], seed=seed), xr.copy(), t_r.copy(), eta, epochs, batch,
                      seed), hidden=True, shown={"net": f"Network([2, 3, 2], seed={seed})"}),
    ]

    def updated(args, ref_args):
        for mine, ref in zip(args[0].parameters(), ref_args[0].parameters()):
            if mine.shape != ref.shape or not np.allclose(mine, ref, rtol=RTOL, atol=ATOL):
                return (tr("the losses match, but net's weights are not the trained ones"),
                        tr("update net itself in place with net.step(g, eta), once per batch"))
        return None

    wrongs = [
        (lambda *a: _train(*a, after_step=True),
         tr("record the loss BEFORE each epoch's steps (the first loss is the untrained "
            "network's)")),
        (lambda *a: _train(*a, sign=-1.0),
         tr("the loss grows: the step goes uphill; net.step(g, eta) already subtracts η·g")),
        (lambda *a: _train(*a, full_batch=True),
         tr("one step per epoch is full batch: step once per mini-batch of batch_size examples")),
        (lambda *a: _train(*a, shuffle=False),
         tr("the examples are visited in order: shuffle them each epoch with rng.permutation")),
        (lambda *a: _train(*a, targets_shuffled=False),
         tr("x and t must be shuffled with the same order: x[batch] with t[batch]")),
        (lambda *a: _train(*a, generator_once=False),
         tr("every epoch draws the same order: make the generator once, before the first epoch")),
        (lambda *a: _train(*a, drop_last=True),
         tr("the last, smaller batch is missing: range(0, len(x), batch_size) reaches every "
            "example")),
        (lambda *a: _train(*a, loss=_summed_loss),
         tr("record net.loss(x, t): for a batch it is the mean over the examples, not the sum")),
    ]
    hints = [(lambda got: got[0].ndim == 1 and got[0].size > 0 and np.all(np.diff(got[0]) == 0),
              tr("the loss never changes: update the network with net.step(g, eta)"))]
    return grade("training_loop", fn, cases, _train,
                 params=("net", "x", "t", "eta", "epochs", "batch_size", "seed"),
                 todo=tr("train net in place by mini-batch gradient descent and return the losses, "
                         "each recorded at the start of its epoch"),
                 wrongs=wrongs, hints=hints, after=updated, forbid=((training, "train"),))


def _batch_backward(x, t, w, b1, u, b2, gain=lambda a, h: h * (1 - h), output_gain=True,
                    mean=True, axis=0):
    r"""The gradients ``(dw, db1, du, db2)`` of the mean L2 loss of the 2-3-2 sigmoid network over
    the batch ``x, t`` (one example per row), by the delta rule; its keywords make the known
    wrong variants (``gain(a, h)`` is the hidden units' :math:`\sigma'(a^{(1)})`)."""
    a1 = x @ w + b1
    h = sigmoid(a1)
    y = sigmoid(h @ u + b2)
    delta2 = (y - t) * y * (1 - y) if output_gain else y - t
    delta1 = (delta2 @ u.T) * gain(a1, h)
    m = len(x) if mean else 1
    return (x.T @ delta1 / m, delta1.sum(axis=axis) / m, h.T @ delta2 / m,
            delta2.sum(axis=axis) / m)


def check_batch_backward(fn):
    r"""``fn(x, t, w, b1, u, b2)`` → ``(dw, db1, du, db2)``: the gradients of the mean L2 loss
    :math:`L = \frac1m \sum_n \tfrac12 \|y_n - t_n\|^2` of the 2-3-2 sigmoid network over a
    batch, the same as ``net.gradients(x, t)``:
    :math:`\delta^{(2)} = (y - t) \odot y(1 - y)`,
    :math:`\delta^{(1)} = (\delta^{(2)} u^\top) \odot h(1 - h)`,
    :math:`\partial L/\partial w = \frac1m x^\top\delta^{(1)}`,
    :math:`\partial L/\partial b^{(1)}` the column means of :math:`\delta^{(1)}`, and so on."""
    random = rng()
    x, t = two_classes(n=100, seed=0)
    start = Network([2, 3, 2], seed=0)
    m = int(random.integers(3, 9))
    cases = [
        Case(fresh(x[:10], t[:10], *start.parameters())),
        Case(fresh(examples.X[None], examples.T[None], examples.W, examples.B1, examples.U,
                   examples.B2)),
        Case(fresh(random.normal(0, 1, (m, 2)), random.uniform(0, 1, (m, 2)),
                   *Network([2, 3, 2], seed=int(random.integers(1_000_000))).parameters()),
             hidden=True),
    ]

    wrongs = [
        (lambda *a: _batch_backward(*a, gain=lambda a, h: sigmoid_prime(h)),
         tr("still the bug: sigmoid_prime takes a pre-activation, and h is already σ(a⁽¹⁾); "
            "the hidden gain is σ′(a⁽¹⁾)")),
        (lambda *a: _batch_backward(*a, gain=lambda a, h: 1.0),
         tr("δ⁽¹⁾ is missing the hidden units' gain σ′(a⁽¹⁾)")),
        (lambda *a: _batch_backward(*a, output_gain=False),
         tr("δ⁽²⁾ = y − t is the delta of softmax with cross-entropy; a sigmoid output with L2 "
            "loss has the gain y(1 − y) too")),
        (lambda *a: _batch_backward(*a, mean=False),
         tr("the loss is the mean over the batch: divide the sums over the examples by m")),
        (lambda *a: _batch_backward(*a, axis=1),
         tr("the bias gradients sum over the wrong axis: sum (or average) over the examples")),
    ]
    return grade("batch_backward", fn, cases, _batch_backward,
                 params=("x", "t", "w", "b1", "u", "b2"), parts=("dw", "db1", "du", "db2"),
                 todo=tr("return (dw, db1, du, db2) for the batch: buggy_batch_backward with its "
                         "bug fixed"),
                 wrongs=wrongs)
