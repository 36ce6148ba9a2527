"""The JSON API (django-ninja): the same workflow and the same permission rules as the pages.

OpenAPI at ``/api/v1/openapi.json``, interactive docs at ``/api/v1/docs``. Authentication:
``Authorization: Bearer <token>`` (scripts) or the browser session (with CSRF). The token is tried
first: a script carries no CSRF token, and a session check that ran first would refuse its writes.
Errors share one JSON shape: ``{"code", "title", "where", "expected", "got", "hint"}``.
"""
from __future__ import annotations

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from parindex.core.errors import ParindexError
from parindex.web.cycles import transitions
from parindex.web.cycles.models import ApiToken, Assessment, Cycle, Entry
from parindex.web.cycles.rules import visible_assessments


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        digest = hashlib.sha256(token.encode()).hexdigest()
        found = ApiToken.objects.select_related("user").filter(key_hash=digest, user__is_active=True).first()
        if found is None:
            return None
        request.user = found.user
        return found.user


class BrowserSession(APIKeyCookie):
    """The logged-in browser. CSRF is checked only for a request that carries a live session: one
    without is anonymous (401), not a forgery (403)."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        key = request.COOKIES.get(self.param_name)
        if key and request.user.is_authenticated and check_csrf(request) is not None:
            raise HttpError(403, _("The page's security token is missing or out of date; reload the page and try again."))
        return key

    def authenticate(self, request, key):
        return request.user if request.user.is_authenticated else None


api = NinjaAPI(title="parindex", version="1", urls_namespace="api", auth=[TokenAuth(), BrowserSession()],
               description="The evaluation cycle of a performance index: assessments, appraisal, publication.")


@api.exception_handler(ParindexError)
def parindex_error(request, exc: ParindexError):
    status = 409 if isinstance(exc, transitions.StaleEdit) else 422
    body = exc.as_dict()
    if isinstance(exc, transitions.StaleEdit):
        body["current"] = {"version": exc.entry.version, **{k: v[1] for k, v in exc.changes.items()}}
    return api.create_response(request, body, status=status)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    return api.create_response(request, {"code": "forbidden", "title": _("Your role or unit does not allow this."), "where": {}},
                               status=403)


HTTP_CODES = {401: "not_authenticated", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 413: "request_too_large"}


@api.exception_handler(HttpError)
def http_error(request, exc: HttpError):
    """ninja's own refusals (no credentials, CSRF) in our one error shape, as a sentence."""
    title = _("Log in or send an API token to do this.") if exc.status_code == 401 else str(exc)
    return api.create_response(request, {"code": HTTP_CODES.get(exc.status_code, "bad_request"), "title": title, "where": {}},
                               status=exc.status_code)


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


class InputsIn(Schema):
    inputs: dict[str, Any]
    version: int
    note: str | None = None


class AppraisalIn(Schema):
    points: float
    reason: str = ""
    version: int


class ExplanationIn(Schema):
    text: str
    version: int


class CycleActionIn(Schema):
    to: str = ""
    reason: str = ""


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


@api.get("/cycles", response=list[CycleOut])
def list_cycles(request):
    if request.user.has_perm("cycles.configure") or request.user.has_perm("cycles.approve_council"):
        return Cycle.objects.all()
    return Cycle.objects.filter(assessments__in=visible_assessments(request.user)).distinct()


@api.get("/assessments/{pk}", response=AssessmentOut)
def get_assessment(request, pk: int):
    return _assessment_out(_assessment(request, pk))


@api.put("/entries/{pk}/inputs", response=EntryOut)
def put_inputs(request, pk: int, body: InputsIn):
    return transitions.save_inputs(_entry(request, pk), request.user, body.inputs, body.version, body.note)


@api.post("/entries/{pk}/appraisal", response=EntryOut)
def post_appraisal(request, pk: int, body: AppraisalIn):
    return transitions.appraise(_entry(request, pk), request.user, body.points, body.reason, body.version)


@api.post("/entries/{pk}/explanation", response=EntryOut)
def post_explanation(request, pk: int, body: ExplanationIn):
    return transitions.explain(_entry(request, pk), request.user, body.text, body.version)


@api.post("/assessments/{pk}/actions/{action}", response=AssessmentOut)
def assessment_action(request, pk: int, action: str):
    from parindex.web.cycles.views import ASSESSMENT_ACTIONS

    if action not in ASSESSMENT_ACTIONS:
        raise PermissionDenied
    return _assessment_out(ASSESSMENT_ACTIONS[action](_assessment(request, pk), request.user))


@api.post("/cycles/{pk}/actions/{action}", response=CycleOut)
def cycle_action(request, pk: int, action: str, body: CycleActionIn):
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
    raise PermissionDenied


@api.get("/results/{slug}", auth=None)
def published_results(request, slug: str):
    """The latest published snapshot of a cycle: public, no login."""
    from parindex.web.publication.views import _latest

    snapshot = _latest(get_object_or_404(Cycle, slug=slug))
    return {"version": snapshot.version, "checksum": snapshot.checksum, "reason": snapshot.reason, **snapshot.data}


from parindex.web.publication.api import router as _portal  # noqa: E402  (after the API object it joins)

api.add_router("/results", _portal)
