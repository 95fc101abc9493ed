r"""The worked examples of the course, with their numbers, in one place.

Every notebook that uses the 2-3-2 network takes it from :func:`network_2_3_2`, so the numbers
the prose quotes are the same everywhere and a change here shows up in every nbval diff.
"""

import numpy as np

from .network import Network
from .neuron import ReLUNeuron

#: The single ReLU neuron: :math:`a = x \cdot w + b = 6`, :math:`y = \max(0, a) = 6`.
NEURON_X = np.array([1.0, -2.0, 3.0])
NEURON_W = np.array([-3.0, -1.0, 2.0])
NEURON_B = 1.0

#: The 2-3-2 sigmoid network with L2 loss: input, weights, biases and target.
X = np.array([1.0, 0.5])
W = np.array([[0.15, -0.25, 0.35],
              [0.20, 0.30, -0.40]])
B1 = np.array([0.10, 0.10, 0.10])
U = np.array([[0.40, -0.50],
              [0.45, 0.55],
              [-0.30, 0.60]])
B2 = np.array([0.20, 0.20])
T = np.array([0.01, 0.99])


def relu_neuron():
    """``(neuron, x)``: the ReLU neuron with :math:`w = [-3, -1, 2]`, :math:`b = 1` and its input
    :math:`x = [1, -2, 3]`; ``neuron.forward(x)`` is 6."""
    return ReLUNeuron(w=NEURON_W.copy(), b=NEURON_B), NEURON_X.copy()


def network_2_3_2():
    r"""``(net, x, t)``: the course's 2-3-2 network with sigmoid units and L2 loss,

    .. math:: a^{(1)} = x w + b^{(1)},\ h = \sigma(a^{(1)}),\
              a^{(2)} = h u + b^{(2)},\ y = \sigma(a^{(2)}),\
              L = \tfrac12 \sum_k (y_k - t_k)^2,

    with fresh copies of the parameters, so a notebook may train it without changing the example.
    """
    net = Network.from_weights([W.copy(), U.copy()], [B1.copy(), B2.copy()],
                               activation="sigmoid", loss="l2")
    return net, X.copy(), T.copy()
