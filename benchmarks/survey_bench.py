"""Survey estimation at national scale against its floor (issue 15, "Speed to the floor").

Headline case, the national wave: 1,005,793 respondents in 34 provinces (strata), about 2,400
communes (PSUs) coded as strings like "P01-C0012", drawn with replacement (no fpc), unequal
weights, 7 numeric items with about 3 % missing answers; the mean and SE of every item in every
province and nationally (``means_by_domain(design, items, by="province")``).

The floor is what any design-based variance must at least do: one DuckDB pass over the same pandas
frame producing the PSU-level sums (``SELECT province, commune, sum(w*y), sum(w*present),
count(y) … GROUP BY province, commune``). parindex must also build the design, which factorises
the string codes, so the honest comparison is design build + estimation against the floor; both
parts are printed, and the ratio is given with and without the build. Target: ≤ 3× the floor.

A second case keeps the earlier two-stage design with fpc (communes, then people) and 20 items;
its variance within communes needs three more sums per item (Σ(w·y)², Σw²·y, Σw²·present), so its
floor computes them too.

Every figure is the median of ``--rounds`` rounds after a warm-up; a round runs the floor, the build
and the estimation one after the other, so load from other processes falls on all three alike.
Peak memory is the process's peak resident set during one build + estimation, measured from the
RSS before it (the peak is reset through /proc/self/clear_refs on Linux).

Run: ``.venv/bin/python benchmarks/survey_bench.py [--rounds 5] [--national-only]``.
"""
from __future__ import annotations

import argparse
import os
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from parindex.core.survey import Design
from parindex.core.survey.domains import means_by_domain

STATUS = Path("/proc/self/status")


@dataclass(frozen=True)
class Case:
    title: str
    frame: pd.DataFrame
    design: dict  # Design.from_frame arguments
    items: list[str]
    stratum: str
    psu: str
    weight: str
    second_stage: bool = False  # rows are second-stage units: their variance needs the sums of w² too


def national_wave(n: int = 1_005_793, provinces: int = 34, seed: int = 15) -> Case:
    """String PSU codes shared within a commune, as pandas' CSV reader gives them."""
    rng = np.random.default_rng(seed)
    communes_in = rng.integers(50, 93, provinces)  # about 2,400 communes in all
    province = rng.choice(provinces, n, p=rng.dirichlet(np.full(provinces, 20.0)))
    commune = (rng.random(n) * communes_in[province]).astype(np.int64)
    first = np.concatenate([[0], np.cumsum(communes_in)[:-1]])
    labels = np.array([f"P{p + 1:02d}-C{c + 1:04d}" for p in range(provinces) for c in range(communes_in[p])], dtype=object)
    commune_weight = rng.lognormal(6.0, 0.6, len(labels))
    frame = pd.DataFrame({
        "province": np.array([f"P{p + 1:02d}" for p in range(provinces)], dtype=object)[province],
        "commune": labels[first[province] + commune],
        "w": commune_weight[first[province] + commune] * rng.uniform(0.5, 1.5, n),
    })
    items = [f"q{i}" for i in range(1, 8)]
    for i, item in enumerate(items):
        y = rng.integers(1, 6, n).astype(float) if i < 5 else rng.lognormal(2.0 + i / 4, 0.8, n)
        y[rng.random(n) < 0.03] = np.nan
        frame[item] = y
    return Case(f"national wave: {n:,} respondents, {provinces} provinces, {len(labels):,} communes (string codes), "
                f"with replacement, {len(items)} items",
                frame, dict(ids="commune", strata="province", weights="w"), items, "province", "commune", "w")


def two_stage_wave(n: int = 1_000_000, provinces: int = 34, seed: int = 2026) -> Case:
    """The earlier case: communes then people, with finite-population corrections, 20 items."""
    rng = np.random.default_rng(seed)
    province = rng.integers(0, provinces, n)
    frame = pd.DataFrame({"province": province, "commune": province * 1000 + rng.integers(0, 40, n)})
    frame["fpc1"] = 120  # communes in the province, 40 drawn
    frame["fpc2"] = frame.groupby("commune")["commune"].transform("size") * 40  # people living in the commune
    frame["row"] = np.arange(n)
    frame["w"] = 120 / 40 * 40.0
    items = [f"q{i:02d}" for i in range(1, 21)]
    for item in items:
        frame[item] = rng.integers(1, 6, n).astype(np.float64)
    return Case(f"two-stage wave with fpc: {n:,} respondents, {provinces} provinces, {len(items)} items",
                frame, dict(ids=["commune", "row"], strata="province", fpc=["fpc1", "fpc2"]), items,
                "province", "commune", "w", second_stage=True)


def floor_sums(case: Case, y: str) -> list[str]:
    w = case.weight
    sums = [f"sum({w} * {y})", f"sum(CASE WHEN {y} IS NULL THEN 0 ELSE {w} END)", f"count({y})"]
    if case.second_stage:
        sums += [f"sum({w} * {w} * {y} * {y})", f"sum({w} * {w} * {y})", f"sum(CASE WHEN {y} IS NULL THEN 0 ELSE {w} * {w} END)"]
    return sums


def floor_query(case: Case) -> str:
    sums = ", ".join(s for y in case.items for s in floor_sums(case, y))
    return f"SELECT {case.stratum}, {case.psu}, {sums} FROM wave GROUP BY {case.stratum}, {case.psu}"


def run_floor(case: Case, con: duckdb.DuckDBPyConnection) -> dict:
    con.register("wave", case.frame)
    return con.execute(floor_query(case)).fetchnumpy()


def run_parindex(case: Case) -> tuple[float, float, pd.DataFrame]:
    """Seconds to build the design, seconds to estimate, and the table."""
    start = time.perf_counter()
    design = Design.from_frame(case.frame, **case.design)
    built = time.perf_counter()
    table = means_by_domain(design, case.items, by=case.stratum, national=True)
    return built - start, time.perf_counter() - built, table


def timed(run, *args):
    start = time.perf_counter()
    result = run(*args)
    return time.perf_counter() - start, result


def memory(field: str) -> int:
    """Bytes of the process's VmRSS or VmHWM (peak), 0 where /proc is not there."""
    if not STATUS.exists():
        return 0
    line = next(x for x in STATUS.read_text().splitlines() if x.startswith(field + ":"))
    return int(line.split()[1]) * 1024


def peak_of(run, *args) -> tuple[int, int]:
    """RSS before ``run`` and the peak RSS during it."""
    try:
        Path("/proc/self/clear_refs").write_text("5")  # resets VmHWM to the current RSS
    except OSError:
        pass
    before = memory("VmRSS")
    run(*args)
    return before, memory("VmHWM")


def check(case: Case, floor: dict, table: pd.DataFrame) -> None:
    """The floor's sums give the same national means as parindex: both did the same work."""
    columns, per_item = list(floor), len(floor_sums(case, "y"))
    for i, item in enumerate(case.items):
        a, b = floor[columns[2 + per_item * i]], floor[columns[3 + per_item * i]]
        national = table[(table.domain == "(all)") & (table.variable == item)].estimate.iloc[0]
        assert abs(np.ma.filled(a, 0).sum() / np.ma.filled(b, 0).sum() - national) <= 1e-9 * abs(national), item


def measure(case: Case, rounds: int) -> tuple[dict[str, list[float]], pd.DataFrame]:
    """Seconds per round of the floor, the build and the estimation, after a warm-up that also
    checks both did the same work."""
    con = duckdb.connect()
    check(case, run_floor(case, con), run_parindex(case)[2])  # imports, DuckDB's first query, caches
    seconds: dict[str, list[float]] = {"floor": [], "build": [], "estimate": []}
    for _ in range(rounds):
        seconds["floor"].append(timed(run_floor, case, con)[0])
        built, estimated, table = run_parindex(case)
        seconds["build"].append(built)
        seconds["estimate"].append(estimated)
    seconds["both"] = [b + e for b, e in zip(seconds["build"], seconds["estimate"])]
    return seconds, table


def bench(case: Case, rounds: int) -> None:
    seconds, table = measure(case, rounds)
    before, peak = peak_of(run_parindex, case)
    floor_before, floor_peak = peak_of(run_floor, case, duckdb.connect())

    def line(label: str, key: str) -> str:
        ratio = statistics.median(p / f for p, f in zip(seconds[key], seconds["floor"]))  # per round: load falls alike
        return f"  {label:<54}{statistics.median(seconds[key]) * 1000:6.0f} ms" + (f"  {ratio:4.1f}× floor" if key != "floor" else "")

    print(f"{case.title}\n  {len(table)} means with SE (every item in every province and nationally); "
          f"median of {rounds} rounds; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(line(f"DuckDB floor: PSU-level sums, one pass, {len(floor_sums(case, 'y'))} per item", "floor"))
    print(line("parindex: Design.from_frame (factorises the codes)", "build"))
    print(line("parindex: means_by_domain alone (build excluded)", "estimate"))
    both = statistics.median(p / f for p, f in zip(seconds["both"], seconds["floor"]))
    print(line("parindex: design build + estimation (build included)", "both") + f"   target ≤ 3×: {'met' if both <= 3 else 'NOT met'}")
    print(f"  peak memory, build + estimation: {peak / 2**20:.0f} MiB resident, {max(peak - before, 0) / 2**20:+.0f} MiB over the "
          f"{before / 2**20:.0f} MiB before (floor: {max(floor_peak - floor_before, 0) / 2**20:+.0f} MiB; "
          f"the data frame: {case.frame.memory_usage(deep=False).sum() / 2**20:.0f} MiB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--national-only", action="store_true", help="skip the two-stage case")
    args = parser.parse_args()
    bench(national_wave(), args.rounds)
    if not args.national_only:
        bench(two_stage_wave(), args.rounds)


if __name__ == "__main__":
    main()
