"""The Vietnamese of every sentence the core says (``phrases.t``), keyed by its English template.

Blanks are kept by name; a template's Vietnamese uses every blank its English has.
"""
from __future__ import annotations

VI: dict[str, str] = {
    "column '{column}' is missing": "thiếu cột «{column}»",
}
