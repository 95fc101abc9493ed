"""The classroom's checkers: they pass every right answer, fail every wrong or broken one with a
message that says what is wrong, never raise and never print, and return a Verdict that a
notebook shows."""

import copy
import re
import subprocess
import sys

import numpy as np
import pytest

import bpcourse as bp
from bpcourse import classroom, training
from bpcourse.classroom.grader import Verdict


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def softmax(a):
    e = np.exp(a - np.max(a))
    return e / e.sum()


# --- reference answers, written as a student would ---------------------------------------------

def second_difference(f, x, h=1e-4):
    right, left = (f(x + h) - f(x)) / h, (f(x) - f(x - h)) / h  # f′ at x + h/2 and x − h/2
    return (right - left) / h


def two_neuron_chain_rule(x, w, b1, u, b2, t):
    h = sigmoid(w * x + b1)
    y = sigmoid(u * h + b2)
    dL_da2 = (y - t) * y * (1 - y)
    dL_da1 = dL_da2 * u * h * (1 - h)
    return dL_da1 * x


def squared_relu_neuron_backward(x, w, b):
    a = x @ w + b
    gain = 2 * a if a > 0 else 0.0  # d max(0, a)² / da
    return gain * w, gain * x, gain


def sigmoid_neuron_update(x, w, b, t, eta, lam):
    y = sigmoid(x @ w + b)
    delta = (y - t) * y * (1 - y)  # L = ½(y − t)² + λ/2 ‖w‖²: the decay adds λw to ∂L/∂w only
    return w - eta * (delta * x + lam * w), b - eta * delta


def exact_fit_bias(h, u, t):
    a2 = -np.log(1 / t - 1)  # t = 1 / (1 + e^(−a)) solved for a
    return a2 - h @ u


def network_size(sizes):
    parameters = multiplications = 0
    for n_in, n_out in zip(sizes, sizes[1:]):
        parameters += n_in * n_out + n_out
        multiplications += n_in * n_out
    return parameters, multiplications


def cross_entropy_output_delta(y, t):
    dL_dy = -t / y + (1 - t) / (1 - y)
    return dL_dy * y * (1 - y)  # = y − t


def tied_weight_gradient(h, delta):
    return np.outer(h, delta).sum(axis=1)  # one term for each output s_j feeds


def multiplication_count(n_in, n_h, n_out):
    return n_in * n_h * (3 * n_out + 3), 2 * n_out + n_h * n_out + 2 * n_h + n_in * n_h


def training_loop(net, x, t, eta, epochs, batch_size, seed, record=lambda net, x, t: net.loss(x, t),
                  before=True, shuffle_targets=True):
    rng = np.random.default_rng(seed)
    losses = []
    for _ in range(epochs):
        if before:
            losses.append(record(net, x, t))
        order = rng.permutation(len(x))
        for start in range(0, len(x), batch_size):
            batch = order[start:start + batch_size]
            targets = t[batch] if shuffle_targets else t[start:start + batch_size]
            net.step(net.gradients(x[batch], targets), eta)
        if not before:
            losses.append(record(net, x, t))
    return losses


def huber_gradient(y, t, delta):
    r = y - t
    return np.where(np.abs(r) <= delta, r, delta * np.sign(r))


def max_backward(x, g):
    dx = np.zeros_like(x)
    dx[np.arange(len(x)), x.argmax(axis=1)] = g
    return dx


def layer_norm_backward(x, G, eps=1e-5):
    mu = x.mean(axis=1, keepdims=True)
    sigma = np.sqrt(((x - mu) ** 2).mean(axis=1, keepdims=True) + eps)
    y = (x - mu) / sigma
    return (G - G.mean(axis=1, keepdims=True) - y * (G * y).mean(axis=1, keepdims=True)) / sigma


def tanh_hidden_delta(delta2, u, h):
    return (delta2 @ u.T) * (1 - h**2)  # tanh′(a) = 1 − tanh²(a) = 1 − h²


def softplus(a):
    return np.log1p(np.exp(a))  # log(1 + e^a); the exercises' numbers are far from overflow


def layer_backward(X, W, b, G):
    Delta = G * sigmoid(X @ W + b)  # softplus′(a) = e^a / (1 + e^a) = σ(a)
    return X.T @ Delta, Delta.sum(axis=0), Delta @ W.T


def numerical_layer_gradients(X, W, b, G):
    def summed():  # 𝓛 = Σ G ⊙ Y, whose ∂𝓛/∂Y is G
        return np.sum(G * softplus(X @ W + b))

    return tuple(bp.numerical_gradient(summed, p) for p in (W, b, X))


def batch_backward(x, t, w, b1, u, b2):
    h = sigmoid(x @ w + b1)
    y = sigmoid(h @ u + b2)
    delta2 = (y - t) * y * (1 - y)
    delta1 = (delta2 @ u.T) * h * (1 - h)
    m = len(x)
    return x.T @ delta1 / m, delta1.mean(axis=0), h.T @ delta2 / m, delta2.mean(axis=0)


def softmax_network_gradients(x, t, w, b1, u, b2):
    a1 = x @ w + b1
    h = np.maximum(0, a1)
    a2 = h @ u + b2
    e = np.exp(a2 - a2.max(axis=1, keepdims=True))
    y = e / e.sum(axis=1, keepdims=True)
    m = len(x)
    delta2 = (y - t) / m  # the mean's delta
    delta1 = (delta2 @ u.T) * (a1 > 0)
    return x.T @ delta1, delta1.sum(axis=0), h.T @ delta2, delta2.sum(axis=0)


REFERENCES = {f.__name__: f for f in (
    second_difference, two_neuron_chain_rule, squared_relu_neuron_backward, sigmoid_neuron_update,
    exact_fit_bias, network_size, cross_entropy_output_delta, tied_weight_gradient,
    multiplication_count, training_loop, huber_gradient, max_backward,
    layer_norm_backward, tanh_hidden_delta, layer_backward,
    numerical_layer_gradients, batch_backward, softmax_network_gradients,
)}
TUPLES = {"squared_relu_neuron_backward": 3, "sigmoid_neuron_update": 2, "network_size": 2,
          "multiplication_count": 2,
          "layer_backward": 3, "numerical_layer_gradients": 3, "batch_backward": 4,
          "softmax_network_gradients": 4}
NAMES = list(REFERENCES)


def check(name):
    return getattr(classroom, f"check_{name}")


def run(name, answer):
    """Check ``answer``; return its verdict, asserting that it carries exactly one message."""
    verdict = check(name)(answer)
    message = verdict.message
    assert message.count("✅") + message.count("❌") + message.count("⏳") == 1, message
    return verdict


def stub(*args, **kwargs):
    raise NotImplementedError("write this function")


# --- plausible wrong answers, each with the mistake its hint must name -------------------------

def train_recording_after_the_step(net, x, t, eta, epochs, batch_size, seed):
    return training_loop(net, x, t, eta, epochs, batch_size, seed, before=False)


def train_a_copy(net, x, t, eta, epochs, batch_size, seed):
    return training_loop(copy.deepcopy(net), x, t, eta, epochs, batch_size, seed)


def train_recording_the_summed_loss(net, x, t, eta, epochs, batch_size, seed):
    return training_loop(net, x, t, eta, epochs, batch_size, seed,
                         record=lambda net, x, t: 0.5 * np.sum((net.forward(x) - t) ** 2))


def train_without_shuffling_the_targets(net, x, t, eta, epochs, batch_size, seed):
    return training_loop(net, x, t, eta, epochs, batch_size, seed, shuffle_targets=False)


def train_full_batch(net, x, t, eta, epochs, batch_size, seed):
    return training_loop(net, x, t, eta, epochs, len(x), seed)


def train_with_a_new_generator_each_epoch(net, x, t, eta, epochs, batch_size, seed):
    return sum((training_loop(net, x, t, eta, 1, batch_size, seed) for _ in range(epochs)), [])


def train_dropping_the_last_batch(net, x, t, eta, epochs, batch_size, seed):
    rng, losses = np.random.default_rng(seed), []
    for _ in range(epochs):
        losses.append(net.loss(x, t))
        order = rng.permutation(len(x))
        for start in range(0, len(x) - batch_size + 1, batch_size):
            batch = order[start:start + batch_size]
            net.step(net.gradients(x[batch], t[batch]), eta)
    return losses


def sigmoid_prime(a):
    return sigmoid(a) * (1 - sigmoid(a))


def two_neuron_factors(x, w, b1, u, b2, t):
    h = sigmoid(w * x + b1)
    y = sigmoid(u * h + b2)
    return (y - t) * y * (1 - y), u, h * (1 - h), x


def two_neuron_without_the_hidden_gain(*p):
    dL_da2, u, _, x = two_neuron_factors(*p)
    return dL_da2 * u * x


def two_neuron_without_u(*p):
    dL_da2, _, gain, x = two_neuron_factors(*p)
    return dL_da2 * gain * x


def two_neuron_with_the_output_gain_twice(x, w, b1, u, b2, t):
    y = sigmoid(u * sigmoid(w * x + b1) + b2)
    return (y - t) * (y * (1 - y)) ** 2 * u * x


def layer_backward_without_the_gain(X, W, b, G):
    return X.T @ G, G.sum(axis=0), G @ W.T


def layer_backward_summing_the_bias_over_the_features(X, W, b, G):
    dW, _, dX = layer_backward(X, W, b, G)
    return dW, (G * sigmoid(X @ W + b)).sum(axis=1), dX


def layer_backward_of_the_mean(X, W, b, G):
    return tuple(d / len(X) for d in layer_backward(X, W, b, G))


def layer_backward_with_dx_from_g(X, W, b, G):
    dW, db, _ = layer_backward(X, W, b, G)
    return dW, db, G @ W.T


def numerical_gradients_of_the_outputs_summed(X, W, b, G):
    return numerical_layer_gradients(X, W, b, np.ones_like(G))


def numerical_gradients_of_a_copy(X, W, b, G):
    def summed():
        return np.sum(G * softplus(X @ W + b))

    return tuple(bp.numerical_gradient(summed, p.copy()) for p in (W, b, X))


def numerical_gradients_of_the_mean(X, W, b, G):
    return tuple(d / G.size for d in numerical_layer_gradients(X, W, b, G))


def buggy_batch_backward(x, t, w, b1, u, b2):
    """Notebook 07's function with the bug to find: sigmoid_prime of h, not of a⁽¹⁾."""
    h = sigmoid(x @ w + b1)
    y = sigmoid(h @ u + b2)
    delta2 = (y - t) * y * (1 - y)
    delta1 = (delta2 @ u.T) * sigmoid_prime(h)
    m = len(x)
    return x.T @ delta1 / m, delta1.mean(axis=0), h.T @ delta2 / m, delta2.mean(axis=0)


def batch_backward_without_the_hidden_gain(x, t, w, b1, u, b2):
    h = sigmoid(x @ w + b1)
    y = sigmoid(h @ u + b2)
    delta2 = (y - t) * y * (1 - y)
    delta1 = delta2 @ u.T
    m = len(x)
    return x.T @ delta1 / m, delta1.mean(axis=0), h.T @ delta2 / m, delta2.mean(axis=0)


def batch_backward_of_the_sum(x, t, w, b1, u, b2):
    return tuple(len(x) * g for g in batch_backward(x, t, w, b1, u, b2))


def batch_backward_without_the_output_gain(x, t, w, b1, u, b2):
    h = sigmoid(x @ w + b1)
    y = sigmoid(h @ u + b2)
    delta2 = y - t
    delta1 = (delta2 @ u.T) * h * (1 - h)
    m = len(x)
    return x.T @ delta1 / m, delta1.mean(axis=0), h.T @ delta2 / m, delta2.mean(axis=0)


def softmax_network_gradients_without_relu_prime(x, t, w, b1, u, b2):
    h = np.maximum(0, x @ w + b1)
    e = np.exp(h @ u + b2)
    y = e / e.sum(axis=1, keepdims=True)
    delta2 = (y - t) / len(x)
    delta1 = delta2 @ u.T
    return x.T @ delta1, delta1.sum(axis=0), h.T @ delta2, delta2.sum(axis=0)


def softmax_network_gradients_of_the_sum(x, t, w, b1, u, b2):
    return tuple(len(x) * g for g in softmax_network_gradients(x, t, w, b1, u, b2))


def softmax_network_gradients_with_a_gain_at_the_output(x, t, w, b1, u, b2):
    a1 = x @ w + b1
    h = np.maximum(0, a1)
    y = softmax_rows(h @ u + b2)
    delta2 = (y - t) * y * (1 - y) / len(x)
    delta1 = (delta2 @ u.T) * (a1 > 0)
    return x.T @ delta1, delta1.sum(axis=0), h.T @ delta2, delta2.sum(axis=0)


def softmax_rows(a):
    e = np.exp(a - a.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


WRONG = [
    ("second_difference", lambda f, x, h=1e-4: (f(x + h) + f(x - h)) / h**2, "f(x) is missing"),
    ("second_difference", lambda f, x, h=1e-4: (f(x + h) - f(x) + f(x - h)) / h**2,
     "count it in each"),
    ("second_difference", lambda f, x, h=1e-4: h * second_difference(f, x, h), "divide by h²"),
    ("second_difference", lambda f, x, h=1e-4: second_difference(f, x, h) / 2, "not 2h"),
    ("second_difference", lambda f, x, h=1e-4: (f(x + 2 * h) - 2 * f(x + h) + f(x)) / h**2,
     "one-sided (forward)"),
    ("second_difference", lambda f, x, h=1e-4: second_difference(f, x, 2 * h), "x ± 2h"),
    ("second_difference", lambda f, x, h=1e-4: -second_difference(f, x, h), "sign is flipped"),
    ("second_difference", lambda f, x, h=1e-4: (f(x + h) - f(x - h)) / (2 * h), "f′(x)"),
    ("second_difference", lambda f, x, h=1e-4: second_difference(f, x), "step h you are given"),
    ("two_neuron_chain_rule", two_neuron_without_the_hidden_gain, "hidden unit's gain"),
    ("two_neuron_chain_rule", two_neuron_without_u, "weight u"),
    ("two_neuron_chain_rule", two_neuron_with_the_output_gain_twice, "wrong unit"),
    ("two_neuron_chain_rule",
     lambda *p: -two_neuron_chain_rule(*p), "sign is flipped"),
    ("two_neuron_chain_rule", lambda x, *p: two_neuron_chain_rule(x, *p) / x, "∂a⁽¹⁾/∂w = x"),
    ("squared_relu_neuron_backward", lambda x, w, b: tuple(
        g / abs(x @ w + b) / 2 for g in squared_relu_neuron_backward(x, w, b)), "ReLU's gain"),
    ("squared_relu_neuron_backward", lambda x, w, b: tuple(
        g / 2 for g in squared_relu_neuron_backward(x, w, b)), "2r"),
    ("squared_relu_neuron_backward", lambda x, w, b: (2 * (x @ w + b) * w, 2 * (x @ w + b) * x,
                                                      2 * (x @ w + b)), "a = x·w + b ≤ 0"),
    ("squared_relu_neuron_backward",
     lambda x, w, b: squared_relu_neuron_backward(x, w, b)[1::-1]
     + (squared_relu_neuron_backward(x, w, b)[2],), "swapped"),
    ("sigmoid_neuron_update",
     lambda x, w, b, t, eta, lam: (sigmoid_neuron_update(x, w, b, t, eta, lam)[0], b),
     "forgot the bias"),
    ("sigmoid_neuron_update",
     lambda x, w, b, t, eta, lam: tuple(2 * p - q for p, q in
                                        zip((w, b), sigmoid_neuron_update(x, w, b, t, eta, lam))),
     "sign is flipped"),
    ("sigmoid_neuron_update",
     lambda x, w, b, t, eta, lam: sigmoid_neuron_update(x, w, b, t, eta, 0), "no weight decay"),
    ("sigmoid_neuron_update",
     lambda x, w, b, t, eta, lam: (sigmoid_neuron_update(x, w, b, t, eta, lam)[0],
                                   sigmoid_neuron_update(x, w, b, t, eta, lam)[1] - eta * lam * b),
     "the bias is not decayed"),
    ("sigmoid_neuron_update",
     lambda x, w, b, t, eta, lam: sigmoid_neuron_update(x, w, b, t, eta, 2 * lam)[:1]
     + sigmoid_neuron_update(x, w, b, t, eta, lam)[1:], "not 2λ w"),
    ("exact_fit_bias", lambda h, u, t: t - h @ u, "undo the sigmoid"),
    ("exact_fit_bias", lambda h, u, t: -np.log(1 / t - 1), "h u already supplies"),
    ("exact_fit_bias", lambda h, u, t: -np.log(1 / t - 1) + h @ u, "the sign of h u"),
    ("exact_fit_bias", lambda h, u, t: np.log(1 / t - 1) - h @ u, "upside down"),
    ("exact_fit_bias", lambda h, u, t: np.log(t) - h @ u, "not log t"),
    ("network_size", lambda sizes: network_size(sizes)[::-1], "swapped"),
    ("network_size", lambda sizes: (network_size(sizes)[1],) * 2, "miss the biases"),
    ("network_size", lambda sizes: (network_size(sizes)[1] + sum(sizes), network_size(sizes)[1]),
     "input layer has no biases"),
    ("network_size", lambda sizes: network_size(sizes[:2]), "only the first layer"),
    ("cross_entropy_output_delta", lambda y, t: -t / y + (1 - t) / (1 - y), "σ′"),
    ("cross_entropy_output_delta", lambda y, t: (y - t) * y * (1 - y), "L2 loss"),
    ("cross_entropy_output_delta", lambda y, t: t - y, "sign is flipped"),
    ("tied_weight_gradient", lambda h, delta: np.outer(h, delta), "untied"),
    ("tied_weight_gradient", lambda h, delta: h * delta[0], "only output 1"),
    ("tied_weight_gradient", lambda h, delta: h * np.mean(delta), "mean of the deltas"),
    ("multiplication_count", lambda *n: multiplication_count(*n)[::-1], "swapped"),
    ("training_loop", train_recording_after_the_step, "BEFORE"),
    ("training_loop", train_a_copy, "in place"),
    ("training_loop", train_recording_the_summed_loss, "mean over the examples"),
    ("training_loop", train_without_shuffling_the_targets, "the same order"),
    ("training_loop", train_full_batch, "once per mini-batch"),
    ("training_loop", train_with_a_new_generator_each_epoch, "generator once"),
    ("training_loop", train_dropping_the_last_batch, "last, smaller batch"),
    ("training_loop", lambda net, x, t, eta, epochs, batch_size, seed: training.train(
        net, x, t, eta, epochs, batch_size=batch_size, seed=seed), "bpcourse.training.train"),
    ("huber_gradient", lambda y, t, d: y - t, "L2 loss's slope everywhere"),
    ("huber_gradient", lambda y, t, d: np.where(np.abs(y - t) <= d, y - t, d),
     "mind the sign of r"),
    ("max_backward", lambda x, g: np.broadcast_to(g[:, None], x.shape).copy(),
     "only the largest entry"),
    ("max_backward", lambda x, g: np.broadcast_to(g[:, None], x.shape) / x.shape[1],
     "backward pass of the mean"),
    ("layer_norm_backward",
     lambda x, G: G / np.sqrt(((x - x.mean(1, keepdims=True)) ** 2).mean(1, keepdims=True)
                             + 1e-5), "μ and σ as constants"),
    ("tanh_hidden_delta", lambda delta2, u, h: (delta2 @ u.T) * h * (1 - h), "sigmoid's gain"),
    ("tanh_hidden_delta", lambda delta2, u, h: (delta2 @ u.T) * (1 - np.tanh(h) ** 2),
     "not tanh′(h)"),
    ("tanh_hidden_delta", lambda delta2, u, h: (delta2 @ u.T) * (1 - h), "tanh′ is even"),
    ("tanh_hidden_delta", lambda delta2, u, h: delta2 @ u.T, "missing the gain"),
    ("layer_backward", layer_backward_without_the_gain, "missing the gain"),
    ("layer_backward", lambda X, W, b, G: layer_backward_without_the_gain(
        X, W, b, G * softplus(X @ W + b) * (1 - softplus(X @ W + b))), "the sigmoid's gain"),
    ("layer_backward", layer_backward_summing_the_bias_over_the_features, "wrong axis"),
    ("layer_backward", layer_backward_of_the_mean, "not the mean"),
    ("layer_backward", layer_backward_with_dx_from_g, "dX skips the gain"),
    ("numerical_layer_gradients", numerical_gradients_of_the_outputs_summed,
     "weight each Y by its G"),
    ("numerical_layer_gradients", numerical_gradients_of_a_copy, "not a copy"),
    ("numerical_layer_gradients", numerical_gradients_of_the_mean, "sum it"),
    ("batch_backward", buggy_batch_backward, "still the bug"),
    ("batch_backward", batch_backward_without_the_hidden_gain, "missing the hidden units' gain"),
    ("batch_backward", batch_backward_of_the_sum, "mean over the batch"),
    ("batch_backward", batch_backward_without_the_output_gain, "y(1 − y) too"),
    ("softmax_network_gradients", softmax_network_gradients_without_relu_prime,
     "missing ReLU′"),
    ("softmax_network_gradients", softmax_network_gradients_of_the_sum, "mean over the batch"),
    ("softmax_network_gradients", softmax_network_gradients_with_a_gain_at_the_output,
     "no gain factor left"),
]


# --- what the classroom offers -----------------------------------------------------------------

def checkers_of_notebooks_01_to_08():
    """The checkers this file tests (notebook 09's take a class: test_exercises_engine.py)."""
    return sorted(n for n in classroom.__all__ if n.startswith("check_")
                  and re.search(r"\.ex0[1-8]_", getattr(classroom, n).__module__))


def test_notebooks_01_to_08_have_a_checker_for_each_of_their_exercises():
    assert checkers_of_notebooks_01_to_08() == sorted(f"check_{n}" for n in NAMES)


def test_every_checker_and_the_verdict_are_importable_from_the_classroom():
    assert {"Verdict"} | {f"check_{n}" for n in NAMES} <= set(classroom.__all__)
    assert all(hasattr(classroom, n) for n in classroom.__all__)


def test_the_classroom_imports_neither_matplotlib_nor_ipywidgets_nor_the_pictures():
    code = ("import sys, bpcourse.classroom\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('matplotlib', 'ipywidgets') or m.startswith('bpcourse.pictures')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "[]"


# --- the verdict -------------------------------------------------------------------------------

PASSED = Verdict("f", True, "✅ f: all 3 cases match")
TODO = Verdict("f", False, "⏳ f: not implemented yet: return f")
FAILED = Verdict("f", False, "❌ f: case 1 of 3: does not match")


@pytest.mark.parametrize("name", NAMES)
def test_every_checker_returns_a_verdict(name):
    for answer in (REFERENCES[name], stub, lambda *a: None, None):
        verdict = check(name)(answer)
        assert isinstance(verdict, Verdict)
        assert verdict.name == name


def test_verdict_is_truthy_exactly_when_passed():
    assert bool(PASSED) is True
    assert bool(TODO) is False
    assert bool(FAILED) is False


def test_verdict_passed_is_a_real_bool():
    assert Verdict("f", 1, "✅").passed is True
    assert Verdict("f", np.bool_(False), "❌").passed is False


def test_a_checker_verdict_is_truthy_exactly_when_the_answer_passed():
    name = "cross_entropy_output_delta"
    assert check(name)(cross_entropy_output_delta)
    assert not check(name)(stub)
    assert not check(name)(lambda y, t: (y - t) * y * (1 - y))


def test_verdict_repr_is_the_message():
    assert repr(FAILED) == FAILED.message
    assert str(FAILED) == FAILED.message


def test_verdict_html_escapes_the_message():
    html = Verdict("f", False, "❌ f: expected a < b & c, got <script>")._repr_html_()
    assert "a &lt; b &amp; c, got &lt;script&gt;" in html
    assert "<script>" not in html


def test_verdict_html_shows_the_message_in_a_pre_inside_a_div_without_scripts():
    html = FAILED._repr_html_()
    assert html.startswith("<div ") and html.endswith("</div>")
    assert "<pre " in html and "does not match</pre>" in html
    assert "script" not in html.lower()


def test_verdict_html_edge_is_green_amber_or_red_by_outcome():
    colours = [v._repr_html_().split("border-left:", 1)[1].split(";", 1)[0]
               for v in (PASSED, TODO, FAILED)]
    assert len(set(colours)) == 3


def test_verdict_html_is_the_same_every_time():
    verdicts = [check("tied_weight_gradient")(tied_weight_gradient) for _ in range(2)]
    assert verdicts[0]._repr_html_() == verdicts[1]._repr_html_()


def test_verdict_html_font_is_at_least_13px():
    size = int(PASSED._repr_html_().split("font-size:", 1)[1].split("px", 1)[0])
    assert size >= 13


@pytest.mark.parametrize("name", NAMES)
def test_checker_prints_nothing(name, capsys):
    for answer in (REFERENCES[name], stub, zeros_like_the_reference(name), lambda *a: 1 / 0):
        check(name)(answer)
    assert capsys.readouterr() == ("", "")


# --- right answers and stubs -------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_the_reference_answer_passes_with_a_check_mark(name):
    verdict = run(name, REFERENCES[name])
    assert verdict.passed is True
    assert verdict.message.startswith(f"✅ {name}: all ")
    assert "including a hidden random one" in verdict.message


@pytest.mark.parametrize("name", NAMES)
def test_the_pass_message_is_the_same_every_time_despite_the_random_case(name):
    first = run(name, REFERENCES[name]).message
    assert run(name, REFERENCES[name]).message == first


@pytest.mark.parametrize("name", NAMES)
def test_a_stub_gets_a_calm_not_implemented_yet(name):
    verdict = run(name, stub)
    assert verdict.passed is False
    assert verdict.message.startswith(f"⏳ {name}: not implemented yet")


@pytest.mark.parametrize("name", NAMES)
def test_the_not_implemented_message_says_what_to_do_without_giving_the_code_away(name):
    def bare_stub(*args):
        raise NotImplementedError

    task = run(name, bare_stub).message.split("not implemented yet: ", 1)[1]
    assert task.startswith("return ") or task.startswith("train ")
    for code in ("np.", "@", " * ", "**", "sigmoid("):
        assert code not in task


# --- wrong and broken answers ------------------------------------------------------------------

def nan_like_the_reference(name):
    def answer(*args):
        value = REFERENCES[name](*args)
        if name in TUPLES:
            return tuple(np.full(np.shape(v), np.nan) for v in value)
        return np.full(np.shape(value), np.nan)
    return answer


def zeros_like_the_reference(name):
    def answer(*args):
        value = REFERENCES[name](*args)
        if name in TUPLES:
            return tuple(np.zeros(np.shape(v)) for v in value)
        return np.zeros(np.shape(value))
    return answer


def wrong_shape(name):
    def answer(*args):
        return tuple(np.zeros(7) for _ in range(TUPLES[name])) if name in TUPLES else np.zeros(7)
    return answer


class Unreadable:
    """An answer that breaks every way of looking at it."""

    def __array__(self, *args, **kwargs):
        raise RuntimeError("no array here")

    def __eq__(self, other):
        raise RuntimeError("no comparing")

    __hash__ = None

    def __repr__(self):
        raise RuntimeError("no repr")

    def __len__(self):
        raise RuntimeError("no len")

    def __iter__(self):
        raise RuntimeError("no iter")


class Obscure(Exception):
    def __str__(self):
        raise RuntimeError("no message")


def raise_obscure(*args):
    raise Obscure()


BROKEN = {
    "raises another error": (lambda *a: 1 / 0, "raised ZeroDivisionError"),
    "raises an error without a message": (raise_obscure, "raised Obscure"),
    "returns None": (lambda *a: None, "None"),
    "returns a string": (lambda *a: "0.5", "string"),
    "returns a function": (lambda *a: print, "function"),
    "returns something unreadable": (lambda *a: Unreadable(), "Unreadable"),
    "returns a huge list": (lambda *a: list(range(1_000_000)), "1000000"),
    "takes no arguments": (lambda: 0.0, "arguments"),
    "takes too many arguments": (lambda a, b, c, d, e, f, g, h: 0.0, "arguments"),
    "is a number, not a function": (42, "expected a function"),
    "is the string of its name": ("my_function", "expected a function"),
    "is None": (None, "expected a function"),
}


@pytest.mark.parametrize("broken", BROKEN)
@pytest.mark.parametrize("name", NAMES)
def test_a_broken_answer_fails_with_a_message_saying_so(name, broken):
    answer, says = BROKEN[broken]
    verdict = run(name, answer)
    assert verdict.passed is False
    assert verdict.message.startswith(f"❌ {name}: ")
    assert says in verdict.message
    assert len(verdict.message) < 1000, "a huge answer is described by its shape, never shown"


@pytest.mark.parametrize("name", NAMES)
def test_passing_something_else_than_a_function_shows_how_to_call_the_check(name):
    assert f"check_{name}(my_function)" in run(name, 42).message


@pytest.mark.parametrize("name", NAMES)
def test_nan_fails_with_a_message_naming_nan(name):
    verdict = run(name, nan_like_the_reference(name))
    assert verdict.passed is False
    assert "NaN" in verdict.message


@pytest.mark.parametrize("name", NAMES)
def test_the_wrong_shape_fails_naming_expected_and_received_shapes(name):
    verdict = run(name, wrong_shape(name))
    assert verdict.passed is False
    assert "wrong shape" in verdict.message
    assert "(7,)" in verdict.message
    assert "expected" in verdict.message


@pytest.mark.parametrize("name", NAMES)
def test_zeros_of_the_right_shape_fail_showing_input_expected_and_received(name):
    verdict = run(name, zeros_like_the_reference(name))
    assert verdict.passed is False
    assert "does not match" in verdict.message
    for label in ("input:", "expected:", "received:"):
        assert label in verdict.message


@pytest.mark.parametrize(("name", "answer", "hint"), WRONG,
                         ids=[f"{n}-{h}" for n, _, h in WRONG])
def test_a_plausible_wrong_answer_fails_with_a_hint_naming_the_mistake(name, answer, hint):
    verdict = run(name, answer)
    assert verdict.passed is False
    assert "hint:" in verdict.message
    assert hint in verdict.message


@pytest.mark.parametrize("name", NAMES)
def test_an_answer_that_changes_an_input_array_fails_naming_it(name):
    touched = []

    def vandal(*args):
        value = REFERENCES[name](*args)  # right, computed before the damage
        for arg in args:
            if isinstance(arg, np.ndarray) and arg.size:
                arg += 1.0
                touched.append(arg)
        return value

    verdict = run(name, vandal)
    if touched:
        assert verdict.passed is False
        assert "changed its argument" in verdict.message and "hint:" in verdict.message
    else:  # no array to change (counts, a function and a number)
        assert verdict.passed is True, verdict.message


@pytest.mark.parametrize("name", NAMES)
def test_a_function_that_calls_exit_fails_without_ending_the_session(name):
    def leave(*args):
        raise SystemExit(1)

    verdict = run(name, leave)
    assert verdict.passed is False
    assert "raised SystemExit" in verdict.message


class Leaving:
    """An answer that ends the session when numpy reads it."""

    def __array__(self, *args, **kwargs):
        raise SystemExit(1)

    def __iter__(self):
        raise SystemExit(1)


@pytest.mark.parametrize("name", NAMES)
def test_an_answer_that_calls_exit_when_read_fails_without_ending_the_session(name):
    verdict = run(name, lambda *args: Leaving())
    assert verdict.passed is False
    assert verdict.message.startswith(f"❌ {name}: ")


# --- particular exercises ----------------------------------------------------------------------

def test_the_2_3_2_network_needs_54_naive_and_22_backprop_multiplications():
    answer = {(2, 3, 2): (54, 22)}
    verdict = run("multiplication_count", lambda *n: answer.get(n, multiplication_count(*n)))
    assert verdict.passed is True
    assert multiplication_count(2, 3, 2) == (54, 22)


def test_a_wrong_count_fails_and_shows_the_exact_numbers():
    verdict = run("multiplication_count", lambda *n: (54, 21))
    assert verdict.passed is False
    assert "expected: naive = 54, backprop = 22" in verdict.message
    assert "received: naive = 54, backprop = 21" in verdict.message


def test_a_scalar_answer_may_come_as_a_one_element_array():
    def in_arrays(sizes):
        return tuple(np.array([n]) for n in network_size(sizes))

    assert run("network_size", in_arrays).passed is True


def test_the_2_3_2_network_has_17_parameters_and_12_multiplications():
    assert network_size([2, 3, 2]) == (17, 12)
    verdict = run("network_size", lambda sizes: (17, 12))
    assert verdict.passed is False
    assert "input:    sizes = [2, 4, 3, 3, 2]" in verdict.message


def test_counting_with_the_librarys_parameter_count_is_refused():
    def with_the_library(sizes):
        return bp.cost.parameter_count(sizes), network_size(sizes)[1]

    verdict = run("network_size", with_the_library)
    assert verdict.passed is False and "bpcourse.cost.parameter_count" in verdict.message
    assert bp.cost.parameter_count([2, 3, 2]) == 17  # put back afterwards


def test_the_cross_entropy_delta_does_not_vanish_where_the_l2_one_does():
    y, t = np.array([0.001]), np.array([1.0])
    assert abs(cross_entropy_output_delta(y, t)[0]) > 0.99
    assert abs(((y - t) * y * (1 - y))[0]) < 0.001


def test_a_training_loop_with_one_loss_too_many_fails_on_its_shape():
    def one_more(net, x, t, eta, epochs, batch_size, seed):
        return training_loop(net, x, t, eta, epochs + 1, batch_size, seed)

    verdict = run("training_loop", one_more)
    assert verdict.passed is False
    assert "wrong shape" in verdict.message


def test_a_student_function_that_raises_shows_the_input_of_the_failing_case():
    verdict = run("two_neuron_chain_rule", lambda x, w, b1, u, b2, t: [][0])
    assert verdict.passed is False
    assert "raised IndexError" in verdict.message
    assert "x = 2, w = 0.5, b1 = -0.5, u = 1.5, b2 = 0.2, t = 1" in verdict.message


# --- what the grader refuses, and how it points at the mistake ----------------------------------

def test_strings_inside_an_array_are_refused():
    verdict = run("tied_weight_gradient", lambda h, d: tied_weight_gradient(h, d).astype(str))
    assert verdict.passed is False and "strings, not numbers" in verdict.message


def test_a_list_of_strings_is_refused():
    verdict = run("cross_entropy_output_delta", lambda y, t: [str(v) for v in y - t])
    assert verdict.passed is False and "strings, not numbers" in verdict.message


def test_strings_inside_one_part_of_a_tuple_are_refused():
    def answer(*args):
        dw, db, dx = layer_backward(*args)
        return dw, db.astype(str), dx

    verdict = run("layer_backward", answer)
    assert verdict.passed is False and "db holds strings" in verdict.message


def test_a_one_element_tuple_where_a_number_belongs_is_refused():
    verdict = run("network_size", lambda sizes: ((network_size(sizes)[0],), 12))
    assert verdict.passed is False and "a single number is asked for" in verdict.message


def test_an_answer_that_also_steps_the_weights_it_was_given_is_refused():
    def steps_twice(x, t, w, b1, u, b2):
        grads = batch_backward(x, t, w, b1, u, b2)
        w -= 10.0 * grads[0]  # the extra line: training would then take every step twice
        return grads

    verdict = run("batch_backward", steps_twice)
    assert verdict.passed is False
    assert "changed its argument w" in verdict.message


def test_an_answer_that_scales_g_in_place_is_refused():
    def in_place(X, W, b, G):
        Y = sigmoid(X @ W + b)
        G *= Y * (1 - Y)
        return X.T @ G, G.sum(axis=0), G @ W.T

    verdict = run("layer_backward", in_place)
    assert verdict.passed is False and "changed its argument G" in verdict.message


def test_a_function_that_never_returns_is_stopped_with_a_message(monkeypatch):
    from bpcourse.classroom import grader

    monkeypatch.setattr(grader, "TIME_LIMIT", 0.3)

    def forever(y, t):
        while True:
            try:
                pass
            except Exception:  # a student's catch-all does not keep it running
                pass

    verdict = run("cross_entropy_output_delta", forever)
    assert verdict.passed is False
    assert "ran for more than" in verdict.message and "stopped" in verdict.message


def test_an_interrupt_ends_the_check_with_a_verdict_not_a_traceback():
    def interrupted(y, t):
        raise KeyboardInterrupt

    verdict = classroom.check_cross_entropy_output_delta(interrupted)
    assert verdict.passed is False and "interrupted" in verdict.message
    assert "y - t" not in verdict.message


def test_a_failing_reference_is_reported_as_the_courses_bug_not_the_students():
    from bpcourse.classroom.grader import Case, fresh, grade

    def broken_reference(y):
        raise ValueError("a bug in the course")

    verdict = grade("demo", lambda y: y, [Case(fresh(np.ones(2)))], broken_reference,
                    params=("y",), todo="return y")
    assert verdict.passed is False
    assert "bug in the course" in verdict.message and "not in your answer" in verdict.message


def test_the_softmax_exercise_refuses_an_answer_that_calls_bp_network():
    def with_the_library(x, t, w, b1, u, b2):
        net = bp.Network.from_weights([w, u], [b1, b2], activation="relu", output="softmax",
                                      loss="cross_entropy")
        return tuple(net.gradients(x, t))

    verdict = run("softmax_network_gradients", with_the_library)
    assert verdict.passed is False and "Network.gradients" in verdict.message
    assert bp.Network.gradients.__name__ == "gradients"  # put back afterwards


def test_a_numerical_estimate_that_is_the_analytic_gradient_is_refused():
    verdict = run("numerical_layer_gradients", layer_backward)
    assert verdict.passed is False
    assert "bp.numerical_gradient" in verdict.message


def test_one_sided_differences_get_a_hint_about_centred_ones():
    def one_sided(X, W, b, G):
        def summed():
            return np.sum(G * softplus(X @ W + b))

        grads = []
        for p in (W, b, X):
            grad, flat = np.zeros(p.shape), p.reshape(-1)
            for i in range(flat.size):
                base = summed()
                flat[i] += 1e-5
                grad.reshape(-1)[i] = (summed() - base) / 1e-5
                flat[i] -= 1e-5
            grads.append(grad)
        return tuple(grads)

    verdict = run("numerical_layer_gradients", one_sided)
    assert verdict.passed is False and "centred" in verdict.message


def random_wrong_answers(name):
    """Wrong answers no catalogue lists: scaled by 1.37, sign flipped, transposed, one entry off."""
    def changed(how):
        def answer(*args):
            value = REFERENCES[name](*args)
            parts = list(value) if name in TUPLES else [value]
            parts = [np.asarray(p, dtype=float) for p in parts]
            parts[-1] = how(parts[-1])
            return tuple(parts) if name in TUPLES else parts[0]
        return answer

    def one_entry(a):
        a = a.copy()
        a.reshape(-1)[-1] += 0.37 + abs(a.reshape(-1)[-1])
        return a

    return {"scaled": changed(lambda a: 1.37 * a), "one entry off": changed(one_entry),
            "flipped": changed(lambda a: -a - (a == 0)),
            "transposed": changed(lambda a: a.T + 0.01 if a.ndim == 2 else a + 0.01)}


@pytest.mark.parametrize("how", ["scaled", "one entry off", "flipped", "transposed"])
@pytest.mark.parametrize("name", [n for n in NAMES if n not in ("multiplication_count",
                                                                 "training_loop")])
def test_every_wrong_answer_gets_a_hint_never_only_expected_and_received(name, how):
    verdict = run(name, random_wrong_answers(name)[how])
    assert verdict.passed is False
    assert "hint:" in verdict.message, verdict.message


def test_a_scaled_answer_is_told_its_factor():
    verdict = run("tanh_hidden_delta", lambda d, u, h: 1.37 * tanh_hidden_delta(d, u, h))
    assert "1.37 times the expected value" in verdict.message


def test_an_answer_divided_by_m_twice_is_told_so():
    def twice(x, t, w, b1, u, b2):
        return tuple(g / len(x) for g in batch_backward(x, t, w, b1, u, b2))

    verdict = run("batch_backward", twice)
    assert verdict.passed is False and "hint:" in verdict.message
    assert "divided twice" in verdict.message or "mean" in verdict.message


def test_one_minus_h_squared_the_wrong_way_round_gets_its_own_hint():
    verdict = run("tanh_hidden_delta", lambda d, u, h: (d @ u.T) * (1 - h) ** 2)
    assert "(1 − h)² is not tanh′" in verdict.message


def test_a_softmax_without_keepdims_is_told_about_keepdims():
    def no_keepdims(x, t, w, b1, u, b2):
        h = np.maximum(x @ w + b1, 0)
        e = np.exp(h @ u + b2)
        y = e / e.sum(axis=1)  # shapes (m, 3) and (m,): broadcasting fails for m != 3
        d2 = (y - t) / len(x)
        d1 = (d2 @ u.T) * (h > 0)
        return x.T @ d1, d1.sum(axis=0), h.T @ d2, d2.sum(axis=0)

    verdict = run("softmax_network_gradients", no_keepdims)
    assert verdict.passed is False and "keepdims=True" in verdict.message
