"""Virtual environments for the slow tests that need what the course's own ``.venv`` must not
have (ipywidgets 7.7.1, nbgrader): the course's runtime pins from ``requirements.txt`` plus one
package, ``bpcourse`` installed from this checkout (``pip install -e``).

An environment is built once, where it stays (its scripts name their interpreter by path), and
kept in ``build/<prefix><key>``, the key a hash of everything it is made from: changing a pin or
the package's requirements builds a new one. The file ``complete`` marks it finished. It needs
PyPI (or the configured index); without it the test that asks skips.
"""

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OFFLINE = re.compile(r"NewConnectionError|Max retries exceeded|Temporary failure in name "
                     r"resolution|Network is unreachable|No matching distribution found|"
                     r"Could not find a version that satisfies")
"""What pip prints when it cannot reach the package index."""


def pins(runtime, extra):
    """``["name==version", ...]``: the course's pins of the packages ``runtime``, then
    ``extra`` (e.g. ``"nbgrader==0.9.6"``)."""
    found = {}
    for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = (part.strip() for part in line.split("=="))
            found[re.sub(r"[-_.]+", "-", name).lower()] = version
    missing = [name for name in runtime if name not in found]
    assert not missing, f"requirements.txt pins none of {missing}"
    return [f"{name}=={found[name]}" for name in runtime] + [extra]


def environment_key(pinned):
    """A short hash of what an environment of ``pinned`` and bpcourse is made from."""
    with open(ROOT / "pyproject.toml", "rb") as f:
        requires = tomllib.load(f)["project"]["dependencies"]
    made_of = [*pinned, *requires, sys.version.split()[0], sys.base_prefix, str(ROOT)]
    return hashlib.sha256("\n".join(made_of).encode()).hexdigest()[:12]


def clean_env(venv):
    """The environment of a shell that activated ``venv`` and nothing else of Python's or
    Jupyter's (the course's own BPCOURSE_* settings stay)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTEST_", "VIRTUAL_ENV", "PYTHON", "JUPYTER"))}
    env["VIRTUAL_ENV"] = str(venv)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


def cached_venv(prefix, pinned, what):
    """``build/<prefix><key>``: reused if built before, built now if not; skips the test when
    pip cannot reach the index (``what`` names the environment in the message)."""
    venv = ROOT / "build" / f"{prefix}{environment_key(pinned)}"
    if (venv / "complete").is_file():
        return venv
    for old in (ROOT / "build").glob(f"{prefix}*"):  # older ones, or this one unfinished
        shutil.rmtree(old, ignore_errors=True)
    venv.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    run = subprocess.run(
        [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
         "--disable-pip-version-check", *pinned, "-e", str(ROOT)],
        cwd=ROOT, env=clean_env(venv), capture_output=True, text=True, timeout=1500)
    output = run.stdout + run.stderr
    if run.returncode != 0:
        shutil.rmtree(venv, ignore_errors=True)
        if OFFLINE.search(output) and "ResolutionImpossible" not in output:
            pytest.skip(f"pip cannot reach PyPI to build the {what} environment:\n"
                        f"{output[-1500:]}")
        pytest.fail(f"pip install {' '.join(pinned)} -e . failed:\n{output[-4000:]}")
    (venv / "complete").write_text("\n".join(pinned) + "\n", encoding="utf-8")
    return venv
