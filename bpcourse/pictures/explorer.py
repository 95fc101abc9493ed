"""Interactive explorers: a pure *view* function bound to ipywidgets sliders.

A view takes numbers and returns ``(figure, text)``; it sits beside the picture it draws, and
tests call it directly, without a browser. :func:`explorer` only adds the sliders and redraws the
view when one moves: the one module of the package that touches ipywidgets.

A view may also carry a fast path, ``view.update(figure, **values) -> text``, which moves the
artists of a figure the view drew (``set_data``, ``set_text``, ...) rather than building a new
one; the explorer keeps its last figure for it, and draws a new one when an update raises.
tests/test_explorer.py checks that each update draws what ``view(**values)`` draws, pixel for
pixel.
"""

import base64
import collections
import functools
import html
import io
import json
import os
import struct
import time
import zlib

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.font_manager import findfont, fontManager, get_font
from matplotlib.ticker import Locator

TIMINGS = "BPCOURSE_EXPLORER_TIMINGS"
"""The environment variable naming a file to which every explorer update appends one JSON line
of timestamps (``time.time()``): its start, the view computed, the PNG drawn, and the picture
with its text sent (``shown``, one message).
``benchmarks/explorer_latency.py`` sets it to split a key press's latency into its stages."""


def explorer(view, **sliders):
    """Bind ``view(**values) -> (figure, text)`` to one slider per keyword.

    Each keyword gives ``(low, high, step, start)``, e.g.
    ``explorer(neuron_view, w1=(-4, 4, 0.1, -3.0), b=(-4, 4, 0.1, 1.0))``; four whole numbers,
    such as ``steps=(0, 300, 1, 0)``, make a whole-number slider. A list of words, such as
    ``activation=["sigmoid", "tanh", "ReLU"]``, makes a row of buttons, one per word, the first
    one chosen.
    Returns the widget box; the notebook cell that shows it is tagged ``nbval-ignore-output``.
    """
    import ipywidgets as widgets

    controls = {name: _control(widgets, name, spec) for name, spec in sliders.items()}
    shown = widgets.HTML()  # the picture and its text, one message per move
    shown.add_class("bpcourse-picture")
    kept = []  # the last figure, for a view with an update(figure, **values) -> text

    def update(_change=None):
        start = time.time()
        values = {name: c.value for name, c in controls.items()}
        figure, text = draw(view, kept, values)
        computed = time.time()
        picture = png(figure)
        plt.close(figure)
        drawn = time.time()
        shown.value = picture_html(picture, alt_text(values, text), text)
        _log_timings(start=start, computed=computed, drawn=drawn, shown=time.time(),
                     values=values)

    for control in controls.values():
        control.observe(update, names="value")
    update()
    return widgets.VBox([widgets.HBox(list(controls.values()),
                                      layout=widgets.Layout(flex_flow="row wrap")), shown])


def draw(view, kept, values):
    """``(figure, text)`` for ``values``: a view with an ``update(figure, **values) -> text``
    attribute moves the artists of the figure it drew last (kept in the list ``kept``) instead of
    building a new one; a view without one, the first move, or an update that raises (e.g. a
    layout whose structure changes with the values) calls ``view(**values)``. A
    ``functools.partial(view, **fixed)`` uses ``view.update`` with the fixed keywords merged."""
    updater = _updater(view)
    if updater is not None and kept:
        try:
            return kept[0], updater(kept[0], **values)
        except Exception:  # noqa: BLE001 (any failure: draw it afresh)
            pass
    figure, text = view(**values)
    kept[:] = [figure] if updater is not None else []
    return figure, text


def _updater(view):
    """``view.update``, or for ``functools.partial(view, *args, **fixed)`` the update of the view
    it wraps with the same arguments bound; None when there is none."""
    if isinstance(view, functools.partial):
        inner = _updater(view.func)
        if inner is None:
            return None
        return lambda figure, **values: inner(figure, *view.args, **{**view.keywords, **values})
    return getattr(view, "update", None)


def _log_timings(**stamps):
    path = os.environ.get(TIMINGS)
    if path:
        with open(path, "a", encoding="utf-8") as log:
            log.write(json.dumps(stamps) + "\n")


def picture_html(picture, alt, text):
    """The HTML an explorer shows: the PNG ``picture`` with its ``alt`` text, and the view's
    ``text`` below it, as a notebook prints it. One HTML widget holds both, so a move costs one
    message and the browser replaces one element (an Output widget took three messages, clear,
    picture and text, through JupyterLab's output area: about 10 ms more per move, measured in
    benchmarks/explorer_latency.py)."""
    data = base64.b64encode(picture).decode("ascii")
    return (f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}" '
            'style="display: block; max-width: 100%;">'
            '<pre class="bpcourse-explorer-text" tabindex="0" '
            'style="margin: 4px 0 0; line-height: 1.3; white-space: pre-wrap;">'
            f'{html.escape(str(text))}</pre>')


def alt_text(values, text):
    """The alt text of an explorer's figure: the slider values and the first line of the view's
    text, e.g. ``"The explorer's figure at w0 = -3.00, b = 1.00: a = 6.0000 ..."``."""
    at = ", ".join(f"{name} = {v}" if isinstance(v, (int, str)) else f"{name} = {v:.2f}"
                   for name, v in values.items())
    first = str(text).strip().splitlines()[0] if str(text).strip() else ""
    return f"The explorer's figure at {at}" + (f": {first}" if first else ".")


def png(figure):
    """The figure as PNG bytes, drawn once at its own size (the views lay out their figures, so
    the inline backend's second, "tight" drawing pass is not needed: it would double the time a
    slider takes to answer). Glyphs are drawn without FreeType's hinting, which at 100 dpi looks
    the same and takes about a fifth off a picture full of labels; the PNG is written by
    :func:`_encode_png`, without PIL's row filters.

    A log axis's minor ticks are kept to those in view (:class:`_InView`). Text is most of the
    drawing, and most of an explorer's text (tick labels, names, titles)
    stands where it stood at the last move: :class:`_TextCache` draws each piece of text once and
    then copies its glyphs, on a renderer kept for the figure's size, pixel for pixel the same
    picture (tests/test_explorer.py compares them).
    """
    for ax in figure.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if axis.get_scale() == "log" and not isinstance(axis.get_minor_locator(), _InView):
                axis.set_minor_locator(_InView(axis.get_minor_locator()))
    buffer = io.BytesIO()
    with plt.rc_context({"text.hinting": "no_hinting"}):
        try:
            _CachingCanvas(figure)
            figure.savefig(buffer, format="png", dpi=100, pil_kwargs={"compress_level": 1})
        except Exception:  # a matplotlib whose renderer differs: draw it the plain way
            FigureCanvasAgg(figure)
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png", dpi=100, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


class _InView(Locator):
    """A log axis's minor locator, keeping only the ticks in the axis's view: matplotlib's
    LogLocator places its minor ticks over whole decades beyond the view (32 for 1 to 128), and
    the axis positions and labels each before it drops those outside, a few milliseconds a
    picture. The ticks kept include every tick the axis would draw, so the picture is the same."""

    def __init__(self, locator):
        self.locator = locator

    def set_axis(self, axis):
        super().set_axis(axis)
        self.locator.set_axis(axis)

    def __call__(self):
        ticks = np.asarray(self.locator(), dtype=float)
        low, high = sorted(self.axis.get_view_interval())
        return ticks[(ticks >= low * (1 - 1e-6)) & (ticks <= high * (1 + 1e-6))]

    def tick_values(self, vmin, vmax):
        return self.locator.tick_values(vmin, vmax)


class _Recorder:
    """Stands in for Agg's C++ renderer while a text is drawn: keeps a copy of each glyph image
    with the place it went to."""

    def __init__(self, renderer, glyphs):
        self.renderer, self.glyphs = renderer, glyphs

    def draw_text_image(self, image, x, y, angle, gc):
        self.glyphs.append((np.array(image, dtype=np.uint8, copy=True), x, y, angle))
        self.renderer.draw_text_image(image, x, y, angle, gc)

    def __getattr__(self, name):
        return getattr(self.renderer, name)


class _TextCache(RendererAgg):
    """Agg, remembering the glyph images of each text it drew: a text with the same characters,
    font, size, angle and place on a canvas of the same size is drawn again from them (colour,
    alpha and clipping still come from the graphics context). Mathtext is drawn as usual.
    It also reads a font's line heights once, not once per text laid out."""

    glyphs = collections.OrderedDict()
    LIMIT = 5000  # texts remembered, the least recently drawn forgotten first
    heights = {}

    def _get_font_height_metrics(self, prop):
        """The ascent, descent and line gap of ``prop``'s font at this resolution, as
        matplotlib's ``Text._get_layout`` reads them from the font's OS/2 or hhea table (it asks
        the renderer first, through this method, and reads the tables when it answers None)."""
        key = (tuple(prop.get_family()), prop.get_style(), prop.get_variant(), prop.get_weight(),
               prop.get_stretch(), prop.get_size_in_points(), prop.get_file(),
               prop.get_math_fontfamily(), self.dpi)
        if key not in self.heights:
            self.heights[key] = None, None, None
            font = get_font(fontManager._find_fonts_by_props(prop))
            for table_name, gap, ascent, descent in (
                    ("OS/2", "sTypoLineGap", "sTypoAscender", "sTypoDescender"),
                    ("hhea", "lineGap", "ascent", "descent")):
                table = font.get_sfnt_table(table_name)
                if table is not None:
                    scale = (1 / font.get_sfnt_table("head")["unitsPerEm"]
                             * prop.get_size_in_points() * self.dpi / 72)
                    self.heights[key] = (table[ascent] * scale, -table[descent] * scale,
                                         table[gap] * scale)
                    break
        return self.heights[key]

    def draw_text(self, gc, x, y, s, prop, angle, ismath=False, mtext=None):
        if ismath:
            return super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        features = getattr(mtext, "get_fontfeatures", lambda: None)()
        language = getattr(mtext, "get_language", lambda: None)()
        key = (s, findfont(prop), tuple(prop.get_family()), prop.get_style(), prop.get_variant(),
               prop.get_weight(), prop.get_stretch(), prop.get_size_in_points(), angle, x, y,
               self.width, self.height, self.dpi, gc.get_antialiased(),
               str(matplotlib.rcParams["text.hinting"]),
               tuple(features) if features else None, language)
        glyphs = self.glyphs.get(key)
        if glyphs is not None:
            self.glyphs.move_to_end(key)
            for image, gx, gy, gangle in glyphs:
                self._renderer.draw_text_image(image, gx, gy, gangle, gc)
            return None
        glyphs, renderer = [], self._renderer
        self._renderer = _Recorder(renderer, glyphs)
        try:
            super().draw_text(gc, x, y, s, prop, angle, ismath, mtext)
        finally:
            self._renderer = renderer
        self.glyphs[key] = glyphs
        while len(self.glyphs) > self.LIMIT:
            self.glyphs.popitem(last=False)
        return None


class _CachingCanvas(FigureCanvasAgg):
    """An Agg canvas that draws on a :class:`_TextCache` kept for its size and resolution, so a
    new figure of the same size reuses it (and matplotlib's measurements of text, which it keeps
    per renderer), and writes its PNG with :func:`_encode_png`."""

    renderers = {}

    def print_png(self, filename_or_obj, **_):
        FigureCanvasAgg.draw(self)
        filename_or_obj.write(_encode_png(np.asarray(self.buffer_rgba())))

    def get_renderer(self):
        w, h = self.get_width_height(physical=True)
        key = w, h, self.figure.dpi
        if key not in self.renderers:
            if len(self.renderers) >= 4:
                self.renderers.clear()
            self.renderers[key] = _TextCache(w, h, self.figure.dpi)
        return self.renderers[key]


def _encode_png(rgba):
    """PNG bytes of an ``(h, w, 4)`` uint8 RGBA array: RGB when every pixel is opaque (the
    figures are), each row unfiltered, zlib at level 1. The pictures are flat colours and text,
    for which the row filters PIL tries on every row cost more than they save: for a 750 × 450
    figure this takes about 3 ms for a smaller file than PIL's 9 ms at level 1.
    tests/test_explorer.py compares the pixels with matplotlib's own PNG."""
    height, width, _ = rgba.shape
    opaque = bool((rgba[..., 3] == 255).all())
    pixels = rgba[..., :3] if opaque else rgba
    rows = np.zeros((height, 1 + width * pixels.shape[2]), dtype=np.uint8)  # 0: no filter
    rows[:, 1:] = pixels.reshape(height, -1)

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data)))

    header = struct.pack(">IIBBBBB", width, height, 8, 2 if opaque else 6, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 1)) + chunk(b"IEND", b""))


def _control(widgets, name, spec):
    if all(isinstance(v, str) for v in spec):  # a list of words: one button each
        return widgets.ToggleButtons(options=list(spec), value=spec[0], description=name,
                                     style={"button_width": "auto"})
    low, high, step, start = spec
    if all(isinstance(v, int) for v in (low, high, step, start)):
        return widgets.IntSlider(value=start, min=low, max=high, step=step, description=name,
                                 continuous_update=False)
    return widgets.FloatSlider(value=start, min=low, max=high, step=step, description=name,
                               continuous_update=False, readout_format=".2f")
