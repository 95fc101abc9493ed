"""Notebooks 01-08's checks speak the student's language: the hint of a catalogued mistake, what a
stub is to write, the words describing a case and what an answer that only looks right still
did wrong come back in Persian and in Chinese, code and mathematics as in English."""

import re

import numpy as np
import pytest
from test_exercises import (
    second_difference,
    stub,
    train_a_copy,
    train_recording_after_the_step,
)

from bpcourse import classroom


def hint(message):
    """The last line of a verdict, where its hint is, without the grader's label (whose colon is
    full-width in Chinese)."""
    return re.split(r": |：", message.splitlines()[-1], maxsplit=1)[1]


def without_f_of_x(f, x, h=1e-4):
    return (f(x + h) + f(x - h)) / h**2


@pytest.mark.parametrize("language, words", [
    ("fa", "f(x) جا افتاده است: هر یک از دو شیب، در x + h/2 و در x − h/2، تفاضلی است که f(x) را "
           "به کار می\u200cبرد"),
    ("zh_CN", "少了 f(x)：x + h/2 和 x − h/2 处的两个斜率，各自都是用到 f(x) 的差分"),
])
def test_a_catalogued_mistake_gets_its_hint_in_the_students_language(speak, language, words):
    speak(language)
    verdict = classroom.check_second_difference(without_f_of_x)
    assert verdict.passed is False and verdict.message.startswith("❌ second_difference")
    assert hint(verdict.message) == words


@pytest.mark.parametrize("language, words", [
    ("fa", "تابع خطا را «پیش از» گام\u200cهای هر دوره ثبت کنید (نخستین مقدار، خطای شبکهٔ "
           "آموزش\u200cندیده است)"),
    ("zh_CN", "要在每轮的更新步骤“之前”记录损失（第一个损失属于未训练的网络）"),
])
def test_a_training_loop_that_records_too_late_is_told_so_in_its_language(speak, language, words):
    speak(language)
    assert hint(classroom.check_training_loop(train_recording_after_the_step).message) == words


@pytest.mark.parametrize("language, problem, words", [
    ("fa", "مقدارهای تابع خطا درست\u200cاند، اما وزن\u200cهای net وزن\u200cهای "
           "آموزش\u200cدیده نیستند",
     "خودِ net را با net.step(g, eta) درجا به\u200cروز کنید، برای هر دسته یک بار"),
    ("zh_CN", "损失都对上了，但 net 的权重不是训练后的权重",
     "用 net.step(g, eta) 原地更新 net 本身，每个批量一次"),
])
def test_training_a_copy_is_told_in_its_language_to_update_net_in_place(speak, language, problem,
                                                                         words):
    speak(language)
    message = classroom.check_training_loop(train_a_copy).message
    assert problem in message.splitlines()[0]
    assert hint(message) == words


@pytest.mark.parametrize("language, todo", [
    ("fa", "δ⁽¹⁾ = ∂L/∂a⁽¹⁾ را برای واحدهای پنهان tanh، از روی delta2، u و h، برگردانید"),
    ("zh_CN", "由 delta2、u 和 h，返回 tanh 隐藏单元的 δ⁽¹⁾ = ∂L/∂a⁽¹⁾"),
])
def test_a_stub_is_told_what_to_write_in_its_language(speak, language, todo):
    speak(language)
    message = classroom.check_tanh_hidden_delta(stub).message
    assert message.startswith("⏳ tanh_hidden_delta") and message.endswith(todo)


@pytest.mark.parametrize("language, words", [
    ("fa", "f = یک چندجمله\u200cای تصادفی درجهٔ چهار"),
    ("zh_CN", "f = 一个随机的四次多项式"),
    ("en", "f = a random quartic"),
])
def test_the_hidden_random_function_is_described_in_the_students_language(speak, language,
                                                                          words):
    def right_on_the_shown_cases_only(f, x, h=1e-4):
        shown = f is np.sin or x in (1.5, 1.0)
        return second_difference(f, x, h) * (1 if shown else -1)

    speak(language)
    message = classroom.check_second_difference(right_on_the_shown_cases_only).message
    assert words in message


def test_the_english_hint_is_unchanged_when_the_language_is_english(speak):
    speak("en")
    assert hint(classroom.check_second_difference(without_f_of_x).message) == (
        "f(x) is missing: each of the two slopes, at x + h/2 and at x − h/2, is a difference that "
        "uses f(x)")
