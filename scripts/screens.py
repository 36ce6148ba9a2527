"""Take the screenshots under docs/screens/: what the product looks like, for a reader of the README.

The ranking, a unit's scorecard, the map and a unit's data-entry page, in Vietnamese, on a desktop
(1366 × 900) and a phone (390 × 844), from the demo exactly as ``./bin/run`` serves it: a fresh
SQLite database in a temporary folder, the demo seeded, the development server, Debian's chromium.

    .venv/bin/python scripts/screens.py [--out docs/screens]

Run it again after a change to the pages and commit the pictures with the change.
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
ACCOUNT = re.compile(r"^\s+(\w+)\s+(\S+)\s", re.M)
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screens")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="parindex-screens-") as data:
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "parindex.web.settings.dev", "PARINDEX_DATA_DIR": data,
               "PARINDEX_PRINTER": "watcher"}
        manage = [sys.executable, str(ROOT / "manage.py")]
        subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
        seeded = subprocess.run([*manage, "seed_demo"], env=env, check=True, cwd=ROOT, capture_output=True, text=True).stdout
        passwords = dict(ACCOUNT.findall(seeded))
        port = free_port()
        server = subprocess.Popen([*manage, "runserver", f"127.0.0.1:{port}", "--noreload"], env=env, cwd=ROOT,
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        try:
            base = f"http://127.0.0.1:{port}"
            wait_for(base)
            shoot(base, passwords["bientap"], args.out)
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
    print(f"screenshots in {args.out}")
    return 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(base: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(base + "/", timeout=5):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server at {base} did not answer in {seconds:.0f} s")


def shoot(base: str, editor_password: str, out: Path) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        for size, viewport in SIZES.items():
            visitor = browser.new_context(locale="vi-VN", viewport=viewport).new_page()
            visitor.goto(base + "/")
            ranking = visitor.locator("main li a[href^='/results/'][href$='/']:not([href*='/units/'])").first.get_attribute("href")
            save(visitor, base + ranking, out / f"ranking-{size}.png")
            scorecard = visitor.locator("#ranking tbody a[href*='/units/']").first.get_attribute("href")
            save(visitor, base + scorecard, out / f"scorecard-{size}.png")
            save(visitor, base + ranking + "map/", out / f"map-{size}.png")
            editor = browser.new_context(locale="vi-VN", viewport=viewport).new_page()
            editor.goto(base + "/accounts/login/")
            editor.fill("input[name=username]", "bientap")
            editor.fill("input[name=password]", editor_password)
            editor.click("form button[type=submit], form input[type=submit]")
            editor.goto(base + "/work/")
            entry = max(editor.locator("a[href^='/assessments/']").evaluate_all("links => links.map(a => a.getAttribute('href'))"),
                        key=lambda href: int(re.sub(r"\D", "", href)))  # the newest year's file
            save(editor, base + entry, out / f"data-entry-{size}.png", screens=2)
        browser.close()


def save(page: Page, url: str, path: Path, screens: int = 3) -> None:
    """The page once every chart is drawn, its first ``screens`` screens (a scorecard of 96 criteria is 30 screens long)."""
    page.goto(url)
    page.wait_for_load_state("networkidle")
    for chart in page.locator("[data-spec]").all():
        page.wait_for_function("el => el.dataset.drawn", arg=chart.element_handle())
    viewport = page.viewport_size or SIZES["desktop"]
    height = min(page.evaluate("document.documentElement.scrollHeight"), viewport["height"] * screens)
    page.screenshot(path=str(path), full_page=True, clip={"x": 0, "y": 0, "width": viewport["width"], "height": height})
    print(f"{path.name}: {url}")


if __name__ == "__main__":
    raise SystemExit(main())
