"""The language bpcourse speaks to a student in: English, Persian (``fa``) or Chinese (``zh_CN``).

What the classroom says (a check's verdict, its hints, what to write) is written in English in
the code, each message wrapped in :func:`gettext` (imported as ``tr``, since ``_`` is the code's
name for a value it drops)::

    tr("❌ {name}: your function ran too long and was stopped", name=name)

and translated from the catalogs ``bpcourse/locale/<lang>/<module>.po`` (their source is the
code: ``python -m tools.messages extract`` refreshes them, ``check`` names what is left). The alt
text of a figure is looked up in :func:`catalog` by ``display_figure``, from ``figures.po``,
which ``python -m tools.translations build`` writes from the notebooks' catalogs. The
language is, in this order:

1. the one set with :func:`set_language` (or the ``BPCOURSE_LANGUAGE`` environment variable),
   e.g. on Colab, which does not say which notebook a kernel runs;
2. the language of the notebook the kernel runs (its metadata ``"language"``, written by
   ``make translations`` into ``translations/<lang>/``), which JupyterLab and Jupyter Notebook 7
   tell the kernel (``JPY_SESSION_NAME``, the notebook's path), as VS Code does
   (``__vsc_ipynb_file__``);
3. English.

A message without a translation, or whose translation lost one of its ``{fields}``, is shown in
English: :func:`gettext` never raises.
"""

import json
import os
import re
import sys
from pathlib import Path
from typing import NamedTuple


class Language(NamedTuple):
    """A language of the course: how HTML and notebooks name it, how it names itself, which way
    it is written."""

    tag: str        # BCP 47, for HTML's lang and a notebook's metadata
    name: str       # in the language itself, for a language switcher
    direction: str  # "ltr" or "rtl"


LANGUAGES = {
    "en": Language("en", "English", "ltr"),
    "fa": Language("fa", "فارسی", "rtl"),
    "zh_CN": Language("zh-CN", "中文", "ltr"),
}
"""Each language bpcourse speaks, by its gettext name (the folders ``locale/<lang>/``,
``translations/<lang>/``). Adding one starts here (README, "Adding a language")."""

LOCALE = Path(__file__).resolve().parent / "locale"
FIELD = re.compile(r"(?<!\{)\{(\w*)\}(?!\})")

_chosen = None
_catalogs = {}
_notebook_languages = {}


def _canonical(name):
    """``fa``, ``zh_CN`` from a gettext name or a BCP 47 tag (``zh-CN``), in any case."""
    if not isinstance(name, str):
        raise TypeError(f"a language is a string such as 'fa', got {type(name).__name__}")
    names = {spelling.lower(): lang for lang, spoken in LANGUAGES.items()
             for spelling in (lang, spoken.tag)}
    if name.strip().lower() not in names:
        raise ValueError(f"bpcourse speaks {', '.join(repr(k) for k in LANGUAGES)}; "
                         f"got {name!r}")
    return names[name.strip().lower()]


def set_language(name=None):
    """Speak ``name`` from now on (``"en"``, ``"fa"``, ``"zh_CN"``; ``"zh-CN"`` too); ``None``
    goes back to the notebook's language."""
    global _chosen
    _chosen = None if name is None else _canonical(name)


def _notebook_path():
    path = os.environ.get("JPY_SESSION_NAME")
    if not path:
        main = sys.modules.get("__main__")
        path = getattr(main, "__vsc_ipynb_file__", None)
    return path if path and path.endswith(".ipynb") else None


def _notebook_language(path):
    """The ``language`` in a notebook's metadata, or English; read once per notebook."""
    if path not in _notebook_languages:
        try:
            with open(path, encoding="utf-8") as f:
                tag = json.load(f).get("metadata", {}).get("language", "en")
            _notebook_languages[path] = _canonical(tag)
        except Exception:  # a notebook not saved yet, not JSON, or in a language we lack
            _notebook_languages[path] = "en"
    return _notebook_languages[path]


def language():
    """The language bpcourse speaks now: the one set, else the notebook's, else ``"en"``."""
    if _chosen is not None:
        return _chosen
    setting = os.environ.get("BPCOURSE_LANGUAGE")
    if setting:
        try:
            return _canonical(setting)
        except (TypeError, ValueError):
            return "en"
    path = _notebook_path()
    return _notebook_language(path) if path else "en"


def direction(name=None):
    """``"rtl"`` or ``"ltr"``: how the current language is written, or the language ``name``
    (``"fa"``, or a notebook's BCP 47 tag such as ``"zh-CN"``; ``"ltr"`` for one not in
    :data:`LANGUAGES`), which ``make slides`` asks for each deck."""
    if name is None:
        return LANGUAGES[language()].direction
    try:
        return LANGUAGES[_canonical(name)].direction
    except (TypeError, ValueError):
        return "ltr"


def _read_po(path):
    """The translated entries of a gettext catalog that are not fuzzy (msgid → msgstr): a reader
    of the few lines polib writes, so that a student needs no gettext library."""
    entries = {}
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        parts, key = {}, None
        for line in block.splitlines():
            if line.startswith("#"):  # comments, flags, the old English of a fuzzy entry
                parts["fuzzy"] = parts.get("fuzzy") or (line.startswith("#,") and "fuzzy" in line)
                continue
            word, _, rest = line.partition(" ")
            if word in ("msgctxt", "msgid", "msgstr"):
                key, parts[word] = word, json.loads(rest)
            elif line.startswith('"') and key:
                parts[key] += json.loads(line)
        if parts.get("msgid") and parts.get("msgstr") and not parts.get("fuzzy"):
            entries[parts["msgid"]] = parts["msgstr"]
    return entries


def catalog(lang):
    """Every translated message of ``lang`` (msgid → msgstr), read once."""
    lang = _canonical(lang)
    if lang not in _catalogs:
        merged = {}
        for path in sorted((LOCALE / lang).glob("*.po")):
            merged.update(_read_po(path))
        _catalogs[lang] = merged
    return _catalogs[lang]


def fields(text):
    """The named fields of a message, ``{name}`` (``{{`` and ``}}`` are literal braces)."""
    return set(FIELD.findall(text.replace("{{", "").replace("}}", "")))


def gettext(message, **values):
    """``message`` in the current language, its ``{fields}`` filled from ``values``.

    Without ``values`` the message is returned as it is (braces and all). English when the
    language is English, when ``message`` has no translation, or when the translation cannot be
    filled; never raises for a translation."""
    lang = language()
    text = message
    if lang != "en":
        text = catalog(lang).get(message, message)
    if not values:
        return text
    try:
        return text.format(**values)
    except (KeyError, IndexError, ValueError):
        return message.format(**values)


tr = gettext
