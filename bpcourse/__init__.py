"""bpcourse: backpropagation from the chain rule up, the library behind the course notebooks.

The package has three wings (docs/architecture.md):

- **the math**, here at the top, one module per idea and no plotting: ``engine`` (the scalar
  autodiff ``Value``), ``activations``, ``losses``, ``neuron`` (the single ReLU neuron),
  ``network`` (any sizes, the delta rule), ``gradcheck``, ``cost`` (what a gradient costs),
  ``training`` (the loop and the optimisers), ``datasets``, ``examples`` (the worked numbers),
  ``show`` (printing them) and ``language`` (what bpcourse says, in English, Persian or
  Chinese: ``bp.set_language("fa")``);
- **the pictures**, ``bpcourse.pictures``: figures and the explorers' views;
- **the classroom**, ``bpcourse.classroom``: the grader and the exercises' checkers.

``import bpcourse as bp`` gives the math; ``bp.classroom`` is loaded when first used (the math
itself never imports it), so ``bp.classroom.progress()`` works in any notebook.
"""

import importlib

from . import datasets, examples, training
from .activations import (
    ACTIVATIONS,
    LEAKY_RELU,
    LINEAR,
    RELU,
    SIGMOID,
    SOFTMAX,
    TANH,
    Activation,
    find_activation,
    softmax,
    softmax_jacobian,
)
from .engine import Value
from .gradcheck import check_network, numerical_gradient, relative_error
from .language import set_language
from .losses import CROSS_ENTROPY, L2, LOSSES, Loss, find_loss
from .network import Gradients, Network
from .neuron import NeuronGradients, ReLUNeuron
from .show import fmt, fmt_error, table

__all__ = [
    "ACTIVATIONS", "CROSS_ENTROPY", "L2", "LEAKY_RELU", "LINEAR", "LOSSES", "RELU", "SIGMOID",
    "SOFTMAX", "TANH", "Activation", "Gradients", "Loss", "Network", "NeuronGradients",
    "ReLUNeuron", "Value", "check_network", "datasets", "examples", "find_activation",
    "find_loss", "fmt", "fmt_error", "numerical_gradient", "relative_error", "softmax",
    "softmax_jacobian", "set_language", "table", "training",
]


def __getattr__(name):
    """``bp.classroom``, imported on first use."""
    if name == "classroom":
        return importlib.import_module(".classroom", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
