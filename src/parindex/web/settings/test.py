"""Tests: the dev settings with a fast password hasher and evidence in a temporary folder."""
import tempfile
from pathlib import Path

from parindex.web.settings.dev import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
PARINDEX_PRINTER = "request"  # no background printer: each test reads documents as its first request prints them
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="parindex-evidence-"))
PARINDEX_SERVICES_STORE = Path(tempfile.mkdtemp(prefix="parindex-services-"))  # empty: a test that needs records makes its own
EVIDENCE_MAX_BYTES = 1024 * 1024
DATABASES["default"].setdefault("TEST", {})  # noqa: F405
