"""The course website: Sphinx with myst-nb over the stored notebooks (`make site`).

Nothing is re-executed (``nb_execution_mode = "off"``): each page shows the outputs stored in its
notebook, which nbval keeps true. The site works with no network: the theme (Furo) bundles its
styles and scripts and uses the reader's system fonts, MathJax 3 and its fonts come from the
pinned npm package of ``site/package-lock.json`` (installed into ``build/site-npm/`` by `make
site`) and are copied into ``_static/mathjax/``, and the explorers are drawn from their stored
widget state at build time, so no widget manager or require.js is loaded from a CDN.

Besides what myst-nb does, this file
- gives each notebook figure the alt text stored with it (``alt`` in the image output's metadata,
  written by ``bpcourse.pictures.display_figure``): its one source;
- shows each explorer as it was saved (its sliders, labelled and disabled, its figure and its
  numbers) with a line saying where to run it live;
- puts under each notebook's title its links: Colab, Binder, its static deck, the notebook;
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
import sys
import zipfile
from pathlib import Path

from docutils import nodes

SITE = Path(__file__).resolve().parent
ROOT = SITE.parent
sys.path[:0] = [str(ROOT), str(SITE)]  # tools.repository; conf.jupyter_slug

from tools.repository import BRANCH, binder_url, colab_url, repository_url  # noqa: E402

NPM = ROOT / "build" / "site-npm" / "node_modules"
SLIDES = ROOT / "build" / "slides"
STUDENT = ROOT / "build" / "student"
STUDENT_ZIP = "downloads/bpcourse-student-edition.zip"
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

html_theme = "furo"
html_static_path = ["static"]
html_css_files = ["bpcourse.css"]
html_show_sourcelink = False
html_copy_source = False
html_last_updated_fmt = None
html_theme_options = {"top_of_page_buttons": [], "navigation_with_keys": True}
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


def explorer_html(state, model_id, stem):
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
                alt = output.get("metadata", {}).get("image/png", {}).get("alt") or (
                    f"The explorer's picture as saved, at {values}; the numbers it shows are "
                    "printed below it.")
                shown.append(f'<img src="data:image/png;base64,{png}" alt="{html.escape(alt)}">')
            elif output.get("output_type") == "stream" or "text/plain" in data:
                text = output.get("text") if output.get("output_type") == "stream" \
                    else data["text/plain"]
                text = text if isinstance(text, str) else "".join(text)
                shown.append('<pre class="bpcourse-explorer-text" tabindex="0">'
                             f"{html.escape(text)}</pre>")
    live = (f'<a href="{colab_url(stem + ".ipynb")}">Open in Colab</a>, '
            f'<a href="{binder_url(stem + ".ipynb")}">Binder</a> or '
            "<code>make lab</code>")
    return ('<div class="bpcourse-explorer">'
            '<p class="bpcourse-live-note">Live explorer, shown as saved: its sliders move in a '
            f"running notebook ({live}), not on this page.</p>"
            f'<div class="bpcourse-sliders">{"".join(_slider(m) for m in sliders)}</div>'
            f'{"".join(shown)}</div>')


def run_links_html(stem):
    deck = f'<a href="slides/{stem}.slides.html">its slides</a>' if (
        SLIDES / f"{stem}.slides.html").is_file() else "its slides (<code>make slides</code>)"
    return ('<p class="bpcourse-run">'
            f'Run it live: <a href="{colab_url(stem + ".ipynb")}">Open in Colab</a> · '
            f'<a href="{binder_url(stem + ".ipynb")}">Launch Binder</a> · '
            "<code>make lab</code> on your machine. "
            f"Present it: {deck}. "
            f'<a href="{repository_url()}/blob/{BRANCH}/notebooks/{stem}.ipynb">'
            "The notebook on GitHub</a>.</p>")


def on_doctree_read(app, doctree):
    """The number in the title, alt text, static explorers and run links on a notebook's page.
    (Connected before Sphinx collects the titles, so the menus show the numbered title.)"""
    docname = app.env.docname
    if not NOTEBOOK.match(docname):
        return
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
            raw.parent.replace(raw, nodes.raw("", explorer_html(state, model_id, docname),
                                              format="html"))
    js_files = getattr(app.env, "nb_metadata", {}).get(docname, {}).get("js_files", {})
    js_files.pop("ipywidgets_state", None)  # drawn above: the page needs no widget state
    if title is not None:
        title.parent.insert(title.parent.index(title) + 1,
                            nodes.raw("", run_links_html(docname), format="html"))


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
    title = re.sub(r"^\d\d\s*·\s*", "", title)
    goals, current = [], None
    for line in first.splitlines():
        if line.startswith("- "):
            current = [line[2:].strip()]
            goals.append(current)
        elif current is not None and line.startswith("  ") and line.strip():
            current.append(line.strip())
        elif current is not None and goals and not line.strip():
            break
    return title, [_plain(" ".join(goal)).rstrip(".,;") for goal in goals]


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
    values = {
        "notebook_map": lambda: notebook_map(app.srcdir),
        "binder_url": binder_url,
        "repository_url": repository_url,
        "student_zip": lambda: STUDENT_ZIP,
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


def copy_decks(outdir):
    if not SLIDES.is_dir():
        return
    target = outdir / "slides"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir()
    for deck in SLIDES.glob("*.slides.html"):
        shutil.copy2(deck, target / deck.name)
    if (SLIDES / "vendor").is_dir():
        shutil.copytree(SLIDES / "vendor", target / "vendor")


STUDENT_EXTRAS = ["README.md", "pyproject.toml", "requirements.txt", "binder", "bpcourse"]


def zip_student_edition(outdir):
    """The student edition (``make student``) with what runs it: the package, the pins, Binder's
    folder, so a teacher can hand it out or make a repository of it."""
    notebooks = sorted(STUDENT.glob("*.ipynb"))
    if not notebooks:
        return
    target = outdir / STUDENT_ZIP
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


def on_build_finished(app, exception):
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for path in outdir.glob("*.html"):
        path.write_text(accessible(path.read_text(encoding="utf-8")), encoding="utf-8")
    copy_mathjax(outdir)
    copy_decks(outdir)
    zip_student_edition(outdir)


def setup(app):
    app.connect("source-read", on_source_read)
    app.connect("doctree-read", on_doctree_read, priority=400)
    app.connect("build-finished", on_build_finished)
    return {"parallel_read_safe": True}
