"""A province runs its own index in the web (issue 14): its office uploads its criteria table and
the registry of its departments, and gets a programme whose cycles assess those departments only,
beside the national programme; a registry with mistakes is refused on the page, located, with
nothing created."""
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from parindex.core.inputs.registry import read_registry
from parindex.web.audit.models import AuditEntry
from parindex.web.cycles.models import Cycle, Membership, Programme, Role, Unit
from parindex.web.cycles.setup import create_cycle
from tests.core.methodology.test_criteria_table import OFFICE_ROWS, office_table
from tests.web.conftest import client_for

REGISTRY = ("Mã,Tên,Tên tiếng Anh,Loại,Trực thuộc\n"
            "S01,Sở Nội vụ,Department of Home Affairs,sở,31\n"
            "S02,Sở Tài chính,Department of Finance,sở,31\n"
            "S03,Sở Tư pháp,,sở,31\n")


def new_programme(client, tmp_path, registry: str, slug: str = "hp-so-2026"):
    table = office_table(tmp_path / "tieu-chi.xlsx", OFFICE_ROWS, settings={"unit_kind": "department"})
    return client.post("/cycles/new/", {
        "programme_code": "hp-so", "programme_name": "Chỉ số CCHC các sở Hải Phòng", "unit_kind": "department", "year": 2026,
        "slug": slug, "methodology_file": SimpleUploadedFile("tieu-chi.xlsx", table.read_bytes()),
        "registry_file": SimpleUploadedFile("danh-muc.csv", registry.encode())})


def test_an_office_creates_its_departments_programme_from_its_table_and_registry(units, people, tmp_path):
    response = new_programme(client_for(people["admin"]), tmp_path, REGISTRY)
    assert response.status_code == 302, response.content.decode().split('role="alert"')[-1][:800]
    cycle = Cycle.objects.get(slug="hp-so-2026")
    assert response.status_code == 302 and response.url == f"/cycles/{cycle.pk}/"
    assert sorted(a.unit.name_vi for a in cycle.assessments.select_related("unit")) == ["Sở Nội vụ", "Sở Tài chính", "Sở Tư pháp"]
    assert cycle.methodology.id == "hp-departments-2026" and len(cycle.methodology.leaves()) == 4
    justice = Unit.objects.get(uid="HP-SO-S03")
    assert justice.programme.code == "hp-so" and justice.name_en == "So Tu phap" and justice.parent_uid == "VN-31-2025"
    assert AuditEntry.objects.filter(action="programme.units").exists()
    national = create_cycle(Programme.objects.create(code="par", name_vi="PAR", name_en="PAR", unit_kind="province"),
                            2026, "vn-par-province-2022", "par-2026", people["admin"])
    assert national.assessments.count() == 34  # the national index is unchanged: provinces, not the departments


def test_a_registry_with_mistakes_is_refused_on_the_page_and_nothing_is_created(units, people, tmp_path):
    broken = REGISTRY + "S04,,,sở,31\nS05,Sở Y tế,,bệnh viện,31\n"
    page = new_programme(client_for(people["admin"], lang="vi"), tmp_path, broken).content.decode()
    assert "danh-muc.csv" in page and "dòng 5" in page and "dòng 6, cột &#x27;D&#x27;" in page
    assert not Programme.objects.filter(code="hp-so").exists() and not Unit.objects.filter(uid__startswith="HP-SO-").exists()
    assert not Cycle.objects.filter(slug="hp-so-2026").exists()


def test_a_new_programme_of_departments_needs_its_registry(units, people, tmp_path):
    table = office_table(tmp_path / "tieu-chi.xlsx", OFFICE_ROWS)
    page = client_for(people["admin"]).post("/cycles/new/", {
        "programme_code": "hp-so", "programme_name": "Sở", "unit_kind": "department", "year": 2026, "slug": "hp-so-2026",
        "methodology_file": SimpleUploadedFile("tieu-chi.xlsx", table.read_bytes())}).content.decode()
    assert "needs their registry file" in page and not Cycle.objects.exists()


def test_the_templates_to_fill_are_offered_to_administrators(people):
    client = client_for(people["admin"])
    for url in ("/cycles/new/criteria-template.xlsx", "/cycles/new/registry-template.xlsx"):
        response = client.get(url)
        assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"PK"


def test_a_provinces_communes_come_ready_as_a_registry_that_reads_back(units, people, tmp_path):
    response = client_for(people["admin"]).get("/cycles/new/registry-template.xlsx", {"province": "48"})
    path = tmp_path / "da-nang.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    catalogue = read_registry(path, prefix="DN")
    names = {u.name.vi for u in catalogue.units}
    assert len(catalogue.units) > 90 and "Đặc khu Hoàng Sa" in names  # Đà Nẵng's, the island special zone included
    assert {u.parent for u in catalogue.units} == {"VN-48-2025"} and {u.kind for u in catalogue.units} >= {"commune", "ward", "special_zone"}
    assert client_for(people["admin"]).get("/cycles/new/registry-template.xlsx", {"province": "Atlantis"}).status_code == 404


def test_roles_never_reach_across_programmes(units, people, tmp_path):
    """Who sees which file, across the national programme and a province's own: each role holds for
    its unit, so a department's editor never opens a province's file, nor the province's editor a
    department's; someone with roles in both sees both, and each list shows only what its reader may."""
    new_programme(client_for(people["admin"]), tmp_path, REGISTRY)
    national = create_cycle(Programme.objects.create(code="par", name_vi="PAR", name_en="PAR", unit_kind="province"),
                            2026, "vn-par-province-2022", "par-2026", people["admin"])
    justice = Cycle.objects.get(slug="hp-so-2026").assessments.get(unit__uid="HP-SO-S03")
    hai_phong = national.assessments.get(unit=units["A"])
    User = get_user_model()
    department_editor = User.objects.create_user("bt.stp", password="pw")
    Membership.objects.create(user=department_editor, role=Role.EDITOR, unit=justice.unit)
    both = User.objects.create_user("both", password="pw")
    Membership.objects.create(user=both, role=Role.EDITOR, unit=justice.unit)
    Membership.objects.create(user=both, role=Role.EDITOR, unit=units["A"])
    for user, opens, closed in ((department_editor, [justice], [hai_phong]), (people["editor_a"], [hai_phong], [justice]),
                                (both, [justice, hai_phong], [])):
        client = client_for(user)
        for assessment in opens:
            page = client.get(f"/assessments/{assessment.pk}/")
            assert page.status_code == 200 and str(assessment.unit) in page.content.decode(), (user, assessment)
        for assessment in closed:
            assert client.get(f"/assessments/{assessment.pk}/").status_code in (403, 404), (user, assessment)
        listed = client.get("/work/").content.decode()
        assert all(f"/assessments/{a.pk}/" in listed for a in opens) and not any(f"/assessments/{a.pk}/" in listed for a in closed)
