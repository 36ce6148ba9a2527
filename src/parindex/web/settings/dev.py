"""The demo and development: SQLite in ./var, debug on, a throwaway key."""
from parindex.web.settings.base import *  # noqa: F403

DEBUG = True
SECRET_KEY = "dev-only-not-secret"  # noqa: S105 — never used in production (prod requires its own)
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DATA_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
WHITENOISE_USE_FINDERS = True  # serve the package's static files without collectstatic
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"  # the demo prints reset links instead of mailing them
