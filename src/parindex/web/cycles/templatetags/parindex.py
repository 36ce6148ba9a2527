"""Template filters that show core values in the page's language."""
from django import template

from parindex.core.text import format_cell, format_fixed, format_number

register = template.Library()


@register.filter
def in_lang(text, lang):
    """A core ``Text`` / ``LazyText`` (or a ``{vi, en}`` dict) in the page's language."""
    if text is None:
        return ""
    if isinstance(text, dict):
        return text.get("en" if lang == "en" else "vi", "")
    return text.get(lang)


@register.filter
def sentence(error, lang):
    """A refusal as a person reads it, in the page's language (no error code)."""
    return error.sentence(lang) if error is not None else ""


@register.filter
def title_in(cycle, lang):
    return cycle.title(lang)


@register.filter
def points(value, lang="vi"):
    return "" if value is None else format_number(value, lang)


@register.filter
def answer(value, lang="vi"):
    """An input value as a person reads it: yes/no in words, numbers in the language's format, — when empty."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return ("có" if value else "không") if lang != "en" else ("yes" if value else "no")
    if isinstance(value, (int, float)):
        return format_number(value, lang, keep_one=False) if value != int(value) else str(int(value))
    return value


@register.filter
def fixed(value, lang="vi"):
    return "" if value is None else format_fixed(value, lang)


@register.filter
def percent(share, lang="vi"):
    """A share (0..1) as the published percentage with two decimals."""
    return "" if share is None else format_fixed(share * 100, lang)


@register.filter
def cell(value, lang="vi"):
    """A table cell as published (``format_cell``); text other than numbers passes through as it is."""
    return format_cell(value, lang) if value is None or isinstance(value, (bool, int, float)) else value


@register.filter
def get(row, key):
    return row.get(key)


@register.filter
def split(text):
    return text.split()
