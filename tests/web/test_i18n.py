"""Vietnamese by default, English on request, and no untranslated message in the Vietnamese catalogue."""
import re
from pathlib import Path

from django.test import Client

import parindex.web
from parindex.web.cycles.models import CycleState as C
from tests.web.conftest import at_stage, client_for, entry_of

PO = Path(parindex.web.__file__).parent / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def test_pages_are_vietnamese_by_default(db):
    page = Client().get("/accounts/login/").content.decode()
    assert '<html lang="vi">' in page and "Đăng nhập" in page and "Mật khẩu" in page


def test_english_is_one_switch_away(db):
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"}, follow=True)
    assert '<html lang="en">' in response.content.decode() and "Password" in response.content.decode()


def test_refusals_reach_the_user_in_their_language(cycle, units, people):
    at_stage(cycle, C.SELF_ASSESSMENT)
    entry = entry_of(cycle, units["A"], "1.1")
    body = {"version": "1", "input-numerator": "1", "input-denominator": "2"}
    client_for(people["editor_a"], lang="vi").post(f"/entries/{entry.pk}/save/", body, HTTP_HX_REQUEST="true")
    stale = client_for(people["editor_a"], lang="vi").post(f"/entries/{entry.pk}/save/", body, HTTP_HX_REQUEST="true")
    assert "đã được editor_a thay đổi trong lúc bạn đang sửa" in stale.content.decode()


def test_every_message_has_a_vietnamese_translation():
    text = PO.read_text(encoding="utf-8")
    blocks = [b for b in text.split("\n\n") if re.search(r'^msgid "(?!")', b, re.M)]
    untranslated = [b for b in blocks if re.search(r'^msgstr(\[0\])? ""$', b, re.M) and "fuzzy" not in b]
    assert untranslated == [] and len(blocks) > 100


def test_the_compiled_catalogue_says_what_the_po_file_says():
    """The .mo Django reads is compiled from the current .po: each msgid translates to its msgstr."""
    import gettext

    compiled = gettext.GNUTranslations(PO.with_suffix(".mo").open("rb"))
    text = PO.read_text(encoding="utf-8")
    pairs = re.findall(r'^msgid "(.+)"\nmsgstr "(.+)"$', text, re.M)
    assert len(pairs) > 100
    for msgid, msgstr in pairs:
        unescape = lambda s: s.replace('\\"', '"').replace("\\n", "\n")  # noqa: E731
        assert compiled.gettext(unescape(msgid)) == unescape(msgstr), msgid


def test_an_english_browser_still_gets_vietnamese_until_the_switch(db):
    page = Client().get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="vi">' in page
