"""ipywidgets 7.7.1, the version Google Colab ships: the explorers and every notebook work with it.

``pyproject.toml`` lets bpcourse install beside ipywidgets 7.7, so that installing it in Colab
upgrades nothing (an upgrade of ipywidgets there forces a restart of the runtime). These tests
build a virtual environment with the course's runtime pins but ``ipywidgets==7.7.1``, installing
bpcourse into it with its own requirements (so pip also checks that the floor admits 7.7.1), then
run ``tests/test_explorer.py`` in it and execute every notebook there. The stored outputs are not
compared (they come from ipywidgets 8); a notebook passes when no cell raises and nothing is
written to stderr.

The environment is built once and kept in ``build/ipywidgets7-<key>/``, where the key is a hash
of everything it is made from; changing a pin or the package's requirements builds a new one.
It needs PyPI (or the pip index this machine is configured with); without it the tests skip.
"""

import json
import re
import subprocess
from pathlib import Path

import pytest
from cached_venv import OFFLINE, cached_venv, clean_env
from cached_venv import pins as course_pins

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
IPYWIDGETS = "7.7.1"
RUNTIME = ["numpy", "matplotlib", "ipykernel", "ipython", "nbclient", "nbformat", "jsonschema",
           "pytest"]
"""Packages installed at their ``requirements.txt`` pins beside ipywidgets 7.7.1."""
pytestmark = pytest.mark.slow


def pins():
    """``["name==version", ...]``: the course's pins of ``RUNTIME``, and ipywidgets 7.7.1."""
    return course_pins(RUNTIME, f"ipywidgets=={IPYWIDGETS}")


@pytest.fixture(scope="module")
def venv():
    """The ipywidgets 7.7.1 environment: reused if built before, built (about a minute) if not."""
    return cached_venv("ipywidgets7-", pins(), f"ipywidgets {IPYWIDGETS}")


def run_in(venv, *args, timeout=600):
    return subprocess.run([str(venv / "bin" / "python"), *args], cwd=ROOT, env=clean_env(venv),
                          capture_output=True, text=True, timeout=timeout)


def test_the_environment_has_ipywidgets_7_7_1_and_bpcourse_from_here(venv):
    run = run_in(venv, "-c", "import bpcourse, ipywidgets; "
                             "print(ipywidgets.__version__); print(bpcourse.__file__)")
    assert run.returncode == 0, run.stderr
    version, package = run.stdout.split()
    assert version == IPYWIDGETS
    assert Path(package).parent == ROOT / "bpcourse"


def test_the_explorer_tests_pass_with_ipywidgets_7_7_1(venv):
    run = run_in(venv, "-m", "pytest", "-p", "no:cacheprovider", "-o", "addopts=", "-q",
                 "tests/test_explorer.py")
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert re.search(r"\b\d+ passed\b", run.stdout) and "skipped" not in run.stdout


def test_installing_bpcourse_beside_ipywidgets_7_7_1_installs_nothing_else(venv):
    """What the Colab install cell does, from this checkout: pip plans bpcourse alone."""
    run = run_in(venv, "-m", "pip", "install", "--dry-run", "--quiet", "--report", "-",
                 "--disable-pip-version-check", str(ROOT), timeout=600)
    if run.returncode != 0 and OFFLINE.search(run.stderr):
        pytest.skip(f"pip cannot reach PyPI (setuptools, to build bpcourse):\n{run.stderr[-1500:]}")
    assert run.returncode == 0, run.stderr[-4000:]
    planned = [item["metadata"]["name"] for item in json.loads(run.stdout)["install"]]
    assert planned == ["bpcourse"]


# The kernel talks over local sockets in a folder of its own (IPC), not TCP ports: on a busy
# machine a port can be taken by another kernel between being chosen and being bound.
RUN_NOTEBOOK = """\
import json, sys, tempfile
from pathlib import Path

import nbformat
from jupyter_client import KernelManager
from nbclient import NotebookClient
from nbformat.v4 import new_code_cell

path, version = Path(sys.argv[1]), sys.argv[2]
nb = nbformat.read(path, as_version=4)
# the kernel's ipywidgets, not only the runner's, is the one under test
nb.cells.insert(0, new_code_cell("import ipywidgets\\n"
                                 f"assert ipywidgets.__version__ == {version!r}, "
                                 "ipywidgets.__version__"))
with tempfile.TemporaryDirectory() as sockets:
    kernel = KernelManager(kernel_name="python3", transport="ipc",
                           ip=str(Path(sockets) / "kernel"))
    NotebookClient(nb, km=kernel, timeout=300, startup_timeout=120,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
problems = []
for cell in nb.cells:
    for output in cell.get("outputs", []):
        if output.output_type == "error" or output.get("name") == "stderr":
            problems.append({"cell": cell.get("id"), "source": cell.source[:200],
                             "output": output.get("text") or output.get("evalue")})
print(json.dumps(problems))
"""


@pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks yet")
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_with_ipywidgets_7_7_1(venv, path):
    run = run_in(venv, "-c", RUN_NOTEBOOK, str(path), IPYWIDGETS, timeout=1200)
    assert run.returncode == 0, run.stderr[-4000:]
    assert json.loads(run.stdout.splitlines()[-1]) == []
