"""The explorer binding: sliders drive a pure view."""

import base64
import html
import re

import matplotlib.pyplot as plt
import pytest

from bpcourse.pictures import explorer
from bpcourse.pictures.explorer import alt_text


def view(w, b=0.0):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [b, w + b])
    return fig, f"w = {w:.2f}, b = {b:.2f}"


def test_explorer_makes_one_slider_per_parameter_with_its_range():
    box = explorer(view, w=(-2, 2, 0.5, 1.0), b=(-1, 1, 0.1, 0.0))
    sliders = box.children[0].children
    assert [(s.description, s.min, s.max, s.step, s.value) for s in sliders] == [
        ("w", -2, 2, 0.5, 1.0), ("b", -1, 1, 0.1, 0.0)]


def test_whole_number_ranges_make_whole_number_sliders():
    box = explorer(view, w=(0, 300, 1, 0), b=(-1, 1, 0.1, 0.0))
    kinds = [type(s).__name__ for s in box.children[0].children]
    assert kinds == ["IntSlider", "FloatSlider"]


def test_moving_a_slider_redraws_the_view():
    calls = []

    def counting(w):
        calls.append(w)
        return view(w)

    box = explorer(counting, w=(-2, 2, 0.5, 1.0))
    box.children[0].children[0].value = 1.5
    assert calls == [1.0, 1.5]
    assert plt.get_fignums() == []  # each figure is closed once shown


def test_the_picture_and_the_views_text_are_shown_together_with_its_alt_text():
    box = explorer(view, w=(-2, 2, 0.5, 1.0))
    box.children[0].children[0].value = 1.5
    shown = box.children[1].value
    picture = base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', shown)[1])
    assert picture.startswith(b"\x89PNG")
    alt = html.unescape(re.search(r' alt="([^"]*)"', shown)[1])
    assert alt == "The explorer's figure at w = 1.50: w = 1.50, b = 0.00"
    assert shown.endswith(">w = 1.50, b = 0.00</pre>")


def test_the_views_text_is_escaped_in_the_html():
    box = explorer(lambda w: (view(w)[0], "a < b & \"c\""), w=(-2, 2, 0.5, 1.0))
    assert "a &lt; b &amp; &quot;c&quot;</pre>" in box.children[1].value


def test_the_figure_alt_text_names_the_slider_values_and_the_views_first_line():
    assert (alt_text({"w0": -3.0, "steps": 4}, "a = 6.0000\nmore")
            == "The explorer's figure at w0 = -3.00, steps = 4: a = 6.0000")


def test_a_view_without_text_still_gets_an_alt_text():
    assert alt_text({"b": 1.0}, "") == "The explorer's figure at b = 1.00."


def test_a_list_of_words_makes_a_row_of_buttons_whose_choice_reaches_the_view():
    calls = []

    def choosing(n, kind):
        calls.append((n, kind))
        return view(n)

    box = explorer(choosing, n=(1, 5, 1, 2), kind=["sigmoid", "tanh", "ReLU"])
    slider, buttons = box.children[0].children
    assert type(buttons).__name__ == "ToggleButtons"
    assert list(buttons.options) == ["sigmoid", "tanh", "ReLU"]
    buttons.value = "ReLU"
    assert calls == [(2, "sigmoid"), (2, "ReLU")]


def test_a_word_in_the_alt_text_is_written_as_it_is():
    assert (alt_text({"depth": 10, "activation": "tanh", "scale": 1.0}, "first line")
            == "The explorer's figure at depth = 10, activation = tanh, scale = 1.00: first line")


def test_the_explorers_png_is_the_plain_drawing_pixel_for_pixel_move_after_move():
    """png() copies the glyphs of text it drew before and writes its own PNG; the picture must
    not change by a pixel, for text that stays, text that moves and text that changes."""
    import io

    import numpy as np
    from PIL import Image

    from bpcourse.pictures import chain_view
    from bpcourse.pictures.explorer import png

    def plain(figure):
        from matplotlib.backends.backend_agg import FigureCanvasAgg

        FigureCanvasAgg(figure)
        buffer = io.BytesIO()
        with plt.rc_context({"text.hinting": "no_hinting"}):
            figure.savefig(buffer, format="png", dpi=100, pil_kwargs={"compress_level": 1})
        return buffer.getvalue()

    def pixels(data):
        return np.asarray(Image.open(io.BytesIO(data)).convert("RGBA"))

    for x in (2.0, 2.1, 2.0, -1.3):
        drawn = []
        for draw in (png, plain):
            figure, _ = chain_view(x, 0.5)
            figure.axes[0].set_title(f"moved\nby {x}", rotation=x)  # two lines at a new angle
            drawn.append(pixels(draw(figure)))
            plt.close(figure)
        assert np.array_equal(*drawn)


@pytest.mark.parametrize("name", ["modes_view", "vanishing_view", "cost_view"])
def test_log_axes_keep_every_minor_tick_in_view_pixel_for_pixel(name):
    import io

    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    from bpcourse import pictures
    from bpcourse.pictures.explorer import png

    def plain(figure):
        FigureCanvasAgg(figure)
        buffer = io.BytesIO()
        with plt.rc_context({"text.hinting": "no_hinting"}):
            figure.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()

    drawn = []
    for draw in (png, plain):
        figure, _ = getattr(pictures, name)()
        drawn.append(np.asarray(Image.open(io.BytesIO(draw(figure))).convert("RGBA")))
        plt.close(figure)
    assert np.array_equal(*drawn)


def test_an_arrow_that_remembers_its_shape_draws_what_a_fancy_arrow_draws_every_time():
    import io

    import numpy as np
    from matplotlib.patches import FancyArrowPatch
    from PIL import Image

    from bpcourse.pictures.explorer import png
    from bpcourse.pictures.style import Arrow

    def picture(kind, bend, width):
        figure, ax = plt.subplots(figsize=(3, 2))
        ax.set(xlim=(0, 4), ylim=(0, 3))
        for start, end in (((0.5, 0.5), (3.5, 2.5)), ((1, 2), (3, 0.5)), ((2, 0.2), (2, 2.8))):
            ax.add_artist(kind(start, end, arrowstyle="-|>", mutation_scale=10, shrinkA=8,
                               shrinkB=6, connectionstyle=f"arc3,rad={bend}", linewidth=width))
        data = png(figure)
        plt.close(figure)
        return np.asarray(Image.open(io.BytesIO(data)))

    for bend, width in ((0.0, 1.0), (0.3, 1.0), (0.0, 1.0), (0.3, 2.0), (-0.3, 1.0)):
        assert np.array_equal(picture(Arrow, bend, width), picture(FancyArrowPatch, bend, width))


@pytest.mark.parametrize("opaque", [True, False])
def test_the_png_encoder_keeps_every_pixel_and_drops_alpha_only_when_all_is_opaque(opaque):
    import io

    import numpy as np
    from PIL import Image

    from bpcourse.pictures.explorer import _encode_png

    rgba = np.random.default_rng(0).integers(0, 256, (7, 5, 4), dtype=np.uint8)
    if opaque:
        rgba[..., 3] = 255
    image = Image.open(io.BytesIO(_encode_png(rgba)))
    assert image.mode == ("RGB" if opaque else "RGBA")
    assert np.array_equal(np.asarray(image.convert("RGBA")), rgba)


def test_a_view_with_an_update_moves_the_figure_it_drew_and_falls_back_when_it_fails():
    made, moved = [], []

    def drawing(w):
        made.append(w)
        return view(w)

    def moving(figure, w):
        if w < 0:
            raise ValueError("a layout this update cannot reach")
        moved.append(w)
        figure.axes[0].lines[0].set_ydata([0, w])
        return f"w = {w:.2f}, b = 0.00"

    drawing.update = moving
    box = explorer(drawing, w=(-2, 2, 0.5, 1.0))
    slider = box.children[0].children[0]
    for w in (1.5, -1.0, 0.5):
        slider.value = w
    assert made == [1.0, -1.0] and moved == [1.5, 0.5]
    assert plt.get_fignums() == []  # the kept figure is closed to pyplot, and drawn all the same


# Each view with a fast path and values a slider sequence visits: each move updates the figure
# of the move before, which must then draw what a new figure draws, pixel for pixel.
MOVES = {
    "step_view": [{"steps": s} for s in (0, 1, 2, 30, 31, 300, 5, 0, 150, 29)],
    "vanishing_view": [{"depth": d, "activation": a, "scale": s} for d, a, s in (
        (10, "sigmoid", 1.0), (11, "sigmoid", 1.0), (2, "tanh", 1.0), (30, "ReLU", 1.4),
        (30, "ReLU", 0.25), (5, "sigmoid", 4.0), (10, "tanh", 0.5), (10, "ReLU", 1e-9))],
    "learning_rate_view": [{"log10_eta": e, "epochs": n} for e, n in (
        (1.0, 300), (1.1, 300), (-1.0, 10), (3.0, 300), (2.0, 150), (0.5, 20), (1.0, 300))],
    "cost_view": [{"layers": n, "width": w} for n, w in (
        (3, 8), (4, 8), (1, 2), (30, 100), (30, 99), (2, 50), (1, 100), (3, 8))],
    "modes_view": [{"inputs": i, "outputs": o, "depth": d} for i, o, d in (
        (16, 1, 3), (17, 1, 3), (1, 16, 6), (128, 16, 1), (128, 1, 6), (8, 8, 3), (1, 1, 1))],
    "chain_view": [{"x": x, "w": w} for x, w in (
        (2.0, 0.5), (2.1, 0.5), (-4.0, 3.0), (4.0, -3.0), (0.0, 0.0), (0.5, 0.1), (-1.3, -2.2))],
    "neuron_view": [{"w1": w1, "w2": w2, "w3": w3, "b": b} for w1, w2, w3, b in (
        (-3.0, -1.0, 2.0, 1.0), (-2.9, -1.0, 2.0, 1.0), (-3.0, -1.0, 0.0, -1.0),
        (-4.0, 4.0, -4.0, -4.0), (4.0, -4.0, 4.0, 4.0), (0.0, 0.0, 0.0, 0.0),
        (0.1, 0.0, 0.0, 0.0))],
    "network_view": [{"x1": x1, "x2": x2, "w11": w} for x1, x2, w in (
        (1.0, 0.5, 0.15), (1.1, 0.5, 0.15), (1.1, 0.5, 2.0), (1.1, 0.4, -2.0), (-1.0, 0.4, -2.0),
        (-1.1, 0.4, -0.1), (0.0, 0.4, -0.1), (0.1, 0.4, 0.0), (2.0, -2.0, 0.3), (1.0, 0.6, 0.15))],
    "delta_view": [{"t1": t1, "t2": t2, "hidden": hidden} for hidden in (True, False)
                   for t1, t2 in ((0.01, 0.99), (0.02, 0.99), (0.03, 0.99), (0.5, 0.5),
                                  (0.51, 0.5), (1.0, 0.0), (0.99, 0.01), (0.0, 1.0),
                                  (0.01, 0.98), (0.3, 0.7), (0.31, 0.7))],
}
REBUILDS = {"delta_view": [{"t1": t1, "t2": t2, "hidden": hidden} for hidden in (True, False)
                           for t1, t2 in ((0.5, 0.5), (1.0, 0.0), (0.0, 1.0))]
            + [{"t1": 0.01, "t2": 0.99, "hidden": False}, {"t1": 0.01, "t2": 0.99, "hidden": True}],
            "network_view": [{"x1": x1, "x2": x2, "w11": w} for x1, x2, w in (
                (-1.0, 0.4, -2.0), (0.0, 0.4, -0.1), (2.0, -2.0, 0.3), (1.0, 0.6, 0.15))]}
"""The moves at which a view draws a new figure: delta_view's layout makes room for its labels,
so a label that grows or shrinks (a sign, a digit) needs a new one, and so does the other
picture (``hidden``); network_view's layout makes room for the units' values, the same."""


def views():
    from bpcourse import pictures

    return {name: getattr(pictures, name) for name in MOVES}


@pytest.mark.parametrize("name", MOVES)
def test_a_views_update_draws_what_a_new_figure_draws_move_after_move(name):
    import io

    import numpy as np
    from PIL import Image

    from bpcourse.pictures.explorer import draw, png

    def pixels(figure):
        return np.asarray(Image.open(io.BytesIO(png(figure))))

    chosen = views()[name]
    assert callable(chosen.update)
    kept = []
    previous, _ = draw(chosen, kept, MOVES[name][-1])  # a new figure, which each move updates
    for values in MOVES[name]:
        figure, text = draw(chosen, kept, values)
        assert (figure is previous) != (values in REBUILDS.get(name, [])), values
        previous = figure
        fresh, fresh_text = chosen(**values)
        assert text == fresh_text, values
        assert np.array_equal(pixels(figure), pixels(fresh)), values
        plt.close(fresh)
    plt.close("all")


def test_a_partial_of_a_view_with_fixed_keywords_uses_the_views_update():
    """04's cell shows ``functools.partial(delta_view, hidden=False)``: its moves update the
    figure of the move before (``hidden=False`` merged), pixel for pixel a new figure."""
    import functools
    import io

    import numpy as np
    from PIL import Image

    from bpcourse.pictures import delta_view
    from bpcourse.pictures.explorer import draw, png

    def pixels(figure):
        return np.asarray(Image.open(io.BytesIO(png(figure))))

    chosen = functools.partial(delta_view, hidden=False)
    kept = []
    previous, _ = draw(chosen, kept, {"t1": 0.3, "t2": 0.7})
    for t1, t2 in ((0.31, 0.7), (0.32, 0.7), (0.02, 0.99), (0.03, 0.99), (0.3, 0.71)):
        figure, text = draw(chosen, kept, {"t1": t1, "t2": t2})
        fresh, fresh_text = delta_view(t1, t2, hidden=False)
        assert text == fresh_text and np.array_equal(pixels(figure), pixels(fresh)), (t1, t2)
        if (t1, t2) != (0.02, 0.99):  # a label that changes its size draws a new figure
            assert figure is previous, (t1, t2)
        previous = figure
        plt.close(fresh)
    plt.close("all")


def test_stepping_09s_backward_pass_updates_the_figure_and_draws_what_a_new_one_draws():
    """09's cell shows ``functools.partial(backward_step_view, L)``: a step whose graph fits the
    figure of the step before moves that figure, pixel for pixel a new figure, and a step that
    needs a figure of another size draws a new one."""
    import functools
    import io

    import numpy as np
    from PIL import Image
    from test_computational_graph import used_twice  # notebook 09's graph

    from bpcourse.pictures import backward_step_view
    from bpcourse.pictures.explorer import draw, png

    def pixels(figure):
        return np.asarray(Image.open(io.BytesIO(png(figure))))

    L, _, _ = used_twice()
    stepping = functools.partial(backward_step_view, L)
    kept, kinds = [], []
    previous, _ = draw(stepping, kept, {"step": 0})
    for step in (1, 2, 3, 2, 1, 0, 3, 0):
        figure, text = draw(stepping, kept, {"step": step})
        fresh, fresh_text = backward_step_view(L, step)
        assert text == fresh_text and np.array_equal(pixels(figure), pixels(fresh)), step
        kinds.append(figure is previous)
        previous = figure
        plt.close(fresh)
    assert any(kinds), "no step moved the figure of the step before"
    plt.close("all")


def test_learning_rate_views_kept_training_draws_what_training_afresh_draws(monkeypatch):
    """learning_rate_view keeps each learning rate's training, epoch by epoch: its figure and
    text are those of a network trained afresh for exactly the epochs asked, pixel for pixel."""
    import io

    import numpy as np
    from PIL import Image

    from bpcourse import Network
    from bpcourse.datasets import two_classes
    from bpcourse.pictures import learning_rate_view, plots
    from bpcourse.pictures.explorer import png
    from bpcourse.training import accuracy, train

    def afresh(log10_eta, epochs):
        eta, epochs = 10.0**log10_eta, max(int(round(epochs)), 1)
        x, t = two_classes()
        net = Network([2, 3, 2], seed=plots.EXPLORER_SEED)
        losses = train(net, x, t, eta, epochs)
        return eta, epochs, net, losses, net.loss(x, t), accuracy(net, x, t)

    def pixels(figure):
        return np.asarray(Image.open(io.BytesIO(png(figure))))

    moves = [(1.0, 300), (1.0, 10), (1.0, 150), (2.5, 40), (1.0, 290), (-1.0, 300), (2.5, 300)]
    kept = [learning_rate_view(*values) for values in moves]
    monkeypatch.setattr(plots, "_learning_rate_numbers", afresh)
    for values, (figure, text) in zip(moves, kept):
        fresh, fresh_text = learning_rate_view(*values)
        assert text == fresh_text and np.array_equal(pixels(figure), pixels(fresh)), values
        plt.close(fresh)
        plt.close(figure)
    monkeypatch.undo()
    for values in moves:  # the numbers themselves, to the last bit
        cached, direct = plots._learning_rate_numbers(*values), afresh(*values)
        assert cached[3] == direct[3] and cached[4:] == direct[4:], values
        for a, b in zip(cached[2].parameters(), direct[2].parameters()):
            assert np.array_equal(a, b), values
