"""The worksheet by hand of notebook 05: every number checked as it is filled in, the hint names
the factor that is off, a carried-forward error points at the number to fix first."""

import numpy as np
import pytest

import bpcourse as bp
from bpcourse import examples
from bpcourse.classroom import check_pass_by_hand
from bpcourse.classroom.worksheet import ENTRIES, ETA, T, X, grade_worksheet, right_values

RIGHT = right_values()


def rounded():
    return {name: float(f"{value:.4g}") for name, value in RIGHT.items()}


def marks(answers):
    return {name: (mark, text) for name, mark, text in grade_worksheet(answers)}


def test_the_right_values_are_the_librarys_forward_and_backward_pass():
    net, _, _ = examples.network_2_3_2()
    g = net.gradients(X, T)
    assert np.allclose([RIGHT[f"h{j}"] for j in "₁₂₃"], net.h[0], rtol=1e-12)
    assert np.allclose([RIGHT["y₁"], RIGHT["y₂"]], net.forward(X), rtol=1e-12)
    assert RIGHT["L"] == pytest.approx(net.loss(X, T), rel=1e-12)
    assert [RIGHT["δ⁽²⁾₁"], RIGHT["δ⁽²⁾₂"]] == pytest.approx(list(g.deltas[1]), rel=1e-12)
    assert RIGHT["δ⁽¹⁾₁"] == pytest.approx(g.deltas[0][0], rel=1e-12)
    assert RIGHT["∂L/∂u₁₁"] == pytest.approx(g.weights[1][0, 0], rel=1e-12)
    assert RIGHT["∂L/∂w₁₁"] == pytest.approx(g.weights[0][0, 0], rel=1e-12)
    net.step(g, ETA)
    assert RIGHT["w₁₁ after the step"] == pytest.approx(net.weights[0][0, 0], rel=1e-12)


def test_the_hand_gradient_agrees_with_finite_differences():
    net, _, _ = examples.network_2_3_2()
    numeric = bp.numerical_gradient(lambda: net.loss(X, T), net.weights[0])
    assert RIGHT["∂L/∂w₁₁"] == pytest.approx(numeric[0, 0], rel=1e-7)


def test_the_example_is_new_so_no_number_was_printed_before():
    _, x, t = examples.network_2_3_2()
    assert not np.allclose(X, x) and not np.allclose(T, t)


def test_all_numbers_to_four_significant_digits_pass():
    verdict = check_pass_by_hand(rounded)
    assert verdict.passed is True and "all 18 numbers right" in verdict.message


def test_the_untouched_stub_is_not_implemented_yet():
    verdict = check_pass_by_hand(lambda: {name: ... for name in ENTRIES})
    assert not verdict and verdict.message.startswith("⏳")
    assert "not implemented yet" in verdict.message


def test_the_numbers_filled_in_so_far_are_graded_and_the_rest_wait():
    answers = {name: ... for name in ENTRIES} | {"a⁽¹⁾₁": rounded()["a⁽¹⁾₁"]}
    verdict = check_pass_by_hand(lambda: answers)
    assert verdict.message.startswith("⏳ pass_by_hand: 1 of 18 right so far")
    assert marks(answers)["a⁽¹⁾₁"][0] == "✅" and marks(answers)["h₁"][0] == "⏳"


@pytest.mark.parametrize(("entry", "wrong", "hint"), [
    ("a⁽¹⁾₁", lambda r: r["a⁽¹⁾₁"] - 0.1, "bias b⁽¹⁾₁"),
    ("h₂", lambda r: r["a⁽¹⁾₂"], "apply the sigmoid"),
    ("a⁽²⁾₁", lambda r: r["a⁽²⁾₁"] - 0.2, "bias b⁽²⁾₁"),
    ("L", lambda r: 2 * r["L"], "the ½ is missing"),
    ("δ⁽²⁾₁", lambda r: r["y₁"] - 1.0, "the sigmoid's slope"),
    ("δ⁽²⁾₂", lambda r: -r["δ⁽²⁾₂"], "the sign"),
    ("∂L/∂h₁", lambda r: r["δ⁽²⁾₁"] * 0.40, "both outputs"),
    ("δ⁽¹⁾₁", lambda r: r["∂L/∂h₁"], "the gain of h₁"),
    ("∂L/∂u₁₁", lambda r: r["δ⁽²⁾₁"], "times h₁"),
    ("∂L/∂w₁₁", lambda r: r["δ⁽¹⁾₁"], "times x₁"),
    ("w₁₁ after the step", lambda r: 0.15 + ETA * r["∂L/∂w₁₁"], "against the gradient"),
])
def test_a_wrong_factor_gets_a_hint_naming_it(entry, wrong, hint):
    answers = rounded() | {entry: wrong(RIGHT)}
    mark, text = marks(answers)[entry]
    assert mark == "❌" and hint in text, text


def test_a_number_wrong_only_because_an_earlier_one_is_points_at_that_one():
    answers = rounded()
    answers["h₁"] = 0.6  # wrong; a⁽²⁾₁ and a⁽²⁾₂ are then worked out from it
    h = np.array([0.6, RIGHT["h₂"], RIGHT["h₃"]])
    answers["a⁽²⁾₁"] = float(h @ examples.U[:, 0] + examples.B2[0])
    mark, text = marks(answers)["a⁽²⁾₁"]
    assert mark == "❌" and "follows from your h₁" in text and "fix h₁ first" in text
    assert check_pass_by_hand(lambda: answers).message.startswith("❌ pass_by_hand: 16 of 18")


def test_a_wrong_number_never_shows_the_right_one():
    answers = rounded() | {"δ⁽¹⁾₁": 0.5}
    message = check_pass_by_hand(lambda: answers).message
    assert f"{RIGHT['δ⁽¹⁾₁']:.4g}" not in message


@pytest.mark.parametrize("bad", ["0.49", (0.49,), [0.49], True, float("nan")])
def test_anything_but_a_number_is_refused(bad):
    answers = rounded() | {"h₁": bad}
    assert marks(answers)["h₁"][0] == "❌"
    assert not check_pass_by_hand(lambda: answers)


def test_a_function_that_raises_or_returns_no_dict_gets_a_verdict():
    def broken():
        raise ZeroDivisionError("oops")

    assert "raised ZeroDivisionError" in check_pass_by_hand(broken).message
    assert "return the dict" in check_pass_by_hand(lambda: [1, 2]).message


def test_an_entry_not_on_the_worksheet_is_named():
    answers = rounded() | {"h4": 0.5}
    verdict = check_pass_by_hand(lambda: answers)
    assert not verdict and "entries not on the worksheet: h4" in verdict.message
