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

What a load changes: the counts are sums, so a load adds what its new records count and takes
away what the versions they replace counted — a dossier completed late in November leaves the day
it was counted on as still processing and joins its completion day. The compiled statement runs over
the load's records and over the replaced versions alone (a few hundred thousand rows, not the
store's hundred million), and the difference is added to the kept rows of the days it touches; a
group whose records all left (``records`` 0) is dropped, as a recompute would not have it. The
catalogue, which has no day and is small, is recomputed whole.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from parindex.core.files import replace_atomically
from parindex.core.methodology.model import Methodology
from parindex.core.services import sql
from parindex.core.services.place import workdir
from parindex.core.services.store import files, fingerprint, partitions, query

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
    folder = workdir(root) / FOLDER
    found = [Kept.load(root, path) for path in sorted(folder.glob(f"{table}.*/plan.json"))] if folder.is_dir() else []
    return [kept for kept in found if kept.in_step()]


def count(kept: Collection[Kept], added: pa.Table, removed: pa.Table) -> list["Change"]:
    """What a load storing the records ``added`` in place of the versions ``removed`` changes in
    each of ``kept`` that is counted by day — worked out from the records alone, so while the load
    writes them (``keep`` follows)."""
    return [aggregate.count_change(added, removed) for aggregate in kept if aggregate.day is not None]


def keep(kept: Collection[Kept], changes: Collection["Change"]) -> int:
    """Once the load's records are stored: keep each change counted (``count``), recompute the
    catalogue's aggregates in full when they are among ``kept``, and record that each is in step
    with the records as they now are; returns how many days changed."""
    for aggregate in kept:
        if aggregate.day is None:
            aggregate.rebuild()
    for change in changes:
        change.aggregate.keep_change(change)
    return sum(change.days for change in changes)


def still_in_step(kept: Collection[Kept]) -> None:
    """Record that each of ``kept`` is in step with its table's files as they now are: after a
    compaction, which rewrote the files without changing a record."""
    for aggregate in kept:
        aggregate._keep_plan(_fingerprint(aggregate.root, aggregate.table))


@dataclass(frozen=True)
class Kept:
    """One kept aggregate: its folder in the store and the statement that computes it."""

    root: str | Path  # the store: its records' place (a local folder or a URL), its derived files in ``workdir``
    table: str
    day: str | None
    keys: tuple[str, ...]  # the grouping, ``day`` last (none for the catalogue)
    counts: tuple[str, ...]  # every indicator's ``…_den`` and ``…_num``, in the statement's order
    statement: str

    @classmethod
    def of(cls, root: str | Path, plan: sql.Aggregate) -> "Kept":
        counts = tuple(f"{i.column}_{part}" for i in plan.indicators for part in ("den", "num")) + ((sql.RECORDS,) if plan.day else ())
        return cls(root, plan.table, plan.day, plan.keys, counts, plan.sql)

    @classmethod
    def load(cls, root: str | Path, plan_file: Path) -> "Kept":
        saved = json.loads(plan_file.read_text(encoding="utf-8"))
        return cls(root, saved["table"], saved["day"], tuple(saved["keys"]),
                   tuple(saved["counts"]), saved["sql"])

    @property
    def folder(self) -> Path:
        digest = hashlib.sha256(self.statement.encode()).hexdigest()[:12]
        return workdir(self.root) / FOLDER / f"{self.table}.{self.day or CATALOGUE}.{digest}"

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
        frame = self._compute()
        months = self._months(frame)
        for month in pc.unique(months).to_pylist():
            self._write(month, frame.filter(pc.equal(months, month)))
        self._keep_plan(records)

    def count_change(self, added: pa.Table, removed: pa.Table) -> "Change":
        """What ``added`` counts, less what ``removed`` counted, added to the kept rows of the days
        it touches (one statement over the months they are in): those months as they become."""
        import duckdb  # deferred: only the services commands need it

        order = ", ".join(f"{name} NULLS LAST" for name in ["day", *(k for k in self.keys if k != "day")])
        sums = ", ".join(f"CAST(sum({c}) AS BIGINT) AS {c}" for c in self.counts)
        with duckdb.connect() as con:
            change = self._signed(con, added, removed)
            months = sorted(set(pc.unique(self._months(change)).to_pylist()))
            paths = [self.folder / month / "part-0.parquet" for month in months]
            kept = [pq.ParquetFile(p).read().select(self.schema.names).cast(self.schema) for p in paths if p.is_file()]
            con.register("kept", pa.concat_tables([self.schema.empty_table(), *kept]))
            con.register("change", change)
            merged = con.execute(f"SELECT {', '.join(self.keys)}, {sums} FROM (SELECT * FROM kept UNION ALL BY NAME SELECT * FROM change) "
                                 f"GROUP BY ALL HAVING sum({sql.RECORDS}) > 0 ORDER BY {order}").fetch_arrow_table()
        merged = merged.select(self.schema.names).cast(self.schema)
        in_month = self._months(merged)
        return Change(self, {month: merged.filter(pc.equal(in_month, month)) for month in months},
                      len(pc.unique(change["day"])) if change.num_rows else 0)

    def keep_change(self, change: "Change") -> None:
        """Write the months a change counted (``count_change``), then the plan, in step with the
        record files as they are now — after the load wrote them."""
        for month, rows in change.months.items():
            self._write(month, rows)
        self._keep_plan(_fingerprint(self.root, self.table))

    def _signed(self, con, added: pa.Table, removed: pa.Table) -> pa.Table:
        """The statement over ``added`` minus the statement over ``removed``, per group and day,
        without the groups where they cancel out — a dossier's new version received the same day
        as the old one changes nothing on that day, and its month is not rewritten for it."""
        parts = []
        for name, rows, sign in (("added", added, 1), ("removed", removed, -1)):
            if rows.num_rows:
                con.register(name, rows)
                parts.append(f"SELECT {', '.join(self.keys)}, {', '.join(f'{sign} * {c} AS {c}' for c in self.counts)} "
                             f"FROM ({self.statement.replace(' FROM source', f' FROM {name}')})")
        if not parts:
            return self.schema.empty_table()
        sums = ", ".join(f"CAST(sum({c}) AS BIGINT) AS {c}" for c in self.counts)
        unchanged = " AND ".join(f"sum({c}) = 0" for c in self.counts)
        change = con.execute(f"SELECT {', '.join(self.keys)}, {sums} FROM ({' UNION ALL '.join(parts)}) "
                             f"GROUP BY ALL HAVING NOT ({unchanged})").fetch_arrow_table()
        return change.select(self.schema.names).cast(self.schema)

    @property
    def schema(self) -> pa.Schema:
        return pa.schema([*(pa.field(k, pa.date32() if k == "day" else pa.string()) for k in self.keys),
                          *(pa.field(c, pa.int64()) for c in self.counts)])  # COUNT: a BIGINT

    def _compute(self) -> pa.Table:
        """The statement over the table's records as readers see them (``store.source_sql``), as the
        engine runs it, ordered by day and keys so that a kept month reads in order."""
        order = ", ".join(f"{name} NULLS LAST" for name in (["day"] if self.day else []) + [k for k in self.keys if k != "day"])
        frame = query(self.root, self.table, f"SELECT * FROM ({self.statement}) ORDER BY {order}")
        return self.schema.empty_table() if frame is None else frame.select(self.schema.names).cast(self.schema)

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


@dataclass(frozen=True)
class Change:
    """A load's change to one kept aggregate, counted and not yet kept: each month it touches as it becomes."""

    aggregate: Kept
    months: dict[str, pa.Table]
    days: int  # how many days it changes


def _fingerprint(root: str | Path, table: str) -> dict[str, list[int]]:
    """Each record file of the table (relative path) with its size and version (``store.fingerprint``)."""
    return fingerprint(root, files(root, table))
