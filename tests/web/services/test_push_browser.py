"""Records reaching the dashboard, in a real browser (Debian's chromium): a batch a one-stop
system pushes through the API appears on its commune's page at the next load, the same batch
pushed again changes nothing, and an office's refused upload shows every reason, in Vietnamese,
on a desktop and on a phone. With ``PARINDEX_SCREENSHOTS`` set to a folder, the pages are saved there."""
import json
import os
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from parindex.core.services import board
from parindex.core.units.catalogue import communes_2025
from parindex.web.cycles.models import Membership, Role, Unit
from parindex.web.services.pages import methodology
from tests.web.services.records import dossier
from tests.web.services.test_upload import as_csv

pytestmark = pytest.mark.django_db(transaction=True)


def shot(page, name: str) -> None:
    folder = os.environ.get("PARINDEX_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def push(url: str, token: str, records: list[dict]) -> dict:
    request = urllib.request.Request(f"{url}/api/v1/services/dossiers", data=json.dumps({"records": records}).encode(),
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request) as answer:
        return json.loads(answer.read())


def a_commune_without_records(root) -> str:
    now = board.load(root, methodology().id)
    present = {r["unit"] for r in now.standings("month", "commune", "VN-01")}
    return next(u.id for u in communes_2025() if u.parent == "VN-01" and u.id not in present)


def test_a_pushed_batch_appears_on_the_communes_page_after_one_load(browser, live_server, own_store, hanoi_system):
    code = a_commune_without_records(own_store)
    page = browser.new_context(locale="vi-VN", viewport={"width": 1366, "height": 900}).new_page()
    assert page.goto(f"{live_server.url}/services/commune/{code}/").status == 404
    batch = [dossier(i, unit=code, level="commune", received_on="2026-12-20", due_on="2026-12-28", completed_on="2026-12-22")
             for i in range(5)]
    assert push(live_server.url, hanoi_system[1], batch)["added"] == 5
    assert page.goto(f"{live_server.url}/services/commune/{code}/").status == 200
    page.wait_for_selector("#standing")
    assert "5 trên 5" in page.inner_text("#indicators")
    shot(page, "services-pushed-commune-1366")
    again = push(live_server.url, hanoi_system[1], batch)
    assert (again["added"], again["updated"], again["unchanged"]) == (0, 0, 5)


@pytest.mark.parametrize("width", [1366, 390])
def test_a_commune_official_sees_why_an_upload_was_refused(browser, live_server, own_store, width):
    Unit.objects.get_or_create(uid="VN-00004-2025", defaults={"code": "00004", "kind": "commune", "name_vi": "Phường Ba Đình",
                                                              "name_en": "Phuong Ba Dinh", "parent_uid": "VN-01"})
    official = get_user_model().objects.create_user("ba.dinh", password="pw")
    Membership.objects.create(user=official, role=Role.EDITOR, unit=Unit.objects.get(uid="VN-00004-2025"))
    client = Client()
    client.force_login(official)
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/services/upload/")
    assert "Phường Ba Đình" in page.inner_text("#upload-units")
    shot(page, f"services-upload-form-{width}")
    bad = as_csv([dossier(1, unit="VN-00004-2025", level="commune"), dossier(2, unit="VN-00004-2025", level="commune", due_on="2026-11-01"),
                  dossier(3, unit="VN-00008-2025", level="commune")])
    page.set_input_files("#records-file", files=[{"name": "ba-dinh-thang-12.csv", "mimeType": "text/csv", "buffer": bad}])
    page.click("#send-records")
    page.wait_for_selector("#upload-problems")
    problems = page.inner_text("#upload-problems")
    assert "không có gì được lưu" in problems
    assert "Tệp ba-dinh-thang-12.csv, dòng 3" in problems and "dòng 4, cột 'unit'" in problems
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"services-upload-refused-{width}")
    good = as_csv([dossier(1, unit="VN-00004-2025", level="commune")])
    page.set_input_files("#records-file", files=[{"name": "ba-dinh.csv", "mimeType": "text/csv", "buffer": good}])
    page.click("#send-records")
    page.wait_for_selector("#upload-taken")
    assert "Đã nhận 1 bản ghi: 1 mới" in page.inner_text("#upload-taken")
    shot(page, f"services-upload-taken-{width}")


@pytest.mark.parametrize("width", [1366, 390])
def test_an_administrator_creates_a_sending_system_and_sees_its_token_once(browser, live_server, width):
    admin = get_user_model().objects.create_user("quan.tri", password="pw")
    Membership.objects.create(user=admin, role=Role.ADMIN)
    client = Client()
    client.force_login(admin)
    context = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900})
    context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}])
    page = context.new_page()
    page.goto(f"{live_server.url}/work/")
    page.click("#link-sending-systems")
    page.fill("#system-name", "Hệ thống một cửa Hà Nội")
    page.fill("#system-units", "VN-01")
    page.click("#create-system")
    page.wait_for_selector("#new-token")
    token = page.inner_text("#new-token code")
    assert len(token) > 30 and "sao chép ngay" in page.inner_text("#new-token")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    shot(page, f"services-sending-system-created-{width}")
    page.goto(f"{live_server.url}/services/systems/")
    assert token not in page.content() and "Hệ thống một cửa Hà Nội" in page.inner_text("#systems")
