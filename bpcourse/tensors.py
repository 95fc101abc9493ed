r"""Backpropagation at tensor level (notebook 10): a network with batch normalisation written as
small tensor operations, the tools that check a vector-Jacobian product, and the two modes of
automatic differentiation counted.

The network, for a batch ``x`` of shape ``(B, n_in)`` (one example per row) and one-hot ``t``:

.. math::
   a^{(1)} = x w + b^{(1)},\quad \hat a = \frac{a^{(1)} - \mu}{\sigma},\quad
   z = \gamma \odot \hat a + \beta,\quad h = \tanh z,\quad a^{(2)} = h u + b^{(2)},\quad
   L = -\frac1B \sum_n \sum_k t_{nk} \log \mathrm{softmax}(a^{(2)}_n)_k,

with :math:`\mu` and :math:`\sigma^2` the mean and the (biased) variance of each column over the
batch, :math:`\sigma = \sqrt{\sigma^2 + \epsilon}`. :func:`forward` runs it one small operation at
a time and keeps every intermediate. It is written so that it runs on arrays of numbers *and* on
object arrays of :class:`~bpcourse.Value`, which is how :func:`scalar_vjp` checks a tensor
backward pass against the scalar engine.

A vector-Jacobian product: for :math:`y = f(x)` and an upstream gradient
:math:`G = \partial L/\partial y`, :math:`\partial L/\partial x = G \cdot \partial y/\partial x`,
entry by entry :math:`\sum_j G_j\, \partial y_j/\partial x_i` (upstream gradient times the
transposed local Jacobian). :func:`scalar_vjp` and :func:`numerical_vjp` compute it for any
``f`` as the gradient of :math:`\mathcal{L} = \sum G \odot f(x)`.

Forward against reverse mode on a tanh MLP :math:`\mathbb{R}^{n_{in}} \to \mathbb{R}^{n_{out}}`:
:func:`jacobian_cost` counts the multiplications of the full Jacobian by Jacobian-vector products
(one per input) and by vector-Jacobian products (one per output), and :func:`gradient_memory`
counts the numbers a backward pass keeps, with and without checkpointing.
"""

import math

import numpy as np

from .engine import Value
from .gradcheck import numerical_gradient

EPS = 1e-5
r"""The :math:`\epsilon` of batch normalisation."""


# --- the network ----------------------------------------------------------------------------------

def _data(array):
    """The numbers of an array of numbers or of Values, as floats (no gradient flows through)."""
    array = np.asarray(array)
    if array.dtype == object:
        return np.vectorize(lambda v: v.data if isinstance(v, Value) else float(v),
                            otypes=[float])(array)
    return array.astype(float)


def parameters(n_in=2, n_hidden=16, n_out=3, seed=0):
    """``(w, b1, gamma, beta, u, b2)``, seeded: ``w`` with variance :math:`1/n_{in}`, ``u``
    small (so the first loss is near :math:`\\log n_{out}`), :math:`\\gamma = 1`,
    :math:`\\beta = 0`, biases 0."""
    rng = np.random.default_rng(seed)
    w = rng.normal(0.0, 1.0 / math.sqrt(n_in), (n_in, n_hidden))
    u = rng.normal(0.0, 0.1 / math.sqrt(n_hidden), (n_hidden, n_out))
    return (w, np.zeros(n_hidden), np.ones(n_hidden), np.zeros(n_hidden), u, np.zeros(n_out))


def forward(x, t, w, b1, gamma, beta, u, b2):
    r"""The loss :math:`L` and a dict of every intermediate, one small operation each:
    ``a1, mu, d, d2, var, rstd, ahat, z, h, a2, e, s, y, logy`` (:math:`d = a^{(1)} - \mu`,
    ``rstd`` :math:`= (\sigma^2 + \epsilon)^{-1/2}`, ``e`` :math:`= e^{a^{(2)} - m}` with
    :math:`m` each row's largest entry, held constant: softmax does not change when a row is
    shifted, so no gradient flows through :math:`m`). Runs on object arrays of Values too."""
    B = len(x)
    a1 = x @ w + b1
    mu = a1.sum(axis=0, keepdims=True) / B
    d = a1 - mu
    d2 = d**2
    var = d2.sum(axis=0, keepdims=True) / B
    rstd = (var + EPS) ** -0.5
    ahat = d * rstd
    z = gamma * ahat + beta
    h = np.tanh(z)
    a2 = h @ u + b2
    e = np.exp(a2 - _data(a2).max(axis=1, keepdims=True))
    s = e.sum(axis=1, keepdims=True)
    y = e * s**-1
    logy = np.log(y)
    L = -(t * logy).sum() / B
    cache = {"a1": a1, "mu": mu, "d": d, "d2": d2, "var": var, "rstd": rstd, "ahat": ahat,
             "z": z, "h": h, "a2": a2, "e": e, "s": s, "y": y, "logy": logy}
    return L, cache


def batch_norm(a, gamma, beta):
    r"""Batch normalisation in one function: :math:`\gamma \odot (a - \mu)/\sigma + \beta`,
    :math:`\mu` and :math:`\sigma^2` each column's mean and variance over the batch; for numbers
    or Values."""
    d = a - a.sum(axis=0, keepdims=True) / len(a)
    return gamma * d * ((d**2).sum(axis=0, keepdims=True) / len(a) + EPS) ** -0.5 + beta


def loss(x, t, w, b1, gamma, beta, u, b2):
    """The mean cross-entropy :math:`L` of :func:`forward` alone."""
    return forward(x, t, w, b1, gamma, beta, u, b2)[0]


def predict(x, w, b1, gamma, beta, u, b2, mu, var):
    """The class probabilities for inputs ``x``, normalised with given statistics ``mu`` and
    ``var`` (those of the training data: at test time there is no batch to average over)."""
    z = gamma * (x @ w + b1 - mu) / np.sqrt(var + EPS) + beta
    a2 = np.tanh(z) @ u + b2
    e = np.exp(a2 - a2.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# --- checking a vector-Jacobian product ---------------------------------------------------------

def _values(array):
    array = np.asarray(array, dtype=float)
    return np.array([Value(v) for v in array.ravel()], dtype=object).reshape(array.shape)


def scalar_vjp(f, arrays, G=1.0):
    r""":math:`\partial\mathcal{L}/\partial` each array of ``arrays`` for
    :math:`\mathcal{L} = \sum G \odot f(*arrays)`, by the scalar engine: every number becomes a
    :class:`~bpcourse.Value`, ``f`` runs on object arrays of them, and one ``backward()`` gives
    every gradient. ``arrays`` may hold non-arrays (an axis, say), passed on as they are; only the
    float arrays get a gradient. Returns the list of gradients, one per float array."""
    wrapped = [_values(a) if _is_float_array(a) else a for a in arrays]
    out = np.asarray(f(*wrapped), dtype=object)
    total = np.asarray(np.asarray(G, dtype=float) * out, dtype=object).sum()
    if not isinstance(total, Value):
        total = Value(total)
    total.backward()
    return [np.vectorize(lambda v: v.grad, otypes=[float])(w)
            for a, w in zip(arrays, wrapped) if _is_float_array(a)]


def numerical_vjp(f, arrays, G=1.0, h=1e-5):
    r"""The same gradients as :func:`scalar_vjp`, by centred differences of
    :math:`\mathcal{L} = \sum G \odot f(*arrays)` (:func:`bpcourse.numerical_gradient`), on copies
    of ``arrays``."""
    arrays = [np.array(a, dtype=float) if _is_float_array(a) else a for a in arrays]
    G = np.asarray(G, dtype=float)

    def total():
        return float(np.sum(G * f(*arrays)))

    return [numerical_gradient(total, a, h) for a in arrays if _is_float_array(a)]


def _is_float_array(a):
    return isinstance(a, np.ndarray) and a.dtype.kind == "f"


# --- forward and reverse mode, counted ----------------------------------------------------------

def mlp(n_in, n_out, width=8, depth=3, seed=0):
    """The weights of a tanh MLP from ``n_in`` inputs through ``depth`` hidden layers of
    ``width`` units to ``n_out`` linear outputs (no biases: they cost no multiplications)."""
    rng = np.random.default_rng(seed)
    sizes = [n_in] + [width] * depth + [n_out]
    return [rng.normal(0.0, 1.0 / math.sqrt(p), (p, q)) for p, q in zip(sizes, sizes[1:])]


class Count:
    """Counts multiplications: :meth:`matmul` adds :math:`pqr` for a :math:`(p, q)` by
    :math:`(q, r)` product, :meth:`mul` one per entry."""

    def __init__(self):
        self.multiplications = 0

    def matmul(self, a, b):
        self.multiplications += a.shape[0] * a.shape[1] * b.shape[1]
        return a @ b

    def mul(self, a, b):
        self.multiplications += np.broadcast(a, b).size
        return a * b


def jvp(weights, x, v, count=None):
    r"""Forward mode: ``(f(x), J v)`` for one input row ``x`` and a tangent ``v`` of the same
    shape, carried forward beside the values as dual numbers :math:`x + v\varepsilon`:
    :math:`\dot a = \dot h\, w`, :math:`\dot h = \tanh'(a) \odot \dot a`. Keeps no activations."""
    count = count or Count()
    h, dh = x, v
    for i, w in enumerate(weights):
        a, da = count.matmul(h, w), count.matmul(dh, w)
        if i + 1 == len(weights):
            return a, da
        h = np.tanh(a)
        dh = count.mul(1 - count.mul(h, h), da)
    raise ValueError("expected at least one weight matrix")


def vjp(weights, x, g, count=None, every=None):
    r"""Reverse mode: ``(f(x), g J, stored)`` for one input row ``x`` and an upstream gradient
    ``g`` of the output's shape. The forward pass keeps each layer's input :math:`h_i`, which the
    backward pass needs for :math:`\tanh' = 1 - h_i^2`; ``stored`` is the most numbers kept at
    once. With ``every = k`` it keeps only each :math:`k`-th layer's input (a checkpoint) and
    recomputes a segment's inputs from its checkpoint when the backward pass reaches it: less
    memory for one more forward pass."""
    count = count or Count()
    n, k = len(weights), every or 1
    kept, h = {}, x  # layer index -> its input, for the layers whose input is kept
    for i, w in enumerate(weights):
        if i % k == 0:
            kept[i] = h
        a = count.matmul(h, w)
        h = a if i + 1 == n else np.tanh(a)
    out, stored = h, sum(v.size for v in kept.values())
    peak, dh = stored, g
    for start in reversed(range(0, n, k)):
        segment = {start: kept[start]}
        for i in range(start + 1, min(start + k, n)):  # recompute the inputs between checkpoints
            segment[i] = np.tanh(count.matmul(segment[i - 1], weights[i - 1]))
        peak = max(peak, stored + sum(v.size for i, v in segment.items() if i != start))
        for i in reversed(range(start, min(start + k, n))):
            dh = count.matmul(dh, weights[i].T)  # ∂L/∂h_i, the input of layer i
            if i > 0:  # back through the tanh that made h_i
                dh = count.mul(dh, 1 - count.mul(segment[i], segment[i]))
    return out, dh, peak


def jacobian_cost(n_in, n_out, width=8, depth=3):
    """Multiplications for the full Jacobian of :func:`mlp` at one input, ``{"forward pass":
    ..., "forward mode": ..., "reverse mode": ...}``: ``n_in`` Jacobian-vector products (one per
    input direction) against one forward pass and ``n_out`` vector-Jacobian products (one per
    output); counted by running them."""
    weights = mlp(n_in, n_out, width, depth)
    x = np.full((1, n_in), 0.5)
    plain = Count()
    h = x
    for i, w in enumerate(weights):
        h = plain.matmul(h, w)
        h = h if i + 1 == len(weights) else np.tanh(h)
    forward_mode = Count()
    for e in np.eye(n_in):
        jvp(weights, x, e[None, :], forward_mode)
    reverse_mode = Count()
    for e in np.eye(n_out):
        vjp(weights, x, e[None, :], reverse_mode)
    return {"forward pass": plain.multiplications,
            "forward mode": forward_mode.multiplications,
            "reverse mode": reverse_mode.multiplications}


def gradient_memory(depth, width=64, every=None):
    """The most numbers a vector-Jacobian product of :func:`mlp` (``width`` inputs, ``depth``
    hidden layers, one output) keeps at once, and its multiplications: ``(stored, count)``.
    ``every`` checkpoints each ``every``-th layer (:func:`vjp`)."""
    weights = mlp(width, 1, width, depth)
    count = Count()
    _, _, stored = vjp(weights, np.full((1, width), 0.5), np.ones((1, 1)), count, every)
    return stored, count.multiplications
