"""The JSON API (django-ninja), assembled: authentication, the one error shape, and each app's router —
the workflow (``cycles.api``), the published results (``publication.api``) and the records one-stop
systems push (``services.api``, authenticated by the sending system's own token).

OpenAPI at ``/api/v1/openapi.json``, interactive docs at ``/api/v1/docs``. Authentication:
``Authorization: Bearer <token>`` (scripts) or the browser session (with CSRF). The token is tried
first: a script carries no CSRF token, and a session check that ran first would refuse its writes.
Errors share one JSON shape, declared for every status each operation can answer (``api_contract``).
"""
from __future__ import annotations

import hashlib

from django.conf import settings
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from parindex.web.api_contract import StrictJSONRenderer, install
from parindex.web.cycles.api import router as workflow
from parindex.web.cycles.models import ApiToken
from parindex.web.cycles.transitions import StaleEdit
from parindex.web.publication.api import router as portal
from parindex.web.services.api import router as pushed


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


install(api, StaleEdit)
api.add_router("", workflow)
api.add_router("/results", portal)
api.add_router("/services", pushed)  # the one-stop systems' records, with their own tokens
