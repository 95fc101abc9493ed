"""The pictures' fonts render the course's languages (issue 26): Persian in DejaVu Sans, which
matplotlib ships; Chinese in a CJK font of the machine (bpcourse.pictures.style.CJK_FONTS), the
tests of it skipped where none is installed (``apt-get install -y fonts-noto-cjk``, as .ci/run
does). No font is added to the repository."""

import warnings

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from bpcourse.pictures import style

CJK = style.installed(style.CJK_FONTS)
needs_cjk = pytest.mark.skipif(not CJK, reason=(
    "no CJK font known to matplotlib: apt-get install -y fonts-noto-cjk (as .ci/run does), then "
    "remove matplotlib's fontlist-*.json cache if it predates the font"))


def drawn(text, size=40):
    """``text`` drawn alone at ``size`` points: its ink (0-255, one value a pixel) and the
    warnings matplotlib gave while drawing it."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig = plt.figure(figsize=(4, 1), dpi=100)
        fig.text(0.05, 0.3, text, size=size)
        fig.canvas.draw()
        ink = 255 - np.asarray(fig.canvas.buffer_rgba())[:, :, 0].astype(int)
        plt.close(fig)
    return ink, [str(w.message) for w in caught]


def width(ink):
    """From the leftmost inked column to the rightmost, in pixels."""
    columns = np.nonzero(ink.sum(axis=0))[0]
    return int(columns.max() - columns.min() + 1)


def missing_glyphs(messages):
    return [m for m in messages if "missing from font" in m]


def test_the_pictures_set_text_in_dejavu_sans_then_the_cjk_fonts_installed():
    assert style.FONTS == ["DejaVu Sans", *CJK]
    assert matplotlib.rcParams["font.family"] == style.FONTS


def test_a_font_that_is_not_installed_is_left_out_of_the_list():
    assert style.installed(["No Such Font", "DejaVu Sans", "dejavu sans mono"]) == [
        "DejaVu Sans", "dejavu sans mono"]


def test_a_font_family_the_student_chose_stands():
    with matplotlib.rc_context({"font.family": ["serif"]}):
        style.use_fonts()
        assert matplotlib.rcParams["font.family"] == ["serif"]
    with matplotlib.rc_context({"font.family": ["sans-serif"]}):
        style.use_fonts()
        assert matplotlib.rcParams["font.family"] == style.FONTS


def test_a_persian_label_renders_with_no_missing_glyph():
    ink, messages = drawn("گرادیان نزولی")
    assert missing_glyphs(messages) == []
    assert ink.sum() > 0


def test_persian_letters_are_joined_and_laid_out_right_to_left():
    # alef (a tall stroke) then beh: read right to left, the alef stands at the right
    ink, _ = drawn("اب")
    columns = np.nonzero(ink.sum(axis=0))[0]
    tallest = int((ink > 128).sum(axis=0).argmax())
    assert tallest > (columns.min() + columns.max()) / 2
    # joined, the letters take less room than each letter drawn alone
    assert width(drawn("نزولی")[0]) < 0.9 * sum(width(drawn(letter)[0]) for letter in "نزولی")


@needs_cjk
def test_a_chinese_label_renders_with_no_missing_glyph():
    ink, messages = drawn("梯度下降")
    assert missing_glyphs(messages) == []
    assert ink.sum() > 0


@needs_cjk
def test_chinese_characters_are_drawn_as_themselves_not_as_boxes():
    """A missing glyph is drawn as the same box for every character of a block; each Chinese
    character is drawn as its own shape."""
    shapes = [drawn(char)[0] for char in "梯度"]
    assert not np.array_equal(*shapes)


@needs_cjk
def test_text_width_measures_chinese_in_the_cjk_font():
    text = "梯度下降 (gradient descent)"
    fig = plt.figure(dpi=72)
    drawn_width = fig.text(0, 0, text, size=style.SMALL).get_window_extent(
        fig.canvas.get_renderer()).width
    plt.close(fig)
    assert style.text_width(text) == pytest.approx(drawn_width, rel=0.03)
