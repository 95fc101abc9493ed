"""Binder: what repo2docker builds from ``binder/`` gives a working course.

Binder cannot be called from CI, so these tests redo its steps offline: the pins agree with
``requirements.txt``, repo2docker accepts the configuration and picks the pinned Python, and a
fresh virtual environment made from ``binder/requirements.txt`` alone runs every notebook with
the outputs stored in it (nbval).
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BINDER = ROOT / "binder"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TOOLING = {"pytest", "pytest-xdist", "nbval", "ruff", "playwright", "jupyter-repo2docker"}


def pins(path):
    """``{name: version}`` of the ``name==version`` lines of a requirements file."""
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if "==" in line:
            name, version = (part.strip() for part in line.split("=="))
            found[re.sub(r"[-_.]+", "-", name).lower()] = version
    return found


def requirement_lines(path):
    text = path.read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def clean_env(venv):
    """The environment of a shell that activated ``venv`` and nothing else."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTEST_", "VIRTUAL_ENV", "PYTHON", "JUPYTER", "PIP_"))}
    env["VIRTUAL_ENV"] = str(venv)
    env["PATH"] = f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}"
    return env


# --- the pins --------------------------------------------------------------------------------

def test_binder_requirements_pin_every_package_exactly():
    for line in requirement_lines(BINDER / "requirements.txt"):
        assert "==" in line or line == "-e .", f"not an exact pin: {line}"


def test_binder_pins_agree_with_requirements_txt():
    binder, main = pins(BINDER / "requirements.txt"), pins(ROOT / "requirements.txt")
    assert binder, "binder/requirements.txt pins nothing"
    differing = {name: (version, main.get(name)) for name, version in binder.items()
                 if main.get(name) != version}
    assert not differing, f"binder pin vs requirements.txt pin: {differing}"


def test_binder_requirements_hold_the_runtime_only():
    binder = pins(BINDER / "requirements.txt")
    for name in ("numpy", "matplotlib", "ipywidgets", "ipykernel", "jupyterlab",
                 "jupyterlab-slideshow"):
        assert name in binder, f"{name} missing from binder/requirements.txt"
    assert not TOOLING & set(binder), f"test tooling in binder: {sorted(TOOLING & set(binder))}"


def test_binder_installs_bpcourse_from_the_repository_root():
    assert "-e ." in requirement_lines(BINDER / "requirements.txt")


def test_binder_runtime_is_python_3_11_or_newer():
    runtime = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip()
    match = re.fullmatch(r"python-3\.(\d+)", runtime)
    assert match, f"expected python-3.X, got {runtime!r}"
    assert int(match.group(1)) >= 11


# --- repo2docker ---------------------------------------------------------------------------

@pytest.mark.slow
def test_repo2docker_accepts_binder_and_picks_the_pinned_python():
    repo2docker = shutil.which("repo2docker", path=str(Path(sys.executable).parent))
    if repo2docker is None:
        pytest.skip("repo2docker missing: pip install -r requirements.txt (jupyter-repo2docker)")
    run = subprocess.run([repo2docker, "--no-build", "--no-run", "--debug", "."], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    output = run.stdout + run.stderr
    assert run.returncode == 0, output[-3000:]
    version = (BINDER / "runtime.txt").read_text(encoding="utf-8").strip().removeprefix("python-")
    assert f"python={version}" in output, output[-3000:]
    # the Dockerfile installs binder/requirements.txt, after copying the repository (for -e .)
    dockerfile = run.stdout
    install = dockerfile.find('pip install --no-cache-dir -r "binder/requirements.txt"')
    assert install > dockerfile.find("COPY --chown=0:0 src/ ") > 0, dockerfile[-3000:]


# --- the course in a fresh environment made from binder/requirements.txt only -----------------

@pytest.mark.slow
@pytest.mark.skipif(not NOTEBOOKS, reason="no notebooks yet")
def test_fresh_binder_environment_runs_every_notebook(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = str(venv / "bin" / "python")
    env = clean_env(venv)

    def pip(*args):
        run = subprocess.run([python, "-m", "pip", "install", "--quiet",
                              "--disable-pip-version-check", *args],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=1500)
        assert run.returncode == 0, f"pip install {' '.join(args)}:\n{run.stdout}\n{run.stderr}"

    pip("-r", str(BINDER / "requirements.txt"))
    main = pins(ROOT / "requirements.txt")
    pip(f"pytest=={main['pytest']}", f"nbval=={main['nbval']}")

    run = subprocess.run(
        [python, "-m", "pytest", "--nbval", "--nbval-current-env", "-p", "no:xdist",
         "-p", "no:cacheprovider", "-o", "addopts=", "-q", "--rootdir", str(ROOT),
         *(str(p) for p in NOTEBOOKS)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=1500)
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]


def test_readme_binder_badge_opens_notebook_00_in_jupyterlab():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    link = re.search(r"\]\((https://mybinder\.org/v2/gh/[^)]+)\)", readme)
    assert link, "no Binder badge link in README.md"
    target = link.group(1).split("?urlpath=lab/tree/", 1)
    assert len(target) == 2, f"the badge should open JupyterLab: {link.group(1)}"
    assert (ROOT / target[1]).name == "00_welcome.ipynb"
