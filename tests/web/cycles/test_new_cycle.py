"""An administrator sets up a cycle in the web: programme, methodology (built in or a file checked
with its problems located on the page), last year's cycle and deadlines in order."""
from django.core.files.uploadedfile import SimpleUploadedFile

from parindex.web.cycles.models import Cycle, Programme
from tests.conftest import DATA
from tests.web.conftest import client_for


def test_a_cycle_is_created_from_a_built_in_methodology_with_its_units(units, people):
    client = client_for(people["admin"])
    response = client.post("/cycles/new/", {"programme_code": "par-tinh", "programme_name": "Chỉ số CCHC cấp tỉnh", "unit_kind": "province",
                                            "year": 2026, "slug": "par-tinh-2026", "methodology": "vn-par-province-2022",
                                            "self_assessment_due": "2026-03-31", "appraisal_due": "2026-05-15"})
    cycle = Cycle.objects.get(slug="par-tinh-2026")
    assert response.url == f"/cycles/{cycle.pk}/"
    assert cycle.assessments.count() == 34 and str(cycle.self_assessment_due) == "2026-03-31"
    assert Programme.objects.get(code="par-tinh").name_vi == "Chỉ số CCHC cấp tỉnh"


def test_an_uploaded_methodology_with_problems_is_refused_with_its_lines_on_the_page(units, people):
    broken = (DATA / "valid-small.yaml").read_text(encoding="utf-8").replace("max: 4\n", "max: four\n", 1)
    page = client_for(people["admin"], lang="vi").post("/cycles/new/", {
        "programme_code": "thu", "programme_name": "Thử", "unit_kind": "province", "year": 2026, "slug": "thu-2026",
        "methodology_file": SimpleUploadedFile("cua-toi.yaml", broken.encode())}).content.decode()
    assert "cua-toi.yaml" in page and "dòng" in page
    assert not Cycle.objects.filter(slug="thu-2026").exists()


def test_deadlines_out_of_order_are_refused(units, people):
    page = client_for(people["admin"]).post("/cycles/new/", {
        "programme_code": "thu", "programme_name": "Thử", "unit_kind": "province", "year": 2026, "slug": "thu-2026",
        "methodology": "vn-par-province-2022", "self_assessment_due": "2026-03-31", "appraisal_due": "2026-01-15"}).content.decode()
    assert "comes before" in page and not Cycle.objects.filter(slug="thu-2026").exists()


def test_only_administrators_create_cycles(people):
    assert client_for(people["council"]).get("/cycles/new/").status_code == 403
