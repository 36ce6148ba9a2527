"""Prove the README's run command on a fresh clone: clone, ``./bin/run``, wait for the home page,
log in as a demo account with the password it printed, open a page only that account sees,
download the published national report (printed once, in the background), see the service index's
dashboard rank the demo's dossiers, stop.

Standard library only, so it runs before anything is installed:
``python3 scripts/smoke_run.py [--port 8765] [--timeout 900]``. Exit status 0 means it worked.
"""
from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ACCOUNT = re.compile(r"^\s+(admin)\s+(\S+)\s", re.M)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--timeout", type=float, default=900)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="parindex-fresh-") as tmp:
        clone = Path(tmp) / "parindex"
        subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
        log_path = Path(tmp) / "run.log"
        with log_path.open("w") as log:
            env = {k: v for k, v in os.environ.items() if not k.startswith(("PARINDEX_", "DJANGO_", "VIRTUAL_ENV"))}
            server = subprocess.Popen(["./bin/run"], cwd=clone, stdout=log, stderr=subprocess.STDOUT,
                                      env={**env, "PORT": str(args.port)}, start_new_session=True)
            try:
                return check(server, log_path, args.port, time.monotonic() + args.timeout)
            finally:
                os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)


def check(server: subprocess.Popen, log_path: Path, port: int, deadline: float) -> int:
    base = f"http://127.0.0.1:{port}"
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return fail(f"./bin/run stopped with status {server.returncode}", log_path)
        try:
            with urllib.request.urlopen(base + "/", timeout=10) as home:
                if home.status == 200:
                    break
        except OSError:
            time.sleep(2)
    else:
        return fail("the home page did not answer in time", log_path)
    found = ACCOUNT.search(log_path.read_text())
    if not found:
        return fail("./bin/run printed no demo account", log_path)
    jar = http.cookiejar.CookieJar()
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    form = browser.open(base + "/accounts/login/", timeout=30).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    body = urllib.parse.urlencode({"username": found.group(1), "password": found.group(2),
                                   "csrfmiddlewaretoken": token, "next": "/"}).encode()
    request = urllib.request.Request(base + "/accounts/login/", body, headers={"Referer": base + "/accounts/login/"})
    page = browser.open(request, timeout=60)
    text = page.read().decode()
    if page.url.rstrip("/").endswith("/accounts/login") or found.group(1) not in text:
        return fail(f"logging in as {found.group(1)} did not work (ended on {page.url})", log_path)
    ranking = browser.open(base + "/results/", timeout=60)
    slug = ranking.url.rstrip("/").rsplit("/", 1)[-1]
    report = base + f"/results/{slug}/report.pdf"
    while time.monotonic() < deadline:  # printed in the background after the demo's publication, or on this request
        try:
            with browser.open(report, timeout=120) as pdf:
                if pdf.read(5) == b"%PDF-":
                    break
        except urllib.error.HTTPError as err:
            if err.code != 503:
                return fail(f"{report} answered {err.code}", log_path)
            time.sleep(3)
    else:
        return fail(f"{report} was not ready in time", log_path)
    with urllib.request.urlopen(base + "/services/", timeout=60) as services:  # the demo's dossiers, ranked on the first run
        if 'id="ranking-province"' not in services.read().decode():
            return fail("/services/ shows no ranking of the provinces", log_path)
    print(f"smoke: ./bin/run on a fresh clone serves {base}/, {found.group(1)} logged in, the printed report downloads, "
          "/services/ ranks the demo's dossiers")
    return 0


def fail(why: str, log_path: Path) -> int:
    print(f"smoke: {why}\n--- last lines of ./bin/run ---", file=sys.stderr)
    print("\n".join(log_path.read_text().splitlines()[-40:]), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
