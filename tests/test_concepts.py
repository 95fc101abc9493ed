"""Concept checks: a letter in, a verdict out, an explanation for every answer."""

import pytest

from bpcourse import classroom
from bpcourse.classroom.concepts import choose

QUESTIONS = {"which_weight_matters": "b", "which_weights_grow": "a"}
LETTERS = "abcd"


def check(name):
    return getattr(classroom, f"check_{name}")


@pytest.mark.parametrize("name", QUESTIONS)
def test_the_right_letter_passes_and_says_why(name):
    verdict = check(name)(lambda: QUESTIONS[name])
    assert verdict.passed is True and verdict.message.startswith(f"✅ {name}: right")


@pytest.mark.parametrize("name", QUESTIONS)
@pytest.mark.parametrize("answer", ["B", " (b) ", "b)"])
def test_a_letter_is_read_whatever_its_case_spaces_and_brackets(name, answer):
    right = QUESTIONS[name]
    verdict = check(name)(lambda: answer.replace("b", right).replace("B", right.upper()))
    assert verdict.passed is True, verdict.message


@pytest.mark.parametrize("name", QUESTIONS)
def test_every_wrong_letter_gets_its_own_explanation(name):
    hints = []
    for letter in LETTERS:
        if letter == QUESTIONS[name]:
            continue
        verdict = check(name)(lambda v=letter: v)
        assert verdict.passed is False and "hint:" in verdict.message
        hints.append(verdict.message.split("hint:")[1])
    assert len(set(hints)) == len(hints) == len(LETTERS) - 1


@pytest.mark.parametrize("name", QUESTIONS)
@pytest.mark.parametrize("answer", ["e", "", 2, None, ("b",), ["a"]])
def test_what_is_not_one_of_the_letters_is_refused_saying_which_letters(name, answer):
    verdict = check(name)(lambda: answer)
    assert verdict.passed is False and "one of 'a', 'b', 'c', 'd'" in verdict.message


@pytest.mark.parametrize("name", QUESTIONS)
def test_the_stub_gets_not_implemented_yet(name):
    def stub():
        raise NotImplementedError("return the letter")

    verdict = check(name)(stub)
    assert verdict.message.startswith("⏳") and "not implemented yet" in verdict.message


def test_an_error_or_an_interrupt_gives_a_verdict_not_a_traceback():
    def broken():
        raise ValueError("oops")

    def interrupted():
        raise KeyboardInterrupt

    options = {"a": "yes", "b": "no"}
    assert "raised ValueError" in choose("q", broken, options, "a").message
    assert "interrupted" in choose("q", interrupted, options, "a").message


@pytest.mark.parametrize("name", QUESTIONS)
def test_the_check_prints_nothing(name, capsys):
    check(name)(lambda: "c")
    assert capsys.readouterr() == ("", "")
