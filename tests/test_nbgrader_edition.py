"""The nbgrader edition (tools/nbgrader_edition.py), checked without nbgrader: its metadata, its
solution regions, its graded checks and their points, and what the release hands students.

``tests/test_nbgrader.py`` (slow) grades it with nbgrader itself."""

import ast
import os
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from bpcourse.classroom import grader
from tools.nbgrader_edition import (
    BEGIN,
    CONFIG,
    END,
    POINTS,
    SEED,
    answer_source,
    find_exercises,
    graded_check_source,
    main,
    nbgrader_edition,
    points,
    released_source,
    write_nbgrader_edition,
)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
WITH_EXERCISES = [p for p in NOTEBOOKS
                  if find_exercises(nbformat.read(p, as_version=4))]
KEYS = {"schema_version", "grade", "locked", "solution", "task", "grade_id", "points",
        "checksum", "cell_type"}
"""The keys nbgrader's schema 3 allows in a cell's ``nbgrader`` metadata."""
GRADE_ID = re.compile(r"^[a-zA-Z0-9_\-]+$")


def meta(cell):
    return cell.metadata.get("nbgrader")


@pytest.fixture(scope="module")
def edition():
    """``{notebook stem: (course notebook, its nbgrader edition)}``."""
    found = {}
    for path in WITH_EXERCISES:
        nb = nbformat.read(path, as_version=4)
        found[path.stem] = (nb, nbgrader_edition(nb))
    return found


def answers(nb):
    return [c for c in nb.cells if meta(c) and meta(c)["solution"]]


def graded(nb):
    return [c for c in nb.cells if meta(c) and meta(c)["grade"]]


def region_lines(source):
    """The lines inside the solution regions of ``source``."""
    inside, found = False, []
    for line in source.split("\n"):
        if BEGIN in line:
            inside = True
        elif END in line:
            inside = False
        elif inside:
            found.append(line)
    return found


def test_every_notebook_from_01_has_exercises_and_becomes_an_assignment():
    assert [p.stem for p in WITH_EXERCISES] == [p.stem for p in NOTEBOOKS
                                                if p.stem != "00_welcome"]


def test_the_edition_is_valid_nbformat_with_schema_3_nbgrader_metadata(edition):
    for stem, (_, nb) in edition.items():
        nbformat.validate(nb)
        for cell in nb.cells:
            m = meta(cell)
            if m is None:
                continue
            assert set(m) <= KEYS, (stem, m)
            assert m["schema_version"] == 3
            assert all(isinstance(m[k], bool) for k in ("grade", "solution", "locked"))
            assert GRADE_ID.match(m["grade_id"]), (stem, m["grade_id"])
            assert ("points" in m) == m["grade"], (stem, m)
            if cell.cell_type == "markdown":
                assert m["locked"] and not m["grade"] and not m["solution"], (stem, m)


def test_grade_ids_are_unique_in_each_notebook(edition):
    for stem, (_, nb) in edition.items():
        ids = [meta(c)["grade_id"] for c in nb.cells if meta(c)]
        assert len(ids) == len(set(ids)), stem


def test_every_exercise_has_a_solution_region_and_a_graded_test_cell_that_calls_its_check(
        edition):
    for stem, (course, nb) in edition.items():
        exercises = find_exercises(course)
        assert [meta(c)["grade_id"] for c in answers(nb)] == [e.grade_id for e in exercises]
        assert [meta(c)["grade_id"] for c in graded(nb)] == [e.check_name for e in exercises]
        for exercise, answer, test in zip(exercises, answers(nb), graded(nb)):
            assert not meta(answer)["locked"] and not meta(answer)["grade"]
            assert answer.source.count(BEGIN) == answer.source.count(END) >= 1, stem
            assert meta(test)["locked"] and not meta(test)["solution"]
            assert f"from bpcourse.classroom import {exercise.check_name}\n" in test.source
            assert f"_verdict = {exercise.check_name}({exercise.answer})\n" in test.source
            assert "assert _verdict, _verdict.message\n" in test.source
            assert test.source.rstrip().split("\n")[-1] == "display(_verdict)"


def test_each_test_cell_is_worth_a_point_and_an_assignment_its_number_of_exercises(edition):
    """The docstring: one point per check, so an assignment is worth its exercises."""
    assert POINTS == 1
    total = 0
    for stem, (course, nb) in edition.items():
        assert all(meta(c)["points"] == POINTS for c in graded(nb))
        assert points(nb) == POINTS * len(find_exercises(course)), stem
        total += points(nb)
    calls = sum(1 for path in WITH_EXERCISES
                for cell in nbformat.read(path, as_version=4).cells
                if cell.cell_type == "code" and "solution" not in cell.metadata.get("tags", [])
                and re.match(r"^check_\w+\(\w+\)$", cell.source.strip().split("\n")[-1]))
    assert total == POINTS * calls


def functions(source):
    """``{qualified name: FunctionDef}`` of a cell's functions and methods."""
    found = {}

    def walk(body, prefix):
        for node in body:
            if isinstance(node, ast.FunctionDef):
                found[prefix + node.name] = node
            elif isinstance(node, ast.ClassDef):
                walk(node.body, prefix + node.name + ".")

    walk(ast.parse(source).body, "")
    return found


def signature(node):
    doc = ast.get_docstring(node, clean=False)
    return (node.name, ast.dump(node.args), [ast.dump(d) for d in node.decorator_list], doc)


def test_the_released_answer_keeps_the_stubs_signatures_and_docstrings_and_no_solution_line(
        edition):
    for stem, (course, nb) in edition.items():
        for exercise, answer in zip(find_exercises(course), answers(nb)):
            stub = course.cells[exercise.stub].source
            released = released_source(answer.source)
            stub_functions, released_functions = functions(stub), functions(released)
            assert stub_functions.keys() == released_functions.keys(), (stem, exercise)
            for name, node in stub_functions.items():
                assert signature(released_functions[name]) == signature(node), (stem, name)
            kept = {line.strip() for line in released.split("\n")}
            given = {line.strip() for line in stub.split("\n")}
            for line in region_lines(answer.source):
                code = line.strip()
                if code and not code.startswith("#"):
                    assert code not in kept or code in given, (stem, exercise.answer, code)
            assert BEGIN not in released and END not in released


def body(node):
    statements = node.body[1:] if ast.get_docstring(node) is not None else node.body
    return [ast.dump(s) for s in statements]


def test_the_answer_cell_writes_each_function_as_the_course_s_solution_does(edition):
    for stem, (course, nb) in edition.items():
        for exercise, answer in zip(find_exercises(course), answers(nb)):
            solution = functions(course.cells[exercise.solution].source)
            written = functions(answer.source)
            for name, node in functions(course.cells[exercise.stub].source).items():
                if body(node) == body(solution[name]):
                    continue  # given, as __init__ of 09's Value
                mine, theirs = body(written[name]), body(solution[name])
                assert mine[len(mine) - len(theirs):] == theirs, (stem, name)
                assert all(s.startswith("FunctionDef") for s in mine[:len(mine) - len(theirs)])


def test_the_course_s_solution_cells_are_left_out_and_the_other_cells_are_read_only(edition):
    for stem, (course, nb) in edition.items():
        assert not any("solution" in c.metadata.get("tags", []) for c in nb.cells), stem
        plain = [c for c in nb.cells if meta(c) is None]
        assert all(c.cell_type == "code" and c.source.lstrip().startswith("#") for c in plain)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None
        assert "widgets" not in nb.metadata
        kept = [c for c in course.cells if "solution" not in c.metadata.get("tags", [])]
        assert len(nb.cells) == len(kept) + 1, stem  # and the seed


def test_a_locked_cell_after_the_imports_fixes_the_hidden_cases_before_any_check(edition):
    for stem, (_, nb) in edition.items():
        (index,) = [i for i, c in enumerate(nb.cells) if c.get("id") == "grading-seed"]
        seed = nb.cells[index]
        assert meta(seed)["locked"] and not meta(seed)["grade"]
        assert seed.source.endswith(f"bpcourse.classroom.grader.SEED = {SEED}")
        first_answer = nb.cells.index(answers(nb)[0])
        assert index < first_answer, stem
        assert "bpcourse.classroom import" in nb.cells[index - 1].source, stem


def test_a_seed_makes_the_hidden_cases_the_same_every_time(monkeypatch):
    assert grader.SEED is None  # the course: a new hidden case at every check
    assert grader.rng().normal() != grader.rng().normal()
    monkeypatch.setattr(grader, "SEED", SEED)
    assert grader.rng().normal() == grader.rng().normal() == np.random.default_rng(SEED).normal()


# --- answer_source and released_source on small cells -------------------------------------

def test_a_function_keeps_its_signature_docstring_and_comments_and_its_hint_as_a_comment():
    stub = ('def f(x,\n      y=1):\n    """The sum."""\n    # mind y\n'
            '    raise NotImplementedError("add them")')
    solution = 'def f(x, y=1):\n    """The sum."""\n    s = x + y\n    return s\n\nprint(f(1))'
    answer = answer_source(stub, solution)
    assert answer == ('def f(x,\n      y=1):\n    """The sum."""\n    # mind y\n'
                      '    # add them\n    ### BEGIN SOLUTION\n    s = x + y\n    return s\n'
                      '    ### END SOLUTION')
    assert released_source(answer) == ('def f(x,\n      y=1):\n    """The sum."""\n'
                                       '    # mind y\n    # add them\n    # YOUR CODE HERE\n'
                                       '    raise NotImplementedError()')


def test_methods_are_filled_in_their_class_and_given_methods_left_alone():
    stub = ("class A:\n    def given(self):\n        return 1\n\n"
            "    def todo(self):\n        raise NotImplementedError\n")
    solution = ("class A:\n    def given(self):\n        return 1\n\n"
                "    def todo(self):\n        return 2\n\n\ncheck(A)")
    answer = answer_source(stub, solution)
    assert answer == ("class A:\n    def given(self):\n        return 1\n\n"
                      "    def todo(self):\n        ### BEGIN SOLUTION\n        return 2\n"
                      "        ### END SOLUTION\n")


def test_a_helper_of_the_solution_goes_inside_each_region_that_uses_it():
    stub = ("def f(x):\n    raise NotImplementedError()\ndef g(x):\n"
            "    raise NotImplementedError()\n")
    solution = ("def wrap(x):\n    return [x]\nunused = 3\ndef f(x):\n    return wrap(x)\n"
                "def g(x):\n    unused = 4\n    return unused\n")
    answer = answer_source(stub, solution)
    assert answer == ("def f(x):\n    ### BEGIN SOLUTION\n    def wrap(x):\n        return [x]\n"
                      "    return wrap(x)\n    ### END SOLUTION\ndef g(x):\n"
                      "    ### BEGIN SOLUTION\n    unused = 4\n    return unused\n"
                      "    ### END SOLUTION\n")
    assert "wrap" not in released_source(answer)


def test_a_template_stub_is_handed_out_as_a_comment():
    stub = 'def numbers():\n    """Yours."""\n    return {\n        "a": ...,\n    }'
    solution = 'def numbers():\n    """Yours."""\n    return {"a": 1.5}\n\ncheck(numbers)'
    released = released_source(answer_source(stub, solution))
    assert released == ('def numbers():\n    """Yours."""\n    # return {\n    #     "a": ...,\n'
                        '    # }\n    # YOUR CODE HERE\n    raise NotImplementedError()')


def test_a_stub_the_solution_does_not_write_is_refused():
    with pytest.raises(ValueError, match="does not write g"):
        answer_source("def g():\n    raise NotImplementedError()", "def f():\n    return 1")
    with pytest.raises(ValueError, match="no function for the student"):
        answer_source("x = 1", "x = 2")


def test_released_source_refuses_regions_that_nbgrader_refuses():
    with pytest.raises(ValueError, match="inside another"):
        released_source(f"{BEGIN}\n{BEGIN}\n{END}")
    with pytest.raises(ValueError, match="without its end"):
        released_source(f"x = 1\n{BEGIN}\ny = 2")


def test_a_check_cell_becomes_an_assertion_with_the_checker_s_hint():
    assert graded_check_source("check_f(f)") == (
        "from bpcourse.classroom import check_f\n\n_verdict = check_f(f)\n"
        "assert _verdict, _verdict.message\ndisplay(_verdict)")


# --- the command ------------------------------------------------------------------------

def small_notebook():
    """Title, imports, stub, check, solution and a scratch cell, like one exercise."""
    cells = [
        new_markdown_cell("# Title"),
        new_code_cell("from bpcourse.classroom import check_max_backward"),
        new_code_cell("# your scratch work"),
        new_code_cell('def f(x, g):\n    """dx."""\n    raise NotImplementedError("route g")'),
        new_code_cell("check_max_backward(f)"),
        new_code_cell('def f(x, g):\n    """dx."""\n    return g\n\ncheck_max_backward(f)',
                      metadata={"tags": ["solution"], "jupyter": {"source_hidden": True}}),
        new_markdown_cell("**Answer.** because", metadata={"tags": ["solution"]}),
    ]
    return new_notebook(cells=cells, metadata={"kernelspec": {
        "name": "python3", "display_name": "Python 3", "language": "python"}})


def test_the_command_writes_a_course_folder_with_one_assignment_per_notebook_with_exercises(
        tmp_path, capsys):
    source = tmp_path / "notebooks"
    source.mkdir()
    nbformat.write(small_notebook(), source / "01_one.ipynb")
    nbformat.write(new_notebook(cells=[new_markdown_cell("# Welcome")]),
                   source / "00_welcome.ipynb")
    nbformat.write(small_notebook(), source / "scratch.ipynb")  # not the course's
    target = tmp_path / "nbgrader"
    assert main([str(source), str(target)]) == 0
    out = capsys.readouterr().out
    assert "01_one.ipynb (1 exercise, 1 point)" in out
    assert "1 assignments, 1 points" in out
    assert sorted(p.relative_to(target).as_posix() for p in target.rglob("*") if p.is_file()) \
        == ["nbgrader_config.py", "source/01_one/01_one.ipynb"]
    assert (target / "nbgrader_config.py").read_text() == CONFIG
    nb = nbformat.read(target / "source" / "01_one" / "01_one.ipynb", as_version=4)
    assert [meta(c) and meta(c)["grade_id"] for c in nb.cells] == [
        f"cell-{nb.cells[0].id}", f"cell-{nb.cells[1].id}", "grading-seed", None, "max_backward",
        "check_max_backward"]
    assert write_nbgrader_edition(source, tmp_path / "again") == [
        (tmp_path / "again" / "source" / "01_one" / "01_one.ipynb", 1, 1)]


def test_the_command_fails_clearly_on_a_folder_without_notebooks(tmp_path, capsys):
    assert main([str(tmp_path), str(tmp_path / "out")]) == 1
    assert "expected notebooks named NN_topic.ipynb" in capsys.readouterr().err
    assert main([str(tmp_path / "nowhere"), str(tmp_path / "out")]) == 1
    assert "not one" in capsys.readouterr().err


def test_the_configuration_names_the_course_keeps_submitted_packages_out_and_allows_time(
        monkeypatch):
    monkeypatch.setenv("BPCOURSE_PROGRESS", "on")  # restored afterwards
    namespace = {"get_config": lambda: Config()}

    class Section(dict):
        def __getattr__(self, name):
            return self.setdefault(name, Section())

        def __setattr__(self, name, value):
            self[name] = value

    class Config(Section):
        pass

    exec(CONFIG, namespace)
    c = namespace["c"]
    assert c["CourseDirectory"]["course_id"] == "bpcourse"
    assert {"bpcourse", "*.py"} <= set(c["CourseDirectory"]["ignore"])
    assert c["Execute"]["timeout"] >= 60
    assert os.environ["BPCOURSE_PROGRESS"] == "off"  # grading records no progress


def test_make_nbgrader_writes_the_edition_to_build_nbgrader():
    makefile = (ROOT / "Makefile").read_text()
    phony = {name for line in makefile.splitlines() if line.startswith(".PHONY:")
             for name in line.removeprefix(".PHONY:").split()}
    assert "nbgrader" in phony
    (rule,) = [line for line in makefile.splitlines() if line.startswith("nbgrader:")]
    assert "## " in rule
    assert "tools/nbgrader_edition.py notebooks build/nbgrader" in makefile
