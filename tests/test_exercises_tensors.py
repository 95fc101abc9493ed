"""Notebook 10's checkers: each passes its reference (written here, independently, as a student
would), gives a stub ⏳, fails every catalogued mistake with the hint that names it, refuses
strings and answers that change their inputs, and never raises or prints."""

import numpy as np
import pytest

from bpcourse import classroom
from bpcourse.classroom.grader import Verdict

EPS = 1e-5


# --- reference answers, written as a student would ---------------------------------------------

def linear_backward(x, w, b, G):
    return G @ w.T, x.T @ G, G.sum(axis=0)


def broadcast_multiply_backward(x, s, G):
    axes = tuple(i for i in range(x.ndim) if s.shape[i] == 1)
    return G * s, (G * x).sum(axis=axes, keepdims=True)


def mean_backward(x, G, axis):
    return np.ones_like(x) * G / x.shape[axis]


def softmax_cross_entropy_backward(a, t):
    e = np.exp(a - a.max(axis=1, keepdims=True))
    return (e / e.sum(axis=1, keepdims=True) - t) / len(a)


def batch_norm_backward(a, gamma, G):
    B = len(a)
    mu = a.mean(axis=0)
    var = ((a - mu) ** 2).mean(axis=0)
    ahat = (a - mu) / np.sqrt(var + EPS)
    dahat = G * gamma
    da = (B * dahat - dahat.sum(axis=0) - ahat * (dahat * ahat).sum(axis=0)) / (
        B * np.sqrt(var + EPS))
    return da, (G * ahat).sum(axis=0), G.sum(axis=0)


def network_backward(x, t, w, b1, gamma, beta, u, b2):
    a1 = x @ w + b1
    mu, var = a1.mean(axis=0), a1.var(axis=0)
    ahat = (a1 - mu) / np.sqrt(var + EPS)
    h = np.tanh(gamma * ahat + beta)
    da2 = softmax_cross_entropy_backward(h @ u + b2, t)
    dz = (da2 @ u.T) * (1 - h**2)
    da1, dgamma, dbeta = batch_norm_backward(a1, gamma, dz)
    return x.T @ da1, da1.sum(axis=0), dgamma, dbeta, h.T @ da2, da2.sum(axis=0)


def linear_jvp(x, w, b, dx, dw, db):
    return dx @ w + x @ dw + db


REFERENCES = {f.__name__: f for f in (
    linear_backward, broadcast_multiply_backward, mean_backward, network_backward,
    batch_norm_backward, softmax_cross_entropy_backward, linear_jvp)}
TUPLES = {"linear_backward": 3, "broadcast_multiply_backward": 2, "network_backward": 6,
          "batch_norm_backward": 3}
NAMES = list(REFERENCES)


def check(name):
    return getattr(classroom, f"check_{name}")


def run(name, answer):
    verdict = check(name)(answer)
    assert isinstance(verdict, Verdict) and verdict.name == name
    message = verdict.message
    assert message.count("✅") + message.count("❌") + message.count("⏳") == 1, message
    return verdict


def stub(*args):
    raise NotImplementedError("write this function")


def parts(name, *args):
    value = REFERENCES[name](*args)
    return list(value) if name in TUPLES else [value]


def rebuilt(name, values):
    return tuple(values) if name in TUPLES else values[0]


# --- the catalogued mistakes, each with words its hint must contain ------------------------------

def wrong_linear(bias):
    def answer(x, w, b, G):
        dx, dw, db = linear_backward(x, w, b, G)
        return dx, dw, {"none": G, "keep": db[None, :], "mean": db / len(x)}[bias]
    return answer


def wrong_broadcast(how):
    def answer(x, s, G):
        axes = tuple(i for i in range(x.ndim) if s.shape[i] == 1)
        other = tuple(i for i in range(x.ndim) if i not in axes)
        if how == "no sum":
            return G * s, G * x
        if how == "no keepdims":
            return G * s, (G * x).sum(axis=axes)
        if how == "mean":
            return G * s, (G * x).mean(axis=axes, keepdims=True)
        if how == "swapped":
            return G * x, (G * s).sum(axis=axes, keepdims=True)
        return G * s, (G * x).sum(axis=other, keepdims=True)
    return answer


def softmax_rows(a, axis=1):
    e = np.exp(a - a.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def batch_norm_without_mu_path(a, gamma, G):
    B = len(a)
    ahat = (a - a.mean(axis=0)) / np.sqrt(a.var(axis=0) + EPS)
    dahat = G * gamma
    return ((dahat - ahat * (dahat * ahat).mean(axis=0)) / np.sqrt(a.var(axis=0) + EPS),
            (G * ahat).sum(axis=0), G.sum(axis=0)) if B else None


def layer_norm_instead(a, gamma, G):
    mu, var = a.mean(axis=1, keepdims=True), a.var(axis=1, keepdims=True)
    ahat = (a - mu) / np.sqrt(var + EPS)
    dahat = G * gamma
    da = (dahat - dahat.mean(axis=1, keepdims=True)
          - ahat * (dahat * ahat).mean(axis=1, keepdims=True)) / np.sqrt(var + EPS)
    return da, (G * ahat).sum(axis=0), G.sum(axis=0)


def network_with(scale=1.0, gain=None):
    def answer(x, t, w, b1, gamma, beta, u, b2):
        a1 = x @ w + b1
        mu, var = a1.mean(axis=0), a1.var(axis=0)
        ahat = (a1 - mu) / np.sqrt(var + EPS)
        z = gamma * ahat + beta
        h = np.tanh(z)
        da2 = (softmax_rows(h @ u + b2) - t) * scale / len(x)
        dz = (da2 @ u.T) * (1 - (z if gain == "z" else h) ** 2)
        da1, dgamma, dbeta = batch_norm_backward(a1, gamma, dz)
        return x.T @ da1, da1.sum(axis=0), dgamma, dbeta, h.T @ da2, da2.sum(axis=0)
    return answer


def network_with_constant_statistics(x, t, w, b1, gamma, beta, u, b2):
    a1 = x @ w + b1
    ahat = (a1 - a1.mean(axis=0)) / np.sqrt(a1.var(axis=0) + EPS)
    h = np.tanh(gamma * ahat + beta)
    da2 = (softmax_rows(h @ u + b2) - t) / len(x)
    dz = (da2 @ u.T) * (1 - h**2)
    da1 = dz * gamma / np.sqrt(a1.var(axis=0) + EPS)
    return x.T @ da1, da1.sum(axis=0), (dz * ahat).sum(axis=0), dz.sum(axis=0), h.T @ da2, \
        da2.sum(axis=0)


WRONG = [
    ("linear_backward", wrong_linear("none"), "sum G over the batch"),
    ("linear_backward", wrong_linear("keep"), "without keepdims"),
    ("linear_backward", wrong_linear("mean"), "already inside G"),
    ("linear_backward", lambda x, w, b, G: tuple(g / len(x) for g in linear_backward(x, w, b, G)),
     "twice"),
    ("linear_backward", lambda *a: tuple(-g for g in linear_backward(*a)), "sign"),
    ("linear_backward", lambda x, w, b, G: (G @ w.T, G.T @ x, G.sum(axis=0)), "transposed"),
    ("broadcast_multiply_backward", wrong_broadcast("no sum"), "sum them"),
    ("broadcast_multiply_backward", wrong_broadcast("no keepdims"), "keepdims=True"),
    ("broadcast_multiply_backward", wrong_broadcast("mean"), "a sum belongs"),
    ("broadcast_multiply_backward", wrong_broadcast("other axis"), "wrong axis"),
    ("broadcast_multiply_backward", wrong_broadcast("swapped"), "other* factor"),
    ("mean_backward", lambda x, G, axis: np.ones_like(x) * G, "backward pass of a sum"),
    ("mean_backward", lambda x, G, axis: np.ones_like(x) * G / x.shape[1 - axis], "x.shape[axis]"),
    ("mean_backward", lambda x, G, axis: G / x.shape[axis], "np.broadcast_to"),
    ("mean_backward", lambda x, G, axis: np.ones_like(x) * G / x.size, "one axis only"),
    ("network_backward", lambda x, *a: network_with(scale=len(x))(x, *a), "factor 1/B"),
    ("network_backward", lambda x, *a: network_with(scale=1 / len(x))(x, *a), "twice"),
    ("network_backward", network_with(gain="z"), "not 1 − z²"),
    ("network_backward", network_with_constant_statistics, "μ and σ as constants"),
    ("network_backward", lambda *a: tuple(-g for g in network_backward(*a)), "sign"),
    ("batch_norm_backward", batch_norm_without_mu_path, "through μ is missing"),
    ("batch_norm_backward", layer_norm_instead, "layer normalisation"),
    ("batch_norm_backward", lambda a, gamma, G: batch_norm_backward(a, np.ones_like(gamma), G)
     [:1] + batch_norm_backward(a, gamma, G)[1:], "factor γ"),
    ("batch_norm_backward", lambda a, gamma, G: (batch_norm_backward(a, gamma, G)[0],
                                                 G * (a - a.mean(0)) / np.sqrt(a.var(0) + EPS),
                                                 G), "sum their gradients over the batch"),
    ("softmax_cross_entropy_backward", lambda a, t: softmax_rows(a) - t, "B times too large"),
    ("softmax_cross_entropy_backward", lambda a, t: (softmax_rows(a) - t) / len(a) ** 2,
     "twice"),
    ("softmax_cross_entropy_backward", lambda a, t: (t - softmax_rows(a)) / len(a), "sign"),
    ("softmax_cross_entropy_backward", lambda a, t: (softmax_rows(a, 0) - t) / len(a),
     "axis=1"),
    ("softmax_cross_entropy_backward",
     lambda a, t: (np.exp(a) / np.exp(a).sum(axis=1, keepdims=True) - t) / len(a), "max"),
    ("linear_jvp", lambda x, w, b, dx, dw, db: dx @ w + db, "product rule"),
    ("linear_jvp", lambda x, w, b, dx, dw, db: x @ dw + db, "product rule"),
    ("linear_jvp", lambda x, w, b, dx, dw, db: dx @ w + x @ dw, "b moves too"),
]


# --- the tests ---------------------------------------------------------------------------------

def test_the_classroom_exports_notebook_10s_checkers():
    assert {f"check_{n}" for n in NAMES} <= set(classroom.__all__)


@pytest.mark.parametrize("name", NAMES)
def test_the_reference_answer_passes_with_a_check_mark_every_time(name):
    first = run(name, REFERENCES[name])
    assert first.passed is True, first.message
    assert "including a hidden random one" in first.message
    assert run(name, REFERENCES[name]).message == first.message


@pytest.mark.parametrize("name", NAMES)
def test_a_stub_gets_a_calm_not_implemented_yet_saying_what_to_return(name):
    verdict = run(name, stub)
    assert verdict.passed is False
    assert verdict.message.startswith(f"⏳ {name}: not implemented yet: return ")
    for code in ("np.", "@", " * ", "**", ".T"):
        assert code not in verdict.message


@pytest.mark.parametrize(("name", "answer", "hint"), WRONG,
                         ids=[f"{n}-{h}" for n, _, h in WRONG])
def test_a_catalogued_mistake_fails_with_the_hint_that_names_it(name, answer, hint):
    verdict = run(name, answer)
    assert verdict.passed is False
    assert "hint:" in verdict.message and hint in verdict.message, verdict.message


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("how", ["scaled", "one entry off", "flipped"])
def test_every_wrong_answer_gets_a_hint(name, how):
    change = {"scaled": lambda a: 1.37 * a,
              "one entry off": lambda a: a + (np.arange(a.size).reshape(a.shape) == a.size - 1),
              "flipped": lambda a: -a - (a == 0)}[how]

    def answer(*args):
        values = parts(name, *args)
        values[-1] = change(np.asarray(values[-1], dtype=float))
        return rebuilt(name, values)

    verdict = run(name, answer)
    assert verdict.passed is False and "hint:" in verdict.message, verdict.message


@pytest.mark.parametrize("name", NAMES)
def test_strings_are_refused(name):
    def answer(*args):
        values = parts(name, *args)
        values[0] = np.asarray(values[0]).astype(str)
        return rebuilt(name, values)

    verdict = run(name, answer)
    assert verdict.passed is False and "strings" in verdict.message


@pytest.mark.parametrize("name", [n for n in NAMES if n in TUPLES])
def test_a_tuple_of_the_wrong_length_is_refused(name):
    verdict = run(name, lambda *args: tuple(parts(name, *args))[:-1])
    assert verdict.passed is False and f"expected a tuple of {TUPLES[name]}" in verdict.message


@pytest.mark.parametrize("name", [n for n in NAMES if n not in TUPLES])
def test_a_tuple_where_an_array_belongs_is_refused(name):
    verdict = run(name, lambda *args: (REFERENCES[name](*args),))
    assert verdict.passed is False


@pytest.mark.parametrize("name", NAMES)
def test_an_answer_that_changes_an_input_array_fails_naming_it(name):
    def vandal(*args):
        value = REFERENCES[name](*args)
        for arg in args:
            if isinstance(arg, np.ndarray):
                arg += 1.0
        return value

    verdict = run(name, vandal)
    assert verdict.passed is False and "changed its argument" in verdict.message


@pytest.mark.parametrize("name", NAMES)
def test_broken_answers_fail_and_nothing_is_printed(name, capsys):
    for answer, says in [(lambda *a: 1 / 0, "ZeroDivisionError"), (lambda *a: None, "None"),
                         (42, "expected a function"), (lambda: 0, "arguments")]:
        verdict = run(name, answer)
        assert verdict.passed is False and says in verdict.message
    zeros = run(name, lambda *a: rebuilt(name, [np.zeros(np.shape(v)) for v in parts(name, *a)]))
    assert zeros.passed is False and "expected:" in zeros.message
    assert capsys.readouterr() == ("", "")


def test_b1_gets_no_gradient_because_batch_normalisation_subtracts_the_mean():
    r = np.random.default_rng(3)
    args = (r.normal(size=(5, 2)), np.eye(3)[[0, 1, 2, 0, 1]], r.normal(size=(2, 4)),
            r.normal(size=4), np.ones(4), np.zeros(4), r.normal(size=(4, 3)), np.zeros(3))
    assert np.allclose(network_backward(*args)[1], 0, atol=1e-12)


def test_a_softmax_that_overflows_is_told_to_subtract_the_max():
    verdict = run("softmax_cross_entropy_backward",
                  lambda a, t: (np.exp(a) / np.exp(a).sum(axis=1, keepdims=True) - t) / len(a))
    assert "NaN" in verdict.message and "subtract each row's max" in verdict.message
