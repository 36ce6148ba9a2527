from pathlib import Path

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand

from parindex.web.uploads import orphans


class Command(BaseCommand):
    help = ("Remove stored evidence and survey files that no row names, and staging files left by an interrupted "
            "upload, once older than --hours (default 1: an upload in progress has not saved its row yet).")

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=float, default=1.0)
        parser.add_argument("--dry-run", action="store_true", help="list what would be removed, remove nothing")

    def handle(self, *args, hours: float, dry_run: bool, **options):
        found = orphans(older_than_seconds=hours * 3600)
        for name in found:
            self.stdout.write(("would remove " if dry_run else "removed ") + name)
            if not dry_run:
                if Path(name).is_absolute():
                    Path(name).unlink(missing_ok=True)
                else:
                    default_storage.delete(name)
        self.stdout.write(f"{len(found)} file(s) {'to remove' if dry_run else 'removed'}")
