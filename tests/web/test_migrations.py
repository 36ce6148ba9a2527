"""Migrations are complete (no model change without one) and apply on the database under test
(SQLite by default; PostgreSQL when PARINDEX_DATABASE_URL points at one, as in CI)."""
import pytest
from django.core.management import call_command
from django.db import connection


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_the_schema_is_on_the_configured_database():
    tables = set(connection.introspection.table_names())
    assert {"cycles_entry", "audit_auditentry", "publication_snapshot"} <= tables
