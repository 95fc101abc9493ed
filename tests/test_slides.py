"""Every notebook is also a talk: its slide metadata, and the static reveal.js export.

Live slides come from jupyterlab-slideshow ("Toggle Deck"), which reads
``metadata.slideshow.slide_type``; the static export is ``nbconvert --to slides``
(``make slides``). tests/test_browser.py checks the live deck in a real browser; these checks
need no browser.
"""

import base64
import json
import struct
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
by_name = pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)

# The slide types jupyterlab-slideshow 0.3 presents. It never shows a cell marked "-"
# (nbconvert's "continue the slide"): such a cell must be a "fragment" to appear in the deck.
SHOWN = {"slide", "subslide", "fragment", "skip", "notes"}

# Budget for the static estimate of a slide's height, in CSS pixels: a 720-pixel screen.
# The estimate is rough (see slide_height); the browser test measures the real deck.
SCREEN_HEIGHT = 720


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def slide_type(cell):
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type")


def source(cell):
    return "".join(cell["source"])


def is_setup(cell):
    """A code cell that only imports and configures (imports, magics, comments); a cell of
    comments alone is a space for the student's own code, not setup."""
    lines = [line.strip() for line in source(cell).splitlines() if line.strip()]
    return cell["cell_type"] == "code" and any(
        line.startswith(("import ", "from ", "%")) for line in lines) and all(
        line.startswith(("import ", "from ", "%", "#")) for line in lines)


def slides(nb):
    """The cells of each slide (or subslide) as the deck shows them: skip and notes left out."""
    groups = []
    for cell in nb["cells"]:
        kind = slide_type(cell)
        if kind in ("skip", "notes"):
            continue
        if kind in ("slide", "subslide") or not groups:
            groups.append([])
        groups[-1].append(cell)
    return groups


def png_height(data):
    """Height in pixels of a base64 PNG (from its IHDR chunk)."""
    header = base64.b64decode(data[:64])
    return struct.unpack(">I", header[20:24])[0]


def slide_height(cells):
    """Rough height in CSS pixels of a slide in JupyterLab's default theme.

    Markdown lines ~24 px (headings ~45 px, display math ~45 px, blank lines ~10 px), code
    lines ~18 px plus ~20 px of padding per code cell, text output lines ~18 px, images at
    their natural size (or the height stored in the output's metadata), a live widget (an
    explorer: sliders, a figure, a few lines) ~400 px. Checked against the deck measured in
    the browser: within about 100 px, mostly above.
    """
    height = 0
    for cell in cells:
        text = source(cell)
        if cell["cell_type"] == "markdown":
            for line in text.splitlines():
                stripped = line.strip()
                if not stripped:
                    height += 10
                elif stripped.startswith("#") or stripped.startswith("$$"):
                    height += 45
                else:
                    height += 24 * (1 + len(stripped) // 110)
            continue
        height += 20 + 18 * len(text.splitlines())
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                height += 18 * len("".join(out["text"]).splitlines())
                continue
            data = out.get("data", {})
            if "application/vnd.jupyter.widget-view+json" in data:
                height += 400
            elif "image/png" in data:
                shown = out.get("metadata", {}).get("image/png", {}).get("height")
                height += shown or png_height(data["image/png"])
            elif "text/html" in data:
                height += 24 * "".join(data["text/html"]).count("<tr")
            elif "text/plain" in data:
                height += 18 * len("".join(data["text/plain"]).splitlines())
    return height


class Sections(HTMLParser):
    """Counts reveal.js sections by depth, fragments and speaker notes in exported HTML."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.by_depth = {}
        self.fragments = 0
        self.notes = 0

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag == "section":
            self.depth += 1
            self.by_depth[self.depth] = self.by_depth.get(self.depth, 0) + 1
        elif "fragment" in classes:
            self.fragments += 1
        elif tag == "aside" and "notes" in classes:
            self.notes += 1

    def handle_endtag(self, tag):
        if tag == "section":
            self.depth -= 1


# --- the metadata ------------------------------------------------------------------------------

@by_name
def test_every_cell_has_a_slide_type_the_deck_shows(path):
    for number, cell in enumerate(load(path)["cells"], 1):
        assert slide_type(cell) in SHOWN, (
            f"cell {number} has slide_type {slide_type(cell)!r}; expected one of {sorted(SHOWN)}"
            f" ('-' is never shown by jupyterlab-slideshow: use 'fragment'): {source(cell)[:60]}")


@by_name
def test_notebook_opens_with_its_title_slide(path):
    first = load(path)["cells"][0]
    assert first["cell_type"] == "markdown" and source(first).startswith("# ")
    assert slide_type(first) == "slide"


@by_name
def test_setup_cells_are_skipped(path):
    cells = load(path)["cells"]
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code and slide_type(code[0]) == "skip", f"setup cell not skipped: {source(code[0])[:60]}"
    for cell in code:
        if is_setup(cell):
            assert slide_type(cell) == "skip", f"import cell shown on a slide: {source(cell)[:60]}"


@by_name
def test_no_slide_is_estimated_taller_than_a_screen(path):
    for number, cells in enumerate(slides(load(path)), 1):
        height = slide_height(cells)
        title = source(cells[0]).strip().splitlines()[0][:60] if source(cells[0]).strip() else ""
        assert height <= SCREEN_HEIGHT, (
            f"slide {number} ({title!r}) is about {height} px tall, over {SCREEN_HEIGHT}:"
            " split it with a new slide or subslide")


# --- the static export ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """``nbconvert --to slides`` of every notebook, as ``make slides`` does; {stem: html}."""
    if not NOTEBOOKS:
        return {}
    out = tmp_path_factory.mktemp("slides")
    run = subprocess.run([sys.executable, "-m", "nbconvert", "--to", "slides", "--output-dir",
                          str(out), *(str(p) for p in NOTEBOOKS)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    return {p.name.removesuffix(".slides.html"): p.read_text(encoding="utf-8")
            for p in out.glob("*.slides.html")}


@by_name
def test_slides_export_to_reveal_js_html(path, exported):
    html = exported[path.stem]
    assert "Reveal.initialize" in html
    assert 'class="reveal"' in html


@by_name
def test_exported_slides_follow_the_metadata(path, exported):
    kinds = [slide_type(c) for c in load(path)["cells"]]
    parsed = Sections()
    parsed.feed(exported[path.stem])
    # one <section> per slide, with one nested <section> per slide or subslide
    assert parsed.by_depth.get(1) == kinds.count("slide")
    assert parsed.by_depth.get(2) == kinds.count("slide") + kinds.count("subslide")
    assert parsed.fragments == kinds.count("fragment")
    assert parsed.notes == kinds.count("notes")


@by_name
def test_skipped_cells_stay_out_of_the_slides(path, exported):
    html = exported[path.stem]
    cells = load(path)["cells"]
    for kind in ("code", "markdown"):
        shown = [c for c in cells if c["cell_type"] == kind and slide_type(c) != "skip"]
        css = f'class="jp-Cell jp-{kind.capitalize()}Cell'
        assert html.count(css) == len(shown), f"{kind} cells in the slides"


@pytest.mark.parametrize("image", ["docs/lab.png", "docs/slide.png"])
def test_readme_shows_the_course_in_jupyterlab_and_as_a_slide(image):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"]({image})" in readme
    assert (ROOT / image).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
