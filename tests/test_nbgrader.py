"""The nbgrader edition graded by nbgrader 0.9 itself: full marks, zero, and exactly what passes.

``tools/nbgrader_edition.py`` (``make nbgrader``) writes an nbgrader course folder. These tests
build a virtual environment with nbgrader and the course's runtime pins, ``bpcourse`` installed
into it from this checkout (``pip install -e``: the grading kernel imports the package as it is
now), and in a temporary course folder run what an instructor runs:

- ``nbgrader generate_assignment`` on every assignment: its release holds each answer cell as
  :func:`tools.nbgrader_edition.released_source` says (the stub again, no line of a solution);
- three submissions of every assignment, in ``submitted/<student>/<assignment>/`` (autograde
  needs no exchange): ``instructor``, the source notebook with its solutions; ``untouched``, the
  release as handed out; ``partly``, the release with the instructor's answer to the first
  exercise of each assignment, and to its last too when it has three or more (none of these
  needs an exercise left unsolved);
- ``nbgrader autograde`` on every assignment; the scores come from nbgrader's gradebook
  (``nbgrader.api.Gradebook``, read in the environment), and ``nbgrader export`` writes the
  same to ``grades.csv``. The instructor gets every point, the untouched release none, and the
  partly solved submission exactly the points of the checks it solved, test cell by test cell.
  The graded notebooks run clean: no cell but a failing test writes an error.

The environment is built once and kept in ``build/nbgrader-venv-<key>/``, the key a hash of what
it is made from; it needs PyPI (or the configured index), and without it the tests skip. It all
runs as root too, as in CI.
"""

import csv
import json
import subprocess
from pathlib import Path

import nbformat
import pytest
from cached_venv import cached_venv, clean_env
from cached_venv import pins as course_pins

from tools.nbgrader_edition import find_exercises, released_source, write_nbgrader_edition

ROOT = Path(__file__).resolve().parent.parent
NBGRADER = "0.9.6"
RUNTIME = ["numpy", "matplotlib", "ipywidgets", "ipykernel", "ipython", "jupyterlab",
           "jsonschema", "nbformat", "nbclient", "nbconvert"]
"""Packages installed at their ``requirements.txt`` pins beside nbgrader."""
STUDENTS = ("instructor", "untouched", "partly")

pytestmark = pytest.mark.slow


def pins():
    """``["name==version", ...]``: the course's pins of ``RUNTIME``, and nbgrader's."""
    return course_pins(RUNTIME, f"nbgrader=={NBGRADER}")


@pytest.fixture(scope="module")
def venv():
    """The nbgrader environment: reused if built before, built (a minute or two) if not."""
    return cached_venv("nbgrader-venv-", pins(), "nbgrader")


def nbgrader(venv, course, *args, timeout=1800):
    """Run ``nbgrader <args>`` in ``course``, as an instructor does in the environment."""
    run = subprocess.run([str(venv / "bin" / "nbgrader"), *args], cwd=course,
                         env=clean_env(venv), capture_output=True, text=True, timeout=timeout)
    assert run.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{run.stderr[-4000:]}"
    return run


SCORES = """\
import json, sys
from nbgrader.api import Gradebook

scores = {}
with Gradebook("sqlite:///gradebook.db", course_id="bpcourse") as gb:
    for assignment in gb.assignments:
        for submission in assignment.submissions:
            cells = {grade.name: [grade.score, grade.max_score]
                     for notebook in submission.notebooks for grade in notebook.grades}
            scores.setdefault(submission.student.id, {})[assignment.name] = {
                "score": submission.score, "max_score": submission.max_score, "cells": cells}
json.dump(scores, sys.stdout)
"""


def answer_cells(nb):
    return {c.metadata["nbgrader"]["grade_id"]: c for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def graded_ids(nb):
    return [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("grade")]


def solved_in_part(exercises):
    """The exercises the partly solved submission solves: the first, and the last of three or
    more."""
    return [exercises[0]] + ([exercises[-1]] if len(exercises) >= 3 else [])


@pytest.fixture(scope="module")
def graded(venv, tmp_path_factory):
    """The course folder after generate_assignment and autograde of the three submissions of
    every assignment, and the gradebook's scores: ``(course, scores)``."""
    course = tmp_path_factory.mktemp("nbgrader-course")
    written = write_nbgrader_edition(ROOT / "notebooks", course)
    assignments = [path.parent.name for path, _, _ in written]
    for assignment in assignments:
        nbgrader(venv, course, "generate_assignment", assignment)
    for assignment in assignments:
        name = f"{assignment}.ipynb"
        source = nbformat.read(course / "source" / assignment / name, as_version=4)
        release = nbformat.read(course / "release" / assignment / name, as_version=4)
        partly = nbformat.from_dict(json.loads(json.dumps(release)))
        solved = answer_cells(source)
        course_nb = nbformat.read(ROOT / "notebooks" / name, as_version=4)
        for exercise in solved_in_part(find_exercises(course_nb)):
            answer_cells(partly)[exercise.grade_id].source = solved[exercise.grade_id].source
        for student, nb in zip(STUDENTS, (source, release, partly)):
            folder = course / "submitted" / student / assignment
            folder.mkdir(parents=True)
            nbformat.write(nb, folder / name)
    for assignment in assignments:
        nbgrader(venv, course, "autograde", assignment)
    nbgrader(venv, course, "export")  # grades.csv, for a spreadsheet or an LMS
    run = subprocess.run([str(venv / "bin" / "python"), "-c", SCORES], cwd=course,
                         env=clean_env(venv), capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-4000:]
    return course, json.loads(run.stdout)


def editions(course):
    for folder in sorted((course / "source").iterdir()):
        name = f"{folder.name}.ipynb"
        yield (folder.name, nbformat.read(folder / name, as_version=4),
               nbformat.read(course / "release" / folder.name / name, as_version=4))


def test_the_release_hands_out_each_answer_cell_as_the_edition_says(graded):
    course, _ = graded
    for assignment, source, release in editions(course):
        released = answer_cells(release)
        for grade_id, cell in answer_cells(source).items():
            assert released[grade_id].source == released_source(cell.source), (assignment,
                                                                                grade_id)
            assert "SOLUTION" not in released[grade_id].source


def test_every_assignment_is_in_the_gradebook_for_every_student(graded):
    course, scores = graded
    assignments = [assignment for assignment, _, _ in editions(course)]
    assert len(assignments) == 10
    for student in STUDENTS:
        assert sorted(scores[student]) == assignments, student


def test_the_instructor_edition_gets_full_marks(graded):
    course, scores = graded
    for assignment, source, _ in editions(course):
        result = scores["instructor"][assignment]
        assert result["max_score"] == len(graded_ids(source)), assignment
        assert result["score"] == result["max_score"], (assignment, result["cells"])


def test_the_untouched_student_edition_gets_zero(graded):
    course, scores = graded
    for assignment, source, _ in editions(course):
        result = scores["untouched"][assignment]
        assert result["max_score"] == len(graded_ids(source)), assignment
        assert result["score"] == 0, (assignment, result["cells"])


def test_a_partly_solved_submission_gets_exactly_the_points_of_the_checks_it_passes(graded):
    course, scores = graded
    total = 0
    for assignment, source, _ in editions(course):
        course_nb = nbformat.read(ROOT / "notebooks" / f"{assignment}.ipynb", as_version=4)
        solved = {e.check_name for e in solved_in_part(find_exercises(course_nb))}
        cells = scores["partly"][assignment]["cells"]
        assert sorted(cells) == sorted(graded_ids(source))
        for check, (score, max_score) in cells.items():
            assert score == (max_score if check in solved else 0), (assignment, check)
        assert scores["partly"][assignment]["score"] == len(solved)
        total += len(solved)
    assert 0 < total < sum(len(graded_ids(source)) for _, source, _ in editions(course))


def test_nbgrader_export_writes_the_gradebook_s_scores_for_an_lms(graded):
    course, scores = graded
    with open(course / "grades.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(STUDENTS) * 10
    for row in rows:
        result = scores[row["student_id"]][row["assignment"]]
        assert float(row["score"]) == result["score"]
        assert float(row["max_score"]) == result["max_score"]


def errors(nb):
    """``[(grade id or source, error name)]`` of the cells of ``nb`` that wrote an error."""
    found = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "error" or output.get("name") == "stderr":
                found.append((cell.metadata.get("nbgrader", {}).get("grade_id")
                              or cell.source[:60], output.get("ename") or output.get("text")))
    return found


def test_the_graded_notebooks_run_clean_but_for_failing_tests(graded):
    course, _ = graded
    for assignment, source, _ in editions(course):
        tests = set(graded_ids(source))
        name = f"{assignment}.ipynb"
        for student in STUDENTS:
            nb = nbformat.read(course / "autograded" / student / assignment / name,
                               as_version=4)
            found = errors(nb)
            if student == "instructor":
                assert found == [], (assignment, found)
            else:
                assert [e for e in found if e[0] not in tests] == [], (student, assignment)
                assert all(kind == "AssertionError" for _, kind in found), (student, found)
