"""Synthetic inputs that look like a real cycle's, generated from a recorded seed.

Each unit has a latent "reform capacity" between 0.80 and 0.99 that drifts a little from year to
year; every input is drawn around it, so strong units do well across areas with some noise and
keep roughly their place from one year to the next, as in published results. The numbers are
invented — the demo says so — but every rule type sees realistic values: each rule type draws its
own (``example_inputs``), so a new rule type needs nothing here.
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
    """A leaf's inputs from its rule's own examples (``Rule.example_inputs``), at the share of the
    maximum this unit earns on it: its capacity with some noise for its own work, and for what
    citizens and officials say in the survey a level lower and closer together (0.55 + 0.4 × capacity)."""
    quality = min(1.0, max(0.0, rng.gauss(capacity, 0.06)))  # drawn for survey leaves too, so every later draw stays put
    share = 0.55 + 0.4 * capacity if leaf.source == "survey" else quality
    assert leaf.rule is not None  # the loader gives every leaf a rule
    return leaf.rule.example_inputs(rng, share)
