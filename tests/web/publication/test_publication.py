"""Publishing freezes a checksummed snapshot; a correction is a new version with its reason."""
import datetime

import pytest

from parindex.web.cycles import transitions as t
from parindex.web.cycles.models import AssessmentState as A
from parindex.web.cycles.models import CycleState as C
from parindex.web.publication.models import ImmutableSnapshot, Snapshot
from parindex.web.publication.transitions import correct_entry, publish
from tests.web.conftest import at_stage, client_for, entry_of, fill


@pytest.fixture
def approved(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    fill(cycle, units["A"], people["editor_a"])
    fill(cycle, units["B"], people["editor_b"], {"1.1": {"numerator": 5, "denominator": 10}, "1.2": {"value": "không"}})
    at_stage(cycle, C.COUNCIL)
    cycle.assessments.update(state=A.FINAL)
    return t.approve_by_council(cycle, people["council"])


def test_publishing_needs_the_council_approval(cycle, people):
    at_stage(cycle, C.COUNCIL)
    with pytest.raises(t.Refused, match="after the council has approved"):
        publish(cycle, people["admin"])


def test_a_published_snapshot_holds_every_point_and_its_checksum(approved, people):
    snapshot = publish(approved, people["admin"])
    published = snapshot.published()
    assert snapshot.version == 1
    snapshot.verify(snapshot.payload)  # hashes to its checksum, which the audit log recorded
    ranking = [(u.unit.id, u.rank, u.index) for u in published.units]
    assert ranking[:2] == [("VN-31-2025", 1, 60.0), ("VN-01", 2, 20.0)]
    assert len(ranking) == 34  # every province of the cycle, the others without inputs at 0
    assert published.entry("VN-31-2025", "1.1").self_points == 4.0
    approved.refresh_from_db()
    assert approved.state == C.PUBLISHED


def test_a_snapshot_never_changes(approved, people):
    snapshot = publish(approved, people["admin"])
    snapshot.reason = "edited"
    with pytest.raises(ImmutableSnapshot):
        snapshot.save()
    with pytest.raises(ImmutableSnapshot):
        snapshot.delete()


def test_a_correction_is_a_new_version_with_its_reason(approved, units, people):
    publish(approved, people["admin"])
    entry = entry_of(approved, units["B"], "1.2")
    with pytest.raises(t.Refused, match="needs a reason"):
        publish(approved, people["admin"], "")
    correct_entry(entry, people["admin"], 2.0, "decision found in the archive", entry.version)
    second = publish(approved, people["admin"], "Hà Nội 1.2: decision found in the archive")
    assert second.version == 2 and Snapshot.objects.filter(cycle=approved).count() == 2
    assert Snapshot.objects.get(version=1).published().units[1].index == 20.0
    assert [u.index for u in second.published().units][:2] == [60.0, 40.0]


def test_a_correction_that_changes_nothing_is_refused_with_a_sentence(approved, people):
    publish(approved, people["admin"])
    with pytest.raises(t.Refused, match="nothing has changed since version 1"):
        publish(approved, people["admin"], "re-publish to be safe")
    assert Snapshot.objects.filter(cycle=approved).count() == 1


def test_the_portal_shows_the_latest_version_to_anyone(approved, units, people):
    publish(approved, people["admin"])
    anonymous = client_for(None, lang="vi")
    assert anonymous.get("/results/").url == f"/results/{approved.slug}/"
    page = anonymous.get(f"/results/{approved.slug}/").content.decode()
    assert "Hải Phòng" in page and "60,00" in page
    assert "60.00" in client_for(None, lang="en").get(f"/results/{approved.slug}/").content.decode()
    unit = anonymous.get(f"/results/{approved.slug}/units/31/").content.decode()
    assert 'id="rank">1<' in unit


def test_unpublished_cycles_are_not_on_the_portal(cycle):
    assert client_for(None).get(f"/results/{cycle.slug}/").status_code == 404


@pytest.fixture
def corrected(approved, units, people):
    """Version 1, then Hà Nội's criterion 1.2 corrected from 0 to 2 points and version 2 published."""
    publish(approved, people["admin"])
    entry = entry_of(approved, units["B"], "1.2")
    correct_entry(entry, people["admin"], 2.0, "decision found in the archive", entry.version)
    publish(approved, people["admin"], "Hà Nội 1.2: quyết định tìm thấy trong lưu trữ")
    return approved


def test_a_corrected_cycle_shows_both_versions_and_what_changed_between_them(corrected):
    page = client_for(None, lang="vi").get(f"/results/{corrected.slug}/versions/").content.decode()
    assert 'data-version="1"' in page and 'data-version="2"' in page
    assert "Hà Nội 1.2: quyết định tìm thấy trong lưu trữ" in page
    changed = page.split('id="unit-changes"')[1].split("</table>")[0]
    assert 'data-unit="01"' in changed and "20,00" in changed and "40,00" in changed
    points = page.split('id="points-changes"')[1].split("</table>")[0]
    assert 'data-unit="01" data-code="1.2"' in points
    assert 'data-unit="31"' not in points, "Hải Phòng was not corrected"
    data = client_for(None).get(f"/results/{corrected.slug}/versions.json").json()
    assert (data["before"], data["after"]) == (1, 2)
    assert [(r["unit_code"], r["index_before"], r["index_after"]) for r in data["rows"]] == [("01", 20.0, 40.0)]


def test_an_earlier_version_stays_readable_and_says_it_was_replaced(corrected):
    client = client_for(None, lang="vi")
    old = client.get(f"/results/{corrected.slug}/?v=1").content.decode()
    assert 'id="superseded"' in old and "20,00" in old
    assert client.get(f"/results/{corrected.slug}/units/01.json?v=1").json()["index"] == 20.0
    latest = client.get(f"/results/{corrected.slug}/").content.decode()
    assert 'id="superseded"' not in latest and f"/results/{corrected.slug}/versions/" in latest
    assert client.get(f"/results/{corrected.slug}/?v=9").status_code == 404
    assert client.get(f"/results/{corrected.slug}/?v=abc").status_code == 404


def test_unchanged_figures_computed_a_second_later_are_still_nothing_new(approved, people, monkeypatch):
    publish(approved, people["admin"])
    later = datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(seconds=5)

    class Later(datetime.datetime):
        @classmethod
        def now(cls, tz=None):
            return later

    monkeypatch.setattr("parindex.core.results.compute.datetime", Later)
    with pytest.raises(t.Refused, match="nothing has changed since version 1"):
        publish(approved, people["admin"], "re-publish to be safe")
