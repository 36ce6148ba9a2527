"""``manage.py services_recompute``: the nightly check of the service index's store, for cron.

After each accepted batch the kept daily aggregates are brought up to date by what the batch
changed (seconds, not a full pass). This command recomputes every one of them from all the records,
compares the result with what was kept, and says which differ and by how many rows — a difference
means an incremental update went wrong, and the full recompute has replaced it. The aggregates are
those of the service index and of every PAR cycle whose criteria count records: built here, not by
the first person to open such a cycle's page on a store of a hundred million records. It then folds
the deltas into the base files (``locator.compact``, table by table) and refreshes the dashboard's
board. Exits with status 1 when a kept aggregate differed, so cron reports it.
"""
from __future__ import annotations

import time

import pandas as pd
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from parindex.core.methodology.model import Methodology
from parindex.core.services import aggregates, board, locator, sql
from parindex.core.services.records import TABLES
from parindex.core.services.store import files, locked
from parindex.web.cycles.models import Cycle
from parindex.web.services import intake, pages


def differing_rows(kept: pd.DataFrame, full: pd.DataFrame, keys: tuple[str, ...], counts: tuple[str, ...]) -> int:
    """Rows of the kept aggregate and the full recompute that disagree (a row of zeros is no row)."""
    def nonzero(frame: pd.DataFrame) -> pd.DataFrame:
        present = [c for c in counts if c in frame.columns]
        return frame[(frame[present] != 0).any(axis=1)] if present else frame

    merged = nonzero(kept).merge(nonzero(full), on=list(keys), how="outer", suffixes=("_kept", "_full"), indicator=True)
    differ = merged["_merge"] != "both"
    for c in counts:
        if f"{c}_kept" in merged.columns:
            differ |= merged[f"{c}_kept"].fillna(-1) != merged[f"{c}_full"].fillna(-1)
    return int(differ.sum())


def counting_methodologies() -> list[Methodology]:
    """The service index's methodology and every cycle's whose criteria count records, each once."""
    found = {m.content_hash: m for m in [pages.methodology(), *(c.methodology for c in Cycle.objects.all())]
             if m.id == pages.methodology().id or any(leaf.records is not None for leaf in m.leaves())}
    return list(found.values())


class Command(BaseCommand):
    help = "Recompute the service index's aggregates in full, report any that differed from the kept ones, compact the store, refresh the board."

    def handle(self, *args, **options):
        root = settings.PARINDEX_SERVICES_STORE
        methodology = pages.methodology()
        started = time.perf_counter()
        counting = counting_methodologies()
        with locked(root), intake.one_load_at_a_time():
            # No load meanwhile: one would look like a kept aggregate gone wrong (its rows read
            # before the load, the recompute's after), or write a delta the compaction then removes.
            # Loads wait for the check: seconds for a province's records, about half a minute for a country's.
            every = {one.folder.name: one for one in (aggregates.Kept.of(root, plan) for m in counting for plan in sql.aggregates(m))
                     if files(root, one.table)}  # two methodologies may share an aggregate: recomputed once
            kept = {name: (one, one.read()) for name, one in every.items() if one.in_step()}
            for one in every.values():
                one.rebuild()
            differed = []
            for name, (one, before) in kept.items():
                n = differing_rows(before, one.read(), one.keys, one.counts)
                if n:
                    differed.append(name)
                    self.stderr.write(f"{name}: {n} rows differed from the full recompute; replaced by it")
            self.stdout.write(f"aggregates recomputed in full for {', '.join(m.id for m in counting)}: "
                              f"{len(kept)} compared, {len(differed)} differed")
            for table in TABLES:
                if not files(root, table):
                    continue
                rewritten = locator.compact(root, table)
                locator.Index.current(root, table)  # built now if the base files changed, not by the next push
                self.stdout.write(f"{table}: {len(rewritten)} partitions compacted, key index ready")
        found = board.refresh(root, methodology)
        self.stdout.write("board refreshed" if found is not None else "no records: no board")
        self.stdout.write(f"done in {time.perf_counter() - started:.1f} s")
        if differed:
            raise CommandError(f"{len(differed)} kept aggregates differed from the records: {', '.join(differed)}")
