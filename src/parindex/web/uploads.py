"""Uploaded files, never held whole in memory: streamed to a staging file while hashed and
counted, checked, then kept in the store under the hash of their content.

* The declared size is checked before a byte is read (and the count again while streaming, in
  case the declaration lied). Django has already spooled anything over 2 MB to a temporary file;
  the request itself is capped before that (``guards.RequestLimits``).
* The staged file is moved into place in one rename (local store) or written as one object
  (S3-compatible stores only show an object once complete), *before* the row that names it is
  committed. A crash can leave a complete file no row names — never a row naming a half file;
  ``manage.py clean_uploads`` removes such orphans and stale staging files.
* Content addressing deduplicates: the same evidence attached three times is stored once.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import models
from django.utils.translation import gettext as _

from parindex.core.errors import Refused

CHUNK = 1024 * 1024
HEAD_BYTES = 8192  # enough for every magic number we check
STAGING = ".staging"


@dataclass
class Staged:
    """A checked-in-progress upload on local disk: where it is, its size, hash and first bytes."""

    path: Path
    size: int
    sha256: str
    head: bytes

    def discard(self) -> None:
        self.path.unlink(missing_ok=True)

    @property
    def token(self) -> str:
        """How a later request names this staged file (``restage``)."""
        return self.path.name


def _staging_dir() -> Path:
    """Beside the store when it is a local folder (so keeping is a rename), else the system's temp."""
    if isinstance(default_storage, FileSystemStorage):
        folder = Path(default_storage.location) / STAGING
    else:
        folder = Path(tempfile.gettempdir()) / "parindex-staging"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def too_large(name: str, size: int, limit: int) -> Refused:
    return Refused(_("%(name)s: file is too large") % {"name": name},
                   expected=_("at most %(mb)s MB") % {"mb": limit // (1024 * 1024)}, got=f"{size / (1024 * 1024):.1f} MB")


def stage(name: str, content: bytes | File, limit: int, suffix: str = "") -> Staged:
    """Stream ``content`` (bytes, or an uploaded file) to a staging file, hashing as it goes.
    Refused — with nothing left behind — when larger than ``limit`` bytes."""
    declared = len(content) if isinstance(content, bytes) else content.size
    if declared is not None and declared > limit:
        raise too_large(name, declared, limit)
    chunks = [content] if isinstance(content, bytes) else content.chunks(CHUNK)
    digest, size, head = hashlib.sha256(), 0, b""
    handle, raw_path = tempfile.mkstemp(dir=_staging_dir(), suffix=suffix + ".partial")
    path = Path(raw_path)
    try:
        with os.fdopen(handle, "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise too_large(name, size, limit)
                if len(head) < HEAD_BYTES:
                    head += chunk[:HEAD_BYTES - len(head)]
                digest.update(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return Staged(path, size, digest.hexdigest(), head)


@contextmanager
def under_its_name(upload, limit: int) -> Iterator[Path]:
    """An upload streamed to disk (capped at ``limit``) under the name its sender gave it, so the
    reader reads its format from the name and names problems after the sender's file; gone afterwards."""
    staged = stage(upload.name, upload, limit, suffix=Path(upload.name).suffix.lower())
    try:
        with tempfile.TemporaryDirectory(dir=staged.path.parent) as folder:  # same disk: the move is a rename
            named = Path(folder) / Path(upload.name).name
            os.replace(staged.path, named)
            yield named
    finally:
        staged.discard()


def restage(token: str, sha256: str) -> Staged:
    """A file staged by an earlier request (``Staged.token``), back for a second step — a wave whose
    design columns are chosen after it was uploaded. The token must name a staging file and its
    content still hash to ``sha256``; anything else is refused."""
    folder = _staging_dir()
    path = folder / token
    if Path(token).name != token or not token.endswith(".partial") or not path.is_file():
        raise Refused(_("the uploaded file is no longer available; upload it again"))
    digest, head = hashlib.sha256(), b""
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(CHUNK), b""):
            head = head or chunk[:HEAD_BYTES]
            digest.update(chunk)
    if digest.hexdigest() != sha256:
        raise Refused(_("the uploaded file is no longer available; upload it again"))
    return Staged(path, path.stat().st_size, sha256, head)


def keep(staged: Staged, prefix: str) -> str:
    """Put the staged file in the store under ``prefix/<hash>`` and return that name. A file
    already stored with the same content is reused."""
    name = f"{prefix}/{staged.sha256[:2]}/{staged.sha256}"
    try:
        if default_storage.exists(name) and default_storage.size(name) == staged.size:
            return name
        if isinstance(default_storage, FileSystemStorage):
            target = Path(default_storage.path(name))
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staged.path, target)
        else:
            with staged.path.open("rb") as f:
                default_storage.save(name, File(f, name=name))
        return name
    finally:
        staged.discard()


def referenced_names() -> set[str]:
    """Every store name a row points at: the value of every file field of every installed model
    (evidence, survey waves, printed documents), found from the models, so a new app's files are
    never mistaken for orphans."""
    names: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                names |= set(model._default_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True))
    return names


def orphans(prefixes: tuple[str, ...] = ("evidence", "waves"), older_than_seconds: float = 3600) -> list[str]:
    """Stored files no row names, and staging files left by an interrupted upload — older than
    ``older_than_seconds`` (an upload in progress has not committed its row yet)."""
    found, now, named = [], time.time(), referenced_names()

    def walk(folder: str):
        directories, files = default_storage.listdir(folder)
        for file in files:
            yield f"{folder}/{file}"
        for directory in directories:
            yield from walk(f"{folder}/{directory}")

    for prefix in prefixes:
        if not default_storage.exists(prefix):
            continue
        for name in walk(prefix):
            if name not in named and now - default_storage.get_modified_time(name).timestamp() > older_than_seconds:
                found.append(name)
    staging = _staging_dir()
    found += [str(p) for p in staging.glob("*.partial") if now - p.stat().st_mtime > older_than_seconds]
    return sorted(found)
