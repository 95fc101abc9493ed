"""The website's copy of the notebooks: readers do not see the setup cells.

``make site`` copies the stored notebooks into build/site-src/ (and each translation's, from
translations/<lang>/, into build/site-src-<lang>/) and runs this on the copies. It tags
``remove-cell`` (myst-nb leaves such a cell out of the page) on the cells a reader has no use
for: the Colab install cell (tagged ``colab-install``) and the setup cell of each notebook, the
one that starts with ``%matplotlib inline`` (the backend, ``%config`` lines and imports). The
notebooks themselves keep them: a student running the notebook needs them.

A translated notebook's Markdown cells are each wrapped in ``<div dir="rtl" lang="fa">`` (or
``<div lang="zh-CN">``) for JupyterLab, which has no page language. On the site the whole page
has the language and direction (``<html lang="fa" dir="rtl">``), and a wrapper would not survive
there: a heading opens a section, so the ``</div>`` of a cell would close a section the ``<div>``
did not open. So the wrapper goes; what is inside it (``<span dir="ltr">`` around inline math and
code, ``<div dir="ltr">`` around a code block) stays.

    python site/reader_cells.py build/site-src
"""

import json
import re
import sys
from pathlib import Path

WRAPPER = re.compile(r'\A<div (?:dir="(?:rtl|ltr)" )?lang="[\w-]+">\n\n(.*)\n\n</div>\Z', re.S)


def is_setup(cell):
    text = "".join(cell.get("source", ""))
    tags = cell.get("metadata", {}).get("tags", [])
    return cell["cell_type"] == "code" and (
        "colab-install" in tags or text.lstrip().startswith("%matplotlib inline"))


def unwrap(source):
    """A translated Markdown cell's text without the ``<div lang=..>`` it is wrapped in."""
    match = WRAPPER.match(source)
    return match[1] if match else source


def hide_setup(path):
    """Tag the setup cells of the notebook at ``path`` ``remove-cell`` and unwrap its translated
    Markdown cells; return how many cells it hid."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    hidden = 0
    for cell in notebook["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = unwrap("".join(cell["source"]))
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
