"""Who holds a unit's late dossiers: its leaders and its province's office see the overdue and
nearly-due dossiers with the receiving agency and the handling official; nobody else sees a page or
an official's id; each unit's leader gets the week by email."""
import csv
import io
from datetime import date

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import pytest
from django.core import mail
from django.core.management import call_command

from parindex.core.services import board
from parindex.core.services.engine import DuckDBEngine, overdue
from parindex.core.services.store import files
from parindex.web.services.pages import methodology
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db

HAI_PHONG = "/services/province/VN-31-2025/responsibility"


def late_in_year(store, level="province", code="VN-31-2025"):
    found = board.load(store, methodology().id)
    return overdue(DuckDBEngine(store), level, code, found.period("year")[0])


def officials(store) -> set[str]:
    tables = [pq.ParquetFile(p).read(columns=["official"]) for p in files(store, "dossiers")]
    return set(pc.unique(pa.concat_tables(tables)["official"]).to_pylist())


def test_a_units_leader_sees_its_overdue_dossiers_with_who_handles_them(services_store, people):
    late = late_in_year(services_store)
    assert len(late) > 0
    html = client_for(people["approver_a"], lang="vi").get(f"{HAI_PHONG}/", {"period": "year"}).content.decode()
    table = html.split('id="overdue"')[1].split("</table>")[0]
    assert table.count("<tr data-dossier=") == len(late)
    first = late.iloc[0]
    assert f'<tr data-dossier="{first["dossier_id"]}">' in table and first["official"] in table and first["agency"] in table
    assert "Hồ sơ trễ hạn" in html and "Cán bộ xử lý" in html


def test_the_overdue_dossiers_sort_by_days_overdue_either_way(services_store, people):
    client = client_for(people["approver_a"])
    most = [r["days_overdue"] for r in client.get(f"{HAI_PHONG}.json", {"period": "year"}).json()["rows"] if r["list"] == "overdue"]
    least = [r["days_overdue"] for r in client.get(f"{HAI_PHONG}.json", {"period": "year", "sort": "least"}).json()["rows"]
             if r["list"] == "overdue"]
    assert most == sorted(most, reverse=True) and least == sorted(least) and len(most) > 1
    html = client.get(f"{HAI_PHONG}/", {"period": "year"}).content.decode()
    assert 'id="sort-least" href="?period=year&amp;sort=least"' in html


def test_the_csv_names_every_late_dossiers_official(services_store, people):
    text = client_for(people["approver_a"]).get(f"{HAI_PHONG}.csv", {"period": "year"}).content.decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    late = late_in_year(services_store)
    assert [r["official"] for r in rows if r["list"] == "overdue"] == late["official"].tolist()
    assert {"agency", "official", "days_overdue", "working_days_left"} <= set(rows[0])


def test_the_provinces_office_sees_a_commune_of_the_province(services_store, people):
    code = board.load(services_store, methodology().id).standings("year", "commune", "VN-31-2025")[0]["unit"]
    response = client_for(people["editor_a"]).get(f"/services/commune/{code}/responsibility/", {"period": "year"})
    assert response.status_code == 200 and 'id="overdue-title"' in response.content.decode()
    assert client_for(people["editor_b"]).get(f"/services/commune/{code}/responsibility/").status_code == 403


def test_a_nearly_due_dossier_is_listed_with_its_working_days_left(services_store, people):
    rows = client_for(people["editor_b"]).get("/services/province/VN-01/responsibility.json").json()["rows"]
    soon = [r for r in rows if r["list"] == "nearly_due"]
    assert all(r["state"] == "processing" and 0 <= r["working_days_left"] <= 3 and r["official"] for r in soon)


@pytest.mark.parametrize("role", ["editor_b", "appraiser_a", "council", "admin", "survey"])
def test_anyone_else_signed_in_is_refused_and_sees_no_official(services_store, people, role):
    response = client_for(people[role]).get(f"{HAI_PHONG}.json", {"period": "year"})
    assert response.status_code == 403
    assert not [o for o in late_in_year(services_store)["official"] if o in response.content.decode()]


def test_an_anonymous_visitor_is_sent_to_sign_in(services_store):
    response = client_for(None).get(f"{HAI_PHONG}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_units_page_links_it_only_for_those_allowed(services_store, people):
    for role, shown in [("approver_a", True), ("editor_a", True), ("editor_b", False), ("admin", False), ("anonymous", False)]:
        html = client_for(people[role]).get("/services/province/VN-31-2025/").content.decode()
        assert ('id="responsibility-link"' in html) == shown, role


def test_no_official_reaches_the_public_pages_or_the_people_not_allowed(services_store, people):
    ids = officials(services_store)
    found = board.load(services_store, methodology().id)
    commune = found.standings("month", "commune", "VN-31-2025")[0]["unit"]
    urls = ["/services/", "/services.json", "/services.csv"]
    for level, code in [("province", "VN-31-2025"), ("commune", commune)]:
        for suffix in ("/", ".json", ".csv", "/procedures/", "/procedures.json", "/responsibility/", "/responsibility.json",
                       "/responsibility.csv"):
            urls.append(f"/services/{level}/{code}{suffix}")
    for role in ("anonymous", "editor_b", "admin", "council", "appraiser_a"):
        client = client_for(people[role], lang="vi")
        for url in urls:
            body = client.get(url, {"period": "year"}).content.decode()
            assert not [o for o in ids if o in body], (role, url)


def test_the_weekly_digest_writes_to_each_leader_in_vietnamese(services_store, people):
    leader = people["approver_a"]
    leader.email = "lanhdao@haiphong.gov.vn"
    leader.save()
    late = late_in_year(services_store)
    until = max(late["completed_on"].dropna())  # a week with a late dossier in it
    call_command("services_digest", "--until", until.isoformat(), "--site", "https://parindex.example", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["lanhdao@haiphong.gov.vn"]]
    message = mail.outbox[0]
    assert "Hải Phòng" in message.subject and "hồ sơ trễ hạn" in message.body and "cán bộ xử lý" in message.body
    assert "https://parindex.example/services/province/VN-31-2025/responsibility/" in message.body
    theirs = set(late_in_year(services_store)["official"])
    assert not [o for o in officials(services_store) - theirs if o in message.body], "no official of another unit"


def test_the_digest_dry_run_sends_nothing(services_store, people):
    people["approver_a"].email = "a@x.vn"
    people["approver_a"].save()
    out = io.StringIO()
    call_command("services_digest", "--until", date(2026, 12, 27).isoformat(), "--dry-run", stdout=out)
    assert mail.outbox == [] and "VN-31-2025" in out.getvalue()
