"""The whole cycle in a real browser (Playwright driving Debian's chromium): an editor fills criteria
and uploads evidence, the approver submits, an appraiser adjusts with a reason, the editor explains,
the council approves, an administrator publishes, and an anonymous visitor sees the unit's rank."""

import pytest

from parindex.web.cycles.models import AssessmentState as A
from parindex.web.cycles.models import CycleState as C
from tests.web.conftest import assessment_of, at_stage, fill


def login(browser, url, username, questions=None):
    """A signed-in page that answers yes to every confirmation it is asked, noting the question."""
    page = browser.new_context(locale="vi-VN").new_page()
    page.on("dialog", lambda dialog: (questions.append(dialog.message) if questions is not None else None, dialog.accept()))
    page.goto(f"{url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "pw")
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/work/")
    return page


def entry_row(page, leaf):
    return page.locator(f"tbody.entry[data-leaf='{leaf}']")


def appraise(page, leaf, points, reason=""):
    form = entry_row(page, leaf).locator("form.appraise")
    form.locator("input[name=points]").fill(points)
    form.locator("input[name=reason]").fill(reason)
    form.locator("button").click()


class Scenario:
    """The people of the scenario, each in their own browser context, on one live server."""

    def __init__(self, browser, live_server, cycle, assessment):
        self.browser, self.url, self.cycle, self.assessment = browser, live_server.url, cycle, assessment
        self.pages = {}
        self.questions = []  # every confirmation a person was asked before a step went through

    def page(self, username):
        if username not in self.pages:
            self.pages[username] = login(self.browser, self.url, username, self.questions)
        return self.pages[username]

    def open_assessment(self, username):
        page = self.page(username)
        page.goto(f"{self.url}/assessments/{self.assessment.pk}/")
        return page

    def advance(self):
        admin = self.page("admin")
        admin.goto(f"{self.url}/cycles/{self.cycle.pk}/")
        if admin.locator("input[name=confirm]").count():  # units behind are named; moving on needs the confirmation
            admin.check("input[name=confirm]")
        admin.click("button:has-text('Chuyển đợt đánh giá sang giai đoạn tiếp theo')")
        admin.wait_for_load_state()

    def unit_action(self, username, button, state):
        page = self.open_assessment(username)
        page.click(button)
        page.wait_for_selector(f"#assessment-state:has-text('{state}')")


def self_assessment(run: Scenario, tmp_path):
    """The editor fills an area's criteria, sees the points computed live, saves the area once, and
    uploads evidence without leaving the criterion."""
    editor = run.open_assessment("editor_a")
    row = entry_row(editor, "1.1")
    row.locator("input[name='input-1.1-numerator']").fill("8")
    row.locator("input[name='input-1.1-denominator']").fill("10")
    editor.wait_for_function("document.querySelector(\"tbody[data-leaf='1.1'] .points\").textContent.includes('80 %')")
    assert "khung 50–<100 % → 2,0 trên 4,0" in row.locator(".points").inner_text()
    entry_row(editor, "1.2").locator("select").select_option("có")
    editor.click("button:has-text('Lưu lĩnh vực 1')")
    editor.wait_for_selector("text=đã lưu 2 tiêu chí")
    evidence = tmp_path / "ke-hoach.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF\n")
    upload = entry_row(editor, "1.1").locator("button:has-text('Tải lên')")
    upload.scroll_into_view_if_needed()
    at = editor.evaluate("window.scrollY")
    entry_row(editor, "1.1").locator("input[type=file]").set_input_files(str(evidence))
    upload.click()
    editor.wait_for_selector("tbody[data-leaf='1.1'] a:has-text('ke-hoach.pdf')")
    assert editor.evaluate("window.scrollY") == at  # the criterion's row came back in place
    editor.reload()
    assert editor.locator("#total").inner_text() == "4,00"  # 1.1: 2 of 4, 1.2: 2 of 2; the survey leaf has no estimate yet


def appraisal_round(run: Scenario):
    """The appraiser must give a reason to change points, then does so."""
    appraiser = run.open_assessment("appraiser_a")
    appraise(appraiser, "1.2", "0")
    appraiser.wait_for_selector("tbody[data-leaf='1.2'] .error:has-text('thay đổi điểm phải có lý do')")
    appraise(appraiser, "1.2", "0", "Không có quyết định kèm theo")
    appraiser.wait_for_selector("tbody[data-leaf='1.2'] .appraised:has-text('Không có quyết định kèm theo')")


def explanation_round(run: Scenario):
    """The unit sees the adjustment and its reason, and explains."""
    editor = run.open_assessment("editor_a")
    assert "Không có quyết định kèm theo" in entry_row(editor, "1.2").inner_text()
    entry_row(editor, "1.2").locator("textarea").fill("Quyết định số 12/QĐ-UBND đã ban hành ngày 15/01")
    entry_row(editor, "1.2").locator("form.explain button").click()
    editor.wait_for_selector("tbody[data-leaf='1.2'] .explained")


def final_round(run: Scenario):
    appraiser = run.open_assessment("appraiser_a")
    appraise(appraiser, "1.2", "2", "Chấp nhận giải trình")
    appraiser.wait_for_selector("tbody[data-leaf='1.2'] .final")


def council_and_publication(run: Scenario):
    council = run.page("council")
    council.goto(f"{run.url}/cycles/{run.cycle.pk}/")
    council.click("text=Xem bảng xếp hạng dự kiến và thông qua")
    assert "Hải Phòng" in council.locator("#draft-ranking").inner_text()
    assert "Không có quyết định kèm theo" in council.locator("#changes").inner_text()  # every change, with its reason
    council.click("button:has-text('Thông qua (Hội đồng)')")
    council.wait_for_selector("text=Hội đồng đã thông qua")
    admin = run.page("admin")
    admin.goto(f"{run.url}/cycles/{run.cycle.pk}/")
    admin.click("button:has-text('Công bố')")
    admin.wait_for_selector(".state:has-text('Đã công bố')")


def visitor_sees_the_rank(run: Scenario):
    visitor = run.browser.new_context(locale="vi-VN").new_page()
    visitor.goto(f"{run.url}/results/")
    first = visitor.locator("#ranking tbody tr").first
    assert first.locator(".rank").inner_text() == "1"
    assert "Hải Phòng" in first.inner_text() and "40,00" in first.inner_text()
    visitor.click("text=Hải Phòng")
    assert visitor.locator("#rank").inner_text() == "1"
    assert "Quyết định số 12/QĐ-UBND" in visitor.content()  # the unit's explanation is published with its points


@pytest.mark.django_db(transaction=True)
def test_a_unit_goes_from_self_assessment_to_a_published_rank(browser, live_server, cycle, units, people, tmp_path):
    at_stage(cycle, C.SELF_ASSESSMENT)
    fill(cycle, units["B"], people["editor_b"], {"1.1": {"numerator": 5, "denominator": 10}, "1.2": {"value": "không"}})
    run = Scenario(browser, live_server, cycle, assessment_of(cycle, units["A"]))

    self_assessment(run, tmp_path)
    run.unit_action("approver_a", "#submit", "Đã gửi")
    run.advance()
    appraisal_round(run)
    run.unit_action("appraiser_a", "#finish-appraisal", "Đã thẩm định")
    run.advance()
    explanation_round(run)
    run.unit_action("approver_a", "#finish-explanation", "Đã giải trình")
    run.advance()
    final_round(run)
    run.unit_action("appraiser_a", "#finalise", "Chính thức")
    cycle.assessments.exclude(pk=run.assessment.pk).update(state=A.FINAL)  # the other units' own appraisals
    run.advance()
    council_and_publication(run)
    visitor_sees_the_rank(run)
    assert any("Ký và gửi" in q or "Gửi hồ sơ tự đánh giá" in q for q in run.questions)  # each step asked before it went
    assert any("Công bố kết quả này?" in q for q in run.questions)
