"""The exercise checkers: they pass every right answer, fail every wrong or broken one with a
message that says what is wrong, and never raise."""

import copy

import numpy as np
import pytest

from bpcourse import exercises


def sigmoid(a):
    return 1 / (1 + np.exp(-a))


def softmax(a):
    e = np.exp(a - np.max(a))
    return e / e.sum()


# --- reference answers, written as a student would ---------------------------------------------

def centred_difference(f, x, h=1e-5):
    return (f(x + h) - f(x - h)) / (2 * h)


def neuron_chain_rule(x, w, b, t):
    y = sigmoid(w * x + b)
    return (y - t) * y * (1 - y) * x


def relu_neuron_backward(x, w, b):
    gate = 1.0 if x @ w + b > 0 else 0.0
    return gate * w, gate * x, gate


def sigmoid_neuron_update(x, w, b, t, eta):
    y = sigmoid(x @ w + b)
    delta = (y - t) * y * (1 - y)
    return w - eta * delta * x, b - eta * delta


def forward_2_3_2(x, w, b1, u, b2):
    h = sigmoid(x @ w + b1)
    return sigmoid(h @ u + b2)


def l2_loss(y, t):
    return 0.5 * np.sum((y - t) ** 2)


def output_delta(y, t):
    return (y - t) * y * (1 - y)


def output_weight_gradient(h, delta):
    return np.outer(h, delta)


def hidden_delta(delta2, u, h):
    return (delta2 @ u.T) * h * (1 - h)


def multiplication_count(n_in, n_h, n_out):
    return n_in * n_h * (3 * n_out + 3), 2 * n_out + n_h * n_out + 2 * n_h + n_in * n_h


def training_loop(net, x, t, eta, epochs):
    losses = []
    for _ in range(epochs):
        losses.append(net.loss(x, t))
        net.step(net.gradients(x, t), eta)
    return losses


def leaky_relu_derivative(a, alpha=0.01):
    return np.where(a > 0, 1.0, alpha)


def tanh_derivative(a):
    return 1 - np.tanh(a) ** 2


def softmax_cross_entropy_gradient(a, t):
    return softmax(a) - t


REFERENCES = {f.__name__: f for f in (
    centred_difference, neuron_chain_rule, relu_neuron_backward, sigmoid_neuron_update,
    forward_2_3_2, l2_loss, output_delta, output_weight_gradient, hidden_delta,
    multiplication_count, training_loop, leaky_relu_derivative, tanh_derivative,
    softmax_cross_entropy_gradient,
)}
TUPLES = {"relu_neuron_backward": 3, "sigmoid_neuron_update": 2, "multiplication_count": 2}
NAMES = list(REFERENCES)


def check(name):
    return getattr(exercises, f"check_{name}")


def run(name, answer, capsys):
    """Check ``answer``; return (result, printed text) and assert exactly one message."""
    result = check(name)(answer)
    out, err = capsys.readouterr()
    assert err == ""
    assert out.count("✅") + out.count("❌") + out.count("⏳") == 1, out
    return result, out


# --- plausible wrong answers, each with the mistake its hint must name -------------------------

def train_recording_after_the_step(net, x, t, eta, epochs):
    losses = []
    for _ in range(epochs):
        net.step(net.gradients(x, t), eta)
        losses.append(net.loss(x, t))
    return losses


def train_a_copy(net, x, t, eta, epochs):
    return training_loop(copy.deepcopy(net), x, t, eta, epochs)


def train_recording_the_summed_loss(net, x, t, eta, epochs):
    losses = []
    for _ in range(epochs):
        losses.append(0.5 * np.sum((net.forward(x) - t) ** 2))
        net.step(net.gradients(x, t), eta)
    return losses


def naive_softmax_gradient(a, t):
    e = np.exp(a)
    return e / e.sum() - t


WRONG = [
    ("centred_difference", lambda f, x, h=1e-5: (f(x + h) - f(x)) / h, "forward difference"),
    ("centred_difference", lambda f, x, h=1e-5: (f(x + h) - f(x - h)) / h, "2h"),
    ("neuron_chain_rule", lambda x, w, b, t: (sigmoid(w * x + b) - t) * x, "σ′"),
    ("neuron_chain_rule",
     lambda x, w, b, t: -neuron_chain_rule(x, w, b, t), "sign is flipped"),
    ("relu_neuron_backward",
     lambda x, w, b: relu_neuron_backward(x, w, b)[1::-1] + (relu_neuron_backward(x, w, b)[2],),
     "swapped"),
    ("relu_neuron_backward", lambda x, w, b: (w, x, 1.0), "no gradient back when a"),
    ("sigmoid_neuron_update",
     lambda x, w, b, t, eta: (sigmoid_neuron_update(x, w, b, t, eta)[0], b), "forgot the bias"),
    ("sigmoid_neuron_update",
     lambda x, w, b, t, eta: tuple(2 * p - q for p, q in
                                   zip((w, b), sigmoid_neuron_update(x, w, b, t, eta))),
     "sign is flipped"),
    ("forward_2_3_2", lambda x, w, b1, u, b2: sigmoid(x @ w + b1) @ u + b2, "output needs"),
    ("forward_2_3_2", lambda x, w, b1, u, b2: sigmoid(sigmoid(x @ w) @ u + b2), "hidden bias"),
    ("l2_loss", lambda y, t: np.sum((y - t) ** 2), "½"),
    ("l2_loss", lambda y, t: np.mean((y - t) ** 2), "mean"),
    ("output_delta", lambda y, t: y - t, "σ′"),
    ("output_delta", lambda y, t: (t - y) * y * (1 - y), "sign is flipped"),
    ("output_weight_gradient", lambda h, delta: np.outer(delta, h), "transposed"),
    ("hidden_delta", lambda delta2, u, h: delta2 @ u.T, "σ′"),
    ("hidden_delta", lambda delta2, u, h: (delta2 @ u) * h * (1 - h), "shapes"),
    ("multiplication_count", lambda *n: multiplication_count(*n)[::-1], "swapped"),
    ("training_loop", train_recording_after_the_step, "BEFORE"),
    ("training_loop", train_a_copy, "in place"),
    ("training_loop", train_recording_the_summed_loss, "mean over the examples"),
    ("leaky_relu_derivative", lambda a, alpha=0.01: np.where(a > 0, 1.0, 0.01), "alpha"),
    ("tanh_derivative", lambda a: 1 - a**2, "square tanh(a)"),
    ("softmax_cross_entropy_gradient", lambda a, t: t - softmax(a), "sign is flipped"),
    ("softmax_cross_entropy_gradient", naive_softmax_gradient, "subtract max(a)"),
]


def test_the_course_has_a_checker_for_each_of_its_14_exercises():
    assert sorted(n for n in dir(exercises) if n.startswith("check_")) == sorted(
        f"check_{n}" for n in NAMES
    )


@pytest.mark.parametrize("name", NAMES)
def test_the_reference_answer_passes_with_a_check_mark(name, capsys):
    result, out = run(name, REFERENCES[name], capsys)
    assert result is True
    assert out.startswith(f"✅ {name}: all ")
    assert "including a hidden random one" in out


@pytest.mark.parametrize("name", NAMES)
def test_the_pass_message_is_the_same_every_time_despite_the_random_case(name, capsys):
    first = run(name, REFERENCES[name], capsys)[1]
    assert run(name, REFERENCES[name], capsys)[1] == first


@pytest.mark.parametrize("name", NAMES)
def test_a_stub_gets_a_calm_not_implemented_yet(name, capsys):
    def stub(*args, **kwargs):
        raise NotImplementedError("write this function")

    result, out = run(name, stub, capsys)
    assert result is False
    assert out.startswith(f"⏳ {name}: not implemented yet")


@pytest.mark.parametrize("name", NAMES)
def test_the_not_implemented_message_says_what_to_do_without_giving_the_code_away(name, capsys):
    def stub(*args):
        raise NotImplementedError

    out = run(name, stub, capsys)[1]
    task = out.split("not implemented yet: ", 1)[1]
    assert task.startswith("return ") or task.startswith("train ")
    for code in ("np.", "@", " * ", "**", "sigmoid("):
        assert code not in task


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
    "takes too many arguments": (lambda a, b, c, d, e, f, g: 0.0, "arguments"),
    "is a number, not a function": (42, "expected a function"),
    "is the string of its name": ("my_function", "expected a function"),
    "is None": (None, "expected a function"),
}


@pytest.mark.parametrize("broken", BROKEN)
@pytest.mark.parametrize("name", NAMES)
def test_a_broken_answer_fails_with_a_message_saying_so(name, broken, capsys):
    answer, says = BROKEN[broken]
    result, out = run(name, answer, capsys)
    assert result is False
    assert out.startswith(f"❌ {name}: ")
    assert says in out
    assert len(out) < 1000, "a huge answer is described by its shape, never printed"


@pytest.mark.parametrize("name", NAMES)
def test_nan_fails_with_a_message_naming_nan(name, capsys):
    result, out = run(name, nan_like_the_reference(name), capsys)
    assert result is False
    assert "NaN" in out


@pytest.mark.parametrize("name", NAMES)
def test_the_wrong_shape_fails_naming_expected_and_received_shapes(name, capsys):
    result, out = run(name, wrong_shape(name), capsys)
    assert result is False
    assert "wrong shape" in out
    assert "(7,)" in out
    assert "expected" in out


@pytest.mark.parametrize("name", NAMES)
def test_zeros_of_the_right_shape_fail_showing_input_expected_and_received(name, capsys):
    result, out = run(name, zeros_like_the_reference(name), capsys)
    assert result is False
    assert "does not match" in out
    for label in ("input:", "expected:", "received:"):
        assert label in out


@pytest.mark.parametrize(("name", "answer", "hint"), WRONG,
                         ids=[f"{n}-{h}" for n, _, h in WRONG])
def test_a_plausible_wrong_answer_fails_with_a_hint_naming_the_mistake(name, answer, hint,
                                                                       capsys):
    result, out = run(name, answer, capsys)
    assert result is False
    assert "hint:" in out
    assert hint in out


@pytest.mark.parametrize("name", NAMES)
def test_an_answer_that_changes_its_inputs_cannot_change_the_expected_values(name, capsys):
    def vandal(*args):
        value = REFERENCES[name](*args)
        for arg in args:
            if isinstance(arg, np.ndarray):
                arg[...] = 0.0
        return value

    result, out = run(name, vandal, capsys)
    assert result is True, out


def test_the_2_3_2_network_needs_54_naive_and_22_backprop_multiplications(capsys):
    answer = {(2, 3, 2): (54, 22)}
    result, out = run("multiplication_count",
                      lambda *n: answer.get(n, multiplication_count(*n)), capsys)
    assert result is True
    assert multiplication_count(2, 3, 2) == (54, 22)


def test_a_wrong_count_fails_and_shows_the_exact_numbers(capsys):
    result, out = run("multiplication_count", lambda *n: (54, 21), capsys)
    assert result is False
    assert "expected: naive = 54, backprop = 22" in out
    assert "received: naive = 54, backprop = 21" in out


@pytest.mark.parametrize("name", NAMES)
def test_a_function_that_calls_exit_fails_without_ending_the_session(name, capsys):
    def leave(*args):
        raise SystemExit(1)

    result, out = run(name, leave, capsys)
    assert result is False
    assert "raised SystemExit" in out


def test_a_scalar_answer_may_come_as_a_one_element_array(capsys):
    result, _ = run("l2_loss", lambda y, t: np.array([l2_loss(y, t)]), capsys)
    assert result is True


def test_a_training_loop_with_one_loss_too_many_fails_on_its_shape(capsys):
    def one_more(net, x, t, eta, epochs):
        return training_loop(net, x, t, eta, epochs + 1)

    result, out = run("training_loop", one_more, capsys)
    assert result is False
    assert "wrong shape" in out


def test_a_student_function_that_raises_shows_the_input_of_the_failing_case(capsys):
    result, out = run("neuron_chain_rule", lambda x, w, b, t: [][0], capsys)
    assert result is False
    assert "raised IndexError" in out
    assert "x = 1.5, w = 0.8, b = -0.2, t = 1" in out
