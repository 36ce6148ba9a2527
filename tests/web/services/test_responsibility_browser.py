"""Who holds the late dossiers, in a real browser (Debian's chromium), in Vietnamese: a commune's
leader and the province's office open the list from the unit's page, sort it, and read it on a desktop
and on a phone without anything running off the screen. Screenshots go to ``SCREENS``."""
import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from parindex.core.services import board
from parindex.web.cycles.models import Membership, Role, Unit
from parindex.web.services.pages import methodology

pytestmark = pytest.mark.django_db(transaction=True)
SCREENS = Path(os.environ.get("PARINDEX_SCREENS", "/tmp/parindex-screens"))


def signed_in(browser, url, username, width):
    page = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900}).new_page()
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw")
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/work/")
    return page


def commune_leader(store):
    code = board.load(store, methodology().id).standings("year", "commune", "VN-31-2025")[0]["unit"]
    commune = Unit.objects.create(uid=code, code=code, kind="commune", name_vi=code, name_en=code, parent_uid="VN-31-2025")
    user = get_user_model().objects.create_user("lanhdao_xa", password="pw")
    Membership.objects.create(user=user, role=Role.APPROVER, unit=commune)
    return code


@pytest.mark.parametrize("width", [1366, 390])
def test_a_commune_leader_opens_the_late_dossiers_from_the_units_page(browser, live_server, services_store, people, width):
    code = commune_leader(services_store)
    page = signed_in(browser, live_server.url, "lanhdao_xa", width)
    page.goto(f"{live_server.url}/services/commune/{code}/?period=year")
    page.click("#responsibility-link")
    page.wait_for_selector("#overdue-title")
    assert "Hồ sơ trễ hạn và sắp đến hạn" in page.inner_text("h1") and "Cán bộ xử lý" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"responsibility-commune-leader-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", [1366, 390])
def test_the_province_office_sorts_its_late_dossiers(browser, live_server, services_store, people, width):
    page = signed_in(browser, live_server.url, "editor_a", width)
    page.goto(f"{live_server.url}/services/province/VN-31-2025/responsibility/?period=year")
    days = [int(t) for t in page.locator("#overdue td.days").all_inner_texts()]
    assert days == sorted(days, reverse=True) and len(days) > 1
    page.click("#sort-least")
    page.wait_for_selector("#sort-most")
    assert [int(t) for t in page.locator("#overdue td.days").all_inner_texts()] == sorted(days)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENS / f"responsibility-province-office-{width}.png"), full_page=True)
