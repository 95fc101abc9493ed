"""Notebook 10's checkers speak the student's language: a catalogued mistake's hint, the hint about
an overflowing exp and what a stub is to write come back in Persian and in Chinese, from
bpcourse/locale/<lang>/classroom.ex10_tensor_backprop.po."""

import numpy as np
import pytest

from bpcourse import classroom


def stub(*args):
    raise NotImplementedError


def linear_backward_without_the_bias_sum(x, w, b, G):
    return G @ w.T, x.T @ G, G


def layer_norm_instead(a, gamma, G):
    mu, var = a.mean(axis=1, keepdims=True), a.var(axis=1, keepdims=True)
    ahat = (a - mu) / np.sqrt(var + 1e-5)
    dahat = G * gamma
    da = (dahat - dahat.mean(axis=1, keepdims=True)
          - ahat * (dahat * ahat).mean(axis=1, keepdims=True)) / np.sqrt(var + 1e-5)
    return da, (G * ahat).sum(axis=0), G.sum(axis=0)


def softmax_cross_entropy_without_the_max(a, t):
    e = np.exp(a)
    return (e / e.sum(axis=1, keepdims=True) - t) / len(a)


@pytest.mark.parametrize(("lang", "hint"), [
    ("fa", "b به هر سطر دسته افزوده می‌شود، پس G هر سطر به آن می‌رسد: G را روی دسته (محور 0) "
           "جمع بزنید"),
    ("zh_CN", "b 被加到批量的每一行上，所以每一行的 G 都会传到它那里：把 G 沿批量（axis 0）求和"),
])
def test_a_bias_left_unsummed_gets_its_hint_in_the_language(speak, lang, hint):
    speak(lang)
    verdict = classroom.check_linear_backward(linear_backward_without_the_bias_sum)
    assert verdict.passed is False and hint in verdict.message


@pytest.mark.parametrize(("lang", "hint"), [
    ("fa", "این نرمال‌سازی لایه‌ای است (نوت‌بوک 08)"),
    ("zh_CN", "那是层归一化（notebook 08）。批量归一化是对每一列在整个批量上求平均，即 axis 0"),
])
def test_layer_normalisation_in_place_of_batch_normalisation_is_named_in_the_language(speak, lang,
                                                                                      hint):
    speak(lang)
    verdict = classroom.check_batch_norm_backward(layer_norm_instead)
    assert verdict.passed is False and hint in verdict.message


@pytest.mark.parametrize(("lang", "hint"), [
    ("fa", "پیش از exp بیشینهٔ هر سطر را کم کنید"),
    ("zh_CN", "在 exp 之前减去每一行的最大值"),
])
def test_an_overflowing_exp_gets_its_hint_in_the_language(speak, lang, hint):
    speak(lang)
    verdict = classroom.check_softmax_cross_entropy_backward(
        softmax_cross_entropy_without_the_max)
    assert verdict.passed is False and hint in verdict.message


@pytest.mark.parametrize(("lang", "todo"), [
    ("fa", "(dx, dw, db) را برای a = x w + b برگردانید، با داشتن G = ∂L/∂a"),
    ("zh_CN", "已知 G = ∂L/∂a，返回 a = x w + b 的 (dx, dw, db)"),
])
def test_a_stub_is_told_what_to_write_in_the_language(speak, lang, todo):
    speak(lang)
    verdict = classroom.check_linear_backward(stub)
    assert verdict.message.startswith("⏳ linear_backward")
    assert verdict.message.endswith(todo)


def test_in_english_a_stub_reads_as_it_always_did(speak):
    speak("en")
    verdict = classroom.check_linear_backward(stub)
    assert verdict.message == ("⏳ linear_backward: not implemented yet: return (dx, dw, db) for "
                               "a = x w + b, given G = ∂L/∂a")
