"""Every change of state and value: check who and when, change, write the audit row — in one transaction.

Views and the API call these functions and nothing else writes to assessments, entries or cycles.
Each is the work of one action of ``actions`` (``@ACTION.does``): the object arrives locked, and
already checked against the action's permission and stages, so a function here holds only what is
particular to it. A refused action raises ``Refused`` with a reason a person can act on; a
permission failure raises Django's ``PermissionDenied``.
"""
from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from parindex.core.errors import ParindexError, Refused, ValidationFailed, Where
from parindex.core.free_text import EXPLANATION, NOTE, REASON, clean_text, is_blank
from parindex.core.results.compute import check_adjustment
from parindex.web.audit.chain import record
from parindex.web.cycles.actions import (
    ADVANCE,
    APPRAISE,
    COUNCIL_APPROVE,
    CYCLE_ORDER,
    DEADLINES,
    EXCLUDE,
    EXPLAIN,
    EXTEND,
    FINALISE,
    FINISH_APPRAISAL,
    FINISH_EXPLANATION,
    INCLUDE,
    REOPEN,
    RETURN,
    SAVE,
    SUBMIT,
)
from parindex.web.cycles.forms import DEADLINE_FIELDS
from parindex.web.cycles.models import Assessment, Cycle, Entry, Evidence
from parindex.web.cycles.models import AssessmentState as A
from parindex.web.cycles.models import CycleState as C
from parindex.web.cycles.readiness import behind, confirmation
from parindex.web.cycles.scoring import coerce_inputs, from_records, records_score, score_leaf

__all__ = ["CYCLE_ORDER", "Refused", "StaleEdit"]


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


def before_deadline(assessment: Assessment, field: str) -> None:
    """A unit's actions close at the end of its round's deadline day: the cycle's (when it sets
    one), or the day the administrator extended the unit's round to."""
    due = assessment.extended_until or getattr(assessment.cycle, field)
    if due is not None and timezone.localdate() > due:
        raise Refused(_("the deadline for this round was %(day)s") % {"day": due.isoformat()},
                      expected=_("an action before the deadline, or a new deadline from the administrator"))


# The steps of every change to an entry, here and in publication (corrections) and surveys
# (applying a wave): check the editor saw the current version, set each field with its audit row,
# save with the version bumped. ``locked_entry`` is for work outside an action (a survey wave).

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

@SAVE.does
def save_inputs(entry: Entry, user, raw: dict[str, Any], version: int, note: str | None = None) -> Entry:
    """Draft save of a leaf's inputs; the self points are the core rule's, never typed."""
    if note is not None:
        note = clean_text(note, NOTE, "note")
    leaf = entry.assessment.cycle.methodology.node(entry.leaf_code)
    before_deadline(entry.assessment, "self_assessment_due")
    values = coerce_inputs(leaf, raw)
    check_version(entry, version, {"inputs": values})
    score = score_leaf(leaf, values)
    set_field(entry, user, "inputs", values)
    set_field(entry, user, "self_points", None if score.missing else score.points)
    if note is not None:
        set_field(entry, user, "note", note)
    return save_entry(entry, user)


def save_many(assessment: Assessment, user, changes: dict[str, tuple[dict[str, Any], int]]) -> list[Entry]:
    """Several leaves of one unit saved together — an area's form, or the unit's whole Excel file —
    in one transaction: each through ``save_inputs`` (its permission, stage, deadline, version), a
    leaf whose values did not change left as it is, and nothing saved if any leaf is refused: the
    refusal lists every leaf's problem, and which leaves someone else changed meanwhile."""
    entries = {e.leaf_code: e for e in assessment.entries.all()}
    m = assessment.cycle.methodology
    saved, problems = [], []
    with transaction.atomic():
        for leaf, (raw, version) in changes.items():
            entry = entries[leaf]
            try:
                if _filled(coerce_inputs(m.node(leaf), raw)) == _filled(entry.inputs or {}):
                    continue
                with transaction.atomic():
                    saved.append(save_inputs(entry, user, raw, version))
            except StaleEdit as err:  # its sentence names the leaf and who changed it
                problems.append(err)
            except ParindexError as err:
                problems.append(err if err.where.path else
                                ParindexError(err.code, err.title, Where(path=leaf), err.expected, err.got, err.hint))
        if problems:
            raise ValidationFailed(str(assessment.unit), problems)  # leaves the block: every save above is rolled back
    return saved


def _filled(values: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v is not None}


@SUBMIT.does
def submit(assessment: Assessment, user) -> Assessment:
    before_deadline(assessment, "self_assessment_due")
    missing = missing_inputs(assessment)
    if missing:
        raise Refused(_("%(n)s criteria still lack inputs") % {"n": len(missing)}, expected=_("every criterion filled in"),
                      got=", ".join(missing[:10]))
    return _move(assessment, user, A.SUBMITTED)


def missing_inputs(assessment: Assessment) -> list[str]:
    """Leaves the unit must fill (survey leaves come from the survey, records-fed ones from the
    dossier records when the store has the unit's) that have no self points yet."""
    m = assessment.cycle.methodology
    filled = {e.leaf_code for e in assessment.entries.all() if e.self_points is not None} | set(from_records(assessment.cycle, assessment.unit))
    return [leaf.code for leaf in m.leaves() if leaf.source != "survey" and leaf.code not in filled]


def missing_evidence(assessment: Assessment) -> list[str]:
    m = assessment.cycle.methodology
    with_files = set(Evidence.objects.filter(entry__assessment=assessment).values_list("entry__leaf_code", flat=True))
    return [leaf.code for leaf in m.leaves() if leaf.evidence and leaf.code not in with_files]


# -- appraisal, explanation, final round ---------------------------------------------------------------

@APPRAISE.does
def appraise(entry: Entry, user, points: float, reason: str, version: int) -> Entry:
    """Round 1 (the unit submitted) or the final round (the unit explained, or let the explanation
    round pass). A change from the value under review needs a reason — for a criterion the dossier
    records feed, from the points the records give."""
    reason = clean_text(reason, REASON, "reason").strip()
    check_adjustment(entry.assessment.cycle.methodology.node(entry.leaf_code), points)
    if entry.assessment.state == A.SUBMITTED:
        fed = records_score(entry)
        field, reason_field, reviewed = "appraised_points", "appraisal_reason", entry.self_points if fed is None else fed.points
    else:
        reviewed = entry.appraised_points if entry.appraised_points is not None else entry.self_points
        field, reason_field = "final_points", "final_reason"
    if (reviewed is None or abs(points - reviewed) > 1e-9) and is_blank(reason):
        raise Refused(_("a change of points needs a reason"), expected=_("a reason the unit can read"), field="reason")
    check_version(entry, version, {field: points})
    set_field(entry, user, field, points, reason)
    set_field(entry, user, reason_field, reason, reason)
    return save_entry(entry, user)


@EXPLAIN.does
def explain(entry: Entry, user, text: str, version: int) -> Entry:
    text = clean_text(text, EXPLANATION, "text", required=True).strip()
    before_deadline(entry.assessment, "explanation_due")
    check_version(entry, version, {"unit_explanation": text})
    set_field(entry, user, "unit_explanation", text)
    return save_entry(entry, user)


@FINISH_APPRAISAL.does
def finish_appraisal(assessment: Assessment, user) -> Assessment:
    return _move(assessment, user, A.APPRAISED)


@FINISH_EXPLANATION.does
def finish_explanation(assessment: Assessment, user) -> Assessment:
    return _move(assessment, user, A.EXPLAINED)


@FINALISE.does
def finalise(assessment: Assessment, user) -> Assessment:
    return _move(assessment, user, A.FINAL)


def _move(assessment: Assessment, user, to_state: str, reason: str = "") -> Assessment:
    record(user, "assessment.state", assessment, field=assessment.unit.uid, old=assessment.state, new=to_state, reason=reason)
    assessment.state = to_state
    assessment.save(update_fields=["state"])
    return assessment


# -- the administrator, for one unit --------------------------------------------------------------------

STEP_BACK = {A.SUBMITTED: A.DRAFT, A.APPRAISED: A.SUBMITTED, A.EXPLAINED: A.APPRAISED, A.FINAL: A.EXPLAINED}


def _required_reason(reason: str) -> str:
    return clean_text(reason, REASON, "reason", required=True).strip()


@EXTEND.does
def extend(assessment: Assessment, user, until: date, reason: str) -> Assessment:
    """The unit's round stays open until ``until`` — after the cycle's deadline, and after the cycle
    moves on: the unit keeps acting in its round (``actions``: ``late`` stages)."""
    reason = _required_reason(reason)
    if until < timezone.localdate():
        raise Refused(_("an extension ends today or later"), expected=_("a date from today on"), got=until.isoformat())
    record(user, "assessment.extension", assessment, field=assessment.unit.uid, old=assessment.extended_until, new=until, reason=reason)
    assessment.extended_until, assessment.extension_reason = until, reason
    assessment.save(update_fields=["extended_until", "extension_reason"])
    return assessment


@REOPEN.does
def reopen(assessment: Assessment, user, reason: str) -> Assessment:
    """One step back (submitted → draft, appraised → submitted, …): what the unit or the appraisers
    did in that step can be done again. Points already entered stay."""
    return _move(assessment, user, STEP_BACK[assessment.state], _required_reason(reason))


@EXCLUDE.does
def exclude(assessment: Assessment, user, reason: str) -> Assessment:
    """Out of this cycle's ranking and averages, published as not assessed with the reason."""
    reason = _required_reason(reason)
    record(user, "assessment.exclusion", assessment, field=assessment.unit.uid, old=False, new=True, reason=reason)
    assessment.excluded, assessment.exclusion_reason = True, reason
    assessment.save(update_fields=["excluded", "exclusion_reason"])
    return assessment


@INCLUDE.does
def include(assessment: Assessment, user, reason: str) -> Assessment:
    reason = _required_reason(reason)
    record(user, "assessment.exclusion", assessment, field=assessment.unit.uid, old=True, new=False, reason=reason)
    assessment.excluded, assessment.exclusion_reason = False, ""
    assessment.save(update_fields=["excluded", "exclusion_reason"])
    return assessment


# -- the cycle ------------------------------------------------------------------------------------------

@ADVANCE.does
def advance_cycle(cycle: Cycle, user, to: str, reason: str = "", confirm: str = "") -> Cycle:
    """Administrators move the cycle one stage forward. Units still behind the new stage are named
    and must be confirmed (``readiness``); to the council, every unit must be final or excluded.
    Publishing goes through ``publish``."""
    reason = clean_text(reason, REASON, "reason")
    following = CYCLE_ORDER[CYCLE_ORDER.index(cycle.state) + 1]
    if to != following:
        raise Refused(_("a cycle in %(a)s cannot move to %(b)s") % {"a": C(cycle.state).label, "b": _stage_label(to)},
                      expected=_("the next stage, %(s)s") % {"s": C(following).label}, got=_stage_label(to))
    waiting = list(behind(cycle, to))
    if to == C.COUNCIL and waiting:  # the council approves final results: nothing may be left half-way
        raise Refused(_("%(n)s units have no final result yet; finalise them before the council stage") % {"n": len(waiting)},
                      expected=_("every unit final, or excluded with a reason"), got=_names(waiting))
    if waiting and confirm != confirmation(waiting):
        raise Refused(_("%(n)s units are not ready for the next stage; confirm to move on without them") % {"n": len(waiting)},
                      expected=_("a confirmation naming them (extend their deadline, or exclude them, to settle them)"),
                      got=_names(waiting))
    record(user, "cycle.state", cycle, field=cycle.slug, old=cycle.state, new=to,
           reason=reason or (_("moved on without: %(units)s") % {"units": _names(waiting)} if waiting else ""))
    cycle.state = to
    cycle.save(update_fields=["state"])
    return cycle


@RETURN.does
def return_to_final_appraisal(cycle: Cycle, user, reason: str) -> Cycle:
    """The council found something to redo before approving: the cycle goes back one stage, where the
    administrator can reopen a unit and the appraisers finalise it again."""
    reason = _required_reason(reason)
    record(user, "cycle.state", cycle, field=cycle.slug, old=cycle.state, new=C.FINAL_APPRAISAL, reason=reason)
    cycle.state = C.FINAL_APPRAISAL
    cycle.save(update_fields=["state"])
    return cycle


def _names(assessments) -> str:
    return ", ".join(str(a.unit) for a in assessments)


def _stage_label(state: str) -> str:
    return str(C(state).label) if state in C.values else state


@DEADLINES.does
def set_deadlines(cycle: Cycle, user, **deadlines: date | None) -> Cycle:
    """Administrators set or move the rounds' deadlines (those given; None clears one); each change is audited."""
    for field in DEADLINE_FIELDS:
        if field in deadlines and getattr(cycle, field) != deadlines[field]:
            record(user, "cycle.deadline", cycle, field=field, old=getattr(cycle, field), new=deadlines[field])
            setattr(cycle, field, deadlines[field])
    cycle.save()
    return cycle


@COUNCIL_APPROVE.does
def approve_by_council(cycle: Cycle, user) -> Cycle:
    """Every unit final or excluded (``actions.council_blocked``, checked before this runs)."""
    record(user, "cycle.council_approval", cycle, field=cycle.slug, new=user.username)
    cycle.council_approved_at, cycle.council_approved_by = timezone.now(), user
    cycle.save(update_fields=["council_approved_at", "council_approved_by"])
    return cycle
