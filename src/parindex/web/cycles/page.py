"""What the assessment page shows, assembled once: the tree, each entry with what the viewer may do,
the completeness panel and the unit's points so far (computed by the core). What the viewer may do
is asked of the action table (``actions.allowed_actions``), which the transitions check again."""
from __future__ import annotations

from parindex.core.results.compute import score_unit
from parindex.web.cycles import transitions
from parindex.web.cycles.actions import ASSESSMENT, ENTRY, allowed_actions
from parindex.web.cycles.models import Assessment, Entry
from parindex.web.cycles.scoring import score_leaf, unit_inputs


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
        "actions": allowed_actions(ASSESSMENT, user, assessment),
    }
