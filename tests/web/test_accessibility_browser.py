"""Every portal page and the main back-office pages, in Chromium, in both languages, on a desktop and a
phone: axe-core (vendored, WCAG 2.2 A and AA rules with target-size, and its best practices) finds
nothing, and no page scrolls sideways — a wide table scrolls inside its own box. Then what axe does not
check: after a keyboard-only save the focus is back on the criterion's row, and a refused value is
marked invalid and described by one message."""
from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from parindex.web.cycles.models import CycleState as C
from parindex.web.cycles.models import Programme
from parindex.web.cycles.setup import create_cycle
from tests.conftest import DATA
from tests.web.conftest import assessment_of, at_stage
from tests.web.publication.conftest import published  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True)

AXE = DATA / "vendor" / "axe-4.11.0.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SIZES = {"desktop": {"width": 1366, "height": 900}, "phone": {"width": 390, "height": 844}}
PORTAL = ["/", "/results/par-2025/", "/results/par-2025/units/31/", "/results/par-2025/map/", "/results/par-2025/sipas/",
          "/results/par-2025/compare/", "/results/par-2025/versions/", "/methodology/par-2025/", "/methodology/"]


@pytest.fixture
def working_year(units, people):
    """A 96-criterion PAR year open for self-assessment, for the data-entry and appraisal pages."""
    programme = Programme.objects.create(code="par-work", name_vi="Chỉ số CCHC", name_en="PAR Index", unit_kind="province")
    cycle = create_cycle(programme, 2026, "vn-par-province-2022", "par-work-2026", people["admin"])
    return at_stage(cycle, C.SELF_ASSESSMENT)


def open_as(browser, live_server, user, lang: str, size: str):
    """A browser page signed in as ``user`` (or a visitor), reading in ``lang``, at ``size``."""
    context = browser.new_context(locale="vi-VN", viewport=SIZES[size])
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url}]
    if user is not None:
        client = Client()
        client.force_login(user)
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                        "url": live_server.url})
    context.add_cookies(cookies)
    return context.new_page()


def violations(page) -> list[str]:
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("""async (tags) => {
        const result = await axe.run(document, {runOnly: {type: "tag", values: tags}, rules: {"target-size": {enabled: true}}});
        return result.violations.map(v => v.id + " (" + v.impact + "): " + v.nodes.length + " — " +
                                     v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(" | "));
    }""", AXE_TAGS)
    return found


def sideways(page) -> int:
    """How far the page scrolls sideways (0: it fits the window)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def too_wide(page) -> list[str]:
    """The elements that spill past their own box without a scroll bar of their own: what to fix."""
    return page.evaluate("""() => {
        const name = el => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
            + (typeof el.className === "string" && el.className ? "." + el.className.trim().split(/\\s+/).join(".") : "");
        const all = [...document.body.querySelectorAll("*")];
        const spilling = all.filter(el => el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === "visible" && el.clientWidth > 0)
            .map(el => name(el) + " " + el.scrollWidth + "/" + el.clientWidth);
        const past = el => el.getBoundingClientRect().right > window.innerWidth + 1;
        const outside = all.filter(el => past(el) && ![...el.children].some(past))
            .map(el => name(el) + " ends at " + Math.round(el.getBoundingClientRect().right));
        return spilling.concat(outside).slice(0, 8);
    }""")


def check(page, url: str) -> list[str]:
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.wait_for_load_state("networkidle")
    for chart in page.locator("[data-spec]").all():
        chart.page.wait_for_function("el => el.dataset.drawn", arg=chart.element_handle())
    problems = [f"{url}: {v}" for v in violations(page)]
    if sideways(page) > 0:
        problems.append(f"{url}: scrolls sideways by {sideways(page)} px, past the window: {too_wide(page)}")
    return problems


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_portal_page_passes_axe_and_fits_the_screen(browser, live_server, published, lang, size):  # noqa: F811
    page = open_as(browser, live_server, None, lang, size)
    problems = [p for path in PORTAL for p in check(page, live_server.url + path)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_back_office_pages_pass_axe_and_fit_the_screen(browser, live_server, working_year, units, people, lang, size):
    assessment = assessment_of(working_year, units["A"])
    problems = []
    admin = open_as(browser, live_server, people["admin"], lang, size)
    for path in ("/work/", f"/cycles/{working_year.pk}/", "/audit/", "/people/", "/cycles/new/"):
        problems += check(admin, live_server.url + path)
    editor = open_as(browser, live_server, people["editor_a"], lang, size)
    problems += check(editor, f"{live_server.url}/assessments/{assessment.pk}/")  # data entry
    at_stage(working_year, C.APPRAISAL)
    assessment.state = "submitted"
    assessment.save()
    appraiser = open_as(browser, live_server, people["appraiser_a"], lang, size)
    problems += check(appraiser, f"{live_server.url}/assessments/{assessment.pk}/")  # appraisal
    assert not problems, "\n".join(problems)


def test_a_keyboard_only_appraisal_keeps_focus_on_its_row_and_marks_the_refused_value(browser, live_server, working_year,
                                                                                     units, people):
    assessment = assessment_of(working_year, units["A"])
    at_stage(working_year, C.APPRAISAL)
    assessment.state = "submitted"
    assessment.save()
    page = open_as(browser, live_server, people["appraiser_a"], "vi", "desktop")
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
    row = page.locator("tbody.entry[data-leaf='1.1.2']")
    points = row.locator("form.appraise input[name=points]")
    points.focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("0,5")
    page.keyboard.press("Enter")  # a changed point without a reason: refused
    page.wait_for_selector("tbody.entry[data-leaf='1.1.2'] [aria-invalid=true]")
    focused = page.evaluate("document.activeElement.closest('tbody.entry') && document.activeElement.closest('tbody.entry').dataset.leaf")
    assert focused == "1.1.2", "after the save the focus is back in the criterion's row, not on the page's body"
    invalid = row.locator("[aria-invalid=true]")
    assert invalid.count() == 1
    message = invalid.get_attribute("aria-describedby")
    assert page.locator(f"#{message}").count() == 1 and "lý do" in page.inner_text(f"#{message}")
    assert row.locator(".error").count() == 1, "the refusal is said once"
    page.keyboard.type("Không có văn bản kèm theo")  # the focus is on the reason it asks for
    page.keyboard.press("Enter")
    page.wait_for_selector("tbody.entry[data-leaf='1.1.2'] .appraised")
    assert page.evaluate("document.activeElement.closest('tbody.entry') && document.activeElement.closest('tbody.entry').dataset.leaf") == "1.1.2"
    assert row.locator("[aria-invalid=true]").count() == 0


def test_every_control_of_a_criterion_is_named_with_the_criterion(browser, live_server, working_year, units, people):
    assessment = assessment_of(working_year, units["A"])
    page = open_as(browser, live_server, people["editor_a"], "vi", "desktop")
    page.goto(f"{live_server.url}/assessments/{assessment.pk}/")
    names = page.evaluate("""() => [...document.querySelectorAll(
            'tbody.entry button, tbody.entry a, tbody.entry input:not([type=hidden]), tbody.entry select')]
        .map(el => el.closest('tbody.entry').dataset.leaf + '|' + (el.getAttribute('aria-label') || el.labels?.[0]?.innerText || el.innerText))""")
    assert names
    unnamed = [n for n in names if n.split("|", 1)[0] not in n.split("|", 1)[1]]
    assert unnamed == []
    assert len({n.split("|", 1)[1] for n in names}) == len(names), "no two controls share a name"


@pytest.mark.parametrize("size", SIZES)
def test_charts_take_the_width_of_their_box_and_leave_reading_to_the_table(browser, live_server, published, size):  # noqa: F811
    page = open_as(browser, live_server, None, "vi", size)
    for path in ("/results/par-2025/units/31/", "/results/par-2025/map/"):
        page.goto(live_server.url + path)
        page.wait_for_selector("[data-drawn=yes]")
        widths = page.evaluate("""() => [...document.querySelectorAll("figure.chart")].map(figure => {
            const svg = figure.querySelector("svg");
            return [figure.id, Math.round(svg.getBoundingClientRect().width), Math.round(figure.getBoundingClientRect().width)];
        })""")
        assert widths and all(0 < drawn <= box + 1 for _, drawn, box in widths), widths
        if size == "desktop":  # a wide box gets a wide chart, not a fixed 420-px drawing
            assert all(drawn > 0.8 * box for name, drawn, box in widths if name != "chart-map"), widths
        announced = page.evaluate("""() => [...document.querySelectorAll("figure.chart svg [role=graphics-symbol], figure.chart svg [aria-label]")]
            .filter(el => !el.closest("[aria-hidden=true]")).length""")
        assert announced == 0  # the shapes are silent; the caption and the data table speak


def test_a_charts_tooltip_speaks_the_pages_language_and_number_format(browser, live_server, published):  # noqa: F811
    page = open_as(browser, live_server, None, "vi", "desktop")
    page.goto(live_server.url + "/results/par-2025/units/31/")
    page.wait_for_selector("#chart-areas [data-drawn=yes]")
    page.locator("#chart-areas svg g.mark-rect path").first.hover()
    tooltip = page.locator("#vg-tooltip-element")
    tooltip.wait_for(state="visible")
    text = tooltip.inner_text()
    assert "Lĩnh vực" in text and "Điểm" in text and "TB cả nước" in text, text
    assert re.search(r"\d,\d\d\b", text) and not re.search(r"\d\.\d\d\b", text), text  # 7,25 — not 7.25
    assert "points" not in text and "national_average" not in text


def test_the_api_documentation_works_with_the_network_cut(browser, live_server, db):
    page = browser.new_context().new_page()
    outside = []

    def only_this_server(route):
        if route.request.url.startswith(live_server.url):
            return route.continue_()
        outside.append(route.request.url)
        return route.abort()

    page.route("**/*", only_this_server)
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=20000)
    assert page.locator(".swagger-ui .opblock").count() > 10
    assert "/api/v1/results/{slug}/ranking" in page.inner_text(".swagger-ui")
    assert outside == [], f"the docs asked the internet for {outside}"
