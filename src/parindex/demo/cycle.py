"""The demo cycle: the 34 provinces in 2025 under ``vn-par-province-2022``, compared with a 2024
cycle of the 63 provinces through the 2025 merge lineage."""
from __future__ import annotations

from datetime import date

from parindex.core.methodology import load_builtin
from parindex.core.results import CycleResults, PreviousResults, compute_cycle
from parindex.core.units import builtin_units
from parindex.demo.synthetic import synthetic_inputs

DEMO_METHODOLOGY = "vn-par-province-2022"
DEMO_YEAR = 2025


def demo_results() -> CycleResults:
    methodology = load_builtin(DEMO_METHODOLOGY)
    catalogue = builtin_units()
    previous_day = date(DEMO_YEAR - 1, 12, 31)
    previous = compute_cycle(methodology, synthetic_inputs(methodology, catalogue.on(previous_day, "province"), DEMO_YEAR - 1))
    previous_index = PreviousResults({r.unit.id: r.index for r in previous.units}, previous_day,
                                     f"synthetic demo cycle {DEMO_YEAR - 1}")
    current = synthetic_inputs(methodology, catalogue.on(date(DEMO_YEAR, 12, 31), "province"), DEMO_YEAR)
    return compute_cycle(methodology, current, previous=previous_index)
