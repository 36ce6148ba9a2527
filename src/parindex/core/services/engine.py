"""The index of every unit for a period: daily aggregates from the store, summed over the period,
scored by the methodology's rules, grouped, rated and ranked.

Levels: a ministry and a commune count their own records; a province counts the records of all
its units (its own agencies and its communes). The procedure catalogue is announced by ministries
and provinces; a commune is rated on its province's catalogue, whose procedures it carries out.
"""
from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import NamedTuple

import numpy as np
import pandas as pd

from parindex.core.methodology.model import Methodology
from parindex.core.results.ranking import rank
from parindex.core.scoring.registry import score_many
from parindex.core.services import sql
from parindex.core.services.daily import DailyCounts, PeriodCounts
from parindex.core.services.store import query


class IndicatorValue(NamedTuple):
    """One indicator of one unit and period."""

    code: str
    numerator: int
    denominator: int
    points: float
    max_points: float

    @property
    def ratio(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


@dataclass(frozen=True)
class Counted:
    """One unit's indicators in a period, as parallel tuples (the codes and maxima shared by all units)."""

    codes: tuple[str, ...]
    maxima: tuple[float, ...]
    numerators: tuple[int, ...]
    denominators: tuple[int, ...]
    points: tuple[float, ...]


@dataclass(frozen=True)
class UnitIndex:
    """One unit's service index for one period."""

    level: str
    unit: str
    counted: "Counted"  # every indicator's numerator, denominator and points
    groups: dict[str, float]
    total: float
    band: str
    rank: int
    previous_total: float | None = None  # the same unit's total in the previous period, when compared
    previous_rank: int | None = None

    @property
    def indicators(self) -> tuple[IndicatorValue, ...]:
        """Each indicator of the unit, made when asked: a year's periods hold hundreds of thousands."""
        c = self.counted
        return tuple(map(IndicatorValue, c.codes, c.numerators, c.denominators, c.points, c.maxima))

    @property
    def change(self) -> float | None:
        return None if self.previous_total is None else self.total - self.previous_total


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive

    @classmethod
    def month(cls, text: str) -> "Period":
        """``2026-10``: that calendar month."""
        first = date.fromisoformat(text + "-01")
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return cls(first, date.fromordinal(following.toordinal() - 1))

    @classmethod
    def year(cls, year: int) -> "Period":
        return cls(date(year, 1, 1), date(year, 12, 31))

    def days(self) -> list[date]:
        """Every day of the period: what a day's aggregates are matched against (hashing a day is
        cheaper than comparing it twice)."""
        return [date.fromordinal(d) for d in range(self.start.toordinal(), self.end.toordinal() + 1)]

    def previous(self) -> "Period":
        """The period just before: as many whole months when this one is whole months (October →
        September; a quarter → the quarter before), else the same number of days (a rolling 30 days)."""
        if self.start.day == 1 and date.fromordinal(self.end.toordinal() + 1).day == 1:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            index = self.start.year * 12 + self.start.month - 1 - months
            return Period(date(index // 12, index % 12 + 1, 1), date.fromordinal(self.start.toordinal() - 1))
        length = self.end.toordinal() - self.start.toordinal() + 1
        return Period(date.fromordinal(self.start.toordinal() - length), date.fromordinal(self.start.toordinal() - 1))


Daily = Mapping[tuple[str, str | None], pd.DataFrame]  # what ``Engine.daily`` gives: a frame per (table, date)


def score_period(methodology: Methodology, daily: Daily | DailyCounts, period: Period) -> list[UnitIndex]:
    """Every unit's index for ``period`` from the daily aggregates (``Engine.daily``, or made ready
    once with ``DailyCounts.of`` when many periods are scored: see ``score_periods``)."""
    counts = daily if isinstance(daily, DailyCounts) else DailyCounts.of(methodology, daily)
    return _scored(methodology, counts.for_period(period.start, period.end))


def score_periods(methodology: Methodology, daily: Daily, periods: Iterable[Period]) -> dict[Period, list[UnitIndex]]:
    """Every unit's index for each of ``periods``: the daily aggregates numbered once, then each
    period a sum of its days."""
    with _collector_paused():
        counts = DailyCounts.of(methodology, daily)
        return {period: score_period(methodology, counts, period) for period in periods}


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a year's results are built: hundreds of thousands of small
    acyclic objects (tuples, results) would make it walk every live object of the process again and
    again for nothing — a third of the time when the caller keeps earlier results. Restored after,
    as it was."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def counts_for_period(methodology: Methodology, daily: Daily | DailyCounts,
                      period: Period) -> dict[tuple[str, str], dict[str, tuple[int, int]]]:
    """(level, unit) → leaf code → (numerator, denominator): the days of the period summed."""
    counts = daily if isinstance(daily, DailyCounts) else DailyCounts.of(methodology, daily)
    return counts.for_period(period.start, period.end).as_dict()


def with_previous(current: list[UnitIndex], previous: list[UnitIndex]) -> list[UnitIndex]:
    """The current results with each unit's total and rank in the previous period, for the change."""
    before = {(r.level, r.unit): r for r in previous}
    return [replace(r, previous_total=before[r.level, r.unit].total if (r.level, r.unit) in before else None,
                    previous_rank=before[r.level, r.unit].rank if (r.level, r.unit) in before else None) for r in current]


def _scored(methodology: Methodology, found: PeriodCounts) -> list[UnitIndex]:
    """Points of every unit and indicator at once (``score_many``), summed into groups in the tree's
    order and into the total, rated and ranked within each level."""
    indicators = sql.indicators(methodology)
    points: np.ndarray = np.zeros(found.numerators.shape)
    groups: dict[str, np.ndarray] = {}
    for k, indicator in enumerate(indicators):
        assert indicator.leaf.rule is not None  # the loader gives every leaf its rule
        points[:, k] = score_many(indicator.leaf.rule, {"numerator": found.numerators[:, k].astype(float),
                                                        "denominator": found.denominators[:, k].astype(float)})
        groups[indicator.group] = groups.get(indicator.group, 0.0) + points[:, k]
    total = np.zeros(len(found.units))
    for group_points_of_units in groups.values():  # in the tree's order, as the groups were summed
        total = total + group_points_of_units
    ranks = np.zeros(len(found.units), np.int64)
    for level in np.unique(found.levels):
        same = np.flatnonzero(found.levels == level)
        ranks[same] = rank(total[same].tolist(), methodology.ranking.ties, methodology.ranking.decimals)
    maxima = tuple(indicator.leaf.max_points for indicator in indicators)
    codes = tuple(indicator.code for indicator in indicators)
    group_points = {code: values.tolist() for code, values in groups.items()}
    bands = _bands(methodology, total / methodology.scale * 100)
    unit_points: list[list[float]] = points.tolist()
    out = []
    for i, (level, unit, numerators, denominators, scored, unit_total, unit_rank, band) in enumerate(zip(
            found.levels.tolist(), found.units.tolist(), found.numerators.tolist(), found.denominators.tolist(),
            unit_points, total.tolist(), ranks.tolist(), bands)):
        values = Counted(codes, maxima, tuple(numerators), tuple(denominators), tuple(scored))
        out.append(UnitIndex(level, unit, values, {code: p[i] for code, p in group_points.items()}, unit_total, band, unit_rank))
    return out  # by level, then unit: the order of ``found``


def _bands(methodology: Methodology, percents: np.ndarray) -> list[str]:
    """Each index's rating band (``Methodology.group_for``, for many at once): the first group
    whose band holds it."""
    codes = np.full(len(percents), None, dtype=object)
    for group in reversed(methodology.groups):
        inside = percents >= group.band.lower
        if group.band.upper is not None:
            inside &= percents < group.band.upper
        codes[inside] = group.code
    for percent in percents[codes == None]:  # noqa: E711 (an element-wise comparison)
        methodology.group_for(float(percent))  # none holds it: refused as one unit's would be
    return codes.tolist()


def as_frame(results: list[UnitIndex]) -> pd.DataFrame:
    """One row per unit: level, unit, total, band, rank, each group and each indicator's
    numerator, denominator and points — the CSV / Parquet / XLSX / JSON output."""
    rows = []
    for r in results:
        row = {"level": r.level, "unit": r.unit, "total": r.total, "band": r.band, "rank": r.rank}
        if r.previous_total is not None or r.previous_rank is not None:
            row.update({"previous_total": r.previous_total, "previous_rank": r.previous_rank, "change": r.change})
        row.update({f"group_{code}": points for code, points in r.groups.items()})
        for v in r.indicators:
            row.update({f"{v.code}_numerator": v.numerator, f"{v.code}_denominator": v.denominator, f"{v.code}_points": v.points})
        rows.append(row)
    return pd.DataFrame(rows).sort_values(["level", "rank", "unit"], kind="stable").reset_index(drop=True) if rows else pd.DataFrame()


def daily_aggregates(engine, methodology: Methodology) -> dict[tuple[str, str | None], pd.DataFrame]:
    """Every compiled aggregate run by ``engine`` (anything with ``query(table, statement)``): the
    same statements whichever engine runs them, keyed by (table, date)."""
    out = {}
    for plan in sql.aggregates(methodology):
        frame = engine.query(plan.table, plan.sql)
        if frame is not None:
            out[(plan.table, plan.day)] = frame
    return out


class DuckDBEngine:
    """Runs the compiled statements in process over the Parquet store."""

    def __init__(self, root) -> None:
        self.root = str(root)

    def daily(self, methodology: Methodology) -> dict[tuple[str, str | None], pd.DataFrame]:
        return daily_aggregates(self, methodology)

    def query(self, table: str, statement: str) -> pd.DataFrame | None:
        """``statement`` over the table's records as the relation ``source``; None when the store has none."""
        found = query(self.root, table, statement)
        if found is None:
            return None
        frame = found.to_pandas()  # through Arrow: a text is made once per distinct value (not per row) and days come as dates
        for column in DATE_COLUMNS:  # NaT where missing, as before
            if column in frame:
                frame[column] = pd.to_datetime(frame[column]).dt.date
        return frame


DATE_COLUMNS = ("received_on", "due_on", "completed_on")


def breakdown(engine, methodology: Methodology, by: str, level: str, unit: str, period: Period) -> pd.DataFrame:
    """One row per procedure (or receiving agency) and dossier indicator: numerator, denominator and
    ratio in the period — where a unit lost its points."""
    rows = []
    for plan in sql.breakdown(methodology, by, level, unit, period.start, period.end):
        frame = engine.query(plan.table, plan.sql)
        if frame is None:
            continue
        for _, record in frame.iterrows():
            for indicator in plan.indicators:
                numerator, denominator = int(record[f"{indicator.column}_num"]), int(record[f"{indicator.column}_den"])
                if denominator:
                    rows.append({by: record[by], "indicator": indicator.code, "numerator": numerator,
                                 "denominator": denominator, "ratio": numerator / denominator})
    columns = [by, "indicator", "numerator", "denominator", "ratio"]
    return pd.DataFrame(rows, columns=columns).sort_values(["indicator", "ratio", by], kind="stable").reset_index(drop=True)


def overdue(engine, level: str, unit: str, period: Period) -> pd.DataFrame:
    """A unit's overdue dossiers in the period, most overdue first, with days overdue at the period's
    end (or at completion) and the handling official. For authorised users only: officials' ids."""
    frame = engine.query("dossiers", sql.overdue(level, unit, period.start, period.end))
    if frame is None or frame.empty:
        return pd.DataFrame(columns=[*sql.OVERDUE_COLUMNS, "days_overdue"])
    until = frame["completed_on"].where(frame["completed_on"].notna(), period.end)
    frame["days_overdue"] = [(u - d).days for u, d in zip(until, frame["due_on"])]
    return frame.sort_values(["days_overdue", "dossier_id"], ascending=[False, True], kind="stable").reset_index(drop=True)
