"""Predict, then reveal: the checks of numbers a student works out by hand."""

import numpy as np
import pytest

import bpcourse as bp
from bpcourse import classroom, examples


def course_values():
    net, x, t = examples.network_2_3_2()
    y = net.forward(x)
    h, u = net.h[0], net.weights[1]
    delta2 = (y - t) * y * (1 - y)
    return {
        "output_delta_by_hand": delta2[0],
        "hidden_delta_by_hand": (delta2 @ u[0]) * h[0] * (1 - h[0]),
        "softmax_delta_by_hand": bp.softmax(np.array([1.0, 2.0, 0.5]))[0],
        "deeper_delta_by_hand": deeper_delta(),
        "batch_gradient_by_hand": batch_gradient(),
        "one_step_by_hand": one_step_fall_to_first_order(),
    }


def deeper_delta():
    """δ⁽²⁾₁ of notebook 05's 2-4-3-3-2 network, from the library's own deltas."""
    net, x, t = examples.network_2_3_2()
    return bp.Network([2, 4, 3, 3, 2], seed=3).gradients(x, t).deltas[1][0]


def batch_gradient():
    """∂𝓛/∂u₁₁ of notebook 06's batch of four: B times the mean's gradient."""
    net, _, _ = examples.network_2_3_2()
    rng = np.random.default_rng(5)
    X, T = rng.normal(0, 1, (4, 2)), rng.uniform(0, 1, (4, 2))
    return 4 * net.gradients(X, T).weights[1][0, 0]


def one_step_fall_to_first_order():
    """η‖g‖² for one step of η = 0.5 on the course's example (notebook 07)."""
    net, x, t = examples.network_2_3_2()
    g = net.gradients(x, t)
    return 0.5 * sum(np.sum(p ** 2) for p in g.weights + g.biases)


VALUES = course_values()
NAMES = list(VALUES)


def check(name):
    return getattr(classroom, f"check_{name}")


def test_the_values_are_the_ones_the_notebooks_reveal():
    assert [round(v, 6) for v in VALUES.values()] == [0.143746, 0.02424, 0.231224, -0.003526,
                                                      0.046182, 0.02791]


@pytest.mark.parametrize("name", NAMES)
def test_the_number_rounded_to_four_digits_passes(name):
    value = float(f"{VALUES[name]:.4g}")
    verdict = check(name)(lambda: value)
    assert verdict.passed is True, verdict.message
    assert verdict.message.startswith("✅") and "right" in verdict.message


@pytest.mark.parametrize("name", NAMES)
def test_a_number_one_percent_off_fails(name):
    assert check(name)(lambda: 1.01 * VALUES[name]).passed is False


@pytest.mark.parametrize("name", NAMES)
def test_a_wrong_number_never_shows_the_right_one(name):
    for wrong in (1.01 * VALUES[name], 0.0, -VALUES[name], 7.0):
        message = check(name)(lambda v=wrong: v).message
        assert "expected" not in message
        message = "\n".join(line for line in message.splitlines() if "received:" not in line)
        for digits in (".3g", ".4g", ".6f"):
            assert format(VALUES[name], digits) not in message, message
        assert "hint:" in message


@pytest.mark.parametrize("name", NAMES)
def test_the_stub_gets_not_implemented_yet(name):
    def stub():
        raise NotImplementedError("work it out")

    verdict = check(name)(stub)
    assert verdict.message.startswith("⏳") and "not implemented yet" in verdict.message


@pytest.mark.parametrize("name", NAMES)
def test_a_string_or_a_tuple_is_refused(name):
    assert "not numbers" in check(name)(lambda: str(VALUES[name])).message
    assert "a single number is asked for" in check(name)(lambda: (VALUES[name],)).message


@pytest.mark.parametrize("name", NAMES)
def test_the_check_prints_nothing(name, capsys):
    check(name)(lambda: 0.5)
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize(("name", "wrong", "hint"), [
    ("output_delta_by_hand", lambda y, t: y[0] - t[0], "the first factor only"),
    ("output_delta_by_hand", lambda y, t: y[0] * (1 - y[0]), "alone: multiply it by ∂L/∂y₁"),
    ("output_delta_by_hand", lambda y, t: -(y[0] - t[0]) * y[0] * (1 - y[0]), "the sign"),
    ("output_delta_by_hand", lambda y, t: 2 * (y[0] - t[0]) * y[0] * (1 - y[0]), "½"),
])
def test_the_output_delta_mistakes_get_their_hints(name, wrong, hint):
    net, x, t = examples.network_2_3_2()
    y = net.forward(x)
    value = float(f"{wrong(y, t):.4g}")
    assert hint in check(name)(lambda: value).message


@pytest.mark.parametrize(("value", "hint"), [
    (0.0139, "the path through y₁ alone"), (0.09996, "that is ∂L/∂h₁"),
    (-0.02424, "the sign")])
def test_the_hidden_delta_mistakes_get_their_hints(value, hint):
    assert hint in classroom.check_hidden_delta_by_hand(lambda: value).message


@pytest.mark.parametrize(("value", "hint"), [
    (0.0, "off-diagonal"), (-0.2312, "the sign"), (0.1778, "you need ∂y₂/∂a₁"),
    (-1.591, "∂L/∂y₂ only")])
def test_the_softmax_delta_mistakes_get_their_hints(value, hint):
    assert hint in classroom.check_softmax_delta_by_hand(lambda: value).message



@pytest.mark.parametrize(("value", "hint"), [
    (-0.01549, "that is ∂L/∂h⁽²⁾₁"), (0.004112, "a column of W⁽³⁾"), (0.003526, "the sign"),
    (0.0001121, "one path only")])
def test_the_deeper_delta_mistakes_get_their_hints(value, hint):
    assert hint in classroom.check_deeper_delta_by_hand(lambda: value).message


@pytest.mark.parametrize(("value", "hint"), [
    (0.05684, "example 1 alone"), (0.011546, "the mean over the batch"),
    (0.2016, "a product of sums"), (-0.05312, "output 2")])
def test_the_batch_gradient_mistakes_get_their_hints(value, hint):
    assert hint in classroom.check_batch_gradient_by_hand(lambda: value).message


@pytest.mark.parametrize(("value", "hint"), [
    (0.05582, "multiply by η"), (0.01395, "η once"), (0.1181, "not the length"),
    (0.02735, "the exact fall"), (-0.02791, "a positive number")])
def test_the_one_step_mistakes_get_their_hints(value, hint):
    assert hint in classroom.check_one_step_by_hand(lambda: value).message
