"""What the assessment page shows, assembled once: the tree, each entry with what the viewer may do,
the completeness panel and the unit's points so far (computed by the core). What the viewer may do
is asked of the action table (``actions.allowed_actions``), which the transitions check again."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Q
from django.urls import reverse

from parindex.core.results.compute import score_unit
from parindex.web.audit.models import AuditEntry
from parindex.web.cycles import transitions
from parindex.web.cycles.actions import ASSESSMENT, COUNCIL_APPROVE, CYCLE, ENTRY, Action, allowed_actions
from parindex.web.cycles.models import Assessment, Cycle, Entry
from parindex.web.cycles.scoring import cycle_results, score_leaf, unit_inputs

ADDRESS = {CYCLE: "cycles:cycle-action", ASSESSMENT: "cycles:assessment-action"}


@dataclass
class Offer:
    """An action the page offers: its button, the address it posts to and its form's fields."""

    action: Action
    url: str
    form: forms.Form


def offers(target: str, user, obj: Any) -> list[Offer]:
    """What ``user`` may do to ``obj`` now, each with an empty form of its fields."""
    return [Offer(a, reverse(ADDRESS[target], args=[obj.pk, a.name]), a.form(auto_id=f"{a.name}-%s"))
            for a in allowed_actions(target, user, obj)]


def unit_history(assessment: Assessment) -> list[AuditEntry]:
    """The unit's own steps — states, extensions, exclusions — with who, when and why: what the unit
    reads about what was decided for it."""
    return list(AuditEntry.objects.filter(object_type="assessment", object_id=str(assessment.pk)).order_by("seq"))


def entry_row(entry: Entry, user, error=None, stale=None) -> dict:
    leaf = entry.assessment.cycle.methodology.node(entry.leaf_code)
    score = score_leaf(leaf, entry.inputs) if entry.inputs else None
    return {"entry": entry, "leaf": leaf, "can": {a.name: True for a in allowed_actions(ENTRY, user, entry)}, "score": score,
            "error": error, "stale": stale, "fields": [(f, entry.inputs.get(f.name)) for f in leaf.rule.inputs],
            "evidence": list(entry.evidence.all())}


def assessment_page(assessment: Assessment, user) -> dict:
    m = assessment.cycle.methodology
    entries = {e.leaf_code: e for e in assessment.entries.select_related("assessment__cycle", "assessment__unit", "updated_by")}
    result = score_unit(m, unit_inputs(assessment, m))
    rows = []
    for node in m.walk():
        row = {"node": node, "points": result.nodes[node.code].points}
        if node.is_leaf:
            row.update(entry_row(entries[node.code], user))
        rows.append(row)
    return {
        "assessment": assessment, "cycle": assessment.cycle, "rows": rows, "result": result,
        "missing_inputs": transitions.missing_inputs(assessment), "missing_evidence": transitions.missing_evidence(assessment),
        "offers": offers(ASSESSMENT, user, assessment), "history": unit_history(assessment),
    }


def council_review_page(cycle: Cycle, user) -> dict:
    """The draft ranking (excluded units apart, with their reasons) and every change of points since
    self-assessment; the council's approval is offered here, once there is something final to approve."""
    results = cycle_results(cycle)
    changes = (Entry.objects.filter(assessment__cycle=cycle, assessment__excluded=False)
               .filter(Q(appraised_points__isnull=False) | Q(final_points__isnull=False))
               .select_related("assessment__unit").order_by("assessment__unit__code", "leaf_code"))
    m = cycle.methodology
    changed = [{"entry": e, "leaf": m.node(e.leaf_code)} for e in changes if _was_changed(e)]
    offer = [o for o in offers(CYCLE, user, cycle) if o.action is COUNCIL_APPROVE]
    return {"results": results, "changed": changed, "excluded": cycle.assessments.filter(excluded=True).select_related("unit"),
            "approve": offer[0] if offer else None}


def _was_changed(entry: Entry) -> bool:
    """Appraisal moved the points away from the self-assessment, or the final round moved them again
    (even back to where they started: the council sees both steps)."""
    def differs(a: float | None, b: float | None) -> bool:
        return a is not None and (b is None or abs(a - b) > 1e-9)
    reviewed = entry.appraised_points if entry.appraised_points is not None else entry.self_points
    return differs(entry.appraised_points, entry.self_points) or differs(entry.final_points, reviewed)
