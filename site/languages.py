"""The website in English, Persian and Chinese: where each language lives and its catalogs.

The languages are the course's, ``bpcourse.language.LANGUAGES`` (BCP 47 tag, own name,
direction). The English site is ``build/site/``; each other language is a site of its own beside
it, ``build/site/fa/`` and ``build/site/zh_CN/``, built by Sphinx with ``-D language=fa`` from the
translated notebooks (``translations/<lang>/``, written from ``locale/<lang>/NN_topic.po`` by
tools/translations.py). What the notebooks do not say is translated from this folder's catalogs,
``site/locale/<lang>/LC_MESSAGES/`` (gettext's layout, as sphinx-intl makes it), whose source is
always the English:

- ``index.po``, the home page's prose (site/index.md), an entry per heading, paragraph or list
  item, as ``sphinx-build -b gettext`` extracts it; Sphinx translates the page from it
  (``locale_dirs``). ``{{ binder_url }}`` and the like stand for the addresses conf.py fills in,
  each language its own (its notebooks on Binder, its student edition).
- ``site.po``, what site/conf.py writes on the pages, every ``tr("...")`` of it: the links under
  a notebook's title, an explorer's note, the language switcher, the API pages' note.
- ``sphinx.po``, the words of the theme (Furo) that Sphinx's own catalog of the language lacks
  ("Skip to content", "Back to top", ...): Sphinx reads it beside its own.

::

    python site/languages.py extract   # refresh every catalog from its English source
    python site/languages.py check     # missing, fuzzy or stale entries: exit 1

As for the notebooks' catalogs, a translation whose English is unchanged is kept, one whose
English changed is kept marked fuzzy, and ``check`` names what is left to do.
"""

from __future__ import annotations

import argparse
import ast
import gettext
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import polib

SITE = Path(__file__).resolve().parent
ROOT = SITE.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bpcourse.language import LANGUAGES  # noqa: E402  (gettext's name: tag, name, direction)
from tools.repository import BRANCH, binder_url, colab_url, repository_url  # noqa: E402
from tools.translations import catalog_problems, merge, report  # noqa: E402

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
LOCALE = SITE / "locale"
CATALOGS = ("index", "site", "sphinx")
FIELD = re.compile(r"\{\{ (\w+) \}\}")  # index.po's addresses
FORMAT_FIELD = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")  # site.po's {fields}
THEME_FIELD = re.compile(r"%\((\w+)\)s")  # sphinx.po's %(fields)s

# The theme's words that the site's pages show (Furo's templates: page, search, indices).
THEME_WORDS = [
    "Skip to content", "Back to top", "Next", "Previous", "Home", "On this page",
    "Copyright &#169; %(copyright)s", "Made with ",
    '<a href="https://www.sphinx-doc.org/">Sphinx</a> and ', "Search", "Index", "Error",
    "Please activate JavaScript to enable the search functionality.",
]

STUDENT_ZIP = "downloads/bpcourse-student-edition.zip"


# --- where each language's pages, notebooks, decks and student edition are ----------------------

def site_prefix(lang):
    """The folder of ``lang``'s pages inside build/site/: "" for English, "fa/"."""
    return "" if lang == "en" else f"{lang}/"


def notebook_folder(lang):
    """The repository's folder of ``lang``'s notebooks."""
    return "notebooks" if lang == "en" else f"translations/{lang}"


def notebook_colab(stem, lang):
    return colab_url(f"{stem}.ipynb", folder=notebook_folder(lang))


def notebook_binder(stem, lang):
    return binder_url(f"{stem}.ipynb", folder=notebook_folder(lang))


def notebook_github(stem, lang):
    return f"{repository_url()}/blob/{BRANCH}/{notebook_folder(lang)}/{stem}.ipynb"


def decks_folder(lang):
    """What `make slides` writes ``lang``'s decks to: build/slides/, build/slides/fa/."""
    return ROOT / "build" / "slides" / ("" if lang == "en" else lang)


def student_folder(lang):
    """What `make student` writes ``lang``'s student edition to: build/student/,
    build/student-fa/."""
    return ROOT / "build" / ("student" if lang == "en" else f"student-{lang}")


def student_zip(lang):
    """The student edition's zip in ``lang``'s site: its own if `make student` wrote one, else
    (linked from the language's folder) the English one."""
    if lang == "en":
        return STUDENT_ZIP
    if any(student_folder(lang).glob("*.ipynb")):
        return STUDENT_ZIP.replace(".zip", f"-{lang}.zip")
    return f"../{STUDENT_ZIP}"


def fields(lang):
    """What index.po's ``{{ name }}`` stand for in ``lang``."""
    return {
        "binder_url": notebook_binder("00_welcome", lang),
        "repository_url": repository_url(),
        "student_zip": student_zip(lang),
    }


# --- reading the catalogs ----------------------------------------------------------------------

def catalog_path(lang, name, root=LOCALE):
    return root / lang / "LC_MESSAGES" / f"{name}.po"


def read(path):
    return polib.pofile(str(path), wrapwidth=100) if path.exists() else polib.POFile(wrapwidth=100)


def fill(text, values):
    return FIELD.sub(lambda m: values.get(m[1], m[0]), text)


def render(target):
    """Write every language's catalogs, ready for Sphinx, into ``target`` (build/site-locale/):
    index.po's fields filled in (the English's in msgid, as the English page says them; the
    language's in msgstr), each beside its compiled .mo. Untranslated and fuzzy entries are
    left out: the page says them in English."""
    english = fields("en")
    for lang in TRANSLATED:
        values = fields(lang)
        for name in CATALOGS:
            po = read(catalog_path(lang, name))
            out = polib.POFile(wrapwidth=100)
            out.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": lang}
            for entry in po.translated_entries():
                out.append(polib.POEntry(msgid=fill(entry.msgid, english),
                                         msgstr=fill(entry.msgstr, values)))
            path = catalog_path(lang, name, target)
            path.parent.mkdir(parents=True, exist_ok=True)
            out.save(str(path))
            out.save_as_mofile(str(path.with_suffix(".mo")))
    return target


class Messages:
    """site.po of each language, read once: what ``tr`` of site/conf.py says."""

    def __init__(self, root=LOCALE):
        self.root = root
        self.catalogs = {}

    def text(self, message, lang):
        """``message`` in ``lang``; the English if its entry is missing or fuzzy."""
        if lang not in self.catalogs:
            po = read(catalog_path(lang, "site", self.root)) if lang != "en" else []
            self.catalogs[lang] = {e.msgid: e.msgstr for e in po
                                   if e.msgstr and "fuzzy" not in e.flags and not e.obsolete}
        return self.catalogs[lang].get(message, message)


# --- extracting the English ----------------------------------------------------------------------

def index_messages():
    """The home page's messages as Sphinx extracts them (``sphinx-build -b gettext`` of
    site/index.md alone), their addresses back to ``{{ name }}``: msgid -> occurrences."""
    english = fields("en")
    with tempfile.TemporaryDirectory() as tmp:
        src, out = Path(tmp, "src"), Path(tmp, "pot")
        src.mkdir()
        (src / "index.md").write_text((SITE / "index.md").read_text(encoding="utf-8"),
                                      encoding="utf-8")
        # the pages index.md's menus list are not there: its warnings about them are dropped
        subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "gettext", "-c", str(SITE),
                        "-d", str(Path(tmp, "doctrees")), str(src), str(out)],
                       check=True, capture_output=True, text=True)
        pot = polib.pofile(str(out / "index.pot"))
    found = {}
    for entry in pot:
        msgid = entry.msgid
        for name, value in sorted(english.items(), key=lambda kv: -len(kv[1])):
            msgid = msgid.replace(value, f"{{{{ {name} }}}}")
        found.setdefault(msgid, [("site/index.md", "")])
    return found


def code_messages(path=SITE / "conf.py"):
    """Every ``tr("literal", ...)`` of site/conf.py, in the order of the code."""
    found = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id == "tr"):
            first = node.args[0] if node.args else None
            if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
                raise ValueError(f"{path.name}:{node.lineno}: tr() takes one literal string")
            found.setdefault(first.value, (node.lineno, [(f"site/{path.name}", "")]))
    return {m: where for m, (_, where) in sorted(found.items(), key=lambda i: i[1][0])}


def sphinx_translates(lang, message):
    import sphinx

    catalog = gettext.translation("sphinx", Path(sphinx.__file__).parent / "locale", [lang],
                                  fallback=True)
    return catalog.gettext(message) != message


def theme_messages(lang):
    """The theme's words the pages show that Sphinx does not translate into ``lang``."""
    return {m: [("furo/page.html", "")] for m in THEME_WORDS if not sphinx_translates(lang, m)}


def english(lang):
    """{catalog: {msgid: occurrences}}: what each catalog of ``lang`` must translate."""
    return {"index": index_messages(), "site": code_messages(), "sphinx": theme_messages(lang)}


HEADERS = {
    "index": "The home page of the course's website (site/index.md), an entry a heading,\n"
             "paragraph or list item: translate msgstr, keeping the Markdown and each\n"
             "{{ field }}.",
    "site": "What the website's pages say around the notebooks (site/conf.py): translate msgstr,\n"
            "keeping each {field}.",
    "sphinx": "Words of the website's theme (Furo) that Sphinx does not translate itself.",
}


def extract(lang, root=LOCALE):
    paths = []
    for name, messages in english(lang).items():
        path = catalog_path(lang, name, root)
        old = read(path) if path.exists() else None
        po = merge(old, messages, lang)
        po.header = HEADERS[name] + "\npython site/languages.py extract refreshes it."
        path.parent.mkdir(parents=True, exist_ok=True)
        text = str(po)
        path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def problems(root=LOCALE):
    """One line per entry missing, fuzzy, stale, or whose fields differ from the English's."""
    found = []
    index, code = index_messages(), code_messages()
    for lang in TRANSLATED:
        wanted = {"index": index, "site": code, "sphinx": theme_messages(lang)}
        for name, messages in wanted.items():
            path = catalog_path(lang, name, root)
            rel = path.relative_to(root.parent.parent) if root == LOCALE else path
            lines, translated = catalog_problems(
                read(path), messages, rel, refresh="python site/languages.py extract",
                key=lambda e: e.msgid, label=lambda m: repr(m[:70]))
            found += lines
            found += [f"{rel}:{e.linenum}: its fields differ from the English's: {e.msgid[:50]!r}"
                      for e in translated
                      if any(sorted(pattern.findall(e.msgstr)) != sorted(pattern.findall(e.msgid))
                             for pattern in (FIELD, FORMAT_FIELD, THEME_FIELD))]
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python site/languages.py", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("extract", help="refresh every catalog from its English source")
    sub.add_parser("check", help="exit 1 naming missing, fuzzy or stale entries")
    args = parser.parse_args(argv)
    if args.command == "extract":
        for lang in TRANSLATED:
            for path in extract(lang):
                print(path.relative_to(ROOT))
        return 0
    return report(problems(), "website catalog problem",
                  "the website's catalogs are translated in " + ", ".join(TRANSLATED))


if __name__ == "__main__":
    sys.exit(main())
