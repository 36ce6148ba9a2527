"""``services_recompute``: the full recompute agrees with the aggregates kept after each batch,
reports one that does not, compacts the store and refreshes the board."""
from datetime import date
from io import StringIO

import pyarrow.parquet as pq
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from parindex.core.services import aggregates, board, sql, store
from parindex.core.services.generator import Units, generate
from parindex.core.services.ingest import ingest
from parindex.web.services import pages
from tests.web.conftest import first_communes

pytestmark = pytest.mark.django_db  # the command reads which cycles count records


@pytest.fixture
def small_store(tmp_path, settings):
    root = tmp_path / "services"
    generate(root, first_communes(Units.vietnam(), 1), date(2026, 1, 1), 60, 3000, seed=17)
    board.refresh(root, pages.methodology())
    batch = tmp_path / "more.jsonl"
    batch.write_text('{"feedback_id": "F-NEW-1", "version": 1, "unit": "VN-01", "province": "VN-01", "level": "province", '
                     '"received_on": "2026-02-01", "due_on": "2026-02-10", "resolved_on": "2026-02-03", "satisfied": true}\n')
    ingest(root, [batch])  # a batch after the aggregates were kept: brought up to date incrementally, in a delta
    settings.PARINDEX_SERVICES_STORE = root
    return root


def run() -> str:
    out = StringIO()
    call_command("services_recompute", stdout=out, stderr=out)
    return out.getvalue()


def test_it_finds_the_kept_aggregates_equal_to_a_full_recompute(small_store):
    text = run()
    assert "differed" in text and ", 0 differed" in text


def test_it_compacts_the_store_and_refreshes_the_board(small_store):
    assert store.delta_files(small_store, "feedback")
    run()
    assert not store.delta_files(small_store, "feedback")
    assert not board.stale(small_store, pages.methodology())


def test_it_reports_a_kept_aggregate_that_differs_and_replaces_it(small_store):
    plan = next(p for p in sql.aggregates(pages.methodology()) if p.table == "dossiers" and p.day)
    kept = aggregates.Kept.of(small_store, plan)
    part = sorted(kept.folder.rglob("*.parquet"))[0]
    table = pq.read_table(part)
    column = kept.counts[0]
    values = table[column].to_pylist()
    values[0] += 5
    pq.write_table(table.set_column(table.schema.get_field_index(column), column, [values]), part)
    with pytest.raises(CommandError, match="1 kept aggregates differed"):
        run()
    assert ", 0 differed" in run()


def test_it_builds_the_aggregates_of_a_par_cycle_whose_criteria_count_records(small_store, par_cycle):
    """The first person to open such a cycle's page does not wait for a hundred million records."""
    plans = [p for p in sql.aggregates(par_cycle.methodology) if store.files(small_store, p.table)]
    assert plans and not any(aggregates.Kept.of(small_store, p).in_step() for p in plans if p not in sql.aggregates(pages.methodology()))
    text = run()
    assert all(aggregates.Kept.of(small_store, p).in_step() for p in plans)
    assert f"{par_cycle.methodology.id}" in text and ", 0 differed" in text


def test_it_checks_and_compacts_under_the_stores_lock_so_that_no_load_runs_meanwhile(small_store, monkeypatch):
    """A load during the check would look like a kept aggregate gone wrong (cron would report it),
    and one during the compaction would write a delta that the compaction then removes."""
    import fcntl

    from parindex.core.services import locator
    from parindex.core.services.place import workdir

    def lock_held() -> bool:
        with open(workdir(small_store) / ".lock", "w") as handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
            return False

    held = {"rebuild": [], "compact": []}
    rebuild, compact = aggregates.Kept.rebuild, locator.compact

    def rebuild_noting(self):
        held["rebuild"].append(lock_held())
        return rebuild(self)

    def compact_noting(root, table):
        held["compact"].append(lock_held())
        return compact(root, table)

    monkeypatch.setattr(aggregates.Kept, "rebuild", rebuild_noting)
    monkeypatch.setattr(locator, "compact", compact_noting)
    run()
    assert held["rebuild"] and all(held["rebuild"]) and held["compact"] and all(held["compact"])
