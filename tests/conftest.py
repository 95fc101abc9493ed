"""Shared pytest configuration for the tests.

The tests draw figures without a screen (matplotlib's Agg backend, chosen here, in the test
process only; notebooks under nbval run in their own kernels with the inline backend) and close
every figure after each test.

Every run starts by saying where it runs: the BLAS kernel and numpy's SIMD loops
(tools/numerics.py), since the last bits of a result depend on them.

nbval's kernels are bounded in time (pyproject.toml: ``--nbval-cell-timeout``,
``--nbval-kernel-startup-timeout``): a cell that hangs fails with "Timeout of ... seconds
exceeded", and a kernel that does not start in time is started once more before its notebook
fails.

The checks' progress records (bpcourse.classroom.progress) go to a temporary file, set here at
import time unless BPCOURSE_PROGRESS_FILE is set already, so that neither a test nor an nbval
kernel (which inherits the environment) writes to a real home.
"""

import os
import tempfile
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from tools.numerics import report  # noqa: E402

_records = tempfile.TemporaryDirectory(prefix="bpcourse-progress-")  # removed when pytest exits
os.environ.setdefault("BPCOURSE_PROGRESS_FILE", os.path.join(_records.name, "progress.jsonl"))


def pytest_report_header(config):
    return report()


try:  # the ipywidgets 7.7 environment (tests/test_ipywidgets7.py) runs unit tests without nbval
    import nbval.plugin
except ImportError:
    nbval = None
    RunningKernel = object
else:
    RunningKernel = nbval.plugin.RunningKernel


class KernelStartedOnceMore(RunningKernel):
    """nbval's kernel, started a second time if the first did not answer in time."""

    def __init__(self, *args, **kwargs):
        try:
            super().__init__(*args, **kwargs)
        except (RuntimeError, TimeoutError) as error:
            if getattr(self, "km", None) is not None:  # started, then silent: stop it first
                self.km.shutdown_kernel(now=True)
            warnings.warn(f"a notebook kernel did not start ({error}); starting it once more",
                          stacklevel=2)
            super().__init__(*args, **kwargs)


if nbval is not None:
    nbval.plugin.RunningKernel = KernelStartedOnceMore


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture
def speak():
    """``speak("fa")`` sets the language the checks speak for one test
    (:func:`bpcourse.language.set_language`); the notebook's again after it."""
    from bpcourse.language import set_language

    yield set_language
    set_language(None)
