"""What the JSON API promises besides its 200s: one error shape for every refusal, each status an
operation can answer declared in the OpenAPI document, and JSON that strict parsers accept.

Every refusal — ours (``ParindexError``), Django's (404, permission), ninja's (no credentials,
CSRF, a body that does not validate) — leaves as ``ErrorOut``; a stale edit as ``ConflictOut``
with the entry's current values. Non-finite numbers never leave as ``NaN``/``Infinity`` tokens.
"""
from __future__ import annotations

import json
import math
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import HttpError, ValidationError
from ninja.renderers import JSONRenderer

from parindex.core.errors import ParindexError


class ErrorOut(Schema):
    """Why a request was refused: a stable ``code`` for programs, a sentence for people, where."""

    code: str
    title: str
    where: dict[str, Any] = {}
    expected: str | None = None
    got: Any = None
    hint: str | None = None
    problems: list[dict[str, Any]] | None = None
    more: int | None = None


class ConflictOut(ErrorOut):
    """A stale edit (409): someone saved the entry since it was loaded; ``current`` holds what it
    holds now, with its version, so the client can show both and save again."""

    current: dict[str, Any]


COMMON = {422: ErrorOut, 503: ErrorOut}
PUBLIC = {404: ErrorOut, **COMMON}

class Spoken(HttpError):
    """An HTTP refusal whose message is already a sentence in the request's language: an endpoint
    that knows better than the generic 401 says so (the push API's wrong token, in ``?lang``)."""

READ = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, **COMMON}
WRITE = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 413: ErrorOut, **COMMON}
ENTRY_WRITE = {**WRITE, 409: ConflictOut}
HTTP_CODES = {400: "bad_request", 401: "not_authenticated", 403: "forbidden", 404: "not_found", 405: "method_not_allowed", 429: "too_many_requests",
              413: "request_too_large"}


def finite(value: Any) -> Any:
    """``value`` with every non-finite float turned into ``None``, however deeply nested."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


class StrictJSONRenderer(JSONRenderer):
    """JSON without ``NaN`` or ``Infinity`` tokens (RFC 8259): a strict parser reads every answer."""

    def render(self, request, data, *, response_status):
        try:
            return json.dumps(data, cls=self.encoder_class, allow_nan=False)
        except ValueError:
            return json.dumps(finite(json.loads(json.dumps(data, cls=self.encoder_class))), cls=self.encoder_class, allow_nan=False)


NINJA_UNREADABLE = "Cannot parse request body"
PLACES = ("body", "query", "path", "header", "cookie", "form", "file")  # where django-ninja says a value was


def said(kind: str) -> str:
    """A request value's problem in a sentence of the page's language: pydantic's own message is
    English, and its kind (``missing``, ``int_parsing``, …) a code."""
    if kind == "missing":
        return _("This field is required.")
    if kind.startswith(("int_", "float_", "decimal_")):
        return _("A number is expected here.")
    if kind.startswith(("list_", "tuple_", "set_")):
        return _("A list is expected here.")
    if kind.startswith(("dict_", "model_")):
        return _("An object is expected here.")
    if kind.startswith(("string_", "str_")):
        return _("Text is expected here.")
    if kind.startswith("bool_"):
        return _("true or false is expected here.")
    return _("This value is not one the field takes.")


def field_path(location) -> str:
    """Where the value is, as the sender wrote it: ``records`` rather than django-ninja's
    ``body.body.records`` (the place, then the operation's parameter, then the field)."""
    parts = [str(part) for part in location]
    if parts and parts[0] in PLACES:
        parts = parts[2:] if len(parts) > 2 else parts[1:]
    return ".".join(parts)


def install(api, stale_edit: type[ParindexError]) -> None:
    """Register the handlers that give every refusal the one shape."""

    def refuse(request, status: int, body: dict):
        return api.create_response(request, {"where": {}, **body}, status=status)

    @api.exception_handler(ParindexError)
    def parindex_error(request, exc: ParindexError):
        body = exc.as_dict(getattr(request, "LANGUAGE_CODE", "vi"))  # in the language the request asked for
        if isinstance(exc, stale_edit):
            body["current"] = {"version": exc.entry.version, **{k: v[1] for k, v in exc.changes.items()}}
            return refuse(request, 409, body)
        return refuse(request, 422, body)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return refuse(request, 403, {"code": "forbidden", "title": _("Your role or unit does not allow this.")})

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return refuse(request, 404, {"code": "not_found", "title": _("There is nothing at this address, or you may not see it.")})

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        anonymous = exc.status_code == 401 and not isinstance(exc, Spoken)
        unreadable = str(exc.message) == NINJA_UNREADABLE  # django-ninja's own words, in English
        title = (_("Log in or send an API token to do this.") if anonymous
                 else _("The request body could not be read; send JSON.") if unreadable else str(exc.message))
        return refuse(request, exc.status_code, {"code": HTTP_CODES.get(exc.status_code, "bad_request"), "title": title})

    @api.exception_handler(ValidationError)
    def invalid(request, exc: ValidationError):
        problems = [{"code": str(e.get("type", "invalid")), "title": said(str(e.get("type", ""))),
                     "where": {"path": field_path(e.get("loc", ()))}} for e in exc.errors]
        return refuse(request, 422, {"code": "invalid_request", "title": _("The request does not match what this operation takes."),
                                     "where": problems[0]["where"] if problems else {}, "problems": problems})

    @api.exception_handler(Exception)
    def everything_else(request, exc):
        raise exc  # to Django's middleware (guards: busy database, tampered snapshot) and its error pages, DEBUG or not
