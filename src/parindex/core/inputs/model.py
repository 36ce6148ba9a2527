"""A cycle's inputs: for each unit, the values it entered for each leaf criterion."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from parindex.core.errors import ParindexError
from parindex.core.units.model import Unit


@dataclass(frozen=True)
class Adjustment:
    """An appraiser's (or council's) points for a leaf, replacing what the rule gave, with the reason."""

    points: float
    reason: str
    by: str = ""  # who, as the caller names them (e.g. "appraisal round 1")


@dataclass(frozen=True)
class UnitInputs:
    unit: Unit
    values: dict[str, dict[str, Any]]  # leaf code → input name → typed value (None: not provided)
    row: int | None = None  # where it came from, for messages
    adjustments: dict[str, Adjustment] = field(default_factory=dict)  # leaf code → appraised points


@dataclass(frozen=True)
class CycleInputs:
    """Everything a computation needs besides the methodology. ``year`` is the evaluated year."""

    year: int
    units: tuple[UnitInputs, ...]
    source: str = "<inputs>"
    reference_day: date = field(default=None)  # type: ignore[assignment]
    # Located messages that did not stop the import (a formula read from its saved value, …); not
    # part of ``content_hash``: the same values give the same hash however they were typed.
    notes: tuple[ParindexError, ...] = ()

    def __post_init__(self) -> None:
        if self.reference_day is None:
            object.__setattr__(self, "reference_day", date(self.year, 12, 31))

    @property
    def content_hash(self) -> str:
        """SHA-256 of the values themselves, so the same inputs give the same hash from any file format."""
        payload = {u.unit.id: {"values": u.values, "adjustments": {k: a.__dict__ for k, a in u.adjustments.items()}}
                   for u in self.units}
        canonical = json.dumps({"year": self.year, "units": payload}, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class PreviousResults:
    """Last cycle's index per unit id, and the day its units are resolved on: an input of
    ``compute_cycle`` (the change against last year), read back from a file by ``inputs.previous``."""

    def __init__(self, index_by_unit: dict[str, float], reference_day: date, source: str = "<previous>"):
        self.index_by_unit = index_by_unit
        self.reference_day = reference_day
        self.source = source
