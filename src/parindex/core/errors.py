"""One error type for everything a user can get wrong.

Every error says *where* (file, sheet, row, column, YAML line and field path), *what was expected*
and *what was found*, so that a person can fix their file without reading our code. The same object
renders to CLI text, a form error and one JSON shape for the API.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from parindex.core.phrases import Phrase, Words, in_lang, t, word

# How many problems a message lists before it only counts the rest. Fifty is more than a screen:
# enough to see the pattern (one column off the scale, a whole sheet of bad weights) and fix it at
# the source. A 100,000-row file with an error in every row once printed 99,937 lines, which
# buried the first problem and blocked the terminal; ``ValidationFailed.problems`` keeps them all.
MAX_SHOWN_PROBLEMS = 50


@dataclass(frozen=True)
class Where:
    """A location in something a user gave us. Every part is optional; set what is known."""

    file: str | None = None
    line: int | None = None
    path: str | None = None  # field path inside a structured file, e.g. ``tree[2].children[0].max``
    sheet: str | None = None
    row: int | None = None  # 1-based, as a spreadsheet shows it (header row included)
    column: str | None = None

    def __str__(self) -> str:
        return self._joined("log")

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    def describe(self, lang: str = "vi") -> str:
        """The location as a person reads it: ``tệp a.csv, dòng 3, cột 'w'``."""
        return self._joined("en" if lang == "en" else "vi")

    def _joined(self, style: str) -> str:
        file, file_line, line, sheet, row, column = LOCATION_WORDS[style]
        parts = []
        if self.file:
            parts.append((file_line if self.line else file).format(file=self.file, line=self.line))
        elif self.line:
            parts.append(f"{line} {self.line}")
        if self.sheet:
            parts.append(f"{sheet} {self.sheet!r}")
        if self.row is not None:
            parts.append(f"{row} {self.row}")
        if self.column:
            parts.append(f"{column} {self.column!r}")
        if self.path:
            parts.append(self.path)
        return ", ".join(parts)


# How a location is written: in logs and the CLI ("a.csv:3"), and for a person in each language.
LOCATION_WORDS = {
    "log": ("{file}", "{file}:{line}", "line", "sheet", "row", "column"),
    "en": ("{file}", "{file} (line {line})", "line", "sheet", "row", "column"),
    "vi": ("tệp {file}", "tệp {file} (dòng {line})", "dòng", "trang tính", "dòng", "cột"),
}


@dataclass
class ParindexError(Exception):
    """Base error. ``code`` is stable (tests and API clients match on it); ``title`` is for people."""

    code: str
    title: str | Phrase  # a ``Phrase`` renders in the reader's language; a plain string is looked up the same way
    where: Where = field(default_factory=Where)
    expected: str | Phrase | None = None
    got: Any = None
    hint: str | Phrase | None = None

    def __post_init__(self) -> None:
        super().__init__(self.render())

    def __str__(self) -> str:
        return self.render()

    def render(self) -> str:
        head = f"{self.where}: " if str(self.where) else ""
        text = f"{head}{self.title}"
        if self.expected is not None:
            text += f"; expected {self.expected}"
        if self.got is not None:
            text += f", got {self.got!r}"
        if self.hint:
            text += f" (hint: {self.hint})"
        return f"[{self.code}] {text}"

    def sentence(self, lang: str = "vi") -> str:
        """What a person reads on a page: where, what is wrong, what was expected and found — in
        their language's words, without the code (``render`` keeps it for logs)."""
        vi = lang != "en"
        where = self.where.describe(lang)
        text = (f"{where}: " if where else "") + in_lang(self.title, lang)
        if self.expected is not None:
            text += f"; {'cần' if vi else 'expected'} {in_lang(self.expected, lang)}"
        if self.got is not None:
            got = f"«{self.got}»" if isinstance(self.got, str) else word(self.got, lang)
            text += f", {'nhận được' if vi else 'got'} {got}"
        if self.hint:
            text += f" ({'gợi ý' if vi else 'hint'}: {in_lang(self.hint, lang)})"
        if not where or vi:  # a sentence starts with a capital, a file name keeps its own case
            text = text[:1].upper() + text[1:]
        return text + ("" if text.endswith((".", "?", "!")) else ".")

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        """The API's shape: the stable code, and the words in ``lang``."""
        out: dict[str, Any] = {"code": self.code, "title": in_lang(self.title, lang), "where": self.where.as_dict()}
        for name in ("expected", "got", "hint"):
            value = getattr(self, name)
            if isinstance(value, Phrase):
                out[name] = value.get(lang)
            elif value is not None:
                plain = isinstance(value, (str, int, float, bool)) and not (isinstance(value, float) and not math.isfinite(value))
                out[name] = value if plain else repr(value)  # NaN and inf are not JSON
        return out

    def located(self, **where: Any) -> "ParindexError":
        """A copy with more of the location filled in (e.g. the file name, once it is known)."""
        merged = {**self.where.__dict__, **{k: v for k, v in where.items() if v is not None}}
        return type(self)(self.code, self.title, Where(**merged), self.expected, self.got, self.hint)


class Refused(ParindexError):
    """An action refused for a reason a person can act on (the stage, a missing reason, a deadline):
    the workflow's answer, as opposed to a file or value that is wrong."""

    def __init__(self, title: Words, expected: Words | None = None, got: Any = None, field: str | None = None):
        # ``field``: the form field the refusal is about, so the page marks that field invalid
        super().__init__("refused", title, Where(path=field), expected=expected, got=got)


class ValidationFailed(ParindexError):
    """Several problems found in one pass over a file: a user fixes them all at once, not one per run."""

    def __init__(self, source: str, problems: list[ParindexError]):
        self.problems = list(problems)
        super().__init__(
            code="validation_failed",
            title=t("{source}: {n} problem found" if len(self.problems) == 1 else "{source}: {n} problems found",
                    source=source, n=len(self.problems)),
            where=Where(file=source),
        )

    @property
    def shown(self) -> list[ParindexError]:
        """The problems a message lists: the first ``MAX_SHOWN_PROBLEMS``, in file order."""
        return getattr(self, "problems", [])[:MAX_SHOWN_PROBLEMS]

    @property
    def more(self) -> int:
        """How many problems a message only counts."""
        return max(0, len(getattr(self, "problems", [])) - MAX_SHOWN_PROBLEMS)

    def render(self) -> str:
        """The title, one line per shown problem, and one line counting the rest.

        >>> err = ValidationFailed("in.csv", [ParindexError("bad_value", "not a number", Where(row=r)) for r in range(2, 62)])
        >>> text = err.render().splitlines()
        >>> len(text), text[0], text[-1]
        (52, '[validation_failed] in.csv: 60 problems found', '  … and 10 more problems')
        """
        return "\n".join([f"[{self.code}] {self.title}", *("  " + line for line in capped_lines(getattr(self, "problems", [])))])

    def as_dict(self, lang: str = "en") -> dict[str, Any]:
        """The API shape: the shown problems, and ``more`` counting the others (0 when all are shown)."""
        return {**super().as_dict(lang), "problems": [p.as_dict(lang) for p in self.shown], "more": self.more}

    def located(self, **where: Any) -> "ValidationFailed":
        return ValidationFailed(where.get("file") or self.where.file or "", [p.located(**where) for p in self.problems])


def capped_lines(errors: list[ParindexError] | tuple[ParindexError, ...], noun: str = "problem",
                 lang: str | None = None) -> list[str]:
    """One rendered line per error up to ``MAX_SHOWN_PROBLEMS``, then one line counting the rest;
    for any list a person reads (problems, or the notes an import returns). With ``lang``, the
    lines are sentences for a page (``ParindexError.sentence``) rather than log lines."""
    lines = [e.render() if lang is None else e.sentence(lang) for e in errors[:MAX_SHOWN_PROBLEMS]]
    more = len(errors) - MAX_SHOWN_PROBLEMS
    if more > 0:
        lines.append(f"… và {more:,} lỗi khác." if lang == "vi" else f"… and {more:,} more {noun}{'' if more == 1 else 's'}")
    return lines


def raise_if_any(source: str, problems: list[ParindexError]) -> None:
    if problems:
        raise ValidationFailed(source, problems)
