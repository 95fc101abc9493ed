r"""The single ReLU neuron of the course, with every factor of its chain rule kept.

Forward: products :math:`x_i w_i`, their sum :math:`a = \sum_i x_i w_i + b`, and
:math:`y = \mathrm{ReLU}(a)`. Backward, from an incoming gradient ``dvalue`` :math:`= \partial
\ell/\partial y`:

.. math:: \frac{\partial \ell}{\partial w_i} = \text{dvalue} \cdot
          \frac{d\,\mathrm{ReLU}}{da} \cdot \frac{\partial a}{\partial (x_i w_i)} \cdot
          \frac{\partial (x_i w_i)}{\partial w_i}
          = \text{dvalue} \cdot 1[a > 0] \cdot 1 \cdot x_i,

and likewise :math:`\partial \ell/\partial x_i = \ldots \cdot w_i` and
:math:`\partial \ell/\partial b = \text{dvalue} \cdot 1[a > 0]`.
"""

from dataclasses import dataclass

import numpy as np

from ._check import as_array, same_shape
from .activations import relu_prime


@dataclass(frozen=True)
class NeuronGradients:
    """The gradients of a :class:`ReLUNeuron` and the local derivatives they are built from."""

    dvalue: float
    """The gradient arriving from above, :math:`\\partial \\ell / \\partial y`."""
    drelu_da: float
    """:math:`d\\,\\mathrm{ReLU}/da`: 1 if a > 0 else 0."""
    dsum_dxw: np.ndarray
    """:math:`\\partial a / \\partial (x_i w_i)`: all ones."""
    dsum_db: float
    """:math:`\\partial a / \\partial b = 1`."""
    dmul_dx: np.ndarray
    """:math:`\\partial (x_i w_i) / \\partial x_i = w_i`."""
    dmul_dw: np.ndarray
    """:math:`\\partial (x_i w_i) / \\partial w_i = x_i`."""
    dx: np.ndarray
    dw: np.ndarray
    db: float

    def __iter__(self):
        """The gradients of the parameters, in the order of :meth:`ReLUNeuron.parameters`:
        ``dw``, then ``db``."""
        yield self.dw
        yield self.db


class ReLUNeuron:
    """One neuron :math:`y = \\max(0, x \\cdot w + b)`: ``ReLUNeuron(w=[-3., -1., 2.], b=1.)``.

    ``w`` is a vector and ``b`` a 0-d array, so that both can be changed in place (by
    :meth:`step`, an optimiser or :func:`~bpcourse.gradcheck.numerical_gradient`)."""

    def __init__(self, w, b):
        self.w = as_array(w, "w").copy()  # stepped in place: never the caller's array
        if self.w.ndim != 1:
            raise ValueError(f"expected w of shape (n,), got shape {self.w.shape}")
        self.b = as_array(b, "b").copy()
        if self.b.ndim != 0:
            raise ValueError(f"expected one number b, got shape {self.b.shape}")
        self.x = self.xw = self.a = self.y = None

    def forward(self, x):
        """Return :math:`y = \\mathrm{ReLU}(\\sum_i x_i w_i + b)`, keeping ``xw`` and ``a``."""
        x = as_array(x, "x")
        same_shape(self.w, x, "w", "x")
        self.x = x
        self.xw = x * self.w
        self.a = float(self.xw.sum() + self.b)
        self.y = max(self.a, 0.0)
        return self.y

    def backward(self, dvalue=1.0):
        """Chain ``dvalue`` back through ReLU, the sum and the products (module docstring)."""
        if self.a is None:
            raise ValueError("expected forward(x) before backward(): there is nothing to chain")
        drelu_da = float(relu_prime(self.a))
        da = dvalue * drelu_da
        dsum_dxw = np.ones_like(self.w)
        return NeuronGradients(
            dvalue=float(dvalue), drelu_da=drelu_da, dsum_dxw=dsum_dxw, dsum_db=1.0,
            dmul_dx=self.w.copy(), dmul_dw=self.x.copy(),
            dx=da * dsum_dxw * self.w, dw=da * dsum_dxw * self.x, db=da * 1.0,
        )

    def parameters(self):
        """``[w, b]``: the arrays themselves, so changing them in place changes the neuron."""
        return [self.w, self.b]

    def step(self, g, learning_rate):
        """Gradient descent in place: :math:`w \\leftarrow w - \\eta\\,\\partial\\ell/\\partial w`
        and :math:`b \\leftarrow b - \\eta\\,\\partial\\ell/\\partial b`, with ``g`` from
        :meth:`backward`."""
        for p, gp in zip(self.parameters(), g):
            p -= learning_rate * gp

    def __repr__(self):
        return f"ReLUNeuron(w={self.w.tolist()}, b={float(self.b)})"
