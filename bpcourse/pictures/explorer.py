"""Interactive explorers: a pure *view* function bound to ipywidgets sliders.

A view takes numbers and returns ``(figure, text)``; it sits beside the picture it draws, and
tests call it directly, without a browser. :func:`explorer` only adds the sliders and redraws the
view when one moves: the one module of the package that touches ipywidgets.
"""

import io

import matplotlib.pyplot as plt


def explorer(view, **sliders):
    """Bind ``view(**values) -> (figure, text)`` to one slider per keyword.

    Each keyword gives ``(low, high, step, start)``, e.g.
    ``explorer(neuron_view, w0=(-4, 4, 0.1, -3.0), b=(-4, 4, 0.1, 1.0))``; four whole numbers,
    such as ``steps=(0, 300, 1, 0)``, make a whole-number slider. A list of words, such as
    ``activation=["sigmoid", "tanh", "ReLU"]``, makes a row of buttons, one per word, the first
    one chosen.
    Returns the widget box; the notebook cell that shows it is tagged ``nbval-ignore-output``.
    """
    import ipywidgets as widgets
    from IPython.display import Image, display

    controls = {name: _control(widgets, name, spec) for name, spec in sliders.items()}
    out = widgets.Output()

    def update(_change=None):
        values = {name: c.value for name, c in controls.items()}
        figure, text = view(**values)
        picture = Image(data=png(figure))
        plt.close(figure)
        with out:
            out.clear_output(wait=True)
            display(picture, metadata={"image/png": {"alt": alt_text(values, text)}})
            print(text)

    for control in controls.values():
        control.observe(update, names="value")
    update()
    return widgets.VBox([widgets.HBox(list(controls.values()),
                                      layout=widgets.Layout(flex_flow="row wrap")), out])


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
    slider takes to answer). Two more savings: glyphs drawn without FreeType's hinting, which
    at 100 dpi looks the same and takes about a fifth off a picture full of labels, and zlib level
    1, a few milliseconds faster than the default 6 for a file about a tenth larger."""
    buffer = io.BytesIO()
    with plt.rc_context({"text.hinting": "no_hinting"}):
        figure.savefig(buffer, format="png", dpi=100, pil_kwargs={"compress_level": 1})
    return buffer.getvalue()


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
