"""Dump and load the configured database whole, with the database's own tools.

SQLite: the online backup API (``sqlite3.Connection.backup``) copies a consistent image while the
site keeps running, WAL and all; restoring runs it the other way, into the configured ``NAME``.
PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --clean --if-exists --no-owner`` with the
connection settings, found in ``$PARINDEX_PG_BIN`` (a folder) or else on ``PATH``.

Either way every row comes back byte for byte — unlike ``dumpdata``, which keeps timestamps only to
the millisecond and so breaks every audit hash.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections
from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from parindex.web.backup import messages
from parindex.web.backup.messages import BackupError

ALIAS = "default"
DUMP_NAMES = {"sqlite": "parindex.sqlite3", "postgresql": "parindex.pgdump"}
SQLITE_BUSY_SECONDS = 30


def vendor() -> str:
    current = connections[ALIAS].vendor
    if current not in DUMP_NAMES:
        raise BackupError(messages.unsupported_vendor(current))
    return current


def dump(folder: Path) -> Path:
    """Write a consistent copy of the database into ``folder``; return its path."""
    target = Path(folder) / DUMP_NAMES[vendor()]
    settings_dict = connections[ALIAS].settings_dict
    if vendor() == "sqlite":
        _sqlite_copy(_sqlite_source(settings_dict), str(target), self_contained=True)
    else:
        _run("pg_dump", ["--format=custom", "--no-password", f"--file={target}", settings_dict["NAME"]], settings_dict)
    return target


def load(dump_file: Path) -> None:
    """Replace the configured database's content with ``dump_file``. Django's connections are
    closed first; the web server must be stopped (see docs/backup.md)."""
    connection = connections[ALIAS]
    settings_dict = connection.settings_dict
    connections.close_all()  # an in-memory SQLite database (the tests') ignores this and stays
    if vendor() == "sqlite":
        if not connection.is_in_memory_db():
            Path(settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(str(dump_file), str(settings_dict["NAME"]))
    else:
        _run("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
                            "--no-password", f"--dbname={settings_dict['NAME']}", str(dump_file)], settings_dict)


def latest_migrations() -> dict[str, str]:
    """The last applied migration of each app, as recorded in the database: ``{"audit": "0001_initial"}``."""
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connections[ALIAS]).applied_migrations():
        latest[app] = max(name, latest.get(app, name))
    return dict(sorted(latest.items()))


def known_migrations() -> set[tuple[str, str]]:
    """Every migration this code ships, applied or not."""
    return set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)


def code_is_ahead_of(archived: dict[str, str]) -> bool:
    """True when this code has migrations the archived database had not applied (run migrate after)."""
    ours: dict[str, str] = {}
    for app, name in known_migrations():
        ours[app] = max(name, ours.get(app, name))
    return any(name > archived.get(app, "") for app, name in ours.items())


def _sqlite_source(settings_dict) -> str:
    name = str(settings_dict["NAME"])
    if not connections[ALIAS].is_in_memory_db() and not Path(name).is_file():
        raise BackupError(messages.database_file_missing(name))
    return name


def _sqlite_copy(source: str, target: str, self_contained: bool = False) -> None:
    """Copy one SQLite database into another through the backup API. Names may be URIs, as Django
    uses them (the tests' shared in-memory database is ``file:memorydb_default?mode=memory&cache=shared``).
    ``self_contained`` turns a WAL copy into one file with no ``-wal`` beside it (for the archive)."""
    src = sqlite3.connect(source, uri=True, timeout=SQLITE_BUSY_SECONDS)
    try:
        dst = sqlite3.connect(target, uri=True, timeout=SQLITE_BUSY_SECONDS)
        try:
            src.backup(dst)
            if self_contained:
                dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    except sqlite3.Error as err:
        raise BackupError(messages.tool_failed("SQLite", str(err))) from None
    finally:
        src.close()


def _tool(name: str) -> str:
    folder = os.environ.get("PARINDEX_PG_BIN")
    found = str(Path(folder) / name) if folder and (Path(folder) / name).is_file() else shutil.which(name)
    if not found:
        raise BackupError(messages.tool_missing(name))
    return found


def _run(tool: str, arguments: list[str], settings_dict) -> None:
    _, client_env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    env = {**os.environ, **(client_env or {})}
    for key, variable in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    done = subprocess.run([_tool(tool), *arguments], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        detail = " ".join(line.strip() for line in done.stderr.strip().splitlines()[-3:]) or f"exit status {done.returncode}"
        raise BackupError(messages.tool_failed(tool, detail))
