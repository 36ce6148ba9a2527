"""Backup and restore: one archive holds the database, every stored file and their checksums; a
restore into an empty instance gives back the same audit chain, published figures and evidence.

The database under test is whatever pytest-django made: on SQLite a shared in-memory database
(``file:memorydb_default?mode=memory&cache=shared``), on PostgreSQL ``test_parindex``. The commands
open the configured ``NAME`` exactly as Django does (SQLite URIs included), so the same code backs
up a file in production and the in-memory database here; ``transaction=True`` because a second
connection (the backup API's, pg_dump's) sees only committed rows. Each test has its own storage
folder, so wiping it touches no other test's files.
"""
import hashlib
import io
import json
import tarfile

import pytest
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from parindex import __version__
from parindex.core.methodology import builtin_path
from parindex.web.audit.chain import verify
from parindex.web.audit.models import AuditEntry, AuditHead
from parindex.web.backup.storage import stored_names
from parindex.web.cycles import transitions as t
from parindex.web.cycles.evidence import attach
from parindex.web.cycles.models import AssessmentState as A
from parindex.web.cycles.models import Cycle, Evidence, Programme
from parindex.web.cycles.models import CycleState as C
from parindex.web.cycles.setup import create_cycle
from parindex.web.publication.models import Snapshot
from parindex.web.publication.transitions import correct_entry, publish
from parindex.web.surveys.models import Wave
from parindex.web.surveys.transitions import import_survey_wave
from tests.web.conftest import PDF, at_stage, docx, entry_of, fill, wave_csv

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def own_storage(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "storage"


@pytest.fixture
def published(cycle, units, people):
    """A cycle published and then corrected (two snapshots), with evidence from both units."""
    at_stage(cycle, C.SELF_ASSESSMENT)
    attach(entry_of(cycle, units["A"], "1.1"), people["editor_a"], "quyet-dinh.pdf", PDF)
    attach(entry_of(cycle, units["B"], "1.2"), people["editor_b"], "bao-cao.docx", docx())
    fill(cycle, units["A"], people["editor_a"])
    fill(cycle, units["B"], people["editor_b"], {"1.1": {"numerator": 5, "denominator": 10}, "1.2": {"value": "không"}})
    at_stage(cycle, C.COUNCIL)
    cycle.assessments.update(state=A.FINAL)
    publish(t.approve_by_council(cycle, people["council"]), people["admin"])
    entry = entry_of(cycle, units["B"], "1.2")
    correct_entry(entry, people["admin"], 2.0, "decision found in the archive", entry.version)
    publish(cycle, people["admin"], "Hà Nội 1.2: decision found in the archive")
    return cycle


@pytest.fixture
def instance(published, people):
    """The published cycle and a second one holding an imported survey wave: every kind of row and
    file the site keeps."""
    programme = Programme.objects.create(code="par", name_vi="PAR", name_en="PAR", unit_kind="province")
    par = create_cycle(programme, 2025, "vn-par-province-2022", "par-2025", people["admin"],
                       methodology_text=builtin_path("vn-par-province-2022").read_text(encoding="utf-8"))
    import_survey_wave(par, people["survey"], "sipas.csv", wave_csv(par), {"weights": "w", "ids": ["commune"]})
    return published


def state() -> dict:
    """What must come back unchanged: the chain, every published figure, every stored file's bytes."""
    return {
        "audit": list(AuditEntry.objects.order_by("seq").values_list("seq", "hash")),
        "snapshots": list(Snapshot.objects.order_by("cycle__slug", "version").values_list("cycle__slug", "version", "checksum", "payload")),
        "evidence": sorted((e.file.name, e.sha256) for e in Evidence.objects.all()),
        "waves": sorted((w.responses.name, w.sha256) for w in Wave.objects.all()),
        "files": {name: sha256(name) for name in stored_names()},
    }


def sha256(name: str) -> str:
    with default_storage.open(name, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def wipe():
    # SQL, so the ORM's refusal to delete audit rows does not apply; append-only triggers are lifted while it runs
    call_command("flush", interactive=False, verbosity=0)
    for name in list(stored_names()):
        default_storage.delete(name)


def is_empty() -> bool:
    return not (get_user_model().objects.exists() or Cycle.objects.exists() or AuditEntry.objects.exists() or list(stored_names()))


def restore(archive, *args) -> str:
    out = io.StringIO()
    call_command("restore", str(archive), *args, stdout=out)
    return out.getvalue()


def test_a_restored_instance_has_the_same_audit_chain_figures_and_files(instance, tmp_path):
    before = state()
    assert len(before["audit"]) > 10 and len(before["snapshots"]) == 2 and len(before["files"]) == 3
    call_command("backup", str(tmp_path / "site.tar"), stdout=io.StringIO())
    wipe()
    assert is_empty()

    out = restore(tmp_path / "site.tar", "--lang", "en")

    assert state() == before
    assert verify() == []
    assert all(hashlib.sha256(s.payload.encode("utf-8")).hexdigest() == s.checksum for s in Snapshot.objects.all())
    assert all(sha256(e.file.name) == e.sha256 for e in Evidence.objects.all())
    assert f"The audit chain is intact: {len(before['audit'])} entries" in out and "3 files" in out
    call_command("verify_audit", stdout=io.StringIO())


def test_the_manifest_lists_every_member_with_its_checksum_vendor_migrations_and_version(instance, tmp_path):
    call_command("backup", str(tmp_path / "site.tar"), stdout=io.StringIO())
    with tarfile.open(tmp_path / "site.tar") as tar:
        manifest = json.loads(tar.extractfile("manifest.json").read())
        contents = {i.name: hashlib.sha256(tar.extractfile(i).read()).hexdigest() for i in tar if i.name != "manifest.json"}
    assert {m["name"]: m["sha256"] for m in manifest["members"]} == contents
    assert {n for n in contents if n.startswith("files/")} == {f"files/{n}" for n in stored_names()}
    assert any(n.startswith("files/waves/") for n in contents)
    assert manifest["database"]["vendor"] == connection.vendor and manifest["database"]["member"] in contents
    assert manifest["migrations"] == dict(sorted(MigrationLoader(connection).graph.leaf_nodes()))  # the test database is fully migrated
    assert manifest["parindex_version"] == __version__
    assert (tmp_path / "site.tar").stat().st_mode & 0o777 == 0o600  # it holds personal data


@pytest.mark.parametrize("member", ["database/", "files/"])
def test_a_corrupted_archive_is_refused_and_changes_nothing(published, tmp_path, member):
    call_command("backup", str(tmp_path / "site.tar"), stdout=io.StringIO())
    with tarfile.open(tmp_path / "site.tar") as tar:
        damaged = next(i for i in tar if i.name.startswith(member))
    with open(tmp_path / "site.tar", "r+b") as f:
        f.seek(damaged.offset_data + damaged.size // 2)
        byte = f.read(1)
        f.seek(-1, io.SEEK_CUR)
        f.write(bytes([byte[0] ^ 0xFF]))
    wipe()

    with pytest.raises(CommandError, match=f"{damaged.name} in the backup does not match its SHA-256 checksum"):
        restore(tmp_path / "site.tar", "--lang", "en")
    assert is_empty()


def test_an_archive_cut_short_is_refused_with_a_sentence(published, tmp_path):
    call_command("backup", str(tmp_path / "site.tar"), stdout=io.StringIO())
    data = (tmp_path / "site.tar").read_bytes()
    (tmp_path / "cut.tar").write_bytes(data[: len(data) // 3])
    wipe()
    with pytest.raises(CommandError, match="is not a readable parindex backup|has no valid manifest.json"):
        restore(tmp_path / "cut.tar", "--lang", "en")
    assert is_empty()


def test_restore_into_an_instance_with_data_is_refused(instance, tmp_path):
    call_command("backup", str(tmp_path / "site.tar"), stdout=io.StringIO())
    before = state()
    with pytest.raises(CommandError, match=r"restored only into an empty instance, but this one already has \d+ users, 2 cycles"):
        restore(tmp_path / "site.tar", "--lang", "en")
    assert state() == before


def test_restore_into_a_storage_with_files_is_refused(published, tmp_path):
    call_command("backup", str(tmp_path / "site.tar"), stdout=io.StringIO())
    wipe()
    default_storage.save("left-over.pdf", ContentFile(PDF))
    with pytest.raises(CommandError, match="already has 1 stored file;"):
        restore(tmp_path / "site.tar", "--lang", "en")
    assert not get_user_model().objects.exists() and list(stored_names()) == ["left-over.pdf"]


def rewritten(archive, out, change):
    """A copy of ``archive`` whose manifest ``change(manifest)`` edited (the sums still match)."""
    with tarfile.open(archive) as source, tarfile.open(out, "w") as target:
        for info in source:
            data = source.extractfile(info).read()
            if info.name == "manifest.json":
                manifest = json.loads(data)
                change(manifest)
                data = json.dumps(manifest).encode()
                info.size = len(data)
            target.addfile(info, io.BytesIO(data))
    return out


def test_a_backup_of_another_database_vendor_is_refused(db, tmp_path):
    call_command("backup", str(tmp_path / "site.tar"), stdout=io.StringIO())
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    archive = rewritten(tmp_path / "site.tar", tmp_path / "other.tar", lambda m: m["database"].update(vendor=other))
    with pytest.raises(CommandError, match=f"The backup is of a {'PostgreSQL' if other == 'postgresql' else 'SQLite'} database"):
        restore(archive, "--lang", "en")


def test_a_backup_from_a_newer_parindex_is_refused(db, tmp_path):
    call_command("backup", str(tmp_path / "site.tar"), stdout=io.StringIO())
    archive = rewritten(tmp_path / "site.tar", tmp_path / "newer.tar", lambda m: m["migrations"].update(audit="0099_future"))
    with pytest.raises(CommandError, match="the schema step audit.0099_future, which this parindex does not have"):
        restore(archive, "--lang", "en")


def test_a_backup_from_an_older_parindex_is_restored_and_says_to_migrate(published, tmp_path):
    call_command("backup", str(tmp_path / "site.tar"), stdout=io.StringIO())
    archive = rewritten(tmp_path / "site.tar", tmp_path / "older.tar", lambda m: m["migrations"].pop("sessions"))
    wipe()
    assert "run manage.py migrate, then manage.py verify_audit" in restore(archive, "--lang", "en")


def test_refusals_are_in_vietnamese_unless_english_is_asked(published, tmp_path):
    call_command("backup", str(tmp_path / "site.tar"), stdout=io.StringIO())
    with pytest.raises(CommandError, match="Chỉ khôi phục vào một hệ thống trống"):
        restore(tmp_path / "site.tar")


def test_a_failed_backup_keeps_the_previous_archive_and_leaves_no_partial_file(published, tmp_path, monkeypatch):
    call_command("backup", str(tmp_path / "site.tar"), stdout=io.StringIO())
    good = (tmp_path / "site.tar").read_bytes()
    monkeypatch.setattr(default_storage, "size", lambda name: 10**6)  # a file that shrinks while it is read
    with pytest.raises(CommandError, match="changed while it was being backed up"):
        call_command("backup", str(tmp_path / "site.tar"), "--lang", "en", stdout=io.StringIO())
    assert (tmp_path / "site.tar").read_bytes() == good
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site.tar", "storage"]


def test_a_restore_whose_audit_checks_fail_says_not_to_open_the_instance(published, tmp_path):
    AuditHead.objects.update(last_hash="f" * 64)  # the log now looks cut short at its end
    call_command("backup", str(tmp_path / "site.tar"), stdout=io.StringIO())
    wipe()
    out = io.StringIO()
    with pytest.raises(CommandError, match="verify_audit found 1 mismatch .* do not open the instance"):
        call_command("restore", str(tmp_path / "site.tar"), "--lang", "en", stdout=out)
    assert "entries missing at the end of the log" in out.getvalue()


def test_dumpdata_and_loaddata_would_break_the_audit_chain(published, tmp_path):
    """Why docs/backup.md forbids them: JSON keeps a timestamp to the millisecond, the hash covers
    its microseconds."""
    call_command("dumpdata", "auth.user", "audit", output=str(tmp_path / "dump.json"), verbosity=0)
    wipe()
    call_command("loaddata", str(tmp_path / "dump.json"), verbosity=0)
    assert AuditEntry.objects.exists()
    assert any(p.problem.startswith("content changed") for p in verify())
