"""The student edition as a git repository a JupyterHub can pull, and the nbgitpuller link to it.

From the repository root (``make student-repo`` runs the first line)::

    python tools/student_repo.py build/student-repo
    python tools/student_repo.py build/student-repo --hub https://hub.example.org \\
        --repo https://github.com/me/my-course --branch student

makes ``build/student-repo`` a git repository (or adds a commit to it) holding what a student
needs and nothing else: the student edition of every notebook (:mod:`tools.student_edition`),
the ``bpcourse`` package beside them (so ``import bpcourse`` works from the notebooks' folder,
and a fix to it reaches students with the next pull), the runtime pins (``requirements.txt``)
and a README for students. It then prints how to publish it and the nbgitpuller link for it.

Each run commits on top of the last one, so students who pulled an earlier version get the
changes merged into their copies (nbgitpuller keeps their own edits). On a machine without
``build/student-repo``, first clone the published branch there
(``git clone --branch student <repository> build/student-repo``) so the history continues.
"""

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

if __package__ in (None, ""):  # run as a script: make ``tools`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.repository import (  # noqa: E402
    HUB_URL,
    STUDENT_BRANCH,
    nbgitpuller_url,
    repository_url,
)
from tools.student_edition import write_student_edition  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent

README = """\
# Backpropagation from the chain rule up — your copy

These are the course's notebooks for you to work in. Open `00_welcome.ipynb` and go through the
notebooks in order, running each from top to bottom (*Run → Run All Cells*).

Each exercise is a function for you to write: replace the line
`raise NotImplementedError(...)` with your code, then run the cell after it, which checks your
function and tells you what is wrong if it is not right yet. Until you write it, that cell
says "not implemented yet" — that is expected, and nothing else in the notebook depends on it.

## Your work is kept

This folder is yours: save as often as you like. When your instructor publishes a correction,
opening the course's link again brings it in **and keeps your edits**: where you and the
correction changed the same lines, your version stays. If you delete a notebook, the link
brings back a fresh copy. To start a notebook afresh, rename yours (e.g. to
`05_mine.ipynb`) and open the link again.

## What is here

- `NN_topic.ipynb` — the notebooks, 00 to {last:02d}
- `bpcourse/` — the small library the notebooks import (`import bpcourse as bp`)
- `requirements.txt` — the exact versions the notebooks are checked with

To work on your own computer instead: `python -m venv .venv`, then
`.venv/bin/pip install -r requirements.txt` and `.venv/bin/jupyter lab` in this folder.
"""

GITIGNORE = """\
.ipynb_checkpoints/
__pycache__/
.venv/
"""


def runtime_requirements(root=ROOT):
    """The exact pins of ``binder/requirements.txt`` (the course at run time), under a header
    for students; not its ``-e .`` line: the notebooks import ``bpcourse`` from beside them."""
    lines = (Path(root) / "binder" / "requirements.txt").read_text(encoding="utf-8").splitlines()
    pins = [line.split("#", 1)[0].strip() for line in lines]
    return ("# The exact versions the course's notebooks are checked with.\n"
            + "".join(f"{pin}\n" for pin in pins if "==" in pin))


def write_student_tree(target, root=ROOT, notebooks=None):
    """Write the student repository's files into ``target`` (which must exist), replacing
    whatever else was there except ``.git``; return the notebooks written."""
    target, root = Path(target), Path(root)
    for entry in target.iterdir():
        if entry.name != ".git":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    written = write_student_edition(notebooks or root / "notebooks", target)
    shutil.copytree(root / "bpcourse", target / "bpcourse",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (target / "requirements.txt").write_text(runtime_requirements(root), encoding="utf-8")
    last = int(written[-1][0].name[:2])
    (target / "README.md").write_text(README.format(last=last), encoding="utf-8")
    (target / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    return [path for path, _ in written]


def git(target, *args):
    """Run ``git`` in ``target``; its output, stripped. Commits carry the course's name when the
    machine has no git identity (as in CI)."""
    identity = ["-c", "user.name=bpcourse", "-c", "user.email=bpcourse@localhost"]
    has_identity = subprocess.run(["git", "config", "user.email"], cwd=target,
                                  capture_output=True).returncode == 0
    run = subprocess.run(["git", *([] if has_identity else identity), *args], cwd=target,
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise RuntimeError(f"git {' '.join(args)} failed in {target}:\n{run.stderr}")
    return run.stdout.strip()


def course_version(root=ROOT):
    """The course commit the edition is made from, e.g. ``d5345c9`` (``+ changes`` when the
    working tree differs from it), or ``""`` outside a git checkout."""
    head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=root,
                          capture_output=True, text=True)
    if head.returncode != 0:
        return ""
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "notebooks", "bpcourse"],
                           cwd=root, capture_output=True, text=True).stdout.strip()
    return head.stdout.strip() + (" + changes" if dirty else "")


def update_student_repo(target, root=ROOT, notebooks=None, branch=STUDENT_BRANCH, message=None):
    """Make ``target`` a git repository on ``branch`` holding the student edition, committing
    the changes since its last commit. Return ``(commit, changed)``: the commit the branch is at
    and whether this call made it."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    if not (target / ".git").exists():
        git(target, "init", "--quiet", f"--initial-branch={branch}")
    elif git(target, "branch", "--show-current") != branch:
        raise ValueError(f"expected {target} on branch {branch!r}, "
                         f"found {git(target, 'branch', '--show-current')!r}")
    write_student_tree(target, root, notebooks)
    git(target, "add", "--all")
    changed = bool(git(target, "status", "--porcelain"))
    if changed:
        version = course_version(root)
        git(target, "commit", "--quiet", "-m",
            message or f"Student edition of the course{' at ' + version if version else ''}")
    return git(target, "rev-parse", "HEAD"), changed


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python tools/student_repo.py",
        description="Make (or update) the student edition as a git repository, and print its "
                    "nbgitpuller link.")
    parser.add_argument("target", help="folder of the student repository, e.g. build/student-repo")
    parser.add_argument("--repo", help="address the student repository is published at "
                                       "(default: Repository in pyproject.toml)")
    parser.add_argument("--branch", default=STUDENT_BRANCH,
                        help=f"branch it is published on (default: {STUDENT_BRANCH})")
    parser.add_argument("--hub", default=HUB_URL,
                        help=f"address of the JupyterHub (default: {HUB_URL}, the hub of "
                             "hub/jupyterhub_config.py on this machine)")
    args = parser.parse_args(argv)
    try:
        repo = args.repo or repository_url()
        commit, changed = update_student_repo(args.target, branch=args.branch)
    except (ValueError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    notebooks = sorted(Path(args.target).glob("[0-9][0-9]_*.ipynb"))
    print(f"student edition in {args.target}: {len(notebooks)} notebooks, bpcourse/, "
          f"requirements.txt, README.md")
    print(f"  branch {args.branch} at {commit[:7]}"
          f"{'' if changed else ' (nothing changed since the last run)'}")
    print("publish it where the hub can pull it:")
    print(f"  git -C {args.target} push {repo} {args.branch}")
    print("the nbgitpuller link for the students (opens notebook 00 in JupyterLab):")
    print(f"  {nbgitpuller_url(args.hub, url=repo, branch=args.branch)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
