"""Evidence uploads: size, type by content, plain names; refused uploads store nothing."""
import io
import zipfile

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from parindex.web.cycles.models import CycleState as C, Evidence
from tests.web.conftest import at_stage, client_for, entry_of

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.fixture
def upload(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    entry = entry_of(cycle, units["A"], "1.1")

    def send(name, data, user="editor_a"):
        return client_for(people[user]).post(f"/entries/{entry.pk}/evidence/", {"file": SimpleUploadedFile(name, data)}, follow=True)
    return send


def stored_files() -> list:
    return [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


def test_a_pdf_is_stored_with_checksum_size_and_type(upload):
    before = len(stored_files())
    response = upload("quyet-dinh.pdf", PDF)
    assert response.status_code == 200
    evidence = Evidence.objects.get()
    assert (evidence.original_name, evidence.size, evidence.content_type) == ("quyet-dinh.pdf", len(PDF), "application/pdf")
    assert len(evidence.sha256) == 64 and len(stored_files()) == before + 1


def test_an_office_document_is_accepted(upload):
    upload("bao-cao.docx", docx())
    assert Evidence.objects.get().content_type.endswith("wordprocessingml.document")


@pytest.mark.parametrize("name, data, message", [
    ("big.pdf", PDF + b"0" * (1024 * 1024), "file is too large"),
    ("fake.pdf", b"MZ\x90\x00 this is an executable", "the content is not a PDF file"),
    ("fake.docx", b"PK\x03\x04 not really a zip", "the content is not a DOCX file"),
    ("script.exe", b"MZ\x90\x00", "this type of file is not accepted"),
    ("page.html", b"<script>alert(1)</script>", "this type of file is not accepted"),
])
def test_a_bad_upload_is_refused_with_a_clear_message_and_stores_nothing(upload, name, data, message):
    before = stored_files()
    response = upload(name, data)
    assert message in response.content.decode()
    assert Evidence.objects.count() == 0 and stored_files() == before


@pytest.mark.parametrize("name", ["../../secret.pdf", "..\\..\\secret.pdf", "/etc/passwd.pdf", "a\x00.pdf"])
def test_a_path_like_name_is_refused_and_nothing_is_stored(cycle, units, people, name):
    from parindex.web.cycles.evidence import attach
    from parindex.web.cycles.transitions import Refused

    at_stage(cycle, C.SELF_ASSESSMENT)
    before = stored_files()
    with pytest.raises(Refused, match="plain name"):
        attach(entry_of(cycle, units["A"], "1.1"), people["editor_a"], name, PDF)
    assert Evidence.objects.count() == 0 and stored_files() == before


def test_through_the_browser_a_path_cannot_escape_the_evidence_folder(upload):
    """Django's upload parser drops directory parts before the app sees the name; the file is kept
    under its checksum inside the evidence folder, never at the path the name suggested."""
    upload("..\\..\\etc\\passwd.pdf", PDF)
    evidence = Evidence.objects.get()
    assert evidence.original_name == "passwd.pdf"
    assert settings.MEDIA_ROOT in __import__("pathlib").Path(evidence.file.path).parents


def test_evidence_is_downloaded_as_an_attachment_never_inline(upload, people):
    upload("quyet-dinh.pdf", PDF)
    evidence = Evidence.objects.get()
    response = client_for(people["editor_a"]).get(f"/evidence/{evidence.pk}/")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/octet-stream" and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF


def test_another_units_editor_cannot_upload_or_download(upload, people):
    upload("quyet-dinh.pdf", PDF)
    evidence = Evidence.objects.get()
    assert client_for(people["editor_b"]).get(f"/evidence/{evidence.pk}/").status_code == 404
    upload("khac.pdf", PDF, user="editor_b")
    assert Evidence.objects.count() == 1
