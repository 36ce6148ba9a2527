"""The service index at a country's scale against its floor (issue 16).

Headline case: N generated dossiers (100,000,000 by default) of the 34 provinces, their 3,321
communes and the ministries over the 12 months of 2026, with their feedback and the procedure
catalogue (``generator.generate`` in chunks of 5 million, into /tmp, once: a later run with the
same N and seed reuses the store).

Full recompute, target ≤ 1.5× the floor:

- parindex: ``DuckDBEngine(root).daily(m)`` then ``score_periods`` for the 12 months and the year
  (the daily aggregates numbered once, each period a sum of its days) — every unit's 15
  indicators, points, groups, total, band and rank in each period.
- the floor: ONE hand-written DuckDB statement over the same Parquet files that gives, for every
  unit and each of the 12 months and the year, the numerator and the denominator of all 15
  indicators (ministries and communes count their own records, a province the records of all its
  units, a commune is rated on its province's catalogue). "The same counts" are these per-unit
  per-period numbers — what parindex's results carry — not parindex's per-day intermediate:
  parindex sums days because its daily aggregates serve every period (a rolling 30 days, the year
  to date, a load that changes a few days), so the fair floor is the query that produces the
  wanted per-month numbers directly, grouping by month, with nothing in between and no scoring.
  It groups by unit, province and level as the records give them, as parindex's definitions do.
  The floor's counts are checked against parindex's for every unit and period, and the benchmark
  stops if any differs.

Every time is the median of ``--rounds`` rounds after a warm-up (which also does the check); a
round runs the floor and then parindex, and the ratio is taken per round, so load from other
processes falls on both alike. The load average is printed.

An incremental day, target ≤ 1 s: in a hard-linked copy of the store (its files are replaced,
never written in place, so the generated store stays as it is), the store is first brought to the
state a running service keeps — the daily aggregates built in full and the key index of the base
files built (``locator``), each timed — then one day's 300,000 events — 150,000 dossiers received
on 1 January 2027 and new versions of 150,000 dossiers that were still processing, completed that
day — are loaded with ``ingest.ingest`` from one Parquet file: the checks, the lookup of the stored
versions, the deltas written and the aggregates brought up to date, each timed; the target is shown
for the whole load and for the aggregates' update alone. The kept aggregates are then checked
against a full recompute of every period (which reads the deltas as superseding the base files).

Spark (when ``core/services/spark.py``, pyspark and Java are there): ``SparkEngine`` in local mode
on 10,000,000 dossiers (the same generator and seed), the same 13 periods, its time and ratio to
DuckDB on the same data, and whether every figure agrees. Spark is for clusters; here it must only
agree.

Memory: the peak resident set of this process (``getrusage`` maxrss; generation runs in a child
process, so it is not in it) and each phase's own peak (VmHWM, reset before the phase through
/proc/self/clear_refs), against the machine's memory.

Run: ``.venv/bin/python benchmarks/service_bench.py [N] [--rounds 3] [--remove]``
(``N`` 2000000 for a quick run; ``--remove`` deletes the generated data at the end).
"""
from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import date, timedelta
from multiprocessing import get_context
from pathlib import Path
from string import Template
from typing import Any

import duckdb
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from parindex.core.methodology import resolve
from parindex.core.services.engine import DuckDBEngine, Period, UnitIndex, score_period, score_periods
from parindex.core.services.generator import Units, generate
from parindex.core.services.records import DOSSIERS
from parindex.core.services.store import files

BASE = Path("/tmp/parindex-service-bench")
START, DAYS, YEAR = date(2026, 1, 1), 365, 2026
CHUNK = 5_000_000
SEED = 766
SPARK_N = 10_000_000
DAY_EVENTS = 300_000  # half new dossiers, half dossiers completed that day
METHODOLOGY = "vn-766-2022"
SAME_TOTAL = 1e-9  # points: both engines hand the same integer counts to the same rules
STATUS = Path("/proc/self/status")
PERIODS = [Period.month(f"{YEAR}-{m:02d}") for m in range(1, 13)] + [Period.year(YEAR)]


def label(period: Period) -> str:
    return str(YEAR) if period == Period.year(YEAR) else f"{period.start:%Y-%m}"


# -- the data ------------------------------------------------------------------------------------

def store(n: int, seed: int = SEED) -> tuple[Path, dict[str, Any]]:
    """The generated store for ``n`` dossiers, generated now unless a complete one is there."""
    root = BASE / f"n{n}-seed{seed}"
    marker = root / "generated.json"
    wanted = {"dossiers": n, "seed": seed, "start": START.isoformat(), "days": DAYS, "chunk": CHUNK,
              "generator": generator_version()}
    if marker.is_file():
        found = json.loads(marker.read_text())
        if found["wanted"] == wanted:
            return root / "store", {**found, "reused": True}
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as child:  # its memory is not this process's
        made = child.submit(_generate, str(root / "store"), n, seed).result()
    marker.write_text(json.dumps({"wanted": wanted, **made}))  # written last: a stopped generation is redone
    return root / "store", {**made, "reused": False}


def generator_version() -> str:
    """The generator's source, hashed: a store drawn by an earlier generator is drawn again."""
    import hashlib
    import inspect

    from parindex.core.services import generator
    return hashlib.sha256(inspect.getsource(generator).encode()).hexdigest()[:12]


def _generate(root: str, n: int, seed: int) -> dict[str, Any]:
    start = time.perf_counter()
    written = generate(root, Units.vietnam(), START, DAYS, n, seed, chunk=CHUNK)
    return {"written": written, "seconds": time.perf_counter() - start,
            "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024}


def disk(root: Path) -> int:
    return sum(p.stat().st_size for p in root.rglob("*") if p.is_file())


# -- the floor -------------------------------------------------------------------------------------

FLOOR = Template("""
WITH
received AS (
  SELECT unit, province, level, date_trunc('month', received_on) AS during,
         count(*) AS i1_4_den, count(*) FILTER (WHERE synced) AS i1_4_num,
         count(*) AS i3_2_den, count(*) FILTER (WHERE digitised) AS i3_2_num,
         count(*) AS i3_3_den, count(*) FILTER (WHERE reused_data) AS i3_3_num,
         count(*) AS i4_2_den, count(*) FILTER (WHERE channel = 'online') AS i4_2_num,
         count(*) FILTER (WHERE fee_due) AS i4_4_den, count(*) FILTER (WHERE fee_due AND paid_online) AS i4_4_num
  FROM read_parquet($dossiers) WHERE received_on BETWEEN DATE '$start' AND DATE '$end'
  GROUP BY unit, province, level, during),
completed AS (
  SELECT unit, province, level, date_trunc('month', completed_on) AS during,
         count(*) FILTER (WHERE state = 'completed') AS i2_1_den,
         count(*) FILTER (WHERE state = 'completed' AND completed_on <= due_on) AS i2_1_num,
         count(*) FILTER (WHERE state = 'completed') AS i3_1_den,
         count(*) FILTER (WHERE state = 'completed' AND result_electronic) AS i3_1_num,
         count(*) FILTER (WHERE state = 'completed') AS i5_3_den,
         count(*) FILTER (WHERE state = 'completed' AND completed_on <= due_on AND NOT rated_dislike) AS i5_3_num
  FROM read_parquet($dossiers) WHERE completed_on BETWEEN DATE '$start' AND DATE '$end'
  GROUP BY unit, province, level, during),
answered AS (
  SELECT unit, province, level, date_trunc('month', received_on) AS during,
         count(*) AS i5_1_den, count(*) FILTER (WHERE resolved_on <= due_on) AS i5_1_num,
         count(*) AS i5_2_den, count(*) FILTER (WHERE satisfied IS DISTINCT FROM FALSE) AS i5_2_num
  FROM read_parquet($feedback) WHERE received_on BETWEEN DATE '$start' AND DATE '$end'
  GROUP BY unit, province, level, during),
units AS (
  SELECT * FROM received UNION ALL BY NAME SELECT * FROM completed UNION ALL BY NAME SELECT * FROM answered),
rated AS (  -- ministries and communes count their own records, a province those of all its units
  SELECT level, unit, CASE WHEN level = 'commune' THEN province ELSE unit END AS announcer,
         * EXCLUDE (level, unit, province)
  FROM units WHERE level IN ('ministry', 'commune')
  UNION ALL
  SELECT 'province', province, province, * EXCLUDE (level, unit, province) FROM units WHERE province IS NOT NULL
  UNION ALL BY NAME  -- a ministry or province is rated on its catalogue in every month, with records or not
  SELECT level, unit, unit AS announcer, CAST(range AS DATE) AS during
  FROM (SELECT DISTINCT level, unit FROM read_parquet($procedures))
  CROSS JOIN range(DATE '$start', DATE '$end', INTERVAL 1 MONTH)),
periods AS (  -- each month, and the year
  SELECT level, unit, announcer, coalesce(strftime(during, '%Y-%m'), '$year') AS period,
         coalesce(sum(COLUMNS('^i[0-9]')), 0)
  FROM rated GROUP BY GROUPING SETS ((level, unit, announcer, during), (level, unit, announcer))),
catalogue AS (  -- announced by ministries and provinces; a commune is rated on its province's
  SELECT unit AS announcer, level AS announced_by,
         count(*) AS i1_1_den, count(*) FILTER (WHERE announced_on_time) AS i1_1_num,
         count(*) AS i1_2_den, count(*) FILTER (WHERE published_on_time) AS i1_2_num,
         count(*) AS i1_3_den, count(*) FILTER (WHERE fully_disclosed) AS i1_3_num,
         count(*) AS i4_1_den, count(*) FILTER (WHERE online_capable) AS i4_1_num,
         count(*) FILTER (WHERE has_fee) AS i4_3_den, count(*) FILTER (WHERE has_fee AND payment_integrated) AS i4_3_num
  FROM read_parquet($procedures) GROUP BY unit, level)
SELECT p.level, p.unit, p.period, p.* EXCLUDE (level, unit, period, announcer),
       c.* EXCLUDE (announcer, announced_by)
FROM periods p LEFT JOIN catalogue c
  ON c.announcer = p.announcer AND c.announced_by = CASE p.level WHEN 'ministry' THEN 'ministry' ELSE 'province' END
""")


def floor_statement(root: Path) -> str:
    def listed(table: str) -> str:
        return "[" + ", ".join(f"'{p}'" for p in files(root, table)) + "]"

    return FLOOR.substitute(dossiers=listed("dossiers"), feedback=listed("feedback"), procedures=listed("procedures"),
                            start=f"{YEAR}-01-01", end=f"{YEAR}-12-31", year=str(YEAR))


def run_floor(root: Path) -> pa.Table:
    with duckdb.connect() as con:
        return con.execute(floor_statement(root)).fetch_arrow_table()


# -- parindex ----------------------------------------------------------------------------------------

def run_parindex(engine, methodology) -> dict[str, list[UnitIndex]]:
    scored = score_periods(methodology, engine.daily(methodology), PERIODS)
    return {label(p): found for p, found in scored.items()}


Counts = dict[tuple[str, str, str], dict[str, tuple[int, int]]]  # (period, level, unit) → code → (num, den)


def counts_of(results: dict[str, list[UnitIndex]]) -> Counts:
    return {(period, r.level, r.unit): {v.code: (v.numerator, v.denominator) for v in r.indicators}
            for period, found in results.items() for r in found}


def floor_counts(table: pa.Table) -> Counts:
    rows = table.to_pydict()
    codes = sorted({c[1:-4].replace("_", ".") for c in rows if c.startswith("i") and c.endswith(("_num", "_den"))})
    out: Counts = {}
    for i, key in enumerate(zip(rows["period"], rows["level"], rows["unit"])):
        out[key] = {code: (int(rows[_col(code, "num")][i] or 0), int(rows[_col(code, "den")][i] or 0)) for code in codes}
    return out


def _col(code: str, part: str) -> str:
    return "i" + code.replace(".", "_") + "_" + part


class Mismatch(Exception):
    """Two computations that must give the same counts did not."""


def differences(ours: Counts, theirs: Counts, limit: int = 5) -> list[str]:
    """Where two sets of counts differ: a unit only one has, or an indicator's (numerator, denominator)."""
    out = [f"{key}: only in the first" for key in sorted(ours.keys() - theirs.keys())]
    out += [f"{key}: only in the second" for key in sorted(theirs.keys() - ours.keys())]
    for key in sorted(ours.keys() & theirs.keys()):
        out += [f"{key} {code}: {ours[key][code]} ≠ {theirs[key].get(code)}" for code in ours[key]
                if ours[key][code] != theirs[key].get(code)]
    return out[:limit] + ([f"… {len(out) - limit} more"] if len(out) > limit else [])


# -- measuring ---------------------------------------------------------------------------------------

def timed(run: Callable, *args) -> tuple[float, Any]:
    start = time.perf_counter()
    result = run(*args)
    return time.perf_counter() - start, result


def memory(field: str, status: Path = STATUS) -> int:
    """Bytes of a process's VmRSS or VmHWM (peak), 0 where /proc is not there."""
    try:
        line = next(x for x in status.read_text().splitlines() if x.startswith(field + ":"))
    except (OSError, StopIteration):
        return 0
    return int(line.split()[1]) * 1024


def reset_peak() -> int:
    """Resets VmHWM to the current RSS (Linux); returns the RSS. The peak so far is kept first:
    resetting VmHWM resets getrusage's maxrss with it."""
    PEAKS.append(process_peak())
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass
    return memory("VmRSS")


PEAKS: list[int] = []


def process_peak() -> int:
    """This process's peak resident set since it started, across the resets of ``reset_peak``."""
    return max([*PEAKS, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024, memory("VmHWM")])


def children_peak() -> int:
    """The largest peak RSS among this process's children still running (Spark's JVM)."""
    peaks = [memory("VmHWM", status) for status in Path("/proc").glob("[0-9]*/status")
             if _parent(status) == os.getpid()]
    return max(peaks, default=0)


def _parent(status: Path) -> int | None:
    try:
        return int(next(x for x in status.read_text().splitlines() if x.startswith("PPid:")).split()[1])
    except (OSError, StopIteration, ValueError):
        return None


def gib(n: float) -> str:
    return f"{n / 2**30:.1f} GiB"


def machine() -> str:
    total = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    return f"{os.cpu_count()} cores, {gib(total)} of memory"


def load() -> str:
    return f"load average {os.getloadavg()[0]:.1f}"


# -- the headline: full recompute against the floor -------------------------------------------------

def headline(root: Path, rounds: int) -> dict[str, list[UnitIndex]]:
    methodology = resolve(METHODOLOGY)
    engine = DuckDBEngine(root)
    warm_floor, floor = timed(run_floor, root)
    warm_ours, results = timed(run_parindex, engine, methodology)
    ours, theirs = counts_of(results), floor_counts(floor)
    wrong = differences(ours, theirs)
    if wrong:
        raise Mismatch("the floor's counts and parindex's differ:\n  " + "\n  ".join(wrong))
    seconds: dict[str, list[float]] = {"floor": [], "parindex": [], "daily": [], "periods": []}
    for _ in range(rounds):
        seconds["floor"].append(timed(run_floor, root)[0])
        start = time.perf_counter()
        daily = engine.daily(methodology)
        seconds["daily"].append(time.perf_counter() - start)
        score_periods(methodology, daily, PERIODS)
        seconds["parindex"].append(time.perf_counter() - start)
        seconds["periods"].append(seconds["parindex"][-1] - seconds["daily"][-1])
        del daily
    before = reset_peak()
    run_parindex(engine, methodology)
    ours_peak = memory("VmHWM")
    floor_before = reset_peak()
    run_floor(root)
    floor_peak = memory("VmHWM")

    ratio = statistics.median(p / f for p, f in zip(seconds["parindex"], seconds["floor"]))
    units = {level: len({u for (period, lv, u) in ours if lv == level}) for level in ("ministry", "province", "commune")}
    print(f"  checked: the floor's counts equal parindex's for all {len(ours):,} (unit, period) pairs "
          f"({units['ministry']} ministries, {units['province']} provinces, {units['commune']:,} communes × 12 months "
          f"and the year, 15 indicators each: {floor.num_rows:,} floor rows)")
    print(f"  median of {rounds} rounds after a warm-up (floor {warm_floor:.1f} s, parindex {warm_ours:.1f} s); {load()}")
    print(f"  {'floor: one hand-written DuckDB statement, per unit × month and year':<72}"
          f"{statistics.median(seconds['floor']):7.1f} s")
    print(f"  {'parindex: DuckDBEngine.daily (4 daily aggregates)':<72}{statistics.median(seconds['daily']):7.1f} s")
    print(f"  {'parindex: score_periods, 13 periods (12 months and the year)':<72}{statistics.median(seconds['periods']):7.1f} s")
    print(f"  {'parindex: full recompute (daily + 13 periods)':<72}{statistics.median(seconds['parindex']):7.1f} s"
          f"  {ratio:4.2f}× floor   target ≤ 1.5×: {'met' if ratio <= 1.5 else 'NOT met'}")
    print("  rounds (floor / parindex, s): " + ", ".join(f"{f:.1f}/{p:.1f}" for f, p in zip(seconds['floor'], seconds['parindex'])))
    print(f"  peak memory, full recompute: {gib(ours_peak)} resident ({gib(max(ours_peak - before, 0))} over the "
          f"{gib(before)} before); floor: {gib(floor_peak)} ({gib(max(floor_peak - floor_before, 0))} over)")
    return results


# -- an incremental day ------------------------------------------------------------------------------

def incremental(root: Path, n: int, seed: int) -> None:
    try:
        from parindex.core.services import aggregates, checks, ingest, locator, sent
        from parindex.core.services import store as store_module
    except ImportError as missing:
        print(f"  skipped: {missing} (core/services/ingest.py and aggregates.py are not there yet)")
        return
    if not all(hasattr(aggregates, name) for name in ("rebuild", "daily_from_store", "stale")) or not hasattr(ingest, "ingest"):
        print("  skipped: aggregates.rebuild / daily_from_store / stale or ingest.ingest are not there")
        return
    methodology = resolve(METHODOLOGY)
    copy = root.parent / "incremental"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(root, copy, copy_function=os.link)  # files are replaced by renames, never written in place
    try:
        built, _ = timed(aggregates.rebuild, copy, methodology)
        indexed, _ = timed(locator.Index.current, copy, "dossiers")
        day = START + timedelta(days=DAYS)
        batch = copy.parent / "day.parquet"
        made, events = timed(_day_of_events, copy, day, n, seed, batch)
        phases: dict[str, float] = {}
        beside = {"locator.stored": "in a thread, beside the checks and the batch's own plan",
                  "aggregates.count": "in a thread, beside the writing of the deltas"}
        with clocked([(sent, "read"), (checks, "check_rows"), (locator, "stored"), (ingest, "_batch"), (ingest, "_plan"),
                      (store_module, "read_delta"), (store_module, "write_delta"), (aggregates, "count"), (aggregates, "keep")], phases):
            before = reset_peak()
            took, report = timed(ingest.ingest, copy, [batch])
            peak = memory("VmHWM")
        change = report.change("dossiers")
        print(f"  kept daily aggregates built in full first: {built:.1f} s, the key index of the base files: {indexed:.1f} s; "
              f"the day's batch made in {made:.1f} s: "
              f"{events['received']:,} dossiers received on {day} and {events['completed']:,} new versions completed that day")
        what = f"ingest.ingest of the day ({events['received'] + events['completed']:,} events, one Parquet file)"
        print(f"  {what:<72}{took:7.2f} s   target ≤ 1 s: {'met' if took <= 1 else 'NOT met'}")
        for name, seconds in phases.items():
            print(f"    {name:<68}{seconds:7.2f} s{'   (' + beside[name] + ')' if name in beside else ''}")
        in_line = sum(seconds for name, seconds in phases.items() if name not in beside)
        print(f"    {'the rest: waiting for the threads, locking, compacting':<68}{took - in_line:7.2f} s")
        print(f"  {change.added:,} added, {change.updated:,} updated; {len(change.partitions)} deltas written "
              f"({', '.join(change.partitions)}); {change.days} aggregate days changed; peak memory {gib(peak)} "
              f"({gib(max(peak - before, 0))} over); {load()}")
        stale = aggregates.stale(copy, methodology)
        read, kept = timed(aggregates.daily_from_store, copy, methodology)
        full, recomputed = timed(DuckDBEngine(copy).daily, methodology)
        checked = [*PERIODS, Period.month(f"{day:%Y-%m}")]
        from_kept, from_full = (counts_of({f"{p.start}…{p.end}": score_period(methodology, daily, p) for p in checked})
                                for daily in (kept, recomputed))
        wrong = differences(from_kept, from_full)
        agree = not wrong
        print(f"  after the load: kept aggregates {'in step' if not stale else 'STALE: ' + ', '.join(stale)}, read in {read:.1f} s "
              f"(a full recompute: {full:.1f} s); the 13 periods and {day:%Y-%m} from them "
              + ("equal a full recompute's" if agree else "DIFFER from a full recompute's: " + "; ".join(wrong)))
        if not agree or stale:
            raise Mismatch("the incremental load's aggregates are not those of a full recompute")
    finally:
        shutil.rmtree(copy, ignore_errors=True)
        (copy.parent / "day.parquet").unlink(missing_ok=True)


@contextlib.contextmanager
def clocked(functions: list[tuple[Any, str]], into: dict[str, float]) -> Iterator[None]:
    """Each of the modules' functions timed (into ``into``, by ``module.function``) while inside."""
    originals = [(module, name, getattr(module, name)) for module, name in functions]
    for module, name, function in originals:
        setattr(module, name, _timing(function, into, f"{module.__name__.rsplit('.', 1)[1]}.{name}"))
    try:
        yield
    finally:
        for module, name, function in originals:
            setattr(module, name, function)


def _timing(function: Callable, into: dict[str, float], name: str) -> Callable:
    def timing(*args, **kwargs):
        start = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            into[name] = into.get(name, 0.0) + time.perf_counter() - start
    return timing


def _day_of_events(root: Path, day: date, n: int, seed: int, path: Path) -> dict[str, int]:
    """One day's events as the systems would send them: new dossiers received that day (drawn by the
    same generator, numbered after the store's) and new versions of dossiers still processing, now
    completed that day."""
    half = DAY_EVENTS // 2
    fresh_root = path.parent / "fresh"
    shutil.rmtree(fresh_root, ignore_errors=True)
    generate(fresh_root, Units.vietnam(), day, 1, half, seed + 1)
    schema = DOSSIERS.schema
    fresh = pa.concat_tables(pq.read_table(p).select(schema.names).cast(schema) for p in files(fresh_root, "dossiers"))
    shutil.rmtree(fresh_root)
    ids = pc.binary_join_element_wise("HS", pc.cast(pa.array(np.arange(n, n + fresh.num_rows)), pa.string()), "")
    fresh = fresh.set_column(fresh.schema.get_field_index("dossier_id"), "dossier_id", ids)
    with duckdb.connect() as con:
        paths = [str(p) for p in files(root, "dossiers")]
        waiting = con.execute(f"SELECT * FROM read_parquet({paths}) WHERE state = 'processing' "
                              f"ORDER BY received_on, dossier_id LIMIT {half}").fetch_arrow_table()
    rng = np.random.default_rng(seed)
    done = waiting.num_rows
    updates = {"version": pa.array(np.full(done, 2, dtype=np.int64)), "state": pa.array(["completed"] * done),
               "completed_on": pa.array([day] * done, pa.date32()),
               "result_electronic": pa.array(rng.random(done) < 0.5)}
    for name, values in updates.items():
        waiting = waiting.set_column(waiting.schema.get_field_index(name), name, values)
    pq.write_table(pa.concat_tables([t.select(schema.names).cast(schema) for t in (fresh, waiting)]), path)
    return {"received": fresh.num_rows, "completed": done}


# -- Spark -----------------------------------------------------------------------------------------------

def spark(seed: int, rounds: int) -> None:
    try:
        from parindex.core.services.spark import SparkEngine, local_session
    except ImportError as missing:
        print(f"  skipped: {missing} (core/services/spark.py is not there yet)")
        return
    try:
        import pyspark  # noqa: F401
    except ImportError:
        print("  skipped: pyspark is not installed (the 'spark' extra)")
        return
    if shutil.which("java") is None and not os.environ.get("JAVA_HOME"):
        print("  skipped: no Java on this machine")
        return
    root, made = store(SPARK_N, seed)
    if not made["reused"]:
        print(f"  generated {SPARK_N:,} dossiers in {made['seconds']:.0f} s")
    methodology = resolve(METHODOLOGY)
    started, session = timed(local_session)
    warm, spark_results = timed(run_parindex, SparkEngine(root, session), methodology)
    duck_results = run_parindex(DuckDBEngine(root), methodology)
    wrong = differences(counts_of(spark_results), counts_of(duck_results))
    totals_agree = all(abs(a.total - b.total) <= SAME_TOTAL and a.rank == b.rank and a.band == b.band
                       for p in duck_results for a, b in zip(sorted(spark_results[p], key=_key), sorted(duck_results[p], key=_key)))
    times: dict[str, list[float]] = {"spark": [], "duckdb": []}
    for _ in range(rounds):
        times["duckdb"].append(timed(run_parindex, DuckDBEngine(root), methodology)[0])
        times["spark"].append(timed(run_parindex, SparkEngine(root, session), methodology)[0])
    ratio = statistics.median(s / d for s, d in zip(times["spark"], times["duckdb"]))
    print(f"  {SPARK_N:,} dossiers ({gib(disk(root))} on disk), the same 13 periods; local[2] session started in {started:.1f} s, "
          f"warm-up {warm:.1f} s; median of {rounds} rounds; {load()}")
    print(f"  {'DuckDB: daily + 13 periods':<72}{statistics.median(times['duckdb']):7.1f} s")
    print(f"  {'Spark local: daily + 13 periods':<72}{statistics.median(times['spark']):7.1f} s  {ratio:4.1f}× DuckDB")
    print(f"  figures agree: {'yes' if not wrong and totals_agree else 'NO'} — every unit's 15 numerators and "
          f"denominators in all 13 periods{'' if not wrong else ' differ: ' + '; '.join(wrong)}, totals, bands and ranks"
          f"{'' if totals_agree else ' (totals, bands or ranks differ)'}; Spark's JVM peak {gib(children_peak())}")
    session.stop()
    if wrong or not totals_agree:
        raise Mismatch("Spark's figures are not DuckDB's")


def _key(r: UnitIndex) -> tuple[str, str]:
    return r.level, r.unit


# -- main ------------------------------------------------------------------------------------------------

PARTS = {"headline": "full recompute against the floor", "incremental": "an incremental day",
         "spark": f"Spark, local mode, on {SPARK_N:,} dossiers"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", nargs="?", type=int, default=100_000_000, help="dossiers (default 100,000,000)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--skip", nargs="*", default=[], choices=list(PARTS), help="parts not to run")
    parser.add_argument("--remove", action="store_true", help="delete the generated data at the end")
    args = parser.parse_args()
    print(f"service index, {args.n:,} dossiers; {machine()}; python {sys.version.split()[0]}, duckdb {duckdb.__version__}")
    failed = []
    try:
        root, made = store(args.n, args.seed)
        written = made["written"]
        print(f"  store: {written['dossiers']:,} dossiers, {written['feedback']:,} feedback, {written['procedures']:,} procedures; "
              f"{gib(disk(root))} on disk, {len(files(root, 'dossiers'))} dossier files; "
              + ("generated earlier" if made["reused"] else f"generated in {made['seconds']:.0f} s")
              + f" (the generator's peak memory {gib(made['peak'])})")
        runs = {"headline": lambda: headline(root, args.rounds), "incremental": lambda: incremental(root, args.n, args.seed),
                "spark": lambda: spark(args.seed, args.rounds)}
        for part, title in PARTS.items():
            print(title)
            if part in args.skip:
                print("  skipped (--skip)")
                continue
            try:
                runs[part]()
            except Exception as error:  # a part still being written elsewhere must not hide the others' figures
                failed.append(part)
                print(f"  FAILED: {type(error).__name__}: {error}")
        print(f"peak memory of this process: {gib(process_peak())} (getrusage maxrss, kept across the phases' resets; "
              f"the machine has {machine().split(', ')[1]})")
    finally:
        if args.remove:
            shutil.rmtree(BASE, ignore_errors=True)
    if failed:
        raise SystemExit(f"failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
