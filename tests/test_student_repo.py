"""`make student-repo`: the student edition as a git repository a hub pulls, and its link; in
English or, as the instructor chooses (STUDENT_LANGUAGE, --language), in a translation."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from test_binder import pins

from tools.repository import nbgitpuller_url, repository_url, student_branch
from tools.student_repo import main, update_student_repo

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def git(repo, *args):
    return subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True,
                          check=True).stdout.strip()


@pytest.fixture
def repo(tmp_path):
    target = tmp_path / "student-repo"
    update_student_repo(target)
    return target


def test_the_repository_holds_the_notebooks_bpcourse_pins_and_a_readme_on_branch_student(repo):
    tracked = set(git(repo, "ls-files").splitlines())
    assert {name for name in tracked if "/" not in name} == {
        *NOTEBOOKS, "README.md", "requirements.txt", ".gitignore"}
    assert "bpcourse/__init__.py" in tracked and "bpcourse/classroom/grader.py" in tracked
    assert not [name for name in tracked if "__pycache__" in name or name.endswith(".pyc")]
    assert git(repo, "branch", "--show-current") == "student"
    assert git(repo, "status", "--porcelain") == ""


def test_the_notebooks_have_no_solutions_and_no_outputs(repo):
    for name in NOTEBOOKS:
        cells = json.loads((repo / name).read_text(encoding="utf-8"))["cells"]
        assert not [c for c in cells if "solution" in c["metadata"].get("tags", [])], name
        assert not [c for c in cells if c["cell_type"] == "code" and c["outputs"]], name


def test_requirements_are_binders_runtime_pins_without_installing_bpcourse(repo):
    assert pins(repo / "requirements.txt") == pins(ROOT / "binder" / "requirements.txt")
    assert "-e ." not in (repo / "requirements.txt").read_text(encoding="utf-8")


def test_the_readme_tells_students_their_edits_are_kept(repo):
    readme = (repo / "README.md").read_text(encoding="utf-8")
    assert "00_welcome.ipynb" in readme and "keeps your edits" in readme


def test_running_again_without_a_change_adds_no_commit(repo):
    head = git(repo, "rev-parse", "HEAD")
    assert update_student_repo(repo) == (head, False)


def test_a_correction_is_one_new_commit_on_top_of_the_last(repo, tmp_path):
    before = git(repo, "rev-parse", "HEAD")
    notebooks = tmp_path / "notebooks"
    notebooks.mkdir()
    for name in NOTEBOOKS:
        (notebooks / name).write_bytes((ROOT / "notebooks" / name).read_bytes())
    nb = json.loads((notebooks / NOTEBOOKS[0]).read_text(encoding="utf-8"))
    nb["cells"][0]["source"].append("\n\nA correction.")
    (notebooks / NOTEBOOKS[0]).write_text(json.dumps(nb, indent=1), encoding="utf-8")
    after, changed = update_student_repo(repo, notebooks=notebooks)
    assert changed and git(repo, "rev-parse", "HEAD^") == before
    assert git(repo, "diff", "--name-only", before, after) == NOTEBOOKS[0]


def test_a_repository_on_another_branch_is_refused_with_both_names(repo):
    with pytest.raises(ValueError, match="expected .* on branch 'main', found 'student'"):
        update_student_repo(repo, branch="main")


def test_the_link_pulls_the_student_branch_into_a_folder_and_opens_notebook_00():
    link = nbgitpuller_url("https://hub.example.org/", url="https://github.com/me/course")
    parts = urlsplit(link)
    assert f"{parts.scheme}://{parts.netloc}{parts.path}" == (
        "https://hub.example.org/hub/user-redirect/git-pull")
    assert parse_qs(parts.query) == {
        "repo": ["https://github.com/me/course"], "branch": ["student"],
        "targetpath": ["bpcourse"], "urlpath": ["lab/tree/bpcourse/00_welcome.ipynb"]}


def test_the_link_defaults_to_the_courses_repository_from_pyproject():
    query = parse_qs(urlsplit(nbgitpuller_url("https://hub.example.org")).query)
    assert query["repo"] == [repository_url()]


def test_the_command_prints_how_to_push_and_the_link(tmp_path, capsys):
    target = tmp_path / "student-repo"
    assert main([str(target), "--hub", "https://hub.example.org",
                 "--repo", "https://github.com/me/course"]) == 0
    out = capsys.readouterr().out
    assert f"git -C {target} push https://github.com/me/course student" in out
    assert nbgitpuller_url("https://hub.example.org", url="https://github.com/me/course") in out
    assert main([str(target)]) == 0
    out = capsys.readouterr().out
    assert "nothing changed since the last run" in out
    assert nbgitpuller_url(url=repository_url()) in out


def make_dry_run(*variables):
    """The commands ``make student-repo`` would run with ``variables`` (``make -n``)."""
    run = subprocess.run(["make", "--no-print-directory", "-n", "-o", ".venv/.installed",
                          f"BIN={Path(sys.executable).parent}", "student-repo", *variables],
                         cwd=ROOT, capture_output=True, text=True, timeout=60,
                         env={k: v for k, v in os.environ.items() if not k.startswith("STUDENT_")})
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_make_student_repo_runs_the_tool_into_build_and_passes_the_hub_and_repository():
    from test_commands import makefile_recipe
    (command,) = makefile_recipe("student-repo")
    assert "tools/student_repo.py $(STUDENT_REPO_DIR)" in command
    assert "--hub" in command and "--repo" in command
    assert re.search(r"tools/student_repo\.py build/student-repo +--hub https://h\.example ",
                     make_dry_run("STUDENT_HUB=https://h.example", "STUDENT_REPO=x"))
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    phony = {name for line in makefile.splitlines() if line.startswith(".PHONY:")
             for name in line.removeprefix(".PHONY:").split()}
    assert {"student-repo", "class-bench"} <= phony


def test_the_readme_links_the_guide_to_teaching_a_class():
    assert "(docs/teaching-a-class.md)" in (ROOT / "README.md").read_text(encoding="utf-8")


# --- the edition in a translation ----------------------------------------------------------------

SCRIPT = {"fa": re.compile(r"[\u0600-\u06ff]"), "zh_CN": re.compile(r"[\u4e00-\u9fff]")}
in_each_translation = pytest.mark.parametrize("language", sorted(SCRIPT))


@pytest.fixture(scope="module")
def translated_repos(tmp_path_factory):
    """{language: the student repository in that language}, each made once."""
    repos = {}
    for language in SCRIPT:
        repos[language] = tmp_path_factory.mktemp(language) / "repo"
        update_student_repo(repos[language], language=language)
    return repos


def test_a_translation_is_published_on_a_branch_of_its_own():
    assert student_branch() == student_branch("en") == "student"
    assert student_branch("fa") == "student-fa" and student_branch("zh_CN") == "student-zh_CN"


@in_each_translation
def test_the_repository_of_a_translation_holds_its_notebooks_on_its_branch(language,
                                                                           translated_repos):
    repo = translated_repos[language]
    tracked = set(git(repo, "ls-files").splitlines())
    assert {name for name in tracked if "/" not in name} == {
        *NOTEBOOKS, "README.md", "requirements.txt", ".gitignore"}
    assert "bpcourse/classroom/grader.py" in tracked
    assert git(repo, "branch", "--show-current") == f"student-{language}"
    for name in NOTEBOOKS:
        nb = json.loads((repo / name).read_text(encoding="utf-8"))
        assert nb["metadata"]["language"] == json.loads(
            (ROOT / "translations" / language / name).read_text(encoding="utf-8")
        )["metadata"]["language"], name


@in_each_translation
def test_the_notebooks_of_a_translation_have_no_solutions_and_no_outputs(language,
                                                                        translated_repos):
    for name in NOTEBOOKS:
        cells = json.loads((translated_repos[language] / name).read_text(encoding="utf-8"))["cells"]
        assert not [c for c in cells if "solution" in c["metadata"].get("tags", [])], name
        assert not [c for c in cells if c["cell_type"] == "code" and c["outputs"]], name


@in_each_translation
def test_the_readme_of_a_translation_is_in_its_language(language, translated_repos):
    readme = (translated_repos[language] / "README.md").read_text(encoding="utf-8")
    prose = re.sub(r"`[^`]*`|<[^>]+>", "", readme)
    assert SCRIPT[language].search(prose) and "00_welcome.ipynb" in readme
    assert not re.search(r"\b(?:the|your|notebooks are)\b", prose), "English left in the README"
    assert ('<div dir="rtl" lang="fa">' in readme) == (language == "fa")


def test_the_persian_link_pulls_branch_student_fa_and_opens_its_notebook_00(tmp_path, capsys):
    target = tmp_path / "student-repo-fa"
    assert main([str(target), "--language", "fa", "--hub", "https://hub.example.org",
                 "--repo", "https://github.com/me/course"]) == 0
    out = capsys.readouterr().out
    assert f"git -C {target} push https://github.com/me/course student-fa" in out
    (link,) = [line.strip() for line in out.splitlines() if "/git-pull?" in line]
    query = parse_qs(urlsplit(link).query)
    assert query["branch"] == ["student-fa"]
    opened = query["urlpath"][0].removeprefix(f"lab/tree/{query['targetpath'][0]}/")
    assert opened == "00_welcome.ipynb"
    nb = json.loads((target / opened).read_text(encoding="utf-8"))
    assert nb["metadata"]["language"] == "fa"


def test_an_untranslated_language_is_refused_with_the_languages_there_are(tmp_path, capsys):
    with pytest.raises(ValueError, match="not translated into 'de'.*'en', 'fa', 'zh_CN'"):
        update_student_repo(tmp_path / "repo", language="de")
    assert not (tmp_path / "repo").exists()
    assert main([str(tmp_path / "repo"), "--language", "de"]) == 1
    assert "not translated into 'de'" in capsys.readouterr().err


def test_make_student_repo_with_a_language_makes_its_own_folder():
    assert re.search(r"tools/student_repo\.py build/student-repo-fa --language fa\b",
                     make_dry_run("STUDENT_LANGUAGE=fa"))
    assert re.search(r"tools/student_repo\.py build/student-repo --language en\b",
                     make_dry_run("STUDENT_LANGUAGE=en"))
