"""The stored notebooks: what nbval relies on, and the course's structure.

nbval re-runs each notebook and compares outputs; these tests make sure there is something to
compare (a clean Restart & Run All with every output) and that the course hangs together.
"""

import ast
import json
import re
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("[0-9][0-9]_*.ipynb"))
EXPECTED = ["00_welcome", "01_chain_rule", "02_single_relu_neuron", "03_network_2_3_2",
            "04_output_layer_delta", "05_hidden_layer_delta", "06_batches_and_cost",
            "07_training", "08_beyond", "09_build_the_engine", "10_tensor_backprop"]


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def code_cells(nb):
    return [c for c in nb["cells"] if c["cell_type"] == "code"]


def source(cell):
    return "".join(cell["source"])


def tags(cell):
    return cell.get("metadata", {}).get("tags", [])


by_name = pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)


def test_the_course_has_its_notebooks_in_order():
    assert [p.stem for p in NOTEBOOKS] == EXPECTED


@by_name
def test_notebook_was_stored_after_a_clean_run_all(path):
    counts = [c["execution_count"] for c in code_cells(load(path))]
    assert counts == list(range(1, len(counts) + 1)), "re-run it: make notebooks"


@by_name
def test_notebook_is_stored_with_its_outputs(path):
    cells = code_cells(load(path))
    with_output = [c for c in cells if c["outputs"]]
    assert len(with_output) >= len(cells) // 2, "outputs were stripped: nbval would check nothing"


@by_name
def test_notebook_has_no_errors_or_warnings_stored(path):
    for cell in code_cells(load(path)):
        for out in cell["outputs"]:
            assert out["output_type"] != "error", source(cell)[:80]
            if out.get("name") == "stderr":
                pytest.fail(f"stderr in stored output: {''.join(out['text'])[:200]}")


@by_name
def test_notebook_outputs_are_deterministic_text(path):
    for cell in code_cells(load(path)):
        if "nbval-ignore-output" in tags(cell):
            continue
        for out in cell["outputs"]:
            text = "".join(out.get("text", "")) + "".join(out.get("data", {}).get("text/plain", ""))
            assert not re.search(r"0x[0-9a-f]{6,}", text), f"memory address in: {text[:120]}"
            assert "np.float64(" not in text, f"numpy repr in: {text[:120]}"
            assert "image/svg+xml" not in out.get("data", {}), "SVG figures embed a date"


@by_name
def test_widget_cells_are_not_compared_by_nbval(path):
    for cell in code_cells(load(path)):
        if re.search(r"\bexplorer\(|\binteract\(|widgets\.Output\(", source(cell)):
            assert "nbval-ignore-output" in tags(cell), source(cell)[:80]


@by_name
def test_notebook_opens_with_a_title_and_learning_goals(path):
    first = load(path)["cells"][0]
    assert first["cell_type"] == "markdown" and source(first).lstrip().startswith("# ")
    text = " ".join(source(c) for c in load(path)["cells"][:3] if c["cell_type"] == "markdown")
    assert re.search(r"you will|you'll|be able to|learning goals", text, re.I)


@by_name
def test_notebook_links_to_the_next_one(path):
    index = EXPECTED.index(path.stem)
    if index + 1 == len(EXPECTED):
        pytest.skip("the last notebook has no next one")
    text = "".join(source(c) for c in load(path)["cells"] if c["cell_type"] == "markdown")
    assert f"({EXPECTED[index + 1]}.ipynb" in text


@by_name
def test_every_exercise_has_a_stub_a_check_and_a_hidden_solution(path):
    if path.stem == "00_welcome":
        pytest.skip("the welcome notebook only shows how exercises work")
    cells = code_cells(load(path))
    checks = [c for c in cells if CHECK.search(source(c)) and "solution" not in tags(c)]
    solutions = [c for c in cells if "solution" in tags(c)]
    assert checks, "each notebook from 01 on has at least one exercise"
    assert len(solutions) == len(checks)
    for cell in solutions:
        assert cell["metadata"].get("jupyter", {}).get("source_hidden") is True
        assert verdict(cell).startswith("✅")
    stubs = [c for c in cells if "solution" not in tags(c)
             and ("raise NotImplementedError" in source(c) or BLANKS.search(source(c)))]
    assert len(stubs) == len(checks)
    for cell in checks:
        assert verdict(cell).startswith("⏳") and "not implemented yet" in verdict(cell)


@by_name
def test_check_cells_end_with_the_check_so_the_verdict_is_shown(path):
    for cell in code_cells(load(path)):
        if CHECK.search(source(cell)):
            last = source(cell).rstrip().splitlines()[-1]
            assert CHECK.match(last) and not last.endswith(";"), last
            verdict(cell)
            assert "text/html" in cell["outputs"][-1]["data"], "the verdict's rich display"


@by_name
def test_no_cell_relies_on_a_trailing_semicolon(path):
    # nbval runs cells without input history, where IPython cannot see a trailing `;`:
    # a value a cell ends with is shown there even if Jupyter hides it
    for cell in code_cells(load(path)):
        assert not source(cell).rstrip().endswith(";"), source(cell)[-80:]


CHECK = re.compile(r"^check_\w+\(\w+\)$", re.M)
BLANKS = re.compile(r'"[^"]+": \.\.\.,')  # a worksheet's stub: each number to fill in is ...


def verdict(cell):
    """The text/plain of the verdict a check cell shows: its execute_result, the cell's last
    output (a solution may print its own working before it)."""
    output = cell["outputs"][-1]
    assert output["output_type"] == "execute_result", output["output_type"]
    assert [o["output_type"] for o in cell["outputs"]].count("execute_result") == 1
    return "".join(output["data"]["text/plain"])


def test_notation_is_stated_once_in_the_welcome_notebook():
    welcome = "\n".join(source(c) for c in load(NOTEBOOKS[0])["cells"])
    assert re.search(r"^#+ Notation", welcome, re.M)
    for symbol in ["a^{(1)}", "b^{(2)}", "\\delta", "\\eta"]:
        assert symbol in welcome
    for path in NOTEBOOKS[1:]:
        text = "\n".join(source(c) for c in load(path)["cells"])
        assert not re.search(r"^#+ Notation", text, re.M), f"{path.stem} restates the notation"


# --- stubs ask, they do not tell -----------------------------------------------------------------

KNOWN_LEAKS = ["h_j times delta_k", "h_j (δ₁ + δ₂)", "ln(t / (1 − t))", "(δ⁽²⁾ uᵀ) ⊙ h ⊙ (1 − h)",
               "alpha elsewhere", "1 - tanh(a)**2", "softmax(a) - t", "hᵀ δ⁽²⁾"]


def squeezed(text):
    return re.sub(r"\s+", "", text)


def functions(text):
    """{name: FunctionDef} of every function defined in ``text`` (magics commented out)."""
    text = "\n".join("#" + line if line.lstrip().startswith(("%", "!")) else line
                     for line in text.splitlines())
    try:
        tree = ast.parse(text)
    except SyntaxError:
        return {}
    return {node.name: node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)}


def returned(node):
    """The formulas ``node`` returns: expressions that compute, of 8 characters or more
    (``return h``, ``return (naive, backprop)`` give nothing away)."""
    return [text for r in ast.walk(node) if isinstance(r, ast.Return) and r.value
            and any(isinstance(n, ast.BinOp | ast.Call) for n in ast.walk(r.value))
            and len(squeezed(text := ast.unparse(r.value))) >= 8]


def checker_references():
    """The formulas the checkers' references return: their ``reference`` functions and the
    private functions (``_layer_backward``, ...) that compute answers and their wrong variants."""
    found = []
    for path in (Path(__file__).parent.parent / "bpcourse" / "classroom").glob("ex[0-9]*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and (
                    node.name == "reference"
                    or node.name.startswith("_") and not node.name.startswith("__")):
                found += returned(node)
    return found


def stubs(nb):
    """{name: source} of every function a student is to write: it raises NotImplementedError."""
    found = {}
    for cell in code_cells(nb):
        if "solution" in tags(cell) or "NotImplementedError(" not in source(cell):
            continue
        for name, node in functions(source(cell)).items():
            if any(isinstance(n, ast.Raise) for n in ast.walk(node)):
                found[name] = ast.get_source_segment(source(cell), node) or source(cell)
    return found


@by_name
def test_no_stub_holds_a_known_leak_of_its_answer(path):
    for name, text in stubs(load(path)).items():
        for leak in KNOWN_LEAKS:
            assert squeezed(leak) not in squeezed(text), f"{path.stem}: {name} gives away {leak!r}"


@by_name
def test_no_stub_holds_what_its_solution_or_a_checker_returns(path):
    nb = load(path)
    answers = {}
    for cell in code_cells(nb):
        if "solution" in tags(cell):
            for name, node in functions(source(cell)).items():
                answers.setdefault(name, []).extend(returned(node))
    references = checker_references()
    for name, text in stubs(nb).items():
        for expression in answers.get(name, []) + references:
            assert squeezed(expression) not in squeezed(text), (
                f"{path.stem}: the stub of {name} holds its answer {expression!r}")
