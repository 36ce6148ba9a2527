"""Bilingual text. Vietnamese is the default language of every user-facing string."""
from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"


@dataclass(frozen=True)
class Text:
    """A string in Vietnamese and English."""

    vi: str
    en: str

    def get(self, lang: str = DEFAULT_LANGUAGE) -> str:
        return self.en if lang == "en" else self.vi

    def __str__(self) -> str:
        return self.vi

    def as_dict(self) -> dict[str, str]:
        return {"vi": self.vi, "en": self.en}


def format_number(value: float, lang: str = DEFAULT_LANGUAGE, decimals: int = 2, keep_one: bool = True) -> str:
    """Round to ``decimals``, drop trailing zeros (keeping one decimal if ``keep_one``).

    Vietnamese writes a decimal comma: ``format_number(0.5, "vi") == "0,5"``.

    >>> format_number(1, "en"), format_number(0.25, "en"), format_number(75.0, "en", keep_one=False)
    ('1.0', '0.25', '75')
    """
    text = f"{value:.{decimals}f}"
    if "." in text:
        text = text.rstrip("0")
        if text.endswith("."):
            text = text + "0" if keep_one else text[:-1]
    if text in ("-0.0", "-0"):
        text = text[1:]
    return text.replace(".", ",") if lang == "vi" else text


def format_count(n: int, lang: str = DEFAULT_LANGUAGE) -> str:
    """A count as people write it: ``1.234`` in Vietnamese, ``1,234`` in English.

    >>> format_count(1234, "vi"), format_count(1234, "en")
    ('1.234', '1,234')
    """
    text = f"{n:,}"
    return text.replace(",", ".") if lang != "en" else text


def format_fixed(value: float, lang: str = DEFAULT_LANGUAGE, decimals: int = 2) -> str:
    """Always ``decimals`` places, as published tables print points: ``format_fixed(68, "vi") == "68,00"``."""
    text = f"{value:.{decimals}f}"
    if text.startswith("-") and float(text) == 0:
        text = text[1:]
    return text.replace(".", ",") if lang == "vi" else text


def format_percent(share: float, lang: str = DEFAULT_LANGUAGE) -> str:
    """``0.75`` → ``"75 %"`` (a space before %, as both languages write it in official tables)."""
    return f"{format_number(share * 100, lang, keep_one=False)} %"


class LazyText:
    """Text in both languages, rendered only when read.

    A cycle of 1,000 units × 100 criteria makes 100,000 explanations; most are never displayed, so
    rules hand over a ``render(lang)`` function instead of formatting both sentences up front.
    Reads like ``Text``: ``.vi``, ``.en``, ``.get(lang)``, ``.as_dict()``.
    """

    __slots__ = ("_render", "_cache")

    def __init__(self, render):
        self._render = render
        self._cache: dict[str, str] = {}

    def get(self, lang: str = DEFAULT_LANGUAGE) -> str:
        lang = "en" if lang == "en" else "vi"
        if lang not in self._cache:
            self._cache[lang] = self._render(lang)
        return self._cache[lang]

    @property
    def vi(self) -> str:
        return self.get("vi")

    @property
    def en(self) -> str:
        return self.get("en")

    def as_dict(self) -> dict[str, str]:
        return {"vi": self.vi, "en": self.en}

    def __str__(self) -> str:
        return self.vi

    def __eq__(self, other: object) -> bool:
        return isinstance(other, (Text, LazyText)) and self.as_dict() == other.as_dict()

    def __hash__(self) -> int:
        return hash((self.vi, self.en))

    def __repr__(self) -> str:
        return f"LazyText(vi={self.vi!r}, en={self.en!r})"


def format_cell(value, lang: str = DEFAULT_LANGUAGE) -> str:
    """A table cell as published, on pages and in reports alike: whole numbers as they are, other
    numbers with two decimals, yes/no as ✓/✗, nothing as blank."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return format_fixed(value, lang)
    return str(value)


def of_lang(lang: str, vi: str, en: str) -> str:
    """Pick the Vietnamese or English word: ``of_lang(lang, "trên", "of")``."""
    return en if lang == "en" else vi
