"""Every role against every view and API endpoint (NetBox-style matrix).

"Allowed" means the request got past the permission checks (it may still be refused for the
cycle's stage, with a message); "denied" means 403, 404 (the object is invisible to them), 401
(API without credentials) or a redirect to the login page.
"""
import json

import pytest

from parindex.web.cycles.evidence import attach
from parindex.web.cycles.models import CycleState as C
from parindex.web.cycles.models import Membership
from parindex.web.surveys.models import Wave
from tests.web.conftest import CAST, PDF, assessment_of, at_stage, client_for, entry_of, publish_first_version

VIEWERS_OF_A = {"admin", "council", "survey", "editor_a", "approver_a", "appraiser_a"}
SIGNED_IN = set(CAST) - {"anonymous"}
EVERYONE = set(CAST)

# name: (method, url template, body, who is allowed). The SIPAS pages need a published survey wave,
# which this small cycle has not: test_portal opens them anonymously on a cycle that has one.
MATRIX = {
    "home": ("get", "/work/", None, SIGNED_IN),
    "cycle page": ("get", "/cycles/{cycle}/", None, {"admin", "council"}),
    "council review": ("get", "/cycles/{cycle}/review/", None, {"admin", "council"}),
    "extend a unit": ("post", "/assessments/{a}/extend/", {"until": "2099-01-01", "reason": "x"}, {"admin"}),
    "reopen a unit": ("post", "/assessments/{a}/reopen/", {"reason": "x"}, {"admin"}),
    "exclude a unit": ("post", "/assessments/{a}/exclude/", {"reason": "x"}, {"admin"}),
    "bring a unit back": ("post", "/assessments/{a}/include/", {"reason": "x"}, {"admin"}),
    "return to final appraisal": ("post", "/cycles/{cycle}/return/", {"reason": "x"}, {"admin"}),
    "cycle advance": ("post", "/cycles/{cycle}/advance/", {"to": "appraisal"}, {"admin"}),
    "cycle deadlines": ("post", "/cycles/{cycle}/deadlines/", {"self_assessment_due": "2026-03-31"}, {"admin"}),
    "council approval": ("post", "/cycles/{cycle}/council-approve/", None, {"council"}),
    "publish": ("post", "/cycles/{cycle}/publish/", None, {"admin"}),
    "assessment page": ("get", "/assessments/{a}/", None, VIEWERS_OF_A),
    "submit": ("post", "/assessments/{a}/submit/", None, {"approver_a"}),
    "a step for many units": ("post", "/assessments/act/", {"action": "submit", "assessment": "{a}"}, SIGNED_IN),
    "correct a criterion": ("post", "/entries/{e}/correct/", {"points": "1", "reason": "x", "version": "1"}, {"admin"}),
    "finish appraisal": ("post", "/assessments/{a}/finish-appraisal/", None, {"appraiser_a"}),
    "finish explanation": ("post", "/assessments/{a}/finish-explanation/", None, {"editor_a", "approver_a"}),
    "finalise": ("post", "/assessments/{a}/finalise/", None, {"appraiser_a"}),
    "live preview": ("post", "/entries/{e}/preview/", {"input-numerator": "1", "input-denominator": "2"}, VIEWERS_OF_A),
    "save an area": ("post", "/assessments/{a}/areas/1/save/", {"version-1.1": "1", "input-1.1-numerator": "1", "input-1.1-denominator": "2"},
                     {"editor_a"}),
    "the unit's whole file": ("get", "/assessments/{a}/record.xlsx", None, VIEWERS_OF_A),
    "the unit's excel file": ("get", "/assessments/{a}/unit-file.xlsx", None, VIEWERS_OF_A),
    "upload the unit's excel file": ("post", "/assessments/{a}/unit-file/", None, {"editor_a", "admin", "survey"}),
    "remove evidence": ("post", "/evidence/{ev}/remove/", None, {"editor_a"}),
    "download evidence": ("get", "/evidence/{ev}/", None, VIEWERS_OF_A),
    "save inputs": ("post", "/entries/{e}/save/", {"version": "1", "input-numerator": "1", "input-denominator": "2"}, {"editor_a"}),
    "save survey inputs": ("post", "/entries/{s}/save/", {"version": "1", "input-estimate": "0.5"}, {"admin", "survey"}),
    "appraise": ("post", "/entries/{e}/appraise/", {"version": "1", "points": "1", "reason": "x"}, {"appraiser_a"}),
    "explain": ("post", "/entries/{e}/explain/", {"version": "1", "explanation": "x"}, {"editor_a", "approver_a"}),
    "upload evidence": ("post", "/entries/{e}/evidence/", None, {"editor_a"}),
    "criterion history": ("get", "/entries/{e}/history/", None, VIEWERS_OF_A),
    "audit export": ("get", "/audit/export.csv", None, {"admin", "council"}),
    "audit log": ("get", "/audit/?unit=VN-31-2025", None, {"admin", "council"}),
    "new cycle": ("get", "/cycles/new/", None, {"admin"}),
    "criteria table template": ("get", "/cycles/new/criteria-template.xlsx", None, {"admin"}),
    "registry template": ("get", "/cycles/new/registry-template.xlsx", None, {"admin"}),
    "people": ("get", "/people/", None, {"admin"}),
    "a person's roles": ("get", "/people/{editor}/", None, {"admin"}),
    "roster import": ("get", "/people/roster/", None, {"admin"}),
    "roster template": ("get", "/people/roster/template.xlsx", None, {"admin"}),
    "new person": ("post", "/people/new/", {"username": "new.one", "full_name": "Người Mới", "email": "n@x.vn"}, {"admin"}),
    "give a role": ("post", "/people/{editor}/", {"role": "council"}, {"admin"}),
    "take a role away": ("post", "/roles/{m}/revoke/", None, {"admin"}),
    "deactivate": ("post", "/people/{editor}/active/", {"active": "0"}, {"admin"}),
    "password link": ("post", "/people/{editor}/password-link/", None, {"admin"}),
    "public front page": ("get", "/", None, EVERYONE),
    "public methodology": ("get", "/methodology/{slug}/", None, EVERYONE),
    "public criteria table": ("get", "/methodology/{slug}/criteria.xlsx", None, EVERYONE),
    "a programme's portal section": ("get", "/results/par-province/", None, EVERYONE),
    "public versions": ("get", "/results/{slug}/versions/", None, EVERYONE),
    "public comparison picked": ("get", "/results/{slug}/compare/?unit=31&unit=01", None, EVERYONE),
    "public results": ("get", "/results/", None, EVERYONE),
    "public results as data": ("get", "/results/{slug}.json", None, EVERYONE),
    "public bundle": ("get", "/results/{slug}/bundle.zip", None, EVERYONE),
    "public map": ("get", "/results/{slug}/map/", None, EVERYONE),
    "public scorecard": ("get", "/results/{slug}/units/31/", None, EVERYONE),
    "public comparison": ("get", "/results/{slug}/compare/?units=31,01", None, EVERYONE),
    "public workbook": ("get", "/results/{slug}/report.xlsx", None, EVERYONE),
    "public national pdf": ("get", "/results/{slug}/report.pdf", None, EVERYONE),
    "public unit pdf": ("get", "/results/{slug}/units/31.pdf", None, EVERYONE),
    "survey waves": ("get", "/cycles/{cycle}/waves/", None, {"admin", "survey"}),
    "survey wave upload": ("post", "/cycles/{cycle}/waves/upload/", None, {"admin", "survey"}),
    "survey design columns": ("get", "/cycles/{cycle}/waves/design/", None, {"admin", "survey"}),
    "survey results typed in": ("get", "/cycles/{cycle}/survey-results/", None, {"admin", "survey"}),
    "survey results upload": ("post", "/cycles/{cycle}/survey-results/upload/", None, {"admin", "survey"}),
    "survey results template": ("get", "/cycles/{cycle}/survey-results/template.xlsx", None, {"admin", "survey"}),
    "survey wave page": ("get", "/waves/{w}/", None, {"admin", "survey"}),
    "survey wave apply": ("post", "/waves/{w}/apply/", None, {"admin", "survey"}),
    "survey wave withdraw": ("post", "/waves/{w}/withdraw/", {"reason": "wrong file"}, {"admin", "survey"}),
    "api cycles": ("get", "/api/v1/cycles", None, SIGNED_IN),
    "api assessment": ("get", "/api/v1/assessments/{a}", None, VIEWERS_OF_A),
    "api inputs": ("put", "/api/v1/entries/{e}/inputs", {"inputs": {"numerator": 1, "denominator": 2}, "version": 1}, {"editor_a"}),
    "api appraisal": ("post", "/api/v1/entries/{e}/appraisal", {"points": 1, "reason": "x", "version": 1}, {"appraiser_a"}),
    "api explanation": ("post", "/api/v1/entries/{e}/explanation", {"text": "x", "version": 1}, {"editor_a", "approver_a"}),
    "api submit": ("post", "/api/v1/assessments/{a}/actions/submit", None, {"approver_a"}),
    "api cycle advance": ("post", "/api/v1/cycles/{cycle}/actions/advance", {"to": "appraisal"}, {"admin"}),
    "api published results": ("get", "/api/v1/results/{slug}", None, EVERYONE),
    "api ranking": ("get", "/api/v1/results/{slug}/ranking", None, EVERYONE),
    "api map": ("get", "/api/v1/results/{slug}/map", None, EVERYONE),
    "api scorecard": ("get", "/api/v1/results/{slug}/units/31", None, EVERYONE),
    "api comparison": ("get", "/api/v1/results/{slug}/compare?units=31,01", None, EVERYONE),
    "api versions": ("get", "/api/v1/results/{slug}/versions", None, EVERYONE),
    "api methodology": ("get", "/api/v1/results/{slug}/methodology", None, EVERYONE),
    "public service ranking": ("get", "/services/?province=VN-01", None, EVERYONE),
    "public service ranking as data": ("get", "/services.json", None, EVERYONE),
    "public service ranking as csv": ("get", "/services.csv?period=year", None, EVERYONE),
    "public service unit": ("get", "/services/province/VN-01/", None, EVERYONE),
    "public service commune": ("get", "/services/commune/VN-00004-2025/?period=rolling", None, EVERYONE),
    "public service unit as data": ("get", "/services/province/VN-01.json?period=last_month", None, EVERYONE),
    "public service procedures": ("get", "/services/province/VN-01/procedures/", None, EVERYONE),
    "public service procedures as csv": ("get", "/services/province/VN-01/procedures.csv", None, EVERYONE),
    "upload service records": ("get", "/services/upload/", None, {"editor_a", "editor_b"}),
    "sample file of service records": ("get", "/services/upload/dossiers.csv", None, {"editor_a", "editor_b"}),
    "sending systems": ("get", "/services/systems/", None, {"admin"}),
    "add a sending system": ("post", "/services/systems/", {"name": "Một cửa", "units": "VN-01"}, {"admin"}),
    "push records (people's sessions never)": ("post", "/api/v1/services/dossiers", {"records": []}, set()),
    "late dossiers and their officials": ("get", "/services/province/VN-31-2025/responsibility/?period=year", None,
                                          {"editor_a", "approver_a"}),
    "late dossiers as csv": ("get", "/services/province/VN-31-2025/responsibility.csv?period=year", None, {"editor_a", "approver_a"}),
}
# What the people allowed must find on the pages for writing records (the others are refused).
ALLOWED_CONTENT = {
    "upload service records": ["Send dossier and feedback records from a file", 'name="file"'],
    "sample file of service records": ["dossier_id,version,unit,province,level"],
    "sending systems": ["Sending systems", 'id="systems"'],
    "add a sending system": ['id="new-token"', "Một cửa"],
}
# What a visitor must find on the service index's pages (they read the records of the shared
# ``services_store``): the figures, not just a page that answered.
SERVICE_CONTENT = {
    "public service ranking": ["Ha Noi", "Ministry of Justice", "Phuong Ba Dinh", 'id="ranking-province"'],
    "public service ranking as data": ['"unit": "Ha Noi"', '"period": "month"'],
    "public service ranking as csv": ["level,rank,unit_code,unit,total", "VN-01,Ha Noi"],
    "public service unit": ["<h1>Ha Noi</h1>", 'id="indicators"', "dossiers processed"],
    "public service commune": ["<h1>Phuong Ba Dinh</h1>", 'id="rank-in-province"'],
    "public service unit as data": ['"period": "last_month"', '"code": "2.1"'],
    "public service procedures": ['id="lost-by-procedure"', "missed it"],
    "public service procedures as csv": ["procedure,code,indicator,numerator,denominator,missed,points_lost"],
}

# Who holds a unit's late dossiers: what its leaders and its province's office find, and everyone
# else must not — not even one official's id.
RESTRICTED_CONTENT = {
    "late dossiers and their officials": ['id="overdue"', "Handling official"],
    "late dossiers as csv": ["official,days_overdue"],
}


def officials_of_hai_phong(store) -> list[str]:
    from parindex.core.services import board
    from parindex.core.services.engine import DuckDBEngine, overdue
    from parindex.web.services.pages import methodology

    year = board.load(store, methodology().id).period("year")[0]
    return overdue(DuckDBEngine(store), "province", "VN-31-2025", year)["official"].tolist()


def denied(response) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    return response.status_code == 302 and "/accounts/login/" in response["Location"]


def is_public(template: str) -> bool:
    return template == "/" or template.startswith(("/results/", "/api/v1/results/", "/methodology/", "/services"))


def published(cycle, people):
    """The public rows need something published, or every visitor would get a 404 and a page
    wrongly closed to the public would pass unnoticed."""
    publish_first_version(cycle, people)


@pytest.mark.parametrize("role", CAST)
@pytest.mark.parametrize("endpoint", sorted(MATRIX))
def test_permission_matrix(cycle, units, people, endpoint, role, request):
    method, template, body, allowed = MATRIX[endpoint]
    if endpoint in SERVICE_CONTENT or endpoint in RESTRICTED_CONTENT:
        store = request.getfixturevalue("services_store")
    at_stage(cycle, C.SELF_ASSESSMENT)
    kept = attach(entry_of(cycle, units["A"], "1.1"), people["editor_a"], "qd.pdf", PDF)
    if is_public(template):
        published(cycle, people)
    else:
        at_stage(cycle, C.SELF_ASSESSMENT)
    wave = Wave.objects.create(cycle=cycle, kind="table", source="Bộ Nội vụ", design={}, rows=0, sha256="", estimates=[],
                               imported_by=people["survey"])
    membership = Membership.objects.get(user=people["editor_a"])
    ids = {"cycle": cycle.pk, "slug": cycle.slug, "a": assessment_of(cycle, units["A"]).pk, "editor": people["editor_a"].pk,
           "ev": kept.pk, "w": wave.pk, "m": membership.pk, "e": entry_of(cycle, units["A"], "1.1").pk,
           "s": entry_of(cycle, units["A"], "2").pk}
    url = template.format(**ids)
    body = {k: v.format(**ids) if isinstance(v, str) else v for k, v in (body or {}).items()}
    client = client_for(people[role])
    if url.startswith("/api/") and method != "get":
        response = getattr(client, method)(url, json.dumps(body or {}), content_type="application/json")
    else:
        response = getattr(client, method)(url, body or {})
    assert denied(response) == (role not in allowed), (endpoint, role, response.status_code)
    for words in ALLOWED_CONTENT.get(endpoint, ()) if role in allowed else ():
        assert words in response.content.decode(), (endpoint, role, words)
    for words in SERVICE_CONTENT.get(endpoint, ()):
        assert words in response.content.decode(), (endpoint, role, words)
    if endpoint in RESTRICTED_CONTENT:
        body, officials = response.content.decode(), officials_of_hai_phong(store)
        seen = [o for o in officials if o in body]
        assert officials and (seen == officials if role in allowed else not seen), (endpoint, role, seen[:3])
        assert all(words in body for words in RESTRICTED_CONTENT[endpoint]) == (role in allowed), (endpoint, role)


def test_a_unit_never_sees_another_units_assessment_in_lists(cycle, units, people):
    page = client_for(people["editor_b"]).get("/work/").content.decode()
    assert "Ha Noi" in page and "Hai Phong" not in page
    api = client_for(people["editor_b"]).get(f"/api/v1/assessments/{assessment_of(cycle, units['A']).pk}")
    assert api.status_code == 404


def test_session_writes_through_the_api_need_the_csrf_token(cycle, units, people):
    from django.test import Client

    at_stage(cycle, C.SELF_ASSESSMENT)
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["editor_a"])
    entry = entry_of(cycle, units["A"], "1.1")
    response = client.put(f"/api/v1/entries/{entry.pk}/inputs", json.dumps({"inputs": {}, "version": 1}), content_type="application/json")
    assert response.status_code == 403


def test_a_bearer_token_authenticates_the_api_with_the_same_rules(cycle, units, people):
    import hashlib

    from django.test import Client

    from parindex.web.cycles.models import ApiToken

    ApiToken.objects.create(user=people["editor_b"], name="script", key_hash=hashlib.sha256(b"secret-b").hexdigest())
    client = Client()
    headers = {"HTTP_AUTHORIZATION": "Bearer secret-b"}
    assert client.get("/api/v1/cycles", **headers).status_code == 200
    assert client.get(f"/api/v1/assessments/{assessment_of(cycle, units['B']).pk}", **headers).status_code == 200
    assert client.get(f"/api/v1/assessments/{assessment_of(cycle, units['A']).pk}", **headers).status_code == 404
    assert client.get("/api/v1/cycles", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_openapi_is_at_a_stable_url(db):
    schema = client_for(None).get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "parindex"
    assert "/api/v1/entries/{pk}/inputs" in schema["paths"]


# The writes a person of the cast may make (records are pushed by sending systems only: test_push_api).
API_WRITES = {name: row for name, row in MATRIX.items() if row[1].startswith("/api/") and row[0] != "get" and row[3]}


def _api_write(client, endpoint, cycle, units, **headers):
    method, template, body, _ = API_WRITES[endpoint]
    url = template.format(cycle=cycle.pk, a=assessment_of(cycle, units["A"]).pk, e=entry_of(cycle, units["A"], "1.1").pk)
    return getattr(client, method)(url, json.dumps(body or {}), content_type="application/json", **headers)


@pytest.mark.parametrize("endpoint", sorted(API_WRITES))
def test_every_api_write_works_with_a_token_and_csrf_enforced(cycle, units, people, endpoint):
    import hashlib

    from django.test import Client

    from parindex.web.cycles.models import ApiToken

    at_stage(cycle, C.SELF_ASSESSMENT)
    role = sorted(API_WRITES[endpoint][3])[0]
    ApiToken.objects.create(user=people[role], name="script", key_hash=hashlib.sha256(b"token-" + role.encode()).hexdigest())
    response = _api_write(Client(enforce_csrf_checks=True), endpoint, cycle, units, HTTP_AUTHORIZATION=f"Bearer token-{role}")
    assert response.status_code != 403 and not denied(response), (response.status_code, response.content)
    assert response.json().get("code") != "forbidden"


@pytest.mark.parametrize("endpoint", sorted(API_WRITES))
def test_every_api_write_by_session_needs_the_csrf_token(cycle, units, people, endpoint):
    from django.test import Client

    at_stage(cycle, C.SELF_ASSESSMENT)
    role = sorted(API_WRITES[endpoint][3])[0]
    client = Client(enforce_csrf_checks=True)
    client.force_login(people[role])
    forged = _api_write(client, endpoint, cycle, units)
    assert forged.status_code == 403 and "Mã bảo mật của trang" in forged.json()["title"]
    client.get("/accounts/login/")
    honest = _api_write(client, endpoint, cycle, units, HTTP_X_CSRFTOKEN=client.cookies["csrftoken"].value)
    assert honest.status_code != 403 and not denied(honest), (honest.status_code, honest.content)


@pytest.mark.parametrize("endpoint", sorted(API_WRITES))
def test_an_anonymous_api_write_is_unauthenticated_not_forbidden(cycle, units, endpoint):
    from django.test import Client

    at_stage(cycle, C.SELF_ASSESSMENT)
    response = _api_write(Client(enforce_csrf_checks=True), endpoint, cycle, units)
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
