"""The catalogs of what bpcourse says in other languages: its checks' verdicts and hints.

The code is the source: every message is written in English inside ``tr("...")`` (that is
:func:`bpcourse.language.gettext`), a literal string whose ``{fields}`` are filled by name. Each
module with messages has one catalog per language, ``bpcourse/locale/<lang>/<module>.po``
(``classroom.grader.po``), installed with the package::

    python -m tools.messages extract   # refresh every catalog from the code
    python -m tools.messages check     # fuzzy, missing or broken entries: exit 1

``make translations`` runs extract. As for the notebooks' catalogs (tools/translations.py), a
translation whose English is unchanged is kept, one whose English changed is kept marked fuzzy
with the old English beside it, and ``check`` names what is left; it also names a translation
that lost or gained a ``{field}`` or does not begin with the English's emoji (✅ ❌ ⏳ ⏹), which
the grader and the notebooks read.
"""
from __future__ import annotations

import argparse
import ast
import sys
from pathlib import Path

import polib

from bpcourse.language import LANGUAGES, fields
from tools.translations import catalog_problems, merge, report

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "bpcourse"
MARKS = ("✅", "❌", "⏳", "⏹")
TRANSLATED = sorted(lang for lang in LANGUAGES if lang != "en")


class MessageError(ValueError):
    """A call of ``tr`` whose message is not one literal string."""


def domain(path, package=PACKAGE):
    """``classroom.grader`` for ``bpcourse/classroom/grader.py``."""
    return ".".join(path.relative_to(package).with_suffix("").parts)


def messages(path, package=PACKAGE):
    """The messages of a module, in the order of the code: msgid -> [(its file, "")]."""
    found = {}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    rel = str(path.relative_to(package.parent))
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                and node.func.id in ("tr", "gettext")):
            continue
        if not (node.args and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)):
            raise MessageError(f"{rel}:{node.lineno}: tr() takes one literal string (fill its "
                               "{fields} by name: tr('... {x} ...', x=x)), not an expression")
        found.setdefault(node.args[0].value, (node.lineno, [(rel, "")]))
    # in the order of the code; the place is the module (line numbers would change every edit)
    return {m: where for m, (_, where) in sorted(found.items(), key=lambda i: i[1][0])}


def modules(package=PACKAGE):
    """Every module of the package that says something through ``tr``."""
    return [p for p in sorted(package.rglob("*.py"))
            if p.name != "language.py" and messages(p, package)]


def catalog_path(lang, name, package=PACKAGE):
    return package / "locale" / lang / f"{name}.po"


def extract(lang, path, package=PACKAGE):
    """Write or refresh the catalog of one module in one language."""
    out = catalog_path(lang, domain(path, package), package)
    old = polib.pofile(str(out), wrapwidth=100) if out.exists() else None
    po = merge(old, messages(path, package), lang)
    # merge() starts from a notebook catalog's header: every refresh sets this one again
    po.header = ("What bpcourse says, a message an entry: translate msgstr, keeping each "
                 "{field}\nand the leading mark. python -m tools.messages extract refreshes "
                 "it from the code.")
    out.parent.mkdir(parents=True, exist_ok=True)
    text = str(po)
    out.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")
    return out


def problems(package=PACKAGE):
    """One line per message not extracted, fuzzy, missing or broken, and per stale catalog."""
    found = []
    sources = {domain(p, package): p for p in modules(package)}
    for lang in TRANSLATED:
        for name, path in sources.items():
            out = catalog_path(lang, name, package)
            rel = out.relative_to(package.parent)
            if not out.exists():
                found.append(f"{rel}: no catalog yet (run make translations)")
                continue
            current = {(None, msgid) for msgid in messages(path, package)}  # no msgctxt
            lines, translated = catalog_problems(polib.pofile(str(out), wrapwidth=100),
                                                 current, rel)
            found += lines
            for e in translated:
                where = f"{rel}:{e.linenum}"
                mark = next((m for m in MARKS if e.msgid.startswith(m)), None)
                if fields(e.msgstr) != fields(e.msgid):
                    found.append(f"{where}: fields {sorted(fields(e.msgstr))} but the English "
                                 f"has {sorted(fields(e.msgid))}: {e.msgid[:50]!r}")
                elif mark and not e.msgstr.startswith(mark):
                    found.append(f"{where}: the translation must begin with {mark}: "
                                 f"{e.msgid[:50]!r}")
        for out in sorted((package / "locale" / lang).glob("*.po")):
            if out.stem not in sources and out.stem != "figures":  # tools/translations.py's
                found.append(f"{out.relative_to(package.parent)}: no module says these any "
                             "more (delete it)")
    return found


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tools.messages", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--package", type=Path, default=PACKAGE, help=argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)
    ex = sub.add_parser("extract", help="write or refresh the catalogs from the code")
    ex.add_argument("--lang", action="append", help="a language (default: every one)")
    ex.add_argument("modules", nargs="*", help="module paths, e.g. bpcourse/classroom/grader.py "
                    "(default: every module that says something)")
    sub.add_parser("check", help="exit 1 naming fuzzy, missing or broken entries")
    args = parser.parse_args(argv)
    package = args.package.resolve()
    if args.command == "extract":
        paths = [Path(m).resolve() for m in args.modules] or modules(package)
        for lang in args.lang or TRANSLATED:
            for path in paths:
                print(extract(lang, path, package).relative_to(package.parent))
        return 0
    return report(problems(package), "message problem",
                  "every message of bpcourse translated in " + ", ".join(TRANSLATED))


if __name__ == "__main__":
    sys.exit(main())
