"""The public portal in a real browser (Debian's chromium): the ranking sorts and filters, the map
draws every province of the year's set and both archipelagos, and a scorecard shows the snapshot's
figures."""
import pytest

from parindex.reports.maps import province_ids
from parindex.web.cycles.templatetags.parindex import cell

pytestmark = pytest.mark.django_db(transaction=True)


def visitor(browser, url):  # noqa: F811
    return browser.new_context(locale="vi-VN").new_page()


def column(page, key):
    return page.locator(f"#ranking tbody td.{key}").all_inner_texts()


def number(text):
    return float(text.replace(".", "").replace(",", ".")) if text else None


def test_the_ranking_sorts_and_filters(browser, live_server, published):  # noqa: F811
    page = visitor(browser, live_server.url)
    page.goto(f"{live_server.url}/results/{published.slug}/")
    assert len(page.locator("#ranking tbody tr").all()) == published.assessments.count()
    page.select_option("select[name=sort]", "index")
    with page.expect_navigation():
        page.click("form.filters button")
    assert "sort=index" in page.url
    indexes = [number(t) for t in column(page, "index")]
    assert indexes == sorted(indexes, reverse=True)

    page.select_option("select[name=region]", "red_river_delta")
    with page.expect_navigation():
        page.click("form.filters button")
    assert "region=red_river_delta" in page.url
    regions = column(page, "region")
    assert regions and set(regions) == {"Đồng bằng sông Hồng"}
    assert len(regions) < published.assessments.count()


def test_the_map_shows_every_province_and_both_archipelagos(browser, live_server, published):  # noqa: F811
    page = visitor(browser, live_server.url)
    page.goto(f"{live_server.url}/results/{published.slug}/map/")
    page.wait_for_selector("#chart-map [data-drawn=yes]")
    provinces = page.locator("#chart-map g.provinces_marks path")
    assert provinces.count() == len(province_ids("34")) == 34
    assert page.locator("#chart-map g.archipelagos_marks path").count() == 2
    labels = " ".join(page.locator("#chart-map g.archipelago_labels_marks text").all_text_contents())
    assert "Quần đảo Hoàng Sa (Đà Nẵng)" in labels and "Quần đảo Trường Sa (Khánh Hòa)" in labels
    # the figure has a text alternative; the provinces are read from the data table, not from 34 shapes
    assert "Hoàng Sa" in page.locator("#chart-map .vega").get_attribute("aria-label")  # set by Vega-Embed from the spec
    assert "Trường Sa" in page.inner_text("#chart-map figcaption")
    # the data table is one click away
    assert not page.locator("#chart-map table").is_visible()
    page.click("#chart-map details summary")
    assert page.locator("#chart-map table tbody tr").count() == published.assessments.count()


def test_a_scorecards_figures_are_the_snapshots(browser, live_server, published):  # noqa: F811
    snapshot = published.snapshots.get()
    result = snapshot.published().unit("31")
    page = visitor(browser, live_server.url)
    page.goto(f"{live_server.url}/results/{published.slug}/units/31/")
    assert page.inner_text("#rank") == str(result.rank)
    assert page.inner_text("#index") == cell(result.index, "vi")
    for code, node in result.nodes.items():
        shown = page.locator(f"#scorecard tr[data-code='{code}'] td.points").inner_text()
        assert shown == cell(node.points, "vi"), code
    page.wait_for_selector("#chart-areas [data-drawn=yes]")
    assert page.locator("#chart-areas svg").count() == 1
