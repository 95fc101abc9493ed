"""The language bpcourse speaks (bpcourse/language.py) and its message catalogs
(bpcourse/locale/, tools/messages.py)."""

import json
import re

import polib
import pytest
from test_translations import TERMS, forms

from bpcourse import language
from bpcourse.classroom import concepts
from tools import messages

PERSIAN = re.compile(r"[\u0600-\u06ff]")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(autouse=True)
def english_unless_set(monkeypatch):
    """Each test starts in English: no setting, no notebook; and leaves it so."""
    for name in ("BPCOURSE_LANGUAGE", "JPY_SESSION_NAME"):
        monkeypatch.delenv(name, raising=False)
    language.set_language(None)
    yield
    language.set_language(None)


def notebook(tmp_path, tag, name="n.ipynb"):
    path = tmp_path / name
    metadata = {"kernelspec": {"name": "python3"}} | ({"language": tag} if tag else {})
    path.write_text(json.dumps({"cells": [], "metadata": metadata, "nbformat": 4,
                                "nbformat_minor": 5}), encoding="utf-8")
    return str(path)


def test_english_is_spoken_when_nothing_says_otherwise():
    assert language.language() == "en"
    assert language.tr("❌ {name}: your function ran too long and was stopped",
                       name="f") == "❌ f: your function ran too long and was stopped"


def test_set_language_takes_a_bcp47_tag_or_a_gettext_name():
    language.set_language("zh-CN")
    assert language.language() == "zh_CN"
    language.set_language("fa")
    assert (language.language(), language.direction()) == ("fa", "rtl")


def test_set_language_refuses_a_language_it_does_not_speak_naming_those_it_does():
    with pytest.raises(ValueError, match=r"'en', 'fa', 'zh_CN'; got 'de'"):
        language.set_language("de")
    with pytest.raises(TypeError, match="got int"):
        language.set_language(3)


def test_the_environment_variable_sets_the_language(monkeypatch):
    monkeypatch.setenv("BPCOURSE_LANGUAGE", "fa")
    assert language.language() == "fa"


def test_an_unknown_language_in_the_environment_means_english(monkeypatch):
    monkeypatch.setenv("BPCOURSE_LANGUAGE", "klingon")
    assert language.language() == "en"


def test_the_notebook_of_the_kernel_gives_its_language(monkeypatch, tmp_path):
    monkeypatch.setenv("JPY_SESSION_NAME", notebook(tmp_path, "zh-CN"))
    assert language.language() == "zh_CN"


def test_a_notebook_without_a_language_is_english(monkeypatch, tmp_path):
    monkeypatch.setenv("JPY_SESSION_NAME", notebook(tmp_path, None, "plain.ipynb"))
    assert language.language() == "en"


def test_a_notebook_path_that_does_not_exist_is_english(monkeypatch, tmp_path):
    monkeypatch.setenv("JPY_SESSION_NAME", str(tmp_path / "gone.ipynb"))
    assert language.language() == "en"


def test_the_setting_wins_over_the_notebook(monkeypatch, tmp_path):
    monkeypatch.setenv("JPY_SESSION_NAME", notebook(tmp_path, "fa", "fa.ipynb"))
    language.set_language("en")
    assert language.language() == "en"


def test_a_translated_notebook_of_the_course_speaks_its_language(monkeypatch):
    monkeypatch.setenv("JPY_SESSION_NAME", str(messages.ROOT / "translations" / "fa"
                                               / "02_single_relu_neuron.ipynb"))
    verdict = concepts.check_which_weight_matters(lambda: "c")
    assert not verdict and verdict.message.startswith("❌ which_weight_matters: (c) نیست")


def test_a_message_is_translated_with_its_fields_filled():
    language.set_language("zh_CN")
    assert (language.tr("✅ {name}: right, ({letter}): {why}", name="q", letter="b", why="…")
            == "✅ q：正确，(b)：…")


def test_a_message_without_a_translation_stays_english():
    language.set_language("fa")
    assert language.tr("a sentence nobody wrote down") == "a sentence nobody wrote down"


def test_a_translation_that_lost_a_field_falls_back_to_english(monkeypatch):
    language.set_language("fa")
    monkeypatch.setitem(language.catalog("fa"), "{n} apples", "سیب")
    monkeypatch.setitem(language.catalog("fa"), "{n} pears", "{m} گلابی")
    assert language.tr("{n} apples", n=3) == "سیب"  # no field to fill: shown as translated
    assert language.tr("{n} pears", n=3) == "3 pears"


def test_without_fields_braces_are_kept_as_they_are():
    assert language.tr("a set {x, y}") == "a set {x, y}"


def test_the_fields_of_a_message_ignore_doubled_braces():
    assert language.fields("{name}: {{not a field}} {got}") == {"name", "got"}


def test_a_fuzzy_entry_is_not_used(tmp_path):
    po = polib.POFile()
    po.append(polib.POEntry(msgid="old", msgstr="کهنه", flags=["fuzzy"]))
    po.append(polib.POEntry(msgid="two\nlines", msgstr="دو\nخط"))
    po.append(polib.POEntry(msgid='a "quote"', msgstr='یک "نقل"'))
    po.save(str(tmp_path / "x.po"))
    assert language._read_po(tmp_path / "x.po") == {"two\nlines": "دو\nخط",
                                                    'a "quote"': 'یک "نقل"'}


def test_the_reader_agrees_with_polib_on_every_catalog_of_the_package():
    for path in sorted(language.LOCALE.glob("*/*.po")):
        expected = {e.msgid: e.msgstr for e in polib.pofile(str(path))
                    if e.msgstr and "fuzzy" not in e.flags}
        assert language._read_po(path) == expected, path


# -- the catalogs ---------------------------------------------------------------------------------

def test_every_message_of_bpcourse_is_translated_in_persian_and_chinese():
    assert messages.problems() == []


@pytest.mark.parametrize("lang, script", [("fa", PERSIAN), ("zh_CN", CHINESE)])
def test_every_translation_is_written_in_its_language(lang, script):
    for path in sorted((language.LOCALE / lang).glob("*.po")):
        for entry in polib.pofile(str(path)):
            if re.search(r"[A-Za-z]{3}", re.sub(r"\{\w*\}", "", entry.msgid)):
                assert script.search(entry.msgstr), (path.name, entry.msgid)


def test_extract_refuses_a_message_that_is_not_one_literal_string(tmp_path):
    package = tmp_path / "bpcourse"
    package.mkdir()
    (package / "m.py").write_text("def f(x):\n    return tr(f'{x} apples')\n")
    with pytest.raises(messages.MessageError, match=r"m.py:2: tr\(\) takes one literal string"):
        messages.messages(package / "m.py", package)


def fake_package(tmp_path, message):
    package = tmp_path / "bpcourse"
    package.mkdir(exist_ok=True)
    (package / "m.py").write_text(f"def f(name):\n    return tr({message!r}, name=name)\n")
    return package


def test_a_changed_message_keeps_its_old_translation_marked_fuzzy(tmp_path):
    package = fake_package(tmp_path, "❌ {name}: wrong sign")
    out = messages.extract("fa", package / "m.py", package)
    po = polib.pofile(str(out))
    po[0].msgstr = "❌ {name}: علامت اشتباه"
    po.save(str(out))
    fake_package(tmp_path, "❌ {name}: the sign is wrong")
    messages.extract("fa", package / "m.py", package)
    (entry,) = polib.pofile(str(out))
    assert (entry.msgid, entry.msgstr, entry.flags, entry.previous_msgid) == (
        "❌ {name}: the sign is wrong", "❌ {name}: علامت اشتباه", ["fuzzy"],
        "❌ {name}: wrong sign")


def test_check_names_a_translation_that_lost_a_field_or_its_mark(tmp_path):
    package = fake_package(tmp_path, "❌ {name}: wrong sign")
    for lang, text in (("fa", "❌ علامت اشتباه"), ("zh_CN", "{name}：符号错了")):
        out = messages.extract(lang, package / "m.py", package)
        po = polib.pofile(str(out))
        po[0].msgstr = text
        po.save(str(out))
    found = messages.problems(package)
    assert len(found) == 2
    assert "fields [] but the English has ['name']" in found[0]
    assert "must begin with ❌" in found[1]


def test_check_names_a_message_not_extracted_yet(tmp_path):
    package = fake_package(tmp_path, "❌ {name}: wrong sign")
    for lang in messages.TRANSLATED:
        messages.extract(lang, package / "m.py", package)
    fake_package(tmp_path, "❌ {name}: a new message")
    found = messages.problems(package)
    assert any("not extracted yet" in line and "a new message" in line for line in found)


def test_an_unchanged_catalog_is_refreshed_to_the_same_bytes(tmp_path):
    package = fake_package(tmp_path, "❌ {name}: wrong sign")
    out = messages.extract("fa", package / "m.py", package)
    po = polib.pofile(str(out), wrapwidth=100)
    po[0].msgstr = "❌ {name}: علامت اشتباه"
    po.save(str(out))
    before = out.read_bytes()
    messages.extract("fa", package / "m.py", package)
    assert out.read_bytes() == before


@pytest.mark.parametrize("lang", messages.TRANSLATED)
def test_a_message_said_by_two_modules_has_one_translation(lang):
    """The catalogs of a language are merged into one lookup: a message two modules share must be
    translated the same way in both, or one of them would be lost."""
    seen = {}
    for path in sorted((language.LOCALE / lang).glob("*.po")):
        for entry in polib.pofile(str(path)):
            if entry.msgstr and "fuzzy" not in entry.flags:
                first = seen.setdefault(entry.msgid, (path.name, entry.msgstr))
                assert first[1] == entry.msgstr, (entry.msgid, first[0], path.name)


@pytest.mark.parametrize("term", sorted(TERMS))
def test_the_checks_render_each_glossary_term_as_the_notebooks_do(term):
    """As tests/test_translations.py checks for the notebooks; a capitalised name (``Neuron``) is
    code here, so only the lower-case word counts."""
    word = re.compile(rf"\b{term}(e?s)?\b")
    for lang in messages.TRANSLATED:
        for path in sorted((language.LOCALE / lang).glob("*.po")):
            for e in polib.pofile(str(path)):
                prose = re.sub(r"`[^`]+`|\{\w*\}|\w+\.\w+\([^)]*\)", "", e.msgid)  # not code
                if word.search(prose) and e.msgstr:
                    assert any(form in e.msgstr for form in forms(lang, TERMS[term][lang])), \
                        f"{path.name}: {term!r} not {TERMS[term][lang]!r} in {e.msgstr!r}"


def test_direction_of_a_language_named_by_its_tag_or_name_and_ltr_for_one_it_lacks():
    assert [language.direction(name) for name in ("fa", "zh-CN", "en", "de", None)] == [
        "rtl", "ltr", "ltr", "ltr", "ltr"]
