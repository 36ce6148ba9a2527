"""A province's own index in a real browser (issue 14): the office of Hải Phòng creates its
departments programme from its criteria table and its registry of three departments, runs the
year through publication, and its portal section shows its departments — while the national
portal, published beside it, is unchanged.

The three departments' own inputs go through the same transitions as a click would (the browser
walk of data entry is ``test_province_year_browser``); the office's steps — creating the
programme, the survey results table, every stage, the council's approval, publication — are clicks.
"""
from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from parindex.web.cycles import transitions as t
from parindex.web.cycles.models import Cycle, Membership, Role
from tests.core.methodology.test_criteria_table import OFFICE_ROWS, office_table
from tests.web.publication.conftest import published  # noqa: F401  (the fixture: a national year, published)
from tests.web.test_browser import login
from tests.web.test_province_year_browser import fill_and_submit

SLUG = "hp-so-2026"
REGISTRY = ("Mã,Tên,Tên tiếng Anh,Loại,Trực thuộc\n"
            "NV,Sở Nội vụ,Department of Home Affairs,sở,31\n"
            "TC,Sở Tài chính,Department of Finance,sở,31\n"
            "TP,Sở Tư pháp,Department of Justice,sở,31\n")


def advance(page, url, cycle, stage_words):
    page.goto(f"{url}/cycles/{cycle.pk}/")
    page.click("#advance")
    page.wait_for_selector(f".state:has-text('{stage_words}')")


@pytest.mark.django_db(transaction=True)
def test_an_office_runs_its_departments_index_to_its_own_portal_beside_the_national_one(browser, live_server, published, people,  # noqa: F811
                                                                                        tmp_path):
    url, questions = live_server.url, []
    national_before = browser.new_context(locale="vi-VN").new_page()
    national_before.goto(f"{url}/results/{published.slug}/")
    national_rows = national_before.locator("#ranking tbody tr").all_inner_texts()

    admin = login(browser, url, "admin", questions)
    admin.goto(f"{url}/cycles/new/")
    admin.fill("input[name=programme_code]", "hp-so")
    admin.fill("input[name=programme_name]", "Chỉ số CCHC các sở Hải Phòng")
    admin.select_option("select[name=unit_kind]", "department")
    (tmp_path / "danh-muc.csv").write_text(REGISTRY, encoding="utf-8")
    admin.set_input_files("input[name=registry_file]", str(tmp_path / "danh-muc.csv"))
    admin.fill("input[name=year]", "2026")
    admin.fill("input[name=slug]", SLUG)
    admin.set_input_files("input[name=methodology_file]", str(office_table(tmp_path / "tieu-chi.xlsx", OFFICE_ROWS,
                                                                            settings={"unit_kind": "department"})))
    admin.click("#create")
    admin.wait_for_selector("text=đã tạo với 3 đơn vị")
    cycle = Cycle.objects.get(slug=SLUG)
    advance(admin, url, cycle, "Tự đánh giá")

    User = get_user_model()
    appraiser = User.objects.create_user("td.so", password="pw")
    for a in cycle.assessments.select_related("unit"):
        Membership.objects.create(user=appraiser, role=Role.APPRAISER, unit=a.unit, cycle=cycle)
        editor = User.objects.create_user(f"bt.{a.unit.code}", password="pw")
        approver = User.objects.create_user(f"pd.{a.unit.code}", password="pw")
        Membership.objects.create(user=editor, role=Role.EDITOR, unit=a.unit)
        Membership.objects.create(user=approver, role=Role.APPROVER, unit=a.unit)
        fill_and_submit(cycle, a, editor, approver)
    advance(admin, url, cycle, "Thẩm định")

    rows = ["unit_code,criterion,percent,se_percent,n"] + [f"{code},2,{share},2.5,120" for code, share in (("NV", 81), ("TC", 74), ("TP", 88))]
    (tmp_path / "khao-sat.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    admin.goto(f"{url}/cycles/{cycle.pk}/waves/")
    admin.fill(".table-upload input[name=source]", "Sở Nội vụ Hải Phòng — khảo sát 2026")
    admin.set_input_files(".table-upload input[type=file]", str(tmp_path / "khao-sat.csv"))
    admin.click(".table-upload button")
    admin.click("#apply")
    admin.wait_for_selector("text=Đã áp dụng vào các tiêu chí điều tra")

    for a in cycle.assessments.all():
        t.finish_appraisal(a, appraiser)
    advance(admin, url, cycle, "Giải trình")
    for a in cycle.assessments.select_related("unit"):
        t.finish_explanation(a, User.objects.get(username=f"bt.{a.unit.code}"))
    advance(admin, url, cycle, "Thẩm định lần cuối")
    for a in cycle.assessments.all():
        t.finalise(a, appraiser)
    advance(admin, url, cycle, "Hội đồng")

    council = login(browser, url, "council", questions)
    council.goto(f"{url}/cycles/{cycle.pk}/")
    council.click("text=Xem bảng xếp hạng dự kiến và thông qua")
    assert council.locator("#draft-ranking tbody tr").count() == 3
    council.click("#council-approve")
    council.wait_for_selector("text=Hội đồng đã thông qua")
    admin.goto(f"{url}/cycles/{cycle.pk}/")
    admin.click("#publish")
    admin.wait_for_selector(".state:has-text('Đã công bố')")

    visitor = browser.new_context(locale="vi-VN").new_page()
    visitor.goto(f"{url}/results/{SLUG}/")
    shown = visitor.inner_text("#ranking tbody")
    assert visitor.locator("#ranking tbody tr").count() == 3 and "Sở Tư pháp" in shown and "Sở Nội vụ" in shown
    assert "Trung bình các đơn vị" in visitor.inner_text("main")  # not a "national" average of three departments
    visitor.goto(f"{url}/")
    programmes = visitor.locator("main h2").all_inner_texts()
    assert any("Chỉ số CCHC các sở Hải Phòng" in p for p in programmes) and len(programmes) == 2
    visitor.goto(f"{url}/results/{published.slug}/")
    assert visitor.locator("#ranking tbody tr").all_inner_texts() == national_rows  # the national portal is unchanged
