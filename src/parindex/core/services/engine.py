"""The index of every unit for a period: daily aggregates from the store, summed over the period,
scored by the methodology's rules, grouped, rated and ranked.

Levels: a ministry and a commune count their own records; a province counts the records of all
its units (its own agencies and its communes). The procedure catalogue is announced by ministries
and provinces; a commune is rated on its province's catalogue, whose procedures it carries out.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

import pandas as pd

from parindex.core.methodology.model import Methodology
from parindex.core.results.ranking import rank
from parindex.core.scoring.registry import score_inputs
from parindex.core.services import sql
from parindex.core.services.sql import Aggregate
from parindex.core.services.store import files


@dataclass(frozen=True)
class IndicatorValue:
    code: str
    numerator: int
    denominator: int
    points: float
    max_points: float

    @property
    def ratio(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None


@dataclass(frozen=True)
class UnitIndex:
    """One unit's service index for one period."""

    level: str
    unit: str
    indicators: tuple[IndicatorValue, ...]
    groups: dict[str, float]
    total: float
    band: str
    rank: int
    previous_total: float | None = None  # the same unit's total in the previous period, when compared
    previous_rank: int | None = None

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


def score_period(methodology: Methodology, daily: Mapping[tuple[str, str | None], pd.DataFrame], period: Period) -> list[UnitIndex]:
    """Every unit's index for ``period`` from the daily aggregates (``Engine.daily``)."""
    counts = counts_for_period(methodology, daily, period)
    indicators = sql.indicators(methodology)
    scored: dict[tuple[str, int, int], IndicatorValue] = {}  # communes share their province's catalogue counts: score each once
    entries = [_score(methodology, indicators, level, unit, found, scored) for (level, unit), found in sorted(counts.items())]
    return _ranked(methodology, entries)


def counts_for_period(methodology: Methodology, daily: Mapping[tuple[str, str | None], pd.DataFrame],
                      period: Period) -> dict[tuple[str, str], dict[str, tuple[int, int]]]:
    """(level, unit) → leaf code → (numerator, denominator): the days of the period summed."""
    plans = {(a.table, a.day): a for a in sql.aggregates(methodology)}
    counts: dict[tuple[str, str], dict[str, tuple[int, int]]] = {}
    provinces: dict[str, str] = {}  # each commune's province, as its records give it
    for key, frame in daily.items():
        plan = plans[key]
        in_period = frame if plan.day is None else frame[frame["day"].isin(period.days())]
        for level, unit, sums in _by_unit(in_period, plan, provinces):
            target = counts.setdefault((level, unit), {})
            for indicator in plan.indicators:
                target[indicator.code] = (int(sums[f"{indicator.column}_num"]), int(sums[f"{indicator.column}_den"]))
    _communes_use_their_province_catalogue(counts, provinces, [plans[k] for k in daily if plans[k].day is None])
    return counts


def with_previous(current: list[UnitIndex], previous: list[UnitIndex]) -> list[UnitIndex]:
    """The current results with each unit's total and rank in the previous period, for the change."""
    before = {(r.level, r.unit): r for r in previous}
    return [replace(r, previous_total=before[r.level, r.unit].total if (r.level, r.unit) in before else None,
                    previous_rank=before[r.level, r.unit].rank if (r.level, r.unit) in before else None) for r in current]


def _by_unit(frame: pd.DataFrame, plan: Aggregate, provinces: dict[str, str]):
    """(level, unit, sums) of the period's rows; notes each commune's province in ``provinces``.
    The days are summed per unit first, so the levels are made from a few thousand rows, not from
    every unit's every day."""
    columns = [c for c in frame.columns if c.endswith(("_num", "_den"))]
    if plan.day is None:  # the catalogue: announced by ministries and provinces
        for (level, unit), sums in _summed(frame.groupby(["level", "unit"])[columns].sum()):
            yield level, unit, sums
        return
    units = frame.groupby(["level", "unit", "province"], dropna=False, sort=False)[columns].sum().reset_index()
    own = units[units["level"].isin(["ministry", "commune"])].groupby(["level", "unit"])[columns].sum()
    for (level, unit), sums in _summed(own):
        yield level, unit, sums
    for province, sums in _summed(units.dropna(subset=["province"]).groupby("province")[columns].sum()):
        yield "province", province, sums
    communes = units[units["level"] == "commune"]
    provinces.update(zip(communes["unit"], communes["province"]))


def _summed(grouped: pd.DataFrame):
    """(group, {column: sum}) for every row of a grouped sum."""
    columns = list(grouped.columns)
    return ((group, dict(zip(columns, values))) for group, values in zip(grouped.index, grouped.to_numpy().tolist()))


def _communes_use_their_province_catalogue(counts, provinces: Mapping[str, str], catalogue: list[Aggregate]) -> None:
    if not catalogue:
        return
    for (level, unit), found in counts.items():
        if level == "commune" and unit in provinces:
            province = counts.get(("province", provinces[unit]), {})
            for plan in catalogue:
                for indicator in plan.indicators:
                    found[indicator.code] = province.get(indicator.code, (0, 0))


def _score(methodology: Methodology, indicators: list[sql.Indicator], level: str, unit: str,
           found: Mapping[str, tuple[int, int]], scored: dict[tuple[str, int, int], IndicatorValue]) -> UnitIndex:
    values: list[IndicatorValue] = []
    groups: dict[str, float] = {}
    for indicator in indicators:
        numerator, denominator = found.get(indicator.code, (0, 0))
        assert indicator.leaf.rule is not None  # the loader gives every leaf its rule
        value = scored.get((indicator.code, numerator, denominator))
        if value is None:
            score = score_inputs(indicator.leaf.rule, {"numerator": float(numerator), "denominator": float(denominator)})
            value = scored[indicator.code, numerator, denominator] = IndicatorValue(
                indicator.code, numerator, denominator, score.points, indicator.leaf.max_points)
        values.append(value)
        groups[indicator.group] = groups.get(indicator.group, 0.0) + value.points
    total = float(sum(groups.values()))
    band = methodology.group_for(total / methodology.scale * 100).code
    return UnitIndex(level, unit, tuple(values), groups, total, band, 0)


def _ranked(methodology: Methodology, entries: list[UnitIndex]) -> list[UnitIndex]:
    out = []
    for level in sorted({e.level for e in entries}):
        same = [e for e in entries if e.level == level]
        ranks = rank([e.total for e in same], methodology.ranking.ties, methodology.ranking.decimals)
        out += [replace(e, rank=r) for e, r in zip(same, ranks)]
    return out


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
        import duckdb  # deferred: only the services commands need it

        paths = [str(p) for p in files(self.root, table)]
        if not paths:
            return None
        with duckdb.connect() as con:
            con.read_parquet(paths, union_by_name=True).create_view("source", replace=True)
            # through Arrow: a text is made once per distinct value (not per row) and days come as dates
            frame = con.execute(statement).fetch_arrow_table().to_pandas()
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
