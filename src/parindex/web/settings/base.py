"""Settings shared by every deployment. Secrets never live here: see ``prod``."""
from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from django.utils.translation import gettext_lazy as _

from parindex.core.services.place import is_url

WEB_DIR = Path(__file__).resolve().parents[1]
DATA_DIR = Path(os.environ.get("PARINDEX_DATA_DIR", Path.cwd() / "var"))

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",  # login throttling and lockout
    "ninja",  # its vendored Swagger UI (without it the docs page loads Swagger from a CDN)
    "parindex.web.audit",
    "parindex.web.cycles",
    "parindex.web.publication",
    "parindex.web.surveys",
    "parindex.web.accounts",
    "parindex.web.backup",
    "parindex.web.services",
    "parindex.web.demo",  # seed_demo: uses every app above, none of them uses it
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "parindex.web.language.LanguageMiddleware",
    "parindex.web.guards.RequestLimits",  # before anything reads the body (CSRF reads POST)
    "parindex.web.guards.ApiAnswersJson",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "parindex.web.guards.Unavailable",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "parindex.web.urls"
WSGI_APPLICATION = "parindex.web.wsgi.application"
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "rules.permissions.ObjectPermissionBackend",
                           "django.contrib.auth.backends.ModelBackend"]

# Login throttling (django-axes): five wrong passwords for one account from one address lock that
# pair out for 15 minutes (an attacker elsewhere cannot lock a colleague out); a success resets.
# Behind a reverse proxy, set PARINDEX_FORWARDED_ALLOW_IPS so REMOTE_ADDR is the client's address.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # trying again while locked does not restart the 15 minutes
AUTH_PASSWORD_VALIDATORS = [  # Django's own (with its Vietnamese messages); the length rule says it in our words
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "parindex.web.passwords.MinimumLength", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AXES_LOCKOUT_TEMPLATE = "registration/locked.html"
PASSWORD_RESET_TIMEOUT = 24 * 3600  # a reset link works for one day
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "cycles:home"
LOGOUT_REDIRECT_URL = "publication:latest"

TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [WEB_DIR / "templates"],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
        "django.template.context_processors.i18n",
        "parindex.web.branding.branding",
    ]},
}]

# SQLite serialises writers: WAL lets readers go on while one writer works, IMMEDIATE takes the write
# lock when a transaction starts (so two savers queue instead of one failing half-way through with
# "database is locked"), and the busy timeout is how long a saver waits in that queue. Past a few
# dozen people saving at once, or with more than one app server, use PostgreSQL (docs/deploy.md).
SQLITE_BUSY_TIMEOUT_SECONDS = 20
DATABASES = {"default": {
    "ENGINE": "django.db.backends.sqlite3", "NAME": DATA_DIR / "parindex.sqlite3",
    "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": SQLITE_BUSY_TIMEOUT_SECONDS,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"},
}}
if os.environ.get("PARINDEX_DATABASE_URL", "").startswith("postgres"):
    from urllib.parse import urlparse

    url = urlparse(os.environ["PARINDEX_DATABASE_URL"])
    DATABASES["default"] = {
        "ENGINE": "django.db.backends.postgresql", "NAME": url.path.lstrip("/"), "USER": url.username or "",
        "PASSWORD": url.password or "", "HOST": url.hostname or "", "PORT": str(url.port or ""),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Vietnamese is the default language; English is one click away.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [WEB_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [WEB_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "evidence"  # never served directly: evidence goes through a checked view

# Where evidence, survey waves and printed documents live. A local folder by default; with several
# app servers, an S3-compatible store (MinIO, Ceph, AWS) through django-storages (the ``s3`` extra).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if os.environ.get("PARINDEX_STORAGE", "local") == "s3":
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": os.environ.get("PARINDEX_S3_BUCKET", ""),
        "endpoint_url": os.environ.get("PARINDEX_S3_ENDPOINT") or None,
        "region_name": os.environ.get("PARINDEX_S3_REGION") or None,
        "access_key": os.environ.get("PARINDEX_S3_ACCESS_KEY") or None,
        "secret_key": os.environ.get("PARINDEX_S3_SECRET_KEY") or None,
        "default_acl": "private", "querystring_auth": True, "file_overwrite": False,
    }}

# Uploads (bytes): one evidence file, one survey wave, and any request at all (refused unread, 413).
EVIDENCE_MAX_BYTES = 20 * 1024 * 1024
SURVEY_WAVE_MAX_BYTES = 50 * 1024 * 1024
PARINDEX_MAX_REQUEST_BYTES = int(os.environ.get("PARINDEX_MAX_REQUEST_BYTES", SURVEY_WAVE_MAX_BYTES + 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # HTMX reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Printed documents (PDF reports, the workbook, rank intervals) are made once, after publication:
# "thread" — by a thread of the server that published; "watcher" — by `manage.py print_documents
# --watch` (bin/serve runs it). Any not yet printed is printed by the first request for it.
PARINDEX_PRINTER = os.environ.get("PARINDEX_PRINTER", "thread")
# The service index's records (Decision 766): a directory of Parquet files, with the daily aggregates
# and the public dashboard's board kept beside them; or an object store's URL (s3://bucket/services),
# options in PARINDEX_SERVICES_STORE_OPTIONS and the derived files in PARINDEX_SERVICES_WORKDIR on
# this machine (docs/services.md).
_SERVICES_STORE = os.environ.get("PARINDEX_SERVICES_STORE", str(DATA_DIR / "services"))
PARINDEX_SERVICES_STORE: str | Path = _SERVICES_STORE if is_url(_SERVICES_STORE) else Path(_SERVICES_STORE)
# Per-client limit on document downloads (django-ratelimit, counted in the shared database cache).
PARINDEX_DOCUMENT_RATE = os.environ.get("PARINDEX_DOCUMENT_RATE", "60/m")
# Records pushed by one-stop systems (/api/v1/services/…): batches per sending system, and the largest
# body (10,000 dossiers are about 5 MB of JSON).
PARINDEX_PUSH_RATE = os.environ.get("PARINDEX_PUSH_RATE", "120/m")
PARINDEX_PUSH_MAX_BYTES = int(os.environ.get("PARINDEX_PUSH_MAX_BYTES", 12 * 1024 * 1024))
# After a pushed batch is stored, the dashboard's board is rebuilt: "thread" — while the answer goes
# back (the next page waits for it); "request" — before answering.
PARINDEX_PUSH_BOARD = os.environ.get("PARINDEX_PUSH_BOARD", "thread")
# The name and logo the portal and the back office show (a static file path, or empty for none).
PARINDEX_SITE_NAME_VI = os.environ.get("PARINDEX_SITE_NAME_VI", "Chỉ số cải cách hành chính")
PARINDEX_SITE_NAME_EN = os.environ.get("PARINDEX_SITE_NAME_EN", "Public Administration Reform Index")
PARINDEX_LOGO = os.environ.get("PARINDEX_LOGO", "parindex/logo.svg")
# The address people open (for links in emails sent from commands, e.g. send_reminders).
PARINDEX_SITE_URL = os.environ.get("PARINDEX_SITE_URL", "http://127.0.0.1:8000")
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "parindex_cache"}}

# Errors go to stderr as one JSON object per line (what journald, Docker and log shippers read);
# with PARINDEX_ADMINS ("Name <mail>, ...") they are also mailed.
ADMINS = [tuple(part.strip().rstrip(">").split("<")) for part in os.environ.get("PARINDEX_ADMINS", "").split(",") if "<" in part]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "pythonjsonlogger.json.JsonFormatter",
                            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s", "rename_fields": {"asctime": "time"}}},
    "filters": {"production": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "formatter": "json"},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR", "filters": ["production"]},
    },
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {
        "django": {"handlers": ["mail_admins"] if ADMINS else [], "level": "INFO"},
        "parindex": {"handlers": ["mail_admins"] if ADMINS else [], "level": "INFO"},
    },
}
