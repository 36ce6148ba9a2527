"""Data entry that fits 80–100 criteria: an area saved at once (all or nothing, typed values kept on
refusal, conflicts named), the unit's whole Excel file uploaded, evidence added and removed in place."""
from django.core.files.uploadedfile import SimpleUploadedFile
from python_calamine import CalamineWorkbook

from parindex.web.audit.models import AuditEntry
from parindex.web.cycles.models import CycleState as C
from parindex.web.cycles.models import Entry, Evidence
from tests.web.conftest import PDF, assessment_of, at_stage, client_for, entry_of


def save_area(client, assessment, area, values, versions=None):
    data = {f"input-{leaf}-{name}": value for leaf, fields in values.items() for name, value in fields.items()}
    data |= {f"version-{leaf}": str(v) for leaf, v in (versions or {}).items()}
    return client.post(f"/assessments/{assessment.pk}/areas/{area}/save/", data)


def test_an_area_is_saved_at_once_with_one_audit_row_per_value(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    a = assessment_of(cycle, units["A"])
    response = save_area(client_for(people["editor_a"]), a, "1", {"1.1": {"numerator": "8", "denominator": "10"}, "1.2": {"value": "có"}},
                         {"1.1": 1, "1.2": 1})
    assert response.status_code == 302 and response.url.endswith("#area-1")
    assert entry_of(cycle, units["A"], "1.1").self_points == 2.0 and entry_of(cycle, units["A"], "1.2").self_points == 2.0
    assert AuditEntry.objects.filter(action="entry.self_points").count() == 2


def test_a_refused_area_saves_nothing_names_each_criterion_and_keeps_what_was_typed(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    a = assessment_of(cycle, units["A"])
    page = save_area(client_for(people["editor_a"]), a, "1", {"1.1": {"numerator": "8", "denominator": "10"}, "1.2": {"value": "maybe"}},
                     {"1.1": 1, "1.2": 1}).content.decode()
    assert "Nothing in this area was saved" in page and "1.2" in page
    assert 'value="8"' in page and 'value="10"' in page  # the good half stays typed, unsaved
    assert entry_of(cycle, units["A"], "1.1").self_points is None and not AuditEntry.objects.filter(action="entry.inputs").exists()


def test_an_area_saved_over_someone_elses_change_names_the_criteria_they_changed(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    a = assessment_of(cycle, units["A"])
    save_area(client_for(people["editor_a"]), a, "1", {"1.1": {"numerator": "5", "denominator": "10"}}, {"1.1": 1})
    page = save_area(client_for(people["editor_a"]), a, "1", {"1.1": {"numerator": "9", "denominator": "10"}, "1.2": {"value": "có"}},
                     {"1.1": 1, "1.2": 1}).content.decode()
    assert "1.1 was changed by editor_a while you were editing" in page
    assert entry_of(cycle, units["A"], "1.2").self_points is None  # all or nothing


def test_the_units_excel_file_comes_with_its_values_and_goes_back_all_or_nothing(cycle, units, people, tmp_path):
    at_stage(cycle, C.SELF_ASSESSMENT)
    a = assessment_of(cycle, units["A"])
    client = client_for(people["editor_a"], lang="vi")
    save_area(client, a, "1", {"1.1": {"numerator": "5", "denominator": "10"}}, {"1.1": 1})
    path = tmp_path / "unit.xlsx"
    path.write_bytes(b"".join(client.get(f"/assessments/{a.pk}/unit-file.xlsx").streaming_content))
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Nhập liệu").to_python()
    header = [str(h) for h in rows[0]]
    assert rows[1][0] == "31" and rows[1][header.index(next(h for h in header if "[1.1:numerator]" in h))] == 5
    csv = "\n".join([",".join(f'"{h}"' for h in header),
                     ",".join(["31", "Hải Phòng", "9", "10", "abc"])]) + "\n"
    bad = client.post(f"/assessments/{a.pk}/unit-file/", {"file": SimpleUploadedFile("haiphong.csv", csv.encode())}, follow=True)
    assert "haiphong.csv" in bad.content.decode() and "dòng 2" in bad.content.decode()
    assert entry_of(cycle, units["A"], "1.1").inputs == {"numerator": 5, "denominator": 10}  # nothing saved
    good = csv.replace(",abc", ",có")
    client.post(f"/assessments/{a.pk}/unit-file/", {"file": SimpleUploadedFile("haiphong.csv", good.encode())})
    assert entry_of(cycle, units["A"], "1.1").inputs == {"numerator": 9, "denominator": 10}
    assert entry_of(cycle, units["A"], "1.2").self_points == 2.0


def test_a_file_with_another_units_row_is_refused_naming_the_upload_not_a_server_path(cycle, units, people, tmp_path):
    at_stage(cycle, C.SELF_ASSESSMENT)
    a = assessment_of(cycle, units["A"])
    client = client_for(people["editor_a"])
    path = tmp_path / "t.xlsx"
    path.write_bytes(b"".join(client.get(f"/assessments/{a.pk}/unit-file.xlsx").streaming_content))
    header = [str(h) for h in CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Nhập liệu").to_python()[0]]
    csv = ",".join(f'"{h}"' for h in header) + "\n" + ",".join(["01", "Hà Nội", "1", "2", "có"]) + "\n"
    page = client.post(f"/assessments/{a.pk}/unit-file/", {"file": SimpleUploadedFile("x.csv", csv.encode())}, follow=True).content.decode()
    assert "other units" in page and entry_of(cycle, units["B"], "1.1").inputs == {}
    short = client.post(f"/assessments/{a.pk}/unit-file/", {"file": SimpleUploadedFile("x.csv", b"unit,name\n31,x\n")}, follow=True)
    assert "x.csv" in short.content.decode() and "/tmp" not in short.content.decode()


def test_evidence_is_added_and_removed_in_place_with_htmx(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    entry = entry_of(cycle, units["A"], "1.1")
    client = client_for(people["editor_a"])
    row = client.post(f"/entries/{entry.pk}/evidence/", {"file": SimpleUploadedFile("qd.pdf", PDF)}, HTTP_HX_REQUEST="true")
    assert row.content.decode().startswith('<tbody id="entry-') and "qd.pdf" in row.content.decode()
    assert "input-1.1-numerator" in row.content.decode()  # the row keeps its fields for the area's form
    evidence = Evidence.objects.get(entry=entry)
    gone = client.post(f"/evidence/{evidence.pk}/remove/", HTTP_HX_REQUEST="true").content.decode()
    assert "qd.pdf" not in gone.split('class="evidence"')[1].split("</ul>")[0]
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    assert AuditEntry.objects.filter(action="evidence.remove", old_value__startswith="qd.pdf").exists()


def test_an_appraisers_refused_points_stay_in_the_box(cycle, units, people):
    at_stage(cycle, C.APPRAISAL)
    cycle.assessments.filter(unit=units["A"]).update(state="submitted")
    Entry.objects.filter(pk=entry_of(cycle, units["A"], "1.1").pk).update(self_points=4.0)
    entry = entry_of(cycle, units["A"], "1.1")
    row = client_for(people["appraiser_a"]).post(f"/entries/{entry.pk}/appraise/", {"points": "2,5", "reason": "", "version": entry.version,
                                                                                    "shown": "4,0"}, HTTP_HX_REQUEST="true").content.decode()
    assert "needs a reason" in row and 'value="2,5"' in row and row.count('class="error"') == 1


def test_the_points_under_review_sent_back_unchanged_are_kept_exactly(cycle, units, people):
    at_stage(cycle, C.APPRAISAL)
    cycle.assessments.filter(unit=units["A"]).update(state="submitted")
    Entry.objects.filter(pk=entry_of(cycle, units["A"], "1.1").pk).update(self_points=2.4096385542168675)
    entry = entry_of(cycle, units["A"], "1.1")
    client_for(people["appraiser_a"], lang="vi").post(f"/entries/{entry.pk}/appraise/",
                                                      {"points": "2,41", "shown": "2,41", "reason": "", "version": entry.version})
    assert entry_of(cycle, units["A"], "1.1").appraised_points == 2.4096385542168675  # no reason needed: nothing changed


def test_after_publication_an_administrator_corrects_a_criterion_from_its_row(cycle, units, people):
    from tests.web.conftest import publish_first_version

    at_stage(cycle, C.SELF_ASSESSMENT)
    publish_first_version(cycle, people)
    entry = entry_of(cycle, units["A"], "1.2")
    client = client_for(people["admin"])
    assert "Reason for the correction" in client.get(f"/assessments/{entry.assessment_id}/").content.decode()
    row = client.post(f"/entries/{entry.pk}/correct/", {"points": "2", "reason": "quyết định tìm thấy", "version": entry.version},
                      HTTP_HX_REQUEST="true").content.decode()
    assert "corrected; publish a new version" in row
    assert entry_of(cycle, units["A"], "1.2").final_points == 2.0
    cycle_page = client.get(f"/cycles/{cycle.pk}/").content.decode()
    assert "Publish a corrected version" in cycle_page


def test_a_change_in_place_sends_the_pages_summary_with_it(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    entry = entry_of(cycle, units["A"], "1.1")
    row = client_for(people["editor_a"]).post(f"/entries/{entry.pk}/evidence/", {"file": SimpleUploadedFile("qd.pdf", PDF)},
                                              HTTP_HX_REQUEST="true").content.decode()
    assert '<div id="summary" hx-swap-oob="true">' in row and 'id="total"' in row
