"""The grader speaks the student's language: the verdicts it composes for every exercise (not
implemented yet, a wrong answer with the hint the numbers give, a right answer), the numbers
worked out by hand and the worksheet, in Persian and in Chinese; a Persian verdict is a
right-to-left box; a translation that lost a {field} falls back to English."""

import re
import sys

import numpy as np
import pytest

from bpcourse import language
from bpcourse.classroom import check_output_delta_by_hand, check_pass_by_hand
from bpcourse.classroom.by_hand import _network
from bpcourse.classroom.grader import Case, Verdict, _left_to_right, fresh, grade
from bpcourse.classroom.worksheet import right_values

progress = sys.modules["bpcourse.classroom.progress"]  # the package's progress() hides the module


W = np.array([[1.0, 2.0], [3.0, 4.0]])


def reference(x):
    return W * x


def check(fn, todo="return W times x"):
    """A check as an exercise writes one: a shown case and a hidden random one."""
    return grade("scaled", fn, [Case(fresh(1.0)), Case(fresh(2.0), hidden=True)], reference,
                 params=("x",), todo=todo)


def stub(*args):
    raise NotImplementedError


@pytest.mark.parametrize("lang, todo, message", [
    ("fa", "W ضرب در x را برگردانید", "⏳ scaled: هنوز نوشته نشده: W ضرب در x را برگردانید"),
    ("zh_CN", "返回 W 乘以 x", "⏳ scaled：尚未实现：返回 W 乘以 x"),
])
def test_not_implemented_yet_is_said_in_the_language_around_the_todo_as_given(speak, lang, todo,
                                                                            message):
    speak(lang)  # the exercise translates its todo; the grader does not translate it again
    assert check(stub, todo=todo).message == message


@pytest.mark.parametrize("lang, lines", [
    ("fa", ["❌ scaled: مورد 1 از 2: مطابقت ندارد (با تلورانس rtol 1e-6 و atol 1e-8)",
            "   ورودی:       x = 1",
            "   مورد انتظار: [[1, 2], [3, 4]]",
            "   دریافتی:     [[-1, -2], [-3, -4]]",
            "   راهنمایی: فقط علامتش نادرست است: ترتیب یک تفریق (y − t، نه t − y) یا علامت "
            "منفی\u200cای را که جا انداخته\u200cاید بررسی کنید"]),
    ("zh_CN", ["❌ scaled：第 1 个用例（共 2 个）：不一致（容差 rtol 1e-6，atol 1e-8）",
               "   输入：x = 1",
               "   期望：[[1, 2], [3, 4]]",
               "   得到：[[-1, -2], [-3, -4]]",
               "   提示：只有符号错了：检查减法的顺序（是 y − t，不是 t − y），"
               "或者是否漏掉了一个负号"]),
])
def test_a_flipped_sign_is_named_in_the_language(speak, lang, lines):
    speak(lang)
    verdict = check(lambda x: -reference(x))
    assert verdict.passed is False and verdict.message.splitlines() == lines


@pytest.mark.parametrize("lang, hint", [
    ("fa", "   راهنمایی: این ترانهادهٔ مقدار مورد انتظار است: بررسی کنید کدام اندیس سطر است و "
           "کدام ستون (w[i, j] ورودی i را به واحد j وصل می\u200cکند)"),
    ("zh_CN", "   提示：这是期望值的转置：检查哪个下标是行、哪个是列"
              "（w[i, j] 把输入 i 连到单元 j）"),
])
def test_a_transposed_matrix_is_named_in_the_language(speak, lang, hint):
    speak(lang)
    assert check(lambda x: reference(x).T).message.splitlines()[-1] == hint


@pytest.mark.parametrize("lang, message", [
    ("fa", "✅ scaled: هر 2 مورد مطابقت دارند، از جمله یک مورد تصادفی پنهان "
           "(با تلورانس rtol 1e-6 و atol 1e-8)"),
    ("zh_CN", "✅ scaled：全部 2 个用例都一致，包括一个隐藏的随机用例"
              "（容差 rtol 1e-6，atol 1e-8）"),
    ("en", "✅ scaled: all 2 cases match, including a hidden random one "
           "(within rtol 1e-6, atol 1e-8)"),
])
def test_a_right_answer_is_said_right_in_the_language(speak, lang, message):
    speak(lang)
    verdict = check(reference)
    assert verdict.passed is True and verdict.message == message


@pytest.mark.parametrize("lang, hint", [
    ("fa", "   راهنمایی: این ∂L/∂y₁ است، فقط عامل اول: زنجیره از سیگموید هم می\u200cگذرد، "
           "y₁ = σ(a⁽²⁾₁)"),
    ("zh_CN", "   提示：这是 ∂L/∂y₁，只是第一个因子：链条还要继续穿过 sigmoid，y₁ = σ(a⁽²⁾₁)"),
])
def test_a_number_by_hand_gets_its_catalogued_hint_in_the_language(speak, lang, hint):
    y, t, _, _ = _network()
    speak(lang)
    verdict = check_output_delta_by_hand(lambda: float(y[0] - t[0]))
    assert verdict.passed is False and verdict.message.splitlines()[-1] == hint


@pytest.mark.parametrize("lang, head, row", [
    ("fa", "❌ pass_by_hand: 17 از 18 درست است؛ اول h₁ را درست کنید",
     "این a⁽¹⁾₁ است: h₁ = σ(a⁽¹⁾₁)، سیگموید را اعمال کنید"),
    ("zh_CN", "❌ pass_by_hand：18 个中对了 17 个；先改正 h₁",
     "这是 a⁽¹⁾₁：h₁ = σ(a⁽¹⁾₁)，还要套上 sigmoid"),
])
def test_the_worksheet_names_the_entry_to_fix_in_the_language(speak, lang, head, row):
    answers = right_values()
    answers["h₁"] = answers["a⁽¹⁾₁"]  # the sigmoid not applied
    speak(lang)
    lines = check_pass_by_hand(lambda: answers).message.splitlines()
    assert lines[0] == head
    assert lines[4].endswith(f"{answers['h₁']:.4g}: {row}")


def test_a_persian_verdict_is_a_right_to_left_box_with_its_edge_on_the_right(speak):
    speak("fa")
    page = check(stub)._repr_html_()
    assert page.startswith('<div dir="rtl" lang="fa" style="border-right: 5px solid #e69500; '
                           'padding: 4px 12px 4px 0;')


def test_a_persian_verdicts_numbers_and_arrays_read_left_to_right(speak):
    """Without its own direction, -0.5 after a Persian word shows as 0.5- ."""
    speak("fa")
    page = check(lambda x: -W * x)._repr_html_()
    assert '<span dir="ltr">x = 1</span>' in page
    assert '<span dir="ltr">[[1, 2], [3, 4]]</span>' in page
    assert '<span dir="ltr">[[-1, -2], [-3, -4]]</span>' in page
    assert '<span dir="ltr">❌ scaled</span>' in page


def test_a_persian_verdict_is_set_in_a_font_that_joins_its_letters(speak):
    speak("fa")
    assert "background: none; font-family: sans-serif;\">" in check(stub)._repr_html_()


def test_a_bracket_opened_in_persian_closes_outside_the_left_to_right_run():
    assert _left_to_right("خطا (با rtol 1e-6 و atol 1e-8) و [1, -2]") == (
        'خطا (با <span dir="ltr">rtol 1e-6</span> و <span dir="ltr">atol 1e-8</span>) و '
        '<span dir="ltr">[1, -2]</span>')


def test_a_chinese_verdict_names_its_language_and_stays_left_to_right(speak):
    speak("zh_CN")
    page = check(stub)._repr_html_()
    assert page.startswith('<div lang="zh-CN" style="border-left: 5px solid #e69500;')
    assert "dir=" not in page


def test_an_english_verdict_is_the_box_the_notebooks_store(speak):
    speak("en")
    assert check(stub)._repr_html_() == (
        '<div style="border-left: 5px solid #e69500; padding: 4px 0 4px 12px; margin: 4px 0;">'
        '<pre style="margin: 0; font-size: 14px; line-height: 1.4; white-space: pre-wrap; '
        'background: none;">⏳ scaled: not implemented yet: return W times x</pre></div>')


def test_a_verdict_keeps_the_direction_of_the_language_it_was_made_in(speak):
    speak("fa")
    verdict = Verdict("f", True, "✅ f: درست است")
    speak("en")
    assert (verdict.language, verdict.direction) == ("fa", "rtl")
    assert 'dir="rtl"' in verdict._repr_html_()


def test_a_translation_that_lost_a_field_falls_back_to_english(speak, monkeypatch):
    english = "⏳ {name}: not implemented yet: {todo}"
    monkeypatch.setitem(language._catalogs, "fa", {english: "⏳ {نام}: هنوز نوشته نشده: {todo}"})
    speak("fa")
    assert language.gettext(english, name="f", todo="x") == "⏳ f: not implemented yet: x"
    assert check(stub, todo="x").message == "⏳ scaled: not implemented yet: x"


@pytest.mark.parametrize("lang, summary, state", [
    ("fa", "پیشرفت شما: 1 از {n} بررسی را گذرانده\u200cاید (نگه\u200cداشته در {path})",
     "گذرانده شده (2 تلاش)"),
    ("zh_CN", "你的进度：{n} 项检查中通过了 1 项（保存在 {path}）", "已通过（尝试 2 次）"),
])
def test_the_progress_table_is_in_the_language(speak, tmp_path, lang, summary, state):
    records = [{"check": "check_network_size", "passed": False},
               {"check": "check_network_size", "passed": True}]
    speak(lang)
    path = tmp_path / "progress.jsonl"
    table = progress.Progress(records, path)
    text = repr(table)
    assert text.splitlines()[0] == summary.format(n=len(table.rows), path=progress._shown(path))
    assert re.search(rf"✅ check_network_size +{re.escape(state)}$", text, re.MULTILINE)


def test_a_persian_progress_table_is_right_to_left(speak, tmp_path):
    speak("fa")
    page = progress.Progress([], tmp_path / "progress.jsonl")._repr_html_()
    assert page.startswith('<div dir="rtl" lang="fa">\n<p>پیشرفت شما: 0 از ')
    assert 'text-align: left' not in page and 'text-align: right' in page
