"""The pictures of the course: every figure and every explorer's view.

One module per picture, each view beside the picture it draws:

- ``computational_graph``: graphs of :class:`~bpcourse.Value` (notebooks 00, 01, 09),
  ``chain_view``, ``backward_step_view``;
- ``circuit``: the ReLU neuron as a circuit of gates (02), ``neuron_view``;
- ``network``: the network diagram (00, 03), ``network_view``;
- ``backward``: the backward pass as the network run in reverse (04, 05), ``delta_view``;
- ``cost``: what one gradient costs, counted (06), ``cost_view``;
- ``plots``: loss curves, decision regions, activations (07, 08), ``learning_rate_view``,
  ``step_view`` and ``vanishing_view``;
- ``modes``: forward against reverse mode, counted (10), ``modes_view``;
- ``style``: the one palette and the text helpers they share;
- ``display``: :func:`display_figure`, a figure shown with its alt text;
- ``explorer``: the thin ipywidgets layer that binds a view to sliders.

A picture function returns its matplotlib Figure; a view returns ``(figure, text)``.
The pictures use the math of the package and never the other way round.
"""

from .backward import backward_figure, delta_view
from .circuit import neuron_figure, neuron_view
from .computational_graph import backward_step_view, chain_view, graph_figure, graph_layout
from .cost import cost_view
from .display import display_figure
from .explorer import explorer
from .modes import modes_view
from .network import network_figure, network_layout, network_view
from .plots import (
    activation_figure,
    decision_regions,
    learning_rate_view,
    loss_curves,
    step_view,
    vanishing_view,
)

__all__ = [
    "activation_figure", "backward_figure", "backward_step_view", "chain_view",
    "cost_view", "decision_regions", "delta_view",
    "display_figure", "explorer", "graph_figure", "graph_layout", "learning_rate_view",
    "loss_curves", "modes_view", "network_figure", "network_layout", "network_view",
    "neuron_figure",
    "neuron_view", "step_view", "vanishing_view",
]
