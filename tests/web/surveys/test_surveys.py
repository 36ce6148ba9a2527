"""A survey manager imports a wave, sees the estimates per unit and element, applies them to the
survey criteria, and SIPAS is published with the cycle."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from parindex.core.errors import ValidationFailed
from parindex.web.audit.models import AuditEntry
from parindex.web.cycles import transitions as t
from parindex.web.cycles.models import AssessmentState as A
from parindex.web.cycles.models import CycleState as C
from parindex.web.surveys.models import Wave
from parindex.web.surveys.transitions import apply_wave, import_survey_wave
from tests.web.conftest import at_stage, client_for, wave_csv


def test_import_estimates_and_apply_to_the_survey_criteria(par_cycle, units, people):
    wave = import_survey_wave(par_cycle, people["survey"], "sipas.csv", wave_csv(par_cycle), {"weights": "w", "ids": ["commune"]})
    rows = {(r["domain"], r["element"]): r for r in wave.estimates}
    assert rows[("31", "access")]["se"] > 0 and 0 < rows[("31", "overall")]["estimate"] < 1
    assert apply_wave(wave, people["survey"]) == 2 * 5  # two provinces × five element leaves
    entry = par_cycle.assessments.get(unit=units["A"]).entries.get(leaf_code="8.1.1")
    assert entry.inputs == {"estimate": rows[("31", "access")]["estimate"]}
    assert entry.self_points == pytest.approx(2.0 * rows[("31", "access")]["estimate"])
    assert AuditEntry.objects.filter(action="entry.inputs", reason__startswith=f"survey wave {wave.pk}").count() == 10


def test_a_bad_wave_is_refused_with_located_problems_and_stores_nothing(par_cycle, people):
    with pytest.raises(ValidationFailed) as caught:
        import_survey_wave(par_cycle, people["survey"], "sipas.csv", wave_csv(par_cycle, bad=True), {"weights": "w", "ids": ["commune"]})
    codes = {(p.code, p.where.row) for p in caught.value.problems}
    assert ("unknown_unit", 42) in codes and ("out_of_scale", 42) in codes
    assert not Wave.objects.exists()


def test_only_survey_managers_and_administrators_import(par_cycle, people):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        import_survey_wave(par_cycle, people["editor_a"], "sipas.csv", wave_csv(par_cycle), {"weights": "w"})


def test_the_pages_and_the_published_sipas(par_cycle, units, people):
    client = client_for(people["survey"])
    response = client.post(f"/cycles/{par_cycle.pk}/waves/upload/", {"file": SimpleUploadedFile("w.csv", wave_csv(par_cycle)),
                                                                       "weights": "w", "ids": "commune"})
    wave = Wave.objects.get()
    assert response.url == f"/waves/{wave.pk}/"
    assert "access" in client.get(f"/waves/{wave.pk}/").content.decode()
    client.post(f"/waves/{wave.pk}/apply/")
    at_stage(par_cycle, C.COUNCIL)
    par_cycle.assessments.update(state=A.FINAL)
    t.approve_by_council(par_cycle, people["council"])
    from parindex.web.publication.transitions import publish

    publish(par_cycle, people["admin"])
    page = client_for(None, lang="en").get(f"/results/{par_cycle.slug}/sipas/").content.decode()
    assert "Access to services" in page and "SIPAS" in page


def test_published_sipas_names_units_and_shows_percentages(par_cycle, units, people):
    wave = import_survey_wave(par_cycle, people["survey"], "sipas.csv", wave_csv(par_cycle), {"weights": "w", "ids": ["commune"]})
    apply_wave(wave, people["survey"])
    at_stage(par_cycle, C.COUNCIL)
    par_cycle.assessments.update(state=A.FINAL)
    t.approve_by_council(par_cycle, people["council"])
    from parindex.web.publication.transitions import publish

    publish(par_cycle, people["admin"])
    page = client_for(None, lang="vi").get(f"/results/{par_cycle.slug}/sipas/").content.decode()
    access = next(r for r in wave.estimates if r["domain"] == "31" and r["element"] == "access")
    assert "Hải Phòng" in page and "Cả nước" in page
    assert f"{access['estimate'] * 100:.2f}".replace(".", ",") in page


def stored_waves(settings) -> list:
    return sorted(p for p in (settings.MEDIA_ROOT / "waves").rglob("*") if p.is_file()) if (settings.MEDIA_ROOT / "waves").exists() else []


def test_a_wave_over_the_size_cap_is_refused_before_it_is_read(par_cycle, people, settings):
    from parindex.web.cycles.transitions import Refused

    settings.SURVEY_WAVE_MAX_BYTES = 1024
    before = stored_waves(settings)
    with pytest.raises(Refused, match="too large"):
        import_survey_wave(par_cycle, people["survey"], "sipas.csv", wave_csv(par_cycle), {"weights": "w", "ids": ["commune"]})
    assert not Wave.objects.exists() and stored_waves(settings) == before


@pytest.mark.parametrize("weight", ["-1500", "0", "nan", "inf"])
def test_a_wave_with_a_weight_that_is_not_positive_is_refused_at_its_row_through_the_web(par_cycle, people, settings, weight):
    lines = wave_csv(par_cycle).decode().splitlines()
    header, first = lines[0].split(","), lines[1].split(",")
    first[header.index("w")] = weight
    data = "\n".join([lines[0], ",".join(first), *lines[2:]]).encode()
    before = stored_waves(settings)
    response = client_for(people["survey"], lang="vi").post(
        f"/cycles/{par_cycle.pk}/waves/upload/", {"file": SimpleUploadedFile("w.csv", data), "weights": "w", "ids": "commune"},
        follow=True)
    page = response.content.decode()
    assert "row 2" in page or "dòng 2" in page
    assert not Wave.objects.exists() and stored_waves(settings) == before
