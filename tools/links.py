"""``make links``: rewrite every generated mention of the repository from ``pyproject.toml``.

The repository's address lives in one place, ``Repository`` under ``[project.urls]`` in
``pyproject.toml`` (read by :mod:`tools.repository`). Two kinds of files carry copies of it, and
this tool writes them:

- ``README.md``: the Binder and Colab badges, and the "open in" column of the notebook table
  (one Colab and one Binder link per notebook, each opening that row's notebook) and of the
  table of translations (one Colab and one Binder link per language, opening its
  ``translations/<lang>/00_welcome.ipynb``);
- every ``notebooks/NN_*.ipynb``: its first code cell, tagged ``colab-install``, which installs
  bpcourse from the repository when the notebook runs in Google Colab and does nothing (and
  prints nothing) anywhere else.

Running it twice changes nothing. From the repository root::

    python -m tools.links            # rewrite README.md and the notebooks
    python -m tools.links --check    # only report what is out of date (exit status 1 if any)

``tests/test_links.py`` checks that nothing else spells the address out and that this tool would
change nothing.
"""

import argparse
import copy
import json
import re
import sys
from pathlib import Path

from tools.repository import ROOT, binder_url, colab_url, pip_spec, repository_url

INSTALL_TAG = "colab-install"
"""The tag (and cell id) of each notebook's Colab install cell."""

NOTEBOOK_NAME = re.compile(r"^\d\d_.*\.ipynb$")
"""The course's notebooks: ``NN_topic.ipynb``."""

COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"

_BINDER_LINK = re.compile(r"https://mybinder\.org/v2/gh/[^\s)\"'<>]+")
_COLAB_LINK = re.compile(r"https://colab\.research\.google\.com/github/[^\s)\"'<>]+")
# a notebook of the course, notebooks/NN_topic.ipynb, or of a translation, translations/fa/...
_FOLDER = r"(?P<folder>notebooks|translations(?:/|%2F)[\w-]+)"
_LINKED_NOTEBOOK = re.compile(_FOLDER + r"(?:/|%2F)(?P<name>[\w.-]+\.ipynb)")
_TABLE_ROW = re.compile(r"^\| \[[^\]]+\]\(" + _FOLDER + r"/(?P<name>[\w.-]+\.ipynb)\) \|")


# --- the notebooks' Colab install cell --------------------------------------------------------

def install_source(url=None):
    """The source of the Colab install cell: in Colab (and only there) ``%pip install`` bpcourse
    from the repository; elsewhere bpcourse is installed already, and the cell does nothing."""
    return ("# Google Colab only: install the course's package, bpcourse, from its repository.\n"
            "# Anywhere else (JupyterLab, Binder) it is installed already:"
            " this cell does nothing.\n"
            "import sys\n"
            "\n"
            'if "google.colab" in sys.modules:\n'
            f"    %pip install --quiet {pip_spec(url)}")


def is_install_cell(cell):
    """Whether ``cell`` is a Colab install cell (a code cell tagged ``colab-install``)."""
    return (cell.get("cell_type") == "code"
            and INSTALL_TAG in cell.get("metadata", {}).get("tags", []))


def install_cell(url=None, execution_count=None):
    """A new Colab install cell: hidden from the slides, no outputs."""
    return {"cell_type": "code", "execution_count": execution_count, "id": INSTALL_TAG,
            "metadata": {"slideshow": {"slide_type": "skip"}, "tags": [INSTALL_TAG]},
            "outputs": [], "source": install_source(url).splitlines(keepends=True)}


def with_install_cell(nb, url=None):
    """A copy of the notebook ``nb`` (a dict, as in the ``.ipynb`` file) whose first code cell is
    the current Colab install cell. Any older install cell is replaced. In a notebook run top to
    bottom (execution counts 1, 2, ... in order) the counts are shifted so that the install cell
    is 1, as a fresh run would number them: the cell prints nothing outside Colab, so the stored
    outputs stay valid."""
    nb = copy.deepcopy(nb)
    cells = [cell for cell in nb["cells"] if not is_install_cell(cell)]
    code = [cell for cell in cells if cell["cell_type"] == "code"]
    counts = [cell.get("execution_count") for cell in code]
    executed = bool(counts) and counts in (list(range(1, len(code) + 1)),
                                           list(range(2, len(code) + 2)))
    first = next((i for i, cell in enumerate(cells) if cell["cell_type"] == "code"), len(cells))
    cells.insert(first, install_cell(url, execution_count=1 if executed else None))
    if executed:
        for count, cell in enumerate(code, start=2):
            cell["execution_count"] = count
            for output in cell.get("outputs", []):
                if output.get("output_type") == "execute_result":
                    output["execution_count"] = count
    if any(cell.get("id") == INSTALL_TAG for cell in cells if not is_install_cell(cell)):
        raise ValueError(f"another cell already has the id {INSTALL_TAG!r}")
    nb["cells"] = cells
    return nb


def notebook_text(nb):
    """``nb`` as the course stores notebooks: JSON, indent 1, UTF-8 as is, trailing newline."""
    return json.dumps(nb, indent=1, ensure_ascii=False) + "\n"


# --- README.md -------------------------------------------------------------------------------

def open_in(notebook, url=None, folder="notebooks"):
    """The "open in" cell of a README table's row for ``<folder>/<notebook>``: Colab and
    Binder."""
    return (f"[![Open in Colab]({COLAB_BADGE})]({colab_url(notebook, url, folder=folder)}) "
            f"[![Open in Binder]({BINDER_BADGE})]({binder_url(notebook, url, folder=folder)})")


def readme_with_links(text, url=None):
    """``text`` (the README) with every Binder and Colab link rebuilt from ``url`` (the
    repository's, by default), each still opening the notebook it named, and each row of a
    table of notebooks (the course's, the translations') ending in its notebook's "open in"
    cell (added where a row has none)."""
    url = url or repository_url()
    lines = []
    for line in text.split("\n"):
        row = _TABLE_ROW.match(line)
        if row:
            cells = line.strip().strip("|").split(" | ")
            cells = [cell.strip() for cell in cells]
            cells = cells[:2] + [open_in(row["name"], url, row["folder"])] + cells[3:]
            line = "| " + " | ".join(cells) + " |"
        lines.append(line)
    text = "\n".join(lines)

    def rebuilt(build):
        def replace(match):
            named = _LINKED_NOTEBOOK.search(match[0])
            if not named:
                return match[0]
            return build(named["name"], url, folder=named["folder"].replace("%2F", "/"))
        return replace

    text = _BINDER_LINK.sub(rebuilt(binder_url), text)
    return _COLAB_LINK.sub(rebuilt(colab_url), text)


# --- the files -------------------------------------------------------------------------------

def course_notebooks(root=ROOT):
    """The ``NN_*.ipynb`` notebooks in ``root/notebooks``, in order."""
    folder = Path(root) / "notebooks"
    return sorted(p for p in folder.iterdir() if NOTEBOOK_NAME.match(p.name))


def generated(root=ROOT):
    """``{path: text it should have}`` for every file ``make links`` writes under ``root``."""
    url = repository_url(root)
    readme = Path(root) / "README.md"
    files = {readme: readme_with_links(readme.read_text(encoding="utf-8"), url)}
    for path in course_notebooks(root):
        nb = json.loads(path.read_text(encoding="utf-8"))
        files[path] = notebook_text(with_install_cell(nb, url))
    return files


def out_of_date(root=ROOT):
    """The files ``make links`` would change, with the text it would write."""
    return {path: text for path, text in generated(root).items()
            if path.read_text(encoding="utf-8") != text}


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python -m tools.links",
        description="Rewrite the README's Binder and Colab links and the notebooks' Colab "
                    "install cell from Repository in pyproject.toml.")
    parser.add_argument("--root", default=str(ROOT),
                        help="the repository's root folder (default: this repository)")
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit with status 1 if a file is out of date")
    args = parser.parse_args(argv)
    try:
        stale = out_of_date(args.root)
    except (OSError, ValueError, KeyError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    for path, text in stale.items():
        if args.check:
            print(f"out of date: {path}")
        else:
            path.write_text(text, encoding="utf-8", newline="")
            print(f"rewrote {path}")
    print(f"{len(stale)} file{'' if len(stale) == 1 else 's'} "
          f"{'out of date' if args.check else 'rewritten'}, from {repository_url(args.root)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
