r"""A scalar automatic-differentiation engine: the chain rule, one node at a time.

Every operation makes a :class:`Value` that remembers its inputs (``children``), the operation's
name (``op``) and the *local derivative* of its result with respect to each input (``local``),
e.g. for :math:`c = a \cdot b`: :math:`\partial c/\partial a = b` and
:math:`\partial c/\partial b = a`.
:meth:`Value.backward` then applies the chain rule from the output down, in reverse
topological order:

.. math:: \text{child.grad} \mathrel{+}= \text{local} \cdot \text{node.grad}.

The ``+=`` is the multivariable chain rule: a value used twice collects a gradient from each path.
As in PyTorch and micrograd, ``backward()`` *adds* into the ``grad`` of the graph's inputs:
gradients add up over calls until they are set to 0 again (a training loop's ``zero_grad()``).
"""

import math


class Value:
    """A number in a computation graph: ``data``, and after ``backward()``, ``grad``."""

    __slots__ = ("data", "grad", "children", "local", "op", "label")

    def __init__(self, data, children=(), local=(), op="", label=""):
        self.data = float(data)
        self.grad = 0.0
        self.children = children
        self.local = local
        self.op = op
        self.label = label

    def __repr__(self):
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    # operations: result, then the local derivative with respect to each input
    def __add__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __mul__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data), "*")

    def __sub__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        return Value(self.data - other.data, (self, other), (1.0, -1.0), "-")

    def __truediv__(self, other):
        other = other if isinstance(other, Value) else Value(other)
        q = self.data / other.data
        return Value(q, (self, other), (1.0 / other.data, -q / other.data), "/")

    def __pow__(self, n):
        if not isinstance(n, int | float):
            raise TypeError(f"expected a number as exponent, got {type(n).__name__}")
        return Value(self.data**n, (self,), (n * self.data ** (n - 1),), f"**{n:g}")

    def __neg__(self):
        return Value(-self.data, (self,), (-1.0,), "neg")

    def __radd__(self, other):
        return self + other

    def __rmul__(self, other):
        return self * other

    def __rsub__(self, other):
        return Value(other) - self

    def __rtruediv__(self, other):
        return Value(other) / self

    def exp(self):
        e = math.exp(self.data)
        return Value(e, (self,), (e,), "exp")

    def log(self):
        if self.data <= 0:
            raise ValueError(f"expected a positive number to take the log of, got {self.data}")
        return Value(math.log(self.data), (self,), (1.0 / self.data,), "log")

    def relu(self):
        on = self.data > 0
        return Value(self.data if on else 0.0, (self,), (1.0 if on else 0.0,), "relu")

    def sigmoid(self):
        s = 0.5 * (1.0 + math.tanh(0.5 * self.data))
        return Value(s, (self,), (s * (1.0 - s),), "sigmoid")

    def tanh(self):
        t = math.tanh(self.data)
        return Value(t, (self,), (1.0 - t * t,), "tanh")

    def topological_order(self):
        """Every Value this one depends on, itself last, in topological order (inputs first).

        An iterative depth-first search, so graphs thousands of nodes deep need no recursion.
        ``seen`` holds the Values themselves: they hash by identity, as they define no ``==``.
        """
        order, seen, stack = [], {self}, [(self, iter(self.children))]
        while stack:
            node, pending = stack[-1]
            for child in pending:
                if child not in seen:
                    seen.add(child)
                    stack.append((child, iter(child.children)))
                    break
            else:
                stack.pop()
                order.append(node)
        return order

    def backward(self):
        """Add :math:`\\partial\\,\\text{self}/\\partial v` into ``v.grad`` for every input ``v``.

        As in PyTorch and micrograd, nothing is reset: the inputs of the graph (the Values made
        directly, such as a network's parameters) keep what their ``grad`` held and the pass
        adds to it, so the gradients of several losses add up, and a training loop sets them to
        0 before each pass (``zero_grad()``). The values computed inside the graph start the
        pass at 0 and end it holding this pass's gradient, so calling ``backward()`` twice on
        one graph adds each input's gradient twice, exactly (PyTorch refuses a second call
        unless asked to keep the graph).
        """
        order = self.topological_order()
        for node in order:
            if node.children:
                node.grad = 0.0
        self.grad += 1.0
        for node in reversed(order):
            for child, local in zip(node.children, node.local):
                child.grad += local * node.grad
