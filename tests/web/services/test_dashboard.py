"""The service index's public dashboard: the ranking of provinces, ministries and a province's
communes in each period, a unit's page with every indicator in words, where it lost points, every
page as JSON and CSV — from the board, in Vietnamese by default, without an official's id."""
import csv
import io
import re
import shutil
from datetime import date

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest

from parindex.core.services import board
from parindex.core.services.generator import Units, generate
from parindex.core.services.ingest import ingest
from parindex.core.services.store import files
from parindex.core.text import format_fixed
from parindex.web.services.pages import methodology
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db


def current(store):
    return board.load(store, methodology().id)


def page(url, lang="vi", **params):
    response = client_for(None, lang=lang).get(url, params)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()


def rows_of(html, table_id):
    body = html.split(f'id="{table_id}"')[1].split("</table>")[0]
    return re.findall(r'<tr data-unit="([^"]+)">', body)


def test_the_ranking_lists_every_province_and_ministry_best_first_in_vietnamese(services_store):
    html = page("/services/")
    shown = current(services_store).standings("month", "province")
    assert rows_of(html, "ranking-province") == [r["unit"] for r in shown] and len(shown) == 34
    assert len(rows_of(html, "ranking-ministry")) == len(current(services_store).standings("month", "ministry")) > 10
    best = shown[0]
    assert f'<td class="num total">{format_fixed(best["total"], "vi")}</td>' in html and "," in format_fixed(best["total"], "vi")
    assert "Tỉnh, thành phố" in html and "Bộ Tư pháp" in html and "Tháng 12/2026" in html and "Xếp loại" in html
    assert "Chọn tỉnh, thành phố để xem xếp hạng" in html


def test_the_provinces_are_on_the_map_with_both_archipelagos(services_store):
    html = page("/services/")
    assert 'id="chart-map"' in html and "Quần đảo Hoàng Sa (Đà Nẵng)" in html and "Quần đảo Trường Sa (Khánh Hòa)" in html


def test_a_provinces_communes_are_ranked_within_it(services_store):
    html = page("/services/", province="VN-01")
    communes = current(services_store).standings("month", "commune", "VN-01")
    assert rows_of(html, "ranking-commune") == [r["unit"] for r in communes] and len(communes) == 3
    assert "Hạng trong tỉnh" in html and "Phường Ba Đình" in html
    assert '<option value="VN-01" selected>Hà Nội</option>' in html


def test_each_period_is_one_switch_away_and_says_what_it_is_compared_with(services_store):
    html = page("/services/")
    for key in ("last_month", "year", "rolling"):
        assert f'href="?period={key}"' in html
    data = client_for(None).get("/services.json", {"period": "last_month"}).json()
    assert (data["meta"]["start"], data["meta"]["end"]) == ("2026-11-01", "2026-11-30")
    assert data["meta"]["compared_with"] == {"start": "2026-10-01", "end": "2026-10-31"}
    assert data["meta"]["records_until"] == "2026-12-31" and data["meta"]["methodology"] == "vn-766-2022"
    assert "so với tháng 10/2026" in page("/services/", period="last_month")
    year = client_for(None).get("/services.json", {"period": "year"}).json()
    assert all(r["change"] is None for r in year["rows"]), "2025 has no records to compare the year with"


def test_a_rows_change_and_places_are_against_the_period_before(services_store):
    rows = client_for(None).get("/services.json").json()["rows"]
    shown = {(r["level"], r["unit_code"]): r for r in rows}
    for r in current(services_store).standings("month", "province"):
        row = shown["province", r["unit"]]
        assert row["change"] == pytest.approx(r["total"] - r["previous_total"])
        assert row["places"] == r["previous_rank"] - r["rank"]
    html = page("/services/")
    assert "▲" in html and "▼" in html and "tăng" in html and "giảm" in html


def test_the_ranking_as_csv_holds_the_same_rows_rounded(services_store):
    text = client_for(None).get("/services.csv", {"province": "VN-01"}).content.decode()
    table = list(csv.DictReader(io.StringIO(text)))
    data = client_for(None).get("/services.json", {"province": "VN-01"}).json()
    assert [r["unit_code"] for r in table] == [r["unit_code"] for r in data["rows"]]
    assert {r["level"] for r in table} == {"province", "ministry", "commune"}
    assert float(table[0]["total"]) == round(data["rows"][0]["total"], 2)


def test_a_provinces_page_shows_its_groups_every_indicator_in_words_and_its_months(services_store):
    row = current(services_store).unit("month", "province", "VN-31-2025")
    html = page("/services/province/VN-31-2025/")
    assert "<h1>Hải Phòng</h1>" in html
    assert f'<span id="total">{format_fixed(row["total"], "vi")}</span>' in html and f'<span id="rank">{row["rank"]}</span>' in html
    groups = html.split('id="groups"')[1].split("</table>")[0]
    assert groups.count("<tr data-group=") == 5 and "Công khai, minh bạch" in groups and "Mức độ hài lòng" in groups
    indicators = html.split('id="indicators"')[1].split("</table>")[0]
    assert indicators.count("<tr data-code=") == 15
    solved, of = row["2.1_numerator"], row["2.1_denominator"]
    assert f"{solved} trên {of} hồ sơ đã giải quyết" in indicators
    assert 'id="chart-trend"' in html and "tháng 1/2026" in html
    assert "so với tháng 11/2026" in html and ("bậc" in html or "giữ nguyên hạng" in html)
    assert 'href="/services/?period=month&amp;province=VN-31-2025#communes"' in html


def test_a_communes_page_names_its_province_and_its_rank_there(services_store):
    code = current(services_store).standings("month", "commune", "VN-01")[0]["unit"]
    html = page(f"/services/commune/{code}/")
    assert 'id="rank-in-province"' in html and "hạng 1 trong 3 đơn vị của Hà Nội" in html
    assert 'href="/services/province/VN-01/?period=month"' in html
    assert "danh mục thủ tục của tỉnh" in html


def test_counts_are_grouped_by_thousands():
    from parindex.web.services.pages import count

    assert (count(1234, "vi"), count(1234, "en"), count(12, "vi")) == ("1.234", "1,234", "12")


def test_the_unit_page_as_data_holds_every_indicator(services_store):
    data = client_for(None).get("/services/province/VN-01.json", {"period": "rolling"}).json()
    row = current(services_store).unit("rolling", "province", "VN-01")
    assert len(data["rows"]) == 15 and data["meta"]["period"] == "rolling"
    first = data["rows"][0]
    assert (first["numerator"], first["denominator"], first["points"]) == (row["1.1_numerator"], row["1.1_denominator"], row["1.1_points"])
    assert data["standing"]["rank"] == row["rank"] and len(data["trend"]) == 12
    text = client_for(None).get("/services/province/VN-01.csv").content.decode()
    assert text.splitlines()[0].startswith("group,group_name,code,indicator,numerator,denominator")


def test_where_points_were_lost_comes_with_the_page_and_on_its_own(services_store):
    fragment = client_for(None, lang="vi").get("/services/province/VN-01/procedures/", HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment and 'id="lost-by-procedure"' in fragment and "không đạt" in fragment
    assert fragment.count("<tr data-procedure=") <= 10
    data = client_for(None).get("/services/province/VN-01/procedures.json").json()
    row = current(services_store).unit("month", "province", "VN-01")
    leaves = {leaf.code: leaf.max_points for leaf in methodology().leaves()}
    lost: dict[str, float] = {}
    for r in data["rows"]:
        lost[r["code"]] = lost.get(r["code"], 0.0) + r["points_lost"]
    assert lost and all(points == pytest.approx(leaves[c] - row[f"{c}_points"]) for c, points in lost.items())
    whole = page("/services/province/VN-01/procedures/")
    assert "<h1>Bị mất điểm ở thủ tục nào — Hà Nội</h1>" in whole


def test_a_unit_or_level_the_board_does_not_know_is_not_found(services_store):
    client = client_for(None)
    assert client.get("/services/province/VN-99/").status_code == 404
    assert client.get("/services/district/VN-01/").status_code == 404
    assert client.get("/services/district/VN-01/procedures.json").status_code == 404


def test_english_is_one_switch_away(services_store):
    html = page("/services/province/VN-01/", lang="en")
    assert "The five groups" in html and "Transparency" in html and "Ha Noi" in html and " of " in html
    assert "December 2026" in page("/services/", lang="en")


def test_without_records_the_dashboard_says_so(settings, tmp_path):
    settings.PARINDEX_SERVICES_STORE = tmp_path / "empty"
    assert "Chưa nhận được số liệu hồ sơ nào" in page("/services/")
    assert client_for(None).get("/services.json").json()["rows"] == []
    assert not (tmp_path / "empty").exists(), "reading an empty store creates nothing"


def test_no_officials_id_reaches_a_public_page_or_its_data(services_store):
    officials = set(pc.unique(pa.concat_tables([pq.ParquetFile(p).read(columns=["official"]) for p in files(services_store, "dossiers")])
                              ["official"]).to_pylist())
    assert len(officials) > 100
    now = current(services_store)
    units = [("province", "VN-01"), ("ministry", now.standings("month", "ministry")[0]["unit"]),
             ("commune", now.standings("month", "commune", "VN-01")[0]["unit"])]
    urls = ["/services/", "/services.json", "/services.csv", "/services/?province=VN-01"]
    for level, code in units:
        for suffix in ("/", ".json", ".csv", "/procedures/", "/procedures.json", "/procedures.csv"):
            urls.append(f"/services/{level}/{code}{suffix}")
    client = client_for(None, lang="vi")
    for url in urls:
        for period in board.PERIODS:
            body = client.get(url, {"period": period}).content.decode()
            leaked = [o for o in officials if o in body]
            assert not leaked, (url, period, leaked[:3])


def test_the_csv_neutralises_a_unit_code_that_looks_like_a_formula(settings, tmp_path):
    units = Units(np.array(["=1+1", "VN-01"]), np.array(["commune", "province"]), np.array(["VN-01", "VN-01"]))
    generate(tmp_path, units, date(2026, 3, 1), 20, 300, seed=3)
    settings.PARINDEX_SERVICES_STORE = tmp_path
    text = client_for(None).get("/services.csv", {"province": "VN-01"}).content.decode()
    assert "'=1+1" in text and re.search(r'(^|,)"?=1\+1', text, re.M) is None


def test_a_page_after_an_ingest_shows_the_new_records(settings, services_records, tmp_path):
    store = tmp_path / "store"
    shutil.copytree(services_records, store)
    settings.PARINDEX_SERVICES_STORE = store
    before = client_for(None).get("/services.json").json()["meta"]["records_until"]
    late = pq.ParquetFile(files(store, "dossiers")[-1]).read().slice(0, 5)
    late = late.set_column(0, "dossier_id", pc.binary_join_element_wise(late["dossier_id"], pa.scalar("-next"), ""))
    for name, value in (("received_on", date(2027, 1, 4)), ("due_on", date(2027, 1, 8)), ("completed_on", None)):
        late = late.set_column(late.schema.get_field_index(name), name, pa.array([value] * late.num_rows, pa.date32()))
    late = late.set_column(late.schema.get_field_index("state"), "state", pa.array(["processing"] * late.num_rows))
    pq.write_table(late, tmp_path / "batch.parquet")
    ingest(store, [tmp_path / "batch.parquet"])
    after = client_for(None).get("/services.json").json()["meta"]
    assert (before, after["records_until"], after["period_name"]) == ("2026-12-31", "2027-01-04", "January 2027 (to 04/01/2027)")


def test_when_the_store_cannot_be_reached_the_dashboard_shows_the_last_board_built(own_store, monkeypatch):
    from parindex.core.errors import ParindexError, Where

    before = page("/services/")
    assert "Hà Nội" in before

    def unreachable(root, table):
        raise ParindexError("store_unavailable", "the store cannot be reached", Where(path="PARINDEX_SERVICES_STORE"))

    monkeypatch.setattr(board, "files", unreachable)  # the object store down: every listing fails
    after = rows_of(page("/services/"), "ranking-province")
    assert len(after) == 34 and after == rows_of(before, "ranking-province")
