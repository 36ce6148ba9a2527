"""A national survey wave at full scale: 1,000,000 respondents, 34 provinces (strata), two stages
(communes, then people, with finite-population corrections), 20 items; every item's mean and SE
in every province and nationally.

Prints wall time and peak memory of the design-based estimation, and the ratio against the floor:
a single-pass DuckDB group-by computing the same weighted means (without any variance).
Target: within 3× of that floor. Run: ``.venv/bin/python benchmarks/survey_bench.py [N]``.
"""
from __future__ import annotations

import resource
import sys
import time

import duckdb
import numpy as np
import pandas as pd

from parindex.core.survey import Design
from parindex.core.survey.domains import means_by_domain

N = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
ITEMS = [f"q{i:02d}" for i in range(1, 21)]
PROVINCES, COMMUNES_DRAWN, COMMUNES_IN_PROVINCE = 34, 40, 120


def wave(n: int, seed: int = 2026) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    province = rng.integers(0, PROVINCES, n)
    commune = province * 1000 + rng.integers(0, COMMUNES_DRAWN, n)
    frame = pd.DataFrame({"province": province, "commune": commune})
    frame["fpc1"] = COMMUNES_IN_PROVINCE
    frame["fpc2"] = frame.groupby("commune")["commune"].transform("size") * 40  # people living in the commune
    frame["row"] = np.arange(n)
    for item in ITEMS:
        frame[item] = rng.integers(1, 6, n).astype(np.float64)
    return frame


def duckdb_floor(frame: pd.DataFrame) -> float:
    weights = frame.assign(w=COMMUNES_IN_PROVINCE / COMMUNES_DRAWN * frame["fpc2"] / frame.groupby("commune")["row"].transform("size"))
    select = ", ".join(f"sum(w * {i}) / sum(w) AS {i}" for i in ITEMS)
    con = duckdb.connect()
    con.register("wave", weights)
    start = time.perf_counter()
    con.execute(f"SELECT province, {select} FROM wave GROUP BY province").fetchall()
    con.execute(f"SELECT {select} FROM wave").fetchall()
    return time.perf_counter() - start


def main() -> None:
    frame = wave(N)
    floor = min(duckdb_floor(frame) for _ in range(3))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.perf_counter()
    design = Design.from_frame(frame, ids=["commune", "row"], strata="province", fpc=["fpc1", "fpc2"])
    built = time.perf_counter() - start
    table = means_by_domain(design, ITEMS, by="province")
    total = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB
    estimates = len(table)
    print(f"{N:,} respondents, {PROVINCES} strata, two stages, {len(ITEMS)} items: {estimates} means with SE")
    print(f"DuckDB weighted group-by (floor, no variance)  {floor * 1000:8.0f} ms")
    print(f"parindex: design built                          {built * 1000:8.0f} ms")
    print(f"parindex: design + all estimates with SE        {total * 1000:8.0f} ms   {total / floor:5.1f}× floor")
    print(f"parindex: estimates alone                       {(total - built) * 1000:8.0f} ms   {(total - built) / floor:5.1f}× floor")
    print(f"peak resident memory of the process             {peak / 2**20:8.0f} MiB (before estimating: {before / 2**10:.0f} MiB; "
          f"the data frame: {frame.memory_usage().sum() / 2**20:.0f} MiB)")


if __name__ == "__main__":
    main()
