import time

from django.conf import settings
from django.core.management.base import BaseCommand

from parindex.web.cycles.models import Cycle
from parindex.web.demo.accounts import reset_passwords
from parindex.web.demo.dossiers import seed_dossiers
from parindex.web.demo.seed import seed


class Command(BaseCommand):
    help = ("Load the demo (units, a published 2024 cycle, a 2025 cycle in every state, a year of dossier records for the "
            "service index) once; print the accounts.")

    def handle(self, *args, **options):
        if not Cycle.objects.exists():
            self.stdout.write("Loading the demo data (synthetic, not published results)…")
            seed()
        started = time.perf_counter()
        found = seed_dossiers(settings.PARINDEX_SERVICES_STORE)  # generated once; the board brought up to date at every start
        if found is not None:
            self.stdout.write(f"Service index: records to {found.last_day:%d/%m/%Y} in {settings.PARINDEX_SERVICES_STORE} "
                              f"({time.perf_counter() - started:.1f} s)")
        self.stdout.write("\nDemo accounts (passwords are new at every start):")
        for username, password, role in reset_passwords():
            self.stdout.write(f"  {username:<10} {password:<14} {role}")
        self.stdout.write("")
