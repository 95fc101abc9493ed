"""The student edition as a git repository a JupyterHub can pull, and the nbgitpuller link to it.

From the repository root (``make student-repo`` runs the first line)::

    python tools/student_repo.py build/student-repo
    python tools/student_repo.py build/student-repo --hub https://hub.example.org \\
        --repo https://github.com/me/my-course --branch student
    python tools/student_repo.py build/student-repo-fa --language fa

makes ``build/student-repo`` a git repository (or adds a commit to it) holding what a student
needs and nothing else: the student edition of every notebook (:mod:`tools.student_edition`),
the ``bpcourse`` package beside them (so ``import bpcourse`` works from the notebooks' folder,
and a fix to it reaches students with the next pull), the runtime pins (``requirements.txt``)
and a README for students. It then prints how to publish it and the nbgitpuller link for it.

``--language fa`` (or ``zh_CN``, any folder of ``translations/``) hands out that translation
instead: its notebooks (whose checks then speak its language), a README for students in it, on
the branch ``student-fa`` by default (:func:`tools.repository.student_branch`), so one repository
holds every edition. The link opens its notebook 00.

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
    nbgitpuller_url,
    repository_url,
    student_branch,
)
from tools.student_edition import write_student_edition  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
ENGLISH = "en"
"""The language of the course's source, ``notebooks/``."""

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

README_FA = """\
<div dir="rtl" lang="fa">

# پس‌انتشار، گام‌به‌گام از قانون زنجیره‌ای — نسخهٔ شما

این‌ها نوت‌بوک‌های درس‌اند تا خودتان در آن‌ها کار کنید.
<span dir="ltr">`00_welcome.ipynb`</span> را باز کنید و نوت‌بوک‌ها را به ترتیب پیش
بروید و هر کدام را از بالا تا پایین اجرا کنید
(<span dir="ltr">*Run → Run All Cells*</span>).

هر تمرین تابعی است که باید خودتان بنویسید: خط
<span dir="ltr">`raise NotImplementedError(...)`</span> را با کد خودتان جایگزین
کنید، سپس سلول بعد از آن را اجرا کنید؛ آن سلول تابع شما را بررسی می‌کند و اگر هنوز درست نیست، می‌گوید
کجای کار اشکال دارد. تا وقتی تابع را ننوشته‌اید، آن سلول می‌گوید «⏳ هنوز نوشته
نشده» — این طبیعی است و هیچ چیز دیگری در نوت‌بوک به آن وابسته نیست.

## کار شما حفظ می‌شود

این پوشه مال شماست: هر چند بار که خواستید ذخیره کنید. وقتی مدرس شما اصلاحیه‌ای
منتشر می‌کند، باز کردن دوبارهٔ پیوند درس آن را به پوشهٔ شما می‌آورد **و
ویرایش‌های شما را نگه می‌دارد**: جایی که شما و اصلاحیه همان خط‌ها را تغییر داده
باشید، نسخهٔ شما می‌ماند. اگر نوت‌بوکی را پاک کنید، پیوند نسخهٔ تازه‌ای از آن را
برمی‌گرداند. برای شروع دوبارهٔ یک نوت‌بوک، نام نوت‌بوک خودتان را تغییر دهید
(مثلاً به <span dir="ltr">`05_mine.ipynb`</span>) و پیوند را دوباره باز کنید.

## آنچه اینجا هست

- <span dir="ltr">`NN_topic.ipynb`</span> — نوت‌بوک‌ها، از 00 تا {last:02d}
- <span dir="ltr">`bpcourse/`</span> — کتابخانهٔ کوچکی که نوت‌بوک‌ها آن را وارد
  می‌کنند (<span dir="ltr">`import bpcourse as bp`</span>)
- <span dir="ltr">`requirements.txt`</span> — نسخه‌های دقیقی که نوت‌بوک‌ها با
  آن‌ها بررسی شده‌اند

برای کار روی رایانهٔ خودتان: <span dir="ltr">`python -m venv .venv`</span>، سپس
در همین پوشه <span dir="ltr">`.venv/bin/pip install -r requirements.txt`</span>
و <span dir="ltr">`.venv/bin/jupyter lab`</span> را اجرا کنید.

</div>
"""

README_ZH_CN = "\n\n".join([  # a Chinese paragraph on one line: a line break would show as a space
    "# 从链式法则出发学习反向传播——你的副本",
    "这些是供你动手练习的课程 notebook。打开 `00_welcome.ipynb`，按顺序学习各个 notebook，"
    "每个都从头到尾运行一遍（*Run → Run All Cells*）。",
    "每个练习都是一个要由你来写的函数：把 `raise NotImplementedError(...)` 这一行换成你的代码，"
    "然后运行它下面的单元格；这个单元格会检查你的函数，如果还不对，会告诉你错在哪里。在你写好之前，"
    "那个单元格会显示“⏳ 尚未实现”——这是正常的，notebook 中的其他内容都不依赖于它。",
    "## 你的成果会被保留",
    "这个文件夹属于你：随时都可以保存。老师发布更正后，再次打开课程链接就会把更正带进来，"
    "**同时保留你的修改**：如果你和更正改动了同样的几行，保留的是你的版本。如果你删除了某个 "
    "notebook，打开链接会恢复一份新的副本。想让某个 notebook 从头开始，就把你的那份改名（例如改成 "
    "`05_mine.ipynb`），再打开一次链接。",
    "## 这里有什么",
    "- `NN_topic.ipynb`——各个 notebook，从 00 到 {last:02d}\n"
    "- `bpcourse/`——notebook 导入的小型库（`import bpcourse as bp`）\n"
    "- `requirements.txt`——检查这些 notebook 时所用的确切版本",
    "如果想在自己的电脑上学习：先运行 `python -m venv .venv`，然后在这个文件夹中运行 "
    "`.venv/bin/pip install -r requirements.txt` 和 `.venv/bin/jupyter lab`。",
]) + "\n"

READMES = {ENGLISH: README, "fa": README_FA, "zh_CN": README_ZH_CN}
"""The README for students in each language; a translation without one gets the English."""

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


def edition_notebooks(language=ENGLISH, root=ROOT):
    """The folder of the notebooks in ``language``: ``notebooks/`` in English, else
    ``translations/<language>/`` (``zh-CN`` is ``zh_CN``). A ValueError names the languages
    there are."""
    root = Path(root)
    if language in (None, ENGLISH):
        return root / "notebooks"
    folder = root / "translations" / language.replace("-", "_")
    if not folder.is_dir():
        there = sorted(p.name for p in (root / "translations").glob("*") if p.is_dir())
        raise ValueError(f"the course is not translated into {language!r}: choose one of "
                         f"{', '.join(repr(name) for name in [ENGLISH, *there])}")
    return folder


def write_student_tree(target, root=ROOT, notebooks=None, language=ENGLISH):
    """Write the student repository's files in ``language`` into ``target`` (which must exist),
    replacing whatever else was there except ``.git``; return the notebooks written."""
    target, root = Path(target), Path(root)
    source = notebooks or edition_notebooks(language, root)
    for entry in target.iterdir():
        if entry.name != ".git":
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    written = write_student_edition(source, target)
    shutil.copytree(root / "bpcourse", target / "bpcourse",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    (target / "requirements.txt").write_text(runtime_requirements(root), encoding="utf-8")
    last = int(written[-1][0].name[:2])
    readme = READMES.get((language or ENGLISH).replace("-", "_"), README)
    (target / "README.md").write_text(readme.format(last=last), encoding="utf-8")
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
    dirty = subprocess.run(["git", "status", "--porcelain", "--", "notebooks", "translations",
                            "bpcourse"],
                           cwd=root, capture_output=True, text=True).stdout.strip()
    return head.stdout.strip() + (" + changes" if dirty else "")


def update_student_repo(target, root=ROOT, notebooks=None, branch=None, message=None,
                        language=ENGLISH):
    """Make ``target`` a git repository on ``branch`` (by default the language's,
    :func:`tools.repository.student_branch`) holding the student edition in ``language``,
    committing the changes since its last commit. Return ``(commit, changed)``: the commit the
    branch is at and whether this call made it."""
    target = Path(target)
    branch = branch or student_branch(language)
    if notebooks is None:
        edition_notebooks(language, root)  # an unknown language fails before anything is made
    target.mkdir(parents=True, exist_ok=True)
    if not (target / ".git").exists():
        git(target, "init", "--quiet", f"--initial-branch={branch}")
    elif git(target, "branch", "--show-current") != branch:
        raise ValueError(f"expected {target} on branch {branch!r}, "
                         f"found {git(target, 'branch', '--show-current')!r}")
    write_student_tree(target, root, notebooks, language)
    git(target, "add", "--all")
    changed = bool(git(target, "status", "--porcelain"))
    if changed:
        version = course_version(root)
        edition = "" if language in (None, ENGLISH) else f" ({language})"
        git(target, "commit", "--quiet", "-m", message or
            f"Student edition of the course{edition}{' at ' + version if version else ''}")
    return git(target, "rev-parse", "HEAD"), changed


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python tools/student_repo.py",
        description="Make (or update) the student edition as a git repository, and print its "
                    "nbgitpuller link.")
    parser.add_argument("target", help="folder of the student repository, e.g. build/student-repo")
    parser.add_argument("--repo", help="address the student repository is published at "
                                       "(default: Repository in pyproject.toml)")
    parser.add_argument("--language", default=ENGLISH,
                        help="the language of the edition: en (default, notebooks/) or a "
                             "translation of translations/, e.g. fa or zh_CN")
    parser.add_argument("--branch",
                        help=f"branch it is published on (default: {student_branch()} in "
                             f"English, {student_branch('fa')} in Persian, ...)")
    parser.add_argument("--hub", default=HUB_URL,
                        help=f"address of the JupyterHub (default: {HUB_URL}, the hub of "
                             "hub/jupyterhub_config.py on this machine)")
    args = parser.parse_args(argv)
    try:
        repo = args.repo or repository_url()
        branch = args.branch or student_branch(args.language)
        commit, changed = update_student_repo(args.target, branch=branch,
                                              language=args.language)
    except (ValueError, RuntimeError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    notebooks = sorted(Path(args.target).glob("[0-9][0-9]_*.ipynb"))
    print(f"student edition ({args.language}) in {args.target}: {len(notebooks)} notebooks, "
          f"bpcourse/, requirements.txt, README.md")
    print(f"  branch {branch} at {commit[:7]}"
          f"{'' if changed else ' (nothing changed since the last run)'}")
    print("publish it where the hub can pull it:")
    print(f"  git -C {args.target} push {repo} {branch}")
    print("the nbgitpuller link for the students (opens notebook 00 in JupyterLab):")
    print(f"  {nbgitpuller_url(args.hub, url=repo, branch=branch)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
