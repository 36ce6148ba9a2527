"""The inputs a rule asks of a unit, and how a raw cell (from Excel, CSV or a form) becomes one.

Coercion is strict on purpose: ``"12,5"`` is read as 12.5 (Vietnamese decimal comma), but ``"about
10"`` is an error naming what was expected, never silently 0.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from parindex.core.text import Text

YES = {"yes", "y", "true", "1", "có", "co", "x", "đạt", "dat"}
NO = {"no", "n", "false", "0", "không", "khong", "không đạt", "khong dat"}


class InputValueError(ValueError):
    """A raw value that does not fit its input; ``expected`` says what would."""

    def __init__(self, expected: str, got: Any):
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

    def describe(self) -> str:
        if self.kind == "boolean":
            return "yes or no (có/không, 1/0)"
        noun = "a whole number" if self.kind == "integer" else "a number"
        if self.minimum is not None and self.maximum is not None:
            return f"{noun} from {self.minimum:g} to {self.maximum:g}"
        if self.minimum is not None:
            return f"{noun} ≥ {self.minimum:g}"
        return noun

    def coerce(self, raw: Any) -> Any:
        """Turn a raw cell into a typed value; ``None`` means 'not provided'."""
        if raw is None or (isinstance(raw, float) and math.isnan(raw)):
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
        if isinstance(raw, (int, float)):
            value = float(raw)
        else:
            text = str(raw).replace(" ", "").replace("\u00a0", "")
            if text.count(",") == 1 and "." not in text:
                text = text.replace(",", ".")
            try:
                value = float(text)
            except ValueError:
                raise InputValueError(self.describe(), raw) from None
        if not math.isfinite(value):
            raise InputValueError(self.describe(), raw)
        if self.kind == "integer":
            if value != int(value):
                raise InputValueError(self.describe(), raw)
            return int(value)
        return value
