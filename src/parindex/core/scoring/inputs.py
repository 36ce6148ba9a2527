"""The inputs a rule asks of a unit, and how a raw cell (from Excel, CSV or a form) becomes one.

Coercion is strict on purpose: ``"12,5"`` is read as 12.5 (Vietnamese decimal comma), but ``"about
10"`` is an error naming what was expected, never silently 0. So are values no count, share or
point can take: ``NaN`` (which would otherwise read as "not provided" and clear a value), ``inf``,
``"1e400"`` and integers too large for a float (which used to escape as ``OverflowError``).
"""
from __future__ import annotations

import math
import random
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from parindex.core.errors import ParindexError, Where
from parindex.core.phrases import Phrase, Words, t
from parindex.core.text import Text

# The largest magnitude an input may have: 2**53, up to which a float holds every whole number
# exactly, so a count stays the count that was typed. No PAR or SIPAS input (counts of documents,
# shares, days, points) comes near it; anything beyond is a slip or an attack, and past ~1.8e308 a
# float overflows altogether.
MAX_MAGNITUDE = 2.0 ** 53
# How far an example value goes past an open bound: beyond any real count of documents or days
# late, far within MAX_MAGNITUDE.
EXAMPLE_SPAN = 1000

YES = {"yes", "y", "true", "1", "có", "co", "x", "đạt", "dat"}
NO = {"no", "n", "false", "0", "không", "khong", "không đạt", "khong dat"}


class InputValueError(ValueError):
    """A raw value that does not fit its input; ``expected`` says what would."""

    def __init__(self, expected: Words, got: Any):
        super().__init__(f"expected {expected}, got {got!r}")
        self.expected = expected
        self.got = got


@dataclass(frozen=True)
class InputField:
    """One value a unit enters for a leaf, e.g. the numerator of a ratio.

    ``kind`` is ``number``, ``integer`` or ``boolean``. ``minimum``/``maximum`` bound it (the rule
    fills in the maximum where it depends on the leaf, as for manual points).
    """

    name: str
    kind: str
    label: Text
    minimum: float | None = 0.0
    maximum: float | None = None

    def describe(self) -> Phrase:
        """What the field takes, as a person reads it in either language."""
        if self.kind == "boolean":
            return t("yes or no (có/không, 1/0)")
        whole = self.kind == "integer"
        if self.minimum is not None and self.maximum is not None:
            return t("a whole number from {low} to {high}" if whole else "a number from {low} to {high}", low=self.minimum, high=self.maximum)
        if self.minimum is not None:
            return t("a whole number ≥ {low}" if whole else "a number ≥ {low}", low=self.minimum)
        return t("a whole number") if whole else t("a number")

    def describe_bounds(self) -> Phrase:
        """What a value out of every bound (NaN, infinite, astronomically large) is told is expected."""
        bounded = self.minimum is not None and self.maximum is not None and max(abs(self.minimum), abs(self.maximum)) <= MAX_MAGNITUDE
        if bounded:
            return t("a finite number within bounds ({what})", what=self.describe())
        return t("a finite number within bounds ({what}, at most {size} in size)", what=self.describe(), size=int(MAX_MAGNITUDE))

    def example(self, rng: random.Random) -> Any:
        """Any value this field accepts, its bounds included, as ``rng`` decides: what a property test
        feeds a rule. An open bound reaches ``EXAMPLE_SPAN`` beyond the other (or beyond 0).

        >>> days_late = InputField("days_late", "integer", Text("số ngày chậm", "days late"), minimum=None)
        >>> rng = random.Random(1)
        >>> [days_late.example(rng) for _ in range(5)]
        [-725, 165, 735, 643, 564]
        >>> share = InputField("estimate", "number", Text("tỷ lệ", "share"), 0.0, 1.0)
        >>> rng = random.Random(3)
        >>> [round(share.example(rng), 3) for _ in range(6)]
        [0.544, 0.604, 0.066, 1.0, 0.234, 0.47]
        """
        if self.kind == "boolean":
            return rng.random() < 0.5
        low = self.minimum if self.minimum is not None else min(0.0, self.maximum or 0.0) - EXAMPLE_SPAN
        high = self.maximum if self.maximum is not None else max(0.0, low) + EXAMPLE_SPAN
        if self.kind == "integer":
            return rng.randint(math.ceil(low), math.floor(high))
        return rng.choice((low, high)) if rng.random() < 0.1 else rng.uniform(low, high)

    def coerce(self, raw: Any) -> Any:
        """Turn a raw cell into a typed value; ``None`` means 'not provided' (an empty cell, never NaN)."""
        if raw is None:
            return None
        if isinstance(raw, str):
            raw = raw.strip()
            if raw == "":
                return None
        if self.kind == "boolean":
            return self._coerce_boolean(raw)
        value = self._coerce_number(raw)
        if self.minimum is not None and value < self.minimum - 1e-12:
            raise InputValueError(self.describe(), raw)
        if self.maximum is not None and value > self.maximum + 1e-9:
            raise InputValueError(self.describe(), raw)
        return value

    def _coerce_boolean(self, raw: Any) -> bool:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, (int, float)) and raw in (0, 1):
            return bool(raw)
        text = str(raw).strip().lower()
        if text in YES:
            return True
        if text in NO:
            return False
        raise InputValueError(self.describe(), raw)

    def _coerce_number(self, raw: Any) -> float | int:
        if isinstance(raw, bool):
            raise InputValueError(self.describe(), raw)
        if isinstance(raw, int):
            if abs(raw) > MAX_MAGNITUDE:  # before float(): a 400-digit integer overflows it
                raise InputValueError(self.describe_bounds(), _short(raw))
            value = float(raw)
        elif isinstance(raw, float):
            value = raw
        else:
            text = str(raw).replace(" ", "").replace("\u00a0", "")
            if text.count(",") == 1 and "." not in text:
                text = text.replace(",", ".")
            try:
                value = float(text)
            except ValueError:
                raise InputValueError(self.describe(), raw) from None
        if not math.isfinite(value) or abs(value) > MAX_MAGNITUDE:
            raise InputValueError(self.describe_bounds(), _short(raw))
        if self.kind == "integer":
            if value != int(value):
                raise InputValueError(self.describe(), raw)
            return int(value)
        return value


def coerce_fields(leaf_code: str, fields: Iterable[InputField], raw: Mapping[str, Any]) -> dict[str, Any]:
    """Form or API values for one leaf → typed values. A refusal is a ``ParindexError`` located at
    the field (``where.path`` = ``leaf:field``), never a bare ``ValueError`` or ``OverflowError``.

    >>> field = InputField("count", "integer", Text("số", "count"))
    >>> coerce_fields("1.3", [field], {"count": "2"})
    {'count': 2}
    >>> try:
    ...     coerce_fields("1.3", [field], {"count": 10 ** 400})
    ... except ParindexError as err:
    ...     print(err.where.path, "|", err.expected)
    1.3:count | a finite number within bounds (a whole number ≥ 0, at most 9,007,199,254,740,992 in size)
    """
    out = {}
    for field in fields:
        try:
            out[field.name] = field.coerce(raw.get(field.name))
        except InputValueError as err:
            raise ParindexError("bad_value", t("{leaf_code} {label}: value does not fit", leaf_code=leaf_code, label=field.label),
                                Where(path=f"{leaf_code}:{field.name}"), err.expected, err.got) from None
    return out


def any_inputs(fields: Iterable[InputField], rng: random.Random) -> dict[str, Any]:
    """One example value per field (``InputField.example``): a rule's example inputs without a share."""
    return {field.name: field.example(rng) for field in fields}


def _short(raw: Any) -> Any:
    """A huge raw value as a message can show it: a 5,000-digit number is not echoed in full."""
    if isinstance(raw, int) and not isinstance(raw, bool) and abs(raw) > MAX_MAGNITUDE:
        digits = len(str(abs(raw))) if abs(raw).bit_length() < 14_000 else None
        return f"{str(raw)[:30]}… ({digits} digits)" if digits else "an integer of more than 4,000 digits"
    if isinstance(raw, str) and len(raw) > 40:
        return raw[:30] + f"… ({len(raw):,} characters)"
    return raw
