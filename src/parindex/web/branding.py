"""The site's name and logo, from settings, in every page's context: a province's office runs its
portal under its own name (``PARINDEX_SITE_NAME_VI``/``_EN``, ``PARINDEX_LOGO``: a static path)."""
from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.templatetags.static import static


def branding(request: HttpRequest) -> dict:
    english = getattr(request, "LANGUAGE_CODE", "vi") == "en"
    return {"site_name": settings.PARINDEX_SITE_NAME_EN if english else settings.PARINDEX_SITE_NAME_VI,
            "site_logo": settings.PARINDEX_LOGO}


def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``, which browsers ask for whatever the page says: the static icon (its hashed
    name in production, so it is looked up when asked, not when the URLs are loaded)."""
    return redirect(static("parindex/favicon.png"), permanent=True)
