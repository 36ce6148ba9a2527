"""What the assessment page shows, assembled once: the tree, each entry with what the viewer may do,
the completeness panel and the unit's points so far (computed by the core). What the viewer may do
is asked of the action table (``actions.allowed_actions``), which the transitions check again."""
from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django import forms
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language, gettext

from parindex.core.errors import ParindexError, Refused
from parindex.core.inputs import read_inputs
from parindex.core.results.compute import score_unit
from parindex.core.text import format_number
from parindex.web.audit.models import AuditEntry
from parindex.web.cycles import transitions
from parindex.web.cycles.actions import ASSESSMENT, COUNCIL_APPROVE, CYCLE, ENTRY, REMOVE_EVIDENCE, SAVE, Action, allowed_actions
from parindex.web.cycles.models import Assessment, Cycle, Entry
from parindex.web.cycles.scoring import RECORDS_SOURCE, FromRecords, catalogue, cycle_results, from_records, records_score, score_leaf, unit_inputs

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


def entry_row(entry: Entry, user, error=None, stale=None, notice=None, typed: Mapping[str, str] | None = None,
              problem: ParindexError | None = None) -> dict:
    """One criterion as the viewer sees it: what they may do to it, its values (or what they typed,
    when a save was refused), its live points, its evidence, and any message about it."""
    m = entry.assessment.cycle.methodology
    leaf = m.node(entry.leaf_code)
    area = next(a.code for a in m.areas if entry.leaf_code == a.code or entry.leaf_code.startswith(a.code + "."))
    fed = from_records(entry.assessment.cycle, entry.assessment.unit).get(leaf.code)
    inputs = fed.values if fed is not None else entry.inputs
    score = score_leaf(leaf, inputs) if inputs else None
    values = [(f, typed.get(f"input-{leaf.code}-{f.name}", "") if typed is not None else inputs.get(f.name))
              for f in leaf.rule.inputs]
    reviewed = under_review(entry)
    return {"entry": entry, "leaf": leaf, "can": {a.name.replace("-", "_"): True for a in allowed_actions(ENTRY, user, entry)},
            "score": score, "error": error or problem, "stale": stale, "notice": notice, "fields": values,
            "evidence": list(entry.evidence.all()), "reviewed": reviewed,
            "round_reason": entry.appraisal_reason if entry.assessment.state == "submitted" else entry.final_reason,
            "confirm_remove": REMOVE_EVIDENCE.confirm, "area_form": f"save-{area}",
            "invalid": invalid_field(leaf, error or problem), "records": records_words(leaf, fed) if fed is not None else None}


def records_words(leaf, fed: FromRecords) -> dict[str, Any]:
    """A records-fed criterion's value in words, its period and its source, as the unit's page and
    appraisal show it: "1.234 trên 1.500 hồ sơ đúng hạn (82,3 %)" · năm 2025 · Hệ thống một cửa."""
    lang = get_language() or "vi"
    item = (leaf.rule.item.get(lang) if getattr(leaf.rule, "item", None) is not None else "") or gettext("dossiers")
    numerator, denominator = f"{fed.numerator:,}", f"{fed.denominator:,}"
    if lang != "en":
        numerator, denominator = numerator.replace(",", "."), denominator.replace(",", ".")
    share = format_number(100 * fed.numerator / fed.denominator, lang, 1, keep_one=False) if fed.denominator else None
    words = (gettext("%(n)s of %(d)s %(item)s (%(share)s %%)") % {"n": numerator, "d": denominator, "item": item, "share": share}
             if share is not None else gettext("no %(item)s in the year") % {"item": item})
    return {"words": words, "year": fed.year, "source": RECORDS_SOURCE.get(lang),
            "until": fed.until.strftime("%d/%m/%Y") if fed.until else None}


ROW_FIELDS = ("points", "reason", "explanation")


def invalid_field(leaf, error: ParindexError | None) -> str | None:
    """The field of the criterion's row a refusal is about — ``points``, ``reason``, ``explanation``,
    or an input's ``input-<leaf>-<name>`` — so the page marks that one field invalid and points it at
    the message (``aria-invalid``, ``aria-describedby``); None when the refusal is about no one field."""
    if error is None:
        return None
    if error.code == "adjustment_out_of_range":
        return "points"
    path = error.where.path or ""
    if path in ROW_FIELDS:
        return path
    names = {f.name for f in leaf.rule.inputs}
    field = path.rsplit(":", 1)[-1].rsplit(".", 1)[-1]
    return f"input-{leaf.code}-{field}" if field in names else None


def under_review(entry: Entry) -> float | None:
    """The points an appraiser reviews: the final ones, else the appraised, else the self-assessed —
    for a criterion the dossier records feed, the points the records give."""
    if entry.appraised_points is None and entry.final_points is None:
        fed = records_score(entry)
        if fed is not None:
            return fed.points
    return entry.points


def assessment_page(assessment: Assessment, user, typed: Mapping[str, str] | None = None,
                    problems: Mapping[str, list[ParindexError]] | None = None) -> dict:
    """The unit's file area by area — each area one form with one save — with ``typed`` values and
    each criterion's ``problems`` kept in the area whose save was refused."""
    m = assessment.cycle.methodology
    entries = {e.leaf_code: e for e in assessment.entries.select_related("assessment__cycle", "assessment__unit", "updated_by")}
    result = score_unit(m, unit_inputs(assessment, m))
    areas = []
    for area in m.areas:
        refused = (problems or {}).get(area.code, [])
        by_leaf = {_leaf_of(p): p for p in refused}
        rows = []
        for node in _walk(area):
            row = {"node": node, "points": result.nodes[node.code].points}
            if node.is_leaf:
                row.update(entry_row(entries[node.code], user, typed=typed if refused else None, problem=by_leaf.get(node.code)))
            rows.append(row)
        areas.append({"node": area, "points": result.nodes[area.code].points, "rows": rows, "problems": refused,
                      "editable": any(r.get("can", {}).get("save") for r in rows)})
    return {
        "assessment": assessment, "cycle": assessment.cycle, "areas": areas, **summary(assessment, result),
        "offers": offers(ASSESSMENT, user, assessment), "history": unit_history(assessment),
        "can_upload_file": any(SAVE.allows(user, e) for e in entries.values()),
    }


def summary(assessment: Assessment, result=None) -> dict:
    """The unit's points so far and what its file still lacks — its own inputs and evidence, and the
    survey criteria still waiting for survey data. Shown at the top of the page, and sent again with
    every criterion changed in place so it never goes stale."""
    m = assessment.cycle.methodology
    result = result or score_unit(m, unit_inputs(assessment, m))
    awaiting = [e.leaf_code for e in assessment.entries.all() if m.node(e.leaf_code).source == "survey" and not (e.inputs or {})]
    return {"assessment": assessment, "cycle": assessment.cycle, "result": result, "missing_inputs": transitions.missing_inputs(assessment),
            "missing_evidence": transitions.missing_evidence(assessment), "awaiting_survey": sorted(awaiting)}


def _walk(node):
    yield node
    for child in node.children:
        yield from _walk(child)


def _leaf_of(problem: ParindexError) -> str | None:
    """The criterion a refusal is about: its location's path, or the entry of a stale edit."""
    entry = getattr(problem, "entry", None)
    return entry.leaf_code if entry is not None else (problem.where.path or "").split(":")[0] or None


def unit_file_values(assessment: Assessment, upload) -> dict[str, dict[str, Any]]:
    """The unit's values from its uploaded Excel (or CSV) file, read and checked by the core's reader
    as the command line reads it; a file with other units' rows is refused."""
    cycle = assessment.cycle
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / Path(upload.name).name
        with path.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        inputs = read_inputs(path, cycle.methodology, cycle.year, catalogue=catalogue(), reference_day=date(cycle.year, 12, 31),
                             name=upload.name)
    others = [u.unit.name.vi for u in inputs.units if u.unit.id != assessment.unit.uid]
    if others:
        raise Refused(gettext("the file has rows for other units: %(units)s") % {"units": ", ".join(others)},
                      expected=gettext("only the row of %(unit)s") % {"unit": assessment.unit})
    return next((dict(u.values) for u in inputs.units), {})


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
