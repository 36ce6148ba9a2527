"""Production settings for a benchmark on loopback: plain HTTP, a throwaway key, the demo database."""
import os

os.environ.setdefault("PARINDEX_SECRET_KEY", "benchmark-only-" + "x" * 40)
os.environ.setdefault("PARINDEX_ALLOWED_HOSTS", "127.0.0.1")

from parindex.web.settings.prod import *  # noqa: E402,F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {"default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": STORAGES["staticfiles"]}  # noqa: F405  (production's: hashed names, compressed copies)
