"""Evidence files: what is accepted, checked by content and not only by name; stored under our name.

A file is refused — and nothing is stored — when it is too big (judged before reading it), when its
name is a path or has an extension we do not take, or when its first bytes are not those of the type
its name claims. It is streamed, never read whole (see ``web.uploads``).
Files are only ever served back as downloads (``Content-Disposition: attachment``, ``nosniff``).
"""
from __future__ import annotations

import re
import zipfile

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from parindex.core.errors import Refused
from parindex.web.audit.chain import record
from parindex.web.cycles.actions import ATTACH, ENTRY, REMOVE_EVIDENCE, lock
from parindex.web.cycles.models import Entry, Evidence
from parindex.web.cycles.transitions import before_deadline
from parindex.web.uploads import Staged, keep, stage

PDF, ZIP, OLE, PNG, JPEG = b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"
TYPES = {  # extension → (content type, magic bytes)
    "pdf": ("application/pdf", PDF),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", ZIP),
    "odt": ("application/vnd.oasis.opendocument.text", ZIP),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", ZIP),
    "doc": ("application/msword", OLE),
    "xls": ("application/vnd.ms-excel", OLE),
    "png": ("image/png", PNG),
    "jpg": ("image/jpeg", JPEG),
    "jpeg": ("image/jpeg", JPEG),
}
SAFE_NAME = re.compile(r"^[^/\\\x00-\x1f]{1,200}$")


def check_name(name: str) -> str:
    """The extension of a plain file name we take, or ``Refused`` — judged before reading the file."""
    if not SAFE_NAME.match(name) or name in (".", "..") or ".." in name:
        raise Refused(_("file name must be a plain name, not a path"), expected=_("a name such as bao-cao.pdf"), got=name)
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in TYPES:
        raise Refused(_("%(name)s: this type of file is not accepted") % {"name": name},
                      expected=_("PDF, Word, Excel, PowerPoint, OpenDocument, PNG or JPEG"), got=extension or "no extension")
    return extension


def check_content(name: str, extension: str, staged: Staged) -> str:
    """The content type, once the staged file's first bytes (and, for Office files, its zip
    directory) show it is what its name says."""
    if staged.size == 0:
        raise Refused(_("%(name)s: file is empty") % {"name": name})
    content_type, magic = TYPES[extension]
    if not staged.head.startswith(magic) or (magic == ZIP and not _is_office_zip(staged)):
        raise Refused(_("%(name)s: the content is not a %(type)s file") % {"name": name, "type": extension.upper()},
                      expected=_("a real .%(ext)s file") % {"ext": extension})
    return content_type


def _is_office_zip(staged: Staged) -> bool:
    try:
        with zipfile.ZipFile(staged.path) as archive:  # reads the central directory only
            names = archive.namelist()
    except (zipfile.BadZipFile, OSError):
        return False
    return "[Content_Types].xml" in names or "mimetype" in names


@REMOVE_EVIDENCE.does
def remove(entry: Entry, user, evidence_pk: int) -> Entry:
    """The file leaves the criterion's evidence; the log keeps its name and checksum, and the stored
    content goes once no row names it (``clean_uploads``)."""
    evidence = entry.evidence.filter(pk=evidence_pk).first()
    if evidence is None:
        raise Refused(_("this file is not among the criterion's evidence"))
    record(user, "evidence.remove", evidence, field=f"{entry.assessment.unit.uid}/{entry.leaf_code}",
           old=f"{evidence.original_name} sha256:{evidence.sha256}")
    Evidence.objects.filter(pk=evidence.pk).delete()
    return entry


@ATTACH.does_unlocked
def attach(entry: Entry, user, name: str, content: bytes | File) -> Evidence:
    """Check, store (once per content) and record one evidence file; on refusal nothing is kept.
    Checked before a byte is read, and again with the entry locked once the file is in the store."""
    ATTACH.check(user, entry)
    before_deadline(entry.assessment, "self_assessment_due" if entry.assessment.state == "draft" else "explanation_due")
    extension = check_name(name)
    staged = stage(name, content, settings.EVIDENCE_MAX_BYTES)
    try:
        content_type = check_content(name, extension, staged)
    except Refused:
        staged.discard()
        raise
    stored = keep(staged, "evidence")
    with transaction.atomic():
        entry = lock(ENTRY, entry)
        ATTACH.check(user, entry)
        evidence = Evidence(entry=entry, original_name=name, content_type=content_type, size=staged.size, sha256=staged.sha256,
                            uploaded_by=user)
        evidence.file.name = stored
        evidence.save()
        record(user, "evidence.add", evidence, field=f"{entry.assessment.unit.uid}/{entry.leaf_code}", new=f"{name} sha256:{staged.sha256}")
    return evidence
