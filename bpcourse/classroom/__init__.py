"""The classroom: the checkers of the course's exercises, ``from bpcourse.classroom import ...``.

- :mod:`~bpcourse.classroom.grader` is the mechanism: fixed and hidden random cases, tolerances,
  hints from known wrong answers, and the :class:`Verdict` each check returns;
- ``exNN_<topic>`` holds the exercises of notebook NN, each one its reference, its cases and its
  catalogue of known wrong answers;
- :mod:`~bpcourse.classroom.by_hand` holds the numbers a student works out by hand before a
  notebook reveals them (predict, then reveal);
- :mod:`~bpcourse.classroom.concepts` holds the concept checks: a question, a few answers, and
  an explanation for each.

A notebook imports the checks it needs, ``from bpcourse.classroom import check_network_size``,
and ends each check cell with the call, without ``;``: ``check_network_size(network_size)``
shows ✅, ⏳ or ❌ with what to do next, and is truthy exactly when the answer passed.

Every check exported here records each verdict it returns (:mod:`~bpcourse.classroom.progress`),
and ``progress()`` shows a student their own table across the notebooks.
"""

from .by_hand import (
    check_batch_gradient_by_hand,
    check_deeper_delta_by_hand,
    check_hidden_delta_by_hand,
    check_one_step_by_hand,
    check_output_delta_by_hand,
    check_softmax_delta_by_hand,
)
from .concepts import check_which_weight_matters, check_which_weights_grow
from .ex01_chain_rule import check_second_difference, check_two_neuron_chain_rule
from .ex02_single_neuron import check_sigmoid_neuron_update, check_squared_relu_neuron_backward
from .ex03_network import check_exact_fit_bias, check_network_size
from .ex04_output_layer import check_cross_entropy_output_delta, check_tied_weight_gradient
from .ex05_hidden_layer import check_tanh_hidden_delta
from .ex06_batches_and_cost import (
    check_layer_backward,
    check_multiplication_count,
    check_numerical_layer_gradients,
)
from .ex07_training import check_batch_backward, check_training_loop
from .ex08_beyond import (
    check_huber_gradient,
    check_layer_norm_backward,
    check_max_backward,
    check_softmax_network_gradients,
)
from .ex09_engine import (
    check_backward,
    check_iterative_order,
    check_matmul_backward,
    check_mlp,
    check_train_step,
    check_value_add_mul,
    check_value_operations,
)
from .ex10_tensor_backprop import (
    check_batch_norm_backward,
    check_broadcast_multiply_backward,
    check_linear_backward,
    check_linear_jvp,
    check_mean_backward,
    check_network_backward,
    check_softmax_cross_entropy_backward,
)
from .grader import Verdict
from .progress import progress, recording
from .worksheet import check_pass_by_hand

__all__ = [
    "Verdict", "check_second_difference", "check_exact_fit_bias",
    "check_network_size", "check_huber_gradient", "check_multiplication_count",
    "check_two_neuron_chain_rule", "check_cross_entropy_output_delta", "check_tied_weight_gradient",
    "check_squared_relu_neuron_backward", "check_sigmoid_neuron_update",
    "check_max_backward", "check_layer_norm_backward", "check_training_loop",
    "check_batch_backward", "check_layer_backward", "check_numerical_layer_gradients",
    "check_softmax_network_gradients", "check_tanh_hidden_delta",
    "check_backward", "check_matmul_backward", "check_mlp", "check_value_add_mul",
    "check_value_operations", "check_output_delta_by_hand", "check_hidden_delta_by_hand",
    "check_softmax_delta_by_hand", "check_batch_gradient_by_hand",
    "check_deeper_delta_by_hand", "check_one_step_by_hand", "check_which_weight_matters",
    "check_which_weights_grow", "check_pass_by_hand", "check_iterative_order",
    "check_train_step", "check_linear_backward", "check_broadcast_multiply_backward",
    "check_mean_backward", "check_network_backward", "check_batch_norm_backward",
    "check_softmax_cross_entropy_backward", "check_linear_jvp", "progress",
]

for _name in __all__:  # every check records its verdicts, under its own name
    if _name.startswith("check_"):
        globals()[_name] = recording(globals()[_name])
del _name
