from django.db import migrations

from parindex.web.audit.append_only import protect


class Migration(migrations.Migration):
    """Refuse UPDATE and DELETE on the audit log in the database itself (see ``append_only``)."""

    dependencies = [("audit", "0001_initial")]
    operations = [protect("audit_auditentry")]
