"""The workflow's JSON API: cycles, assessments and entries, with the same actions (``actions``)
and permission rules as the pages. Mounted by ``parindex.web.api`` under ``/api/v1/``."""
from __future__ import annotations

from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Path, Router, Schema

from parindex.core.free_text import EXPLANATION, NOTE, REASON
from parindex.web.api_contract import ENTRY_WRITE, READ, WRITE
from parindex.web.cycles import transitions
from parindex.web.cycles.actions import ACTIONS, ASSESSMENT, CYCLE, find
from parindex.web.cycles.models import Assessment, Cycle, Entry
from parindex.web.cycles.rules import visible_assessments

MAX_ID = 2**63 - 1  # the largest key or version a database column holds; anything larger is refused, not a 500
MAX_POINTS = 1000.0  # no leaf is worth more; the leaf's own range is checked by the core

router = Router(tags=["workflow"])


class EntryOut(Schema):
    id: int
    leaf_code: str
    inputs: dict[str, Any]
    self_points: float | None
    appraised_points: float | None
    appraisal_reason: str
    unit_explanation: str
    final_points: float | None
    final_reason: str
    version: int


class AssessmentOut(Schema):
    id: int
    cycle: str
    unit_id: str
    unit_name: str
    state: str
    entries: list[EntryOut]


class CycleOut(Schema):
    id: int
    slug: str
    year: int
    state: str
    methodology_id: str
    methodology_hash: str


class CycleActionIn(Schema):
    to: str = Field("", max_length=40, description="advance: the next stage")
    reason: str = Field("", max_length=REASON.max_length)
    confirm: str = Field("", max_length=20000, description="advance: the confirmation naming the units not ready, as the cycle page gives it")


AssessmentActionName = Literal[tuple(ACTIONS[ASSESSMENT])]  # the names the HTML views take, from the one table
# The cycle's actions whose form the body below carries (the deadlines are set on the cycle page).
CycleActionName = Literal[tuple(name for name, a in ACTIONS[CYCLE].items() if set(a.form.base_fields) <= set(CycleActionIn.model_fields))]
Version = Annotated[int, Field(ge=0, le=MAX_ID, description="the entry's version when it was read (optimistic locking)")]
Id = Annotated[int, Path(ge=1, le=MAX_ID)]


class InputsIn(Schema):
    inputs: dict[str, Any] = Field(description="the leaf's input values by name; each checked against the rule's input definition")
    version: Version
    note: str | None = Field(None, max_length=NOTE.max_length)


class AppraisalIn(Schema):
    points: float = Field(allow_inf_nan=False, ge=-MAX_POINTS, le=MAX_POINTS,
                          description="the appraised points; the leaf's own range is checked too")
    reason: str = Field("", max_length=REASON.max_length)
    version: Version


class ExplanationIn(Schema):
    text: str = Field(min_length=1, max_length=EXPLANATION.max_length)
    version: Version


def _assessment_out(a: Assessment) -> dict:
    return {"id": a.id, "cycle": a.cycle.slug, "unit_id": a.unit.uid, "unit_name": a.unit.name_vi, "state": a.state,
            "entries": list(a.entries.order_by("id"))}


def _assessment(request, pk: int) -> Assessment:
    a = get_object_or_404(visible_assessments(request.user), pk=pk)
    if not request.user.has_perm("cycles.view_assessment", a):
        raise PermissionDenied
    return a


def _entry(request, pk: int) -> Entry:
    entry = get_object_or_404(Entry.objects.select_related("assessment"), pk=pk)
    _assessment(request, entry.assessment_id)
    return entry


@router.get("/cycles", response={200: list[CycleOut], **READ})
def list_cycles(request):
    if request.user.has_perm("cycles.configure") or request.user.has_perm("cycles.approve_council"):
        return Cycle.objects.all()
    return Cycle.objects.filter(assessments__in=visible_assessments(request.user)).distinct()


@router.get("/assessments/{pk}", response={200: AssessmentOut, **READ})
def get_assessment(request, pk: Id):
    return _assessment_out(_assessment(request, pk))


@router.put("/entries/{pk}/inputs", response={200: EntryOut, **ENTRY_WRITE})
def put_inputs(request, pk: Id, body: InputsIn):
    return transitions.save_inputs(_entry(request, pk), request.user, body.inputs, body.version, body.note)


@router.post("/entries/{pk}/appraisal", response={200: EntryOut, **ENTRY_WRITE})
def post_appraisal(request, pk: Id, body: AppraisalIn):
    return transitions.appraise(_entry(request, pk), request.user, body.points, body.reason, body.version)


@router.post("/entries/{pk}/explanation", response={200: EntryOut, **ENTRY_WRITE})
def post_explanation(request, pk: Id, body: ExplanationIn):
    return transitions.explain(_entry(request, pk), request.user, body.text, body.version)


@router.post("/assessments/{pk}/actions/{action}", response={200: AssessmentOut, **WRITE})
def assessment_action(request, pk: Id, action: AssessmentActionName):
    found = find(ASSESSMENT, action)
    if found is None:
        raise Http404(action)
    return _assessment_out(found.run(_assessment(request, pk), request.user))


@router.post("/cycles/{pk}/actions/{action}", response={200: CycleOut, **WRITE})
def cycle_action(request, pk: Id, action: CycleActionName, body: CycleActionIn):
    found = find(CYCLE, action)
    if found is None:
        raise Http404(action)
    cycle = get_object_or_404(Cycle, pk=pk)
    found.require_permission(request.user, cycle)  # a 403 before anything about the body is said
    found.run(cycle, request.user, **found.values(body.model_dump(exclude_unset=True)))
    cycle.refresh_from_db()
    return cycle
