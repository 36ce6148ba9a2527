"""The demo and development: SQLite in ./var, a throwaway key.

Debug pages are off unless PARINDEX_DEBUG=1: whoever tries the demo meets the product's own pages
(a 404 in Vietnamese, not Django's technical page in English, with the site's URL patterns)."""
import os

from parindex.web.settings.base import *  # noqa: F403

DEBUG = os.environ.get("PARINDEX_DEBUG") == "1"
SECRET_KEY = "dev-only-not-secret"  # noqa: S105 — never used in production (prod requires its own)
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DATA_DIR.mkdir(parents=True, exist_ok=True)  # noqa: F405
WHITENOISE_USE_FINDERS = True  # serve the package's static files without collectstatic
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"  # the demo prints reset links instead of mailing them
