from django.db import migrations

from parindex.web.audit.append_only import protect


class Migration(migrations.Migration):
    """Refuse UPDATE and DELETE on published snapshots in the database itself (see ``audit.append_only``)."""

    dependencies = [("publication", "0001_initial"), ("audit", "0002_append_only_triggers")]
    operations = [protect("publication_snapshot")]
