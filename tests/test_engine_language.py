"""Notebook 09's checks speak the student's language: the hints, what to write, the words of a
case and the errors a student's own class meets come back in Persian and in Chinese, code and
mathematics as in English."""

import pytest
from test_exercises_engine import MLP, RecursiveOrder, ReturnsNone, Stub, Value

from bpcourse import classroom
from bpcourse.classroom import ex09_engine as ex09


def test_a_wrong_local_derivative_gets_its_hint_in_persian(speak):
    speak("fa")
    message = classroom.check_value_add_mul(ex09._MulOwnInput).message
    assert message.startswith("❌ value_add_mul")
    assert ("∂(a·b)/∂a همان ورودیِ «دیگر»، یعنی b، است: local = (other.data, self.data)"
            in message)
    assert "مشتق محلی ∂out/∂a = -4" in message  # the part's name, its number as in English


def test_the_classic_bug_gets_its_hint_in_chinese(speak):
    speak("zh_CN")
    message = classroom.check_backward(ex09._Assign).message
    assert message.startswith("❌ backward")
    assert ("用 += 累加梯度，而不是 =：被使用两次的值（x * x、a + a）从每次使用中各得到一份梯度，"
            "而 = 只保留最后一份") in message


@pytest.mark.parametrize("language, words", [
    ("fa", "a * b + a و سپس a * a: backward() برای هر یک"),
    ("zh_CN", "先 a * b + a，再 a * a：各调用一次 backward()"),
])
def test_the_words_of_a_case_are_translated_and_its_expressions_kept(speak, language, words):
    speak(language)
    assert words in classroom.check_backward(ex09._Reset).message


@pytest.mark.parametrize("language, todo", [
    ("fa", "topological_order و backward را بنویسید"),
    ("zh_CN", "编写 topological_order 和 backward"),
])
def test_a_stub_is_told_what_to_write_in_its_language(speak, language, todo):
    speak(language)
    message = classroom.check_backward(Stub).message
    assert message.startswith("⏳ backward") and message.endswith(todo)


def test_the_optional_challenge_says_why_recursion_fails_in_persian(speak):
    speak("fa")
    assert classroom.check_iterative_order(RecursiveOrder).message == (
        "❌ iterative_order: روی y = 0.999 y + 0.001، 2,000 بار، با شروع از y = a: از حداکثر "
        "عمق بازگشت فراتر رفت (maximum recursion depth exceeded): جستجوی بازگشتی برای هر سطح "
        "گراف یک فراخوانی پایتون انجام می‌دهد، و این گراف از حد پایتون عمیق‌تر است؛ به جای آن، "
        "پشتهٔ خودتان (یک فهرست) را نگه دارید")


def test_the_optional_challenge_passes_in_chinese(speak):
    speak("zh_CN")
    assert classroom.check_iterative_order(Value).message == (
        "✅ iterative_order：全部 6 个计算图都正确，包括一个隐藏的随机图和一条 4,000 个运算的链")


def test_an_error_met_by_the_students_class_is_explained_in_chinese(speak):
    speak("zh_CN")
    message = classroom.check_value_add_mul(ReturnsNone).message
    assert "a + b 给出的是 None，而不是 Value：是不是忘了写 `return`？" in message


def test_a_method_lost_by_running_the_class_cell_again_names_the_step_in_persian(speak):
    class Lost(Value):
        def __getattribute__(self, name):
            if name == "topological_order":
                raise AttributeError("'Lost' object has no attribute 'topological_order'")
            return object.__getattribute__(self, name)

    speak("fa")
    message = classroom.check_backward(Lost).message
    assert "سلول گام 2 را که topological_order را می‌نویسد (با @add_to) اجرا کنید" in message


@pytest.mark.parametrize("language, message", [
    ("fa", "❌ mlp: یک کلاس انتظار می‌رفت، ولی MLP آمد. خودِ کلاس را بدهید، بدون فراخواندن آن: "
           "check_mlp(MLP)"),
    ("zh_CN", "❌ mlp：应为一个类，实际得到 MLP。请传入类本身，不要调用它：check_mlp(MLP)"),
])
def test_passing_an_object_instead_of_the_class_is_explained_in_its_language(speak, language,
                                                                             message):
    speak(language)
    assert classroom.check_mlp(MLP(2, [1])).message == message


def test_in_english_the_words_of_a_case_stay_as_they_were(speak):
    speak("en")
    message = classroom.check_backward(ex09._Reset).message
    assert "expression = a * b + a, then a * a: backward() of each" in message

