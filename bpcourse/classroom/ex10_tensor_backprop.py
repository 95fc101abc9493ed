r"""Exercises of notebook 10, backpropagation at tensor level: the vector-Jacobian product of each
operation of a network with batch normalisation, the whole backward pass step by step, the fused
backward passes of batch normalisation and of softmax with cross-entropy, and a Jacobian-vector
product (forward mode).

The expected values of the backward passes are not written out here: the scalar engine
:class:`bpcourse.Value` computes them on every case (:func:`bpcourse.tensors.scalar_vjp`), and
centred differences confirm them (:func:`bpcourse.tensors.numerical_vjp`); a disagreement would
be the course's bug. The closed forms below only make the catalogued wrong answers.

How a check grades and what it returns: :mod:`bpcourse.classroom.grader`.
"""

import numpy as np

from ..language import tr
from ..tensors import EPS, _data, loss, numerical_vjp, scalar_vjp
from .grader import Case, fresh, grade, has_nan, rng


def _engine(f, arrays, G=1.0, skip=0):
    """The gradients of Σ G ⊙ f(*arrays) by the scalar engine, confirmed by centred differences
    (an AssertionError, reported as the course's bug, if they disagree); the first ``skip``
    float arrays (inputs that are no parameters) are left out."""
    engine, numeric = scalar_vjp(f, arrays, G), numerical_vjp(f, arrays, G)
    for e, n in zip(engine, numeric):
        if not np.allclose(e, n, rtol=1e-5, atol=1e-7):
            raise AssertionError(tr("the scalar engine and centred differences disagree"))
    return tuple(engine[skip:])


def _as_is(f):
    """A one-part answer from a one-element tuple."""
    return lambda *args: f(*args)[0]


# --- Exercise 1: the linear layer ----------------------------------------------------------------

def _linear_backward(x, w, b, G, bias="sum", scale=1.0):
    r"""``(dx, dw, db)`` for :math:`a = x w + b` (``b`` added to every row); its keywords make
    the known wrong variants."""
    db = {"sum": G.sum(axis=0), "none": G, "mean": G.mean(axis=0),
          "keep": G.sum(axis=0, keepdims=True)}[bias]
    return G @ w.T * scale, x.T @ G * scale, db * scale


def check_linear_backward(fn):
    r"""``fn(x, w, b, G)`` → ``(dx, dw, db)`` for the linear layer :math:`a = x w + b` on a batch
    (``x`` of shape ``(B, n_in)``, ``b`` added to each row), given :math:`G = \partial L/\partial
    a`: :math:`\partial L/\partial x = G w^\top`, :math:`\partial L/\partial w = x^\top G`,
    :math:`\partial L/\partial b = \sum_n G_n`."""
    random = rng()
    B, n_in, n_out = (int(k) for k in random.integers(2, 6, 3))
    cases = [
        Case(fresh(np.array([[1.0, 2.0], [0.5, -1.0]]), np.array([[0.5, -1.0, 2.0],
                                                                  [1.5, 0.0, -0.5]]),
                   np.array([0.1, 0.2, 0.3]), np.array([[1.0, 0.0, -1.0], [0.5, 2.0, 0.0]]))),
        Case(fresh(random.normal(0, 1, (B, n_in)), random.normal(0, 1, (n_in, n_out)),
                   random.normal(0, 1, n_out), random.normal(0, 1, (B, n_out))), hidden=True),
    ]
    wrongs = [
        (lambda *a: _linear_backward(*a, bias="none"),
         tr("b is added to every row of the batch, so each row's G reaches it: sum G over the "
            "batch (axis 0)")),
        (lambda *a: _linear_backward(*a, bias="keep"),
         tr("db has the shape of b, (n_out,): sum over the batch without keepdims")),
        (lambda *a: _linear_backward(*a, bias="mean"),
         tr("db is a mean where a sum belongs: the 1/B of the mean loss is already inside G")),
        (lambda x, w, b, G: _linear_backward(x, w, b, G, scale=1 / len(x)),
         tr("every part is divided by B: G already holds the 1/B of the mean loss, so dividing "
            "again divides by B twice")),
        (lambda *a: tuple(-g for g in _linear_backward(*a)), tr("the sign is flipped")),
    ]
    return grade("linear_backward", fn, cases,
                 lambda x, w, b, G: _engine(lambda x, w, b: x @ w + b, [x, w, b], G),
                 params=("x", "w", "b", "G"), parts=("dx", "dw", "db"),
                 todo=tr("return (dx, dw, db) for a = x w + b, given G = ∂L/∂a"), wrongs=wrongs)


# --- Exercise 2: a broadcast product --------------------------------------------------------------

def _copied(x, s):
    """The axes along which ``s`` is copied to the shape of ``x``."""
    return tuple(i for i, (m, n) in enumerate(zip(x.shape, s.shape)) if n == 1 and m != 1)


def _broadcast_multiply_backward(x, s, G, ds="sum", swap=False):
    r"""``(dx, ds)`` for :math:`y = x \odot s` with ``s`` copied along the axes where it has
    length 1; its keywords make the known wrong variants."""
    axes = _copied(x, s)
    other = tuple(i for i in range(x.ndim) if i not in axes)
    gx, gs = (G * x, G * s) if swap else (G * s, G * x)
    dss = {"sum": lambda g: g.sum(axis=axes, keepdims=True), "none": lambda g: g,
           "drop": lambda g: g.sum(axis=axes), "mean": lambda g: g.mean(axis=axes, keepdims=True),
           "other": lambda g: g.sum(axis=other, keepdims=True)}[ds]
    return gx, dss(gs)


def check_broadcast_multiply_backward(fn):
    r"""``fn(x, s, G)`` → ``(dx, ds)`` for :math:`y = x \odot s`, where ``s`` has length 1 along
    an axis of ``x`` and is copied along it (shape ``(1, n)``: the same row for every example;
    ``(B, 1)``: one number per example), given :math:`G = \partial L/\partial y`:
    :math:`\partial L/\partial x = G \odot s` and :math:`\partial L/\partial s = G \odot x`
    summed over the copies, keeping the axis (``keepdims=True``)."""
    random = rng()
    B, n = int(random.integers(3, 6)), int(random.integers(2, 5))
    copied = [(1, n), (B, 1)][int(random.integers(2))]
    cases = [
        Case(fresh(np.array([[1.0, 2.0, -1.0], [0.5, 0.0, 3.0]]), np.array([[2.0, -1.0, 0.5]]),
                   np.array([[1.0, 1.0, 1.0], [0.5, -2.0, 1.0]]))),
        Case(fresh(np.array([[1.0, 2.0, -1.0], [0.5, 0.0, 3.0]]), np.array([[2.0], [-0.5]]),
                   np.array([[1.0, 1.0, 1.0], [0.5, -2.0, 1.0]]))),
        Case(fresh(random.normal(0, 1, (B, n)), random.normal(0, 1, copied),
                   random.normal(0, 1, (B, n))), hidden=True),
    ]
    wrongs = [
        (lambda *a: _broadcast_multiply_backward(*a, ds="none"),
         tr("ds has the shape of x: s was copied along an axis, and each copy's gradient comes "
            "back to the one s: sum them")),
        (lambda *a: _broadcast_multiply_backward(*a, ds="drop"),
         tr("the sum is right but it dropped the axis: ds must have the shape of s, so sum with "
            "keepdims=True")),
        (lambda *a: _broadcast_multiply_backward(*a, ds="mean"),
         tr("ds is a mean over the copies where a sum belongs: every copy adds its own gradient")),
        (lambda *a: _broadcast_multiply_backward(*a, ds="other"),
         tr("ds is summed over the wrong axis: sum along the axis where s has length 1")),
        (lambda *a: _broadcast_multiply_backward(*a, swap=True),
         tr("each factor's gradient holds the *other* factor: ∂y/∂x = s and ∂y/∂s = x")),
        (lambda *a: tuple(-g for g in _broadcast_multiply_backward(*a)), tr("the sign is flipped")),
    ]
    return grade("broadcast_multiply_backward", fn, cases,
                 lambda x, s, G: _engine(lambda x, s: x * s, [x, s], G),
                 params=("x", "s", "G"), parts=("dx", "ds"),
                 todo=tr("return (dx, ds) for y = x ⊙ s with s copied along an axis, given "
                         "G = ∂L/∂y"), wrongs=wrongs)


# --- Exercise 3: a mean over an axis --------------------------------------------------------------

def _mean_backward(x, G, axis, divide="own", spread=True):
    r"""``dx`` for :math:`m = ` the mean of ``x`` along ``axis`` (kept, length 1), given
    ``G`` of the shape of ``m``; its keywords make the known wrong variants."""
    n = {"own": x.shape[axis], "none": 1, "other": x.shape[1 - axis], "all": x.size}[divide]
    return (np.broadcast_to(G, x.shape) if spread else G) / n


def check_mean_backward(fn):
    r"""``fn(x, G, axis)`` → :math:`\partial L/\partial x` for
    :math:`m = ` ``x.mean(axis=axis, keepdims=True)``, given :math:`G = \partial L/\partial m`:
    each entry of ``x`` receives the :math:`G` of its mean divided by the number of entries
    averaged, :math:`G / n_{axis}` copied back to the shape of ``x``."""
    random = rng()
    B, n = int(random.integers(3, 6)), int(random.integers(2, 5))
    axis = int(random.integers(2))
    cases = [
        Case(fresh(np.array([[1.0, 2.0, 4.0, 0.0], [3.0, -1.0, 0.5, 2.0], [0.0, 1.0, 1.0, 1.0]]),
                   np.array([[0.3, -0.6, 1.2, 0.9]]), 0)),
        Case(fresh(np.array([[1.0, 2.0, 4.0, 0.0], [3.0, -1.0, 0.5, 2.0], [0.0, 1.0, 1.0, 1.0]]),
                   np.array([[2.0], [-1.0], [0.5]]), 1)),
        Case(fresh(random.normal(0, 1, (B, n)),
                   random.normal(0, 1, (1, n) if axis == 0 else (B, 1)), axis), hidden=True),
    ]
    wrongs = [
        (lambda *a: _mean_backward(*a, divide="none"),
         tr("that is the backward pass of a sum: a mean also divides by the number of entries it "
            "averages")),
        (lambda *a: _mean_backward(*a, divide="other"),
         tr("it divides by the length of the other axis: the mean runs along `axis`, so divide by "
            "x.shape[axis]")),
        (lambda *a: _mean_backward(*a, divide="all"),
         tr("it divides by every entry of x: the mean runs along one axis only")),
        (lambda *a: _mean_backward(*a, spread=False),
         tr("dx has the shape of G: copy G back along the averaged axis to the shape of x "
            "(np.broadcast_to, or multiply by np.ones_like(x))")),
        (lambda *a: -_mean_backward(*a), tr("the sign is flipped")),
    ]
    return grade("mean_backward", fn, cases,
                 _as_is(lambda x, G, axis: _engine(
                     lambda x, axis: x.sum(axis=axis, keepdims=True) / x.shape[axis],
                     [x, axis], G)),
                 params=("x", "G", "axis"),
                 todo=tr("return ∂L/∂x for the mean of x along axis, given G = ∂L/∂(the mean)"),
                 wrongs=wrongs)


# --- Exercise 4: the whole network, step by step --------------------------------------------------

def _network_backward(x, t, w, b1, gamma, beta, u, b2, per=1, norm_paths=True, gain="h",
                      softmax_gain=False):
    r"""The six gradients ``(dw, db1, dgamma, dbeta, du, db2)`` of :func:`bpcourse.tensors.loss`
    in closed form; its keywords make the known wrong variants."""
    B = len(x)
    a1 = x @ w + b1
    mu = a1.mean(axis=0)
    rstd = 1 / np.sqrt(((a1 - mu) ** 2).mean(axis=0) + EPS)
    ahat = (a1 - mu) * rstd
    h = np.tanh(gamma * ahat + beta)
    a2 = h @ u + b2
    e = np.exp(a2 - a2.max(axis=1, keepdims=True))
    y = e / e.sum(axis=1, keepdims=True)
    da2 = (y - t) * per / B
    if softmax_gain:
        da2 = da2 * y * (1 - y)
    dh = da2 @ u.T
    z = gamma * ahat + beta
    dz = dh * {"h": 1 - h**2, "z": 1 - z**2, "none": 1.0}[gain]
    dahat = dz * gamma
    if norm_paths:
        da1 = rstd * (dahat - dahat.mean(axis=0) - ahat * (dahat * ahat).mean(axis=0))
    else:
        da1 = dahat * rstd
    return (x.T @ da1, da1.sum(axis=0), (dz * ahat).sum(axis=0), dz.sum(axis=0), h.T @ da2,
            da2.sum(axis=0))


def check_network_backward(fn):
    r"""``fn(x, t, w, b1, gamma, beta, u, b2)`` → ``(dw, db1, dgamma, dbeta, du, db2)``: every
    gradient of the mean cross-entropy of the network of :func:`bpcourse.tensors.forward`
    (linear, batch normalisation, tanh, linear, softmax), each the backward pass of one
    operation after another: :math:`\partial L/\partial a^{(2)} = (y - t)/B`,
    :math:`\partial L/\partial u = h^\top \partial L/\partial a^{(2)}`, ...,
    :math:`\partial L/\partial w = x^\top \partial L/\partial a^{(1)}`."""
    random = rng()
    B, H = int(random.integers(3, 7)), int(random.integers(2, 5))

    def start(B, H, seed):
        r = np.random.default_rng(seed)
        x = r.normal(0, 1, (B, 2))
        t = np.eye(3)[r.integers(3, size=B)]
        return (x, t, r.normal(0, 1, (2, H)), r.normal(0, 0.5, H), r.normal(1, 0.3, H),
                r.normal(0, 0.3, H), r.normal(0, 1, (H, 3)), r.normal(0, 0.3, 3))

    cases = [Case(fresh(*start(4, 3, 0))), Case(fresh(*start(6, 2, 1))),
             Case(fresh(*start(B, H, int(random.integers(1_000_000)))), hidden=True)]
    wrongs = [
        (lambda *a: _network_backward(*a, per=len(a[0])),
         tr("every gradient is B times too large: L is the mean over the batch, so ∂L/∂a⁽²⁾ "
            "carries a factor 1/B")),
        (lambda *a: _network_backward(*a, per=1 / len(a[0])),
         tr("every gradient is divided by B twice: the 1/B of the mean enters once, in "
            "∂L/∂a⁽²⁾, and the later sums over the batch add no other")),
        (lambda *a: _network_backward(*a, norm_paths=False),
         tr("the gradients before batch normalisation treat μ and σ as constants: both are "
            "computed from every example of the batch, so go back through them too")),
        (lambda *a: _network_backward(*a, gain="z"),
         tr("tanh′ is 1 − h² with h = tanh z, the layer's output, not 1 − z²")),
        (lambda *a: _network_backward(*a, gain="none"),
         tr("the backward pass skips tanh: multiply by its gain 1 − h²")),
        (lambda *a: _network_backward(*a, softmax_gain=True),
         tr("softmax with cross-entropy leaves y − t: no gain factor y(1 − y) on top")),
        (lambda *a: tuple(-g for g in _network_backward(*a)), tr("the sign is flipped")),
    ]
    hints = [(has_nan, tr("exp overflows for large pre-activations: subtract each row's max "
                          "before the softmax"))]
    return grade("network_backward", fn, cases,
                 lambda *args: _engine(loss, list(args), skip=2),
                 params=("x", "t", "w", "b1", "gamma", "beta", "u", "b2"),
                 parts=("dw", "db1", "dgamma", "dbeta", "du", "db2"),
                 todo=tr("return (dw, db1, dgamma, dbeta, du, db2), the gradients of the mean "
                         "cross-entropy, one operation at a time"),
                 wrongs=wrongs, hints=hints)


# --- Exercise 5: batch normalisation, fused -------------------------------------------------------

def _batch_norm_backward(a, gamma, G, through_mean=True, through_sigma=True, axis=0,
                         with_gamma=True, summed=True, ddof=0):
    r"""``(da, dgamma, dbeta)`` for :math:`z = \gamma \odot (a - \mu)/\sigma + \beta`, statistics
    over the batch (axis 0), in closed form; its keywords make the known wrong variants."""
    n = a.shape[axis]
    mu = a.mean(axis=axis, keepdims=True)
    var = ((a - mu) ** 2).sum(axis=axis, keepdims=True) / (n - ddof)
    rstd = 1 / np.sqrt(var + EPS)
    ahat = (a - mu) * rstd
    dahat = G * gamma if with_gamma else G
    da = dahat
    if through_mean:
        da = da - dahat.mean(axis=axis, keepdims=True)
    if through_sigma:
        da = da - ahat * (dahat * ahat).sum(axis=axis, keepdims=True) / (n - ddof)
    if summed:
        return da * rstd, (G * ahat).sum(axis=0), G.sum(axis=0)
    return da * rstd, G * ahat, G


def check_batch_norm_backward(fn):
    r"""``fn(a, gamma, G)`` → ``(da, dgamma, dbeta)`` for batch normalisation
    :math:`z = \gamma \odot \hat a + \beta`, :math:`\hat a = (a - \mu)/\sigma`, with :math:`\mu`
    and :math:`\sigma^2` each column's mean and variance over the batch
    (:math:`\sigma = \sqrt{\sigma^2 + \epsilon}`, :math:`\epsilon = 10^{-5}`), given
    :math:`G = \partial L/\partial z`: with :math:`\hat G = \gamma \odot G`,
    :math:`\partial L/\partial a = \frac1\sigma\,(\hat G - \overline{\hat G} -
    \hat a\,\overline{\hat G \odot \hat a})` (means over the batch),
    :math:`\partial L/\partial\gamma = \sum_n G \odot \hat a`,
    :math:`\partial L/\partial\beta = \sum_n G`."""
    random = rng()
    B, n = int(random.integers(3, 7)), int(random.integers(2, 5))
    cases = [
        Case(fresh(np.array([[1.0, 0.5, -1.0], [2.0, -0.5, 0.0], [4.0, 1.5, 2.0],
                             [0.0, 0.0, 1.0]]), np.array([1.0, 2.0, 0.5]),
                   np.array([[0.5, -1.0, 0.25], [1.0, 0.0, -0.5], [0.0, 0.5, 1.0],
                             [-0.5, 1.0, 0.0]]))),
        Case(fresh(random.normal(0, 2, (B, n)), random.normal(1, 0.5, n),
                   random.normal(0, 1, (B, n))), hidden=True),
    ]
    wrongs = [
        (lambda *a: _batch_norm_backward(*a, through_mean=False, through_sigma=False),
         tr("that treats μ and σ as constants: both are computed from every example of the batch, "
            "so two more paths lead from each a_n to L")),
        (lambda *a: _batch_norm_backward(*a, through_sigma=False),
         tr("the path through μ is there, the one through σ is missing: σ depends on every "
            "a_n too")),
        (lambda *a: _batch_norm_backward(*a, through_mean=False),
         tr("the path through σ is there, the one through μ is missing: every a_n moves the mean")),
        (lambda *a: _batch_norm_backward(*a, axis=1),
         tr("those are means over each row, the features: that is layer normalisation (notebook "
            "08). Batch normalisation averages each column over the batch, axis 0")),
        (lambda *a: _batch_norm_backward(*a, with_gamma=False),
         tr("da is missing the factor γ: z = γ ⊙ â + β, so ∂L/∂â = γ ⊙ G")),
        (lambda *a: _batch_norm_backward(*a, summed=False),
         tr("γ and β are added to every row: sum their gradients over the batch")),
        (lambda *a: _batch_norm_backward(*a, ddof=1),
         tr("that uses the variance with B − 1 (Bessel's correction); the forward pass here "
            "divides by B")),
        (lambda *a: tuple(-g for g in _batch_norm_backward(*a)), tr("the sign is flipped")),
    ]
    return grade("batch_norm_backward", fn, cases,
                 lambda a, gamma, G: _engine(_normalised, [a, gamma], G) + (G.sum(axis=0),),
                 params=("a", "gamma", "G"), parts=("da", "dgamma", "dbeta"),
                 todo=tr("return (da, dgamma, dbeta) for batch normalisation in one step, given "
                         "G = ∂L/∂z"),
                 wrongs=wrongs)


# --- Exercise 6: softmax with cross-entropy, fused ------------------------------------------------

def _softmax_cross_entropy_backward(a, t, per=1, axis=1, gain=False):
    r""":math:`\partial L/\partial a` for :math:`L = -\frac1B \sum_n \sum_k t_{nk} \log
    \mathrm{softmax}(a_n)_k`, in closed form; its keywords make the known wrong variants."""
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    y = e / e.sum(axis=axis, keepdims=True)
    d = (y - t) * per / len(a)
    return d * y * (1 - y) if gain else d


def _mean_cross_entropy(a, t):
    """L for numbers or Values: log y = (a − m) − log Σ e^(a − m), with m each row's largest
    entry held constant (the softmax does not change), so no exp overflows and no log of 0."""
    m = _data(a).max(axis=1, keepdims=True)
    log_y = (a - m) - np.log(np.exp(a - m).sum(axis=1, keepdims=True))
    return -(t * log_y).sum() / len(a)


def _normalised(a, gamma):
    """γ ⊙ (a − μ)/σ over the batch, for numbers or Values (β adds nothing to ∂L/∂a)."""
    d = a - a.sum(axis=0, keepdims=True) / len(a)
    return gamma * d * ((d**2).sum(axis=0, keepdims=True) / len(a) + EPS) ** -0.5


def check_softmax_cross_entropy_backward(fn):
    r"""``fn(a, t)`` → :math:`\partial L/\partial a` for the mean cross-entropy of a softmax
    over each row, :math:`L = -\frac1B \sum_n \sum_k t_{nk} \log y_{nk}`,
    :math:`y_n = \mathrm{softmax}(a_n)`: :math:`(y - t)/B`."""
    random = rng()
    B, K = int(random.integers(2, 7)), int(random.integers(2, 5))
    cases = [
        Case(fresh(np.array([[1.0, 2.0, 0.5], [0.0, -1.0, 3.0]]),
                   np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]))),
        Case(fresh(np.array([[1000.0, 999.0, 998.0], [2.0, 1.0, 0.0], [0.5, 0.5, 0.5]]),
                   np.array([[0.0, 0.0, 1.0], [1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]))),
        Case(fresh(random.normal(0, 2, (B, K)), np.eye(K)[random.integers(K, size=B)]),
             hidden=True),
    ]
    wrongs = [
        (lambda a, t: _softmax_cross_entropy_backward(a, t, per=len(a)),
         tr("it is B times too large: L is the mean over the batch, so each row carries 1/B")),
        (lambda a, t: _softmax_cross_entropy_backward(a, t, per=1 / len(a)),
         tr("it is divided by B twice: the mean's 1/B enters once")),
        (lambda a, t: _softmax_cross_entropy_backward(a, t, axis=0),
         tr("the softmax runs over the wrong axis: each example (each row) gets its own softmax "
            "over the classes, axis=1")),
        (lambda a, t: _softmax_cross_entropy_backward(a, t, gain=True),
         tr("the softmax Jacobian and −t/y cancel to y − t: no gain factor y(1 − y) on top")),
        (lambda a, t: -_softmax_cross_entropy_backward(a, t), tr("the sign is flipped: y − t")),
    ]
    hints = [(has_nan, tr("exp overflows for a large pre-activation (1000 here): subtract "
                          "each row's max before exp; softmax does not change"))]
    return grade("softmax_cross_entropy_backward", fn, cases,
                 _as_is(lambda a, t: _engine(_mean_cross_entropy, [a, t])[:1]),
                 params=("a", "t"),
                 todo=tr("return ∂L/∂a for the mean cross-entropy of a softmax over each row"),
                 wrongs=wrongs, hints=hints)


# --- Exercise 7: a Jacobian-vector product (forward mode) -----------------------------------------

def _linear_jvp(x, w, b, dx, dw, db, terms=("x", "w", "b")):
    r"""The tangent :math:`\dot a` of :math:`a = x w + b` in closed form; ``terms`` make the
    known wrong variants (a term left out)."""
    out = np.zeros((len(x), w.shape[1]))
    if "x" in terms:
        out = out + dx @ w
    if "w" in terms:
        out = out + x @ dw
    if "b" in terms:
        out = out + db
    return out


def _directional(x, w, b, dx, dw, db, h=1e-4):
    r"""The same tangent by a centred difference along the direction: exact up to rounding,
    as the term in :math:`h^2` of a product cancels."""
    up = (x + h * dx) @ (w + h * dw) + (b + h * db)
    down = (x - h * dx) @ (w - h * dw) + (b - h * db)
    return (up - down) / (2 * h)


def _jvp_reference(*args):
    exact = _linear_jvp(*args)
    if not np.allclose(exact, _directional(*args), rtol=1e-6, atol=1e-8):
        raise AssertionError(tr("the tangent and its centred difference disagree"))
    return exact


def check_linear_jvp(fn):
    r"""``fn(x, w, b, dx, dw, db)`` → :math:`\dot a`, the Jacobian-vector product of the linear
    layer :math:`a = x w + b`: how :math:`a` moves when the inputs move along the tangents
    :math:`\dot x, \dot w, \dot b` (dual numbers :math:`x + \dot x\,\varepsilon`, ...):
    :math:`\dot a = \dot x\, w + x\, \dot w + \dot b`."""
    random = rng()
    B, n_in, n_out = (int(k) for k in random.integers(2, 6, 3))
    cases = [
        Case(fresh(np.array([[1.0, 2.0], [0.5, -1.0]]), np.array([[0.5, -1.0, 2.0],
                                                                  [1.5, 0.0, -0.5]]),
                   np.array([0.1, 0.2, 0.3]), np.array([[1.0, 0.0], [0.0, 1.0]]),
                   np.array([[0.0, 1.0, 0.0], [0.5, 0.0, 0.0]]), np.array([1.0, 0.0, -1.0]))),
        Case(fresh(random.normal(0, 1, (B, n_in)), random.normal(0, 1, (n_in, n_out)),
                   random.normal(0, 1, n_out), random.normal(0, 1, (B, n_in)),
                   random.normal(0, 1, (n_in, n_out)), random.normal(0, 1, n_out)),
             hidden=True),
    ]
    wrongs = [
        (lambda *a: _linear_jvp(*a, terms=("x", "b")),
         tr("the term from the moving weights is missing: a = x w is a product, and the product "
            "rule gives a term for each factor")),
        (lambda *a: _linear_jvp(*a, terms=("w", "b")),
         tr("the term from the moving inputs is missing: a = x w is a product, and the product "
            "rule gives a term for each factor")),
        (lambda *a: _linear_jvp(*a, terms=("x", "w")),
         tr("b moves too: its tangent adds to every row")),
        (lambda *a: -_linear_jvp(*a), tr("the sign is flipped")),
    ]
    return grade("linear_jvp", fn, cases, _jvp_reference,
                 params=("x", "w", "b", "dx", "dw", "db"),
                 todo=tr("return the tangent of a = x w + b when x, w and b move along dx, dw "
                         "and db"), wrongs=wrongs)
