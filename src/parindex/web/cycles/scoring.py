"""The bridge to the core: entries become core inputs, and the core gives every number back."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings

from parindex.core.errors import ParindexError, Where
from parindex.core.inputs.model import Adjustment, CycleInputs, UnitInputs
from parindex.core.methodology import Methodology, Node
from parindex.core.results import CycleResults, PreviousResults, compute_cycle
from parindex.core.scoring import Score, score_inputs
from parindex.core.scoring.inputs import InputValueError, coerce_fields
from parindex.core.text import Text
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


# -- criteria fed by the dossier records (the service store) ------------------------------------------

RECORDS_SOURCE = Text("Hệ thống một cửa — dữ liệu hồ sơ", "One-stop systems — dossier records")


@dataclass(frozen=True)
class FromRecords:
    """A criterion's numerator and denominator counted from the unit's dossier records of the
    cycle's year (``core.services.link``: as ``parindex compute --services`` counts them), and the
    last day with records that year."""

    numerator: int
    denominator: int
    year: int
    until: date | None

    @property
    def values(self) -> dict[str, float]:
        return {"numerator": float(self.numerator), "denominator": float(self.denominator)}


_COUNTED: dict[tuple, tuple[dict[tuple[str, str], dict[str, tuple[int, int]]], date | None]] = {}


def _counted(methodology: Methodology, year: int) -> tuple[dict[tuple[str, str], dict[str, tuple[int, int]]], date | None]:
    """The year's counts of every unit from the store's kept daily aggregates, and its last day with
    records; kept until a record file of the store changes."""
    from parindex.core.services.aggregates import daily_from_store  # deferred: DuckDB and Arrow only when a criterion counts records
    from parindex.core.services.engine import Period, counts_for_period  # deferred: as above
    from parindex.core.services.store import files, fingerprint  # deferred: as above

    root = settings.PARINDEX_SERVICES_STORE  # a directory (perhaps not made yet) or an object store's URL
    found = files(root, "dossiers")
    if not found:
        return {}, None
    key = (str(root), methodology.content_hash, year, tuple((name, *version) for name, version in fingerprint(root, found).items()))
    if key not in _COUNTED:
        daily = daily_from_store(root, methodology)
        days = [d for frame in daily.values() if "day" in frame for d in frame["day"] if d is not None and d.year == year]
        _COUNTED.clear()
        _COUNTED[key] = (counts_for_period(methodology, daily, Period.year(year)), max(days) if days else None)
    return _COUNTED[key]


def from_records(cycle: Cycle, unit: Unit) -> dict[str, FromRecords]:
    """The unit's records-fed criteria (leaf code → counts) when the store holds records of the unit
    in the cycle's year; empty otherwise, and the unit enters them as any other input."""
    m = cycle.methodology
    leaves = [leaf.code for leaf in m.leaves() if leaf.records is not None]
    if not leaves:
        return {}
    counts, until = _counted(m, cycle.year)
    found = counts.get((m.unit_kind, unit.uid))
    if found is None:
        return {}
    return {code: FromRecords(*found.get(code, (0, 0)), cycle.year, until) for code in leaves}


def records_score(entry) -> Score | None:
    """The points the records give a records-fed criterion (what an appraiser reviews), else None."""
    fed = from_records(entry.assessment.cycle, entry.assessment.unit).get(entry.leaf_code)
    return None if fed is None else score_leaf(entry.assessment.cycle.methodology.node(entry.leaf_code), fed.values)


def unit_inputs(assessment: Assessment, methodology: Methodology) -> UnitInputs:
    adjustments = {}
    values = {}
    fed = from_records(assessment.cycle, assessment.unit)
    for entry in assessment.entries.all():
        values[entry.leaf_code] = fed[entry.leaf_code].values if entry.leaf_code in fed else entry.inputs
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
