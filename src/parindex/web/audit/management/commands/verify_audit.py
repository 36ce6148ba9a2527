from django.core.management.base import BaseCommand, CommandError

from parindex.web.audit.chain import verify
from parindex.web.audit.integrity import CHECKS, check_published_head
from parindex.web.audit.models import AuditEntry


class Command(BaseCommand):
    help = ("Recompute the audit log's hash chain; check every published snapshot against its checksum and the log, "
            "every entry's values against its last audited change, and optionally a chain head published earlier.")

    def add_arguments(self, parser):
        parser.add_argument("--expect-head", metavar="SEQ:HASH",
                            help="a chain head published earlier (a bundle's AUDIT_HEAD or the portal's footer)")

    def handle(self, *args, **options):
        problems = [f"entry {p.seq}: {p.problem}" for p in verify()]
        problems += [str(p) for check in CHECKS for p in check()]
        if options["expect_head"]:
            seq, _, digest = options["expect_head"].partition(":")
            if not seq.isdigit() or len(digest) != 64:
                raise CommandError("--expect-head takes SEQ:HASH, e.g. 548:3f2a… (64 hex digits)")
            problems += [str(p) for p in check_published_head(int(seq), digest)]
        if problems:
            for problem in problems:
                self.stderr.write(problem)
            raise CommandError(f"audit chain broken: {len(problems)} problem(s)")
        self.stdout.write(f"audit chain intact: {AuditEntry.objects.count()} entries")
