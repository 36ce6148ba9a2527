"""Accounts: wrong passwords are throttled, a forgotten one is reset by email, and roles can be
held for one cycle only."""
import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from parindex.web.cycles.models import Membership, Role
from parindex.web.cycles.setup import create_cycle
from tests.web.conftest import SMALL, assessment_of, client_for


def log_in(client, username, password):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_account_on_that_computer(people):
    client = Client()
    for _ in range(4):
        assert log_in(client, "editor_a", "wrong").status_code == 200
    assert log_in(client, "editor_a", "wrong").status_code == 429
    locked = log_in(client, "editor_a", "pw")
    assert locked.status_code == 429 and "Đăng nhập sai quá nhiều lần" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    assert log_in(Client(REMOTE_ADDR="10.0.0.9"), "editor_a", "pw").status_code == 302  # elsewhere, the colleague still gets in


def test_a_right_password_before_the_limit_resets_the_count(people):
    client = Client()
    for _ in range(4):
        log_in(client, "editor_a", "wrong")
    assert log_in(client, "editor_a", "pw").status_code == 302
    client.post("/accounts/logout/")
    for _ in range(4):
        log_in(client, "editor_a", "wrong")
    assert log_in(client, "editor_a", "pw").status_code == 302


def test_a_forgotten_password_is_reset_through_a_link_by_email(people):
    get_user_model().objects.filter(username="editor_a").update(email="bientap@haiphong.gov.vn")
    client = Client()
    sent = client.post("/accounts/password-reset/", {"email": "bientap@haiphong.gov.vn"}, follow=True)
    assert "Hãy kiểm tra thư điện tử" in sent.content.decode() and len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    assert "Chọn mật khẩu mới" in form.content.decode()
    done = client.post(form.redirect_chain[-1][0], {"new_password1": "Hai-Phong-2026!", "new_password2": "Hai-Phong-2026!"}, follow=True)
    assert "Đã đổi mật khẩu" in done.content.decode()
    assert log_in(Client(), "editor_a", "Hai-Phong-2026!").status_code == 302


def test_an_unknown_address_gets_the_same_answer_and_no_mail(db):
    answer = Client().post("/accounts/password-reset/", {"email": "nobody@example.gov.vn"}, follow=True)
    assert "Hãy kiểm tra thư điện tử" in answer.content.decode() and mail.outbox == []


def test_an_appraiser_appointed_for_one_cycle_sees_only_that_cycles_files(cycle, units, people):
    earlier = create_cycle(cycle.programme, 2024, "test-small", "test-2024", people["admin"], methodology_text=SMALL)
    appraiser = get_user_model().objects.create_user("appraiser_2025", password="pw")
    Membership.objects.create(user=appraiser, role=Role.APPRAISER, unit=units["B"], cycle=cycle)
    client = client_for(appraiser)
    assert client.get(f"/api/v1/assessments/{assessment_of(cycle, units['B']).pk}").status_code == 200
    assert client.get(f"/api/v1/assessments/{assessment_of(earlier, units['B']).pk}").status_code == 404
    assert client.get(f"/assessments/{assessment_of(earlier, units['B']).pk}/").status_code in (403, 404)


def test_a_standing_role_holds_in_every_cycle(cycle, units, people):
    earlier = create_cycle(cycle.programme, 2024, "test-small", "test-2024", people["admin"], methodology_text=SMALL)
    client = client_for(people["editor_b"])
    for c in (cycle, earlier):
        assert client.get(f"/api/v1/assessments/{assessment_of(c, units['B']).pk}").status_code == 200


def test_a_new_password_must_not_be_short_common_or_numeric(people):
    get_user_model().objects.filter(username="editor_a").update(email="bientap@haiphong.gov.vn")
    client = Client()
    client.post("/accounts/password-reset/", {"email": "bientap@haiphong.gov.vn"})
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", mail.outbox[0].body).group(1)
    form = client.get(link, follow=True)
    refused = client.post(form.redirect_chain[-1][0], {"new_password1": "123456", "new_password2": "123456"})
    page = refused.content.decode()
    assert refused.status_code == 200 and "Chọn mật khẩu mới" in page and "quá ngắn" in page
    assert log_in(Client(), "editor_a", "123456").status_code == 200  # not changed: the login form comes back


def test_the_demo_accounts_have_an_address_to_reset_their_password(db):
    from parindex.web.cycles.setup import load_units
    from parindex.web.demo.accounts import ensure_accounts

    load_units()
    assert all(user.email.endswith("@demo.parindex.example") for user in ensure_accounts().values())


def test_after_logging_in_every_page_says_who_is_signed_in_by_name_and_login(people):
    get_user_model().objects.filter(username="editor_a").update(first_name="Nguyễn Văn An")
    client = Client()
    page = client.post("/accounts/login/", {"username": "editor_a", "password": "pw", "next": "/"}, follow=True)
    text = page.content.decode()
    assert page.redirect_chain[-1][0] == "/" and "Nguyễn Văn An (editor_a)" in text
    assert 'href="/work/"' in text  # the way back to one's work, from the public portal
