"""The same outputs on every CPU: nbval again, with the last bits of every result moved.

numpy's matrix products go through OpenBLAS, whose kernel (SSE, AVX, AVX2, AVX-512) depends on
the CPU, and so do numpy's own SIMD loops: kernels add in different orders, so the last bits of
a result differ between CPUs. A notebook that prints such bits, or whose experiment amplifies
them, passes nbval on the CPU that stored its outputs and fails on a student's.

These tests never choose another OpenBLAS kernel (OPENBLAS_CORETYPE is the machine's business:
older OpenBLAS builds compute wrongly or crash with other values). They move the last bits
another way: the notebooks' kernels round every floating-point operation up, or down, instead of
to the nearest (``fesetround``, called by an IPython startup file before the first cell), and
the second run also switches numpy's SIMD loops off. Each result then differs from the stored
one by an ulp or a few, as on another CPU; every output the course prints must not change.
"""

import ctypes
import ctypes.util
import json
import os
import platform
import subprocess
import sys
from pathlib import Path

import pytest

from tools.numerics import simd_in_use

ROOT = Path(__file__).parent.parent
pytestmark = pytest.mark.slow

# fenv.h's rounding modes: their values belong to the architecture
MODES = {"x86_64": {"upward": 0x800, "downward": 0x400},
         "aarch64": {"upward": 0x400000, "downward": 0x800000}}.get(platform.machine())
STARTUP = """\
import ctypes, ctypes.util
_libm = ctypes.CDLL(ctypes.util.find_library("m"))
if _libm.fesetround({mode}) != 0 or _libm.fegetround() != {mode}:
    raise RuntimeError("the portability guard could not set the rounding mode {mode:#x}")
del ctypes, _libm
"""
needs_modes = pytest.mark.skipif(MODES is None or not ctypes.util.find_library("m"),
                                 reason=f"rounding modes not known for {platform.machine()}")


def nbval(paths, tmp_path, mode, no_simd=False):
    """Run nbval over ``paths`` with kernels that round every operation towards ``mode``."""
    ipython = tmp_path / f"ipython-{mode}"
    startup = ipython / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-rounding.py").write_text(STARTUP.format(mode=MODES[mode]))
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["IPYTHONDIR"] = str(ipython)
    if no_simd and simd_in_use():
        env["NPY_DISABLE_CPU_FEATURES"] = " ".join(simd_in_use())
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
         "-c", str(ROOT / "pyproject.toml"), "--rootdir", str(ROOT), *map(str, paths)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1500)


def failures(run):
    lines = [line for line in run.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    return "\n".join(lines) or run.stdout[-3000:] + run.stderr[-2000:]


def notebook(path, source, stored):
    """A one-cell notebook whose stored output is ``stored``."""
    cell = {"cell_type": "code", "execution_count": 1, "id": "c1", "metadata": {},
            "source": source, "outputs": [{"output_type": "stream", "name": "stdout",
                                           "text": stored}]}
    path.write_text(json.dumps({
        "cells": [cell], "nbformat": 4, "nbformat_minor": 5,
        "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                    "language": "python"}}}))
    return path


@needs_modes
def test_the_guard_catches_a_printed_rounding_digit(tmp_path):
    # ten additions of 0.1, each rounded to nearest, give 0.9999999999999999; rounded up, more
    noisy = notebook(tmp_path / "noisy.ipynb", "print(repr(sum([0.1] * 10)))",
                     "0.9999999999999999\n")
    robust = notebook(tmp_path / "robust.ipynb", "print(f'{sum([0.1] * 10):.6f}')",
                      "1.000000\n")
    run = nbval([noisy, robust], tmp_path, "upward")
    assert "1 failed, 1 passed" in run.stdout, run.stdout[-2000:]
    assert "print(repr(sum([0.1] * 10)))" in run.stdout  # the failure is the noisy cell


@needs_modes
@pytest.mark.parametrize("mode, no_simd", [("upward", False), ("downward", True)],
                         ids=["rounding-up", "rounding-down-without-simd"])
def test_every_notebook_output_holds_when_the_last_bits_move(tmp_path, mode, no_simd):
    run = nbval([ROOT / "notebooks"], tmp_path, mode, no_simd)
    assert run.returncode == 0, (
        f"with every operation rounded {mode}"
        + (" and numpy's SIMD loops off" if no_simd else "")
        + ", these outputs changed: they print rounding noise, or an experiment amplifies it."
        " Print what the number means (bp.fmt_error, a tolerance, chaotic runs told apart by a"
        " nudged twin), see bpcourse/show.py.\n" + failures(run))
