"""The translated notebooks in a real browser (issue 26): JupyterLab in headless Chromium renders
the Persian Markdown right to left, with formulas and code left to right inside it, and the
Chinese in a Chinese font, not as boxes.

JupyterLab has no right-to-left mode of its own: each Markdown cell of translations/fa/ is wrapped
in ``<div dir="rtl" lang="fa">`` and its inline mathematics and code in ``<span dir="ltr">``
(tools/translations.py). This checks that the sanitizer keeps those attributes and the browser
lays the text out as meant. Chromium draws Chinese in a font of the machine, so the Chinese test
needs one (``apt-get install -y fonts-noto-cjk``, as .ci/run does) and is skipped without it.
Screenshots go to ``build/screenshots/translations-{fa,zh_CN}-*.png``.

Needs /usr/bin/chromium (``apt-get install -y chromium``, as .ci/run does); skipped without it.
"""

import contextlib
import json
import re
import subprocess
from pathlib import Path

import pytest
from browser_support import (
    CELLS,
    CHROMIUM,
    SECOND,
    chromium_window,
    jupyter_lab,
    open_notebook,
)

ROOT = Path(__file__).resolve().parent.parent
PERSIAN = ROOT / "translations" / "fa" / "00_welcome.ipynb"
CHINESE = ROOT / "translations" / "zh_CN" / "00_welcome.ipynb"
SCREENSHOTS = ROOT / "build" / "screenshots"

pytestmark = pytest.mark.slow

if not CHROMIUM.exists():
    pytest.skip("browser tests need Chromium: apt-get install -y chromium (as .ci/run does)",
                allow_module_level=True)
try:
    import playwright.sync_api  # noqa: F401  (the tests need it)
except ImportError:
    pytest.skip("browser tests need Playwright: pip install -r requirements.txt",
                allow_module_level=True)

MARKDOWN = f"{CELLS}.jp-MarkdownCell .jp-RenderedMarkdown"
# For every rendered Markdown cell: its wrapper's direction and language.
LAYOUT = """(selector) => [...document.querySelectorAll(selector)].map(cell => {
    const div = cell.querySelector(':scope > div[dir]');
    return {
        dir: div ? div.getAttribute('dir') : null,
        lang: div ? div.getAttribute('lang') : null,
        direction: div ? getComputedStyle(div).direction : null,
    };
})"""
# For every heading: how far its text is from the right and the left edge of its cell.
HEADINGS = """(selector) => [...document.querySelectorAll(selector)].flatMap(cell =>
    [...cell.querySelectorAll('h1, h2, h3')].map(heading => {
        const range = document.createRange();
        range.selectNodeContents(heading);
        const text = range.getBoundingClientRect(), box = cell.getBoundingClientRect();
        return {text: heading.textContent, right: box.right - text.right,
                left: text.left - box.left};
    }))"""
# every inline formula and piece of code: the direction it is laid out in
INLINE = """(selector) => [...document.querySelectorAll(
        selector + ' mjx-container:not([display="true"]), ' + selector + ' code')]
    .map(node => getComputedStyle(node.closest('span[dir]') || node).direction)"""
# every inline formula whose symbols are not laid out left to right on the screen (``1 \times 2``
# shown as 2 × 1)
REVERSED = """(selector) => [...document.querySelectorAll(
        selector + ' mjx-container:not([display="true"]) mjx-math')]
    .filter(math => {
        const lefts = [...math.children].map(c => c.getBoundingClientRect().left);
        return lefts.some((left, i) => i > 0 && left < lefts[i - 1]);
    })
    .map(math => math.parentElement.querySelector('mjx-assistive-mml')?.textContent)"""

# every Persian paragraph: how far the end of its last line is from the paragraph's right edge
LAST_LINES = """(selector) => [...document.querySelectorAll(selector + ' p')]
    .filter(p => /[\u0600-\u06ff]/.test(p.textContent))
    .map(p => {
        const range = document.createRange();
        range.selectNodeContents(p);
        const lines = [...range.getClientRects()].filter(r => r.width > 0);
        const last = lines.reduce((a, b) => (b.bottom > a.bottom + 2 ? b : a));
        const onLast = lines.filter(r => Math.abs(r.bottom - last.bottom) < 2);
        return {text: p.textContent.slice(0, 40),
                gap: p.getBoundingClientRect().right - Math.max(...onLast.map(r => r.right))};
    })"""

# Chinese characters and full-width punctuation (CJK symbols, ideographs, full-width forms)
HAN = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    """Chromium, to open the notebooks in."""
    with chromium_window(tmp_path_factory.mktemp("chromium-profile")) as context:
        yield context


def opened(browser, notebook, home):
    """``notebook`` open in JupyterLab (its own, in ``home``: both languages' 00 are named
    00_welcome.ipynb) in a new tab, every cell rendered, MathJax done: yields (tab, its cells)."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    with contextlib.ExitStack() as stack:  # closed in reverse: the tab, the kernels, the lab
        try:
            lab = stack.enter_context(jupyter_lab(home, [notebook]))
        except RuntimeError as error:
            pytest.fail(str(error))
        stack.callback(lab.shut_down_kernels)
        tab = browser.new_page()
        stack.callback(tab.close)
        open_notebook(tab, lab, notebook, len(cells))
        tab.wait_for_function(
            f"document.querySelectorAll('{MARKDOWN} mjx-container').length > 20",
            timeout=120 * SECOND)
        yield tab, cells


@pytest.fixture(scope="module")
def page(browser, tmp_path_factory):
    """The Persian 00 open in JupyterLab in Chromium."""
    yield from opened(browser, PERSIAN, tmp_path_factory.mktemp("lab-fa"))


def chinese_fonts():
    """The families fontconfig has for Chinese (``fc-list :lang=zh``), which Chromium draws
    Chinese in; none without a CJK font (or without fontconfig)."""
    try:
        listed = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True,
                                text=True, timeout=60).stdout
    except OSError:
        return set()
    return {name.strip() for line in listed.splitlines() for name in line.split(",")
            if name.strip()}


@pytest.fixture(scope="module")
def chinese_page(browser, tmp_path_factory):
    """The Chinese 00 open in JupyterLab in Chromium."""
    if not chinese_fonts():
        pytest.skip("no Chinese font on this machine (fc-list :lang=zh lists none): "
                    "apt-get install -y fonts-noto-cjk (as .ci/run does)")
    yield from opened(browser, CHINESE, tmp_path_factory.mktemp("lab-zh_CN"))


def platform_fonts(tab, selector):
    """For each element matching ``selector``: the fonts Chromium drew its text in, as
    ``{family: glyphs drawn}`` (DevTools' CSS.getPlatformFontsForNode)."""
    devtools = tab.context.new_cdp_session(tab)
    try:
        devtools.send("DOM.enable")
        devtools.send("CSS.enable")
        document = devtools.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
        nodes = devtools.send("DOM.querySelectorAll",
                              {"nodeId": document, "selector": selector})["nodeIds"]
        return [{font["familyName"]: font["glyphCount"] for font in
                 devtools.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]}
                for node in nodes]
    finally:
        devtools.detach()


def screenshot(tab, name, cell):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = tab.locator(CELLS).nth(cell)
    target.scroll_into_view_if_needed()
    path = SCREENSHOTS / f"translations-{name}.png"
    tab.screenshot(path=str(path))
    return path


def test_persian_markdown_cells_render_right_to_left_in_jupyterlab(page):
    tab, cells = page
    layout = tab.evaluate(LAYOUT, MARKDOWN)
    assert len(layout) == sum(c["cell_type"] == "markdown" for c in cells)
    assert all(cell["dir"] == "rtl" and cell["lang"] == "fa" for cell in layout), \
        "JupyterLab's sanitizer dropped dir or lang"
    assert all(cell["direction"] == "rtl" for cell in layout)
    headings = tab.evaluate(HEADINGS, MARKDOWN)
    assert len(headings) == sum(len(re.findall(r"^#{1,3} ", "".join(c["source"]), re.MULTILINE))
                                for c in cells if c["cell_type"] == "markdown")
    for heading in headings:  # each starts at the right edge, with room on the left
        assert heading["right"] < 40 <= heading["left"], heading
    assert screenshot(tab, "fa-welcome", 0).stat().st_size > 10_000


def test_every_persian_paragraph_ends_its_last_line_at_the_right_edge(page):
    """JupyterLab aligns paragraphs left; a right-to-left one must still end at the right."""
    tab, _ = page
    paragraphs = tab.evaluate(LAST_LINES, MARKDOWN)
    assert len(paragraphs) > 15
    assert [p for p in paragraphs if p["gap"] > 2] == []


def test_formulas_and_code_stay_left_to_right_inside_persian_prose(page):
    tab, cells = page
    directions = tab.evaluate(INLINE, MARKDOWN)
    assert len(directions) > 50  # 00's inline formulas and code, typeset
    assert set(directions) == {"ltr"}
    assert tab.evaluate(REVERSED, MARKDOWN) == []
    fenced = tab.evaluate(f"[...document.querySelectorAll('{MARKDOWN} pre')]"
                          ".map(pre => getComputedStyle(pre).direction)")
    assert fenced == ["ltr"]
    notation = next(i for i, c in enumerate(cells) if c.get("id") == "cell-17")
    assert screenshot(tab, "fa-notation", notation).stat().st_size > 10_000


def test_a_link_to_a_heading_leads_to_the_translated_heading(page):
    """00's "below" link keeps its English fragment (#Notation); the Persian heading carries
    that anchor, since JupyterLab does not follow a fragment that is not ASCII."""
    tab, cells = page
    notation = f"{MARKDOWN} h2:has(a[data-jupyter-id='Notation'])"
    assert tab.locator(notation).inner_text().startswith("نمادگذاری")
    tab.locator(f"{MARKDOWN} a[href='#Notation']").first.click()
    tab.wait_for_function(f"Math.abs(document.querySelector(\"{notation}\")"
                          ".getBoundingClientRect().top) < 200")


def test_chinese_headings_are_drawn_in_a_chinese_font_in_jupyterlab(chinese_page):
    """Every Chinese character of every heading is drawn in a font the machine has for Chinese,
    none as a missing-glyph box of another font."""
    tab, cells = chinese_page
    headings = tab.evaluate(HEADINGS, MARKDOWN)
    assert len(headings) == sum(len(re.findall(r"^#{1,3} ", "".join(c["source"]), re.MULTILINE))
                                for c in cells if c["cell_type"] == "markdown")
    fonts = platform_fonts(tab, ", ".join(f"{MARKDOWN} {h}" for h in ("h1", "h2", "h3")))
    assert len(fonts) == len(headings)
    chinese = chinese_fonts()
    for heading, drawn in zip(headings, fonts, strict=True):
        characters = len(HAN.findall(heading["text"]))
        assert characters > 0, heading["text"]
        # a character no font has is drawn as a box of the first font: not a Chinese one
        # (a Chinese font may draw the heading's other marks too, such as its ¶)
        in_chinese_fonts = sum(glyphs for family, glyphs in drawn.items() if family in chinese)
        assert in_chinese_fonts >= characters, (heading["text"], drawn)
    assert screenshot(tab, "zh_CN-welcome", 0).stat().st_size > 10_000
