"""What the assessment page shows, assembled once: the tree, each entry with what the viewer may do,
the completeness panel and the unit's points so far (computed by the core)."""
from __future__ import annotations

from parindex.core.results.compute import score_unit
from parindex.web.cycles import transitions
from parindex.web.cycles.models import Assessment, Entry
from parindex.web.cycles.models import AssessmentState as A
from parindex.web.cycles.models import CycleState as C
from parindex.web.cycles.scoring import unit_inputs


def abilities(entry: Entry, user) -> dict[str, bool]:
    """Which forms to show; the transitions check the same again when the form is sent."""
    cycle, assessment = entry.assessment.cycle, entry.assessment
    leaf = cycle.methodology.node(entry.leaf_code)
    perm = "cycles.edit_survey_inputs" if leaf.source == "survey" else "cycles.edit_inputs"
    return {
        "edit": cycle.state == C.SELF_ASSESSMENT and assessment.state == A.DRAFT and user.has_perm(perm, entry),
        "attach": cycle.state == C.SELF_ASSESSMENT and assessment.state == A.DRAFT and user.has_perm("cycles.edit_inputs", entry),
        "appraise": user.has_perm("cycles.appraise", entry) and (
            (cycle.state == C.APPRAISAL and assessment.state == A.SUBMITTED)
            or (cycle.state == C.FINAL_APPRAISAL and assessment.state == A.EXPLAINED)),
        "explain": user.has_perm("cycles.explain", entry) and cycle.state == C.EXPLANATION
        and assessment.state == A.APPRAISED and entry.is_adjusted,
    }


def entry_row(entry: Entry, user, error=None, stale=None) -> dict:
    leaf = entry.assessment.cycle.methodology.node(entry.leaf_code)
    from parindex.web.cycles.scoring import score_leaf

    score = score_leaf(leaf, entry.inputs) if entry.inputs else None
    return {"entry": entry, "leaf": leaf, "can": abilities(entry, user), "score": score, "error": error, "stale": stale,
            "fields": [(f, entry.inputs.get(f.name)) for f in leaf.rule.inputs], "evidence": list(entry.evidence.all())}


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
        "can_submit": user.has_perm("cycles.submit_assessment", assessment) and assessment.state == A.DRAFT
        and assessment.cycle.state == C.SELF_ASSESSMENT,
        "can_finish_appraisal": user.has_perm("cycles.appraise", assessment) and assessment.state == A.SUBMITTED
        and assessment.cycle.state == C.APPRAISAL,
        "can_finish_explanation": user.has_perm("cycles.explain", assessment) and assessment.state == A.APPRAISED
        and assessment.cycle.state == C.EXPLANATION,
        "can_finalise": user.has_perm("cycles.appraise", assessment) and assessment.state == A.EXPLAINED
        and assessment.cycle.state == C.FINAL_APPRAISAL,
    }
