r"""A fully connected network of any sizes, trained by the delta rule.

Row vectors, as in the course: for the 2-3-2 network

.. math:: a^{(1)} = x w + b^{(1)},\quad h = \sigma(a^{(1)}),\quad
          a^{(2)} = h u + b^{(2)},\quad y = \sigma(a^{(2)}),

so a weight matrix has shape ``(n_in, n_out)`` and ``w[i, j]`` connects input ``i`` to unit ``j``.
Deeper networks repeat the middle two steps: layer :math:`l = 1, \ldots, N` computes
:math:`a^{(l)} = h^{(l-1)} W^{(l)} + b^{(l)}` and :math:`h^{(l)} = f(a^{(l)})`, from
:math:`h^{(0)} = x` to :math:`h^{(N)} = y`. The backward pass is the delta rule, from the output
layer :math:`N` down:

.. math:: \delta^{(N)} = \frac{\partial L}{\partial y} \odot f'(a^{(N)}), \qquad
          \delta^{(l)} = \big(\delta^{(l+1)} W^{(l+1)\top}\big) \odot f'(a^{(l)}), \qquad
          \frac{\partial L}{\partial W^{(l)}} = h^{(l-1)\top} \delta^{(l)}, \qquad
          \frac{\partial L}{\partial b^{(l)}} = \delta^{(l)}.

For a softmax output with cross-entropy, :math:`\delta^{(N)} = y - t`. For a batch the rows are
examples, the loss is their mean, and so are the gradients.
"""

from dataclasses import dataclass

import numpy as np

from ._check import as_array, layer_sizes
from .activations import find_activation
from .losses import CROSS_ENTROPY, find_loss


@dataclass(frozen=True)
class Gradients:
    """Gradients of the loss: ``weights`` and ``biases`` shaped like the parameters, and the
    ``deltas`` :math:`\\delta^{(l)} = \\partial L / \\partial a^{(l)}` of every layer, first to last
    (one row per example for a batch).

    Iterating gives :math:`\\partial L/\\partial\\theta` in the order of
    :meth:`Network.parameters` (``dw, db1, du, db2, ...``), so ``zip(net.parameters(), g)``
    pairs every parameter with its gradient."""

    weights: list
    biases: list
    deltas: list

    def __iter__(self):
        for gw, gb in zip(self.weights, self.biases):
            yield gw
            yield gb


class Network:
    """``Network([2, 3, 2], activation="sigmoid", loss="l2", seed=0)``: layers of these sizes.

    ``activation`` is used in the hidden layers and, unless ``output`` names another one, in the
    output layer. Weights start as seeded normal draws scaled by :math:`1/\\sqrt{n_{in}}`
    (:math:`\\sqrt{2/n_{in}}` for ReLU-like activations, which halve the signal); biases start at 0.
    """

    def __init__(self, sizes, activation="sigmoid", output=None, loss="l2", seed=0):
        sizes = layer_sizes(sizes)
        rng = np.random.default_rng(seed)
        gain = 2.0 if find_activation(activation).name in ("relu", "leaky_relu") else 1.0
        weights = [rng.normal(0.0, np.sqrt(gain / m), (m, n)) for m, n in zip(sizes, sizes[1:])]
        biases = [np.zeros(n) for n in sizes[1:]]
        self._setup(weights, biases, activation, output, loss)

    @classmethod
    def from_weights(cls, weights, biases, activation="sigmoid", output=None, loss="l2"):
        """A network with these weight matrices (``(n_in, n_out)`` each) and bias vectors."""
        net = cls.__new__(cls)
        weights = [as_array(w, f"weights[{i}]") for i, w in enumerate(weights)]
        biases = [as_array(b, f"biases[{i}]") for i, b in enumerate(biases)]
        if not weights:
            raise ValueError("expected at least one weight matrix, got none")
        if len(biases) != len(weights):
            raise ValueError(
                f"expected {len(weights)} bias vectors, one per weight matrix, got {len(biases)}"
            )
        for i, w in enumerate(weights):
            if w.ndim != 2:
                raise ValueError(f"expected weights[{i}] to be a matrix, got shape {w.shape}")
            if i and w.shape[0] != weights[i - 1].shape[1]:
                raise ValueError(
                    f"expected weights[{i}] of shape ({weights[i - 1].shape[1]}, n) to follow "
                    f"weights[{i - 1}] of shape {weights[i - 1].shape}, got shape {w.shape}"
                )
            if biases[i].shape != (w.shape[1],):
                raise ValueError(
                    f"expected biases[{i}] of shape ({w.shape[1]},), got shape {biases[i].shape}"
                )
        net._setup(weights, biases, activation, output, loss)
        return net

    def _setup(self, weights, biases, activation, output, loss):
        self.weights, self.biases = weights, biases
        self.sizes = [weights[0].shape[0]] + [w.shape[1] for w in weights]
        self.activation = find_activation(activation)
        self.output = find_activation(output if output is not None else activation)
        self.loss_function = find_loss(loss)
        if not self.activation.elementwise:
            raise ValueError(
                "expected an elementwise activation for the hidden layers, "
                f"got {self.activation.name!r}"
            )
        self.x, self.a, self.h = None, [], []

    def __repr__(self):
        return (
            f"Network({self.sizes}, activation={self.activation.name!r}, "
            f"output={self.output.name!r}, loss={self.loss_function.name!r})"
        )

    @property
    def y(self):
        """The output of the last forward pass."""
        return self.h[-1] if self.h else None

    def _activation(self, layer):
        return self.output if layer == len(self.weights) - 1 else self.activation

    def _check_x(self, x):
        x = as_array(x, "x")
        n = self.sizes[0]
        if x.ndim not in (1, 2):
            raise ValueError(f"expected x of shape ({n},) or (batch, {n}), got shape {x.shape}")
        if x.shape[-1] != n:
            raise ValueError(f"expected x with {n} features, got shape {x.shape}")
        return x

    def forward(self, x):
        """Return :math:`y` for ``x`` of shape ``(n_in,)`` or ``(batch, n_in)``.

        Keeps ``self.x``, ``self.a`` (pre-activations :math:`a^{(1)}, a^{(2)}, \\ldots`) and
        ``self.h`` (layer outputs :math:`h, \\ldots, y`; ``self.h[-1]`` is y) for inspection.
        """
        x = self._check_x(x)
        self.x, self.a, self.h = x, [], []
        h = x
        for layer, (w, b) in enumerate(zip(self.weights, self.biases)):
            a = h @ w + b
            h = self._activation(layer).f(a)
            self.a.append(a)
            self.h.append(h)
        return h

    def _check_t(self, t, y):
        t = as_array(t, "t")
        if t.shape != y.shape:
            raise ValueError(
                f"expected t of shape {y.shape} to match the output, got shape {t.shape}"
            )
        return t

    def loss(self, x, t):
        """The loss for one example; for a batch, the mean over its examples."""
        y = self.forward(x)
        return float(np.mean(self.loss_function.f(y, self._check_t(t, y))))

    def gradients(self, x, t):
        """Backpropagate: the gradients of :meth:`loss` by the delta rule (module docstring)."""
        y = self.forward(x)
        t = self._check_t(t, y)
        single = y.ndim == 1
        xs, ys, ts = np.atleast_2d(self.x), np.atleast_2d(y), np.atleast_2d(t)
        hs = [xs] + [np.atleast_2d(h) for h in self.h]
        as_ = [np.atleast_2d(a) for a in self.a]
        m = xs.shape[0]

        if self.output.name == "softmax" and self.loss_function is CROSS_ENTROPY:
            delta = ys - ts
        elif self.output.elementwise:
            delta = self.loss_function.df(ys, ts) * self.output.df(as_[-1])
        else:  # softmax with another loss: through its Jacobian
            delta = np.einsum("mi,mij->mj", self.loss_function.df(ys, ts), self.output.df(as_[-1]))

        n = len(self.weights)
        dw, db, deltas = [None] * n, [None] * n, [None] * n
        for layer in reversed(range(n)):
            deltas[layer] = delta
            dw[layer] = hs[layer].T @ delta / m
            db[layer] = delta.sum(axis=0) / m
            if layer:
                delta = (delta @ self.weights[layer].T) * self.activation.df(as_[layer - 1])
        if single:
            deltas = [d[0] for d in deltas]
        return Gradients(weights=dw, biases=db, deltas=deltas)

    def parameters(self):
        """All weight matrices and bias vectors, in the order w, b⁽¹⁾, u, b⁽²⁾, ...: the arrays
        themselves, so changing them in place changes the network."""
        return [p for pair in zip(self.weights, self.biases) for p in pair]

    def step(self, g, learning_rate):
        """Gradient descent in place: :math:`\\theta \\leftarrow \\theta - \\eta\\,\\partial
        L/\\partial\\theta` for every parameter, with ``g`` from :meth:`gradients`."""
        for p, gp in zip(self.parameters(), g):
            p -= learning_rate * gp
