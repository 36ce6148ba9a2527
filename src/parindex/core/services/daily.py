"""The daily aggregates made ready to sum over any period, once.

``Engine.daily`` gives one frame per (table, date): a row per unit, province, level and day with
every indicator's two counts. A period's counts are the sums of its days — per unit for ministries
and communes, per province over all its units' rows — and a year's results ask for thirteen
periods (the months and the year) or more. Grouping the frames by text columns again for every
period cost more than reading the records; here the units are numbered once, each row knows the
rows it adds to (its own unit's, its province's), the rows are sorted by day, and a period is a
slice of rows summed with ``numpy.bincount``.

Who appears in a period: a unit with at least one row in it (any dated aggregate), its province,
and every ministry or province that announces procedures (the catalogue has no day). A commune is
rated on its province's catalogue, as the engine's docstring explains.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from parindex.core.methodology.model import Methodology
from parindex.core.services import sql

OWN_COUNTS = ("ministry", "commune")  # levels whose records are counted for the unit itself; a province counts by ``province``


@dataclass(frozen=True)
class Dated:
    """One dated aggregate's rows, sorted by day: the day (ordinal), the unit each row adds to, and
    the counts, one contiguous float column per indicator part (``bincount`` weighs by floats; the
    counts are integers far below 2**53, so the sums are exact). Ministries' and communes' rows add
    to their own unit; a province's rows are its units' rows summed per day, made once here."""

    days: np.ndarray  # int64 ordinals, ascending
    targets: np.ndarray  # int64 unit numbers
    counts: np.ndarray  # float64, rows × columns, column-major
    columns: tuple[str, ...]  # ``i1_4_num``, ``i1_4_den``, …

    def summed(self, period_start: date, period_end: date, units: int) -> tuple[np.ndarray, np.ndarray]:
        """(sums per unit × column, rows per unit) of the days in the period."""
        low, high = np.searchsorted(self.days, [period_start.toordinal(), period_end.toordinal() + 1])
        targets = self.targets[low:high]
        sums = np.zeros((units, len(self.columns)), np.int64)
        for j in range(len(self.columns)):
            sums[:, j] = np.rint(np.bincount(targets, weights=self.counts[low:high, j], minlength=units))
        return sums, np.bincount(targets, minlength=units)


@dataclass(frozen=True)
class PeriodCounts:
    """Every unit that appears in a period, and each indicator's numerator and denominator."""

    levels: np.ndarray  # str per unit
    units: np.ndarray  # str per unit
    codes: tuple[str, ...]  # the indicators, in the methodology's order
    numerators: np.ndarray  # int64, units × indicators
    denominators: np.ndarray

    def as_dict(self) -> dict[tuple[str, str], dict[str, tuple[int, int]]]:
        """(level, unit) → indicator code → (numerator, denominator)."""
        numerators, denominators = self.numerators.tolist(), self.denominators.tolist()
        return {(level, unit): dict(zip(self.codes, zip(num, den)))
                for level, unit, num, den in zip(self.levels.tolist(), self.units.tolist(), numerators, denominators)}


@dataclass(frozen=True)
class DailyCounts:
    """A methodology's daily aggregates, numbered and sorted once, summed for any period."""

    levels: np.ndarray  # each numbered unit's level and code (ministries, provinces, communes as the rows name them)
    units: np.ndarray
    commune_province: np.ndarray  # a commune's province as a unit number, else -1
    codes: tuple[str, ...]
    dated: tuple[tuple[Dated, tuple[int, ...]], ...]  # each aggregate, with the indicator index of its columns' pairs
    catalogue: np.ndarray  # units × indicators × (numerator, denominator): what each unit announces
    announces: np.ndarray  # bool per unit: it has procedures in the catalogue

    @classmethod
    def of(cls, methodology: Methodology, daily: Mapping[tuple[str, str | None], pd.DataFrame]) -> "DailyCounts":
        indicators = sql.indicators(methodology)
        codes = tuple(i.code for i in indicators)
        position = {i.code: n for n, i in enumerate(indicators)}
        plans = {(a.table, a.day): a for a in sql.aggregates(methodology)}
        numbering = _Numbering()
        dated = []
        catalogue_frames = []
        for key, frame in daily.items():
            plan = plans[key]
            columns = tuple(c for i in plan.indicators for c in (f"{i.column}_num", f"{i.column}_den"))
            pairs = tuple(position[i.code] for i in plan.indicators)
            if plan.day is None:
                level_codes, level_names = pd.factorize(frame["level"])
                catalogue_frames.append((numbering.numbers(level_codes, level_names, frame["unit"]), frame, columns, pairs))
                continue
            dated.append((_dated(numbering, frame, columns), pairs))
        levels, units = numbering.arrays()
        catalogue = np.zeros((len(units), len(codes), 2), np.int64)
        announces = np.zeros(len(units), bool)
        for rows, frame, columns, pairs in catalogue_frames:
            values = frame[list(columns)].to_numpy(np.int64).reshape(len(frame), len(pairs), 2)
            for k, indicator in enumerate(pairs):
                np.add.at(catalogue[:, indicator, :], rows, values[:, k, :])
            announces[rows] = True
        return cls(levels, units, numbering.commune_provinces(len(units)), codes, tuple(dated), catalogue, announces)

    def for_period(self, start: date, end: date) -> PeriodCounts:
        n = len(self.units)
        numerators = np.zeros((n, len(self.codes)), np.int64)
        denominators = np.zeros((n, len(self.codes)), np.int64)
        present = self.announces.copy()
        for aggregate, pairs in self.dated:
            sums, rows = aggregate.summed(start, end, n)
            present |= rows > 0
            for k, indicator in enumerate(pairs):
                numerators[:, indicator] += sums[:, 2 * k]
                denominators[:, indicator] += sums[:, 2 * k + 1]
        catalogue = self.catalogue.copy()
        communes = self.commune_province >= 0
        catalogue[communes] = self.catalogue[self.commune_province[communes]]  # a commune is rated on its province's catalogue
        numerators += catalogue[:, :, 0]
        denominators += catalogue[:, :, 1]
        order = np.lexsort((self.units, self.levels))
        chosen = order[present[order]]
        return PeriodCounts(self.levels[chosen], self.units[chosen], self.codes, numerators[chosen], denominators[chosen])


class _Numbering:
    """Units numbered in the order first seen, as (level, code); communes noted with their province.
    Every step works on the distinct units of a frame, never row by row."""

    def __init__(self) -> None:
        self.number: dict[tuple[str, str], int] = {}
        self.province_of: dict[int, int] = {}

    def numbers(self, level_codes: np.ndarray, level_names, units: pd.Series) -> np.ndarray:
        """Each row's unit number (its level factorised by the caller), numbering the units not seen before."""
        unit_codes, unit_names = pd.factorize(units)
        width = max(len(level_names), 1)
        rows, distinct = pd.factorize(unit_codes.astype(np.int64) * width + level_codes)
        numbers = [self.number.setdefault((level_names[p % width], unit_names[p // width]), len(self.number))
                   for p in distinct.tolist()]
        return np.array(numbers or [0], np.int64)[rows]

    def provinces(self, provinces: pd.Series) -> np.ndarray:
        """Each row's province as a unit number (-1 where the row names none), numbering new ones."""
        codes, names = pd.factorize(provinces)
        lookup = np.array([self.number.setdefault(("province", p), len(self.number)) for p in names] or [0], np.int64)
        return np.where(codes >= 0, lookup[codes], -1)

    def note_communes(self, units: np.ndarray, is_commune: np.ndarray, provinces: np.ndarray) -> None:
        chosen = is_commune & (provinces >= 0)
        width = len(self.number) + 1
        for pair in pd.unique(units[chosen] * width + provinces[chosen]).tolist():
            self.province_of.setdefault(pair // width, pair % width)

    def commune_provinces(self, n: int) -> np.ndarray:
        out = np.full(n, -1, np.int64)
        for unit, province in self.province_of.items():
            out[unit] = province
        return out

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        pairs = list(self.number)
        return np.array([p[0] for p in pairs], dtype=object), np.array([p[1] for p in pairs], dtype=object)


def _dated(numbering: _Numbering, frame: pd.DataFrame, columns: tuple[str, ...]) -> Dated:
    """The frame's rows for the units themselves and, summed per day, for their provinces; sorted by
    day. Column by column: each step reads one contiguous array."""
    day_codes, distinct_days = pd.factorize(frame["day"])  # a few hundred days, each made an ordinal once
    ordinals = np.array([d.toordinal() for d in distinct_days] or [0], np.int64)[day_codes]
    level_codes, level_names = pd.factorize(frame["level"])
    units = numbering.numbers(level_codes, level_names, frame["unit"])
    provinces = numbering.provinces(frame["province"])
    is_level = {name: level_codes == code for code, name in enumerate(level_names)}
    numbering.note_communes(units, is_level.get("commune", np.zeros(len(frame), bool)), provinces)
    own = np.flatnonzero(np.logical_or.reduce([is_level.get(level, np.zeros(len(frame), bool)) for level in OWN_COUNTS]))
    in_province = np.flatnonzero(provinces >= 0)
    first = int(ordinals.min()) if len(ordinals) else 0
    span = int(ordinals.max()) - first + 1 if len(ordinals) else 1
    slots, pairs = pd.factorize(provinces[in_province] * span + (ordinals[in_province] - first))  # (province, day)
    days = np.concatenate([ordinals[own], pairs % span + first])
    order = np.argsort((days - first).astype(np.int32), kind="stable")
    counts = np.empty((len(order), len(columns)), np.float64, order="F")
    for j, column in enumerate(columns):
        values = frame[column].to_numpy(np.float64)
        counts[:, j] = np.concatenate([values[own], np.bincount(slots, weights=values[in_province], minlength=len(pairs))])[order]
    targets = np.concatenate([units[own], pairs // span])[order]
    return Dated(days[order], targets, counts, columns)
