from django.core.management.base import BaseCommand, CommandError

from parindex.web.audit.chain import verify
from parindex.web.audit.models import AuditEntry


class Command(BaseCommand):
    help = "Recompute the audit log's hash chain and report any entry changed, removed or re-linked."

    def handle(self, *args, **options):
        problems = verify()
        if problems:
            for p in problems:
                self.stderr.write(f"entry {p.seq}: {p.problem}")
            raise CommandError(f"audit chain broken: {len(problems)} problem(s)")
        self.stdout.write(f"audit chain intact: {AuditEntry.objects.count()} entries")
