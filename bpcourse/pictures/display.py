"""Showing a figure in a notebook with its alt text.

A figure of the course is read by people who cannot see it too: the course website gives every
image the text this function stores with it (``alt`` in the image output's metadata, which
nbconvert and the site read), so the description lives in one place, beside the figure's code.
The code says it in English; in Persian or Chinese (:mod:`bpcourse.language`) the stored alt text
is its translation from ``bpcourse/locale/<lang>/figures.po``, which ``make translations`` writes
from the notebooks' catalogs, so a translated notebook run again keeps its figures' alt texts in
its language.
"""

import matplotlib.pyplot as plt

from ..language import catalog, language


def display_figure(fig, alt):
    """Show ``fig`` in the notebook as a PNG whose alt text is ``alt``, then close it.

    ``alt`` says what the figure shows (its message, not its colours), in a sentence or two, in
    English; it is stored in the student's language when it has a translation there.
    """
    if not isinstance(alt, str) or not alt.strip():
        raise ValueError(f"display_figure needs alt text describing the figure, got {alt!r}")
    from IPython.display import display

    alt = " ".join(alt.split())
    lang = language()
    if lang != "en":
        alt = catalog(lang).get(alt, alt)
    display(fig, metadata={"image/png": {"alt": alt}})
    plt.close(fig)
