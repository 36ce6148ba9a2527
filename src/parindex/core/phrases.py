"""Sentences the core says to people, in Vietnamese and English.

Every message of the core — an error's title, what was expected, a hint — is written once in English
as a template with named blanks, ``t("column '{column}' is missing", column=name)``, and has its
Vietnamese in ``phrases_vi.VI`` under the same template (as gettext keys a message by its source
text). A ``Phrase`` renders in either language, its blanks filled in that language's way: numbers
with the decimal comma in Vietnamese, yes/no in words. The core stays free of Django; the web shows
``phrase.get(lang)``, the command line and the logs ``str(phrase)`` (English).
``tests/core/test_phrases.py`` finds every template in the source and fails on one without its
Vietnamese, or whose blanks differ.

>>> p = t("column '{column}' is missing", column="w")
>>> str(p), p.get("vi")
("column 'w' is missing", "thiếu cột 'w'")
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from parindex.core.phrases_vi import VI


class Phrase(str):
    """A message: as a string, its English (what logs, the command line and existing code compare);
    ``get(lang)`` gives it in a person's language, its blanks filled in that language's way."""

    template: str  # English, with {name} blanks: also the key of its Vietnamese
    params: Mapping[str, Any]

    def __new__(cls, template: str, params: Mapping[str, Any] | None = None) -> "Phrase":
        params = dict(params or {})
        self = super().__new__(cls, _fill(template, params, "en"))
        self.template, self.params = template, params
        return self

    def get(self, lang: str = "vi") -> str:
        return _fill(VI.get(self.template, self.template) if lang != "en" else self.template, self.params, lang)

    def __reduce__(self):  # pickling keeps the template and its blanks
        return (Phrase, (self.template, dict(self.params)))


def _fill(template: str, params: Mapping[str, Any], lang: str) -> str:
    return template.format(**{k: word(v, lang) for k, v in params.items()})


Words = str | Phrase  # what a message's title, expectation or hint may be


def t(template: str, **params: Any) -> Phrase:
    """A message of the core, in English with its blanks named; rendered in a person's language."""
    return Phrase(template, params)


def word(value: Any, lang: str) -> str:
    """A blank's value as a person reads it: a phrase in the language, booleans as words, numbers
    with the language's decimal mark (and no NumPy type names), everything else as text."""
    if isinstance(value, Phrase):
        return value.get(lang)
    if hasattr(value, "vi") and hasattr(value, "en"):  # a bilingual text (``Text``, ``LazyText``)
        return value.en if lang == "en" else value.vi
    if isinstance(value, bool):
        return ("yes" if value else "no") if lang == "en" else ("có" if value else "không")
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # a NumPy scalar: its Python value
        value = value.item()
    if isinstance(value, float):
        if not math.isfinite(value):
            return str(value)
        text = f"{value:,.6g}" if abs(value) >= 1e6 else f"{value:.6g}"
        return text if lang == "en" else text.replace(",", " ").replace(".", ",")
    if isinstance(value, int):  # years, rows and small counts as written; large numbers grouped by thousands
        if abs(value) < 10000:
            return str(value)
        return f"{value:,}" if lang == "en" else f"{value:,}".replace(",", ".")
    return str(value)


def in_lang(text: Any, lang: str) -> str:
    """A message that may be a phrase, a plain string (looked up in the catalogue all the same) or nothing."""
    if text is None:
        return ""
    if isinstance(text, Phrase):
        return text.get(lang)
    return VI.get(text, text) if lang != "en" and isinstance(text, str) else str(text)
