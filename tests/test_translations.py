"""The course in Persian and Chinese from one source (tools/translations.py, ``make translations``).

The English notebooks are the source; ``locale/<lang>/NN_topic.po`` hold the translations of their
Markdown, and ``translations/<lang>/NN_topic.ipynb`` are written from both. These tests hold for
every catalog in the repository: the translated notebook is what build writes now, its code and
outputs are the source's, nothing is fuzzy or missing, and the glossary of 00 is followed.
"""
import json
import re
import shutil

import polib
import pytest

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
    """notebooks/, locale/ and translations/ of 00 in Persian, copied into ``tmp_path``."""
    for part in ("notebooks/00_welcome.ipynb", "locale/fa/00_welcome.po",
                 "translations/fa/00_welcome.ipynb"):
        (tmp_path / part).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / part, tmp_path / part)
    return tmp_path


def test_the_pilot_has_a_persian_and_a_chinese_catalog_of_00():
    assert {("fa", "00_welcome"), ("zh_CN", "00_welcome")} <= set(CATALOGS)


@pytest.mark.parametrize("lang, stem", CATALOGS, ids=IDS)
def test_translated_notebook_is_what_build_writes_now(lang, stem):
    path = tr.translated_path(lang, stem)
    assert path.exists(), f"{path} missing: run make translations"
    assert path.read_text(encoding="utf-8") == tr.render(lang, stem), \
        f"{path.relative_to(ROOT)} is stale: run make translations"


@pytest.mark.parametrize("lang, stem", CATALOGS, ids=IDS)
def test_translated_code_cells_and_outputs_are_the_sources_byte_for_byte(lang, stem):
    source = load(tr.source_path(stem))
    translated = load(tr.translated_path(lang, stem))
    assert len(translated["cells"]) == len(source["cells"])
    for ours, theirs in zip(translated["cells"], source["cells"]):
        assert ours["cell_type"] == theirs["cell_type"]
        if theirs["cell_type"] == "markdown":  # only the text changes
            assert dump({k: v for k, v in ours.items() if k != "source"}) \
                == dump({k: v for k, v in theirs.items() if k != "source"})
        else:
            assert dump(ours) == dump(theirs), f"cell {theirs.get('id')} differs from the source"


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
    extracted = {e.msgid for e in po}
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
