"""The nbgrader edition of the course: its exercises as assignments whose grades count.

The checks of the ordinary course are practice: they run in the student's own kernel, which the
student may change. This edition hands the same exercises to nbgrader, which grades every
submission afresh, in a kernel of its own, from locked copies of the course's cells. From the
repository root (``make nbgrader`` runs it)::

    python tools/nbgrader_edition.py notebooks build/nbgrader

writes an nbgrader course folder: ``build/nbgrader/nbgrader_config.py`` and, for each course
notebook with exercises, the assignment ``build/nbgrader/source/<NN_topic>/<NN_topic>.ipynb``.
Each notebook is the course's, its cells carrying nbgrader's schema-3 metadata:

- every exercise's **stub** cell becomes an *autograded answer* cell (``solution``): the stub as
  the course has it, signature, decorators and docstring kept, with a solution region
  (``### BEGIN SOLUTION`` ... ``### END SOLUTION``) in place of its
  ``raise NotImplementedError("hint")`` that holds the body of the course's solution. The hint
  stays above the region as a comment. ``nbgrader generate_assignment`` replaces the region
  with ``raise NotImplementedError()``, so the student's version is the course's stub again. A
  stub that hands out a template instead of raising (05's ``pass_by_hand``) keeps it as a
  comment above the region. A helper the solution defines beside the function (09's ``wrap``)
  goes inside each region that uses it, so no line of a solution reaches the student;
- every exercise's **check** cell becomes an *autograded test* cell (``grade``, locked) worth
  :data:`POINTS` point: it imports the check afresh and asserts its verdict, with the
  checker's hint as the assertion's message, so the feedback says what is wrong::

      from bpcourse.classroom import check_second_difference

      _verdict = check_second_difference(second_difference)
      assert _verdict, _verdict.message
      display(_verdict)

  An assignment is worth as many points as it has exercises; a submission's score is the number
  of checks it passes;
- the course's **solution** cells (tagged ``solution``) are left out: their code is in the
  regions. What else they did (printing a result, a gradient check) is left out with them, and
  so are the written answers to the course's questions (Markdown cells tagged ``solution``),
  as in the student edition (:mod:`tools.student_edition`);
- every other cell (prose, figures, explorers, the course's code) is **read-only** (``locked``),
  except a code cell that holds nothing but comments, left for the student to write in
  (07's "your gradient check");
- one locked cell after the notebook's imports sets ``bpcourse.classroom.grader.SEED``
  (:data:`SEED`): a check's hidden random case is then the same case every time, so grading the
  same answers twice gives the same grade;
- outputs are cleared and the widgets' saved state dropped.

nbgrader runs the notebooks in a fresh ``python3`` kernel of the environment it runs in, so that
environment needs the course's package and its runtime pins: from a checkout,
``pip install -r binder/requirements.txt nbgrader==0.9.6`` (the pins end with ``-e .``, the
package itself; docs/teaching-a-class.md, section 8). ``nbgrader_config.py``
keeps a ``bpcourse`` folder or ``*.py`` file a student submits out of the graded copy, so the
installed package is the one that grades, and turns the progress records off
(``BPCOURSE_PROGRESS=off``) for the kernels that grade. This is instructor tooling, outside
the package; tests import it as ``tools.nbgrader_edition``.
"""

import argparse
import ast
import copy
import io
import re
import sys
import textwrap
import tokenize
from dataclasses import dataclass
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell

if __package__ in (None, ""):  # run as a script: make ``tools`` importable
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.student_edition import course_notebooks, is_solution  # noqa: E402

POINTS = 1
"""Points of each graded test cell: one per check."""

SEED = 24
"""The seed of the checks' hidden random cases when graded (``bpcourse.classroom.grader.SEED``)."""

BEGIN, END = "### BEGIN SOLUTION", "### END SOLUTION"
CODE_STUB = ["# YOUR CODE HERE", "raise NotImplementedError()"]
"""What ``nbgrader generate_assignment`` puts in place of a solution region (its default)."""

CHECK_CALL = re.compile(r"^(check_\w+)\((\w+)\)$")
"""The last line of a check cell: ``check_<name>(<answer>)``."""

COURSE_ID = "bpcourse"

CONFIG = f'''\
"""nbgrader's configuration for the course's nbgrader edition (tools/nbgrader_edition.py)."""

import os

c = get_config()  # noqa: F821 (nbgrader provides it)

c.CourseDirectory.course_id = "{COURSE_ID}"

# Files a student submits beside the notebook are copied into the graded folder, ahead of the
# installed package on the kernel's path: keep a bpcourse of their own out of it.
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback",
                            "bpcourse", "bpcourse.py", "*.py", "*.pth"]

# Seconds a cell may run when autograded: a check calls the student's function a few times,
# each call stopped by the checker after 30 s (bpcourse.classroom.grader.TIME_LIMIT).
c.Execute.timeout = 300

# Grading runs every student's checks again: they are no progress of the grader's own
# (bpcourse/classroom/progress.py). The kernels nbgrader starts inherit this.
os.environ["BPCOURSE_PROGRESS"] = "off"
'''


@dataclass
class Exercise:
    """One exercise of a notebook: the indices of its stub, check and solution cells, its check
    (``check_second_difference``) and the name the check is given (``second_difference``)."""

    stub: int
    check: int
    solution: int
    check_name: str
    answer: str

    @property
    def grade_id(self):
        """The nbgrader id of the exercise's answer cell; its test cell's is the check's name."""
        return self.check_name.removeprefix("check_")


def last_line(source):
    lines = [line for line in source.rstrip().split("\n") if line.strip()]
    return lines[-1].strip() if lines else ""


def find_exercises(nb):
    """The exercises of ``nb``, in order: each solution cell (tagged ``solution``) follows its
    check cell, which ends with ``check_<name>(<answer>)``, and that follows the stub."""
    exercises = []
    for k, cell in enumerate(nb.cells):
        if not is_solution(cell) or cell.cell_type != "code":
            continue  # a Markdown solution answers a question in words: no exercise
        if k < 2:
            raise ValueError(f"solution cell {k} has no stub and check cell before it")
        check = nb.cells[k - 1]
        call = CHECK_CALL.match(last_line(check.source))
        if check.cell_type != "code" or not call:
            raise ValueError(f"cell {k - 1}, before solution cell {k}, is not a check cell "
                             f"ending with check_<name>(<answer>): {check.source[:80]!r}")
        if last_line(cell.source) != call.group(0):
            raise ValueError(f"solution cell {k} does not end with the check {call.group(0)}")
        if nb.cells[k - 2].cell_type != "code":
            raise ValueError(f"cell {k - 2}, the stub of {call.group(0)}, is not a code cell")
        exercises.append(Exercise(k - 2, k - 1, k, call.group(1), call.group(2)))
    return exercises


# --- answer cells: the stub with the solution in regions -----------------------------------

def _functions(tree):
    """``{qualified name: FunctionDef}`` of the module's functions and of its classes' methods
    (``"backward"``, ``"Value.__add__"``), not of functions nested in functions."""
    found = {}

    def walk(body, prefix):
        for node in body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                found[prefix + node.name] = node
            elif isinstance(node, ast.ClassDef):
                walk(node.body, prefix + node.name + ".")

    walk(tree.body, "")
    return found


def _docstring(node):
    first = node.body[0]
    if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
            and isinstance(first.value.value, str)):
        return first
    return None


def _header_end(lines, node):
    """The line number (1-based) of the ``:`` that ends the ``def`` of ``node``."""
    text = "\n".join(lines[node.lineno - 1:node.end_lineno]) + "\n"
    depth, seen_def = 0, False
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        if token.type == tokenize.NAME and token.string == "def":
            seen_def = True
        elif token.type == tokenize.OP and token.string in "([{":
            depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            depth -= 1
        elif seen_def and depth == 0 and token.type == tokenize.OP and token.string == ":":
            return node.lineno + token.start[0] - 1
    raise ValueError(f"no end of the def of {node.name}")


def _body_start(lines, node):
    """The first line (1-based) after ``node``'s signature and docstring."""
    doc = _docstring(node)
    start = (doc.end_lineno if doc else _header_end(lines, node)) + 1
    if start > node.body[-1].end_lineno or (doc is None and start > node.body[0].lineno):
        raise ValueError(f"{node.name}: its body must start on a line of its own")
    return start


def _raised_hint(node):
    """``(True, hint)`` when the body (after the docstring) is ``raise NotImplementedError(...)``
    alone, the hint being its message (or ``None``); ``(False, None)`` otherwise."""
    body = node.body[1:] if _docstring(node) else node.body
    if len(body) != 1 or not isinstance(body[0], ast.Raise):
        return False, None
    exc = body[0].exc
    call = exc if isinstance(exc, ast.Call) else None
    name = call.func if call else exc
    if not (isinstance(name, ast.Name) and name.id == "NotImplementedError"):
        return False, None
    if call and call.args and isinstance(call.args[0], ast.Constant) \
            and isinstance(call.args[0].value, str):
        return True, call.args[0].value
    return True, None


def _free_names(node):
    """The names ``node`` reads and does not bind itself (parameters, assignments)."""
    bound = {a.arg for n in ast.walk(node) if isinstance(n, ast.arguments)
             for a in n.posonlyargs + n.args + n.kwonlyargs + [n.vararg, n.kwarg] if a}
    bound |= {n.id for n in ast.walk(node) if isinstance(n, ast.Name)
              and isinstance(n.ctx, ast.Store)}
    bound |= {n.name for n in ast.walk(node) if n is not node
              and isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef)}
    return {n.id for n in ast.walk(node)
            if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)} - bound


def _defined_names(node):
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {node.name}
    if isinstance(node, ast.Assign | ast.AnnAssign):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return set()


def _segment(lines, node):
    """The source lines of a top-level statement, with its decorators."""
    start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    return lines[start - 1:node.end_lineno]


def answer_source(stub, solution):
    """The instructor's answer cell: ``stub``'s source, each function of it that the solution
    writes (same name, same class) holding the solution's body in a solution region, in place of
    its ``raise NotImplementedError(...)`` (or of its template, kept as a comment above)."""
    stub_lines, solution_lines = stub.split("\n"), solution.split("\n")
    stub_tree, solution_tree = ast.parse(stub), ast.parse(solution)
    stub_functions, solution_functions = _functions(stub_tree), _functions(solution_tree)
    stub_names = set().union(*(_defined_names(node) for node in stub_tree.body))
    helpers = {}  # what the solution defines besides the stub's names, e.g. 09's wrap
    for node in solution_tree.body:
        for name in _defined_names(node) - stub_names:
            helpers[name] = node

    edits = []  # (first line, last line, new lines), 1-based and inclusive
    for name, node in stub_functions.items():
        raises, hint = _raised_hint(node)
        written = solution_functions.get(name)
        if written is None:
            if raises:
                raise ValueError(f"the solution does not write {name}, which the stub leaves "
                                 "to the student")
            continue
        if not raises and ast.dump(node) == ast.dump(written):
            continue  # given as it is, e.g. Value.__init__
        start = _body_start(stub_lines, node)
        body = stub_lines[start - 1:node.end_lineno]
        indent = " " * node.body[-1].col_offset
        if raises:  # comments of the stub stay; its raise becomes the hint and the region
            keep = [line for i, line in enumerate(body, start)
                    if not node.body[-1].lineno <= i <= node.body[-1].end_lineno]
            above = keep + ([f"{indent}# {hint}"] if hint else [])
        else:  # a template: handed out as a comment
            above = [f"{indent}# {line[len(indent):]}" if line.strip() else line
                     for line in body]
        solved = solution_lines[_body_start(solution_lines, written) - 1:written.end_lineno]
        needed, todo = [], _free_names(written)
        while todo:  # the helpers the body uses, and those they use
            helper = todo.pop()
            if helper in helpers and helpers[helper] not in needed:
                needed.insert(0, helpers[helper])
                todo |= _free_names(helpers[helper])
        code = [line for node_ in needed for line in _segment(solution_lines, node_)]
        code += textwrap.dedent("\n".join(solved)).strip("\n").split("\n")
        region = [BEGIN] + code + [END]
        region = [indent + line if line.strip() else "" for line in region]
        edits.append((start, node.end_lineno, above + region))
    if not edits:
        raise ValueError("the stub has no function for the student to write")
    for first, last, new in sorted(edits, reverse=True):
        stub_lines[first - 1:last] = new
    source = "\n".join(stub_lines)
    ast.parse(source)
    return source


def released_source(answer):
    """What ``nbgrader generate_assignment`` hands students for an answer cell: each solution
    region replaced by :data:`CODE_STUB`, indented as its ``### BEGIN SOLUTION`` line."""
    out, inside = [], False
    for line in answer.split("\n"):
        if BEGIN[4:] in line:
            if inside:
                raise ValueError("a solution region inside another")
            inside = True
            indent = line[:len(line) - len(line.lstrip())]
            out += [indent + stub for stub in CODE_STUB]
        elif END[4:] in line:
            inside = False
        elif not inside:
            out.append(line)
    if inside:
        raise ValueError("a solution region without its end")
    return "\n".join(out)


def graded_check_source(check):
    """The graded test cell of a check cell: the check imported afresh (so an answer cell cannot
    replace it) and its verdict asserted, the checker's hint as the message. The verdict is
    displayed, not the cell's result: nbgrader reads a number as the result of a test cell as
    partial credit, and warns of anything else there."""
    lines = check.rstrip().split("\n")
    call = CHECK_CALL.match(lines[-1].strip())
    return "\n".join(lines[:-1] + [
        f"from bpcourse.classroom import {call.group(1)}",
        "",
        f"_verdict = {call.group(0)}",
        "assert _verdict, _verdict.message",
        "display(_verdict)",
    ])


SEED_SOURCE = f"""\
# Graded: the checks' hidden random cases come from a fixed seed, so that the same answers
# always get the same grade.
import bpcourse.classroom.grader

bpcourse.classroom.grader.SEED = {SEED}"""


def _nbgrader(grade_id, *, grade=False, solution=False, locked=False):
    meta = {"schema_version": 3, "grade_id": grade_id, "grade": grade, "solution": solution,
            "locked": locked}
    if grade:
        meta["points"] = POINTS
    return meta


def is_scratch(cell):
    """A code cell of comments only, left for the student to write in."""
    lines = [line.strip() for line in cell.source.split("\n") if line.strip()]
    return cell.cell_type == "code" and all(line.startswith("#") for line in lines)


def nbgrader_edition(nb):
    """The nbgrader source notebook of the course notebook ``nb`` (see the module's docstring),
    a new notebook; ``nb`` is left as it is."""
    exercises = find_exercises(nb)
    if not exercises:
        raise ValueError("the notebook has no exercises")
    by_stub = {e.stub: e for e in exercises}
    by_check = {e.check: e for e in exercises}
    cells = []
    imports = first_answer = None
    for k, cell in enumerate(nb.cells):
        if is_solution(cell):
            continue
        cell = copy.deepcopy(cell)
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        if k in by_stub:
            e = by_stub[k]
            cell.source = answer_source(cell.source, nb.cells[e.solution].source)
            cell.metadata["nbgrader"] = _nbgrader(e.grade_id, solution=True)
            if first_answer is None:
                first_answer = len(cells)
        elif k in by_check:
            e = by_check[k]
            cell.source = graded_check_source(cell.source)
            cell.metadata["nbgrader"] = _nbgrader(e.check_name, grade=True, locked=True)
        elif not is_scratch(cell):
            cell.metadata["nbgrader"] = _nbgrader(f"cell-{cell.get('id') or k}", locked=True)
        cells.append(cell)
        if imports is None and cell.cell_type == "code" and "import" in cell.source \
                and "bpcourse.classroom" in cell.source:
            imports = len(cells)
    if imports is None or imports > first_answer:
        imports = first_answer
    seed = new_code_cell(SEED_SOURCE, metadata={"slideshow": {"slide_type": "skip"},
                                                "nbgrader": _nbgrader("grading-seed",
                                                                      locked=True)})
    seed["id"] = "grading-seed"
    cells.insert(imports, seed)
    edition = copy.deepcopy(nb)
    edition.cells = cells
    edition.metadata.pop("widgets", None)
    return edition


def points(nb):
    """The points of the graded test cells of an edition's notebook."""
    return sum(c.metadata.get("nbgrader", {}).get("points", 0) for c in nb.cells
               if c.metadata.get("nbgrader", {}).get("grade"))


def write_nbgrader_edition(source, target):
    """Write the nbgrader course folder of the notebooks in ``source`` to ``target``; return
    ``[(notebook written, its number of exercises, its points), ...]``."""
    source, target = Path(source), Path(target)
    if not source.is_dir():
        raise ValueError(f"expected a folder of notebooks, got {str(source)!r}, which is not one")
    paths = course_notebooks(source)
    if not paths:
        raise ValueError(f"expected notebooks named NN_topic.ipynb in {str(source)!r}, found none")
    written = []
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        exercises = find_exercises(nb)
        if not exercises:
            continue
        edition = nbgrader_edition(nb)
        nbformat.validate(edition)
        folder = target / "source" / path.stem
        folder.mkdir(parents=True, exist_ok=True)
        out = folder / path.name
        nbformat.write(edition, out)
        written.append((out, len(exercises), points(edition)))
    (target / "nbgrader_config.py").write_text(CONFIG, encoding="utf-8")
    return written


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog="python tools/nbgrader_edition.py",
        description="Write the nbgrader edition of the course: an nbgrader course folder with "
                    "one assignment per notebook with exercises.")
    parser.add_argument("source", help="folder of the instructor notebooks, e.g. notebooks")
    parser.add_argument("target", help="the nbgrader course folder to write, e.g. build/nbgrader")
    args = parser.parse_args(argv)
    try:
        written = write_nbgrader_edition(args.source, args.target)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    for path, count, worth in written:
        print(f"wrote {path} ({count} exercise{'' if count == 1 else 's'}, {worth} "
              f"point{'' if worth == 1 else 's'})")
    total = sum(worth for _, _, worth in written)
    print(f"{len(written)} assignments, {total} points, in {args.target}/source; "
          f"nbgrader's configuration in {args.target}/nbgrader_config.py")
    return 0


if __name__ == "__main__":
    sys.exit(main())
