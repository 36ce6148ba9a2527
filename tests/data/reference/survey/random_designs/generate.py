"""Writes designs.csv and designs.json: seeded random sample designs for the cross-check against R
(issue 15). Each design draws, at random, the corners where parindex and R once disagreed:

- strata of several PSUs, lonely strata (one PSU of many), certainty strata (every PSU taken,
  including one PSU that is the whole stratum);
- one, two or three stages, with or without finite-population corrections, PSUs in which a single
  unit was drawn at stage 2 (f < 1) and units taken whole;
- very unequal weights, or weights implied by the fpc;
- a numeric item ``y`` with missing answers, a category ``cat`` with missing answers, a positive
  ``x`` for ratios, domains ``dom`` of 0, 1 and 2 respondents beside large ones, and post-strata
  ``ps`` whose weights vary inside each cell.

Each design names two lonely-PSU options to run under. Then ``Rscript random_designs.R`` computes
the estimates into r_results.json; the suite compares against that file without R.

    cd tests/data/reference/survey/random_designs && python3 generate.py && Rscript random_designs.R
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd

SEED, DESIGNS = 15, 60
LONELY = ["fail", "remove", "certainty", "adjust", "average"]


def strata_plan(rng) -> list[tuple[int, int]]:
    """(PSUs drawn, PSUs in the stratum) per stratum."""
    plan = []
    for _ in range(int(rng.integers(2, 6))):
        kind = rng.choice(["normal", "normal", "normal", "lonely", "certainty"])
        if kind == "lonely":
            plan.append((1, int(rng.integers(3, 30))))
        elif kind == "certainty":
            n = int(rng.integers(1, 4))
            plan.append((n, n))
        else:
            n = int(rng.integers(2, 6))
            plan.append((n, n + int(rng.integers(1, 40))))
    return plan


def design(rng, number: int) -> tuple[pd.DataFrame, dict]:
    stages = int(rng.choice([1, 2, 2, 3]))
    with_fpc = stages > 1 or rng.random() < 0.6
    rows = []
    psu_id = ssu_id = 0
    for h, (n_h, big_n) in enumerate(strata_plan(rng)):
        for _ in range(n_h):
            psu_id += 1
            psu = {"stratum": f"S{h + 1}", "psu": f"P{psu_id:03d}", "N1": big_n}
            if stages == 1:  # a cluster: every member of the PSU answers
                rows += [psu] * int(rng.integers(1, 6))
                continue
            m = int(rng.choice([1, 1, 2, 3, 4, 6]))
            big_m = m + int(rng.choice([0, 1, 3, 10]))
            for _ in range(m):
                ssu_id += 1
                if stages == 2:  # people drawn within the PSU: the rows are the second-stage units
                    rows.append({**psu, "ssu": f"Q{ssu_id:04d}", "N2": big_m})
                    continue
                k = int(rng.integers(1, 5))
                big_k = k + int(rng.choice([0, 2, 6]))
                rows += [{**psu, "ssu": f"Q{ssu_id:04d}", "N2": big_m, "tsu": f"T{ssu_id:04d}-{i}", "N3": big_k}
                         for i in range(k)]
    data = pd.DataFrame(rows)
    n = len(data)
    drawn1 = data.groupby("stratum")["psu"].transform("nunique")
    weight = data["N1"] / drawn1
    if stages > 1:
        weight = weight * data["N2"] / data.groupby("psu")["ssu"].transform("nunique")
    if stages > 2:
        weight = weight * data["N3"] / data.groupby("ssu")["tsu"].transform("nunique")
    data["w"] = (weight * rng.lognormal(0, 0.5, n)).round(6)
    data["y"] = rng.normal(50, 15, n).round(3) + 8 * (data["stratum"].str[1:].astype(int) % 3)
    data.loc[rng.random(n) < 0.12, "y"] = np.nan
    data["x"] = rng.uniform(1, 20, n).round(3)
    data["cat"] = rng.choice(["a", "b", "c"], n, p=[0.45, 0.35, 0.2])
    data.loc[rng.random(n) < 0.08, "cat"] = None
    dom = rng.choice(["big", "mid"], n, p=[0.6, 0.4]).astype(object)
    for level, size in (("one", 1), ("two", 2)):
        dom[rng.choice(n, size, replace=False)] = level
    data["dom"] = dom
    # a domain whose rows all lack y: no respondent
    data.loc[data["dom"] == "one", "y"] = np.nan if rng.random() < 0.3 else data.loc[data["dom"] == "one", "y"]
    data["ps"] = rng.choice(["u", "v", "w"], n)
    population = {cell: float(round(data.loc[data["ps"] == cell, "w"].sum() * rng.uniform(0.8, 1.25), 3))
                  for cell in sorted(data["ps"].unique())}
    data.insert(0, "design", f"d{number:02d}")
    ids = ["psu", "ssu", "tsu"][:stages]
    spec = {"design": f"d{number:02d}", "ids": ids, "fpc": ["N1", "N2", "N3"][:stages] if with_fpc else [],
            "weights": "w" if (not with_fpc or rng.random() < 0.8) else None,
            "lonely": [str(v) for v in rng.choice(LONELY, 2, replace=False)], "poststrata": population}
    return data, spec


def main() -> None:
    rng = np.random.default_rng(SEED)
    frames, specs = [], []
    for number in range(1, DESIGNS + 1):
        data, spec = design(rng, number)
        frames.append(data)
        specs.append(spec)
    pd.concat(frames, ignore_index=True).to_csv("designs.csv", index=False)
    with open("designs.json", "w", encoding="utf-8") as out:
        json.dump({"seed": SEED, "designs": specs}, out, indent=1)


if __name__ == "__main__":
    main()
