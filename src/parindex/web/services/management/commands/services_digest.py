from datetime import date, timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from parindex.web.services.responsibility import send_digests


class Command(BaseCommand):
    help = ("Email each unit's leaders (its approvers) the week's overdue and nearly-due dossiers of their unit, the worst "
            "named with their handling official. Meant for cron on Monday morning; the week ends yesterday unless --until says.")

    def add_arguments(self, parser):
        parser.add_argument("--until", type=date.fromisoformat, default=None,
                            help="the last day of the week, YYYY-MM-DD (default: yesterday)")
        parser.add_argument("--site", default=getattr(settings, "PARINDEX_SITE_URL", ""),
                            help="the address people open, for the links (default: PARINDEX_SITE_URL)")
        parser.add_argument("--dry-run", action="store_true", help="list who would be written to, send nothing")

    def handle(self, *args, until: date | None, site: str, dry_run: bool, **options):
        until = until or timezone.localdate() - timedelta(days=1)
        sent = send_digests(until, site.rstrip("/"), dry_run=dry_run)
        for unit, addresses, late in sent:
            self.stdout.write(f"{'would write' if dry_run else 'wrote'} to {unit} ({late} overdue): "
                              f"{', '.join(addresses) or '(no address on file)'}")
        self.stdout.write(f"{len(sent)} unit(s) with a leader on file")
