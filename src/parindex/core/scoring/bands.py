"""Half-open bands ``[from, below)`` that must cover a range without gaps or overlaps.

Used by the band rules (ratio, count, deadline) and by the methodology's group bands
(A ≥ 90, B 80–<90, …). A band without ``below`` is open upwards and must be the top one.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Band:
    lower: float
    upper: float | None  # None: no upper bound
    index: int  # position in the file, for messages

    def contains(self, value: float) -> bool:
        return value >= self.lower and (self.upper is None or value < self.upper)


@dataclass(frozen=True)
class BandProblem:
    index: int
    field: str
    code: str
    title: str
    expected: str
    got: Any


def read_bands(items: Sequence[Mapping[str, Any]]) -> tuple[list[Band], list[BandProblem]]:
    """Read ``from``/``below`` of each band; report anything that is not a number."""
    bands, problems = [], []
    for i, item in enumerate(items):
        if not isinstance(item, Mapping):
            problems.append(BandProblem(i, "", "wrong_type", "a band must be a mapping", "{from: ..., below: ...}", item))
            continue
        lower, upper = item.get("from"), item.get("below")
        if isinstance(lower, bool) or not isinstance(lower, (int, float)):
            problems.append(BandProblem(i, "from", "wrong_type", "band lower bound 'from' must be a number", "a number", lower))
            continue
        if upper is not None and (isinstance(upper, bool) or not isinstance(upper, (int, float))):
            problems.append(BandProblem(i, "below", "wrong_type", "band upper bound 'below' must be a number",
                                        "a number or nothing (open band)", upper))
            continue
        if upper is not None and upper <= lower:
            problems.append(BandProblem(i, "below", "band_empty", "band is empty", f"'below' greater than 'from' ({lower:g})", upper))
            continue
        bands.append(Band(float(lower), None if upper is None else float(upper), i))
    return bands, problems


def coverage_problems(bands: Sequence[Band], start: float) -> list[BandProblem]:
    """Bands sorted by lower bound must start at ``start``, touch end to end, and end open."""
    if not bands:
        return [BandProblem(0, "", "band_missing", "no bands given", "at least one band", None)]
    ordered = sorted(bands, key=lambda b: b.lower)
    problems = []
    first = ordered[0]
    if first.lower > start + 1e-9:
        problems.append(BandProblem(first.index, "from", "band_gap", f"bands leave a gap: nothing covers {start:g} to {first.lower:g}",
                                    f"the lowest band to start at {start:g}", first.lower))
    for prev, band in zip(ordered, ordered[1:]):
        if prev.upper is None or band.lower < prev.upper - 1e-9:
            problems.append(BandProblem(band.index, "from", "band_overlap",
                                        f"band overlaps the band from {prev.lower:g}",
                                        f"'from' ≥ {prev.upper:g}" if prev.upper is not None else "only the top band to be open-ended",
                                        band.lower))
        elif band.lower > prev.upper + 1e-9:
            problems.append(BandProblem(band.index, "from", "band_gap",
                                        f"bands leave a gap from {prev.upper:g} to {band.lower:g}",
                                        f"'from' = {prev.upper:g}", band.lower))
    if ordered[-1].upper is not None:
        top = ordered[-1]
        problems.append(BandProblem(top.index, "below", "band_gap", f"nothing covers values from {top.upper:g} up",
                                    "the top band to have no 'below'", top.upper))
    return problems


def find_band(bands: Sequence[Band], value: float) -> Band:
    for band in bands:
        if band.contains(value):
            return band
    raise ValueError(f"{value} is in no band")  # unreachable once coverage_problems() was empty
