"""The bridge to the core: entries become core inputs, and the core gives every number back."""
from __future__ import annotations

from typing import Any

from parindex.core.errors import ParindexError, Where
from parindex.core.inputs.model import Adjustment, CycleInputs, UnitInputs
from parindex.core.methodology import Methodology, Node
from parindex.core.results import CycleResults, PreviousResults, compute_cycle
from parindex.core.scoring import Score, score_inputs
from parindex.core.scoring.inputs import InputValueError, coerce_fields
from parindex.core.units import UnitCatalogue
from parindex.core.units.model import LineageEvent
from parindex.web.cycles.models import Assessment, Cycle, Unit, UnitLineage


def coerce_inputs(leaf: Node, raw: dict[str, Any]) -> dict[str, Any]:
    """Form or API values for a leaf → typed values; an error names the leaf and the field."""
    return coerce_fields(leaf.code, leaf.rule.inputs, raw)


def score_leaf(leaf: Node, values: dict[str, Any]) -> Score:
    """Points and explanation by the leaf's rule — what the self-assessment page shows live."""
    try:
        return score_inputs(leaf.rule, values)
    except InputValueError as err:
        raise ParindexError("bad_value", f"{leaf.code}: inputs do not fit together", Where(path=leaf.code),
                            err.expected, err.got) from None


def unit_inputs(assessment: Assessment, methodology: Methodology) -> UnitInputs:
    adjustments = {}
    values = {}
    for entry in assessment.entries.all():
        values[entry.leaf_code] = entry.inputs
        if entry.final_points is not None:
            adjustments[entry.leaf_code] = Adjustment(entry.final_points, entry.final_reason or entry.appraisal_reason, "final")
        elif entry.appraised_points is not None:
            adjustments[entry.leaf_code] = Adjustment(entry.appraised_points, entry.appraisal_reason, "appraisal")
    return UnitInputs(assessment.unit.as_core(), values, adjustments=adjustments)


def catalogue() -> UnitCatalogue:
    units = tuple(u.as_core() for u in Unit.objects.all())
    lineage = tuple(LineageEvent(link.date, link.event, link.predecessor.uid, link.successor.uid, link.legal_basis)
                    for link in UnitLineage.objects.select_related("predecessor", "successor"))
    return UnitCatalogue(units, lineage)


def cycle_results(cycle: Cycle, previous: PreviousResults | None = None) -> CycleResults:
    """Every unit's points, index, rank and group for a cycle, as the core computes them (excluded
    units are left out: they are not assessed, not given 0); ``previous`` (the earlier cycle's
    published indices, which publication holds) gives the change."""
    m = cycle.methodology
    assessments = cycle.assessments.filter(excluded=False).select_related("unit").prefetch_related("entries")
    inputs = CycleInputs(cycle.year, tuple(unit_inputs(a, m) for a in assessments), source=f"cycle {cycle.slug}")
    return compute_cycle(m, inputs, previous=previous, catalogue=catalogue())
