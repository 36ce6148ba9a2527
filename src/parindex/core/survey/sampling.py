"""Sample planning: allocating a national sample to units, drawing a multistage sample from a
frame with a recorded seed, and the design weights that follow — what survey teams otherwise do
in spreadsheets."""
from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from parindex.core.errors import ParindexError
from parindex.core.phrases import t

ALLOCATIONS = ("proportional", "neyman", "equal")


def allocate(sizes: Mapping[str, float], n: int, method: str = "proportional", minimum: int = 0,
             sd: Mapping[str, float] | None = None) -> dict[str, int]:
    """Share ``n`` among units: proportional to size, Neyman (size × standard deviation) or equal,
    with at least ``minimum`` each and never more than the unit's size. Rounding keeps the total
    exactly ``n`` (largest remainders)."""
    if method not in ALLOCATIONS:
        raise ParindexError("unknown_allocation", t("unknown allocation '{method}'", method=method), expected=", ".join(ALLOCATIONS), got=method)
    units = list(sizes)
    size = np.array([float(sizes[u]) for u in units])
    if minimum * len(units) > n:
        raise ParindexError("allocation_minimum", t('the minimum per unit exceeds the sample'),
                            expected=t('minimum ≤ {value}', value=n // len(units)), got=minimum)
    if method == "neyman":
        if sd is None or any(u not in sd for u in units):
            raise ParindexError("neyman_sd", t('Neyman allocation needs a standard deviation for every unit'), expected=t('sd for each unit'))
        share = size * np.array([float(sd[u]) for u in units])
    elif method == "equal":
        share = np.ones(len(units))
    else:
        share = size
    # Share in proportion; units that would fall below the minimum (or above their size) are fixed
    # there and the rest is shared again among the others, until nothing moves.
    alloc = np.zeros(len(units))
    fixed = np.zeros(len(units), dtype=bool)
    for _ in range(len(units) + 1):
        free = ~fixed
        remaining = n - alloc[fixed].sum()
        alloc[free] = remaining * share[free] / share[free].sum()
        low = free & (alloc < minimum)
        high = free & (alloc > size)
        if not (low.any() or high.any()):
            break
        alloc[low], alloc[high] = minimum, size[high]
        fixed |= low | high
    whole = np.floor(alloc).astype(int)
    short = n - whole.sum()
    order = np.argsort(-(alloc - whole))
    for i in order[:short]:
        whole[i] += 1
    return dict(zip(units, whole.tolist()))


def draw_two_stage(frame: pd.DataFrame, stratum: str, psu: str, psus_per_stratum: Mapping[str, int] | int,
                   per_psu: int, seed: int) -> pd.DataFrame:
    """Simple random sampling of PSUs within each stratum, then of elements within each PSU.

    Returns the sample with ``fpc1`` (PSUs in the stratum), ``fpc2`` (elements in the PSU), the
    design weight and the seed, so that ``Design.from_frame(..., ids=[psu, "row"], fpc=["fpc1",
    "fpc2"])`` estimates from it and the draw can be repeated exactly.
    """
    rng = np.random.default_rng(seed)
    parts = []
    for h, units in frame.groupby(stratum, sort=True):
        psus = units[psu].unique()
        k = psus_per_stratum if isinstance(psus_per_stratum, int) else psus_per_stratum[h]
        if k > len(psus):
            raise ParindexError("sample_too_large", t("stratum '{h}' has {n} PSUs, fewer than the {k} asked for", h=h, n=len(psus), k=k),
                                expected=t('at most {n}', n=len(psus)), got=k)
        chosen = rng.choice(psus, size=k, replace=False)
        for p in chosen:
            members = units[units[psu] == p]
            m = min(per_psu, len(members))
            picked = members.iloc[rng.choice(len(members), size=m, replace=False)].copy()
            picked["fpc1"] = len(psus)
            picked["fpc2"] = len(members)
            picked["weight"] = len(psus) / k * len(members) / m
            parts.append(picked)
    sample = pd.concat(parts).reset_index(drop=True)
    sample["row"] = np.arange(len(sample))
    sample.attrs["seed"] = seed
    return sample
