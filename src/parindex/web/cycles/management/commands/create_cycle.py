from django.core.management.base import BaseCommand, CommandError

from parindex.core.errors import ParindexError
from parindex.core.methodology import builtin_ids, resolve
from parindex.web.cycles.models import Cycle, Programme
from parindex.web.cycles.setup import create_cycle, load_units


class Command(BaseCommand):
    help = "Create a cycle: a methodology (built-in id or YAML file, pinned by its hash) and every unit valid that year."

    def add_arguments(self, parser):
        parser.add_argument("programme", help="programme code, e.g. par-province (created if missing with --kind)")
        parser.add_argument("year", type=int)
        parser.add_argument("methodology", help="built-in id or path to a methodology YAML file")
        parser.add_argument("--slug", required=True)
        parser.add_argument("--kind", choices=["province", "ministry"], help="unit kind of a new programme")
        parser.add_argument("--previous", help="slug of last year's cycle, for the change column")

    def handle(self, programme, year, methodology, slug, kind=None, previous=None, **options):
        try:
            m = resolve(methodology)
        except ParindexError as err:
            raise CommandError(err.render()) from None
        load_units()
        prog = Programme.objects.filter(code=programme).first()
        if prog is None:
            if not kind:
                raise CommandError(f"no programme {programme!r}; give --kind to create it")
            prog = Programme.objects.create(code=programme, name_vi=m.programme.vi, name_en=m.programme.en, unit_kind=kind)
        text = open(m.source_file, encoding="utf-8").read() if methodology not in builtin_ids() else None
        before = Cycle.objects.filter(slug=previous).first() if previous else None
        cycle = create_cycle(prog, year, m.id, slug, previous=before, methodology_text=text)
        self.stdout.write(f"{cycle.slug}: {cycle.assessments.count()} units, methodology {m.id} sha256 {m.content_hash[:12]}")
