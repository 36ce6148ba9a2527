"""Bands that award points, shared by the ratio, count and deadline rules."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from parindex.core.phrases import t
from parindex.core.scoring.bands import Band, coverage_problems, read_bands
from parindex.core.scoring.registry import RuleParamError
from parindex.core.text import format_number


@dataclass(frozen=True)
class PointBand:
    band: Band
    points: float


def parse_point_bands(params: Mapping[str, Any], max_points: float, start: float = 0.0) -> tuple[PointBand, ...]:
    items = params.get("bands")
    if not isinstance(items, list) or not items:
        raise RuleParamError("bands", t("parameter 'bands' is required"), t('a list of {{from, below, points}}'), items)
    bands, problems = read_bands(items)
    problems += coverage_problems(bands, start) if not problems else []
    if problems:
        p = problems[0]
        raise RuleParamError(f"bands[{p.index}]" + (f".{p.field}" if p.field else ""), p.title, p.expected, p.got)
    out = []
    for band in bands:
        item = items[band.index]
        unknown = set(item) - {"from", "below", "points"}
        if unknown:
            key = sorted(unknown)[0]
            raise RuleParamError(f"bands[{band.index}].{key}", t("unknown band field '{key}'", key=key), t('from, below, points'), key)
        points = item.get("points")
        if isinstance(points, bool) or not isinstance(points, (int, float)):
            raise RuleParamError(f"bands[{band.index}].points", t('band points must be a number'),
                                 t('a number from 0 to {max_points}', max_points=max_points), points)
        if points < 0 or points > max_points + 1e-9:
            raise RuleParamError(f"bands[{band.index}].points", t('band points are out of range'),
                                 t("from 0 to the leaf's maximum {max_points}", max_points=max_points), points)
        out.append(PointBand(band, float(points)))
    return tuple(sorted(out, key=lambda pb: pb.band.lower))


def band_for(bands: tuple[PointBand, ...], value: float) -> PointBand:
    for pb in bands:
        if pb.band.contains(value):
            return pb
    raise ValueError(f"{value} is in no band")  # unreachable: bands were checked to cover the range


def describe_band(band: Band, unit: str, lang: str) -> str:
    """``50–<80 %`` / ``≥ 100 %`` in either language."""
    low = format_number(band.lower, lang, keep_one=False)
    if band.upper is None:
        return f"≥ {low}{unit}"
    return f"{low}–<{format_number(band.upper, lang, keep_one=False)}{unit}"
