from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from parindex.web.backup import messages
from parindex.web.backup.messages import BackupError
from parindex.web.backup.restore import restore_backup


class Command(BaseCommand):
    help = ("Restore an archive written by `backup` into an EMPTY instance (new database, empty storage): every "
            "checksum is verified before anything is written, then the audit chain is verified. Stop the web "
            "server first. See docs/backup.md.")

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar written by `manage.py backup`")
        parser.add_argument("--lang", choices=[code for code, _ in settings.LANGUAGES], default=settings.LANGUAGE_CODE,
                            help="language of the messages (Vietnamese by default)")

    def handle(self, archive, lang, **options):
        try:
            restored = restore_backup(archive)
        except BackupError as err:
            raise CommandError(err.text.get(lang)) from None
        except OSError as err:
            raise CommandError(messages.io_failed(err).get(lang)) from None
        for line in restored.report():
            self.stdout.write(line.get(lang))
        if restored.failure():
            raise CommandError(restored.failure().get(lang))
