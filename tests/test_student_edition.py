"""The student edition: the course without solution cells and outputs, runnable as handed out,
in English (notebooks/, `make student` into build/student/) and in each translation
(translations/<lang>/, into build/student-<lang>/), whose checks speak the notebook's language."""

import re
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output
from notebook_runs import execute

from bpcourse import classroom
from tools.student_edition import main, student_edition, write_student_edition

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
TRANSLATIONS = ROOT / "translations"
COURSE = ["00_welcome", "01_chain_rule", "02_single_relu_neuron", "03_network_2_3_2",
          "04_output_layer_delta", "05_hidden_layer_delta", "06_batches_and_cost",
            "07_training", "08_beyond", "09_build_the_engine", "10_tensor_backprop"]
CHECKERS = [name for name in classroom.__all__ if name.startswith("check_")]
CHECK = re.compile(rf"\b(?:{'|'.join(CHECKERS)})\(")
"""A call of an exercise's check (not of the library's ``bp.check_network``)."""


def verdict_output(message, count):
    """What a check cell shows: its verdict, as the cell's result."""
    return new_output("execute_result", execution_count=count,
                      data={"text/plain": message, "text/html": f"<div><pre>{message}</pre></div>"})


def small_notebook():
    """Title, setup, stub, check (with output) and a solution, like one exercise of the course."""
    slide = {"slideshow": {"slide_type": "slide"}}
    cells = [
        new_markdown_cell("# Title\n\nyou will be able to ...", metadata=dict(slide)),
        new_code_cell("from bpcourse.classroom import check_max_backward",
                      metadata={"slideshow": {"slide_type": "skip"}}, execution_count=1),
        new_code_cell("def f(x):\n    raise NotImplementedError('write f')",
                      metadata=dict(slide), execution_count=2),
        new_code_cell("check_max_backward(f)", metadata=dict(slide), execution_count=3,
                      outputs=[verdict_output("⏳ max_backward: not implemented yet", 3)]),
        new_code_cell("def f(x, g):\n    return g[:, None] * (x == x.max(axis=1, keepdims=True))"
                      "\n\ncheck_max_backward(f)",
                      metadata={"tags": ["solution"], "jupyter": {"source_hidden": True},
                                "slideshow": {"slide_type": "fragment"}},
                      execution_count=4,
                      outputs=[verdict_output("✅ ...", 4)]),
        new_markdown_cell("## Summary", metadata={"slideshow": {"slide_type": "slide"},
                                                  "tags": ["keep"]}),
    ]
    return new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3",
                                                              "display_name": "Python 3",
                                                              "language": "python"}})


def test_solution_cells_are_removed():
    student = student_edition(small_notebook())
    assert len(student.cells) == 5
    assert not any("solution" in c.metadata.get("tags", []) for c in student.cells)


def test_outputs_and_execution_counts_are_cleared():
    student = student_edition(small_notebook())
    for cell in student.cells:
        if cell.cell_type == "code":
            assert cell.outputs == []
            assert cell.execution_count is None


def test_every_other_cell_keeps_its_source_metadata_and_id():
    nb = small_notebook()
    kept = [c for c in nb.cells if "solution" not in c.metadata.get("tags", [])]
    student = student_edition(nb)
    assert [c.source for c in student.cells] == [c.source for c in kept]
    assert [c.metadata for c in student.cells] == [c.metadata for c in kept]
    assert [c.get("id") for c in student.cells] == [c.get("id") for c in kept]
    assert [c.cell_type for c in student.cells] == [c.cell_type for c in kept]


def test_the_notebook_metadata_is_kept():
    nb = small_notebook()
    assert student_edition(nb).metadata == nb.metadata


def test_the_instructor_notebook_is_left_unchanged():
    nb = small_notebook()
    before = nbformat.writes(nb)
    student_edition(nb)
    assert nbformat.writes(nb) == before


def test_the_student_edition_is_a_valid_notebook():
    nbformat.validate(student_edition(small_notebook()))


def test_the_command_writes_each_notebook_and_says_how_many_solutions_it_removed(
        tmp_path, capsys):
    source = tmp_path / "notebooks"
    source.mkdir()
    nb = small_notebook()
    for name in ("01_one.ipynb", "02_two.ipynb", "scratch.ipynb"):  # scratch is not the course's
        nbformat.write(nb, source / name)
    assert main([str(source), str(tmp_path / "student")]) == 0
    out = capsys.readouterr().out
    assert sorted(p.name for p in (tmp_path / "student").iterdir()) == [
        "01_one.ipynb", "02_two.ipynb"]
    assert "01_one.ipynb (1 solution removed)" in out
    assert "02_two.ipynb (1 solution removed)" in out
    written = nbformat.read(tmp_path / "student" / "01_one.ipynb", as_version=4)
    assert written == student_edition(nb)


def test_the_command_fails_clearly_on_a_folder_without_notebooks(tmp_path, capsys):
    assert main([str(tmp_path), str(tmp_path / "student")]) == 1
    err = capsys.readouterr().err
    assert "expected notebooks named NN_topic.ipynb" in err
    assert str(tmp_path) in err


def test_the_command_fails_clearly_on_a_missing_folder(tmp_path, capsys):
    assert main([str(tmp_path / "nowhere"), str(tmp_path / "student")]) == 1
    assert "not one" in capsys.readouterr().err


def test_writing_returns_each_path_with_its_count_of_removed_solutions(tmp_path):
    source = tmp_path / "nb"
    source.mkdir()
    nbformat.write(small_notebook(), source / "03_x.ipynb")
    assert write_student_edition(source, tmp_path / "out") == [(tmp_path / "out" / "03_x.ipynb",
                                                                 1)]


def verdict_of(cell):
    """The text/plain of the cell's result: a check cell ends with the call, without ``;``."""
    return "".join(o.get("data", {}).get("text/plain", "") for o in cell.outputs
                   if o.output_type == "execute_result")


def run_clean(path, tmp_path):
    """The student edition of the notebook at ``path``, written to ``tmp_path`` as handed out
    (in a folder of its own) and executed there in a fresh python3 kernel; checked to have run
    clean (no error, nothing on stderr). Returns the executed notebook."""
    student = student_edition(nbformat.read(path, as_version=4))
    nbformat.write(student, tmp_path / path.name)
    student = execute(student, timeout=120, kernel_name="python3",
                      resources={"metadata": {"path": str(tmp_path)}})
    for cell in student.cells:
        if cell.cell_type != "code":
            continue
        errors = [o for o in cell.outputs if o.output_type == "error"
                  or (o.output_type == "stream" and o.name == "stderr")]
        assert not errors, f"cell {cell.source[:60]!r} wrote {errors}"
    return student


def check_cells(student, name):
    """The cells of ``student`` that call an exercise's check (one at least from 01 on)."""
    checks = [c for c in student.cells if c.cell_type == "code" and CHECK.search(c.source)]
    if name != "00_welcome":
        assert checks, "each notebook from 01 on has an exercise"
    return checks


def run_student_edition(name, tmp_path):
    """Build the student edition of notebooks/<name>.ipynb into ``tmp_path``, execute it in a
    fresh python3 kernel and check it ran clean, every check saying "not implemented yet"."""
    path = NOTEBOOKS / f"{name}.ipynb"
    if not path.exists():
        pytest.skip(f"{path.name} is not written yet")
    student = run_clean(path, tmp_path)
    for cell in check_cells(student, name):
        assert "not implemented yet" in verdict_of(cell), cell.source


class StudentEdition:
    """One class per notebook, so that ``pytest -n 2 --dist loadscope`` runs them in parallel."""

    name = None

    def test_runs_clean_in_a_fresh_kernel_and_every_check_says_not_implemented_yet(
            self, tmp_path):
        run_student_edition(self.name, tmp_path)


class TestStudentEdition00(StudentEdition):
    name = "00_welcome"


class TestStudentEdition01(StudentEdition):
    name = "01_chain_rule"


class TestStudentEdition02(StudentEdition):
    name = "02_single_relu_neuron"


class TestStudentEdition03(StudentEdition):
    name = "03_network_2_3_2"


class TestStudentEdition04(StudentEdition):
    name = "04_output_layer_delta"


class TestStudentEdition05(StudentEdition):
    name = "05_hidden_layer_delta"


class TestStudentEdition06(StudentEdition):
    name = "06_batches_and_cost"


class TestStudentEdition07(StudentEdition):
    name = "07_training"


class TestStudentEdition08(StudentEdition):
    name = "08_beyond"


class TestStudentEdition09(StudentEdition):
    name = "09_build_the_engine"


class TestStudentEdition10(StudentEdition):
    name = "10_tensor_backprop"


def test_there_is_one_student_edition_test_per_course_notebook():
    assert sorted(c.name for c in StudentEdition.__subclasses__()) == COURSE


# --- the student edition of a translation ---------------------------------------------------------

SCRIPT = {"fa": re.compile(r"[\u0600-\u06ff]"), "zh_CN": re.compile(r"[\u4e00-\u9fff]")}
"""What a message in each language is written in: Persian, Chinese characters."""


def run_translated_student_edition(lang, name, tmp_path, monkeypatch):
    """Build the student edition of translations/<lang>/<name>.ipynb into ``tmp_path`` and run
    it as JupyterLab does, which tells the kernel the notebook's path (``JPY_SESSION_NAME``);
    check it ran clean and every check's verdict is "not implemented yet" (⏳) in ``lang``."""
    path = TRANSLATIONS / lang / f"{name}.ipynb"
    monkeypatch.delenv("BPCOURSE_LANGUAGE", raising=False)  # the notebook's language decides
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / path.name))  # the kernel inherits it
    student = run_clean(path, tmp_path)
    for cell in check_cells(student, name):
        verdict = verdict_of(cell)
        assert verdict.startswith("⏳") and SCRIPT[lang].search(verdict), (
            f"{cell.source!r} says {verdict!r}: expected ⏳ and the rest in {lang}")


class TranslatedStudentEdition:
    """One class per language, so that ``pytest -n 2 --dist loadscope`` runs them in parallel."""

    lang = None

    @pytest.mark.slow
    @pytest.mark.parametrize("name", COURSE)
    def test_runs_clean_and_every_check_says_not_implemented_yet_in_its_language(
            self, name, tmp_path, monkeypatch):
        run_translated_student_edition(self.lang, name, tmp_path, monkeypatch)


class TestPersianStudentEdition(TranslatedStudentEdition):
    lang = "fa"


class TestChineseStudentEdition(TranslatedStudentEdition):
    lang = "zh_CN"


def test_every_translation_has_a_student_edition_test_of_every_notebook():
    languages = sorted(p.name for p in TRANSLATIONS.iterdir() if p.is_dir())
    assert sorted(c.lang for c in TranslatedStudentEdition.__subclasses__()) == languages
    assert sorted(SCRIPT) == languages
    for lang in languages:
        assert sorted(p.stem for p in TRANSLATIONS.glob(f"{lang}/[0-9][0-9]_*.ipynb")) == COURSE


def test_a_translations_student_edition_keeps_its_language_and_has_no_solutions(tmp_path):
    written = write_student_edition(TRANSLATIONS / "fa", tmp_path)
    assert [path.name for path, _ in written] == [f"{name}.ipynb" for name in COURSE]
    assert sum(removed for _, removed in written) > 0
    for path, _ in written:
        nb = nbformat.read(path, as_version=4)
        assert nb.metadata["language"] == "fa"
        assert not [c for c in nb.cells if "solution" in c.metadata.get("tags", [])]
        assert not [c for c in nb.cells if c.cell_type == "code" and c.outputs]


def test_make_student_writes_the_student_edition_of_every_translation():
    from test_commands import makefile_recipe
    recipe = "\n".join(makefile_recipe("student"))
    assert "tools/student_edition.py notebooks build/student" in recipe
    assert "for lang in $(TRANSLATED)" in recipe
    assert "tools/student_edition.py translations/$$lang build/student-$$lang" in recipe
