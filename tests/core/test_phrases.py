"""Every sentence the core says has its Vietnamese: each ``t("…")`` template in the source is in the
catalogue with the same blanks, the catalogue holds nothing the source no longer says, and a refusal
reads as Vietnamese words from end to end."""
import ast
import re
from pathlib import Path

import pytest

import parindex
from parindex.core.errors import ParindexError, Where
from parindex.core.phrases import t, word
from parindex.core.phrases_vi import VI

SRC = Path(parindex.__file__).parent
BLANK = re.compile(r"(?<!\{)\{(\w+)\}(?!\})")


def templates_in_source() -> dict[str, str]:
    """Every template given to ``t``, with the file it is in (both branches of a conditional too)."""
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t" and node.args:
                first = node.args[0]
                for branch in (first.body, first.orelse) if isinstance(first, ast.IfExp) else (first,):
                    if isinstance(branch, ast.Constant) and isinstance(branch.value, str):
                        found.setdefault(branch.value, str(path.relative_to(SRC)))
    return found


TEMPLATES = templates_in_source()


def test_the_source_says_many_things():
    assert len(TEMPLATES) > 250


def test_every_template_has_its_vietnamese():
    missing = [f"{where}: {template!r}" for template, where in TEMPLATES.items() if template not in VI]
    assert missing == [], "add to core/phrases_vi.py:\n" + "\n".join(missing)


def test_a_translation_has_the_same_blanks_as_its_template():
    differ = [k for k, v in VI.items() if set(BLANK.findall(k)) != set(BLANK.findall(v))]
    assert differ == []


def test_the_catalogue_holds_nothing_the_source_no_longer_says():
    assert sorted(set(VI) - set(TEMPLATES)) == []


def test_a_refusal_reads_in_vietnamese_words_with_its_numbers_in_vietnamese_form():
    err = ParindexError("bad_value", t("{code} {label}: value does not fit", code="1.1.2", label=_Label("số đạt", "achieved")),
                        Where(file="tinh.xlsx", sheet="Nhập liệu", row=7, column="C"),
                        expected=t("a number from {low} to {high}", low=0.5, high=100), got="abc")
    text = err.sentence("vi")
    assert text == ("Tệp tinh.xlsx, trang tính 'Nhập liệu', dòng 7, cột 'C': 1.1.2 số đạt: giá trị không phù hợp; "
                    "cần một số từ 0,5 đến 100, nhận được «abc».")
    assert "expected" not in text and "[" not in text
    assert err.sentence("en").endswith("1.1.2 achieved: value does not fit; expected a number from 0.5 to 100, got «abc».")


def test_a_phrase_is_its_english_as_a_string():
    p = t("column '{column}' is missing", column="w")
    assert p == "column 'w' is missing" and "missing" in p and str(p) == p.get("en")


@pytest.mark.parametrize("value, vi, en", [(True, "có", "yes"), (0.25, "0,25", "0.25"), (2025, "2025", "2025"), (123456, "123.456", "123,456")])
def test_blanks_are_filled_in_each_languages_way(value, vi, en):
    import numpy as np

    assert (word(value, "vi"), word(value, "en")) == (vi, en)
    if not isinstance(value, bool):
        assert word(np.array([value])[0], "vi") == vi  # a NumPy number never shows as np.int64(…)


class _Label:
    def __init__(self, vi, en):
        self.vi, self.en = vi, en
