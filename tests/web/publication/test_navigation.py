"""Finding one's way on the public portal: the home page, the year switcher, the unit picker of the
comparison, the SIPAS filters, the methodology page, and figures as the methodology rounds them."""
import csv
import io

from django.test import Client

from parindex.core.methodology.criteria_table import read_criteria_table
from parindex.web.cycles.models import Programme
from tests.web.conftest import client_for
from tests.web.publication.test_portal import publish_year


def test_the_front_page_is_public_and_leads_to_each_programmes_latest_results(published):
    response = client_for(None, lang="vi").get("/")
    assert response.status_code == 200, "a citizen opening / reads results, not a login form"
    page = response.content.decode()
    assert "PAR 2025" in page and "/results/par-2025/" in page
    for link in ("/results/par-2025/map/", "/results/par-2025/sipas/", "/results/par-2025/compare/", "/methodology/par-2025/"):
        assert link in page, link
    assert "/accounts/login/" in page  # the way in for staff, beside the results


def test_the_front_page_says_so_when_nothing_is_published(db):
    page = client_for(None, lang="vi").get("/").content.decode()
    assert "Chưa có kết quả nào được công bố." in page


def test_every_results_page_switches_to_the_same_page_of_another_year(units, people):
    programme = Programme.objects.create(code="par-years", name_vi="Chỉ số PAR", name_en="PAR Index", unit_kind="province")
    y2024 = publish_year(programme, 2024, people)
    publish_year(programme, 2025, people, previous=y2024, filled=[(units["A"], 3)])
    client = client_for(None, lang="vi")
    for path, other in [("/results/par-years-2025/", "/results/par-years-2024/"),
                        ("/results/par-years-2025/map/", "/results/par-years-2024/map/"),
                        ("/results/par-years-2025/compare/", "/results/par-years-2024/compare/"),
                        ("/results/par-years-2025/units/31/", "/results/par-years-2024/"),
                        ("/methodology/par-years-2025/", "/methodology/par-years-2024/")]:
        switcher = client.get(path).content.decode().split('class="year-switch"')[1].split("</nav>")[0]
        assert f'href="{other}"' in switcher and '<strong aria-current="page">2025</strong>' in switcher, path
    home = client.get("/").content.decode()
    assert "/results/par-years-2024/" in home and "Chỉ số PAR 2025" in home


def test_the_comparison_picks_its_units_and_is_linked_from_ranking_and_scorecard(published):
    client = client_for(None, lang="vi")
    page = client.get("/results/par-2025/compare/", {"unit": ["31", "01", "79"]}).content.decode()
    picker = page.split('id="pick-units"')[1].split("</form>")[0]
    assert picker.count('<select name="unit">') == 4  # three chosen, one to add
    assert '<option value="79" selected>' in picker
    headings = page.split('id="compare"')[1].split("</thead>")[0]
    assert "Hải Phòng" in headings and "Hà Nội" in headings and "Hồ Chí Minh" in headings
    assert "/results/par-2025/compare/" in client.get("/results/par-2025/").content.decode()
    scorecard = client.get("/results/par-2025/units/31/").content.decode()
    form = scorecard.split('id="compare-with"')[1].split("</form>")[0]
    assert 'value="31"' in form and '<option value="31">' not in form, "a unit is compared with the others, not itself"


def test_sipas_narrows_to_a_unit_an_element_or_a_region_and_sorts(published):
    client = client_for(None)
    every = client.get("/results/par-2025/sipas.json").json()
    assert every["meta"]["total_rows"] == len(every["rows"]) > 20
    one = client.get("/results/par-2025/sipas.json", {"unit": "31"}).json()["rows"]
    assert one and {r["unit_code"] for r in one} == {"31"}
    overall = client.get("/results/par-2025/sipas.json", {"element": "overall", "sort": "high"}).json()["rows"]
    assert {r["element_code"] for r in overall} == {"overall"}
    assert [r["index"] for r in overall] == sorted((r["index"] for r in overall), reverse=True)
    region = client.get("/results/par-2025/sipas.json", {"region": "red_river_delta"}).json()["rows"]
    assert region and all(r["region_code"] == "red_river_delta" for r in region)
    page = client_for(None, lang="vi").get("/results/par-2025/sipas/", {"unit": "31"}).content.decode()
    assert 'id="sipas-filters"' in page and '<option value="31" selected>' in page


def test_the_methodology_page_shows_the_tree_with_maxima_rules_and_provenance(published):
    client = client_for(None, lang="vi")
    page = client.get("/methodology/par-2025/").content.decode()
    tree = page.split('id="tree"')[1].split("</table>")[0]
    assert 'data-code="1"' in tree and 'data-code="1.1.2"' in tree
    assert "Tỷ lệ hoàn thành" in tree and ("chính thức" in tree or "minh họa" in tree)
    assert 'id="groups"' in page and "≥ " in page and 'id="how-index"' in page
    data = client_for(None).get("/methodology/par-2025.json").json()
    leaf = next(r for r in data["rows"] if r["code"] == "1.1.2")
    assert leaf["max"] > 0 and leaf["rule"] and leaf["provenance"]
    assert sum(r["max"] for r in data["rows"] if r["depth"] == 1 and r["max"] is not None) == data["scale"]
    assert "/methodology/par-2025/" in client.get("/methodology/").content.decode()


def test_the_ranking_and_scorecard_say_how_the_index_is_formed(published):
    client = client_for(None, lang="vi")
    for path in ("/results/par-2025/", "/results/par-2025/units/31/"):
        line = client.get(path).content.decode().split('id="how-index"')[1].split("</p>")[0]
        assert "điểm thẩm định cộng điểm điều tra xã hội học" in line and "/methodology/par-2025/" in line, path
    assert "appraisal points plus the survey points" in client_for(None, lang="en").get("/results/par-2025/").content.decode()


def test_csv_rounds_to_the_methodologys_decimals_and_json_keeps_full_precision(published):
    client = client_for(None)
    rows = list(csv.DictReader(io.StringIO(client.get("/results/par-2025/sipas.csv").content.decode())))
    data = client.get("/results/par-2025/sipas.json").json()["rows"]
    assert any(len(repr(r["index"]).split(".")[-1]) > 2 for r in data), "the JSON keeps every digit"
    for row, full in zip(rows, data):
        assert len(row["index"].split(".")[-1]) <= 2 and float(row["index"]) == round(full["index"], 2)


def test_sort_orders_are_offered_in_words(published):
    page = client_for(None, lang="vi").get("/results/par-2025/").content.decode()
    sort = page.split('name="sort"')[1].split("</select>")[0]
    assert ">Chỉ số, cao trước<" in sort and ">rank<" not in sort and ">index<" not in sort


def test_a_unit_has_one_name_per_language_on_the_portal_and_in_the_back_office(published, people):
    english = client_for(people["admin"], lang="en")
    portal = english.get("/results/par-2025/").content.decode()
    office = english.get("/work/").content.decode()
    assert "Hai Phong" in portal and "Hai Phong" in office and "Hải Phòng" not in office
    vietnamese = client_for(people["admin"], lang="vi").get("/work/").content.decode()
    assert "Hải Phòng" in vietnamese


def test_a_published_years_criteria_table_downloads_and_imports_back_as_the_same_methodology(published, tmp_path):
    response = Client().get(f"/methodology/{published.slug}/criteria.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    (tmp_path / "t.xlsx").write_bytes(response.content)
    assert read_criteria_table(tmp_path / "t.xlsx").methodology.content_hash == published.methodology_hash


def test_a_programme_has_its_section_of_the_portal_and_its_cycles_an_address_within_it(published):
    code = published.programme.code
    section = Client().get(f"/results/{code}/").content.decode()
    assert published.slug in section and str(published.year) in section
    within = Client().get(f"/results/{code}/{published.slug}/")
    assert within.status_code == 302 and within.url == f"/results/{published.slug}/"
    other = Programme.objects.create(code="hp-so", name_vi="Các sở Hải Phòng", name_en="Hai Phong departments", unit_kind="department")
    assert Client().get(f"/results/{other.code}/{published.slug}/").status_code == 404  # not that programme's year
    assert "chưa công bố" in Client().get(f"/results/{other.code}/").content.decode()
    assert Client().get("/results/no-such-thing/").status_code == 404
