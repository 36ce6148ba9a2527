"""The backup archive: one tar holding the database, every stored file and ``manifest.json``.

Layout::

    database/parindex.sqlite3   (or database/parindex.pgdump, pg_dump's custom format)
    files/<storage name>        every file of the default storage, under its own name
    manifest.json               every member above with its SHA-256 and size; the database vendor,
                                the last migration of each app, the parindex version

The manifest is written last, once every sum is known; readers find it by name. ``Manifest`` is the
one reader of it: no other module walks its dict.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import tarfile
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath
from typing import IO

from django.core.files.storage import default_storage

from parindex import __version__
from parindex.core.files import replace_atomically
from parindex.web.backup import database, messages
from parindex.web.backup.messages import BackupError
from parindex.web.backup.storage import stored_names

FORMAT = "parindex-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_DIR = "database/"
FILES_DIR = "files/"
CHUNK = 1024 * 1024


@dataclass(frozen=True)
class Member:
    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Manifest:
    parindex_version: str
    created_at: str
    vendor: str
    database: str  # the member holding the database dump
    migrations: dict[str, str]  # app label → last applied migration
    members: tuple[Member, ...]

    @property
    def files(self) -> tuple[Member, ...]:
        return tuple(m for m in self.members if m.name.startswith(FILES_DIR))

    @property
    def size(self) -> int:
        return sum(m.size for m in self.members)

    def to_json(self) -> str:
        return json.dumps({
            "format": FORMAT, "format_version": FORMAT_VERSION, "parindex_version": self.parindex_version,
            "created_at": self.created_at, "database": {"vendor": self.vendor, "member": self.database},
            "migrations": self.migrations,
            "members": [{"name": m.name, "sha256": m.sha256, "size": m.size} for m in self.members],
        }, ensure_ascii=False, indent=2) + "\n"

    @classmethod
    def from_json(cls, text: str, archive) -> "Manifest":
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT:
                raise ValueError("not a parindex manifest")
            if int(data["format_version"]) > FORMAT_VERSION:
                raise BackupError(messages.newer_format(data["format_version"]))
            members = tuple(Member(str(m["name"]), str(m["sha256"]), int(m["size"])) for m in data["members"])
            return cls(str(data["parindex_version"]), str(data["created_at"]), str(data["database"]["vendor"]),
                       str(data["database"]["member"]), {str(k): str(v) for k, v in data["migrations"].items()}, members)
        except (ValueError, KeyError, TypeError, AttributeError):
            raise BackupError(messages.manifest_unreadable(archive)) from None


def write_backup(path: str | Path) -> Manifest:
    """Write the archive to a temporary name beside ``path``, then rename it into place: a failed
    backup never leaves a half-written archive, nor replaces a good one. The database is copied
    before the files, so every file a database row names is in the archive."""
    path = Path(path)
    written: list[Manifest] = []
    with tempfile.TemporaryDirectory(prefix=".parindex-backup-", dir=path.parent) as tmp:  # the dump beside the archive, not in a small /tmp
        migrations = database.latest_migrations()
        dump = database.dump(Path(tmp))

        def write(partial: Path) -> None:
            members = []
            with os.fdopen(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as out:  # personal data
                with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as tar:
                    with open(dump, "rb") as source:
                        members.append(_add(tar, DATABASE_DIR + dump.name, source, dump.stat().st_size))
                    for name in stored_names():
                        try:
                            size = default_storage.size(name)
                            source = default_storage.open(name, "rb")
                        except FileNotFoundError:  # deleted since it was listed (the health check's probe)
                            continue
                        with source:
                            members.append(_add(tar, FILES_DIR + name, source, size))
                    manifest = Manifest(__version__, datetime.now(timezone.utc).isoformat(timespec="seconds"),
                                        database.vendor(), DATABASE_DIR + dump.name, migrations, tuple(members))
                    data = manifest.to_json().encode("utf-8")
                    tar.addfile(_info(MANIFEST, len(data)), io.BytesIO(data))
                out.flush()
                os.fsync(out.fileno())
            written.append(manifest)

        replace_atomically(path, write)
    return written[0]


def open_archive(path: str | Path) -> tarfile.TarFile:
    if not Path(path).is_file():
        raise BackupError(messages.archive_missing(path))
    try:
        return tarfile.open(path, mode="r:*")
    except (OSError, tarfile.TarError):
        raise BackupError(messages.not_an_archive(path)) from None


def read_manifest(tar: tarfile.TarFile, path) -> Manifest:
    try:
        source = tar.extractfile(MANIFEST)
        text = source.read().decode("utf-8") if source else ""
    except (KeyError, OSError, tarfile.TarError, UnicodeDecodeError):
        raise BackupError(messages.manifest_unreadable(path)) from None
    return Manifest.from_json(text, path)


def verify_archive(path: str | Path) -> Manifest:
    """Check the archive whole: every member listed, safe, of its size and SHA-256; nothing more.
    Raise ``BackupError`` naming the first member that fails; return the manifest when all pass."""
    with open_archive(path) as tar:
        manifest = read_manifest(tar, path)
        listed = {m.name: m for m in manifest.members}
        if manifest.database not in listed:
            raise BackupError(messages.member_missing(manifest.database))
        seen = set()
        try:
            for info in tar:
                if info.name == MANIFEST:
                    continue
                if info.name not in listed:
                    raise BackupError(messages.member_unlisted(info.name))
                if not is_safe(info.name) or not info.isfile():
                    raise BackupError(messages.member_unsafe(info.name))
                member = listed[info.name]
                if info.size != member.size or _sha256(tar.extractfile(info)) != member.sha256:
                    raise BackupError(messages.member_damaged(info.name))
                seen.add(info.name)
        except (OSError, tarfile.TarError):
            raise BackupError(messages.not_an_archive(path)) from None
        for name in listed:
            if name not in seen:
                raise BackupError(messages.member_missing(name))
    return manifest


def is_safe(name: str) -> bool:
    """A member name that stays inside its folder: relative, no ``..``, under database/ or files/."""
    parts = PurePosixPath(name).parts
    return (not name.startswith("/") and ".." not in parts and "\\" not in name and len(parts) >= 2
            and parts[0] + "/" in (DATABASE_DIR, FILES_DIR))


class _Hashing:
    """Reads through to ``source`` and hashes what was read (tar reads each file exactly once)."""

    def __init__(self, source: IO[bytes]):
        self.source, self.digest, self.count = source, hashlib.sha256(), 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.source.read(size)
        self.digest.update(chunk)
        self.count += len(chunk)
        return chunk


def _add(tar: tarfile.TarFile, name: str, source: IO[bytes], size: int) -> Member:
    reader = _Hashing(source)
    try:
        tar.addfile(_info(name, size), reader)
    except OSError:
        if reader.count < size:  # shorter than its size said a moment ago: it changed while read
            raise BackupError(messages.stored_file_changed(name)) from None
        raise
    return Member(name, reader.digest.hexdigest(), size)


def _info(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = size, int(time.time()), 0o600
    return info


def _sha256(source: IO[bytes] | None) -> str:
    digest = hashlib.sha256()
    while source is not None and (chunk := source.read(CHUNK)):
        digest.update(chunk)
    return digest.hexdigest()
