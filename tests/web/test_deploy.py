"""Production settings pass Django's deployment checklist and keep secrets out of the repository."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {**env, "DJANGO_SETTINGS_MODULE": "parindex.web.settings.prod", "PARINDEX_DATA_DIR": str(tmp_path),
           "PARINDEX_SECRET_KEY": "x" * 20 + os.urandom(24).hex(), "PARINDEX_ALLOWED_HOSTS": "parindex.example.gov.vn"}
    done = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_production_refuses_to_start_without_its_secret(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("PARINDEX_")}
    env.update(DJANGO_SETTINGS_MODULE="parindex.web.settings.prod", PARINDEX_DATA_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode != 0 and "PARINDEX_SECRET_KEY" in done.stderr


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str, host: str):
    import urllib.error
    import urllib.request

    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Host": host, "X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 — loopback only
            return response.status, response.read().decode("utf-8", "replace"), response.headers
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode("utf-8", "replace"), err.headers


def test_production_settings_serve_pages_under_gunicorn(tmp_path):
    """collectstatic, then gunicorn with settings.prod: login, ranking, scorecard, API docs and their
    hashed static files all answer 200, /healthz sees the database and store, and errors are JSON lines."""
    import json
    import re
    import time

    host = "parindex.example.gov.vn"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PARINDEX_", "DJANGO_"))}
    env.update(DJANGO_SETTINGS_MODULE="parindex.web.settings.prod", PARINDEX_DATA_DIR=str(tmp_path),
               PARINDEX_SECRET_KEY="x" * 20 + os.urandom(24).hex(), PARINDEX_ALLOWED_HOSTS=host)
    for step in (["migrate", "--noinput", "-v0"], ["seed_demo"], ["collectstatic", "--noinput", "-v0"]):
        done = subprocess.run([sys.executable, "manage.py", *step], cwd=ROOT, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
    port = _free_port()
    log = open(tmp_path / "gunicorn.log", "w+")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "parindex.web.wsgi:application", "--bind", f"127.0.0.1:{port}",
                               "--workers", "2"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                status, body, _ = _get(port, "/healthz", host)
                break
            except OSError:
                time.sleep(0.3)
        assert (status, json.loads(body)) == (200, {"status": "ok", "database": "ok", "storage": "ok", "records": "ok"})

        status, login, _ = _get(port, "/accounts/login/", host)
        assert status == 200 and "Đăng nhập" in login
        stylesheet = re.search(r'href="(/static/parindex/app\.[0-9a-f]{12}\.css)"', login).group(1)
        status, css, headers = _get(port, stylesheet, host)
        assert status == 200 and "max-age=315360000" in headers.get("Cache-Control", "")

        status, results, _ = _get(port, "/results/", host)
        slug = re.search(r'href="/results/([\w-]+)/bundle\.zip"', results) or re.search(r'/results/([\w-]+)/', results)
        status, ranking, _ = _get(port, f"/results/{slug.group(1)}/", host)
        assert status == 200 and "<table" in ranking
        unit = re.search(rf'href="(/results/{slug.group(1)}/units/[^/"]+/)"', ranking).group(1)
        status, scorecard, _ = _get(port, unit, host)
        assert status == 200 and "<table" in scorecard

        status, docs, _ = _get(port, "/api/v1/docs", host)
        assert status == 200 and "swagger" in docs.lower() and "cdn" not in docs.lower()
        swagger = re.search(r'src="(/static/ninja/swagger-ui-bundle\.[0-9a-f]{12}\.js)"', docs).group(1)
        assert _get(port, swagger, host)[0] == 200

        assert _get(port, "/no-such-page/", host)[0] == 404
    finally:
        server.terminate()
        server.wait(timeout=30)
    log.seek(0)
    records = [json.loads(line) for line in log if line.startswith("{")]
    assert any(r.get("name") == "django.request" and r.get("status_code") == 404 for r in records)
