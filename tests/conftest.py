"""Shared pytest configuration for the tests.

The tests draw figures without a screen (matplotlib's Agg backend, chosen here, in the test
process only; notebooks under nbval run in their own kernels with the inline backend) and close
every figure after each test.
"""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")
