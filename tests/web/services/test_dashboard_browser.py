"""The service index's dashboard in a real browser (Debian's chromium): a citizen finds their
province on the ranking and the map, picks it to see its communes without leaving the page, opens a
commune and reads its points, every indicator, its months and where it lost points — on a desktop
and on a phone, where nothing runs off the side of the screen."""
import pytest

from parindex.core.services import board
from parindex.web.cycles.templatetags.parindex import fixed
from parindex.web.services.pages import methodology

pytestmark = pytest.mark.django_db(transaction=True)


def visitor(browser, width=1366):
    return browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900}).new_page()


def test_a_citizen_finds_their_commune_and_where_it_lost_points(browser, live_server, services_store):  # noqa: F811
    now = board.load(services_store, methodology().id)
    page = visitor(browser)
    page.goto(f"{live_server.url}/services/")
    assert page.locator("#ranking-province tbody tr").count() == 34
    best = now.standings("month", "province")[0]
    assert page.inner_text("#ranking-province tbody tr:first-child td.total") == fixed(best["total"], "vi")
    page.wait_for_selector("#chart-map [data-drawn=yes]")
    assert page.locator("#chart-map g.provinces_marks path").count() == 34
    assert page.locator("#chart-map g.archipelagos_marks path").count() == 2

    page.select_option("#pick-province select[name=province]", "VN-31-2025")  # HTMX swaps the communes in, no page load
    page.wait_for_selector("#ranking-commune tbody tr")
    assert "province=VN-31-2025" in page.url and page.locator("#ranking-province").count() == 1
    communes = now.standings("month", "commune", "VN-31-2025")
    assert page.locator("#ranking-commune tbody tr").count() == len(communes)

    page.click("#ranking-commune tbody tr:first-child th a")
    page.wait_for_selector("#standing")
    first = now.unit("month", "commune", communes[0]["unit"])
    assert page.inner_text("#total") == fixed(first["total"], "vi")
    assert "Hải Phòng" in page.inner_text("#rank-in-province")
    assert page.locator("#indicators tbody tr[data-code]").count() == 15
    page.wait_for_selector("#chart-trend [data-drawn=yes]")
    page.wait_for_selector("#procedures #procedures-found")  # loaded after the page, by HTMX
    assert "Mã thủ tục" in page.inner_text("#procedures") or "Không có thủ tục nào" in page.inner_text("#procedures")

    page.click("nav.period-switch a[href='?period=last_month']")
    page.wait_for_selector("nav.period-switch strong:has-text('Tháng 11/2026')")
    before = now.unit("last_month", "commune", communes[0]["unit"])
    assert page.inner_text("#total") == fixed(before["total"], "vi")


@pytest.mark.parametrize("path", ["/services/?province=VN-01", "/services/province/VN-01/", "/services/commune/VN-00004-2025/"])
def test_on_a_phone_nothing_runs_off_the_screen(browser, live_server, services_store, path):  # noqa: F811
    page = visitor(browser, width=390)
    page.goto(f"{live_server.url}{path}")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
