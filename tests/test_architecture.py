"""The three wings of the package and the one direction in which they may import each other:
the math (the top of ``bpcourse``) ← the pictures ← the explorer binding; the math ← the classroom.
See docs/architecture.md."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "bpcourse"
MATH = sorted(PACKAGE.glob("*.py"))
PICTURES = sorted((PACKAGE / "pictures").glob("*.py"))
CLASSROOM = sorted((PACKAGE / "classroom").glob("*.py"))
DRAWING = {"matplotlib", "ipywidgets", "IPython"}


def imports(path):
    """The top-level names a module imports, relative imports resolved to ``bpcourse.*``."""
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
                names |= {module} | {f"{module}.{alias.name}" for alias in node.names}
            else:
                names.add(node.module)
    return names


def touches(path, prefixes):
    return sorted(n for n in imports(path) if any(n == p or n.startswith(p + ".")
                                                   for p in prefixes))


def name(path):
    return str(path.relative_to(PACKAGE.parent))


def test_the_three_wings_exist():
    assert MATH and PICTURES and CLASSROOM


@pytest.mark.parametrize("path", MATH, ids=name)
def test_no_math_module_draws_or_uses_widgets(path):
    assert touches(path, DRAWING) == []


@pytest.mark.parametrize("path", MATH, ids=name)
def test_the_math_imports_neither_pictures_nor_classroom(path):
    assert touches(path, {"bpcourse.pictures", "bpcourse.classroom"}) == []


@pytest.mark.parametrize("path", PICTURES, ids=name)
def test_pictures_never_import_the_classroom(path):
    assert touches(path, {"bpcourse.classroom"}) == []


@pytest.mark.parametrize("path", [p for p in PICTURES if p.name != "explorer.py"], ids=name)
def test_only_the_explorer_binding_touches_widgets(path):
    assert touches(path, {"ipywidgets"}) == []


NOTEBOOK_BINDINGS = {"explorer.py", "display.py"}
"""The two modules that talk to the notebook: sliders, and figures shown with their alt text."""


@pytest.mark.parametrize("path", [p for p in PICTURES if p.name not in NOTEBOOK_BINDINGS],
                         ids=name)
def test_only_the_notebook_bindings_touch_ipython(path):
    assert touches(path, {"IPython"}) == []


@pytest.mark.parametrize("path", CLASSROOM, ids=name)
def test_the_classroom_neither_draws_nor_imports_pictures(path):
    assert touches(path, DRAWING | {"bpcourse.pictures"}) == []


def test_importing_the_math_loads_no_plotting_library():
    code = ("import sys, bpcourse, bpcourse.classroom; "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
