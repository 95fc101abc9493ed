"""The course in Persian and Chinese from one source (tools/translations.py, ``make translations``).

The English notebooks are the source; ``locale/<lang>/NN_topic.po`` hold the translations of their
Markdown and of their figures' alt texts, and ``translations/<lang>/NN_topic.ipynb`` are written
from both. These tests hold for every catalog in the repository: the translated notebook is what
build writes now, its code and outputs are the source's but for its figures' translated alt
texts, nothing is fuzzy or missing, and the glossary of 00 is followed. A translated notebook run
again stores the same alt texts (``display_figure`` reads bpcourse/locale/<lang>/figures.po).
"""
import copy
import json
import re
import shutil

import IPython.display
import matplotlib.pyplot as plt
import nbformat
import polib
import pytest

from bpcourse import language
from bpcourse.pictures import display_figure
from tools import translations as tr

ROOT = tr.ROOT
CATALOGS = tr.catalogs()
IDS = [f"{lang}/{stem}" for lang, stem in CATALOGS]
TOKENS = re.compile(r"\$\$.*?\$\$|\$[^$]+\$|`[^`]+`|\]\([^)]*\)", re.DOTALL)


def tokens(text):
    """The mathematics, code and link targets of ``text``, sorted; a blockquote's ``>`` markers
    and line breaks inside them do not count."""
    return sorted(" ".join(re.sub(r"(?:^|\s)>(?=\s)", " ", t).split())
                  for t in TOKENS.findall(text))


# Key terms of 00's glossary and the one rendering each catalog uses for them (each is checked
# to be in the glossary's row of that term).
TERMS = {
    "backpropagation": {"fa": "پس‌انتشار", "zh_CN": "反向传播"},
    "chain rule": {"fa": "قانون زنجیره‌ای", "zh_CN": "链式法则"},
    "computational graph": {"fa": "گراف محاسباتی", "zh_CN": "计算图"},
    "gradient": {"fa": "گرادیان", "zh_CN": "梯度"},
    "derivative": {"fa": "مشتق", "zh_CN": "导数"},
    "forward pass": {"fa": "گذر رو به جلو", "zh_CN": "前向传播"},
    "backward pass": {"fa": "گذر رو به عقب", "zh_CN": "反向传递"},
    "weight": {"fa": "وزن", "zh_CN": "权重"},
    "bias": {"fa": "بایاس", "zh_CN": "偏置"},
    "neuron": {"fa": "نورون", "zh_CN": "神经元"},
    "loss": {"fa": "تابع خطا", "zh_CN": "损失"},
    "learning rate": {"fa": "نرخ یادگیری", "zh_CN": "学习率"},
}
GLOSSARY_COLUMN = {"fa": "فارسی", "zh_CN": "中文"}
SCRIPT = {"fa": re.compile(r"[\u0600-\u06ff]"), "zh_CN": re.compile(r"[\u4e00-\u9fff]")}
LANGS = sorted({lang for lang, _ in CATALOGS})


def forms(lang, rendering):
    """A term's rendering and, in Persian, its plural, which goes on the noun before the
    adjective (گراف محاسباتی, گراف‌های محاسباتی)."""
    if lang != "fa" or " " not in rendering:
        return {rendering}
    noun, rest = rendering.split(" ", 1)
    return {rendering, f"{noun}\u200cهای {rest}", f"{noun}های {rest}"}


def load(path):
    return json.loads(path.read_text(encoding="utf-8"))


def dump(value):
    return json.dumps(value, sort_keys=True, ensure_ascii=False, indent=1)


def alt(output):
    """The alt text stored with a figure (an output with a PNG), or None."""
    return output.get("metadata", {}).get("image/png", {}).get("alt")


def figures(notebook):
    """Every output of a notebook's code cells that shows a PNG, in order."""
    return [output for cell in notebook["cells"] if cell["cell_type"] == "code"
            for output in cell.get("outputs", []) if "image/png" in output.get("data", {})]


def alt_translations(lang, stem):
    """{English alt text: its translation} of a notebook's catalog (msgctxt "alt text")."""
    return {e.msgid: " ".join(e.msgstr.split())
            for e in polib.pofile(str(tr.catalog_path(lang, stem))) if e.msgctxt == "alt text"}


def glossary():
    """{English term: {column header: cell}} from the glossary tables of 00."""
    rows = {}
    for cell in load(tr.NOTEBOOKS / "00_welcome.ipynb")["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] != "markdown" or "| English |" not in source:
            continue
        lines = [line for line in source.splitlines() if line.startswith("|")]
        header = [c.strip() for c in lines[0].strip("|").split("|")]
        for line in lines[2:]:
            cells = [c.strip() for c in line.strip("|").split("|")]
            rows[cells[0]] = dict(zip(header, cells))
    return rows


@pytest.fixture
def copy_of_00(tmp_path):
    """notebooks/, locale/ and translations/ of 00 in Persian, copied into ``tmp_path``, with the
    figures' catalog build writes from them."""
    for part in ("notebooks/00_welcome.ipynb", "locale/fa/00_welcome.po",
                 "translations/fa/00_welcome.ipynb"):
        (tmp_path / part).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / part, tmp_path / part)
    tr.build_figures("fa", tmp_path)
    return tmp_path


@pytest.fixture
def shown(monkeypatch):
    """The alt texts ``display_figure`` shows figures with (instead of a notebook), in English
    unless a test sets a language, which is unset afterwards."""
    alts = []
    monkeypatch.setattr(IPython.display, "display",
                        lambda fig, metadata: alts.append(metadata["image/png"]["alt"]))
    for name in ("BPCOURSE_LANGUAGE", "JPY_SESSION_NAME"):
        monkeypatch.delenv(name, raising=False)
    language.set_language(None)
    yield alts
    language.set_language(None)


def test_the_pilot_has_a_persian_and_a_chinese_catalog_of_00():
    assert {("fa", "00_welcome"), ("zh_CN", "00_welcome")} <= set(CATALOGS)


@pytest.mark.parametrize("lang, stem", CATALOGS, ids=IDS)
def test_translated_notebook_is_what_build_writes_now(lang, stem):
    path = tr.translated_path(lang, stem)
    assert path.exists(), f"{path} missing: run make translations"
    assert path.read_text(encoding="utf-8") == tr.render(lang, stem), \
        f"{path.relative_to(ROOT)} is stale: run make translations"


@pytest.mark.parametrize("lang, stem", CATALOGS, ids=IDS)
def test_translated_code_cells_and_outputs_are_the_sources_byte_for_byte_but_alt_texts(lang, stem):
    """Only each figure's alt text changes, to its catalog's translation: the code, what it
    prints and the explorers (widget outputs and their state) stay the source's, English."""
    source = load(tr.source_path(stem))
    translated = load(tr.translated_path(lang, stem))
    alts = alt_translations(lang, stem)
    assert len(translated["cells"]) == len(source["cells"])
    for ours, theirs in zip(translated["cells"], source["cells"]):
        assert ours["cell_type"] == theirs["cell_type"]
        if theirs["cell_type"] == "markdown":  # only the text changes
            assert dump({k: v for k, v in ours.items() if k != "source"}) \
                == dump({k: v for k, v in theirs.items() if k != "source"})
        else:
            expected = copy.deepcopy(theirs)
            for output in expected.get("outputs", []):
                if alt(output) is not None:
                    output["metadata"]["image/png"]["alt"] = alts[alt(output)]
            assert dump(ours) == dump(expected), \
                f"cell {theirs.get('id')} differs from the source"


@pytest.mark.parametrize("lang, stem", CATALOGS, ids=IDS)
def test_every_figure_of_a_translated_notebook_has_its_alt_text_in_its_language(lang, stem):
    english = [alt(output) for output in figures(load(tr.source_path(stem)))]
    translated = [alt(output) for output in figures(load(tr.translated_path(lang, stem)))]
    assert translated and len(translated) == len(english)
    for ours, theirs in zip(translated, english):
        assert ours and ours != theirs and SCRIPT[lang].search(ours), ours


@pytest.mark.parametrize("lang, stem", CATALOGS, ids=IDS)
def test_notebook_metadata_is_the_sources_with_its_language(lang, stem):
    source = load(tr.source_path(stem))["metadata"]
    translated = load(tr.translated_path(lang, stem))["metadata"]
    assert translated.pop("language") == tr.LANGUAGES[lang][0]
    assert dump(translated) == dump(source)


@pytest.mark.parametrize("lang, stem", CATALOGS, ids=IDS)
def test_no_entry_is_fuzzy_or_missing(lang, stem):
    po = polib.pofile(str(tr.catalog_path(lang, stem)))
    untranslated = [e.msgid for e in po if "fuzzy" in e.flags or not e.msgstr]
    extracted = {(e.msgctxt, e.msgid) for e in po}
    not_extracted = [m for m in tr.english_entries(tr.read_notebook(tr.source_path(stem)), stem)
                     if m not in extracted]
    assert not untranslated and not not_extracted, \
        f"fuzzy or missing: {untranslated}; not extracted yet: {not_extracted}"


@pytest.mark.parametrize("lang, stem", CATALOGS, ids=IDS)
def test_every_link_to_a_notebook_leads_to_one_that_exists(lang, stem):
    """A notebook not translated yet is linked in English (../../notebooks/)."""
    path = tr.translated_path(lang, stem)
    links = re.findall(r"\]\(([^)#:]+\.ipynb)", path.read_text(encoding="utf-8"))
    assert links
    for link in links:
        assert (path.parent / link).resolve().exists(), link


def test_check_reports_nothing_for_the_repository():
    assert tr.problems() == []


@pytest.mark.parametrize("lang, stem", CATALOGS, ids=IDS)
def test_each_translation_keeps_its_englishs_mathematics_code_and_links(lang, stem):
    for e in polib.pofile(str(tr.catalog_path(lang, stem))):
        assert tokens(e.msgstr) == tokens(e.msgid), e.msgid


@pytest.mark.parametrize("path", sorted(tr.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")),
                         ids=lambda p: p.stem)
def test_the_units_of_every_notebooks_markdown_put_together_give_its_source(path):
    for cell in load(path)["cells"]:
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"])
            pieces = tr.units(source)
            assert "".join(p[1] if isinstance(p, tuple) else
                           p.prefix + p.raw if isinstance(p, tr.Unit) else p
                           for p in pieces) == source


@pytest.mark.parametrize("path", sorted(tr.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")),
                         ids=lambda p: p.stem)
def test_a_notebook_not_translated_yet_keeps_its_english_markdown_untouched(path):
    for cell in load(path)["cells"]:
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"])
            assert tr.translate_cell(source, {}, "zh_CN", set()) \
                == f'<div lang="zh-CN">\n\n{source}\n\n</div>'


def test_a_changed_english_paragraph_marks_its_entry_fuzzy_and_keeps_the_old_translation(
        copy_of_00):
    nb_path = copy_of_00 / "notebooks" / "00_welcome.ipynb"
    old = "The red numbers are what backpropagation produces."
    new = "The red numbers are what backpropagation computes."
    text = nb_path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    nb_path.write_text(text.replace(old, new), encoding="utf-8")
    before = {e.msgid: e.msgstr for e in polib.pofile(str(tr.catalog_path("fa", "00_welcome",
                                                                          copy_of_00)))}
    tr.extract("fa", "00_welcome", copy_of_00)
    po = polib.pofile(str(tr.catalog_path("fa", "00_welcome", copy_of_00)))
    (entry,) = [e for e in po if new in e.msgid]
    (old_msgid,) = [m for m in before if old in m]
    assert "fuzzy" in entry.flags
    assert entry.msgstr == before[old_msgid]
    assert entry.previous_msgid == old_msgid
    assert not [e for e in po if e.msgid == old_msgid]  # the old English is dropped
    assert [e.msgid for e in po if "fuzzy" in e.flags] == [entry.msgid]
    assert any("fuzzy" in line and entry.msgid[:40] in line for line in tr.problems(copy_of_00))


def test_a_new_english_paragraph_is_named_missing_until_translated(copy_of_00):
    nb_path = copy_of_00 / "notebooks" / "00_welcome.ipynb"
    nb = load(nb_path)
    nb["cells"][-1]["source"].append("\n\nPrinted outputs stay in English.")
    nb_path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert any("not extracted yet" in line and "Printed outputs" in line
               for line in tr.problems(copy_of_00))
    tr.extract("fa", "00_welcome", copy_of_00)
    (entry,) = [e for e in polib.pofile(str(tr.catalog_path("fa", "00_welcome", copy_of_00)))
                if e.msgid == "Printed outputs stay in English."]
    assert entry.msgstr == "" and "fuzzy" not in entry.flags
    assert any(line.endswith("missing: 'Printed outputs stay in English.'")
               for line in tr.problems(copy_of_00))


def test_check_exits_non_zero_naming_each_fuzzy_entry(copy_of_00, capsys):
    path = tr.catalog_path("fa", "00_welcome", copy_of_00)
    po = polib.pofile(str(path))
    for e in po:
        if e.msgid in ("Summary", "Conventions"):
            e.flags.append("fuzzy")
    path.write_text(str(po) + "\n", encoding="utf-8")
    assert tr.main(["--root", str(copy_of_00), "check"]) == 1
    out = capsys.readouterr().out
    assert "fuzzy (the English changed): 'Summary'" in out
    assert "fuzzy (the English changed): 'Conventions'" in out


def test_an_image_alone_in_a_paragraph_gives_its_alt_text_to_translate():
    source = "Look:\n\n![the 2-3-2 network, every weight an arrow](pictures/net.png)\n"
    assert tr.msgids(source) == ["Look:", "the 2-3-2 network, every weight an arrow"]
    po = {"the 2-3-2 network, every weight an arrow":
          polib.POEntry(msgid="the 2-3-2 network, every weight an arrow",
                        msgstr="شبکهٔ 2-3-2، هر وزن یک پیکان")}
    assert "![شبکهٔ 2-3-2، هر وزن یک پیکان](pictures/net.png)" \
        in tr.translate_cell(source, po, "fa", set())


def test_a_figures_alt_text_is_an_entry_of_its_own_with_the_context_alt_text():
    """A figure's alt text, read from its output, is not the Markdown unit of the same English."""
    text = "The 2-3-2 network, every weight an arrow."
    figure = nbformat.v4.new_output("display_data", data={"image/png": "iVBO"},
                                    metadata={"image/png": {"alt": text}})
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(text, id="m"),
                                         nbformat.v4.new_code_cell("draw()", id="c",
                                                                   outputs=[figure])])
    assert tr.english_entries(nb, "00_x") == {(None, text): [("00_x.ipynb", "m")],
                                               ("alt text", text): [("00_x.ipynb", "c")]}
    po = tr.merge(None, tr.english_entries(nb, "00_x"), "fa")
    assert [(e.msgctxt, e.msgid) for e in po] == [(None, text), ("alt text", text)]


def test_a_fuzzy_alt_text_stays_english_in_the_built_notebook_and_the_figures_catalog(
        copy_of_00):
    path = tr.catalog_path("fa", "00_welcome", copy_of_00)
    po = polib.pofile(str(path))
    entry = next(e for e in po if e.msgctxt == "alt text")
    entry.flags.append("fuzzy")
    path.write_text(str(po) + "\n", encoding="utf-8")
    notebook = json.loads(tr.render("fa", "00_welcome", copy_of_00))
    assert entry.msgid in [alt(output) for output in figures(notebook)]
    assert entry.msgid not in tr.render_figures("fa", copy_of_00)


@pytest.mark.parametrize("lang", LANGS)
def test_the_figures_catalog_of_the_package_is_what_build_writes_now(lang):
    path = tr.figures_path(lang)
    assert path.read_text(encoding="utf-8") == tr.render_figures(lang), \
        f"{path.relative_to(ROOT)} is stale: run make translations"
    assert path.read_text(encoding="utf-8").startswith("# Generated by python -m tools."
                                                       "translations build")


def test_check_names_a_stale_figures_catalog(copy_of_00):
    before = tr.problems(copy_of_00)  # (the copy's links to 01-10 go to the English ones)
    path = tr.figures_path("fa", copy_of_00)
    path.write_text(path.read_text(encoding="utf-8").replace("شبکهٔ", "شبکه"), encoding="utf-8")
    assert [line for line in tr.problems(copy_of_00) if line not in before] \
        == ["bpcourse/locale/fa/figures.po: not what build writes now (run make translations)"]


def test_display_figure_stores_the_persian_alt_text_when_the_language_is_persian(shown):
    english = alt(figures(load(tr.source_path("01_chain_rule")))[0])
    persian = alt(figures(load(tr.translated_path("fa", "01_chain_rule")))[0])
    language.set_language("fa")
    display_figure(plt.figure(), english)
    assert shown == [persian]
    assert persian.startswith("منحنی f(x) = x³ − 2x")


def test_display_figure_stores_english_in_english(shown):
    english = alt(figures(load(tr.source_path("01_chain_rule")))[0])
    display_figure(plt.figure(), english)
    assert shown == [english]


def test_an_alt_text_without_a_translation_stays_english(shown):
    language.set_language("fa")
    display_figure(plt.figure(), "A figure\n  nobody has translated.")
    assert shown == ["A figure nobody has translated."]


@pytest.mark.parametrize("lang", LANGS)
def test_a_translated_notebook_run_again_stores_the_alt_texts_build_wrote(lang, shown):
    language.set_language(lang)
    expected = []
    for stem in [s for lng, s in CATALOGS if lng == lang]:
        for output in figures(load(tr.source_path(stem))):
            display_figure(plt.figure(), alt(output))
        expected += [alt(output) for output in figures(load(tr.translated_path(lang, stem)))]
    assert shown == expected


def test_an_unchanged_catalog_is_refreshed_to_the_same_bytes(copy_of_00):
    path = tr.catalog_path("fa", "00_welcome", copy_of_00)
    before = path.read_bytes()
    tr.extract("fa", "00_welcome", copy_of_00)
    assert path.read_bytes() == before


def test_a_fuzzy_entry_stays_english_in_the_built_notebook(copy_of_00):
    path = tr.catalog_path("fa", "00_welcome", copy_of_00)
    po = polib.pofile(str(path))
    (entry,) = [e for e in po if e.msgid == "The map of the course"]
    entry.flags.append("fuzzy")
    path.write_text(str(po) + "\n", encoding="utf-8")
    assert "## The map of the course" in tr.render("fa", "00_welcome", copy_of_00)


def test_check_names_a_stale_translated_notebook(copy_of_00):
    path = tr.translated_path("fa", "00_welcome", copy_of_00)
    path.write_text(path.read_text(encoding="utf-8").replace("نقشهٔ درس", "نقشه"),
                    encoding="utf-8")
    assert tr.problems(copy_of_00) == ["translations/fa/00_welcome.ipynb: not what build writes "
                                       "now (run make translations)"]
    assert tr.main(["check"]) == 0  # the repository itself is untouched


@pytest.mark.parametrize("term", TERMS)
def test_glossary_terms_are_rendered_the_same_way_wherever_they_occur(term):
    rows = glossary()
    (row,) = [cells for english, cells in rows.items()
              if re.split(r" \(|:", english)[0].lower() == term]
    word = re.compile(rf"\b{term}(e?s)?\b", re.IGNORECASE)
    for lang, stem in CATALOGS:
        rendering = TERMS[term][lang]
        assert rendering in row[GLOSSARY_COLUMN[lang]], f"{rendering} is not 00's glossary's"
        for e in polib.pofile(str(tr.catalog_path(lang, stem))):
            prose = re.sub(r"`[^`]+`|\]\([^)]*\)", "", e.msgid)  # not code, not link targets
            if word.search(prose) and e.msgstr:
                assert any(form in e.msgstr for form in forms(lang, rendering)), \
                    f"{lang}/{stem}: {term!r} not {rendering!r} in {e.msgstr!r}"


@pytest.mark.parametrize("stem", [s for lang, s in CATALOGS if lang == "fa"])
def test_persian_markdown_cells_carry_dir_rtl_and_lang_fa(stem):
    for cell in load(tr.translated_path("fa", stem))["cells"]:
        if cell["cell_type"] == "markdown":
            source = "".join(cell["source"])
            assert source.startswith('<div dir="rtl" lang="fa">\n\n'), source[:60]
            assert source.endswith("\n\n</div>")


@pytest.mark.parametrize("stem", [s for lang, s in CATALOGS if lang == "fa"])
def test_persian_inline_math_and_code_are_left_to_right(stem):
    for cell in load(tr.translated_path("fa", stem))["cells"]:
        if cell["cell_type"] == "markdown":
            # (a heading's English anchor, <a id="...">, is an attribute, not prose)
            prose = re.sub(r"<span dir=\"ltr\"[^>]*>.*?</span>|\$\$.*?\$\$|```.*?```"
                           r"|<a id=\"[^\"]*\"></a>", "",
                           "".join(cell["source"]), flags=re.DOTALL)
            assert not re.search(r"\$[^$]+\$|`[^`]+`", prose), prose


@pytest.mark.parametrize(("lang", "stem"), CATALOGS)
def test_every_headings_anchor_is_a_plain_attribute_after_its_text(lang, stem):
    """A heading keeps its English anchor, ``<a id="..."></a>``, after the translated text:
    the id never holds markup (a right-to-left span around its $math$ would end the tag)."""
    for cell in load(tr.translated_path(lang, stem))["cells"]:
        if cell["cell_type"] == "markdown":
            for anchor in re.findall(r'<a id="([^"]*)"', "".join(cell["source"])):
                assert "<" not in anchor and ">" not in anchor, anchor


def test_translated_notebooks_lie_outside_every_glob_of_the_course():
    for lang, stem in CATALOGS:
        path = tr.translated_path(lang, stem)
        assert tr.NOTEBOOKS not in path.parents
        assert path.parent.parent.name == "translations"
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'testpaths = \["tests", "notebooks"\]', text)
