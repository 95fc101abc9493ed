"""bpcourse: backpropagation from the chain rule up, the library behind the course notebooks.

``import bpcourse as bp`` gives the activations, losses, the single ReLU neuron, networks of any
size, gradient checking and the scalar autodiff engine ``Value``.
"""

from .activations import (
    ACTIVATIONS,
    LEAKY_RELU,
    LINEAR,
    RELU,
    SIGMOID,
    SOFTMAX,
    TANH,
    Activation,
    activation,
    softmax,
    softmax_jacobian,
)
from .engine import Value
from .gradcheck import check_network, numerical_gradient, relative_error
from .losses import CROSS_ENTROPY, L2, LOSSES, Loss, loss
from .network import Gradients, Network
from .neuron import NeuronGradients, ReLUNeuron
from .show import fmt, table

__all__ = [
    "ACTIVATIONS", "CROSS_ENTROPY", "L2", "LEAKY_RELU", "LINEAR", "LOSSES", "RELU", "SIGMOID",
    "SOFTMAX", "TANH", "Activation", "Gradients", "Loss", "Network", "NeuronGradients",
    "ReLUNeuron", "Value", "activation", "check_network", "fmt", "loss", "numerical_gradient",
    "relative_error",
    "softmax", "softmax_jacobian", "table",
]
