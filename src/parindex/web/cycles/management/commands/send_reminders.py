from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from parindex.web.cycles.reminders import send_reminders


class Command(BaseCommand):
    help = ("Email the editors and approvers of every unit late against its deadline (its extension, else the cycle's "
            "deadline for the round it owes). Meant for cron, e.g. every morning.")

    def add_arguments(self, parser):
        parser.add_argument("--site", default=getattr(settings, "PARINDEX_SITE_URL", ""),
                            help="the address people open, for the links (default: PARINDEX_SITE_URL)")
        parser.add_argument("--dry-run", action="store_true", help="list who would be written to, send nothing")

    def handle(self, *args, site: str, dry_run: bool, **options):
        sent = send_reminders(timezone.localdate(), site.rstrip("/"), dry_run=dry_run)
        for unit, addresses in sent:
            self.stdout.write(f"{'would remind' if dry_run else 'reminded'} {unit}: {', '.join(addresses) or '(no address on file)'}")
        self.stdout.write(f"{len(sent)} late unit(s)")
