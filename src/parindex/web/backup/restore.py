"""Restore an archive into an empty instance, then verify the audit chain.

Everything that can refuse is checked before anything is written: the archive reads, its manifest
is ours, its database is of this instance's vendor, its schema is one this code knows, the
instance is empty, and every member has its size and SHA-256. Only then is the database loaded and
each file put back into the default storage. Last, ``manage.py verify_audit`` runs on the result —
the same checks an operator runs, whatever they grow to include.
"""
from __future__ import annotations

import io
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connections

from parindex.core.text import Text
from parindex.web.audit.models import AuditEntry
from parindex.web.backup import database, messages
from parindex.web.backup.archive import FILES_DIR, Manifest, open_archive, read_manifest, verify_archive
from parindex.web.backup.messages import BackupError
from parindex.web.backup.storage import count_stored, put
from parindex.web.cycles.models import Cycle


@dataclass(frozen=True)
class Restored:
    archive: str
    manifest: Manifest
    audit_entries: int
    problems: tuple[str, ...]  # what verify_audit reported, one line each
    migrate_needed: bool

    def report(self) -> list[Text]:
        """What the command prints: what came back, then what to do next or the audit checks' result."""
        m = self.manifest
        lines = [messages.restored(self.archive, m.vendor, len(m.files), m.created_at, m.parindex_version)]
        if self.migrate_needed:
            return [*lines, messages.migrate_needed()]
        return [*lines, *(Text(p, p) for p in self.problems)] + ([] if self.problems else [messages.chain_intact(self.audit_entries)])

    def failure(self) -> Text | None:
        """Why the restored instance must not be opened, when the audit checks failed."""
        return messages.chain_broken(len(self.problems)) if self.problems else None


def restore_backup(path: str | Path) -> Restored:
    with open_archive(path) as tar:
        manifest = read_manifest(tar, path)
    check_restorable(manifest)
    check_empty()
    manifest = verify_archive(path)
    with tempfile.TemporaryDirectory(prefix="parindex-restore-") as tmp, open_archive(path) as tar:
        dump = Path(tmp) / Path(manifest.database).name
        with tar.extractfile(manifest.database) as source, open(dump, "wb") as target:
            shutil.copyfileobj(source, target)
        database.load(dump)
        for member in manifest.files:
            with tar.extractfile(member.name) as source:
                put(member.name.removeprefix(FILES_DIR), source)
    migrate_needed = database.code_is_ahead_of(manifest.migrations)
    problems = () if migrate_needed else verify_audit()  # an older schema is checked after migrate
    return Restored(str(path), manifest, AuditEntry.objects.count(), problems, migrate_needed)


def verify_audit() -> tuple[str, ...]:
    """Run ``manage.py verify_audit``; return the problems it reported (none when it passed)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", stdout=out, stderr=err)
    except CommandError as failed:
        return tuple(line for line in err.getvalue().splitlines() if line.strip()) or (str(failed),)
    return ()


def check_restorable(manifest: Manifest) -> None:
    """The archive's database can go into this instance: same vendor, no migration this code lacks."""
    current = database.vendor()
    if manifest.vendor != current:
        raise BackupError(messages.vendor_mismatch(manifest.vendor, current))
    known = database.known_migrations()
    for app, name in manifest.migrations.items():
        if (app, name) not in known:
            raise BackupError(messages.unknown_migration(app, name, manifest.parindex_version))


def check_empty() -> None:
    """Refuse unless the database has no user, cycle or audit entry and the storage no file. A new
    database, migrated or not, is empty."""
    tables = set(connections[database.ALIAS].introspection.table_names())

    def count(model) -> int:
        return model.objects.count() if model._meta.db_table in tables else 0

    found = (count(get_user_model()), count(Cycle), count(AuditEntry), count_stored())
    if any(found):
        raise BackupError(messages.not_empty(*found))
