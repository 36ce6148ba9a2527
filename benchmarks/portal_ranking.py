"""Is the ranking page fast under the production server? The 63-province ranking of the demo's
published 2024 cycle, served by gunicorn (2 workers, DEBUG off) on loopback.

Prints the median and 90th percentile of 200 sequential requests, and the ratio against the same
server answering a page that touches no snapshot (the login page) as the baseline; then the same
for the map and a scorecard (with the weight of page, scripts and styles, plain and as sent compressed), and the PDF reports.
Target: median under 100 ms. Needs ``pip install 'parindex[server]'``.
Run: ``.venv/bin/python benchmarks/portal_ranking.py``.
"""
from __future__ import annotations

import contextlib
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REQUESTS = 200


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def served(env: dict, cwd: Path, timeout: int = 30) -> Iterator[str]:
    """Two gunicorn workers serving the production settings in ``env`` on a free port; yields the
    base URL once the login page answers, and stops them after."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "parindex.web.wsgi:application", "-w", "2", "-b",
                               f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", str(timeout)], env=env, cwd=cwd)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/accounts/login/").read()
                break
            except OSError:
                time.sleep(0.1)
        yield base
    finally:
        server.terminate()
        server.wait()


def timings(url: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        start = time.perf_counter()
        with urllib.request.urlopen(url) as response:
            response.read()
        out.append(time.perf_counter() - start)
    return out


def fetched(url: str, compressed: bool) -> int:
    """Bytes on the wire: as a browser asks (Brotli or gzip, which whitenoise serves precompressed) or plain."""
    headers = {"Accept-Encoding": "br, gzip"} if compressed else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
        return len(response.read())


def weight(url: str) -> tuple[int, int, int]:
    """Bytes of the page, and of the scripts and style sheets it loads — plain and as sent compressed
    (all served by us; nothing from a CDN). A page without a chart loads no Vega."""
    page = urllib.request.urlopen(url).read()
    base = url.split("/results/")[0]
    assets = [src.decode() for src in re.findall(rb'<(?:script src|link rel="stylesheet" href)="([^"]+)"', page)]
    return len(page), sum(fetched(base + a, False) for a in assets), sum(fetched(base + a, True) for a in assets)


def kb(size: tuple[int, int, int]) -> str:
    page, assets, sent = size
    return f"{page / 1024:.0f} KB HTML + {assets / 1024:.0f} KB scripts and styles ({sent / 1024:.0f} KB as sent compressed)"


def main() -> None:
    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory() as data:
        env = {**os.environ, "PARINDEX_DATA_DIR": data, "DJANGO_SETTINGS_MODULE": "parindex.web.settings.bench"}
        manage = [sys.executable, str(root / "manage.py")]
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
        subprocess.run([*manage, "seed_demo"], env=env, check=True, capture_output=True)
        subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True)
        with served(env, root) as base:
            timings(f"{base}/results/par-province-2024/", 10)  # warm both workers
            ranking = timings(f"{base}/results/par-province-2024/", REQUESTS)
            baseline = timings(f"{base}/accounts/login/", REQUESTS)
            others = {name: (timings(f"{base}{path}", n), weight(f"{base}{path}") if n > 5 else None) for name, path, n in [
                ("map page, 63 provinces", "/results/par-province-2024/map/", 50),
                ("scorecard, with trend", "/results/par-province-2024/units/31/", 50),
                ("national PDF report", "/results/par-province-2024/report.pdf", 5),
                ("unit PDF report", "/results/par-province-2024/units/31.pdf", 5)]}
            ranking_weight = weight(f"{base}/results/par-province-2024/")
    median, baseline_median = statistics.median(ranking), statistics.median(baseline)
    p90 = statistics.quantiles(ranking, n=10)[-1]
    print(f"ranking page, 63 provinces: median {median * 1000:.1f} ms, p90 {p90 * 1000:.1f} ms over {REQUESTS} requests")
    print(f"login page (baseline):      median {baseline_median * 1000:.1f} ms   ratio {median / baseline_median:.1f}×")
    print("target: median < 100 ms —", "met" if median < 0.1 else "NOT met")
    print(f"ranking page weight: {kb(ranking_weight)}")
    for name, (times, size) in others.items():
        m = statistics.median(times)
        extra = (f", {kb(size)}" if size else
                 f", first request (printing) {times[0] * 1000:.0f} ms, then kept per process")
        print(f"{name + ':':28s}median {m * 1000:.1f} ms ({m / baseline_median:.1f}× baseline){extra}")


if __name__ == "__main__":
    main()
