"""Two people editing the same criterion: the second save is refused and shows what changed."""
import pytest
from django.contrib.auth import get_user_model

from parindex.web.cycles import transitions as t
from parindex.web.cycles.models import CycleState as C
from parindex.web.cycles.models import Membership, Role
from tests.web.conftest import at_stage, client_for, entry_of


@pytest.fixture
def second_editor(people, units):
    user = get_user_model().objects.create_user("editor_a2", password="pw")
    Membership.objects.create(user=user, role=Role.EDITOR, unit=units["A"])
    return user


def test_the_second_save_from_the_same_version_is_refused_with_the_current_values(cycle, units, people, second_editor):
    at_stage(cycle, C.SELF_ASSESSMENT)
    loaded = entry_of(cycle, units["A"], "1.1")  # both open the page at version 1
    t.save_inputs(loaded, people["editor_a"], {"numerator": 8, "denominator": 10}, loaded.version)
    with pytest.raises(t.StaleEdit) as caught:
        t.save_inputs(loaded, second_editor, {"numerator": 3, "denominator": 10}, loaded.version)
    assert "changed by editor_a" in caught.value.title
    mine, now = caught.value.changes["inputs"]
    assert mine == {"numerator": 3.0, "denominator": 10.0} and now == {"numerator": 8.0, "denominator": 10.0}
    entry = entry_of(cycle, units["A"], "1.1")
    assert entry.inputs == {"numerator": 8.0, "denominator": 10.0} and entry.version == 2


def test_the_page_shows_the_conflict_instead_of_overwriting(cycle, units, people, second_editor):
    at_stage(cycle, C.SELF_ASSESSMENT)
    entry = entry_of(cycle, units["A"], "1.1")
    url = f"/entries/{entry.pk}/save/"
    first = client_for(people["editor_a"]).post(url, {"version": 1, "input-numerator": "8", "input-denominator": "10"}, HTTP_HX_REQUEST="true")
    second = client_for(second_editor).post(url, {"version": 1, "input-numerator": "3", "input-denominator": "10"}, HTTP_HX_REQUEST="true")
    assert first.status_code == second.status_code == 200
    assert "changed by editor_a while you were editing" in second.content.decode()
    assert entry_of(cycle, units["A"], "1.1").inputs["numerator"] == 8.0


def test_the_api_answers_409_with_the_current_version(cycle, units, people, second_editor):
    at_stage(cycle, C.SELF_ASSESSMENT)
    entry = entry_of(cycle, units["A"], "1.1")
    url = f"/api/v1/entries/{entry.pk}/inputs"
    body = {"inputs": {"numerator": 8, "denominator": 10}, "version": 1}
    assert client_for(people["editor_a"]).put(url, body, content_type="application/json").status_code == 200
    response = client_for(second_editor).put(url, {**body, "inputs": {"numerator": 1, "denominator": 10}}, content_type="application/json")
    assert response.status_code == 409
    assert response.json()["code"] == "stale_edit" and response.json()["current"]["version"] == 2
