"""Batches pushed by one-stop systems: accepted whole with counts, or refused whole with every
record's reasons in words, in the sender's language; only for the sender's units; idempotent;
limited in size and rate; and only with a sending system's token."""
import json

import pytest

from parindex.core.services import board
from parindex.web.services import pages
from tests.web.services.records import dossier, feedback

DOSSIERS = "/api/v1/services/dossiers"


def push(client, system, records, url=DOSSIERS, **headers):
    token = system[1] if isinstance(system, tuple) else system
    return client.post(url, json.dumps({"records": records}), content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {token}", **headers)


def test_it_accepts_a_batch_with_its_counts(client, own_store, hanoi_system):
    response = push(client, hanoi_system, [dossier(i) for i in range(3)])
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["table"], body["records"], body["added"], body["updated"]) == ("dossiers", 3, 3, 0)
    assert body["message"] == "Đã nhận 3 bản ghi: 3 mới, 0 cập nhật, 0 không đổi."


def test_it_brings_the_board_up_to_date(client, own_store, hanoi_system):
    push(client, hanoi_system, [dossier(i) for i in range(3)])
    assert not board.stale(own_store, pages.methodology())


def test_the_same_batch_twice_changes_nothing(client, own_store, hanoi_system):
    batch = [dossier(i) for i in range(3)]
    push(client, hanoi_system, batch)
    again = push(client, hanoi_system, batch).json()
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 3)


def test_a_new_version_updates(client, own_store, hanoi_system):
    push(client, hanoi_system, [dossier(1, state="processing", completed_on=None)])
    body = push(client, hanoi_system, [dossier(1, version=2)]).json()
    assert (body["added"], body["updated"]) == (0, 1)


def test_it_takes_feedback(client, own_store, hanoi_system):
    body = push(client, hanoi_system, [feedback(1)], url="/api/v1/services/feedback").json()
    assert (body["table"], body["added"]) == ("feedback", 1)


def test_it_refuses_a_batch_with_every_records_reasons_in_vietnamese(client, own_store, hanoi_system):
    response = push(client, hanoi_system, [dossier(1), dossier(2, received_on="01/12/2026"), dossier(3, channel="fax")])
    assert response.status_code == 422
    body = response.json()
    assert body["title"].startswith("Lô bản ghi bị từ chối, không có gì được lưu: 2 lỗi")
    assert [(p["record"], p["field"]) for p in body["problems"]] == [(2, "received_on"), (3, "channel")]
    assert body["problems"][0]["reason"].startswith("Bản ghi 2, trường «received_on»: ")
    assert "_" not in body["problems"][1]["reason"].split(":", 1)[1].replace("«channel»", "")  # words, not codes
    assert push(client, hanoi_system, [dossier(1)]).json()["added"] == 1  # the refused batch stored nothing


@pytest.mark.parametrize("how", [{"QUERY_STRING": "lang=en"}, {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}])
def test_reasons_come_in_english_when_asked(client, own_store, hanoi_system, how):
    body = push(client, hanoi_system, [dossier(1, channel="fax")], **how).json()
    assert body["title"].startswith("The batch was refused and nothing was stored: 1 problem.")
    assert body["problems"][0]["reason"].startswith("Record 1, field «channel»: ")


def test_a_record_for_another_unit_is_refused_with_its_row_and_field(client, own_store, hanoi_system):
    body = push(client, hanoi_system, [dossier(1), dossier(2, unit="VN-31-2025", province="VN-31-2025")]).json()
    assert [(p["record"], p["field"]) for p in body["problems"]] == [(2, "unit"), (2, "province")]
    assert body["problems"][0]["reason"] == "Bản ghi 2, trường «unit»: đơn vị «VN-31-2025» không thuộc các đơn vị được phép gửi số liệu."


def test_a_communes_record_is_taken_from_its_provinces_system(client, own_store, hanoi_system):
    body = push(client, hanoi_system, [dossier(1, unit="VN-00004-2025", level="commune")]).json()
    assert body["added"] == 1


def test_a_nested_value_is_refused_in_its_cell(client, own_store, hanoi_system):
    body = push(client, hanoi_system, [dossier(1, agency={"name": "x"})]).json()
    assert [(p["record"], p["field"]) for p in body["problems"]] == [(1, "agency")]


def test_more_than_ten_thousand_records_are_refused_with_a_sentence(client, own_store, hanoi_system):
    response = push(client, hanoi_system, [{}] * 10_001)
    assert response.status_code == 413
    assert response.json()["title"] == "Một lô có tối đa 10.000 bản ghi; lô này có 10.001. Hãy chia thành nhiều lô."


def test_an_empty_batch_is_refused(client, own_store, hanoi_system):
    assert push(client, hanoi_system, []).status_code == 400


def test_a_body_over_the_cap_is_refused_before_it_is_read(client, own_store, hanoi_system, settings):
    settings.PARINDEX_PUSH_MAX_BYTES = 1000
    response = push(client, hanoi_system, [dossier(i) for i in range(10)])
    assert response.status_code == 413 and response.json()["code"] == "request_too_large"


def test_a_body_larger_than_djangos_own_cap_is_taken_under_the_push_cap(client, own_store, hanoi_system, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    assert push(client, hanoi_system, [dossier(i) for i in range(10)]).json()["added"] == 10


def test_it_requires_a_token_and_says_where_to_send_it(client, own_store):
    response = client.post(DOSSIERS, json.dumps({"records": [dossier(1)]}), content_type="application/json")
    assert response.status_code == 401
    assert response.json()["title"] == "Hãy gửi mã của hệ thống gửi trong tiêu đề Authorization: Bearer <mã>."


@pytest.mark.parametrize("token", ["wrong", ""])
def test_it_refuses_a_wrong_token(client, own_store, hanoi_system, token):
    assert push(client, token or "x" * 43, [dossier(1)]).status_code == 401


@pytest.mark.parametrize(("asked", "opening"), [("", "Mã này không thuộc hệ thống gửi nào đang hoạt động"),
                                                ("?lang=en", "This token belongs to no active sending system")])
def test_a_wrong_token_is_refused_in_a_sentence_of_the_requests_language(client, db, own_store, asked, opening):
    response = client.post(DOSSIERS + asked, json.dumps({"records": [dossier(1)]}), content_type="application/json",
                           HTTP_AUTHORIZATION="Bearer wrong")
    assert response.status_code == 401 and response.json()["code"] == "not_authenticated"
    assert response.json()["title"].startswith(opening)


def test_it_refuses_a_deactivated_systems_token(client, own_store, hanoi_system):
    system, token = hanoi_system
    system.active = False
    system.save()
    assert push(client, token, [dossier(1)]).status_code == 401


def test_a_persons_session_cannot_push(own_store, people):
    from tests.web.conftest import client_for

    response = client_for(people["admin"]).post(DOSSIERS, json.dumps({"records": [dossier(1)]}), content_type="application/json")
    assert response.status_code == 401


def test_it_limits_the_rate_per_token(client, own_store, hanoi_system, settings):
    settings.PARINDEX_PUSH_RATE = "2/m"
    statuses = [push(client, hanoi_system, [dossier(1)]).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = push(client, hanoi_system, [dossier(1)]).json()
    assert refused["code"] == "too_many_requests" and refused["title"].startswith("Hệ thống này đã gửi quá nhiều lô")


def test_the_push_endpoints_are_in_the_openapi_document(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert {"429", "422", "401"} <= set(paths["/api/v1/services/dossiers"]["post"]["responses"])
    assert "/api/v1/services/feedback" in paths


def test_a_communes_own_system_names_its_province_but_cannot_write_for_it(client, own_store, db):
    from parindex.web.services.models import SendingSystem

    system = SendingSystem.issue("Một cửa phường Ba Đình", ["VN-00004-2025"])
    assert push(client, system, [dossier(1, unit="VN-00004-2025", level="commune")]).json()["added"] == 1
    body = push(client, system, [dossier(2, unit="VN-00004-2025", level="commune"), dossier(3)]).json()
    assert [(p["record"], p["field"]) for p in body["problems"]] == [(2, "unit")]


def test_a_body_that_is_not_json_is_refused_in_a_sentence(client, own_store, hanoi_system):
    response = client.post(DOSSIERS, "{records: [", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {hanoi_system[1]}")
    assert response.status_code == 400 and response.json()["title"] == "Không đọc được nội dung yêu cầu; hãy gửi JSON."


def test_a_batch_without_its_records_field_names_the_field_as_the_sender_wrote_it(client, own_store, hanoi_system):
    response = client.post(DOSSIERS, json.dumps({"rows": [dossier(1)]}), content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {hanoi_system[1]}")
    assert response.status_code == 422
    assert response.json()["problems"] == [{"code": "missing", "title": "Trường này là bắt buộc.", "where": {"path": "records"}}]
