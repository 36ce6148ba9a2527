"""The public portal: every page is also data, and the data equals what the page shows."""
import hashlib
import html
import io
import re
import zipfile

import pytest

from parindex.web.cycles import transitions as t
from parindex.web.cycles.models import AssessmentState as A
from parindex.web.cycles.models import CycleState as C
from parindex.web.publication.transitions import publish
from tests.web.conftest import at_stage, client_for, fill

CELL = re.compile(r'<td class="([\w]+)">(.*?)</td>', re.S)


def cells_of(page: str, chart: str | None = None) -> list[list[tuple[str, str]]]:
    """The cells of the page's main table: the first whose cells are labelled with their column,
    not counting the data tables beside charts — unless ``chart`` names one of those."""
    tables = page.split("<table")[1:]
    if chart is None:
        tables = [t for t in tables if 'class="chart-table"' not in t.split(">", 1)[0]] or tables
    else:
        tables = [t for t in tables if f'data-chart="{chart}"' in t.split(">", 1)[0]]
    bodies = [t.split("<tbody>", 1)[1].split("</tbody>", 1)[0] for t in tables if "<tbody>" in t]
    body = next(b for b in bodies if CELL.search(b))
    return [[(k, html.unescape(re.sub(r"<[^>]+>", "", v)).strip()) for k, v in CELL.findall(row)] for row in body.split("</tr>") if CELL.search(row)]


def formatted(value, lang="vi"):
    from parindex.web.cycles.templatetags.parindex import cell

    return str(cell(value, lang))


@pytest.mark.parametrize("path", ["/results/par-2025/", "/results/par-2025/units/31/", "/results/par-2025/sipas/",
                                  "/results/par-2025/map/", "/results/par-2025/map/?colour=group",
                                  "/results/par-2025/compare/?units=31,01", "/results/par-2025/?region=red_river_delta&sort=index"])
def test_the_json_figures_are_the_figures_on_the_page(published, path):
    client = client_for(None, lang="vi")
    page = client.get(path).content.decode()
    base, _, query = path.partition("?")
    data = client.get(base.rstrip("/") + ".json" + (f"?{query}" if query else "")).json()
    shown = cells_of(page)
    assert len(shown) == len(data["rows"]) > 0
    for row_cells, row in zip(shown, data["rows"]):
        for key, text in row_cells:
            assert text == formatted(row[key]), (path, key)


def test_csv_has_the_same_rows(published):
    client = client_for(None)
    lines = client.get("/results/par-2025.csv").content.decode().splitlines()
    data = client.get("/results/par-2025.json").json()
    assert lines[0].split(",")[:2] == ["rank", "unit"] and len(lines) == len(data["rows"]) + 1


def test_ranking_filters_by_region_and_group_and_sorts(published):
    client = client_for(None)
    rows = client.get("/results/par-2025.json?region=red_river_delta").json()["rows"]
    assert rows and all(r["region_code"] == "red_river_delta" for r in rows)
    by_index = client.get("/results/par-2025.json?sort=index").json()["rows"]
    assert [r["index"] for r in by_index] == sorted((r["index"] for r in by_index), reverse=True)
    group = by_index[0]["group"]
    assert all(r["group"] == group for r in client.get(f"/results/par-2025.json?group={group}").json()["rows"])


def test_the_scorecard_shows_reasons_lost_points_and_sipas(published):
    data = client_for(None, lang="en").get("/results/par-2025/units/31.json").json()
    assert data["rank"] >= 1 and data["strongest"]["area"] != data["weakest"]["area"]
    assert data["points_lost"][0]["lost"] >= data["points_lost"][-1]["lost"]
    assert {r["element"] for r in data["sipas"]} >= {"access", "overall"}


def test_the_bundle_holds_data_methodology_and_valid_checksums(published):
    response = client_for(None).get("/results/par-2025/bundle.zip")
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    files = {name.split("/", 1)[1]: archive.read(name) for name in archive.namelist()}
    assert set(files) == {"ranking.csv", "snapshot.json", "vn-par-province-2022.yaml", "AUDIT_HEAD", "SHA256SUMS"}
    for line in files["SHA256SUMS"].decode().splitlines():
        digest, name = line.split("  ")
        assert hashlib.sha256(files[name]).hexdigest() == digest


def test_the_workbook_has_the_official_sheets_and_the_published_figures(published):
    from python_calamine import CalamineWorkbook

    response = client_for(None).get("/results/par-2025/report.xlsx")
    book = CalamineWorkbook.from_filelike(io.BytesIO(response.content))
    assert book.sheet_names == ["Xếp hạng", "Lĩnh vực", "Chi tiết", "SIPAS", "Nguồn gốc"]
    ranking = book.get_sheet_by_name("Xếp hạng").to_python()
    data = client_for(None).get("/results/par-2025.json").json()
    first = data["rows"][0]
    assert ranking[3][0] == first["rank"] and ranking[3][5] == round(first["index"], 2)


def test_the_cli_writes_the_same_workbook_from_the_bundle(published, tmp_path):
    from click.testing import CliRunner

    from parindex.cli.main import cli

    archive = zipfile.ZipFile(io.BytesIO(client_for(None).get("/results/par-2025/bundle.zip").content))
    archive.extractall(tmp_path)
    folder = next(tmp_path.iterdir())
    result = CliRunner().invoke(cli, ["report", "workbook", str(folder / "snapshot.json"), "--methodology",
                                      str(folder / "vn-par-province-2022.yaml"), "--out", str(tmp_path / "r.xlsx")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "r.xlsx").stat().st_size > 1000


def test_the_map_page_lists_every_province_of_the_years_set_and_both_archipelagos(published):
    data = client_for(None, lang="en").get("/results/par-2025/map.json").json()
    assert data["province_set"] == "34" and len(data["rows"]) == published.assessments.count() == 34
    assert {a["id"]: a["province_id"] for a in data["archipelagos"]} == {"hoang-sa": "VN-48-2025", "truong-sa": "VN-56-2025"}
    assert "Hoàng Sa" in data["description"] and "Trường Sa" in data["description"]


@pytest.mark.parametrize("page", ["/results/par-2025/report.pdf", "/results/par-2025/units/31.pdf"])
def test_the_reports_download_as_pdf_with_the_published_figures(published, page, tmp_path):
    import subprocess

    response = client_for(None, lang="vi").get(page)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    (tmp_path / "r.pdf").write_bytes(response.content)
    text = subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"], check=True, capture_output=True, text=True).stdout
    scorecard = client_for(None, lang="vi").get("/results/par-2025/units/31.json").json()
    assert "Hải Phòng" in text and formatted(scorecard["index"]) in text


@pytest.mark.parametrize("api, page", [
    ("ranking?sort=index&region=red_river_delta", ".json?sort=index&region=red_river_delta"), ("map", "/map.json"),
    ("units/31", "/units/31.json"), ("sipas", "/sipas.json"), ("compare?units=31,01", "/compare.json?units=31,01")])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_api_returns_exactly_what_each_pages_json_returns(published, api, page, lang):
    path, _, query = api.partition("?")
    from_api = client_for(None).get(f"/api/v1/results/par-2025/{path}?lang={lang}&{query}").json()
    assert from_api == client_for(None, lang=lang).get(f"/results/par-2025{page}").json()


def test_openapi_documents_every_portal_page_with_its_rows(db):
    schema = client_for(None).get("/api/v1/openapi.json").json()
    for path in ("ranking", "map", "units/{code}", "compare", "sipas"):
        assert f"/api/v1/results/{{slug}}/{path}" in schema["paths"]
    rows = schema["components"]["schemas"]["RankingRow"]["properties"]
    assert {"rank", "unit", "index", "group", "change", "appraisal_points", "survey_points"} <= set(rows)


def publish_year(programme, year, people, previous=None, filled=()):
    """A cycle of ``programme`` published with some units' criterion 1.1 filled (unit, days late)."""
    from parindex.web.cycles.models import Membership, Role
    from parindex.web.cycles.setup import create_cycle

    cycle = create_cycle(programme, year, "vn-par-province-2022", f"{programme.code}-{year}", people["admin"], previous=previous)
    at_stage(cycle, C.SELF_ASSESSMENT)
    for unit, days in filled:
        Membership.objects.get_or_create(user=people["editor_b"], role=Role.EDITOR, unit=unit)
        fill(cycle, unit, people["editor_b"], {"1.1.1": {"days_late": days}, "1.1.2": {"numerator": 9, "denominator": 10}})
    at_stage(cycle, C.COUNCIL)
    cycle.assessments.update(state=A.FINAL)
    t.approve_by_council(cycle, people["council"])
    publish(cycle, people["admin"])
    return cycle


def test_the_scorecard_trend_reaches_back_through_the_2025_mergers(units, people):
    from parindex.web.cycles.models import Programme, Unit

    programme = Programme.objects.create(code="trend", name_vi="PAR", name_en="PAR", unit_kind="province")

    def published_cycle(year, previous=None, filled=()):
        return publish_year(programme, year, people, previous, filled)

    hai_phong, hai_duong = Unit.objects.get(uid="VN-31"), Unit.objects.get(uid="VN-30")
    y2024 = published_cycle(2024, filled=[(hai_phong, 0), (hai_duong, 30)])
    published_cycle(2025, previous=y2024, filled=[(units["A"], 3)])
    old = y2024.snapshots.get().published().index_by_unit()
    assert old["VN-31"] != old["VN-30"]

    data = client_for(None, lang="en").get("/results/trend-2025/units/31.json").json()
    assert [p["year"] for p in data["trend"]] == [2024, 2025]
    assert data["trend"][0]["index"] == pytest.approx((old["VN-31"] + old["VN-30"]) / 2)
    assert data["trend"][0]["rank"] is None and "mean" in data["trend"][0]["how"]
    assert data["trend"][1]["index"] == data["index"] and data["trend"][1]["how"] == ""


def test_the_cli_writes_the_unit_report_from_the_bundle_and_names_an_unknown_unit(published, tmp_path):
    from click.testing import CliRunner

    from parindex.cli.main import cli

    zipfile.ZipFile(io.BytesIO(client_for(None).get("/results/par-2025/bundle.zip").content)).extractall(tmp_path)
    folder = next(p for p in tmp_path.iterdir() if p.is_dir())
    args = ["report", "pdf", str(folder / "snapshot.json"), "--methodology", str(folder / "vn-par-province-2022.yaml")]
    result = CliRunner().invoke(cli, [*args, "--unit", "31", "--out", str(tmp_path / "hp.pdf")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "hp.pdf").read_bytes().startswith(b"%PDF")
    result = CliRunner().invoke(cli, [*args, "--unit", "99", "--out", str(tmp_path / "x.pdf")])
    assert result.exit_code != 0 and "99" in result.output and "--unit" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_the_ranking_says_how_sure_each_rank_is(published):
    data = client_for(None).get("/results/par-2025.json").json()
    assert data["meta"]["uncertainty"]["seed"] == 2025 and data["meta"]["uncertainty"]["replications"] == 2000
    for row in data["rows"]:
        assert row["rank_q05"] <= row["rank_q95"] and row["rank_interval"] == f"{row['rank_q05']}–{row['rank_q95']}"
        assert sum(row["group_probabilities"].values()) == pytest.approx(1.0)
    page = client_for(None, lang="vi").get("/results/par-2025/").content.decode()
    assert "Khoảng xếp hạng 90 %" in page and "2000" in page


def test_the_scorecard_lists_what_to_fix_to_reach_the_next_group(published):
    data = client_for(None, lang="en").get("/results/par-2025/units/31.json").json()
    plan = data["what_to_fix"]["next_group"]
    assert plan["group"] == data["group"] and plan["next_group"] is not None and plan["criteria"]
    assert sum(c["gain"] for c in plan["criteria"]) >= plan["points_needed"] - 1e-9
    assert data["what_to_fix"]["lost"][0]["lost"] >= data["what_to_fix"]["lost"][-1]["lost"]
    page = client_for(None, lang="en").get("/results/par-2025/units/31/").content.decode()
    assert f"To reach group {plan['next_group']}" in page and plan["criteria"][0]["leaf"] in page


def test_the_cli_analyses_a_published_bundle_reproducibly(published, tmp_path):
    import csv

    from click.testing import CliRunner

    from parindex.cli.main import cli

    zipfile.ZipFile(io.BytesIO(client_for(None).get("/results/par-2025/bundle.zip").content)).extractall(tmp_path)
    folder = next(p for p in tmp_path.iterdir() if p.is_dir())
    args = ["analyse", str(folder / "snapshot.json"), "--methodology", str(folder / "vn-par-province-2022.yaml"),
            "--replications", "500", "--sobol", "100", "--seed", "9"]
    for out in ("a", "b"):
        result = CliRunner().invoke(cli, [*args, "--out", str(tmp_path / out)])
        assert result.exit_code == 0, result.output
    first, second = ((tmp_path / out / "rank_uncertainty.csv").read_text() for out in ("a", "b"))
    assert first == second
    rows = list(csv.DictReader(io.StringIO(first)))
    assert len(rows) == 34 and {"rank_q05", "rank_q95", "p_group_A"} <= set(rows[0])
    assert {p.name for p in (tmp_path / "a").iterdir()} >= {"sobol.csv", "what_to_fix.csv", "self_assessment_inflation.csv",
                                                           "leave_one_out_areas.csv", "analysis.json"}
    result = CliRunner().invoke(cli, [*args, "--format", "xlsx", "--out", str(tmp_path / "x")])
    assert result.exit_code == 0 and (tmp_path / "x/analysis.xlsx").exists()
