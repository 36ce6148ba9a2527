"""Administrators manage people in the web: accounts, roles, a roster imported whole, deactivation,
and the emailed link that sets a password."""
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from parindex.web.audit.models import AuditEntry
from parindex.web.cycles.models import Membership, Role
from tests.web.conftest import client_for

ROSTER = ("username,full_name,email,role,unit,cycle\n"
          "bt.haiphong,Nguyễn Văn A,a@haiphong.gov.vn,editor,31,\n"
          "pd.haiphong,Lê Thị B,b@haiphong.gov.vn,approver,31,\n"
          "td.2025,Trần Văn C,c@moha.gov.vn,appraiser,01,{cycle}\n")


def roster(client, text, name="roster.csv", **extra):
    return client.post("/people/roster/", {"file": SimpleUploadedFile(name, text.encode()), **extra}, follow=True)


def test_a_roster_creates_every_account_and_role_and_mails_each_its_link(cycle, people):
    response = roster(client_for(people["admin"]), ROSTER.format(cycle=cycle.slug), send_links="on")
    assert "3 roles imported; 3 new accounts." in response.content.decode()
    a = get_user_model().objects.get(username="bt.haiphong")
    assert a.first_name == "Nguyễn Văn A" and not a.has_usable_password()
    assert Membership.objects.get(user__username="td.2025").cycle == cycle
    assert Membership.objects.get(user__username="bt.haiphong").unit.uid == "VN-31-2025"  # the code names today's unit
    assert sorted(m.to[0] for m in mail.outbox) == ["a@haiphong.gov.vn", "b@haiphong.gov.vn", "c@moha.gov.vn"]
    link = re.search(r"https?://\S+/accounts/password-reset/\S+/", mail.outbox[0].body).group(0)
    assert client_for(None).get(link, follow=True).status_code == 200
    assert AuditEntry.objects.filter(action="membership.grant").count() == 3


def test_a_roster_with_one_bad_row_creates_nothing_and_names_every_problem(cycle, people):
    bad = ("username,full_name,email,role,unit,cycle\n"
           "ok.user,Người Một,ok@x.vn,editor,31,\n"
           "no.unit,Người Hai,hai@x.vn,editor,,\n"
           "bad mail,Người Ba,not-an-email,chief,99,\n")
    page = roster(client_for(people["admin"], lang="vi"), bad).content.decode()
    assert "Chưa nhập gì" in page
    assert "dòng 3" in page and "dòng 4" in page and ("cột &#x27;email&#x27;" in page or "cột 'email'" in page)
    assert not get_user_model().objects.filter(username="ok.user").exists()


def test_an_administrator_creates_a_person_gives_a_role_and_deactivates_them(units, people):
    client = client_for(people["admin"])
    client.post("/people/new/", {"username": "giamdoc.sonv", "full_name": "Phạm Văn D", "email": "d@sonv.gov.vn"})
    person = get_user_model().objects.get(username="giamdoc.sonv")
    client.post(f"/people/{person.pk}/", {"role": Role.APPROVER, "unit": units["A"].pk})
    assert Membership.objects.filter(user=person, role=Role.APPROVER, unit=units["A"]).exists()
    client.post(f"/people/{person.pk}/active/", {"active": "0"})
    person.refresh_from_db()
    assert not person.is_active
    assert AuditEntry.objects.filter(action="account.active", new_value="false").exists() or \
        AuditEntry.objects.filter(action="account.active").exists()


def test_a_unit_role_without_a_unit_is_refused(people):
    client = client_for(people["admin"])
    person = get_user_model().objects.create_user("someone")
    page = client.post(f"/people/{person.pk}/", {"role": Role.EDITOR}, follow=True).content.decode()
    assert "held for one unit" in page and not Membership.objects.filter(user=person).exists()


def test_people_are_searched_by_name_and_unit(people):
    client = client_for(people["admin"])
    page = client.get("/people/?q=appraiser").content.decode()
    assert "appraiser_a" in page and "editor_b" not in page


@pytest.mark.parametrize("who", ["editor_a", "council", "survey"])
def test_only_administrators_manage_people(people, who):
    assert client_for(people[who]).get("/people/").status_code == 403
