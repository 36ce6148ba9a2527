"""The API keeps its contract: refusals in one documented shape, text and numbers checked at the
edge with a located 422 and nothing written, no token a strict JSON parser rejects."""
import json

import pytest

from parindex.web.audit.models import AuditEntry
from parindex.web.cycles.models import AssessmentState as A
from parindex.web.cycles.models import CycleState as C
from parindex.web.cycles.models import Entry
from tests.web.conftest import assessment_of, at_stage, client_for, entry_of, fill

HOSTILE_TEXT = {
    "lone surrogate": "l\ud800ý do",
    "NUL": "lý\x00do",
    "bidi override": "lý do \u202e od ýl",
    "zero-width only": "\u200b\u200b",
    "over the cap": "x" * 5001,
}


def api(client, method, url, body):
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def writes(cycle, units):
    """Every audited free text the API takes: (who, stage, assessment state, method, url, body with TEXT)."""
    e = entry_of(cycle, units["A"], "1.1").pk
    return {
        "inputs note": ("editor_a", C.SELF_ASSESSMENT, A.DRAFT, "put", f"/api/v1/entries/{e}/inputs",
                        {"inputs": {"numerator": 1, "denominator": 2}, "version": 1, "note": "TEXT"}),
        "appraisal reason": ("appraiser_a", C.APPRAISAL, A.SUBMITTED, "post", f"/api/v1/entries/{e}/appraisal",
                             {"points": 0.5, "reason": "TEXT", "version": 1}),
        "explanation": ("editor_a", C.EXPLANATION, A.APPRAISED, "post", f"/api/v1/entries/{e}/explanation",
                        {"text": "TEXT", "version": 1}),
        "advance reason": ("admin", C.SELF_ASSESSMENT, A.DRAFT, "post", f"/api/v1/cycles/{cycle.pk}/actions/advance",
                           {"to": "appraisal", "reason": "TEXT"}),
        "correction reason": ("admin", C.COUNCIL, A.FINAL, "post", f"/api/v1/cycles/{cycle.pk}/actions/publish", {"reason": "TEXT"}),
    }


def swap(body, text):
    return {k: (text if v == "TEXT" else v) for k, v in body.items()}


@pytest.mark.parametrize("kind", sorted(HOSTILE_TEXT))
@pytest.mark.parametrize("field", ["inputs note", "appraisal reason", "explanation", "advance reason", "correction reason"])
def test_every_audited_text_refuses_hostile_text_with_a_located_422_and_writes_nothing(cycle, units, people, field, kind):
    from parindex.web.publication.transitions import publish

    who, stage, state, method, url, body = writes(cycle, units)[field]
    at_stage(cycle, stage)
    cycle.assessments.update(state=state)
    Entry.objects.filter(pk=entry_of(cycle, units["A"], "1.1").pk).update(self_points=4.0, appraised_points=2.0)
    if field == "correction reason":
        from parindex.web.cycles import transitions as t
        t.approve_by_council(cycle, people["council"])
        publish(cycle, people["admin"])
    before = (AuditEntry.objects.count(), list(Entry.objects.order_by("pk").values_list("version", "note", "appraisal_reason",
                                                                                        "unit_explanation")))
    response = api(client_for(people[who]), method, url, swap(body, HOSTILE_TEXT[kind]))
    assert response.status_code == 422, response.content
    error = response.json()
    assert error["code"] in ("bad_text", "text_too_long", "blank_text", "invalid_request") and error["where"].get("path")
    assert (AuditEntry.objects.count(), list(Entry.objects.order_by("pk").values_list(
        "version", "note", "appraisal_reason", "unit_explanation"))) == before


def test_text_is_stored_normalised_to_nfc(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    entry = entry_of(cycle, units["A"], "1.1")
    api(client_for(people["editor_a"]), "put", f"/api/v1/entries/{entry.pk}/inputs",
        {"inputs": {"numerator": 1, "denominator": 2}, "version": 1, "note": "Ha\u0309i Pho\u0300ng"})
    entry.refresh_from_db()
    assert entry.note == "Hải Phòng"


@pytest.mark.parametrize("points", ["NaN", "Infinity", "1e400", 10**400])
def test_appraised_points_must_be_a_finite_number_in_range(cycle, units, people, points):
    at_stage(cycle, C.APPRAISAL)
    cycle.assessments.update(state=A.SUBMITTED)
    entry = entry_of(cycle, units["A"], "1.1")
    body = '{"points": %s, "reason": "lý do", "version": 1}' % (points if isinstance(points, int) else
                                                               json.dumps(points) if points != "NaN" else "NaN")
    response = client_for(people["appraiser_a"]).post(f"/api/v1/entries/{entry.pk}/appraisal", body, content_type="application/json")
    assert response.status_code == 422 and "NaN" not in response.content.decode() and "Infinity" not in response.content.decode()
    json.loads(response.content, parse_constant=lambda token: pytest.fail(f"non-standard JSON token {token}"))


@pytest.mark.parametrize("value", ["NaN", "Infinity", 10**400, "1" * 401])
def test_an_input_that_is_not_a_finite_number_is_a_located_422_not_a_cleared_value(cycle, units, people, value):
    at_stage(cycle, C.SELF_ASSESSMENT)
    entry = entry_of(cycle, units["A"], "1.1")
    response = api(client_for(people["editor_a"]), "put", f"/api/v1/entries/{entry.pk}/inputs",
                   {"inputs": {"numerator": value, "denominator": 10}, "version": 1})
    assert response.status_code == 422 and response.json()["where"]["path"] == "1.1:numerator"
    json.loads(response.content, parse_constant=lambda token: pytest.fail(f"non-standard JSON token {token}"))
    assert Entry.objects.get(pk=entry.pk).version == 1


def test_five_achieved_of_none_due_is_refused(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    entry = entry_of(cycle, units["A"], "1.1")
    response = api(client_for(people["editor_a"]), "put", f"/api/v1/entries/{entry.pk}/inputs",
                   {"inputs": {"numerator": 5, "denominator": 0}, "version": 1})
    assert response.status_code == 422 and Entry.objects.get(pk=entry.pk).self_points is None


def test_an_id_too_large_for_the_database_is_a_422(people):
    response = client_for(people["admin"]).get(f"/api/v1/assessments/{10**30}")
    assert response.status_code == 422 and response.json()["code"] == "invalid_request"


def test_an_unknown_action_is_404_in_the_error_shape(cycle, units, people):
    response = client_for(people["approver_a"]).post(f"/api/v1/assessments/{assessment_of(cycle, units['A']).pk}/actions/explode")
    assert response.status_code in (404, 422) and response.json()["code"] in ("not_found", "invalid_request")


def test_a_method_the_operation_does_not_take_is_405_as_json(people):
    response = client_for(people["admin"]).delete("/api/v1/cycles")
    assert response.status_code == 405 and response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "method_not_allowed"


def test_an_unknown_api_address_is_404_as_json(db):
    response = client_for(None).get("/api/v1/no-such-thing")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_a_form_body_without_a_boundary_is_a_400_not_a_500(cycle, units, people):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(people["editor_a"])
    entry = entry_of(cycle, units["A"], "1.1")
    response = client.post(f"/api/v1/entries/{entry.pk}/inputs", data=b"--x\r\n", content_type="multipart/form-data")
    assert response.status_code in (400, 405) and response["Content-Type"].startswith("application/json")


def test_a_json_body_over_the_api_cap_is_413(people, settings):
    response = client_for(people["admin"]).post("/api/v1/cycles/1/actions/advance", "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
                                                content_type="application/json")
    assert response.status_code == 413 and response.json()["code"] == "request_too_large"


def test_a_stale_edit_is_409_with_the_current_values(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    fill(cycle, units["A"], people["editor_a"])
    entry = entry_of(cycle, units["A"], "1.1")
    response = api(client_for(people["editor_a"]), "put", f"/api/v1/entries/{entry.pk}/inputs",
                   {"inputs": {"numerator": 1, "denominator": 2}, "version": 1})
    assert response.status_code == 409 and response.json()["current"]["version"] == entry.version


def test_openapi_declares_the_error_shape_for_every_operation(db):
    schema = client_for(None).get("/api/v1/openapi.json").json()
    assert {"ErrorOut", "ConflictOut"} <= set(schema["components"]["schemas"])
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            statuses = set(operation["responses"])
            assert {"200", "404", "422"} <= statuses, (method, path, statuses)
            if method != "get":
                assert {"400", "401", "403", "413"} <= statuses, (method, path, statuses)
