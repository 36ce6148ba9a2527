"""Two engines, one answer: DuckDB and Spark run the same compiled statements over the same store,
and every figure of every unit comes out the same — on a seeded year of a million dossiers from the
whole country (34 provinces, their 3,321 communes, the ministries).

Not skipped without pyspark: the Spark engine is installed by ``bin/test`` (the ``spark`` extra,
Debian's OpenJDK), and a Spark that drifted from DuckDB must fail CI. Spark's local start takes
10–20 s of the module's time.
"""
import math
from datetime import date

import pandas as pd
import pytest

from parindex.core.methodology import resolve
from parindex.core.services import sql
from parindex.core.services.engine import DuckDBEngine, Period, score_period
from parindex.core.services.generator import Units, generate
from parindex.core.services.spark import SparkEngine, local_session

METHODOLOGY = resolve("vn-766-2022")
OCTOBER = Period.month("2026-10")
FLOAT_TOLERANCE = 1e-12  # points, groups and totals: the same counts through the same rules


@pytest.fixture(scope="module")
def daily(tmp_path_factory):
    """Each engine's daily aggregates of the same store; the local Spark session is stopped after."""
    root = tmp_path_factory.mktemp("million")
    written = generate(root, Units.vietnam(), date(2026, 1, 1), 365, 1_000_000, seed=766)
    assert written["dossiers"] == 1_000_000
    yield DuckDBEngine(root).daily(METHODOLOGY), SparkEngine(root).daily(METHODOLOGY)
    local_session().stop()


def test_both_engines_write_the_same_daily_counts(daily):
    duckdb, spark = daily
    assert sorted(spark, key=str) == sorted(duckdb, key=str) and len(duckdb) == len(sql.aggregates(METHODOLOGY))
    for plan in sql.aggregates(METHODOLOGY):
        ours, theirs = (frame[(plan.table, plan.day)].sort_values(list(plan.keys)).reset_index(drop=True) for frame in daily)
        assert len(ours) > 0
        pd.testing.assert_frame_equal(theirs, ours, check_exact=True)


def test_every_unit_gets_the_same_figures_from_both_engines(daily):
    duckdb, spark = (score_period(METHODOLOGY, frames, OCTOBER) for frames in daily)
    assert [(r.level, r.unit) for r in spark] == [(r.level, r.unit) for r in duckdb]
    assert {r.level for r in duckdb} == {"ministry", "province", "commune"} and len(duckdb) > 3_000
    differ = []
    for ours, theirs in zip(duckdb, spark):
        unit = f"{ours.level} {ours.unit}"
        for a, b in zip(ours.indicators, theirs.indicators):
            if (a.code, a.numerator, a.denominator) != (b.code, b.numerator, b.denominator) or not _same(a.points, b.points):
                differ.append(f"{unit} {a.code}: {a} != {b}")
        if ours.groups.keys() != theirs.groups.keys() or not all(_same(ours.groups[g], theirs.groups[g]) for g in ours.groups):
            differ.append(f"{unit} groups: {ours.groups} != {theirs.groups}")
        if not _same(ours.total, theirs.total) or (ours.band, ours.rank) != (theirs.band, theirs.rank):
            differ.append(f"{unit}: {ours.total} {ours.band} #{ours.rank} != {theirs.total} {theirs.band} #{theirs.rank}")
    assert differ == []


def test_the_month_counts_dossiers_on_both_engines(daily):
    """Not an agreement on nothing: October's on-time indicator counts thousands of dossiers."""
    duckdb, spark = (score_period(METHODOLOGY, frames, OCTOBER) for frames in daily)
    counted = [sum(v.denominator for r in results if r.level == "province" for v in r.indicators if v.code == "2.1")
               for results in (duckdb, spark)]
    assert counted[0] == counted[1] > 10_000


def _same(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=0, abs_tol=FLOAT_TOLERANCE)


def test_both_engines_read_the_deltas_of_a_load_as_superseding_the_base(daily, tmp_path):
    """After a load of late status changes the store has deltas; Spark must read them as DuckDB does
    (``store.source_sql``): each new version in place of its base copy, counted once."""
    import pyarrow.parquet as pq

    from parindex.core.services.generator import later_versions
    from parindex.core.services.ingest import ingest
    from parindex.core.services.store import delta_files, records

    root = tmp_path / "store"
    generate(root, Units.vietnam(communes=40), date(2026, 9, 1), 61, 20_000, seed=5)
    later = later_versions(records(root, "dossiers"), date(2026, 11, 3), 0.8, seed=5)
    pq.write_table(later, tmp_path / "later.parquet")
    assert ingest(root, [tmp_path / "later.parquet"]).change("dossiers").updated == later.num_rows > 100
    assert delta_files(root, "dossiers")
    ours, theirs = DuckDBEngine(root).daily(METHODOLOGY), SparkEngine(root).daily(METHODOLOGY)
    for plan in sql.aggregates(METHODOLOGY):
        a, b = (frames[(plan.table, plan.day)].sort_values(list(plan.keys)).reset_index(drop=True) for frames in (ours, theirs))
        pd.testing.assert_frame_equal(b, a, check_exact=True)
    completed = ours[("dossiers", "completed_on")]
    assert completed.loc[completed["day"] == date(2026, 11, 3), "records"].sum() >= later.num_rows  # each new version counted once
