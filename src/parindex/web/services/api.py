"""The push API of the one-stop systems: batches of dossier and feedback records, mounted by
``parindex.web.api`` under ``/api/v1/services/``.

A sending system authenticates with its own bearer token (``SendingSystem``), never a person's
session, so no CSRF check can stand in its way and no person's token can write records. Each batch
is answered whole: accepted with its counts, or refused (422) with every record's reasons in the
request's language — Vietnamese unless ``?lang=en`` or an English ``Accept-Language``. Requests are
limited per token (``PARINDEX_PUSH_RATE``); bodies up to ``PARINDEX_PUSH_MAX_BYTES``
(``guards.RequestLimits``), at most ``intake.MAX_RECORDS`` records.
"""
from __future__ import annotations

from typing import Any

from django.conf import settings
from django_ratelimit.core import is_ratelimited
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.security import HttpBearer

from parindex.core.errors import ValidationFailed
from parindex.core.text import of_lang
from parindex.web.api_contract import WRITE, ErrorOut, Spoken
from parindex.web.services import intake
from parindex.web.services.models import SendingSystem
from parindex.web.services.pages import count


class SystemToken(HttpBearer):
    """A sending system's bearer token; refused in the request's language, naming what to send."""

    def __call__(self, request):
        if not request.headers.get(self.header):
            raise Spoken(401, of_lang(language(request),
                                      "Hãy gửi mã của hệ thống gửi trong tiêu đề Authorization: Bearer <mã>.",
                                      "Send the sending system's token in the Authorization header: Bearer <token>."))
        return super().__call__(request)

    def authenticate(self, request, token: str):
        system = SendingSystem.by_token(token)
        if system is None:
            raise Spoken(401, of_lang(language(request),
                                      "Mã này không thuộc hệ thống gửi nào đang hoạt động: hãy dùng mã được cấp khi tạo hệ thống, "
                                      "hoặc xin mã mới từ quản trị.",
                                      "This token belongs to no active sending system: use the token given when the system was "
                                      "created, or ask an administrator for a new one."))
        request.sending_system = system
        return system


router = Router(tags=["services"], auth=SystemToken())


class BatchIn(Schema):
    records: list[dict[str, Any]] = Field(description="the records, one object each, with the fields of docs/services.md; "
                                                      f"at most {intake.MAX_RECORDS:,} a batch")


class BatchOut(Schema):
    table: str
    records: int
    added: int
    updated: int
    unchanged: int
    message: str


PUSH = {**WRITE, 429: ErrorOut}


def language(request) -> str:
    """``?lang=en`` or a browser/client asking English first; else Vietnamese."""
    asked = request.GET.get("lang") or request.headers.get("Accept-Language", "")
    return "en" if asked.strip().lower().startswith("en") else "vi"


def _push(request, kind: str, body: BatchIn):
    lang = language(request)
    system: SendingSystem = request.sending_system
    if is_ratelimited(request, group="services.push", key=lambda group, r: f"system-{system.pk}",
                      rate=settings.PARINDEX_PUSH_RATE, increment=True):
        raise HttpError(429, of_lang(lang, "Hệ thống này đã gửi quá nhiều lô trong thời gian ngắn; hãy chờ một phút rồi gửi lại.",
                                     "This system has sent too many batches in a short time; wait a minute and send again."))
    n = len(body.records)
    if n > intake.MAX_RECORDS:
        most, sent = count(intake.MAX_RECORDS, lang), count(n, lang)
        raise HttpError(413, of_lang(lang, f"Một lô có tối đa {most} bản ghi; lô này có {sent}. Hãy chia thành nhiều lô.",
                                     f"A batch holds at most {most} records; this one has {sent}. Split it into several."))
    if n == 0:
        raise HttpError(400, of_lang(lang, "Lô không có bản ghi nào.", "The batch holds no records."))
    try:
        taken = intake.push(kind, body.records, system.units, lang, settings.PARINDEX_PUSH_BOARD == "thread")
    except ValidationFailed as err:
        return 422, {"code": "batch_refused", "title": intake.refused_title(err, lang), "where": {},
                     "problems": intake.refused_records(err, lang), "more": 0}
    return 200, {**taken.__dict__, "message": taken.sentence(lang)}


@router.post("/dossiers", response={200: BatchOut, **PUSH})
def push_dossiers(request, body: BatchIn):
    """Dossier records (key ``dossier_id``, with ``version``): all stored, or none with every reason."""
    return _push(request, "dossiers", body)


@router.post("/feedback", response={200: BatchOut, **PUSH})
def push_feedback(request, body: BatchIn):
    """Feedback records (key ``feedback_id``, with ``version``): all stored, or none with every reason."""
    return _push(request, "feedback", body)
