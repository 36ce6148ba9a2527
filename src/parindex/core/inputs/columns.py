"""The columns of an input sheet, derived from a methodology: one per input of every leaf.

A header reads ``1.1.2 Mức độ hoàn thành kế hoạch — số đạt [1.1.2:numerator]``: people read the
Vietnamese text, the program reads the key in brackets, so renaming the text never breaks import.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from parindex.core.methodology.model import Methodology, Node
from parindex.core.scoring.inputs import InputField

UNIT_KEY, NAME_KEY = "unit", "unit_name"
KEY_IN_HEADER = re.compile(r"\[([^\[\]]+)\]\s*$")
UNIT_HEADER = "Mã đơn vị / Unit code [unit]"
NAME_HEADER = "Tên đơn vị / Unit name [unit_name]"


@dataclass(frozen=True)
class InputColumn:
    leaf: Node
    field: InputField

    @property
    def key(self) -> str:
        return f"{self.leaf.code}:{self.field.name}"

    def header(self, lang: str = "vi") -> str:
        return f"{self.leaf.code} {self.leaf.name.get(lang)} — {self.field.label.get(lang)} [{self.key}]"


def input_columns(methodology: Methodology) -> list[InputColumn]:
    return [InputColumn(leaf, f) for leaf in methodology.leaves() if leaf.rule is not None for f in leaf.rule.inputs]


def header_key(header: object) -> str | None:
    """The key of a header cell: the bracketed part, or the bare text if it looks like a key."""
    text = str(header or "").strip()
    if not text:
        return None
    match = KEY_IN_HEADER.search(text)
    if match:
        return match.group(1).strip()
    return text if (":" in text or text in (UNIT_KEY, NAME_KEY)) else None
