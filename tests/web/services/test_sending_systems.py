"""Administrators create the one-stop systems that push records, each with its units and a token
shown once and stored hashed."""
import json

from parindex.web.services.models import SendingSystem, token_hash
from tests.web.conftest import client_for
from tests.web.services.records import dossier

URL = "/services/systems/"


def create(people, **body):
    return client_for(people["admin"], "vi").post(URL, {"name": "Một cửa Hà Nội", "units": "VN-01", "with_communes": "1", **body})


def test_it_creates_a_system_and_shows_its_token_once(people):
    page = create(people).content.decode()
    system = SendingSystem.objects.get()
    token = page.split('<code class="user-select-all">')[1].split("</code>")[0]
    assert system.key_hash == token_hash(token) and token not in system.key_hash
    assert "mã sẽ không hiện lại" in page
    assert token not in client_for(people["admin"], "vi").get(URL).content.decode()


def test_it_gives_a_province_its_communes_when_asked(people):
    create(people)
    assert {"VN-01", "VN-00004-2025"} <= set(SendingSystem.objects.get().units)
    create(people, with_communes="", name="Chỉ tỉnh")
    assert SendingSystem.objects.get(name="Chỉ tỉnh").units == ["VN-01"]


def test_it_refuses_unknown_unit_codes_in_words(people):
    page = create(people, units="VN-01, XX-99").content.decode()
    assert "Các mã đơn vị không có trong danh mục: XX-99" in page and not SendingSystem.objects.exists()


def test_the_token_shown_pushes_records(client, own_store, people):
    page = create(people).content.decode()
    token = page.split('<code class="user-select-all">')[1].split("</code>")[0]
    response = client.post("/api/v1/services/dossiers", json.dumps({"records": [dossier(1)]}), content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.json()["added"] == 1


def test_an_administrator_deactivates_a_system(people):
    create(people)
    system = SendingSystem.objects.get()
    client_for(people["admin"]).post(f"/services/systems/{system.pk}/active/", {"active": "0"})
    system.refresh_from_db()
    assert not system.active


def test_only_administrators_manage_systems(people):
    assert client_for(people["editor_b"]).get(URL).status_code == 403


def test_my_work_links_the_administrator_to_the_systems_and_an_editor_to_the_upload(people):
    admin = client_for(people["admin"], "vi").get("/work/").content.decode()
    editor = client_for(people["editor_a"], "vi").get("/work/").content.decode()
    assert 'id="link-sending-systems"' in admin and "Hệ thống gửi số liệu" in admin and "link-upload-records" not in admin
    assert "Gửi hồ sơ, phản ánh kiến nghị từ tệp" in editor and "link-sending-systems" not in editor


def test_the_list_names_the_province_and_counts_its_communes(people):
    create(people)
    page = client_for(people["admin"], "vi").get(URL).content.decode()
    assert "Hà Nội và 126 xã, phường" in page
