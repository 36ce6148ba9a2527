"""Does the production server hold under load? Three measurements against gunicorn (settings
``parindex.web.settings.bench``: DEBUG off, as many sync workers as ``bin/serve`` starts, 2 × cores
+ 1, or ``PARINDEX_WORKERS``) on a free loopback port, with the demo
seeded into a throwaway database. Everything is bounded in time and runs on 127.0.0.1 only.

1. **20 concurrent editors for 30 s** (``--seconds`` to change). The demo's 2025 cycle is in final
   appraisal, so nothing in it is editable; the benchmark adds a cycle of the 34 provinces for the
   next year, moves it to self-assessment (every assessment in draft), and gives each of 20 editor
   accounts (one Membership per province) an API token. Each editor, in its own thread, loops over
   ``GET /api/v1/assessments/{pk}`` (the entry's current version) → ``PUT /api/v1/entries/{pk}/inputs``
   with new inputs and that version. A 503 (database busy) is counted as "busy, retried" and tried
   again. At the end every entry's version is read from the database: with one editor per entry it
   must equal the starting version plus the number of 200 answers to a PUT — "zero lost updates".
   Targets: no 500, zero lost updates.
2. **The ranking page** of the demo's latest published cycle (``/results/<slug>/``): median and p99
   at concurrency 1, 10 and 50 (each 200 requests or 10 s, whichever ends first), as a ratio to the
   login page's median at concurrency 1 measured in the same run (the floor).
3. **The ranking under PDF load**: four clients fetch the PDF reports without pause while the ranking
   is measured at concurrency 1 (200 requests or 10 s), twice: "kept" — ``report.pdf`` and
   ``units/31.pdf``, printed once beforehand and then served from the store as files — and
   "printing" — ``report.pdf`` and ``units/<code>.pdf`` cycling through the other units, of which
   those no printer has reached yet are printed by the first request (the demo is seeded by a
   separate process, so no printer thread runs here). The kept PDFs are fetched twice: without
   pause (closed loop: four workers busy on two cores whatever a PDF costs) and at one a second
   each, the most the portal's per-client limit lets a client fetch. Target: median at most 2× idle.

Prints a table, then exits non-zero if any request got a 500 or any update was lost.
On SQLite (the default) and, with ``--postgres`` or when ``PARINDEX_DATABASE_URL`` points at
PostgreSQL, on PostgreSQL too, in a database created for the run next to the URL's one and dropped
afterwards. Needs ``pip install 'parindex[server,postgres]'``.

Run: ``.venv/bin/python benchmarks/load.py [--seconds 30]``
     ``bin/with-postgres .venv/bin/python benchmarks/load.py --postgres``
"""
from __future__ import annotations

import argparse
import http.client
import itertools
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]
EDITORS = 20
WORKERS = int(os.environ.get("PARINDEX_WORKERS", 2 * (os.cpu_count() or 1) + 1))  # what bin/serve starts
CONCURRENCIES = (1, 10, 50)
PAGE_REQUESTS, PAGE_SECONDS = 200, 10.0
PDF_CLIENTS = 4
DOCUMENTS_PER_MINUTE = 60  # the portal's default per-client download limit (PARINDEX_DOCUMENT_RATE)
REQUEST_TIMEOUT = 90.0  # longer than gunicorn's 60 s worker timeout: a killed worker shows as an error, not a hang
BUSY_PAUSE = 0.2  # after a 503 the editor tries again this soon (the server's Retry-After says 5 s)
MARK = "LOADJSON "
DEMO_UNIT = "31"  # parindex.web.demo.accounts.DEMO_UNIT (not imported: this process does not set Django up)

# Run inside ``manage.py shell -c``: a cycle in self-assessment, 20 editors with a token each.
SETUP = r'''
import io, json
from django.contrib.auth import get_user_model
from django.core.management import call_command
from parindex.web.cycles.models import Cycle, CycleState as C, Membership, Role
from parindex.web.cycles.setup import create_cycle
from parindex.web.cycles.transitions import advance_cycle

N = __EDITORS__
admin = get_user_model().objects.get(username="admin")
latest = Cycle.objects.order_by("-year").first()
published = Cycle.objects.filter(state=C.PUBLISHED).order_by("-year").first()
cycle = create_cycle(latest.programme, latest.year + 1, latest.methodology_id, f"load-{latest.year + 1}", admin,
                     methodology_text=latest.methodology_yaml)
cycle = advance_cycle(cycle, admin, C.SELF_ASSESSMENT, "load benchmark")
leaf = next(l for l in cycle.methodology.leaves() if l.source != "survey" and not l.is_adjustment
            and len(l.rule.inputs) == 1 and l.rule.inputs[0].kind == "integer"
            and (l.rule.inputs[0].maximum is None or l.rule.inputs[0].maximum >= 30))
assessments = list(cycle.assessments.select_related("unit").order_by("unit__code")[:N])
assert len(assessments) == N, f"only {len(assessments)} units in {cycle.slug}"
editors = []
for i, a in enumerate(assessments):
    user = get_user_model().objects.create_user(f"load-editor-{i:02d}")
    Membership.objects.create(user=user, role=Role.EDITOR, unit=a.unit)
    out = io.StringIO()
    call_command("create_api_token", user.username, "load benchmark", stdout=out)
    entry = a.entries.get(leaf_code=leaf.code)
    editors.append({"user": user.username, "token": out.getvalue().strip(), "assessment": a.pk, "entry": entry.pk,
                    "version": entry.version})
field = leaf.rule.inputs[0]
units = sorted(published.assessments.values_list("unit__code", flat=True))
print("__MARK__" + json.dumps({"cycle": cycle.slug, "leaf": leaf.code, "field": field.name, "minimum": int(field.minimum or 0),
                               "published": published.slug, "units": units, "editors": editors}))
'''.replace("__EDITORS__", str(EDITORS)).replace("__MARK__", MARK)

VERSIONS = r'''
import json
from parindex.web.cycles.models import Entry
ids = __IDS__
print("__MARK__" + json.dumps({str(e.pk): [e.version, e.inputs] for e in Entry.objects.filter(pk__in=ids)}))
'''


# -- plumbing -----------------------------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(port: int, method: str, path: str, body: dict | None = None, token: str | None = None) -> tuple[int, bytes, float]:
    """One request on a fresh connection (gunicorn's sync workers close it after each answer)."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    start = time.perf_counter()
    try:
        conn.request(method, path, body=data, headers=headers)
        response = conn.getresponse()
        payload = response.read()
        return response.status, payload, time.perf_counter() - start
    finally:
        conn.close()


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered) + 0.5) - 1))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def manage(env: dict, *args: str, capture: bool = False) -> str:
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT,
                          capture_output=capture, text=True)
    if done.returncode:
        raise RuntimeError(f"manage.py {args[0]} failed ({done.returncode})" + (f":\n{done.stderr[-3000:]}" if capture else ""))
    return done.stdout if capture else ""


def django_json(env: dict, script: str) -> dict:
    out = manage(env, "shell", "-c", script, capture=True)
    return json.loads(next(line for line in out.splitlines() if line.startswith(MARK))[len(MARK):])


# -- the database and the server ----------------------------------------------------------------------

def prepare_database(env: dict) -> dict:
    """Migrate, seed the demo, collect static files; then the self-assessment cycle and its editors."""
    manage(env, "migrate", "-v0")
    manage(env, "seed_demo", capture=True)
    manage(env, "collectstatic", "--noinput", "-v0")
    return django_json(env, SETUP)


def create_pg_database(url: str) -> str:
    """A fresh database next to the URL's one (same server and user); returns its URL."""
    import psycopg

    parts = urlparse(url)
    name = f"{parts.path.lstrip('/') or 'parindex'}_load_{secrets.token_hex(4)}"
    with psycopg.connect(_pg_admin_dsn(url), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return urlunparse(parts._replace(path=f"/{name}"))


def drop_pg_database(url: str) -> None:
    import psycopg

    with psycopg.connect(_pg_admin_dsn(url), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{urlparse(url).path.lstrip("/")}" WITH (FORCE)')


def _pg_admin_dsn(url: str) -> str:
    return urlunparse(urlparse(url)._replace(path="/postgres"))


def start_server(env: dict, log_path: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    log = open(log_path, "wb")
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "parindex.web.wsgi:application", "-w", str(WORKERS),
                               "-b", f"127.0.0.1:{port}", "--timeout", "60", "--log-level", "warning"],
                              env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}:\n{log_path.read_text(errors='replace')[-3000:]}")
        try:
            if call(port, "GET", "/accounts/login/")[0] == 200:
                return server, port
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 30 s")


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def error_lines(log_path: Path, limit: int = 3) -> list[str]:
    """The last ERROR records of the server's log, each cut to its message and the end of its traceback."""
    out = []
    for line in log_path.read_text(errors="replace").splitlines():
        if "ERROR" not in line and "Traceback" not in line:
            continue
        try:
            rec = json.loads(line)
            tail = "\n      ".join(rec.get("exc_info", "").splitlines()[-6:])
            out.append(f"{rec.get('time', '')} {rec.get('name', '')}: {rec.get('message', '')}\n      {tail}")
        except (ValueError, AttributeError):
            out.append(line[-600:])
    return out[-limit:]


# -- 1. concurrent editors ----------------------------------------------------------------------------

@dataclass
class EditorFigures:
    statuses: Counter = field(default_factory=Counter)
    save_latencies: list[float] = field(default_factory=list)
    saves: Counter = field(default_factory=Counter)  # entry id → 200 answers to a PUT
    unsure: Counter = field(default_factory=Counter)  # entry id → PUTs without an answer (may or may not have landed)
    last_value: dict = field(default_factory=dict)  # entry id → the inputs of its last 200
    requests: int = 0
    busy: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def count(self, what: str, status: int | str) -> None:
        with self.lock:
            self.requests += 1
            self.statuses[f"{what} {status}"] += 1
            self.busy += status == 503


def current_version(port: int, editor: dict, figures: EditorFigures) -> int | None:
    try:
        status, body, _ = call(port, "GET", f"/api/v1/assessments/{editor['assessment']}", token=editor["token"])
    except OSError as err:
        figures.count("GET", type(err).__name__)
        return None
    figures.count("GET", status)
    if status != 200:
        return None
    return next(e["version"] for e in json.loads(body)["entries"] if e["id"] == editor["entry"])


def save(port: int, editor: dict, inputs: dict, version: int, figures: EditorFigures) -> int | None:
    entry = editor["entry"]
    try:
        status, _, seconds = call(port, "PUT", f"/api/v1/entries/{entry}/inputs", {"inputs": inputs, "version": version},
                                  token=editor["token"])
    except OSError as err:
        figures.count("PUT", type(err).__name__)
        with figures.lock:
            figures.unsure[entry] += 1
        return None
    figures.count("PUT", status)
    if status == 200:
        with figures.lock:
            figures.saves[entry] += 1
            figures.save_latencies.append(seconds)
            figures.last_value[entry] = inputs
    return status


def edit_loop(port: int, editor: dict, setup: dict, deadline: float, figures: EditorFigures) -> None:
    for n in itertools.count(1):
        if time.monotonic() >= deadline:
            return
        version = current_version(port, editor, figures)
        if version is None:
            time.sleep(BUSY_PAUSE)
            continue
        if save(port, editor, {setup["field"]: setup["minimum"] + n % 30}, version, figures) == 503:
            time.sleep(BUSY_PAUSE)


def measure_editors(port: int, setup: dict, seconds: float) -> EditorFigures:
    figures = EditorFigures()
    deadline = time.monotonic() + seconds
    threads = [threading.Thread(target=edit_loop, args=(port, e, setup, deadline, figures)) for e in setup["editors"]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return figures


def lost_updates(env: dict, setup: dict, figures: EditorFigures) -> tuple[int, int, int]:
    """(lost, unexplained extra, entries whose stored inputs are not the last saved ones), from the database."""
    stored = django_json(env, VERSIONS.replace("__IDS__", json.dumps([e["entry"] for e in setup["editors"]])).replace("__MARK__", MARK))
    lost = extra = wrong = 0
    for e in setup["editors"]:
        version, inputs = stored[str(e["entry"])]
        expected = e["version"] + figures.saves[e["entry"]]
        lost += max(0, expected - version)
        extra += max(0, version - expected - figures.unsure[e["entry"]])
        if e["entry"] in figures.last_value and not figures.unsure[e["entry"]] and inputs != figures.last_value[e["entry"]]:
            wrong += 1
    return lost, extra, wrong


# -- 2. and 3. pages ----------------------------------------------------------------------------------

@dataclass
class PageFigures:
    times: list[float] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")

    @property
    def p99(self) -> float:
        return percentile(self.times, 99)


def fetch_into(port: int, path: str, figures: PageFigures, lock: threading.Lock) -> None:
    try:
        status, _, seconds = call(port, "GET", path)
    except OSError as err:
        with lock:
            figures.statuses[type(err).__name__] += 1
        return
    with lock:
        figures.statuses[status] += 1
        if status == 200:
            figures.times.append(seconds)


def page_at_concurrency(port: int, path: str, concurrency: int) -> PageFigures:
    """``PAGE_REQUESTS`` requests shared by ``concurrency`` clients, or ``PAGE_SECONDS``, whichever ends first."""
    figures, lock = PageFigures(), threading.Lock()
    tickets = iter(range(PAGE_REQUESTS))
    deadline = time.monotonic() + PAGE_SECONDS

    def client() -> None:
        while time.monotonic() < deadline:
            with lock:
                if next(tickets, None) is None:
                    return
            fetch_into(port, path, figures, lock)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return figures


def warm(port: int, paths: list[str]) -> None:
    """Every worker parses the snapshot once before anything is timed."""
    for path in paths:
        page_figures = PageFigures()
        threads = [threading.Thread(target=fetch_into, args=(port, path, page_figures, threading.Lock()))
                   for _ in range(WORKERS * 3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()


def measure_ranking(port: int, slug: str) -> tuple[PageFigures, dict[int, PageFigures]]:
    """The login page's floor at concurrency 1, then the ranking at each concurrency."""
    warm(port, ["/accounts/login/", f"/results/{slug}/"])
    floor = page_at_concurrency(port, "/accounts/login/", 1)
    return floor, {c: page_at_concurrency(port, f"/results/{slug}/", c) for c in CONCURRENCIES}


def pdf_client(port: int, paths: itertools.cycle, stop: threading.Event, figures: PageFigures, lock: threading.Lock,
               pace: float = 0.0) -> None:
    """Fetch PDFs one after another; with ``pace``, wait that long between them (a client at the
    portal's per-client download limit, 60 a minute by default, fetches one a second)."""
    while not stop.is_set():
        with lock:
            path = next(paths)
        fetch_into(port, path, figures, lock)
        if pace:
            stop.wait(pace)


def ranking_under_pdf_load(port: int, slug: str, pdf_paths: list[str], pace: float = 0.0) -> tuple[PageFigures, PageFigures]:
    """The ranking at concurrency 1 while ``PDF_CLIENTS`` clients fetch ``pdf_paths`` in turn."""
    lock, stop, pdfs = threading.Lock(), threading.Event(), PageFigures()
    paths = itertools.cycle(pdf_paths)
    clients = [threading.Thread(target=pdf_client, args=(port, paths, stop, pdfs, lock, pace)) for _ in range(PDF_CLIENTS)]
    for t in clients:
        t.start()
    time.sleep(0.5)  # the clients are in the workers before the ranking is timed
    ranking = page_at_concurrency(port, f"/results/{slug}/", 1)
    stop.set()
    for t in clients:
        t.join()
    return ranking, pdfs


def measure_pdf_load(port: int, slug: str, units: list[str]) -> dict[str, tuple[PageFigures, PageFigures]]:
    """Kept PDFs (printed in every worker first, then served from memory), then PDFs printed on demand."""
    unit = DEMO_UNIT if DEMO_UNIT in units else units[0]
    kept = [f"/results/{slug}/report.pdf", f"/results/{slug}/units/{unit}.pdf"]
    for path in kept:  # WORKERS requests at once land in WORKERS different sync workers, each printing its copy
        print_figures, lock = PageFigures(), threading.Lock()
        threads = [threading.Thread(target=fetch_into, args=(port, path, print_figures, lock)) for _ in range(WORKERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    printing = [p for code in units if code != unit for p in (kept[0], f"/results/{slug}/units/{code}.pdf")]
    return {"kept": ranking_under_pdf_load(port, slug, kept),
            "kept, 1/s each": ranking_under_pdf_load(port, slug, kept, pace=60 / DOCUMENTS_PER_MINUTE),
            "printing": ranking_under_pdf_load(port, slug, printing)}


# -- one backend, the report ----------------------------------------------------------------------------

@dataclass
class Run:
    backend: str
    setup: dict
    editors: EditorFigures
    lost: tuple[int, int, int]
    floor: PageFigures
    ranking: dict[int, PageFigures]
    pdf_load: dict[str, tuple[PageFigures, PageFigures]]  # "kept" / "printing" → (ranking, PDFs)
    seconds: float
    errors: list[str]

    @property
    def server_errors(self) -> int:
        """Answers of 500 and up, except 503 (busy: nothing was written, the client may retry)."""
        pages = [self.floor, *self.ranking.values(), *(f for pair in self.pdf_load.values() for f in pair)]
        return sum(server_errors(c) for c in [self.editors.statuses, *(p.statuses for p in pages)])


def server_errors(statuses: Counter) -> int:
    codes = ((str(key).split()[-1], n) for key, n in statuses.items())
    return sum(n for code, n in codes if code.isdigit() and int(code) >= 500 and int(code) != 503)


def run_backend(backend: str, env: dict, seconds: float, data_dir: Path) -> Run:
    print(f"[{backend}] seeding the demo…", flush=True)
    setup = prepare_database(env)
    log_path = data_dir / "gunicorn.log"
    server, port = start_server(env, log_path)
    try:
        print(f"[{backend}] {EDITORS} editors on {setup['cycle']} leaf {setup['leaf']} for {seconds:g} s…", flush=True)
        editors = measure_editors(port, setup, seconds)
        print(f"[{backend}] ranking of {setup['published']} at concurrency {', '.join(map(str, CONCURRENCIES))}…", flush=True)
        floor, ranking = measure_ranking(port, setup["published"])
        print(f"[{backend}] ranking under {PDF_CLIENTS} PDF clients (kept, then printing)…", flush=True)
        pdf_load = measure_pdf_load(port, setup["published"], setup["units"])
    finally:
        stop_server(server)
    run = Run(backend, setup, editors, lost_updates(env, setup, editors), floor, ranking, pdf_load, seconds, [])
    if run.server_errors:
        run.errors = error_lines(log_path)
    return run


def report(run: Run) -> None:
    e, (lost, extra, wrong) = run.editors, run.lost
    idle = run.ranking[1].median
    print(f"\n== {run.backend} ({WORKERS} gunicorn workers) ==")
    saves = sum(e.saves.values())
    print(f"editors: {EDITORS} × GET version → PUT inputs, {e.requests} requests, {saves} saves, "
          f"{saves / run.seconds:.1f} saves/s")
    print("  statuses: " + ", ".join(f"{k} ×{n}" for k, n in sorted(e.statuses.items())))
    print(f"  503 busy, retried: {e.busy}   500s and other 5xx: {server_errors(e.statuses)}")
    print(f"  save latency (200 answers): p50 {ms(percentile(e.save_latencies, 50))}, p99 {ms(percentile(e.save_latencies, 99))}")
    print(f"  lost updates: {lost}   unexplained extra versions: {extra}   entries not holding their last save: {wrong}"
          + (f"   PUTs without an answer: {sum(e.unsure.values())}" if e.unsure else ""))
    print(f"{'page':34s}{'n':>5s}{'median':>11s}{'p99':>11s}{'× floor':>9s}  statuses")
    rows = [("login (floor), c=1", run.floor), *((f"ranking, c={c}", f) for c, f in run.ranking.items())]
    for kind, (ranking, pdfs) in run.pdf_load.items():
        rows += [(f"ranking, c=1, PDFs {kind}", ranking), (f"  PDFs {kind} ({PDF_CLIENTS} clients)", pdfs)]
    for name, f in rows:
        print(f"{name:34s}{len(f.times):5d}{ms(f.median):>11s}{ms(f.p99):>11s}{f.median / run.floor.median:8.1f}×  "
              + ", ".join(f"{k}×{n}" for k, n in sorted(f.statuses.items(), key=str)))
    for kind, (ranking, _) in run.pdf_load.items():
        ratio = ranking.median / idle
        print(f"ranking under PDF load ({kind}): median {ms(ranking.median)} = {ratio:.1f}× the idle {ms(idle)} "
              f"(target ≤ 2×: {'met' if ratio <= 2 else 'NOT met'})")
    if run.errors:
        print("last errors in gunicorn's log:")
        for line in run.errors:
            print("  " + line)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0, help="how long the editors edit (default 30)")
    parser.add_argument("--postgres", action="store_true", help="also on PostgreSQL (PARINDEX_DATABASE_URL)")
    args = parser.parse_args()
    pg_url = os.environ.get("PARINDEX_DATABASE_URL", "")
    if args.postgres and not pg_url.startswith("postgres"):
        parser.error("--postgres needs PARINDEX_DATABASE_URL=postgres://…; run under bin/with-postgres")
    base = {k: v for k, v in os.environ.items() if k != "PARINDEX_DATABASE_URL"}
    base["DJANGO_SETTINGS_MODULE"] = "parindex.web.settings.bench"
    base["PARINDEX_DOCUMENT_RATE"] = "100000/m"  # the per-client download limit would throttle the PDF clients, all on 127.0.0.1
    runs = []
    with tempfile.TemporaryDirectory() as data:
        env = {**base, "PARINDEX_DATA_DIR": str(Path(data) / "sqlite")}
        Path(env["PARINDEX_DATA_DIR"]).mkdir()
        runs.append(run_backend("SQLite", env, args.seconds, Path(env["PARINDEX_DATA_DIR"])))
        if pg_url.startswith("postgres"):
            url = create_pg_database(pg_url)
            try:
                env = {**base, "PARINDEX_DATA_DIR": str(Path(data) / "pg"), "PARINDEX_DATABASE_URL": url}
                Path(env["PARINDEX_DATA_DIR"]).mkdir()
                runs.append(run_backend("PostgreSQL", env, args.seconds, Path(env["PARINDEX_DATA_DIR"])))
            finally:
                drop_pg_database(url)
        for run in runs:
            report(run)
    failed = [r.backend for r in runs if r.server_errors or r.lost[0] or r.lost[2]]
    print("\nresult:", "FAILED on " + ", ".join(failed) + " (500s or lost updates)" if failed else "no 500, zero lost updates")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
