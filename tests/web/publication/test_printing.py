"""Printed documents are made once after publication, stored beside the snapshot and served as
files; a request never waits on someone else's printing, and a correction reprints what it changes."""
import hashlib
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from parindex.web.cycles import transitions as t
from parindex.web.cycles.models import AssessmentState as A
from parindex.web.cycles.models import CycleState as C
from parindex.web.publication import printing
from parindex.web.publication.models import DocumentState as D
from parindex.web.publication.models import PrintedDocument
from parindex.web.publication.transitions import publish
from tests.web.conftest import at_stage, client_for, fill, publish_first_version


@pytest.fixture
def published(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    fill(cycle, units["A"], people["editor_a"])
    return publish_first_version(cycle, people)


def test_publishing_schedules_every_document_of_the_snapshot(published):
    units = len(published.published().units)
    kinds = list(published.documents.values_list("kind", "lang", "unit_code"))
    assert len(kinds) == 2 + 2 + 2 * units and ("unit_pdf", "vi", "31") in kinds and ("rank_intervals", "", "") in kinds
    assert set(published.documents.values_list("state", flat=True)) == {D.PENDING}


def test_the_printer_stores_each_document_under_its_checksum(published):
    assert printing.print_pending(limit=4) == 4
    for document in published.documents.filter(state=D.READY):
        with default_storage.open(document.file.name, "rb") as f:
            assert hashlib.sha256(f.read()).hexdigest() == document.sha256 and document.file.name.endswith(document.sha256)


def test_a_printed_document_is_served_from_the_store_without_printing_again(published):
    first = client_for(None, lang="vi").get(f"/results/{published.cycle.slug}/units/31.pdf")
    assert first.status_code == 200 and first.content.startswith(b"%PDF")
    with mock.patch("parindex.reports.pdf.unit_report", side_effect=AssertionError("printed twice")):
        again = client_for(None, lang="vi").get(f"/results/{published.cycle.slug}/units/31.pdf")
    assert again.content == first.content
    document = published.documents.get(kind="unit_pdf", lang="vi", unit_code="31")
    assert document.state == D.READY and document.sha256 == hashlib.sha256(first.content).hexdigest()


def test_a_document_someone_else_is_printing_answers_being_prepared(published):
    published.documents.filter(kind="national_pdf", lang="vi").update(state=D.PRINTING, claimed_at=timezone.now())
    response = client_for(None, lang="vi").get(f"/results/{published.cycle.slug}/report.pdf")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    assert "Tài liệu đang được chuẩn bị" in response.content.decode()


def test_a_claim_left_by_a_printer_that_died_is_taken_over(published):
    published.documents.filter(kind="workbook").update(state=D.PRINTING, claimed_at=timezone.now() - printing.STALE_CLAIM * 2)
    response = client_for(None).get(f"/results/{published.cycle.slug}/report.xlsx")
    assert response.status_code == 200 and published.documents.get(kind="workbook").state == D.READY


def test_a_stored_file_that_no_longer_matches_is_printed_again(published):
    client_for(None).get(f"/results/{published.cycle.slug}/report.xlsx")
    document = published.documents.get(kind="workbook")
    default_storage.delete(document.file.name)
    with default_storage.open(document.file.name, "wb") as f:
        f.write(b"not the workbook")
    response = client_for(None).get(f"/results/{published.cycle.slug}/report.xlsx")
    assert response.content.startswith(b"PK") and published.documents.get(kind="workbook").sha256 == hashlib.sha256(response.content).hexdigest()


def test_a_correction_of_an_earlier_year_reprints_the_later_years_unit_reports(published, cycle, units, people):
    from parindex.web.cycles.setup import create_cycle
    from tests.web.conftest import SMALL

    later = create_cycle(cycle.programme, 2026, "test-small", "test-2026", people["admin"], previous=cycle, methodology_text=SMALL)
    publish_first_version(later, people)
    first = client_for(None, lang="vi").get(f"/results/{later.slug}/units/01.pdf").content
    later_document = PrintedDocument.objects.get(snapshot__cycle=later, kind="unit_pdf", lang="vi", unit_code="01")
    assert later_document.state == D.READY
    from parindex.web.publication.transitions import correct_entry
    from tests.web.conftest import entry_of

    entry = entry_of(cycle, units["B"], "1.2")
    correct_entry(entry, people["admin"], 2.0, "quyết định tìm thấy trong lưu trữ", entry.version)
    publish(cycle, people["admin"], "đính chính số liệu 2025")  # the earlier year, corrected
    assert PrintedDocument.objects.get(pk=later_document.pk).state == D.PENDING
    assert client_for(None, lang="vi").get(f"/results/{later.slug}/units/01.pdf").content.startswith(b"%PDF")
    assert first.startswith(b"%PDF")


def test_the_rank_intervals_are_computed_once_and_read_by_every_page(published):
    client_for(None).get(f"/results/{published.cycle.slug}/")
    intervals = published.documents.get(kind="rank_intervals")
    assert intervals.state == D.READY
    from parindex.web.publication.models import _KEPT

    _KEPT.clear()  # as a worker started after the printing would be
    with mock.patch("parindex.core.analysis.rank_uncertainty", side_effect=AssertionError("recomputed")):
        assert client_for(None).get(f"/results/{published.cycle.slug}/units/31/").status_code == 200


def test_the_print_documents_command_prints_what_is_waiting(published, capsys):
    PrintedDocument.objects.filter(snapshot=published).exclude(kind__in=["workbook", "rank_intervals"]).delete()
    call_command("print_documents")
    assert "printed 2 document(s)" in capsys.readouterr().out
    assert set(published.documents.values_list("state", flat=True)) == {D.READY}


def test_the_administrator_sees_how_many_documents_are_ready(published, people):
    printing.print_pending(limit=2)
    page = client_for(people["admin"], lang="vi").get(f"/cycles/{published.cycle.pk}/").content.decode()
    total = published.documents.count()
    assert f"2 trên {total} tài liệu" in page


def test_publishing_starts_the_printer_once_the_snapshot_is_committed(cycle, units, people, settings, django_capture_on_commit_callbacks):
    settings.PARINDEX_PRINTER = "thread"
    at_stage(cycle, C.COUNCIL)
    cycle.assessments.update(state=A.FINAL)
    t.approve_by_council(cycle, people["council"])
    with django_capture_on_commit_callbacks() as callbacks:
        publish(cycle, people["admin"])
    assert callbacks == [printing.start_printer]


def test_too_many_downloads_from_one_address_are_refused_for_a_minute(published, settings):
    settings.PARINDEX_DOCUMENT_RATE = "3/m"
    client = client_for(None, lang="vi")
    statuses = [client.get(f"/results/{published.cycle.slug}/bundle.zip").status_code for _ in range(4)]
    refused = client.get(f"/results/{published.cycle.slug}/bundle.zip")
    assert statuses[:3] == [200, 200, 200] and refused.status_code == 429 and refused["Retry-After"] == "60"
    assert "Bạn đã tải quá nhiều" in refused.content.decode()


def test_the_report_of_a_unit_not_in_the_cycle_is_not_found(published):
    assert client_for(None).get(f"/results/{published.cycle.slug}/units/99.pdf").status_code == 404
    assert not published.documents.filter(unit_code="99").exists()
