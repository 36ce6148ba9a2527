"""The fixed cast of the web tests: one person per role, units A (Hải Phòng) and B (Hà Nội), and a
small cycle under tests/data/valid-small.yaml. Each test moves the cycle to the stage it needs."""
from __future__ import annotations

import io
import os
import shutil
import zipfile
from datetime import date

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from parindex.core.methodology import builtin_path
from parindex.core.services import board
from parindex.core.services.generator import Units, generate
from parindex.web.cycles.models import Assessment, Cycle, CycleState, Entry, Membership, Programme, Role, Unit
from parindex.web.cycles.setup import create_cycle, load_units
from parindex.web.services import pages as service_pages
from tests.conftest import DATA

SMALL = (DATA / "valid-small.yaml").read_text(encoding="utf-8")
CAST = ["admin", "editor_a", "approver_a", "editor_b", "appraiser_a", "council", "survey", "anonymous"]


@pytest.fixture
def units(db):
    load_units()
    return {"A": Unit.objects.get(uid="VN-31-2025"), "B": Unit.objects.get(uid="VN-01")}


@pytest.fixture
def people(db, units):
    User = get_user_model()
    roles = {"admin": (Role.ADMIN, None), "editor_a": (Role.EDITOR, "A"), "approver_a": (Role.APPROVER, "A"),
             "editor_b": (Role.EDITOR, "B"), "appraiser_a": (Role.APPRAISER, "A"), "council": (Role.COUNCIL, None),
             "survey": (Role.SURVEY_MANAGER, None)}
    out = {}
    for name, (role, unit) in roles.items():
        user = User.objects.create_user(name, password="pw")
        Membership.objects.create(user=user, role=role, unit=units[unit] if unit else None)
        out[name] = user
    out["anonymous"] = None
    return out


@pytest.fixture
def cycle(db, units, people) -> Cycle:
    programme = Programme.objects.create(code="par-province", name_vi="PAR tỉnh", name_en="Provincial PAR", unit_kind="province")
    return create_cycle(programme, 2025, "test-small", "test-2025", people["admin"], methodology_text=SMALL)


def at_stage(cycle: Cycle, state: str) -> Cycle:
    Cycle.objects.filter(pk=cycle.pk).update(state=state)
    cycle.refresh_from_db()
    return cycle


def assessment_of(cycle: Cycle, unit: Unit) -> Assessment:
    return Assessment.objects.get(cycle=cycle, unit=unit)


def entry_of(cycle: Cycle, unit: Unit, leaf: str) -> Entry:
    return Entry.objects.get(assessment__cycle=cycle, assessment__unit=unit, leaf_code=leaf)


def client_for(user, lang: str = "en") -> Client:
    """A client logged in as ``user`` reading pages in ``lang`` (the app's default is Vietnamese)."""
    from django.conf import settings

    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = lang
    if user is not None:
        client.force_login(user)
    return client


FULL = {"1.1": {"numerator": 10, "denominator": 10}, "1.2": {"value": "có"}}


def fill(cycle, unit, user, values=FULL):
    """Enter the unit's inputs through the transition, as the page would."""
    from parindex.web.cycles.transitions import save_inputs

    for leaf, raw in values.items():
        entry = entry_of(cycle, unit, leaf)
        save_inputs(entry, user, raw, entry.version)


__all__ = ["CAST", "CycleState", "at_stage", "assessment_of", "client_for", "entry_of", "fill"]


@pytest.fixture(autouse=True)
def english_messages():
    """Tests read messages in English; the Vietnamese default is tested on its own (test_i18n)."""
    from django.utils import translation

    with translation.override("en"):
        yield


def publish_first_version(cycle, people):
    """Every unit final, the council's approval, then the first publication: the cycle's snapshot."""
    from parindex.web.cycles.models import AssessmentState
    from parindex.web.cycles.transitions import approve_by_council
    from parindex.web.publication.transitions import publish

    at_stage(cycle, CycleState.COUNCIL)
    cycle.assessments.update(state=AssessmentState.FINAL)
    approve_by_council(cycle, people["council"])
    return publish(cycle, people["admin"])


# -- shared by several apps' tests: the PAR cycle, a SIPAS wave, evidence files, the browser ---------

@pytest.fixture
def par_cycle(units, people):
    programme = Programme.objects.create(code="par", name_vi="PAR", name_en="PAR", unit_kind="province")
    return create_cycle(programme, 2025, "vn-par-province-2022", "par-2025", people["admin"],
                        methodology_text=builtin_path("vn-par-province-2022").read_text(encoding="utf-8"))


def wave_csv(cycle, bad=False) -> bytes:
    items = cycle.methodology.questionnaire("sipas").item_codes
    rng = np.random.default_rng(4)
    lines = [",".join(["respondent_id", "province", "commune", "w", *items])]
    for i in range(1, 41):
        province = "31" if i % 2 else "01"
        answers = rng.choice([1, 2, 3, 4, 5, 9], size=len(items), p=[0.05, 0.1, 0.15, 0.35, 0.3, 0.05])
        lines.append(",".join(map(str, [i, province, f"{province}-c{i % 5}", 250, *answers])))
    if bad:
        lines.append(",".join(map(str, [41, "99", "x", 250, *([7] * len(items))])))
    return ("\n".join(lines) + "\n").encode()


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture
def browser(monkeypatch):
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in the test thread, where the test also uses the ORM.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    assert os.path.exists(CHROMIUM), "Debian's chromium is needed: apt-get install chromium"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()



# -- every status the API answers in this suite must be one its OpenAPI document declares ----------

OBSERVED: set[tuple[str, str, int]] = set()  # (method, OpenAPI path, status)


@pytest.fixture(autouse=True, scope="session")
def _observe_api_statuses():
    """Record the status of every API request the suite's test clients make."""
    import re

    from django.test.client import Client as DjangoClient

    original = DjangoClient.request

    def request(self, **environ):
        response = original(self, **environ)
        match = getattr(getattr(response, "wsgi_request", None), "resolver_match", None)
        path = environ.get("PATH_INFO", "")
        if match is not None and path.startswith("/api/v1/") and response.status_code != 405:
            route = "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", match.route)
            OBSERVED.add((environ.get("REQUEST_METHOD", "GET").lower(), route, response.status_code))
        return response

    DjangoClient.request = request
    yield
    DjangoClient.request = original


def pytest_sessionfinish(session, exitstatus):
    """Fail the run when a test saw an API status the OpenAPI document does not declare."""
    if not OBSERVED:
        return
    from parindex.web.api import api

    schema = api.get_openapi_schema()
    undeclared = sorted((m, p, s) for m, p, s in OBSERVED
                        if p in schema["paths"] and m in schema["paths"][p] and str(s) not in {str(k) for k in schema["paths"][p][m]["responses"]})
    if undeclared:
        session.config.pluginmanager.get_plugin("terminalreporter").write_line(
            "API statuses seen in the suite but not in the OpenAPI document: " + "; ".join(f"{m.upper()} {p} → {s}" for m, p, s in undeclared),
            red=True)
        session.exitstatus = 1


# -- the service index's records: a small seeded year with its board, shared by the suite --------------

def first_communes(units: Units, per_province: int) -> Units:
    """The ministries, the provinces and the first ``per_province`` communes of each province."""
    taken: dict[str, int] = {}
    kept = []
    for level, province in zip(units.levels.tolist(), units.provinces.tolist()):
        taken[province] = taken.get(province, 0) + (level == "commune")
        kept.append(level != "commune" or taken[province] <= per_province)
    return Units(units.codes[np.array(kept)], units.levels[np.array(kept)], units.provinces[np.array(kept)])


@pytest.fixture(scope="session")
def services_records(tmp_path_factory):
    """A year of 2026 for the ministries, the 34 provinces and three communes of each (20,000
    dossiers), and its board; generated once. Tests that change records copy it first."""
    root = tmp_path_factory.mktemp("services")
    generate(root, first_communes(Units.vietnam(), 3), date(2026, 1, 1), 365, 20_000, seed=766)
    board.refresh(root, service_pages.methodology())
    return root


@pytest.fixture
def services_store(services_records, settings):
    """The dashboard reading the shared year of records."""
    settings.PARINDEX_SERVICES_STORE = services_records
    return services_records
