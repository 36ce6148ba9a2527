"""Database triggers that refuse UPDATE and DELETE on the audit log and on published snapshots.

The ORM already refuses; the triggers refuse for every other client too (raw SQL, a console, a
script with the application's credentials). They are lifted only while a row sits in the
``parindex_maintenance`` table, which only ``manage.py flush`` writes (tests and an empty-instance
restore need to wipe everything). That table is not a Django model, so ``flush`` itself never
empties it. Someone who can drop triggers can still rewrite history — that is what the hash chain
and the chain heads published in every bundle and snapshot catch.
"""
from __future__ import annotations

from contextlib import contextmanager

from django.db import migrations

PROTECTED_TABLES = ("audit_auditentry", "publication_snapshot")
MAINTENANCE_TABLE = "parindex_maintenance"


def create_sql(vendor: str, table: str) -> list[str]:
    if vendor == "sqlite":
        return [
            f"CREATE TABLE IF NOT EXISTS {MAINTENANCE_TABLE} (reason TEXT NOT NULL)",
            *(f"CREATE TRIGGER IF NOT EXISTS {table}_no_{op.lower()} BEFORE {op} ON {table} "
              f"WHEN NOT EXISTS (SELECT 1 FROM {MAINTENANCE_TABLE}) "
              f"BEGIN SELECT RAISE(ABORT, 'parindex: {table} is append-only; {op} refused'); END"
              for op in ("UPDATE", "DELETE")),
        ]
    if vendor == "postgresql":
        return [
            f"CREATE TABLE IF NOT EXISTS {MAINTENANCE_TABLE} (reason TEXT NOT NULL)",
            f"""CREATE OR REPLACE FUNCTION parindex_append_only() RETURNS trigger AS $$
            BEGIN
              IF EXISTS (SELECT 1 FROM {MAINTENANCE_TABLE}) THEN
                IF TG_OP = 'UPDATE' THEN RETURN NEW; END IF;
                RETURN OLD;
              END IF;
              RAISE EXCEPTION 'parindex: % is append-only; % refused', TG_TABLE_NAME, TG_OP;
            END $$ LANGUAGE plpgsql""",
            f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}",
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION parindex_append_only()",
            f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
            f"CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION parindex_append_only()",
        ]
    return []  # another database: the ORM's refusal and the hash chain still hold


def drop_sql(vendor: str, table: str) -> list[str]:
    if vendor == "sqlite":
        return [f"DROP TRIGGER IF EXISTS {table}_no_update", f"DROP TRIGGER IF EXISTS {table}_no_delete"]
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}", f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}"]
    return []


def protect(table: str):
    """A migration operation installing the triggers on ``table`` for whichever database runs it."""
    def forwards(apps, schema_editor):
        for statement in create_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(statement, params=None)  # the % in plpgsql is not a placeholder

    def backwards(apps, schema_editor):
        for statement in drop_sql(schema_editor.connection.vendor, table):
            schema_editor.execute(statement, params=None)  # the % in plpgsql is not a placeholder

    return migrations.RunPython(forwards, backwards)


@contextmanager
def maintenance(connection, reason: str):
    """Lift the triggers on this database while the block runs (for ``flush`` only)."""
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {MAINTENANCE_TABLE} (reason) VALUES (%s)", [reason])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {MAINTENANCE_TABLE}")
