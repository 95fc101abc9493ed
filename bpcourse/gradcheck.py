r"""Gradient checking: compare an analytic gradient with centred finite differences.

Thresholds for :func:`relative_error` in float64 with ``h = 1e-5``: below ``1e-7`` the analytic
gradient is right; between ``1e-7`` and ``1e-4`` look closer (kinks such as ReLU at 0 can cause
it); above ``1e-4`` the gradient is almost surely wrong.
"""

import numpy as np

RIGHT = 1e-7
"""A relative error below this means the analytic gradient is right."""
WRONG = 1e-4
"""A relative error above this means the analytic gradient is almost surely wrong."""


def numerical_gradient(f, array, h=1e-5):
    r"""Estimate :math:`\partial f / \partial \theta_i` for every entry of ``array`` by

    .. math:: \frac{\partial f}{\partial \theta_i} \approx
              \frac{f(\theta + h e_i) - f(\theta - h e_i)}{2h},

    where ``f()`` takes no arguments and reads ``array``, which is nudged in place and restored.
    The error of this centred difference shrinks like :math:`h^2`.
    """
    if not isinstance(array, np.ndarray) or array.dtype.kind != "f":
        raise ValueError(
            "expected a float numpy array to nudge in place, "
            f"got {type(array).__name__} {getattr(array, 'dtype', '')}".rstrip()
        )
    grad = np.zeros(array.shape)
    flat, out = array.reshape(-1), grad.reshape(-1)
    if not np.shares_memory(flat, array):
        raise ValueError("expected a contiguous array that can be nudged in place")
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        up = float(f())
        flat[i] = old - h
        down = float(f())
        flat[i] = old
        out[i] = (up - down) / (2 * h)
    return grad


def relative_error(a, b):
    r""":math:`\|a - b\| / \max(\|a\| + \|b\|, 10^{-12})`: 0 when equal, near 1 when unrelated."""
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"expected two arrays of the same shape, got {a.shape} and {b.shape}")
    return float(np.linalg.norm(a - b) / max(np.linalg.norm(a) + np.linalg.norm(b), 1e-12))


def check_network(net, x, t, h=1e-5):
    """Every parameter of ``net`` checked: rows ``(name, analytic, numeric, relative error)``.

    Names follow the course for two layers (``w[0,0]``, ``b1[0]``, ``u[0,0]``, ``b2[0]``) and
    ``W1[0,0]``, ``b1[0]``, ``W2[...]``... for other depths; the analytic value comes from
    ``net.gradients(x, t)``, the numeric one from :func:`numerical_gradient` on ``net.loss(x, t)``.
    """
    g = net.gradients(x, t)
    two = len(net.weights) == 2
    rows = []
    for layer, (w, b) in enumerate(zip(net.weights, net.biases), start=1):
        wname = ("w" if layer == 1 else "u") if two else f"W{layer}"
        for name, param, analytic in ((wname, w, g.weights[layer - 1]),
                                      (f"b{layer}", b, g.biases[layer - 1])):
            numeric = numerical_gradient(lambda: net.loss(x, t), param, h)
            for index in np.ndindex(param.shape):
                label = f"{name}[{','.join(map(str, index))}]"
                a, n = float(analytic[index]), float(numeric[index])
                rows.append((label, a, n, relative_error(a, n)))
    return rows
