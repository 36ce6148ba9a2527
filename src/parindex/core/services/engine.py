"""The index of every unit for a period: daily aggregates from the store, summed over the period,
scored by the methodology's rules, grouped, rated and ranked.

Levels: a ministry and a commune count their own records; a province counts the records of all
its units (its own agencies and its communes). The procedure catalogue is announced by ministries
and provinces; a commune is rated on its province's catalogue, whose procedures it carries out.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

import pandas as pd

from parindex.core.methodology.model import Methodology
from parindex.core.results.ranking import rank
from parindex.core.scoring.registry import score_inputs
from parindex.core.services import sql
from parindex.core.services.sql import Aggregate


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


def score_period(methodology: Methodology, daily: Mapping[tuple[str, str | None], pd.DataFrame], period: Period) -> list[UnitIndex]:
    """Every unit's index for ``period`` from the daily aggregates (``Engine.daily``)."""
    plans = {(a.table, a.day): a for a in sql.aggregates(methodology)}
    counts: dict[tuple[str, str], dict[str, tuple[int, int]]] = {}
    for key, frame in daily.items():
        plan = plans[key]
        in_period = frame if plan.day is None else frame[(frame["day"] >= period.start) & (frame["day"] <= period.end)]
        for level, unit, sums in _by_unit(in_period, plan):
            target = counts.setdefault((level, unit), {})
            for indicator in plan.indicators:
                target[indicator.code] = (int(sums[f"{indicator.column}_num"]), int(sums[f"{indicator.column}_den"]))
    _communes_use_their_province_catalogue(counts, daily, plans)
    entries = [_score(methodology, level, unit, found) for (level, unit), found in sorted(counts.items())]
    return _ranked(methodology, entries)


def _by_unit(frame: pd.DataFrame, plan: Aggregate):
    columns = [c for c in frame.columns if c.endswith(("_num", "_den"))]
    if plan.day is None:  # the catalogue: announced by ministries and provinces
        for (level, unit), sums in frame.groupby(["level", "unit"])[columns].sum().iterrows():
            yield level, unit, sums
        return
    own = frame[frame["level"].isin(["ministry", "commune"])].groupby(["level", "unit"])[columns].sum()
    for (level, unit), sums in own.iterrows():
        yield level, unit, sums
    for province, sums in frame.dropna(subset=["province"]).groupby("province")[columns].sum().iterrows():
        yield "province", province, sums


def _communes_use_their_province_catalogue(counts, daily, plans) -> None:
    catalogue = [plans[k] for k in daily if plans[k].day is None]
    if not catalogue:
        return
    provinces = {}
    for key, frame in daily.items():
        if plans[key].day is not None and "province" in frame:
            communes = frame[frame["level"] == "commune"][["unit", "province"]].drop_duplicates()
            provinces.update(dict(zip(communes["unit"], communes["province"])))
    for (level, unit), found in counts.items():
        if level == "commune" and unit in provinces:
            province = counts.get(("province", provinces[unit]), {})
            for plan in catalogue:
                for indicator in plan.indicators:
                    found[indicator.code] = province.get(indicator.code, (0, 0))


def _score(methodology: Methodology, level: str, unit: str, found: Mapping[str, tuple[int, int]]) -> UnitIndex:
    values: list[IndicatorValue] = []
    groups: dict[str, float] = {}
    for indicator in sql.indicators(methodology):
        numerator, denominator = found.get(indicator.code, (0, 0))
        assert indicator.leaf.rule is not None  # the loader gives every leaf its rule
        score = score_inputs(indicator.leaf.rule, {"numerator": float(numerator), "denominator": float(denominator)})
        values.append(IndicatorValue(indicator.code, numerator, denominator, score.points, indicator.leaf.max_points))
        groups[indicator.group] = groups.get(indicator.group, 0.0) + score.points
    total = float(sum(groups.values()))
    band = methodology.group_for(total / methodology.scale * 100).code
    return UnitIndex(level, unit, tuple(values), groups, total, band, 0)


def _ranked(methodology: Methodology, entries: list[UnitIndex]) -> list[UnitIndex]:
    out = []
    for level in sorted({e.level for e in entries}):
        same = [e for e in entries if e.level == level]
        ranks = rank([e.total for e in same], methodology.ranking.ties, methodology.ranking.decimals)
        out += [UnitIndex(e.level, e.unit, e.indicators, e.groups, e.total, e.band, r) for e, r in zip(same, ranks)]
    return out


def as_frame(results: list[UnitIndex]) -> pd.DataFrame:
    """One row per unit: level, unit, total, band, rank, each group and each indicator's
    numerator, denominator and points — the CSV / Parquet / XLSX / JSON output."""
    rows = []
    for r in results:
        row = {"level": r.level, "unit": r.unit, "total": r.total, "band": r.band, "rank": r.rank}
        row.update({f"group_{code}": points for code, points in r.groups.items()})
        for v in r.indicators:
            row.update({f"{v.code}_numerator": v.numerator, f"{v.code}_denominator": v.denominator, f"{v.code}_points": v.points})
        rows.append(row)
    return pd.DataFrame(rows).sort_values(["level", "rank", "unit"], kind="stable").reset_index(drop=True) if rows else pd.DataFrame()


class DuckDBEngine:
    """Runs the compiled aggregates in process over the Parquet store."""

    def __init__(self, root) -> None:
        self.root = str(root)

    def daily(self, methodology: Methodology) -> dict[tuple[str, str | None], pd.DataFrame]:
        import duckdb  # deferred: only the services commands need it

        from parindex.core.services.store import files

        out = {}
        with duckdb.connect() as con:
            for plan in sql.aggregates(methodology):
                paths = [str(p) for p in files(self.root, plan.table)]
                if not paths:
                    continue
                con.read_parquet(paths, union_by_name=True).create_view("source", replace=True)
                frame = con.execute(plan.sql).df()
                if "day" in frame:
                    frame["day"] = pd.to_datetime(frame["day"]).dt.date
                out[(plan.table, plan.day)] = frame
        return out
