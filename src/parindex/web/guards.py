"""Answers for the ways a healthy server still cannot serve a request: it is too big, the
database is busy, or the published figures asked for fail their integrity check. Each gets a
sentence and a status a client can act on — never a 500.

A body is refused *before* it is read, from its declared length, so a 600 MB upload costs nothing;
``PARINDEX_MAX_REQUEST_BYTES`` is the ceiling (evidence uploads are capped lower, by type, in
``cycles.evidence``). A database that stays locked past SQLite's busy timeout, or a PostgreSQL
serialisation failure, answers 503 with ``Retry-After``: the write did not happen and may be retried.
A snapshot that fails verification is refused (503) and logged as an error, which reaches the
administrators: figures that are not the ones published are never shown.
"""
from __future__ import annotations

import io
import logging

from django.conf import settings
from django.db import OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django_ratelimit.exceptions import Ratelimited

log = logging.getLogger("parindex.web")
RETRY_AFTER_SECONDS = 5
PUSH_PATH = "/api/v1/services/"  # where one-stop systems push batches (``services.api``)


class ServiceUnavailable(Exception):
    """What an app raises when it cannot serve a request now or cannot serve it honestly; the
    middleware answers 503 with the class's sentence, and ``Retry-After`` when it is worth
    retrying. ``log_as_error`` sends it to the administrators (figures that fail verification)."""

    code = "unavailable"
    sentence = _lazy("This page cannot be served right now. Please try again shortly.")
    retry_after: int | None = RETRY_AFTER_SECONDS
    log_as_error = False
    log_title = "service unavailable"


def refusal(request: HttpRequest, status: int, code: str, title: str, expected: str | None = None) -> HttpResponse:
    """The same refusal as JSON for the API and as a page for people."""
    if request.path.startswith("/api/"):
        body = {"code": code, "title": title, "where": {}}
        if expected:
            body["expected"] = expected
        return JsonResponse(body, status=status)
    page = render_to_string("refusal.html", {"status": status, "title": title, "expected": expected}, request=request)
    return HttpResponse(page, status=status)


class RequestLimits:
    """413 for a body longer than the setting, judged from ``Content-Length`` before reading it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = -1
        limit = settings.PARINDEX_MAX_REQUEST_BYTES
        pushed = request.path.startswith(PUSH_PATH)
        if pushed:  # a batch of up to 10,000 records pushed by a one-stop system
            limit = settings.PARINDEX_PUSH_MAX_BYTES
        elif request.path.startswith("/api/"):  # the API takes JSON only: no body needs more than Django will parse
            limit = min(limit, settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
        if declared < 0 or declared > limit:
            return refusal(request, 413, "request_too_large", _("The request is too large."),
                           _("at most %(mb)s MB") % {"mb": f"{limit / (1024 * 1024):.3g}"})
        if pushed and declared > settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
            # Read here, within the push cap: Django's own check of ``request.body`` knows only the smaller one.
            request._body = request.read(declared)
            request._stream = io.BytesIO(request._body)
        return self.get_response(request)


class Unavailable:
    """503 with a retry hint when the database could not take the write in time; 503 and an
    error in the log when published figures fail their integrity check."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, ServiceUnavailable):
            if exception.log_as_error:
                log.error("%s: %s", exception.log_title, exception, extra={"path": request.path})
            response = refusal(request, 503, exception.code, str(exception.sentence))
            if exception.retry_after:
                response["Retry-After"] = str(exception.retry_after)
            return response
        if isinstance(exception, Ratelimited):
            response = refusal(request, 429, "too_many_requests",
                               _("Too many downloads from your address in a short time. Please wait a minute and try again."))
            response["Retry-After"] = "60"
            return response
        if not isinstance(exception, OperationalError):
            return None
        log.warning("database busy", extra={"path": request.path, "error": str(exception)})
        response = refusal(request, 503, "database_busy",
                           _("The database is busy; nothing was saved. Please try again in a few seconds."))
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


class ApiAnswersJson:
    """Under ``/api/`` even Django's own answers — an unknown address, a method the operation does
    not take — come in the API's error shape, as JSON."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/api/") or response.get("Content-Type", "").startswith("application/json"):
            return response
        if response.status_code == 405:
            refused = refusal(request, 405, "method_not_allowed", _("This operation does not take this HTTP method."),
                              response.get("Allow"))
            refused["Allow"] = response.get("Allow", "")
            return refused
        if response.status_code == 404:
            return refusal(request, 404, "not_found", _("There is nothing at this address, or you may not see it."))
        return response
