"""The static decks of ``make slides`` work in a lecture hall with no network.

``make slides`` copies reveal.js, MathJax 2, require.js, jQuery and the theme's fonts (pinned in
slides/package-lock.json) next to the decks in build/slides/vendor/, and exports the notebooks
with slides/template/offline.html.j2. Here the decks are built once, served from 127.0.0.1, and
opened in headless Chromium with every request to any other host aborted: nothing may try to
leave the machine, nothing may log an error, every formula must be typeset, and the deck must
step from slide to slide. The same holds for the decks of the translations, build/slides/<lang>/,
which share build/slides/vendor/; a Persian deck reads right to left, its code, outputs and
formulas left to right.

Needs /usr/bin/chromium and Playwright (as tests/test_browser.py) and node with npm (for
``make slides``); skipped without them.
"""

import contextlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from browser_support import (
    CHROMIUM,
    REVEAL,
    build_lock,
    chromium,
    make_from_notebooks,
    offline_page,
    serve,
)

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
TRANSLATED = sorted((ROOT / "translations").glob("*/[0-9][0-9]_*.ipynb"))
PERSIAN = sorted((ROOT / "translations" / "fa").glob("[0-9][0-9]_*.ipynb"))
SLIDES = ROOT / "build" / "slides"
SCREENSHOTS = ROOT / "build" / "screenshots"
SECOND = 1000  # Playwright counts milliseconds

pytestmark = pytest.mark.slow  # not in `make check`; --dist loadscope keeps a module on one worker

if not CHROMIUM.exists():
    pytest.skip("the offline slide tests need Chromium: apt-get install -y chromium "
                "(as .ci/run does)", allow_module_level=True)
try:
    import playwright.sync_api  # noqa: F401  (the tests need it)
except ImportError:
    pytest.skip("the offline slide tests need Playwright: pip install -r requirements.txt",
                allow_module_level=True)


def deck(path):
    """The deck of a notebook, under build/slides/: ``02_x`` or, translated, ``fa/02_x``."""
    return path.stem if path.parent.name == "notebooks" else f"{path.parent.name}/{path.stem}"


by_name = pytest.mark.parametrize("path", NOTEBOOKS + TRANSLATED, ids=deck)


# For each markdown cell of the deck: how many formulas MathJax typeset in it, and any text a
# reader would see that still looks like TeX (delimiters or commands outside typeset math).
MATH = r"""() => {
    const outside = 'script, style, code, pre, .MathJax_CHTML, .MJX_Assistive_MathML';
    const raw = /\$|\\[()\[\]]|\\[A-Za-z]+/;
    return [...document.querySelectorAll('.jp-MarkdownCell')].map(cell => {
        const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
        const left = [];
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            if (!node.parentElement.closest(outside) && raw.test(node.textContent)) {
                left.push(node.textContent.trim().slice(0, 80));
            }
        }
        return {
            id: cell.id.replace(/^cell-id=/, ''),
            typeset: cell.querySelectorAll('.MathJax_CHTML, mjx-container').length,
            untypeset: [...cell.querySelectorAll('script[type^="math/tex"]')]
                .filter(s => !document.getElementById(s.id + '-Frame')).length,
            errors: [...cell.querySelectorAll(
                '.mjx-noError, .mjx-merror, .MathJax_Error, [data-mathml*="<merror"]')]
                .map(e => e.textContent.slice(0, 80)),
            raw: left,
        };
    });
}"""

# Which way the deck reads: the page, reveal.js, the prose, and what stays left to right.
DIRECTIONS = """() => {
    const direction = selector => [...new Set([...document.querySelectorAll(selector)]
        .map(e => getComputedStyle(e).direction))];
    return {
        page: document.documentElement.dir,
        reveal_rtl: document.querySelector('.reveal').classList.contains('rtl'),
        prose: direction('.jp-MarkdownCell .jp-RenderedMarkdown p'),
        code: direction('.jp-CodeCell .jp-InputArea, .jp-OutputArea pre'),
        formulas: direction('.MathJax_CHTML'),
    };
}"""

EXPLORERS = """() => ({
    shown: [...document.querySelectorAll('.bpcourse-static-explorer')].map(e => ({
        note: e.querySelector('.bpcourse-live-note')?.textContent.replace(/\\s+/g, ' ') ?? '',
        figures: [...e.querySelectorAll('img')].filter(i => i.naturalWidth > 0).length,
    })),
    reprs: (document.body.textContent.match(/\\b[A-Z][A-Za-z]+\\(children=/g) || []).length,
})"""


# --- building and serving the decks -----------------------------------------------------------

@pytest.fixture(scope="module")
def decks():
    """``make slides`` (the course's own target), once for the module: {deck: notebook as built}.

    The build lock is held for the whole module: `make site` would remake build/slides/."""
    with build_lock():
        yield make_from_notebooks("slides", NOTEBOOKS + TRANSLATED, lock=False, key=deck)


@by_name
def test_make_slides_writes_a_deck_for_every_notebook_in_every_language(decks, path):
    assert (SLIDES / f"{deck(path)}.slides.html").is_file()


@pytest.fixture(scope="module")
def server(decks):
    """build/slides/ over HTTP on a free 127.0.0.1 port; its base URL."""
    with serve(SLIDES) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


# --- one visit per deck, shared by the tests ----------------------------------------------------

@dataclass
class Visit:
    """What happened while a deck was opened, typeset and stepped through to its end."""

    off_machine: list = field(default_factory=list)  # requests to any host but 127.0.0.1
    console_errors: list = field(default_factory=list)
    problem: str = ""  # the deck never got ready (reveal.js or MathJax did not start)
    cells: list = field(default_factory=list)  # MATH, per markdown cell
    explorers: dict = field(default_factory=dict)
    layout: dict = field(default_factory=dict)  # DIRECTIONS: which way the deck reads
    total_slides: int = 0
    keyboard: tuple = ()  # the (h, v, fragment) before and after pressing the key for "next"
    walked: list = field(default_factory=list)  # (h, v) of every step of Reveal.next()


def open_deck(browser, url, name):
    visit = Visit()
    context, page = offline_page(browser, visit, 60 * SECOND)
    try:
        page.goto(f"{url}/{name}.slides.html", wait_until="load")
        page.wait_for_function(f"({REVEAL})?.isReady()", timeout=30 * SECOND)
        page.wait_for_function("window.MathJax?.isReady === true", timeout=30 * SECOND)
        page.evaluate("() => new Promise(done => MathJax.Hub.Queue(done))")  # typesetting over
        page.evaluate("() => document.fonts.ready.then(() => true)")
        visit.cells = page.evaluate(MATH)
        visit.explorers = page.evaluate(EXPLORERS)
        visit.layout = page.evaluate(DIRECTIONS)
        visit.total_slides = page.evaluate(f"({REVEAL}).getTotalSlides()")

        where = f"(({{h, v, f}}) => [h, v, f ?? -1])(({REVEAL}).getIndices())"
        before = tuple(page.evaluate(where))
        # "next" is the Right key, the Left key in a deck that reads right to left
        page.keyboard.press("ArrowLeft" if visit.layout["reveal_rtl"] else "ArrowRight")
        page.wait_for_timeout(300)
        visit.keyboard = (before, tuple(page.evaluate(where)))

        page.evaluate(f"({REVEAL}).slide(0, 0)")
        step = f"(() => {{ const R = {REVEAL}; const i = R.getIndices(); R.next();" \
               " const j = R.getIndices(); return [[i.h, i.v], i.h === j.h && i.v === j.v" \
               " && i.f === j.f]; })()"
        for _ in range(1000):
            (h, v), stuck = page.evaluate(step)
            visit.walked.append((h, v))
            if stuck:
                break
        page.wait_for_timeout(500)  # MathJax re-renders the slide it lands on
    except Exception as error:  # the tests report what went wrong
        visit.problem = f"{type(error).__name__}: {error}"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(Exception):
            page.screenshot(path=str(SCREENSHOTS / f"offline-failed-{name.replace('/', '-')}.png"))
    finally:
        context.close()
    return visit


@pytest.fixture(scope="module")
def visits(browser, server):
    """{deck: Visit}, each deck opened once, on first use."""
    cache = {}

    def visit(path):
        if deck(path) not in cache:
            cache[deck(path)] = open_deck(browser, server, deck(path))
        return cache[deck(path)]
    return visit


def ready(visit):
    assert not visit.problem, f"the deck did not start: {visit.problem}"
    return visit


# --- what the notebooks say the decks should show ----------------------------------------------

def shown_cells(notebook):
    return [c for c in notebook["cells"]
            if c.get("metadata", {}).get("slideshow", {}).get("slide_type") != "skip"]


def has_math(cell):
    text = re.sub(r"`[^`]*`", "", "".join(cell["source"]))  # code spans are not math
    return bool(re.search(r"\$|\\\(|\\\[", text))


def widget_outputs(notebook):
    return sum("application/vnd.jupyter.widget-view+json" in out.get("data", {})
               for cell in shown_cells(notebook) if cell["cell_type"] == "code"
               for out in cell.get("outputs", []))


# --- the tests ----------------------------------------------------------------------------------

@by_name
def test_deck_sends_no_request_off_the_machine(visits, path):
    visit = visits(path)
    assert visit.off_machine == [], "the deck tried to reach other hosts"


@by_name
def test_deck_logs_no_console_errors(visits, path):
    visit = visits(path)
    assert visit.console_errors == []


@by_name
def test_every_formula_is_typeset_and_no_raw_tex_is_left(decks, visits, path):
    cells = {cell["id"]: cell for cell in ready(visits(path)).cells}
    with_math = [c["id"] for c in shown_cells(decks[deck(path)]) if c["cell_type"] == "markdown"
                 and has_math(c)]
    assert with_math, "expected formulas in every notebook of the course"
    missing = [i for i in with_math if i not in cells]
    assert not missing, f"markdown cells with math not in the deck: {missing}"
    assert [i for i in with_math if cells[i]["typeset"] == 0] == [], "math not typeset"
    assert {i: c["untypeset"] for i, c in cells.items() if c["untypeset"]} == {}, (
        "formulas MathJax found but did not typeset")
    assert {i: c["errors"] for i, c in cells.items() if c["errors"]} == {}, "TeX errors"
    assert {i: c["raw"] for i, c in cells.items() if c["raw"]} == {}, "raw TeX on the slides"


@by_name
def test_deck_advances_slide_by_slide(visits, path):
    visit = ready(visits(path))
    before, after = visit.keyboard
    assert before != after, f"the key for next did not move on from (h, v, fragment) {before}"
    slides = list(dict.fromkeys(visit.walked))
    assert len(slides) >= 3, f"only {len(slides)} distinct slides: {slides}"
    assert slides == sorted(slides), "Reveal.next() went backwards"
    assert len(slides) == visit.total_slides, (
        f"stepping through reached {len(slides)} of {visit.total_slides} slides")


@by_name
def test_explorers_show_their_saved_figure_and_where_to_run_them_live(decks, visits, path):
    explorers = ready(visits(path)).explorers
    assert len(explorers["shown"]) == widget_outputs(decks[deck(path)])
    for explorer in explorers["shown"]:
        assert "JupyterLab" in explorer["note"] and "make lab" in explorer["note"], explorer
        assert explorer["figures"] >= 1, f"no figure shown: {explorer['note']}"
    assert explorers["reprs"] == 0, "a widget shows as its Python repr (VBox(children=...))"


@pytest.mark.parametrize("path", PERSIAN, ids=deck)
def test_a_persian_deck_reads_right_to_left_its_code_and_formulas_left_to_right(visits, path):
    layout = ready(visits(path)).layout
    assert layout["page"] == "rtl" and layout["reveal_rtl"], "the deck is not right to left"
    assert layout["prose"] == ["rtl"]
    assert layout["code"] == ["ltr"]
    assert layout["formulas"] == ["ltr"]


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS + TRANSLATED if p not in PERSIAN], ids=deck)
def test_an_english_or_chinese_deck_reads_left_to_right(visits, path):
    layout = ready(visits(path)).layout
    assert layout["page"] == "ltr" and not layout["reveal_rtl"]
