"""The JSON API (django-ninja): the same workflow and the same permission rules as the pages.

OpenAPI at ``/api/v1/openapi.json``, interactive docs at ``/api/v1/docs``. Authentication:
``Authorization: Bearer <token>`` (scripts) or the browser session (with CSRF). The token is tried
first: a script carries no CSRF token, and a session check that ran first would refuse its writes.
Errors share one JSON shape, declared for every status each operation can answer (``api_contract``).
"""
from __future__ import annotations

import hashlib
from typing import Annotated, Any, Literal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Schema
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from parindex.core.free_text import EXPLANATION, NOTE, REASON
from parindex.web.api_contract import ENTRY_WRITE, PUBLIC, READ, WRITE, StrictJSONRenderer, install
from parindex.web.cycles import transitions
from parindex.web.cycles.actions import ASSESSMENT_ACTIONS
from parindex.web.cycles.models import ApiToken, Assessment, Cycle, Entry
from parindex.web.cycles.rules import visible_assessments

MAX_ID = 2**63 - 1  # the largest key or version a database column holds; anything larger is refused, not a 500
MAX_POINTS = 1000.0  # no leaf is worth more; the leaf's own range is checked by the core


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        digest = hashlib.sha256(token.encode()).hexdigest()
        found = ApiToken.objects.select_related("user").filter(key_hash=digest, user__is_active=True).first()
        if found is None:  # a wrong token is refused even beside a live session: credentials shown must be good
            raise HttpError(401, _("This API token is not valid (unknown, revoked, or its account is disabled)."))
        request.user = found.user
        return found.user


class BrowserSession(APIKeyCookie):
    """The logged-in browser. CSRF is checked only for a request that carries a live session: one
    without is anonymous (401), not a forgery (403)."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        key = request.COOKIES.get(self.param_name)
        if key and request.user.is_authenticated:
            try:
                refused = check_csrf(request) is not None
            except MultiPartParserError:  # a form body Django cannot parse (no boundary): not a request we take
                raise HttpError(400, _("The request body could not be read; send JSON.")) from None
            if refused:
                raise HttpError(403, _("The page's security token is missing or out of date; reload the page and try again."))
        return key

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else None


api = NinjaAPI(title="parindex", version="1", urls_namespace="api", auth=[TokenAuth(), BrowserSession()], renderer=StrictJSONRenderer(),
               description="The evaluation cycle of a performance index: assessments, appraisal, publication.")


install(api, transitions.StaleEdit)


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


AssessmentActionName = Literal[tuple(ASSESSMENT_ACTIONS)]  # the names the HTML views take, from the one table
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


class CycleActionIn(Schema):
    to: str = Field("", max_length=40)
    reason: str = Field("", max_length=REASON.max_length)


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


@api.get("/cycles", response={200: list[CycleOut], **READ})
def list_cycles(request):
    if request.user.has_perm("cycles.configure") or request.user.has_perm("cycles.approve_council"):
        return Cycle.objects.all()
    return Cycle.objects.filter(assessments__in=visible_assessments(request.user)).distinct()


@api.get("/assessments/{pk}", response={200: AssessmentOut, **READ})
def get_assessment(request, pk: Id):
    return _assessment_out(_assessment(request, pk))


@api.put("/entries/{pk}/inputs", response={200: EntryOut, **ENTRY_WRITE})
def put_inputs(request, pk: Id, body: InputsIn):
    return transitions.save_inputs(_entry(request, pk), request.user, body.inputs, body.version, body.note)


@api.post("/entries/{pk}/appraisal", response={200: EntryOut, **ENTRY_WRITE})
def post_appraisal(request, pk: Id, body: AppraisalIn):
    return transitions.appraise(_entry(request, pk), request.user, body.points, body.reason, body.version)


@api.post("/entries/{pk}/explanation", response={200: EntryOut, **ENTRY_WRITE})
def post_explanation(request, pk: Id, body: ExplanationIn):
    return transitions.explain(_entry(request, pk), request.user, body.text, body.version)


@api.post("/assessments/{pk}/actions/{action}", response={200: AssessmentOut, **WRITE})
def assessment_action(request, pk: Id, action: AssessmentActionName):
    if action not in ASSESSMENT_ACTIONS:
        raise Http404(action)
    return _assessment_out(ASSESSMENT_ACTIONS[action].run(_assessment(request, pk), request.user))


@api.post("/cycles/{pk}/actions/{action}", response={200: CycleOut, **WRITE})
def cycle_action(request, pk: Id, action: Literal["advance", "council-approve", "publish"], body: CycleActionIn):
    from parindex.web.publication.transitions import publish

    cycle = get_object_or_404(Cycle, pk=pk)
    if action == "advance":
        return transitions.advance_cycle(cycle, request.user, body.to, body.reason)
    if action == "council-approve":
        return transitions.approve_by_council(cycle, request.user)
    if action == "publish":
        publish(cycle, request.user, body.reason)
        cycle.refresh_from_db()
        return cycle
    raise Http404(action)


@api.get("/results/{slug}", auth=None, response={200: dict[str, Any], **PUBLIC})
def published_results(request, slug: str):
    """The latest published snapshot of a cycle: public, no login."""
    from parindex.web.publication.queries import latest_snapshot  # publication's models load after this module

    snapshot = latest_snapshot(get_object_or_404(Cycle, slug=slug))
    return {"version": snapshot.version, "checksum": snapshot.checksum, "reason": snapshot.reason, **snapshot.data}


from parindex.web.publication.api import router as _portal  # noqa: E402  (after the API object it joins)

api.add_router("/results", _portal)
