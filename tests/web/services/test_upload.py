"""An office without an integration uploads a CSV or Parquet batch for its own units: the counts
taken, or every problem located by file, row and column, in Vietnamese; a refused file stores nothing."""
import csv
import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from parindex.web.services.intake import upload_units
from tests.web.conftest import client_for
from tests.web.services.records import dossier

URL = "/services/upload/"


def as_csv(records: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(records[0]))
    writer.writeheader()
    writer.writerows({k: ("" if v is None else str(v).lower() if isinstance(v, bool) else v) for k, v in r.items()} for r in records)
    return out.getvalue().encode()


def send(user, name: str, content: bytes, lang: str = "vi"):
    return client_for(user, lang).post(URL, {"file": SimpleUploadedFile(name, content)})


def test_it_shows_the_form_and_the_officials_units(own_store, people):
    page = client_for(people["editor_b"], "vi").get(URL).content.decode()
    assert "Gửi hồ sơ, phản ánh kiến nghị từ tệp" in page and "Hà Nội" in page and 'name="file"' in page


def test_it_names_the_province_first_and_counts_its_communes_rather_than_listing_codes(own_store, people):
    page = client_for(people["editor_b"], "vi").get(URL).content.decode()
    communes = len([code for code in upload_units(people["editor_b"]) if code != "VN-01"])
    assert f"Hà Nội và {communes} xã, phường" in page and "VN-00004-2025" not in page


def test_a_province_editor_uploads_for_the_province_and_its_communes(people, db):
    units = upload_units(people["editor_b"])
    assert "VN-01" in units and "VN-00004-2025" in units and "VN-31-2025" not in units


def test_it_takes_a_csv_batch_and_says_how_many(own_store, people):
    page = send(people["editor_b"], "ha-noi.csv", as_csv([dossier(1), dossier(2)])).content.decode()
    assert "Đã nhận 2 bản ghi: 2 mới, 0 cập nhật, 0 không đổi." in page


def test_it_takes_a_parquet_batch(own_store, people):
    out = io.BytesIO()
    pq.write_table(pa.Table.from_pylist([{k: v if not isinstance(v, bool) else str(v).lower() for k, v in dossier(1).items()}]), out)
    page = send(people["editor_b"], "ha-noi.parquet", out.getvalue()).content.decode()
    assert "Đã nhận 1 bản ghi: 1 mới" in page


def test_the_same_file_twice_changes_nothing(own_store, people):
    content = as_csv([dossier(1)])
    send(people["editor_b"], "ha-noi.csv", content)
    assert "0 mới, 0 cập nhật, 1 không đổi" in send(people["editor_b"], "ha-noi.csv", content).content.decode()


def test_a_refused_file_shows_every_problem_located_and_stores_nothing(own_store, people):
    bad = as_csv([dossier(1), dossier(2, received_on="2026-13-01"), dossier(3, unit="VN-31-2025", province="VN-31-2025")])
    page = send(people["editor_b"], "ha-noi.csv", bad).content.decode()
    assert 'id="upload-problems"' in page and "không có gì được lưu" in page
    assert "Tệp ha-noi.csv, dòng 3, cột &#x27;received_on&#x27;" in page
    assert "dòng 4, cột &#x27;unit&#x27;: đơn vị «VN-31-2025» không thuộc các đơn vị được phép gửi số liệu." in page
    assert "staging" not in page
    assert "1 mới" in send(people["editor_b"], "ha-noi.csv", as_csv([dossier(1)])).content.decode()


def test_problems_come_in_english_after_the_switch(own_store, people):
    page = send(people["editor_b"], "ha-noi.csv", as_csv([dossier(1, channel="fax")]), lang="en").content.decode()
    assert "ha-noi.csv (row 2" in page or "ha-noi.csv, row 2" in page
    assert "The file was refused and nothing was stored" in page


def test_a_file_of_another_kind_is_refused_in_words(own_store, people):
    page = send(people["editor_b"], "ha-noi.xlsx", b"PK\x03\x04").content.decode()
    assert "Hãy chọn một tệp CSV hoặc Parquet." in page


def test_it_requires_a_units_data_entry_role(own_store, people):
    assert client_for(people["approver_a"]).get(URL).status_code == 403
    assert client_for(None).get(URL).status_code == 302


@pytest.mark.parametrize("kind", ["dossiers", "feedback"])
def test_the_sample_file_names_every_field_and_its_example_is_taken_as_it_is(own_store, people, kind):
    from parindex.core.services.records import TABLES

    sample = client_for(people["editor_b"], "vi").get(f"/services/upload/{kind}.csv")
    assert sample.status_code == 200 and sample["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(sample.content.decode("utf-8-sig"))))
    assert rows[0] == [f.name for f in TABLES[kind].fields] and rows[1][rows[0].index("unit")] == "VN-01"
    page = send(people["editor_b"], f"{kind}-mau.csv", sample.content).content.decode()
    assert "Đã nhận 1 bản ghi: 1 mới" in page


def test_the_upload_page_offers_the_sample_files(own_store, people):
    page = client_for(people["editor_b"], "vi").get(URL).content.decode()
    assert 'href="/services/upload/dossiers.csv"' in page and 'href="/services/upload/feedback.csv"' in page


def test_the_sample_record_is_for_the_province_not_a_department_listed_before_it():
    """Records whose unit is a department of the province's own registry count under no province
    unless they name it: the sample is for the province itself, whose index they reach."""
    from parindex.web.services.intake import sample, sample_unit

    units = ["HP-SO-BQLKKT", "HP-SO-CT", "VN-10549-2025", "VN-31-2025"]
    assert sample_unit(units) == "VN-31-2025"
    names, example = sample("dossiers", "VN-31-2025")
    assert dict(zip(names, example))["province"] == "VN-31-2025" and dict(zip(names, example))["level"] == "province"
    commune = dict(zip(*sample("feedback", "VN-10549-2025")))
    assert (commune["level"], commune["province"]) == ("commune", "VN-31-2025")
