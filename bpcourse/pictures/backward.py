r"""The backward pass drawn as the network run in reverse, with the deltas of a network with one
hidden layer on it: the picture and the explorer view of notebooks 04 and 05.

.. math:: \delta^{(2)} = (y - t) \odot y \odot (1 - y), \qquad
          \frac{\partial L}{\partial u} = h^\top \delta^{(2)}, \qquad
          \delta^{(1)} = \big(\delta^{(2)} u^\top\big) \odot h \odot (1 - h)
"""

import matplotlib.pyplot as plt
import numpy as np

from .. import examples
from .._check import as_array
from ..show import fmt
from .network import _label_size, network_figure
from .style import subscript

FIGSIZE = (7.5, 4.5)
MARGINS = {"left": 0.02, "right": 0.98, "bottom": 0.02, "top": 0.92}  # room for the title


def backward_figure(net, x, t, title="the backward pass: the network run in reverse", ax=None):
    r"""The backward pass of ``net`` (one hidden layer) for one example, drawn as the network
    run in reverse: arrows right to left, :math:`\delta^{(2)}_k` beside each output unit, the
    message :math:`\delta^{(2)}_k u_{jk}` halfway along each edge (or at the nearest place along
    it clear of the other labels), and beside each hidden unit, on the side the backward pass
    leaves it, what arrives, its gain and its delta:

    .. math:: \frac{\partial L}{\partial h_j} = \sum_k \delta^{(2)}_k u_{jk}, \qquad
              f'(a^{(1)}_j), \qquad
              \delta^{(1)}_j = f'(a^{(1)}_j)\, \frac{\partial L}{\partial h_j}.

    The gain is written :math:`h_j(1 - h_j)` for sigmoid hidden units. Returns the figure; its
    numbers are those of :func:`backward_numbers`.
    """
    if len(net.weights) != 2:
        raise ValueError(f"expected a network with one hidden layer such as [2, 3, 2], "
                         f"got sizes {net.sizes}")
    units, messages = _backward_labels(net, x, t)
    sides = {key: "left" if key[0] == 1 else "right" for key in units}
    if ax is None:
        fig, ax = plt.subplots(figsize=FIGSIZE)
        fig.subplots_adjust(**MARGINS)
    return network_figure(net, x, unit_labels=units, edge_labels=messages, title=title, ax=ax,
                          reverse=True, plain_names=True, edge_label_at=0.5, label_sides=sides)


def _backward_labels(net, x, t):
    """The labels of :func:`backward_figure`: ``(unit_labels, edge_labels)``."""
    n = backward_numbers(net, x, t)
    units = {(2, k): f"δ⁽²⁾{subscript(k + 1)} = {fmt(d, 4)}" for k, d in enumerate(n["delta2"])}
    sigmoid = net.activation.name == "sigmoid"
    for j in range(len(n["delta1"])):
        name = subscript(j + 1)
        gain = f"h{name}(1 − h{name})" if sigmoid else f"f′(a⁽¹⁾{name})"
        units[(1, j)] = (f"∂L/∂h{name} = {fmt(n['dL_dh'][j], 4)}\n"
                         f"gain {gain} = {fmt(n['gain'][j], 4)}\n"
                         f"δ⁽¹⁾{name} = {fmt(n['delta1'][j], 4)}")
    messages = {(1, j, k): fmt(m, 4) for (j, k), m in np.ndenumerate(n["messages"])}
    return units, messages


def backward_numbers(net, x, t):
    r"""The numbers :func:`backward_figure` draws, for a network with one hidden layer:
    ``{"delta2", "messages", "dL_dh", "gain", "delta1"}`` with ``messages[j, k]`` =
    :math:`\delta^{(2)}_k u_{jk}`, ``dL_dh`` their sums over k, ``gain`` :math:`f'(a^{(1)})` and
    ``delta1`` = gain × dL_dh. Runs the forward pass."""
    delta1, delta2 = net.gradients(x, t).deltas
    messages = delta2[None, :] * net.weights[1]
    return {"delta2": delta2, "messages": messages, "dL_dh": messages.sum(axis=1),
            "gain": net.activation.df(net.a[0]), "delta1": delta1}


def _delta_labels(t1, t2, hidden):
    """What :func:`delta_view` shows: ``(net, x, t, unit_labels, edge_labels, text)``."""
    net, x, _ = examples.network_2_3_2()
    t = as_array([t1, t2], "t")
    g = net.gradients(x, t)
    delta1, delta2 = g.deltas
    lines = [f"y = {fmt(net.y)}, t = {fmt(t)}, L = {fmt(net.loss(x, t))}",
             f"δ⁽²⁾ = (y − t) ⊙ y(1 − y) = {fmt(delta2)}"]
    if hidden:
        units, edges = _backward_labels(net, x, t)
        lines.append(f"δ⁽¹⁾ = (δ⁽²⁾ uᵀ) ⊙ h(1 − h) = {fmt(delta1)}")
    else:
        units = {(2, k): f"δ⁽²⁾ = {fmt(d, 4)}" for k, d in enumerate(delta2)}
        edges = {(1, j, k): fmt(g.weights[1][j, k], 4)
                 for j in range(net.sizes[1]) for k in range(net.sizes[2])}
        lines.append(f"∂L/∂u = hᵀ δ⁽²⁾ = {fmt(g.weights[1])}")
    return net, x, t, units, edges, "\n".join(lines)


def delta_view(t1=0.01, t2=0.99, hidden=True):
    r"""Explorer view of the course's 2-3-2 network with the targets :math:`t = [t_1, t_2]`.

    With ``hidden`` (the default): :func:`backward_figure`, δ on every hidden and output unit.
    Without: the network with :math:`\delta^{(2)}_k` on each output unit and
    :math:`\partial L/\partial u_{jk} = h_j \delta^{(2)}_k` on each hidden → output edge.
    Returns ``(figure, text)``: three lines, y, t and L, then δ⁽²⁾, then δ⁽¹⁾ (or without
    ``hidden`` ∂L/∂u). ``delta_view.update(figure, **values)`` writes the new labels into a
    figure it drew when each takes the room of the one before (the explorer's fast path; else it
    raises, and the explorer draws a new figure) and returns the text.
    """
    net, x, t, units, edges, text = _delta_labels(t1, t2, hidden)
    if hidden:
        fig = backward_figure(net, x, t)
    else:
        fig, ax = plt.subplots(figsize=FIGSIZE)
        fig.subplots_adjust(**MARGINS)
        network_figure(net, x, ax=ax, title="δ on the outputs, ∂L/∂u on the edges",
                       plain_names=True, unit_labels=units, edge_labels=edges)
    fig.delta_view_hidden = hidden
    return fig, text


def _delta_update(fig, t1=0.01, t2=0.99, hidden=True):
    """Write the labels of :func:`delta_view` at new targets into a figure it drew, if each fits
    the room of the label before (the layout is made around the labels' sizes); return the
    text."""
    if fig.delta_view_hidden != hidden:
        raise ValueError("the figure shows the other picture")
    *_, units, edges, text = _delta_labels(t1, t2, hidden)
    labels = fig.axes[0].network_labels
    new = {("unit", k): v for k, v in units.items()} | {("edge", k): v for k, v in edges.items()}
    if set(new) != set(labels) or any(_label_size(v) != labels[k][1] for k, v in new.items()):
        raise ValueError("a label changed size: the layout changes")
    for key, words in new.items():
        labels[key][0].set_text(words)
    return text


delta_view.update = _delta_update
