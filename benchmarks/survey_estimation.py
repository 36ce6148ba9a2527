"""How long does a national survey wave take to estimate? 100,000 respondents in 63 provinces
(strata) × 20 communes (PSUs), five items, means for every province and nationally.

Prints times and the ratio against an unweighted pandas group-by of the same items (the floor any
tabulation pays). Run: ``.venv/bin/python benchmarks/survey_estimation.py [N]``.
"""
from __future__ import annotations

import sys
import time

import numpy as np
import pandas as pd

from parindex.core.survey import Design, mean

N = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
ITEMS = [f"q{i}" for i in range(1, 6)]


def sample(n: int, seed: int = 2025) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    province = rng.integers(0, 63, n)
    commune = province * 100 + rng.integers(0, 20, n)
    frame = pd.DataFrame({"province": province, "commune": commune, "w": rng.uniform(50, 400, n)})
    for item in ITEMS:
        frame[item] = rng.integers(1, 6, n).astype(float)
    return frame


def main() -> None:
    frame = sample(N)
    start = time.perf_counter()
    frame.groupby("province")[ITEMS].mean()
    frame[ITEMS].mean()
    baseline = time.perf_counter() - start
    design = Design.from_frame(frame, ids="commune", strata="province", weights="w")
    start = time.perf_counter()
    results = [e for item in ITEMS for e in mean(design, item) + mean(design, item, by="province")]
    estimation = time.perf_counter() - start
    print(f"{N:,} respondents, {len(ITEMS)} items, 63 strata × 20 PSUs: {len(results)} estimates with SE")
    print(f"pandas group-by means (baseline)  {baseline * 1000:9.1f} ms")
    print(f"design-based means with SE        {estimation * 1000:9.1f} ms   {estimation / baseline:7.1f}× baseline")
    print(f"per estimate                      {estimation / len(results) * 1000:9.2f} ms")


if __name__ == "__main__":
    main()
