from parindex.core.scoring.bands import Band, coverage_problems, read_bands


def codes(items, start=0.0):
    bands, problems = read_bands(items)
    return [p.code for p in (problems or coverage_problems(bands, start))]


def test_contiguous_bands_ending_open_have_no_problem():
    assert codes([{"from": 0, "below": 50}, {"from": 50}]) == []


def test_bands_may_be_written_in_any_order():
    assert codes([{"from": 50}, {"from": 0, "below": 50}]) == []


def test_overlap_gap_and_closed_top_are_each_reported():
    assert codes([{"from": 0, "below": 60}, {"from": 50}]) == ["band_overlap"]
    assert codes([{"from": 0, "below": 40}, {"from": 50}]) == ["band_gap"]
    assert codes([{"from": 0, "below": 40}, {"from": 40, "below": 100}]) == ["band_gap"]
    assert codes([{"from": 10}]) == ["band_gap"]


def test_two_open_bands_overlap():
    assert codes([{"from": 0}, {"from": 50}]) == ["band_overlap"]


def test_empty_band_is_reported():
    assert codes([{"from": 5, "below": 5}]) == ["band_empty"]


def test_band_contains_its_lower_bound_but_not_its_upper():
    band = Band(50, 80, 0)
    assert band.contains(50) and not band.contains(80)
