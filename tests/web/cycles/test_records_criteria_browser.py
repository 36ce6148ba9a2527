"""A criterion fed by the dossier records on the unit's page in a real browser (Debian's chromium),
in Vietnamese, on a desktop and a phone: the value in words, its year and its source, and no box to
type it in. Screenshots go to ``SCREENS``."""
import os
from pathlib import Path

import pytest

from parindex.web.cycles.models import CycleState as C
from tests.web.conftest import assessment_of, at_stage, entry_of
from tests.web.cycles.test_records_criteria import store  # noqa: F401

pytestmark = pytest.mark.django_db(transaction=True)
SCREENS = Path(os.environ.get("PARINDEX_SCREENS", "/tmp/parindex-screens"))


@pytest.mark.parametrize("width", [1366, 390])
def test_the_unit_reads_where_its_records_fed_criterion_comes_from(browser, live_server, par_cycle, units, people, store, width):  # noqa: F811
    at_stage(par_cycle, C.SELF_ASSESSMENT)
    entry = entry_of(par_cycle, units["A"], "3.3.1")
    page = browser.new_context(locale="vi-VN", viewport={"width": width, "height": 900}).new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", "editor_a")
    page.fill("input[name=password]", "pw")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/work/")
    page.goto(f"{live_server.url}/assessments/{assessment_of(par_cycle, units['A']).pk}/")
    row = page.locator(f"#entry-{entry.pk}")
    row.scroll_into_view_if_needed()
    text = row.inner_text()
    assert "2 trên 3 hồ sơ (66,7 %)" in text and "Hệ thống một cửa — dữ liệu hồ sơ" in text and "Năm 2025" in text
    assert row.locator("input[name^='input-3.3.1']").count() == 0
    SCREENS.mkdir(parents=True, exist_ok=True)
    page.locator(f"#entry-{entry.pk}").screenshot(path=str(SCREENS / f"par-records-criterion-{width}.png"))
    page.screenshot(path=str(SCREENS / f"par-unit-page-{width}.png"))
