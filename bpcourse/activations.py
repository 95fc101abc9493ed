r"""Activation functions and their derivatives.

Each activation is an :class:`Activation` with ``f(z)``, ``df(z)`` (the derivative as a function
of the pre-activation ``z``), a ``name`` and LaTeX strings ``formula`` and ``derivative`` that the
notebooks print, written with the course's symbol :math:`a` for the pre-activation. All of them
work elementwise on numpy arrays, except softmax, which works along the last axis and whose
derivative is a Jacobian matrix.
"""

import numpy as np

from ._check import by_name


class Activation:
    """A named activation ``f`` with its derivative ``df``, both functions of ``z``."""

    __slots__ = ("name", "f", "df", "formula", "derivative", "elementwise")

    def __init__(self, name, f, df, formula, derivative, elementwise=True):
        self.name = name
        self.f = f
        self.df = df
        self.formula = formula
        self.derivative = derivative
        self.elementwise = elementwise

    def __call__(self, z):
        return self.f(z)

    def __repr__(self):
        return f"Activation({self.name!r})"


def sigmoid(z):
    r"""Logistic sigmoid, :math:`\sigma(z) = 1 / (1 + e^{-z})`.

    Computed as :math:`\tfrac12(1 + \tanh(z/2))`, the same function, which never overflows.
    """
    return 0.5 * (1.0 + np.tanh(0.5 * np.asarray(z, dtype=float)))


def sigmoid_prime(z):
    r""":math:`\sigma'(z) = \sigma(z)\,(1 - \sigma(z))`."""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh_prime(z):
    r""":math:`\tanh'(z) = 1 - \tanh^2(z)`."""
    return 1.0 - np.tanh(z) ** 2


def relu(z):
    r""":math:`\mathrm{ReLU}(z) = \max(0, z)`."""
    return np.maximum(0.0, z)


def relu_prime(z):
    r""":math:`\mathrm{ReLU}'(z) = 1` if :math:`z > 0`, else 0.

    At exactly :math:`z = 0` ReLU has no derivative; like most libraries we use 0 there, the
    value that also makes a neuron that outputs exactly 0 pass no gradient back.
    """
    return (np.asarray(z) > 0).astype(float)


ALPHA = 0.01
"""The slope of leaky ReLU for negative inputs."""


def leaky_relu(z):
    r""":math:`f(z) = \max(\alpha z, z)` with :math:`\alpha = 0.01`."""
    z = np.asarray(z, dtype=float)
    return np.where(z > 0, z, ALPHA * z)


def leaky_relu_prime(z):
    r""":math:`f'(z) = 1` if :math:`z > 0`, else :math:`\alpha` (also at 0, as for ReLU)."""
    return np.where(np.asarray(z) > 0, 1.0, ALPHA)


def softmax(z):
    r""":math:`\mathrm{softmax}(z)_i = e^{z_i} / \sum_j e^{z_j}`, along the last axis.

    Subtracting :math:`\max_j z_j` first changes nothing mathematically and avoids overflow.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_jacobian(z):
    r"""The Jacobian :math:`J_{ij} = \partial y_i / \partial z_j = y_i(\delta_{ij} - y_j)`.

    For ``z`` of shape ``(n,)`` it has shape ``(n, n)``; for a batch ``(m, n)``, ``(m, n, n)``.
    """
    y = softmax(z)
    return y[..., :, None] * (np.eye(y.shape[-1]) - y[..., None, :])


SIGMOID = Activation(
    "sigmoid", sigmoid, sigmoid_prime,
    r"\sigma(a) = \frac{1}{1 + e^{-a}}", r"\sigma'(a) = \sigma(a)\,(1 - \sigma(a))",
)
TANH = Activation(
    "tanh", np.tanh, tanh_prime,
    r"\tanh(a) = \frac{e^{a} - e^{-a}}{e^{a} + e^{-a}}", r"\tanh'(a) = 1 - \tanh^2(a)",
)
RELU = Activation(
    "relu", relu, relu_prime,
    r"\mathrm{ReLU}(a) = \max(0, a)",
    r"\mathrm{ReLU}'(a) = \begin{cases} 1 & a > 0 \\ 0 & a \le 0 \end{cases}",
)
LEAKY_RELU = Activation(
    "leaky_relu", leaky_relu, leaky_relu_prime,
    r"f(a) = \max(\alpha a, a),\ \alpha = 0.01",
    r"f'(a) = \begin{cases} 1 & a > 0 \\ \alpha & a \le 0 \end{cases}",
)
LINEAR = Activation(
    "linear", lambda z: np.asarray(z, dtype=float), lambda z: np.ones_like(z, dtype=float),
    r"f(a) = a", r"f'(a) = 1",
)
SOFTMAX = Activation(
    "softmax", softmax, softmax_jacobian,
    r"\mathrm{softmax}(a)_i = \frac{e^{a_i}}{\sum_j e^{a_j}}",
    r"\frac{\partial y_i}{\partial a_j} = y_i([i = j] - y_j)",
    elementwise=False,
)

ACTIVATIONS = {a.name: a for a in (SIGMOID, TANH, RELU, LEAKY_RELU, LINEAR, SOFTMAX)}


def find_activation(name):
    """Look an activation up by name, e.g. ``find_activation("sigmoid")``; an Activation passes
    through."""
    return by_name(ACTIVATIONS, name, "activation", Activation)
