"""Evidence uploads: size, type by content, plain names; refused uploads store nothing."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from parindex.web.cycles.models import CycleState as C
from parindex.web.cycles.models import Evidence
from tests.web.conftest import PDF, at_stage, client_for, docx, entry_of


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
    response = upload("quyet-dinh.pdf", PDF)
    assert response.status_code == 200
    evidence = Evidence.objects.get()
    assert (evidence.original_name, evidence.size, evidence.content_type) == ("quyet-dinh.pdf", len(PDF), "application/pdf")
    assert evidence.file.name == f"evidence/{evidence.sha256[:2]}/{evidence.sha256}"
    assert (settings.MEDIA_ROOT / evidence.file.name).read_bytes() == PDF  # stored under its content's hash, whole


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


def test_the_same_content_attached_three_times_is_stored_once(cycle, units, people):
    from parindex.web.cycles.evidence import attach

    at_stage(cycle, C.SELF_ASSESSMENT)
    before = len(stored_files())
    content = PDF + b"% three times\n"
    for leaf in ("1.1", "1.2", "1.1"):
        attach(entry_of(cycle, units["A"], leaf), people["editor_a"], "quyet-dinh.pdf", content)
    names = set(Evidence.objects.values_list("file", flat=True))
    assert Evidence.objects.count() == 3 and len(names) == 1 and len(stored_files()) == before + 1


def test_an_upload_is_streamed_in_chunks_never_read_whole(cycle, units, people, settings):
    from django.core.files.uploadedfile import TemporaryUploadedFile

    from parindex.web.cycles.evidence import attach
    from parindex.web.uploads import CHUNK

    at_stage(cycle, C.SELF_ASSESSMENT)
    settings.EVIDENCE_MAX_BYTES = 8 * CHUNK
    data = PDF + b"0" * (3 * CHUNK)
    upload = TemporaryUploadedFile("bao-cao.pdf", "application/pdf", len(data), None)  # what Django makes of a file over 2 MB
    upload.write(data)
    upload.seek(0)
    sizes, read = [], upload.file.read

    def spy(size=-1):
        assert 0 < size <= CHUNK, "read whole"
        sizes.append(size)
        return read(size)

    upload.file.read = spy
    evidence = attach(entry_of(cycle, units["A"], "1.1"), people["editor_a"], "bao-cao.pdf", upload)
    assert len(sizes) >= 4 and evidence.size == len(data) and evidence.file.open("rb").read() == data


def test_a_file_declared_too_large_is_refused_before_a_byte_is_read(cycle, units, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from parindex.web.cycles.evidence import attach
    from parindex.web.cycles.transitions import Refused

    at_stage(cycle, C.SELF_ASSESSMENT)
    upload = SimpleUploadedFile("big.pdf", PDF)
    upload.size = 600 * 1024 * 1024
    upload.chunks = lambda *a: (_ for _ in ()).throw(AssertionError("read"))
    before = stored_files()
    with pytest.raises(Refused, match="too large"):
        attach(entry_of(cycle, units["A"], "1.1"), people["editor_a"], "big.pdf", upload)
    assert stored_files() == before


def test_an_upload_killed_half_way_leaves_only_a_staging_file_that_cleanup_removes(cycle, units, people, monkeypatch):
    """A crash during streaming leaves no evidence file and no row; the partial staging file is
    an orphan that ``clean_uploads`` removes once old enough."""
    import os
    import time

    from django.core.management import call_command

    from parindex.web import uploads

    at_stage(cycle, C.SELF_ASSESSMENT)
    evidence_before = [p for p in stored_files() if ".staging" not in p.parts]
    partial = uploads._staging_dir() / "tmpcrash.pdf.partial"  # what a kill -9 mid-stream leaves
    partial.write_bytes(PDF[:10])
    os.utime(partial, (time.time() - 7200, time.time() - 7200))
    assert [p for p in stored_files() if ".staging" not in p.parts] == evidence_before and Evidence.objects.count() == 0
    call_command("clean_uploads")
    assert not partial.exists()


def test_cleanup_removes_stored_files_no_row_names_and_keeps_the_rest(upload):
    import os
    import time

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from django.core.management import call_command

    upload("quyet-dinh.pdf", PDF)
    kept = Evidence.objects.get().file.name
    orphan = default_storage.save("evidence/ff/" + "f" * 64, ContentFile(b"orphan"))
    old = time.time() - 7200
    os.utime(default_storage.path(orphan), (old, old))
    os.utime(default_storage.path(kept), (old, old))
    call_command("clean_uploads")
    assert not default_storage.exists(orphan) and default_storage.exists(kept)


def test_a_request_body_over_the_cap_is_refused_before_the_upload_is_parsed(upload, settings):
    settings.PARINDEX_MAX_REQUEST_BYTES = 64 * 1024
    response = upload("bao-cao.pdf", PDF + b"0" * 100_000)
    assert response.status_code == 413 and Evidence.objects.count() == 0
