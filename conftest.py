"""pytest setup shared by the unit tests and nbval.

nbval sends each cell to the kernel with ``store_history=False``; IPython then cannot see the
cell's trailing ``;`` (it looks for it in the input history) and shows the value a check cell
returns, which the stored notebook does not have. Run cells as Jupyter does, with history.
"""

import nbval.kernel


def _execute_cell_input(self, cell_input, allow_stdin=None):
    return self.kc.execute(cell_input, store_history=True, allow_stdin=allow_stdin,
                           stop_on_error=False)


nbval.kernel.RunningKernel.execute_cell_input = _execute_cell_input
