"""The course website (`make site`) in a real browser, with no network, in its three languages.

``make site`` runs once for the module; build/site/ is served on a free 127.0.0.1 port and every
page, English (build/site/), Persian (fa/) and Chinese (zh_CN/), is opened in Debian's Chromium
with requests to any other host blocked. For every page: no request leaves the machine, no
console error, every image loads, every formula is typeset (no raw ``$…$`` or ``\\(…\\)``
left), and axe-core (pinned in site/package-lock.json) finds no serious or critical violation and
no skipped heading level. Then, from the built files: every notebook has its page, the
previous/next chain runs through them in order, each page links Colab, Binder and its deck, each
figure keeps its alt text, each explorer shows its stored state, and the student edition is
there to download. In each language: every page is there, says its language (and Persian its
direction) on ``<html>``, has a language switcher to the same page in the others, loads nothing
from the network, links its own notebook, deck and student edition; its links to headings land;
its home page is translated from complete catalogs; in Chromium Persian prose runs right to left
while formulas and code run left to right. The screenshot of the README is
build/screenshots/site.png.

Needs Chromium and Playwright (as tests/test_browser.py), and node with npm (for ``make site``,
which also runs ``make slides`` and ``make student``); skipped without them.
"""

import base64
import contextlib
import html
import importlib.util
import json
import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from browser_support import (
    CHROMIUM,
    REVEAL,
    SCREEN,
    chromium,
    make_from_notebooks,
    offline_page,
    serve,
)

from bpcourse.language import LANGUAGES as COURSE_LANGUAGES
from tools.repository import binder_url, colab_url

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SITE = ROOT / "build" / "site"
AXE = ROOT / "build" / "site-npm" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "build" / "screenshots"
SHOWCASE = "02_single_relu_neuron"  # its page is the README's screenshot, docs/site.png
API_PAGES = sorted(p.stem for p in (ROOT / "site").glob("api_*.md"))
PAGES = ["index", *(p.stem for p in NOTEBOOKS), *API_PAGES, "genindex", "py-modindex", "search"]
# Each language of the course (bpcourse.language): its folder in build/site/, <html lang>,
# direction, its name in the switcher: ("", "en", "ltr", "English"), ("fa/", "fa", "rtl", "فارسی").
LANGUAGES = {lang: ("" if lang == "en" else f"{lang}/", language.tag, language.direction,
                    language.name) for lang, language in COURSE_LANGUAGES.items()}
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
ALL_PAGES = [*PAGES, *(f"{lang}/{page}" for lang in TRANSLATED for page in PAGES)]
STUDENT_ZIP = "downloads/bpcourse-student-edition.zip"
SECOND = 1000  # Playwright counts milliseconds

pytestmark = pytest.mark.slow  # not in `make check`; --dist loadscope keeps a module on one worker

if not CHROMIUM.exists():
    pytest.skip("the site tests need Chromium: apt-get install -y chromium (as .ci/run does)",
                allow_module_level=True)
try:
    import playwright.sync_api  # noqa: F401  (the tests need it)
except ImportError:
    pytest.skip("the site tests need Playwright: pip install -r requirements.txt",
                allow_module_level=True)

by_page = pytest.mark.parametrize("page", ALL_PAGES)  # every page in every language
by_name = pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
by_language = pytest.mark.parametrize("lang", LANGUAGES)
by_translation = pytest.mark.parametrize("lang", TRANSLATED)


# --- building and serving the site ----------------------------------------------------------------

@pytest.fixture(scope="module")
def site():
    """``make site`` (the course's own target), once for the module: {stem: notebook as built}."""
    return make_from_notebooks("site", NOTEBOOKS)


@pytest.fixture(scope="module")
def server(site):
    """build/site/ over HTTP on a free 127.0.0.1 port; its base URL."""
    with serve(SITE) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


# --- one visit per page, shared by the tests ------------------------------------------------------

# Every image: loaded or not, and its alt text.
IMAGES = """() => [...document.images].map(i => ({
    src: i.currentSrc.slice(0, 80), loaded: i.complete && i.naturalWidth > 0,
    alt: i.getAttribute('alt')}))"""

# Text a reader would see that still looks like TeX: delimiters or commands outside typeset math
# and code; and what MathJax typeset or reported as an error.
MATH = r"""() => {
    const main = document.querySelector('article') || document.body;
    const outside = 'script, style, code, pre, .highlight, mjx-container, .bpcourse-explorer';
    const raw = /\$|\\[()\[\]]|\\[A-Za-z]{2,}/;
    const left = [];
    const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.parentElement.closest(outside) && raw.test(node.textContent)) {
            left.push(node.textContent.trim().slice(0, 80));
        }
    }
    return {raw: left, typeset: main.querySelectorAll('mjx-container').length,
            errors: [...main.querySelectorAll('mjx-merror, [data-mjx-error]')]
                .map(e => (e.getAttribute('data-mjx-error') || e.textContent).slice(0, 80))};
}"""

EXPLORERS = """() => [...document.querySelectorAll('.bpcourse-explorer')].map(e => ({
    note: e.querySelector('.bpcourse-live-note')?.textContent.replace(/\\s+/g, ' ') ?? '',
    sliders: [...e.querySelectorAll('input[type=range]')].map(s => ({
        name: s.labels[0]?.textContent.replace(/\\s+/g, ' ').trim() ?? '', value: s.value})),
    figures: [...e.querySelectorAll('img')].filter(i => i.naturalWidth > 0).length,
}))"""

SHOW_FIRST_EXPLORER = """() => {
    const heading = document.querySelector('.bpcourse-explorer').closest('section')
        .querySelector('h1, h2, h3');
    window.scrollTo(0, heading.getBoundingClientRect().top + window.scrollY - 16);
}"""
README_SCREEN = {"width": 1440, "height": 860}

# Which way the page reads: the direction Chromium computes for the first paragraph of prose with
# a formula of three symbols or more in it, for that formula (and whether its first symbol is
# drawn left of its last), a display formula and code; which way the links under the title
# follow one another (Colab, then Binder); and on which side the navigation is.
LAYOUT = r"""() => {
    const article = document.querySelector('article');
    const direction = e => e ? getComputedStyle(e).direction : null;
    const symbolsOf = formula => [...formula.querySelectorAll('mjx-c')];
    const formulas = [...article.querySelectorAll('section > p mjx-container')]
        .filter(formula => symbolsOf(formula).length >= 3);
    const formula = formulas[0];
    const prose = formula?.closest('p');
    const symbols = formula ? symbolsOf(formula) : [];
    const box = e => e.getBoundingClientRect();
    const navigation = document.querySelector('.sidebar-drawer');
    const run = [...document.querySelectorAll('.bpcourse-run a')].slice(0, 2).map(box);
    return {
        html: document.documentElement.getAttribute('dir'),
        prose: direction(prose),
        inline_formula: direction(formula),
        formula_reads_left_to_right: symbols.length > 1
            ? box(symbols[0]).left < box(symbols[symbols.length - 1]).left : null,
        display_formula: direction(article.querySelector('.math-wrapper')),
        code: direction(article.querySelector('pre')),
        run_links: run.length < 2 ? null
            : run[0].left < run[1].left ? 'left to right' : 'right to left',
        navigation_side: box(navigation).left > box(article).left ? 'right' : 'left',
    };
}"""

AXE_RUN = """() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(
    v => ({id: v.id, impact: v.impact, help: v.help,
           nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"""


@dataclass
class Visit:
    """What happened while a page was opened, typeset and checked."""

    off_machine: list = field(default_factory=list)  # requests to any host but 127.0.0.1
    console_errors: list = field(default_factory=list)
    problem: str = ""  # the page never got ready
    images: list = field(default_factory=list)
    math: dict = field(default_factory=dict)
    explorers: list = field(default_factory=list)
    layout: dict = field(default_factory=dict)
    violations: list = field(default_factory=list)  # axe-core's


def open_page(browser, url, page_name):
    visit = Visit()
    context, page = offline_page(browser, visit, 60 * SECOND)
    try:
        page.goto(f"{url}/{page_name}.html", wait_until="load")
        page.evaluate("() => window.MathJax?.startup?.promise ?? true")  # typesetting over
        page.evaluate("() => document.fonts.ready.then(() => true)")
        visit.images = page.evaluate(IMAGES)
        visit.math = page.evaluate(MATH)
        visit.explorers = page.evaluate(EXPLORERS)
        visit.layout = page.evaluate(LAYOUT)
        if page_name == SHOWCASE:  # its first explorer's section, menus on both sides
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.set_viewport_size(README_SCREEN)
            for _ in range(3):  # again once the page has settled around the new place
                page.evaluate(SHOW_FIRST_EXPLORER)
                page.wait_for_timeout(500)
            page.screenshot(path=str(SCREENSHOTS / "site.png"))
            page.set_viewport_size(SCREEN)
        page.add_script_tag(path=str(AXE))
        visit.violations = page.evaluate(AXE_RUN)
    except Exception as error:  # the tests report what went wrong
        visit.problem = f"{type(error).__name__}: {error}"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(Exception):
            name = page_name.replace("/", "-")
            page.screenshot(path=str(SCREENSHOTS / f"site-failed-{name}.png"))
    finally:
        context.close()
    return visit


@pytest.fixture(scope="module")
def visits(browser, server):
    """{page: Visit}, each page opened once, on first use."""
    cache = {}

    def visit(page_name):
        if page_name not in cache:
            cache[page_name] = open_page(browser, server, page_name)
        return cache[page_name]
    return visit


def ready(visit):
    assert not visit.problem, f"the page did not load: {visit.problem}"
    return visit


# --- what the built files and the notebooks say ---------------------------------------------------

def page_html(name):
    return (SITE / f"{name}.html").read_text(encoding="utf-8")


def related(name, direction):
    """The page that the previous/next link at the foot of page ``name`` leads to."""
    match = re.search(rf'<a class="{direction}-page" href="([^"#]*)\.html"', page_html(name))
    return match and match[1]


def figure_alts(notebook):
    """The alt text of each PNG figure, in order (display_figure stores it with the image)."""
    return [out.get("metadata", {}).get("image/png", {}).get("alt")
            for cell in notebook["cells"] for out in cell.get("outputs", [])
            if "image/png" in out.get("data", {})]


def widget_outputs(notebook):
    return sum("application/vnd.jupyter.widget-view+json" in out.get("data", {})
               for cell in notebook["cells"] for out in cell.get("outputs", []))


# --- the tests: every page in the browser ---------------------------------------------------------

@by_page
def test_page_sends_no_request_off_the_machine(visits, page):
    assert ready(visits(page)).off_machine == [], "the page tried to reach other hosts"


@by_page
def test_page_logs_no_console_errors(visits, page):
    assert ready(visits(page)).console_errors == []


@by_page
def test_every_image_on_the_page_loads_and_has_alt_text(visits, page):
    images = ready(visits(page)).images
    assert [i["src"] for i in images if not i["loaded"]] == [], "images that did not load"
    assert [i["src"] for i in images if not (i["alt"] or "").strip()] == [], "images without alt"


@by_page
def test_every_formula_is_typeset_and_no_raw_tex_is_left(visits, page):
    math = ready(visits(page)).math
    assert math["raw"] == [], "raw TeX in the text"
    assert math["errors"] == [], "TeX errors"


@by_page
def test_axe_finds_no_serious_or_critical_violation(visits, page):
    violations = ready(visits(page)).violations
    assert [v for v in violations if v["impact"] in ("serious", "critical")] == []


@by_name
def test_axe_finds_no_serious_or_critical_violation_in_the_deck(site, server, browser, path):
    # the deck as the site serves it (slides/, copied from `make slides`); reveal.js's own
    # speaker-view page is not a page of the course and is not opened
    visit = Visit()
    context, page = offline_page(browser, visit, 60 * SECOND)
    try:
        page.goto(f"{server}/slides/{path.stem}.slides.html", wait_until="load")
        page.wait_for_function(f"({REVEAL})?.isReady()", timeout=30 * SECOND)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(AXE_RUN)
    finally:
        context.close()
    assert [v for v in violations if v["impact"] in ("serious", "critical")] == []
    assert visit.off_machine == []


@by_page
def test_headings_go_in_order(visits, page):
    violations = ready(visits(page)).violations
    assert [v for v in violations if v["id"] == "heading-order"] == [], (
        "a heading level is skipped (e.g. h1 then h3): mend the notebook's headings")


# --- the tests: what the pages hold ---------------------------------------------------------------

@by_language
def test_every_language_has_exactly_the_pages_tested(site, lang):
    folder = SITE / LANGUAGES[lang][0]
    assert sorted(p.stem for p in folder.glob("*.html")) == sorted(PAGES)


@by_name
def test_readers_do_not_see_the_setup_cells(site, path):
    text = page_html(path.stem)
    assert "google.colab" not in text and "matplotlib inline" not in text
    assert "InlineBackend" not in text


@by_name
def test_every_notebook_has_its_page(site, path):
    assert (SITE / f"{path.stem}.html").is_file(), f"no page for {path.name}"


@by_language
def test_home_page_maps_every_notebook_in_order(site, lang):
    home = page_html(f"{LANGUAGES[lang][0]}index")
    links = re.findall(r'href="(\d\d_\w+)\.html"', home)
    assert list(dict.fromkeys(links)) == [p.stem for p in NOTEBOOKS]
    binder = in_language(binder_url(), lang)  # Binder opens the notebooks of the page's language
    assert 'href="' + binder.replace("&", "&amp;") + '"' in home


def test_previous_next_chain_runs_through_every_notebook_in_order(site):
    stems = [p.stem for p in NOTEBOOKS]
    chain, page = [], "index"
    while (page := related(page, "next")) and len(chain) < 100:
        chain.append(page)
    assert chain[:len(stems)] == stems, "next links from the home page"
    for before, after in zip(["index", *stems], stems):
        assert related(after, "prev") == before, f"previous of {after}"


@by_name
def test_notebook_page_links_colab_binder_and_its_deck(site, path):
    text = html.unescape(page_html(path.stem))
    assert f'href="{colab_url(path.name)}"' in text
    assert f'href="{binder_url(path.name)}"' in text
    assert f'href="slides/{path.stem}.slides.html"' in text
    assert (SITE / "slides" / f"{path.stem}.slides.html").is_file()
    assert (SITE / "slides" / "vendor" / "reveal.js").is_dir()


@by_name
def test_every_figure_has_the_alt_text_stored_with_it(site, path):
    alts = figure_alts(site[path.stem])
    assert None not in alts, "a figure shown without display_figure(fig, alt=...)"
    text = html.unescape(page_html(path.stem))
    shown = re.findall(r'<img alt="([^"]*)" src="_images/', text)
    assert shown == alts


@by_name
def test_explorers_show_their_stored_state_and_where_to_run_them_live(site, visits, path):
    explorers = ready(visits(path.stem)).explorers
    assert len(explorers) == widget_outputs(site[path.stem])
    for explorer in explorers:
        assert "Colab" in explorer["note"] and "make lab" in explorer["note"], explorer
        assert explorer["sliders"] and all(s["name"] for s in explorer["sliders"]), explorer
        assert explorer["figures"] >= 1, f"no figure shown: {explorer['note']}"


def test_api_reference_shows_the_docstrings_with_their_equations(site, visits):
    text = page_html("api_math")
    assert 'id="bpcourse.network.Network"' in text
    assert 'id="bpcourse.activations.sigmoid"' in text
    assert ready(visits("api_math")).math["typeset"] >= 10


def test_student_edition_is_a_download_without_solutions(site):
    assert f'href="{STUDENT_ZIP}"' in page_html("index")
    with zipfile.ZipFile(SITE / STUDENT_ZIP) as zf:
        names = zf.namelist()
        assert "bpcourse-student/bpcourse/__init__.py" in names
        assert "bpcourse-student/requirements.txt" in names
        for path in NOTEBOOKS:
            notebook = json.loads(zf.read(f"bpcourse-student/notebooks/{path.name}"))
            tags = [t for c in notebook["cells"] for t in c.get("metadata", {}).get("tags", [])]
            assert "solution" not in tags, path.name
            assert all(not c.get("outputs") for c in notebook["cells"]), path.name


def test_showcase_screenshot_is_taken(visits):
    ready(visits(SHOWCASE))
    png = (SCREENSHOTS / "site.png").read_bytes()
    assert png.startswith(base64.b64decode("iVBORw0KGgo="))


# --- the tests: the languages ---------------------------------------------------------------------

def in_language(url, lang):
    """An address of notebooks/<name> (tools/repository.py) for translations/<lang>/<name>."""
    return url if lang == "en" else url.replace("notebooks/", f"translations/{lang}/")


def site_languages():
    """site/languages.py: the website's catalogs and their check."""
    spec = importlib.util.spec_from_file_location("site_languages", ROOT / "site" / "languages.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class Page(HTMLParser):
    """What a built page holds: its ``<html>`` attributes, its ids, its links, what it loads
    (scripts, styles, images, fonts, ...), its language switcher and its text."""

    NAVIGATION = {"next", "prev", "index", "search", "canonical", "author", "copyright"}

    def __init__(self, path):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.html, self.ids, self.links, self.loads, self.text = {}, set(), [], [], []
        self.switcher, self.switcher_label, self.in_switcher, self.in_style = [], None, False, False
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html = a
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.links.append(a["href"])
        self.loads += [a[k] for k in ("src", "data", "poster", "srcset") if a.get(k)]
        if tag == "link" and a.get("href") and not self.NAVIGATION & set(a.get("rel", "").split()):
            self.loads.append(a["href"])
        self.loads += re.findall(r"url\(\s*['\"]?([^'\")]*)", a.get("style", ""))
        self.in_style = tag == "style"
        if tag == "nav" and "bpcourse-languages" in a.get("class", ""):
            self.in_switcher, self.switcher_label = True, a.get("aria-label")
        elif self.in_switcher and tag in ("a", "span"):
            self.switcher.append({"tag": tag, "text": "", **a})

    def handle_endtag(self, tag):
        if tag == "nav":
            self.in_switcher = False
        self.in_style = False

    def handle_data(self, data):
        if self.in_style:
            self.loads += re.findall(r"url\(\s*['\"]?([^'\")]*)", data)
            self.loads += re.findall(r"@import\s+['\"]([^'\"]*)", data)
        if self.in_switcher and self.switcher:
            self.switcher[-1]["text"] += data
        self.text.append(data)

    def resolve(self, href):
        """The built file a relative link leads to, and its fragment."""
        target, _, fragment = href.partition("#")
        target = target.split("?")[0]
        path = Path(posixpath.normpath(posixpath.join(self.path.parent.as_posix(), target))) \
            if target else self.path
        return path, html.unescape(fragment)


def pages_in(lang):
    folder = SITE / LANGUAGES[lang][0]
    return [Page(folder / f"{page}.html") for page in PAGES]


REMOTE = re.compile(r"^(?:[a-z][a-z0-9+.-]*:)?//", re.I)


@by_language
def test_every_page_says_its_language_and_direction(site, lang):
    _, tag, direction, _ = LANGUAGES[lang]
    for page in pages_in(lang):
        assert page.html.get("lang") == tag, page.path
        assert page.html.get("dir", "ltr") == direction, page.path


@by_language
def test_language_switcher_links_the_same_page_in_every_other_language(site, lang):
    for page in pages_in(lang):
        assert page.switcher_label, f"{page.path}: the switcher has no accessible name"
        assert [i["text"] for i in page.switcher] == [n for *_, n in LANGUAGES.values()]
        for item, (other, (folder, tag, direction, _)) in zip(page.switcher, LANGUAGES.items()):
            assert (item["lang"], item["dir"]) == (tag, direction), item
            if other == lang:  # the page's own language: marked, not a link
                assert (item["tag"], item.get("aria-current")) == ("span", "page"), item
                continue
            assert (item["tag"], item["hreflang"]) == ("a", tag), item
            target, _ = page.resolve(item["href"])
            assert target == SITE / folder / page.path.name, (page.path, item["href"])
            assert target.is_file(), f"{page.path}: the switcher leads nowhere: {item['href']}"


@by_language
def test_no_page_loads_anything_from_the_network(site, lang):
    folder = SITE / LANGUAGES[lang][0]
    for page in pages_in(lang):
        assert [u for u in page.loads if REMOTE.match(u.strip())] == [], page.path
    for css in (folder / "_static").rglob("*.css"):
        text = css.read_text(encoding="utf-8")
        remote = re.findall(r"url\(\s*['\"]?((?:[a-z]+:)?//[^'\")]*)", text, re.I)
        remote += re.findall(r"@import\s+(?:url\()?['\"]?([^'\");]*)", text)
        assert [u for u in remote if REMOTE.match(u)] == [], css


@by_language
def test_links_to_headings_land_in_every_language(site, lang):
    """Translated headings keep their English anchors, so each link to a heading lands there."""
    targets = {}
    for page in pages_in(lang):
        for href in page.links:
            if REMOTE.match(href) or href.startswith(("mailto:", "javascript:")):
                continue
            path, fragment = page.resolve(href)
            if path.suffix != ".html":
                continue
            assert path.is_file(), f"{page.path}: {href} leads nowhere"
            if fragment:
                target = targets.get(path) or targets.setdefault(path, Page(path))
                assert fragment in target.ids, f"{page.path}: {href} lands on no anchor"


@by_translation
def test_home_page_is_translated_from_its_catalog(site, lang):
    import polib

    catalog = polib.pofile(str(ROOT / "site" / "locale" / lang / "LC_MESSAGES" / "index.po"))
    text = " ".join("".join(Page(SITE / lang / "index.html").text).split())

    def plain(markdown):  # the text a reader sees of an entry
        markdown = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", re.sub(r"<[^>]+>", "", markdown))
        return " ".join(markdown.replace("**", "").replace("*", "").replace("`", "").split())

    for entry in catalog:
        assert plain(entry.msgstr) in text, entry.msgid[:60]
    title = next(e.msgstr for e in catalog if e.msgid == "Backpropagation from the chain rule up")
    assert re.search(rf"<h1>{re.escape(title)}<", page_html(f"{lang}/index"))


def test_website_catalogs_have_no_missing_fuzzy_or_stale_entry():
    assert site_languages().problems() == []


def test_catalog_check_names_a_missing_and_a_fuzzy_entry(tmp_path):
    import shutil

    import polib

    languages = site_languages()
    shutil.copytree(ROOT / "site" / "locale", tmp_path / "locale")
    path = tmp_path / "locale" / "fa" / "LC_MESSAGES" / "index.po"
    catalog = polib.pofile(str(path))
    catalog[0].msgstr = ""
    catalog[1].flags.append("fuzzy")
    catalog.save()
    found = languages.problems(tmp_path / "locale")
    assert [line.split(": ", 2)[1] for line in found] == ["missing", "fuzzy (the English changed)"]


@by_translation
@by_name
def test_notebook_page_links_its_languages_notebook_deck_and_binder(site, lang, path):
    text = html.unescape(page_html(f"{lang}/{path.stem}"))
    for url in (colab_url(path.name), binder_url(path.name)):
        assert f'href="{in_language(url, lang)}"' in text
    assert f"/blob/main/translations/{lang}/{path.name}" in text  # the notebook on GitHub
    assert f'href="slides/{path.stem}.slides.html"' in text
    deck = SITE / lang / "slides" / f"{path.stem}.slides.html"
    deck_page = Page(deck)
    for url in deck_page.loads:  # the deck's reveal.js, MathJax, fonts: all on the site
        if not url.startswith("data:"):
            assert deck_page.resolve(url)[0].is_file(), f"{deck.name}: {url} is not on the site"


@by_translation
def test_student_edition_of_each_language_is_a_download_without_solutions(site, lang):
    zip_name = STUDENT_ZIP.replace(".zip", f"-{lang}.zip")
    assert f'href="{zip_name}"' in page_html(f"{lang}/index")
    with zipfile.ZipFile(SITE / lang / zip_name) as zf:
        assert "bpcourse-student/bpcourse/__init__.py" in zf.namelist()
        for path in NOTEBOOKS:
            notebook = json.loads(zf.read(f"bpcourse-student/notebooks/{path.name}"))
            assert notebook["metadata"]["language"] == LANGUAGES[lang][1], path.name
            tags = [t for c in notebook["cells"] for t in c.get("metadata", {}).get("tags", [])]
            assert "solution" not in tags, path.name
            assert all(not c.get("outputs") for c in notebook["cells"]), path.name


@by_translation
def test_api_pages_say_in_the_pages_language_that_they_stay_english(site, lang):
    _, tag, direction, _ = LANGUAGES[lang]
    for name in API_PAGES:
        text = page_html(f"{lang}/{name}")
        assert '<article role="main" id="furo-main-content" lang="en" dir="ltr">' in text
        note = re.search(rf'<p class="bpcourse-api-note" lang="{tag}" dir="{direction}">([^<]+)',
                         text)
        assert note and not re.search(r"[A-Za-z]{4}", note[1].replace("docstring", "")), name


def test_persian_prose_runs_right_to_left_and_its_formulas_and_code_left_to_right(visits):
    layout = ready(visits(f"fa/{SHOWCASE}")).layout
    assert layout == {"html": "rtl", "prose": "rtl", "inline_formula": "ltr",
                      "formula_reads_left_to_right": True, "display_formula": "ltr",
                      "code": "ltr", "run_links": "right to left", "navigation_side": "right"}


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_english_and_chinese_pages_run_left_to_right(visits, lang):
    layout = ready(visits(f"{LANGUAGES[lang][0]}{SHOWCASE}")).layout
    assert layout == {"html": None, "prose": "ltr", "inline_formula": "ltr",
                      "formula_reads_left_to_right": True, "display_formula": "ltr",
                      "code": "ltr", "run_links": "left to right", "navigation_side": "left"}
