"""The daily aggregates kept beside the records, brought up to date by the days a load touches.

``DuckDBEngine.daily`` reads every record of every table; a year of a country's dossiers takes
seconds. Here each aggregate the indicators need — one per (table, date), the same statement
``sql.aggregates`` compiles — is kept as Parquet in the store, partitioned by the month of its day::

    _aggregates/dossiers.completed_on.<hash of the statement>/plan.json
    _aggregates/dossiers.completed_on.<hash>/month=2026-10/part-0.parquet
    _aggregates/procedures.catalogue.<hash>/part-0.parquet

``plan.json`` holds the statement and the size and modification time of every record file it was
computed from. An aggregate whose record files are still those is *in step*; one that is not (the
records were written by something other than a load, or a load stopped half-way) is recomputed in
full the next time it is read, so a stale count is never served. Methodologies that compile to the
same statement share one aggregate; a changed indicator gets a new one.

Which days a load touches: for every date field, the days of the records it adds, and for a record
it updates both the old version's days and the new one's — a dossier completed late in November
leaves the day it was counted on as still processing and joins its completion day. Each touched day
is recomputed from every record of the table with that date on that day and replaces the
aggregate's rows of that day; the catalogue, which has no day and is small, is recomputed whole.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from parindex.core.files import replace_atomically
from parindex.core.methodology.model import Methodology
from parindex.core.services import sql
from parindex.core.services.store import files, partition, partitions

FOLDER = "_aggregates"
CATALOGUE = "catalogue"  # the day part of the catalogue's folder name


def daily_from_store(root: str | Path, methodology: Methodology) -> dict[tuple[str, str | None], pd.DataFrame]:
    """What ``DuckDBEngine(root).daily(methodology)`` gives, read from the kept aggregates; any that
    is missing or not in step with the records is computed in full first and kept."""
    out = {}
    for plan in sql.aggregates(methodology):
        if not files(root, plan.table):
            continue  # as the engine: a table without records has no aggregate
        kept = Kept.of(root, plan)
        if not kept.in_step():
            kept.rebuild()
        out[(plan.table, plan.day)] = kept.read()
    return out


def rebuild(root: str | Path, methodology: Methodology) -> dict[tuple[str, str | None], pd.DataFrame]:
    """Every aggregate of the methodology recomputed from all records, kept, and returned."""
    for plan in sql.aggregates(methodology):
        if files(root, plan.table):
            Kept.of(root, plan).rebuild()
    return daily_from_store(root, methodology)


def stale(root: str | Path, methodology: Methodology) -> list[str]:
    """The aggregates of the methodology that reading would compute in full (missing or out of step)."""
    return [Kept.of(root, plan).folder.name for plan in sql.aggregates(methodology)
            if files(root, plan.table) and not Kept.of(root, plan).in_step()]


def in_step(root: str | Path, table: str) -> list[Kept]:
    """The kept aggregates of ``table`` that reflect its records as they are: the ones a load can
    bring up to date by recomputing the days it touches. Asked before the load writes."""
    folder = Path(root) / FOLDER
    found = [Kept.load(path) for path in sorted(folder.glob(f"{table}.*/plan.json"))] if folder.is_dir() else []
    return [kept for kept in found if kept.in_step()]


def update(kept: Collection[Kept], touched: Mapping[str, Collection[date]]) -> int:
    """Recompute, in each of ``kept``, the days ``touched`` names for its date field (the whole
    catalogue when it is among them), and record that it is in step with the records as they now
    are — days untouched included; returns how many days were recomputed."""
    recomputed = 0
    for aggregate in kept:
        if aggregate.day is None:
            aggregate.rebuild()
            continue
        days = sorted(set(touched.get(aggregate.day, ())))
        aggregate.replace_days(days)
        recomputed += len(days)
    return recomputed


@dataclass(frozen=True)
class Kept:
    """One kept aggregate: its folder in the store and the statement that computes it."""

    root: Path
    table: str
    day: str | None
    keys: tuple[str, ...]  # the grouping, ``day`` last (none for the catalogue)
    counts: tuple[str, ...]  # every indicator's ``…_den`` and ``…_num``, in the statement's order
    statement: str

    @classmethod
    def of(cls, root: str | Path, plan: sql.Aggregate) -> "Kept":
        counts = tuple(f"{i.column}_{part}" for i in plan.indicators for part in ("den", "num"))
        return cls(Path(root), plan.table, plan.day, plan.keys, counts, plan.sql)

    @classmethod
    def load(cls, plan_file: Path) -> "Kept":
        saved = json.loads(plan_file.read_text(encoding="utf-8"))
        return cls(plan_file.parent.parent.parent, saved["table"], saved["day"], tuple(saved["keys"]),
                   tuple(saved["counts"]), saved["sql"])

    @property
    def folder(self) -> Path:
        digest = hashlib.sha256(self.statement.encode()).hexdigest()[:12]
        return self.root / FOLDER / f"{self.table}.{self.day or CATALOGUE}.{digest}"

    def in_step(self) -> bool:
        plan = self.folder / "plan.json"
        return plan.is_file() and json.loads(plan.read_text(encoding="utf-8"))["records"] == _fingerprint(self.root, self.table)

    def read(self) -> pd.DataFrame:
        parts = [pq.ParquetFile(p).read().select(self.schema.names) for p in sorted(self.folder.rglob("*.parquet")) if not p.name.startswith(".")]
        return (pa.concat_tables(parts) if parts else self.schema.empty_table()).to_pandas()

    def rebuild(self) -> None:
        """Recompute from every record; the plan is written last, so a rebuild that stops half-way
        leaves the aggregate out of step (and recomputed when next read), never wrong."""
        records = _fingerprint(self.root, self.table)
        (self.folder / "plan.json").unlink(missing_ok=True)
        shutil.rmtree(self.folder, ignore_errors=True)
        frame = self._compute(None)
        months = self._months(frame)
        for month in pc.unique(months).to_pylist():
            self._write(month, frame.filter(pc.equal(months, month)))
        self._keep_plan(records)

    def replace_days(self, days: list[date]) -> None:
        """The rows of ``days`` recomputed from the records and put in place of the kept ones."""
        records = _fingerprint(self.root, self.table)
        fresh = self._compute(days) if days else self.schema.empty_table()
        months = self._months(fresh)
        for month in sorted({partition(d) for d in days}):
            path = self.folder / month / "part-0.parquet"
            kept = pq.ParquetFile(path).read().select(self.schema.names).cast(self.schema) if path.is_file() else self.schema.empty_table()
            kept = kept.filter(pc.invert(pc.is_in(kept["day"], value_set=pa.array(days, pa.date32()))))
            self._write(month, pa.concat_tables([kept, fresh.filter(pc.equal(months, month))]))
        self._keep_plan(records)

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([*(pa.field(k, pa.date32() if k == "day" else pa.string()) for k in self.keys),
                          *(pa.field(c, pa.int64()) for c in self.counts)])  # COUNT: a BIGINT

    def _compute(self, days: list[date] | None) -> pa.Table:
        """The statement over the table's records (only those of ``days`` when given), as the engine
        runs it, ordered by day and keys so that a kept month reads in order."""
        import duckdb  # deferred: only the services commands need it

        paths = [str(p) for p in files(self.root, self.table)]
        with duckdb.connect() as con:
            con.execute("SET enable_progress_bar = false")
            source = con.read_parquet(paths, union_by_name=True)
            if days is not None:
                source = source.filter(f"{self.day} IN ({', '.join(f'DATE {d.isoformat()!r}' for d in days)})")
            source.create_view("source", replace=True)
            order = ", ".join(f"{name} NULLS LAST" for name in (["day"] if self.day else []) + [k for k in self.keys if k != "day"])
            frame = con.execute(f"SELECT * FROM ({self.statement}) ORDER BY {order}").arrow()
        frame = frame.read_all() if isinstance(frame, pa.RecordBatchReader) else frame
        return frame.select(self.schema.names).cast(self.schema)

    def _months(self, frame: pa.Table) -> pa.Array:
        """Each row's partition: ``month=2026-10`` by its day ("" for the catalogue)."""
        if self.day is None:
            return pa.array([""] * frame.num_rows, pa.string())
        return partitions(frame["day"])

    def _write(self, month: str, rows: pa.Table) -> None:
        path = self.folder / month / "part-0.parquet"
        if not rows.num_rows:
            path.unlink(missing_ok=True)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        replace_atomically(path, lambda tmp: pq.write_table(rows, tmp))

    def _keep_plan(self, records: dict[str, list[int]]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        plan = {"table": self.table, "day": self.day, "keys": list(self.keys), "counts": list(self.counts),
                "sql": self.statement, "records": records}
        replace_atomically(self.folder / "plan.json", lambda tmp: tmp.write_text(json.dumps(plan, indent=1), encoding="utf-8"))


def _fingerprint(root: Path, table: str) -> dict[str, list[int]]:
    """Each record file of the table (relative path) with its size and modification time."""
    return {str(p.relative_to(root)): [p.stat().st_size, p.stat().st_mtime_ns] for p in files(root, table)}
