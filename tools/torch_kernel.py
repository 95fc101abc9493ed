"""The kernel that ``make notebooks`` runs the notebooks in: the course's ``.venv`` with PyTorch.

PyTorch (CPU build) is installed with ``pip install --target`` into ``build/torch-<version>/``,
outside ``.venv``, so that ``make test``, CI and every student run without it (the course never
needs it). This writes ``build/torch-<version>/kernels/python3/kernel.json``: the usual Python 3
kernel of ``.venv``, with that folder on ``PYTHONPATH``. ``make notebooks`` puts the folder on
``JUPYTER_PATH``, where this kernel spec comes before the built-in one of the same name; only the
kernel sees PyTorch and the packages it brought, never nbconvert itself.

Usage: ``python tools/torch_kernel.py build/torch-2.13.0+cpu .venv/bin/python``
"""

import json
import sys
from pathlib import Path


def write_kernel(folder, python):
    """Write the kernel spec into ``folder``; return its path."""
    folder = Path(folder).absolute()
    spec = {
        "argv": [str(Path(python).absolute()), "-m", "ipykernel_launcher", "-f",
                 "{connection_file}"],
        "display_name": "Python 3 (ipykernel, with PyTorch)",
        "language": "python",
        "env": {"PYTHONPATH": str(folder / "site-packages")},
    }
    path = folder / "kernels" / "python3" / "kernel.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(spec, indent=1) + "\n", encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_kernel(*sys.argv[1:3]))
