"""One home for the repository's address, and the links and Colab install cell built from it.

``Repository`` under ``[project.urls]`` in ``pyproject.toml`` is the only place that spells the
address out. ``make links`` (``tools/links.py``) writes the README's Binder and Colab links and
each notebook's first code cell, which installs bpcourse in Google Colab and does nothing
anywhere else; these tests check that nothing else holds the address and that ``make links``
would change nothing.
"""

import json
import re
import shutil
import subprocess
import sys

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from notebook_runs import execute

from tools.links import (
    INSTALL_TAG,
    course_notebooks,
    install_source,
    is_install_cell,
    main,
    out_of_date,
    with_install_cell,
)
from tools.repository import (
    BRANCH,
    ROOT,
    binder_url,
    colab_url,
    github_slug,
    pip_spec,
    repository_url,
)
from tools.student_edition import student_edition

README = ROOT / "README.md"
NOTEBOOKS = course_notebooks()
SKIPPED_DIRS = {".git", ".venv", "build", "node_modules", "__pycache__", ".pytest_cache",
                ".ruff_cache", ".ipynb_checkpoints"}
ROW = re.compile(r"^\| \[[^\]]+\]\(notebooks/(?P<name>[\w.-]+\.ipynb)\) \|.*$", re.MULTILINE)
TRANSLATION_ROW = re.compile(
    r"^\| \[[^\]]+\]\((?P<folder>translations/[\w-]+)/00_welcome\.ipynb\) \|.*$", re.MULTILINE)
TRANSLATIONS = sorted(p.name for p in (ROOT / "translations").iterdir() if p.is_dir())
BINDER_LINK = re.compile(r"https://mybinder\.org/v2/gh/[^\s)]+")
COLAB_LINK = re.compile(r"https://colab\.research\.google\.com/github/[^\s)]+")
# a Binder or Colab link to some repository: only the README (written by make links) has any
CONCRETE_LINK = re.compile(r"mybinder\.org/v2/gh/[\w.-]+/[\w.-]+|"
                           r"colab\.research\.google\.com/github/[\w.-]+/[\w.-]+")


def project_files():
    """Every file of the project: tracked or new, not ignored by git (the tree, without git)."""
    run = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                         cwd=ROOT, capture_output=True, text=True)
    if run.returncode == 0:
        paths = (ROOT / name for name in run.stdout.split("\0") if name)
    else:
        paths = (p for p in ROOT.rglob("*")
                 if not SKIPPED_DIRS & set(p.relative_to(ROOT).parts))
    return sorted(p for p in paths if p.is_file())


def text_of(path):
    """The text the address must not appear in: the file, without what make links writes."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return ""  # pictures and other binary files
    if path == README:
        return COLAB_LINK.sub("", BINDER_LINK.sub("", text))
    if path.suffix == ".ipynb":
        nb = json.loads(text)
        nb["cells"] = [cell for cell in nb["cells"] if not is_install_cell(cell)]
        return json.dumps(nb, ensure_ascii=False)
    return text


def first_code_cell(nb):
    return next(cell for cell in nb["cells"] if cell["cell_type"] == "code")


def source(cell):
    return "".join(cell["source"])


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def copy_of_the_course(target, notebooks=NOTEBOOKS):
    """README, pyproject.toml and ``notebooks`` copied to ``target``, for make links to edit."""
    (target / "notebooks").mkdir(parents=True)
    for name in ("README.md", "pyproject.toml"):
        shutil.copy(ROOT / name, target / name)
    for path in notebooks:
        shutil.copy(path, target / "notebooks" / path.name)
    return target


def small_notebook(executed=True):
    """A title, a setup cell, a cell with a result and one with printed output."""
    count = (lambda n: n) if executed else (lambda n: None)
    result = {"output_type": "execute_result", "execution_count": count(2), "metadata": {},
              "data": {"text/plain": "2"}}
    nb = new_notebook(cells=[
        {"cell_type": "markdown", "id": "title", "metadata": {}, "source": "# Title"},
        new_code_cell("import numpy as np", execution_count=count(1)),
        new_code_cell("1 + 1", execution_count=count(2), outputs=[result] if executed else []),
        new_code_cell("print(3)", execution_count=count(3)),
    ])
    return json.loads(json.dumps(nb))


# --- one home for the address ----------------------------------------------------------------

def test_the_address_is_a_github_repository_named_in_pyproject():
    assert re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", repository_url())


def test_no_file_but_pyproject_spells_out_the_address():
    slug = github_slug()
    owner, name = slug.split("/")
    needles = [slug.lower(), f"{owner}.github.io/{name}".lower()]
    found = [(str(path.relative_to(ROOT)), needle) for path in project_files()
             if path != ROOT / "pyproject.toml"
             for needle in needles if needle in text_of(path).lower()]
    assert found == [], "build these from tools/repository.py instead"


def test_only_the_readme_holds_binder_and_colab_links():
    found = [(str(path.relative_to(ROOT)), match[0]) for path in project_files()
             for match in CONCRETE_LINK.finditer(text_of(path))]
    assert found == [], "build these from tools/repository.py instead"


def test_make_links_would_change_nothing():
    stale = [str(path.relative_to(ROOT)) for path in out_of_date()]
    assert stale == [], "run make links"


def test_a_non_github_address_is_refused_with_what_was_expected(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project.urls]\nRepository = "https://gitlab.com/a/b"\n', encoding="utf-8")
    with pytest.raises(ValueError, match=r"https://github.com/OWNER/NAME.*gitlab\.com/a/b"):
        repository_url(tmp_path)


# --- the README's links ------------------------------------------------------------------------

def readme_rows():
    return {match["name"]: match[0] for match in ROW.finditer(README.read_text(encoding="utf-8"))}


def test_every_notebook_has_a_row_in_the_readme_table():
    assert sorted(readme_rows()) == [path.name for path in NOTEBOOKS]


def test_each_row_opens_its_own_notebook_in_colab_and_in_binder():
    for notebook, row in readme_rows().items():
        assert COLAB_LINK.findall(row) == [colab_url(notebook)], row
        assert BINDER_LINK.findall(row) == [binder_url(notebook)], row


def test_the_links_name_the_notebooks_path_in_the_repository():
    for notebook in readme_rows():
        colab = colab_url(notebook).split(f"/blob/{BRANCH}/", 1)[1]
        binder = binder_url(notebook).split("?urlpath=lab/tree/", 1)[1]
        assert colab == binder == f"notebooks/{notebook}"
        assert (ROOT / colab).is_file(), f"{colab} does not exist"


def test_the_badges_open_the_welcome_notebook():
    head = README.read_text(encoding="utf-8").split("| notebook |", 1)[0]
    assert BINDER_LINK.findall(head) == [binder_url("00_welcome.ipynb")]
    assert COLAB_LINK.findall(head) == [colab_url("00_welcome.ipynb")]


def translation_rows(text=None):
    text = README.read_text(encoding="utf-8") if text is None else text
    return {match["folder"]: match[0] for match in TRANSLATION_ROW.finditer(text)}


def test_every_translation_has_a_row_in_the_readme():
    assert sorted(translation_rows()) == [f"translations/{lang}" for lang in TRANSLATIONS]
    assert TRANSLATIONS == ["fa", "zh_CN"]


def test_each_translations_row_opens_its_notebook_00_in_colab_and_in_binder():
    for folder, row in translation_rows().items():
        assert COLAB_LINK.findall(row) == [colab_url("00_welcome.ipynb", folder=folder)], row
        assert BINDER_LINK.findall(row) == [binder_url("00_welcome.ipynb", folder=folder)], row


def test_the_translations_links_name_the_notebooks_path_in_the_repository():
    for folder in translation_rows():
        colab = colab_url("00_welcome.ipynb", folder=folder).split(f"/blob/{BRANCH}/", 1)[1]
        binder = binder_url("00_welcome.ipynb", folder=folder).split("?urlpath=lab/tree/", 1)[1]
        assert colab == binder == f"{folder}/00_welcome.ipynb"
        notebook = json.loads((ROOT / colab).read_text(encoding="utf-8"))
        assert notebook["metadata"]["language"].replace("-", "_") == folder.split("/")[1]


def test_the_readme_says_how_to_run_the_course_from_a_fork():
    readme = README.read_text(encoding="utf-8")
    assert "from a fork" in readme and "make links" in readme and "[project.urls]" in readme


# --- the notebooks' Colab install cell -----------------------------------------------------------

@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_opens_with_the_colab_install_cell(path):
    cell = first_code_cell(load(path))
    assert is_install_cell(cell), "run make links"
    assert source(cell) == install_source()
    assert cell["metadata"]["slideshow"]["slide_type"] == "skip"
    assert cell["outputs"] == []


def test_the_install_cell_installs_bpcourse_from_the_repository():
    assert f"%pip install --quiet {pip_spec()}" in install_source()
    assert pip_spec() == f"git+{repository_url()}@main"


def test_the_install_cell_goes_before_the_first_code_cell():
    nb = with_install_cell(small_notebook())
    assert [cell["cell_type"] for cell in nb["cells"]] == ["markdown"] + ["code"] * 4
    assert is_install_cell(nb["cells"][1]) and nb["cells"][1]["id"] == INSTALL_TAG


def test_the_execution_counts_follow_as_after_a_fresh_run():
    nb = with_install_cell(small_notebook())
    code = [cell for cell in nb["cells"] if cell["cell_type"] == "code"]
    assert [cell["execution_count"] for cell in code] == [1, 2, 3, 4]
    assert code[2]["outputs"][0]["execution_count"] == 3


def test_a_notebook_not_run_gets_an_install_cell_not_run():
    nb = with_install_cell(small_notebook(executed=False))
    assert [cell["execution_count"] for cell in nb["cells"][1:]] == [None] * 4


def test_adding_the_install_cell_twice_changes_nothing():
    once = with_install_cell(small_notebook())
    assert with_install_cell(once) == once


def test_an_old_install_cell_is_replaced_and_moved_first():
    nb = small_notebook()
    old = {"cell_type": "code", "execution_count": None, "id": "x", "outputs": [],
           "metadata": {"tags": [INSTALL_TAG]}, "source": "%pip install something-else"}
    nb["cells"].append(old)
    updated = with_install_cell(nb)
    installs = [cell for cell in updated["cells"] if is_install_cell(cell)]
    assert len(installs) == 1 and source(installs[0]) == install_source()
    assert first_code_cell(updated) is installs[0]


def test_the_student_edition_keeps_the_install_cell():
    student = student_edition(nbformat.from_dict(with_install_cell(small_notebook())))
    assert is_install_cell(first_code_cell(student))


RECORD = """\
import subprocess
calls = []
ip = get_ipython()
ip.run_line_magic = lambda name, line, *a, **k: calls.append(("magic", name, line))
ip.system = lambda command: calls.append(("system", command))
subprocess.run = subprocess.call = subprocess.check_call = (
    lambda *a, **k: calls.append(("subprocess", a)))
"""


@pytest.fixture(scope="module")
def install_cell_run():
    """The install cell run in a kernel, outside Colab and then with ``google.colab`` imported;
    pip, ``!`` commands and subprocesses only recorded."""
    cells = [RECORD, install_source(), "print(calls)",
             'import sys, types\nsys.modules["google.colab"] = types.ModuleType("google.colab")',
             install_source(), "print(calls)"]
    nb = new_notebook(cells=[new_code_cell(code) for code in cells])
    return execute(nb, timeout=120, kernel_name="python3").cells


def printed(cell):
    return "".join(output.get("text", "") for output in cell.outputs).strip()


def test_outside_colab_the_install_cell_prints_nothing(install_cell_run):
    assert install_cell_run[1].outputs == []


def test_outside_colab_the_install_cell_installs_nothing(install_cell_run):
    assert printed(install_cell_run[2]) == "[]"


def test_in_colab_the_install_cell_pip_installs_bpcourse(install_cell_run):
    expected = [("magic", "pip", f"install --quiet {pip_spec()}")]
    assert printed(install_cell_run[5]) == repr(expected)


# --- make links --------------------------------------------------------------------------------

def test_make_links_run_twice_changes_nothing_the_second_time(tmp_path):
    root = copy_of_the_course(tmp_path)
    main(["--root", str(root)])
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert main(["--root", str(root)]) == 0
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before
    assert main(["--root", str(root), "--check"]) == 0


def test_make_links_check_reports_a_stale_file_and_changes_nothing(tmp_path, capsys):
    root = copy_of_the_course(tmp_path, notebooks=[])
    readme = root / "README.md"
    readme.write_text(readme.read_text(encoding="utf-8").replace("/main?", "/stale?"),
                      encoding="utf-8")
    stale = readme.read_bytes()
    assert main(["--root", str(root), "--check"]) == 1
    assert readme.read_bytes() == stale
    assert f"out of date: {readme}" in capsys.readouterr().out


def test_make_links_points_everything_at_a_fork(tmp_path):
    root = copy_of_the_course(tmp_path)
    pyproject = root / "pyproject.toml"
    fork = "https://github.com/someone/bp-fork"
    pyproject.write_text(pyproject.read_text(encoding="utf-8").replace(repository_url(), fork),
                         encoding="utf-8")
    main(["--root", str(root)])
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert github_slug() not in readme
    for folder in translation_rows(readme):
        assert colab_url("00_welcome.ipynb", fork, folder=folder) in readme
        assert binder_url("00_welcome.ipynb", fork, folder=folder) in readme
    for path in NOTEBOOKS:
        assert colab_url(path.name, fork) in readme and binder_url(path.name, fork) in readme
        cell = first_code_cell(load(root / "notebooks" / path.name))
        assert source(cell) == install_source(fork)
        assert f"git+{fork}@main" in source(cell)


def test_make_links_runs_as_a_module_from_the_repository_root(tmp_path):
    root = copy_of_the_course(tmp_path, notebooks=NOTEBOOKS[:1])
    run = subprocess.run([sys.executable, "-m", "tools.links", "--root", str(root)], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert f"from {repository_url()}" in run.stdout
