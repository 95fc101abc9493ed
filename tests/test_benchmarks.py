"""The benchmark script runs and does the same work as its peers (no timings are asserted)."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_benchmark_rows_match_micrograd_and_pytorch_before_timing():
    pytest.importorskip("micrograd")
    pytest.importorskip("torch")
    done = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--value", "--network", "--quick"],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stderr
    rows = done.stdout.splitlines()[1:]
    assert [row.split(":")[0] for row in rows] == ["bp.Value", "bp.Network"]
    assert not [row for row in rows if "differ" in row or "skipped" in row]
