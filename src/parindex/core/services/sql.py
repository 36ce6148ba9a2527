"""The one compiler from an indicator file to SQL: the daily aggregates both engines compute.

For each record table and each date an indicator counts by (``period_by``), one pass groups the
records by unit and day and sums, for every indicator, the records in its denominator and those
also in its numerator. Any period — a month, a quarter, a rolling 30 days, the year to date — is
then a sum of days, and a day's new events change only the days they touch. The catalogue of
procedures has no day: it is counted as it stands.

The statements use only what DuckDB and Spark SQL share (``COUNT(CASE WHEN … THEN 1 END)``,
``GROUP BY``, plain comparisons); the engines differ only in how they read the Parquet files.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from parindex.core.errors import ParindexError
from parindex.core.methodology.model import Methodology, Node
from parindex.core.phrases import t
from parindex.core.services.counts import RecordCount, literal

RECORDS = "records"  # a daily aggregate's records of the group: a group exists while it has one, whatever the indicators count
DAY_KEYS = ("unit", "province", "level")  # the grouping of records by day: a breakdown by procedure has its own statements
CATALOGUE_KEYS = ("unit", "level")


@dataclass(frozen=True)
class Indicator:
    """A leaf of the index that counts records: its place in the tree and what it counts."""

    code: str
    group: str
    leaf: Node
    count: RecordCount

    @property
    def column(self) -> str:
        return "i" + self.code.replace(".", "_")


@dataclass(frozen=True)
class Aggregate:
    """One aggregate query: a table, the date it is grouped by (None: the catalogue), the indicators
    it serves and the statement, reading from the relation named ``source``."""

    table: str
    day: str | None
    keys: tuple[str, ...]
    indicators: tuple[Indicator, ...]
    sql: str


def indicators(methodology: Methodology) -> list[Indicator]:
    return [Indicator(leaf.code, area.code, leaf, leaf.records)
            for area in methodology.areas for leaf in area.leaves() if leaf.records is not None]


def aggregates(methodology: Methodology) -> list[Aggregate]:
    """One statement per (table, date) pair the indicators use."""
    by_pair: dict[tuple[str, str | None], list[Indicator]] = {}
    for indicator in indicators(methodology):
        by_pair.setdefault((indicator.count.table, indicator.count.period_by), []).append(indicator)
    return [_aggregate(table, day, tuple(group)) for (table, day), group in sorted(by_pair.items(), key=lambda kv: (kv[0][0], kv[0][1] or ""))]


def _aggregate(table: str, day: str | None, group: tuple[Indicator, ...]) -> Aggregate:
    keys = CATALOGUE_KEYS if day is None else DAY_KEYS
    sums = [_counted(indicator) for indicator in group] + ([f"COUNT(*) AS {RECORDS}"] if day else [])
    selected = ", ".join(keys + ((f"{day} AS day",) if day else ()))
    grouped = ", ".join(keys + ((day,) if day else ()))
    where = f" WHERE {day} IS NOT NULL" if day else ""
    sql = f"SELECT {selected}, {', '.join(sums)} FROM source{where} GROUP BY {grouped}"
    return Aggregate(table, day, keys + (("day",) if day else ()), group, sql)


def _counted(indicator: Indicator) -> str:
    """An indicator's two columns: how many records are in its denominator and in its numerator.
    A ``COUNT`` is a BIGINT in DuckDB and in Spark alike, so both engines hand back integers (DuckDB's
    ``SUM`` of integers is a HUGEINT, which pandas receives as a float)."""
    return (f"COUNT(CASE WHEN {indicator.count.denominator_sql()} THEN 1 END) AS {indicator.column}_den, "
            f"COUNT(CASE WHEN {indicator.count.numerator_sql()} THEN 1 END) AS {indicator.column}_num")


BREAKDOWNS = ("procedure", "agency")


def scope(level: str, unit: str) -> str:
    """The records a unit answers for: its own, or for a province those of all its units."""
    return f"{'province' if level == 'province' else 'unit'} = {literal(unit)}"


def breakdown(methodology: Methodology, by: str, level: str, unit: str, start: date, end: date) -> list[Aggregate]:
    """The dossier indicators of one unit and period by procedure or by receiving agency: where the
    points were lost. One statement per date the indicators count by, as for the daily aggregates."""
    if by not in BREAKDOWNS:
        raise ParindexError("unknown_breakdown", t("cannot break the index down by '{by}'", by=by),
                            expected=", ".join(BREAKDOWNS), got=by)
    out = []
    for plan in aggregates(methodology):
        if plan.table != "dossiers" or plan.day is None:
            continue
        sums = ", ".join(_counted(i) for i in plan.indicators)
        statement = (f"SELECT {by}, {sums} FROM source WHERE {scope(level, unit)} AND {plan.day} BETWEEN "
                     f"DATE '{start.isoformat()}' AND DATE '{end.isoformat()}' GROUP BY {by}")
        out.append(Aggregate(plan.table, plan.day, (by,), plan.indicators, statement))
    return out


OVERDUE_COLUMNS = ("dossier_id", "unit", "agency", "procedure", "received_on", "due_on", "completed_on", "state", "official")


def overdue(level: str, unit: str, start: date, end: date) -> str:
    """A unit's overdue dossiers: still in processing past their due date at the period's end, or
    completed late within the period — with the receiving agency and the handling official."""
    return (f"SELECT {', '.join(OVERDUE_COLUMNS)} FROM source WHERE {scope(level, unit)} AND ("
            f"(state = 'processing' AND completed_on IS NULL AND due_on < DATE '{end.isoformat()}') OR "
            f"(completed_on > due_on AND completed_on BETWEEN DATE '{start.isoformat()}' AND DATE '{end.isoformat()}'))")
