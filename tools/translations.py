"""The course in other languages, from one source: the English notebooks.

Each translated notebook has a gettext catalog per language, ``locale/<lang>/<NN_topic>.po``, that
holds its Markdown prose one unit at a time: a heading, a paragraph, a list item, a table cell, the
alt text of an image that stands alone. Mathematics (``$...$``), inline code and links stay inside
the English text of a unit as they are; fenced code, display math and cells of pure mathematics
are not prose and are never extracted, nor is the English column of a glossary (a table whose
header has a cell "English"). The same catalog holds the alt text of each figure the notebook
draws, an entry whose context is ``msgctxt "alt text"``: the English is read from the code cell's
stored output, where ``bpcourse.pictures.display_figure`` keeps it (the ``image/png`` output
metadata's ``alt``). The catalogs keep the translations; the translated notebooks are written
from them and are never edited by hand::

    python -m tools.translations extract   # refresh every catalog from its English notebook
    python -m tools.translations extract --lang fa 01_chain_rule   # start a catalog
    python -m tools.translations build     # write translations/<lang>/<NN_topic>.ipynb
    python -m tools.translations check     # fuzzy or missing entries, stale notebooks: exit 1

``make translations`` runs extract, then build. Refreshing a catalog keeps every translation whose
English is unchanged; an entry whose English changed keeps its old translation, marked fuzzy with
the old English beside it (``#| msgid``), and an entry whose English is gone is dropped. Fuzzy and
missing entries fall back to the English in the built notebook, and ``check`` names them.

A translated notebook is the English one with only its Markdown cells' text and its figures' alt
texts changed: every code cell, output, attachment and metadata entry is the source's, byte for
byte, but for the ``alt`` of each figure, and the notebook's metadata gains ``"language"`` (BCP
47). What the code prints and the explorers (widget outputs and state) stay English. It lives in
``translations/<lang>/``, outside ``notebooks/``, so nbval, the site and the editions collect only
the English source. In a right-to-left language each Markdown cell is wrapped in
``<div dir="rtl" lang="..">`` (JupyterLab's sanitizer keeps both attributes) and its inline code
and mathematics in ``<span dir="ltr">``, and fenced code in ``<div dir="ltr">``, so formulas and
code read left to right inside the prose; each paragraph's text sits in a block aligned to the
start of the line (``RTL_PARAGRAPH``), as JupyterLab aligns paragraphs left. A link to a
notebook not yet translated goes to the English one. Links to a heading keep the English fragment
(``#Notation``): each translated heading carries its English anchor.

``build`` also writes ``bpcourse/locale/<lang>/figures.po`` (generated; translate in ``locale/``):
every figure's alt text and its translation, which ``display_figure`` looks up
(``bpcourse.language.catalog``), so that a translated notebook run again stores its figures' alt
texts in its language, as build wrote them.
"""
from __future__ import annotations

import argparse
import difflib
import html
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import polib

import bpcourse.language

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
LOCALE = ROOT / "locale"
TRANSLATIONS = ROOT / "translations"

ALT = "alt text"
"""The context (``msgctxt``) of a figure's alt text in a notebook's catalog."""

# gettext locale (the folder's name) -> BCP 47 tag and writing direction, for every language the
# course is translated into (bpcourse.language.LANGUAGES, the one list of them, less English)
LANGUAGES = {lang: (spoken.tag, spoken.direction)
             for lang, spoken in bpcourse.language.LANGUAGES.items() if lang != "en"}

# -- Markdown units --------------------------------------------------------------------------------

FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6}\s+)(.*?)\s*$")
LIST_ITEM = re.compile(r"^(\s*(?:[-*+]|\d+[.)])\s+)(.*)$")
TABLE_ROW = re.compile(r"^\s*\|")
TABLE_RULE = re.compile(r"^\s*\|[\s:|-]+\|\s*$")
IMAGE = re.compile(r"^(\s*!\[)([^\]]*)(\]\([^)]*\)\s*)$")
# what is not prose: math, inline code, tags, link targets, entities
OTHER_SCRIPT = re.compile(r"[\u0600-\u06ff\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
NOT_PROSE = re.compile(r"\$\$.*?\$\$|\$[^$]+\$|`[^`]*`|<[^>]+>|\]\([^)]*\)|&\w+;", re.DOTALL)


def is_prose(text):
    """True if ``text`` has an English word outside its mathematics, code, tags and link targets
    (a glossary's Persian or Chinese cell is already translated)."""
    if OTHER_SCRIPT.search(text):
        return False
    return re.search(r"[A-Za-z]", NOT_PROSE.sub(" ", text)) is not None


def normalise(text):
    """The msgid of a unit: its lines joined by single spaces (rewrapping changes nothing)."""
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


@dataclass
class Unit:
    """One translatable piece of a Markdown cell: ``prefix`` + text, ``raw`` as in the source."""
    prefix: str  # what stays before the text: "## ", "- ", "  1. ", a table cell's spaces
    raw: str     # the English as written (its own line breaks)
    kind: str    # heading, paragraph, item, cell, alt

    @property
    def msgid(self):
        return normalise(self.raw)


def split_cells(row):
    """A table row's pieces: the text between unescaped pipes, with the pipes."""
    return re.split(r"(?<!\\)(\|)", row)


def units(source):
    """A Markdown cell's source as a list of pieces whose concatenation is the source: a ``str``
    (kept as is), a :class:`Unit` (``prefix + raw``), or a ``(kind, text)`` pair kept as is but
    laid out left to right in a right-to-left language: "fence" (fenced code), "inline" (a table
    cell of only mathematics or code) and "english" (a glossary's English term)."""
    out = []
    lines = source.split("\n")
    i = 0

    def newline(k):
        return "\n" if k < len(lines) - 1 else ""

    def starts_block(line):
        return (not line.strip() or FENCE.match(line) or HEADING.match(line)
                or LIST_ITEM.match(line) or TABLE_ROW.match(line) or line.strip().startswith("$$"))

    while i < len(lines):
        line = lines[i]
        if FENCE.match(line):
            fence = FENCE.match(line).group(1)
            j = i + 1
            while j < len(lines) and not lines[j].strip().startswith(fence):
                j += 1
            j = min(j, len(lines) - 1)
            out.append(("fence", "\n".join(lines[i:j + 1]) + newline(j)))
            i = j + 1
        elif line.strip().startswith("$$"):
            j = i
            while not (lines[j].strip().endswith("$$") and (j > i or line.strip().count("$$") > 1)):
                if j == len(lines) - 1:
                    break
                j += 1
            out.append("\n".join(lines[i:j + 1]) + newline(j))
            i = j + 1
        elif not line.strip():
            out.append(line + newline(i))
            i += 1
        elif HEADING.match(line):
            prefix, text = HEADING.match(line).groups()
            out.append(Unit(prefix, text, "heading") if is_prose(text) else prefix + text)
            out.append(line[len(prefix) + len(text):] + newline(i))
            i += 1
        elif TABLE_ROW.match(line):
            if TABLE_RULE.match(line):
                out.append(line + newline(i))
            else:
                if i == 0 or not TABLE_ROW.match(lines[i - 1]):  # a header row
                    header = [p.strip() for p in split_cells(line) if p != "|"]
                column = -1
                for piece in split_cells(line):
                    text = piece.strip()
                    column += piece != "|"
                    english = column < len(header) and header[column] == "English" \
                        and text != "English"  # a glossary's English terms stay English
                    if piece == "|" or not text:
                        out.append(piece)
                        continue
                    start = piece.index(text)
                    out.append(piece[:start])
                    if is_prose(text) and not english:
                        out.append(Unit("", text, "cell"))
                    else:  # kept as it is: left to right inside right-to-left prose
                        out.append(("english" if english else "inline", text))
                    out.append(piece[start + len(text):])
                out.append(newline(i))
            i += 1
        else:
            item = LIST_ITEM.match(line)
            prefix, first = item.groups() if item else ("", line)
            j = i + 1
            while j < len(lines) and not starts_block(lines[j]):
                j += 1
            body = [first] + lines[i + 1:j]
            raw = "\n".join(body)
            image = IMAGE.match(raw) if not item else None
            if image:
                out.append(prefix + image.group(1))
                out.append(Unit("", image.group(2), "alt") if is_prose(image.group(2))
                           else image.group(2))
                out.append(image.group(3) + newline(j - 1))
            elif is_prose(raw):
                out.append(Unit(prefix, raw, "item" if item else "paragraph"))
                out.append(newline(j - 1))
            else:
                out.append(prefix + raw + newline(j - 1))
            i = j
    return out


def msgids(source):
    """The msgids of a Markdown cell, in order."""
    return [u.msgid for u in units(source) if isinstance(u, Unit)]


# -- catalogs --------------------------------------------------------------------------------------

def source_path(stem):
    return NOTEBOOKS / f"{stem}.ipynb"


def catalog_path(lang, stem, root=None):
    return (root or ROOT) / "locale" / lang / f"{stem}.po"


def translated_path(lang, stem, root=None):
    return (root or ROOT) / "translations" / lang / f"{stem}.ipynb"


def catalogs(root=None):
    """Every (lang, stem) that has a catalog, sorted."""
    base = (root or ROOT) / "locale"
    return sorted((p.parent.name, p.stem) for p in base.glob("*/[0-9][0-9]_*.po"))


def read_notebook(path):
    return nbformat.reads(path.read_text(encoding="utf-8"), as_version=4)


def figure_alts(cell):
    """The alt texts stored with a code cell's figures (``image/png`` output metadata), in order."""
    alts = []
    for output in cell.get("outputs", []):
        alt = output.get("metadata", {}).get("image/png", {}).get("alt")
        if isinstance(alt, str) and alt.strip():
            alts.append(alt)
    return alts


def key(entry):
    """An entry's identity in a catalog: ``(msgctxt, msgid)``; a Markdown unit's msgctxt is None,
    a figure's alt text's is :data:`ALT`."""
    return (entry.msgctxt or None, entry.msgid)


def label(k):
    """How ``check`` names an entry: its English, cut short, after "alt text" for a figure's."""
    context, msgid = k
    return ("alt text " if context else "") + repr(msgid[:70])


def english_entries(nb, stem):
    """{(context, msgid): [occurrence]} of a notebook's Markdown units (context None) and its
    figures' alt texts (context :data:`ALT`), in the order they first appear."""
    found = {}
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            keys = [(None, msgid) for msgid in msgids(cell.source)]
        elif cell.cell_type == "code":
            keys = [(ALT, alt) for alt in figure_alts(cell)]
        else:
            continue
        for k in keys:
            where = (f"{stem}.ipynb", cell.get("id", ""))
            found.setdefault(k, [])
            if where not in found[k]:
                found[k].append(where)
    return found


def new_catalog(lang):
    po = polib.POFile(wrapwidth=100)
    po.header = ("The Markdown of a notebook of the course, a unit an entry, and its figures' alt\n"
                 "texts (msgctxt \"alt text\"): translate msgstr. python -m tools.translations\n"
                 "extract refreshes it, build writes the notebook.")
    po.metadata = {
        "Project-Id-Version": "bpcourse",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    return po


def merge(old, found, lang):
    """The catalog of ``found`` (msgid or (msgctxt, msgid) -> occurrences), keeping ``old``'s
    translations: same English, same entry; changed English, the closest vanished entry's
    translation (in the same context) marked fuzzy."""
    po = new_catalog(lang)
    if old is not None:
        po.metadata.update(old.metadata)
        po.metadata["Language"] = lang
    found = {k if isinstance(k, tuple) else (None, k): where for k, where in found.items()}
    previous = {key(e): e for e in old} if old is not None else {}
    vanished = [e for k, e in previous.items() if k not in found and e.msgstr]
    for (context, msgid), occurrences in found.items():
        entry = polib.POEntry(msgid=msgid, msgstr="", occurrences=occurrences)
        if context:
            entry.msgctxt = context
        if (context, msgid) in previous:
            kept = previous[(context, msgid)]
            entry.msgstr, entry.tcomment = kept.msgstr, kept.tcomment
            entry.flags = list(kept.flags)
            entry.previous_msgid = kept.previous_msgid
        else:
            best = closest(msgid, occurrences,
                           [e for e in vanished if (e.msgctxt or None) == context])
            if best is not None:
                entry.msgstr, entry.tcomment = best.msgstr, best.tcomment
                entry.flags = ["fuzzy"]
                entry.previous_msgid = best.previous_msgid or best.msgid
        po.append(entry)
    return po


def closest(msgid, occurrences, candidates):
    """The vanished entry most like ``msgid``: same cell first (ratio >= 0.5), else anywhere
    (ratio >= 0.7); None if none is close."""
    def ratio(e):
        return difflib.SequenceMatcher(None, e.msgid, msgid, autojunk=False).ratio()
    same_cell = [e for e in candidates if set(map(tuple, e.occurrences)) & set(occurrences)]
    for pool, least in ((same_cell, 0.5), (candidates, 0.7)):
        scored = [(ratio(e), e) for e in pool]
        scored = [(r, e) for r, e in scored if r >= least]
        if scored:
            return max(scored, key=lambda pair: pair[0])[1]
    return None


def extract(lang, stem, root=None):
    """Write or refresh ``locale/<lang>/<stem>.po`` from ``notebooks/<stem>.ipynb``."""
    root = root or ROOT
    path = catalog_path(lang, stem, root)
    old = polib.pofile(str(path), wrapwidth=100) if path.exists() else None
    nb = read_notebook(root / "notebooks" / f"{stem}.ipynb")
    po = merge(old, english_entries(nb, stem), lang)
    path.parent.mkdir(parents=True, exist_ok=True)
    text = str(po)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return path


# -- building --------------------------------------------------------------------------------------

# JupyterLab aligns every paragraph left (`.jp-RenderedHTMLCommon p {text-align: left}`), which
# leaves a right-to-left paragraph's last line at the wrong edge; its sanitizer keeps a style, so
# the text of each such paragraph sits in a block that starts where the language starts.
RTL_PARAGRAPH = '<span style="display: block; text-align: start">'
INLINE_LTR = re.compile(r"(?<![$\\])\$(?!\$)[^$\n]+?(?<!\\)\$(?!\$)|`[^`\n]+`")
NOTEBOOK_LINK = re.compile(r"\]\((\d\d_\w+\.ipynb)((?:#[^)]*)?)\)")


def english_anchor(heading):
    """The fragment JupyterLab gives a heading (its text, spaces as dashes). A translated heading
    keeps its English one in an empty ``<a id=...>``: links to it (``[below](#Notation)``, or
    ``01_chain_rule.ipynb#...``) are the English ones, unchanged. JupyterLab 4 does not follow a
    link to a heading whose fragment is not ASCII (it compares the percent-encoded one)."""
    return heading.strip().replace(" ", "-")


def ltr(text):
    """Inline mathematics and code isolated left to right inside right-to-left prose."""
    return INLINE_LTR.sub(lambda m: f'<span dir="ltr">{m.group(0)}</span>', text)


def translate_cell(source, po_index, lang, translated_stems):
    """A Markdown cell's source in ``lang``; an untranslated or fuzzy unit stays English."""
    tag, direction = LANGUAGES.get(lang, (lang.replace("_", "-"), "ltr"))
    pieces = []
    for piece in units(source):
        if isinstance(piece, tuple):
            kind, text = piece
            if direction == "rtl" and kind == "fence":
                end = "\n" if text.endswith("\n") else ""
                text = f'<div dir="ltr">\n\n{text.rstrip(chr(10))}\n\n</div>{end}'
            elif direction == "rtl" and kind == "english":
                text = f'<span dir="ltr" lang="en">{text}</span>'
            elif direction == "rtl" and INLINE_LTR.search(text):
                text = f'<span dir="ltr">{text}</span>'
            pieces.append(text)
            continue
        if not isinstance(piece, Unit):
            pieces.append(piece)
            continue
        text = translated(po_index.get(piece.msgid))
        if text is None:
            pieces.append(piece.prefix + piece.raw)
            continue
        if piece.kind in ("cell", "heading", "alt"):
            text = normalise(text)
        elif piece.kind == "item":
            indent = " " * len(piece.prefix)
            text = ("\n" + indent).join(line.strip() for line in text.splitlines())
        if direction == "rtl" and piece.kind != "alt":
            text = ltr(text)  # before the anchor: its English id may hold $math$ or `code`
        if direction == "rtl" and piece.kind == "paragraph":
            text = f"{RTL_PARAGRAPH}{text}</span>"
        if piece.kind == "heading":  # the English anchor still leads here (see english_anchor)
            text = f'{text}<a id="{html.escape(english_anchor(piece.raw))}"></a>'
        text = NOTEBOOK_LINK.sub(
            lambda m: m.group(0) if m.group(1)[:-6] in translated_stems
            else f"](../../notebooks/{m.group(1)}{m.group(2)})", text)
        pieces.append(piece.prefix + text)
    body = "".join(pieces)
    if direction == "rtl":
        return f'<div dir="rtl" lang="{tag}">\n\n{body}\n\n</div>'
    return f'<div lang="{tag}">\n\n{body}\n\n</div>'


def translated(entry):
    """The translation of a catalog entry, or None if it is missing or fuzzy."""
    if entry is None or not entry.msgstr or "fuzzy" in entry.flags:
        return None
    return entry.msgstr


def alt_translations(po):
    """{English alt text: its translation, on one line as display_figure stores it} of a
    catalog's figures, translated and not fuzzy."""
    return {e.msgid: " ".join(e.msgstr.split()) for e in po
            if e.msgctxt == ALT and translated(e) is not None}


def render(lang, stem, root=None):
    """The text of ``translations/<lang>/<stem>.ipynb`` as build writes it now."""
    root = root or ROOT
    nb = read_notebook(root / "notebooks" / f"{stem}.ipynb")
    po = polib.pofile(str(catalog_path(lang, stem, root)), wrapwidth=100)
    index = {e.msgid: e for e in po if not e.msgctxt}
    alts = alt_translations(po)
    translated_stems = {s for lng, s in catalogs(root) if lng == lang}
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = translate_cell(cell.source, index, lang, translated_stems)
        elif cell.cell_type == "code":  # only a figure's alt text; an untranslated one stays
            for output in cell.get("outputs", []):
                png = output.get("metadata", {}).get("image/png", {})
                if png.get("alt") in alts:
                    png["alt"] = alts[png["alt"]]
    nb.metadata["language"] = LANGUAGES.get(lang, (lang.replace("_", "-"),))[0]
    return nbformat.writes(nb) + "\n"


def build(lang, stem, root=None):
    path = translated_path(lang, stem, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(lang, stem, root), encoding="utf-8")
    return path


# -- the figures' catalog of the package -----------------------------------------------------------

def figures_path(lang, root=None):
    """``bpcourse/locale/<lang>/figures.po``: what display_figure translates alt texts with."""
    return (root or ROOT) / "bpcourse" / "locale" / lang / "figures.po"


def render_figures(lang, root=None):
    """The text of ``bpcourse/locale/<lang>/figures.po`` as build writes it now: every figure's
    alt text translated in a notebook's catalog (not fuzzy), in the order of the course."""
    root = root or ROOT
    po = new_catalog(lang)
    po.header = ("Generated by python -m tools.translations build (make translations) from the\n"
                 f"figures' alt texts in locale/{lang}/NN_topic.po: do not edit, translate there.\n"
                 "bpcourse.pictures.display_figure stores an alt text in the student's language\n"
                 "from it.")
    seen = set()
    for lng, stem in catalogs(root):
        if lng != lang:
            continue
        for e in polib.pofile(str(catalog_path(lang, stem, root)), wrapwidth=100):
            if e.msgctxt == ALT and translated(e) is not None and e.msgid not in seen:
                seen.add(e.msgid)
                po.append(polib.POEntry(msgid=e.msgid, msgstr=" ".join(e.msgstr.split()),
                                        occurrences=e.occurrences))
    text = str(po)
    return text if text.endswith("\n") else text + "\n"


def build_figures(lang, root=None):
    path = figures_path(lang, root)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_figures(lang, root), encoding="utf-8")
    return path


def languages(root=None):
    """The languages that have a catalog of a notebook."""
    return sorted({lang for lang, _ in catalogs(root)})


def catalog_problems(po, current, rel, refresh="run make translations", key=key, label=label):
    """What is left to do in the catalog ``po`` (at ``rel``) whose English source has the keys
    ``current`` now: a line per entry not extracted yet, obsolete, fuzzy or missing (``refresh``
    says how to extract), and the entries that are translated; the message catalogs
    (tools/messages.py) and the website's (site/languages.py) are checked the same way."""
    have = {key(e) for e in po}
    lines = [f"{rel}: not extracted yet ({refresh}): {label(k)}" for k in current if k not in have]
    translated = []
    for e in po:
        where = f"{rel}:{e.linenum}"
        if key(e) not in current:
            lines.append(f"{where}: obsolete ({refresh}): {label(key(e))}")
        elif "fuzzy" in e.flags:
            lines.append(f"{where}: fuzzy (the English changed): {label(key(e))}")
        elif not e.msgstr:
            lines.append(f"{where}: missing: {label(key(e))}")
        else:
            translated.append(e)
    return lines, translated


def report(found, problem, done):
    """What ``check`` prints: each problem in ``found`` and how many there are (exit status 1), or
    the sentence ``done`` (0)."""
    for line in found:
        print(line)
    if found:
        print(f"{len(found)} {problem}(s)", file=sys.stderr)
        return 1
    print(done)
    return 0


def problems(root=None):
    """What ``check`` reports: one line per fuzzy or missing entry and per stale notebook."""
    root = root or ROOT
    found = []
    for lang, stem in catalogs(root):
        path = catalog_path(lang, stem, root)
        nb = read_notebook(root / "notebooks" / f"{stem}.ipynb")
        found += catalog_problems(polib.pofile(str(path), wrapwidth=100),
                                  english_entries(nb, stem), path.relative_to(root))[0]
        out = translated_path(lang, stem, root)
        if not out.exists() or out.read_text(encoding="utf-8") != render(lang, stem, root):
            found.append(f"{out.relative_to(root)}: not what build writes now "
                         "(run make translations)")
    for lang in languages(root):
        out = figures_path(lang, root)
        if not out.exists() or out.read_text(encoding="utf-8") != render_figures(lang, root):
            found.append(f"{out.relative_to(root)}: not what build writes now "
                         "(run make translations)")
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.translations", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)  # tests
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="write or refresh the catalogs from the English notebooks")
    ex.add_argument("--lang", action="append", help="a language (default: every one in locale/)")
    ex.add_argument("notebooks", nargs="*", help="NN_topic stems to start or refresh catalogs "
                    "for (with neither these nor --lang: refresh every existing catalog)")
    sub.add_parser("build", help="write translations/<lang>/<NN_topic>.ipynb and "
                   "bpcourse/locale/<lang>/figures.po from the catalogs")
    sub.add_parser("check", help="exit 1 naming fuzzy or missing entries and stale notebooks")
    args = parser.parse_args(argv)
    root = args.root
    if args.command == "extract":
        pairs = set(catalogs(root))
        if args.notebooks or args.lang:  # only the catalogs named, so others' edits are safe
            langs = args.lang or sorted({lang for lang, _ in pairs}) or sorted(LANGUAGES)
            stems = args.notebooks or sorted({s for _, s in pairs})
            pairs = {(lang, s) for lang in langs for s in stems}
        for lang, stem in sorted(pairs):
            print(extract(lang, stem, root).relative_to(root))
    elif args.command == "build":
        for lang, stem in catalogs(root):
            print(build(lang, stem, root).relative_to(root))
        for lang in languages(root):
            print(build_figures(lang, root).relative_to(root))
    else:
        return report(problems(root), "translation problem",
                      f"{len(catalogs(root))} catalogs: every entry translated, every notebook "
                      "up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
