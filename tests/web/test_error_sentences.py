"""Every refusal the code can raise reads as a sentence in the reader's language, as a page shows it.

The source is read, not a hand-kept list: every ``ParindexError(...)``, ``Refused(...)`` and
``RuleParamError(...)`` whose words are written where it is raised (``t("…")`` in the core,
``_("…")`` in the web) is built with its blanks filled, then rendered through the web's own filter
in Vietnamese and in English. No sentence may show its code, brackets, an exception's name, a
path, NumPy's ``np.`` or an unfilled blank; no Vietnamese sentence may keep a run of its English
template's words (the scan of the rendered text against the message catalogue).
"""
from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import gettext_lazy

import parindex
from parindex.core.errors import ParindexError, Where
from parindex.core.phrases import t

SRC = Path(parindex.__file__).parent
RAISERS = {"ParindexError": (1, 2), "Refused": (None, 1), "RuleParamError": (None, 2)}  # name: (code's position, title's)
BLANK = re.compile(r"\{(\w+)(?:[:!][^}]*)?\}")
ENGLISH_RUN = re.compile(r"[a-z]{3,}(?: [a-z]{3,})+")  # two or more English words in a row (acronyms such as CSV UTF-8 are shared)
NEVER = ["np.", "/tmp", "Traceback", "Error", "Exception", "None", "\\n"]
UNFILLED = re.compile(r"\{\w+\}|%\(\w+\)s")
PAGE = Template("{% load parindex %}{{ problem|sentence:LANGUAGE_CODE }}")


@dataclass
class Raised:
    where: str
    code: str
    english: list[str]  # the English templates of its words (to scan the Vietnamese for)
    error: ParindexError


def message(node: ast.AST | None) -> tuple[object, str | None]:
    """The words a call gives, built as the code builds them, and their English template; (None, None)
    for words computed at run time (they are checked where they are composed)."""
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args and isinstance(node.args[0], ast.Constant):
        template = node.args[0].value
        if node.func.id == "t":
            return t(template, **{name: 7 for name in BLANK.findall(template)}), template
        if node.func.id in ("_", "gettext", "gettext_lazy"):
            return gettext_lazy(template), template
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):  # _("… %(n)s …") % {…}
        words, template = message(node.left)
        if template is not None:
            return _Formatted(words, {name: 7 for name in re.findall(r"%\((\w+)\)", template)}), template
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value, node.value
    return None, None


class _Formatted:
    """A lazy web message with its %-blanks, formatted in the language active when it is read."""

    def __init__(self, words, values):
        self.words, self.values = words, values

    def __str__(self):
        return str(self.words) % self.values


def argument(call: ast.Call, position: int | None, name: str) -> ast.AST | None:
    if position is not None and len(call.args) > position - 1 >= 0:
        return call.args[position - 1]
    return next((k.value for k in call.keywords if k.arg == name), None)


def raised_in_source() -> list[Raised]:
    found = []
    for path in sorted(SRC.rglob("*.py")):
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in RAISERS):
                continue
            code_at, title_at = RAISERS[call.func.id]
            code_node = argument(call, code_at, "code") if code_at else None
            fixed_code = {"Refused": "refused", "RuleParamError": "rule_param"}.get(call.func.id)
            code = code_node.value if isinstance(code_node, ast.Constant) else fixed_code
            title, template = message(argument(call, title_at, "title"))
            if code is None or title is None:
                continue
            english = [template]
            words = {}
            for part in ("expected", "hint"):
                value, part_template = message(next((k.value for k in call.keywords if k.arg == part), None))
                if value is not None:
                    words[part] = value
                    english.append(part_template)
            error = ParindexError(code, title, Where(file="tinh.xlsx", sheet="Nhập liệu", row=7, column="C"),
                                  expected=words.get("expected"), got="abc", hint=words.get("hint"))
            found.append(Raised(f"{path.relative_to(SRC)}:{call.lineno}", code, english, error))
    return found


RAISED = raised_in_source()


def shown(error: ParindexError, lang: str) -> str:
    with translation.override(lang):
        return PAGE.render(Context({"problem": error, "LANGUAGE_CODE": lang}))


def test_the_source_raises_many_refusals_with_their_words_in_place():
    assert len(RAISED) > 120 and len({r.code for r in RAISED}) > 60


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_refusal_reads_without_codes_brackets_paths_or_class_names(lang):
    bad = []
    for raised in RAISED:
        text = shown(raised.error, lang)
        found = [n for n in NEVER if n in text] + UNFILLED.findall(text) + [raised.code for code in (raised.code, f"[{raised.code}]")
                                                                            if code in text and ("_" in code or "[" in code)]
        if found:
            bad.append(f"{raised.where} [{raised.code}] shows {found}: {text}")
    assert bad == [], "\n".join(bad)


def test_no_vietnamese_refusal_keeps_words_of_its_english():
    bad = []
    for raised in RAISED:
        text = shown(raised.error, "vi")
        for template in raised.english:
            runs = [run for run in ENGLISH_RUN.findall(BLANK.sub(" ", template)) if run in text]
            if runs:
                bad.append(f"{raised.where}: {runs} untranslated in: {text}")
        if any(word in text for word in ("expected", " got ", "hint:")):
            bad.append(f"{raised.where}: English connecting words in: {text}")
    assert bad == [], "\n".join(bad)
