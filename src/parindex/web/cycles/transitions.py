"""Every change of state and value: check who and when, change, write the audit row — in one transaction.

Views and the API call these functions and nothing else writes to assessments, entries or cycles.
A refused action raises ``Refused`` with a reason a person can act on; a permission failure raises
Django's ``PermissionDenied``.
"""
from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.core.errors import ParindexError
from parindex.core.free_text import EXPLANATION, NOTE, REASON, clean_text, is_blank
from parindex.core.results.compute import check_adjustment
from parindex.web.audit.chain import record
from parindex.web.cycles.models import Assessment, Cycle, Entry, Evidence
from parindex.web.cycles.models import AssessmentState as A
from parindex.web.cycles.models import CycleState as C
from parindex.web.cycles.scoring import coerce_inputs, score_leaf

CYCLE_ORDER = [C.SETUP, C.SELF_ASSESSMENT, C.APPRAISAL, C.EXPLANATION, C.FINAL_APPRAISAL, C.COUNCIL, C.PUBLISHED]


class Refused(ParindexError):
    def __init__(self, title: str, expected: str | None = None, got: Any = None):
        super().__init__("refused", title, expected=expected, got=got)


class StaleEdit(ParindexError):
    """The entry changed since the editor loaded it; ``current`` shows what it holds now."""

    def __init__(self, entry: Entry, changes: dict[str, tuple[Any, Any]]):
        self.entry = entry
        self.changes = changes
        who = entry.updated_by.username if entry.updated_by else "someone"
        super().__init__("stale_edit", _("%(code)s was changed by %(who)s while you were editing") % {"code": entry.leaf_code, "who": who},
                         expected=_("version %(v)s") % {"v": entry.version}, hint=_("review their change below, then save again"))


def require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied(perm)


def before_deadline(cycle: Cycle, field: str) -> None:
    """Units' actions close at the end of their round's deadline day (when the cycle sets one)."""
    due = getattr(cycle, field)
    if due is not None and timezone.localdate() > due:
        raise Refused(_("the deadline for this round was %(day)s") % {"day": due.isoformat()},
                      expected=_("an action before the deadline, or a new deadline from the administrator"))


# The four steps of every change to an entry, here and in publication (corrections) and surveys
# (applying a wave): lock the row, check the editor saw the current version, set each field with
# its audit row, save with the version bumped.

def locked_entry(entry: Entry) -> Entry:
    return Entry.objects.select_for_update(of=("self",)).select_related("assessment__cycle", "assessment__unit", "updated_by").get(pk=entry.pk)


def check_version(entry: Entry, version: int, fields: dict[str, Any]) -> None:
    if entry.version != version:
        changes = {name: (value, getattr(entry, name)) for name, value in fields.items()}
        raise StaleEdit(entry, changes)


def set_field(entry: Entry, user, field: str, value: Any, reason: str = "") -> None:
    old = getattr(entry, field)
    if old != value:
        setattr(entry, field, value)
        record(user, f"entry.{field}", entry, field=f"{entry.assessment.unit.uid}/{entry.leaf_code}", old=old, new=value, reason=reason)


def save_entry(entry: Entry, user) -> Entry:
    entry.version += 1
    entry.updated_by = user
    entry.save()
    return entry


# -- the unit's self-assessment ----------------------------------------------------------------------

def save_inputs(entry: Entry, user, raw: dict[str, Any], version: int, note: str | None = None) -> Entry:
    """Draft save of a leaf's inputs; the self points are the core rule's, never typed."""
    if note is not None:
        note = clean_text(note, NOTE, "note")
    with transaction.atomic():
        entry = locked_entry(entry)
        cycle, assessment = entry.assessment.cycle, entry.assessment
        leaf = cycle.methodology.node(entry.leaf_code)
        require(user, "cycles.edit_survey_inputs" if leaf.source == "survey" else "cycles.edit_inputs", entry)
        if cycle.state != C.SELF_ASSESSMENT or assessment.state != A.DRAFT:
            raise Refused(_("inputs can only change during self-assessment, before submission"),
                          expected=_("cycle in self-assessment and assessment in draft"), got=f"{cycle.state}/{assessment.state}")
        before_deadline(cycle, "self_assessment_due")
        values = coerce_inputs(leaf, raw)
        check_version(entry, version, {"inputs": values})
        score = score_leaf(leaf, values)
        set_field(entry, user, "inputs", values)
        set_field(entry, user, "self_points", None if score.missing else score.points)
        if note is not None:
            set_field(entry, user, "note", note)
        return save_entry(entry, user)


def submit(assessment: Assessment, user) -> Assessment:
    require(user, "cycles.submit_assessment", assessment)
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().select_related("cycle", "unit").get(pk=assessment.pk)
        if assessment.cycle.state != C.SELF_ASSESSMENT or assessment.state != A.DRAFT:
            raise Refused(_("only a draft can be submitted, during self-assessment"), got=assessment.state)
        before_deadline(assessment.cycle, "self_assessment_due")
        missing = missing_inputs(assessment)
        if missing:
            raise Refused(_("%(n)s criteria still lack inputs") % {"n": len(missing)}, expected=_("every criterion filled in"),
                          got=", ".join(missing[:10]))
        return _move(assessment, user, A.SUBMITTED)


def missing_inputs(assessment: Assessment) -> list[str]:
    """Leaves the unit must fill (survey leaves come from the survey) that have no self points yet."""
    m = assessment.cycle.methodology
    filled = {e.leaf_code for e in assessment.entries.all() if e.self_points is not None}
    return [leaf.code for leaf in m.leaves() if leaf.source != "survey" and leaf.code not in filled]


def missing_evidence(assessment: Assessment) -> list[str]:
    m = assessment.cycle.methodology
    with_files = set(Evidence.objects.filter(entry__assessment=assessment).values_list("entry__leaf_code", flat=True))
    return [leaf.code for leaf in m.leaves() if leaf.evidence and leaf.code not in with_files]


# -- appraisal, explanation, final round ---------------------------------------------------------------

def appraise(entry: Entry, user, points: float, reason: str, version: int) -> Entry:
    """Round 1 (cycle in appraisal, unit submitted) or the final round (cycle in final appraisal,
    unit explained). A change from the value under review needs a reason."""
    require(user, "cycles.appraise", entry)
    reason = clean_text(reason, REASON, "reason").strip()
    with transaction.atomic():
        entry = locked_entry(entry)
        cycle, assessment = entry.assessment.cycle, entry.assessment
        leaf = cycle.methodology.node(entry.leaf_code)
        check_adjustment(leaf, points)
        if cycle.state == C.APPRAISAL and assessment.state == A.SUBMITTED:
            field, reason_field, reviewed = "appraised_points", "appraisal_reason", entry.self_points
        elif cycle.state == C.FINAL_APPRAISAL and assessment.state == A.EXPLAINED:
            reviewed = entry.appraised_points if entry.appraised_points is not None else entry.self_points
            field, reason_field = "final_points", "final_reason"
        else:
            raise Refused(_("appraisal is closed for this unit"), expected=_("cycle in appraisal with the unit submitted, "
                          "or in final appraisal with the unit explained"), got=f"{cycle.state}/{assessment.state}")
        if (reviewed is None or abs(points - reviewed) > 1e-9) and is_blank(reason):
            raise Refused(_("a change of points needs a reason"), expected=_("a reason the unit can read"))
        check_version(entry, version, {field: points})
        set_field(entry, user, field, points, reason)
        set_field(entry, user, reason_field, reason, reason)
        return save_entry(entry, user)


def explain(entry: Entry, user, text: str, version: int) -> Entry:
    require(user, "cycles.explain", entry)
    text = clean_text(text, EXPLANATION, "text", required=True).strip()
    with transaction.atomic():
        entry = locked_entry(entry)
        cycle, assessment = entry.assessment.cycle, entry.assessment
        if cycle.state != C.EXPLANATION or assessment.state != A.APPRAISED:
            raise Refused(_("explanations are taken during the explanation round, after appraisal"), got=f"{cycle.state}/{assessment.state}")
        if not entry.is_adjusted:
            raise Refused(_("only adjusted criteria are explained"), expected=_("a criterion the appraiser changed"))
        before_deadline(cycle, "explanation_due")
        check_version(entry, version, {"unit_explanation": text})
        set_field(entry, user, "unit_explanation", text)
        return save_entry(entry, user)


def finish_appraisal(assessment: Assessment, user) -> Assessment:
    require(user, "cycles.appraise", assessment)
    return _guarded_move(assessment, user, C.APPRAISAL, A.SUBMITTED, A.APPRAISED)


def finish_explanation(assessment: Assessment, user) -> Assessment:
    require(user, "cycles.explain", assessment)
    return _guarded_move(assessment, user, C.EXPLANATION, A.APPRAISED, A.EXPLAINED)


def finalise(assessment: Assessment, user) -> Assessment:
    require(user, "cycles.appraise", assessment)
    return _guarded_move(assessment, user, C.FINAL_APPRAISAL, A.EXPLAINED, A.FINAL)


def _guarded_move(assessment: Assessment, user, cycle_state: str, from_state: str, to_state: str) -> Assessment:
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().select_related("cycle", "unit").get(pk=assessment.pk)
        if assessment.cycle.state != cycle_state or assessment.state != from_state:
            raise Refused(_("cannot move from %(a)s to %(b)s now") % {"a": assessment.state, "b": to_state},
                          expected=_("cycle in %(c)s and assessment %(a)s") % {"c": cycle_state, "a": from_state},
                          got=f"{assessment.cycle.state}/{assessment.state}")
        return _move(assessment, user, to_state)


def _move(assessment: Assessment, user, to_state: str) -> Assessment:
    record(user, "assessment.state", assessment, field=assessment.unit.uid, old=assessment.state, new=to_state)
    assessment.state = to_state
    assessment.save(update_fields=["state"])
    return assessment


# -- the cycle ------------------------------------------------------------------------------------------

def advance_cycle(cycle: Cycle, user, to_state: str, reason: str = "") -> Cycle:
    """Administrators move the cycle one stage forward. Publishing goes through ``publish``."""
    require(user, "cycles.configure")
    reason = clean_text(reason, REASON, "reason")
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
        position = CYCLE_ORDER.index(cycle.state)
        if to_state == C.PUBLISHED:
            raise Refused(_("publish with the publish action, which freezes a snapshot"))
        if position + 1 >= len(CYCLE_ORDER) or CYCLE_ORDER[position + 1] != to_state:
            raise Refused(_("a cycle in %(a)s cannot move to %(b)s") % {"a": cycle.state, "b": to_state},
                          expected=_("the next stage, %(s)s") % {"s": CYCLE_ORDER[min(position + 1, len(CYCLE_ORDER) - 1)]}, got=to_state)
        if to_state == C.COUNCIL:
            waiting = cycle.assessments.exclude(state=A.FINAL).count()
            if waiting:  # the council can only approve, and the cycle only be published, once every unit is final
                raise Refused(_("%(n)s units have no final result yet; finalise them before the council stage") % {"n": waiting})
        record(user, "cycle.state", cycle, field=cycle.slug, old=cycle.state, new=to_state, reason=reason)
        cycle.state = to_state
        cycle.save(update_fields=["state"])
        return cycle


DEADLINES = ("self_assessment_due", "appraisal_due", "explanation_due", "final_appraisal_due", "council_due")


def set_deadlines(cycle: Cycle, user, deadlines: dict) -> Cycle:
    """Administrators set or move the rounds' deadlines; each change is audited."""
    require(user, "cycles.configure")
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
        for field in DEADLINES:
            if field in deadlines and getattr(cycle, field) != deadlines[field]:
                record(user, "cycle.deadline", cycle, field=field, old=getattr(cycle, field), new=deadlines[field])
                setattr(cycle, field, deadlines[field])
        cycle.save()
        return cycle


def approve_by_council(cycle: Cycle, user) -> Cycle:
    require(user, "cycles.approve_council")
    with transaction.atomic():
        cycle = Cycle.objects.select_for_update().get(pk=cycle.pk)
        if cycle.state != C.COUNCIL:
            raise Refused(_("the council approves during the council stage"), got=cycle.state)
        unfinished = cycle.assessments.exclude(state=A.FINAL).count()
        if unfinished:
            raise Refused(_("%(n)s units are not final yet") % {"n": unfinished}, expected=_("every assessment final"))
        record(user, "cycle.council_approval", cycle, field=cycle.slug, new=user.username)
        cycle.council_approved_at, cycle.council_approved_by = timezone.now(), user
        cycle.save(update_fields=["council_approved_at", "council_approved_by"])
        return cycle

