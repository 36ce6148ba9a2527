"""The service index's public board: the standard periods' results computed once and kept as files.

A page of the dashboard must answer in well under 100 ms on a year of 100 million dossiers, while
scoring the periods from the daily aggregates takes seconds at that scale. So the periods the
dashboard shows are scored once, from the kept aggregates (``aggregates.daily_from_store``), and
kept beside the records, one immutable folder per build::

    _board/<methodology id>/board.json                     which build is current, and what it was made from
    _board/<methodology id>/<build>/month.parquet          one row per unit: total, band, rank, groups, counts
    _board/<methodology id>/<build>/last_month.parquet
    _board/<methodology id>/<build>/year.parquet
    _board/<methodology id>/<build>/rolling.parquet
    _board/<methodology id>/<build>/trend.parquet          every unit's total and rank in each month of the year
    _board/<methodology id>/<build>/procedures/…           a unit's drill-down by procedure, kept when first asked

The periods end at the **last day with records**, not at the wall clock's today: the demo's 2026
data and a real store fed until yesterday alike. That day is the last day on which dossiers were
received (or, in a store without dossiers, the last day of any dated record); feedback received
after it does not open a new month. From it:

* ``month`` — the calendar month of that day (up to that day), compared with the month before;
* ``last_month`` — the month before, compared with the one before it;
* ``year`` — 1 January to that day, compared with the same days of the year before;
* ``rolling`` — the 30 days ending on that day, compared with the 30 days before them;
* the trend — each month of that day's year up to its month (from the first month with records).

A period is compared only with one that lies within the records: the first month of a store has
no month before it to gain or lose places against (the catalogue, which has no day, would score
ministries and provinces in any period, records or none).

``board.json`` records what the build was read from: the methodology's content hash and the size and
modification time of every record file, as the kept aggregates record theirs (``plan.json``). A
board whose records have changed since — an ingest, a rewritten month — is *stale*; ``refresh``
builds it again (under a lock, so two callers do not both build) and ``load`` reads the current one
without checking. Files are written into a new folder and ``board.json`` is switched to it last, so a
reader sees the old board or the new one, never half of each; the build before stays for readers
still in it.

>>> from datetime import date
>>> for key, (period, before) in standard_periods(date(2026, 10, 15)).items():
...     print(key, period.start, period.end, "against", before.start, before.end)
month 2026-10-01 2026-10-31 against 2026-09-01 2026-09-30
last_month 2026-09-01 2026-09-30 against 2026-08-01 2026-08-31
year 2026-01-01 2026-10-15 against 2025-01-01 2025-10-15
rolling 2026-09-16 2026-10-15 against 2026-08-17 2026-09-15
"""
from __future__ import annotations

import contextlib
import fcntl  # POSIX, as the store's lock: the services run on Linux servers
import json
import shutil
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from parindex.core.files import replace_atomically
from parindex.core.methodology.model import Methodology
from parindex.core.results.ranking import rank
from parindex.core.services import aggregates, sql
from parindex.core.services.engine import DuckDBEngine, Period, UnitIndex, breakdown, score_periods, with_previous
from parindex.core.services.place import workdir
from parindex.core.services.store import files
from parindex.core.services.store import fingerprint as files_fingerprint

FOLDER = "_board"
MANIFEST = "board.json"
PERIODS = ("month", "last_month", "year", "rolling")  # the dashboard's period switch, in its order
ROLLING_DAYS = 30
LEVELS = ("ministry", "province", "commune")
KEPT_BUILDS = 2  # the current build and the one before, for a reader still in it


def standard_periods(last: date) -> dict[str, tuple[Period, Period]]:
    """The dashboard's periods ending with ``last`` (the last day with records), each with the period
    it is compared with (see the module's note)."""
    month = Period.month(f"{last:%Y-%m}")
    last_month = month.previous()
    year = Period(date(last.year, 1, 1), last)
    rolling = Period(last - timedelta(days=ROLLING_DAYS - 1), last)
    return {"month": (month, last_month), "last_month": (last_month, last_month.previous()),
            "year": (year, Period(date(last.year - 1, 1, 1), _a_year_before(last))), "rolling": (rolling, rolling.previous())}


def trend_months(first: date, last: date) -> list[Period]:
    """Each month of ``last``'s year up to its month, from January or from ``first``'s month when
    the records start later."""
    start = first.month if first.year == last.year else 1
    return [Period.month(f"{last.year}-{m:02d}") for m in range(start, last.month + 1)]


def _a_year_before(day: date) -> date:
    return day.replace(year=day.year - 1) if (day.month, day.day) != (2, 29) else date(day.year - 1, 2, 28)


def record_span(daily: Mapping[tuple[str, str | None], pd.DataFrame]) -> tuple[date, date] | None:
    """The first and last days on which dossiers were received; without dossiers, those of any
    dated aggregate; None when the store has no dated records."""
    received = daily.get(("dossiers", "received_on"))
    frames = [received] if received is not None and len(received) else [f for (_, day), f in daily.items() if day and len(f)]
    if not frames:
        return None
    return min(min(f["day"]) for f in frames), max(max(f["day"]) for f in frames)


# -- building ---------------------------------------------------------------------------------------

def build(root: str | Path, methodology: Methodology) -> Board | None:
    """Score the standard periods from the kept aggregates and keep them as the current board;
    None (and nothing written) when the store holds no dated records."""
    started = time.perf_counter()
    records = fingerprint(root, methodology)  # before reading: a load during the build leaves the board stale, never wrong
    daily = aggregates.daily_from_store(root, methodology)
    span = record_span(daily)
    if span is None:
        return None
    first, last = span
    periods = standard_periods(last)
    months = trend_months(first, last)
    wanted = sorted({p for pair in periods.values() for p in pair} | set(months), key=lambda p: (p.start, p.end))
    scored = score_periods(methodology, daily, wanted)
    provinces = commune_provinces(daily)
    home = board_folder(root, methodology.id)
    name = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    folder = home / name
    folder.mkdir(parents=True)
    for key, (current, previous) in periods.items():
        # a period that begins before the records has only the catalogue's counts: nothing to compare with
        before = scored[previous] if previous.start >= first else []
        table = _period_table(methodology, with_previous(scored[current], before), before, provinces)
        _write(folder / f"{key}.parquet", table)
    _write(folder / "trend.parquet", _trend_table(months, scored))
    manifest = {
        "methodology": methodology.id, "methodology_hash": methodology.content_hash, "records": records, "build": name,
        "built": datetime.now(timezone.utc).isoformat(timespec="seconds"), "first_day": first.isoformat(), "last_day": last.isoformat(),
        "periods": {key: {"start": p.start.isoformat(), "end": p.end.isoformat(),
                          "previous": {"start": q.start.isoformat(), "end": q.end.isoformat()}} for key, (p, q) in periods.items()},
        "months": [f"{p.start:%Y-%m}" for p in months],
        "seconds": round(time.perf_counter() - started, 3),
    }
    replace_atomically(home / MANIFEST, lambda tmp: tmp.write_text(json.dumps(manifest, indent=1), encoding="utf-8"))
    _drop_old_builds(home, keep=name)
    return Board(root, folder, manifest)


def stale(root: str | Path, methodology: Methodology, records: dict[str, list[int]] | None = None) -> bool:
    """True when there is no board for the methodology, or it was built from another version of the
    methodology or from records that have changed since (``records``: their fingerprint, when the
    caller has just taken it — on an object store each is a listing)."""
    manifest = _manifest(board_folder(root, methodology.id))
    return (manifest is None or manifest.get("methodology_hash") != methodology.content_hash
            or manifest.get("records") != (fingerprint(root, methodology) if records is None else records))


def refresh(root: str | Path, methodology: Methodology) -> Board | None:
    """The current board, built again first when stale; None when the store holds no dated records.
    One caller builds at a time; the others wait and then find it in step."""
    records = fingerprint(root, methodology)
    if not records:
        return None  # no records (or no store yet): nothing to build, and nothing created
    if not stale(root, methodology, records):
        return load(root, methodology.id)
    with _locked(board_folder(root, methodology.id)):
        if not stale(root, methodology):
            return load(root, methodology.id)
        return build(root, methodology)


def load(root: str | Path, methodology_id: str) -> Board | None:
    """The current board as last built, without checking it against the records (``stale`` does)."""
    home = board_folder(root, methodology_id)
    manifest = _manifest(home)
    if manifest is None or not (home / manifest["build"]).is_dir():
        return None
    return Board(root, home / manifest["build"], manifest)


def board_folder(root: str | Path, methodology_id: str) -> Path:
    return workdir(root) / FOLDER / methodology_id


def fingerprint(root: str | Path, methodology: Methodology) -> dict[str, list[int]]:
    """Each record file the methodology's aggregates read (relative path), with its size and
    modification time: what the kept aggregates' ``plan.json`` records of their records."""
    tables = sorted({plan.table for plan in sql.aggregates(methodology)})
    return files_fingerprint(root, [p for table in tables for p in files(root, table)])


def commune_provinces(daily: Mapping[tuple[str, str | None], pd.DataFrame]) -> dict[str, str]:
    """Each commune's province, as the dated aggregates name it."""
    out: dict[str, str] = {}
    for (_, day), frame in daily.items():
        if day is None or not len(frame):
            continue
        communes = frame.loc[frame["level"] == "commune", ["unit", "province"]].drop_duplicates()
        out.update((u, p) for u, p in zip(communes["unit"], communes["province"]) if isinstance(p, str) and u not in out)
    return out


def _period_table(methodology: Methodology, results: list[UnitIndex], previous: list[UnitIndex],
                  provinces: Mapping[str, str]) -> pa.Table:
    """One row per unit: where it stands (total, band, rank, and a commune's rank among its
    province's communes, with the previous period's), each group's points and each indicator's
    numerator, denominator and points."""
    ties, decimals = methodology.ranking.ties, methodology.ranking.decimals
    province = [provinces.get(r.unit) if r.level == "commune" else (r.unit if r.level == "province" else None) for r in results]
    local = _ranks_in_province([(r.unit, r.total) for r in results if r.level == "commune"], provinces, ties, decimals)
    local_before = _ranks_in_province([(r.unit, r.total) for r in previous if r.level == "commune"], provinces, ties, decimals)
    columns: dict[str, pa.Array] = {
        "level": pa.array([r.level for r in results], pa.string()),
        "unit": pa.array([r.unit for r in results], pa.string()),
        "province": pa.array(province, pa.string()),
        "total": pa.array([r.total for r in results], pa.float64()),
        "band": pa.array([r.band for r in results], pa.string()),
        "rank": pa.array([r.rank for r in results], pa.int32()),
        "previous_total": pa.array([r.previous_total for r in results], pa.float64()),
        "previous_rank": pa.array([r.previous_rank for r in results], pa.int32()),
        "province_rank": pa.array([local.get(r.unit) if r.level == "commune" else None for r in results], pa.int32()),
        "previous_province_rank": pa.array([local_before.get(r.unit) if r.level == "commune" else None for r in results], pa.int32()),
    }
    for area in methodology.areas:
        columns[f"group_{area.code}"] = pa.array([r.groups.get(area.code, 0.0) for r in results], pa.float64())
    values = [r.indicators for r in results]
    for k, indicator in enumerate(sql.indicators(methodology)):
        columns[f"{indicator.code}_numerator"] = pa.array([v[k].numerator for v in values], pa.int64())
        columns[f"{indicator.code}_denominator"] = pa.array([v[k].denominator for v in values], pa.int64())
        columns[f"{indicator.code}_points"] = pa.array([v[k].points for v in values], pa.float64())
    return pa.table(columns)


def _ranks_in_province(totals: list[tuple[str, float]], provinces: Mapping[str, str], ties: str, decimals: int) -> dict[str, int]:
    """Each commune's rank among the communes of its province, by the methodology's ranking."""
    by_province: dict[str, list[tuple[str, float]]] = {}
    for unit, total in totals:
        by_province.setdefault(provinces.get(unit, ""), []).append((unit, total))
    out: dict[str, int] = {}
    for communes in by_province.values():
        out.update(zip([u for u, _ in communes], rank([t for _, t in communes], ties, decimals)))
    return out


def _trend_table(months: list[Period], scored: Mapping[Period, list[UnitIndex]]) -> pa.Table:
    """Every unit's total, rank and band in each month, with how many units of its level were ranked
    and their mean total that month."""
    rows: dict[str, list[Any]] = {k: [] for k in ("month", "level", "unit", "total", "rank", "band", "ranked", "level_mean")}
    for period in months:
        results = scored[period]
        for level in LEVELS:
            same = [r for r in results if r.level == level]
            mean = float(np.mean([r.total for r in same])) if same else None
            for r in same:
                for key, value in zip(rows, (f"{period.start:%Y-%m}", level, r.unit, r.total, r.rank, r.band, len(same), mean)):
                    rows[key].append(value)
    types = {"month": pa.string(), "level": pa.string(), "unit": pa.string(), "total": pa.float64(), "rank": pa.int32(),
             "band": pa.string(), "ranked": pa.int32(), "level_mean": pa.float64()}
    return pa.table({k: pa.array(v, types[k]) for k, v in rows.items()})


def _write(path: Path, table: pa.Table) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    replace_atomically(path, lambda tmp: pq.write_table(table, tmp))


def _manifest(home: Path) -> dict[str, Any] | None:
    path = home / MANIFEST
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _drop_old_builds(home: Path, keep: str) -> None:
    builds = sorted(p for p in home.iterdir() if p.is_dir() and not p.name.startswith("."))
    for old in builds[:-KEPT_BUILDS]:
        if old.name != keep:
            shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def _locked(home: Path) -> Iterator[None]:
    home.mkdir(parents=True, exist_ok=True)
    with open(home / ".lock", "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


# -- reading ----------------------------------------------------------------------------------------

@lru_cache(maxsize=64)
def _read(path: str) -> pa.Table:
    """A board file, read once per process: a build never changes its files (a new build is a new folder)."""
    return pq.read_table(path)


STANDING = ("level", "unit", "province", "total", "band", "rank", "previous_total", "previous_rank", "province_rank",
            "previous_province_rank")


@dataclass(frozen=True)
class Board:
    """One build of the board: its periods' results, read from its files."""

    root: str | Path  # the store (a local folder or a URL: ``place``)
    folder: Path
    manifest: dict[str, Any]

    @property
    def last_day(self) -> date:
        return date.fromisoformat(self.manifest["last_day"])

    @property
    def built(self) -> datetime:
        return datetime.fromisoformat(self.manifest["built"])

    @property
    def months(self) -> list[str]:
        return list(self.manifest["months"])

    def period(self, key: str) -> tuple[Period, Period]:
        """The period ``key`` (one of ``PERIODS``) and the period it is compared with."""
        p = self.manifest["periods"][key]
        return (Period(date.fromisoformat(p["start"]), date.fromisoformat(p["end"])),
                Period(date.fromisoformat(p["previous"]["start"]), date.fromisoformat(p["previous"]["end"])))

    def table(self, key: str) -> pa.Table:
        return _read(str(self.folder / f"{key}.parquet"))

    def standings(self, key: str, level: str, province: str | None = None) -> list[dict[str, Any]]:
        """The units of ``level`` (a province's communes when ``province`` is given) in the period,
        best first: level, unit, province, total, band, rank, previous_total, previous_rank and,
        for communes, their rank among the province's communes then and now."""
        table = self.table(key)
        mask = pc.equal(table["level"], level)
        if province is not None:
            mask = pc.and_(mask, pc.equal(table["province"], province))
        rows = table.filter(mask).select(list(STANDING)).to_pylist()
        return sorted(rows, key=lambda r: (r["province_rank"] if province is not None else r["rank"], r["unit"]))

    def provinces_of_communes(self, key: str) -> list[str]:
        """The provinces with at least one commune in the period."""
        table = self.table(key)
        found = table.filter(pc.equal(table["level"], "commune"))["province"]
        return sorted(p for p in pc.unique(found).to_pylist() if p)

    def count(self, key: str, level: str, province: str | None = None) -> int:
        table = self.table(key)
        mask = pc.equal(table["level"], level)
        if province is not None:
            mask = pc.and_(mask, pc.equal(table["province"], province))
        return int(pc.sum(mask).as_py() or 0)

    def unit(self, key: str, level: str, unit: str) -> dict[str, Any] | None:
        """One unit's row of the period (every column), or None when it had no records in it."""
        table = self.table(key)
        found = table.filter(pc.and_(pc.equal(table["level"], level), pc.equal(table["unit"], unit)))
        return found.to_pylist()[0] if found.num_rows else None

    def trend(self, level: str, unit: str) -> list[dict[str, Any]]:
        """The unit's month, total, rank, band, units ranked and their mean, for each month it had records."""
        table = _read(str(self.folder / "trend.parquet"))
        return table.filter(pc.and_(pc.equal(table["level"], level), pc.equal(table["unit"], unit))).to_pylist()

    def procedures(self, methodology: Methodology, key: str, level: str, unit: str, top: int | None = None) -> list[dict[str, Any]]:
        """Where the unit lost its points in the period, by procedure (``lost_by_procedure``), most
        first. Computed from the records when first asked for this build, then kept in it."""
        path = self.folder / "procedures" / key / level / f"{unit}.parquet"
        if path.is_file():
            table = _read(str(path))
        else:
            found = self.unit(key, level, unit)
            period, _ = self.period(key)
            by_procedure = breakdown(DuckDBEngine(self.root), methodology, "procedure", level, unit, period) if found else None
            table = pa.Table.from_pandas(lost_by_procedure(methodology, found, by_procedure), preserve_index=False,
                                         schema=LOST_SCHEMA)
            with contextlib.suppress(OSError):  # two requests at once both compute it; the one that loses the rename keeps its own
                _write(path, table)
        rows = table.to_pylist()
        return rows[:top] if top is not None else rows


LOST_SCHEMA = pa.schema([("procedure", pa.string()), ("indicator", pa.string()), ("numerator", pa.int64()),
                         ("denominator", pa.int64()), ("missed", pa.int64()), ("points_lost", pa.float64())])


def lost_by_procedure(methodology: Methodology, unit_row: Mapping[str, Any] | None,
                      by_procedure: pd.DataFrame | None) -> pd.DataFrame:
    """The points a unit lost on each dossier indicator, shared among its procedures in proportion
    to their dossiers that missed it: a procedure with 30 of the unit's 60 late dossiers carries half
    the points lost on timeliness. The shares of an indicator sum to the points it lost. One row per
    (procedure, indicator) that lost points, most first.

    ``unit_row`` is the unit's row of the period (``Board.unit``), ``by_procedure`` what
    ``engine.breakdown(…, "procedure", …)`` gives for the same unit and period.
    """
    columns = LOST_SCHEMA.names
    if unit_row is None or by_procedure is None or by_procedure.empty:
        return pd.DataFrame({c: pd.Series(dtype=t.to_pandas_dtype()) for c, t in zip(columns, LOST_SCHEMA.types)})
    leaves = {leaf.code: leaf for leaf in methodology.leaves()}
    frame = by_procedure.copy()
    frame["missed"] = frame["denominator"] - frame["numerator"]
    lost = {code: leaves[code].max_points - unit_row[f"{code}_points"] for code in frame["indicator"].unique()}
    missed = {code: unit_row[f"{code}_denominator"] - unit_row[f"{code}_numerator"] for code in lost}
    frame["points_lost"] = [lost[c] * m / missed[c] if missed[c] > 0 and lost[c] > 0 else 0.0
                            for c, m in zip(frame["indicator"], frame["missed"])]
    frame = frame[frame["points_lost"] > 0]
    frame = frame.sort_values(["points_lost", "procedure", "indicator"], ascending=[False, True, True], kind="stable")
    return frame[columns].reset_index(drop=True)
