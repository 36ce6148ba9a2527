"""Schemathesis against the running app: generated requests for every operation, anonymously and
as an administrator, a unit editor and an appraiser — each with a token and with a session — and
no server error, no answer outside its schema, no undocumented status or content type.

Budget: a fixed seed, ``MAX_EXAMPLES`` examples per operation and phase (examples, coverage,
fuzzing, stateful), seven identities: about 6,000 requests, two to four minutes on two cores.
Marked ``fuzz`` so that ``./bin/test -m "not fuzz"`` skips it locally; ``./bin/test`` runs it.
"""
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = Path(__file__).with_name("schemathesis.toml")
SEED, MAX_EXAMPLES = 2026, 25
ROLES = {"admin": "admin", "editor": "bientap", "appraiser": "thamdinh"}

CREDENTIALS = r"""
import django, json, secrets
django.setup()
from django.conf import settings
from django.contrib.auth import get_user_model, HASH_SESSION_KEY, SESSION_KEY, BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.management import call_command
import io
out = {}
for role, username in json.loads(__import__("sys").argv[1]).items():
    user = get_user_model().objects.get(username=username)
    buffer = io.StringIO()
    call_command("create_api_token", username, "fuzz", stdout=buffer)
    session = SessionStore()
    session[SESSION_KEY], session[BACKEND_SESSION_KEY] = str(user.pk), "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    out[role] = {"token": buffer.getvalue().split()[-1], "session": session.session_key, "csrf": secrets.token_hex(16)}
print(json.dumps(out))
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import json

    data = tmp_path_factory.mktemp("fuzz")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PARINDEX_", "DJANGO_"))}
    env.update(DJANGO_SETTINGS_MODULE="parindex.web.settings.bench", PARINDEX_DATA_DIR=str(data), PARINDEX_PRINTER="request")
    for step in (["migrate", "--noinput", "-v0"], ["seed_demo"], ["collectstatic", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *step], cwd=ROOT, env=env, check=True, capture_output=True)
    made = subprocess.run([sys.executable, "-c", CREDENTIALS, json.dumps(ROLES)], cwd=ROOT, env=env, check=True,
                          capture_output=True, text=True)
    credentials = json.loads(made.stdout.strip().splitlines()[-1])
    port = _free_port()
    log = open(data / "gunicorn.log", "w")
    process = subprocess.Popen([sys.executable, "-m", "gunicorn", "parindex.web.wsgi:application", "--bind", f"127.0.0.1:{port}",
                                "--workers", "2", "--timeout", "120"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=5)  # noqa: S310 — loopback only
            break
        except OSError:
            time.sleep(0.3)
    yield base, credentials, data / "gunicorn.log"
    process.terminate()
    process.wait(timeout=30)


def config_for(identity: str, credentials: dict, folder: Path) -> tuple[Path, list[str]]:
    """The config file and extra options for one identity. A token is given to Schemathesis as the
    OpenAPI scheme it is, so its ``ignored_auth`` check can take it away and expect a 401. A session
    travels as a Cookie header with its CSRF token, which Schemathesis cannot strip: those runs
    skip ``ignored_auth`` (the token runs cover it) and do not generate bearer tokens of their own."""
    text, options = CONFIG.read_text(encoding="utf-8"), []
    if identity != "anonymous":
        role, kind = identity.split(" with a ")
        c = credentials[role]
        if kind == "token":
            text = f'[auth.openapi.TokenAuth]\nbearer = "{c["token"]}"\n\n' + text
        else:
            text = "[generation]\nwith-security-parameters = false\n\n" + text
            options = ["-H", f"Cookie: sessionid={c['session']}; csrftoken={c['csrf']}", "-H", f"X-CSRFToken: {c['csrf']}",
                       "--exclude-checks", "ignored_auth"]
    path = folder / f"schemathesis-{identity.replace(' ', '-')}.toml"
    path.write_text(text, encoding="utf-8")
    return path, options


IDENTITIES = ["anonymous", *(f"{role} with a {kind}" for role in ROLES for kind in ("token", "session"))]


@pytest.mark.fuzz
@pytest.mark.sqlite_only
@pytest.mark.parametrize("identity", IDENTITIES)
def test_schemathesis_finds_no_broken_contract(server, identity, tmp_path):
    base, credentials, log = server
    config, options = config_for(identity, credentials, tmp_path)
    command = [str(Path(sys.executable).with_name("st")), "--config-file", str(config), "--no-color", "run",
               f"{base}/api/v1/openapi.json", "--seed", str(SEED), "--max-examples", str(MAX_EXAMPLES),
               "--phases", "examples,coverage,fuzzing,stateful", "--checks", "all", "--continue-on-failure",
               "--request-timeout", "60", *options]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    errors = [line for line in log.read_text().splitlines() if '"levelname": "ERROR"' in line][-5:]
    assert done.returncode == 0, done.stdout[-6000:] + "\n".join(errors)
