"""A PAR criterion the dossier records feed (3.2.1, 3.2.3, 3.3.1–3.3.3 of vn-par-province-2022):
the unit's page and appraisal show the value from the records in words, its year and its source;
the points come from the records; an appraiser changes them only with a reason, which the audit
log keeps."""
from datetime import date

import pyarrow as pa
import pytest

from parindex.core.services.records import DOSSIERS
from parindex.core.services.store import write_table
from parindex.web.audit.models import AuditEntry
from parindex.web.cycles import transitions as t
from parindex.web.cycles.models import AssessmentState
from parindex.web.cycles.models import CycleState as C
from parindex.web.cycles.page import under_review
from parindex.web.cycles.scoring import cycle_results, from_records
from tests.core.services.test_indicators_by_hand import dossier
from tests.web.conftest import assessment_of, at_stage, client_for, entry_of

HAI_PHONG = "VN-31-2025"


@pytest.fixture
def store(tmp_path, settings):
    may = {"received_on": date(2025, 5, 6), "due_on": date(2025, 5, 16), "completed_on": date(2025, 5, 12)}
    rows = [dossier(1, HAI_PHONG, "province", HAI_PHONG, **may, digitised=True),
            dossier(2, HAI_PHONG, "province", HAI_PHONG, **{**may, "completed_on": date(2025, 5, 30)}),  # late
            dossier(3, "X1", "commune", HAI_PHONG, **{**may, "received_on": date(2025, 6, 2)}, digitised=True),
            dossier(4, HAI_PHONG, "province", HAI_PHONG, received_on=date(2024, 12, 2), due_on=date(2024, 12, 9),
                    completed_on=date(2024, 12, 5))]  # last year's: not counted
    write_table(tmp_path, "dossiers", pa.Table.from_pylist(rows, schema=DOSSIERS.schema))
    settings.PARINDEX_SERVICES_STORE = tmp_path
    return tmp_path


def row_of(html, entry):
    return html.split(f'id="entry-{entry.pk}"')[1].split("</tbody>")[0]


def test_the_units_page_shows_the_records_value_its_year_and_source(par_cycle, units, people, store):
    at_stage(par_cycle, C.SELF_ASSESSMENT)
    entry = entry_of(par_cycle, units["A"], "3.3.1")
    html = client_for(people["editor_a"], lang="vi").get(f"/assessments/{assessment_of(par_cycle, units['A']).pk}/").content.decode()
    row = row_of(html, entry)
    assert "2 trên 3 hồ sơ (66,7 %)" in row and "Năm 2025" in row and "Hệ thống một cửa — dữ liệu hồ sơ" in row
    assert "02/06/2025" in row, "the store's last day with records in the year"
    assert 'name="input-3.3.1-numerator"' not in row, "the records' value is not typed again"


def test_a_unit_without_records_enters_the_criterion_itself(par_cycle, units, people, store):
    at_stage(par_cycle, C.SELF_ASSESSMENT)
    assert from_records(par_cycle, units["B"]) == {}
    entry = entry_of(par_cycle, units["B"], "3.3.1")
    html = client_for(people["editor_b"]).get(f"/assessments/{assessment_of(par_cycle, units['B']).pk}/").content.decode()
    assert 'name="input-3.3.1-numerator"' in row_of(html, entry) and 'class="from-records"' not in row_of(html, entry)


def test_the_points_come_from_the_records(par_cycle, units, store):
    fed = from_records(par_cycle, units["A"])
    assert (fed["3.2.1"].numerator, fed["3.2.1"].denominator) == (1, 2) and (fed["3.3.1"].numerator, fed["3.3.1"].denominator) == (2, 3)
    result = next(u for u in cycle_results(par_cycle).units if u.unit.id == HAI_PHONG)
    assert result.nodes["3.3.1"].points == pytest.approx(0.5 * 2 / 3)
    assert "3.3.1" not in t.missing_inputs(assessment_of(par_cycle, units["A"]))


def appraisal(par_cycle, units):
    at_stage(par_cycle, C.APPRAISAL)
    assessment_of(par_cycle, units["A"]).__class__.objects.filter(cycle=par_cycle).update(state=AssessmentState.SUBMITTED)
    return entry_of(par_cycle, units["A"], "3.3.1")


def test_an_appraiser_accepts_the_records_points_without_a_reason(par_cycle, units, people, store):
    entry = appraisal(par_cycle, units)
    assert under_review(entry) == pytest.approx(0.5 * 2 / 3)
    entry = t.appraise(entry, people["appraiser_a"], under_review(entry), "", entry.version)
    assert entry.appraised_points == pytest.approx(0.5 * 2 / 3)


def test_an_appraiser_cannot_overwrite_the_records_without_a_reason(par_cycle, units, people, store):
    entry = appraisal(par_cycle, units)
    with pytest.raises(t.Refused, match="needs a reason"):
        t.appraise(entry, people["appraiser_a"], 0.5, "", entry.version)
    entry = t.appraise(entry, people["appraiser_a"], 0.5, "two dossiers were digitised after the export", entry.version)
    logged = AuditEntry.objects.get(action="entry.appraised_points", field=f"{HAI_PHONG}/3.3.1")
    assert logged.reason == "two dossiers were digitised after the export" and entry.appraised_points == 0.5


def test_appraisal_shows_the_records_value_and_asks_a_reason_to_change_it(par_cycle, units, people, store):
    entry = appraisal(par_cycle, units)
    html = client_for(people["appraiser_a"]).get(f"/assessments/{assessment_of(par_cycle, units['A']).pk}/").content.decode()
    row = row_of(html, entry)
    assert "2 of 3 dossiers (66.7 %)" in row and "One-stop systems — dossier records" in row
    assert "other points need a reason" in row
    refused = client_for(people["appraiser_a"]).post(f"/entries/{entry.pk}/appraise/", {"version": entry.version, "points": "0,5",
                                                                                          "reason": ""}, HTTP_HX_REQUEST="true")
    assert "needs a reason" in refused.content.decode()
    entry.refresh_from_db()
    assert entry.appraised_points is None
