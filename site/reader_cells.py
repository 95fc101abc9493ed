"""The website's copy of the notebooks: readers do not see the setup cells.

``make site`` copies the stored notebooks into build/site-src/ and runs this on the copies. It
tags ``remove-cell`` (myst-nb leaves such a cell out of the page) on the cells a reader has no
use for: the Colab install cell (tagged ``colab-install``) and the setup cell of each notebook,
the one that starts with ``%matplotlib inline`` (the backend, ``%config`` lines and imports). The
notebooks themselves keep them: a student running the notebook needs them.

    python site/reader_cells.py build/site-src
"""

import json
import sys
from pathlib import Path


def is_setup(cell):
    text = "".join(cell.get("source", ""))
    tags = cell.get("metadata", {}).get("tags", [])
    return cell["cell_type"] == "code" and (
        "colab-install" in tags or text.lstrip().startswith("%matplotlib inline"))


def hide_setup(path):
    """Tag the setup cells of the notebook at ``path`` ``remove-cell``; return how many."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    hidden = 0
    for cell in notebook["cells"]:
        if is_setup(cell):
            tags = cell.setdefault("metadata", {}).setdefault("tags", [])
            if "remove-cell" not in tags:
                tags.append("remove-cell")
            hidden += 1
    path.write_text(json.dumps(notebook, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return hidden


def main(folder):
    for path in sorted(Path(folder).glob("[0-9][0-9]_*.ipynb")):
        if hide_setup(path) != 2:
            raise SystemExit(f"{path.name}: expected its Colab install cell and its setup cell")


if __name__ == "__main__":
    main(sys.argv[1])
