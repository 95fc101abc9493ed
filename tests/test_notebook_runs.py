"""The tests' notebook runs end: a hang is cut off, warned about and tried once more."""

import time

import notebook_runs
import pytest
from nbformat.v4 import new_code_cell, new_notebook
from notebook_runs import Hung, execute


def test_a_notebook_runs_and_comes_back_executed():
    nb = new_notebook(cells=[new_code_cell("print(6 * 7)")])
    run = execute(nb, timeout=60, kernel_name="python3")
    assert run.cells[0].outputs[0]["text"] == "42\n"
    assert nb.cells[0].outputs == []  # the caller's notebook is left as it was


def test_a_run_that_hangs_is_tried_once_more_and_then_fails_saying_so(monkeypatch):
    runs = []

    def hang(self):
        runs.append(self)
        time.sleep(60)  # stands for the wait that never ends

    monkeypatch.setattr(notebook_runs.NotebookClient, "execute", hang)
    with pytest.warns(UserWarning, match="running it once more"), \
            pytest.raises(Hung, match="hung: no end within 0.5 s, 2 times"):
        execute(new_notebook(), limit=0.5)
    assert len(runs) == 2
