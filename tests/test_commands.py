"""The README's two commands: `make lab` serves the course, `make test` is what CI runs."""

import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
BIN = Path(sys.executable).parent


def makefile_recipe(target):
    lines = (ROOT / "Makefile").read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
    recipe = []
    for line in lines[start + 1:]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.slow
def test_make_lab_serves_the_repository_and_opens_the_welcome_notebook(tmp_path):
    # `make lab` itself, whoever runs it (CI runs as root); only the port, a token and
    # --no-browser are added, through LAB_ARGS
    port, token = free_port(), "bpcourse-test"
    extra = f"--no-browser --port={port} --IdentityProvider.token={token}"
    env = {"PATH": f"{BIN}:/usr/bin:/bin", "HOME": str(tmp_path),
           "JUPYTER_CONFIG_DIR": str(tmp_path / "config"),
           "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime")}
    server = subprocess.Popen(["make", "--no-print-directory", "lab", f"LAB_ARGS={extra}"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, start_new_session=True)
    url = (f"http://127.0.0.1:{port}/api/contents/notebooks/00_welcome.ipynb?content=0"
           f"&token={token}")
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    model = json.load(response)
                break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                time.sleep(0.5)
        else:
            raise AssertionError("jupyter lab did not answer within a minute")
        assert model["path"] == "notebooks/00_welcome.ipynb" and model["type"] == "notebook"
        translated = url.replace("notebooks/", "translations/fa/")
        with urllib.request.urlopen(translated, timeout=2) as response:  # the file browser's too
            assert json.load(response)["type"] == "notebook"
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # make and the server it started
        log = server.communicate(timeout=30)[0]
    assert re.search(r"Serving notebooks from local directory: (.*)$", log, re.M)[1] \
        == str(ROOT.resolve()), log
    assert "notebooks/00_welcome.ipynb" in log


def make_lab_dry_run(*variables):
    """What `make lab` would run, without running it."""
    return subprocess.run(["make", "--no-print-directory", "-n", "lab", *variables], cwd=ROOT,
                          capture_output=True, text=True)


@pytest.mark.parametrize("lang", ["fa", "zh_CN"])
def test_make_lab_opens_the_welcome_notebook_of_the_language_asked_for(lang):
    run = make_lab_dry_run(f"COURSE_LANGUAGE={lang}")
    assert run.returncode == 0, run.stderr
    assert f"translations/{lang}/00_welcome.ipynb" in run.stdout


def test_make_lab_refuses_a_language_the_course_is_not_in_naming_those_it_is_in():
    run = subprocess.run(["make", "--no-print-directory", "lab", "COURSE_LANGUAGE=de"],
                         cwd=ROOT, capture_output=True, text=True)
    assert run.returncode != 0
    assert "no course in COURSE_LANGUAGE=de: there are fa zh_CN" in run.stdout


def test_make_test_lints_and_runs_every_test_with_nbval():
    recipe = " ".join(makefile_recipe("test"))
    assert "ruff check" in recipe and "-m pytest" in recipe
    config = (ROOT / "pyproject.toml").read_text()
    assert "--nbval " in config and '"notebooks"' in config


def test_make_lab_starts_for_root_too():
    command = " ".join(makefile_recipe("lab"))
    assert "--allow-root" in command.split() and "$(LAB_ARGS)" in command


def test_make_check_is_the_quick_tier_without_the_slow_tests():
    recipe = " ".join(makefile_recipe("check"))
    assert "ruff check" in recipe and "-m pytest" in recipe and '-m "not slow"' in recipe


def test_make_notebooks_stores_outputs_without_timings():
    recipe = " ".join(makefile_recipe("notebooks"))
    assert "record_timing=False" in recipe


def test_ci_runs_make_test():
    script = (ROOT / ".ci" / "run").read_text()
    assert script.rstrip().splitlines()[-1] == "make test"
