"""A province's whole year in a real browser (Playwright driving Debian's chromium), 34 units.

The administrator creates the cycle in the web and imports a roster of 34 × 3 accounts; three units
fill their inputs by uploading their Excel file (one refused with located messages and nothing
saved, then corrected); one unit is late and gets an extension; one is excluded with a reason; the
survey manager imports the SIPAS, citizens' and businesses' waves through the design-mapping form and
the officials' survey as a table; an appraiser adjusts with a reason; the unit explains with new
evidence; the council reviews the draft ranking and approves; the administrator publishes; the
portal shows the excluded unit as not assessed and every other unit with all 100 points accounted
for. What the other 30 units do between those steps goes through the same transitions, not the
browser: a browser test of 34 units clicking everything would be hours, not minutes.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from parindex.core.inputs.columns import NAME_HEADER, UNIT_HEADER, input_columns
from parindex.demo.synthetic import synthetic_inputs
from parindex.web.cycles import transitions as t
from parindex.web.cycles.models import Assessment, Cycle, Membership, Role, Unit
from parindex.web.cycles.models import AssessmentState as A
from parindex.web.cycles.setup import load_units
from tests.web.test_browser import login

SLUG = "par-tinh-2026"
FILERS = ("01", "31", "79")  # three units fill their inputs by uploading their Excel file in the browser
LATE, LEFT_OUT = "48", "92"  # Đà Nẵng is late and gets an extension; Cần Thơ is excluded


@pytest.fixture
def province_office(db, units):
    """The administrator, the survey manager and the council of a Department of Home Affairs."""
    load_units()
    User = get_user_model()
    people = {}
    for name, role in (("admin", Role.ADMIN), ("khaosat", Role.SURVEY_MANAGER), ("hoidong", Role.COUNCIL)):
        people[name] = User.objects.create_user(name, password="pw", email=f"{name}@sonv.gov.vn")
        Membership.objects.create(user=people[name], role=role)
    return people


def unit_csv(cycle: Cycle, unit: Unit, broken: bool = False) -> bytes:
    """The unit's Excel file filled, saved as CSV: the header the download has, the unit's row."""
    m = cycle.methodology
    columns = input_columns(m)
    values = synthetic_inputs(m, [unit.as_core()], cycle.year).units[0].values
    cells = [values[c.leaf.code].get(c.field.name) if c.leaf.source != "survey" else "" for c in columns]
    cells = [("có" if v else "không") if isinstance(v, bool) else ("" if v is None else v) for v in cells]
    if broken:
        cells[1] = "mười"  # a count written in words
    header = [UNIT_HEADER, NAME_HEADER, *(c.header("vi") for c in columns)]
    return ("\n".join([",".join(f'"{h}"' for h in header), ",".join(map(str, [unit.code, unit.name_vi, *cells]))]) + "\n").encode()


def wave_csv(cycle: Cycle, questionnaire: str, rng: random.Random) -> bytes:
    items = cycle.methodology.questionnaire(questionnaire).item_codes
    lines = [",".join(["respondent_id", "province", "commune", "w", *items])]
    for n, unit in enumerate(sorted(a.unit.code for a in cycle.assessments.select_related("unit")) * 12, start=1):
        lines.append(",".join(map(str, [n, unit, f"{unit}-{n % 3}", 900, *(rng.choice([2, 3, 4, 4, 5, 5]) for _ in items)])))
    return ("\n".join(lines) + "\n").encode()


def officials_table(cycle: Cycle, rng: random.Random) -> bytes:
    leaves = [leaf.code for leaf in cycle.methodology.leaves() if leaf.estimate_from and leaf.estimate_from[0] == "officials"]
    rows = ["unit_code,criterion,percent,se_percent,n"]
    rows += [f"{a.unit.code},{leaf},{rng.uniform(60, 90):.1f},2.5,300" for a in cycle.assessments.select_related("unit") for leaf in leaves]
    return ("\n".join(rows) + "\n").encode()


def fill_and_submit(cycle: Cycle, assessment: Assessment, editor, approver) -> None:
    """A unit outside the browser's focus does its self-assessment through the same transitions."""
    values = synthetic_inputs(cycle.methodology, [assessment.unit.as_core()], cycle.year).units[0].values
    versions = {e.leaf_code: e.version for e in assessment.entries.all()}
    own = {leaf.code for leaf in cycle.methodology.leaves() if leaf.source != "survey"}
    t.save_many(assessment, editor, {leaf: (raw, versions[leaf]) for leaf, raw in values.items() if leaf in own})
    t.submit(assessment, approver)


def person(username):
    someone = get_user_model().objects.get(username=username)
    someone.set_password("pw")
    someone.save()
    return someone

@dataclass
class Office:
    """The province's office in the browser: where the site is, the administrator's page, the
    confirmations it was asked, its files and its dice."""

    browser: object
    url: str
    tmp_path: Path
    admin: object
    questions: list[str] = field(default_factory=list)
    rng: random.Random = field(default_factory=lambda: random.Random(26))


def the_administrator_opens_the_year(office: Office) -> Cycle:
    """The administrator creates the cycle and imports everyone's account."""
    url, admin, tmp_path = office.url, office.admin, office.tmp_path
    admin.goto(f"{url}/cycles/new/")
    admin.fill("input[name=programme_code]", "par-tinh")
    admin.fill("input[name=programme_name]", "Chỉ số CCHC các tỉnh (thử)")
    admin.select_option("select[name=unit_kind]", "province")
    admin.fill("input[name=year]", "2026")
    admin.fill("input[name=slug]", SLUG)
    admin.select_option("select[name=methodology]", "vn-par-province-2022")
    admin.click("#create")
    admin.wait_for_selector("text=đã tạo với 34 đơn vị")
    cycle = Cycle.objects.get(slug=SLUG)
    codes = sorted(cycle.assessments.values_list("unit__code", flat=True))
    roster = ["username,full_name,email,role,unit,cycle"] + [
        f"{kind}.{code},Cán bộ {code},{kind}.{code}@tinh.gov.vn,{role},{code},{cycle_ if role == 'appraiser' else ''}"
        for code in codes for kind, role, cycle_ in (("bt", "editor", ""), ("pd", "approver", ""), ("td", "appraiser", SLUG))]
    (tmp_path / "tai-khoan.csv").write_text("\n".join(roster) + "\n", encoding="utf-8")
    admin.goto(f"{url}/people/roster/")
    admin.set_input_files("input[name=file]", str(tmp_path / "tai-khoan.csv"))
    admin.click("#import-roster")
    admin.wait_for_selector("text=Đã nhập 102 vai trò; 102 tài khoản mới.")
    admin.goto(f"{url}/cycles/{cycle.pk}/")
    admin.fill("input[name=self_assessment_due]", (timezone.localdate() + timedelta(days=20)).isoformat())
    admin.click("button:has-text('Lưu thời hạn')")
    admin.goto(f"{url}/cycles/{cycle.pk}/")
    admin.click("#advance")
    admin.wait_for_selector(".state:has-text('Tự đánh giá')")
    return cycle


def three_units_upload_their_files(office: Office, cycle: Cycle) -> None:
    """Three units upload their Excel file; one first sends a wrong cell, refused with nothing saved."""
    url, questions, tmp_path, browser = office.url, office.questions, office.tmp_path, office.browser
    for code in FILERS:
        a = cycle.assessments.get(unit__code=code)
        editor = login(browser, url, person(f"bt.{code}").username, questions)
        editor.goto(f"{url}/assessments/{a.pk}/")
        with editor.expect_download() as download:
            editor.click("text=Tải số liệu của đơn vị dưới dạng Excel")
        assert download.value.suggested_filename.endswith(".xlsx")
        if code == "79":
            (tmp_path / "sai.csv").write_bytes(unit_csv(cycle, a.unit, broken=True))
            editor.set_input_files("#unit-file input[type=file]", str(tmp_path / "sai.csv"))
            editor.click("#unit-file button")
            editor.wait_for_selector(".messages .error:has-text('sai.csv')")
            assert "dòng 2" in editor.inner_text(".messages") and not a.entries.exclude(self_points=None).exists()
        (tmp_path / f"{code}.csv").write_bytes(unit_csv(cycle, a.unit))
        editor.set_input_files("#unit-file input[type=file]", str(tmp_path / f"{code}.csv"))
        editor.click("#unit-file button")
        editor.wait_for_selector("text=tiêu chí từ tệp")
        approver = login(browser, url, person(f"pd.{code}").username, questions)
        approver.goto(f"{url}/assessments/{a.pk}/")
        approver.click("#submit")
        approver.wait_for_selector("#assessment-state:has-text('Đã gửi')")


def the_others_self_assess_and_one_is_late(office: Office, cycle: Cycle) -> None:
    """Everyone else self-assesses through the transitions — but Đà Nẵng misses the deadline."""
    url, admin = office.url, office.admin
    User = get_user_model()
    for a in cycle.assessments.select_related("unit").exclude(unit__code__in=[*FILERS, LATE]):
        fill_and_submit(cycle, a, User.objects.get(username=f"bt.{a.unit.code}"), User.objects.get(username=f"pd.{a.unit.code}"))
    Cycle.objects.filter(pk=cycle.pk).update(self_assessment_due=timezone.localdate() - timedelta(days=1))
    admin.goto(f"{url}/cycles/{cycle.pk}/")
    assert "1 đơn vị đã quá hạn" in admin.inner_text("#dashboard")
    late = cycle.assessments.get(unit__code=LATE)
    admin.goto(f"{url}/assessments/{late.pk}/")
    admin.fill("input[name=until]", (timezone.localdate() + timedelta(days=5)).isoformat())
    admin.fill("#extend-reason", "Bão lũ làm gián đoạn công tác tổng hợp số liệu")
    admin.click("#extend")
    admin.wait_for_selector("text=đã gia hạn")
    fill_and_submit(cycle, late, User.objects.get(username=f"bt.{LATE}"), User.objects.get(username=f"pd.{LATE}"))


def one_unit_is_excluded(office: Office, cycle: Cycle) -> None:
    """One unit is excluded, with its reason."""
    url, admin = office.url, office.admin
    left_out = cycle.assessments.get(unit__code=LEFT_OUT)
    Assessment.objects.filter(pk=left_out.pk).update(state=A.DRAFT)
    admin.goto(f"{url}/assessments/{left_out.pk}/")
    admin.fill("#exclude-reason", "Số liệu tự đánh giá không được xác nhận; Hội đồng quyết định không đánh giá")
    admin.click("#exclude")
    admin.wait_for_selector("text=đã bị loại khỏi đợt đánh giá")
    admin.goto(f"{url}/cycles/{cycle.pk}/")
    admin.click("#advance")
    admin.wait_for_selector(".state:has-text('Thẩm định')")


def every_survey_comes_in(office: Office, cycle: Cycle) -> None:
    """The survey manager brings in every survey: three waves through the design form, one table."""
    url, rng, questions, tmp_path, browser = office.url, office.rng, office.questions, office.tmp_path, office.browser
    survey = login(browser, url, "khaosat", questions)
    for questionnaire in ("sipas", "citizens", "businesses"):
        (tmp_path / f"{questionnaire}.csv").write_bytes(wave_csv(cycle, questionnaire, rng))
        survey.goto(f"{url}/cycles/{cycle.pk}/waves/")
        survey.select_option("select[name=questionnaire]", questionnaire)
        survey.set_input_files(".wave-upload input[type=file]", str(tmp_path / f"{questionnaire}.csv"))
        survey.click(".wave-upload button")
        survey.wait_for_selector("#preview")
        assert survey.input_value("select[name=weights]") == "w"  # guessed from the column's name
        survey.select_option("select[name=strata]", "province")
        survey.select_option("select[name=cluster1]", "commune")
        survey.click("#import")
        survey.click("#apply")
        survey.wait_for_selector("text=Đã áp dụng vào các tiêu chí điều tra")
    (tmp_path / "cbccvc.csv").write_bytes(officials_table(cycle, rng))
    survey.goto(f"{url}/cycles/{cycle.pk}/waves/")
    survey.fill(".table-upload input[name=source]", "Bộ Nội vụ — khảo sát CBCCVC 2026")
    survey.set_input_files(".table-upload input[type=file]", str(tmp_path / "cbccvc.csv"))
    survey.click(".table-upload button")
    survey.click("#apply")
    survey.goto(f"{url}/cycles/{cycle.pk}/waves/")
    assert "không — đã đủ" in survey.inner_text("#completeness") and "missing" not in survey.inner_html("#completeness tbody")


def appraisal(office: Office, cycle: Cycle) -> None:
    """Appraisal with a reason for one unit in the browser; the others' appraisers finish theirs."""
    url, questions, admin, browser = office.url, office.questions, office.admin, office.browser
    User = get_user_model()
    focus = cycle.assessments.get(unit__code="31")
    appraiser = login(browser, url, person("td.31").username, questions)
    appraiser.goto(f"{url}/assessments/{focus.pk}/")
    form = appraiser.locator("tbody.entry[data-leaf='1.1.2'] form.appraise")
    form.locator("input[name=points]").fill("0,5")
    form.locator("input[name=reason]").fill("Chỉ hoàn thành 70 % kế hoạch theo báo cáo của Văn phòng UBND")
    form.locator("button").click()
    appraiser.wait_for_selector("tbody[data-leaf='1.1.2'] .appraised:has-text('70 %')")
    appraiser.click("#finish-appraisal")
    for a in cycle.assessments.filter(excluded=False).exclude(pk=focus.pk).select_related("unit"):
        t.finish_appraisal(a, User.objects.get(username=f"td.{a.unit.code}"))
    admin.goto(f"{url}/cycles/{cycle.pk}/")
    admin.click("#advance")
    admin.wait_for_selector(".state:has-text('Giải trình')")


def explanation(office: Office, cycle: Cycle) -> None:
    """The unit explains with new evidence, then sends; the others send theirs."""
    url, questions, admin, tmp_path, browser = office.url, office.questions, office.admin, office.tmp_path, office.browser
    User = get_user_model()
    focus = cycle.assessments.get(unit__code="31")
    editor = login(browser, url, "bt.31", questions)
    editor.goto(f"{url}/assessments/{focus.pk}/")
    row = editor.locator("tbody.entry[data-leaf='1.1.2']")
    (tmp_path / "bao-cao-bo-sung.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    row.locator("input[type=file]").set_input_files(str(tmp_path / "bao-cao-bo-sung.pdf"))
    row.locator("button:has-text('Tải lên')").click()
    editor.wait_for_selector("tbody[data-leaf='1.1.2'] a:has-text('bao-cao-bo-sung.pdf')")
    row = editor.locator("tbody.entry[data-leaf='1.1.2']")
    row.locator("textarea").fill("Kèm báo cáo bổ sung: đã hoàn thành 86 % kế hoạch")
    row.locator("form.explain button").click()
    editor.wait_for_selector("tbody[data-leaf='1.1.2'] .explained")
    editor.click("#finish-explanation")
    editor.wait_for_selector("#assessment-state:has-text('Đã giải trình')")
    for a in cycle.assessments.filter(excluded=False, state=A.APPRAISED).select_related("unit"):
        t.finish_explanation(a, User.objects.get(username=f"bt.{a.unit.code}"))
    admin.goto(f"{url}/cycles/{cycle.pk}/")
    admin.click("#advance")
    admin.wait_for_selector(".state:has-text('Thẩm định lần cuối')")
    for a in cycle.assessments.filter(excluded=False).select_related("unit"):
        t.finalise(a, User.objects.get(username=f"td.{a.unit.code}"))
    admin.goto(f"{url}/cycles/{cycle.pk}/")
    admin.click("#advance")
    admin.wait_for_selector(".state:has-text('Hội đồng')")


def the_council_approves_and_the_office_publishes(office: Office, cycle: Cycle) -> None:
    """The council reviews the draft ranking and every change, then approves; the office publishes."""
    url, questions, admin, browser = office.url, office.questions, office.admin, office.browser
    council = login(browser, url, "hoidong", questions)
    council.goto(f"{url}/cycles/{cycle.pk}/")
    council.click("text=Xem bảng xếp hạng dự kiến và thông qua")
    assert council.locator("#draft-ranking tbody tr").count() == 33
    assert "70 %" in council.inner_text("#changes") and "Cần Thơ" in council.inner_text("#excluded")
    council.click("#council-approve")
    council.wait_for_selector("text=Hội đồng đã thông qua")
    admin.goto(f"{url}/cycles/{cycle.pk}/")
    admin.click("#publish")
    admin.wait_for_selector(".state:has-text('Đã công bố')")


def the_public_sees_the_year(office: Office, cycle: Cycle) -> None:
    """The public: Cần Thơ not assessed, with the reason; every other unit with all 100 points accounted for."""
    url, questions, browser = office.url, office.questions, office.browser
    visitor = browser.new_context(locale="vi-VN").new_page()
    visitor.goto(f"{url}/results/{SLUG}/")
    assert visitor.locator("#ranking tbody tr").count() == 33
    assert "Hội đồng quyết định không đánh giá" in visitor.inner_text("#not-assessed")
    published = Cycle.objects.get(slug=SLUG).snapshots.get().published()
    assert not [(u.unit.code, code) for u in published for code, node in u.nodes.items() if node.missing]
    assert {"Gửi hồ sơ tự đánh giá của đơn vị đi thẩm định? Sau khi gửi, số liệu không sửa được nữa."} <= set(questions)


@pytest.mark.django_db(transaction=True)
def test_a_province_runs_its_whole_year_in_the_browser(browser, live_server, province_office, tmp_path):
    questions: list[str] = []
    office = Office(browser, live_server.url, tmp_path, login(browser, live_server.url, "admin", questions), questions)
    cycle = the_administrator_opens_the_year(office)
    for step in (three_units_upload_their_files, the_others_self_assess_and_one_is_late, one_unit_is_excluded,
                 every_survey_comes_in, appraisal, explanation, the_council_approves_and_the_office_publishes,
                 the_public_sees_the_year):
        step(office, cycle)
