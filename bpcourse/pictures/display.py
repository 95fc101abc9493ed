"""Showing a figure in a notebook with its alt text.

A figure of the course is read by people who cannot see it too: the course website gives every
image the text this function stores with it (``alt`` in the image output's metadata, which
nbconvert and the site read), so the description lives in one place, beside the figure's code.
"""

import matplotlib.pyplot as plt


def display_figure(fig, alt):
    """Show ``fig`` in the notebook as a PNG whose alt text is ``alt``, then close it.

    ``alt`` says what the figure shows (its message, not its colours), in a sentence or two.
    """
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(f"display_figure needs alt text describing the figure, got {alt!r}")
    from IPython.display import display

    display(fig, metadata={"image/png": {"alt": " ".join(alt.split())}})
    plt.close(fig)
