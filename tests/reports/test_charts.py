"""Every chart carries its figures as a table and says in words what it shows."""
from parindex.reports import charts

AREAS = [{"area": "1", "name": "Chỉ đạo", "points": 8.0, "max": 10.0, "national_average": 7.0},
         {"area": "2", "name": "Thể chế", "points": 3.0, "max": 6.0, "national_average": 5.0}]
SIPAS = [{"element": "Tiếp cận dịch vụ", "index": 80.5, "ci_low": 76.0, "ci_high": 85.0, "n": 60, "in_index": True},
         {"element": "Thủ tục hành chính", "index": 71.2, "ci_low": 65.1, "ci_high": 77.3, "n": 60, "in_index": True},
         {"element": "Kỳ vọng", "index": 50.0, "ci_low": 40.0, "ci_high": 60.0, "n": 60, "in_index": False}]


def test_the_areas_chart_draws_shares_of_the_maximum_and_names_the_weakest_area():
    chart = charts.areas_chart(AREAS, "vi")
    assert [r["share"] for r in chart.spec["data"]["values"]] == [80.0, 50.0]
    assert chart.rows is chart.spec["data"]["values"] and chart.spec["description"] == chart.description
    assert "Thấp nhất so với cả nước: 2. Thể chế (50,0 % so với 83,3 %)" in chart.description  # Vietnamese decimal comma


def test_the_intervals_chart_leaves_out_what_is_not_in_the_index_and_names_the_lowest_element():
    chart = charts.intervals_chart("sipas", SIPAS, "en")
    assert [r["element"] for r in chart.rows] == ["Tiếp cận dịch vụ", "Thủ tục hành chính"]
    assert "Lowest: Thủ tục hành chính 71.2 % (65.1–77.3)" in chart.description


def test_the_trend_chart_shows_the_unit_and_the_national_mean_each_year():
    trend = [{"year": 2023, "index": 80.0, "rank": 5, "national_index": 78.0, "how": ""},
             {"year": 2024, "index": 84.0, "rank": 3, "national_index": 79.0, "how": ""}]
    chart = charts.trend_chart(trend, "vi")
    assert len(chart.spec["data"]["values"]) == 4 and chart.rows == trend
    assert "2023 (80,00 %)" in chart.description and "2024 (84,00 %)" in chart.description


def test_a_scorecard_has_a_trend_chart_only_with_more_than_one_year():
    assert [c.name for c in charts.scorecard_charts({"areas": AREAS, "trend": [{"year": 2024}]}, [], "vi")] == ["areas"]
    extra = {"areas": AREAS, "trend": [{"year": 2023, "index": 1.0, "national_index": 1.0},
                                      {"year": 2024, "index": 2.0, "national_index": 1.0}]}
    assert [c.name for c in charts.scorecard_charts(extra, SIPAS, "vi")] == ["areas", "sipas", "trend"]
