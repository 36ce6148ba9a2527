import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from parindex.web.publication.printing import print_pending


class Command(BaseCommand):
    help = ("Print the documents of published snapshots that are waiting (PDF reports, workbook, rank intervals); "
            "with --watch, keep looking for new ones (what bin/serve runs beside the web server).")

    def add_arguments(self, parser):
        parser.add_argument("--watch", action="store_true")
        parser.add_argument("--every", type=float, default=5.0, help="seconds between looks, with --watch")

    def handle(self, *args, watch: bool, every: float, **options):
        while True:
            done = print_pending()
            if done:
                self.stdout.write(f"printed {done} document(s)")
            if not watch:
                return
            close_old_connections()  # a watcher runs for months: do not hold one connection that long
            time.sleep(every)
