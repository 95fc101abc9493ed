"""The student edition of the course: the notebooks without their solutions.

The notebooks in ``notebooks/`` are the instructor edition: every exercise ends with a collapsed
cell tagged ``solution``. :func:`student_edition` removes those cells and clears all outputs and
execution counts, leaving everything else as it was, so each check cell then says "not
implemented yet" until the student writes the function. From the repository root::

    python tools/student_edition.py notebooks build/student

writes the student edition of every ``NN_*.ipynb`` in ``notebooks`` to ``build/student``. This is
instructor tooling, outside the package; tests import it as ``tools.student_edition``.
"""

import argparse
import copy
import re
import sys
from pathlib import Path

import nbformat

SOLUTION_TAG = "solution"
"""Cells with this tag are removed from the student edition."""

NOTEBOOK_NAME = re.compile(r"^\d\d_.*\.ipynb$")
"""The course's notebooks: ``NN_topic.ipynb``."""


def is_solution(cell):
    """Whether ``cell`` is tagged ``solution``."""
    return SOLUTION_TAG in cell.get("metadata", {}).get("tags", [])


def student_edition(nb):
    """A new notebook: ``nb`` without its ``solution`` cells, outputs and execution counts
    cleared, everything else (sources, metadata, the notebook's own metadata) the same."""
    student = copy.deepcopy(nb)
    student.cells = [cell for cell in student.cells if not is_solution(cell)]
    for cell in student.cells:
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return student


def course_notebooks(source):
    """The ``NN_*.ipynb`` notebooks in the folder ``source``, in order."""
    return sorted(p for p in Path(source).iterdir() if NOTEBOOK_NAME.match(p.name))


def write_student_edition(source, target):
    """Write the student edition of every notebook in ``source`` to ``target``; return
    ``[(path written, number of solution cells removed), ...]``."""
    source, target = Path(source), Path(target)
    if not source.is_dir():
        raise ValueError(f"expected a folder of notebooks, got {str(source)!r}, which is not one")
    paths = course_notebooks(source)
    if not paths:
        raise ValueError(
            f"expected notebooks named NN_topic.ipynb in {str(source)!r}, found none"
        )
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        removed = sum(is_solution(cell) for cell in nb.cells)
        out = target / path.name
        nbformat.write(student_edition(nb), out)
        written.append((out, removed))
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python tools/student_edition.py",
        description="Write the student edition (no solution cells, no outputs) of the course.",
    )
    parser.add_argument("source", help="folder of the instructor notebooks, e.g. notebooks")
    parser.add_argument("target", help="folder to write the student edition to, e.g. "
                                       "build/student")
    args = parser.parse_args(argv)
    try:
        written = write_student_edition(args.source, args.target)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path, removed in written:
        print(f"wrote {path} ({removed} solution{'' if removed == 1 else 's'} removed)")
    print(f"{len(written)} notebooks in {args.target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
