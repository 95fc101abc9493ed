r"""Concept checks: a question with a few answers, checked in the notebook.

They replace "ask the room" in the speaker notes: every student answers, in the student edition
or on a live slide, and each wrong answer gets its own explanation. The student's function
returns the letter of an answer, ``"a"``, ``"b"``, ...; :func:`choose` returns a
:class:`~bpcourse.classroom.grader.Verdict`, never raises and prints nothing.

- :func:`check_which_weight_matters` (notebook 02): which weight of the ReLU neuron moves
  :math:`y` the most when nudged: :math:`\partial y/\partial w_i = x_i` while :math:`a > 0`;
- :func:`check_which_weights_grow` (04): which output weights one gradient step makes grow:
  :math:`\Delta u_{jk} = -\eta\, h_j \delta^{(2)}_k` has the sign of :math:`-\delta^{(2)}_k`.
"""

from ..language import tr
from .grader import Verdict, _call, _describe, _short, _TooLong


def choose(name, fn, options, right):
    """Call ``fn()`` and compare its letter with ``right``; ``options`` maps each letter to the
    explanation shown when it is chosen (for ``right``: why it is right)."""
    letters = ", ".join(f"'{k}'" for k in options)
    try:
        answer = _call(fn, ())
    except NotImplementedError:
        return Verdict(name, False, tr("⏳ {name}: not implemented yet: return the letter of "
                                       "your answer, one of {letters}", name=name, letters=letters))
    except KeyboardInterrupt:
        return Verdict(name, False, tr("⏹ {name}: the check was interrupted; run the cell again",
                                       name=name))
    except _TooLong:
        return Verdict(name, False, tr("❌ {name}: your function ran too long and was stopped",
                                       name=name))
    except (Exception, SystemExit) as error:
        return Verdict(name, False, tr("❌ {name}: your function raised {error}: {why}",
                                       name=name, error=type(error).__name__, why=_short(error)))
    letter = answer.strip().lower().strip("()") if isinstance(answer, str) else None
    if letter not in options:
        return Verdict(name, False, tr("❌ {name}: expected the letter of an answer, one of "
                                       "{letters}, got {got}", name=name, letters=letters,
                                       got=_describe(answer)))
    if letter == right:
        return Verdict(name, True, tr("✅ {name}: right, ({letter}): {why}", name=name,
                                      letter=letter, why=options[letter]))
    return Verdict(name, False, tr("❌ {name}: not ({letter})\n   hint: {hint}", name=name,
                                   letter=letter, hint=options[letter]))


def check_which_weight_matters(fn):
    r"""``fn()`` → the letter of the weight that, nudged by the same small amount, moves the ReLU
    neuron's output most, for :math:`x = [1, -2, 3]`, :math:`w = [-3, -1, 2]`, :math:`b = 1`."""
    return choose("which_weight_matters", fn, {
        "a": tr("the size of a weight does not decide how much it moves y: while a > 0, "
                "∂y/∂wᵢ = xᵢ, the input on its own wire, whatever wᵢ is"),
        "b": tr("∂y/∂wᵢ = xᵢ while a > 0, and x₃ = 3 is the largest input: nudging w₃ by ε moves "
                "y by 3ε"),
        "c": tr("ReLU's slope 1 is shared, but each weight is multiplied by its own input: "
                "∂y/∂wᵢ = 1 · xᵢ differs from weight to weight"),
        "d": tr("every weight is nudged by the same ε, whatever its size; what counts is the "
                "input it meets: w₂ meets x₂ = −2 and moves y by −2ε, less than w₃'s 3ε"),
    }, "b")


def check_which_weights_grow(fn):
    r"""``fn()`` → the letter of what one gradient step does to the output weights :math:`u` of
    the 2-3-2 network, where :math:`\delta^{(2)} = [0.1437, -0.0849]` and every :math:`h_j > 0`."""
    return choose("which_weights_grow", fn, {
        "a": tr("Δu_jk = −η h_j δ⁽²⁾_k with every h_j > 0: the weights into y₁ (δ⁽²⁾₁ > 0) "
                "shrink, those into y₂ (δ⁽²⁾₂ < 0) grow"),
        "b": tr("gradient descent lowers the loss, not every weight's size: Δu_jk = −η h_j "
                "δ⁽²⁾_k, and the two deltas have opposite signs"),
        "c": tr("every weight into y₁ gets a gradient h_j δ⁽²⁾₁, not only u₁₁: all three h_j are "
                "positive, so all three weights move the same way"),
        "d": tr("the sign is the other way round: the step is minus the gradient, and "
                "δ⁽²⁾₁ > 0 makes the weights into y₁ shrink"),
    }, "a")
