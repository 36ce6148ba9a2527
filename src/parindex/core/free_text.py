"""Free text people type — reasons, explanations, notes, names — checked once, where it enters.

What is stored is what every later reader gets (the audit log, the public portal, PDFs, exports), so
text is refused when it cannot be stored faithfully everywhere or could mislead a reader:

* lone surrogates (not Unicode; they cannot be written as UTF-8) and NUL (PostgreSQL refuses it);
* other control characters, except tab and line breaks;
* bidirectional overrides and isolates (U+202A–U+202E, U+2066–U+2069), which can make a reason
  display as something other than what it says ("Trojan Source");
* longer than the kind's cap (a reason is a few sentences, not a document);
* nothing left once whitespace and invisible characters (zero-width spaces, joiners, the BOM, soft
  hyphens) are removed — for a required text, or for any text made of invisible characters.

Accepted text is normalised to NFC, so "Hải Phòng" typed with combining marks and precomposed is
one string.

>>> clean_text("Ha\u0309i Pho\u0300ng", REASON, "reason")
'Hải Phòng'
>>> clean_text("\u200b", REASON, "reason", required=True)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
parindex.core.errors.ParindexError: [blank_text] reason: the text is empty once spaces and invisible characters are removed; ...
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from parindex.core.errors import ParindexError, Where
from parindex.core.phrases import t

BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
ALLOWED_CONTROLS = frozenset("\t\n\r")


@dataclass(frozen=True)
class TextKind:
    """A kind of free text and its length cap (characters, after normalisation)."""

    name: str
    max_length: int


REASON = TextKind("reason", 2000)
EXPLANATION = TextKind("explanation", 5000)
NOTE = TextKind("note", 2000)
NAME = TextKind("name", 200)


def clean_text(value: Any, kind: TextKind, field: str, *, required: bool = False) -> str:
    """``value`` as stored text, or a ``ParindexError`` located at ``field``."""
    where = Where(path=field)
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ParindexError("bad_text", t('not text'), where, expected=t('text'), got=type(value).__name__)
    for position, char in enumerate(value, start=1):
        code = ord(char)
        if 0xD800 <= code <= 0xDFFF:
            raise ParindexError("bad_text", t('the text contains a broken character (a lone surrogate) at position {position}', position=position),
                                where, expected=t('valid Unicode text'), got=f"U+{code:04X}")
        if char in BIDI_CONTROLS:
            raise ParindexError("bad_text", t('the text contains a direction-override character at position {position}', position=position),
                                where, expected=t('text without bidirectional override or isolate characters'), got=f"U+{code:04X}")
        if unicodedata.category(char) == "Cc" and char not in ALLOWED_CONTROLS:
            raise ParindexError("bad_text", t('the text contains a control character at position {position}', position=position),
                                where, expected=t('printable text (tabs and line breaks allowed)'), got=f"U+{code:04X}")
    text = unicodedata.normalize("NFC", value)
    if len(text) > kind.max_length:
        raise ParindexError("text_too_long", t('the text is too long'), where,
                            expected=t('at most {max_length} characters', max_length=kind.max_length), got=f"{len(text):,} characters")
    if (required or _has_invisible(text)) and is_blank(text):  # "\u200b" is not an empty note: it hides that it is empty
        raise ParindexError("blank_text", t('the text is empty once spaces and invisible characters are removed'),
                            where, expected=t('words a reader can read'))
    return text


def _has_invisible(text: str) -> bool:
    return any(unicodedata.category(char) == "Cf" for char in text)


def is_blank(text: str) -> bool:
    """Nothing but whitespace and invisible format characters (zero-width space, BOM, …)."""
    return all(char.isspace() or unicodedata.category(char) == "Cf" for char in text)
