"""The course website: Sphinx with myst-nb over the stored notebooks (`make site`).

Nothing is re-executed (``nb_execution_mode = "off"``): each page shows the outputs stored in its
notebook, which nbval keeps true. The site works with no network: the theme (Furo) bundles its
styles and scripts and uses the reader's system fonts, MathJax 3 and its fonts come from the
pinned npm package of ``site/package-lock.json`` (installed into ``build/site-npm/`` by `make
site`) and are copied into ``_static/mathjax/``, and the explorers are drawn from their stored
widget state at build time, so no widget manager or require.js is loaded from a CDN.

The site is in three languages (site/languages.py): `make site` builds the English from
notebooks/ into build/site/, then Persian and Chinese with ``-D language=fa`` (``zh_CN``) from
translations/<lang>/ into build/site/<lang>/. Every page has a language switcher (English ·
فارسی · 中文) to the same page in the others, and its language on ``<html lang>``; a Persian page
is ``dir="rtl"``, its theme's styles mirrored by rtlcss (pinned in site/package-lock.json) while
formulas, code, outputs and sliders stay left to right. The home page is translated by Sphinx
from site/locale/<lang>/LC_MESSAGES/index.po, what this file writes from site.po (``tr``), the
theme's missing words from sphinx.po; the API pages stay English, and say so.

Besides what myst-nb does, this file
- gives each notebook figure the alt text stored with it (``alt`` in the image output's metadata,
  written by ``bpcourse.pictures.display_figure``): its one source;
- shows each explorer as it was saved (its sliders, labelled and disabled, its figure and its
  numbers) with a line saying where to run it live;
- puts under each notebook's title its links, in its language: Colab, Binder, its static deck,
  the notebook;
- gives a translated heading its English anchor (``<a id>`` in the translated notebook), so that
  links to a heading, and the language switcher, lead to the same place in every language;
- writes the home page's map of the notebooks and the API pages' module lists;
- copies in MathJax, the decks of `make slides` and a zip of the student edition.
Every address comes from ``tools/repository.py``.
"""

import base64
import hashlib
import html
import json
import pkgutil
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from docutils import nodes
from sphinx import addnodes

SITE = Path(__file__).resolve().parent
ROOT = SITE.parent
sys.path[:0] = [str(ROOT), str(SITE)]  # tools.repository; conf.jupyter_slug; languages

from languages import (  # noqa: E402
    LANGUAGES,
    Messages,
    decks_folder,
    fields,
    notebook_binder,
    notebook_colab,
    notebook_github,
    render,
    site_prefix,
    student_folder,
    student_zip,
)

NPM = ROOT / "build" / "site-npm" / "node_modules"
NOTEBOOK = re.compile(r"^(\d\d)_\w+$")
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"

project = "bpcourse"
author = "the bpcourse authors"
copyright = "the bpcourse authors, MIT licence"
html_title = "bpcourse · backpropagation"

extensions = ["myst_nb", "sphinx.ext.autodoc", "sphinx.ext.mathjax"]
root_doc = "index"
exclude_patterns = ["**.ipynb_checkpoints"]

# The notebooks are shown as stored: never run, and no widget manager from a CDN.
nb_execution_mode = "off"
nb_ipywidgets_js = {}
nb_merge_streams = True
nb_render_markdown_format = "myst"  # Markdown outputs (tables with math) read like the cells
myst_enable_extensions = ["dollarmath", "amsmath"]
myst_dmath_double_inline = True  # $$…$$ inside a paragraph or list item, as Jupyter shows it
myst_heading_anchors = 6
myst_heading_slug_func = "conf.jupyter_slug"  # the notebooks link to headings as JupyterLab does
# A heading level skipped in a notebook (h1, then h3) is nested one level down on the page
# (docutils numbers headings by nesting; tests/test_site.py checks the order with axe), so it does
# no harm here: no need for -W to stop the build over it.
suppress_warnings = ["myst.header"]

# The language: English, unless `make site` says -D language=fa (zh_CN). Sphinx reads the
# catalogs of site/locale/ as languages.render writes them, their addresses filled in.
language = "en"
locale_dirs = [str(render(ROOT / "build" / "site-locale"))]

html_theme = "furo"
html_static_path = ["static"]
html_css_files = ["bpcourse.css"]
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
# "announcement": the bar at the top of every page, here the language switcher (_templates/)
html_theme_options = {"top_of_page_buttons": [], "navigation_with_keys": True,
                      "announcement": "languages"}
templates_path = ["_templates"]
# (each notebook's page links its notebook itself, under the title)

# MathJax 3 from _static/mathjax/ (copied in at the end of the build), never from a CDN.
mathjax_path = "mathjax/tex-chtml.js"
mathjax3_config = {
    "tex": {"inlineMath": [["\\(", "\\)"]], "displayMath": [["\\[", "\\]"]]},
    "options": {"ignoreHtmlClass": "tex2jax_ignore|mathjax_ignore|document",
                "processHtmlClass": "tex2jax_process|mathjax_process|math|output_area"},
}

# "set": matplotlib gives each Artist subclass (style.Arrow) a set() whose docstring is matplotlib's
autodoc_default_options = {"members": True, "member-order": "bysource", "exclude-members": "set"}
autodoc_typehints = "none"


def jupyter_slug(text):
    """A heading's anchor as JupyterLab makes it (``#The-same-loop``), so that the notebooks'
    links to their headings work in JupyterLab and on the site alike."""
    return text.strip().replace(" ", "-")


# --- the page's language --------------------------------------------------------------------------

_messages = Messages()


def tr(message, lang, **values):
    """``message`` (a literal: site/languages.py extracts it into site.po) in ``lang``, as HTML:
    its text escaped, then its ``{fields}`` (HTML) filled in."""
    text = html.escape(_messages.text(message, lang))
    return text.format(**values) if values else text


def page_language(app):
    return app.config.language if app.config.language in LANGUAGES else "en"


def link(url, text):
    return f'<a href="{html.escape(url)}">{text}</a>'


# --- the notebooks' pages --------------------------------------------------------------------

def notebook_docs(srcdir):
    """The stems of the course's notebooks in the site's sources, in the order of their numbers."""
    return sorted(p.stem for p in Path(srcdir).glob("*.ipynb") if NOTEBOOK.match(p.stem))


def widget_state(notebook):
    return (notebook.get("metadata", {}).get("widgets", {}).get(WIDGET_STATE, {})
            .get("state", {}))


def figure_alts(notebook):
    """{sha256 of a PNG output: its alt text} (myst-nb names each image file by that hash)."""
    alts = {}
    for cell in notebook["cells"]:
        for output in cell.get("outputs", []):
            png = output.get("data", {}).get("image/png")
            alt = output.get("metadata", {}).get("image/png", {}).get("alt")
            if png and alt:
                alts[hashlib.sha256(base64.b64decode(png)).hexdigest()] = alt
    return alts


def _models(state, model_id):
    """The model ``model_id`` and every model under it, depth first."""
    model = state.get(model_id)
    if model is None:
        return
    yield model
    for child in model["state"].get("children", []):
        yield from _models(state, child.removeprefix("IPY_MODEL_"))


def _slider(model):
    s = model["state"]
    number = f"{s['value']:.2f}" if model["model_name"] == "FloatSliderModel" else str(s["value"])
    name = html.escape(str(s.get("description", "")))
    return (f'<label class="bpcourse-slider"><span>{name}</span>'
            f'<input type="range" min="{s["min"]}" max="{s["max"]}" step="{s["step"]}"'
            f' value="{s["value"]}" disabled> <output>{number}</output></label>')


def explorer_html(state, model_id, stem, lang="en"):
    """An explorer as the notebook stored it: labelled (disabled) sliders at their saved values,
    the figure and the text it showed (an HTML widget; an Output widget in notebooks saved before
    2026-12-04), and where to run it live."""
    models = list(_models(state, model_id))
    sliders = [m for m in models if m["model_name"].endswith("SliderModel")]
    values = ", ".join(f"{m['state'].get('description', '')} = {m['state']['value']}"
                       for m in sliders)
    shown = []
    for model in models:
        if model["model_name"] == "HTMLModel":  # the picture and its text (explorer.py)
            shown.append(model["state"].get("value", ""))
        for output in model["state"].get("outputs", []):
            data = output.get("data", {})
            if "image/png" in data:
                png = "".join(data["image/png"]).replace("\n", "")
                alt = output.get("metadata", {}).get("image/png", {}).get("alt")
                alt = html.escape(alt) if alt else tr(
                    "The explorer's picture as saved, at {values}; the numbers it shows are "
                    "printed below it.", lang, values=html.escape(values))
                shown.append(f'<img src="data:image/png;base64,{png}" alt="{alt}">')
            elif output.get("output_type") == "stream" or "text/plain" in data:
                text = output.get("text") if output.get("output_type") == "stream" \
                    else data["text/plain"]
                text = text if isinstance(text, str) else "".join(text)
                shown.append('<pre class="bpcourse-explorer-text" tabindex="0">'
                             f"{html.escape(text)}</pre>")
    live = tr("{colab}, {binder} or {make_lab}", lang,
              colab=link(notebook_colab(stem, lang), tr("Open in Colab", lang)),
              binder=link(notebook_binder(stem, lang), tr("Binder", lang)),
              make_lab="<code>make lab</code>")
    note = tr("Live explorer, shown as saved: its sliders move in a running notebook ({live}), "
              "not on this page.", lang, live=live)
    return ('<div class="bpcourse-explorer">'
            f'<p class="bpcourse-live-note">{note}</p>'
            f'<div class="bpcourse-sliders">{"".join(_slider(m) for m in sliders)}</div>'
            f'{"".join(shown)}</div>')


def run_links_html(stem, lang="en"):
    """The links under a notebook's title: the notebook in its language on Colab and Binder, its
    deck (`make slides`) and the notebook on GitHub."""
    if (decks_folder(lang) / f"{stem}.slides.html").is_file():
        deck = link(f"slides/{stem}.slides.html", tr("its slides", lang))
    else:
        deck = tr("its slides ({make_slides})", lang, make_slides="<code>make slides</code>")
    live = tr("Run it live: {colab} · {binder} · {make_lab} on your machine.", lang,
              colab=link(notebook_colab(stem, lang), tr("Open in Colab", lang)),
              binder=link(notebook_binder(stem, lang), tr("Launch Binder", lang)),
              make_lab="<code>make lab</code>")
    present = tr("Present it: {deck}. {notebook}.", lang, deck=deck,
                 notebook=link(notebook_github(stem, lang), tr("The notebook on GitHub", lang)))
    return f'<p class="bpcourse-run">{live} {present}</p>'


ENGLISH_ANCHOR = re.compile(r'<a id="([^"]+)">')


def english_anchors(app, doctree, docname):
    """A translated heading ends in an empty ``<a id="English-anchor"></a>``
    (tools/translations.py), the English heading's anchor, which every link to it uses. Make it
    the section's anchor, as MyST knows its headings' (``myst_slugs``), so that links to it
    resolve, in the notebook and from the others, and drop the empty link."""
    slugs = app.env.metadata[docname].setdefault("myst_slugs", {})
    anchors = set()
    for title in list(doctree.findall(nodes.title)):
        raws = list(title.findall(nodes.raw))
        for raw, after in zip(raws, [*raws[1:], None]):
            match = ENGLISH_ANCHOR.fullmatch(raw.astext().strip())
            if not match or after is None or after.astext().strip() != "</a>":
                continue
            anchor = html.unescape(match[1])
            raw.parent.remove(raw)
            after.parent.remove(after)
            section = title.parent
            if isinstance(section, nodes.section) and anchor not in section["ids"]:
                section["ids"].append(anchor)
                slugs.setdefault(anchor, (section.line, anchor, title.astext()))
                anchors.add(anchor)
    # links inside the notebook (#anchor): MyST found no heading of that name when it read them
    for xref in doctree.findall(addnodes.pending_xref):
        if xref.get("reftype") == "myst" and xref.get("reftarget") in anchors:
            xref["reflocalid"] = xref["reftarget"]


def on_doctree_read(app, doctree):
    """The number in the title, alt text, static explorers and run links on a notebook's page;
    the note on an API page that it stays English. (Connected before Sphinx collects the
    titles, so the menus show the numbered title.)"""
    docname = app.env.docname
    lang = page_language(app)
    if docname.startswith("api_") and lang != "en":
        title = doctree.next_node(nodes.title)
        note = tr("This reference stays in English: it documents the code, whose names and "
                  "docstrings are English.", lang)
        tag, _, direction = LANGUAGES[lang]
        title.parent.insert(title.parent.index(title) + 1, nodes.raw(
            "", f'<p class="bpcourse-api-note" lang="{tag}" dir="{direction}">{note}</p>',
            format="html"))
    if not NOTEBOOK.match(docname):
        return
    english_anchors(app, doctree, docname)
    number = NOTEBOOK.match(docname)[1]
    title = doctree.next_node(nodes.title)
    if title is not None and not title.astext().startswith(number):
        title.insert(0, nodes.Text(f"{number} · "))
    notebook = json.loads(Path(app.env.doc2path(docname)).read_text(encoding="utf-8"))
    alts = figure_alts(notebook)
    for image in doctree.findall(nodes.image):
        alt = alts.get(Path(image["uri"]).stem)
        if alt:
            image["alt"] = alt
    state = widget_state(notebook)
    for raw in list(doctree.findall(nodes.raw)):
        if WIDGET_VIEW in raw.astext():
            script = re.search(r">(.*)</script>", raw.astext(), re.S).group(1)
            model_id = json.loads(script)["model_id"]
            raw.parent.replace(raw, nodes.raw("", explorer_html(state, model_id, docname, lang),
                                              format="html"))
    js_files = getattr(app.env, "nb_metadata", {}).get(docname, {}).get("js_files", {})
    js_files.pop("ipywidgets_state", None)  # drawn above: the page needs no widget state
    if title is not None:
        title.parent.insert(title.parent.index(title) + 1,
                            nodes.raw("", run_links_html(docname, lang), format="html"))


# --- generated parts of the home page and the API pages ----------------------------------------

def _plain(markdown):
    """Markdown links to their text (a goal's link may point into its own notebook)."""
    return re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)


def notebook_summary(path):
    """(title, [learning goals]) from the notebook's first Markdown cell: its heading and its
    first list."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    first = "".join(next(c for c in cells if c["cell_type"] == "markdown")["source"])
    title = re.search(r"^# (.+)$", first, re.M).group(1).strip()
    title = re.sub(r"^\d\d\s*·\s*", "", re.sub(r"<a id=[^>]*></a>", "", title)).strip()
    goals, current = [], None
    for line in first.splitlines():
        if line.startswith("- "):
            current = [line[2:].strip()]
            goals.append(current)
        elif current is not None and line.startswith("  ") and line.strip():
            current.append(line.strip())
        elif current is not None and goals and not line.strip():
            break
    return title, [_plain(" ".join(goal)).rstrip(".,;،؛。，；") for goal in goals]


def notebook_map(srcdir):
    lines = []
    for stem in notebook_docs(srcdir):
        title, goals = notebook_summary(Path(srcdir) / f"{stem}.ipynb")
        lines.append(f"- **[{stem[:2]} · {title}]({stem}.ipynb)**")
        lines += [f"  - {goal}" for goal in goals]
    return "\n".join(lines)


def module_list(package):
    """A section per public module of ``package``, with its docstring and documented members."""
    module = __import__(package, fromlist=["__name__"])
    names = sorted(m.name for m in pkgutil.iter_modules(module.__path__)
                   if not m.name.startswith("_") and not m.ispkg)
    return "\n\n".join(f"## `{package}.{name}`\n\n```{{eval-rst}}\n.. automodule:: "
                       f"{package}.{name}\n```" for name in names)


def on_source_read(app, docname, source):
    """Fill in the home page's notebook map and addresses and the API pages' module lists. The
    addresses are the English ones in every language, as index.po's msgids say them: each
    translation carries its language's (languages.render). The map is the notebooks' own, in
    their language: not a message to extract."""
    english = fields("en")
    values = {
        "notebook_map": lambda: "" if app.builder.name == "gettext" else notebook_map(app.srcdir),
        **{name: (lambda value=value: value) for name, value in english.items()},
        "first_notebook": lambda: (notebook_docs(app.srcdir) or ["index"])[0],
    }
    text = re.sub(r"\{\{ (\w+) \}\}", lambda m: values[m[1]]() if m[1] in values else m[0],
                  source[0])
    source[0] = re.sub(r"\{\{ modules ([\w.]+) \}\}", lambda m: module_list(m[1]), text)


# --- what the site serves from itself ------------------------------------------------------------

MATHJAX_PARTS = ["tex-chtml.js", "input", "output", "a11y", "ui", "sre", "adaptors"]


def copy_mathjax(outdir):
    source = NPM / "mathjax" / "es5"
    if not (source / "tex-chtml.js").is_file():
        raise RuntimeError(f"MathJax is not installed in {source}: run `make site`, which "
                           "installs it with npm ci from site/package-lock.json")
    target = outdir / "_static" / "mathjax"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for part in MATHJAX_PARTS:
        path = source / part
        if path.is_dir():
            shutil.copytree(path, target / part)
        elif path.is_file():
            shutil.copy2(path, target / part)
    shutil.copy2(NPM / "mathjax" / "LICENSE", target / "LICENSE")


SHARED_VENDOR = re.compile(r"""(["'(])\.\./vendor/""")


def copy_decks(outdir, lang="en"):
    """The decks of ``lang`` (`make slides`) into slides/. A translated deck that uses the
    English decks' vendor/ (build/slides/vendor/, ``../vendor/`` from build/slides/fa/) uses the
    English site's copy of it."""
    source = decks_folder(lang)
    decks = sorted(source.glob("*.slides.html"))
    if not decks:
        return
    target = outdir / "slides"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    for deck in decks:
        text = deck.read_text(encoding="utf-8")
        if lang != "en":
            text = SHARED_VENDOR.sub(r"\1../../slides/vendor/", text)
        (target / deck.name).write_text(text, encoding="utf-8")
    if (source / "vendor").is_dir():
        shutil.copytree(source / "vendor", target / "vendor")


STUDENT_EXTRAS = ["README.md", "pyproject.toml", "requirements.txt", "binder", "bpcourse"]


def zip_student_edition(outdir, lang="en"):
    """The student edition (``make student``) in ``lang`` with what runs it: the package, the
    pins, Binder's folder, so a teacher can hand it out or make a repository of it."""
    notebooks = sorted(student_folder(lang).glob("*.ipynb"))
    if not notebooks:  # a language without one links the English one (languages.student_zip)
        return
    target = outdir / student_zip(lang)
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for path in notebooks:
            zf.write(path, f"bpcourse-student/notebooks/{path.name}")
        for extra in STUDENT_EXTRAS:
            path = ROOT / extra
            files = [path] if path.is_file() else sorted(
                p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts)
            for file in files:
                zf.write(file, f"bpcourse-student/{file.relative_to(ROOT).as_posix()}")


def accessible(page):
    """Two mends to the theme's HTML that axe-core asks for: the menus' captions are headings
    (``role="heading"``) and need their level; a code block that scrolls sideways must take the
    keyboard's focus, so that it can be scrolled without a mouse."""
    page = re.sub(r'(<p class="caption[^"]*" role="heading")(?! aria-level)', r'\1 aria-level="2"',
                  page)
    return page.replace("<pre>", '<pre tabindex="0">')


# --- the languages: the switcher, the page's direction, the theme's own words -------------------

def language_switcher(pagename, lang):
    """English · فارسی · 中文: links to this page in the other languages, each named in its own
    language (and marked so), the page's own language marked as the current one."""
    home = "../" * (site_prefix(lang) + pagename).count("/")
    items = []
    for other, (tag, name, direction) in LANGUAGES.items():
        if other == lang:
            items.append(f'<li><span lang="{tag}" dir="{direction}" aria-current="page">'
                         f"{name}</span></li>")
        else:
            href = f"{home}{site_prefix(other)}{pagename}.html"
            items.append(f'<li><a href="{href}" hreflang="{tag}" lang="{tag}" '
                         f'dir="{direction}">{name}</a></li>')
    return (f'<nav class="bpcourse-languages" aria-label="{tr("Language", lang)}">'
            f'<ul>{"".join(items)}</ul></nav>')


def on_html_page_context(app, pagename, templatename, context, doctree):
    context["bpcourse_languages"] = language_switcher(pagename, page_language(app))


def theme_labels(lang):
    """The accessible names Furo's page template writes in English, in ``lang``."""
    return {
        "Toggle site navigation sidebar": tr("Toggle site navigation sidebar", lang),
        "Toggle table of contents sidebar": tr("Toggle table of contents sidebar", lang),
        "Toggle Light / Dark / Auto color theme": tr("Toggle Light / Dark / Auto color theme",
                                                     lang),
    }


def in_language(page, lang, api_page=False):
    """A page in ``lang``: its direction on ``<html>``, the theme's accessible names in the
    language; an API page's article marked English (its note says so in the page's language)."""
    direction = LANGUAGES[lang].direction
    if direction != "ltr":
        page = re.sub(r"<html ([^>]*)>", rf'<html \1 dir="{direction}">', page, count=1)
    for english, translated in theme_labels(lang).items():
        page = page.replace(f'aria-label="{english}"', f'aria-label="{translated}"')
    if api_page:
        page = page.replace('<article role="main" id="furo-main-content">',
                            '<article role="main" id="furo-main-content" lang="en" dir="ltr">')
    return page


KEEP_DIRECTION = ("bpcourse.css", "pygments.css")


def mirror_styles(outdir):
    """The theme's styles mirrored for a right-to-left page by rtlcss (left and right swapped:
    the navigation on the right, the contents on the left), in place; the site's own styles
    (bpcourse.css) say start and end, and the syntax colours have no side."""
    rtlcss = NPM / "rtlcss" / "bin" / "rtlcss.js"
    if not rtlcss.is_file():
        raise RuntimeError(f"rtlcss is not installed in {NPM}: run `make site`, which installs "
                           "it with npm ci from site/package-lock.json")
    for path in sorted((outdir / "_static").rglob("*.css")):
        if path.name in KEEP_DIRECTION or "mathjax" in path.parts:
            continue
        subprocess.run(["node", str(rtlcss), "--silent", str(path), str(path)], check=True)


def on_build_finished(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    lang = page_language(app)
    for path in outdir.glob("*.html"):
        page = accessible(path.read_text(encoding="utf-8"))
        if lang != "en":
            page = in_language(page, lang, api_page=path.stem.startswith("api_"))
        path.write_text(page, encoding="utf-8")
    if LANGUAGES[lang].direction == "rtl":
        mirror_styles(outdir)
    copy_mathjax(outdir)
    copy_decks(outdir, lang)
    zip_student_edition(outdir, lang)


def chinese_search():
    """Sphinx's Chinese search, its JavaScript stemmer named right. Sphinx 9.0 ends a Chinese
    site's language_data.js with ``window.Stemmer = ChineseStemmer``, a class it never ships (it
    stems Latin words with the English stemmer it does ship), so the search page stopped at
    "ChineseStemmer is not defined" (sphinx-doc/sphinx#14229; fixed upstream by naming the class
    after the stemmer's file, #14416)."""
    from sphinx.search.zh import SearchChinese

    class ChineseSearch(SearchChinese):
        language_name = "English"  # names the stemmer: window.Stemmer = EnglishStemmer

    return ChineseSearch


def on_config_inited(app, config):
    lang = page_language(app)
    config.html_title = tr("bpcourse · backpropagation", lang)
    config.copyright = tr("the bpcourse authors, MIT licence", lang)


def setup(app):
    app.add_search_language(chinese_search())
    app.connect("config-inited", on_config_inited)
    app.connect("source-read", on_source_read)
    app.connect("doctree-read", on_doctree_read, priority=400)
    app.connect("html-page-context", on_html_page_context)
    app.connect("build-finished", on_build_finished)
    return {"parallel_read_safe": True}
