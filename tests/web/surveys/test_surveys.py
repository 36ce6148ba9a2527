"""A survey manager imports a wave, sees the estimates per unit and element, applies them to the
survey criteria, and SIPAS is published with the cycle."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from parindex.core.errors import ValidationFailed
from parindex.web.audit.models import AuditEntry
from parindex.web.cycles import transitions as t
from parindex.web.cycles.models import AssessmentState as A
from parindex.web.cycles.models import CycleState as C
from parindex.web.cycles.models import Entry
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


def upload_and_map(client, cycle, data, name="w.csv", questionnaire="sipas", **design):
    """The two steps of the page: upload the file, then choose its design columns."""
    client.post(f"/cycles/{cycle.pk}/waves/upload/", {"file": SimpleUploadedFile(name, data), "questionnaire": questionnaire})
    return client.post(f"/cycles/{cycle.pk}/waves/design/", {"lonely_psu": "fail", **design}, follow=True)


def test_the_pages_and_the_published_sipas(par_cycle, units, people):
    client = client_for(people["survey"])
    client.post(f"/cycles/{par_cycle.pk}/waves/upload/", {"file": SimpleUploadedFile("w.csv", wave_csv(par_cycle)), "questionnaire": "sipas"})
    mapping = client.get(f"/cycles/{par_cycle.pk}/waves/design/").content.decode()
    assert 'id="preview"' in mapping and "respondent_id" in mapping and '<option value="w" selected>' in mapping  # weights guessed
    response = client.post(f"/cycles/{par_cycle.pk}/waves/design/", {"weights": "w", "cluster1": "commune", "lonely_psu": "fail"})
    wave = Wave.objects.get()
    assert response.url == f"/waves/{wave.pk}/"
    assert "Access to services" in client.get(f"/waves/{wave.pk}/").content.decode()
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
    response = upload_and_map(client_for(people["survey"], lang="vi"), par_cycle, data, weights="w", cluster1="commune")
    page = response.content.decode()
    assert "dòng 2" in page
    assert not Wave.objects.exists() and stored_waves(settings) == before


def test_a_column_that_looks_like_weights_left_unused_is_refused_until_chosen_or_declared(par_cycle, people):
    client = client_for(people["survey"])
    refused = upload_and_map(client, par_cycle, wave_csv(par_cycle), cluster1="commune").content.decode()
    assert "looks like sampling weights" in refused and not Wave.objects.exists()
    assert 'id="preview"' in refused  # still on the mapping page, the file kept: choose again without uploading again
    unweighted = client.post(f"/cycles/{par_cycle.pk}/waves/design/", {"cluster1": "commune", "lonely_psu": "fail", "unweighted": "on"})
    assert unweighted.status_code == 302 and Wave.objects.get().design == {"ids": ["commune"], "lonely_psu": "fail"}


def test_every_questionnaire_has_a_template_with_its_column_guide(par_cycle, people, tmp_path):
    from python_calamine import CalamineWorkbook

    client = client_for(people["survey"])
    csv = client.get(f"/cycles/{par_cycle.pk}/waves/template/officials.csv")
    assert b"".join(csv.streaming_content).decode("utf-8-sig").splitlines()[0].startswith("respondent_id,province,o1,o2")
    xlsx = tmp_path / "officials.xlsx"
    xlsx.write_bytes(b"".join(client.get(f"/cycles/{par_cycle.pk}/waves/template/officials.xlsx").streaming_content))
    guide = CalamineWorkbook.from_path(str(xlsx)).get_sheet_by_name("Hướng dẫn").to_python()
    assert any(row[0] == "o1" and "1–5" in row[1] for row in guide)
    assert client.get(f"/cycles/{par_cycle.pk}/waves/template/nothing.csv").status_code == 404
    assert client_for(people["editor_a"]).get(f"/cycles/{par_cycle.pk}/waves/template/officials.csv").status_code == 403


def test_results_of_another_body_enter_as_a_table_and_reach_the_criteria(par_cycle, units, people):
    client = client_for(people["survey"])
    table = "unit_code,criterion,percent,se_percent,n\n31,1.6,82.5,2.1,410\n01,1.6,77,2.5,380\n31,8.3.1,64,3,150\n"
    response = client.post(f"/cycles/{par_cycle.pk}/survey-results/upload/",
                           {"file": SimpleUploadedFile("bo-noi-vu.csv", table.encode()), "source": "Bộ Nội vụ, khảo sát CBCCVC 2025"})
    wave = Wave.objects.get()
    assert response.url == f"/waves/{wave.pk}/" and wave.kind == "table" and wave.rows == 3
    client.post(f"/waves/{wave.pk}/apply/")
    entry = Entry.objects.get(assessment__cycle=par_cycle, assessment__unit=units["A"], leaf_code="1.6")
    assert entry.inputs == {"estimate": 0.825} and entry.self_points == pytest.approx(0.825 * 1.5)


def test_a_results_table_with_errors_is_refused_whole_with_located_sentences(par_cycle, people):
    client = client_for(people["survey"], lang="vi")
    table = "unit_code,criterion,percent,se_percent,n\n31,1.6,182.5,2.1,410\n99,1.6,77,2.5,380\n31,1.1.1,64,3,150\n"
    page = client.post(f"/cycles/{par_cycle.pk}/survey-results/upload/",
                       {"file": SimpleUploadedFile("bang.csv", table.encode()), "source": "Bộ Nội vụ"}, follow=True).content.decode()
    assert "dòng 2" in page and "percent" in page and "dòng 3" in page and "dòng 4" in page
    assert not Wave.objects.exists()


def test_results_typed_in_stay_on_the_page_when_one_is_wrong(par_cycle, people):
    client = client_for(people["survey"])
    page = client.post(f"/cycles/{par_cycle.pk}/survey-results/", {"criterion": "1.6", "source": "Bộ Nội vụ",
                                                                   "percent-31": "82,5", "se-31": "2", "n-31": "400",
                                                                   "percent-01": "abc"}).content.decode()
    assert 'value="82,5"' in page and 'value="abc"' in page and not Wave.objects.exists()
    client.post(f"/cycles/{par_cycle.pk}/survey-results/", {"criterion": "1.6", "source": "Bộ Nội vụ", "percent-31": "82,5", "percent-01": "77"})
    assert sorted(r["domain"] for r in Wave.objects.get().estimates) == ["01", "31"]


def test_a_wave_not_applied_can_be_withdrawn_with_a_reason_and_then_cannot_be_applied(par_cycle, people):
    wave = import_survey_wave(par_cycle, people["survey"], "sipas.csv", wave_csv(par_cycle), {"weights": "w", "ids": ["commune"]})
    client = client_for(people["survey"])
    client.post(f"/waves/{wave.pk}/withdraw/", {"reason": "the wrong province's file"})
    wave.refresh_from_db()
    assert wave.withdrawn_at is not None and wave.withdrawal_reason == "the wrong province's file"
    assert AuditEntry.objects.filter(action="wave.withdraw", reason="the wrong province's file").exists()
    with pytest.raises(t.Refused, match="withdrawn"):
        apply_wave(wave, people["survey"])


def test_the_survey_page_shows_every_survey_criterion_still_without_data(par_cycle, units, people):
    wave = import_survey_wave(par_cycle, people["survey"], "sipas.csv", wave_csv(par_cycle), {"weights": "w", "ids": ["commune"]})
    apply_wave(wave, people["survey"])
    page = client_for(people["survey"]).get(f"/cycles/{par_cycle.pk}/waves/").content.decode()
    assert 'data-criterion="1.6" class="missing"' in page  # officials' survey: nothing yet
    sipas_row = page.split('data-criterion="8.1.1"')[1].split("</tr>")[0]
    assert "Hai Phong" not in sipas_row and "Ha Noi" not in sipas_row  # the two provinces in the wave have it


def test_the_survey_criteria_of_the_province_methodology_each_name_their_questionnaire():
    from parindex.core.methodology import load_builtin

    m = load_builtin("vn-par-province-2022")
    survey = [leaf for leaf in m.leaves() if leaf.source == "survey"]
    assert len(survey) == 16 and all(leaf.estimate_from for leaf in survey)
    assert {leaf.estimate_from[0] for leaf in survey} == {"sipas", "officials", "citizens", "businesses"}
    assert sum(leaf.max_points for leaf in survey) == pytest.approx(32.0)
