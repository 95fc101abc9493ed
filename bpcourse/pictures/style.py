"""One look for every picture of the course: the palette, the text sizes, the label boxes and
the small text helpers (true minus signs, sub- and superscripts in plain Unicode, the width a
text will take).

Plain Unicode (``x₁``, ``h⁽²⁾₃``) draws several milliseconds faster than mathtext, which a new
figure parses again; the explorers, redrawn on every slider move, use it throughout.

Every picture is read on a projector: no text is smaller than :data:`SMALL` (10 pt) at the
figure's own size, no label lies over another or over a unit, and no figure is larger than
8 × 4.5 inches; ``tests/test_readability.py`` checks each picture for it.

The pictures speak the course's languages (issue 26): their text is set in DejaVu Sans, which
matplotlib ships and which has the Latin, Greek, mathematical and Persian letters, and a
character it lacks, a Chinese one, is taken from the first of :data:`CJK_FONTS` installed
(:data:`FONTS`). A picture with no Chinese text draws the same pixels with or without them.
"""

import collections
import functools

import matplotlib
from matplotlib import font_manager
from matplotlib.font_manager import FontProperties
from matplotlib.ft2font import LoadFlags
from matplotlib.patches import FancyArrowPatch

from ..show import fmt

SMALL = 10
"""The smallest text of any picture, in points: numbers on wires and edges, legends, ticks."""
NAME = 12
"""Names of units and sources (``x₁``, ``h₂``, ``y``) and titles, in points."""

VALUE = "black"
"""Forward values."""
GRAD = "tab:red"
"""Gradients and deltas."""
LOCAL = "tab:blue"
"""Local derivatives on the edges of a computational graph."""
EDGE = "0.55"
"""Arrows that carry no number of their own."""
POSITIVE, NEGATIVE = "tab:blue", "tab:orange"
"""Weights by sign."""
CLASS_COLOURS = ("tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple")
"""Classes 0, 1, 2, ... in scatter plots and decision regions."""
NODE_FILL, NODE_LINE = "#f2f2f2", "0.3"
"""Units, gates and the boxes of a graph."""

LINE = 13.0
"""Points from one line of a label to the next."""
TEXT_H = 1.05 * SMALL
"""The height matplotlib gives a line of text at :data:`SMALL` points."""


CJK_FONTS = ("Noto Sans CJK SC", "Source Han Sans SC", "Noto Sans SC", "Source Han Sans CN",
             "WenQuanYi Zen Hei", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC",
             "Hiragino Sans GB", "Heiti SC", "SimHei", "Droid Sans Fallback")
"""Fonts with the Chinese characters, in the order the pictures prefer them: those a student's
machine commonly has (Linux: Noto Sans CJK, Source Han Sans, WenQuanYi; Windows: Microsoft YaHei,
SimHei; macOS: PingFang, Hiragino, Heiti). The course ships none of them; ``.ci/run`` installs
Debian's fonts-noto-cjk. Matplotlib finds a font installed after it built its font cache once
the cache is rebuilt (remove ``fontlist-*.json`` from ``matplotlib.get_cachedir()``)."""


def installed(families):
    """Those of ``families`` that matplotlib knows, in the same order."""
    known = {entry.name.lower() for entry in font_manager.fontManager.ttflist}
    return [family for family in families if family.lower() in known]


FONTS = ["DejaVu Sans", *installed(CJK_FONTS)]
"""The pictures' font list (``font.family``): DejaVu Sans, then the CJK fonts installed, for
the characters DejaVu Sans lacks; matplotlib takes each character from the first font that has
it. Fonts that are not installed are left out, so matplotlib does not warn about them."""


def use_fonts():
    """Make :data:`FONTS` matplotlib's font list, unless a font family was chosen already (so a
    student's own choice stands). Done when the pictures are imported."""
    if list(matplotlib.rcParams["font.family"]) == ["sans-serif"]:
        matplotlib.rcParams["font.family"] = FONTS


use_fonts()


def label_box(pad=0.1):
    """The white, borderless box behind a label that sits on a line, so the line does not cross
    the text: ``ax.text(..., bbox=label_box())``."""
    return {"boxstyle": f"round,pad={pad}", "facecolor": "white", "edgecolor": "none",
            "alpha": 0.85}


_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
_SUPERSCRIPT = str.maketrans("0123456789()-.", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾⁻·")


def subscript(text):
    """``"12"`` → ``"₁₂"`` (digits only; anything else is left as it is)."""
    return str(text).translate(_SUBSCRIPT)


def superscript(text):
    """``"(2)"`` → ``"⁽²⁾"``, ``"-0.5"`` → ``"⁻⁰·⁵"``."""
    return str(text).translate(_SUPERSCRIPT)


@functools.cache
def _advance(char, bold):
    """The advance width of ``char``, in ems, in the first font of matplotlib's font list that
    has it (DejaVu Sans with :data:`FONTS`; a Chinese character from a CJK font), as
    matplotlib takes it; in the first font, its missing-glyph box, if none has it."""
    paths = font_manager.fontManager._find_fonts_by_props(FontProperties(
        weight="bold" if bold else "normal"))
    fonts = [font_manager.get_font(path) for path in paths]
    font = next((f for f in fonts if f.get_char_index(ord(char))), fonts[0])
    font.set_size(100, 72)
    glyph = font.load_char(ord(char), flags=LoadFlags.NO_HINTING)
    return glyph.linearHoriAdvance / 65536 / 100


def text_width(text, size=SMALL, bold=False):
    """The width of one line of plain text (no mathtext) at ``size`` points, in points: the sum
    of its glyphs' advances, within about 1 % of what matplotlib draws and much faster to get
    than a measurement by the renderer, so a picture can lay itself out around its labels."""
    return size * sum(_advance(c, bold) for c in str(text))


def apart(rect, others, margin):
    """Whether the rectangle ``rect`` (x0, y0, x1, y1) keeps ``margin`` from each of ``others``:
    how a picture finds a free place for a label."""
    return all(rect[2] + margin <= o[0] or o[2] + margin <= rect[0] or rect[3] + margin <= o[1]
               or o[3] + margin <= rect[1] for o in others)


def number(v, digits=".4g"):
    """A number as a picture shows it: short (``fmt(v, digits)``) and with a true minus sign,
    ``-0.17740`` → ``"−0.1774"``, ``2.0`` → ``"2"``."""
    return fmt(v, digits).replace("-", "−")


def unit_name(name, tex=False):
    """A unit's name from :func:`~bpcourse.pictures.network.network_layout` as it is drawn:
    ``"x1"`` → ``"x₁"``, ``"h2_3"`` → ``"h⁽²⁾₃"``; with ``tex``, mathtext: ``"$x_{1}$"``,
    ``"$h^{(2)}_{3}$"``."""
    letter, rest = name[0], name[1:]
    layer, index = rest.split("_") if "_" in rest else ("", rest)
    if tex:
        return f"${letter}^{{({layer})}}_{{{index}}}$" if layer else f"${letter}_{{{index}}}$"
    return letter + (superscript(f"({layer})") if layer else "") + subscript(index)


class Arrow(FancyArrowPatch):
    """A FancyArrowPatch between two points that remembers its shape: drawing an arrow shortens
    the line at both ends and cuts its head out of it (``split_path_inout``, a search along the
    curve), several milliseconds for a network's edges. An arrow of the same ends, shortening,
    style and size on the screen as one drawn before reuses that shape, the same path to the
    bit; the explorers redraw their networks on every move with their edges where they were."""

    shapes = collections.OrderedDict()
    LIMIT = 4000  # shapes remembered, the least recently drawn forgotten first

    def _get_path_in_displaycoord(self):
        if self._posA_posB is None or self.patchA is not None or self.patchB is not None:
            return super()._get_path_in_displaycoord()
        ends = self.get_transform().transform([self._convert_xy_units(p)
                                               for p in self._posA_posB])
        key = (ends.tobytes(), self._dpi_cor, self.shrinkA, self.shrinkB,
               self.get_mutation_scale(), self.get_linewidth(), self.get_mutation_aspect(),
               _style_key(self.get_connectionstyle()), _style_key(self.get_arrowstyle()))
        shape = self.shapes.get(key)
        if shape is None:
            shape = self.shapes[key] = super()._get_path_in_displaycoord()
            while len(self.shapes) > self.LIMIT:
                self.shapes.popitem(last=False)
        else:
            self.shapes.move_to_end(key)
        return shape


def _style_key(style):
    """A connection or arrow style as a key: its class and its parameters."""
    return (type(style).__qualname__,
            tuple(sorted((k, repr(v)) for k, v in vars(style).items())))
