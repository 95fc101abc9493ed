"""Every notebook is also a talk: its slide metadata, and the static reveal.js export.

Live slides come from jupyterlab-slideshow ("Toggle Deck"), which reads
``metadata.slideshow.slide_type``; the static export is ``nbconvert --to slides``
(``make slides``), for the English notebooks into build/slides/ and for each translation
(translations/<lang>/) into build/slides/<lang>/, Persian's right to left.
tests/test_browser.py checks the live deck in a real browser, tests/test_slides_offline.py the
static decks; these checks need no browser.
"""

import base64
import json
import re
import shlex
import struct
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TRANSLATED = sorted((ROOT / "translations").glob("*/[0-9][0-9]_*.ipynb"))
LANGUAGES = sorted({path.parent.name for path in TRANSLATED})
by_name = pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
every_language = pytest.mark.parametrize(
    "path", NOTEBOOKS + TRANSLATED,
    ids=lambda p: p.stem if p.parent.name == "notebooks" else f"{p.parent.name}/{p.stem}")
by_translation = pytest.mark.parametrize("path", TRANSLATED,
                                         ids=lambda p: f"{p.parent.name}/{p.stem}")

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


TAG = re.compile(r"<[^>]+>")


def shown_lines(text):
    """The lines of a Markdown cell as a reader sees them: HTML tags left out, a line of tags
    alone (a translation's ``<div dir="rtl" lang="fa">``) gone, with the blank lines that only
    set it apart at the start and end."""
    lines = []
    for line in text.splitlines():
        shown = TAG.sub("", line).strip()
        if shown or not line.strip():
            lines.append(shown)
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return lines


def width(text):
    """The width of ``text`` in Latin characters: a Chinese character is as wide as two."""
    return len(text) + sum(unicodedata.east_asian_width(ch) in "WF" for ch in text)


def png_height(data):
    """Height in pixels of a base64 PNG (from its IHDR chunk)."""
    header = base64.b64decode(data[:64])
    return struct.unpack(">I", header[20:24])[0]


def slide_height(cells):
    """Rough height in CSS pixels of a slide in JupyterLab's default theme.

    Markdown lines ~24 px per 110 characters (headings ~45 px, display math ~45 px, blank lines
    ~10 px; HTML tags take no room, a Chinese character that of two Latin ones), code lines
    ~18 px plus ~20 px of padding per code cell, text output lines ~18 px, images at their
    natural size (or the height stored in the output's metadata), a live widget (an explorer:
    sliders, a figure, a few lines) ~400 px. Checked against the deck measured in the browser:
    within about 100 px, mostly above.
    """
    height = 0
    for cell in cells:
        text = source(cell)
        if cell["cell_type"] == "markdown":
            for line in shown_lines(text):
                if not line:
                    height += 10
                elif line.startswith("#") or line.startswith("$$"):
                    height += 45
                else:
                    height += 24 * (1 + width(line) // 110)
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


@every_language
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


# --- the decks of the translations ---------------------------------------------------------------

PERSIAN = re.compile(r"[\u0600-\u06ff]")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
SCRIPT = {"fa": PERSIAN, "zh_CN": CHINESE}
RTL = {"fa"}


def deck_options(prefix):
    """nbconvert's options for an offline deck, as the Makefile's ``deck_options`` gives them to
    ``make slides``, for decks ``prefix`` away from build/slides/."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^deck_options = ((?:.*\\\n)*.*)$", makefile, re.MULTILINE)
    assert match, "the Makefile defines no deck_options"
    return shlex.split(match[1].replace("\\\n", " ").replace("$(1)", prefix))


class Page(HTMLParser):
    """The <html> element's attributes and every address a deck loads (scripts, styles,
    images), as exported."""

    def __init__(self):
        super().__init__()
        self.html = {}
        self.loads = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html = attrs
        elif tag in ("script", "img") and attrs.get("src"):
            self.loads.append(attrs["src"])
        elif tag == "link" and attrs.get("href"):
            self.loads.append(attrs["href"])


def deck_name(path):
    return f"{path.parent.name}/{path.stem}"


@pytest.fixture(scope="module")
def translated_decks(tmp_path_factory):
    """The decks of every translation, exported as ``make slides`` does (into <lang>/, with
    the Makefile's options); {"fa/02_single_relu_neuron": html}."""
    out = tmp_path_factory.mktemp("slides")
    for lang in LANGUAGES:
        notebooks = [str(p) for p in TRANSLATED if p.parent.name == lang]
        run = subprocess.run([sys.executable, "-m", "nbconvert", "--to", "slides", "--output-dir",
                              str(out / lang), *notebooks, *deck_options("../")],
                             cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert run.returncode == 0, run.stderr[-3000:]
    return {f"{p.parent.name}/{p.name.removesuffix('.slides.html')}": p.read_text(encoding="utf-8")
            for p in out.glob("*/*.slides.html")}


def page(html):
    parsed = Page()
    parsed.feed(html)
    return parsed


def test_the_course_is_translated_into_persian_and_chinese():
    assert LANGUAGES == ["fa", "zh_CN"]
    for lang in LANGUAGES:
        assert [p.name for p in TRANSLATED if p.parent.name == lang] == [
            p.name for p in NOTEBOOKS]


def test_make_slides_exports_every_translation_into_its_language_folder():
    from test_commands import makefile_recipe
    recipe = "\n".join(makefile_recipe("slides"))
    assert "for lang in $(TRANSLATED)" in recipe
    assert "--output-dir build/slides/$$lang" in recipe and "translations/$$lang/*.ipynb" in recipe
    assert "$(call deck_options,../)" in recipe


@by_translation
def test_a_translated_deck_is_exported(path, translated_decks):
    html = translated_decks[deck_name(path)]
    assert "Reveal.initialize" in html and 'class="reveal"' in html


@by_translation
def test_a_translated_deck_loads_everything_from_the_shared_vendor_folder(path,
                                                                         translated_decks):
    loads = page(translated_decks[deck_name(path)]).loads
    assert loads, "expected scripts and styles"
    assert [url for url in loads if not url.startswith(("../vendor/", "data:"))] == []


@by_translation
def test_a_translated_deck_says_its_language_and_direction(path, translated_decks):
    lang = path.parent.name
    html = page(translated_decks[deck_name(path)]).html
    assert html.get("lang") == load(path)["metadata"]["language"]
    assert html.get("dir") == ("rtl" if lang in RTL else "ltr")


@by_translation
def test_a_persian_deck_steps_right_to_left_and_a_chinese_one_left_to_right(path,
                                                                           translated_decks):
    html = translated_decks[deck_name(path)]
    initialize = html.split("Reveal.initialize({", 1)[1].split("});", 1)[0]
    assert ("rtl: true" in initialize) == (path.parent.name in RTL)


def test_in_a_persian_deck_code_outputs_and_formulas_stay_left_to_right(translated_decks):
    html = translated_decks["fa/02_single_relu_neuron"]
    style = html.split('html[dir="rtl"] .reveal .jp-CodeCell', 1)[1].split("}", 1)[0]
    for selector in (".jp-OutputArea", "pre", "code", ".MathJax_CHTML", ".MathJax_Display"):
        assert f'html[dir="rtl"] .reveal {selector}' in style
    assert "direction: ltr;" in style


@pytest.mark.parametrize("lang", ["fa", "zh_CN"])
def test_an_explorers_note_is_in_the_decks_language(lang, translated_decks):
    html = translated_decks[f"{lang}/02_single_relu_neuron"]
    notes = re.findall(r'<p class="bpcourse-live-note">(.*?)</p>', html, re.DOTALL)
    assert notes, "notebook 02 shows an explorer"
    for note in notes:
        assert SCRIPT[lang].search(note), note
        assert "JupyterLab" in note and "make lab" in note
        assert '<span class="bpcourse-values" dir="ltr">' in note
