"""The benchmark script runs and does the same work as its peers (no timings are asserted)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run(*rows):
    done = subprocess.run([sys.executable, "benchmarks/run.py", *rows, "--quick"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()[1:]


def test_value_row_computes_what_micrograd_computes_before_timing():
    (row,) = run("--value")
    assert row.split(":")[0] == "bp.Value"
    assert "differ" not in row and "skipped" not in row


def test_network_row_computes_what_pytorch_computes_before_timing():
    pytest.importorskip("torch", reason="PyTorch is optional: the course never needs it")
    (row,) = run("--network")
    assert row.split(":")[0] == "bp.Network"
    assert "differ" not in row and "skipped" not in row
