"""The course in a real browser: JupyterLab, live widgets, and the live slideshow.

Headless Chromium (the system's, driven by Playwright) against a ``jupyter lab`` started here
on a free loopback port, serving a copy of the notebooks (the tests never write into
``notebooks/``). For every notebook: Run All Cells, no traceback, every widget rendered, every
explorer redraws when its slider moves, and every slide of its deck fits a 1280×720 screen.
Screenshots go to ``build/screenshots/``.

Needs /usr/bin/chromium (``apt-get install -y chromium``, as .ci/run does); skipped without it.
"""

import json
import shutil
import sys
from pathlib import Path

import pytest
from browser_support import (
    CELLS,
    CHROMIUM,
    NOTEBOOK,
    SCREEN,
    SECOND,
    chromium_window,
    explorer_cells,
    jupyter_lab,
    open_notebook,
    run_all,
    stop_deck,
)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from explorer_latency import measure_explorer  # noqa: E402  (the benchmark of issue 25)

NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SCREENSHOTS = ROOT / "build" / "screenshots"
# the notebooks whose first explorer gives build/screenshots/lab.png and slide.png (the README's)
LAB_SHOWCASE = "02_single_relu_neuron"
SLIDE_SHOWCASE = "01_chain_rule"

pytestmark = pytest.mark.slow  # not in `make check`; --dist loadscope keeps a module on one worker

if not CHROMIUM.exists():
    pytest.skip("browser tests need Chromium: apt-get install -y chromium (as .ci/run does)",
                allow_module_level=True)
try:
    import playwright.sync_api  # noqa: F401  (the tests need it)
except ImportError:
    pytest.skip("browser tests need Playwright: pip install -r requirements.txt",
                allow_module_level=True)

by_name = pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """``jupyter lab`` on a free loopback port with a random token, serving a copy of notebooks/."""
    try:
        with jupyter_lab(tmp_path_factory.mktemp("lab"), NOTEBOOKS) as running:
            yield running
    except RuntimeError as error:
        pytest.fail(str(error))


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Headless system Chromium with a fresh profile and a 1280×720 window."""
    with chromium_window(tmp_path_factory.mktemp("chromium-profile")) as context:
        yield context


@pytest.fixture
def page(browser, lab, request):
    """A fresh tab; afterwards (with a screenshot if the test failed) it closes, kernels stop."""
    tab = browser.new_page()
    failures = request.session.testsfailed
    yield tab
    if request.session.testsfailed > failures:
        screenshot(tab, f"failed-{request.node.callspec.id}")
    tab.close()
    lab.shut_down_kernels()


# --- driving JupyterLab -------------------------------------------------------------------------

def screenshot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
    return SCREENSHOTS / f"{name}.png"


def explorer_state(explorer):
    """What an explorer shows: the text and image data of its picture."""
    return explorer.locator(".bpcourse-picture").evaluate(
        "e => e.innerText + [...e.querySelectorAll('img')].map(i => i.src).join('|')")


def nudge_slider(page, explorer):
    """Move the explorer's first slider one step with the keyboard; wait until it redraws."""
    before = explorer_state(explorer)
    handle = explorer.locator(".widget-slider .noUi-handle").first
    at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
    handle.focus()
    page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
    page.wait_for_function(
        "([e, before]) => e.innerText + [...e.querySelectorAll('img')].map(i => i.src).join('|')"
        " !== before",
        arg=[explorer.locator(".bpcourse-picture").element_handle(), before], timeout=60 * SECOND)
    return before, explorer_state(explorer)


def deck_button(page, direction):
    return page.locator(f".jp-Deck-Remote .jp-deck-mod-direction-{direction}")


def deck_steps(page, limit=400):
    """Start the deck on the first cell and walk it step by step (fragments, subslides, slides).

    Yields the number of each step once its cells are on screen.
    """
    page.locator(CELLS).first.click()
    page.click(f"{NOTEBOOK} .jp-Toolbar-item[data-jp-item-name='deck'] button")
    page.wait_for_selector(f"{NOTEBOOK}.jp-Deck .jp-deck-mod-onscreen")
    for step in range(limit):
        page.wait_for_timeout(150)  # the fade-in of a fragment
        yield step
        for direction in ("down", "forward"):
            button = deck_button(page, direction)
            if "jp-mod-disabled" not in (button.get_attribute("class") or ""):
                active = page.locator(f"{CELLS}.jp-mod-active").first.element_handle()
                button.click()
                page.wait_for_function("cell => !cell.classList.contains('jp-mod-active')",
                                       arg=active)
                break
        else:
            return
    pytest.fail(f"the deck has more than {limit} steps")


ON_SCREEN = f"{CELLS}.jp-deck-mod-onscreen"
MEASURE = """cells => {
    const boxes = cells.map(c => c.getBoundingClientRect());
    return {
        height: Math.max(...boxes.map(b => b.bottom)) - Math.min(...boxes.map(b => b.top)),
        right: Math.max(...boxes.map(b => b.right)),
        title: cells[0].innerText.trim().split('\\n')[0].slice(0, 60),
    };
}"""


# --- the tests ----------------------------------------------------------------------------------

def cells_of(path):
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def widget_cells(cells):
    return [i for i, c in enumerate(cells) if c["cell_type"] == "code" and any(
        "application/vnd.jupyter.widget-view+json" in out.get("data", {})
        for out in c.get("outputs", []))]


@by_name
def test_notebook_runs_in_jupyterlab_with_live_widgets_and_slides(page, lab, path):
    cells = cells_of(lab.root / path.name)  # the copy being served
    open_notebook(page, lab, path, len(cells))
    page.click(".jp-SideBar.jp-mod-left .lm-TabBar-tab.lm-mod-current")  # fold the file browser
    run_all(page, cells)
    dom = page.locator(CELLS)

    # no traceback, no error output
    errors = page.locator(f"{CELLS} .jp-OutputArea-output"
                          "[data-mime-type='application/vnd.jupyter.stderr']")
    texts = [errors.nth(i).inner_text() for i in range(errors.count())]
    assert not [t for t in texts if "Traceback" in t or "Error" in t], texts

    # every widget rendered
    for index in sorted(set(widget_cells(cells) + explorer_cells(cells))):
        dom.nth(index).locator(".jupyter-widgets").first.wait_for(state="visible")
    page.wait_for_function(
        "!/Loading widget|Error displaying widget/.test("
        f"[...document.querySelectorAll('{CELLS} .jp-OutputArea')].map(e => e.innerText)"
        ".join())", timeout=60 * SECOND)

    # every explorer redraws when a slider moves
    for index in explorer_cells(cells):
        explorer = dom.nth(index).locator(".jp-OutputArea-output .widget-vbox").first
        assert explorer.locator(".widget-slider").count() > 0, f"no slider in cell {index + 1}"
        explorer.scroll_into_view_if_needed()
        before, after = nudge_slider(page, explorer)
        assert before != after
        # the key press of the latency benchmark (benchmarks/explorer_latency.py) sees a new
        # picture on screen
        (press,) = measure_explorer(page, explorer, 1)
        assert press["key"] < press["dom"] <= press["decoded"] <= press["frame"], press
        if path.stem == LAB_SHOWCASE:
            # the explorer with the heading above it
            dom.nth(max(index - 1, 0)).evaluate("c => c.scrollIntoView({block: 'start'})")
            shutil.copy(screenshot(page, f"{path.stem}-lab"), SCREENSHOTS / "lab.png")
    screenshot(page, f"{path.stem}-lab-end")

    # the live slideshow: every step fits the screen, explorers live on their slides
    explorers = set(explorer_cells(cells))
    shown, too_big = set(), {}
    for step in deck_steps(page):
        box = page.locator(ON_SCREEN).evaluate_all(MEASURE)
        if box["height"] > SCREEN["height"] or box["right"] > SCREEN["width"]:
            too_big[box["title"]] = f"{box['height']:.0f} px tall, {box['right']:.0f} px wide"
            screenshot(page, f"{path.stem}-too-big-{list(too_big).index(box['title']) + 1}")
        visible = set(dom.evaluate_all(
            "cells => cells.flatMap((c, i) =>"
            " c.classList.contains('jp-deck-mod-visible') ? [i] : [])"))
        for index in (explorers & visible) - shown:
            shown.add(index)
            explorer = dom.nth(index).locator(".jp-OutputArea-output .widget-vbox").first
            assert explorer.is_visible(), f"explorer of cell {index + 1} not on its slide"
            before, after = nudge_slider(page, explorer)
            assert before != after
            name = screenshot(page, f"{path.stem}-slide-{step:03d}")
            if path.stem == SLIDE_SHOWCASE and len(shown) == 1:
                shutil.copy(name, SCREENSHOTS / "slide.png")
    stop_deck(page)
    assert shown == explorers, "some explorers never showed in the deck"
    assert not too_big, f"slides larger than {SCREEN['width']}×{SCREEN['height']}: {too_big}"
