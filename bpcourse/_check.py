"""Input checks shared by the library: clear errors that name what was expected and what came."""

import numpy as np


def as_array(value, name):
    """Return ``value`` as a float array, refusing NaN and infinity with a ValueError."""
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"expected {name} to be numbers, got {value!r}") from error
    if not np.isfinite(array).all():
        raise ValueError(f"expected finite numbers in {name}, got {array.tolist()!r} (nan or inf)")
    return array


def same_shape(a, b, name_a, name_b):
    """Raise a ValueError naming both shapes unless ``a`` and ``b`` have the same shape."""
    if a.shape != b.shape:
        raise ValueError(
            f"expected {name_b} of shape {a.shape} to match {name_a}, got shape {b.shape}"
        )


def layer_sizes(sizes):
    """``sizes`` as a list of at least two positive whole numbers (a network's layers, input
    first), or a ValueError showing what came."""
    try:
        sizes = list(sizes)
    except TypeError:
        sizes = None
    if (sizes is None or len(sizes) < 2
            or not all(isinstance(n, int | np.integer) and n > 0 for n in sizes)):
        raise ValueError(
            f"expected at least two positive layer sizes such as [2, 3, 2], got {sizes!r}"
        )
    return sizes


def by_name(table, name, kind, cls):
    """``table[name]`` (an instance of ``cls`` passes through), or a KeyError listing the names."""
    if isinstance(name, cls):
        return name
    try:
        return table[name]
    except (KeyError, TypeError):
        raise KeyError(f"unknown {kind} {name!r}; expected one of: {', '.join(table)}") from None
