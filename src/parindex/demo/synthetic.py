"""Synthetic inputs that look like a real cycle's, generated from a recorded seed.

Each unit has a latent "reform capacity" between 0.80 and 0.99 that drifts a little from year to
year; every input is drawn around it, so strong units do well across areas with some noise and
keep roughly their place from one year to the next, as in published results. The numbers are
invented — the demo says so — but every rule type sees realistic values.
"""
from __future__ import annotations

import random
import zlib
from collections.abc import Sequence

from parindex.core.inputs.model import CycleInputs, UnitInputs
from parindex.core.methodology.model import Methodology, Node
from parindex.core.units.model import Unit

DEMO_SEED = 2025


def synthetic_inputs(methodology: Methodology, units: Sequence[Unit], year: int, seed: int = DEMO_SEED) -> CycleInputs:
    out = []
    for unit in units:
        # A unit's draws depend only on the seed, the year and its own id: adding a unit never changes another's.
        base = random.Random(zlib.crc32(f"{seed}:{unit.code}".encode())).uniform(0.80, 0.99)
        rng = random.Random(zlib.crc32(f"{seed}:{year}:{unit.id}".encode()))
        capacity = min(0.995, base + rng.gauss(0.005, 0.015))
        values = {leaf.code: _leaf_values(leaf, capacity, rng) for leaf in methodology.leaves()}
        out.append(UnitInputs(unit, values))
    return CycleInputs(year, tuple(out), source=f"synthetic demo inputs (seed {seed})")


def _leaf_values(leaf: Node, capacity: float, rng: random.Random) -> dict:
    quality = min(1.0, max(0.0, rng.gauss(capacity, 0.06)))
    kind = leaf.rule.type
    if kind in ("ratio_bands", "ratio_linear"):
        due = rng.randint(4, 120)
        done = min(due, round(due * min(1.0, quality + 0.05)))
        return {"numerator": float(done), "denominator": float(due)}
    if kind == "yes_no":
        return {"value": rng.random() < quality + 0.05}
    if kind == "manual":
        return {"points": round(leaf.max_points * quality * 4) / 4}
    if kind == "count_bands":
        return {"count": max(0, int(rng.gauss(quality * 4, 1.2)))}
    if kind == "deadline":
        return {"days_late": 0 if rng.random() < quality else rng.randint(1, 30)}
    if kind == "survey_share":
        return {"estimate": round(min(1.0, max(0.0, rng.gauss(0.55 + 0.4 * capacity, 0.03))), 4)}
    if kind == "bonus":
        return {"count": rng.choice([0, 0, 0, 1, 2]) if quality > 0.85 else 0}
    if kind == "penalty":
        return {"count": rng.choice([0, 0, 0, 1]) if quality < 0.85 else 0}
    raise ValueError(f"no synthetic generator for rule type {kind!r}")
