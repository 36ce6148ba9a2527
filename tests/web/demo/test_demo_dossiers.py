"""The demo's year of dossier records: the ministries, the 34 provinces and ten communes of each,
generated once into the services store with the dashboard's board, so /services/ has figures on the
first start and keeps them (not generated again) on the next."""
from collections import Counter
from datetime import date

from parindex.core.services.store import files
from parindex.web.demo.dossiers import demo_units, seed_dossiers
from tests.web.conftest import client_for


def test_the_demos_units_are_every_province_with_ten_of_its_communes():
    units = demo_units()
    levels = Counter(units.levels.tolist())
    assert levels["province"] == 34 and levels["commune"] == 340 and levels["ministry"] > 10
    assert set(Counter(p for p, level in zip(units.provinces.tolist(), units.levels.tolist()) if level == "commune").values()) == {10}


def test_the_demo_loads_a_year_once_and_the_dashboard_shows_it(db, settings, tmp_path):
    settings.PARINDEX_SERVICES_STORE = tmp_path
    found = seed_dossiers(tmp_path, dossiers=6_000)
    assert found is not None and found.last_day.year == 2026 and found.months[0] == "2026-01"
    written = {p: p.stat().st_mtime_ns for p in files(tmp_path, "dossiers")}
    assert seed_dossiers(tmp_path).folder == found.folder, "a second start reads the same board"
    assert {p: p.stat().st_mtime_ns for p in files(tmp_path, "dossiers")} == written, "and generates nothing again"
    page = client_for(None, lang="vi").get("/services/").content.decode()
    assert page.count('<tr data-unit="VN-') >= 34 and "Hải Phòng" in page
    assert date(2026, 12, 1) <= found.last_day <= date(2026, 12, 31)
