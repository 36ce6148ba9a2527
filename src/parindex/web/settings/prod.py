"""Production: every secret and host comes from the environment; HTTPS everywhere."""
import os

from django.core.exceptions import ImproperlyConfigured

from parindex.web.settings.base import *  # noqa: F403


def required(name: str) -> str:
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"set the environment variable {name} for production")
    return value


DEBUG = False
SECRET_KEY = required("PARINDEX_SECRET_KEY")
ALLOWED_HOSTS = required("PARINDEX_ALLOWED_HOSTS").split(",")
CSRF_TRUSTED_ORIGINS = [f"https://{h}" for h in ALLOWED_HOSTS]
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# Hashed, compressed, cached forever. Vendored files carry no sourceMappingURL (we ship no .map files).
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}  # noqa: F405
EMAIL_BACKEND = os.environ.get("PARINDEX_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("PARINDEX_EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("PARINDEX_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("PARINDEX_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("PARINDEX_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("PARINDEX_EMAIL_TLS", "") == "1"
DEFAULT_FROM_EMAIL = SERVER_EMAIL = os.environ.get("PARINDEX_EMAIL_FROM", "parindex@localhost")
