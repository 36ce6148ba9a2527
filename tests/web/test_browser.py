"""The whole cycle in a real browser (Playwright driving Debian's chromium): an editor fills criteria
and uploads evidence, the approver submits, an appraiser adjusts with a reason, the editor explains,
the council approves, an administrator publishes, and an anonymous visitor sees the unit's rank."""
import os
import shutil

import pytest

from parindex.web.cycles.models import AssessmentState as A, CycleState as C
from tests.web.conftest import assessment_of, at_stage, fill

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


def login(browser, live_server, username):
    page = browser.new_context(locale="vi-VN").new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


def entry_row(page, leaf):
    return page.locator(f"tbody.entry[data-leaf='{leaf}']")


def appraise(page, leaf, points, reason=""):
    form = entry_row(page, leaf).locator("form.appraise")
    form.locator("input[name=points]").fill(points)
    form.locator("input[name=reason]").fill(reason)
    form.locator("button").click()


@pytest.mark.django_db(transaction=True)
def test_a_unit_goes_from_self_assessment_to_a_published_rank(browser, live_server, cycle, units, people, tmp_path):
    at_stage(cycle, C.SELF_ASSESSMENT)
    fill(cycle, units["B"], people["editor_b"], {"1.1": {"numerator": 5, "denominator": 10}, "1.2": {"value": "không"}})
    a = assessment_of(cycle, units["A"])

    # The editor fills the criteria, sees the points computed live, and uploads evidence.
    editor = login(browser, live_server, "editor_a")
    editor.goto(f"{live_server.url}/assessments/{a.pk}/")
    row = entry_row(editor, "1.1")
    row.locator("input[name=input-numerator]").fill("8")
    row.locator("input[name=input-denominator]").fill("10")
    editor.wait_for_function("document.querySelector(\"tbody[data-leaf='1.1'] .points\").textContent.includes('80 %')")
    assert "khung 50–<100 % → 2,0 trên 4,0" in row.locator(".points").inner_text()
    row.locator("button:has-text('Lưu nháp')").click()
    editor.wait_for_function("document.querySelector(\"tbody[data-leaf='1.1'] input[name=version]\").value === '2'")
    row = entry_row(editor, "1.2")
    row.locator("select").select_option("có")
    row.locator("button:has-text('Lưu nháp')").click()
    editor.wait_for_function("document.querySelector(\"tbody[data-leaf='1.2'] input[name=version]\").value === '2'")
    evidence = tmp_path / "ke-hoach.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF\n")
    entry_row(editor, "1.1").locator("input[type=file]").set_input_files(str(evidence))
    entry_row(editor, "1.1").locator("button:has-text('Tải lên')").click()
    editor.wait_for_selector("text=ke-hoach.pdf")
    assert editor.locator("#total").inner_text() == "4,00"  # 1.1: 2 of 4, 1.2: 2 of 2; the survey leaf has no estimate yet

    # The approver signs and submits.
    approver = login(browser, live_server, "approver_a")
    approver.goto(f"{live_server.url}/assessments/{a.pk}/")
    approver.click("#submit")
    approver.wait_for_selector("#assessment-state:has-text('Đã gửi')")

    # The administrator opens the appraisal round; the appraiser adjusts 1.2 with a reason.
    admin = login(browser, live_server, "admin")

    def advance():
        admin.goto(f"{live_server.url}/cycles/{cycle.pk}/")
        admin.click("button:has-text('Chuyển đợt đánh giá sang giai đoạn tiếp theo')")
        admin.wait_for_load_state()

    advance()
    appraiser = login(browser, live_server, "appraiser_a")
    appraiser.goto(f"{live_server.url}/assessments/{a.pk}/")
    appraise(appraiser, "1.2", "0")
    appraiser.wait_for_selector("tbody[data-leaf='1.2'] .error:has-text('thay đổi điểm phải có lý do')")
    appraise(appraiser, "1.2", "0", "Không có quyết định kèm theo")
    appraiser.wait_for_selector("tbody[data-leaf='1.2'] .appraised:has-text('Không có quyết định kèm theo')")
    appraiser.click("#finish-appraisal")
    appraiser.wait_for_selector("#assessment-state:has-text('Đã thẩm định')")

    # The unit sees the adjustment and its reason, and explains.
    advance()
    editor.goto(f"{live_server.url}/assessments/{a.pk}/")
    assert "Không có quyết định kèm theo" in entry_row(editor, "1.2").inner_text()
    entry_row(editor, "1.2").locator("textarea").fill("Quyết định số 12/QĐ-UBND đã ban hành ngày 15/01")
    entry_row(editor, "1.2").locator("form.explain button").click()
    editor.wait_for_selector("tbody[data-leaf='1.2'] .explained")
    approver.goto(f"{live_server.url}/assessments/{a.pk}/")
    approver.click("#finish-explanation")
    approver.wait_for_selector("#assessment-state:has-text('Đã giải trình')")

    # Final round: the appraiser accepts the explanation.
    advance()
    appraiser.goto(f"{live_server.url}/assessments/{a.pk}/")
    appraise(appraiser, "1.2", "2", "Chấp nhận giải trình")
    appraiser.wait_for_selector("tbody[data-leaf='1.2'] .final")
    appraiser.click("#finalise")
    appraiser.wait_for_selector("#assessment-state:has-text('Chính thức')")

    # Every other unit was finished by its own appraisers; the council approves; the administrator publishes.
    cycle.assessments.exclude(pk=a.pk).update(state=A.FINAL)
    advance()
    council = login(browser, live_server, "council")
    council.goto(f"{live_server.url}/cycles/{cycle.pk}/")
    council.click("button:has-text('Thông qua (Hội đồng)')")
    council.wait_for_selector("text=Hội đồng đã thông qua")
    admin.goto(f"{live_server.url}/cycles/{cycle.pk}/")
    admin.click("button:has-text('Công bố')")
    admin.wait_for_selector(".state:has-text('Đã công bố')")

    # An anonymous visitor sees the new rank.
    visitor = browser.new_context(locale="vi-VN").new_page()
    visitor.goto(f"{live_server.url}/results/")
    first = visitor.locator("#ranking tbody tr").first
    assert first.locator(".rank").inner_text() == "1"
    assert "Hải Phòng" in first.inner_text() and "40,00" in first.inner_text()
    visitor.click("text=Hải Phòng")
    assert visitor.locator("#rank").inner_text() == "1"
    assert "Quyết định số 12/QĐ-UBND" in visitor.content()  # the unit's explanation is published with its points
