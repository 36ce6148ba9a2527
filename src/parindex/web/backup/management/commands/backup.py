from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from parindex.web.backup import messages
from parindex.web.backup.archive import write_backup
from parindex.web.backup.messages import BackupError


class Command(BaseCommand):
    help = ("Write one archive: the database (a consistent copy, taken while the site runs), every stored file "
            "and manifest.json with their SHA-256 sums. See docs/backup.md.")

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar to write; an existing file is replaced only by a complete archive")
        parser.add_argument("--lang", choices=[code for code, _ in settings.LANGUAGES], default=settings.LANGUAGE_CODE,
                            help="language of the messages (Vietnamese by default)")

    def handle(self, archive, lang, **options):
        try:
            manifest = write_backup(archive)
        except BackupError as err:
            raise CommandError(err.text.get(lang)) from None
        except OSError as err:
            raise CommandError(messages.io_failed(err).get(lang)) from None
        self.stdout.write(messages.backed_up(archive, manifest.vendor, len(manifest.files), manifest.size).get(lang))
