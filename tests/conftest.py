"""Shared pytest configuration for the tests.

The tests draw figures without a screen (matplotlib's Agg backend, chosen here, in the test
process only; notebooks under nbval run in their own kernels with the inline backend) and close
every figure after each test.
"""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402


def pytest_configure(config):
    # registered by pytest-xdist; repeated here so runs with -p no:xdist know the marker too
    config.addinivalue_line("markers", "xdist_group(name): run these tests on one xdist worker")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")
