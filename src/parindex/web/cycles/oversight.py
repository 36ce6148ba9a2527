"""Where a cycle stands, unit by unit: what the administrator's dashboard shows and what the
reminders are sent from — counts by state, each unit's missing inputs and evidence, and the units
late against their deadline (their own extension, else the cycle's deadline for the round they owe).

Counted in a few queries for the whole cycle, not one per unit: a province's programme has a
thousand communes.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from parindex.web.cycles.models import Assessment, Cycle, Entry, Evidence
from parindex.web.cycles.models import AssessmentState as A
from parindex.web.cycles.models import CycleState as C

# The round a unit owes in each stage (its state while it owes it) and the cycle's deadline for it.
OWED = {C.SELF_ASSESSMENT: (A.DRAFT, "self_assessment_due"), C.EXPLANATION: (A.APPRAISED, "explanation_due")}


@dataclass(frozen=True)
class UnitProgress:
    assessment: Assessment
    missing_inputs: int
    missing_evidence: int
    due: date | None  # the deadline of the step the unit owes now, if it owes one
    late: bool


def progress(cycle: Cycle, today: date) -> list[UnitProgress]:
    """Every unit of the cycle (excluded ones too, marked on their assessment), in unit order."""
    m = cycle.methodology
    unit_leaves = [leaf.code for leaf in m.leaves() if leaf.source != "survey"]
    with_evidence = [leaf.code for leaf in m.leaves() if leaf.evidence]
    missing_inputs = dict(Entry.objects.filter(assessment__cycle=cycle, leaf_code__in=unit_leaves, self_points__isnull=True)
                          .values_list("assessment").annotate(n=Count("id")))
    pairs = set(Evidence.objects.filter(entry__assessment__cycle=cycle, entry__leaf_code__in=with_evidence)
                .values_list("entry__assessment", "entry__leaf_code"))
    evidenced = Counter(assessment for assessment, _leaf in pairs)
    rows = []
    for a in cycle.assessments.select_related("unit").order_by("unit__code", "unit__uid"):
        due = deadline_owed(cycle, a)
        rows.append(UnitProgress(a, missing_inputs.get(a.pk, 0), len(with_evidence) - evidenced.get(a.pk, 0), due,
                                 late=not a.excluded and due is not None and today > due))
    return rows


def deadline_owed(cycle: Cycle, assessment: Assessment) -> date | None:
    """The deadline of the step the unit owes in the cycle's current stage (its extension first)."""
    owed = OWED.get(cycle.state)
    if owed is None or assessment.state != owed[0] or assessment.excluded:
        return None
    return assessment.extended_until or getattr(cycle, owed[1])


def state_counts(cycle: Cycle) -> dict[str, int]:
    """Units by the state of their file, and how many are excluded."""
    counts = dict(cycle.assessments.filter(excluded=False).values_list("state").annotate(n=Count("id")))
    return {**{s.value: counts.get(s.value, 0) for s in A}, "excluded": cycle.assessments.filter(excluded=True).count()}


def late_units(today: date) -> list[tuple[Cycle, Assessment, date]]:
    """Every unit late against its deadline, in every cycle whose stage is a round units owe."""
    found = []
    for cycle in Cycle.objects.filter(state__in=list(OWED)).select_related("programme"):
        for a in cycle.assessments.filter(state=OWED[cycle.state][0], excluded=False).select_related("unit"):
            due = deadline_owed(cycle, a)
            if due is not None and today > due:
                found.append((cycle, a, due))
    return found
