from django.core.management.commands.flush import Command as DjangoFlush
from django.db import DEFAULT_DB_ALIAS, connections

from parindex.web.audit.append_only import maintenance


class Command(DjangoFlush):
    """Django's ``flush``, with the append-only triggers lifted while it empties every table: the
    test runner and an empty-instance restore must be able to start from nothing."""

    def handle(self, **options):
        connection = connections[options.get("database") or DEFAULT_DB_ALIAS]
        with maintenance(connection, "flush"):
            return super().handle(**options)
