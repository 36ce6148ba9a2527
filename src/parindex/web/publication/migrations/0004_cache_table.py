from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    """The shared cache (per-client download limits) lives in the database, so every worker and
    server counts the same requests; created here so that `migrate` is the only setup step."""
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("publication", "0003_printed_documents")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
